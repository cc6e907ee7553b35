// Compliance (达标情况): the rule engine's findings (src/domain/rules/engine.ts) over the district's
// rule pack in force, its calendars and key periods, and the ledgers kept so far, for the schools in
// the caller's scope. The findings are read from the rollup (rollup.service.ts), brought up to date
// first. Rules whose ledger is not kept yet are not judged: they are listed under pendingLedgers,
// never reported met, missed or not applicable.
//
// As of a past day (issue 14) the board reads the year's record (compliance_periods) instead: for
// each school and rule the latest period that had ended by that day, as it closed (met or missed).
import { and, asc, count, countDistinct, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { SchoolStage } from '../../contracts/enums.js';
import type { ComplianceMatrixQuery, ComplianceMatrixView, ComplianceQuery, ComplianceTrend, ComplianceTrendQuery, ComplianceView, FindingView } from '../../contracts/compliance.js';
import { findingStatuses, type LedgerKind, type FindingStatus } from '../../contracts/rules.js';
import type { Period } from '../../domain/rules/periods.js';
import { requireAccess, unitScope } from '../access/access.js';
import { forReads, todayOf, type Ctx } from '../context.js';
import { complianceFindings, complianceMonthly, compliancePeriodRuns, compliancePeriods, units } from '../db/schema.js';
import { addDays } from '../../domain/dates.js';
import { anyOf, prepared } from '../db/prepared.js';
import { driverErrorOf } from '../db/errors.js';
import { arrayOf, jsonArray } from '../db/columns.js';
import { fieldError } from '../errors.js';
import { recordBacklog } from './periods.service.js';
import { unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { STORED_LEDGERS } from './ledger-readers.js';
import { freshRollup, judgedRules, refreshRollup, type RefreshResult } from './rollup.service.js';
import { ledgerLabel, ledgerOf } from '../rules/rules.service.js';

const school = alias(units, 'school');
const town = alias(units, 'town');

/** The schools of the filters in the caller's scope (a unit or town out of scope is a 404). */
async function schoolConditions(ctx: Ctx, q: { unitId?: number; townId?: number; stage?: SchoolStage }): Promise<SQL[]> {
  const conds: SQL[] = [unitScope(ctx.actor, school), eq(school.kind, 'school')];
  for (const [id, what] of [[q.unitId, '单位'], [q.townId, '镇街']] as const) {
    if (!id) continue;
    const u = await unitInScopeOr404(ctx.db, ctx.actor, id, what);
    conds.push(sql`${school.path} like ${`${u.path}%`}`);
  }
  if (q.stage) conds.push(eq(school.stage, q.stage));
  return conds;
}

/** How far back the board as of a past day looks for a rule's latest closed period (a school year and a little). */
const RECORD_LOOKBACK_DAYS = 400;

/**
 * Each school's latest closed period per judged rule ending on or before `asOf`, shaped like the
 * rollup's rows (one per school and rule), so the board's queries read either.
 */
function findingsAsOf(ctx: Ctx, asOf: string, ruleCodes: string[]) {
  const p = compliancePeriods;
  const codes = ruleCodes.length ? ruleCodes : [''];
  return ctx.db
    .selectDistinctOn([p.unitId, p.ruleCode], {
      districtId: p.districtId,
      unitId: p.unitId,
      unitPath: p.unitPath,
      ruleCode: p.ruleCode,
      status: p.status,
      period: p.period,
      value: p.value,
      target: p.target,
      dueOn: p.dueOn,
      recordIds: p.recordIds,
      explanation: p.explanation,
    })
    .from(p)
    .where(and(eq(p.districtId, ctx.actor.districtId), lte(p.endsOn, asOf), gte(p.endsOn, addDays(asOf, -RECORD_LOOKBACK_DAYS)), inArray(p.ruleCode, codes)))
    .orderBy(p.unitId, p.ruleCode, desc(p.endsOn))
    .as('f');
}

/**
 * Where today's board reads (issue 18): the read replica when the rollup is fresh there; a rollup
 * found stale is refreshed on the primary (the refresh writes, under the district's lock) and the
 * board read there, where its new rows are. Without a replica: the primary, as refreshRollup always did.
 */
async function boardSource(request: Ctx, districtId: number, asOf: string): Promise<{ ctx: Ctx; rollup: RefreshResult }> {
  const reads = forReads(request);
  if (reads.db !== request.db) {
    // A district without its rule pack yet gets the default written on first read (rules.service.ts):
    // the replica refuses that write (25006), and the primary writes it.
    const fresh = await freshRollup(reads.db, districtId, asOf).catch((err: unknown) => {
      if (driverErrorOf(err)?.code === '25006') return null;
      throw err;
    });
    if (fresh) return { ctx: reads, rollup: fresh };
  }
  return { ctx: request, rollup: await refreshRollup(request.db, districtId, asOf) };
}

export async function compliance(request: Ctx, q: ComplianceQuery, opts: { brief?: boolean } = {}): Promise<ComplianceView> {
  requireAccess(request.actor, 'compliance.read');
  const today = todayOf(request);
  const asOf = q.asOf ?? today;
  if (asOf > today) throw fieldError('asOf', '不能晚于今天', '截至日期');
  const past = asOf < today;
  const districtId = request.actor.districtId;
  // The year's record as of a past day is only read; today's board needs the rollup fresh first.
  const { ctx, rollup } = past ? { ctx: forReads(request), rollup: null } : await boardSource(request, districtId, asOf);
  const schoolConds = await schoolConditions(ctx, q);
  let record: ComplianceView['record'] = null;
  let evaluatedAt: Date;
  let rules: Awaited<ReturnType<typeof judgedRules>>;
  if (past) {
    rules = await judgedRules(ctx.db, districtId);
    const [last] = await ctx.db
      .select({ at: sql<string>`max(${compliancePeriodRuns.evaluatedAt})::text` })
      .from(compliancePeriodRuns)
      .where(and(eq(compliancePeriodRuns.districtId, districtId), lte(compliancePeriodRuns.asOf, asOf)));
    evaluatedAt = last?.at ? new Date(last.at) : new Date(0);
    record = await recordBacklog(ctx.db, districtId, `${asOf.slice(0, 4)}-01-01`, asOf, addDays(asOf, 1));
  } else {
    rules = rollup!;
    evaluatedAt = rollup!.evaluatedAt;
  }
  const { pack, judged } = rules;
  // The rollup's rows, or the record's as of the past day: the same columns under the name f.
  const f = (past ? findingsAsOf(ctx, asOf, judged.map((r) => r.code)) : complianceFindings) as unknown as typeof complianceFindings;

  const byCode = new Map(judged.map((r) => [r.code, r]));
  const pending = new Map<LedgerKind, string[]>();
  for (const r of pack.rules) {
    const l = ledgerOf(r);
    if (!r.enabled || STORED_LEDGERS.has(l) || (q.ruleCode && r.code !== q.ruleCode)) continue;
    pending.set(l, [...(pending.get(l) ?? []), r.code]);
  }

  const base = and(eq(f.districtId, districtId), ...schoolConds, q.ruleCode ? eq(f.ruleCode, q.ruleCode) : undefined)!;
  const withStatus = q.status ? and(base, eq(f.status, q.status))! : base;

  // Brief (the matrix): a cell's status and sentence; the period, numbers and record ids stay in the database.
  const b = opts.brief;
  const selectFindings = () =>
    ctx.db
      .select({
        f: { unitId: f.unitId, ruleCode: f.ruleCode, status: f.status, period: f.period, value: f.value, target: f.target, dueOn: f.dueOn, recordIds: f.recordIds, explanation: f.explanation },
        unitName: school.name,
        stage: school.stage,
        townId: town.id,
        townName: town.name,
      })
      .from(f)
      .innerJoin(school, eq(school.id, f.unitId))
      .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')));

  type FindingRow = Awaited<ReturnType<ReturnType<typeof selectFindings>['where']>>[number];
  // Brief: the page's cells read as columns (db/columns.ts), one result row of JSON arrays; drizzle
  // mapping 1,500 rows field by field was a fifth of the matrix's time. Sorted here as the full read is.
  const briefRows = async (where: SQL): Promise<FindingRow[]> => {
    const [c] = await ctx.db
      .select({
        units: jsonArray<number>(f.unitId),
        rules: jsonArray<string>(f.ruleCode),
        statuses: jsonArray<string>(f.status),
        explanations: jsonArray<string>(f.explanation),
        paths: jsonArray<string>(school.path),
        names: jsonArray<string>(school.name),
        stages: jsonArray<string | null>(school.stage),
        townIds: jsonArray<number | null>(town.id),
        townNames: jsonArray<string | null>(town.name),
      })
      .from(f)
      .innerJoin(school, eq(school.id, f.unitId))
      .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
      .where(where);
    const units = arrayOf<number>(c.units);
    const rules = arrayOf<string>(c.rules);
    const paths = arrayOf<string>(c.paths);
    const [statuses, explanations, names] = [arrayOf<string>(c.statuses), arrayOf<string>(c.explanations), arrayOf<string>(c.names)];
    const [stages, townIds, townNames] = [arrayOf<string | null>(c.stages), arrayOf<number | null>(c.townIds), arrayOf<string | null>(c.townNames)];
    const order = units.map((_, i) => i).sort((x, y) => (paths[x] < paths[y] ? -1 : paths[x] > paths[y] ? 1 : rules[x] < rules[y] ? -1 : rules[x] > rules[y] ? 1 : 0));
    return order.map((i) => ({
      f: { unitId: units[i], ruleCode: rules[i], status: statuses[i], period: null, value: null, target: null, dueOn: null, recordIds: [], explanation: explanations[i] },
      unitName: names[i],
      stage: stages[i],
      townId: townIds[i],
      townName: townNames[i],
    }));
  };

  const offset = (q.page - 1) * q.pageSize;
  // The kept counts (issue 19): today's board without a rule filter reads each school's findings
  // counted by status, kept in the current month's compliance_monthly row and written in the same
  // transaction as the findings (rollup.service.ts), so they are the findings counted. A rule filter
  // (ruleCode) needs the findings themselves and the board as of a past day reads the year's record:
  // both keep the aggregates over findings below.
  const kept = !past && !q.ruleCode;
  const m = complianceMonthly;
  const keptBase = and(eq(m.districtId, districtId), eq(m.month, asOf.slice(0, 7)), ...schoolConds)!;
  const keptOf: Record<FindingStatus, AnyPgColumn> = { met: m.met, due_soon: m.dueSoon, missed: m.missed, not_applicable: m.notApplicable };
  // The schools the old aggregate grouped: those with a finding (of the status, when filtered).
  const keptHas = q.status ? sql`${keptOf[q.status]} > 0` : sql`${m.met} + ${m.dueSoon} + ${m.missed} + ${m.notApplicable} > 0`;
  // Worst first as the aggregate ordered: missed, then due soon, counted among the findings the
  // status filter keeps (none of the other statuses); nulls last as compliance_monthly_worst_idx is.
  const keptWorst = [
    ...(!q.status || q.status === 'missed' ? [sql`${m.missed} desc nulls last`] : []),
    ...(!q.status || q.status === 'due_soon' ? [sql`${m.dueSoon} desc nulls last`] : []),
  ];

  // The kept page in brief (the matrix): the page's schools come with their names and towns (pageOf
  // below), so the cells are read from the findings alone by unit id, a prepared statement with no
  // join. Joined to the schools and towns, it hashed the district's every unit and was planned on
  // each request: 10 ms of PostgreSQL against 1.5 (issue 19, EXPLAIN ANALYZE in BENCHMARKS.md).
  // The ids already hold the school filters, and a kept page has no rule filter, so every finding
  // of those schools is a cell, as `base` would have it.
  type PageSchool = { id: number; path: string; name: string; stage: string | null; townId: number | null; townName: string | null };
  const keptBriefRows = async (page: PageSchool[]): Promise<FindingRow[]> => {
    const [c] = await prepared(
      ctx.db
        .select({
          units: jsonArray<number>(complianceFindings.unitId),
          rules: jsonArray<string>(complianceFindings.ruleCode),
          statuses: jsonArray<string>(complianceFindings.status),
          explanations: jsonArray<string>(complianceFindings.explanation),
        })
        .from(complianceFindings)
        .where(and(eq(complianceFindings.districtId, districtId), anyOf(complianceFindings.unitId, page.map((p) => p.id)))),
    );
    const byId = new Map(page.map((p) => [p.id, p]));
    const units = arrayOf<number>(c.units);
    const rules = arrayOf<string>(c.rules);
    const [statuses, explanations] = [arrayOf<string>(c.statuses), arrayOf<string>(c.explanations)];
    const paths = units.map((u) => byId.get(u)!.path);
    const order = units.map((_, i) => i).sort((x, y) => (paths[x] < paths[y] ? -1 : paths[x] > paths[y] ? 1 : rules[x] < rules[y] ? -1 : rules[x] > rules[y] ? 1 : 0));
    return order.map((i) => {
      const p = byId.get(units[i])!;
      return {
        f: { unitId: units[i], ruleCode: rules[i], status: statuses[i], period: null, value: null, target: null, dueOn: null, recordIds: [], explanation: explanations[i] },
        unitName: p.name,
        stage: p.stage,
        townId: p.townId,
        townName: p.townName,
      };
    });
  };

  const pageOf = async () => {
    if (q.per === 'school' && kept) {
      const [ids, [{ total }]] = await Promise.all([
        prepared(
          ctx.db
            .select({ id: m.unitId, path: school.path, name: school.name, stage: school.stage, townId: town.id, townName: town.name })
            .from(m)
            .innerJoin(school, eq(school.id, m.unitId))
            .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
            .where(and(keptBase, keptHas))
            .orderBy(...(q.sort === 'missed' ? keptWorst : []), asc(m.unitPath))
            .limit(q.pageSize)
            .offset(offset),
        ),
        prepared(ctx.db.select({ total: count() }).from(m).innerJoin(school, eq(school.id, m.unitId)).where(and(keptBase, keptHas))),
      ]);
      const where = and(base, anyOf(f.unitId, ids.map((i) => i.id)))!;
      const rows = !ids.length ? [] : b ? await keptBriefRows(ids) : await prepared(selectFindings().where(where).orderBy(asc(school.path), asc(f.ruleCode)));
      return { rows, total };
    }
    if (q.per === 'school') {
      // A page of schools, then every finding of those schools (a whole matrix row each).
      const schoolsWith = ctx.db.select({ id: f.unitId, path: school.path }).from(f).innerJoin(school, eq(school.id, f.unitId)).where(withStatus).groupBy(f.unitId, school.path);
      const worstFirst = [sql`count(*) filter (where ${f.status} = 'missed') desc`, sql`count(*) filter (where ${f.status} = 'due_soon') desc`];
      const [ids, [{ total }]] = await Promise.all([
        schoolsWith.orderBy(...(q.sort === 'missed' ? worstFirst : []), asc(school.path)).limit(q.pageSize).offset(offset),
        ctx.db.select({ total: countDistinct(f.unitId) }).from(f).innerJoin(school, eq(school.id, f.unitId)).where(withStatus),
      ]);
      const where = and(base, inArray(f.unitId, ids.map((i) => i.id)))!;
      const rows = !ids.length ? [] : b ? await briefRows(where) : await selectFindings().where(where).orderBy(asc(school.path), asc(f.ruleCode));
      return { rows, total };
    }
    // The total is the counts' (below): every finding of the filters, or those of the status.
    return { rows: await selectFindings().where(withStatus).orderBy(asc(school.path), asc(f.ruleCode)).limit(q.pageSize).offset(offset), total: null };
  };

  /** The findings of the filters counted by town and status: from the kept counts when they serve. */
  const countsOf = async (): Promise<Array<{ townId: number | null; townName: string | null; status: string; n: number }>> => {
    if (!kept) {
      return ctx.db
        .select({ townId: town.id, townName: town.name, status: f.status, n: count() })
        .from(f)
        .innerJoin(school, eq(school.id, f.unitId))
        .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
        .where(base)
        .groupBy(town.id, town.name, f.status);
    }
    const sums = await prepared(
      ctx.db
        .select({
          townId: town.id,
          townName: town.name,
          met: sql<number>`sum(${m.met})::int`,
          due_soon: sql<number>`sum(${m.dueSoon})::int`,
          missed: sql<number>`sum(${m.missed})::int`,
          not_applicable: sql<number>`sum(${m.notApplicable})::int`,
        })
        .from(m)
        .innerJoin(school, eq(school.id, m.unitId))
        .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
        .where(keptBase)
        .groupBy(town.id, town.name),
    );
    // One row per town and status with findings, as the grouping over findings gives.
    return sums.flatMap((t) =>
      findingStatuses.filter((st) => t[st] > 0).map((st) => ({ townId: t.townId, townName: t.townName, status: st, n: t[st] })),
    );
  };

  const [{ rows, total }, counts] = await Promise.all([pageOf(), countsOf()]);

  const summary: Record<FindingStatus, number> = { met: 0, due_soon: 0, missed: 0, not_applicable: 0 };
  const towns = new Map<number | null, ComplianceView['byTown'][number]>();
  for (const c of counts) {
    summary[c.status as FindingStatus] += c.n;
    const t = towns.get(c.townId) ?? { townId: c.townId, townName: c.townName, met: 0, dueSoon: 0, missed: 0 };
    if (c.status === 'met') t.met += c.n;
    if (c.status === 'due_soon') t.dueSoon += c.n;
    if (c.status === 'missed') t.missed += c.n;
    towns.set(c.townId, t);
  }

  const items: FindingView[] = rows.map((r) => {
    const rule = byCode.get(r.f.ruleCode)!;
    return {
      unitId: r.f.unitId,
      unitName: r.unitName,
      townId: r.townId,
      townName: r.townName,
      stage: r.stage as SchoolStage | null,
      ruleCode: r.f.ruleCode,
      ruleDescription: rule.description,
      ledger: ledgerOf(rule),
      status: r.f.status as FindingStatus,
      period: r.f.period as Period | null,
      value: r.f.value,
      target: r.f.target,
      dueOn: r.f.dueOn,
      recordIds: r.f.recordIds.map(Number),
      explanation: r.f.explanation,
    };
  });

  return {
    asOf,
    packVersion: pack.version,
    evaluatedRules: judged.filter((r) => !q.ruleCode || r.code === q.ruleCode).map((r) => ({ code: r.code, description: r.description, ledger: ledgerOf(r) })),
    pendingLedgers: [...pending].map(([ledger, ruleCodes]) => ({ ledger, label: ledgerLabel(ledger), ruleCodes })),
    summary,
    byTown: [...towns.values()].sort((a, b) => b.missed - a.missed || (a.townName ?? '').localeCompare(b.townName ?? '', 'zh')),
    evaluatedAt: evaluatedAt.toISOString(),
    record,
    items,
    total: total ?? (q.status ? summary[q.status] : summary.met + summary.due_soon + summary.missed + summary.not_applicable),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The board's matrix (issue 19): a page of schools, each with its cells (rule, status, sentence) and
 * its counts. The same page as `per=school`, a fifth of its size: the period, numbers, record ids and
 * the rule's description of every cell (the rules' descriptions come once, in evaluatedRules) made
 * most of the 760 KB of 20 schools' findings, and the matrix shows none of them.
 */
export async function complianceMatrix(ctx: Ctx, q: ComplianceMatrixQuery): Promise<ComplianceMatrixView> {
  const { items, ...view } = await compliance(ctx, { ...q, per: 'school' }, { brief: true });
  const schools = new Map<number, ComplianceMatrixView['schools'][number]>();
  // Each sentence once, in the order first met: most cells of a rule say one of a few things.
  const sentences = new Map<string, number>();
  for (const f of items) {
    let row = schools.get(f.unitId);
    if (!row) schools.set(f.unitId, (row = { unitId: f.unitId, unitName: f.unitName, townId: f.townId, townName: f.townName, stage: f.stage, missed: 0, dueSoon: 0, cells: [] }));
    if (f.status === 'missed') row.missed++;
    if (f.status === 'due_soon') row.dueSoon++;
    let sentence = sentences.get(f.explanation);
    if (sentence === undefined) sentences.set(f.explanation, (sentence = sentences.size));
    row.cells.push({ ruleCode: f.ruleCode, status: f.status, sentence });
  }
  return { ...view, sentences: [...sentences.keys()], schools: [...schools.values()] };
}

/** Month by month, the findings of the schools in scope counted by status (the last 12 months kept). */
export async function complianceTrend(request: Ctx, q: ComplianceTrendQuery): Promise<ComplianceTrend> {
  requireAccess(request.actor, 'compliance.read');
  const { ctx } = await boardSource(request, request.actor.districtId, todayOf(request));
  const schoolConds = await schoolConditions(ctx, q);
  const m = complianceMonthly;
  const rows = await ctx.db
    .select({
      month: m.month,
      schools: count(),
      met: sql<number>`sum(${m.met})::int`,
      dueSoon: sql<number>`sum(${m.dueSoon})::int`,
      missed: sql<number>`sum(${m.missed})::int`,
    })
    .from(m)
    .innerJoin(school, eq(school.id, m.unitId))
    .where(and(eq(m.districtId, ctx.actor.districtId), ...schoolConds))
    .groupBy(m.month)
    .orderBy(sql`${m.month} desc`)
    .limit(12);
  return { months: rows.reverse() };
}
