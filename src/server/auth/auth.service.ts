import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Me } from '../../contracts/auth.js';
import type { RoleKey, UnitKind } from '../../contracts/enums.js';
import { LOCK_MINUTES, MAX_FAILED_LOGINS, minutesLeft, type LoginState } from '../../domain/lockout.js';
import { nextPasswordHistory, PASSWORD_HISTORY, passwordProblems } from '../../domain/password.js';
import { pathIds } from '../../domain/units.js';
import type { Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { preparedOnce } from '../db/prepared.js';
import { units, users } from '../db/schema.js';
import { AppError, badRequest, conflict } from '../errors.js';
import { loginStateOf, lockedBy, releaseAttempt, reserveAttempt } from './attempts.js';
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
  const ctx = { actor: null, ip: input.ip };
  const failedEntry = (reason: string, u?: { id: number; districtId: number }) => ({
    action: 'login_failed' as const,
    objectType: 'session' as const,
    objectId: u?.id ?? null,
    districtId: u?.districtId ?? null,
    actorName: input.username,
    after: { username: input.username, reason },
    result: 'failure' as const,
  });
  const refuseLocked = async (u: LoginState & { id: number; districtId: number }): Promise<never> => {
    await db.transaction((tx) => writeAudit(tx, ctx, failedEntry('locked', u)));
    throw lockedError(u, input.now);
  };

  const match = sql`lower(${users.username}) = lower(${input.username})`;
  // The attempt is counted before the password is checked (see attempts.ts).
  const reservation = await reserveAttempt(db, match, input.now);
  if (!reservation) {
    const state = await loginStateOf(db, match);
    if (state) await refuseLocked(state);
    // Spend the time of a real check, so an unknown user does not answer faster.
    await verifyPassword(null, input.password);
    await db.transaction((tx) => writeAudit(tx, ctx, failedEntry('unknown_user')));
    throw new AppError(401, 'LOGIN_FAILED', '用户名或密码错误');
  }
  const { user } = reservation;
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await db.transaction((tx) => writeAudit(tx, ctx, failedEntry('bad_password', user)));
    if (lockedBy(reservation)) {
      throw new AppError(429, 'ACCOUNT_LOCKED', `连续 ${MAX_FAILED_LOGINS} 次登录失败，账号已锁定 ${LOCK_MINUTES} 分钟`);
    }
    throw new AppError(401, 'LOGIN_FAILED', '用户名或密码错误');
  }
  if (user.status !== 'active') {
    await releaseAttempt(db, reservation, input.now);
    await db.transaction((tx) => writeAudit(tx, ctx, failedEntry('disabled', user)));
    throw new AppError(401, 'ACCOUNT_DISABLED', '账号已停用，请联系管理员');
  }
  // A parallel burst of wrong passwords may have locked the account while this one was checked.
  if (!(await releaseAttempt(db, reservation, input.now, { lastLoginAt: input.now }))) {
    await refuseLocked((await loginStateOf(db, eq(users.id, user.id))) ?? user);
  }
  return db.transaction(async (tx) => {
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

function lockedError(state: LoginState, now: Date) {
  return new AppError(429, 'ACCOUNT_LOCKED', `连续登录失败次数过多，账号已锁定，请 ${Math.max(1, minutesLeft(state, now))} 分钟后再试`);
}

export async function describeMe(db: Db, actor: Actor, csrfToken: string, idleTimeoutMinutes: number): Promise<Me> {
  // Every page load asks who is signed in: built once, prepared, the chain's ids one array (db/prepared.ts).
  const order = pathIds(actor.unitPath);
  const chain = await preparedOnce(
    db,
    'me-unit-chain',
    () => db.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(sql`${units.id} = any(${sql.placeholder('ids')}::int[])`),
    { ids: order },
  );
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
  const me = eq(users.id, ctx.actor.id);
  // The current password is a password guess like a login's, and counts toward the same lockout
  // (issue 11 item 3): a locked account cannot change its password either.
  const reservation = await reserveAttempt(ctx.db, me, ctx.now);
  if (!reservation) throw lockedError((await loginStateOf(ctx.db, me))!, ctx.now);
  const { user } = reservation;
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    if (lockedBy(reservation)) {
      throw new AppError(429, 'ACCOUNT_LOCKED', `连续 ${MAX_FAILED_LOGINS} 次密码错误，账号已锁定 ${LOCK_MINUTES} 分钟`);
    }
    throw badRequest('PASSWORD_WRONG', '当前密码不正确', [{ field: 'currentPassword', label: '当前密码', message: '当前密码不正确' }]);
  }
  if (!(await releaseAttempt(ctx.db, reservation, ctx.now))) throw lockedError((await loginStateOf(ctx.db, me))!, ctx.now);

  const problems = passwordProblems(newPassword, user.username);
  if (problems.length) {
    throw badRequest('PASSWORD_POLICY', `新密码：${problems.join('；')}`, problems.map((m) => ({ field: 'newPassword', label: '新密码', message: m })));
  }
  // The current password and the earlier ones kept (issue 11 item 7).
  const recent = [user.passwordHash, ...user.passwordHistory].filter((h): h is string => Boolean(h));
  const reused = await Promise.all(recent.map((h) => verifyPassword(h, newPassword)));
  if (reused.some(Boolean)) {
    const message = `新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`;
    throw badRequest('PASSWORD_REUSED', message, [{ field: 'newPassword', label: '新密码', message }]);
  }

  const hash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    const changed = await tx
      .update(users)
      .set({
        passwordHash: hash,
        passwordHistory: nextPasswordHistory(user.passwordHash, user.passwordHistory),
        mustChangePassword: false,
        passwordChangedAt: ctx.now,
        updatedAt: ctx.now,
        version: sql`${users.version} + 1`,
      })
      // Only over the password checked above: a change made in between keeps its history entry.
      .where(and(me, user.passwordHash === null ? isNull(users.passwordHash) : eq(users.passwordHash, user.passwordHash)))
      .returning({ id: users.id });
    if (!changed.length) throw conflict('PASSWORD_CHANGED', '密码刚刚已被修改，请重新输入当前密码');
    // Other sessions of this person end; the one that changed the password goes on.
    await deleteOtherSessions(tx, user.id, keepSessionId);
    await writeAudit(tx, ctx, { action: 'password_change', objectType: 'user', objectId: user.id });
  });
}
