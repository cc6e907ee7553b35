import type { FastifyRequest } from 'fastify';
import { shanghaiDate } from '../domain/dates.js';
import type { RoleTable } from '../domain/roles.js';
import type { Actor } from './access/access.js';
import type { AuditContext } from './audit/audit.js';
import type { Db } from './db/client.js';
import { AppError } from './errors.js';

/** What a service needs from a request: the database, who acts, from where, and the clock. */
export interface Ctx {
  db: Db;
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

export function ctxOf(req: FastifyRequest): Ctx {
  const { db, roleTable, now } = req.server.deps;
  return { db, actor: actorOf(req), ip: req.ip ?? null, roleTable, now: now() };
}

export function auditCtx(ctx: { actor: Actor | null; ip: string | null }): AuditContext {
  return { actor: ctx.actor, ip: ctx.ip };
}

/** Today's business date (Asia/Shanghai) on the request's clock. */
export const todayOf = (ctx: Pick<Ctx, 'now'>) => shanghaiDate(ctx.now);
