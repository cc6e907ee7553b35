// The scheduled reminder for a duty entry not confirmed (issue 17's "missed duty confirmation"; the
// rule and its hours are domain/duty-reminders.ts). Each reminder goes through `notify`, so the
// channels of the school that carry `duty_unconfirmed` send it too, and once per entry and stage
// (its dedupe key): the job may run every few minutes harmlessly. Confirming the entry settles the
// reminders (duty.service.ts confirmEntry).
import { and, eq, gte, isNull, lte } from 'drizzle-orm';
import { dutyRoleLabels, type DutyRole } from '../../contracts/rules.js';
import { shanghaiDate } from '../../domain/dates.js';
import { dutyReminderStages, oldestRemindedDay } from '../../domain/duty-reminders.js';
import type { Executor } from '../db/client.js';
import { dutyEntries, dutyRosters, staffMembers, users } from '../db/schema.js';
import { notify, schoolContacts } from '../notifications/notifications.service.js';

/** Where a duty reminder points: the roster, naming the entry (also what settling matches on). */
export const dutyEntryLink = (rosterId: number, entryId: number) => `/duty-rosters/${rosterId}?entry=${entryId}`;

/** Reminds about the unconfirmed entries of the last days that are due a reminder at `now`; returns how many were considered. */
export async function remindUnconfirmedDuty(tx: Executor, now: Date): Promise<number> {
  const rows = await tx
    .select({
      id: dutyEntries.id,
      districtId: dutyEntries.districtId,
      rosterId: dutyEntries.rosterId,
      schoolId: dutyEntries.schoolId,
      dutyOn: dutyEntries.dutyOn,
      role: dutyEntries.role,
      personName: dutyEntries.personName,
      userId: dutyEntries.userId,
      staffUserId: staffMembers.userId,
      rosterTitle: dutyRosters.title,
    })
    .from(dutyEntries)
    .innerJoin(dutyRosters, eq(dutyRosters.id, dutyEntries.rosterId))
    .leftJoin(staffMembers, eq(staffMembers.id, dutyEntries.staffId))
    .where(and(isNull(dutyEntries.confirmedAt), gte(dutyEntries.dutyOn, oldestRemindedDay(now)), lte(dutyEntries.dutyOn, shanghaiDate(now))));
  const contacts = new Map<number, number[]>();
  for (const e of rows) {
    const role = dutyRoleLabels[e.role as DutyRole];
    const link = dutyEntryLink(e.rosterId, e.id);
    const person = e.userId ?? e.staffUserId;
    for (const stage of dutyReminderStages(e.dutyOn, false, now)) {
      if (stage === 'person') {
        // An entry naming someone without an account cannot be confirmed in the app: only the school hears of it.
        if (!person || !(await isActive(tx, person))) continue;
        await notify(tx, e.districtId, [person], {
          kind: 'duty_unconfirmed',
          title: `请确认您 ${e.dutyOn} 的值班（${role}）：${e.rosterTitle}`,
          link,
          dedupeKey: `duty-unconfirmed:${e.id}:person`,
        });
      } else {
        if (!contacts.has(e.schoolId)) contacts.set(e.schoolId, await schoolContacts(tx, e.schoolId));
        await notify(tx, e.districtId, contacts.get(e.schoolId)!, {
          kind: 'duty_unconfirmed',
          title: `${e.personName} ${e.dutyOn} 的${role}值班至今未确认：${e.rosterTitle}`,
          link,
          dedupeKey: `duty-unconfirmed:${e.id}:school`,
        });
      }
    }
  }
  return rows.length;
}

async function isActive(tx: Executor, userId: number): Promise<boolean> {
  const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.status, 'active')));
  return !!u;
}
