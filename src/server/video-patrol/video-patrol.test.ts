// Online video patrols through the API (issue 22): the school keeps its video links (scope 404,
// versions, audit, http/https only); a town officer patrols its own schools only; a canteen finding
// with a screenshot becomes a hazard of the source video_patrol; coverage per school and month
// (001 item 4, 000 item 7) against the rule pack in force, and the board's rules video_patrol.monthly
// and video_patrol.canteen following a bureau's threshold change; the canteen notice drafted from the
// month's findings.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, units, videoLinks } from '../db/schema.js';
import { ensureBuiltinChecklists } from '../checklists/checklists.service.js';
import { pngBytes } from '../files/testing.js';
import { findingOf, ok, refused, startWithTree, ledgerPeople, type Client, type PersonSpec, type Tree } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Tree;
type Who = keyof ReturnType<typeof ledgerPeople> | 'townB';
let c: Record<Who, Client>;

const TODAY = '2026-11-20';
const MONTH = '2026-11';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tr) => ({ ...ledgerPeople(tr), townB: [tr.townB, ['town_officer']] as PersonSpec })));
  await t.database.db.transaction((tx) => ensureBuiltinChecklists(tx, tree.districtId));
  // A1 runs a canteen (judged on the canteen number, 001 item 17); A2 and the others do not.
  await t.database.db.update(units).set({ canteen: true }).where(eq(units.id, tree.schoolA1.id));
});
afterAll(() => t.close());

const link = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/video-links', { schoolId, name: '食堂后厨', area: 'canteen', url: 'https://video.example.cn/live/a1-kitchen', platform: '明厨亮灶平台', ...over });

describe('video links (校园天眼, 明厨亮灶)', () => {
  it('the school keeps its links; another school or town sees 404; versions and audit; bad URLs named', async () => {
    const l = await ok(link(c.officerA1, tree.schoolA1.id), 201);
    expect(l).toMatchObject({ schoolId: tree.schoolA1.id, name: '食堂后厨', area: 'canteen', version: 1, status: 'recorded' });
    await ok(link(c.officerA1, tree.schoolA1.id, { name: '校门', area: 'gate', url: 'http://10.0.0.8/gate' }), 201);

    // Another school cannot write for A1, nor read its links; the other town sees none.
    expect((await link(c.officerB1, tree.schoolA1.id)).statusCode).toBe(404);
    expect((await c.officerB1.get(`/api/v1/video-links/${l.id}`)).statusCode).toBe(404);
    expect((await c.townB.get(`/api/v1/video-links/${l.id}`)).statusCode).toBe(404);
    expect((await ok(c.townB.get('/api/v1/video-links'))).total).toBe(0);
    expect((await ok(c.townA.get(`/api/v1/video-links?schoolId=${tree.schoolA1.id}`))).total).toBe(2);
    // A teacher may not patrol, so does not see the links.
    expect((await c.teacher.get('/api/v1/video-links')).statusCode).toBe(403);
    // A town officer reads but does not keep the links.
    expect((await link(c.townA, tree.schoolA1.id)).statusCode).toBe(403);

    for (const url of ['javascript:alert(1)', 'ftp://x.cn/a', 'video.example.cn/live']) {
      const e = await refused(link(c.officerA1, tree.schoolA1.id, { url }));
      expect(JSON.stringify(e)).toContain('url');
      expect(JSON.stringify(e)).toContain('视频链接须为 http:// 或 https:// 开头的网址');
    }
    expect(JSON.stringify(await refused(link(c.officerA1, tree.schoolA1.id, { area: 'roof' })))).toContain('area');

    const moved = await ok(c.officerA1.patch(`/api/v1/video-links/${l.id}`, { version: 1, url: 'https://video.example.cn/live/a1-kitchen-2' }));
    expect(moved.version).toBe(2);
    expect((await refused(c.officerA1.patch(`/api/v1/video-links/${l.id}`, { version: 1, name: '后厨' }), 409)).code).toBe('STALE_VERSION');
    const [{ n }] = await t.database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'video_link'), eq(auditEvents.objectId, String(l.id))));
    expect(n).toBe(2);
    // A page of the patrol table asks for its schools' links at once; a school outside the caller's scope is simply absent.
    await ok(link(c.officerB1, tree.schoolB1.id, { name: '校门', area: 'gate', url: 'https://video.example.cn/b1-gate' }), 201);
    const byTown = (client: Client) => ok(client.get(`/api/v1/video-links/by-school?schoolIds=${tree.schoolA1.id},${tree.schoolB1.id}`));
    expect((await byTown(c.townA)).items.map((l: any) => l.schoolId)).toEqual([tree.schoolA1.id, tree.schoolA1.id]);
    expect((await byTown(c.bureau)).items.map((l: any) => l.schoolId).sort()).toEqual([tree.schoolA1.id, tree.schoolA1.id, tree.schoolB1.id].sort());
    expect(JSON.stringify(await refused(c.bureau.get(`/api/v1/video-links/by-school?schoolIds=${Array.from({ length: 51 }, (_, i) => i + 1).join(',')}`)))).toContain('一次最多 50 所');
    expect((await c.teacher.get(`/api/v1/video-links/by-school?schoolIds=${tree.schoolA1.id}`)).statusCode).toBe(403);
    const rows = await t.database.db.select().from(videoLinks).where(eq(videoLinks.schoolId, tree.schoolA1.id));
    expect(rows).toHaveLength(2);
  });
});

describe('a video patrol (视频巡查) by a town officer', () => {
  it('only its own schools; a canteen finding with a screenshot becomes a hazard; coverage and the notice follow', async () => {
    // Another town's school: 404, nothing written.
    expect((await c.townB.post('/api/v1/video-patrols', { schoolId: tree.schoolA1.id })).statusCode).toBe(404);
    // A school does not patrol by video.
    expect(JSON.stringify(await refused(c.officerA1.post('/api/v1/video-patrols', { schoolId: tree.schoolA1.id })))).toContain('学校只能发起本校自查');

    // The district's rule pack, made at start in a running server (here by its first read).
    await ok(c.bureau.get('/api/v1/rules'));
    const before = await ok(c.bureau.get(`/api/v1/video-patrols/coverage?month=${MONTH}`));
    const a1 = () => before.rows.find((r: any) => r.schoolId === tree.schoolA1.id);
    expect(before).toMatchObject({ packVersion: 1, minPatrols: 1, minCanteenPatrols: 2 });
    expect(a1()).toMatchObject({ canteen: true, links: 2, canteenLinks: 1, patrols: 0, met: false });
    // A school without a canteen is judged on the patrols only (video_patrol.canteen: canteen schools).
    expect(before.rows.find((r: any) => r.schoolId === tree.schoolA2.id)).toMatchObject({ canteen: false, met: false, shortBy: ['本月视频巡查 0 次，应不少于 1 次'] });

    const started = await ok(c.townA.post('/api/v1/video-patrols', { schoolId: tree.schoolA1.id }), 201);
    const insp = await ok(c.townA.get(`/api/v1/inspections/${started.inspectionId}`));
    expect(insp).toMatchObject({ kind: 'video_patrol', status: 'in_progress', checklistName: '视频巡查检查表' });
    const keys = insp.sections.flatMap((s: any) => s.items.map((i: any) => i.key));
    expect(keys).toEqual(expect.arrayContaining(['vp-gate-01', 'vp-canteen-01', 'vp-perimeter-01', 'vp-camera-01']));

    const shot = await ok(c.townA.upload('/api/v1/files', { name: '后厨截图.png', bytes: pngBytes() }, { unitId: String(tree.schoolA1.id) }), 201);
    let target = insp.targets[0];
    target = await ok(
      c.townA.put(`/api/v1/inspections/${insp.id}/targets/${target.id}/results`, {
        version: target.version,
        results: [
          ...keys.filter((k: string) => k !== 'vp-canteen-01').map((itemKey: string) => ({ itemKey, result: 'pass' })),
          { itemKey: 'vp-canteen-01', result: 'fail', note: '两名后厨人员未戴口罩', fileIds: [shot.id] },
        ],
      }),
    );
    // A failed item without its location is refused naming the field; nothing becomes a hazard.
    expect(JSON.stringify(await refused(c.townA.post(`/api/v1/inspections/${insp.id}/targets/${target.id}/submit`, { version: target.version })))).toContain('failed');
    target = await ok(c.townA.post(`/api/v1/inspections/${insp.id}/targets/${target.id}/submit`, { version: target.version, failed: [{ itemKey: 'vp-canteen-01', location: '食堂后厨（视频）' }] }));
    const failed = target.results.find((r: any) => r.itemKey === 'vp-canteen-01');
    const h = await ok(c.officerA1.get(`/api/v1/hazards/${failed.hazardId}`));
    expect(h).toMatchObject({ schoolId: tree.schoolA1.id, source: 'video_patrol', area: 'food_disease', inspectionId: insp.id });
    expect(h.description).toContain('两名后厨人员未戴口罩');
    expect(JSON.stringify(h)).toContain(String(shot.id));

    // Coverage: one patrol, one canteen patrol — the patrol number met, the canteen (2 a month) not yet.
    const after = await ok(c.bureau.get(`/api/v1/video-patrols/coverage?month=${MONTH}`));
    expect(after.rows.find((r: any) => r.schoolId === tree.schoolA1.id)).toMatchObject({ patrols: 1, canteenPatrols: 1, findings: 1, lastPatrolOn: TODAY, met: false, shortBy: ['本月明厨亮灶巡查 1 次，应不少于 2 次'] });
    expect(after.schools).toBe(4);
    // The town sees its own schools only; last month shows nothing; a bad month is named.
    const town = await ok(c.townA.get(`/api/v1/video-patrols/coverage?month=${MONTH}`));
    expect(town.rows.map((r: any) => r.schoolId).sort()).toEqual([tree.schoolA1.id, tree.schoolA2.id].sort());
    expect((await ok(c.bureau.get('/api/v1/video-patrols/coverage?month=2026-10'))).rows.every((r: any) => r.patrols === 0)).toBe(true);
    expect(JSON.stringify(await refused(c.bureau.get('/api/v1/video-patrols/coverage?month=2026-13')))).toContain('month');

    // The canteen notice: a draft naming A1 and citing the hazard, in the notice flow.
    expect(JSON.stringify(await refused(c.bureau.post('/api/v1/video-patrols/canteen-notice', { month: '2026-10' })))).toContain('month');
    expect((await c.townB.post('/api/v1/video-patrols/canteen-notice', { month: MONTH })).statusCode).toBe(403);
    const drafted = await ok(c.bureau.post('/api/v1/video-patrols/canteen-notice', { month: MONTH }), 201);
    expect(drafted.findings).toBe(1);
    const notice = await ok(c.bureau.get(`/api/v1/notices/${drafted.noticeId}`));
    expect(notice).toMatchObject({ status: 'draft', title: '关于2026年11月学校食堂视频巡查情况的通报' });
    expect(notice.reason).toContain('两名后厨人员未戴口罩');
    expect(notice.units.map((u: any) => u.unitId)).toEqual([tree.schoolA1.id]);
    expect(JSON.stringify(notice.records)).toContain(h.code);
    expect(notice.reason).toContain('每月不少于 2 次的明厨亮灶视频巡查（区规则包第 1 版）');
  });
});

describe('the numbers come from the rule pack (video_patrol.monthly 001 item 4, video_patrol.canteen 000 item 7 / 001 item 17)', () => {
  const coverage = () => ok(c.bureau.get(`/api/v1/video-patrols/coverage?month=${MONTH}`));
  const rowOf = (cov: any, schoolId: number) => cov.rows.find((r: any) => r.schoolId === schoolId);
  // The board lists only the rules that apply to a school and are switched on.
  const findings = async (schoolId: number, code: string) => (await ok(c.bureau.get(`/api/v1/compliance?unitId=${schoolId}&ruleCode=${code}`))).items;

  it('the board judges the patrol of A1 (above) on the pack; a school without a canteen is not judged on the canteen', async () => {
    // November: one patrol, one canteen patrol; the month runs on, so October (no patrol) decides the shortfall.
    const monthly = await findingOf(c.bureau, tree.schoolA1.id, 'video_patrol.monthly');
    expect(monthly).toMatchObject({ status: 'met', value: 1, target: 1, period: { key: MONTH } });
    expect(monthly.explanation).toContain('001 第4条');
    const canteen = await findingOf(c.bureau, tree.schoolA1.id, 'video_patrol.canteen');
    expect(canteen).toMatchObject({ status: 'missed', value: 0, target: 2, period: { key: '2026-10' } });
    expect(canteen.explanation).toContain('000 第7条');
    expect(await findings(tree.schoolA2.id, 'video_patrol.canteen')).toEqual([]);
    expect((await findingOf(c.bureau, tree.schoolA2.id, 'video_patrol.monthly')).status).toBe('missed');
  });

  it('a bureau changes the thresholds (a new pack version): the coverage view and the board follow; switched off, the view keeps the default', async () => {
    const v1 = await ok(c.bureau.get('/api/v1/rules'));
    expect(v1.rules.find((r: any) => r.code === 'video_patrol.canteen')).toMatchObject({ threshold: { min: 2, unit: 'count' }, ledger: 'video_patrols', ledgerStored: true, appliesTo: { canteen: true } });
    const v2 = await ok(c.bureau.patch('/api/v1/rules', { version: v1.currentVersion, changes: [{ code: 'video_patrol.canteen', min: 1 }, { code: 'video_patrol.monthly', min: 2 }], reason: '本区食堂每月巡查一次，学校每月两次' }));
    expect(v2.currentVersion).toBe(v1.currentVersion + 1);

    const cov = await coverage();
    expect(cov).toMatchObject({ packVersion: v2.currentVersion, minPatrols: 2, minCanteenPatrols: 1 });
    expect(rowOf(cov, tree.schoolA1.id)).toMatchObject({ patrols: 1, canteenPatrols: 1, met: false, shortBy: ['本月视频巡查 1 次，应不少于 2 次'] });

    // The board: the one canteen patrol of November now meets it; one patrol a month no longer does.
    expect(await findingOf(c.bureau, tree.schoolA1.id, 'video_patrol.canteen')).toMatchObject({ status: 'met', value: 1, target: 1, period: { key: MONTH } });
    const monthly = await findingOf(c.bureau, tree.schoolA1.id, 'video_patrol.monthly');
    expect(monthly).toMatchObject({ status: 'missed', target: 2 });
    expect(monthly.explanation).toContain('应不少于 2 次');

    // The canteen rule switched off: the board leaves it out, the view judges the canteen by the default.
    const v3 = await ok(c.bureau.patch('/api/v1/rules', { version: v2.currentVersion, changes: [{ code: 'video_patrol.canteen', enabled: false }] }));
    const off = await coverage();
    expect(off).toMatchObject({ packVersion: v3.currentVersion, minPatrols: 2, minCanteenPatrols: 2 });
    expect(rowOf(off, tree.schoolA1.id).shortBy).toEqual(['本月视频巡查 1 次，应不少于 2 次', '本月明厨亮灶巡查 1 次，应不少于 2 次']);
    expect(await findings(tree.schoolA1.id, 'video_patrol.canteen')).toEqual([]);
  });
});
