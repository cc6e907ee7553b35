// The demo campaign: seed 002's plan (three phases, ten areas, the departments the demo district
// has) shifted so that today falls in its rectification phase, run through the real services by
// the people who would act: the bureau creates it (a self-check is planned for every school), most
// schools submit their self-check — a few late, some not at all, two with failed items that become
// campaign hazards —, demo hazards found during the campaign count in it, the safety centre files
// its weekly return for the past week and the other departments' returns are missing (flagged).
import { and, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { RoleKey, SafetyArea, UnitKind } from '../../contracts/enums.js';
import { preset002 } from '../../domain/campaign-presets.js';
import { weekEndOf, weeklyReturnWeeks } from '../../domain/campaigns.js';
import { addDays, daysBetween, shanghaiDate } from '../../domain/dates.js';
import { buildActor, loadRoleTable, type Actor } from '../access/access.js';
import { campaignPresets, createCampaign } from '../campaigns/campaigns.service.js';
import { flagMissingWeeklyReturns, saveWeeklyReturn } from '../campaigns/weekly-returns.service.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { hazards, inspections, inspectionTargets, units, userRoles, users } from '../db/schema.js';
import { getInspection, saveResults, startInspection, submitTarget } from '../inspections/inspections.service.js';

/** Schools whose self-check goes wrong in the demo: late, or with a failed item. */
const late = ['东湖中学', '西城育才学校'];
const notSubmitted = ['北河中学', '南山中心幼儿园', '西城艺术培训中心', '东湖青少年活动中心'];
const failures: Record<string, { location: string; note: string }> = {
  示范区实验小学: { location: '教学楼一楼东侧通道', note: '通道堆放课桌椅，影响疏散' },
  西城小学: { location: '北门', note: '上学高峰时段门口无教师护导' },
};

export async function loadDemoCampaign(db: Db, districtId: number, now: Date): Promise<number> {
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
    if (!r) throw new Error(`demo campaign: no user ${username}`);
    return actorOf(r);
  };
  const ctxAt = (actor: Actor, day: string, minute = 0): Ctx => ({ db, actor, ip: null, roleTable: table, now: new Date(Date.parse(`${day}T01:00:00Z`) + minute * 60_000) });

  // 002 as written starts on 3月1日 and its rectification phase on 4月1日: shift it so that phase began 9 days ago.
  const plan = preset002(Number(today.slice(0, 4)));
  const shift = daysBetween(plan.phases[1].startsOn, addDays(today, -9));
  const start = addDays(plan.startsOn, shift);
  const bureau = named('demo.bureau');
  const presets = await campaignPresets(ctxAt(bureau, start));
  const p = presets.items.find((x) => x.key === '002')!;
  const created = await createCampaign(ctxAt(bureau, start), {
    name: `${today.slice(0, 4)}年校园安全专项整治`,
    description: p.description,
    allSchools: true,
    schoolIds: [],
    startsOn: start,
    endsOn: addDays(p.endsOn, shift),
    selfCheckDue: p.selfCheckDue ? addDays(p.selfCheckDue, shift) : null,
    checklistTemplateId: p.checklistTemplateId,
    phases: p.phases.map((ph) => ({ ...ph, startsOn: addDays(ph.startsOn, shift), endsOn: addDays(ph.endsOn, shift) })),
    areas: p.areas
      .filter((a) => a.responsibleDepartmentIds.length)
      .map((a) => ({ area: a.area, tasks: a.tasks, responsibleSubject: a.responsibleSubject, responsibleDepartmentIds: a.responsibleDepartmentIds, cooperatingDepartmentIds: a.cooperatingDepartmentIds })),
  });
  const due = created.selfCheckDue!;

  // The schools' self-checks, each by its own safety officer, on time, late or not at all.
  const planned = await db
    .select({ id: inspections.id, schoolName: units.name, schoolId: units.id })
    .from(inspections)
    .innerJoin(inspectionTargets, eq(inspectionTargets.inspectionId, inspections.id))
    .innerJoin(units, eq(units.id, inspectionTargets.schoolId))
    .where(eq(inspections.campaignId, created.id))
    .orderBy(units.path);
  let minute = 0;
  for (const [i, s] of planned.entries()) {
    if (notSubmitted.includes(s.schoolName)) continue;
    const officerRow = rows.find((r) => r.unitId === s.schoolId && roleRows.some((x) => x.userId === r.id && x.roleKey === 'school_safety_officer'));
    if (!officerRow) continue;
    const officer = actorOf(officerRow);
    const day = late.includes(s.schoolName) ? addDays(due, 3) : addDays(due, -(i % 12) - 1);
    const ctx = () => ctxAt(officer, day, minute++);
    const insp = await getInspection(ctx(), s.id);
    const begun = await startInspection(ctx(), s.id, insp.version);
    const target = begun.targets[0];
    const fail = failures[s.schoolName];
    const keys = begun.sections.flatMap((sec) => sec.items.map((it) => it.key));
    const marked = await saveResults(ctx(), s.id, target.id, {
      version: target.version,
      results: keys.map((k, n) => (fail && n === 0 ? { itemKey: k, result: 'fail' as const, note: fail.note } : { itemKey: k, result: 'pass' as const })),
    });
    await submitTarget(ctx(), s.id, target.id, { version: marked.version, summary: fail ? '发现问题 1 项，已报责任部门' : '未发现问题', failed: fail ? [{ itemKey: keys[0], location: fail.location }] : [] });
  }

  // Demo hazards found since the campaign began in one of its areas count in it (found during the 排查).
  const areas = created.areas.map((a) => a.area);
  await db
    .update(hazards)
    .set({ campaignId: created.id })
    .where(and(eq(hazards.districtId, districtId), isNull(hazards.campaignId), gte(hazards.foundOn, start), inArray(hazards.area, areas)));

  // The safety centre's return for the last full week; the other departments' are missing.
  const weeks = weeklyReturnWeeks(created.phases).filter((w) => weekEndOf(w) < today);
  const dept = named('demo.dept');
  const last = weeks[weeks.length - 1];
  if (last) {
    const sent = addDays(weekEndOf(last), 1);
    await saveWeeklyReturn(ctxAt(dept, sent), created.id, {
      week: last,
      departmentId: dept.unitId,
      nextSteps: '督促逾期隐患所在学校加快整改，对重大隐患实行挂牌督办，下周开展现场复核。',
      submit: true,
    });
    await flagMissingWeeklyReturns(db, now);
  }
  return created.id;
}
