import { and, asc, count, eq, gt, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { RoleKey, UnitKind } from '../../contracts/enums.js';
import type { CreateUser, UpdateUser, User, userListQuery } from '../../contracts/users.js';
import { nextPasswordHistory } from '../../domain/password.js';
import { grantRefusal } from '../../domain/roles.js';
import { can, requireAccess, unitInScope, userScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { hashPassword, oneTimePassword } from '../auth/passwords.js';
import { deleteUserSessions } from '../auth/session.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { units, userRoles, users } from '../db/schema.js';
import { badRequest, conflict, forbidden, notFound, staleVersion } from '../errors.js';
import type { RoleTable } from '../../domain/roles.js';
import { findUnitInScope, type UnitRow } from '../units/units.service.js';
import { containing } from '../db/like.js';

export type UserListQuery = z.infer<typeof userListQuery>;

const rolesOf = sql<RoleKey[]>`coalesce((select array_agg(${userRoles.roleKey} order by ${userRoles.roleKey}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`;

const userColumns = {
  id: users.id,
  districtId: users.districtId,
  username: users.username,
  displayName: users.displayName,
  phone: users.phone,
  status: users.status,
  mustChangePassword: users.mustChangePassword,
  lockedUntil: users.lockedUntil,
  lastLoginAt: users.lastLoginAt,
  version: users.version,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  unitId: units.id,
  unitName: units.name,
  unitKind: units.kind,
  unitPath: units.path,
  roles: rolesOf,
};
export type UserRow = {
  id: number;
  districtId: number;
  username: string;
  displayName: string;
  phone: string | null;
  status: string;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  unitId: number;
  unitName: string;
  unitKind: string;
  unitPath: string;
  roles: RoleKey[];
};

/** Whether the actor may change this person: in scope, and every role the person holds is one the actor could grant. */
export function canManage(table: RoleTable, actor: Actor, row: Pick<UserRow, 'id' | 'districtId' | 'unitPath' | 'unitKind' | 'roles'>): boolean {
  if (!can(actor, 'user.manage')) return false;
  if (!unitInScope(actor, { districtId: row.districtId, path: row.unitPath })) return false;
  return row.roles.every((r) => grantRefusal(table, actor, r, row.unitKind as UnitKind) === null);
}

export function presentUser(table: RoleTable, actor: Actor, row: UserRow, now: Date): User {
  const actions: User['actions'] = [];
  if (canManage(table, actor, row)) {
    actions.push('update');
    const self = row.id === actor.id;
    if (row.status === 'active' && !self) actions.push('disable', 'resetPassword');
    if (row.status === 'disabled') actions.push('enable');
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    phone: row.phone,
    unit: { id: row.unitId, name: row.unitName, kind: row.unitKind as UnitKind },
    roles: row.roles,
    status: row.status as User['status'],
    locked: row.lockedUntil !== null && row.lockedUntil.getTime() > now.getTime(),
    mustChangePassword: row.mustChangePassword,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions,
  };
}

function selectUsers(db: Executor) {
  return db.select(userColumns).from(users).innerJoin(units, eq(units.id, users.unitId));
}

export async function findUserInScope(db: Executor, actor: Actor, id: number): Promise<UserRow> {
  const [row] = await selectUsers(db).where(and(eq(users.id, id), userScope(actor)));
  if (!row) throw notFound('人员');
  return row as UserRow;
}

export function userFilter(actor: Actor, q: Partial<UserListQuery>, under?: UnitRow): SQL {
  const conds: Array<SQL | undefined> = [userScope(actor)];
  if (q.q) {
    const pattern = containing(q.q);
    conds.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(users.phone, pattern)));
  }
  if (q.unitId) conds.push(eq(users.unitId, q.unitId));
  if (under) conds.push(like(units.path, `${under.path}%`));
  if (q.role) conds.push(sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.roleKey} = ${q.role})`);
  if (q.status) conds.push(eq(users.status, q.status));
  return and(...conds)!;
}

export async function listUsers(ctx: Ctx, q: UserListQuery) {
  requireAccess(ctx.actor, 'user.read');
  const under = q.under ? await findUnitInScope(ctx.db, ctx.actor, q.under) : undefined;
  const where = userFilter(ctx.actor, q, under);
  const [rows, [{ total }]] = await Promise.all([
    selectUsers(ctx.db)
      .where(where)
      .orderBy(asc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(where),
  ]);
  return { items: (rows as UserRow[]).map((r) => presentUser(ctx.roleTable, ctx.actor, r, ctx.now)), total, page: q.page, pageSize: q.pageSize };
}

export function userBatchFetcher(ctx: Ctx, q: Partial<UserListQuery>, under?: UnitRow) {
  const where = userFilter(ctx.actor, q, under);
  return async (afterId: number, limit: number) =>
    (await selectUsers(ctx.db).where(and(where, gt(users.id, afterId))).orderBy(asc(users.id)).limit(limit)) as UserRow[];
}

export async function getUser(ctx: Ctx, id: number) {
  requireAccess(ctx.actor, 'user.read');
  return presentUser(ctx.roleTable, ctx.actor, await findUserInScope(ctx.db, ctx.actor, id), ctx.now);
}

function checkGrants(ctx: Ctx, roles: RoleKey[], unitKind: UnitKind) {
  const refusals = [...new Set(roles)].map((r) => grantRefusal(ctx.roleTable, ctx.actor, r, unitKind)).filter(Boolean) as string[];
  if (refusals.length) {
    throw badRequest('ROLE_NOT_GRANTABLE', refusals.join('；'), refusals.map((m) => ({ field: 'roles', label: '角色', message: m })));
  }
}

/** The unit a person is placed in: in scope, active. */
async function placementUnit(tx: Executor, ctx: Ctx, unitId: number) {
  const unit = await findUnitInScope(tx, ctx.actor, unitId);
  if (unit.status !== 'active') throw badRequest('UNIT_DISABLED', '所选单位已停用', [{ field: 'unitId', label: '所属单位', message: '所选单位已停用' }]);
  return unit;
}

const snapshot = (r: UserRow) => ({
  username: r.username,
  displayName: r.displayName,
  phone: r.phone,
  unitId: r.unitId,
  roles: r.roles,
  status: r.status,
  version: r.version,
});

export async function createUser(ctx: Ctx, input: CreateUser) {
  requireAccess(ctx.actor, 'user.manage');
  const temporaryPassword = oneTimePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  return ctx.db.transaction(async (tx) => {
    const unit = await placementUnit(tx, ctx, input.unitId);
    checkGrants(ctx, input.roles, unit.kind as UnitKind);
    let id: number;
    try {
      [{ id }] = await tx
        .insert(users)
        .values({
          districtId: unit.districtId,
          unitId: unit.id,
          username: input.username,
          displayName: input.displayName,
          phone: input.phone ?? null,
          passwordHash,
          mustChangePassword: true,
        })
        .returning({ id: users.id });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw conflict('USERNAME_TAKEN', `用户名“${input.username}”已被使用`, [{ field: 'username', label: '用户名', message: '用户名已被使用' }]);
      }
      throw err;
    }
    await tx.insert(userRoles).values([...new Set(input.roles)].map((roleKey) => ({ userId: id, roleKey })));
    const row = await findUserInScope(tx, ctx.actor, id);
    await writeAudit(tx, ctx, { action: 'create', objectType: 'user', objectId: id, after: snapshot(row) });
    return { user: presentUser(ctx.roleTable, ctx.actor, row, ctx.now), temporaryPassword };
  });
}

/** Loads the person for a change, locking the row, and checks the actor may change them. */
async function lockForChange(tx: Executor, ctx: Ctx, id: number, version: number) {
  requireAccess(ctx.actor, 'user.manage');
  await tx.select({ id: users.id }).from(users).where(eq(users.id, id)).for('update');
  const current = await findUserInScope(tx, ctx.actor, id);
  if (!canManage(ctx.roleTable, ctx.actor, current)) throw forbidden('您无权修改该人员（其角色超出您的授权范围）');
  if (current.version !== version) throw staleVersion();
  return current;
}

export async function updateUser(ctx: Ctx, id: number, input: UpdateUser) {
  return ctx.db.transaction(async (tx) => {
    const current = await lockForChange(tx, ctx, id, input.version);
    let unitKind = current.unitKind as UnitKind;
    if (input.unitId !== undefined && input.unitId !== current.unitId) {
      unitKind = (await placementUnit(tx, ctx, input.unitId)).kind as UnitKind;
    }
    const roles = input.roles ? [...new Set(input.roles)] : current.roles;
    if (id === ctx.actor.id && (input.roles || input.unitId !== undefined)) {
      const same = roles.length === current.roles.length && roles.every((r) => current.roles.includes(r));
      if (!same || (input.unitId !== undefined && input.unitId !== current.unitId)) {
        throw conflict('SELF_ROLE_CHANGE', '不能修改本人的角色或所属单位，请由其他管理员操作');
      }
    }
    checkGrants(ctx, roles, unitKind);
    await tx
      .update(users)
      .set({
        ...(input.displayName !== undefined && { displayName: input.displayName }),
        ...(input.phone !== undefined && { phone: input.phone }),
        ...(input.unitId !== undefined && { unitId: input.unitId }),
        version: current.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(users.id, id));
    if (input.roles) {
      await tx.delete(userRoles).where(eq(userRoles.userId, id));
      await tx.insert(userRoles).values(roles.map((roleKey) => ({ userId: id, roleKey })));
    }
    const row = await findUserInScope(tx, ctx.actor, id);
    await writeAudit(tx, ctx, { action: 'update', objectType: 'user', objectId: id, before: snapshot(current), after: snapshot(row) });
    return presentUser(ctx.roleTable, ctx.actor, row, ctx.now);
  });
}

export async function setUserStatus(ctx: Ctx, id: number, version: number, status: 'active' | 'disabled') {
  return ctx.db.transaction(async (tx) => {
    const current = await lockForChange(tx, ctx, id, version);
    if (id === ctx.actor.id) throw conflict('SELF_DISABLE', '不能停用本人账号');
    if (current.status === status) throw conflict('USER_STATUS_UNCHANGED', status === 'active' ? '该账号已是启用状态' : '该账号已是停用状态');
    if (status === 'active') {
      const [unit] = await tx.select({ status: units.status }).from(units).where(eq(units.id, current.unitId));
      if (unit.status !== 'active') throw conflict('UNIT_DISABLED', '该人员所在单位已停用，请先启用单位或调整所属单位');
    }
    await tx
      .update(users)
      .set({ status, version: current.version + 1, updatedAt: ctx.now, ...(status === 'active' && { failedLoginCount: 0, lockedUntil: null }) })
      .where(eq(users.id, id));
    if (status === 'disabled') await deleteUserSessions(tx, id);
    const row = await findUserInScope(tx, ctx.actor, id);
    await writeAudit(tx, ctx, { action: status === 'active' ? 'enable' : 'disable', objectType: 'user', objectId: id, before: { status: current.status }, after: { status } });
    return presentUser(ctx.roleTable, ctx.actor, row, ctx.now);
  });
}

export async function resetPassword(ctx: Ctx, id: number, version: number) {
  const temporaryPassword = oneTimePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  return ctx.db.transaction(async (tx) => {
    const current = await lockForChange(tx, ctx, id, version);
    if (id === ctx.actor.id) throw conflict('SELF_RESET', '请在“我的账号”中修改本人密码');
    // The password being replaced joins the history, so the person cannot change back to it.
    const [old] = await tx.select({ passwordHash: users.passwordHash, passwordHistory: users.passwordHistory }).from(users).where(eq(users.id, id));
    await tx
      .update(users)
      .set({
        passwordHash,
        passwordHistory: nextPasswordHistory(old.passwordHash, old.passwordHistory),
        mustChangePassword: true,
        failedLoginCount: 0,
        lockedUntil: null,
        version: current.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(users.id, id));
    await deleteUserSessions(tx, id);
    const row = await findUserInScope(tx, ctx.actor, id);
    await writeAudit(tx, ctx, { action: 'password_reset', objectType: 'user', objectId: id });
    return { user: presentUser(ctx.roleTable, ctx.actor, row, ctx.now), temporaryPassword };
  });
}

