// Progress on the tasks (任务进展): each unit reports on its own tasks (not started / in progress /
// done, a note, evidence files: 过程性资料留存, 000 item 3); the lead unit of a task sees its
// co-units; the bureau's matrix of tasks × units. Overdue is computed from the quarter's end.
import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { MatrixQuery, MatrixView, ReportProgress, TaskUnitView } from '../../contracts/plans.js';
import { isOverdue, quarterEnd, quarterOf, type ProgressStatus, type Quarter } from '../../domain/plans.js';
import { can, requireAccess, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { planSummaries, planSummaryReturns, planTasks, planTaskUnits, units, workPlans } from '../db/schema.js';
import { notFound, staleVersion } from '../errors.js';
import { fileMapOf, filesOf } from '../ledger/ledger-helpers.js';
import { dueQuarters, planRow } from './plans.service.js';

/**
 * The task units a person sees: the district and departments all; anyone else those of their unit
 * and below, and every unit of a task their unit leads (牵头单位 sees its co-units' reports).
 */
export function taskUnitScope(actor: Actor): SQL {
  const district = eq(planTaskUnits.districtId, actor.districtId);
  if (actor.scope !== 'unit') return district;
  return and(
    district,
    or(
      like(planTaskUnits.unitPath, `${actor.unitPath}%`),
      sql`${planTaskUnits.taskId} in (select l.task_id from ${planTaskUnits} l where l.unit_id = ${actor.unitId} and l.lead)`,
    ),
  )!;
}

const unitSelect = {
  r: planTaskUnits,
  seq: planTasks.seq,
  quarter: planTasks.quarter,
  text: planTasks.text,
  year: workPlans.year,
  unitName: units.name,
};
type UnitSel = { r: typeof planTaskUnits.$inferSelect; seq: number; quarter: number; text: string; year: number; unitName: string };

async function presentUnits(db: Executor, actor: Actor, rows: UnitSel[], today: string): Promise<TaskUnitView[]> {
  const files = await fileMapOf(db, [...new Set(rows.flatMap((x) => x.r.fileIds))]);
  return rows.map((x) => ({
    id: x.r.id,
    taskId: x.r.taskId,
    seq: x.seq,
    quarter: x.quarter,
    text: x.text,
    unitId: x.r.unitId,
    unitName: x.unitName,
    lead: x.r.lead,
    status: x.r.status as ProgressStatus,
    overdue: isOverdue(x.year, x.quarter as Quarter, x.r.status as ProgressStatus, today),
    dueOn: quarterEnd(x.year, x.quarter as Quarter),
    note: x.r.note,
    files: filesOf(x.r.fileIds, files),
    reportedAt: x.r.reportedAt?.toISOString() ?? null,
    reportedByName: x.r.reportedByName,
    version: x.r.version,
    canReport: x.r.unitId === actor.unitId && can(actor, 'plan.report'),
  }));
}

const unitRows = (db: Executor) =>
  db.select(unitSelect).from(planTaskUnits).innerJoin(planTasks, eq(planTasks.id, planTaskUnits.taskId)).innerJoin(workPlans, eq(workPlans.id, planTaskUnits.planId)).innerJoin(units, eq(units.id, planTaskUnits.unitId));

/** The units of one task the person sees, the lead first. */
export async function taskUnits(ctx: Ctx, taskId: number, today: string) {
  requireAccess(ctx.actor, 'plan.read');
  const rows = await unitRows(ctx.db)
    .where(and(eq(planTaskUnits.taskId, taskId), taskUnitScope(ctx.actor)))
    .orderBy(sql`${planTaskUnits.lead} desc`, asc(units.kind), asc(units.name));
  if (!rows.length) throw notFound('工作任务');
  return { items: await presentUnits(ctx.db, ctx.actor, rows, today) };
}

/** My unit's tasks this quarter (and earlier ones not done), the tasks it leads, the summaries it owes. */
export async function myTasks(ctx: Ctx, today: string, year = Number(today.slice(0, 4))) {
  requireAccess(ctx.actor, 'plan.read');
  const q = Number(today.slice(0, 4)) === year ? quarterOf(today) : 4;
  const [plan] = await ctx.db.select().from(workPlans).where(and(eq(workPlans.districtId, ctx.actor.districtId), eq(workPlans.year, year), eq(workPlans.status, 'published')));
  if (!plan) return { year, quarter: q, planId: null, items: [], leading: [], summaries: [] };
  const rows = await unitRows(ctx.db)
    .where(
      and(
        eq(planTaskUnits.planId, plan.id),
        eq(planTaskUnits.unitId, ctx.actor.unitId),
        or(eq(planTasks.quarter, q), and(sql`${planTasks.quarter} < ${q}`, sql`${planTaskUnits.status} <> 'done'`)),
      ),
    )
    .orderBy(asc(planTasks.quarter), asc(planTasks.seq));
  const dueQ = dueQuarters(plan.year, today);
  const leading = await ctx.db
    .select({
      taskId: planTasks.id,
      seq: planTasks.seq,
      text: planTasks.text,
      quarter: planTasks.quarter,
      units: sql<number>`count(o.id)`.mapWith(Number),
      done: sql<number>`count(o.id) filter (where o.status = 'done')`.mapWith(Number),
      overdue: sql<number>`count(o.id) filter (where o.status <> 'done' and ${planTasks.quarter} <= ${dueQ})`.mapWith(Number),
    })
    .from(planTaskUnits)
    .innerJoin(planTasks, eq(planTasks.id, planTaskUnits.taskId))
    .innerJoin(sql`${planTaskUnits} o`, sql`o.task_id = ${planTasks.id}`)
    .where(and(eq(planTaskUnits.planId, plan.id), eq(planTaskUnits.unitId, ctx.actor.unitId), eq(planTaskUnits.lead, true), sql`${planTasks.quarter} <= ${q}`))
    .groupBy(planTasks.id, planTasks.seq, planTasks.text, planTasks.quarter)
    .orderBy(asc(planTasks.quarter), asc(planTasks.seq));
  const summaries = await ctx.db
    .select({ s: planSummaries, r: planSummaryReturns })
    .from(planSummaryReturns)
    .innerJoin(planSummaries, eq(planSummaries.id, planSummaryReturns.summaryId))
    .where(and(eq(planSummaries.planId, plan.id), eq(planSummaryReturns.unitId, ctx.actor.unitId), or(eq(planSummaryReturns.status, 'pending'), sql`${planSummaries.dueOn} >= ${today}`)))
    .orderBy(asc(planSummaries.dueOn));
  return {
    year,
    quarter: q,
    planId: plan.id,
    items: await presentUnits(ctx.db, ctx.actor, rows, today),
    leading,
    summaries: summaries.map(({ s, r }) => ({
      id: s.id,
      title: s.title,
      dueOn: s.dueOn,
      status: r.status,
      late: r.status === 'pending' ? today > s.dueOn : !!r.submittedAt && r.submittedAt.toISOString().slice(0, 10) > s.dueOn,
      returnId: r.id,
      version: r.version,
    })),
  };
}

/** A unit reports on its own task: another unit's row is not found (404), a stale version 409. */
export async function reportProgress(ctx: Ctx, id: number, input: ReportProgress, today: string): Promise<TaskUnitView> {
  requireAccess(ctx.actor, 'plan.report');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(planTaskUnits)
      .where(and(eq(planTaskUnits.id, id), eq(planTaskUnits.districtId, ctx.actor.districtId), eq(planTaskUnits.unitId, ctx.actor.unitId)))
      .for('update');
    if (!row) throw notFound('工作任务');
    if (row.version !== input.version) throw staleVersion();
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    const [after] = await tx
      .update(planTaskUnits)
      .set({
        status: input.status,
        note: input.note ?? null,
        fileIds,
        reportedAt: ctx.now,
        reportedBy: ctx.actor.id,
        reportedByName: ctx.actor.displayName,
        doneOn: input.status === 'done' ? (row.doneOn ?? today) : null,
        version: row.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(planTaskUnits.id, id))
      .returning();
    await writeAudit(tx, auditCtx(ctx), {
      action: 'update',
      objectType: 'plan_task_unit',
      objectId: id,
      before: { status: row.status, note: row.note, fileIds: row.fileIds },
      after: { status: after.status, note: after.note, fileIds: after.fileIds },
    });
    const [sel] = await unitRows(tx).where(eq(planTaskUnits.id, id));
    return (await presentUnits(tx, ctx.actor, [sel], today))[0];
  });
}

// ---- the matrix --------------------------------------------------------------------------------

/** The rows' conditions of the matrix: the plan, the person's scope, the quarter, the unit or town. */
async function matrixFilter(ctx: Ctx, planId: number, q: Partial<MatrixQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [eq(planTaskUnits.planId, planId), taskUnitScope(ctx.actor)];
  if (q.quarter) conds.push(eq(planTasks.quarter, q.quarter));
  if (q.unitId) conds.push(eq(planTaskUnits.unitId, q.unitId));
  if (q.townId) {
    const [town] = await ctx.db.select({ path: units.path }).from(units).where(and(eq(units.id, q.townId), eq(units.districtId, ctx.actor.districtId)));
    conds.push(town ? like(planTaskUnits.unitPath, `${town.path}%`) : sql`false`);
  }
  return and(...conds)!;
}

const cellStatus = (dueQ: number) =>
  sql`case when ${planTaskUnits.status} <> 'done' and ${planTasks.quarter} <= ${dueQ} then 'overdue' else ${planTaskUnits.status} end`;

interface MatrixUnit {
  unitId: number;
  name: string;
  kind: string;
  due: number;
  done: number;
  overdue: number;
  total: number;
}

/** The units of the matrix, departments first, with their counts; a page of them or all (export). */
async function matrixUnits(ctx: Ctx, plan: { id: number; year: number }, q: Partial<MatrixQuery>, today: string, page?: { limit: number; offset: number }) {
  const dueQ = dueQuarters(plan.year, today);
  const where = await matrixFilter(ctx, plan.id, q);
  const base = ctx.db
    .select({
      unitId: planTaskUnits.unitId,
      name: units.name,
      kind: units.kind,
      total: sql<number>`count(*)`.mapWith(Number),
      due: sql<number>`count(*) filter (where ${planTasks.quarter} <= ${dueQ})`.mapWith(Number),
      done: sql<number>`count(*) filter (where ${planTasks.quarter} <= ${dueQ} and ${planTaskUnits.status} = 'done')`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${planTasks.quarter} <= ${dueQ} and ${planTaskUnits.status} <> 'done')`.mapWith(Number),
      full: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(planTaskUnits)
    .innerJoin(planTasks, eq(planTasks.id, planTaskUnits.taskId))
    .innerJoin(units, eq(units.id, planTaskUnits.unitId))
    .where(where)
    .groupBy(planTaskUnits.unitId, units.name, units.kind)
    .having(q.status ? sql`count(*) filter (where ${cellStatus(dueQ)} = ${q.status}) > 0` : sql`true`)
    .orderBy(sql`case ${units.kind} when 'department' then 0 when 'town' then 1 else 2 end`, asc(units.name), asc(planTaskUnits.unitId));
  const rows = page ? await base.limit(page.limit).offset(page.offset) : await base;
  return { rows, total: rows[0]?.full ?? 0, where, dueQ };
}

async function matrixCells(ctx: Ctx, where: SQL, unitIds: number[], dueQ: number) {
  if (!unitIds.length) return new Map<number, Record<string, MatrixView['units'][number]['cells'][string]>>();
  const cells = await ctx.db
    .select({ unitId: planTaskUnits.unitId, taskId: planTaskUnits.taskId, status: sql<string>`${cellStatus(dueQ)}` })
    .from(planTaskUnits)
    .innerJoin(planTasks, eq(planTasks.id, planTaskUnits.taskId))
    .where(and(where, inArray(planTaskUnits.unitId, unitIds)));
  const byUnit = new Map<number, Record<string, MatrixView['units'][number]['cells'][string]>>();
  for (const c of cells) {
    const m = byUnit.get(c.unitId) ?? {};
    m[String(c.taskId)] = c.status as MatrixView['units'][number]['cells'][string];
    byUnit.set(c.unitId, m);
  }
  return byUnit;
}

async function matrixTasks(ctx: Ctx, planId: number, quarter?: number) {
  return ctx.db
    .select({ id: planTasks.id, seq: planTasks.seq, quarter: planTasks.quarter, text: planTasks.text })
    .from(planTasks)
    .where(and(eq(planTasks.planId, planId), quarter ? eq(planTasks.quarter, quarter) : undefined))
    .orderBy(asc(planTasks.quarter), asc(planTasks.seq));
}

export async function matrix(ctx: Ctx, planId: number, q: MatrixQuery, today: string): Promise<MatrixView> {
  requireAccess(ctx.actor, 'plan.read');
  const plan = await planRow(ctx.db, ctx.actor, planId);
  const { rows, total, where, dueQ } = await matrixUnits(ctx, plan, q, today, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const cells = await matrixCells(ctx, where, rows.map((r) => r.unitId), dueQ);
  return {
    tasks: await matrixTasks(ctx, plan.id, q.quarter),
    units: rows.map(({ full: _full, ...r }) => ({ ...r, cells: cells.get(r.unitId) ?? {} })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Every unit of the matrix with the same filters, for the Excel export (in pages of units). */
export async function matrixForExport(ctx: Ctx, planId: number, q: Partial<MatrixQuery>, today: string) {
  requireAccess(ctx.actor, 'plan.read');
  const plan = await planRow(ctx.db, ctx.actor, planId);
  const { rows, where, dueQ } = await matrixUnits(ctx, plan, q, today);
  const tasks = await matrixTasks(ctx, plan.id, q.quarter);
  async function* all(): AsyncIterable<MatrixUnit & { cells: Record<string, string> }> {
    for (let i = 0; i < rows.length; i += 500) {
      const slice = rows.slice(i, i + 500);
      const cells = await matrixCells(ctx, where, slice.map((r) => r.unitId), dueQ);
      for (const r of slice) yield { ...r, cells: cells.get(r.unitId) ?? {} };
    }
  }
  await ctx.db.transaction((tx) => writeAudit(tx, auditCtx(ctx), { action: 'export', objectType: 'plan_task_unit', objectId: planId, after: { filters: q, units: rows.length } }));
  return { plan, tasks, rows: all() };
}
