import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { AppError } from '../errors.js';

// Issue 18: the login throttle is counted in PostgreSQL, so N instances behind a load balancer
// share one count (it used to be per process: two instances let twice as many guesses through).
// Keyed on the client address and on the username: many addresses guessing one account are held
// back as well as one address guessing many. Fixed one-minute windows, one upsert per key.

const WINDOW_MS = 60_000;

export const TOO_MANY_LOGINS_MESSAGE = '登录尝试过于频繁，请一分钟后再试';

/** The keys an attempt counts against: its address and the username tried (case as accounts compare it). */
export const throttleKeys = (ip: string | null, username: string) => [`ip:${ip ?? 'unknown'}`, `user:${username.trim().toLowerCase()}`];

/**
 * Counts one login attempt against each key; throws 429 (with the seconds left in the window) once
 * any key is over `max` in the current minute. The count and the check are one statement, so
 * parallel attempts on any instance see each other.
 */
export async function countLoginAttempt(db: Executor, keys: string[], max: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  const at = sql`${windowStart.toISOString()}::timestamptz`;
  let over = false;
  for (const key of keys) {
    const { rows } = (await db.execute(sql`
      insert into login_throttle (key, window_start, count) values (${key}, ${at}, 1)
      on conflict (key) do update set
        count = case when login_throttle.window_start = excluded.window_start then login_throttle.count + 1 else 1 end,
        window_start = excluded.window_start
      returning count`)) as unknown as { rows: Array<{ count: number }> };
    if (Number(rows[0]?.count) > max) over = true;
  }
  if (over) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000));
    throw new AppError(429, 'TOO_MANY_REQUESTS', TOO_MANY_LOGINS_MESSAGE, { retryAfter });
  }
}

/** Forgets windows long past (a scheduled job): the table holds only keys seen in the last hour. */
export async function purgeLoginThrottle(db: Executor, now: Date): Promise<void> {
  await db.execute(sql`delete from login_throttle where window_start < ${new Date(now.getTime() - 60 * 60_000).toISOString()}::timestamptz`);
}
