// The drill ledger (应急疏散演练台账, 000 item 17, 001 item 6, 000 item 5): record, correct with a
// version, void with a reason (never deleted: a drill counted for compliance stays traceable).
import { and, asc, count, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { fieldLabels } from '../../contracts/common.js';
import type { FileRef } from '../../contracts/hazards.js';
import type { CreateDrill, Drill, DrillListQuery, DrillStatus, UpdateDrill } from '../../contracts/ledgers.js';
import type { DrillKind } from '../../contracts/rules.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { drillScope, requireAccess, unitScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { drills, units } from '../db/schema.js';
import { badRequest, notFound, staleVersion } from '../errors.js';
import { assertFilesUsable, fileRefs } from '../files/files.service.js';

type DrillRow = typeof drills.$inferSelect;

const school = alias(units, 'school');
const town = alias(units, 'town');

function selectDrills(db: Executor) {
  return db
    .select({ drill: drills, schoolName: school.name, townName: town.name })
    .from(drills)
    .innerJoin(school, eq(school.id, drills.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')));
}
export type DrillListRow = Awaited<ReturnType<typeof selectDrills>>[number];

function present(r: DrillListRow, fileMap: Map<number, FileRef>): Drill {
  const d = r.drill;
  return {
    id: d.id,
    schoolId: d.schoolId,
    schoolName: r.schoolName,
    townName: r.townName,
    heldOn: d.heldOn,
    kind: d.kind as DrillKind,
    participants: d.participants,
    evacuationSeconds: d.evacuationSeconds,
    observers: d.observers,
    problems: d.problems,
    files: d.fileIds.map((id) => fileMap.get(id)).filter((f): f is FileRef => !!f),
    status: d.status as DrillStatus,
    voidReason: d.voidReason,
    createdByName: d.createdByName,
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

async function presentRows(db: Executor, rows: DrillListRow[]): Promise<Drill[]> {
  const refs = await fileRefs(db, rows.flatMap((r) => r.drill.fileIds));
  const fileMap = new Map(refs.map((f) => [f.id, f]));
  return rows.map((r) => present(r, fileMap));
}

const fieldError = (field: string, message: string) => {
  const label = fieldLabels[field] ?? field;
  return badRequest('VALIDATION_FAILED', `${label}：${message}`, [{ field, label, message }]);
};

/** A unit the person can see, else 404 (list filters and the school of a new drill). */
async function unitInScopeOr404(db: Executor, actor: Actor, id: number, what: string) {
  const [u] = await db.select({ id: units.id, path: units.path, kind: units.kind }).from(units).where(and(eq(units.id, id), unitScope(actor)));
  if (!u) throw notFound(what);
  return u;
}

/** The filters of the ledger inside the caller's scope; a school or town filter outside it is a 404. */
export async function drillFilter(ctx: Ctx, q: Partial<DrillListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [drillScope(ctx.actor)];
  if (q.schoolId) {
    await unitInScopeOr404(ctx.db, ctx.actor, q.schoolId, '学校');
    conds.push(eq(drills.schoolId, q.schoolId));
  }
  if (q.townId) {
    const t = await unitInScopeOr404(ctx.db, ctx.actor, q.townId, '镇街');
    conds.push(sql`${drills.schoolPath} like ${`${t.path}%`}`);
  }
  if (q.kind) conds.push(eq(drills.kind, q.kind));
  if (q.from) conds.push(gte(drills.heldOn, q.from));
  if (q.to) conds.push(lte(drills.heldOn, q.to));
  conds.push(eq(drills.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export async function listDrills(ctx: Ctx, q: DrillListQuery) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = await drillFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectDrills(ctx.db)
      .where(where)
      .orderBy(desc(drills.heldOn), desc(drills.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(drills).where(where),
  ]);
  return { items: await presentRows(ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

/** Every drill of the filter in id order, a batch at a time (export). */
export function drillBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) => {
    const rows = await selectDrills(ctx.db).where(and(where, gt(drills.id, afterId))).orderBy(asc(drills.id)).limit(limit);
    return (await presentRows(ctx.db, rows)).map((d) => ({ ...d }));
  };
}

async function findDrill(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<DrillRow> {
  const q = db.select().from(drills).where(and(eq(drills.id, id), drillScope(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('演练记录');
  return row;
}

export async function getDrill(ctx: Ctx, id: number): Promise<Drill> {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await selectDrills(ctx.db).where(and(eq(drills.id, id), drillScope(ctx.actor)));
  if (!row) throw notFound('演练记录');
  return (await presentRows(ctx.db, [row]))[0];
}

function checkHeldOn(ctx: Ctx, heldOn: string | undefined) {
  if (heldOn === undefined) return;
  const problem = pastDayProblem(heldOn, todayOf(ctx));
  if (problem) throw fieldError('heldOn', problem);
}

const snapshot = (d: DrillRow) => ({
  schoolId: d.schoolId,
  heldOn: d.heldOn,
  kind: d.kind,
  participants: d.participants,
  evacuationSeconds: d.evacuationSeconds,
  observers: d.observers,
  problems: d.problems,
  fileIds: d.fileIds,
  status: d.status,
  voidReason: d.voidReason,
});

export async function createDrill(ctx: Ctx, input: CreateDrill): Promise<Drill> {
  requireAccess(ctx.actor, 'ledger.write');
  checkHeldOn(ctx, input.heldOn);
  const id = await ctx.db.transaction(async (tx) => {
    const s = await unitInScopeOr404(tx, ctx.actor, input.schoolId, '学校');
    if (s.kind !== 'school') throw fieldError('schoolId', '请选择学校');
    const fileIds = (await assertFilesUsable(tx, ctx.actor, input.fileIds)).map((f) => f.id);
    const [row] = await tx
      .insert(drills)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        heldOn: input.heldOn,
        kind: input.kind,
        participants: input.participants,
        evacuationSeconds: input.evacuationSeconds ?? null,
        observers: input.observers || null,
        problems: input.problems || null,
        fileIds,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'drill', objectId: row.id, after: snapshot(row) });
    return row.id;
  });
  return getDrill(ctx, id);
}

export async function updateDrill(ctx: Ctx, id: number, input: UpdateDrill): Promise<Drill> {
  requireAccess(ctx.actor, 'ledger.write');
  checkHeldOn(ctx, input.heldOn);
  await ctx.db.transaction(async (tx) => {
    const row = await findDrill(tx, ctx.actor, id, true);
    if (row.version !== input.version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('DRILL_VOIDED', '已作废的演练记录不能修改');
    const set: Partial<typeof drills.$inferInsert> = { version: row.version + 1, updatedAt: ctx.now };
    if (input.heldOn !== undefined) set.heldOn = input.heldOn;
    if (input.kind !== undefined) set.kind = input.kind;
    if (input.participants !== undefined) set.participants = input.participants;
    if (input.evacuationSeconds !== undefined) set.evacuationSeconds = input.evacuationSeconds;
    if (input.observers !== undefined) set.observers = input.observers || null;
    if (input.problems !== undefined) set.problems = input.problems || null;
    if (input.fileIds !== undefined) set.fileIds = (await assertFilesUsable(tx, ctx.actor, input.fileIds)).map((f) => f.id);
    const [updated] = await tx.update(drills).set(set).where(eq(drills.id, id)).returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'drill', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getDrill(ctx, id);
}

/** Voids a drill recorded by mistake: it stays in the ledger, marked, and no longer counts. */
export async function voidDrill(ctx: Ctx, id: number, version: number, reason: string): Promise<Drill> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const row = await findDrill(tx, ctx.actor, id, true);
    if (row.version !== version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('DRILL_VOIDED', '该演练记录已作废');
    const [updated] = await tx
      .update(drills)
      .set({ status: 'voided', voidReason: reason, voidedBy: ctx.actor.id, voidedAt: ctx.now, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(drills.id, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'void', objectType: 'drill', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getDrill(ctx, id);
}
