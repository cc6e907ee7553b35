// Quarterly, half-year and annual summaries collected from the units (000 tasks 11, 20, 38, 40:
// 上报一季度/上半年/全年安全工作总结), each with a deadline, like a campaign's weekly returns: the
// bureau asks (the units named by the same words as a task's), each unit submits its own, late is
// after the deadline.
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { CreateSummary } from '../../contracts/plans.js';
import { resolveTask } from '../../domain/plans.js';
import { requireAccess } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, type Ctx } from '../context.js';
import { planSummaries, planSummaryReturns, units } from '../db/schema.js';
import { fieldError, notFound, staleVersion } from '../errors.js';
import { fileMapOf, filesOf } from '../ledger/ledger-helpers.js';
import { districtUnits, planRow } from './plans.service.js';

export async function listSummaries(ctx: Ctx, planId: number, today: string) {
  requireAccess(ctx.actor, 'plan.read');
  await planRow(ctx.db, ctx.actor, planId);
  const late = sql`(${planSummaryReturns.status} = 'pending' and ${planSummaries.dueOn} < ${today}) or (${planSummaryReturns.status} = 'submitted' and (${planSummaryReturns.submittedAt} at time zone 'Asia/Shanghai')::date > ${planSummaries.dueOn})`;
  const rows = await ctx.db
    .select({
      s: planSummaries,
      units: sql<number>`count(${planSummaryReturns.id})`.mapWith(Number),
      submitted: sql<number>`count(${planSummaryReturns.id}) filter (where ${planSummaryReturns.status} = 'submitted')`.mapWith(Number),
      late: sql<number>`count(${planSummaryReturns.id}) filter (where ${late})`.mapWith(Number),
    })
    .from(planSummaries)
    .leftJoin(planSummaryReturns, eq(planSummaryReturns.summaryId, planSummaries.id))
    .where(eq(planSummaries.planId, planId))
    .groupBy(planSummaries.id)
    .orderBy(asc(planSummaries.dueOn));
  return { items: rows.map((r) => ({ id: r.s.id, kind: r.s.kind as 'quarter', title: r.s.title, dueOn: r.s.dueOn, unitWords: r.s.unitWords, units: r.units, submitted: r.submitted, late: r.late, version: r.s.version })) };
}

export async function createSummary(ctx: Ctx, planId: number, input: CreateSummary) {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    const plan = await planRow(tx, ctx.actor, planId, true);
    const all = await districtUnits(tx, plan.districtId);
    const r = resolveTask(input.unitWords, all, plan.answers);
    if (r.unresolved.length) throw fieldError('unitWords', `“${r.unresolved.join('、')}”不是本区的科室、单位或单位类别`, '报送单位');
    if (!r.unitIds.length) throw fieldError('unitWords', '没有对应的单位', '报送单位');
    const [s] = await tx.insert(planSummaries).values({ districtId: plan.districtId, planId, kind: input.kind, title: input.title, dueOn: input.dueOn, unitWords: input.unitWords, createdBy: ctx.actor.id }).returning();
    const paths = new Map(all.map((u) => [u.id, u.path]));
    const values = r.unitIds.map((unitId) => ({ districtId: plan.districtId, summaryId: s.id, unitId, unitPath: paths.get(unitId)! }));
    for (let i = 0; i < values.length; i += 2000) await tx.insert(planSummaryReturns).values(values.slice(i, i + 2000));
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'plan_summary', objectId: s.id, after: { planId, kind: s.kind, title: s.title, dueOn: s.dueOn, units: values.length } });
    return { id: s.id };
  });
}

function returnScope(ctx: Ctx) {
  const district = eq(planSummaryReturns.districtId, ctx.actor.districtId);
  return ctx.actor.scope !== 'unit' ? district : and(district, like(planSummaryReturns.unitPath, `${ctx.actor.unitPath}%`))!;
}

export async function listSummaryReturns(ctx: Ctx, summaryId: number, today: string) {
  requireAccess(ctx.actor, 'plan.read');
  const rows = await ctx.db
    .select({ r: planSummaryReturns, unitName: units.name, dueOn: planSummaries.dueOn })
    .from(planSummaryReturns)
    .innerJoin(planSummaries, eq(planSummaries.id, planSummaryReturns.summaryId))
    .innerJoin(units, eq(units.id, planSummaryReturns.unitId))
    .where(and(eq(planSummaryReturns.summaryId, summaryId), returnScope(ctx)))
    .orderBy(asc(planSummaryReturns.status), asc(units.name));
  if (!rows.length) throw notFound('工作总结');
  const files = await fileMapOf(ctx.db, [...new Set(rows.flatMap((x) => x.r.fileIds))]);
  return {
    items: rows.map(({ r, unitName, dueOn }) => ({
      id: r.id,
      summaryId: r.summaryId,
      unitId: r.unitId,
      unitName,
      status: r.status as 'pending' | 'submitted',
      late: r.status === 'pending' ? today > dueOn : !!r.submittedAt && r.submittedAt.toISOString().slice(0, 10) > dueOn,
      text: r.text,
      files: filesOf(r.fileIds, files),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      submittedByName: r.submittedByName,
      version: r.version,
    })),
  };
}

/** A unit submits its own summary (again, to correct it): another unit's is not found. */
export async function submitSummary(ctx: Ctx, returnId: number, input: { version: number; text: string; fileIds: number[] }) {
  requireAccess(ctx.actor, 'plan.report');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(planSummaryReturns)
      .where(and(eq(planSummaryReturns.id, returnId), eq(planSummaryReturns.districtId, ctx.actor.districtId), eq(planSummaryReturns.unitId, ctx.actor.unitId)))
      .for('update');
    if (!row) throw notFound('工作总结');
    if (row.version !== input.version) throw staleVersion();
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    await tx
      .update(planSummaryReturns)
      .set({ status: 'submitted', text: input.text, fileIds, submittedAt: ctx.now, submittedBy: ctx.actor.id, submittedByName: ctx.actor.displayName, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(planSummaryReturns.id, returnId));
    await writeAudit(tx, auditCtx(ctx), { action: 'submit', objectType: 'plan_summary_return', objectId: returnId, before: { status: row.status }, after: { status: 'submitted', fileIds } });
    return { ok: true as const };
  });
}
