// The compliance reader of the safety budget (001 item 25; issue 21): each school's recorded
// budgets (year and 保安 wages) and its guards on its latest security profile as of the day judged
// (LedgerRecordsB.budgets / guards). Registered in compliance/ledger-readers.ts.
import { and, eq, sql } from 'drizzle-orm';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { safetyBudgets, securityProfiles } from '../db/schema.js';

export async function readBudgets(s: ReadScope, out: EngineRecords): Promise<void> {
  const year = Number(s.asOf.slice(0, 4));
  const budgets = await s.db
    .select({ id: safetyBudgets.id, unitId: safetyBudgets.schoolId, year: safetyBudgets.year, guardWagesFen: safetyBudgets.guardWagesFen })
    .from(safetyBudgets)
    .where(and(s.schools(safetyBudgets), eq(safetyBudgets.status, 'recorded'), sql`${safetyBudgets.year} between ${year - 1} and ${year}`));
  // The guards posted in school hours at every gate, on each school's latest profile up to the day.
  const guards = await s.db
    .selectDistinctOn([securityProfiles.schoolId], {
      unitId: securityProfiles.schoolId,
      guards: sql<number>`coalesce((select sum(coalesce((g -> 'guards' ->> 'school_hours')::int, 0)) from jsonb_array_elements(${securityProfiles.gates}) g), 0)`.mapWith(Number),
    })
    .from(securityProfiles)
    .where(and(s.schools(securityProfiles), sql`${securityProfiles.recordedOn} <= ${s.asOf}`))
    .orderBy(securityProfiles.schoolId, sql`${securityProfiles.recordedOn} desc`, sql`${securityProfiles.id} desc`);
  const b = (out.records.ledgersB ??= {});
  b.budgets = budgets;
  b.guards = guards;
}
