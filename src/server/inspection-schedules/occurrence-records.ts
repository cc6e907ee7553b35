// The compliance reader of recurring inspections (issue 17; 001 item 13): each school's
// occurrences of its recurring self-checks with the day its checklist was submitted
// (LedgerRecordsB.occurrences). The kinds a town or the bureau carries out are theirs, not the
// school's, and are not read. Registered in compliance/ledger-readers.ts.
import { and, eq, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { inspectionOccurrences, inspectionSchedules, inspectionTargets } from '../db/schema.js';

export async function readOccurrences(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  const from = addDays(s.asOf, -lookbackDays);
  const rows = await s.db
    .select({
      id: inspectionOccurrences.id,
      unitId: inspectionOccurrences.schoolId,
      occursOn: inspectionOccurrences.occursOn,
      doneOn: sql<string | null>`to_char(${inspectionTargets.submittedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
      title: inspectionSchedules.title,
    })
    .from(inspectionOccurrences)
    .innerJoin(inspectionSchedules, eq(inspectionSchedules.id, inspectionOccurrences.scheduleId))
    .leftJoin(inspectionTargets, eq(inspectionTargets.id, inspectionOccurrences.targetId))
    .where(and(s.schools(inspectionOccurrences), eq(inspectionSchedules.kind, 'self_check'), sql`${inspectionOccurrences.occursOn} between ${from} and ${s.asOf}`));
  const b = (out.records.ledgersB ??= {});
  // Submitted after the as-of day does not count yet.
  b.occurrences = rows.map((r) => ({ ...r, doneOn: r.doneOn && r.doneOn <= s.asOf ? r.doneOn : null }));
}
