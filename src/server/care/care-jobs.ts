// The daily work of the care ledger (issue 16): closed records purged after their retention day,
// leaving only counts (care_purge_counts); carers reminded of follow-ups falling due within three
// days or overdue (001 item 20), by grade and class, never by name.
import { and, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { schoolYearOf } from '../../domain/rules/periods.js';
import { addDays } from '../../domain/dates.js';
import { writeAudit } from '../audit/audit.js';
import type { Executor } from '../db/client.js';
import { careCarers, careFollowUps, carePurgeCounts, careRecords } from '../db/schema.js';
import { notify } from '../notifications/notifications.service.js';

/** Purges every closed record whose purge day has passed; returns how many. */
export async function purgeExpiredCare(tx: Executor, today: string): Promise<number> {
  const due = await tx
    .select({ id: careRecords.id, districtId: careRecords.districtId, schoolId: careRecords.schoolId, schoolPath: careRecords.schoolPath, closedOn: careRecords.closedOn, closeReason: careRecords.closeReason })
    .from(careRecords)
    .where(and(eq(careRecords.status, 'closed'), lt(careRecords.purgeOn, today)))
    .for('update');
  if (!due.length) return 0;
  const ids = due.map((r) => r.id);
  const fus = await tx.select({ recordId: careFollowUps.recordId, n: sql<number>`count(*)::int` }).from(careFollowUps).where(inArray(careFollowUps.recordId, ids)).groupBy(careFollowUps.recordId);
  const fuOf = new Map(fus.map((f) => [f.recordId, f.n]));
  const groups = new Map<string, { districtId: number; schoolId: number; schoolPath: string; schoolYear: string; closeReason: string; records: number; followUps: number }>();
  for (const r of due) {
    const schoolYear = schoolYearOf(r.closedOn!).key;
    const k = `${r.schoolId}|${schoolYear}|${r.closeReason}`;
    const g = groups.get(k) ?? { districtId: r.districtId, schoolId: r.schoolId, schoolPath: r.schoolPath, schoolYear, closeReason: r.closeReason ?? 'care_ended', records: 0, followUps: 0 };
    g.records += 1;
    g.followUps += fuOf.get(r.id) ?? 0;
    groups.set(k, g);
  }
  for (const g of groups.values()) {
    await tx
      .insert(carePurgeCounts)
      .values(g)
      .onConflictDoUpdate({
        target: [carePurgeCounts.schoolId, carePurgeCounts.schoolYear, carePurgeCounts.closeReason],
        set: { records: sql`${carePurgeCounts.records} + ${g.records}`, followUps: sql`${carePurgeCounts.followUps} + ${g.followUps}` },
      });
  }
  // Carers and follow-ups go with the record (on delete cascade): nothing sealed is left behind.
  await tx.delete(careRecords).where(inArray(careRecords.id, ids));
  for (const g of groups.values()) {
    await writeAudit(tx, { actor: null, ip: null }, { action: 'purge', objectType: 'care_record', objectId: null, districtId: g.districtId, actorName: '系统', after: { schoolId: g.schoolId, schoolYear: g.schoolYear, closeReason: g.closeReason, records: g.records, followUps: g.followUps } });
  }
  return ids.length;
}

/** Reminds the carers of open records whose follow-up falls due within three days or is overdue (once per due day). */
export async function remindCareFollowUps(tx: Executor, today: string): Promise<number> {
  const rows = await tx
    .select({ id: careRecords.id, districtId: careRecords.districtId, grade: careRecords.grade, className: careRecords.className, nextDueOn: careRecords.nextDueOn, userId: careCarers.userId })
    .from(careRecords)
    .innerJoin(careCarers, eq(careCarers.recordId, careRecords.id))
    .where(and(eq(careRecords.status, 'open'), lte(careRecords.nextDueOn, addDays(today, 3))));
  for (const r of rows) {
    const overdue = r.nextDueOn < today;
    await notify(tx, r.districtId, [r.userId], {
      kind: 'care_follow_up_due',
      title: overdue
        ? `${r.grade}年级${r.className}一名包靠学生的随访已逾期（应于 ${r.nextDueOn} 前完成，001 第20条）`
        : `${r.grade}年级${r.className}一名包靠学生的随访将于 ${r.nextDueOn} 到期`,
      link: `/care/records/${r.id}`,
      dedupeKey: `care-due:${r.id}:${r.nextDueOn}:${overdue ? 'overdue' : 'soon'}`,
    });
  }
  return rows.length;
}
