// The hazard register (隐患清单, 挂账销号): reporting, signed steps through the state machine of
// src/domain/hazard-workflow.ts, the register with its filters, and "what waits on me".
import { and, asc, count, desc, eq, gt, ilike, inArray, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { HazardAction, HazardGrade, HazardSource, HazardStatus, SafetyArea, SummaryClass } from '../../contracts/enums.js';
import type { CreateHazard, FileRef, Hazard, HazardListQuery, HazardStep, TransitionInput } from '../../contracts/hazards.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { availableActions, decideStep, hazardCode, isOverdue, type HazardState } from '../../domain/hazard-workflow.js';
import { hazardActorOf, hazardScope, hazardScopeOnce, requireAccess, type Actor } from '../access/access.js';
import { attachableFileIds, campaignRef, departmentRefs, drillRef, schoolRef, userRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { forReads, readDb, todayOf, type Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import { anyOfPlaceholder, placeholdersOf, prepared, preparedOnce } from '../db/prepared.js';
import { nextCodeNumber } from '../db/codes.js';
import { campaigns, hazards, hazardSteps, inspections, units, userRoles, users } from '../db/schema.js';
import { badRequest, conflict, forbidden, notFound, staleVersion, fieldError } from '../errors.js';
import { fileRefs } from '../files/files.service.js';
import { notify, schoolContacts, settleReminders } from '../notifications/notifications.service.js';
import { containing } from '../db/like.js';

export type HazardRow = typeof hazards.$inferSelect;

export interface NewHazard {
  schoolId: number;
  area: SafetyArea;
  location: string;
  description: string;
  grade: HazardGrade;
  source: HazardSource;
  foundOn: string;
  campaignId?: number | null;
  inspectionId?: number | null;
  inspectionTargetId?: number | null;
  itemKey?: string | null;
  fileIds?: number[];
}


export function stateOf(row: HazardRow): HazardState {
  return {
    status: row.status as HazardStatus,
    grade: row.grade as HazardGrade,
    area: row.area as SafetyArea,
    schoolPath: row.schoolPath,
    foundOn: row.foundOn,
    deadline: row.deadline,
    responsibleUserId: row.responsibleUserId,
    responsibleDepartmentId: row.responsibleDepartmentId,
    submittedById: row.submittedById,
    pendingExtension: row.pendingDeadline ? { requestedDeadline: row.pendingDeadline } : null,
  };
}

// ---- reading ---------------------------------------------------------------------------------

const school = alias(units, 'school');
const town = alias(units, 'town');
const dept = alias(units, 'dept');
const responsible = alias(users, 'responsible');

const listColumns = {
  hazard: hazards,
  schoolName: school.name,
  townName: town.name,
  responsibleUserName: responsible.displayName,
  responsibleDepartmentName: dept.name,
  inspectionCode: inspections.code,
  campaignName: campaigns.name,
};
export type HazardListRow = { hazard: HazardRow; schoolName: string; townName: string | null; responsibleUserName: string | null; responsibleDepartmentName: string | null; inspectionCode: string | null; campaignName: string | null };

export function selectHazards(db: Executor) {
  return db
    .select(listColumns)
    .from(hazards)
    .innerJoin(school, eq(school.id, hazards.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
    .leftJoin(responsible, eq(responsible.id, hazards.responsibleUserId))
    .leftJoin(dept, eq(dept.id, hazards.responsibleDepartmentId))
    .leftJoin(inspections, eq(inspections.id, hazards.inspectionId))
    .leftJoin(campaigns, eq(campaigns.id, hazards.campaignId));
}

async function fileRefsById(db: Executor, ids: number[]): Promise<Map<number, FileRef>> {
  return new Map((await fileRefs(db, ids)).map((f) => [f.id, f]));
}

export function presentHazard(actor: Actor, r: HazardListRow, fileMap: Map<number, FileRef>, today: string): Hazard {
  const h = r.hazard;
  return {
    id: h.id,
    code: h.code,
    schoolId: h.schoolId,
    schoolName: r.schoolName,
    townName: r.townName,
    area: h.area as SafetyArea,
    location: h.location,
    description: h.description,
    grade: h.grade as HazardGrade,
    source: h.source as HazardSource,
    inspectionId: h.inspectionId,
    inspectionCode: r.inspectionCode,
    campaignId: h.campaignId,
    campaignName: r.campaignName,
    foundOn: h.foundOn,
    foundByName: h.foundByName,
    responsibleUnitId: h.responsibleUnitId,
    responsibleUserId: h.responsibleUserId,
    responsibleUserName: r.responsibleUserName,
    responsibleDepartmentId: h.responsibleDepartmentId,
    responsibleDepartmentName: r.responsibleDepartmentName,
    measures: h.measures,
    deadline: h.deadline,
    interimControls: h.interimControls,
    funds: h.funds === null ? null : Number(h.funds),
    files: h.fileIds.map((id) => fileMap.get(id)).filter((f): f is FileRef => !!f),
    status: h.status as HazardStatus,
    overdue: isOverdue({ status: h.status as HazardStatus, deadline: h.deadline }, today),
    pendingDeadline: h.pendingDeadline,
    falseFix: h.falseFix,
    summaryClass: h.summaryClass as SummaryClass | null,
    committedOn: h.committedOn,
    closedAt: h.closedAt?.toISOString() ?? null,
    version: h.version,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
    actions: availableActions(stateOf(h), hazardActorOf(actor)),
  };
}

async function presentRows(ctx: Ctx, rows: HazardListRow[]): Promise<Hazard[]> {
  const fileMap = await fileRefsById(ctx.db, rows.flatMap((r) => r.hazard.fileIds));
  const today = todayOf(ctx);
  return rows.map((r) => presentHazard(ctx.actor, r, fileMap, today));
}

/**
 * The filters of the register, inside the caller's scope, with placeholders where the values go:
 * `key` names the shape (the scope's and the filters given), so each combination of filters is one
 * statement built once (db/prepared.ts) and `values` fills it in.
 */
export function hazardFilter(actor: Actor, q: Partial<HazardListQuery>, today: string): { key: string; where: SQL; values: Record<string, unknown> } {
  const scope = hazardScopeOnce(actor);
  const conds: Array<SQL | undefined> = [scope.where];
  const values: Record<string, unknown> = { ...scope.values };
  const shape: string[] = [scope.key];
  const given = <K extends keyof HazardListQuery>(name: K, cond: (p: ReturnType<typeof sql.placeholder>) => SQL | undefined, value: unknown = q[name]) => {
    shape.push(name);
    values[name] = value;
    conds.push(cond(sql.placeholder(name)));
  };
  if (q.q) given('q', (p) => or(ilike(hazards.code, p), ilike(hazards.description, p), ilike(hazards.location, p)), containing(q.q));
  if (q.status) given('status', (p) => eq(hazards.status, p));
  if (q.open) {
    shape.push('open');
    conds.push(ne(hazards.status, 'closed'));
  }
  if (q.grade) given('grade', (p) => eq(hazards.grade, p));
  if (q.area) given('area', (p) => eq(hazards.area, p));
  if (q.source) given('source', (p) => eq(hazards.source, p));
  if (q.schoolId) given('schoolId', (p) => eq(hazards.schoolId, p));
  if (q.townId) given('townId', (p) => sql`${hazards.schoolPath} like (select ${units.path} from ${units} where ${units.id} = ${p}) || '%'`);
  if (q.campaignId) given('campaignId', (p) => eq(hazards.campaignId, p));
  if (q.inspectionId) given('inspectionId', (p) => eq(hazards.inspectionId, p));
  if (q.departmentId) given('departmentId', (p) => eq(hazards.responsibleDepartmentId, p));
  if (q.summaryClass) given('summaryClass', (p) => eq(hazards.summaryClass, p));
  if (q.overdue !== undefined) {
    shape.push(q.overdue ? 'overdue' : 'notOverdue');
    values.today = today;
    const day = sql.placeholder('today');
    conds.push(q.overdue ? and(ne(hazards.status, 'closed'), lt(hazards.deadline, day)) : or(eq(hazards.status, 'closed'), sql`${hazards.deadline} is null`, sql`${hazards.deadline} >= ${day}`));
  }
  return { key: shape.join(','), where: and(...conds)!, values };
}

/**
 * Ids of the open hazards in scope where the person has a step to take now. The state machine
 * decides, not a second copy of it in SQL: the open hazards of one scope are few enough to check.
 */
async function waitingOnMe(ctx: Ctx, filter: ReturnType<typeof hazardFilter>): Promise<number[]> {
  const rows = await preparedOnce(
    ctx.db,
    `hazard-open:${filter.key}`,
    () => ctx.db.select().from(hazards).where(and(filter.where, ne(hazards.status, 'closed'))).orderBy(asc(hazards.deadline), asc(hazards.id)),
    filter.values,
  );
  const who = hazardActorOf(ctx.actor);
  return rows.filter((r) => availableActions(stateOf(r), who).length > 0).map((r) => r.id);
}

export async function listHazards(request: Ctx, q: HazardListQuery) {
  requireAccess(request.actor, 'hazard.read');
  // The register's page is a pure read: on the replica when there is one (issue 18).
  const ctx = forReads(request);
  const today = todayOf(ctx);
  const filter = hazardFilter(ctx.actor, q, today);
  if (q.mine) {
    const ids = await waitingOnMe(ctx, filter);
    const total = ids.length;
    const pageIds = ids.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    return { items: await presentRows(ctx, await hazardsByIds(ctx.db, pageIds)), total, page: q.page, pageSize: q.pageSize };
  }
  // The page's ids and the count on the one table the filters are on, then the page's rows with
  // their names: a LIMIT/OFFSET on the seven-table join would be planned afresh on every request
  // even prepared (db/prepared.ts). Every filter combination is one statement, built once.
  const [page, [{ total }]] = await Promise.all([
    preparedOnce(
      ctx.db,
      `hazard-page-ids:${filter.key}`,
      () =>
        ctx.db
          .select({ id: hazards.id })
          .from(hazards)
          .where(filter.where)
          .orderBy(desc(hazards.id))
          .limit(sql.placeholder('limit'))
          .offset(sql.placeholder('offset')),
      { ...filter.values, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    ),
    preparedOnce(ctx.db, `hazard-count:${filter.key}`, () => ctx.db.select({ total: count() }).from(hazards).where(filter.where), filter.values),
  ]);
  const rows = await hazardsByIds(ctx.db, page.map((r) => r.id));
  return { items: await presentRows(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** The register's rows of these ids, in their order. */
async function hazardsByIds(db: Executor, ids: number[]): Promise<HazardListRow[]> {
  if (!ids.length) return [];
  // The register's page and "waiting on me": one shape, built once per database handle.
  const rows = await preparedOnce(db, 'hazard-rows-by-ids', () => selectHazards(db).where(anyOfPlaceholder(hazards.id, 'ids')), { ids });
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.hazard.id)! - order.get(b.hazard.id)!);
}

/** Every hazard of the filter, id order, a batch at a time (exports). */
export function hazardBatchFetcher(ctx: Ctx, q: Partial<HazardListQuery>) {
  const filter = hazardFilter(ctx.actor, q, todayOf(ctx));
  const db = readDb(ctx);
  return (afterId: number, limit: number) =>
    preparedOnce(
      db,
      `hazard-export-batch:${filter.key}`,
      () =>
        selectHazards(db)
          .where(and(filter.where, gt(hazards.id, sql.placeholder('afterId'))))
          .orderBy(asc(hazards.id))
          .limit(sql.placeholder('limit')),
      { ...filter.values, afterId, limit },
    ).then((rows) => rows.map((r) => ({ ...r, id: r.hazard.id })));
}

/** The hazard if the person may see it; otherwise not found, whether or not it exists. */
export async function findHazardInScope(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<HazardRow> {
  // Every signed step and every hazard page: built once per scope shape (db/prepared.ts).
  const scope = hazardScopeOnce(actor);
  const [row] = await preparedOnce(
    db,
    `hazard-in-scope:${scope.key}:${forUpdate ? 'update' : 'read'}`,
    () => {
      const q = db.select().from(hazards).where(and(eq(hazards.id, sql.placeholder('id')), scope.where));
      return forUpdate ? q.for('update') : q;
    },
    { id, ...scope.values },
  );
  if (!row) throw notFound('隐患');
  return row;
}

export async function getHazard(ctx: Ctx, id: number) {
  requireAccess(ctx.actor, 'hazard.read');
  const scope = hazardScopeOnce(ctx.actor);
  const [row] = await preparedOnce(ctx.db, `hazard-page:${scope.key}`, () => selectHazards(ctx.db).where(and(eq(hazards.id, sql.placeholder('id')), scope.where)), {
    id,
    ...scope.values,
  });
  if (!row) throw notFound('隐患');
  const steps = await preparedOnce(ctx.db, 'hazard-steps', () => ctx.db.select().from(hazardSteps).where(eq(hazardSteps.hazardId, sql.placeholder('id'))).orderBy(asc(hazardSteps.id)), { id });
  const fileMap = await fileRefsById(ctx.db, [...row.hazard.fileIds, ...steps.flatMap((s) => s.fileIds)]);
  const presented = presentHazard(ctx.actor, row, fileMap, todayOf(ctx));
  return {
    ...presented,
    steps: steps.map(
      (s): HazardStep => ({
        id: s.id,
        action: s.action as HazardStep['action'],
        fromStatus: s.fromStatus as HazardStatus | null,
        toStatus: s.toStatus as HazardStatus,
        actorName: s.actorName,
        actorUnitName: s.actorUnitName,
        at: s.at.toISOString(),
        comment: s.comment,
        data: (s.data as Record<string, unknown> | null) ?? null,
        files: s.fileIds.map((fid) => fileMap.get(fid)).filter((f): f is FileRef => !!f),
      }),
    ),
  };
}

/** People of the hazard's school who may be made responsible for it. */
export async function assignees(ctx: Ctx, id: number) {
  requireAccess(ctx.actor, 'hazard.read');
  const h = await findHazardInScope(ctx.db, ctx.actor, id);
  const rows = await ctx.db
    .select({
      id: users.id,
      displayName: users.displayName,
      roles: sql<string[]>`coalesce((select array_agg(${userRoles.roleKey}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`,
    })
    .from(users)
    .where(and(eq(users.unitId, h.schoolId), eq(users.status, 'active')))
    .orderBy(asc(users.displayName));
  return { items: rows };
}

// ---- writing ---------------------------------------------------------------------------------

/** The department that owns an area: the first department of the district whose areas include it. */
async function departmentOf(tx: Executor, districtId: number, area: SafetyArea): Promise<number | null> {
  const [d] = await tx
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'department'), eq(units.status, 'active'), sql`${area} = any(${units.areas})`))
    .orderBy(asc(units.id))
    .limit(1);
  return d?.id ?? null;
}

/** Who registers a hazard no person reported: a job acting for the district (the IoT escalation, issue 17), named in the register, the step and the audit. */
export interface SystemAuthor {
  districtId: number;
  name: string;
  unitName: string;
}
export type HazardAuthor = Pick<Ctx, 'now' | 'ip'> & ({ actor: Actor; system?: undefined } | { actor: null; system: SystemAuthor });

/**
 * Registers a hazard with its first signed step ('report'), in the caller's transaction. The caller
 * checks access; this checks the school belongs to the district.
 */
export async function createHazardTx(tx: Tx, ctx: Ctx | HazardAuthor, input: NewHazard): Promise<{ id: number; code: string }> {
  const by = ctx.actor
    ? { districtId: ctx.actor.districtId, id: ctx.actor.id as number | null, name: ctx.actor.displayName, unitName: ctx.actor.unitName }
    : { districtId: ctx.system!.districtId, id: null, name: ctx.system!.name, unitName: ctx.system!.unitName };
  const [s] = await tx
    .select({ id: units.id, path: units.path })
    .from(units)
    .where(and(eq(units.id, input.schoolId), eq(units.districtId, by.districtId), eq(units.kind, 'school')));
  if (!s) throw notFound('学校');
  const year = Number(input.foundOn.slice(0, 4));
  const responsibleDepartmentId = await departmentOf(tx, by.districtId, input.area);
  // The district's counter row stays locked until commit and every report of the district waits on
  // it (issue 18): taken after the reads, with only the writes and the audit event behind it.
  const code = hazardCode(year, await nextCodeNumber(tx, by.districtId, 'YH', year));
  const [row] = await tx
    .insert(hazards)
    .values({
      districtId: by.districtId,
      code,
      schoolId: s.id,
      schoolPath: s.path,
      area: input.area,
      location: input.location,
      description: input.description,
      grade: input.grade,
      source: input.source,
      inspectionId: input.inspectionId ?? null,
      inspectionTargetId: input.inspectionTargetId ?? null,
      itemKey: input.itemKey ?? null,
      campaignId: input.campaignId ?? null,
      foundOn: input.foundOn,
      foundById: by.id,
      foundByName: by.name,
      responsibleUnitId: s.id,
      responsibleDepartmentId,
      fileIds: input.fileIds ?? [],
    })
    .returning();
  await tx.insert(hazardSteps).values({
    hazardId: row.id,
    districtId: by.districtId,
    action: 'report',
    fromStatus: null,
    toStatus: 'reported',
    actorId: by.id,
    actorName: by.name,
    actorUnitName: by.unitName,
    at: ctx.now,
    fileIds: input.fileIds ?? [],
  });
  await writeAudit(
    tx,
    { actor: ctx.actor, ip: ctx.ip },
    { action: 'create', objectType: 'hazard', objectId: row.id, districtId: by.districtId, actorName: by.name, after: { code, schoolId: s.id, area: input.area, grade: input.grade, source: input.source } },
  );
  return { id: row.id, code };
}

export async function reportHazard(ctx: Ctx, input: CreateHazard) {
  requireAccess(ctx.actor, 'hazard.report');
  if (input.foundOn > todayOf(ctx)) throw badRequest('VALIDATION_FAILED', '发现日期：不能晚于今天', [{ field: 'foundOn', label: '发现日期', message: '不能晚于今天' }]);
  const id = await ctx.db.transaction(async (tx) => {
    // The school must be one the reporter can see; the campaign, drill and files must fit it (references.ts).
    const s = await schoolRef(tx, ctx.actor, input.schoolId);
    if (input.campaignId) await campaignRef(tx, ctx.actor, input.campaignId, { field: 'campaignId', schoolIds: [s.id] });
    // A problem found in a drill: the drill must be the school's, recorded, and in scope.
    let itemKey: string | null = null;
    if (input.source === 'drill' || input.drillId) {
      if (!input.drillId) throw fieldError('drillId', '请选择发现问题的演练');
      if (input.source !== 'drill') throw fieldError('source', '演练中发现的问题来源应为应急演练');
      await drillRef(tx, ctx.actor, input.drillId, { field: 'drillId', schoolId: s.id });
      itemKey = `drill:${input.drillId}`;
    }
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' });
    return (await createHazardTx(tx, ctx, { ...input, itemKey, fileIds })).id;
  });
  return getHazard(ctx, id);
}


/**
 * One signed step (签字压责), in the caller's transaction: the row is locked, its version checked
 * (two people at once: one wins, the other gets 409), the state machine decides, the hazard and
 * its history are written with the audit event, and the people concerned are reminded.
 */
export async function transitionHazardTx(tx: Tx, ctx: Ctx, id: number, input: TransitionInput): Promise<void> {
  const { actor } = ctx;
  const row = await findHazardInScope(tx, actor, id, true);
  // The same step again (its answer was lost on the way to a phone, issue 17): already signed, so
  // nothing is written twice. It carries the version it was made on, hence before the version check;
  // the row lock above makes two concurrent repeats wait for each other.
  if (input.stepKey && (await signedWithKey(tx, id, actor.id, input.stepKey))) return;
  if (row.version !== input.version) throw staleVersion();
  // Files already on the hazard or its steps may be shown again; new ones must be the signer's own.
  const stepFiles = input.fileIds?.length ? await prepared(tx.select({ fileIds: hazardSteps.fileIds }).from(hazardSteps).where(eq(hazardSteps.hazardId, id))) : [];
  const fileIds = await attachableFileIds(tx, actor, input.fileIds ?? [], { field: 'fileIds', existing: [...row.fileIds, ...stepFiles.flatMap((x) => x.fileIds)] });
  const effect = decideStep(stateOf(row), input.action, hazardActorOf(actor), { ...input, fileCount: fileIds.length }, todayOf(ctx));
  if ('kind' in effect) {
    if (effect.kind === 'state') throw conflict(effect.code, effect.message);
    if (effect.kind === 'permission') throw forbidden(effect.message);
    throw fieldError(effect.field, effect.message);
  }
  // The responsible person belongs to the hazard's school (the unit that rectifies it,
  // `rectifies` in hazard-workflow.ts): someone the caller cannot see is not found, someone of another school is refused.
  if (effect.responsibleUserId) {
    await userRef(tx, actor, effect.responsibleUserId, { field: 'responsibleUserId', within: row.schoolPath, notWithinMessage: '须为隐患所在学校的人员' });
  }
  if (effect.responsibleDepartmentId) await departmentRefs(tx, actor, [effect.responsibleDepartmentId], { field: 'responsibleDepartmentId', message: '所选责任部门不是本区的科室/中心' });

  const patch: Partial<typeof hazards.$inferInsert> = { status: effect.status, version: row.version + 1, updatedAt: ctx.now };
  if (effect.grade !== undefined) patch.grade = effect.grade;
  if (effect.measures !== undefined) patch.measures = effect.measures;
  if (effect.deadline !== undefined) patch.deadline = effect.deadline;
  if (effect.interimControls !== undefined) patch.interimControls = effect.interimControls;
  if (effect.responsibleUserId !== undefined) patch.responsibleUserId = effect.responsibleUserId;
  if (effect.responsibleDepartmentId !== undefined) patch.responsibleDepartmentId = effect.responsibleDepartmentId;
  if (effect.funds !== undefined) patch.funds = effect.funds;
  if (effect.submittedById !== undefined) patch.submittedById = effect.submittedById;
  if (effect.pendingExtension !== undefined) patch.pendingDeadline = effect.pendingExtension?.requestedDeadline ?? null;
  if (effect.falseFix) patch.falseFix = true;
  if (effect.status === 'closed') patch.closedAt = ctx.now;
  if (input.action === 'reopen') {
    patch.closedAt = null;
    // A fix that did not hold is no longer 'resolved' in a campaign summary (002): it is classified again.
    if (row.summaryClass) Object.assign(patch, { summaryClass: null, committedOn: null, coordinationDepartmentId: null });
  }
  // A moved deadline may fall due again: reminders start afresh.
  if (effect.deadline !== undefined) patch.overdueMarkedOn = null;
  // Built once per set of changed columns (a step's patch has a handful of shapes).
  const columns = Object.keys(patch).sort() as Array<keyof typeof patch>;
  await preparedOnce(
    tx,
    `hazard-step-update:${columns.join(',')}`,
    () => tx.update(hazards).set(Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)]))).where(eq(hazards.id, sql.placeholder('whereId'))),
    { ...patch, whereId: id },
  );

  const data: Record<string, unknown> = {};
  for (const k of ['grade', 'measures', 'deadline', 'interimControls', 'responsibleUserId', 'responsibleDepartmentId', 'funds'] as const) {
    if (effect[k] !== undefined && effect[k] !== row[k]) data[k] = effect[k];
  }
  if (input.evidence) data.evidence = input.evidence.trim();
  if (input.action === 'reopen' && row.summaryClass) data.summaryClassCleared = row.summaryClass;
  if (input.action === 'request_extension') data.requestedDeadline = input.requestedDeadline;
  if (input.action === 'approve_extension' || input.action === 'refuse_extension') data.requestedDeadline = row.pendingDeadline;
  const step: typeof hazardSteps.$inferInsert = {
    hazardId: id,
    districtId: actor.districtId,
    action: input.action,
    fromStatus: row.status,
    toStatus: effect.status,
    actorId: actor.id,
    actorName: actor.displayName,
    actorUnitName: actor.unitName,
    at: ctx.now,
    comment: input.comment?.trim() || null,
    data: Object.keys(data).length ? data : null,
    fileIds,
    stepKey: input.stepKey ?? null,
  };
  await preparedOnce(tx, 'hazard-step-insert', () => tx.insert(hazardSteps).values(placeholdersOf(step)), step);
  await remind(tx, ctx, { ...row, ...patch } as HazardRow, input.action);
  // Last: the audit event takes the district's chain lock until commit, so it is held as briefly as possible.
  await writeAudit(tx, ctx, {
    action: 'transition',
    objectType: 'hazard',
    objectId: id,
    before: { status: row.status, version: row.version },
    after: { action: input.action, status: effect.status, ...data },
  });
}

/** Whether this person already signed a step of this hazard with this key. */
async function signedWithKey(tx: Tx, hazardId: number, actorId: number, stepKey: string): Promise<boolean> {
  const [step] = await preparedOnce(
    tx,
    'hazard-step-by-key',
    () =>
      tx
        .select({ id: hazardSteps.id })
        .from(hazardSteps)
        .where(and(eq(hazardSteps.hazardId, sql.placeholder('hazardId')), eq(hazardSteps.stepKey, sql.placeholder('stepKey')), eq(hazardSteps.actorId, sql.placeholder('actorId')))),
    { hazardId, stepKey, actorId },
  );
  return !!step;
}

/** Who hears about a step: the assignee, the submitter, the requester, the school. */
async function remind(tx: Tx, ctx: Ctx, h: HazardRow, action: HazardAction) {
  const link = `/hazards/${h.id}`;
  const about = `${h.code} ${h.description.slice(0, 30)}`;
  const lastSigner = async (act: string) => {
    const [s] = await preparedOnce(
      tx,
      'hazard-last-signer',
      () =>
        tx
          .select({ actorId: hazardSteps.actorId })
          .from(hazardSteps)
          .where(and(eq(hazardSteps.hazardId, sql.placeholder('hazardId')), eq(hazardSteps.action, sql.placeholder('action'))))
          .orderBy(desc(hazardSteps.id))
          .limit(1),
      { hazardId: h.id, action: act },
    );
    return s?.actorId ? [s.actorId] : [];
  };
  const school = async () => (h.responsibleUserId ? [h.responsibleUserId] : await schoolContacts(tx, h.schoolId));
  // First what the step settles, then what it asks next (a reminder made now stays unread): the
  // signer has dealt with this hazard, and an acceptance decided by one supervisor answers the
  // 待您查验 of the others who were asked.
  await settleReminders(tx, ctx.now, [ctx.actor.id], link);
  if (action === 'accept' || action === 'return') await settleReminders(tx, ctx.now, await lastSigner('confirm'), link, ['acceptance_waiting']);
  switch (action) {
    case 'confirm':
      return notify(tx, h.districtId, await school(), { kind: 'assigned', title: `隐患已交办给您整改：${about}，整改时限 ${h.deadline}`, link });
    case 'submit':
      return notify(tx, h.districtId, await lastSigner('confirm'), { kind: 'acceptance_waiting', title: `整改已提交，待您查验：${about}`, link });
    case 'return':
      return notify(tx, h.districtId, await lastSigner('submit'), { kind: 'returned', title: `整改被退回：${about}`, link });
    case 'approve_extension':
    case 'refuse_extension':
      return notify(tx, h.districtId, await lastSigner('request_extension'), {
        kind: 'extension_decided',
        title: `延期申请${action === 'approve_extension' ? `已同意，新的整改时限 ${h.deadline}` : '未获同意'}：${about}`,
        link,
      });
    case 'reopen':
      return notify(tx, h.districtId, await school(), { kind: 'false_fix', title: `回头看未通过，须重新整改：${about}`, link });
    default:
      return;
  }
}

export async function transitionHazard(ctx: Ctx, id: number, input: TransitionInput) {
  requireAccess(ctx.actor, 'hazard.read');
  await ctx.db.transaction((tx) => transitionHazardTx(tx, ctx, id, input));
  return getHazard(ctx, id);
}

// ---- figures for home pages -------------------------------------------------------------------

export async function hazardStats(request: Ctx) {
  requireAccess(request.actor, 'hazard.read');
  // Home page figures: on the replica when there is one (issue 18).
  const ctx = forReads(request);
  const today = todayOf(ctx);
  const scope = hazardScope(ctx.actor);
  const monthStart = `${today.slice(0, 7)}-01`;
  const soon = addDays(today, 3);
  // The home page of every role that sees hazards: prepared (db/prepared.ts).
  const [totals] = await prepared(
    ctx.db
      .select({
        open: sql<number>`count(*) filter (where ${hazards.status} <> 'closed')`.mapWith(Number),
        overdue: sql<number>`count(*) filter (where ${hazards.status} <> 'closed' and ${hazards.deadline} < ${today})`.mapWith(Number),
        majorOpen: sql<number>`count(*) filter (where ${hazards.status} <> 'closed' and ${hazards.grade} = 'major')`.mapWith(Number),
        dueSoon: sql<number>`count(*) filter (where ${hazards.status} in ('assigned','rectifying') and ${hazards.deadline} between ${today} and ${soon})`.mapWith(Number),
        closedThisMonth: sql<number>`count(*) filter (where ${hazards.status} = 'closed' and ${hazards.closedAt} >= (${monthStart}::date - interval '8 hours'))`.mapWith(Number),
      })
      .from(hazards)
      .where(scope),
  );
  const byTown = await prepared(
    ctx.db
      .select({
        townId: town.id,
        townName: town.name,
        open: sql<number>`count(*) filter (where ${hazards.status} <> 'closed')`.mapWith(Number),
        overdue: sql<number>`count(*) filter (where ${hazards.status} <> 'closed' and ${hazards.deadline} < ${today})`.mapWith(Number),
      })
      .from(hazards)
      .innerJoin(school, eq(school.id, hazards.schoolId))
      .innerJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
      .where(scope)
      .groupBy(town.id, town.name)
      .orderBy(asc(town.name)),
  );
  const byArea = await prepared(ctx.db.select({ area: hazards.area, open: count() }).from(hazards).where(and(scope, ne(hazards.status, 'closed'))).groupBy(hazards.area));
  const waiting = (await waitingOnMe(ctx, hazardFilter(ctx.actor, {}, today))).length;
  return { ...totals, waitingOnMe: waiting, byTown, byArea: byArea.map((a) => ({ area: a.area as SafetyArea, open: a.open })) };
}

// ---- the daily job ----------------------------------------------------------------------------

/**
 * Marks hazards that fell overdue today and reminds their school, and reminds of deadlines within
 * 3 days. Each reminder once per hazard and deadline (dedupe keys), so running it again is harmless.
 */
export async function markOverdue(tx: Executor, now: Date): Promise<{ overdue: number; dueSoon: number }> {
  const today = shanghaiDate(now);
  const newlyOverdue = await tx
    .update(hazards)
    .set({ overdueMarkedOn: today })
    .where(and(ne(hazards.status, 'closed'), isNotNull(hazards.deadline), lt(hazards.deadline, today), sql`${hazards.overdueMarkedOn} is null`))
    .returning();
  for (const h of newlyOverdue) {
    const to = h.responsibleUserId ? [h.responsibleUserId] : await schoolContacts(tx, h.schoolId);
    await notify(tx, h.districtId, to, { kind: 'overdue', title: `隐患已逾期（整改时限 ${h.deadline}）：${h.code} ${h.description.slice(0, 30)}`, link: `/hazards/${h.id}`, dedupeKey: `overdue:${h.id}:${h.deadline}` });
  }
  const dueSoon = await tx
    .select()
    .from(hazards)
    .where(and(inArray(hazards.status, ['assigned', 'rectifying']), sql`${hazards.deadline} between ${today} and ${addDays(today, 3)}`));
  for (const h of dueSoon) {
    const to = h.responsibleUserId ? [h.responsibleUserId] : await schoolContacts(tx, h.schoolId);
    await notify(tx, h.districtId, to, { kind: 'due_soon', title: `隐患将于 ${h.deadline} 到期：${h.code} ${h.description.slice(0, 30)}`, link: `/hazards/${h.id}`, dedupeKey: `due_soon:${h.id}:${h.deadline}` });
  }
  return { overdue: newlyOverdue.length, dueSoon: dueSoon.length };
}

