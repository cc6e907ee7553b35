// The compliance rollup (达标情况汇总): the rule engine's findings for every active school of a
// district, kept in compliance_findings so that the bureau's page reads and counts rows instead of
// evaluating 1,000 schools on each request (issue 4: the page under 300 ms).
//
// Freshness: triggers (migration 0009) mark a school in compliance_dirty whenever one of its ledger
// records, staff or attributes change, and drop the district's compliance_rollups state when its
// calendars, key periods or the bureau's letters change. A read (or the scheduler) then evaluates
// the marked schools only, or the whole district when the state is gone or was computed for another
// day, rule pack version or set of stored ledgers.
import { createHash } from 'node:crypto';
import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FindingStatus } from '../../contracts/rules.js';
import { addDays } from '../../domain/dates.js';
import { evaluate } from '../../domain/rules/engine.js';
import { appliesTo, type Rule, type RulePack } from '../../domain/rules/pack.js';
import { EVALUATION_READ_CONNECTIONS, evaluationReader, readsInParallel, type Db, type Executor } from '../db/client.js';
import { complianceDirty, complianceFindings, complianceMonthly, complianceRollups, districts, rulePacks, rulePackVersions, units } from '../db/schema.js';
import { preparedOnce } from '../db/prepared.js';
import { column, readColumns } from '../db/columns.js';
import { periodInputs } from '../rules/calendars.service.js';
import { KEPT_RECORD_IDS, readDemand, readLedgers, STORED_LEDGERS, type EngineRecords, type ReadScope } from './ledger-readers.js';
import { schoolFactsOf } from '../units/school-facts.js';
import { ledgerOf, loadRulePack, rulePackOfRow } from '../rules/rules.service.js';

// Any 32-bit constant, with the district id as the second key: one refresh per district at a time.
const ROLLUP_LOCK = 0x436f6d70;
/**
 * What else the findings depend on: the engine's code and which ledgers are read. Raise the engine's
 * number when a change of its code changes findings, so that a rollup kept from before is evaluated
 * again at once (2: a state's finding has no period, a period's training finding no training ids).
 */
const inputsStamp = () => `engine-2;${[...STORED_LEDGERS].sort().join(',')}`;
/** Rows per insert statement (11 parameters each, under PostgreSQL's 65,535). */
const INSERT_BATCH = 2000;
/** Findings per insert statement: twelve array parameters, a few megabytes together. */
const FINDINGS_PER_STATEMENT = 10_000;

type FindingRow = typeof complianceFindings.$inferInsert;

export interface JudgedRules {
  pack: RulePack;
  /** The enabled rules whose ledger is stored: the only ones judged. */
  judged: Rule[];
}

export async function judgedRules(db: Executor, districtId: number): Promise<JudgedRules> {
  const { pack } = await loadRulePack(db as Db, districtId);
  return { pack, judged: judgedOf(pack) };
}

const judgedOf = (pack: RulePack) => pack.rules.filter((r) => r.enabled && STORED_LEDGERS.has(ledgerOf(r)));

/**
 * Schools evaluated together: their records are read, indexed and judged, and dropped before the
 * next batch. Reading a year of every ledger of 1,000 schools at once built millions of objects and
 * spent 40 % of the evaluation in garbage collection (BENCHMARKS.md, issue 15); a school's findings
 * depend on its own records and the district's (calendars, key periods, the bureau's letters) only,
 * as the partial refresh of the marked schools already relies on, so batches give the same findings.
 */
export const EVALUATION_BATCH = 100;

/** Evaluates the active schools of a district (or the listed ones) as of a day: one row per school and rule that applies. */
export async function evaluateSchools(
  db: Executor,
  districtId: number,
  asOf: string,
  judged: Rule[],
  schoolIds?: number[],
  opts: { batch?: number; reads?: Executor } = {},
): Promise<FindingRow[]> {
  if (schoolIds && schoolIds.length === 0) return [];
  const schools = await db
    .select()
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'), schoolIds ? inArray(units.id, schoolIds) : undefined))
    .orderBy(units.id);
  if (schools.length === 0 || judged.length === 0) return [];

  const { calendars, keyPeriods } = await periodInputs(db, districtId);
  const byCode = new Map(judged.map((r) => [r.code, r]));
  const ledgers = judged.map(ledgerOf);
  const size = Math.max(1, opts.batch ?? EVALUATION_BATCH);
  // On a pool (refreshRollup passes the evaluation's own, evaluationReader), the ledgers are read a
  // few at a time, and the next batch's reads run in PostgreSQL while this thread judges the batch
  // before it (BENCHMARKS.md, issue 15). Reading outside the caller's transaction sees what it
  // would: each statement of a READ COMMITTED transaction takes a fresh snapshot, and the
  // transaction has written nothing yet.
  const reads = opts.reads ?? db;
  const parallel = readsInParallel(reads);
  const demand = readDemand(judged, asOf, { calendars, keyPeriods });
  const read = (batch: (typeof schools)[number][]) => {
    const ids = batch.map((s) => s.id);
    const scope: ReadScope = { db: reads, districtId, asOf, ...demand, schools: (t) => and(eq(t.districtId, districtId), inArray(t.schoolId, ids))! };
    return readLedgers(scope, ledgers, parallel ? EVALUATION_READ_CONNECTIONS : Infinity);
  };
  const rows: FindingRow[] = [];
  let ahead: Promise<EngineRecords> | null = null;
  for (let b = 0; b < schools.length; b += size) {
    const batch = schools.slice(b, b + size);
    const facts = batch.map(schoolFactsOf);
    const { records, staff } = await (ahead ?? read(batch));
    ahead = null;
    if (parallel && b + size < schools.length) {
      ahead = read(schools.slice(b + size, b + 2 * size));
      // Never an unhandled rejection if judging this batch throws first; the await above reports it otherwise.
      ahead.catch(() => undefined);
      // Let the reads be sent before the judging below holds the thread.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const findings = evaluate({ rules: judged, units: facts, staff, records, calendars, keyPeriods, asOf });
    const byId = new Map(batch.map((s) => [s.id, s]));
    const factsById = new Map(facts.map((f) => [f.id, f]));
    for (const f of findings) {
      // A rule that does not apply to the school (a kindergarten's rule at a primary school) is no finding.
      if (!appliesTo(byCode.get(f.ruleCode)!.appliesTo, factsById.get(f.unitId)!)) continue;
      rows.push({
        districtId,
        unitId: f.unitId,
        unitPath: byId.get(f.unitId)!.path,
        ruleCode: f.ruleCode,
        status: f.status,
        period: f.period,
        value: f.value,
        target: f.target,
        dueOn: f.dueOn,
        recordIds: f.recordIds.slice(0, KEPT_RECORD_IDS).map(String),
        explanation: f.explanation,
      });
    }
  }
  return rows;
}

/**
 * Brings the kept findings of the evaluated schools to `rows`: deletes those no longer found, and
 * writes only the rows that are new or differ, told apart by a hash of each row (`digest`). Most
 * findings are the same from one evaluation to the next (a day's new records change a few counts, a
 * partial refresh one school's), and deleting and inserting all 62,000 of a district was two seconds
 * of its evaluation; comparing them column by column in PostgreSQL, most of two (BENCHMARKS.md,
 * issue 15). The district's rollup lock (refreshRollup) keeps anyone else from writing them meanwhile.
 * Returns how many findings were written or deleted.
 */
async function writeFindings(tx: Executor, kept: SQL, rows: FindingRow[]): Promise<number> {
  const f = complianceFindings;
  const now = await readColumns<{ units: number[]; rules: string[]; digests: string[] }>(
    tx,
    sql`select ${column(f.unitId, 'units')}, ${column(f.ruleCode, 'rules')}, ${column(f.digest, 'digests')} from ${f} where ${kept}`,
  );
  const had = new Map<string, string>();
  for (let i = 0; i < now.units.length; i++) had.set(`${now.units[i]} ${now.rules[i]}`, now.digests[i]);
  const changed: FindingRow[] = [];
  for (const r of rows) {
    const key = `${r.unitId} ${r.ruleCode}`;
    const digest = digestOf(r);
    if (had.get(key) !== digest) changed.push({ ...r, digest });
    had.delete(key);
  }
  // What is left was not found this time: a rule no longer judged, a school no longer active.
  const gone = [...had.keys()].map((k) => k.split(' '));
  if (gone.length) {
    await tx.execute(sql`delete from ${f} where (${f.unitId}, ${f.ruleCode}) in (
      select * from unnest(${sql.param(gone.map(([u]) => Number(u)))}::integer[], ${sql.param(gone.map(([, r]) => r))}::text[]))`);
  }
  // The rows go as one array parameter per column, unpacked by PostgreSQL (`unnest`): drizzle's
  // `insert().values()` built 11 parameters a row, 800,000 for 74,000 findings. Arrays, not one JSON
  // document of rows: json_to_recordset parsed the rows five times slower than array_in. The record
  // ids (an array a row, which PostgreSQL's arrays cannot hold ragged) go as array literals, the
  // period as JSON text.
  for (let i = 0; i < changed.length; i += FINDINGS_PER_STATEMENT) {
    const chunk = changed.slice(i, i + FINDINGS_PER_STATEMENT);
    const col = <T>(pick: (r: FindingRow) => T) => sql.param(chunk.map(pick));
    await tx.execute(sql`insert into ${f} (district_id, unit_id, unit_path, rule_code, status, period, value, target, due_on, record_ids, explanation, digest)
      select district_id, unit_id, unit_path, rule_code, status, period::jsonb, value, target, due_on, record_ids::text[], explanation, digest
      from unnest(${col((r) => r.districtId)}::integer[], ${col((r) => r.unitId)}::integer[], ${col((r) => r.unitPath)}::text[], ${col((r) => r.ruleCode)}::text[],
        ${col((r) => r.status)}::text[], ${col((r) => (r.period == null ? null : JSON.stringify(r.period)))}::text[], ${col((r) => r.value ?? null)}::numeric[],
        ${col((r) => r.target ?? null)}::numeric[], ${col((r) => r.dueOn ?? null)}::date[], ${col((r) => arrayLiteral(r.recordIds ?? []))}::text[], ${col((r) => r.explanation)}::text[],
        ${col((r) => r.digest)}::text[])
        as x(district_id, unit_id, unit_path, rule_code, status, period, value, target, due_on, record_ids, explanation, digest)
      on conflict (unit_id, rule_code) do update set district_id = excluded.district_id, unit_path = excluded.unit_path, status = excluded.status, period = excluded.period,
        value = excluded.value, target = excluded.target, due_on = excluded.due_on, record_ids = excluded.record_ids, explanation = excluded.explanation, digest = excluded.digest`);
  }
  return changed.length + gone.length;
}

/** The hash of a finding as written (every field but the keys); not a secret, only a fingerprint. */
const digestOf = (r: FindingRow) =>
  createHash('sha1')
    .update(JSON.stringify([r.districtId, r.unitPath, r.status, r.period ?? null, r.value ?? null, r.target ?? null, r.dueOn ?? null, r.recordIds ?? [], r.explanation]))
    .digest('base64');

/** A text[] literal: each element quoted, its quotes and backslashes escaped (PostgreSQL's array_in). */
const arrayLiteral = (items: ReadonlyArray<string | number>) => `{${items.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/**
 * Each school's findings counted by status, for the month's trend; the current month's are also the
 * board's kept counts (issue 19), written in the transaction that writes the findings they count.
 */
function monthlyCounts(districtId: number, month: string, rows: FindingRow[], paths: Map<number, string>) {
  const m = new Map<number, Record<FindingStatus, number>>();
  for (const id of paths.keys()) m.set(id, { met: 0, due_soon: 0, missed: 0, not_applicable: 0 });
  for (const r of rows) m.get(r.unitId)![r.status as FindingStatus] += 1;
  return [...m].map(([unitId, c]) => ({ districtId, month, unitId, unitPath: paths.get(unitId)!, met: c.met, dueSoon: c.due_soon, missed: c.missed, notApplicable: c.not_applicable }));
}

async function schoolPaths(tx: Executor, districtId: number, ids?: number[]) {
  const rows = await tx
    .select({ id: units.id, path: units.path })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'), ids ? inArray(units.id, ids) : undefined));
  return new Map(rows.map((r) => [r.id, r.path]));
}

export interface RefreshResult extends JudgedRules {
  /** 'full': every school evaluated; 'partial': the marked ones; 'fresh': nothing to do. */
  mode: 'full' | 'partial' | 'fresh';
  evaluatedSchools: number;
  /** Findings written or deleted by this refresh (the rest were the same). */
  changedFindings?: number;
  /** When the findings were last evaluated. */
  evaluatedAt: Date;
}

/**
 * The rollup as it stands when it is fresh (nothing marked, the same day, pack and stamp), else null:
 * reads only, no lock, so it may ask the read replica (compliance.service.ts) as well as the primary.
 * One prepared statement reads the version in force (its row's id and xmin), the state and whether a
 * school is marked; the pack itself comes from memory by that version row (rulePackOfRow), so a new
 * version, a refresh or a mark made through another instance is seen by the next read (issue 19:
 * four statements and the rules jsonb on every board request before).
 */
export async function freshRollup(db: Executor, districtId: number, asOf: string): Promise<RefreshResult | null> {
  const v = rulePackVersions;
  const r = complianceRollups;
  const [state] = await preparedOnce(
    db,
    'compliance.rollup-freshness',
    () =>
      db
        .select({
          versionId: v.id,
          versionXmin: sql<string>`${v}.xmin::text`,
          packVersion: v.number,
          asOf: r.asOf,
          statePackVersion: r.packVersion,
          inputsStamp: r.inputsStamp,
          evaluatedAt: r.evaluatedAt,
          dirty: sql<boolean>`exists (select 1 from ${complianceDirty} where ${complianceDirty.districtId} = ${rulePacks.districtId})`,
        })
        .from(rulePacks)
        .innerJoin(v, and(eq(v.packId, rulePacks.id), eq(v.number, rulePacks.currentVersion)))
        .leftJoin(r, eq(r.districtId, rulePacks.districtId))
        .where(eq(rulePacks.districtId, sql.placeholder('districtId'))),
    { districtId },
  );
  // No pack yet (written on first read by judgedRules) or a stale rollup: refreshRollup's to do.
  if (!state || state.dirty || state.asOf !== asOf || state.statePackVersion !== state.packVersion || state.inputsStamp !== inputsStamp() || !state.evaluatedAt) return null;
  const pack = await rulePackOfRow(db, { id: state.versionId, xmin: state.versionXmin });
  return { pack, judged: judgedOf(pack), mode: 'fresh', evaluatedSchools: 0, evaluatedAt: state.evaluatedAt };
}

/** Brings the district's rollup up to the day: the marked schools, or all of them when the state is stale. */
export async function refreshRollup(db: Executor, districtId: number, asOf: string, opts: { force?: boolean } = {}): Promise<RefreshResult> {
  // Most reads find the rollup fresh: say so without the lock, so that readers do not queue on it.
  if (!opts.force) {
    const fresh = await freshRollup(db, districtId, asOf);
    if (fresh) return fresh;
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ROLLUP_LOCK}, ${districtId})`);
    const rules = await judgedRules(tx, districtId);
    const [state] = await tx.select().from(complianceRollups).where(eq(complianceRollups.districtId, districtId));
    const full = opts.force || !state || state.asOf !== asOf || state.packVersion !== rules.pack.version || state.inputsStamp !== inputsStamp();

    // Mark times compared in SQL, as text: a JS Date would cut PostgreSQL's microseconds.
    let ids: number[] | undefined;
    let markedUpTo: string;
    if (!full) {
      const dirty = await tx
        .select({ unitId: complianceDirty.unitId })
        .from(complianceDirty)
        .where(eq(complianceDirty.districtId, districtId));
      if (dirty.length === 0) return { ...rules, mode: 'fresh', evaluatedSchools: 0, evaluatedAt: state.evaluatedAt };
      ids = dirty.map((d) => d.unitId);
      const [{ latest }] = await tx.select({ latest: sql<string>`max(${complianceDirty.markedAt})::text` }).from(complianceDirty).where(inArray(complianceDirty.unitId, ids));
      markedUpTo = latest;
    } else {
      const { rows } = (await tx.execute(sql`select clock_timestamp()::text as at`)) as unknown as { rows: Array<{ at: string }> };
      markedUpTo = rows[0].at;
    }

    // The ledgers are read on the evaluation's own pool where there is one (db/client.ts says why not the app's).
    const rows = await evaluateSchools(tx, districtId, asOf, rules.judged, ids, { reads: evaluationReader(db) ?? tx });
    const paths = await schoolPaths(tx, districtId, ids);
    const month = asOf.slice(0, 7);
    const unitFilter = (t: { districtId: AnyPgColumn; unitId: AnyPgColumn }) =>
      and(eq(t.districtId, districtId), ids ? inArray(t.unitId, ids) : undefined);
    const changedFindings = await writeFindings(tx, unitFilter(complianceFindings)!, rows);
    await tx.delete(complianceMonthly).where(and(unitFilter(complianceMonthly), eq(complianceMonthly.month, month)));
    const counts = monthlyCounts(districtId, month, rows, paths);
    for (let i = 0; i < counts.length; i += INSERT_BATCH) await tx.insert(complianceMonthly).values(counts.slice(i, i + INSERT_BATCH));
    // A school marked again while this ran keeps its mark (it is evaluated on the next read).
    await tx.delete(complianceDirty).where(and(unitFilter(complianceDirty), sql`${complianceDirty.markedAt} <= ${markedUpTo}::timestamptz`));
    const stateRow = { districtId, asOf, packVersion: rules.pack.version, inputsStamp: inputsStamp(), evaluatedAt: new Date() };
    await tx.insert(complianceRollups).values(stateRow).onConflictDoUpdate({ target: complianceRollups.districtId, set: stateRow });
    return { ...rules, mode: full ? 'full' : 'partial', evaluatedSchools: paths.size, changedFindings, evaluatedAt: stateRow.evaluatedAt };
  });
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

function monthsBefore(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number);
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const k = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/**
 * Fills the trend's earlier months that have no counts yet by evaluating every school at the
 * month's end, at most `limit` months per call (the scheduler calls it again). Those months are
 * judged with today's rule pack and staff list: the ledgers are dated, the staff list is not.
 */
export async function backfillTrend(db: Executor, districtId: number, asOf: string, opts: { monthsBack?: number; limit?: number } = {}): Promise<string[]> {
  const wanted = monthsBefore(asOf.slice(0, 7), opts.monthsBack ?? 6);
  const have = await db
    .select({ month: complianceMonthly.month, n: count() })
    .from(complianceMonthly)
    .where(and(eq(complianceMonthly.districtId, districtId), inArray(complianceMonthly.month, wanted)))
    .groupBy(complianceMonthly.month);
  const done = new Set(have.map((h) => h.month));
  const todo = wanted.filter((m) => !done.has(m)).slice(0, opts.limit ?? 1);
  for (const month of todo) {
    await db.transaction(async (tx) => {
      const { judged } = await judgedRules(tx, districtId);
      const rows = await evaluateSchools(tx, districtId, lastDayOf(month), judged);
      const counts = monthlyCounts(districtId, month, rows, await schoolPaths(tx, districtId));
      for (let i = 0; i < counts.length; i += INSERT_BATCH) await tx.insert(complianceMonthly).values(counts.slice(i, i + INSERT_BATCH)).onConflictDoNothing();
    });
  }
  return todo;
}

/** The scheduler's job: every district's rollup up to the day, and one more month of its trend. */
export async function refreshAllRollups(db: Executor, asOf: string): Promise<void> {
  const ds = await db.select({ id: districts.id }).from(districts);
  for (const d of ds) {
    await refreshRollup(db, d.id, asOf);
    await backfillTrend(db, d.id, asOf);
  }
}
