import { eq, inArray, sql } from 'drizzle-orm';
import type { Me } from '../../contracts/auth.js';
import type { RoleKey, UnitKind } from '../../contracts/enums.js';
import { afterFailure, isLocked, minutesLeft, MAX_FAILED_LOGINS } from '../../domain/lockout.js';
import { passwordProblems } from '../../domain/password.js';
import { pathIds } from '../../domain/units.js';
import type { Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { units, users } from '../db/schema.js';
import { AppError, badRequest } from '../errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { createSession, deleteOtherSessions } from './session.js';

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  now: Date;
}

export async function login(db: Db, input: LoginInput): Promise<{ token: string; csrfToken: string; userId: number }> {
  const [user] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${input.username})`);
  const ctx = { actor: null, ip: input.ip };
  const failedEntry = (reason: string, u?: typeof user) => ({
    action: 'login_failed' as const,
    objectType: 'session' as const,
    objectId: u?.id ?? null,
    districtId: u?.districtId ?? null,
    actorName: input.username,
    after: { username: input.username, reason },
    result: 'failure' as const,
  });

  if (user && isLocked(user, input.now)) {
    await db.transaction((tx) => writeAudit(tx, ctx, failedEntry('locked', user)));
    throw new AppError(429, 'ACCOUNT_LOCKED', `连续登录失败次数过多，账号已锁定，请 ${minutesLeft(user, input.now)} 分钟后再试`);
  }
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok) {
    let next = null as null | ReturnType<typeof afterFailure>;
    await db.transaction(async (tx) => {
      if (user) {
        next = afterFailure(user, input.now);
        await tx.update(users).set(next).where(eq(users.id, user.id));
      }
      await writeAudit(tx, ctx, failedEntry(user ? 'bad_password' : 'unknown_user', user));
    });
    if (next && (next as { lockedUntil: Date | null }).lockedUntil) {
      throw new AppError(429, 'ACCOUNT_LOCKED', `连续 ${MAX_FAILED_LOGINS} 次登录失败，账号已锁定 15 分钟`);
    }
    throw new AppError(401, 'LOGIN_FAILED', '用户名或密码错误');
  }
  if (user.status !== 'active') {
    await db.transaction((tx) => writeAudit(tx, ctx, failedEntry('disabled', user)));
    throw new AppError(401, 'ACCOUNT_DISABLED', '账号已停用，请联系管理员');
  }
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: input.now })
      .where(eq(users.id, user.id));
    const session = await createSession(tx, user.id, input.ip, input.userAgent);
    const [unit] = await tx.select().from(units).where(eq(units.id, user.unitId));
    await writeAudit(
      tx,
      {
        actor: { id: user.id, displayName: user.displayName, districtId: user.districtId, unitId: unit.id, unitName: unit.name, unitPath: unit.path },
        ip: input.ip,
      },
      { action: 'login', objectType: 'session', objectId: user.id },
    );
    return { ...session, userId: user.id };
  });
}

export async function describeMe(db: Db, actor: Actor, csrfToken: string, idleTimeoutMinutes: number): Promise<Me> {
  const chain = await db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(inArray(units.id, pathIds(actor.unitPath)));
  const order = pathIds(actor.unitPath);
  const unitPath = order
    .map((id) => chain.find((u) => u.id === id))
    .filter((u): u is NonNullable<typeof u> => Boolean(u))
    .map((u) => ({ id: u.id, name: u.name, kind: u.kind as UnitKind }));
  return {
    user: { id: actor.id, username: actor.username, displayName: actor.displayName, mustChangePassword: actor.mustChangePassword },
    unit: { id: actor.unitId, name: actor.unitName, kind: actor.unitKind },
    unitPath,
    roles: actor.roles as RoleKey[],
    permissions: [...actor.permissions],
    scope: actor.scope,
    csrfToken,
    idleTimeoutMinutes,
  };
}

export async function changePassword(ctx: Ctx, currentPassword: string, newPassword: string, keepSessionId: string) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.actor.id));
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw badRequest('PASSWORD_WRONG', '当前密码不正确', [{ field: 'currentPassword', label: '当前密码', message: '当前密码不正确' }]);
  }
  const problems = passwordProblems(newPassword, user.username);
  if (currentPassword === newPassword) problems.push('新密码不能与当前密码相同');
  if (problems.length) {
    throw badRequest('PASSWORD_POLICY', `新密码：${problems.join('；')}`, problems.map((m) => ({ field: 'newPassword', label: '新密码', message: m })));
  }
  const hash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: ctx.now, updatedAt: ctx.now, version: sql`${users.version} + 1` })
      .where(eq(users.id, user.id));
    // Other sessions of this person end; the one that changed the password goes on.
    await deleteOtherSessions(tx, user.id, keepSessionId);
    await writeAudit(tx, ctx, { action: 'password_change', objectType: 'user', objectId: user.id });
  });
}
