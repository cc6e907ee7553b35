// Task table completion per unit, for the yearly assessment (安全绩效考核, issue 14): of a year's
// published plan, per unit, the tasks due by today (their quarter has ended), how many of those are
// done, and how many are overdue (not done). Tasks of quarters still open are not counted yet.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { shanghaiDate } from '../../domain/dates.js';
import type { Executor } from '../db/client.js';
import { planTasks, planTaskUnits, workPlans } from '../db/schema.js';
import { dueQuarters } from './plans.service.js';

export interface UnitCompletion {
  due: number;
  done: number;
  overdue: number;
  /** The tasks due, the records behind the figure. */
  taskIds: number[];
}

/**
 * `today` defaults to the business day in Shanghai; a past year counts every task. A unit with no
 * task of the plan is absent from the map; with no published plan of the year the map is empty.
 */
export async function taskCompletion(db: Executor, districtId: number, year: number, unitIds?: number[], today = shanghaiDate(new Date())): Promise<Map<number, UnitCompletion>> {
  const out = new Map<number, UnitCompletion>();
  if (unitIds && !unitIds.length) return out;
  const dueQ = dueQuarters(year, today);
  if (dueQ === 0) return out;
  const rows = await db
    .select({
      unitId: planTaskUnits.unitId,
      due: sql<number>`count(*)`.mapWith(Number),
      done: sql<number>`count(*) filter (where ${planTaskUnits.status} = 'done')`.mapWith(Number),
      taskIds: sql<number[]>`array_agg(${planTaskUnits.taskId} order by ${planTaskUnits.taskId})`,
    })
    .from(planTaskUnits)
    .innerJoin(workPlans, eq(workPlans.id, planTaskUnits.planId))
    .innerJoin(planTasks, eq(planTasks.id, planTaskUnits.taskId))
    .where(
      and(
        eq(workPlans.districtId, districtId),
        eq(workPlans.year, year),
        eq(workPlans.status, 'published'),
        sql`${planTasks.quarter} <= ${dueQ}`,
        unitIds ? inArray(planTaskUnits.unitId, unitIds) : undefined,
      ),
    )
    .groupBy(planTaskUnits.unitId);
  for (const r of rows) out.set(r.unitId, { due: r.due, done: r.done, overdue: r.due - r.done, taskIds: r.taskIds.map(Number) });
  return out;
}
