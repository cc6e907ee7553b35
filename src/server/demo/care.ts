// The demo district's students of concern (issue 16; 001 items 9 and 20). Every name is fictional.
//   - 示范区实验小学: the principal (demo.principal) has named 林心语 (demo.care) care staff; 陈思远
//     (demo.carer) is the carer of two students; grades 4–6 screened this semester. One student's
//     follow-up is overdue (DEMO_CARE_OVERDUE_SCHOOL): the care.follow_up rule is missed there.
//   - 东湖中学: grades 7 and 8 screened, grade 9 not yet (care.screening short); two students whose
//     carer is the principal, followed up on time.
//   - 西城小学: one student, no screening this semester.
import { and, eq, inArray } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { nextFollowUpDue } from '../../domain/care.js';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_PASSWORD } from '../auth/demo-accounts.js';
import { writeAudit } from '../audit/audit.js';
import { aad, NAME_INDEX, nameHashInput } from '../care/care-records.service.js';
import { careSealer } from '../care/key.js';
import type { Db } from '../db/client.js';
import { careCarers, careFiles, careFollowUps, careRecords, careScreenings, careStaff, units, userRoles, users } from '../db/schema.js';
import { fileAad } from '../care/care-files.js';
import { createHash } from 'node:crypto';

export const DEMO_CARE_OVERDUE_SCHOOL = '示范区实验小学';

interface Student {
  school: string;
  name: string;
  grade: number;
  className: string;
  kinds: string[];
  band: string | null;
  note: string;
  measures: string;
  guardian: { name: string; relation: string; phone: string };
  consent: string;
  /** Days before today the record was opened, and the days of its follow-ups. */
  openedAgo: number;
  followUpsAgo: number[];
  carer: 'carer' | 'principal';
}

const students: Student[] = [
  { school: '示范区实验小学', name: '张晓明', grade: 5, className: '2班', kinds: ['mental_concern', 'family_difficulty'], band: 'concern', note: '父母离异后情绪低落，课堂注意力不集中', measures: '包靠教师每周谈心一次，心理老师每月团体辅导', guardian: { name: '张国华', relation: '父亲', phone: '13905310001' }, consent: 'given', openedAgo: 70, followUpsAgo: [62, 41], carer: 'carer' },
  { school: '示范区实验小学', name: '李雨桐', grade: 4, className: '1班', kinds: ['special_constitution'], band: null, note: '先天性心脏病术后，禁止剧烈运动', measures: '体育课安排替代项目，随身药品放班主任处', guardian: { name: '刘美玲', relation: '母亲', phone: '13905310002' }, consent: 'given', openedAgo: 40, followUpsAgo: [12], carer: 'carer' },
  { school: '示范区实验小学', name: '王子涵', grade: 6, className: '3班', kinds: ['left_behind'], band: 'attention', note: '父母在外务工，随祖父母生活', measures: '每两周一次电话家访，安排学习伙伴', guardian: { name: '王德顺', relation: '祖父', phone: '13905310003' }, consent: 'pending', openedAgo: 20, followUpsAgo: [6], carer: 'principal' },
  { school: '东湖中学', name: '赵一鸣', grade: 8, className: '4班', kinds: ['mental_concern'], band: 'crisis', note: '筛查提示抑郁倾向，已转介专业机构评估', measures: '心理老师每周个别辅导，班主任每日关注', guardian: { name: '赵丽', relation: '母亲', phone: '13905310004' }, consent: 'given', openedAgo: 30, followUpsAgo: [25, 8], carer: 'principal' },
  { school: '东湖中学', name: '孙浩然', grade: 7, className: '2班', kinds: ['physical_illness', 'disability'], band: null, note: '听力障碍，佩戴助听器', measures: '座位安排在前排，考试提供书面指令', guardian: { name: '孙建军', relation: '父亲', phone: '13905310005' }, consent: 'not_needed', openedAgo: 50, followUpsAgo: [35, 10], carer: 'principal' },
  { school: '西城小学', name: '周欣怡', grade: 5, className: '1班', kinds: ['family_difficulty'], band: 'attention', note: '家庭经济困难，近期家中变故', measures: '落实资助政策，班主任每两周谈心', guardian: { name: '周红梅', relation: '母亲', phone: '13905310006' }, consent: 'given', openedAgo: 25, followUpsAgo: [9], carer: 'principal' },
];

/** Classes screened this semester, by school and grade (001 item 9). */
const screened: Record<string, number[]> = { 示范区实验小学: [4, 5, 6], 东湖中学: [7, 8] };

/** A one-page PDF saying what it stands for (the demo has no scanned paper). */
function consentPdf(): Buffer {
  const text = 'Guardian consent form (demo)';
  const stream = `BT /F1 14 Tf 40 150 Td (${text}) Tj ET`;
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>endobj\n' +
      '4 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n' +
      `5 0 obj<</Length ${stream.length}>>stream\n${stream}\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

export async function loadDemoCare(db: Db, districtId: number, now: Date): Promise<void> {
  const sealer = careSealer();
  const today = shanghaiDate(now);
  const schoolNames = [...new Set([...students.map((s) => s.school), ...Object.keys(screened)])];
  const schools = await db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(and(eq(units.districtId, districtId), inArray(units.name, schoolNames)));
  const byName = new Map(schools.map((s) => [s.name, s]));
  const principals = await db
    .select({ id: users.id, unitId: users.unitId, username: users.username })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.districtId, districtId), eq(userRoles.roleKey, 'principal')));
  const principalOf = new Map(principals.map((p) => [p.unitId, p]));
  const lab = byName.get('示范区实验小学')!;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction(async (tx) => {
    // Two teachers of the experimental primary school: one named care staff, one a carer.
    const [care, carer] = await tx
      .insert(users)
      .values([
        { districtId, unitId: lab.id, username: 'demo.care', displayName: '林心语', passwordHash, mustChangePassword: false },
        { districtId, unitId: lab.id, username: 'demo.carer', displayName: '陈思远', passwordHash, mustChangePassword: false },
      ])
      .returning({ id: users.id });
    await tx.insert(userRoles).values([
      { userId: care.id, roleKey: 'teacher' },
      { userId: carer.id, roleKey: 'teacher' },
    ]);
    const principal = principalOf.get(lab.id)!;
    await tx.insert(careStaff).values({ districtId, schoolId: lab.id, schoolPath: lab.path, userId: care.id, grantedBy: principal.id });

    let records = 0;
    for (const s of students) {
      const school = byName.get(s.school)!;
      const openedOn = addDays(today, -s.openedAgo);
      const last = s.followUpsAgo.length ? addDays(today, -Math.min(...s.followUpsAgo)) : null;
      const carerId = s.carer === 'carer' ? carer.id : principalOf.get(school.id)!.id;
      const [r] = await tx
        .insert(careRecords)
        .values({
          districtId,
          schoolId: school.id,
          schoolPath: school.path,
          nameEnc: sealer.seal(s.name, aad.name(school.id)),
          nameHash: sealer.blindIndex(nameHashInput(school.id, s.name), NAME_INDEX),
          noteEnc: sealer.seal(s.note, aad.note(school.id)),
          measuresEnc: sealer.seal(s.measures, aad.measures(school.id)),
          contactEnc: sealer.seal(JSON.stringify(s.guardian), aad.contact(school.id)),
          grade: s.grade,
          className: s.className,
          kinds: s.kinds,
          band: s.band,
          consent: s.consent,
          consentOn: s.consent === 'given' ? openedOn : null,
          openedOn,
          followUpDays: 30,
          lastFollowUpOn: last,
          nextDueOn: nextFollowUpDue(openedOn, last, 30),
          createdBy: principalOf.get(school.id)!.id,
        })
        .returning({ id: careRecords.id });
      records++;
      if (s.consent === 'given') {
        // The signed consent form on file (附件), sealed like the rest: a one-page PDF.
        const pdf = consentPdf();
        await tx.insert(careFiles).values({
          districtId,
          schoolId: school.id,
          schoolPath: school.path,
          recordId: r.id,
          nameEnc: sealer.seal('监护人知情同意书.pdf', fileAad.name(r.id)),
          sha256Enc: sealer.seal(createHash('sha256').update(pdf).digest('hex'), fileAad.sha256(r.id)),
          mime: 'application/pdf',
          size: pdf.length,
          content: sealer.sealBytes(pdf, fileAad.content(r.id)),
          uploadedBy: principalOf.get(school.id)!.id,
          uploadedByName: '校长',
        });
      }
      await tx.insert(careCarers).values({ recordId: r.id, userId: carerId, districtId, schoolId: school.id, assignedBy: principalOf.get(school.id)!.id });
      for (const ago of [...s.followUpsAgo].sort((a, b) => b - a)) {
        await tx.insert(careFollowUps).values({
          recordId: r.id,
          districtId,
          schoolId: school.id,
          heldOn: addDays(today, -ago),
          method: ago % 2 ? 'talk' : 'phone',
          noteEnc: sealer.seal(ago % 2 ? '谈心谈话，情绪较上次平稳，按计划继续关注' : '与监护人电话沟通，了解在家情况，约定下次家访', aad.followUp(r.id)),
          byUserId: carerId,
          byName: s.carer === 'carer' ? '陈思远' : '校长',
        });
      }
    }

    let screenings = 0;
    for (const [name, grades] of Object.entries(screened)) {
      const school = byName.get(name)!;
      const recorder = principalOf.get(school.id)!;
      for (const grade of grades) {
        for (const cls of ['1班', '2班']) {
          const n = 40 + ((grade * 3 + cls.length) % 6);
          const concern = grade % 3;
          await tx.insert(careScreenings).values({
            districtId,
            schoolId: school.id,
            schoolPath: school.path,
            grade,
            className: cls,
            screenedOn: addDays(today, -10 - grade),
            instrument: grade <= 6 ? '中小学生心理健康诊断测验（MHT）' : '症状自评量表（SCL-90）青少年版',
            screened: n,
            notScreened: cls === '1班' ? 1 : 0,
            notScreenedReason: cls === '1班' ? '病假 1 人' : null,
            bands: { none: n - 4 - concern, attention: 4, concern, crisis: 0 },
            createdBy: recorder.id,
            createdByName: '校长',
          });
          screenings++;
        }
      }
    }
    const system = { actor: null, ip: null };
    await writeAudit(tx, system, { action: 'import', objectType: 'care_record', districtId, actorName: '系统', after: { demo: true, records } });
    await writeAudit(tx, system, { action: 'import', objectType: 'care_screening', districtId, actorName: '系统', after: { demo: true, records: screenings } });
  });
}
