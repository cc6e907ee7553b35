import { and, asc, count, eq, gt, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateUnit, UpdateUnit, Unit, unitListQuery } from '../../contracts/units.js';
import type { SafetyArea, SchoolStage, UnitKind } from '../../contracts/enums.js';
import { childPath, missingSchoolFields, pathIds, placementRefusal } from '../../domain/units.js';
import { can, requireAccess, unitScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { units, users } from '../db/schema.js';
import { badRequest, conflict, notFound, staleVersion } from '../errors.js';
import { fieldLabels } from '../../contracts/common.js';
import { containing } from '../db/like.js';

export type UnitRow = typeof units.$inferSelect;
export type UnitListQuery = z.infer<typeof unitListQuery>;

const kindRank = sql`case ${units.kind} when 'city_bureau' then 0 when 'bureau' then 1 when 'department' then 2 when 'town' then 3 else 4 end`;

export function unitActions(actor: Actor, row: UnitRow): Unit['actions'] {
  if (!can(actor, 'unit.manage')) return [];
  const actions: Unit['actions'] = ['update'];
  const isOwnOrAbove = actor.unitPath.startsWith(row.path);
  if (row.status === 'active' && !isOwnOrAbove) actions.push('disable');
  if (row.status === 'disabled') actions.push('enable');
  if (row.status === 'active' && ['city_bureau', 'bureau', 'town'].includes(row.kind)) actions.push('createChild');
  return actions;
}

export function presentUnit(actor: Actor, row: UnitRow): Unit {
  return {
    id: row.id,
    parentId: row.parentId,
    kind: row.kind as UnitKind,
    name: row.name,
    code: row.code,
    status: row.status as Unit['status'],
    stage: row.stage as SchoolStage | null,
    ownership: row.ownership as Unit['ownership'],
    boarding: row.boarding,
    schoolBus: row.schoolBus,
    rural: row.rural,
    canteen: row.canteen,
    shelter: row.shelter,
    gateCount: row.gateCount,
    studentCount: row.studentCount,
    staffCount: row.staffCount,
    address: row.address,
    principalName: row.principalName,
    contactPhone: row.contactPhone,
    areas: row.areas as SafetyArea[],
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: unitActions(actor, row),
  };
}

/** The unit if the person may see it; otherwise not found, whether or not it exists. */
export async function findUnitInScope(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<UnitRow> {
  const q = db.select().from(units).where(and(eq(units.id, id), unitScope(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('单位');
  return row;
}

export function unitFilter(actor: Actor, q: Partial<UnitListQuery>, under?: UnitRow): SQL {
  const conds: Array<SQL | undefined> = [unitScope(actor)];
  if (q.q) {
    const pattern = containing(q.q);
    conds.push(or(ilike(units.name, pattern), ilike(units.code, pattern), ilike(units.address, pattern)));
  }
  if (q.kind) conds.push(eq(units.kind, q.kind));
  if (q.stage) conds.push(eq(units.stage, q.stage));
  if (q.parentId) conds.push(eq(units.parentId, q.parentId));
  if (under) conds.push(like(units.path, `${under.path}%`), sql`${units.id} <> ${under.id}`);
  if (q.ownership) conds.push(eq(units.ownership, q.ownership));
  if (q.boarding !== undefined) conds.push(eq(units.boarding, q.boarding));
  if (q.schoolBus !== undefined) conds.push(eq(units.schoolBus, q.schoolBus));
  if (q.rural !== undefined) conds.push(eq(units.rural, q.rural));
  if (q.status) conds.push(eq(units.status, q.status));
  return and(...conds)!;
}

export async function listUnits(ctx: Ctx, q: UnitListQuery) {
  requireAccess(ctx.actor, 'unit.read');
  const under = q.under ? await findUnitInScope(ctx.db, ctx.actor, q.under) : undefined;
  const where = unitFilter(ctx.actor, q, under);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(units)
      .where(where)
      .orderBy(kindRank, asc(units.name))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(units).where(where),
  ]);
  return { items: rows.map((r) => presentUnit(ctx.actor, r)), total, page: q.page, pageSize: q.pageSize };
}

/** Every unit in scope, id order, a batch at a time (for exports). */
export function unitBatchFetcher(ctx: Ctx, q: Partial<UnitListQuery>, under?: UnitRow) {
  const where = unitFilter(ctx.actor, q, under);
  return (afterId: number, limit: number) =>
    ctx.db.select().from(units).where(and(where, gt(units.id, afterId))).orderBy(asc(units.id)).limit(limit);
}

export async function unitTree(ctx: Ctx) {
  requireAccess(ctx.actor, 'unit.read');
  const rows = await ctx.db
    .select({ id: units.id, parentId: units.parentId, kind: units.kind, name: units.name, stage: units.stage, status: units.status, path: units.path })
    .from(units)
    .where(unitScope(ctx.actor))
    .orderBy(kindRank, asc(units.name));
  // A person with unit scope sees their own unit as the root of their tree.
  const visible = new Set(rows.map((r) => r.id));
  return {
    items: rows.map((r) => ({
      id: r.id,
      parentId: r.parentId !== null && visible.has(r.parentId) ? r.parentId : null,
      kind: r.kind as UnitKind,
      name: r.name,
      stage: r.stage as SchoolStage | null,
      status: r.status as Unit['status'],
    })),
  };
}

export async function getUnit(ctx: Ctx, id: number) {
  requireAccess(ctx.actor, 'unit.read');
  const row = await findUnitInScope(ctx.db, ctx.actor, id);
  const ancestorIds = pathIds(row.path).filter((x) => x !== row.id);
  const [ancestors, [{ childCount }], [{ userCount }]] = await Promise.all([
    ancestorIds.length
      ? ctx.db.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(inArray(units.id, ancestorIds))
      : Promise.resolve([]),
    ctx.db.select({ childCount: count() }).from(units).where(eq(units.parentId, id)),
    ctx.db.select({ userCount: count() }).from(users).where(eq(users.unitId, id)),
  ]);
  return {
    ...presentUnit(ctx.actor, row),
    ancestors: ancestorIds
      .map((aid) => ancestors.find((a) => a.id === aid))
      .filter((a): a is NonNullable<typeof a> => Boolean(a))
      .map((a) => ({ id: a.id, name: a.name, kind: a.kind as UnitKind })),
    childCount,
    userCount,
  };
}

type UnitFields = Omit<UpdateUnit, 'version'>;

/** Keeps only the attributes that mean something for the kind, and checks what a school needs. */
export function normaliseFields(kind: UnitKind, f: UnitFields, current?: UnitRow): Partial<typeof units.$inferInsert> {
  const out: Partial<typeof units.$inferInsert> = {};
  if (f.name !== undefined) out.name = f.name;
  if (f.code !== undefined) out.code = f.code || null;
  if (f.address !== undefined) out.address = f.address || null;
  if (f.contactPhone !== undefined) out.contactPhone = f.contactPhone || null;
  if (kind === 'school') {
    for (const k of ['stage', 'ownership', 'boarding', 'schoolBus', 'rural', 'gateCount', 'studentCount', 'staffCount', 'principalName', 'canteen', 'shelter'] as const) {
      if (f[k] !== undefined) (out as Record<string, unknown>)[k] = f[k];
    }
    const merged = { ...current, ...out };
    const missing = missingSchoolFields(merged);
    if (missing.length) {
      throw badRequest(
        'VALIDATION_FAILED',
        `学校须填写：${missing.map((m) => fieldLabels[m]).join('、')}`,
        missing.map((m) => ({ field: m, label: fieldLabels[m], message: '学校必须填写此项' })),
      );
    }
  } else if (f.principalName !== undefined) {
    out.principalName = f.principalName || null;
  }
  if (kind === 'department' && f.areas !== undefined) out.areas = [...new Set(f.areas)];
  return out;
}

function snapshot(row: UnitRow) {
  const { createdAt, updatedAt, ...rest } = row;
  return rest;
}

export async function createUnit(ctx: Ctx, input: CreateUnit) {
  requireAccess(ctx.actor, 'unit.manage');
  return ctx.db.transaction(async (tx) => {
    const parent = await findUnitInScope(tx, ctx.actor, input.parentId, true);
    if (parent.status !== 'active') throw conflict('UNIT_PARENT_DISABLED', '上级单位已停用，不能在其下新建单位');
    const refusal = placementRefusal(parent.kind as UnitKind, input.kind);
    if (refusal) throw badRequest('UNIT_PLACEMENT', refusal, [{ field: 'kind', label: '单位类型', message: refusal }]);
    const fields = normaliseFields(input.kind, input);
    let row: UnitRow;
    try {
      [row] = await tx
        .insert(units)
        .values({ ...fields, name: input.name, kind: input.kind, parentId: parent.id, districtId: parent.districtId, path: '' })
        .returning();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('UNIT_NAME_TAKEN', `本区已有名为“${input.name}”的单位`);
      throw err;
    }
    [row] = await tx.update(units).set({ path: childPath(parent.path, row.id) }).where(eq(units.id, row.id)).returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'unit', objectId: row.id, after: snapshot(row) });
    return presentUnit(ctx.actor, row);
  });
}

export async function updateUnit(ctx: Ctx, id: number, input: UpdateUnit) {
  requireAccess(ctx.actor, 'unit.manage');
  return ctx.db.transaction(async (tx) => {
    const current = await findUnitInScope(tx, ctx.actor, id, true);
    if (current.version !== input.version) throw staleVersion();
    const { version: _v, ...fields } = input;
    const changes = normaliseFields(current.kind as UnitKind, fields, current);
    let row: UnitRow;
    try {
      [row] = await tx
        .update(units)
        .set({ ...changes, version: current.version + 1, updatedAt: ctx.now })
        .where(eq(units.id, id))
        .returning();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('UNIT_NAME_TAKEN', `本区已有名为“${fields.name}”的单位`);
      throw err;
    }
    await writeAudit(tx, ctx, { action: 'update', objectType: 'unit', objectId: id, before: snapshot(current), after: snapshot(row) });
    return presentUnit(ctx.actor, row);
  });
}

export async function setUnitStatus(ctx: Ctx, id: number, version: number, status: 'active' | 'disabled') {
  requireAccess(ctx.actor, 'unit.manage');
  return ctx.db.transaction(async (tx) => {
    const current = await findUnitInScope(tx, ctx.actor, id, true);
    if (current.version !== version) throw staleVersion();
    if (current.status === status) throw conflict('UNIT_STATUS_UNCHANGED', status === 'active' ? '该单位已是启用状态' : '该单位已是停用状态');
    if (status === 'disabled') {
      if (ctx.actor.unitPath.startsWith(current.path)) throw conflict('UNIT_OWN', '不能停用本人所在单位或其上级单位');
      const [{ n: children }] = await tx
        .select({ n: count() })
        .from(units)
        .where(and(eq(units.parentId, id), eq(units.status, 'active')));
      if (children > 0) throw conflict('UNIT_HAS_ACTIVE_CHILDREN', `该单位下还有 ${children} 个启用的下级单位，请先停用下级单位`);
      const [{ n: people }] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.unitId, id), eq(users.status, 'active')));
      if (people > 0) throw conflict('UNIT_HAS_ACTIVE_USERS', `该单位还有 ${people} 个启用的账号，请先停用或调出这些人员`);
    } else {
      const [parent] = current.parentId ? await tx.select().from(units).where(eq(units.id, current.parentId)) : [];
      if (parent && parent.status !== 'active') throw conflict('UNIT_PARENT_DISABLED', '上级单位已停用，请先启用上级单位');
    }
    const [row] = await tx
      .update(units)
      .set({ status, version: current.version + 1, updatedAt: ctx.now })
      .where(eq(units.id, id))
      .returning();
    await writeAudit(tx, ctx, {
      action: status === 'active' ? 'enable' : 'disable',
      objectType: 'unit',
      objectId: id,
      before: { status: current.status },
      after: { status },
    });
    return presentUnit(ctx.actor, row);
  });
}
