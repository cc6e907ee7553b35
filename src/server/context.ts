import type { FastifyRequest } from 'fastify';
import { shanghaiDate } from '../domain/dates.js';
import type { RoleTable } from '../domain/roles.js';
import { actorOf } from './app.js';
import type { Actor } from './access/access.js';
import type { AuditContext } from './audit/audit.js';
import type { Db } from './db/client.js';

/** What a service needs from a request: the database, who acts, from where, and the clock. */
export interface Ctx {
  db: Db;
  actor: Actor;
  ip: string | null;
  roleTable: RoleTable;
  now: Date;
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
