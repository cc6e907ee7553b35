// The compliance reader of online video patrols (issue 22; rules video_patrol.monthly and
// video_patrol.canteen): each evaluated school's submitted video patrols in the lookback, on the day
// the patrol was made, with whether it marked a canteen item (pass or fail, not 不适用) — counted as
// videoPatrolCoverage counts them. Registered in compliance/ledger-readers.ts. Submitting a patrol
// updates its inspection_targets row, whose triggers (migration 0010) mark the school dirty.
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { inspectionResults, inspections, inspectionTargets } from '../db/schema.js';

export async function readVideoPatrols(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  const rows = await s.db
    .select({
      id: inspectionTargets.id,
      unitId: inspectionTargets.schoolId,
      patrolledOn: inspections.plannedOn,
      submittedOn: sql<string | null>`to_char(${inspectionTargets.submittedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
      canteen: sql<number>`count(${inspectionResults.id}) filter (where ${inspectionResults.itemKey} like 'vp-canteen-%' and ${inspectionResults.result} <> 'na')`.mapWith(Number),
    })
    .from(inspectionTargets)
    .innerJoin(inspections, eq(inspections.id, inspectionTargets.inspectionId))
    .leftJoin(inspectionResults, eq(inspectionResults.targetId, inspectionTargets.id))
    .where(
      and(
        s.schools(inspectionTargets),
        eq(inspections.kind, 'video_patrol'),
        eq(inspectionTargets.status, 'submitted'),
        gte(inspections.plannedOn, addDays(s.asOf, -lookbackDays)),
        lte(inspections.plannedOn, s.asOf),
      ),
    )
    .groupBy(inspectionTargets.id, inspectionTargets.schoolId, inspections.plannedOn, inspectionTargets.submittedAt);
  const b = (out.records.ledgersB ??= {});
  // Submitted after the day judged does not count yet.
  b.videoPatrols = rows.filter((r) => r.submittedOn && r.submittedOn <= s.asOf).map((r) => ({ id: r.id, unitId: r.unitId, patrolledOn: r.patrolledOn, canteen: r.canteen > 0 }));
}
