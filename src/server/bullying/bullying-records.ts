// The compliance reader of bullying (001 item 10, 000 item 13; issue 22): each school's screenings of
// early signs and its cases' days (reported, inquiry due, determined), as the engine's plain records
// (LedgerRecordsB.bullyingScreenings / bullyingCases). No sealed column is read: the finding travels
// upward with days and counts only. Registered in compliance/ledger-readers.ts.
import { and, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { bullyingCases, bullyingScreenings } from '../db/schema.js';

export async function readBullying(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  const from = addDays(s.asOf, -lookbackDays);
  const screenings = await s.db
    .select({ id: bullyingScreenings.id, unitId: bullyingScreenings.schoolId, screenedOn: bullyingScreenings.screenedOn })
    .from(bullyingScreenings)
    .where(and(s.schools(bullyingScreenings), sql`${bullyingScreenings.screenedOn} between ${from} and ${s.asOf}`));
  const cases = await s.db
    .select({
      id: bullyingCases.id,
      unitId: bullyingCases.schoolId,
      reportedOn: bullyingCases.reportedOn,
      inquiryDueOn: bullyingCases.inquiryDueOn,
      determinedOn: sql<string | null>`to_char(${bullyingCases.determinedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
    })
    .from(bullyingCases)
    .where(and(s.schools(bullyingCases), sql`${bullyingCases.reportedOn} between ${from} and ${s.asOf}`));
  const b = (out.records.ledgersB ??= {});
  b.bullyingScreenings = screenings;
  b.bullyingCases = cases;
}
