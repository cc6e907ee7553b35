// Warnings with receipts through the API (issue 21; 000 第10条, 004 第4条): the bureau and a town
// issue warnings to schools in scope, schools sign (one wins under concurrency) and report per
// required action with photos, the live view by town, 一键提醒 once per gap, closing, the overdue
// job telling town officers once — each role in its scope, bad input naming the field and writing nothing.
import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, units, warningReceipts, warnings } from '../db/schema.js';
import { pngBytes } from '../files/testing.js';
import { buildTree, findingOf, ledgerPeople, ok, refused, startWithTree, type Client, type PersonSpec } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { flagUnsignedWarnings } from './warnings.service.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = keyof ReturnType<typeof ledgerPeople> | 'principalA1' | 'townB' | 'leader';
let c: Record<Who, Client>;

const TODAY = '2026-07-01';
const NOW = new Date(`${TODAY}T02:00:00Z`);
const later = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();
const n = async (table: typeof warnings | typeof warningReceipts | typeof auditEvents) => (await t.database.db.select({ n: count() }).from(table))[0].n;
const typhoon = (extra: Record<string, unknown> = {}) => ({
  warningKind: 'typhoon',
  warningLevel: 'orange',
  warningTitle: '台风“海葵”橙色预警',
  warningActions: ['evacuate_shacks', 'waterlogging_points', 'suspend_outdoor'],
  requirements: '各校于今晚 20:00 前完成巡查',
  targetMode: 'all',
  deadlineAt: later(24),
  ...extra,
});
const bellOf = async (client: Client) => (await ok(client.get('/api/v1/notifications'))).items as { kind: string; title: string; link: string }[];

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tr) => ({
    ...ledgerPeople(tr),
    principalA1: [tr.schoolA1, ['principal']] as PersonSpec,
    townB: [tr.townB, ['town_officer']] as PersonSpec,
    leader: [tr.bureau, ['bureau_leader']] as PersonSpec,
  })));
  // schoolB1 takes in evacuees: asked the shelter checks (000 第10条).
  await t.database.db.update(units).set({ shelter: true }).where(eq(units.id, tree.schoolB1.id));
});
afterAll(() => t.close());

describe('issuing (000 第10条: 及时发布安全预警提示)', () => {
  it('refuses bad input naming the field, and writes nothing', async () => {
    const [w, e] = [await n(warnings), await n(auditEvents)];
    expect((await refused(c.bureau.post('/api/v1/warnings', typhoon({ deadlineAt: later(-1) })))).message).toBe('报送截止时间：报送截止时间不能早于现在');
    expect((await refused(c.bureau.post('/api/v1/warnings', typhoon({ targetMode: 'schools', targetUnitIds: [] })))).details[0].field).toBe('targetUnitIds');
    expect((await refused(c.bureau.post('/api/v1/warnings', typhoon({ warningActions: [], requirements: '' })))).details[0].field).toBe('warningActions');
    expect((await refused(c.bureau.post('/api/v1/warnings', typhoon({ warningLevel: 'purple' })))).details[0].field).toBe('warningLevel');
    expect((await refused(c.bureau.post('/api/v1/warnings', typhoon({ targetMode: 'towns', targetUnitIds: [tree.schoolA1.id] })))).message).toBe('下发单位：请选择镇街');
    // A town may warn its own schools only: another town's school is not found.
    await refused(c.townA.post('/api/v1/warnings', typhoon({ targetMode: 'schools', targetUnitIds: [tree.schoolB1.id] })), 404);
    for (const who of ['officerA1', 'dept', 'teacher'] as const) await refused(c[who].post('/api/v1/warnings', typhoon()), 403);
    expect([await n(warnings), await n(auditEvents)]).toEqual([w, e]);
  });

  let id: number;
  it('the bureau warns every school; each school’s principals and officers hear of it; shelter schools are asked more', async () => {
    const v = await ok(c.bureau.post('/api/v1/warnings', typhoon()), 201);
    id = v.id;
    expect(v).toMatchObject({ status: 'open', targets: 4, signed: 0, reported: 0, signWithinHours: 2, allowed: ['remind', 'close'], mine: null });
    expect(v.signDueAt).toBe(later(2));
    expect((await bellOf(c.officerA1)).find((b) => b.link === `/warnings/${id}`)).toMatchObject({ kind: 'warning_issued', title: '【台风橙色预警】台风“海葵”橙色预警，请签收并上报落实情况' });
    expect((await bellOf(c.principalA1)).some((b) => b.link === `/warnings/${id}`)).toBe(true);
    expect((await bellOf(c.teacher)).some((b) => b.link === `/warnings/${id}`)).toBe(false);
    const a1 = await ok(c.officerA1.get(`/api/v1/warnings/${id}`));
    expect(a1).toMatchObject({ targets: 1, allowed: ['sign'], mine: { state: 'missing', shelter: false, required: ['evacuate_shacks', 'waterlogging_points', 'suspend_outdoor'] } });
    const b1 = await ok(c.officerB1.get(`/api/v1/warnings/${id}`));
    expect(b1.mine.required).toEqual(['evacuate_shacks', 'waterlogging_points', 'suspend_outdoor', 'shelter_site_check', 'shelter_supplies', 'shelter_reception']);
    expect((await ok(c.officerA1.get('/api/v1/warnings/pending'))).items.map((x: any) => x.id)).toEqual([id]);
    expect((await ok(c.townA.get(`/api/v1/warnings/${id}`))).targets).toBe(2);
    await refused(c.teacher.get(`/api/v1/warnings/${id}`), 403);
  });

  it('a town warns its own schools; another town and its schools do not see it', async () => {
    const v = await ok(c.townA.post('/api/v1/warnings', typhoon({ warningKind: 'rainstorm', warningLevel: 'yellow', warningTitle: '暴雨黄色预警' })), 201);
    expect(v).toMatchObject({ targets: 2, issuerUnitName: tree.townA.name });
    await refused(c.townB.get(`/api/v1/warnings/${v.id}`), 404);
    await refused(c.officerB1.get(`/api/v1/warnings/${v.id}`), 404);
    expect((await ok(c.bureau.get(`/api/v1/warnings/${v.id}`))).targets).toBe(2);
    // The bureau may close a town's warning (it is above the issuer); another town may not even see it.
    await refused(c.townB.post(`/api/v1/warnings/${v.id}/close`, { version: v.version }), 404);
    expect((await ok(c.bureau.post(`/api/v1/warnings/${v.id}/close`, { version: v.version }))).status).toBe('closed');
  });

  describe('receipts', () => {
    it('signing: one of two at once wins, the other is 409; another school’s warning is 404; a town cannot sign', async () => {
      const both = await Promise.all([c.officerA1.post(`/api/v1/warnings/${id}/sign`), c.principalA1.post(`/api/v1/warnings/${id}/sign`)]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(both.find((r) => r.statusCode === 409)!.json().error.code).toBe('ALREADY_SIGNED');
      expect(await t.database.db.select({ n: count() }).from(warningReceipts).where(and(eq(warningReceipts.warningId, id), eq(warningReceipts.schoolId, tree.schoolA1.id)))).toEqual([{ n: 1 }]);
      const other = await ok(c.townA.post('/api/v1/warnings', typhoon({ targetMode: 'schools', targetUnitIds: [tree.schoolA2.id], warningTitle: '只发给幼儿园' })), 201);
      await refused(c.officerA1.post(`/api/v1/warnings/${other.id}/sign`), 404);
      await refused(c.townA.post(`/api/v1/warnings/${id}/sign`), 403);
      const a1 = await ok(c.officerA1.get(`/api/v1/warnings/${id}`));
      expect(a1).toMatchObject({ allowed: ['report'], mine: { state: 'signed', overdue: false } });
      // The reminder to sign is read once the school has signed.
      expect((await ok(c.officerA1.get('/api/v1/notifications'))).items.find((b: any) => b.link === `/warnings/${id}`).readAt).not.toBeNull();
    });

    it('reporting: every required action once, a reason where not done, photos the school uploaded; before signing is 409', async () => {
      await refused(c.officerB1.post(`/api/v1/warnings/${id}/report`, { version: 1, actionResults: [{ action: 'evacuate_shacks', done: true }] }), 409);
      const photo = (await ok(c.officerA1.upload('/api/v1/files', { name: '巡查.png', bytes: pngBytes(), type: 'image/png' }), 201)).id as number;
      const theirs = (await ok(c.officerB1.upload('/api/v1/files', { name: 'b.png', bytes: pngBytes(100), type: 'image/png' }), 201)).id as number;
      const r = await ok(c.officerA1.get(`/api/v1/warnings/${id}`));
      const good = [
        { action: 'evacuate_shacks', done: false, note: '本校无危棚简屋' },
        { action: 'waterlogging_points', done: true, fileIds: [photo] },
        { action: 'suspend_outdoor', done: true },
      ];
      const e = await n(auditEvents);
      expect((await refused(c.officerA1.post(`/api/v1/warnings/${id}/report`, { version: r.mine.version, actionResults: good.slice(0, 2) }))).details[0].field).toBe('actionResults');
      expect((await refused(c.officerA1.post(`/api/v1/warnings/${id}/report`, { version: r.mine.version, actionResults: [{ ...good[0], note: '' }, ...good.slice(1)] }))).message).toBe('备注：未落实的要求请说明原因');
      expect((await refused(c.officerA1.post(`/api/v1/warnings/${id}/report`, { version: r.mine.version, actionResults: [...good, { action: 'shelter_supplies', done: true }] }))).details[0].field).toBe('actionResults.3.action');
      await refused(c.officerA1.post(`/api/v1/warnings/${id}/report`, { version: r.mine.version, actionResults: [good[0], { ...good[1], fileIds: [theirs] }, good[2]] }), 404);
      expect((await refused(c.officerA1.post(`/api/v1/warnings/${id}/report`, { version: r.mine.version + 5, actionResults: good }), 409)).code).toBe('STALE_VERSION');
      expect(await n(auditEvents)).toBe(e);
      const done = await ok(c.officerA1.post(`/api/v1/warnings/${id}/report`, { version: r.mine.version, actionResults: good, reportNote: '已全部落实' }));
      expect(done).toMatchObject({ allowed: [], mine: { state: 'reported', reportNote: '已全部落实' } });
      expect(done.mine.results[1].files.map((f: any) => f.id)).toEqual([photo]);
      expect((await refused(c.officerA1.post(`/api/v1/warnings/${id}/report`, { version: done.mine.version, actionResults: good }), 409)).code).toBe('ALREADY_REPORTED');
      expect((await ok(c.officerA1.get('/api/v1/warnings/pending'))).items).toEqual([]);
    });

    it('the live view by town: reported, signed, missing; the town sees its own schools only', async () => {
      await ok(c.officerB1.post(`/api/v1/warnings/${id}/sign`));
      const b = await ok(c.bureau.get(`/api/v1/warnings/${id}/board`));
      expect(b.warning).toMatchObject({ targets: 4, signed: 2, reported: 1 });
      const byTown = Object.fromEntries(b.byTown.map((x: any) => [x.townName, [x.reported, x.signed, x.missing]]));
      expect(byTown).toEqual({ [tree.townA.name]: [1, 0, 1], [tree.townB.name]: [0, 1, 0], 局直属: [0, 0, 1] });
      expect(b.schools.map((s: any) => s.state)).toEqual(['missing', 'missing', 'signed', 'reported']);
      expect(b.schools.find((s: any) => s.schoolId === tree.schoolB1.id).shelter).toBe(true);
      const town = await ok(c.townA.get(`/api/v1/warnings/${id}/board`));
      expect(town.schools.map((s: any) => s.schoolId).sort()).toEqual([tree.schoolA1.id, tree.schoolA2.id].sort());
      expect(town.warning.allowed).toEqual([]);
      // The same view as a file, in the caller's scope, and the export audited.
      const sheetsOf = async (client: Client) => {
        const res = await client.get(`/api/v1/warnings/${id}/board/export`);
        expect(res.statusCode).toBe(200);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        // Two title lines and the header above the data (rows 1 to 3).
        return wb.worksheets.map((w) => ({ name: w.name, rows: w.getSheetValues().slice(4).map((r) => (r as unknown[]).slice(1)) }));
      };
      const [towns, schools] = await sheetsOf(c.bureau);
      expect(towns.name).toBe('按镇街');
      expect(towns.rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual(b.byTown.map((x: any) => [x.townName, x.reported, x.signed, x.missing]));
      expect(schools.rows.map((r) => r[3])).toEqual(['未签收', '未签收', '已签收未上报', '已上报']);
      expect((await sheetsOf(c.townA))[1].rows.map((r) => r[0]).sort()).toEqual([tree.schoolA1.name, tree.schoolA2.name].sort());
      const [exp] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'warning'), eq(auditEvents.action, 'export')));
      expect(exp).toMatchObject({ objectId: String(id) });
      await refused(c.officerA1.get(`/api/v1/warnings/${id + 1000}/board/export`), 404);
    });

    it('overdue after the pack’s hours: the job tells the town officers once (the issuer for a school under the bureau); the board flags the school', async () => {
      expect(await flagUnsignedWarnings(t.database.db, new Date(NOW.getTime() + 1.9 * 3_600_000))).toBe(0);
      const at = new Date(NOW.getTime() + 3 * 3_600_000);
      const told = await flagUnsignedWarnings(t.database.db, at);
      expect(told).toBeGreaterThanOrEqual(1);
      expect(await flagUnsignedWarnings(t.database.db, at)).toBe(told);
      const bells = (await bellOf(c.townA)).filter((x) => x.kind === 'warning_unsigned' && x.link === `/warnings/${id}`);
      expect(bells.map((x) => x.title)).toEqual([`${tree.schoolA2.name} 超过 2 小时未签收【台风橙色预警】台风“海葵”橙色预警`]);
      expect((await bellOf(c.townB)).some((x) => x.kind === 'warning_unsigned' && x.link === `/warnings/${id}`)).toBe(false);
      // The school directly under the bureau has no town: its issuer hears.
      expect((await bellOf(c.bureau)).filter((x) => x.kind === 'warning_unsigned' && x.link === `/warnings/${id}`).map((x) => x.title)).toEqual([
        `${tree.direct.name} 超过 2 小时未签收【台风橙色预警】台风“海葵”橙色预警`,
      ]);
      t.now.value = at;
      const b = await ok(c.bureau.get(`/api/v1/warnings/${id}/board`));
      expect(b.schools.filter((s: any) => s.overdue).map((s: any) => s.schoolId).sort()).toEqual([tree.schoolA2.id, tree.direct.id].sort());
    });

    it('on the compliance board (000 第10条): a school not signed in time misses warning.signed_on_time; a shelter school owes its yearly drill', async () => {
      const missed = await findingOf(c.townA, tree.schoolA2.id, 'warning.signed_on_time');
      expect(missed.status).toBe('missed');
      expect(missed.explanation).toContain('000 第10条');
      expect((await findingOf(c.officerA1, tree.schoolA1.id, 'warning.signed_on_time')).status).toBe('met');
      expect((await findingOf(c.officerB1, tree.schoolB1.id, 'shelter.drill_yearly')).status).not.toBe('not_applicable');
      // Not a shelter school: the rule does not apply, so the board lists nothing for it.
      expect((await ok(c.officerA1.get(`/api/v1/compliance?unitId=${tree.schoolA1.id}&ruleCode=shelter.drill_yearly`))).items).toEqual([]);
    });

    it('一键提醒: the schools not reported hear it, audited; not again within ten minutes; only the issuer’s side may', async () => {
      const w = await ok(c.bureau.get(`/api/v1/warnings/${id}`));
      await refused(c.townA.post(`/api/v1/warnings/${id}/remind`, { version: w.version }), 403);
      const e = await n(auditEvents);
      const r = await ok(c.bureau.post(`/api/v1/warnings/${id}/remind`, { version: w.version }));
      expect(r.schools).toBe(3);
      expect(await n(auditEvents)).toBe(e + 1);
      expect((await bellOf(c.officerB1)).some((x) => x.kind === 'warning_reminder')).toBe(true);
      expect((await bellOf(c.officerA1)).some((x) => x.kind === 'warning_reminder')).toBe(false);
      const again = await refused(c.bureau.post(`/api/v1/warnings/${id}/remind`, { version: r.warning.version }), 409);
      expect(again).toMatchObject({ code: 'REMINDED_RECENTLY', message: '10 分钟内已提醒过，请 10 分钟后再提醒' });
      t.now.value = new Date(t.now.value.getTime() + 10 * 60_000);
      expect((await ok(c.leader.post(`/api/v1/warnings/${id}/remind`, { version: r.warning.version }))).schools).toBe(3);
    });

    it('关闭预警: stale is 409; afterwards signing and reporting are 409 in Chinese; what came in stays', async () => {
      const w = await ok(c.bureau.get(`/api/v1/warnings/${id}`));
      expect((await refused(c.bureau.post(`/api/v1/warnings/${id}/close`, { version: w.version - 1 }), 409)).code).toBe('STALE_VERSION');
      const closed = await ok(c.bureau.post(`/api/v1/warnings/${id}/close`, { version: w.version }));
      expect(closed).toMatchObject({ status: 'closed', allowed: [], signed: 2, reported: 1 });
      expect(await refused(c.kg.post(`/api/v1/warnings/${id}/sign`), 409)).toMatchObject({ code: 'WARNING_CLOSED', message: '该预警已关闭，不能再签收或上报' });
      const b1 = await ok(c.officerB1.get(`/api/v1/warnings/${id}`));
      const results = b1.mine.required.map((action: string) => ({ action, done: true }));
      expect((await refused(c.officerB1.post(`/api/v1/warnings/${id}/report`, { version: b1.mine.version, actionResults: results }), 409)).code).toBe('WARNING_CLOSED');
      expect((await refused(c.bureau.post(`/api/v1/warnings/${id}/close`, { version: closed.version }), 409)).code).toBe('WARNING_CLOSED');
      expect((await ok(c.bureau.get('/api/v1/warnings?status=closed'))).items.map((x: any) => x.id)).toContain(id);
      expect((await ok(c.dept.get('/api/v1/warnings'))).total).toBeGreaterThanOrEqual(3);
    });
  });
});
