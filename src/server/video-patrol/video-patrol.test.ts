// Online video patrols through the API (issue 22): the school keeps its video links (scope 404,
// versions, audit, http/https only); a town officer patrols its own schools only; a canteen finding
// with a screenshot becomes a hazard of the source video_patrol; coverage per school and month
// (001 item 4, 000 item 7); the canteen notice drafted from the month's findings.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, videoLinks } from '../db/schema.js';
import { ensureBuiltinChecklists } from '../checklists/checklists.service.js';
import { pngBytes } from '../files/testing.js';
import { ok, refused, startWithTree, ledgerPeople, type Client, type PersonSpec, type Tree } from '../test/factories.js';
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

    const before = await ok(c.bureau.get(`/api/v1/video-patrols/coverage?month=${MONTH}`));
    const a1 = () => before.rows.find((r: any) => r.schoolId === tree.schoolA1.id);
    expect(a1()).toMatchObject({ links: 2, canteenLinks: 1, patrols: 0, met: false });

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
  });
});
