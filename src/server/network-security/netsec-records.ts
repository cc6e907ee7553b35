// The compliance reader of the network security ledger (000 item 8; issue 15 item 6): the recorded
// cards and monthly reports of the schools being evaluated as the engine's plain records
// (src/domain/rules/records.ts, LedgerRecordsB). Registered in compliance/ledger-readers.ts.
import { and, eq, gte, lte } from 'drizzle-orm';
import type { CardColor, CardState } from '../../domain/network-security.js';
import { netsecCards, netsecReports } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { addDays } from '../../domain/dates.js';
import { monthOf } from '../../domain/network-security.js';

export async function readNetworkSecurity(s: ReadScope, out: EngineRecords, lookbackDays: number) {
  // A card issued after the day judged did not exist yet on it; a card is judged in its present step.
  const cards = await s.db
    .select({ id: netsecCards.id, unitId: netsecCards.schoolId, color: netsecCards.color, state: netsecCards.state, reason: netsecCards.reason, fixBy: netsecCards.fixBy })
    .from(netsecCards)
    .where(and(s.schools(netsecCards), eq(netsecCards.status, 'recorded'), lte(netsecCards.issuedOn, s.asOf)));
  const reports = await s.db
    .select({ id: netsecReports.id, unitId: netsecReports.schoolId, month: netsecReports.month })
    .from(netsecReports)
    .where(and(s.schools(netsecReports), eq(netsecReports.status, 'recorded'), gte(netsecReports.month, monthOf(addDays(s.asOf, -lookbackDays))), lte(netsecReports.month, monthOf(s.asOf))));
  const b = (out.records.ledgersB ??= {});
  b.netsecCards = cards.map((c) => ({ id: c.id, unitId: c.unitId, color: c.color as CardColor, state: c.state as CardState, reason: c.reason, fixBy: c.fixBy }));
  b.netsecReports = reports;
}
