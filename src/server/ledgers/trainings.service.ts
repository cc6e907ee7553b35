// The training ledger (安全培训台账, 001 item 7): one staff member's hours on one course, with the
// provider and the certificate. Hours are more than 0 and at most 24 a day over the days of the
// course. Counted by the engine on the day the course ends. Corrected with a version, voided with a
// reason, never deleted.
import { and, asc, count, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CreateTraining, RecordStatus, TrainingListQuery, TrainingView, UpdateTraining } from '../../contracts/school-ledgers.js';
import type { StaffPost } from '../../contracts/rules.js';
import { trainingSpanProblem } from '../../domain/ledger-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { staffMembers, trainings, units } from '../db/schema.js';
import { badRequest, notFound, staleVersion } from '../errors.js';
import { assertFilesUsable } from '../files/files.service.js';
import { fieldError, fileMapOf, filesOf, placeFilters } from './ledger-helpers.js';
import { findStaff } from './staff.service.js';

type TrainingRow = typeof trainings.$inferSelect;

const school = alias(units, 'school');
const town = alias(units, 'town');

export const trainingScope = (actor: Actor) => schoolLedgerScope(actor, trainings);

function selectTrainings(db: Executor) {
  return db
    .select({ training: trainings, staffName: staffMembers.name, staffPosts: staffMembers.posts, schoolName: school.name, townName: town.name })
    .from(trainings)
    .innerJoin(staffMembers, eq(staffMembers.id, trainings.staffId))
    .innerJoin(school, eq(school.id, trainings.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')));
}
type TrainingListRow = Awaited<ReturnType<typeof selectTrainings>>[number];

async function presentRows(db: Executor, rows: TrainingListRow[]): Promise<TrainingView[]> {
  const files = await fileMapOf(db, rows.flatMap((r) => [...r.training.fileIds, ...(r.training.certificateFileId ? [r.training.certificateFileId] : [])]));
  return rows.map((r) => {
    const t = r.training;
    return {
      id: t.id,
      schoolId: t.schoolId,
      schoolName: r.schoolName,
      townName: r.townName,
      staffId: t.staffId,
      staffName: r.staffName,
      posts: (r.staffPosts as Array<{ post: StaffPost }>).map((p) => p.post),
      course: t.course,
      hours: Number(t.hours),
      startsOn: t.startsOn,
      endsOn: t.endsOn,
      provider: t.provider,
      certificate: (t.certificateFileId && files.get(t.certificateFileId)) || null,
      files: filesOf(t.fileIds, files),
      status: t.status as RecordStatus,
      voidReason: t.voidReason,
      createdByName: t.createdByName,
      version: t.version,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  });
}

export async function trainingFilter(ctx: Ctx, q: Partial<TrainingListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [trainingScope(ctx.actor), ...(await placeFilters(ctx, trainings, q))];
  if (q.staffId) {
    await findStaff(ctx.db, ctx.actor, q.staffId);
    conds.push(eq(trainings.staffId, q.staffId));
  }
  if (q.post) conds.push(sql`${staffMembers.posts} @> ${JSON.stringify([{ post: q.post }])}::jsonb`);
  if (q.from) conds.push(gte(trainings.endsOn, q.from));
  if (q.to) conds.push(lte(trainings.startsOn, q.to));
  conds.push(eq(trainings.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export async function listTrainings(ctx: Ctx, q: TrainingListQuery) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = await trainingFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectTrainings(ctx.db).where(where).orderBy(desc(trainings.endsOn), desc(trainings.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(trainings).innerJoin(staffMembers, eq(staffMembers.id, trainings.staffId)).where(where),
  ]);
  return { items: await presentRows(ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

export function trainingBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) =>
    presentRows(ctx.db, await selectTrainings(ctx.db).where(and(where, gt(trainings.id, afterId))).orderBy(asc(trainings.id)).limit(limit));
}

async function findTraining(db: Executor, actor: Actor, id: number): Promise<TrainingRow> {
  const [row] = await db.select().from(trainings).where(and(eq(trainings.id, id), trainingScope(actor))).for('update');
  if (!row) throw notFound('培训记录');
  return row;
}

export async function getTraining(ctx: Ctx, id: number): Promise<TrainingView> {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await selectTrainings(ctx.db).where(and(eq(trainings.id, id), trainingScope(ctx.actor)));
  if (!row) throw notFound('培训记录');
  return (await presentRows(ctx.db, [row]))[0];
}

/** Dates not in the future, the end not before the start, hours at most 24 a day of the course. */
function checkSpan(ctx: Ctx, startsOn: string, endsOn: string, hours: number) {
  const problem = trainingSpanProblem(startsOn, endsOn, hours, todayOf(ctx));
  if (problem) throw fieldError(problem.field, problem.message);
}

const snapshot = (t: TrainingRow) => ({
  schoolId: t.schoolId,
  staffId: t.staffId,
  course: t.course,
  hours: Number(t.hours),
  startsOn: t.startsOn,
  endsOn: t.endsOn,
  provider: t.provider,
  certificateFileId: t.certificateFileId,
  fileIds: t.fileIds,
  status: t.status,
  voidReason: t.voidReason,
});

async function certificateId(tx: Executor, actor: Actor, id: number | null | undefined) {
  if (!id) return null;
  const [f] = await assertFilesUsable(tx, actor, [id]);
  return f.id;
}

export async function createTraining(ctx: Ctx, input: CreateTraining): Promise<TrainingView> {
  requireAccess(ctx.actor, 'ledger.write');
  const endsOn = input.endsOn ?? input.startsOn;
  checkSpan(ctx, input.startsOn, endsOn, input.hours);
  const id = await ctx.db.transaction(async (tx) => {
    // A person outside the caller's scope is not found.
    const staff = await findStaff(tx, ctx.actor, input.staffId);
    if (staff.leftOn && input.startsOn > staff.leftOn) throw fieldError('staffId', `该人员已于 ${staff.leftOn} 离岗`);
    const [row] = await tx
      .insert(trainings)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: staff.schoolId,
        schoolPath: staff.schoolPath,
        staffId: staff.id,
        course: input.course,
        hours: input.hours,
        startsOn: input.startsOn,
        endsOn,
        provider: input.provider,
        certificateFileId: await certificateId(tx, ctx.actor, input.certificateFileId),
        fileIds: (await assertFilesUsable(tx, ctx.actor, input.fileIds)).map((f) => f.id),
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'training', objectId: row.id, after: snapshot(row) });
    return row.id;
  });
  return getTraining(ctx, id);
}

export async function updateTraining(ctx: Ctx, id: number, input: UpdateTraining): Promise<TrainingView> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const row = await findTraining(tx, ctx.actor, id);
    if (row.version !== input.version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('RECORD_VOIDED', '已作废的培训记录不能修改');
    const startsOn = input.startsOn ?? row.startsOn;
    const endsOn = input.endsOn ?? (input.startsOn && row.startsOn === row.endsOn ? input.startsOn : row.endsOn);
    checkSpan(ctx, startsOn, endsOn, input.hours ?? Number(row.hours));
    const set: Partial<typeof trainings.$inferInsert> = { version: row.version + 1, updatedAt: ctx.now, startsOn, endsOn };
    if (input.course !== undefined) set.course = input.course;
    if (input.hours !== undefined) set.hours = input.hours;
    if (input.provider !== undefined) set.provider = input.provider;
    if (input.certificateFileId !== undefined) set.certificateFileId = await certificateId(tx, ctx.actor, input.certificateFileId);
    if (input.fileIds !== undefined) set.fileIds = (await assertFilesUsable(tx, ctx.actor, input.fileIds)).map((f) => f.id);
    const [updated] = await tx.update(trainings).set(set).where(eq(trainings.id, id)).returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'training', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getTraining(ctx, id);
}

export async function voidTraining(ctx: Ctx, id: number, version: number, reason: string): Promise<TrainingView> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const row = await findTraining(tx, ctx.actor, id);
    if (row.version !== version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('RECORD_VOIDED', '该培训记录已作废');
    const [updated] = await tx
      .update(trainings)
      .set({ status: 'voided', voidReason: reason, voidedBy: ctx.actor.id, voidedAt: ctx.now, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(trainings.id, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'void', objectType: 'training', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getTraining(ctx, id);
}
