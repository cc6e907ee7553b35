// Public opinion events (舆情处置, issue 22; 000 item 13, 003 (五), 002): the register of stories
// spreading online about a school, a town or the bureau, entered by staff (opinion.manage) or
// received from the monitoring service's signed webhook (opinion-webhook.ts), the response drafted,
// approved by the bureau (opinion.approve) and published (正面发声), then closed. The state, the
// target and "overdue" come from domain/opinion.ts as of the request. Scoped by the unit's path
// like the incidents (a town sees its own and its schools', a school its own), versioned (409 on a
// stale version) and audited ('opinion_event').
import { and, asc, count, desc, eq, gt, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type {
  CreateOpinionEvent,
  OpinionClose,
  OpinionDraft,
  OpinionEventView,
  OpinionLevel,
  OpinionLink,
  OpinionListQuery,
  OpinionOrigin,
  OpinionPublish,
  OpinionSource,
  OpinionState,
  OpinionSummary,
  UpdateOpinionEvent,
} from '../../contracts/opinion.js';
import { opinionLevels, opinionLevelLabels, opinionStates } from '../../contracts/opinion.js';
import type { Permission } from '../../contracts/enums.js';
import { shanghaiDate } from '../../domain/dates.js';
import { DEFAULT_OPINION_TARGETS, isOverdue, median, opinionActionRefusal, opinionDueAt, opinionState, opinionTimeProblem, timelinessMinutes, type OpinionAction } from '../../domain/opinion.js';
import { requireAccess, schoolLedgerScope, unitInScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { disputes, incidents, opinionEvents, rolePermissions, units, userRoles, users } from '../db/schema.js';
import { AppError, badRequest, fieldError, notFound, staleVersion } from '../errors.js';
import { inBatches } from '../excel.js';
import { notify } from '../notifications/notifications.service.js';
import { disputeScope } from '../disputes/disputes.service.js';
import { incidentScope } from '../incidents/incidents.service.js';
import { containing } from '../db/like.js';

type Row = typeof opinionEvents.$inferSelect;
type Insert = typeof opinionEvents.$inferInsert;

// The district's targets: the shipped defaults with their notes (no rule pack section for them yet).
export const targets = DEFAULT_OPINION_TARGETS;

const NAME = '舆情';
const o = opinionEvents;

export const opinionScope = (actor: Actor) => schoolLedgerScope(actor, { districtId: o.districtId, schoolPath: o.unitPath });

/** The units an event may concern: a school, a town or the bureau itself. */
const EVENT_UNIT_KINDS = ['school', 'town', 'bureau', 'city_bureau'] as const;

/** A reference outside the person's scope: 404 like any unseen record, naming the field. */
const notFoundOn = (field: string, what: string) => new AppError(404, 'NOT_FOUND', `${what}不存在或无权访问`, [{ field, message: `${what}不存在或无权访问` }]);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentOpinion(r: Row, unitName: string, now: Date): OpinionEventView {
  const level = r.level as OpinionLevel;
  return {
    id: r.id,
    source: r.source as OpinionSource,
    title: r.title,
    link: r.link,
    summary: r.summary,
    foundAt: r.foundAt.toISOString(),
    level,
    unitId: r.unitId,
    unitName,
    unitToAssign: r.unitToAssign,
    origin: r.origin as OpinionOrigin,
    externalId: r.externalId,
    reach: r.reach,
    incidentId: r.incidentId,
    disputeId: r.disputeId,
    draft: r.draft,
    draftedByName: r.draftedByName,
    draftedAt: iso(r.draftedAt),
    approvedByName: r.approvedByName,
    approvedAt: iso(r.approvedAt),
    publishedAt: iso(r.publishedAt),
    publishedChannel: r.publishedChannel,
    publishedLink: r.publishedLink,
    closedAt: iso(r.closedAt),
    closingNote: r.closingNote,
    state: opinionState(r),
    targetMinutes: targets.minutes[level],
    dueAt: opinionDueAt(r.foundAt, level, targets).toISOString(),
    overdue: isOverdue({ foundAt: r.foundAt, level, publishedAt: r.publishedAt, closedAt: r.closedAt }, now, targets),
    timelinessMinutes: timelinessMinutes(r.foundAt, r.publishedAt),
    createdByName: r.createdByName,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const snapshot = (r: Row) => ({ ...r, foundAt: iso(r.foundAt), createdAt: undefined, updatedAt: undefined });

const selectPlaced = (db: Executor) => db.select({ record: o, unitName: units.name }).from(o).innerJoin(units, eq(units.id, o.unitId));

// ---- filters ----------------------------------------------------------------------------------

/** The target's minutes of the row's level, in SQL (the same numbers as the domain). */
const targetMinutesSql = sql`(case ${o.level} when 'severe' then ${targets.minutes.severe}::int when 'major' then ${targets.minutes.major}::int else ${targets.minutes.general}::int end)`;

/** Not published by the target: the same rule as isOverdue, as of `now`. */
export function overdueSql(now: Date): SQL {
  return sql`coalesce(${o.publishedAt}, ${o.closedAt}, ${now.toISOString()}::timestamptz) > ${o.foundAt} + ${targetMinutesSql} * interval '1 minute'`;
}

function stateSql(state: OpinionState): SQL {
  switch (state) {
    case 'closed':
      return isNotNull(o.closedAt);
    case 'published':
      return and(isNull(o.closedAt), isNotNull(o.publishedAt))!;
    case 'approved':
      return and(isNull(o.closedAt), isNull(o.publishedAt), isNotNull(o.approvedAt))!;
    case 'responding':
      return and(isNull(o.closedAt), isNull(o.publishedAt), isNull(o.approvedAt), isNotNull(o.draft))!;
    case 'new':
      return and(isNull(o.closedAt), isNull(o.publishedAt), isNull(o.approvedAt), isNull(o.draft))!;
  }
}

export function opinionFilter(ctx: Ctx, q: Partial<OpinionListQuery>): SQL {
  requireAccess(ctx.actor, 'opinion.read');
  const conds: Array<SQL | undefined> = [opinionScope(ctx.actor)];
  if (q.state) conds.push(stateSql(q.state));
  if (q.level) conds.push(eq(o.level, q.level));
  if (q.source) conds.push(eq(o.source, q.source));
  // A unit and what lies below it (a town: its schools' events too).
  if (q.unitId) conds.push(sql`${o.unitPath} like (select ${units.path} from ${units} where ${units.id} = ${q.unitId}) || '%'`);
  if (q.overdue !== undefined) conds.push(q.overdue ? overdueSql(ctx.now) : sql`not (${overdueSql(ctx.now)})`);
  if (q.q) {
    const like = containing(q.q);
    conds.push(or(ilike(o.title, like), ilike(o.summary, like)));
  }
  return and(...conds)!;
}

export async function listOpinionEvents(ctx: Ctx, q: OpinionListQuery) {
  const where = opinionFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectPlaced(ctx.db)
      .where(where)
      .orderBy(desc(o.foundAt), desc(o.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(o).where(where),
  ]);
  return { items: rows.map((r) => presentOpinion(r.record, r.unitName, ctx.now)), total, page: q.page, pageSize: q.pageSize };
}

export async function getOpinionEvent(ctx: Ctx, id: number): Promise<OpinionEventView> {
  requireAccess(ctx.actor, 'opinion.read');
  const [r] = await selectPlaced(ctx.db).where(and(eq(o.id, id), opinionScope(ctx.actor)));
  if (!r) throw notFound(NAME);
  return presentOpinion(r.record, r.unitName, ctx.now);
}

/** The export: audited, every event of the filter in id order, a batch at a time. */
export async function exportOpinionEvents(ctx: Ctx, q: Partial<OpinionListQuery>) {
  const where = opinionFilter(ctx, q);
  await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'opinion_event', after: { filter: q } }));
  return inBatches(async (afterId, limit) =>
    (await selectPlaced(ctx.db).where(and(where, gt(o.id, afterId))).orderBy(asc(o.id)).limit(limit)).map((r) => presentOpinion(r.record, r.unitName, ctx.now)),
  );
}

// ---- references --------------------------------------------------------------------------------

/** The unit an event concerns: in the district and the person's scope, a school, town or the bureau; else 404 on the field. */
async function eventUnit(tx: Executor, actor: Actor, unitId: number) {
  const [u] = await tx.select({ id: units.id, path: units.path, districtId: units.districtId, kind: units.kind, status: units.status }).from(units).where(eq(units.id, unitId));
  if (!u || !unitInScope(actor, u) || u.status !== 'active') throw notFoundOn('unitId', '涉及单位');
  if (!(EVENT_UNIT_KINDS as readonly string[]).includes(u.kind)) throw fieldError('unitId', '涉及单位须为学校、镇街或教育局');
  return u;
}

async function visibleIncident(tx: Executor, actor: Actor, id: number) {
  const [r] = await tx.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.id, id), incidentScope(actor)));
  if (!r) throw notFoundOn('incidentId', '关联的突发事件');
}

async function visibleDispute(tx: Executor, actor: Actor, id: number) {
  const [r] = await tx.select({ id: disputes.id }).from(disputes).where(and(eq(disputes.id, id), disputeScope(actor)));
  if (!r) throw notFoundOn('disputeId', '关联的矛盾纠纷/信访');
}

/** The active people of the district whose role may approve a response (the bureau's leaders and administrator). */
export async function opinionApprovers(tx: Executor, districtId: number): Promise<number[]> {
  const rows = await tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleKey, userRoles.roleKey))
    .where(and(eq(users.districtId, districtId), eq(users.status, 'active'), eq(rolePermissions.permission, 'opinion.approve')));
  return rows.map((r) => r.id);
}

/** A major or severe event, however it arrived: the bureau's approvers hear of it once. */
export async function notifyApprovers(tx: Executor, row: Row, unitName: string) {
  if (row.level === 'general') return;
  await notify(tx, row.districtId, await opinionApprovers(tx, row.districtId), {
    kind: 'opinion_event',
    title: `${opinionLevelLabels[row.level as OpinionLevel]}舆情：${unitName} ${row.title.slice(0, 40)}`,
    link: `/opinion?open=${row.id}`,
    dedupeKey: `opinion:${row.id}:${row.level}`,
  });
}

// ---- writes ------------------------------------------------------------------------------------

export async function createOpinionEvent(ctx: Ctx, input: CreateOpinionEvent): Promise<OpinionEventView> {
  requireAccess(ctx.actor, 'opinion.manage');
  const foundAt = new Date(input.foundAt);
  const p = opinionTimeProblem({ foundAt }, ctx.now);
  if (p) throw fieldError(p.field, p.message);
  const id = await ctx.db.transaction(async (tx) => {
    const u = await eventUnit(tx, ctx.actor, input.unitId);
    const [row] = await tx
      .insert(o)
      .values({
        districtId: ctx.actor.districtId,
        unitId: u.id,
        unitPath: u.path,
        source: input.source,
        title: input.title,
        link: input.link,
        summary: input.summary ?? null,
        foundAt,
        level: input.level,
        origin: 'manual',
        reach: input.reach ?? null,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'opinion_event', objectId: row.id, after: snapshot(row) });
    const [{ name }] = await tx.select({ name: units.name }).from(units).where(eq(units.id, u.id));
    await notifyApprovers(tx, row, name);
    return row.id;
  });
  return getOpinionEvent(ctx, id);
}

/** Locks the event in scope (else 404), refuses a stale version (409) or an action its state does not allow, writes the change and its audit. */
async function change(
  ctx: Ctx,
  id: number,
  version: number,
  permission: Permission,
  action: OpinionAction,
  audit: 'update' | 'approve' | 'publish' | 'transition',
  set: (row: Row, tx: Executor) => Promise<Partial<Insert>> | Partial<Insert>,
): Promise<OpinionEventView> {
  requireAccess(ctx.actor, permission);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(o).where(and(eq(o.id, id), opinionScope(ctx.actor))).for('update');
    if (!row) throw notFound(NAME);
    if (row.version !== version) throw staleVersion();
    const refusal = opinionActionRefusal(opinionState(row), action);
    if (refusal) throw badRequest('OPINION_STATE', refusal);
    const values = { ...(await set(row, tx)), version: row.version + 1, updatedAt: ctx.now };
    const [updated] = await tx.update(o).set(values).where(eq(o.id, id)).returning();
    await writeAudit(tx, ctx, { action: audit, objectType: 'opinion_event', objectId: id, before: snapshot(row), after: snapshot(updated) });
    if (updated.level !== row.level) {
      const [{ name }] = await tx.select({ name: units.name }).from(units).where(eq(units.id, updated.unitId));
      await notifyApprovers(tx, updated, name);
    }
  });
  return getOpinionEvent(ctx, id);
}

export function updateOpinionEvent(ctx: Ctx, id: number, input: UpdateOpinionEvent) {
  return change(ctx, id, input.version, 'opinion.manage', 'edit', 'update', async (row, tx) => {
    const set: Partial<Insert> = {};
    if (input.foundAt !== undefined) {
      const foundAt = new Date(input.foundAt);
      const p = opinionTimeProblem({ foundAt, publishedAt: row.publishedAt }, ctx.now);
      if (p) throw fieldError(p.field === 'publishedAt' ? 'foundAt' : p.field, p.field === 'publishedAt' ? '发现时间不能晚于发布时间' : p.message);
      set.foundAt = foundAt;
    }
    if (input.unitId !== undefined && input.unitId !== row.unitId) {
      const u = await eventUnit(tx, ctx.actor, input.unitId);
      Object.assign(set, { unitId: u.id, unitPath: u.path, unitToAssign: false });
    } else if (input.unitId !== undefined && row.unitToAssign) {
      // Confirming the bureau as the unit concerned settles the flag too.
      set.unitToAssign = false;
    }
    if (input.source !== undefined) set.source = input.source;
    if (input.title !== undefined) set.title = input.title;
    if (input.link !== undefined) set.link = input.link;
    if (input.summary !== undefined) set.summary = input.summary;
    if (input.level !== undefined) set.level = input.level;
    if (input.reach !== undefined) set.reach = input.reach;
    return set;
  });
}

/** Writes or edits the response; an edit after approval sends it back for approval. */
export function draftOpinionResponse(ctx: Ctx, id: number, input: OpinionDraft) {
  return change(ctx, id, input.version, 'opinion.manage', 'draft', 'update', () => ({
    draft: input.draft,
    draftedBy: ctx.actor.id,
    draftedByName: ctx.actor.displayName,
    draftedAt: ctx.now,
    approvedBy: null,
    approvedByName: null,
    approvedAt: null,
  }));
}

/** The bureau approves the drafted response (002: 在上级部门指导下). */
export function approveOpinionResponse(ctx: Ctx, id: number, version: number) {
  return change(ctx, id, version, 'opinion.approve', 'approve', 'approve', () => ({ approvedBy: ctx.actor.id, approvedByName: ctx.actor.displayName, approvedAt: ctx.now }));
}

/** The approved response published (正面发声): when, where, and its link. */
export function publishOpinionResponse(ctx: Ctx, id: number, input: OpinionPublish) {
  return change(ctx, id, input.version, 'opinion.manage', 'publish', 'publish', (row) => {
    const publishedAt = new Date(input.publishedAt);
    const p = opinionTimeProblem({ foundAt: row.foundAt, publishedAt }, ctx.now);
    if (p) throw fieldError(p.field, p.message);
    if (row.approvedAt && publishedAt < row.approvedAt) throw fieldError('publishedAt', '发布时间不能早于审核通过时间');
    return { publishedAt, publishedChannel: input.publishedChannel, publishedLink: input.publishedLink ?? null };
  });
}

export function closeOpinionEvent(ctx: Ctx, id: number, input: OpinionClose) {
  return change(ctx, id, input.version, 'opinion.manage', 'close', 'transition', () => ({ closedAt: ctx.now, closedBy: ctx.actor.id, closingNote: input.closingNote }));
}

/** Links (or with null unlinks) an incident and a dispute the person can see; another's is 404 on its field. */
export function linkOpinionEvent(ctx: Ctx, id: number, input: OpinionLink) {
  return change(ctx, id, input.version, 'opinion.manage', 'link', 'update', async (_row, tx) => {
    const set: Partial<Insert> = {};
    if (input.incidentId !== undefined) {
      if (input.incidentId !== null) await visibleIncident(tx, ctx.actor, input.incidentId);
      set.incidentId = input.incidentId;
    }
    if (input.disputeId !== undefined) {
      if (input.disputeId !== null) await visibleDispute(tx, ctx.actor, input.disputeId);
      set.disputeId = input.disputeId;
    }
    return set;
  });
}

// ---- above the unit ----------------------------------------------------------------------------

/** Counts by level and state, overdue, and per month of finding the median minutes to publishing. */
export async function opinionSummary(ctx: Ctx): Promise<OpinionSummary> {
  requireAccess(ctx.actor, 'opinion.read');
  const rows = await ctx.db
    .select({ foundAt: o.foundAt, level: o.level, draft: o.draft, approvedAt: o.approvedAt, publishedAt: o.publishedAt, closedAt: o.closedAt })
    .from(o)
    .where(opinionScope(ctx.actor));
  const byLevel = new Map<OpinionLevel, number>(opinionLevels.map((l) => [l, 0]));
  const byState = new Map<OpinionState, number>(opinionStates.map((s) => [s, 0]));
  const months = new Map<string, { events: number; minutes: number[] }>();
  let overdue = 0;
  for (const r of rows) {
    const level = r.level as OpinionLevel;
    byLevel.set(level, byLevel.get(level)! + 1);
    const s = opinionState(r);
    byState.set(s, byState.get(s)! + 1);
    if (isOverdue({ foundAt: r.foundAt, level, publishedAt: r.publishedAt, closedAt: r.closedAt }, ctx.now, targets)) overdue++;
    const month = shanghaiDate(r.foundAt).slice(0, 7);
    const m = months.get(month) ?? { events: 0, minutes: [] };
    m.events++;
    const t = timelinessMinutes(r.foundAt, r.publishedAt);
    if (t !== null) m.minutes.push(t);
    months.set(month, m);
  }
  return {
    byLevel: [...byLevel].map(([level, n]) => ({ level, count: n })),
    byState: [...byState].map(([state, n]) => ({ state, count: n })),
    overdue,
    months: [...months]
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .map(([month, m]) => ({ month, events: m.events, published: m.minutes.length, medianMinutes: median(m.minutes) })),
  };
}

export const opinionTargets = () => ({ minutes: targets.minutes, notes: targets.notes });

export { EVENT_UNIT_KINDS };
