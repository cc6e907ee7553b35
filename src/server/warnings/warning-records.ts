// The compliance reader of warnings (预警提示, 000 item 10; issue 21): each warning to each school being
// evaluated, issued up to the as-of day, and whether it was signed within its hours (or is unsigned
// past them at the end of the as-of day), as the engine's plain records (LedgerRecordsB.warningSigns).
// Registered in compliance/ledger-readers.ts.
import { and, eq, sql } from 'drizzle-orm';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { warningReceipts, warnings, warningTargets } from '../db/schema.js';

export async function readWarningSigns(s: ReadScope, out: EngineRecords) {
  // The end of the as-of day in Shanghai: a school whose hours run out later that day is not yet late.
  const endOfDay = sql`(${s.asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'`;
  const due = sql`${warnings.issuedAt} + ${warnings.signWithinHours} * interval '1 hour'`;
  const rows = await s.db
    .select({
      warningId: warnings.id,
      unitId: warningTargets.schoolId,
      title: warnings.title,
      issuedOn: sql<string>`to_char(${warnings.issuedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
      // A warning closed before its hours ran out asked nothing more of a school that had not signed yet.
      late: sql<boolean>`case when ${warningReceipts.signedAt} is null then ${due} < least(coalesce(${warnings.closedAt}, ${endOfDay}), ${endOfDay}) else ${warningReceipts.signedAt} > ${due} end`,
    })
    .from(warningTargets)
    .innerJoin(warnings, eq(warnings.id, warningTargets.warningId))
    .leftJoin(warningReceipts, and(eq(warningReceipts.warningId, warningTargets.warningId), eq(warningReceipts.schoolId, warningTargets.schoolId)))
    .where(and(s.schools(warningTargets), sql`${warnings.issuedAt} < ${endOfDay}`, sql`${warnings.issuedAt} >= ${endOfDay} - interval '400 days'`));
  (out.records.ledgersB ??= {}).warningSigns = rows.map((r) => ({ id: r.warningId, unitId: r.unitId, warningId: r.warningId, title: r.title, issuedOn: r.issuedOn, late: Boolean(r.late) }));
}
