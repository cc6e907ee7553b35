// Demo letters to families (issue 22; 000 item 13): every school with a safety officer sent this
// winter's safety letter to six classes two days ago, open for three more days, most guardians have
// confirmed from their phones, a few on paper; last month's anti-fraud letter is closed. At 示范区实验小学
// the teacher 陈思远 (demo.carer) follows 三年级2班, where all but the last four seats have confirmed.
import { and, asc, eq, sql } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import type { Db } from '../db/client.js';
import { familyLetterClasses, familyLetterSlips, units, users } from '../db/schema.js';
import { createFamilyLetter } from '../family-letters/family-letters.service.js';
import { demoPeople } from './people.js';

export const DEMO_LETTER_SCHOOL = '示范区实验小学';
export const DEMO_LETTER_CLASS = '三年级2班';
export const DEMO_LETTER_TEACHER = 'demo.carer';

const winter = {
  topic: 'holiday' as const,
  title: '冬季安全致家长的一封信',
  body: '尊敬的家长：\n冬季天气寒冷，是火灾、一氧化碳中毒、冰面溺水和交通事故的多发季节。请您：\n一、教育孩子不在结冰的河道、水塘上行走、滑冰；\n二、检查家中取暖设施，使用煤炉务必通风，防止一氧化碳中毒；\n三、雨雪冰冻天气接送孩子注意交通安全，不乘坐无牌无证车辆；\n四、管好家中火源电源，不让孩子玩火。\n感谢您的支持与配合！',
};
const fraud = {
  topic: 'anti_fraud' as const,
  title: '防范电信网络诈骗致家长的一封信',
  body: '尊敬的家长：\n学校不会通过个人微信、QQ 收取任何费用，也不会要求家长转账。接到自称老师索要费用的信息，请先电话核实……',
};

export async function loadDemoFamilyLetters(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  const today = shanghaiDate(now);
  const schools = await db.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'))).orderBy(asc(units.id));
  const [carer] = await db.select({ id: users.id }).from(users).where(eq(users.username, DEMO_LETTER_TEACHER));
  for (const [i, s] of schools.entries()) {
    const officer = people.find((p) => p.unitId === s.id && rolesOf(p.id).includes('school_safety_officer'));
    if (!officer) continue;
    const ctx = { db, actor: actorOf(officer), ip: null, roleTable: table, now };
    const kg = s.stage === 'kindergarten';
    const classes = Array.from({ length: 6 }, (_, k) => ({
      className: kg ? `${['小', '中', '大'][k % 3]}班${Math.floor(k / 3) + 1}` : `${['一', '二', '三'][Math.floor(k / 2)]}年级${(k % 2) + 1}班`,
      pupils: kg ? 28 + k : 40 + k,
      teacherName: null as string | null,
      teacherUserId: null as number | null,
    }));
    if (s.name === DEMO_LETTER_SCHOOL && carer) Object.assign(classes.find((k) => k.className === DEMO_LETTER_CLASS)!, { teacherName: '陈思远', teacherUserId: carer.id });
    // Last month's letter, closed: sent and confirmed before today (links expired).
    const old = await createFamilyLetter({ ...ctx, now: new Date(now.getTime() - 30 * 86_400_000) }, { schoolId: s.id, ...fraud, sentOn: addDays(today, -30), dueOn: addDays(today, -25), classes, fileIds: [] });
    const open = await createFamilyLetter(ctx, { schoolId: s.id, ...winter, sentOn: addDays(today, -2), dueOn: addDays(today, 3), classes, fileIds: [] });
    // Confirmations: most by link over the days since sending, two of each class on paper; a share by school.
    for (const [letterId, share, sentAgo] of [
      [old.id, 0.96, 30],
      [open.id, 0.7 + ((i * 7) % 25) / 100, 2],
    ] as const) {
      const rows = await db.select({ id: familyLetterClasses.id, className: familyLetterClasses.className, pupils: familyLetterClasses.pupils }).from(familyLetterClasses).where(eq(familyLetterClasses.letterId, letterId));
      for (const k of rows) {
        const confirmed = s.name === DEMO_LETTER_SCHOOL && k.className === DEMO_LETTER_CLASS && letterId === open.id ? k.pupils - 4 : Math.floor(k.pupils * share);
        await db
          .update(familyLetterSlips)
          .set({
            confirmedAt: sql`${now.toISOString()}::timestamptz - make_interval(mins => (${sentAgo * 1440} * random())::int)`,
            method: sql`case when ${familyLetterSlips.seat} <= 2 then 'paper' else 'link' end`,
            relationship: sql`(array['mother','father','grandparent','mother','father'])[1 + ${familyLetterSlips.seat} % 5]`,
          })
          .where(and(eq(familyLetterSlips.classId, k.id), sql`${familyLetterSlips.seat} <= ${confirmed}`));
      }
    }
  }
}
