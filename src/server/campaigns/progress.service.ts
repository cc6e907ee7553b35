// A campaign's progress for the leading group (领导小组, 002): each school's self-check against the
// deadline, the hazards by area, status, town and responsible department, the overdue list and
// the figures, in the caller's scope.
import { and, asc, count, eq, lt, ne, sql } from 'drizzle-orm';
import type { CampaignProgress, CountRow } from '../../contracts/campaigns.js';
import { hazardStatusLabels, hazardStatuses, safetyAreaLabels, type HazardGrade, type HazardStatus, type SafetyArea } from '../../contracts/enums.js';
import { selfCheckStatus } from '../../domain/campaigns.js';
import { shanghaiDate } from '../../domain/dates.js';
import { campaignSchoolScope, hazardScope, requireAccess } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import { hazards, inspections, inspectionTargets, units } from '../db/schema.js';
import { dept, school, town } from './campaign-parts.js';
import { findCampaignInScope } from './campaigns.service.js';

/**
 * The progress of a campaign in the caller's scope, in a fixed handful of aggregate queries
 * (no per-row work): each school's self-check against the deadline, hazards by area, status, town
 * and responsible department, the overdue list and the leading group's figures.
 */
export async function campaignProgress(ctx: Ctx, id: number): Promise<CampaignProgress> {
  requireAccess(ctx.actor, 'campaign.read');
  const { actor } = ctx;
  const c = await findCampaignInScope(ctx.db, actor, id);
  const today = todayOf(ctx);
  const db = ctx.db;

  // Self-checks: the first submission of a self-check of this campaign per school.
  const sc = db
    .select({
      schoolId: inspectionTargets.schoolId,
      submittedAt: sql<Date | null>`min(${inspectionTargets.submittedAt})`.as('submitted_at'),
      inspectionId: sql<number>`min(${inspectionTargets.inspectionId})`.as('inspection_id'),
    })
    .from(inspectionTargets)
    .innerJoin(inspections, eq(inspections.id, inspectionTargets.inspectionId))
    .where(and(eq(inspections.campaignId, id), eq(inspections.kind, 'self_check')))
    .groupBy(inspectionTargets.schoolId)
    .as('sc');
  const hzPerSchool = db
    .select({ schoolId: hazards.schoolId, n: count().as('n') })
    .from(hazards)
    .where(and(eq(hazards.campaignId, id), hazardScope(actor)))
    .groupBy(hazards.schoolId)
    .as('hz');
  const campaignHazards = and(eq(hazards.campaignId, id), hazardScope(actor))!;
  const openSql = sql<number>`count(*) filter (where ${hazards.status} <> 'closed')`.mapWith(Number);
  const overdueSql = sql<number>`count(*) filter (where ${hazards.status} <> 'closed' and ${hazards.deadline} < ${today})`.mapWith(Number);
  const overdueCond = and(campaignHazards, ne(hazards.status, 'closed'), lt(hazards.deadline, today))!;

  const [selfRows, byAreaRows, byStatusRows, byTownRows, byDeptRows, overdueRows, [totals]] = await Promise.all([
    db
      .select({
        schoolId: units.id,
        schoolName: units.name,
        townName: town.name,
        submittedAt: sc.submittedAt,
        inspectionId: sc.inspectionId,
        hazardCount: hzPerSchool.n,
      })
      .from(units)
      .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
      .leftJoin(sc, eq(sc.schoolId, units.id))
      .leftJoin(hzPerSchool, eq(hzPerSchool.schoolId, units.id))
      .where(campaignSchoolScope(actor, c))
      .orderBy(asc(units.path)),
    db.select({ key: hazards.area, count: count(), open: openSql, overdue: overdueSql }).from(hazards).where(campaignHazards).groupBy(hazards.area),
    db.select({ key: hazards.status, count: count(), open: openSql, overdue: overdueSql }).from(hazards).where(campaignHazards).groupBy(hazards.status),
    db
      .select({ key: sql<string>`coalesce(${town.id}::text, '')`, label: sql<string>`coalesce(${town.name}, '区直属')`, count: count(), open: openSql, overdue: overdueSql })
      .from(hazards)
      .innerJoin(school, eq(school.id, hazards.schoolId))
      .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
      .where(campaignHazards)
      .groupBy(town.id, town.name),
    db
      .select({ key: sql<string>`coalesce(${dept.id}::text, '')`, label: sql<string>`coalesce(${dept.name}, '未指定')`, count: count(), open: openSql, overdue: overdueSql })
      .from(hazards)
      .leftJoin(dept, eq(dept.id, hazards.responsibleDepartmentId))
      .where(campaignHazards)
      .groupBy(dept.id, dept.name),
    db
      .select({
        id: hazards.id,
        code: hazards.code,
        schoolName: school.name,
        area: hazards.area,
        grade: hazards.grade,
        status: hazards.status,
        deadline: hazards.deadline,
        responsibleDepartmentName: dept.name,
      })
      .from(hazards)
      .innerJoin(school, eq(school.id, hazards.schoolId))
      .leftJoin(dept, eq(dept.id, hazards.responsibleDepartmentId))
      .where(overdueCond)
      .orderBy(asc(hazards.deadline), asc(hazards.id))
      .limit(50),
    db
      .select({
        hazards: count(),
        major: sql<number>`count(*) filter (where ${hazards.grade} = 'major')`.mapWith(Number),
        rectified: sql<number>`count(*) filter (where ${hazards.status} in ('accepted','closed'))`.mapWith(Number),
        closed: sql<number>`count(*) filter (where ${hazards.status} = 'closed')`.mapWith(Number),
        overdue: overdueSql,
        falseFixes: sql<number>`count(*) filter (where ${hazards.falseFix})`.mapWith(Number),
      })
      .from(hazards)
      .where(campaignHazards),
  ]);

  const selfChecks = selfRows.map((r) => {
    const submittedOn = r.submittedAt ? shanghaiDate(new Date(r.submittedAt)) : null;
    return {
      schoolId: r.schoolId,
      schoolName: r.schoolName,
      townName: r.townName,
      status: selfCheckStatus(submittedOn, c.selfCheckDue, today),
      submittedOn,
      inspectionId: r.inspectionId === null || r.inspectionId === undefined ? null : Number(r.inspectionId),
      hazardCount: Number(r.hazardCount ?? 0),
    };
  });
  const selfCheckCounts = { on_time: 0, late: 0, pending: 0, missing: 0 };
  for (const s of selfChecks) selfCheckCounts[s.status]++;
  const row = (key: string, label: string, r: { count: number; open: number; overdue: number }): CountRow => ({ key, label, count: r.count, open: r.open, overdue: r.overdue });
  const byArea = byAreaRows.map((r) => row(r.key, safetyAreaLabels[r.key as SafetyArea] ?? r.key, r)).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const statusOrder = (k: string) => hazardStatuses.indexOf(k as HazardStatus);
  const byStatus = byStatusRows.map((r) => row(r.key, hazardStatusLabels[r.key as HazardStatus] ?? r.key, r)).sort((a, b) => statusOrder(a.key) - statusOrder(b.key));
  const byTown = byTownRows.map((r) => row(r.key, r.label, r)).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const byDepartment = byDeptRows.map((r) => row(r.key, r.label, r)).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return {
    campaignId: id,
    today,
    selfCheckDue: c.selfCheckDue,
    selfChecks,
    selfCheckCounts,
    byArea,
    byStatus,
    byTown,
    byDepartment,
    overdue: overdueRows.map((r) => ({ ...r, area: r.area as SafetyArea, grade: r.grade as HazardGrade, status: r.status as HazardStatus, deadline: r.deadline! })),
    overdueTotal: totals.overdue,
    figures: {
      schools: selfChecks.length,
      selfChecksDone: selfCheckCounts.on_time + selfCheckCounts.late,
      selfChecksOnTime: selfCheckCounts.on_time,
      hazards: totals.hazards,
      major: totals.major,
      rectified: totals.rectified,
      closed: totals.closed,
      rectificationRate: totals.hazards ? Math.round((totals.rectified / totals.hazards) * 10000) / 10000 : null,
      overdue: totals.overdue,
      falseFixes: totals.falseFixes,
    },
  };
}

