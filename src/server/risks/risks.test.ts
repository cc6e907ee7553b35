// The risk list through the API (issue 13; 003 第二部分之二, 004 第二部分之二, 001 第12条): a school's
// safety officer identifies risks, the colour follows from likelihood × severity, an overdue review
// is a missed finding on the compliance board until reviewed; escalation, a failed control turned
// into a hazard of the register, retirement; the town's and the bureau's four-colour matrix; bad
// input naming the field with nothing written, another school's risk 404, a stale version 409.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, hazards, riskCounts, riskPoints, riskSteps } from '../db/schema.js';
import { buildTree, findingOf, ledgerPeople, ok, refused, startWithTree, xlsxColumn, type Client, type TestUser } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, TestUser>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c, people } = await startWithTree(TODAY, ledgerPeople));
});
afterAll(() => t.close());

const rows = async () => [
  (await t.database.db.select({ n: count() }).from(riskPoints))[0].n,
  (await t.database.db.select({ n: count() }).from(riskSteps))[0].n,
  (await t.database.db.select({ n: count() }).from(auditEvents))[0].n,
];

const add = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/risks', {
    schoolId: tree.schoolA1.id,
    area: 'surroundings',
    place: '学校东侧河道',
    riskName: '学生私自下河游泳溺水',
    likelihood: 3,
    severity: 4,
    riskKind: 'seasonal',
    season: 'flood_drowning',
    controls: '设置警示牌；班主任网格化包靠；汛期每周巡查',
    controlOwnerId: people.officerA1.id,
    identifiedOn: '2026-05-01',
    ...over,
  });

describe('the risk list (003, 004)', () => {
  let flood: any;
  let fire: any;

  it('the colour follows from likelihood × severity; a seasonal risk is due before its season (001 第12条)', async () => {
    flood = await ok(add(c.officerA1), 201);
    expect(flood).toMatchObject({ score: 12, level: 'orange', riskKind: 'seasonal', season: 'flood_drowning', controlOwnerId: people.officerA1.id, controlOwnerName: expect.any(String), lastReviewedOn: '2026-05-01', version: 1, status: 'active' });
    // The flood season (default 06-01) comes before the orange cadence of 90 days.
    expect(flood).toMatchObject({ reviewDueOn: '2026-05-31', reviewReason: '汛期防溺水（2026-06-01 起）前复核', reviewState: 'scheduled' });
    expect(flood.steps.map((s: any) => [s.action, s.level])).toEqual([['identify', 'orange']]);
    expect(flood.actions).toEqual(['edit', 'review', 'escalate', 'raise_hazard', 'retire']);
    const f = await findingOf(c.officerA1, tree.schoolA1.id, 'risk.review_on_time');
    expect(f).toMatchObject({ status: 'met', ledger: 'risks', value: 1, target: 1 });
  });

  it('an overdue review is a missed finding on the compliance board until the risk is reviewed', async () => {
    fire = await ok(add(c.officerA1, { area: 'fire_chemicals', place: '学生宿舍', riskName: '宿舍违规用电引发火灾', likelihood: 4, severity: 5, riskKind: 'baseline', season: null, identifiedOn: '2026-01-02' }), 201);
    expect(fire).toMatchObject({ level: 'red', reviewDueOn: '2026-02-01', reviewReason: '重大风险每 30 天复核', reviewState: 'overdue' });
    const missed = await findingOf(c.officerA1, tree.schoolA1.id, 'risk.review_on_time');
    expect(missed).toMatchObject({ status: 'missed', value: 1, target: 2 });
    expect(missed.explanation).toContain('宿舍违规用电引发火灾（应于 2026-02-01 前）');
    expect(missed.explanation).toContain('003 第二部分之二');
    const due = await ok(c.officerA1.get('/api/v1/risks/due'));
    expect(due.schools).toEqual([expect.objectContaining({ schoolId: tree.schoolA1.id, reviewBy: '2026-02-01', overdue: 1 })]);
    expect(due.schools[0].items.map((i: any) => [i.riskName, i.state])).toEqual([['宿舍违规用电引发火灾', 'overdue'], ['学生私自下河游泳溺水', 'scheduled']]);

    // A review in the future, or before the last one, is refused naming the field.
    expect((await refused(c.officerA1.post(`/api/v1/risks/${fire.id}/review`, { version: 1, reviewedOn: '2026-05-11', note: '已复核' }))).message).toBe('复核日期：不能晚于今天');
    expect((await refused(c.officerA1.post(`/api/v1/risks/${fire.id}/review`, { version: 1, reviewedOn: '2026-01-01', note: '已复核' }))).message).toBe('复核日期：不能早于上次复核日期 2026-01-02');
    const reviewed = await ok(c.officerA1.post(`/api/v1/risks/${fire.id}/review`, { version: 1, reviewedOn: TODAY, note: '宿舍大功率电器已清查，限电器已更换', likelihood: 3 }));
    expect(reviewed).toMatchObject({ version: 2, lastReviewedOn: TODAY, likelihood: 3, score: 15, level: 'orange', reviewState: 'scheduled' });
    expect(reviewed.steps.map((s: any) => s.action)).toEqual(['identify', 'review']);
    expect((await refused(c.officerA1.post(`/api/v1/risks/${fire.id}/review`, { version: 1, reviewedOn: TODAY, note: '再次复核' }), 409)).code).toBe('STALE_VERSION');
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'risk.review_on_time')).status).toBe('met');
    fire = reviewed;
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await rows();
    expect((await refused(add(c.officerA1, { likelihood: 6 }))).message).toBe('可能性：可能性须为 1—5 的整数');
    expect((await refused(add(c.officerA1, { riskName: ' ' }))).message).toBe('风险名称：请填写风险名称');
    const noSeason = await refused(add(c.officerA1, { season: null }));
    expect(noSeason.message).toBe('季节：季节性风险请选择季节');
    expect(noSeason.details[0].field).toBe('season');
    expect((await refused(add(c.officerA1, { identifiedOn: '2026-05-11' }))).message).toBe('辨识日期：不能晚于今天');
    expect((await refused(add(c.officerA1, { identifiedOn: '2026-02-30' }))).message).toBe('辨识日期：日期无效');
    // The person responsible must be of the school.
    const other = await refused(add(c.officerA1, { controlOwnerId: people.kg.id }), 404);
    expect(other.code).toBe('NOT_FOUND');
    expect((await refused(add(c.townA, { controlOwnerId: people.kg.id }))).message).toContain('不是本校人员');
    // Another town's school: 404.
    expect((await refused(add(c.officerA1, { schoolId: tree.schoolB1.id }), 404)).code).toBe('NOT_FOUND');
    expect(await rows()).toEqual(before);
  });

  it('another school’s risk is 404; readers cannot write; a teacher cannot read', async () => {
    expect((await refused(c.officerB1.get(`/api/v1/risks/${flood.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.post(`/api/v1/risks/${flood.id}/review`, { version: 1, reviewedOn: TODAY, note: '越权复核' }), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.officerB1.get('/api/v1/risks'))).total).toBe(0);
    expect((await ok(c.townA.get('/api/v1/risks'))).total).toBe(2);
    const dept = await ok(c.dept.get(`/api/v1/risks/${flood.id}`));
    expect(dept.actions).toEqual([]);
    expect((await refused(c.dept.patch(`/api/v1/risks/${flood.id}`, { version: 1, likelihood: 1 }), 403)).code).toBe('FORBIDDEN');
    expect((await refused(c.teacher.get('/api/v1/risks'), 403)).code).toBe('FORBIDDEN');
  });

  it('reassessing is signed; escalation is once; a failed control becomes a linked hazard in one step; retired risks stay', async () => {
    const edited = await ok(c.officerA1.patch(`/api/v1/risks/${flood.id}`, { version: 1, severity: 5, note: '河道水位上涨' }));
    expect(edited).toMatchObject({ version: 2, score: 15, level: 'orange' });
    expect(edited.steps.at(-1)).toMatchObject({ action: 'assess', note: '河道水位上涨' });
    expect((await refused(c.officerA1.patch(`/api/v1/risks/${flood.id}`, { version: 1, severity: 1 }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.officerA1.patch(`/api/v1/risks/${flood.id}`, { version: 2, riskKind: 'baseline', season: 'heat' }))).message).toBe('季节：只有季节性风险需要选择季节');

    const up = await ok(c.officerA1.post(`/api/v1/risks/${flood.id}/escalate`, { version: 2, note: '河道护栏缺失，需镇街协调' }));
    expect(up).toMatchObject({ version: 3, escalatedOn: TODAY, escalationNote: '河道护栏缺失，需镇街协调' });
    expect(up.actions).not.toContain('escalate');
    expect((await refused(c.officerA1.post(`/api/v1/risks/${flood.id}/escalate`, { version: 3, note: '再次上报' }), 409)).code).toBe('RISK_ESCALATED');

    expect((await refused(c.officerA1.post(`/api/v1/risks/${flood.id}/hazard`, { version: 3, note: '警示牌被毁', hazardGrade: 'urgent', foundOn: TODAY }))).message).toBe('隐患等级：请选择隐患等级');
    const failed = await ok(c.officerA1.post(`/api/v1/risks/${flood.id}/hazard`, { version: 3, note: '警示牌被毁，护栏缺口未封闭', hazardGrade: 'major', foundOn: TODAY }));
    expect(failed.hazardCode).toMatch(/^YH-2026-/);
    expect(failed.steps.at(-1)).toMatchObject({ action: 'raise_hazard', hazardId: failed.hazardId, hazardCode: failed.hazardCode });
    const hazard = await ok(c.officerA1.get(`/api/v1/hazards/${failed.hazardId}`));
    expect(hazard).toMatchObject({ source: 'risk', grade: 'major', schoolId: tree.schoolA1.id, location: '学校东侧河道', status: 'reported' });
    expect(hazard.description).toContain('【风险管控失效】学生私自下河游泳溺水：警示牌被毁');
    const [h] = await t.database.db.select().from(hazards).where(eq(hazards.id, failed.hazardId));
    expect(h.itemKey).toBe(`risk:${flood.id}`);

    const retired = await ok(c.officerA1.post(`/api/v1/risks/${fire.id}/retire`, { version: fire.version, note: '宿舍楼已停用拆除' }));
    expect(retired).toMatchObject({ status: 'retired', reviewState: 'retired', reviewDueOn: null, actions: [] });
    expect((await refused(c.officerA1.post(`/api/v1/risks/${fire.id}/review`, { version: retired.version, reviewedOn: TODAY, note: '复核' }), 409)).code).toBe('RISK_RETIRED');
    expect((await ok(c.officerA1.get('/api/v1/risks'))).items.map((r: any) => r.id)).toEqual([flood.id]);
    expect((await ok(c.officerA1.get('/api/v1/risks?status=retired'))).items.map((r: any) => r.id)).toEqual([fire.id]);

    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'risk'), eq(auditEvents.objectId, String(flood.id)))).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'transition', 'transition']);
  });

  it('the bureau sees the district by town and colour, a town its schools; export in scope', async () => {
    await ok(add(c.officerB1, { schoolId: tree.schoolB1.id, controlOwnerId: people.officerB1.id, likelihood: 5, severity: 5, riskKind: 'holiday', season: null, riskName: '假期校舍无人值守被盗' }), 201);
    await ok(add(c.bureau, { schoolId: tree.direct.id, controlOwnerId: people.officerA1.id }), 400);
    const m = await ok(c.bureau.get('/api/v1/risks/matrix'));
    expect(m.rowsAre).toBe('town');
    expect(m.totals).toEqual({ red: 1, orange: 1, yellow: 0, blue: 0 });
    expect(m.escalated).toBe(1);
    expect(m.rows.map((r: any) => [r.unitId, r.counts.red, r.counts.orange])).toEqual([
      [tree.townB.id, 1, 0],
      [tree.townA.id, 0, 1],
    ]);
    expect(m.grid[4][4]).toBe(1); // likelihood 5 × severity 5
    expect(m.grid[2][4]).toBe(1); // 3 × 5
    expect(m.bands).toEqual({ red: 20, orange: 12, yellow: 6 });
    const town = await ok(c.townA.get('/api/v1/risks/matrix'));
    expect(town).toMatchObject({ rowsAre: 'school', totals: { red: 0, orange: 1, yellow: 0, blue: 0 } });
    expect(town.rows.map((r: any) => r.unitId)).toEqual([tree.schoolA1.id]);
    expect((await refused(c.townA.get(`/api/v1/risks/matrix?townId=${tree.townB.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.bureau.get(`/api/v1/risks/matrix?townId=${tree.townB.id}`))).rows.map((r: any) => r.unitId)).toEqual([tree.schoolB1.id]);

    // The matrix reads risk_counts: after listing, reviewing, escalating, raising a hazard and
    // retiring above, the triggers' counts are the risk points' own.
    const key = (r: { schoolId: number; level: string; l: number; s: number; n: number; e: number }) => `${r.schoolId}:${r.level}:${r.l}x${r.s}=${r.n}/${r.e}`;
    const fromPoints = await t.database.db
      .select({ schoolId: riskPoints.schoolId, level: riskPoints.level, l: riskPoints.likelihood, s: riskPoints.severity, n: sql<number>`count(*)::int`, e: sql<number>`(count(*) filter (where ${riskPoints.escalatedOn} is not null))::int` })
      .from(riskPoints)
      .where(eq(riskPoints.status, 'active'))
      .groupBy(riskPoints.schoolId, riskPoints.level, riskPoints.likelihood, riskPoints.severity);
    const counted = await t.database.db
      .select({ schoolId: riskCounts.schoolId, level: riskCounts.level, l: riskCounts.likelihood, s: riskCounts.severity, n: riskCounts.n, e: riskCounts.escalated })
      .from(riskCounts)
      .where(sql`${riskCounts.n} > 0`);
    expect(counted.map(key).sort()).toEqual(fromPoints.map(key).sort());
    expect(counted.length).toBe(2);
    // A direct update of the points (a level changed, one deleted) moves the counts in the same statement.
    await t.database.db.transaction(async (tx) => {
      await tx.update(riskPoints).set({ likelihood: 2, severity: 2, level: 'blue' }).where(eq(riskPoints.schoolId, tree.schoolB1.id));
      const after = await tx.select().from(riskCounts).where(and(eq(riskCounts.schoolId, tree.schoolB1.id), sql`${riskCounts.n} > 0`));
      expect(after.map((r) => [r.level, r.likelihood, r.severity, r.n])).toEqual([['blue', 2, 2, 1]]);
      tx.rollback();
    }).catch((e: Error) => {
      if (!/rollback/i.test(e.message)) throw e;
    });

    const res = await c.townA.get('/api/v1/risks/export');
    expect(res.statusCode).toBe(200);
    expect(await xlsxColumn(res.rawPayload, '风险名称')).toEqual(['学生私自下河游泳溺水']);
    expect(await xlsxColumn(res.rawPayload, '风险等级')).toEqual(['较大风险']);
    const cadence = await ok(c.officerA1.get('/api/v1/risks/cadence'));
    expect(cadence.days).toEqual({ red: 30, orange: 90, yellow: 180, blue: 365 });
    expect(cadence.seasons.find((s: any) => s.season === 'flood_drowning')).toMatchObject({ from: '06-01', to: '09-30' });
  });
});

describe('the review cadence by colour is the bureau’s to change (issue 13: from the rule pack)', () => {
  it('a change is the next pack version, audited; every risk’s due day follows at once, and the board; bad input names the field; stale is 409', async () => {
    const cadence = await ok(c.bureau.get('/api/v1/risks/cadence'));
    const v = cadence.packVersion;
    const deadlines = await ok(c.bureau.get('/api/v1/incidents/deadlines'));
    // A red baseline risk last reviewed on 04-20: due 05-20 by the default 30 days.
    const guard = await ok(add(c.officerA1, { area: 'guards', place: '校门', riskName: '上下学时段校门拥堵踩踏', likelihood: 4, severity: 5, riskKind: 'baseline', season: null, identifiedOn: '2026-04-20' }), 201);
    expect(guard).toMatchObject({ level: 'red', reviewDueOn: '2026-05-20', reviewState: 'due_soon' });

    const before = await rows();
    const patch = (client: Client, body: Record<string, unknown>) => client.patch('/api/v1/risks/cadence', { version: v, reason: '区安委会要求重大风险每半月复核', ...body });
    const bad = async (body: Record<string, unknown>) => (await refused(patch(c.bureau, body))).details[0];
    expect(await bad({ days: { red: 0 } })).toMatchObject({ field: 'days.red', message: '重大风险的复核周期须为 1 到 548 天的整数' });
    expect((await refused(patch(c.bureau, { days: { red: 0 } }))).message).toBe('复核周期：重大风险的复核周期须为 1 到 548 天的整数');
    expect((await bad({ days: { blue: 549 } })).field).toBe('days.blue');
    expect((await bad({ days: { yellow: 'x' } })).field).toBe('days.yellow');
    expect((await bad({ days: { orange: 2.5 } })).field).toBe('days.orange');
    expect(await bad({ days: { orange: 20 } })).toMatchObject({ field: 'days.orange', message: '较大风险的复核周期（20 天）不能短于重大风险（30 天）' });
    expect(await bad({ leadDays: 91 })).toMatchObject({ field: 'leadDays', message: '提前复核天数须为 1 到 90 天的整数' });
    expect((await refused(patch(c.bureau, { leadDays: 0 }))).message).toBe('提前复核天数：提前复核天数须为 1 到 90 天的整数');
    expect(await bad({ days: { red: 30 } })).toMatchObject({ field: 'days.red', message: '没有修改任何复核周期或提前天数' });
    expect((await bad({ days: { red: 15 }, reason: ' ' })).field).toBe('reason');
    // Only whoever keeps the rule pack: a school's officer and a town are refused.
    expect((await refused(patch(c.officerA1, { days: { red: 15 } }), 403)).code).toBe('FORBIDDEN');
    expect((await refused(patch(c.townA, { days: { red: 15 } }), 403)).code).toBe('FORBIDDEN');
    expect(await rows()).toEqual(before);
    expect((await ok(c.bureau.get('/api/v1/risks/cadence'))).packVersion).toBe(v);

    const changed = await ok(patch(c.bureau, { days: { red: 15 }, leadDays: 21 }));
    expect(changed).toMatchObject({ packVersion: v + 1, days: { red: 15, orange: 90, yellow: 180, blue: 365 }, leadDays: 21 });
    expect(changed.notes[0]).toContain('教育局已调整复核周期');
    // The bands and seasons travel unchanged, and so do the rules and the incidents' deadlines.
    expect(changed.bands).toEqual(cadence.bands);
    expect(changed.seasons).toEqual(cadence.seasons);
    expect((await ok(c.bureau.get('/api/v1/rules'))).version).toBe(v + 1);
    expect(await ok(c.bureau.get('/api/v1/incidents/deadlines'))).toEqual({ ...deadlines, packVersion: v + 1 });
    const [event] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'rule_pack')).orderBy(sql`${auditEvents.id} desc`).limit(1);
    expect(event.before).toMatchObject({ version: v, riskReviewDays: { days: { red: 30 }, leadDays: 14 } });
    expect(event.after).toMatchObject({ version: v + 1, riskReviewDays: { days: { red: 15 }, leadDays: 21 }, reason: '区安委会要求重大风险每半月复核' });

    // Red every 15 days: the risk reviewed on 04-20 was due on 05-05 and is overdue; the board says so.
    expect(await ok(c.officerA1.get(`/api/v1/risks/${guard.id}`))).toMatchObject({ reviewDueOn: '2026-05-05', reviewReason: '重大风险每 15 天复核', reviewState: 'overdue' });
    const f = await findingOf(c.officerA1, tree.schoolA1.id, 'risk.review_on_time');
    expect(f.status).toBe('missed');
    expect(f.explanation).toContain('上下学时段校门拥堵踩踏（应于 2026-05-05 前）');

    // Someone else's change came first: the old version is refused and nothing is written.
    const after = await rows();
    expect((await refused(patch(c.bureau, { days: { red: 20 } }), 409)).code).toBe('STALE_VERSION');
    expect(await rows()).toEqual(after);
  });
});
