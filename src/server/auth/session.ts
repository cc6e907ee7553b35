import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { RoleKey, SafetyArea, UnitKind } from '../../contracts/enums.js';
import type { RoleTable } from '../../domain/roles.js';
import { buildActor, type Actor } from '../access/access.js';
import type { Executor } from '../db/client.js';
import { prepared, preparedOnce } from '../db/prepared.js';
import { sessions, units, userRoles, users } from '../db/schema.js';

export const SESSION_COOKIE = 'anxiao_sid';
export const CSRF_HEADER = 'x-csrf-token';
/**
 * How stale last_seen_at may get before a request writes it again. Writing it on every request would
 * turn every read into a write; but the time not written is idle time as far as the timeout can
 * tell, so it is kept to a tenth of the timeout (issue 11 item 7: with a 1-minute timeout and a fixed
 * 60 s, a person clicking every 50 s was logged out). Someone active at least every 90% of the
 * timeout is never logged out; at most once a minute for the usual timeouts of 10 minutes and up.
 */
export function touchAfterMs(idleMinutes: number): number {
  return Math.min(60_000, (idleMinutes * 60_000) / 10);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createSession(db: Executor, userId: number, ip: string | null, userAgent: string | null) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({ id: sha256(token), userId, csrfToken, ip, userAgent: userAgent?.slice(0, 300) ?? null });
  return { token, csrfToken };
}

export async function deleteSession(db: Executor, token: string) {
  await db.delete(sessions).where(eq(sessions.id, sha256(token)));
}

export async function deleteUserSessions(db: Executor, userId: number) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteOtherSessions(db: Executor, userId: number, keepSessionId: string) {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)));
}

export async function purgeIdleSessions(db: Executor, idleMinutes: number, now: Date) {
  await db.delete(sessions).where(lt(sessions.lastSeenAt, new Date(now.getTime() - idleMinutes * 60_000)));
}

export interface SessionLookup {
  actor: Actor;
  csrfToken: string;
  sessionId: string;
}

export type LookupResult = SessionLookup | 'none' | 'expired';

/** Finds the live session for a cookie token and the person behind it, in one query. */
export async function lookupSession(
  db: Executor,
  table: RoleTable,
  token: string,
  idleMinutes: number,
  now: Date,
): Promise<LookupResult> {
  const id = sha256(token);
  // Every request of a signed-in person runs this: built once, prepared (db/prepared.ts).
  const [row] = await preparedOnce(db, 'session-lookup', () =>
    db
      .select({
        csrfToken: sessions.csrfToken,
        lastSeenAt: sessions.lastSeenAt,
        userId: users.id,
        username: users.username,
        displayName: users.displayName,
        status: users.status,
        mustChangePassword: users.mustChangePassword,
        districtId: users.districtId,
        unitId: users.unitId,
        unitName: units.name,
        unitKind: units.kind,
        unitPath: units.path,
        unitAreas: units.areas,
        roles: sql<RoleKey[]>`coalesce((select array_agg(${userRoles.roleKey}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(eq(sessions.id, sql.placeholder('id'))),
    { id },
  );
  if (!row || row.status !== 'active') return 'none';
  const idleMs = now.getTime() - row.lastSeenAt.getTime();
  if (idleMs > idleMinutes * 60_000) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return 'expired';
  }
  if (idleMs > touchAfterMs(idleMinutes)) {
    await prepared(db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id)));
  }
  const actor = buildActor(table, {
    id: row.userId,
    username: row.username,
    displayName: row.displayName,
    districtId: row.districtId,
    unitId: row.unitId,
    unitName: row.unitName,
    unitKind: row.unitKind as UnitKind,
    unitPath: row.unitPath,
    unitAreas: row.unitAreas as SafetyArea[],
    roles: row.roles,
    mustChangePassword: row.mustChangePassword,
  });
  return { actor, csrfToken: row.csrfToken, sessionId: id };
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
