// The compliance reader of fire-safety standardisation (消防安全标准化, 000 item 5, 001 item 13; issue 21):
// the decided acceptances (达标验收) of the schools being evaluated, as the engine's plain records
// (src/domain/rules/records.ts, LedgerRecordsB). Registered in compliance/ledger-readers.ts.
import { and, inArray, isNotNull, lte } from 'drizzle-orm';
import type { FireAcceptResult } from '../../domain/fire-standard.js';
import { fireAssessments } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';

export async function readFireAcceptances(s: ReadScope, out: EngineRecords) {
  const rows = await s.db
    .select({ id: fireAssessments.id, unitId: fireAssessments.schoolId, result: fireAssessments.result, acceptedOn: fireAssessments.acceptedOn })
    .from(fireAssessments)
    .where(and(s.schools(fireAssessments), inArray(fireAssessments.status, ['accepted', 'failed']), isNotNull(fireAssessments.acceptedOn), lte(fireAssessments.acceptedOn, s.asOf)));
  (out.records.ledgersB ??= {}).fireAcceptances = rows.map((r) => ({ id: r.id, unitId: r.unitId, result: r.result as FireAcceptResult, acceptedOn: r.acceptedOn! }));
}
