// The work plan's bench data (issue 14): on the bench district (1,000 schools), a published plan of
// this year with seed 000's 41 tasks resolved against the district's units by the same rules as
// the app (words the bench district has no unit for, such as 局安办, are left out: the bench
// measures the matrix, not the resolution), and every unit's progress, by SQL in batches.
import { sql } from 'drizzle-orm';
import { parseQuarter, quarterOf, resolveTask, type UnitFacts } from '../src/domain/plans.js';
import type { Executor } from '../src/server/db/client.js';
import { planTasks, planTaskUnits, units, workPlans } from '../src/server/db/schema.js';
import { seedTasks } from '../src/server/plans/seed-000-table.js';
import { eq } from 'drizzle-orm';

export interface PlanDataset {
  planId: number;
  tasks: number;
  taskUnits: number;
  loadMs: number;
}

export async function generatePlan(db: Executor, o: { districtId: number; adminId: number; today: string }): Promise<PlanDataset> {
  const started = Date.now();
  const year = Number(o.today.slice(0, 4));
  const current = quarterOf(o.today);
  const all = (await db
    .select({ id: units.id, name: units.name, kind: units.kind, stage: units.stage, schoolBus: units.schoolBus, status: units.status, path: units.path })
    .from(units)
    .where(eq(units.districtId, o.districtId))) as Array<UnitFacts & { path: string }>;
  const paths = new Map(all.map((u) => [u.id, u.path]));
  const [plan] = await db
    .insert(workPlans)
    .values({ districtId: o.districtId, year, title: `${year}年基准区教育系统安全工作要点`, status: 'published', publishedAt: new Date(), createdBy: o.adminId })
    .returning({ id: workPlans.id });
  const tasks = await db
    .insert(planTasks)
    .values(seedTasks().map((t) => ({ districtId: o.districtId, planId: plan.id, seq: t.seq, quarter: parseQuarter(t.quarter)!, text: t.text, unitWords: t.units, leadUnitId: resolveTask(t.units, all).leadUnitId })))
    .returning();
  let n = 0;
  let rows: Array<typeof planTaskUnits.$inferInsert> = [];
  const flush = async () => {
    if (rows.length) await db.insert(planTaskUnits).values(rows);
    n += rows.length;
    rows = [];
  };
  for (const t of tasks) {
    const r = resolveTask(t.unitWords, all);
    for (const unitId of r.unitIds) {
      const h = ((t.id * 2654435761) ^ (unitId * 40503)) >>> 0;
      // Past quarters: 85% done; this quarter: a third each; later quarters not started.
      const status = t.quarter < current ? (h % 100 < 85 ? 'done' : h % 2 ? 'in_progress' : 'not_started') : t.quarter === current ? (['done', 'in_progress', 'not_started'] as const)[h % 3] : 'not_started';
      rows.push({ districtId: o.districtId, planId: plan.id, taskId: t.id, unitId, unitPath: paths.get(unitId)!, lead: unitId === r.leadUnitId, status, version: status === 'not_started' ? 1 : 2 });
      if (rows.length >= 2000) await flush();
    }
  }
  await flush();
  await db.execute(sql`analyze plan_task_units`);
  return { planId: plan.id, tasks: tasks.length, taskUnits: n, loadMs: Date.now() - started };
}
