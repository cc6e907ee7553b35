// The demo district's bullying and violence (issue 22; 001 item 10, 002 area 4, 000 item 13). Every
// name is fictional; pupils are students of concern of the care demo (demo/care.ts), by reference.
//   - 示范区实验小学: a committee (the principal chairs it, 林心语 demo.care its counsellor), a meeting,
//     the help line, two classes screened; one case determined and handled, one still in its inquiry
//     and overdue (reported 15 days ago against the pack's 10 days).
//   - the other schools: no committee, no help line, no screening: short on the 统计 tab.
import { and, eq } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { DEFAULT_INQUIRY_DAYS, inquiryDueOn } from '../../domain/bullying.js';
import { aad as careAad } from '../care/care-records.service.js';
import { careSealer } from '../care/key.js';
import { caseAad } from '../bullying/cases.service.js';
import type { Db } from '../db/client.js';
import { bullyingCasePupils, bullyingCases, bullyingCommitteeMembers, bullyingFollowUps, bullyingHelpLines, bullyingMeetings, bullyingScreenings, careRecords, units, userRoles, users } from '../db/schema.js';

export async function loadDemoBullying(db: Db, districtId: number, now: Date): Promise<void> {
  const sealer = careSealer();
  const today = shanghaiDate(now);
  const [lab] = await db.select({ id: units.id, path: units.path }).from(units).where(and(eq(units.districtId, districtId), eq(units.name, '示范区实验小学')));
  if (!lab) return;
  const [principal] = await db.select({ id: users.id, name: users.displayName }).from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).where(and(eq(users.unitId, lab.id), eq(userRoles.roleKey, 'principal')));
  const [care] = await db.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.districtId, districtId), eq(users.username, 'demo.care')));
  if (!principal || !care) return;
  // The pupils by their sealed names: the records of the care demo.
  const recs = await db.select({ id: careRecords.id, nameEnc: careRecords.nameEnc }).from(careRecords).where(eq(careRecords.schoolId, lab.id));
  const idOf = new Map(recs.map((r) => [sealer.open(r.nameEnc!, careAad.name(lab.id)), r.id]));
  const pupil = (name: string) => idOf.get(name)!;
  if (!['张晓明', '王子涵', '李雨桐'].every((n) => idOf.has(n))) return;
  const school = { districtId, schoolId: lab.id, schoolPath: lab.path };

  await db.transaction(async (tx) => {
    await tx.insert(bullyingCommitteeMembers).values([
      { ...school, userId: principal.id, committeeRole: 'chair', appointedBy: principal.id },
      { ...school, userId: care.id, committeeRole: 'counsellor', appointedBy: principal.id },
    ]);
    await tx.insert(bullyingMeetings).values({ ...school, heldOn: addDays(today, -30), topic: '本学期欺凌苗头排摸部署与重点学生研判', attendees: 7, createdBy: principal.id, createdByName: principal.name });
    await tx.insert(bullyingHelpLines).values({ ...school, phone: '0531-88880110', hours: '工作日 7:30–17:30', contacts: [{ name: care.name, post: '心理教师', phone: '13905319001' }, { name: principal.name, post: '校长', phone: '13905319002' }], updatedByName: principal.name });
    await tx.insert(bullyingScreenings).values([
      { ...school, screenedOn: addDays(today, -25), grade: 5, className: '2班', pupils: 42, signsFound: 2, followUpNeeded: 1, createdBy: care.id, createdByName: care.name },
      { ...school, screenedOn: addDays(today, -24), grade: 4, className: '1班', pupils: 40, signsFound: 1, followUpNeeded: 1, createdBy: care.id, createdByName: care.name },
    ]);
    const reportedDone = addDays(today, -20);
    const [done] = await tx
      .insert(bullyingCases)
      .values({
        ...school,
        reportedOn: reportedDone,
        reportChannel: 'teacher',
        reporterEnc: sealer.seal('班主任发现并报告', caseAad.reporter(lab.id)),
        occurredOn: addDays(today, -21),
        place: '操场器材室旁',
        summaryEnc: sealer.seal('课间多次被同学起绰号、推搡，并被要求代写作业', caseAad.summary(lab.id)),
        inquiryDays: DEFAULT_INQUIRY_DAYS,
        inquiryDueOn: inquiryDueOn(reportedDone, DEFAULT_INQUIRY_DAYS),
        status: 'handled',
        isBullying: true,
        reasonsEnc: sealer.seal('两周内反复发生，行为人故意为之，被欺凌学生精神受到伤害', caseAad.reasons(lab.id)),
        determinedBy: principal.id,
        determinedByName: principal.name,
        determinedRole: 'chair',
        determinedAt: new Date(`${addDays(today, -14)}T09:00:00+08:00`),
        measures: ['education', 'parents', 'admonition'],
        admonishedBy: '周建国（法治副校长，区检察院）',
        handlingEnc: sealer.seal('双方家长到校；法治副校长到校训诫；心理教师跟进辅导', caseAad.handling(lab.id)),
        handledOn: addDays(today, -10),
        createdBy: care.id,
        createdByName: care.name,
      })
      .returning();
    await tx.insert(bullyingCasePupils).values([
      { caseId: done.id, careRecordId: pupil('张晓明'), districtId, schoolId: lab.id, pupilRole: 'target' },
      { caseId: done.id, careRecordId: pupil('王子涵'), districtId, schoolId: lab.id, pupilRole: 'actor' },
    ]);
    await tx.insert(bullyingFollowUps).values({ caseId: done.id, districtId, schoolId: lab.id, heldOn: addDays(today, -3), noteEnc: sealer.seal('被欺凌学生情绪平稳，未再发生', caseAad.followUp(done.id)), byUserId: care.id, byName: care.name });
    const reportedOpen = addDays(today, -15);
    const [open] = await tx
      .insert(bullyingCases)
      .values({
        ...school,
        reportedOn: reportedOpen,
        reportChannel: 'help_line',
        reporterEnc: sealer.seal('学生求助电话（匿名）', caseAad.reporter(lab.id)),
        occurredOn: addDays(today, -16),
        place: '学生宿舍',
        summaryEnc: sealer.seal('反映在宿舍被高年级学生孤立、藏匿物品', caseAad.summary(lab.id)),
        inquiryDays: DEFAULT_INQUIRY_DAYS,
        inquiryDueOn: inquiryDueOn(reportedOpen, DEFAULT_INQUIRY_DAYS),
        createdBy: care.id,
        createdByName: care.name,
      })
      .returning();
    await tx.insert(bullyingCasePupils).values({ caseId: open.id, careRecordId: pupil('李雨桐'), districtId, schoolId: lab.id, pupilRole: 'target' });
  });
}
