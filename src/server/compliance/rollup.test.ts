// The compliance rollup (issue 4: the bureau page under 300 ms reads kept findings, refreshed when
// records change or by the scheduler): triggers mark the school whose records change, a read
// evaluates only the marked schools, the whole district when the day, the pack or the calendars
// change; the page's counts by town, the matrix paged by school and the monthly trend.
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceDirty, complianceFindings, complianceMonthly, complianceRollups, drills, units } from '../db/schema.js';
import { buildSchool, buildTree, buildUser, login, ok, type Client } from '../test/factories.js';
import { onPostgres, startTestApp, testConfig, type TestContext } from '../test/harness.js';
import { buildApp } from '../app.js';
import { openPostgres, readsInParallel, type Database } from '../db/client.js';
import { backfillTrend, evaluateSchools, judgedRules, refreshRollup } from './rollup.service.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let officer: Client;
let bureau: Client;
let town: Client;
let bureauName: string;

const TODAY = '2026-05-10';
const at = (day: string) => new Date(`${day}T02:00:00Z`);

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = at(TODAY);
  const db = t.database.db;
  tree = await buildTree(db);
  officer = await login(t.app, (await buildUser(db, tree.schoolA1, ['school_safety_officer'])).username);
  bureauName = (await buildUser(db, tree.bureau, ['bureau_admin'])).username;
  bureau = await login(t.app, bureauName);
  town = await login(t.app, (await buildUser(db, tree.townA, ['town_officer'])).username);
});
afterAll(() => t.close());

const districtId = () => tree.districtId;
const dirtyIds = async () => (await t.database.db.select({ id: complianceDirty.unitId }).from(complianceDirty)).map((d) => d.id).sort();

describe('the compliance rollup', () => {
  it('a read evaluates the district once, then only the school whose drill changed', async () => {
    await ok(bureau.get('/api/v1/compliance?pageSize=1'));
    const [state] = await t.database.db.select().from(complianceRollups).where(eq(complianceRollups.districtId, districtId()));
    expect(state).toMatchObject({ asOf: TODAY });
    expect(await dirtyIds()).toEqual([]);
    const rows = await t.database.db.select().from(complianceFindings).where(eq(complianceFindings.districtId, districtId()));
    expect(new Set(rows.map((r) => r.unitId))).toEqual(new Set([tree.schoolA1.id, tree.schoolA2.id, tree.schoolB1.id, tree.direct.id]));

    // The drill's insert marks its school (a statement trigger), and the next read takes just that school.
    const d = await ok(officer.post('/api/v1/drills', { schoolId: tree.schoolA1.id, heldOn: TODAY, kind: 'fire', participants: 100 }), 201);
    expect(await dirtyIds()).toEqual([tree.schoolA1.id]);
    const r = await refreshRollup(t.database.db, districtId(), TODAY);
    expect(r).toMatchObject({ mode: 'partial', evaluatedSchools: 1 });
    expect(await dirtyIds()).toEqual([]);
    const [f] = await t.database.db.select().from(complianceFindings).where(eq(complianceFindings.unitId, tree.schoolA1.id)).then((x) => x.filter((y) => y.ruleCode === 'drill.monthly'));
    expect(f).toMatchObject({ status: 'met', recordIds: [String(d.id)] });
    expect((await refreshRollup(t.database.db, districtId(), TODAY)).mode).toBe('fresh');

    // An update and a delete mark it too (voiding is an update).
    await ok(officer.post(`/api/v1/drills/${d.id}/void`, { version: 1, voidReason: '登记错误' }));
    expect(await dirtyIds()).toEqual([tree.schoolA1.id]);
    const after = await ok(bureau.get(`/api/v1/compliance?unitId=${tree.schoolA1.id}&ruleCode=drill.monthly`));
    expect(after.items[0].status).not.toBe('met');
    expect(await dirtyIds()).toEqual([]);
    await t.database.db.delete(drills).where(eq(drills.id, d.id));
    expect(await dirtyIds()).toEqual([tree.schoolA1.id]);
  });

  it('a bulk write of many records of one school marks it once (an import, the demo)', async () => {
    const base = { districtId: districtId(), schoolId: tree.schoolB1.id, schoolPath: tree.schoolB1.path, kind: 'fire', participants: 10, createdBy: 1, createdByName: '导入' };
    await t.database.db.insert(drills).values([
      { ...base, heldOn: '2026-03-02' },
      { ...base, heldOn: '2026-04-02' },
    ]);
    expect(await dirtyIds()).toContain(tree.schoolB1.id);
    await refreshRollup(t.database.db, districtId(), TODAY);
    expect(await dirtyIds()).toEqual([]);
  });

  it('a new day, a calendar change or a school attribute change evaluates again', async () => {
    await refreshRollup(t.database.db, districtId(), TODAY);
    expect((await refreshRollup(t.database.db, districtId(), '2026-05-11')).mode).toBe('full');
    expect((await refreshRollup(t.database.db, districtId(), TODAY)).mode).toBe('full');

    // The bureau's key period drops the district's state: everyone is judged against it.
    await ok(bureau.post('/api/v1/key-periods', { name: '端午节', startsOn: '2026-06-19', endsOn: '2026-06-21' }), 201);
    expect(await t.database.db.select().from(complianceRollups)).toEqual([]);
    expect((await refreshRollup(t.database.db, districtId(), TODAY)).mode).toBe('full');

    // A school becoming a boarding school is judged again, alone.
    await t.database.db.update(units).set({ boarding: true }).where(eq(units.id, tree.schoolB1.id));
    expect(await dirtyIds()).toEqual([tree.schoolB1.id]);
    expect(await refreshRollup(t.database.db, districtId(), TODAY)).toMatchObject({ mode: 'partial', evaluatedSchools: 1 });
    const b1 = await ok(bureau.get(`/api/v1/compliance?unitId=${tree.schoolB1.id}`));
    expect(b1.items.some((f: any) => f.ruleCode === 'drill.night_boarding')).toBe(true);
  });

  it('writes only the findings that changed and deletes those no longer found (issue 15 speed)', async () => {
    const db = t.database.db;
    const f = complianceFindings;
    const kept = async () => new Map((await db.select().from(f).where(eq(f.districtId, districtId()))).map((r) => [`${r.unitId} ${r.ruleCode}`, r]));
    await refreshRollup(db, districtId(), TODAY);
    const before = await kept();
    // The same day again: every finding is the same, none is written.
    expect(await refreshRollup(db, districtId(), TODAY, { force: true })).toMatchObject({ mode: 'full', changedFindings: 0 });

    // A drill changes its school's finding; the others' rows are left as they were.
    const base = { districtId: districtId(), schoolId: tree.schoolA2.id, schoolPath: tree.schoolA2.path, kind: 'fire', participants: 10, createdBy: 1, createdByName: '导入' };
    const [d] = await db.insert(drills).values({ ...base, heldOn: TODAY }).returning();
    const r = await refreshRollup(db, districtId(), TODAY);
    expect(r).toMatchObject({ mode: 'partial', evaluatedSchools: 1 });
    expect(r.changedFindings).toBeGreaterThan(0);
    const after = await kept();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...after].filter(([k, row]) => JSON.stringify(row) !== JSON.stringify(before.get(k))).map(([k]) => k);
    // School A2 is a kindergarten: its drill rule is quarterly.
    expect(changed).toEqual([`${tree.schoolA2.id} drill.quarterly_kindergarten`]);
    expect(after.get(changed[0])!.recordIds).toContain(String(d.id));

    // A finding of a rule no longer judged (a pack changed meanwhile) is deleted by the next evaluation.
    await db.insert(f).values({ districtId: districtId(), unitId: tree.schoolA2.id, unitPath: tree.schoolA2.path, ruleCode: 'drill.retired', status: 'missed', explanation: '旧规则' });
    expect(await refreshRollup(db, districtId(), TODAY, { force: true })).toMatchObject({ changedFindings: 1 });
    expect((await kept()).has(`${tree.schoolA2.id} drill.retired`)).toBe(false);
    await db.delete(drills).where(eq(drills.id, d.id));
  });

  it('counts by town add up to the summary; the matrix is paged by school with whole rows; scope holds', async () => {
    const all = await ok(bureau.get('/api/v1/compliance?pageSize=1000'));
    const sum = (k: 'met' | 'dueSoon' | 'missed') => all.byTown.reduce((n: number, x: any) => n + x[k], 0);
    expect(sum('met')).toBe(all.summary.met);
    expect(sum('missed')).toBe(all.summary.missed);
    expect(sum('dueSoon')).toBe(all.summary.due_soon);
    expect(all.summary.met + all.summary.missed + all.summary.due_soon + all.summary.not_applicable).toBe(all.total);

    const page1 = await ok(bureau.get('/api/v1/compliance?per=school&pageSize=2'));
    expect(page1.total).toBe(4);
    const schools1 = new Set(page1.items.map((f: any) => f.unitId));
    expect(schools1.size).toBe(2);
    const page2 = await ok(bureau.get('/api/v1/compliance?per=school&pageSize=2&page=2'));
    expect(new Set(page2.items.map((f: any) => f.unitId)).size).toBe(2);
    // Each school's row is whole: as many findings as the finding-paged list has for it.
    for (const id of schools1) {
      expect(page1.items.filter((f: any) => f.unitId === id).length).toBe(all.items.filter((f: any) => f.unitId === id).length);
    }
    // With a status, the schools having such a finding, with their whole row.
    const missed = await ok(bureau.get('/api/v1/compliance?per=school&status=missed&pageSize=100'));
    const missedSchools = new Set(all.items.filter((f: any) => f.status === 'missed').map((f: any) => f.unitId));
    expect(new Set(missed.items.map((f: any) => f.unitId))).toEqual(missedSchools);

    // Worst first: the school with the most missed rules leads (the home page's list).
    const missedAt = (id: number) => all.items.filter((f: any) => f.unitId === id && f.status === 'missed').length;
    const worst = await ok(bureau.get('/api/v1/compliance?per=school&sort=missed&pageSize=1'));
    expect(missedAt(worst.items[0].unitId)).toBe(Math.max(...[...new Set<number>(all.items.map((f: any) => f.unitId))].map(missedAt)));

    // A town sees its schools' rows and counts only.
    const mine = await ok(town.get('/api/v1/compliance?pageSize=1000'));
    expect(new Set(mine.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolA1.id, tree.schoolA2.id]));
    expect(mine.byTown.map((x: any) => x.townId)).toEqual([tree.townA.id]);
    expect((await town.get(`/api/v1/compliance/trend?unitId=${tree.schoolB1.id}`)).statusCode).toBe(404);
  });

  it.skipIf(!onPostgres)('a refresh reads on a pool of its own: requests queued on its lock holding every app connection do not stall it', async () => {
    // Two app connections, six refreshes at once: each takes a connection for its transaction and
    // waits for the district's lock; the one holding it reads its ledgers on the evaluation's pool.
    // Reading on the app's pool, it would wait for a connection held by a refresh waiting for it.
    const small = await openPostgres((t.database as Database & { superuserUrl: string }).superuserUrl, 2);
    try {
      const runs = Array.from({ length: 6 }, () => refreshRollup(small.db, districtId(), TODAY, { force: true }));
      const settled = await Promise.race([Promise.all(runs), new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 45_000))]);
      expect(settled).not.toBe('stalled');
      expect((settled as Awaited<ReturnType<typeof refreshRollup>>[]).every((r) => r.mode === 'full' && r.evaluatedSchools === 4)).toBe(true);
    } finally {
      await small.close();
    }
  }, 60_000);

  it("the matrix (issue 19) is per=school's page in brief: the same schools, cells and counts, none of the heavy fields", async () => {
    const brief = (items: any[]) => {
      const m = new Map<number, any>();
      for (const f of items) {
        const row = m.get(f.unitId) ?? { unitId: f.unitId, unitName: f.unitName, townId: f.townId, townName: f.townName, stage: f.stage, missed: 0, dueSoon: 0, cells: [] };
        if (f.status === 'missed') row.missed++;
        if (f.status === 'due_soon') row.dueSoon++;
        row.cells.push({ ruleCode: f.ruleCode, status: f.status, explanation: f.explanation });
        m.set(f.unitId, row);
      }
      return [...m.values()];
    };
    const queries = ['pageSize=2', 'pageSize=2&page=2', 'sort=missed&pageSize=1', 'status=missed&pageSize=100', `townId=${tree.townA.id}&stage=primary`, 'ruleCode=drill.monthly', 'asOf=2026-04-30'];
    for (const [client, qs] of [...queries.map((qs) => [bureau, qs] as const), [town, 'sort=missed&pageSize=20'] as const]) {
      const { items, ...board } = await ok(client.get(`/api/v1/compliance?per=school&${qs}`));
      const { schools, sentences, ...matrix } = await ok(client.get(`/api/v1/compliance/matrix?${qs}`));
      expect(matrix, qs).toEqual(board);
      // Each sentence once; a cell names its own by its index.
      expect(new Set(sentences).size, qs).toBe(sentences.length);
      const cellsWithSentences = schools.map((x: any) => ({ ...x, cells: x.cells.map(({ sentence, ...cell }: any) => ({ ...cell, explanation: sentences[sentence] })) }));
      expect(cellsWithSentences, qs).toEqual(brief(items));
    }
    // Counted: at least one school of the district misses a rule, so the counts are not all zero.
    const { schools } = await ok(bureau.get('/api/v1/compliance/matrix?pageSize=100'));
    expect(schools.some((x: any) => x.missed > 0)).toBe(true);

    // Bad input and scope as on the board: a named field, another town's school not found.
    const bad = await bureau.get('/api/v1/compliance/matrix?status=bogus');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('status');
    expect((await bureau.get('/api/v1/compliance/matrix?per=school')).statusCode).toBe(200);
    expect((await town.get(`/api/v1/compliance/matrix?unitId=${tree.schoolB1.id}`)).statusCode).toBe(404);
    expect((await town.get(`/api/v1/compliance?unitId=${tree.schoolB1.id}`)).statusCode).toBe(404);
  });

  it('the trend counts the current month with the rollup and fills earlier months at their month end', async () => {
    const before = await ok(bureau.get('/api/v1/compliance/trend'));
    expect(before.months.map((m: any) => m.month)).toEqual(['2026-05']);
    expect(before.months[0].schools).toBe(4);

    expect(await backfillTrend(t.database.db, districtId(), TODAY, { monthsBack: 3, limit: 2 })).toEqual(['2026-04', '2026-03']);
    expect(await backfillTrend(t.database.db, districtId(), TODAY, { monthsBack: 3, limit: 2 })).toEqual(['2026-02']);
    expect(await backfillTrend(t.database.db, districtId(), TODAY, { monthsBack: 3 })).toEqual([]);
    const trend = await ok(bureau.get('/api/v1/compliance/trend'));
    expect(trend.months.map((m: any) => m.month)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05']);
    const april = await t.database.db.select().from(complianceMonthly).where(eq(complianceMonthly.month, '2026-04'));
    expect(april).toHaveLength(4);
    const town = await ok(officer.get('/api/v1/compliance/trend'));
    expect(town.months.every((m: any) => m.schools === 1)).toBe(true);
  });

  it("the board's kept counts answer as the aggregates over every finding did (issue 19): page, totals, towns", async () => {
    const db = t.database.db;
    type Q = { status?: string; stage?: string; townId?: number };
    // The old answer: three aggregates over the findings kept (compliance.service.ts before issue 19).
    const aggregate = async (q: Q, under?: string) => {
      const conds = [sql`f.district_id = ${districtId()}`, sql`s.kind = 'school'`];
      if (under) conds.push(sql`s.path like ${`${under}%`}`);
      if (q.townId) conds.push(sql`s.path like ${`${(await db.select().from(units).where(eq(units.id, q.townId)))[0].path}%`}`);
      if (q.stage) conds.push(sql`s.stage = ${q.stage}`);
      const base = sql.join(conds, sql` and `);
      const withStatus = q.status ? sql`${base} and f.status = ${q.status}` : base;
      const run = async <T,>(query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;
      const order = await run<{ id: number }>(sql`select f.unit_id as id from compliance_findings f join units s on s.id = f.unit_id where ${withStatus}
        group by f.unit_id, s.path order by count(*) filter (where f.status = 'missed') desc, count(*) filter (where f.status = 'due_soon') desc, s.path`);
      const counts = await run<{ town_id: number | null; status: string; n: number }>(sql`select tw.id as town_id, f.status, count(*)::int as n
        from compliance_findings f join units s on s.id = f.unit_id left join units tw on tw.id = s.parent_id and tw.kind = 'town' where ${base} group by tw.id, f.status`);
      const summary: Record<string, number> = { met: 0, due_soon: 0, missed: 0, not_applicable: 0 };
      const towns = new Map<number | null, { townId: number | null; met: number; dueSoon: number; missed: number }>();
      for (const c of counts) {
        summary[c.status] += c.n;
        const x = towns.get(c.town_id) ?? { townId: c.town_id, met: 0, dueSoon: 0, missed: 0 };
        if (c.status === 'met') x.met += c.n;
        if (c.status === 'due_soon') x.dueSoon += c.n;
        if (c.status === 'missed') x.missed += c.n;
        towns.set(c.town_id, x);
      }
      return { order: order.map((o) => o.id), summary, towns: [...towns.values()] };
    };
    const byId = (xs: Array<{ townId: number | null }>) => [...xs].sort((a, b) => (a.townId ?? 0) - (b.townId ?? 0));
    const compare = async (client: Client, q: Q, under?: string) => {
      const want = await aggregate(q, under);
      const qs = Object.entries(q).map(([k, v]) => `&${k}=${v}`).join('');
      // Worst first, one school a page: the page's school is the aggregate's at that place.
      const seen: number[] = [];
      for (let page = 1; page <= want.order.length + 1; page++) {
        const r = await ok(client.get(`/api/v1/compliance?per=school&sort=missed&pageSize=1&page=${page}${qs}`));
        expect(r.total).toBe(want.order.length);
        seen.push(...new Set<number>(r.items.map((f: any) => f.unitId)));
        expect(r.summary).toEqual(want.summary);
        expect(byId(r.byTown.map(({ townName: _n, ...x }: any) => x))).toEqual(byId(want.towns));
      }
      expect(seen).toEqual(want.order);
      // Pages of two in path order hold the same schools as the aggregate's pages.
      const byPath = await ok(client.get(`/api/v1/compliance?per=school&pageSize=2&page=2${qs}`));
      expect(byPath.total).toBe(want.order.length);
      // The finding list's total is the counts' (every finding of the filters, or those of the status).
      const list = await ok(client.get(`/api/v1/compliance?pageSize=1${qs}`));
      const all = want.summary.met + want.summary.due_soon + want.summary.missed + want.summary.not_applicable;
      expect(list.total).toBe(q.status ? want.summary[q.status] : all);
    };
    const compareAll = async () => {
      await ok(bureau.get('/api/v1/compliance?pageSize=1'));
      for (const q of [{}, { status: 'missed' }, { status: 'due_soon' }, { status: 'met' }, { status: 'not_applicable' }, { stage: 'kindergarten' }, { townId: tree.townA.id }]) await compare(bureau, q);
      await compare(town, {}, tree.townA.path);
      await compare(town, { status: 'missed' }, tree.townA.path);
    };

    // A fifth school, in town B, so that towns and pages have more than one school each.
    const extra = await buildSchool(db, tree.townB, { stage: 'junior' });
    await refreshRollup(db, districtId(), TODAY, { force: true });
    await compareAll();

    // A partial refresh: one school's drill changes its findings and its counts in one transaction.
    await ok(officer.post('/api/v1/drills', { schoolId: tree.schoolA1.id, heldOn: '2026-04-20', kind: 'fire', participants: 100 }), 201);
    expect(await refreshRollup(db, districtId(), TODAY)).toMatchObject({ mode: 'partial', evaluatedSchools: 1 });
    await compareAll();

    // A school moves to another town (its parent and path rewritten, as an import of the tree does):
    // the trigger marks it, and its counts are kept under the new path and counted for the new town.
    const moved = `${tree.townA.path}${extra.id}/`;
    expect(moved).not.toBe(extra.path);
    await db.update(units).set({ parentId: tree.townA.id, path: moved }).where(eq(units.id, extra.id));
    expect(await dirtyIds()).toEqual([extra.id]);
    await compareAll();
    const [row] = await db.select().from(complianceMonthly).where(eq(complianceMonthly.unitId, extra.id));
    expect(row.unitPath).toBe(moved);
    const townA = await ok(town.get('/api/v1/compliance?per=school&sort=missed&pageSize=20'));
    expect(new Set(townA.items.map((f: any) => f.unitId))).toContain(extra.id);

    // Migration 0049's backfill brings counts written before it (without not_applicable) to the findings.
    const migration = readFileSync(new URL('../../../migrations/0049_board_counts.sql', import.meta.url), 'utf8');
    const backfill = migration.slice(migration.indexOf('-- custom (hand-written)'));
    await db.update(complianceMonthly).set({ notApplicable: 0, missed: 0 }).where(eq(complianceMonthly.month, '2026-05'));
    await db.execute(sql.raw(backfill));
    await compareAll();

    // A disabled school leaves the board: its findings and its counts go together.
    await db.update(units).set({ status: 'disabled' }).where(eq(units.id, extra.id));
    await compareAll();
    expect(await db.select().from(complianceMonthly).where(eq(complianceMonthly.unitId, extra.id)).then((r) => r.filter((x) => x.month === '2026-05'))).toEqual([]);
    // Some 400 requests: 50 s on PGlite on a loaded machine.
  }, 300_000);

  it('evaluates the schools in batches with the findings of one evaluation of all (issue 15 speed)', async () => {
    const { judged } = await judgedRules(t.database.db, districtId());
    const key = (r: { unitId: number; ruleCode: string }) => `${r.unitId} ${r.ruleCode}`;
    const sorted = <T extends { unitId: number; ruleCode: string }>(rows: T[]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const whole = sorted(await evaluateSchools(t.database.db, districtId(), TODAY, judged, undefined, { batch: 1000 }));
    expect(new Set(whole.map((r) => r.unitId)).size).toBe(4);
    expect(sorted(await evaluateSchools(t.database.db, districtId(), TODAY, judged, undefined, { batch: 1 }))).toEqual(whole);
    expect(sorted(await evaluateSchools(t.database.db, districtId(), TODAY, judged, undefined, { batch: 3 }))).toEqual(whole);
    // On PostgreSQL the calls above read on the pool, a few readers at a time and the next batch
    // ahead; inside a transaction (PGlite's only way) the reads queue on its one connection.
    expect(readsInParallel(t.database.db)).toBe(t.database.kind === 'postgres');
    const inTx = await t.database.db.transaction(async (tx) => {
      expect(readsInParallel(tx)).toBe(false);
      return evaluateSchools(tx, districtId(), TODAY, judged, undefined, { batch: 1 });
    });
    expect(sorted(inTx)).toEqual(whole);

    // The refresh writes them as they were evaluated: periods, numbers, days, record ids, sentences.
    await refreshRollup(t.database.db, districtId(), TODAY, { force: true });
    const stored = await t.database.db.select().from(complianceFindings).where(eq(complianceFindings.districtId, districtId()));
    type FindingRow = (typeof whole)[number];
    const asWritten = (r: FindingRow) => ({ ...r, period: r.period ?? null, value: r.value ?? null, target: r.target ?? null, dueOn: r.dueOn ?? null });
    expect(sorted(stored.map(({ digest, ...r }) => r))).toEqual(whole.map(asWritten));
    // Each with the hash the next refresh compares (writeFindings).
    expect(stored.every((r) => r.digest.length > 0)).toBe(true);
    for (const has of [(r: FindingRow) => r.period != null, (r: FindingRow) => r.value != null, (r: FindingRow) => r.dueOn != null]) expect(whole.some(has)).toBe(true);
  });

  // Last in the file: it changes the district's rule pack.
  it('the board sees a new pack version, a mark and a changed version row at once, here and on a second instance (issue 19: the pack kept in memory)', async () => {
    const db = t.database.db;
    const url = (t.database as Database & { superuserUrl?: string }).superuserUrl;
    const secondDb = url ? await openPostgres(url, 2) : null;
    const second = await buildApp({ database: secondDb ?? t.database, config: testConfig, now: () => t.now.value, logger: false });
    try {
      const bureau2 = await login(second, bureauName);
      const monthly = async (client: Client) => {
        const m = await ok(client.get(`/api/v1/compliance/matrix?unitId=${tree.schoolA1.id}`));
        const cell = m.schools[0].cells.find((x: any) => x.ruleCode === 'drill.monthly');
        return { packVersion: m.packVersion, status: cell.status, sentence: m.sentences[cell.sentence] as string };
      };
      // Both instances have read the pack in force and keep it.
      const before = await monthly(bureau);
      expect(await monthly(bureau2)).toEqual(before);
      expect(before.sentence).toContain('要求至少 1 次');

      // A new version through the first instance: the next read of either judges by it.
      const pack = await ok(bureau.get('/api/v1/rules'));
      await ok(bureau.patch('/api/v1/rules', { version: pack.currentVersion, changes: [{ code: 'drill.monthly', min: 3 }], reason: '本区要求每月三次' }));
      const second3 = await monthly(bureau2);
      expect(second3).toMatchObject({ packVersion: pack.currentVersion + 1 });
      expect(second3.sentence).toContain('要求至少 3 次');
      expect(await monthly(bureau)).toEqual(second3);

      // A drill of last month (the month judged) recorded through the first instance marks the school;
      // the second's next read refreshes it.
      await ok(officer.post('/api/v1/drills', { schoolId: tree.schoolA1.id, heldOn: '2026-04-20', kind: 'fire', participants: 100 }), 201);
      const marked = await monthly(bureau2);
      expect(marked.sentence).not.toEqual(second3.sentence);
      expect(await monthly(bureau)).toEqual(marked);

      // Versions are never updated; were a row changed in place, its new xmin keys it afresh, and the
      // kept pack is not served (the rules' descriptions come from the pack, the sentences from the rollup).
      const found = (await db.execute(sql`select v.id from rule_pack_versions v join rule_packs p on p.id = v.pack_id and p.current_version = v.number where p.district_id = ${districtId()}`)) as unknown as { rows: Array<{ id: number }> };
      const versionId = found.rows[0].id;
      await db.execute(sql`update rule_pack_versions set rules = (select jsonb_agg(case when r->>'code' = 'drill.monthly' then jsonb_set(r, '{description}', '"每月至少三次演练"') else r end) from jsonb_array_elements(rules) r) where id = ${versionId}`);
      for (const client of [bureau, bureau2]) {
        const m = await ok(client.get('/api/v1/compliance/matrix?pageSize=1'));
        expect(m.evaluatedRules.find((r: any) => r.code === 'drill.monthly').description).toBe('每月至少三次演练');
      }
    } finally {
      await second.close();
      await secondDb?.close();
    }
  });
});
