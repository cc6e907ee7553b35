// The year's compliance record (issue 14): the board as of a past day reads each school's latest
// closed period per rule; a record dated inside a stored period and entered or corrected later
// marks the school (triggers, migration 0023) and its periods are evaluated again — when its
// record is read, by the scheduler's step, and before the assessment when that is little work.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compliancePeriodMarks, compliancePeriodRuns, compliancePeriods, keyPeriods } from '../db/schema.js';
import { buildTree, ok, refused, startWithTree, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { catchUpRecord, recordPeriods, recordPeriodsStep } from './periods.service.js';
import { judgedRules } from './rollup.service.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'officerA1' | 'townA' | 'bureau', Client>;

const TODAY = '2026-05-10';
const drill = (heldOn: string) => ({ schoolId: tree.schoolA1.id, heldOn, kind: 'fire', participants: 300, evacuationSeconds: 150, observers: '区消防支队', problems: '无' });

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tree) => ({
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
  })));
  await t.database.db.execute(sql`update units set created_at = '2025-08-01T00:00:00Z' where district_id = ${tree.districtId}`);
  // February's drill only: January and March missed, February met (000 item 17, 001 item 6).
  await ok(c.officerA1.post('/api/v1/drills', drill('2026-02-20')), 201);
  // The scheduler's work, done ahead: every period-end day of the year so far.
  await recordPeriods(t.database.db, tree.districtId, '2026-01-01', '2026-12-31', TODAY);
  await t.database.db.delete(compliancePeriodMarks);
});
afterAll(() => t.close());

const monthly = async (who: Client, asOf: string) =>
  (await ok(who.get(`/api/v1/compliance?asOf=${asOf}&unitId=${tree.schoolA1.id}&ruleCode=drill.monthly`))) as {
    items: Array<{ status: string; period: { key: string }; recordIds: number[] }>;
    record: { pendingDays: number; staleSchools: number } | null;
  };
const marks = async () => (await t.database.db.select().from(compliancePeriodMarks)).map((m) => [m.unitId, m.fromDay]);

describe('/compliance as of a past day', () => {
  it('shows each school’s latest closed period per rule as it closed, in the caller’s scope', async () => {
    const feb = await monthly(c.bureau, '2026-03-15');
    expect(feb.items.map((f) => [f.period.key, f.status])).toEqual([['2026-02', 'met']]);
    expect(feb.items[0].recordIds).toHaveLength(1);
    expect(feb.record).toEqual({ pendingDays: 0, staleSchools: 0 });
    expect((await monthly(c.bureau, '2026-02-10')).items.map((f) => [f.period.key, f.status])).toEqual([['2026-01', 'missed']]);
    // Today's board is the rollup's, with no record block.
    expect((await ok(c.bureau.get(`/api/v1/compliance?unitId=${tree.schoolA1.id}&ruleCode=drill.monthly`))).record).toBeNull();

    // The whole board as of a day: the counts and the matrix read the record; a town sees its own schools.
    const board = await ok(c.bureau.get('/api/v1/compliance?asOf=2026-04-30&per=school'));
    expect(new Set(board.items.map((f: { unitId: number }) => f.unitId))).toEqual(new Set([tree.schoolA1.id, tree.schoolA2.id, tree.schoolB1.id, tree.direct.id]));
    expect(board.summary.due_soon).toBe(0);
    const town = await ok(c.townA.get('/api/v1/compliance?asOf=2026-04-30&per=school'));
    expect(new Set(town.items.map((f: { unitId: number }) => f.unitId))).toEqual(new Set([tree.schoolA1.id, tree.schoolA2.id]));
    await refused(c.townA.get(`/api/v1/compliance?asOf=2026-04-30&unitId=${tree.schoolB1.id}`), 404);
    // A day after today, or not a day, is refused naming the field.
    expect((await refused(c.bureau.get('/api/v1/compliance?asOf=2026-05-11'))).details[0].field).toBe('asOf');
    expect((await refused(c.bureau.get('/api/v1/compliance?asOf=2026-13-01'))).details[0].field).toBe('asOf');
    const x = await c.bureau.get('/api/v1/compliance/export?asOf=2026-03-15&ruleCode=drill.monthly');
    expect(x.statusCode).toBe(200);
  });
});

describe('a stored period evaluated again when a record inside it changes later', () => {
  let late: { id: number; version: number };
  it('a drill entered late for March marks the school from its day; reading its record makes March met', async () => {
    expect((await monthly(c.bureau, '2026-04-01')).items[0]).toMatchObject({ status: 'missed', period: { key: '2026-03' } });
    late = await ok(c.officerA1.post('/api/v1/drills', drill('2026-03-10')), 201);
    expect(await marks()).toEqual([[tree.schoolA1.id, '2026-03-10']]);
    // The board still shows what is stored, and says a school waits to be evaluated again.
    const stale = await monthly(c.bureau, '2026-04-01');
    expect(stale.items[0].status).toBe('missed');
    expect(stale.record).toEqual({ pendingDays: 0, staleSchools: 1 });
    // The school's record read: evaluated again from March on, the mark gone.
    const rec = await ok(c.officerA1.get(`/api/v1/compliance/periods?unitId=${tree.schoolA1.id}&asOf=2026-04-15`));
    const periods = rec.rules.find((r: { ruleCode: string }) => r.ruleCode === 'drill.monthly').periods;
    expect(periods.map((p: { period: { key: string }; status: string }) => [p.period.key, p.status])).toEqual([
      ['2026-01', 'missed'],
      ['2026-02', 'met'],
      ['2026-03', 'met'],
      ['2026-04', expect.any(String)],
    ]);
    expect(await marks()).toEqual([]);
    expect((await monthly(c.bureau, '2026-04-01')).items[0]).toMatchObject({ status: 'met', recordIds: [late.id] });
    // January and February were not touched: stored from before, still the same rows.
    const [jan] = await t.database.db
      .select()
      .from(compliancePeriods)
      .where(and(eq(compliancePeriods.unitId, tree.schoolA1.id), eq(compliancePeriods.ruleCode, 'drill.monthly'), eq(compliancePeriods.periodKey, '2026-01')));
    expect(jan.status).toBe('missed');
  });

  it('a correction moving the drill out of March marks March from the old day; the scheduler’s step makes it missed again', async () => {
    await ok(c.officerA1.patch(`/api/v1/drills/${late.id}`, { version: late.version, heldOn: '2026-05-09' }));
    expect(await marks()).toEqual([[tree.schoolA1.id, '2026-03-10']]);
    await recordPeriodsStep(t.database.db, tree.districtId, TODAY);
    expect(await marks()).toEqual([]);
    expect((await monthly(c.bureau, '2026-04-01')).items[0]).toMatchObject({ status: 'missed', period: { key: '2026-03' } });
  });

  it('a record dated today or later marks nothing (no stored period holds it)', async () => {
    const today = (await t.database.db.execute(sql`select (now() at time zone 'Asia/Shanghai')::date::text as d`)) as unknown as { rows: Array<{ d: string }> };
    await t.database.db.execute(sql`update drills set held_on = ${today.rows[0].d}::date where id = ${late.id}`);
    // The old row (2026-05-09) marks; the new one alone would not.
    expect(await marks()).toEqual([[tree.schoolA1.id, '2026-05-09']]);
    await t.database.db.delete(compliancePeriodMarks);
    await t.database.db.execute(sql`update drills set participants = 301 where id = ${late.id}`);
    expect(await marks()).toEqual([]);
  });
});

describe('the assessment reads the record without building it in the request when that is much work', () => {
  it('a day not recorded yet is recorded by the compute only within its bound; the run says what is missing', async () => {
    const db = t.database.db;
    await db.delete(compliancePeriods).where(and(eq(compliancePeriods.districtId, tree.districtId), eq(compliancePeriods.endsOn, '2026-04-30')));
    await db.delete(compliancePeriodRuns).where(and(eq(compliancePeriodRuns.districtId, tree.districtId), eq(compliancePeriodRuns.asOf, '2026-04-30')));
    expect((await ok(c.bureau.get('/api/v1/assessment/run?year=2026'))).pendingPeriodDays).toBe(1);
    // Four schools × one day is more than a bound of 3 school-days: left to the scheduler.
    await catchUpRecord(db, tree.districtId, '2026-01-01', '2026-12-31', TODAY, 3);
    expect((await ok(c.bureau.get('/api/v1/assessment/run?year=2026'))).pendingPeriodDays).toBe(1);
    expect((await monthly(c.bureau, '2026-04-30')).record).toEqual({ pendingDays: 1, staleSchools: 0 });
    await catchUpRecord(db, tree.districtId, '2026-01-01', '2026-12-31', TODAY, 4);
    expect((await ok(c.bureau.get('/api/v1/assessment/run?year=2026'))).pendingPeriodDays).toBe(0);
    expect((await monthly(c.bureau, '2026-04-30')).items[0].period.key).toBe('2026-04');
  });
});

describe('the record of a state (a rule of no period)', () => {
  it('keeps its finding at each month’s end as the month’s state, not on the other days a period ends (last: it adds a key period)', async () => {
    const { judged } = await judgedRules(t.database.db, tree.districtId);
    const states = judged.filter((r) => r.period === 'current').map((r) => r.code);
    expect(states.length).toBeGreaterThan(0);
    const rows = await t.database.db.select().from(compliancePeriods).where(and(eq(compliancePeriods.districtId, tree.districtId), inArray(compliancePeriods.ruleCode, states)));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.periodKey).toBe(`state:${r.endsOn.slice(0, 7)}`);
      expect(addDays(r.endsOn, 1).endsWith('-01')).toBe(true);
      expect(r.period).toMatchObject({ kind: 'current', key: r.periodKey, label: `${Number(r.endsOn.slice(0, 4))}年${Number(r.endsOn.slice(5, 7))}月末` });
    }
    // A key period ending in mid-April: its day is recorded with the key period's findings, and no state's.
    await t.database.db.insert(keyPeriods).values({ districtId: tree.districtId, name: '春季安保', startsOn: '2026-04-10', endsOn: '2026-04-15' });
    await recordPeriods(t.database.db, tree.districtId, '2026-04-15', '2026-04-15', TODAY);
    const mid = await t.database.db.select().from(compliancePeriods).where(and(eq(compliancePeriods.districtId, tree.districtId), eq(compliancePeriods.endsOn, '2026-04-15')));
    expect(mid.length).toBeGreaterThan(0);
    expect(mid.filter((r) => states.includes(r.ruleCode))).toEqual([]);
  });
});
