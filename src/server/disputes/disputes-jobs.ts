// The daily watch over disputes and petitions (issue 22; 000 item 3): the school's principal and
// safety officers hear of a record falling due within the district's reminder days, and again once
// it is overdue; each once per record and stage (the dedupe key), so the hourly job may run again.
import { and, eq, isNull, lte } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import { DEFAULT_DISPUTE_DEADLINES } from '../../domain/disputes.js';
import type { Executor } from '../db/client.js';
import { disputes } from '../db/schema.js';
import { notify, schoolContacts } from '../notifications/notifications.service.js';

/** Reminds the schools of records due soon or overdue; returns how many records were looked at. */
export async function remindDisputesDue(tx: Executor, today: string): Promise<number> {
  const rows = await tx
    .select({ id: disputes.id, districtId: disputes.districtId, schoolId: disputes.schoolId, kind: disputes.kind, dueOn: disputes.dueOn, summary: disputes.summary })
    .from(disputes)
    .where(and(eq(disputes.status, 'recorded'), isNull(disputes.concludedOn), lte(disputes.dueOn, addDays(today, DEFAULT_DISPUTE_DEADLINES.remindDays))));
  // A school's principal and safety officers, read once per school however many of its records are due.
  const contacts = new Map<number, number[]>();
  for (const r of rows) {
    const overdue = r.dueOn < today;
    const what = r.kind === 'petition' ? '信访事项' : '矛盾纠纷';
    if (!contacts.has(r.schoolId)) contacts.set(r.schoolId, await schoolContacts(tx, r.schoolId));
    await notify(tx, r.districtId, contacts.get(r.schoolId)!, {
      kind: 'dispute_due',
      title: overdue ? `${what}已超期（期限 ${r.dueOn}）：${r.summary.slice(0, 30)}` : `${what}将于 ${r.dueOn} 到期：${r.summary.slice(0, 30)}`,
      link: `/disputes?open=${r.id}`,
      dedupeKey: `dispute:${r.id}:${overdue ? 'overdue' : 'due'}`,
    });
  }
  return rows.length;
}
