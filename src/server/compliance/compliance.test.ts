// Compliance from the drill ledger through the API (issue 4): a missed rule turns met once the
// drill is recorded, a school sees its own card, filters by status, stage, town, and months in the
// summer holiday of the school calendar are not judged.
import { STORED_LEDGERS } from './ledger-readers.js';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema.js';
import { buildTree, findingOf, ok, startWithTree, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'kg' | 'officerB1' | 'townA' | 'dept' | 'bureau' | 'leader' | 'teacher';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';
const at = (day: string) => new Date(`${day}T02:00:00Z`);

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tree) => ({
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    kg: [tree.schoolA2, ['principal']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
    dept: [tree.department, ['department_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    leader: [tree.bureau, ['bureau_leader']],
    teacher: [tree.schoolA1, ['teacher']],
  })));
});
afterAll(() => t.close());


const drill = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/drills', { schoolId, heldOn: TODAY, kind: 'fire', participants: 300, evacuationSeconds: 150, observers: '区消防支队 张警官', problems: '三楼东侧楼梯口拥堵', ...over });

describe('compliance from the drill ledger', () => {
  it('a kindergarten with no drill last quarter is missed; a drill this quarter makes it met (001 第6条, 000 第17条)', async () => {
    const card = await ok(c.kg.get('/api/v1/compliance'));
    // A school sees its own card only, and only the rules whose ledger is kept are judged.
    expect(new Set(card.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolA2.id]));
    const pending = card.pendingLedgers.map((p: any) => p.ledger);
    expect(pending).not.toContain('drills');
    expect(card.items.some((f: any) => pending.includes(f.ledger))).toBe(false);
    expect(card.evaluatedRules.map((r: any) => r.code)).toContain('drill.quarterly_kindergarten');
    // Pending are exactly the ledgers without a reader yet; every judged rule reads a stored ledger.
    expect(pending.every((l: any) => !STORED_LEDGERS.has(l))).toBe(true);
    expect(card.evaluatedRules.every((r: any) => STORED_LEDGERS.has(r.ledger))).toBe(true);
    // A kindergarten is not judged by the primary and secondary schools' monthly rule.
    expect(card.items.some((f: any) => f.ruleCode === 'drill.monthly')).toBe(false);

    const before = card.items.find((f: any) => f.ruleCode === 'drill.quarterly_kindergarten');
    expect(before).toMatchObject({ status: 'missed', value: 0, target: 1, period: { key: '2026-Q1' }, dueOn: '2026-03-31' });
    expect(before.explanation).toContain('上季度应急疏散演练 0 次');
    expect(before.explanation).toContain('001 第6条');

    const d = await ok(drill(c.kg, tree.schoolA2.id, { kind: 'nap_time', heldOn: '2026-05-08', participants: 180 }), 201);
    expect(d).toMatchObject({ schoolId: tree.schoolA2.id, kind: 'nap_time', status: 'recorded', version: 1, heldOn: '2026-05-08' });
    const after = await findingOf(c.kg, tree.schoolA2.id, 'drill.quarterly_kindergarten');
    expect(after).toMatchObject({ status: 'met', value: 1, period: { key: '2026-Q2' }, recordIds: [d.id] });
    expect(after.explanation).toContain('本季度应急疏散演练 1 次');
    // The bureau sees the same finding.
    expect((await findingOf(c.bureau, tree.schoolA2.id, 'drill.quarterly_kindergarten')).status).toBe('met');
  });

  it('a primary school misses the monthly drill of last month until it is recorded (000 第17条, 001 第6条)', async () => {
    const before = await findingOf(c.officerA1, tree.schoolA1.id, 'drill.monthly');
    expect(before).toMatchObject({ status: 'missed', period: { key: '2026-04' }, value: 0, target: 1 });
    expect(before.explanation).toContain('上月');
    const d = await ok(drill(c.officerA1, tree.schoolA1.id, { heldOn: '2026-04-15', kind: 'earthquake' }), 201);
    const after = await findingOf(c.officerA1, tree.schoolA1.id, 'drill.monthly');
    // May is not due yet (21 days left > 14) and April was met.
    expect(after).toMatchObject({ status: 'met', period: { key: '2026-05' }, value: 0, dueOn: '2026-05-31' });
    // Filters: status and stage.
    const missed = await ok(c.bureau.get('/api/v1/compliance?status=missed&ruleCode=drill.monthly'));
    expect(missed.items.map((f: any) => f.unitId)).toContain(tree.schoolB1.id);
    expect(missed.items.map((f: any) => f.unitId)).not.toContain(tree.schoolA1.id);
    expect(missed.summary.missed).toBe(missed.total);
    const kgs = await ok(c.bureau.get('/api/v1/compliance?stage=kindergarten'));
    expect(new Set(kgs.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolA2.id]));
    const town = await ok(c.townA.get('/api/v1/compliance'));
    expect(new Set(town.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolA1.id, tree.schoolA2.id]));
    const byTown = await ok(c.dept.get(`/api/v1/compliance?townId=${tree.townB.id}`));
    expect(new Set(byTown.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolB1.id]));
    expect(d.id).toBeGreaterThan(0);
  });

  it('months wholly in the summer holiday of the school calendar are not judged: in August, July is (001 第6条)', async () => {
    const cal = {
      semesters: [
        { startsOn: '2025-09-01', endsOn: '2026-01-23' },
        { startsOn: '2026-02-23', endsOn: '2026-07-03' },
      ],
      holidays: [{ name: '国庆节', startsOn: '2025-10-01', endsOn: '2025-10-07' }],
    };
    t.now.value = at('2026-08-25');
    try {
      await ok(drill(c.officerB1, tree.schoolB1.id, { heldOn: '2026-07-02' }), 201);
      // Without a calendar August is judged, due in six days.
      expect((await findingOf(c.officerB1, tree.schoolB1.id, 'drill.monthly')).status).toBe('due_soon');
      // Only the bureau sets calendars.
      expect((await c.officerB1.put('/api/v1/school-calendars/2025-2026', cal)).statusCode).toBe(403);
      const saved = await ok(c.bureau.put('/api/v1/school-calendars/2025-2026', cal));
      expect(saved).toMatchObject({ schoolYear: '2025-2026', version: 1, holidays: [{ name: '国庆节' }] });
      const f = await findingOf(c.officerB1, tree.schoolB1.id, 'drill.monthly');
      expect(f).toMatchObject({ status: 'met', period: { key: '2026-07' }, value: 1 });
      expect((await ok(c.officerB1.get('/api/v1/school-calendars/2025-2026'))).version).toBe(1);
      // A stale calendar write is refused; a fresh one bumps the version.
      const v2 = await ok(c.bureau.put('/api/v1/school-calendars/2025-2026', { ...cal, version: 1 }));
      expect(v2.version).toBe(2);
      const stale = await c.bureau.put('/api/v1/school-calendars/2025-2026', { ...cal, version: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('STALE_VERSION');
      const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'school_calendar')).orderBy(asc(auditEvents.id));
      expect(events.map((e) => e.action)).toEqual(['create', 'update']);
    } finally {
      t.now.value = at(TODAY);
    }
  });
});
