import { and, eq, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { LOCK_MINUTES, MAX_FAILED_LOGINS, type LoginState } from '../../domain/lockout.js';
import type { Executor } from '../db/client.js';
import { users } from '../db/schema.js';

// Password attempts (a login, or the current password when changing it) are counted in the users
// row itself, by single UPDATE statements, so that parallel attempts on any number of instances see
// each other (issue 11 item 3: the count used to be read, argon2 run, and the count written back, and
// 25 parallel guesses all counted as the first). An attempt is reserved before argon2 runs: it counts
// as a failure from the start and stays one unless the password turns out right. The reservation
// that reaches MAX_FAILED_LOGINS locks the account; while locked, nothing can be reserved, so no
// password, right or wrong, is even checked until the lock runs out.

export type User = typeof users.$inferSelect;

export interface Reservation {
  user: User;
  /** The place of this attempt in the count: 1 is the first since the last success or lock. */
  place: number;
}

const notLocked = (now: Date) => or(isNull(users.lockedUntil), lte(users.lockedUntil, now));
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Reserves one attempt on the person matched by `match`, atomically. Null when nobody
 * matches or the account is locked (tell them apart with loginStateOf).
 */
export async function reserveAttempt(db: Executor, match: SQL, now: Date): Promise<Reservation | null> {
  // A lock that has run out starts a fresh count.
  const before = sql`(case when ${users.lockedUntil} <= ${at(now)} then 0 else ${users.failedLoginCount} end)`;
  const lockEnd = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  const [user] = await db
    .update(users)
    .set({
      failedLoginCount: sql`${before} + 1`,
      lockedUntil: sql`case when ${before} + 1 >= ${MAX_FAILED_LOGINS} then ${at(lockEnd)} else null end`,
    })
    .where(and(match, notLocked(now)))
    .returning();
  return user ? { user, place: user.failedLoginCount } : null;
}

/**
 * The password was right: the count starts again, unless the account was locked meanwhile by the
 * other attempts of a parallel burst. The lock this attempt's own reservation set (it was the
 * last allowed one) is lifted, as it would be one at a time: four failures and then the right
 * password signs in. False when the account is locked.
 */
export async function releaseAttempt(db: Executor, r: Reservation, now: Date, extra: Partial<User> = {}): Promise<boolean> {
  const own = r.user.lockedUntil
    ? and(eq(users.failedLoginCount, r.place), eq(users.lockedUntil, r.user.lockedUntil))
    : undefined;
  const rows = await db
    .update(users)
    .set({ ...extra, failedLoginCount: 0, lockedUntil: null })
    .where(and(eq(users.id, r.user.id), own ? or(notLocked(now), own) : notLocked(now)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** The lock state of the person matched, or undefined when nobody matches. */
export async function loginStateOf(db: Executor, match: SQL): Promise<(LoginState & { id: number; districtId: number }) | undefined> {
  const [row] = await db
    .select({ id: users.id, districtId: users.districtId, failedLoginCount: users.failedLoginCount, lockedUntil: users.lockedUntil })
    .from(users)
    .where(match);
  return row;
}

/** The failed attempt locked the account (it was the last one allowed). */
export const lockedBy = (r: Reservation) => r.place >= MAX_FAILED_LOGINS;
