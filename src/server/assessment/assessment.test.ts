// The yearly assessment through the API (issue 14): the scheme (weights sum to 100, versioned,
// audited), the year's compliance record as of a day, computing every unit, opening a school's
// score down to its records, the adjustment with a written reason, publishing, scope (another
// school's score is a 404), the Excel export and the year-end report.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from '../../domain/assessment.js';
import { auditEvents, hazards } from '../db/schema.js';
import { buildTree, ok, refused, startWithTree, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { incidentsSource, tasksSource, vetoItems } from './sources.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'townA' | 'bureau' | 'leader';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';
const YEAR = 2026;

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tree) => ({
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    leader: [tree.bureau, ['bureau_leader']],
  })));
  const db = t.database.db;
  // The district's units have been on the books since before the year; schoolB1 joined in April.
  await db.execute(sql`update units set created_at = '2025-08-01T00:00:00Z' where district_id = ${tree.districtId}`);
  await db.execute(sql`update units set created_at = '2026-04-01T00:00:00Z' where id = ${tree.schoolB1.id}`);
  // Hazards that went through the loop: one closed in time, one closed late, one open past its deadline.
  const h = (code: string, deadline: string, closedAt: string | null, grade = 'general') => ({
    districtId: tree.districtId,
    code,
    schoolId: tree.schoolA1.id,
    schoolPath: tree.schoolA1.path,
    area: 'fire_chemicals',
    location: '教学楼',
    description: `灭火器过期 ${code}`,
    grade,
    source: 'report',
    foundOn: '2026-01-05',
    foundByName: '检查员',
    deadline,
    status: closedAt ? 'closed' : 'rectifying',
    closedAt: closedAt ? new Date(closedAt) : null,
  });
  await db.insert(hazards).values([h('YH-1', '2026-02-01', '2026-01-20T02:00:00Z'), h('YH-2', '2026-02-01', '2026-03-01T02:00:00Z'), h('YH-3', '2026-03-01', null, 'major')]);
  // A drill in February at schoolA1: February met, January and March missed (000 item 17, 001 item 6).
  await ok(
    c.officerA1.post('/api/v1/drills', { schoolId: tree.schoolA1.id, heldOn: '2026-02-20', kind: 'fire', participants: 300, evacuationSeconds: 150, observers: '区消防支队', problems: '无' }),
    201,
  );
});
afterAll(() => t.close());

const scheme = (over: Record<string, unknown> = {}) => ({ year: YEAR, indicators: DEFAULT_SCHEME.indicators, grades: DEFAULT_SCHEME.grades, reason: '按 001 第22条 制定年度考核方案', ...over });

describe('the scheme (001 item 22)', () => {
  it('starts from the default, refuses weights not summing to 100 naming the field, saves versions, audited', async () => {
    const first = await ok(c.bureau.get(`/api/v1/assessment/scheme?year=${YEAR}`));
    expect(first).toMatchObject({ version: 0, mayManage: true, history: [] });
    const bad = await refused(c.bureau.put('/api/v1/assessment/scheme', scheme({ indicators: DEFAULT_SCHEME.indicators.map((i) => ({ ...i, weight: i.code === 'compliance' ? 20 : i.weight })) })));
    expect(bad.details[0]).toMatchObject({ field: 'indicators' });
    expect(bad.message).toContain('权重之和须为 100，现为 90');
    const noReason = await refused(c.bureau.put('/api/v1/assessment/scheme', scheme({ reason: ' ' })));
    expect(noReason.details[0].field).toBe('reason');
    await refused(c.officerA1.put('/api/v1/assessment/scheme', scheme()), 403);

    const v1 = await ok(c.bureau.put('/api/v1/assessment/scheme', scheme()));
    expect(v1).toMatchObject({ version: 1, reason: '按 001 第22条 制定年度考核方案' });
    await refused(c.bureau.put('/api/v1/assessment/scheme', scheme()), 409); // no version: stale
    const weights = DEFAULT_SCHEME.indicators.map((i) => ({ ...i, weight: i.code === 'compliance' ? 35 : i.code === 'letters' ? 0.5 : i.code === 'tasks' ? 4.5 : i.weight }));
    const v2 = await ok(c.bureau.put('/api/v1/assessment/scheme', scheme({ version: 1, indicators: weights, reason: '提高台账达标权重' })));
    expect(v2.version).toBe(2);
    expect(v2.history.map((h: any) => h.version)).toEqual([2, 1]);
    expect(v2.history[0].weights.compliance).toBe(35);
    const audits = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'assessment_scheme'), eq(auditEvents.objectId, String(YEAR))));
    expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
  });
});

describe("the year's compliance record as of a day", () => {
  it('lists a school’s periods per rule with their findings; a missed month stays listed after the next one is met', async () => {
    const rec = await ok(c.officerA1.get(`/api/v1/compliance/periods?unitId=${tree.schoolA1.id}&asOf=2026-03-15`));
    const monthly = rec.rules.find((r: any) => r.ruleCode === 'drill.monthly');
    expect(monthly.periods.map((p: any) => [p.period.key, p.status, p.closed])).toEqual([
      ['2026-01', 'missed', true],
      ['2026-02', 'met', true],
      ['2026-03', expect.any(String), false],
    ]);
    expect(monthly.periods[1].recordIds).toHaveLength(1);
    // Another school's record is not found; a day after today is refused naming the field.
    await refused(c.officerA1.get(`/api/v1/compliance/periods?unitId=${tree.schoolB1.id}`), 404);
    expect((await refused(c.officerA1.get(`/api/v1/compliance/periods?unitId=${tree.schoolA1.id}&asOf=2026-06-01`))).details[0].field).toBe('asOf');
  });
});

describe('computing, opening, adjusting and publishing', () => {
  let run: any;
  it('the bureau computes every unit; an indicator with nothing due gives and takes nothing', async () => {
    expect((await ok(c.bureau.get(`/api/v1/assessment/run?year=${YEAR}`))).status).toBe('none');
    run = await ok(c.bureau.post('/api/v1/assessment/compute', { year: YEAR }));
    expect(run).toMatchObject({ status: 'draft', schemeVersion: 2, pendingPeriodDays: 0 });
    const schools = await ok(c.bureau.get(`/api/v1/assessment/scores?year=${YEAR}&kind=school`));
    expect(schools.total).toBe(4);
    const a1 = schools.items.find((s: any) => s.unitId === tree.schoolA1.id);
    const fig = (code: string) => a1.figures.find((f: any) => f.code === code);
    // Hazards due this year: one of three closed in time; the major one open past its deadline.
    expect(fig('hazard_closure')).toMatchObject({ hasData: true, total: 3, met: 1 });
    expect(fig('major_hazards')).toMatchObject({ hasData: true, points: 5 });
    // No incident reported late, missing, false or concealed: nothing deducted. No work plan this
    // year: nothing fell due, so the indicator neither gives nor takes points.
    expect(fig('incidents')).toMatchObject({ hasData: true, total: 0, points: 5, note: '未扣分' });
    expect(fig('tasks')).toMatchObject({ hasData: false, points: null, note: '本年度无应考核事项' });
    expect(a1.score).toBeGreaterThan(0);
    expect(a1.rankInStage).toBeGreaterThan(0);
    expect(a1.rankInTown).toBeGreaterThan(0);
    // schoolB1 joined in April: January to March do not count against it.
    const b1 = schools.items.find((s: any) => s.unitId === tree.schoolB1.id);
    expect(b1.figures.find((f: any) => f.code === 'compliance').total).toBeLessThan(fig('compliance').total);
    const towns = await ok(c.bureau.get(`/api/v1/assessment/scores?year=${YEAR}&kind=town`));
    expect(towns.items.map((x: any) => x.unitId).sort()).toEqual([tree.townA.id, tree.townB.id].sort());
    const depts = await ok(c.bureau.get(`/api/v1/assessment/scores?year=${YEAR}&kind=department`));
    expect(depts.items[0].figures.find((f: any) => f.code === 'hazard_closure')).toMatchObject({ hasData: true, total: 3 });
  });

  it('a school’s score opens down to its records', async () => {
    const d = await ok(c.bureau.get(`/api/v1/assessment/scores/${tree.schoolA1.id}?year=${YEAR}`));
    const hz = d.indicators.find((i: any) => i.code === 'hazard_closure');
    expect(hz.items.map((i: any) => [i.kind, i.ok])).toEqual([
      ['hazard', false],
      ['hazard', false],
      ['hazard', true],
    ]);
    expect(hz.items[0].label).toContain('YH-2');
    const comp = d.indicators.find((i: any) => i.code === 'compliance');
    expect(comp.items.some((i: any) => i.kind === 'compliance_period' && i.label.includes('2026年1月') && !i.ok)).toBe(true);
    expect(d.mayAdjust).toBe(true);
    const town = await ok(c.bureau.get(`/api/v1/assessment/scores/${tree.townA.id}?year=${YEAR}`));
    expect(town.schools.map((s: any) => s.unitId).sort()).toEqual([tree.schoolA1.id, tree.schoolA2.id].sort());
  });

  it('an adjustment without a reason is refused; with one it is signed, audited and shown beside the computed score', async () => {
    const before = await ok(c.bureau.get(`/api/v1/assessment/scores/${tree.schoolA1.id}?year=${YEAR}`));
    const body = { year: YEAR, version: before.row.version, adjustedScore: 95 };
    expect((await refused(c.bureau.post(`/api/v1/assessment/scores/${tree.schoolA1.id}/adjust`, body))).details[0].field).toBe('reason');
    expect((await refused(c.bureau.post(`/api/v1/assessment/scores/${tree.schoolA1.id}/adjust`, { ...body, reason: '   ' }))).details[0].field).toBe('reason');
    await refused(c.leader.post(`/api/v1/assessment/scores/${tree.schoolA1.id}/adjust`, { ...body, reason: '复核' }), 403);
    const after = await ok(c.bureau.post(`/api/v1/assessment/scores/${tree.schoolA1.id}/adjust`, { ...body, reason: '隐患YH-2已于期限内整改，系统销号延误，经复核加分' }));
    expect(after.row).toMatchObject({ score: before.row.score, adjustedScore: 95, finalScore: 95, grade: 'excellent', adjustmentReason: '隐患YH-2已于期限内整改，系统销号延误，经复核加分' });
    expect(after.row.adjustedByName).toBeTruthy();
    await refused(c.bureau.post(`/api/v1/assessment/scores/${tree.schoolA1.id}/adjust`, { ...body, reason: '再次调整' }), 409); // stale version
    const [audit] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'assessment_score'));
    expect(audit.after).toMatchObject({ adjustedScore: 95 });
    // The town's score follows its schools' final scores.
    const town = await ok(c.bureau.get(`/api/v1/assessment/scores/${tree.townA.id}?year=${YEAR}`));
    expect(town.schools.find((s: any) => s.unitId === tree.schoolA1.id).finalScore).toBe(95);
  });

  it('a school sees nothing before publishing; after it, its own score only (another school: 404)', async () => {
    expect((await ok(c.officerA1.get(`/api/v1/assessment/scores?year=${YEAR}`))).items).toEqual([]);
    await refused(c.officerA1.get(`/api/v1/assessment/scores/${tree.schoolA1.id}?year=${YEAR}`), 404);
    await refused(c.officerA1.post('/api/v1/assessment/publish', { year: YEAR, version: run.version }), 403);
    const cur = await ok(c.bureau.get(`/api/v1/assessment/run?year=${YEAR}`));
    await refused(c.bureau.post('/api/v1/assessment/publish', { year: YEAR, version: cur.version + 1 }), 409);
    const pub = await ok(c.bureau.post('/api/v1/assessment/publish', { year: YEAR, version: cur.version }));
    expect(pub.status).toBe('published');
    await refused(c.bureau.post('/api/v1/assessment/compute', { year: YEAR }), 409);

    const mine = await ok(c.officerA1.get(`/api/v1/assessment/scores?year=${YEAR}`));
    expect(mine.items.map((s: any) => s.unitId)).toEqual([tree.schoolA1.id]);
    const own = await ok(c.officerA1.get(`/api/v1/assessment/scores/${tree.schoolA1.id}?year=${YEAR}`));
    expect(own.mayAdjust).toBe(false);
    await refused(c.officerA1.get(`/api/v1/assessment/scores/${tree.schoolB1.id}?year=${YEAR}`), 404);
    await refused(c.officerB1.get(`/api/v1/assessment/scores/${tree.schoolA1.id}?year=${YEAR}`), 404);
    // A town sees its own schools.
    const town = await ok(c.townA.get(`/api/v1/assessment/scores?year=${YEAR}`));
    expect(town.items.map((s: any) => s.unitId).sort()).toEqual([tree.schoolA1.id, tree.schoolA2.id].sort());
  });

  it('exports the scores to Excel and drafts the year-end report as .docx (004)', async () => {
    const x = await c.bureau.get(`/api/v1/assessment/export?year=${YEAR}&kind=school`);
    expect(x.statusCode).toBe(200);
    expect(await xlsxColumn(x.rawPayload, '调整理由')).toContain('隐患YH-2已于期限内整改，系统销号延误，经复核加分');
    const r = await c.bureau.get(`/api/v1/assessment/report?year=${YEAR}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(r.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('年度校园安全专项整治评估报告');
    expect(xml).toContain('全年排查发现隐患 3 项');
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/charts/'))).toBe(true);
    await refused(c.officerA1.get(`/api/v1/assessment/report?year=${YEAR}`), 403);
  });
});

describe('the sources that join at merge (incidents, tasks)', () => {
  it('001 item 27: a responsibility accident or a concealed incident vetoes; late and missing reports only deduct', async () => {
    const src = incidentsSource(async (_db, _d, range, unitIds) => {
      expect(range).toEqual({ from: '2026-01-01', to: '2026-12-31' });
      return [
        { incidentId: 1, code: 'SJ-1', unitId: unitIds![0], flag: 'late', occurredOn: '2026-03-02', evidence: '超时 3 小时报告' },
        { incidentId: 2, code: 'SJ-2', unitId: unitIds![0], flag: 'concealed', occurredOn: '2026-04-02', evidence: '未报告' },
        { incidentId: 3, code: 'SJ-3', unitId: unitIds![1], flag: 'missing', occurredOn: '2026-04-09', evidence: '未报告' },
      ];
    });
    const m = await src.read({ db: t.database.db, districtId: tree.districtId, year: YEAR, from: '2026-01-01', to: '2026-12-31', today: TODAY, units: [
      { id: 1, kind: 'school', name: 'a', areas: [] },
      { id: 2, kind: 'school', name: 'b', areas: [] },
    ] });
    expect(vetoItems(m.get(1))).toEqual([{ kind: 'incident', id: 2, label: 'SJ-2 瞒报' }]);
    expect(vetoItems(m.get(2))).toEqual([]);
    expect(m.get(2)![0]).toMatchObject({ ok: false, label: 'SJ-3 漏报' });
  });
  it('tasks: the done ones met, the rest not', async () => {
    const src = tasksSource(async () => new Map([[1, { due: 3, done: 2, overdue: 1, taskIds: [7, 8, 9] }]]));
    const m = await src.read({ db: t.database.db, districtId: tree.districtId, year: YEAR, from: '2026-01-01', to: '2026-12-31', today: TODAY, units: [{ id: 1, kind: 'school', name: 'a', areas: [] }] });
    expect(m.get(1)!.map((i) => i.ok)).toEqual([true, true, false]);
  });
});
