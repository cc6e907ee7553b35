// The demo district's notices, interviews and accountability (通报、约谈、问责, issue 13), walked
// through the real services by the people who would sign each step: a notice on two schools' major
// hazards published 20 days ago, replied by 东湖明德双语学校 on time and still unanswered (overdue) by
// 西城阳光小学; an interview with 东湖明德双语学校 whose commitments are one done, one overdue, one
// open; and a decision of 通报批评 on it, so its 前置审核 lists what bars it from awards.
import { and, eq, inArray } from 'drizzle-orm';
import type { RoleKey, SafetyArea, UnitKind } from '../../contracts/enums.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { buildActor, loadRoleTable, type Actor } from '../access/access.js';
import { approveNotice, createNotice, publishNotice, replyToNotice } from '../accountability/notices.service.js';
import { completeCommitment, createDecision, createInterview } from '../accountability/interviews.service.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { hazards, noticeUnits, units, userRoles, users } from '../db/schema.js';

/** Replied to the demo notice on time. */
export const DEMO_NOTICE_REPLIED = '东湖明德双语学校';
/** Has not replied to the demo notice: overdue. */
export const DEMO_NOTICE_OVERDUE = '西城阳光小学';

export async function loadDemoAccountability(db: Db, districtId: number, now: Date): Promise<void> {
  const table = await loadRoleTable(db);
  const today = shanghaiDate(now);
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, unitId: users.unitId, unitName: units.name, unitKind: units.kind, unitPath: units.path, unitAreas: units.areas })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.districtId, districtId));
  const roleRows = await db.select().from(userRoles).where(inArray(userRoles.userId, rows.map((r) => r.id)));
  const actorOf = (r: (typeof rows)[number]): Actor =>
    buildActor(table, {
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      districtId,
      unitId: r.unitId,
      unitName: r.unitName,
      unitKind: r.unitKind as UnitKind,
      unitPath: r.unitPath,
      unitAreas: r.unitAreas as SafetyArea[],
      roles: roleRows.filter((x) => x.userId === r.id).map((x) => x.roleKey as RoleKey),
      mustChangePassword: false,
    });
  const named = (username: string) => {
    const r = rows.find((x) => x.username === username);
    return r ? actorOf(r) : null;
  };
  const officerOf = (unitName: string) => {
    const r = rows.find((x) => x.unitName === unitName && roleRows.some((y) => y.userId === x.id && y.roleKey === 'school_safety_officer'));
    return r ? actorOf(r) : null;
  };
  const ctxAt = (actor: Actor, daysAgo: number, minute = 0): Ctx => ({ db, actor, ip: null, roleTable: table, now: new Date(Date.parse(`${addDays(today, -daysAgo)}T01:00:00Z`) + minute * 60_000) });

  const clerk = named('demo.bureau');
  const leader = named('demo.leader');
  const schools = await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.districtId, districtId), inArray(units.name, [DEMO_NOTICE_REPLIED, DEMO_NOTICE_OVERDUE])));
  const replied = schools.find((s) => s.name === DEMO_NOTICE_REPLIED);
  const overdue = schools.find((s) => s.name === DEMO_NOTICE_OVERDUE);
  const repliedOfficer = officerOf(DEMO_NOTICE_REPLIED);
  if (!clerk || !leader || !replied || !overdue || !repliedOfficer) return;
  const majors = await db
    .select({ id: hazards.id, schoolId: hazards.schoolId })
    .from(hazards)
    .where(and(eq(hazards.districtId, districtId), eq(hazards.grade, 'major'), inArray(hazards.schoolId, [replied.id, overdue.id])));

  // The notice: drafted and signed 21 days ago, published 20 days ago, replies due 10 days ago.
  const drafted = await createNotice(ctxAt(clerk, 21), {
    title: '关于部分学校重大安全隐患整改不力的通报',
    reason: '区教育局联合督查和专业检查发现，东湖明德双语学校学生宿舍私拉电线为电动自行车电池充电、西城阳光小学校车年检过期仍在运营，均为重大安全隐患，相关学校整改推进缓慢，责任落实不到位。',
    requirement: '立即落实临时管控措施，限期完成整改，举一反三开展全面自查，并书面报告整改情况及责任追究情况。',
    replyDueOn: addDays(today, -10),
    units: [{ unitId: replied.id, personName: null, personPost: null }, { unitId: overdue.id }],
    records: majors.map((h) => ({ kind: 'hazard' as const, id: h.id })),
  });
  const approved = await approveNotice(ctxAt(leader, 21, 60), drafted.id, drafted.version, '同意通报，请各校按期回复');
  const published = await publishNotice(ctxAt(clerk, 20), approved.id, approved.version);
  const row = published.units.find((u) => u.unitId === replied.id);
  const [nu] = await db.select({ version: noticeUnits.version }).from(noticeUnits).where(and(eq(noticeUnits.noticeId, published.id), eq(noticeUnits.unitId, replied.id)));
  if (row && nu) {
    await replyToNotice(ctxAt(repliedOfficer, 12), published.id, replied.id, {
      version: nu.version,
      replyText: '已拆除宿舍楼私拉电线，在宿舍区外设置电动自行车集中充电点并安排专人管理；对宿舍管理员进行了批评教育，全校开展用电安全自查。',
      fileIds: [],
    });
  }

  // The interview: 8 days ago, with three commitments.
  const interview = await createInterview(ctxAt(clerk, 8), {
    unitId: replied.id,
    heldOn: addDays(today, -8),
    place: '区教育局 302 会议室',
    interviewees: '校长、分管安全副校长',
    interviewers: '区教育局分管副局长、安全管理中心主任',
    reason: '宿舍楼重大火灾隐患整改不力，被区教育局通报',
    minutes: '指出学校安全主体责任落实不到位、隐患整改推进缓慢等问题；要求立即整改，举一反三，压实“一岗双责”。学校作出三项整改承诺。',
    noticeId: published.id,
    fileIds: [],
    commitments: [
      { content: '拆除宿舍楼全部私拉电线，设置集中充电点', dueOn: addDays(today, -2) },
      { content: '完成宿舍楼电气线路专业检测并出具报告', dueOn: addDays(today, -1) },
      { content: '组织全体教职工开展消防安全培训', dueOn: addDays(today, 20) },
    ],
  });
  await completeCommitment(ctxAt(repliedOfficer, 3), interview.id, interview.commitments[0].id, { version: interview.commitments[0].version, doneNote: '私拉电线已全部拆除，集中充电点投入使用', fileIds: [] });

  // The decision: 通报批评, 5 days ago.
  await createDecision(ctxAt(clerk, 5), {
    unitId: replied.id,
    measure: 'criticism_notice',
    decidedOn: addDays(today, -5),
    documentNo: `示教安〔${today.slice(0, 4)}〕12号`,
    subjectName: null,
    subjectPost: null,
    reason: '重大火灾隐患整改不力，经通报、约谈后仍未按期完成全部整改',
    noticeId: published.id,
    interviewId: interview.id,
    fileIds: [],
  });
}
