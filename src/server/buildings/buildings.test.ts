// Buildings and construction sites through the API (issue 21; 001 第18条, 000 第10条): a building graded
// C or D in use enters the hazard register as major by itself, once, and is closed by the system with
// a step naming why; 不得迁入和招生 and the kindergarten's risk assessment refused with a Chinese message;
// bad input naming the field; scope, versions, voids, the bureau's view by town, the export; the
// construction site's weekly check on the compliance board and the school's calendar.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, buildings, constructionChecks, constructionSites, hazards } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

// A Sunday.
const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, ledgerPeople));
});
afterAll(() => t.close());

const counts = async () => Promise.all([buildings, constructionSites, constructionChecks, hazards, auditEvents].map(async (x) => (await t.database.db.select({ n: count() }).from(x))[0].n));
const building = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/buildings', {
    schoolId,
    name: '3号学生宿舍楼',
    use: 'dormitory',
    yearBuilt: 1992,
    structure: 'brick_concrete',
    floors: 4,
    floorArea: 2150.5,
    appraisalGrade: 'D',
    appraisedOn: '2026-04-20',
    appraisedBy: '市房屋安全鉴定所',
    ...over,
  });
const hazardsOf = (id: number) => t.database.db.select().from(hazards).where(eq(hazards.itemKey, `building:${id}`));

describe('a building graded C or D in use is a major hazard by itself (001 第18条)', () => {
  let dormId = 0;

  it('enters the register as major once; the rule is missed; two changes at once: one wins, the other 409, still one hazard', async () => {
    const b = await ok(building(c.officerA1, tree.schoolA1.id), 201);
    dormId = b.id;
    // A dormitory: the pack's stricter cadence (36 months).
    expect(b).toMatchObject({ nextAppraisalDueOn: '2029-04-20', gaps: ['D级危房仍在使用'], version: 1 });
    expect(b.hazard.code).toMatch(/^YH-2026-/);
    const h = await ok(c.officerA1.get(`/api/v1/hazards/${b.hazard.id}`));
    expect(h).toMatchObject({ grade: 'major', source: 'building', status: 'reported', location: '3号学生宿舍楼' });
    expect(h.description).toContain('D级（整幢危房）');
    const f = await findingOf(c.officerA1, tree.schoolA1.id, 'building.no_unsafe_in_use');
    expect(f.status).toBe('missed');
    expect(f.explanation).toContain('001 第18条');

    const [x, y] = await Promise.all([
      c.officerA1.patch(`/api/v1/buildings/${b.id}`, { version: 1, appraisalGrade: 'C' }),
      c.officerA1.patch(`/api/v1/buildings/${b.id}`, { version: 1, floors: 5 }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    expect(await hazardsOf(b.id)).toHaveLength(1);
    // The partial unique index: a second open hazard for the building cannot exist, whoever writes it.
    const [row] = await hazardsOf(b.id);
    const { id: _id, code: _code, ...copy } = row;
    await expect(t.database.db.insert(hazards).values({ ...copy, code: 'YH-2026-999999' })).rejects.toThrow();
  });

  it('appraised B again: the system closes the hazard with a step in its timeline naming why, audited; back to D in use: a new one', async () => {
    const cur = await ok(c.officerA1.get(`/api/v1/buildings/${dormId}`));
    const fixed = await ok(c.officerA1.patch(`/api/v1/buildings/${dormId}`, { version: cur.version, appraisalGrade: 'B', appraisedOn: '2026-05-08', appraisedBy: '省建筑科学研究院' }));
    expect(fixed).toMatchObject({ hazard: null, nextAppraisalDueOn: '2029-05-08', gaps: [] });
    const [closed] = await hazardsOf(dormId);
    const h = await ok(c.bureau.get(`/api/v1/hazards/${closed.id}`));
    expect(h.status).toBe('closed');
    const step = h.steps.at(-1);
    expect(step).toMatchObject({ action: 'system_close', fromStatus: 'reported', toStatus: 'closed' });
    expect(step.comment).toBe('校舍“3号学生宿舍楼”经重新鉴定为B级（基本安全）（2026-05-08，省建筑科学研究院），系统销号（001 第18条）');
    const audit = await ok(c.bureau.get(`/api/v1/audit-events?objectType=hazard&objectId=${closed.id}`));
    expect(audit.items.some((e: any) => e.after?.action === 'system_close')).toBe(true);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'building.no_unsafe_in_use')).status).toBe('met');

    const again = await ok(c.officerA1.patch(`/api/v1/buildings/${dormId}`, { version: fixed.version, appraisalGrade: 'D', appraisedOn: '2026-05-09', appraisedBy: '市房屋安全鉴定所' }));
    expect(again.hazard.id).not.toBe(closed.id);
    // Out of use: closed again, saying so.
    await ok(c.officerA1.patch(`/api/v1/buildings/${dormId}`, { version: again.version, inUse: false }));
    const h2 = await ok(c.officerA1.get(`/api/v1/hazards/${again.hazard.id}`));
    expect(h2.steps.at(-1).comment).toBe('校舍“3号学生宿舍楼”已停止使用，系统销号（001 第18条）');
  });

  it('refuses bad input naming the field, 不得迁入和招生 and the kindergarten’s unassessed premises, writing nothing', async () => {
    const before = await counts();
    expect((await refused(building(c.officerA1, tree.schoolA1.id, { yearBuilt: 2027 }))).details[0].field).toBe('yearBuilt');
    expect((await refused(building(c.officerA1, tree.schoolA1.id, { floors: 0 }))).details[0].field).toBe('floors');
    expect((await refused(building(c.officerA1, tree.schoolA1.id, { appraisedOn: '2026-05-11' }))).details[0].field).toBe('appraisedOn');
    const due = await refused(building(c.officerA1, tree.schoolA1.id, { nextAppraisalDueOn: '2026-04-19' }));
    expect(due.details[0].field).toBe('nextAppraisalDueOn');
    expect(due.message).toBe('下次鉴定日期：须晚于鉴定日期');
    const fresh = await refused(building(c.officerA1, tree.schoolA1.id, { name: '新教学楼', use: 'teaching', appraisalGrade: 'A', newOrRefit: true, airTestPassedOn: '2026-05-01' }));
    expect(fresh.details[0].field).toBe('inUse');
    expect(fresh.message).toContain('竣工验收合格前不得迁入和招生');
    const kg = await refused(building(c.kg, tree.schoolA2.id, { name: '原村小教学楼', use: 'kindergarten', appraisalGrade: 'B', oldOrIdle: true }));
    expect(kg.message).toContain('幼儿园使用老旧闲置校舍须先进行风险评估');
    expect((await refused(c.officerA1.post('/api/v1/construction-sites', { schoolId: tree.schoolA1.id, project: '操场改造', constructionUnit: '某建设公司', startsOn: '2026-05-01', endsOn: '2026-04-30' }))).details[0].field).toBe('endsOn');
    expect(await counts()).toEqual(before);
    // Out of use it may be recorded; in use once both are passed.
    const nb = await ok(building(c.officerA1, tree.schoolA1.id, { name: '新教学楼', use: 'teaching', appraisalGrade: 'A', newOrRefit: true, inUse: false }), 201);
    expect((await refused(c.officerA1.patch(`/api/v1/buildings/${nb.id}`, { version: 1, inUse: true }))).details[0].field).toBe('inUse');
    expect((await ok(c.officerA1.patch(`/api/v1/buildings/${nb.id}`, { version: 1, inUse: true, airTestPassedOn: '2026-05-02', acceptancePassedOn: '2026-05-06' }))).inUse).toBe(true);
  });

  it('scope (another school’s 404, town reads its own), stale 409, void closes the hazard, the bureau’s view by town, filters and export', async () => {
    const b1 = await ok(building(c.officerB1, tree.schoolB1.id, { name: '老食堂', use: 'canteen', appraisalGrade: 'C' }), 201);
    expect((await refused(c.officerA1.get(`/api/v1/buildings/${b1.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerA1.patch(`/api/v1/buildings/${b1.id}`, { version: 1, floors: 2 }), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.patch(`/api/v1/buildings/${b1.id}`, { version: 9, floors: 2 }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.teacher.post('/api/v1/buildings', { schoolId: tree.schoolA1.id, name: 'x', use: 'gym', yearBuilt: 2000, structure: 'frame', floors: 1, floorArea: 100 }), 403)).code).toBe('FORBIDDEN');
    expect((await ok(c.townA.get('/api/v1/buildings'))).items.every((x: any) => x.townName === (tree.townA as any).name)).toBe(true);
    const summary = await ok(c.bureau.get('/api/v1/buildings/summary'));
    expect(summary.rows[0]).toMatchObject({ townId: tree.townB.id, unsafeInUse: 1 });
    expect((await ok(c.bureau.get('/api/v1/buildings?grade=C&inUse=true'))).items.map((x: any) => x.id)).toEqual([b1.id]);
    expect((await ok(c.bureau.get(`/api/v1/buildings?townId=${tree.townB.id}&use=canteen`))).total).toBe(1);
    const x = await c.bureau.get('/api/v1/buildings/export?grade=C');
    expect(await xlsxColumn(x.rawPayload, '校舍名称')).toEqual(['老食堂']);
    await ok(c.officerB1.post(`/api/v1/buildings/${b1.id}/void`, { version: 1, voidReason: '重复登记' }));
    const [h] = await hazardsOf(b1.id);
    expect(h.status).toBe('closed');
    expect((await ok(c.bureau.get('/api/v1/buildings/summary'))).rows.find((r: any) => r.townId === tree.townB.id)?.unsafeInUse ?? 0).toBe(0);
  });
});

describe('construction on a campus: a check each week while works run (001 第18条, 000 第10条)', () => {
  it('a missed week is missed on the board and the calendar; a check outside the works or in the future is refused', async () => {
    // Started Wednesday 2026-04-22; checked the first week and this week, not the week of 04-27.
    const site = await ok(c.officerA1.post('/api/v1/construction-sites', { schoolId: tree.schoolA1.id, project: '风雨操场改造', constructionUnit: '市第三建筑公司', startsOn: '2026-04-22', endsOn: '2026-07-31', hardFence: true, separateEntrance: true, isolationNote: '2.5米彩钢硬隔离，施工车辆走北门' }), 201);
    expect(site).toMatchObject({ running: true, lastCheckedOn: null });
    const check = (checkedOn: string) => c.officerA1.post('/api/v1/construction-checks', { siteId: site.id, checkedOn, checkedBy: '王主任', fenceIntact: true, entranceSeparate: true });
    await ok(check('2026-04-24'), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'construction.weekly_check')).status).toBe('missed');
    await ok(check('2026-05-08'), 201);
    const f = await findingOf(c.officerA1, tree.schoolA1.id, 'construction.weekly_check');
    expect(f).toMatchObject({ status: 'missed', dueOn: '2026-05-03' });
    expect(f.explanation).toContain('2026-04-27 至 2026-05-03');
    const cal = await ok(c.officerA1.get(`/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=2026-05`));
    expect(cal.items.some((i: any) => i.ruleCode === 'construction.weekly_check')).toBe(true);
    expect((await refused(check('2026-04-21'))).details[0].field).toBe('checkedOn');
    expect((await refused(check('2026-05-11'))).message).toBe('检查日期：不能晚于今天');
    expect((await refused(c.officerB1.post('/api/v1/construction-checks', { siteId: site.id, checkedOn: TODAY, checkedBy: 'x', fenceIntact: true, entranceSeparate: true }), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.bureau.get('/api/v1/construction-sites?running=true'))).items[0]).toMatchObject({ project: '风雨操场改造', lastCheckedOn: '2026-05-08' });
    expect((await ok(c.bureau.get(`/api/v1/construction-checks?siteId=${site.id}`))).total).toBe(2);

    // A check finding the site open to the pupils is a hazard of the register, one open per site
    // however many failed checks arrive together; the passed checks raised none.
    const failed = (checkedOn: string) =>
      c.officerA1.post('/api/v1/construction-checks', { siteId: site.id, checkedOn, checkedBy: '王主任', fenceIntact: false, entranceSeparate: true, checkNote: '东侧围挡被风吹倒 6 米' });
    const both = await Promise.all([failed('2026-05-09'), failed('2026-05-10')]);
    expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
    const raised = await t.database.db.select().from(hazards).where(eq(hazards.source, 'construction_check'));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ schoolId: tree.schoolA1.id, grade: 'general', itemKey: `construction:${site.id}`, status: 'reported' });
    expect(raised[0].description).toContain('施工区域硬隔离不完整');
    expect(raised[0].description).toContain('东侧围挡被风吹倒 6 米');
  });
});
