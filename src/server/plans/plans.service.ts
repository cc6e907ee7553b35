// The year's work plan (工作要点) and its task table (任务分解表, seed 000): create (or copy last
// year's), enter or import the tasks, resolve each task's unit words to real units and show that
// before publishing, publish (the tasks' units are written then), export in the seed's form.
// Unit words that name no unit are asked of the bureau (its answers are kept on the plan), never
// guessed.
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { CreatePlan, CreateTask, PlanView, ResolutionView, UpdatePlan, UpdateTask } from '../../contracts/plans.js';
import { parseQuarter, resolveTask, type Quarter, type TaskResolution, type UnitFacts } from '../../domain/plans.js';
import { can, requireAccess, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { planTasks, planTaskUnits, units, workPlans } from '../db/schema.js';
import { badRequest, conflict, fieldError, notFound, staleVersion } from '../errors.js';
import { ImportFileError } from '../imports/workbook.js';
import { readTaskTable, writeTaskTable } from './plan-workbook.js';

type PlanRow = typeof workPlans.$inferSelect;
type TaskRow = typeof planTasks.$inferSelect;
type UnitRow = UnitFacts & { path: string };

const UNITS_COLUMN = '责任部门/单位';

/** The district's units as resolution reads them. */
export async function districtUnits(db: Executor, districtId: number): Promise<UnitRow[]> {
  const rows = await db
    .select({ id: units.id, name: units.name, kind: units.kind, stage: units.stage, schoolBus: units.schoolBus, status: units.status, path: units.path })
    .from(units)
    .where(eq(units.districtId, districtId));
  return rows as UnitRow[];
}

/** Drafts are the bureau's own; a published plan is read by everyone of the district with plan.read. */
function planVisible(actor: Actor) {
  const district = eq(workPlans.districtId, actor.districtId);
  return can(actor, 'plan.manage') ? district : and(district, eq(workPlans.status, 'published'))!;
}

async function present(db: Executor, actor: Actor, p: PlanRow): Promise<PlanView> {
  const [{ n }] = await db.select({ n: count() }).from(planTasks).where(eq(planTasks.planId, p.id));
  return {
    id: p.id,
    year: p.year,
    title: p.title,
    points: p.points,
    status: p.status as PlanView['status'],
    answers: p.answers,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    taskCount: n,
    version: p.version,
    canManage: can(actor, 'plan.manage'),
  };
}

export async function listPlans(ctx: Ctx): Promise<{ items: PlanView[] }> {
  requireAccess(ctx.actor, 'plan.read');
  const rows = await ctx.db.select().from(workPlans).where(planVisible(ctx.actor)).orderBy(sql`${workPlans.year} desc`);
  return { items: await Promise.all(rows.map((p) => present(ctx.db, ctx.actor, p))) };
}

export async function planRow(db: Executor, actor: Actor, id: number, lock = false): Promise<PlanRow> {
  const q = db.select().from(workPlans).where(and(eq(workPlans.id, id), planVisible(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('工作计划');
  return row;
}

export async function getPlan(ctx: Ctx, id: number): Promise<PlanView> {
  requireAccess(ctx.actor, 'plan.read');
  return present(ctx.db, ctx.actor, await planRow(ctx.db, ctx.actor, id));
}

export async function createPlan(ctx: Ctx, input: CreatePlan): Promise<PlanView> {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: workPlans.id }).from(workPlans).where(and(eq(workPlans.districtId, ctx.actor.districtId), eq(workPlans.year, input.year)));
    if (dup) throw conflict('PLAN_EXISTS', `${input.year} 年的工作计划已存在`, { field: 'year', planId: dup.id });
    let source: PlanRow | undefined;
    if (input.copyFromYear !== undefined) {
      [source] = await tx.select().from(workPlans).where(and(eq(workPlans.districtId, ctx.actor.districtId), eq(workPlans.year, input.copyFromYear)));
      if (!source) throw fieldError('copyFromYear', `${input.copyFromYear} 年没有工作计划可复制`, '复制自');
    }
    const [plan] = await tx
      .insert(workPlans)
      .values({
        districtId: ctx.actor.districtId,
        year: input.year,
        title: input.title,
        points: input.points || source?.points || '',
        answers: source?.answers ?? {},
        createdBy: ctx.actor.id,
      })
      .returning();
    let copied = 0;
    if (source) {
      const tasks = await tx.select().from(planTasks).where(eq(planTasks.planId, source.id)).orderBy(asc(planTasks.seq));
      if (tasks.length) {
        await tx.insert(planTasks).values(tasks.map((t) => ({ districtId: plan.districtId, planId: plan.id, seq: t.seq, quarter: t.quarter, text: t.text, unitWords: t.unitWords })));
        copied = tasks.length;
      }
    }
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'work_plan', objectId: plan.id, after: { year: plan.year, title: plan.title, copyFromYear: input.copyFromYear ?? null, tasksCopied: copied } });
    return present(tx, ctx.actor, plan);
  });
}

export async function updatePlan(ctx: Ctx, id: number, input: UpdatePlan): Promise<PlanView> {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    const row = await planRow(tx, ctx.actor, id, true);
    if (row.version !== input.version) throw staleVersion();
    const set: Partial<typeof workPlans.$inferInsert> = { version: row.version + 1, updatedAt: ctx.now };
    if (input.title !== undefined) set.title = input.title;
    if (input.points !== undefined) set.points = input.points;
    if (input.answers !== undefined) {
      // An answer names units of the district; one outside it is refused naming the word.
      const ids = [...new Set(Object.values(input.answers).flat())];
      if (ids.length) {
        const found = await tx.select({ id: units.id }).from(units).where(and(eq(units.districtId, ctx.actor.districtId), inArray(units.id, ids)));
        const known = new Set(found.map((u) => u.id));
        for (const [word, unitIds] of Object.entries(input.answers)) {
          if (unitIds.some((u) => !known.has(u))) throw fieldError('answers', `“${word}”选择的单位不存在`, '单位对应');
        }
      }
      set.answers = input.answers;
    }
    const [after] = await tx.update(workPlans).set(set).where(eq(workPlans.id, id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'work_plan', objectId: id, before: { title: row.title, answers: row.answers }, after: { title: after.title, answers: after.answers } });
    return present(tx, ctx.actor, after);
  });
}

// ---- tasks -------------------------------------------------------------------------------------

export async function listTasks(ctx: Ctx, planId: number, today: string) {
  requireAccess(ctx.actor, 'plan.read');
  const plan = await planRow(ctx.db, ctx.actor, planId);
  const dueQ = dueQuarters(plan.year, today);
  const rows = await ctx.db
    .select({
      t: planTasks,
      leadName: units.name,
      units: sql<number>`(select count(*) from ${planTaskUnits} u where u.task_id = ${planTasks.id})`.mapWith(Number),
      done: sql<number>`(select count(*) from ${planTaskUnits} u where u.task_id = ${planTasks.id} and u.status = 'done')`.mapWith(Number),
    })
    .from(planTasks)
    .leftJoin(units, eq(units.id, planTasks.leadUnitId))
    .where(eq(planTasks.planId, plan.id))
    .orderBy(asc(planTasks.quarter), asc(planTasks.seq));
  return {
    items: rows.map((r) => ({
      id: r.t.id,
      seq: r.t.seq,
      quarter: r.t.quarter,
      text: r.t.text,
      unitWords: r.t.unitWords,
      leadUnitName: r.leadName,
      version: r.t.version,
      units: r.units,
      done: r.done,
      overdue: r.t.quarter <= dueQ ? r.units - r.done : 0,
    })),
  };
}

/** How many quarters of the plan's year have ended by `today` (0–4): tasks of quarters 1..k are due. */
export function dueQuarters(year: number, today: string): number {
  const y = Number(today.slice(0, 4));
  if (y > year) return 4;
  if (y < year) return 0;
  const month = Number(today.slice(5, 7));
  return Math.floor((month - 1) / 3);
}

function refuseUnresolved(r: TaskResolution, field = 'unitWords') {
  if (r.unresolved.length) {
    throw fieldError(field, `“${r.unresolved.join('、')}”不是本区的科室、单位或单位类别，请在“单位对应”中指定它对应的单位`, UNITS_COLUMN, { words: r.unresolved });
  }
}

async function nextSeq(tx: Executor, planId: number) {
  const [{ m }] = await tx.select({ m: sql<number>`coalesce(max(${planTasks.seq}), 0)`.mapWith(Number) }).from(planTasks).where(eq(planTasks.planId, planId));
  return m + 1;
}

export async function createTask(ctx: Ctx, planId: number, input: CreateTask) {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    const plan = await planRow(tx, ctx.actor, planId, true);
    const all = await districtUnits(tx, plan.districtId);
    const r = resolveTask(input.unitWords, all, plan.answers);
    refuseUnresolved(r);
    const [task] = await tx
      .insert(planTasks)
      .values({ districtId: plan.districtId, planId, seq: await nextSeq(tx, planId), quarter: input.quarter, text: input.text, unitWords: input.unitWords, leadUnitId: r.leadUnitId })
      .returning();
    // A task added to a published plan goes to its units at once.
    if (plan.status === 'published') await writeTaskUnits(tx, plan, [task], all);
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'plan_task', objectId: task.id, after: { planId, quarter: task.quarter, text: task.text, unitWords: task.unitWords } });
    return { id: task.id };
  });
}

async function taskForUpdate(tx: Executor, actor: Actor, id: number, version: number) {
  const [row] = await tx.select().from(planTasks).where(and(eq(planTasks.id, id), eq(planTasks.districtId, actor.districtId))).for('update');
  if (!row) throw notFound('工作任务');
  const plan = await planRow(tx, actor, row.planId, true);
  if (row.version !== version) throw staleVersion();
  // Once published the units have the task and may have reported on it: it stays as published.
  if (plan.status === 'published') throw conflict('PLAN_PUBLISHED', '工作计划已发布，任务不能再修改或删除');
  return { row, plan };
}

export async function updateTask(ctx: Ctx, id: number, input: UpdateTask) {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    const { row, plan } = await taskForUpdate(tx, ctx.actor, id, input.version);
    const set: Partial<typeof planTasks.$inferInsert> = { version: row.version + 1, updatedAt: ctx.now };
    if (input.quarter !== undefined) set.quarter = input.quarter;
    if (input.text !== undefined) set.text = input.text;
    if (input.unitWords !== undefined) {
      const r = resolveTask(input.unitWords, await districtUnits(tx, plan.districtId), plan.answers);
      refuseUnresolved(r);
      set.unitWords = input.unitWords;
      set.leadUnitId = r.leadUnitId;
    }
    const [after] = await tx.update(planTasks).set(set).where(eq(planTasks.id, id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'plan_task', objectId: id, before: { quarter: row.quarter, text: row.text, unitWords: row.unitWords }, after: { quarter: after.quarter, text: after.text, unitWords: after.unitWords } });
    return { id };
  });
}

export async function deleteTask(ctx: Ctx, id: number, version: number) {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    const { row } = await taskForUpdate(tx, ctx.actor, id, version);
    await tx.delete(planTasks).where(eq(planTasks.id, id));
    await writeAudit(tx, auditCtx(ctx), { action: 'delete', objectType: 'plan_task', objectId: id, before: { quarter: row.quarter, text: row.text, unitWords: row.unitWords } });
    return { ok: true as const };
  });
}

// ---- resolution and publishing ----------------------------------------------------------------

/** Each task's words with the units they resolve to, and every word still to be answered. */
export async function resolution(ctx: Ctx, planId: number): Promise<ResolutionView> {
  requireAccess(ctx.actor, 'plan.read');
  const plan = await planRow(ctx.db, ctx.actor, planId);
  const all = await districtUnits(ctx.db, plan.districtId);
  const names = new Map(all.map((u) => [u.id, u.name]));
  const tasks = await ctx.db.select().from(planTasks).where(eq(planTasks.planId, planId)).orderBy(asc(planTasks.quarter), asc(planTasks.seq));
  const unresolved = new Map<string, number[]>();
  const out = tasks.map((t) => {
    const r = resolveTask(t.unitWords, all, plan.answers);
    for (const w of r.unresolved) unresolved.set(w, [...(unresolved.get(w) ?? []), t.seq]);
    return {
      taskId: t.id,
      seq: t.seq,
      unitCount: r.unitIds.length,
      leadUnitName: r.leadUnitId ? (names.get(r.leadUnitId) ?? null) : null,
      words: r.words.map((w) => ({
        word: w.word,
        how: w.how,
        unitCount: w.unitIds.length,
        // A group may be hundreds of schools: a few names show what it is.
        unitNames: w.unitIds.slice(0, 8).map((id) => names.get(id) ?? ''),
        groupLabel: w.groupLabel ?? null,
      })),
    };
  });
  return { tasks: out, unresolved: [...unresolved].map(([word, seqs]) => ({ word, seqs })) };
}

/** Writes the units of tasks (resolved now) with the lead marked; existing rows are kept. */
async function writeTaskUnits(tx: Executor, plan: PlanRow, tasks: readonly TaskRow[], all: readonly UnitRow[]) {
  const paths = new Map(all.map((u) => [u.id, u.path]));
  const values: Array<typeof planTaskUnits.$inferInsert> = [];
  for (const t of tasks) {
    const r = resolveTask(t.unitWords, all, plan.answers);
    for (const unitId of r.unitIds) values.push({ districtId: plan.districtId, planId: plan.id, taskId: t.id, unitId, unitPath: paths.get(unitId)!, lead: unitId === r.leadUnitId });
  }
  for (let i = 0; i < values.length; i += 2000) await tx.insert(planTaskUnits).values(values.slice(i, i + 2000)).onConflictDoNothing();
  return values.length;
}

export async function publishPlan(ctx: Ctx, id: number, version: number): Promise<PlanView> {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    const plan = await planRow(tx, ctx.actor, id, true);
    if (plan.version !== version) throw staleVersion();
    if (plan.status === 'published') throw conflict('PLAN_PUBLISHED', '工作计划已发布');
    const tasks = await tx.select().from(planTasks).where(eq(planTasks.planId, id)).orderBy(asc(planTasks.seq));
    if (!tasks.length) throw badRequest('PLAN_EMPTY', '任务分解表还没有任务：请先导入或新增任务');
    const all = await districtUnits(tx, plan.districtId);
    const unresolved = new Map<string, number[]>();
    for (const t of tasks) {
      const r = resolveTask(t.unitWords, all, plan.answers);
      for (const w of r.unresolved) unresolved.set(w, [...(unresolved.get(w) ?? []), t.seq]);
      if (r.leadUnitId !== t.leadUnitId) await tx.update(planTasks).set({ leadUnitId: r.leadUnitId }).where(eq(planTasks.id, t.id));
    }
    if (unresolved.size) {
      const details = [...unresolved].map(([word, seqs]) => ({ field: 'answers', label: '单位对应', message: `“${word}”（序号 ${seqs.join('、')}）没有对应的单位`, word, seqs }));
      throw badRequest('UNRESOLVED_UNITS', `有 ${unresolved.size} 个责任单位没有对应：${[...unresolved.keys()].join('、')}，请先指定对应的单位`, details);
    }
    const written = await writeTaskUnits(tx, plan, tasks, all);
    const [after] = await tx.update(workPlans).set({ status: 'published', publishedAt: ctx.now, version: plan.version + 1, updatedAt: ctx.now }).where(eq(workPlans.id, id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'submit', objectType: 'work_plan', objectId: id, before: { status: 'draft' }, after: { status: 'published', tasks: tasks.length, taskUnits: written } });
    return present(tx, ctx.actor, after);
  });
}

// ---- Excel -------------------------------------------------------------------------------------

interface RowProblem {
  row: number;
  column: string;
  message: string;
  word?: string;
}

/**
 * Replaces a draft plan's tasks with the file's (seed 000's form). Every row is checked first: a row
 * without a quarter, a task or units, or with a unit word that names nothing (and was not answered),
 * is listed by row and column and nothing is written.
 */
export async function importTasks(ctx: Ctx, planId: number, buffer: Buffer): Promise<{ plan: PlanView; imported: number }> {
  requireAccess(ctx.actor, 'plan.manage');
  let table: Awaited<ReturnType<typeof readTaskTable>>;
  try {
    table = await readTaskTable(buffer);
  } catch (err) {
    if (err instanceof ImportFileError) throw badRequest('IMPORT_FILE', err.message, [{ field: 'file', label: '文件', message: err.message }]);
    throw err;
  }
  return ctx.db.transaction(async (tx) => {
    const plan = await planRow(tx, ctx.actor, planId, true);
    if (plan.status === 'published') throw conflict('PLAN_PUBLISHED', '工作计划已发布，不能再导入任务分解表');
    const all = await districtUnits(tx, plan.districtId);
    const problems: RowProblem[] = [];
    const drafts: Array<typeof planTasks.$inferInsert> = [];
    let seq = 0;
    for (const r of table.rows) {
      seq = r.seq ?? seq + 1;
      const quarter = parseQuarter(r.quarter);
      if (!quarter) problems.push({ row: r.row, column: '季度', message: r.quarter ? `“${r.quarter}”不是季度（可填第一季度…第四季度或月份）` : '请填写季度' });
      if (!r.text) problems.push({ row: r.row, column: '工作任务', message: '请填写工作任务' });
      if (!r.unitWords) problems.push({ row: r.row, column: UNITS_COLUMN, message: '请填写责任部门/单位' });
      else {
        const res = resolveTask(r.unitWords, all, plan.answers);
        for (const word of res.unresolved) problems.push({ row: r.row, column: UNITS_COLUMN, message: `“${word}”不是本区的科室、单位或单位类别`, word });
        if (quarter && r.text) drafts.push({ districtId: plan.districtId, planId, seq, quarter, text: r.text, unitWords: r.unitWords, leadUnitId: res.leadUnitId });
      }
    }
    if (!table.rows.length) throw badRequest('IMPORT_FILE', '任务分解表没有任务行', [{ field: 'file', label: '文件', message: '任务分解表没有任务行' }]);
    if (problems.length) {
      const first = problems[0];
      throw badRequest('IMPORT_ROWS', `第 ${first.row} 行“${first.column}”：${first.message}${problems.length > 1 ? `（共 ${problems.length} 处问题）` : ''}`, problems.slice(0, 200));
    }
    await tx.delete(planTasks).where(eq(planTasks.planId, planId));
    await tx.insert(planTasks).values(drafts);
    const [after] = await tx.update(workPlans).set({ version: plan.version + 1, updatedAt: ctx.now }).where(eq(workPlans.id, planId)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'import', objectType: 'work_plan', objectId: planId, after: { tasks: drafts.length } });
    return { plan: await present(tx, ctx.actor, after), imported: drafts.length };
  });
}

export async function exportTasks(ctx: Ctx, planId: number): Promise<{ fileName: string; data: Buffer }> {
  requireAccess(ctx.actor, 'plan.read');
  const plan = await planRow(ctx.db, ctx.actor, planId);
  const tasks = await ctx.db.select().from(planTasks).where(eq(planTasks.planId, planId));
  const title = `${plan.title}主要任务分解表`;
  const data = await writeTaskTable(title, tasks.map((t) => ({ seq: t.seq, quarter: t.quarter as Quarter, text: t.text, unitWords: t.unitWords })));
  await ctx.db.transaction((tx) => writeAudit(tx, auditCtx(ctx), { action: 'export', objectType: 'work_plan', objectId: planId, after: { tasks: tasks.length } }));
  return { fileName: `${plan.year}年任务分解表.xlsx`, data };
}
