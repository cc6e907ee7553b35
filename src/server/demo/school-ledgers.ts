// The demo district's staff posts, training, safety meeting and insurance ledgers (001 item 7,
// 000 item 1, 001 item 26), so that 合规看板 shows a believable mix. Every school has its principal
// and safety officer (their accounts), a vice principal in charge of safety and four teachers
// without accounts; this calendar year's and last year's training hours reach 001 item 7's
// thresholds; the leadership team meets once a quarter and the leader in charge every month;
// last and this school year's school liability policies cover every student. Three schools fall
// short, one ledger each:
//   - 北河中学: a head teacher has only 6 of the 10 training hours a year (training.teacher_yearly);
//   - 西城小学: no leadership-team safety meeting this quarter or the last (meeting.leadership_quarterly);
//   - 南山第二小学: its policies leave 40 students uncovered (insurance.coverage, 漏保).
// Written in bulk like the drills (one audit event per ledger), to keep the bootstrap fast.
import { eq } from 'drizzle-orm';
import type { MeetingLevel, StaffPost } from '../../contracts/rules.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { quarterOf } from '../../domain/rules/periods.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { insurancePolicies, safetyMeetings, staffMembers, trainings, units, users } from '../db/schema.js';

/** A head teacher short of the yearly 10 training hours. */
export const DEMO_SHORT_OF_TRAINING = '北河中学';
/** No leadership-team safety meeting this quarter or the last. */
export const DEMO_SHORT_OF_MEETINGS = '西城小学';
/** Policies covering 40 students fewer than the school has. */
export const DEMO_SHORT_OF_INSURANCE = '南山第二小学';

const surnames = ['陈', '林', '黄', '何', '高', '罗', '梁', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '萧', '田', '董', '潘'];
const given = ['晓梅', '建华', '丽娟', '志强', '海燕', '文博', '雅琴', '国栋', '慧敏', '春生', '秀英', '明轩', '玉兰', '俊杰', '静怡', '德胜', '红霞', '思远'];
const nameOf = (k: number) => `${surnames[(k * 7 + 3) % surnames.length]}${given[(k * 5 + 1) % given.length]}`;

const insurers = ['中国人民财产保险股份有限公司', '中国平安财产保险股份有限公司', '中国太平洋财产保险股份有限公司'];
const pad = (n: number) => String(n).padStart(2, '0');
/** The school year (its first calendar year) a day falls in: from 1 August, as the calendars. */
const schoolYearStarting = (day: string) => (day.slice(5) >= '08-01' ? Number(day.slice(0, 4)) : Number(day.slice(0, 4)) - 1);
const addMonths = (month: string, k: number) => {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${pad((t % 12) + 1)}`;
};

interface Person {
  key: string;
  userId: number | null;
  name: string;
  posts: Array<{ post: StaffPost; since: string | null }>;
}

const leadershipMinutes = [
  '通报本季度校园安全形势，研究部署消防、食品、交通安全重点工作，明确各部门安全职责。',
  '学习上级安全工作文件精神，分析隐患排查整改情况，研究安全经费保障和人防物防技防建设。',
  '总结上季度安全工作，研究季节性安全风险防范措施，部署开学（假期）前后安全检查。',
];
const leaderMinutes = [
  '检查本月隐患整改进度，布置应急疏散演练和安全教育课安排。',
  '通报门卫值守和视频监控运行情况，部署校园周边交通秩序维护。',
  '研究食堂食品安全和传染病防控工作，落实晨午检和因病缺课追踪。',
  '部署防溺水、防台防汛安全提醒，核对值班带班安排。',
];

export async function loadDemoSchoolLedgers(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const sy = schoolYearStarting(today);

  const schools = await db
    .select({ id: units.id, name: units.name, path: units.path, stage: units.stage, students: units.studentCount, principalName: units.principalName })
    .from(units)
    .where(eq(units.districtId, districtId))
    .orderBy(units.id);
  const accounts = await db.select({ id: users.id, unitId: users.unitId, displayName: users.displayName, username: users.username }).from(users).where(eq(users.districtId, districtId));

  await db.transaction(async (tx) => {
    // ---- staff posts -------------------------------------------------------------------------
    type Planned = { school: (typeof schools)[number]; i: number; recorder: (typeof accounts)[number]; people: Person[] };
    const planned: Planned[] = [];
    let i = 0;
    for (const s of schools) {
      if (!s.stage) continue; // the bureau, departments, towns
      i++;
      const mine = accounts.filter((u) => u.unitId === s.id);
      const safety = mine.find((u) => /safety$|^demo\.(school|kg)$/.test(u.username));
      const principal = mine.find((u) => /principal$/.test(u.username));
      const recorder = safety ?? principal ?? mine[0];
      if (!recorder) continue;
      // Every ninth school has had a new principal since this spring (40 h appointment training).
      const newPrincipal = i % 9 === 4;
      const people: Person[] = [
        {
          key: 'principal',
          userId: principal?.id ?? null,
          name: principal?.displayName ?? s.principalName ?? nameOf(i * 11),
          posts: [{ post: 'principal', since: newPrincipal ? addDays(today, -150 - (i % 20)) : `${sy - 3 - (i % 5)}-08-${pad(10 + (i % 15))}` }],
        },
        { key: 'vice', userId: null, name: nameOf(i * 11 + 1), posts: [{ post: 'safety_vice_principal', since: `${sy - 3 - (i % 4)}-09-01` }] },
        ...(safety
          ? [{ key: 'safety', userId: safety.id, name: safety.displayName, posts: [{ post: 'safety_department_head' as const, since: `${sy - 2 - (i % 3)}-09-01` }] }]
          : []),
        { key: 'head1', userId: null, name: nameOf(i * 11 + 2), posts: [{ post: 'head_teacher', since: null }, { post: 'teacher', since: null }] },
        { key: 'head2', userId: null, name: nameOf(i * 11 + 3), posts: [{ post: 'head_teacher', since: null }, { post: 'teacher', since: null }] },
        { key: 'teacher1', userId: null, name: nameOf(i * 11 + 4), posts: [{ post: 'teacher', since: null }] },
        { key: 'teacher2', userId: null, name: nameOf(i * 11 + 5), posts: [{ post: 'teacher', since: null }] },
      ];
      planned.push({ school: s, i, recorder, people });
    }
    const staffRows = planned.flatMap((p) =>
      p.people.map((person) => ({
        districtId,
        schoolId: p.school.id,
        schoolPath: p.school.path,
        userId: person.userId,
        name: person.name,
        posts: person.posts,
        createdBy: p.recorder.id,
        createdByName: p.recorder.displayName,
        createdAt: new Date(`${sy - 1}-09-05T08:00:00Z`),
        updatedAt: new Date(`${sy - 1}-09-05T08:00:00Z`),
      })),
    );
    const inserted = staffRows.length ? await tx.insert(staffMembers).values(staffRows).returning({ id: staffMembers.id }) : [];

    // ---- trainings: last calendar year's and this year's, up to today ---------------------------
    const trainingRows: Array<typeof trainings.$inferInsert> = [];
    const meetingRows: Array<typeof safetyMeetings.$inferInsert> = [];
    const policyRows: Array<typeof insurancePolicies.$inferInsert> = [];
    let k = 0;
    for (const p of planned) {
      const { school: s, i, recorder } = p;
      const base = { districtId, schoolId: s.id, schoolPath: s.path, createdBy: recorder.id, createdByName: recorder.displayName };
      const train = (staffId: number, course: string, hours: number, startsOn: string, days: number, provider: string) => {
        const endsOn = addDays(startsOn, days - 1);
        if (endsOn > today) return; // still to come
        const at = new Date(`${endsOn}T10:00:00Z`);
        trainingRows.push({ ...base, staffId, course, hours, startsOn, endsOn, provider, createdAt: at, updatedAt: at });
      };
      const ids = new Map<string, number>();
      for (const person of p.people) ids.set(person.key, inserted[k++].id);
      const d = (n: number) => pad(3 + ((i * 3 + n) % 24));
      for (const y of [year - 1, year]) {
        for (const key of ['vice', 'safety']) {
          const id = ids.get(key);
          if (!id) continue;
          train(id, '中小学校安全管理干部业务培训', 12, `${y}-03-${d(1)}`, 2, '区教育局安全管理中心');
          train(id, '消防安全管理人培训', 8, `${y}-09-${d(2)}`, 1, '区消防救援支队');
        }
        for (const key of ['head1', 'head2', 'teacher1', 'teacher2']) {
          train(ids.get(key)!, '中小学教师安全知识网络培训', 6, `${y}-04-${d(3)}`, 1, '区教师进修学院');
          if (s.name === DEMO_SHORT_OF_TRAINING && key === 'head2') continue; // missed the autumn course
          train(ids.get(key)!, '校园急救与心肺复苏培训', 4, `${y}-10-${d(4)}`, 1, '区红十字会');
        }
      }
      const principal = p.people[0];
      const since = principal.posts[0].since!;
      if (since > addDays(today, -730)) train(ids.get('principal')!, '新任校（园）长安全教育任职培训', 40, addDays(since, 20), 5, '市教育干部培训中心');

      // ---- meetings: the leadership team each quarter, the leader in charge each month ------------
      const chair = principal.name;
      const vice = p.people[1].name;
      const attendees = p.people.map((x) => x.name);
      const meet = (meetingOn: string, level: MeetingLevel, minutes: string) => {
        if (meetingOn > today) return; // still to come
        const at = new Date(`${meetingOn}T08:00:00Z`);
        meetingRows.push({
          ...base,
          meetingOn,
          level,
          chair: level === 'leadership_team' ? chair : vice,
          attendees: level === 'leadership_team' ? attendees.slice(0, 3) : attendees,
          minutes,
          decisions: level === 'leadership_team' ? '各部门按分工落实，分管副校长每月督查，下次会议通报整改结果。' : null,
          createdAt: at,
          updatedAt: at,
        });
      };
      const quarterStart = quarterOf(today).startsOn;
      for (let q = -3; q <= 0; q++) {
        const month = addMonths(quarterStart.slice(0, 7), q * 3);
        if (s.name === DEMO_SHORT_OF_MEETINGS && q >= -1) continue;
        meet(`${month}-${pad(5 + (i % 20))}`, 'leadership_team', leadershipMinutes[(i + q + 3) % leadershipMinutes.length]);
      }
      for (let m = -6; m <= 0; m++) {
        const month = addMonths(today.slice(0, 7), m);
        meet(`${month}-${pad(2 + (i % 12))}`, 'leader_in_charge', leaderMinutes[(i + m + 6) % leaderMinutes.length]);
      }

      // ---- insurance: last and this school year -------------------------------------------------
      const students = s.students && s.students > 0 ? s.students : 1;
      for (const y of [sy - 1, sy]) {
        const at = new Date(`${y}-08-${pad(15 + (i % 10))}T08:00:00Z`);
        policyRows.push({
          ...base,
          policyNo: `XFZR${y}${String(s.id).padStart(4, '0')}`,
          insurer: insurers[i % insurers.length],
          startsOn: `${y}-09-01`,
          endsOn: `${y + 1}-08-31`,
          studentsCovered: s.name === DEMO_SHORT_OF_INSURANCE ? Math.max(1, students - 40) : students,
          createdAt: at < now ? at : now,
          updatedAt: at < now ? at : now,
        });
      }
    }
    if (trainingRows.length) await tx.insert(trainings).values(trainingRows);
    if (meetingRows.length) await tx.insert(safetyMeetings).values(meetingRows);
    if (policyRows.length) await tx.insert(insurancePolicies).values(policyRows);
    const system = { actor: null, ip: null };
    for (const [objectType, n] of [
      ['staff_member', staffRows.length],
      ['training', trainingRows.length],
      ['safety_meeting', meetingRows.length],
      ['insurance_policy', policyRows.length],
    ] as const) {
      await writeAudit(tx, system, { action: 'import', objectType, districtId, actorName: '系统', after: { demo: true, records: n } });
    }
  });
}
