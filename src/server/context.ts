import type { FastifyRequest } from 'fastify';
import { shanghaiDate } from '../domain/dates.js';
import type { RoleTable } from '../domain/roles.js';
import type { Actor } from './access/access.js';
import type { AuditContext } from './audit/audit.js';
import { inTransaction, type Db } from './db/client.js';
import { AppError } from './errors.js';

/** What a service needs from a request: the database, who acts, from where, and the clock. */
export interface Ctx {
  db: Db;
  /**
   * Where this request's pure reads may go (`readDb`): the read replica for a GET outside the
   * person's read-after-write window; absent: the primary (`db`).
   */
  reads?: Db;
  actor: Actor;
  ip: string | null;
  roleTable: RoleTable;
  now: Date;
}

/**
 * The signed-in person; routes behind the auth hook always have one. Lives here, below the routes,
 * and not in app.ts: a module that app.ts imports must not import app.ts back (ARCHITECTURE.md).
 */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError(401, 'UNAUTHENTICATED', '请先登录');
  return req.actor;
}

/**
 * The cookie that keeps a person's reads on the primary after their write (issue 18): its value is
 * the time (ms since the epoch) until which they do. A cookie rather than the session row: it travels
 * with the person's next request to whichever instance gets it, and costs no write beside the write.
 */
export const READ_AFTER_WRITE_COOKIE = 'anxiao_rw';

/** Whether the request is a read (GET, HEAD) outside its person's read-after-write window. */
function mayReadFromReplica(req: FastifyRequest, now: Date): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const until = Number(req.cookies?.[READ_AFTER_WRITE_COOKIE]);
  return !(Number.isFinite(until) && until > now.getTime());
}

export function ctxOf(req: FastifyRequest): Ctx {
  const { db, database, roleTable, now } = req.server.deps;
  const at = now();
  // A write request's reads stay on the primary: its answer reads what it just wrote.
  const reads = database.reads !== db && mayReadFromReplica(req, at) ? database.reads : undefined;
  return { db, ...(reads ? { reads } : {}), actor: actorOf(req), ip: req.ip ?? null, roleTable, now: at };
}

/** The context with `db` the read handle (`readDb`): for a service that only reads (a list, figures). */
export function forReads(ctx: Ctx): Ctx {
  return { ...ctx, db: readDb(ctx) };
}

/**
 * The handle for a pure read of this request: the replica when `ctxOf` allowed it, else `ctx.db`.
 * Inside a transaction (`{ ...ctx, db: tx }`) always the transaction: what a write reads stays with it.
 */
export function readDb(ctx: Pick<Ctx, 'db' | 'reads'>): Db {
  return ctx.reads && !inTransaction(ctx.db) ? ctx.reads : ctx.db;
}

export function auditCtx(ctx: { actor: Actor | null; ip: string | null }): AuditContext {
  return { actor: ctx.actor, ip: ctx.ip };
}

/** Today's business date (Asia/Shanghai) on the request's clock. */
export const todayOf = (ctx: Pick<Ctx, 'now'>) => shanghaiDate(ctx.now);
