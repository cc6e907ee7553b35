// The safety budget (安全经费, issue 21; 001 items 4 and 25): per school and year, the budget and
// the spend by category (人防, 物防, 技防, 应急, 培训, 保安) and source of funds, a recorded ledger
// (versioned, voided with a reason, audited, scoped like every school ledger). The bureau sees the
// execution by town and the schools whose guards are not funded.
import { and, asc, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import type { BudgetExecution, BudgetListQuery, BudgetView, CreateBudget, UpdateBudget } from '../../contracts/budget.js';
import { budgetLinesProblem, budgetYearProblem, executionRate, guardWagesFen, guardsUnfunded, totalsOf } from '../../domain/budget.js';
import { requireAccess, schoolLedgerScope, unitScope, type Actor } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import { safetyBudgets, securityProfiles, units } from '../db/schema.js';
import { conflict, fieldError } from '../errors.js';
import { placeFilters, schoolForRecord, unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { recordedLedger, town, type OwnView } from '../ledger/recorded-ledger.js';

type BudgetRow = typeof safetyBudgets.$inferSelect;

export const budgetScope = (actor: Actor) => schoolLedgerScope(actor, safetyBudgets);

const ledger = recordedLedger({
  table: safetyBudgets,
  name: '安全经费记录',
  objectType: 'safety_budget',
  scope: budgetScope,
  orderBy: [desc(safetyBudgets.year), asc(safetyBudgets.schoolPath), asc(safetyBudgets.id)],
  present: ({ record: b }): OwnView<BudgetView> => ({
    year: b.year,
    budgetLines: b.lines,
    budgetFen: b.budgetFen,
    spentFen: b.spentFen,
    rate: executionRate(b.budgetFen, b.spentFen),
    note: b.note,
  }),
  snapshot: (b: BudgetRow) => ({ schoolId: b.schoolId, year: b.year, lines: b.lines, budgetFen: b.budgetFen, spentFen: b.spentFen, note: b.note, status: b.status, voidReason: b.voidReason }),
});

export async function budgetFilter(ctx: Ctx, q: Partial<BudgetListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [budgetScope(ctx.actor), ...(await placeFilters(ctx, safetyBudgets, q))];
  if (q.year) conds.push(eq(safetyBudgets.year, q.year));
  conds.push(eq(safetyBudgets.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listBudgets = async (ctx: Ctx, q: BudgetListQuery) => ledger.list(ctx, await budgetFilter(ctx, q), q);
export const budgetBatchFetcher = ledger.batchFetcher;
export const getBudget = ledger.get;
export const voidBudget = ledger.void;

function checkLines(lines: CreateBudget['budgetLines']) {
  const p = budgetLinesProblem(lines);
  if (p) throw fieldError(p.field, p.message, '经费明细');
}

/** The columns a budget's lines decide: the lines and their totals. */
const linesColumns = (lines: CreateBudget['budgetLines']) => ({ lines, ...totalsOf(lines), guardWagesFen: guardWagesFen(lines) });

export function createBudget(ctx: Ctx, input: CreateBudget): Promise<BudgetView> {
  const y = budgetYearProblem(input.year, todayOf(ctx));
  if (y) throw fieldError(y.field, y.message);
  checkLines(input.budgetLines);
  return ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    // One recorded budget per school and year; two at once: the unique index lets one through (409).
    const [dup] = await tx
      .select({ id: safetyBudgets.id })
      .from(safetyBudgets)
      .where(and(eq(safetyBudgets.schoolId, s.id), eq(safetyBudgets.year, input.year), eq(safetyBudgets.status, 'recorded')));
    if (dup) throw conflict('DUPLICATE', `${s.name} ${input.year} 年度的安全经费已登记，请修改原记录`, [{ field: 'year', label: '年度', message: '该年度已登记' }]);
    return { schoolId: s.id, schoolPath: s.path, year: input.year, ...linesColumns(input.budgetLines), note: input.note || null, fileIds: [] };
  });
}

export function updateBudget(ctx: Ctx, id: number, input: UpdateBudget): Promise<BudgetView> {
  if (input.budgetLines) checkLines(input.budgetLines);
  return ledger.update(ctx, id, input.version, () => {
    const set: Partial<typeof safetyBudgets.$inferInsert> = {};
    if (input.budgetLines) Object.assign(set, linesColumns(input.budgetLines));
    if (input.note !== undefined) set.note = input.note || null;
    return set;
  });
}

// ---- the bureau's view ---------------------------------------------------------------------------

/**
 * One year's execution by town (budget, spend, rate; schools with a budget of all schools), and
 * the schools whose guards are not funded (001 item 25): guards on the latest security profile and
 * no budget for the year, or no 保安 wages on it. Schools directly under the bureau form a row of
 * their own (townId null).
 */
export async function budgetExecution(ctx: Ctx, year: number, townId?: number): Promise<BudgetExecution> {
  const { actor } = ctx;
  requireAccess(actor, 'ledger.read');
  const conds: SQL[] = [eq(units.kind, 'school'), eq(units.status, 'active'), unitScope(actor)];
  if (townId) {
    const t = await unitInScopeOr404(ctx.db, actor, townId, '镇街');
    conds.push(like(units.path, `${t.path}%`));
  }
  const rows = await ctx.db
    .select({
      schoolId: units.id,
      schoolName: units.name,
      townId: town.id,
      townName: town.name,
      budgetId: safetyBudgets.id,
      budgetFen: safetyBudgets.budgetFen,
      spentFen: safetyBudgets.spentFen,
      lines: safetyBudgets.lines,
      guards: sql<number>`coalesce((
        select sum(coalesce((g -> 'guards' ->> 'school_hours')::int, 0))
        from (select ${securityProfiles.gates} as gates from ${securityProfiles}
              where ${securityProfiles.schoolId} = ${units.id}
              order by ${securityProfiles.recordedOn} desc, ${securityProfiles.id} desc limit 1) p,
             jsonb_array_elements(p.gates) g), 0)`.mapWith(Number),
    })
    .from(units)
    .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
    .leftJoin(safetyBudgets, and(eq(safetyBudgets.schoolId, units.id), eq(safetyBudgets.year, year), eq(safetyBudgets.status, 'recorded')))
    .where(and(...conds))
    .orderBy(asc(units.path));
  const towns = new Map<string, BudgetExecution['towns'][number]>();
  for (const r of rows) {
    const key = String(r.townId ?? 'none');
    const t = towns.get(key) ?? { townId: r.townId, townName: r.townName, schools: 0, schoolsWithBudget: 0, budgetFen: 0, spentFen: 0, rate: null };
    t.schools += 1;
    if (r.budgetId) {
      t.schoolsWithBudget += 1;
      t.budgetFen += r.budgetFen ?? 0;
      t.spentFen += r.spentFen ?? 0;
    }
    towns.set(key, t);
  }
  for (const t of towns.values()) t.rate = executionRate(t.budgetFen, t.spentFen);
  const unfundedGuards = rows
    .filter((r) => guardsUnfunded(r.guards, r.budgetId ? (r.lines ?? []) : null))
    .map((r) => ({ schoolId: r.schoolId, schoolName: r.schoolName, townName: r.townName, guards: r.guards, budgetId: r.budgetId ?? null }));
  return { year, towns: [...towns.values()], unfundedGuards };
}
