// The departments' weekly returns of a campaign (002 专项整治阶段: 周报机制; attachment 4): each
// week of the rectification phase × each responsible department, drafted from the signed history
// of the week, saved, submitted and frozen; and the scheduled job that flags the missing ones.
import { and, asc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SaveWeeklyReturn, UpdateWeeklyReturn, WeeklyFiguresBody, WeeklyReturn } from '../../contracts/campaigns.js';
import type { HazardStatus, SafetyArea } from '../../contracts/enums.js';
import { weekEndOf, weeklyFigures, weeklyReturnDraftText, weeklyReturnWeeks, type WeekHazard } from '../../domain/campaigns.js';
import { addDays, shanghaiDate, weekStart } from '../../domain/dates.js';
import { can, requireAccess, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import { campaigns, hazards, hazardSteps, units, userRoles, users, weeklyReturns } from '../db/schema.js';
import { conflict, notFound, staleVersion } from '../errors.js';
import { notify } from '../notifications/notifications.service.js';
import { areasOf, departmentAreas, fieldError, phaseSpans, phasesOf, school, unitNames, type CampaignRow, type ReturnRow } from './campaign-parts.js';
import { findCampaignInScope } from './campaigns.service.js';

/** The figures of one department's week, from the signed history of the campaign's hazards (002 attachment 4). */
export async function computeWeeklyFigures(db: Executor, campaignId: number, departmentId: number, areas: SafetyArea[], monday: string): Promise<WeeklyFiguresBody> {
  const sunday = weekEndOf(monday);
  const mine = areas.length
    ? or(inArray(hazards.area, areas), eq(hazards.responsibleDepartmentId, departmentId))!
    : eq(hazards.responsibleDepartmentId, departmentId);
  const where = and(eq(hazards.campaignId, campaignId), mine, sql`${hazards.foundOn} <= ${sunday}`)!;
  const rows = await db
    .select({ id: hazards.id, code: hazards.code, area: hazards.area, responsibleDepartmentId: hazards.responsibleDepartmentId, schoolName: school.name })
    .from(hazards)
    .innerJoin(school, eq(school.id, hazards.schoolId))
    .where(where)
    .orderBy(asc(hazards.id));
  // Steps signed up to the end of the week, Shanghai time (UTC+8): before Monday 00:00 of the next week.
  const end = new Date(`${addDays(sunday, 1)}T00:00:00+08:00`);
  const steps = rows.length
    ? await db
        .select({ hazardId: hazardSteps.hazardId, action: hazardSteps.action, toStatus: hazardSteps.toStatus, at: hazardSteps.at, data: hazardSteps.data })
        .from(hazardSteps)
        .where(and(sql`${hazardSteps.hazardId} in (select ${hazards.id} from ${hazards} where ${where})`, lt(hazardSteps.at, end)))
        .orderBy(asc(hazardSteps.hazardId), asc(hazardSteps.id))
    : [];
  const byHazard = new Map<number, WeekHazard['steps']>();
  for (const s of steps) {
    const data = (s.data ?? {}) as Record<string, unknown>;
    const step: WeekHazard['steps'][number] = { action: s.action, toStatus: s.toStatus as HazardStatus, day: shanghaiDate(s.at) };
    if (Object.prototype.hasOwnProperty.call(data, 'deadline')) step.deadline = (data.deadline as string | null) ?? null;
    byHazard.set(s.hazardId, [...(byHazard.get(s.hazardId) ?? []), step]);
  }
  const list: WeekHazard[] = rows.map((r) => ({ ...r, area: r.area as SafetyArea, steps: byHazard.get(r.id) ?? [] }));
  return weeklyFigures(list, departmentId, areas, monday);
}

const returnSubmitter = alias(users, 'submitter');

interface ReturnsContext {
  c: CampaignRow;
  weeks: string[];
  deptAreas: Map<number, SafetyArea[]>;
  names: Map<number, string>;
}

async function returnsContext(db: Executor, actor: Actor, id: number): Promise<ReturnsContext> {
  const c = await findCampaignInScope(db, actor, id);
  const phases = (await phasesOf(db, [id])).get(id) ?? [];
  const areas = await areasOf(db, id);
  const deptAreas = departmentAreas(areas);
  return { c, weeks: weeklyReturnWeeks(phaseSpans(phases)), deptAreas, names: await unitNames(db, [...deptAreas.keys()]) };
}

/** The departments whose returns a person sees: the district all, a department its own, a town or school none. */
function visibleDepartments(actor: Actor, rc: ReturnsContext): number[] {
  const all = [...rc.deptAreas.keys()].sort((a, b) => (rc.names.get(a) ?? '').localeCompare(rc.names.get(b) ?? '') || a - b);
  if (actor.scope === 'district') return all;
  return all.filter((d) => d === actor.unitId);
}

/** Files and edits a department's returns: its own officers, or the bureau. */
const mayReport = (actor: Actor, departmentId: number) => can(actor, 'campaign.report') && (actor.scope === 'district' || actor.unitId === departmentId);

function presentReturn(actor: Actor, rc: ReturnsContext, departmentId: number, week: string, r: (ReturnRow & { submittedByName: string | null }) | null, today: string): WeeklyReturn {
  const writable = rc.c.status !== 'finished' && mayReport(actor, departmentId);
  const status: WeeklyReturn['status'] = r ? (r.status as 'draft' | 'submitted') : weekEndOf(week) < today ? 'missing' : 'due';
  const actions: WeeklyReturn['actions'] = [];
  if (writable && status !== 'submitted') actions.push('edit', 'submit');
  if (r) actions.push('export');
  return {
    id: r?.id ?? null,
    campaignId: rc.c.id,
    departmentId,
    departmentName: rc.names.get(departmentId) ?? `单位 ${departmentId}`,
    weekStart: week,
    weekEnd: weekEndOf(week),
    status,
    figures: (r?.figures as WeeklyFiguresBody | undefined) ?? null,
    progress: r?.progress ?? null,
    problems: r?.problems ?? null,
    nextSteps: r?.nextSteps ?? null,
    submittedByName: r?.submittedByName ?? null,
    submittedAt: r?.submittedAt?.toISOString() ?? null,
    version: r?.version ?? null,
    actions,
  };
}

/** Every week of the rectification phase up to this one × each responsible department in view: filed, draft, due or missing. */
export async function listWeeklyReturns(ctx: Ctx, id: number, q: { week?: string; departmentId?: number }) {
  requireAccess(ctx.actor, 'campaign.read');
  const rc = await returnsContext(ctx.db, ctx.actor, id);
  const today = todayOf(ctx);
  const thisWeek = weekStart(today);
  const weeks = rc.weeks.filter((w) => w <= thisWeek);
  const depts = visibleDepartments(ctx.actor, rc);
  const shownWeeks = q.week ? weeks.filter((w) => w === q.week) : weeks;
  const shownDepts = q.departmentId ? depts.filter((d) => d === q.departmentId) : depts;
  const saved = shownDepts.length
    ? await ctx.db
        .select({ r: weeklyReturns, submittedByName: returnSubmitter.displayName })
        .from(weeklyReturns)
        .leftJoin(returnSubmitter, eq(returnSubmitter.id, weeklyReturns.submittedBy))
        .where(and(eq(weeklyReturns.campaignId, id), inArray(weeklyReturns.departmentId, shownDepts)))
    : [];
  const key = (d: number, w: string) => `${d}:${w}`;
  const byKey = new Map(saved.map((s) => [key(s.r.departmentId, s.r.weekStart), { ...s.r, submittedByName: s.submittedByName }]));
  const items: WeeklyReturn[] = [];
  for (const w of [...shownWeeks].reverse()) for (const d of shownDepts) items.push(presentReturn(ctx.actor, rc, d, w, byKey.get(key(d, w)) ?? null, today));
  return { items, weeks, departments: depts.map((d) => ({ id: d, name: rc.names.get(d) ?? `单位 ${d}` })) };
}

function checkWeekAndDepartment(actor: Actor, rc: ReturnsContext, week: string, departmentId: number) {
  if (!visibleDepartments(actor, rc).includes(departmentId)) throw notFound('周报');
  if (!rc.weeks.includes(week)) throw fieldError('week', `${week} 所在周不在专项整治（周报）阶段，或不是周一`);
}

/** A department's return for a week: the saved one, or a draft computed now from that week's data. */
export async function weeklyReturnDraft(ctx: Ctx, id: number, week: string, departmentId: number): Promise<WeeklyReturn> {
  requireAccess(ctx.actor, 'campaign.read');
  const rc = await returnsContext(ctx.db, ctx.actor, id);
  checkWeekAndDepartment(ctx.actor, rc, week, departmentId);
  const today = todayOf(ctx);
  const [saved] = await ctx.db
    .select({ r: weeklyReturns, submittedByName: returnSubmitter.displayName })
    .from(weeklyReturns)
    .leftJoin(returnSubmitter, eq(returnSubmitter.id, weeklyReturns.submittedBy))
    .where(and(eq(weeklyReturns.campaignId, id), eq(weeklyReturns.departmentId, departmentId), eq(weeklyReturns.weekStart, week)));
  if (saved?.r.status === 'submitted') return presentReturn(ctx.actor, rc, departmentId, week, { ...saved.r, submittedByName: saved.submittedByName }, today);
  const figures = await computeWeeklyFigures(ctx.db, id, departmentId, rc.deptAreas.get(departmentId) ?? [], week);
  const text = weeklyReturnDraftText(figures);
  const base = presentReturn(ctx.actor, rc, departmentId, week, saved ? { ...saved.r, submittedByName: saved.submittedByName } : null, today);
  return {
    ...base,
    figures,
    progress: saved?.r.progress ?? text.progress,
    problems: saved ? saved.r.problems : text.problems,
  };
}

async function writeReturn(tx: Tx, ctx: Ctx, rc: ReturnsContext, existing: ReturnRow | null, week: string, departmentId: number, input: { progress?: string | null; problems?: string | null; nextSteps?: string | null; submit: boolean }) {
  const figures = await computeWeeklyFigures(tx, rc.c.id, departmentId, rc.deptAreas.get(departmentId) ?? [], week);
  const drafted = weeklyReturnDraftText(figures);
  const pick = (v: string | null | undefined, old: string | null | undefined, fallback: string | null) => (v === undefined ? (old ?? fallback) : v?.trim() || null);
  const texts = {
    progress: pick(input.progress, existing?.progress, drafted.progress),
    problems: pick(input.problems, existing?.problems, drafted.problems),
    nextSteps: pick(input.nextSteps, existing?.nextSteps, null),
  };
  if (input.submit && !texts.progress) throw fieldError('progress', '请填写工作推进情况后再提交');
  const submitted = input.submit ? { status: 'submitted', submittedBy: ctx.actor.id, submittedAt: ctx.now } : {};
  let rid: number;
  if (existing) {
    await tx
      .update(weeklyReturns)
      .set({ figures, ...texts, ...submitted, version: existing.version + 1, updatedAt: ctx.now })
      .where(eq(weeklyReturns.id, existing.id));
    rid = existing.id;
  } else {
    const [row] = await tx
      .insert(weeklyReturns)
      .values({ campaignId: rc.c.id, departmentId, weekStart: week, status: 'draft', figures, ...texts, ...submitted, createdAt: ctx.now, updatedAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('WEEKLY_RETURN_EXISTS', '该部门本周的周报已由他人保存，请刷新后再修改');
    rid = row.id;
  }
  await writeAudit(tx, ctx, {
    action: input.submit ? 'submit' : existing ? 'update' : 'create',
    objectType: 'weekly_return',
    objectId: rid,
    before: existing ? { status: existing.status, version: existing.version } : undefined,
    after: { campaignId: rc.c.id, departmentId, weekStart: week, status: input.submit ? 'submitted' : 'draft', ...texts, figures: { newCount: figures.newCount, rectifiedCount: figures.rectifiedCount, closedCount: figures.closedCount, overdueCount: figures.overdueCount } },
  });
  return rid;
}

export async function presentSavedReturn(ctx: Ctx, id: number, rid: number): Promise<WeeklyReturn> {
  const rc = await returnsContext(ctx.db, ctx.actor, id);
  const [s] = await ctx.db
    .select({ r: weeklyReturns, submittedByName: returnSubmitter.displayName })
    .from(weeklyReturns)
    .leftJoin(returnSubmitter, eq(returnSubmitter.id, weeklyReturns.submittedBy))
    .where(and(eq(weeklyReturns.id, rid), eq(weeklyReturns.campaignId, id)));
  if (!s || !visibleDepartments(ctx.actor, rc).includes(s.r.departmentId)) throw notFound('周报');
  return presentReturn(ctx.actor, rc, s.r.departmentId, s.r.weekStart, { ...s.r, submittedByName: s.submittedByName }, todayOf(ctx));
}

/** First save of a department's return for a week (and, with submit, its submission). */
export async function saveWeeklyReturn(ctx: Ctx, id: number, input: SaveWeeklyReturn): Promise<WeeklyReturn> {
  requireAccess(ctx.actor, 'campaign.report');
  const rid = await ctx.db.transaction(async (tx) => {
    const rc = await returnsContext(tx, ctx.actor, id);
    if (!mayReport(ctx.actor, input.departmentId)) throw notFound('周报');
    checkWeekAndDepartment(ctx.actor, rc, input.week, input.departmentId);
    if (rc.c.status === 'finished') throw conflict('CAMPAIGN_FINISHED', '该专项整治已结束，不能再填报周报');
    if (input.week > weekStart(todayOf(ctx))) throw fieldError('week', '还未到这一周，不能填报');
    const [existing] = await tx
      .select()
      .from(weeklyReturns)
      .where(and(eq(weeklyReturns.campaignId, id), eq(weeklyReturns.departmentId, input.departmentId), eq(weeklyReturns.weekStart, input.week)));
    if (existing) throw conflict('WEEKLY_RETURN_EXISTS', '该部门本周的周报已保存过，请刷新后再修改');
    return writeReturn(tx, ctx, rc, null, input.week, input.departmentId, input);
  });
  return presentSavedReturn(ctx, id, rid);
}

/** Edits a saved return (version checked) and, with submit, submits it; a submitted return is final. */
export async function updateWeeklyReturn(ctx: Ctx, id: number, rid: number, input: UpdateWeeklyReturn): Promise<WeeklyReturn> {
  requireAccess(ctx.actor, 'campaign.report');
  await ctx.db.transaction(async (tx) => {
    const rc = await returnsContext(tx, ctx.actor, id);
    const [existing] = await tx
      .select()
      .from(weeklyReturns)
      .where(and(eq(weeklyReturns.id, rid), eq(weeklyReturns.campaignId, id)))
      .for('update');
    if (!existing || !visibleDepartments(ctx.actor, rc).includes(existing.departmentId) || !mayReport(ctx.actor, existing.departmentId)) throw notFound('周报');
    if (existing.version !== input.version) throw staleVersion();
    if (existing.status === 'submitted') throw conflict('WEEKLY_RETURN_SUBMITTED', '该周报已提交，不能再修改');
    if (rc.c.status === 'finished') throw conflict('CAMPAIGN_FINISHED', '该专项整治已结束，不能再填报周报');
    await writeReturn(tx, ctx, rc, existing, existing.weekStart, existing.departmentId, input);
  });
  return presentSavedReturn(ctx, id, rid);
}

/**
 * The scheduled job: every past week of a weekly-return phase of a running campaign whose return a
 * responsible department has not submitted is flagged to the safety centre (002: 汇总到局安全管理中心)
 * — the bureau's admins and the officers of a department named 安全管理中心 — and to the department
 * itself. One reminder per person, department and week (dedupe keys): running it again adds nothing.
 */
export async function flagMissingWeeklyReturns(tx: Executor, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const running = await tx.select().from(campaigns).where(and(ne(campaigns.status, 'finished'), sql`${campaigns.startsOn} <= ${today}`));
  let flagged = 0;
  for (const c of running) {
    const phases = (await phasesOf(tx, [c.id])).get(c.id) ?? [];
    const weeks = weeklyReturnWeeks(phaseSpans(phases)).filter((w) => weekEndOf(w) < today);
    if (!weeks.length) continue;
    const deptAreas = departmentAreas(await areasOf(tx, c.id));
    const depts = [...deptAreas.keys()];
    if (!depts.length) continue;
    const submitted = await tx
      .select({ departmentId: weeklyReturns.departmentId, weekStart: weeklyReturns.weekStart })
      .from(weeklyReturns)
      .where(and(eq(weeklyReturns.campaignId, c.id), eq(weeklyReturns.status, 'submitted')));
    const done = new Set(submitted.map((s) => `${s.departmentId}:${s.weekStart}`));
    const missing = weeks.flatMap((w) => depts.filter((d) => !done.has(`${d}:${w}`)).map((d) => ({ d, w })));
    if (!missing.length) continue;
    const centre = await tx
      .selectDistinct({ id: users.id })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(
        and(
          eq(users.districtId, c.districtId),
          eq(users.status, 'active'),
          or(eq(userRoles.roleKey, 'bureau_admin'), and(eq(userRoles.roleKey, 'department_officer'), sql`${units.name} like '%安全管理中心%'`)),
        ),
      );
    const officers = await tx
      .selectDistinct({ id: users.id, unitId: users.unitId })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(and(inArray(users.unitId, depts), eq(users.status, 'active'), eq(userRoles.roleKey, 'department_officer')));
    const names = await unitNames(tx, depts);
    for (const { d, w } of missing) {
      const to = [...centre.map((u) => u.id), ...officers.filter((o) => o.unitId === d).map((o) => o.id)];
      await notify(tx, c.districtId, to, {
        kind: 'weekly_return_missing',
        title: `${c.name}：${names.get(d) ?? '责任部门'} ${w} 至 ${weekEndOf(w)} 的周报未提交`,
        link: `/campaigns/${c.id}?tab=weekly&week=${w}`,
        dedupeKey: `weekly-return-missing:${c.id}:${d}:${w}`,
      });
      flagged++;
    }
  }
  return flagged;
}

