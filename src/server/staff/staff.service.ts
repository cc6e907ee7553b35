// Staff of a school with their posts and the day each was taken (教职工岗位), which the training
// rules of 001 item 7 read: a user of the school, or a named person without an account (guards,
// outsourced staff). Not deleted: someone who left gets leftOn and stops being judged.
import { and, asc, count, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { StaffPost } from '../../contracts/rules.js';
import type { CreateStaff, StaffListQuery, StaffView, UpdateStaff } from '../../contracts/staff.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { userRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { staffMembers, units } from '../db/schema.js';
import { conflict, notFound, staleVersion, fieldError } from '../errors.js';
import { checkPastDay, placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';

export type StaffRow = typeof staffMembers.$inferSelect;
type Post = { post: StaffPost; since: string | null };

const school = alias(units, 'school');
const town = alias(units, 'town');

export const staffScope = (actor: Actor) => schoolLedgerScope(actor, staffMembers);

function selectStaff(db: Executor) {
  return db
    .select({ staff: staffMembers, schoolName: school.name, townName: town.name })
    .from(staffMembers)
    .innerJoin(school, eq(school.id, staffMembers.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')));
}
type StaffListRow = Awaited<ReturnType<typeof selectStaff>>[number];

function present(r: StaffListRow): StaffView {
  const s = r.staff;
  return {
    id: s.id,
    schoolId: s.schoolId,
    schoolName: r.schoolName,
    townName: r.townName,
    userId: s.userId,
    name: s.name,
    posts: (s.posts as Post[]).map((p) => ({ post: p.post, since: p.since ?? null })),
    leftOn: s.leftOn,
    outsourcedKind: s.outsourcedKind as StaffView['outsourcedKind'],
    employer: s.employer,
    entryCheckOn: s.entryCheckOn,
    entryCheckResult: s.entryCheckResult as StaffView['entryCheckResult'],
    createdByName: s.createdByName,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export async function staffFilter(ctx: Ctx, q: Partial<StaffListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [staffScope(ctx.actor), ...(await placeFilters(ctx, staffMembers, q))];
  if (q.post) conds.push(sql`${staffMembers.posts} @> ${JSON.stringify([{ post: q.post }])}::jsonb`);
  if (q.q) conds.push(sql`${staffMembers.name} like ${`%${q.q}%`}`);
  if (q.all !== 'true') conds.push(isNull(staffMembers.leftOn));
  if (q.outsourcedKind === 'own') conds.push(isNull(staffMembers.outsourcedKind));
  else if (q.outsourcedKind) conds.push(eq(staffMembers.outsourcedKind, q.outsourcedKind));
  if (q.entryCheck === 'none') conds.push(isNull(staffMembers.entryCheckResult));
  else if (q.entryCheck) conds.push(eq(staffMembers.entryCheckResult, q.entryCheck));
  return and(...conds)!;
}

export async function listStaff(ctx: Ctx, q: StaffListQuery) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = await staffFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectStaff(ctx.db).where(where).orderBy(asc(school.path), asc(staffMembers.name), asc(staffMembers.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(staffMembers).where(where),
  ]);
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}

export function staffBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) => (await selectStaff(ctx.db).where(and(where, gt(staffMembers.id, afterId))).orderBy(asc(staffMembers.id)).limit(limit)).map(present);
}

/** A staff member in the person's scope (else 404), for a training or a correction. */
export async function findStaff(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<StaffRow> {
  const q = db.select().from(staffMembers).where(and(eq(staffMembers.id, id), staffScope(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('人员');
  return row;
}

export async function getStaff(ctx: Ctx, id: number): Promise<StaffView> {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await selectStaff(ctx.db).where(and(eq(staffMembers.id, id), staffScope(ctx.actor)));
  if (!row) throw notFound('人员');
  return present(row);
}

function checkPosts(ctx: Ctx, posts: Array<{ post: StaffPost; since?: string | null }>, outsourced: boolean): Post[] {
  // The posts are those the training rules read (001 item 7); an outsourced driver or cleaner holds
  // none of them and is recorded for the entry check alone (001 item 11).
  if (!posts.length && !outsourced) throw fieldError('posts', '请至少填写一个岗位');
  const seen = new Set<StaffPost>();
  posts.forEach((p, i) => {
    if (seen.has(p.post)) throw fieldError('posts', `第 ${i + 1} 个岗位重复`);
    seen.add(p.post);
    // A post is recorded once taken up, as a drill once held (issue 11 item 1).
    checkPastDay(ctx, 'posts', p.since, `第 ${i + 1} 个岗位的任职日期`);
  });
  return posts.map((p) => ({ post: p.post, since: p.since ?? null }));
}

const snapshot = (s: StaffRow) => ({ schoolId: s.schoolId, userId: s.userId, name: s.name, posts: s.posts, leftOn: s.leftOn, outsourcedKind: s.outsourcedKind, employer: s.employer, entryCheckOn: s.entryCheckOn, entryCheckResult: s.entryCheckResult });

/** The entry check (准入查询, 001 item 11): a day with a result, both or neither; the day not in the future. */
function entryCheck(ctx: Ctx, on: string | null | undefined, result: string | null | undefined) {
  if (result && !on) throw fieldError('entryCheckOn', '请填写查询日期');
  if (on && !result) throw fieldError('entryCheckResult', '请选择查询结果');
  checkPastDay(ctx, 'entryCheckOn', on);
}

export async function createStaff(ctx: Ctx, input: CreateStaff): Promise<StaffView> {
  requireAccess(ctx.actor, 'ledger.write');
  const posts = checkPosts(ctx, input.posts, !!input.outsourcedKind);
  entryCheck(ctx, input.entryCheckOn, input.entryCheckResult);
  const id = await ctx.db.transaction(async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    let name = input.name || null;
    if (input.userId) {
      // A user the caller cannot see is not found; one of another school is not this school's staff.
      // (A former colleague's stopped account may still be recorded: the ledger keeps history.)
      const u = await userRef(tx, ctx.actor, input.userId, { field: 'userId', what: '用户账号', within: s.path, notWithinMessage: '不是该学校的人员', active: false });
      const [dup] = await tx.select({ id: staffMembers.id }).from(staffMembers).where(and(eq(staffMembers.schoolId, s.id), eq(staffMembers.userId, u.id)));
      if (dup) throw conflict('STAFF_EXISTS', '该用户已登记岗位，请修改原记录', { staffId: dup.id });
      name = name ?? u.displayName;
    }
    if (!name) throw fieldError('name', '请填写姓名或选择用户账号', '姓名');
    const [row] = await tx
      .insert(staffMembers)
      .values({ districtId: ctx.actor.districtId, schoolId: s.id, schoolPath: s.path, userId: input.userId ?? null, name, posts, outsourcedKind: input.outsourcedKind ?? null, employer: input.employer ?? null, entryCheckOn: input.entryCheckOn ?? null, entryCheckResult: input.entryCheckResult ?? null, createdBy: ctx.actor.id, createdByName: ctx.actor.displayName })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'staff_member', objectId: row.id, after: snapshot(row) });
    return row.id;
  });
  return getStaff(ctx, id);
}

export async function updateStaff(ctx: Ctx, id: number, input: UpdateStaff): Promise<StaffView> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const row = await findStaff(tx, ctx.actor, id, true);
    if (row.version !== input.version) throw staleVersion();
    const set: Partial<typeof staffMembers.$inferInsert> = { version: row.version + 1, updatedAt: ctx.now };
    if (input.name !== undefined) set.name = input.name;
    const outsourced = input.outsourcedKind !== undefined ? !!input.outsourcedKind : row.outsourcedKind !== null;
    if (input.posts !== undefined || !outsourced) set.posts = checkPosts(ctx, input.posts ?? (row.posts as Post[]), outsourced);
    checkPastDay(ctx, 'leftOn', input.leftOn);
    if (input.leftOn !== undefined) set.leftOn = input.leftOn;
    if (input.outsourcedKind !== undefined) set.outsourcedKind = input.outsourcedKind;
    if (input.employer !== undefined) set.employer = input.employer;
    if (input.entryCheckOn !== undefined || input.entryCheckResult !== undefined) {
      const on = input.entryCheckOn !== undefined ? input.entryCheckOn : row.entryCheckOn;
      const result = input.entryCheckResult !== undefined ? input.entryCheckResult : row.entryCheckResult;
      entryCheck(ctx, on, result);
      set.entryCheckOn = on;
      set.entryCheckResult = result;
    }
    const [updated] = await tx.update(staffMembers).set(set).where(eq(staffMembers.id, id)).returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'staff_member', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getStaff(ctx, id);
}

/** Those still at the school on the day (no leftOn, or leaving after it). */
export const staffPresentOn = (asOf: string) => or(isNull(staffMembers.leftOn), gt(staffMembers.leftOn, asOf));
