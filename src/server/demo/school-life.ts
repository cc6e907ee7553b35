// The demo district's food safety, gate, daily health check and safety education ledgers (issue 15),
// so that the new rules show a believable mix on 合规看板 and in the school calendars. Every school but
// two small ones has a canteen; the last ~9 weeks of school days are recorded, with a few schools short:
//   - 西城阳光小学: three school days without the canteen's daily control (food.daily_control);
//   - 南山中心小学: a kitchen worker's health certificate expired last week (food.certificates_valid);
//   - 北河中心小学: the traceability platform offline (food.traceability_online);
//   - 西城实验中学: two visitors let in without a staff member (gate.visitors_escorted);
//   - 东湖幼儿园: two days without a full 护学岗 (gate.guard_post_daily);
//   - 南山中学: noon checks missing on the last two school days (health.daily_checks), and three students
//     of one class with a fever this morning (a possible outbreak for the school doctor and the bureau);
//   - 西城育才学校: no activity for the 11.9 fire day (education.safety_days).
// Plus the gate guard account demo.guard at 示范区实验小学. Written in bulk (one audit event per ledger).
import { and, eq, inArray } from 'drizzle-orm';
import { addDays, daysBetween, shanghaiDate } from '../../domain/dates.js';
import { educationDaysOf } from '../../domain/education-days.js';
import { isSchoolDay } from '../../domain/rules/entries.js';
import { writeAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_PASSWORD } from '../auth/demo-accounts.js';
import type { Db, Executor } from '../db/client.js';
import { educationRecords, foodRecords, gateRecords, healthChecks, units, userRoles, users } from '../db/schema.js';
import { periodInputs } from '../rules/calendars.service.js';

export const DEMO_NO_CANTEEN = ['东湖小天使幼儿园', '西城艺术培训中心'];
export const DEMO_SHORT_OF_DAILY_CONTROL = '西城阳光小学';
export const DEMO_EXPIRED_CERTIFICATE = '南山中心小学';
export const DEMO_TRACEABILITY_OFFLINE = '北河中心小学';
export const DEMO_UNESCORTED_VISITORS = '西城实验中学';
export const DEMO_SHORT_OF_GUARD_POSTS = '东湖幼儿园';
export const DEMO_SHORT_OF_HEALTH_CHECKS = '南山中学';
export const DEMO_MISSED_FIRE_DAY = '西城育才学校';
/** The gate guard's school (the phone journey). */
export const DEMO_GUARD_SCHOOL = '示范区实验小学';

const DAYS_BACK = 63;
const CHUNK = 500;
const pick = <T>(list: T[], k: number) => list[Math.abs(k) % list.length];
const names = ['王芳', '李强', '张敏', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周涛', '吴婷'];
const visitors = ['张女士', '李先生', '王师傅', '刘女士', '陈先生', '赵女士', '孙先生', '周女士'];
const purposes = ['给孩子送药', '家长会前沟通', '送教学设备', '维修空调', '区教研员听课', '接孩子看病', '食材配送'];
const hosts = ['一年级一班班主任', '总务处王主任', '教务处', '三年级二班班主任', '校医室'];
const plates = ['沪A5K128', '沪B37Q61', '沪C90D22', '苏E7M305', '沪AD12345'];

async function inChunks<T>(tx: Executor, rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** A Beijing time on a day as an instant. */
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);

export async function loadDemoSchoolLife(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const { calendars } = await periodInputs(db, districtId);
  const schools = await db
    .select({ id: units.id, name: units.name, path: units.path, stage: units.stage, boarding: units.boarding, students: units.studentCount })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'school')));
  const [bureauAdmin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'demo.bureau'));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const schoolDays: string[] = [];
  for (let d = addDays(today, -DAYS_BACK); d < today; d = addDays(d, 1)) if (isSchoolDay(d, calendars)) schoolDays.push(d);

  await db.transaction(async (tx) => {
    const withCanteen = schools.filter((s) => !DEMO_NO_CANTEEN.includes(s.name) && s.stage !== 'off_campus');
    await tx.update(units).set({ canteen: true }).where(inArray(units.id, withCanteen.map((s) => s.id)));
    const guardSchool = schools.find((s) => s.name === DEMO_GUARD_SCHOOL)!;
    const [guard] = await tx
      .insert(users)
      .values({ districtId, unitId: guardSchool.id, username: 'demo.guard', displayName: '周建国', passwordHash, mustChangePassword: false })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: guard.id, roleKey: 'gate_guard' });
    const by = { districtId, createdBy: bureauAdmin.id, createdByName: '示范数据' };
    const place = (s: (typeof schools)[number]) => ({ ...by, schoolId: s.id, schoolPath: s.path });

    // ---- food safety
    const food: Array<typeof foodRecords.$inferInsert> = [];
    withCanteen.forEach((s, k) => {
      const skip = s.name === DEMO_SHORT_OF_DAILY_CONTROL ? new Set(schoolDays.slice(-12, -9)) : new Set<string>();
      for (const d of schoolDays) {
        if (skip.has(d)) continue;
        food.push({ ...place(s), kind: 'daily_check', recordedOn: d, person: pick(names, k), staffChecked: 8 + (k % 9), staffUnwell: (k + d.charCodeAt(9)) % 23 === 0 ? 1 : 0, samplesKept: 5 + (k % 3), sampleGrams: 150, sampleHours: 48, summary: '餐具消毒、食材验收、加工过程检查合格' });
        const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
        if (dow === 3) food.push({ ...place(s), kind: 'weekly_check', recordedOn: d, person: '总务处主任', findingCount: k % 5 === 0 ? 1 : 0, summary: k % 5 === 0 ? '冷藏柜温度记录不全，已要求每日两次记录' : '未发现问题' });
        if (dow === 2 || dow === 4) food.push({ ...place(s), kind: 'accompanied_meal', recordedOn: d, person: dow === 2 ? '校长' : '分管副校长', meal: 'lunch', summary: '饭菜温度适宜，学生反映良好' });
      }
      for (let m = 0; m < 3; m++) {
        const d = addDays(today, -(m * 30 + 5));
        food.push({ ...place(s), kind: 'monthly_dispatch', recordedOn: d, person: '校长', summary: '通报本月食品安全日管控、周排查情况，部署大宗食材统一配送和从业人员健康管理' });
      }
      const expired = s.name === DEMO_EXPIRED_CERTIFICATE;
      food.push(
        { ...place(s), kind: 'certificate', recordedOn: addDays(today, -300), person: `${s.name}食堂`, certificateType: 'food_business_licence', certificateNo: `JY${31011200000 + s.id}`, expiresOn: addDays(today, 4 * 365) },
        { ...place(s), kind: 'certificate', recordedOn: addDays(today, -200), person: pick(names, k + 3), certificateType: 'health_certificate', certificateNo: `JK${2026000 + s.id}`, expiresOn: expired ? addDays(today, -6) : addDays(today, 165 + (k % 150)) },
        { ...place(s), kind: 'certificate', recordedOn: addDays(today, -120), person: '区学生营养餐配送中心', certificateType: 'supplier_licence', certificateNo: `GY${2025100 + s.id}`, expiresOn: addDays(today, 600) },
        { ...place(s), kind: 'platform_status', recordedOn: addDays(today, -20), person: '总务处主任', brightKitchenOnline: true, traceabilityOnline: s.name !== DEMO_TRACEABILITY_OFFLINE, summary: s.name === DEMO_TRACEABILITY_OFFLINE ? '追溯平台账号过期，已联系平台续期' : null },
      );
    });
    await inChunks(tx, food, (c) => tx.insert(foodRecords).values(c));

    // ---- gate: 护学岗 every school day, visitors and vehicles of the last two weeks
    const gate: Array<typeof gateRecords.$inferInsert> = [];
    const recent = schoolDays.slice(-10);
    schools.forEach((s, k) => {
      const short = s.name === DEMO_SHORT_OF_GUARD_POSTS ? new Set(schoolDays.slice(-6, -4)) : new Set<string>();
      for (const d of schoolDays) {
        gate.push({ ...place(s), kind: 'guard_post', recordedOn: d, guardName: pick(names, k + 1), arrivalTeachers: 2, arrivalGuards: 2, dismissalTeachers: short.has(d) ? 0 : 2, dismissalGuards: 2, onDuty: '值周教师、保安员' });
      }
      recent.forEach((d, j) => {
        for (let v = 0; v < 2; v++) {
          const arrived = at(d, `${String(9 + v * 4).padStart(2, '0')}:${String((k * 7 + j) % 60).padStart(2, '0')}`);
          const unescorted = s.name === DEMO_UNESCORTED_VISITORS && j >= 8 && v === 0;
          gate.push({
            ...place(s),
            kind: 'visitor',
            recordedOn: d,
            guardName: pick(names, k + 1),
            visitorName: pick(visitors, k + j + v),
            idNumberMasked: `310104********${String(1000 + ((k * 37 + j * 11 + v) % 9000)).slice(0, 3)}X`,
            idChecked: true,
            organisation: '学生家长',
            purpose: pick(purposes, k + j + v),
            hostName: pick(hosts, k + v),
            escortName: unescorted ? null : pick(names, k + j + v + 2),
            admitted: true,
            arrivedAt: arrived,
            leftAt: new Date(arrived.getTime() + (25 + ((k + j) % 40)) * 60_000),
          });
        }
        if ((k + j) % 4 === 0) {
          const refused = (k + j) % 8 === 0;
          gate.push({ ...place(s), kind: 'vehicle', recordedOn: d, guardName: pick(names, k + 1), plate: pick(plates, k + j), driverName: '驾驶员', admitted: !refused, refusalReason: refused ? '无关车辆，未预约' : null, arrivedAt: at(d, '10:15'), leftAt: refused ? null : at(d, '10:40') });
        }
      });
    });
    await inChunks(tx, gate, (c) => tx.insert(gateRecords).values(c));

    // ---- daily health checks: two classes, morning and noon, the last six weeks
    const checks: Array<typeof healthChecks.$inferInsert> = [];
    const healthDays = schoolDays.slice(-30);
    schools.forEach((s, k) => {
      const classes = s.stage === 'kindergarten' ? ['大一班', '中二班'] : ['一年级一班', '三年级二班'];
      for (const d of healthDays) {
        for (const session of ['morning', 'noon'] as const) {
          if (session === 'noon' && s.name === DEMO_SHORT_OF_HEALTH_CHECKS && healthDays.slice(-2).includes(d)) continue;
          classes.forEach((className, ci) => {
            const ill = (k + ci + d.charCodeAt(9)) % 11 === 0 ? 1 : 0;
            checks.push({
              ...place(s),
              checkedOn: d,
              session,
              className,
              checkerName: `${className}班主任`,
              enrolled: 40 + ci,
              absent: ill,
              absentIll: ill,
              symptoms: {},
              illCases: Array.from({ length: ill }, (_, i) => ({ student: `学生${String.fromCharCode(65 + i)}`, symptom: 'cough', followUp: '感冒咳嗽，家长已带去就医' })),
            });
          });
        }
      }
      // This morning three students of one class have a fever: a possible outbreak for the school doctor and the bureau.
      if (s.name === DEMO_SHORT_OF_HEALTH_CHECKS) {
        checks.push({
          ...place(s),
          checkedOn: today,
          session: 'morning',
          className: classes[1],
          checkerName: `${classes[1]}班主任`,
          enrolled: 41,
          absent: 2,
          absentIll: 2,
          symptoms: { fever: 1 },
          illCases: [
            { student: '学生甲', symptom: 'fever', followUp: '发热 38.6℃，已就医，居家隔离观察' },
            { student: '学生乙', symptom: 'fever', followUp: '发热 38.2℃，家长已带去就医' },
          ],
        });
      }
    });
    await inChunks(tx, checks, (c) => tx.insert(healthChecks).values(c));

    // ---- education: the education days of this school year so far, boarding roll calls, last year's drowning letter
    const edu: Array<typeof educationRecords.$inferInsert> = [];
    const yearStart = today.slice(5) >= '08-01' ? `${today.slice(0, 4)}-08-01` : `${Number(today.slice(0, 4)) - 1}-08-01`;
    const days = [Number(yearStart.slice(0, 4)), Number(yearStart.slice(0, 4)) + 1].flatMap((y) => educationDaysOf(y, calendars)).filter((d) => d.startsOn >= yearStart && d.startsOn < today);
    schools.forEach((s, k) => {
      for (const day of days) {
        if (day.key.startsWith('fire_day') && s.name === DEMO_MISSED_FIRE_DAY) continue;
        const heldOn = addDays(day.startsOn, k % 3);
        if (heldOn >= today) continue;
        edu.push({ ...place(s), kind: 'activity', heldOn, person: '德育处主任', educationDay: day.key, title: day.activity, classesReached: 12 + (k % 20), participants: s.students ?? 500, summary: `${day.name}：主题班会、专题讲座和应急疏散演练` });
      }
      if (s.boarding) {
        for (const d of schoolDays.slice(-20)) {
          const absent = (k + d.charCodeAt(9)) % 13 === 0 ? 1 : 0;
          edu.push({ ...place(s), kind: 'roll_call', heldOn: d, person: '宿管员', dormitory: '1号宿舍楼', expected: 120, present: 120 - absent, absentWithoutLeave: absent, parentsNotified: absent, summary: absent ? '1 名学生未请假未归，当晚已电话通知家长，已返校' : null });
        }
      }
      const june = `${Number(yearStart.slice(0, 4))}-06-20`;
      if (daysBetween(june, today) > 0) {
        edu.push({ ...place(s), kind: 'drowning_letter', heldOn: june, person: '德育处主任', classesTotal: 24, classesAcknowledged: 24, studentsTotal: s.students ?? 800, studentsAcknowledged: s.students ?? 800, summary: '暑期防溺水告家长书，各班回执已收齐' });
      }
    });
    await inChunks(tx, edu, (c) => tx.insert(educationRecords).values(c));

    const system = { actor: null, ip: null };
    for (const [objectType, n] of [['food_record', food.length], ['gate_record', gate.length], ['health_check', checks.length], ['education_record', edu.length]] as const) {
      await writeAudit(tx, system, { action: 'import', objectType, districtId, actorName: '系统', after: { demo: true, records: n } });
    }
  });
}
