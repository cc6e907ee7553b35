// The compute of every unit reads the heavy sources in brief (counted in SQL, issue 14's < 10 s);
// opening a unit reads them in full. Both must score alike: on a district with mixed data (periods
// met and missed, a school that joined mid-year, staff trained, untrained, left or trained twice,
// a voided training), every source read both ways gives every unit the same (met, day) items and
// the same score, and the stored figures of a compute match the items the drill-down lists.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME, scoreUnit, type AssessmentSourceFacts, type EvidenceItem, type ScoredKind } from '../../domain/assessment.js';
import { staffMembers, trainings } from '../db/schema.js';
import { recordPeriods } from '../compliance/periods.service.js';
import { buildTree, ok, startWithTree, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { SOURCES, type AssessedUnit } from './sources.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'officerA1' | 'officerB1' | 'bureau', Client>;

const TODAY = '2026-05-10';
const YEAR = 2026;
const B1_JOINED = '2026-04-01';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tree) => ({
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
  })));
  const db = t.database.db;
  await db.execute(sql`update units set created_at = '2025-08-01T00:00:00Z' where district_id = ${tree.districtId}`);
  await db.execute(sql`update units set created_at = ${`${B1_JOINED}T00:00:00Z`} where id = ${tree.schoolB1.id}`);
  // Drills in some months only: monthly periods met and missed at two schools (001 item 6).
  const drill = (who: Client, schoolId: number, heldOn: string) =>
    ok(who.post('/api/v1/drills', { schoolId, heldOn, kind: 'fire', participants: 300, evacuationSeconds: 150, observers: '区消防支队', problems: '无' }), 201);
  await drill(c.officerA1, tree.schoolA1.id, '2026-02-20');
  await drill(c.officerA1, tree.schoolA1.id, '2026-04-08');
  await drill(c.officerB1, tree.schoolB1.id, '2026-04-15');

  const [{ id: by }] = ((await db.execute(sql`select id from users where district_id = ${tree.districtId} limit 1`)) as unknown as { rows: Array<{ id: number }> }).rows;
  const staff = async (school: typeof tree.schoolA1, name: string, o: { leftOn?: string; createdAt?: string } = {}) => {
    const [m] = await db
      .insert(staffMembers)
      .values({ districtId: tree.districtId, schoolId: school.id, schoolPath: school.path, name, posts: [], createdByName: '测试', leftOn: o.leftOn ?? null, createdBy: by, ...(o.createdAt ? { createdAt: new Date(o.createdAt) } : {}) })
      .returning();
    return m;
  };
  const train = (school: typeof tree.schoolA1, staffId: number, endsOn: string, status = 'recorded') =>
    db.insert(trainings).values({ districtId: tree.districtId, schoolId: school.id, schoolPath: school.path, staffId, course: '消防安全', hours: 2, startsOn: endsOn, endsOn, provider: '区消防支队', status, createdBy: by, createdByName: '测试' });
  const a = await staff(tree.schoolA1, '张一');
  const b = await staff(tree.schoolA1, '张二');
  const d = await staff(tree.schoolA1, '张三');
  await staff(tree.schoolA1, '张四', { leftOn: '2025-12-20' }); // left before the year: not counted
  await staff(tree.schoolA1, '张五', { createdAt: '2027-01-03T02:00:00Z' }); // on the books after the year
  const e = await staff(tree.schoolB1, '李一');
  const f = await staff(tree.schoolB1, '李二', { leftOn: '2026-03-01' }); // left during the year: counted
  await train(tree.schoolA1, a.id, '2026-03-02');
  await train(tree.schoolA1, a.id, '2026-04-02'); // trained twice: one staff member met
  await train(tree.schoolA1, b.id, '2025-11-02'); // last year only: not met
  await train(tree.schoolA1, d.id, '2026-03-10', 'voided'); // voided: not met
  await train(tree.schoolB1, e.id, '2026-04-20');
  await train(tree.schoolB1, f.id, '2026-02-01');
  await recordPeriods(db, tree.districtId, `${YEAR}-01-01`, `${YEAR}-12-31`, TODAY);
});
afterAll(() => t.close());

const key = (i: EvidenceItem) => `${i.ok}|${i.on}`;
const sorted = (items: EvidenceItem[] | undefined) => (items ?? []).map(key).sort();

describe('brief and full reads of the sources score alike (issue 14: the compute of every unit)', () => {
  it('every source gives every unit the same met/day items and the same score both ways', async () => {
    const found = ((await t.database.db.execute(
      sql`select id, kind, name, areas, (created_at at time zone 'Asia/Shanghai')::date::text as joined from units where district_id = ${tree.districtId} and kind in ('school','department') and status = 'active'`,
    )) as unknown as { rows: Array<{ id: number; kind: ScoredKind; name: string; areas: string[]; joined: string }> }).rows;
    const units: AssessedUnit[] = found.map((u) => ({ id: u.id, kind: u.kind, name: u.name, areas: u.areas }));
    const base = { db: t.database.db, districtId: tree.districtId, year: YEAR, from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, today: TODAY };
    const full: AssessmentSourceFacts[] = found.map(() => ({}));
    const brief: AssessmentSourceFacts[] = found.map(() => ({}));
    for (const s of SOURCES) {
      const mine = units.filter((u) => s.kinds.includes(u.kind));
      const [f, b] = [await s.read({ ...base, units: mine }), await s.read({ ...base, units: mine, brief: true })];
      found.forEach((u, k) => {
        if (!s.kinds.includes(u.kind)) return;
        expect({ unit: u.name, source: s.source, items: sorted(b.get(u.id)) }).toEqual({ unit: u.name, source: s.source, items: sorted(f.get(u.id)) });
        full[k][s.source] = { available: true, items: f.get(u.id) ?? [] };
        brief[k][s.source] = { available: true, items: b.get(u.id) ?? [] };
      });
    }
    found.forEach((u, k) => {
      const opts = { joinedOn: u.joined > `${YEAR}-01-01` ? u.joined : null };
      expect({ unit: u.name, ...scoreUnit(DEFAULT_SCHEME, brief[k], opts) }).toEqual({ unit: u.name, ...scoreUnit(DEFAULT_SCHEME, full[k], opts) });
    });

    // The data is mixed, so the comparison can fail: periods met and missed, staff trained and not,
    // and the brief reads did run (their compliance items carry no label).
    const a1 = found.findIndex((u) => u.id === tree.schoolA1.id);
    const b1 = found.findIndex((u) => u.id === tree.schoolB1.id);
    const okOf = (facts: AssessmentSourceFacts, src: 'compliance' | 'training') => facts[src]!.items.map((i) => i.ok);
    expect(okOf(full[a1], 'compliance')).toContain(true);
    expect(okOf(full[a1], 'compliance')).toContain(false);
    expect(okOf(full[a1], 'training').sort()).toEqual([false, false, true]);
    expect(okOf(full[b1], 'training').sort()).toEqual([true, true]);
    expect(brief[a1].compliance!.items.every((i) => i.label === '')).toBe(true);
    // The school that joined in April: its periods ended before then do not count, both ways.
    const early = full[b1].compliance!.items.filter((i) => i.on !== null && i.on < B1_JOINED).length;
    expect(early).toBeGreaterThan(0);
  });

  it('the computed figures match the records a school opens to', async () => {
    await ok(c.bureau.put('/api/v1/assessment/scheme', { year: YEAR, indicators: DEFAULT_SCHEME.indicators, grades: DEFAULT_SCHEME.grades, reason: '按 001 第22条 制定年度考核方案' }));
    await ok(c.bureau.post('/api/v1/assessment/compute', { year: YEAR }));
    for (const school of [tree.schoolA1, tree.schoolA2]) {
      const d = await ok(c.bureau.get(`/api/v1/assessment/scores/${school.id}?year=${YEAR}`));
      for (const code of ['compliance', 'training']) {
        const ind = d.indicators.find((i: any) => i.code === code);
        expect({ school: school.name, code, total: ind.figure.total, met: ind.figure.met }).toEqual({
          school: school.name,
          code,
          total: ind.items.length,
          met: ind.items.filter((i: any) => i.ok).length,
        });
      }
    }
  });
});
