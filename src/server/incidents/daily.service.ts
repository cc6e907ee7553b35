// Daily reports in key periods (零报告, 003 第五部分之三): the bureau requires one from every school for
// the days of a key period; "nothing happened" is a report too. A day's report not in by the next
// morning (the rule pack's hour) is missing: shown red on the board and sent to the school's bell
// by the hourly job. In a key period the watch over disputes and petitions tightens (000 item 3
// 关键节点、敏感时段; 003 第三部分之六 加强信息报送): the same report says whether a dispute or petition
// arose or escalated that day, naming the school's records in the register (disputes/), and cannot
// say "none" on a day the school itself registered one.
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DailyBoard, DailyReportCreate } from '../../contracts/incidents.js';
import { eachDay, shanghaiDate } from '../../domain/dates.js';
import { dailyReportDueAt } from '../../domain/incidents.js';
import { can, requireAccess, unitScope } from '../access/access.js';
import { keyPeriodRef, schoolRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { disputes, incidentDailyReports, incidentDailyRequirements, keyPeriods, units } from '../db/schema.js';
import { conflict, fieldError, forbidden, notFound } from '../errors.js';
import { notify, schoolContacts } from '../notifications/notifications.service.js';
import { deadlinesFor } from './deadlines.js';

/** Key periods last at most 100 days (day-ranges.ts); the walk over days is capped the same. */
const MAX_DAYS = 100;

export async function requireDailyReports(ctx: Ctx, keyPeriodId: number): Promise<DailyBoard> {
  requireAccess(ctx.actor, 'incident.determine');
  if (ctx.actor.unitKind !== 'bureau') throw forbidden('零报告由教育局要求');
  await ctx.db.transaction(async (tx) => {
    const k = await keyPeriodRef(tx, ctx.actor, keyPeriodId);
    const [exists] = await tx.select({ id: incidentDailyRequirements.id }).from(incidentDailyRequirements).where(eq(incidentDailyRequirements.keyPeriodId, k.id));
    if (exists) throw conflict('ALREADY_REQUIRED', `“${k.name}”已要求零报告`);
    const [row] = await tx.insert(incidentDailyRequirements).values({ districtId: ctx.actor.districtId, keyPeriodId: k.id, createdBy: ctx.actor.id, createdAt: ctx.now }).returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'incident_daily_report', objectId: row.id, after: { requirement: true, keyPeriodId: k.id, name: k.name, startsOn: k.startsOn, endsOn: k.endsOn } });
  });
  return dailyBoardOf(ctx, keyPeriodId);
}

async function periodsOf(db: Executor, districtId: number) {
  return db
    .select({ id: keyPeriods.id, name: keyPeriods.name, startsOn: keyPeriods.startsOn, endsOn: keyPeriods.endsOn, required: sql<boolean>`${incidentDailyRequirements.id} is not null` })
    .from(keyPeriods)
    .leftJoin(incidentDailyRequirements, eq(incidentDailyRequirements.keyPeriodId, keyPeriods.id))
    .where(eq(keyPeriods.districtId, districtId))
    .orderBy(desc(keyPeriods.startsOn), desc(keyPeriods.id));
}

export async function dailyBoardOf(ctx: Ctx, keyPeriodId?: number): Promise<DailyBoard> {
  requireAccess(ctx.actor, 'incident.read');
  const today = shanghaiDate(ctx.now);
  const periods = await periodsOf(ctx.db, ctx.actor.districtId);
  // The one asked for; else the required period that contains today, else the latest required one.
  const period =
    (keyPeriodId ? periods.find((p) => p.id === keyPeriodId) : undefined) ??
    (keyPeriodId ? undefined : periods.find((p) => p.required && p.startsOn <= today && today <= p.endsOn) ?? periods.find((p) => p.required));
  if (keyPeriodId && !period) throw fieldError('keyPeriodId', '重点时段不存在');
  const base = { periods, canRequire: can(ctx.actor, 'incident.determine') && ctx.actor.unitKind === 'bureau', canReport: can(ctx.actor, 'incident.report') && ctx.actor.unitKind === 'school' };
  if (!period || !period.required) return { ...base, period: period ?? null, days: [], schools: [], missingCount: 0, disputeCount: 0 };
  const last = period.endsOn < today ? period.endsOn : today;
  const days = period.startsOn <= last ? eachDay(period.startsOn, last, MAX_DAYS) : [];
  const schools = await ctx.db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(unitScope(ctx.actor), eq(units.kind, 'school'), eq(units.status, 'active')))
    .orderBy(asc(units.path));
  const reports = days.length && schools.length
    ? await ctx.db
        .select()
        .from(incidentDailyReports)
        .where(and(eq(incidentDailyReports.districtId, ctx.actor.districtId), gte(incidentDailyReports.reportDay, days[0]), lte(incidentDailyReports.reportDay, days.at(-1)!), inArray(incidentDailyReports.schoolId, schools.map((s) => s.id))))
    : [];
  const rule = (await deadlinesFor(ctx.db, ctx.actor.districtId)).dailyReport;
  const by = new Map(reports.map((r) => [`${r.schoolId}:${r.reportDay}`, r]));
  let missingCount = 0;
  let disputeCount = 0;
  return {
    ...base,
    period,
    days,
    schools: schools.map((s) => ({
      schoolId: s.id,
      schoolName: s.name,
      cells: days.map((day) => {
        const r = by.get(`${s.id}:${day}`);
        if (r) {
          const disputeIds = r.disputeIds as number[];
          if (r.disputesNothing === false) disputeCount++;
          const disputesSaid = r.disputesNothing === null ? null : r.disputesNothing ? ('nothing' as const) : ('some' as const);
          return { day, state: r.nothingHappened ? ('nothing' as const) : ('something' as const), reportedAt: r.reportedAt.toISOString(), note: r.note, disputes: disputesSaid, disputeIds };
        }
        const missing = ctx.now >= dailyReportDueAt(day, rule);
        if (missing) missingCount++;
        return { day, state: missing ? ('missing' as const) : ('open' as const), reportedAt: null, note: null, disputes: null, disputeIds: [] };
      }),
    })),
    missingCount,
    disputeCount,
  };
}

/**
 * The disputes part of a day's report: "some" names records of this school (another school's, or a
 * voided one, is not found); "none" is refused on a day the school registered a record itself.
 */
async function checkDisputes(tx: Executor, schoolId: number, input: DailyReportCreate): Promise<number[]> {
  const ids = [...new Set(input.disputeIds)];
  if (input.disputesNothing) {
    if (ids.length) throw fieldError('disputeIds', '报“无矛盾纠纷、信访”时不选择记录', '矛盾纠纷、信访记录');
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(disputes)
      .where(and(eq(disputes.schoolId, schoolId), eq(disputes.status, 'recorded'), eq(disputes.receivedOn, input.reportDay)));
    if (n) throw fieldError('disputesNothing', `${input.reportDay} 本校已登记矛盾纠纷、信访 ${n} 件，请选择“有”并选中这些记录`, '矛盾纠纷、信访');
    return [];
  }
  if (!ids.length) throw fieldError('disputeIds', '有矛盾纠纷、信访时请选择已登记的记录（先在“矛盾纠纷与信访”中登记）', '矛盾纠纷、信访记录');
  const found = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(inArray(disputes.id, ids), eq(disputes.schoolId, schoolId), eq(disputes.status, 'recorded')));
  if (found.length !== ids.length) throw notFound('矛盾纠纷、信访记录');
  return ids.sort((a, b) => a - b);
}

/** A school sends its daily report for a day of a required key period (not a day ahead). */
export async function submitDailyReport(ctx: Ctx, input: DailyReportCreate): Promise<DailyBoard> {
  requireAccess(ctx.actor, 'incident.report');
  const today = shanghaiDate(ctx.now);
  if (input.reportDay > today) throw fieldError('reportDay', '不能填报今天以后的日期');
  if (!input.nothingHappened && !input.note) throw fieldError('note', '有事件时请简述情况，并在突发事件中报告', '说明');
  let periodId = 0;
  await ctx.db.transaction(async (tx) => {
    const school = await schoolRef(tx, ctx.actor, input.schoolId);
    if (school.id !== ctx.actor.unitId) throw forbidden('零报告由学校本单位填报');
    const [period] = await tx
      .select({ id: keyPeriods.id })
      .from(keyPeriods)
      .innerJoin(incidentDailyRequirements, eq(incidentDailyRequirements.keyPeriodId, keyPeriods.id))
      .where(and(eq(keyPeriods.districtId, ctx.actor.districtId), lte(keyPeriods.startsOn, input.reportDay), gte(keyPeriods.endsOn, input.reportDay)))
      .limit(1);
    if (!period) throw fieldError('reportDay', '该日不在要求零报告的重点时段内');
    periodId = period.id;
    const [dup] = await tx.select({ id: incidentDailyReports.id }).from(incidentDailyReports).where(and(eq(incidentDailyReports.schoolId, school.id), eq(incidentDailyReports.reportDay, input.reportDay)));
    if (dup) throw conflict('DAILY_REPORTED', `${input.reportDay} 的零报告已报送`, { field: 'reportDay' });
    const disputeIds = await checkDisputes(tx, school.id, input);
    const [row] = await tx
      .insert(incidentDailyReports)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: school.id,
        schoolPath: school.path,
        reportDay: input.reportDay,
        nothingHappened: input.nothingHappened,
        note: input.note ?? null,
        disputesNothing: input.disputesNothing,
        disputeIds,
        reportedAt: ctx.now,
        actorId: ctx.actor.id,
        actorName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'submit', objectType: 'incident_daily_report', objectId: row.id, after: { schoolId: school.id, reportDay: input.reportDay, nothingHappened: input.nothingHappened, note: input.note ?? null, disputesNothing: input.disputesNothing, disputeIds } });
  });
  return dailyBoardOf(ctx, periodId);
}

/**
 * The hourly job: each required key-period day whose report is now missing (past the next
 * morning) reaches the school's principals and safety officers once (dedupe key per school and day).
 * Only the last two days are looked at: older misses were told when they fell due.
 */
export async function flagMissingDailyReports(db: Executor, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const yesterday = eachDay(shanghaiDate(new Date(now.getTime() - 2 * 86_400_000)), today, 3);
  const rows = await db
    .select({ districtId: keyPeriods.districtId, startsOn: keyPeriods.startsOn, endsOn: keyPeriods.endsOn })
    .from(keyPeriods)
    .innerJoin(incidentDailyRequirements, eq(incidentDailyRequirements.keyPeriodId, keyPeriods.id))
    .where(and(lte(keyPeriods.startsOn, today), gte(keyPeriods.endsOn, yesterday[0])));
  let told = 0;
  for (const p of rows) {
    const rule = (await deadlinesFor(db, p.districtId)).dailyReport;
    const days = yesterday.filter((d) => d >= p.startsOn && d <= p.endsOn && now >= dailyReportDueAt(d, rule));
    for (const day of days) {
      const missing = await db
        .select({ id: units.id })
        .from(units)
        .where(
          and(
            eq(units.districtId, p.districtId),
            eq(units.kind, 'school'),
            eq(units.status, 'active'),
            sql`not exists (select 1 from ${incidentDailyReports} r where r.school_id = ${units.id} and r.report_day = ${day})`,
          ),
        );
      for (const s of missing) {
        await notify(db, p.districtId, await schoolContacts(db, s.id), { kind: 'daily_report_missing', title: `${day} 零报告未报，请尽快补报`, link: '/daily-reports', dedupeKey: `daily-missing:${s.id}:${day}` });
        told++;
      }
    }
  }
  return told;
}
