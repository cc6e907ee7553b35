// The compliance reader of disputes and petitions (000 item 3, 003 第三部分之六; issue 22): each school's
// recorded (not voided) records with their received, due and concluded days (LedgerRecordsB.disputes).
// Nothing of the parties is read. A conclusion after the as-of day does not count yet. Registered in
// compliance/ledger-readers.ts.
import { and, eq, sql } from 'drizzle-orm';
import type { DisputeKind } from '../../domain/disputes.js';
import { addDays } from '../../domain/dates.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { disputes } from '../db/schema.js';

export async function readDisputes(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  const from = addDays(s.asOf, -lookbackDays);
  const rows = await s.db
    .select({ id: disputes.id, unitId: disputes.schoolId, kind: disputes.kind, receivedOn: disputes.receivedOn, dueOn: disputes.dueOn, concludedOn: disputes.concludedOn })
    .from(disputes)
    .where(and(s.schools(disputes), eq(disputes.status, 'recorded'), sql`${disputes.receivedOn} between ${from} and ${s.asOf}`));
  const b = (out.records.ledgersB ??= {});
  b.disputes = rows.map((r) => ({ ...r, kind: r.kind as DisputeKind, concludedOn: r.concludedOn && r.concludedOn <= s.asOf ? r.concludedOn : null }));
}
