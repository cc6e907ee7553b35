import { and, asc, count, desc, eq, gt, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { auditFilter, auditListQuery, auditPage, type AuditEvent } from '../../contracts/audit.js';
import { auditActionLabels, auditObjectTypeLabels, type AuditAction, type AuditObjectType } from '../../contracts/enums.js';
import { auditScope, requireAccess, type Actor } from '../access/access.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { auditEvents } from '../db/schema.js';
import { beijingTime, inBatches, sendXlsx, type Column } from '../excel.js';
import { writeAudit } from './audit.js';
import { containing } from '../db/like.js';

type Row = typeof auditEvents.$inferSelect;
const tags = ['audit'];

/** A calendar day in Beijing time as the instant it starts. */
const beijingDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

function auditWhere(actor: Actor, q: z.infer<typeof auditFilter>): SQL {
  const conds: Array<SQL | undefined> = [auditScope(actor)];
  if (q.action) conds.push(eq(auditEvents.action, q.action));
  if (q.objectType) conds.push(eq(auditEvents.objectType, q.objectType));
  if (q.objectId) conds.push(eq(auditEvents.objectId, q.objectId));
  if (q.actorId) conds.push(eq(auditEvents.actorId, q.actorId));
  if (q.result) conds.push(eq(auditEvents.result, q.result));
  if (q.q) {
    const pattern = containing(q.q);
    conds.push(or(ilike(auditEvents.actorName, pattern), ilike(auditEvents.objectId, pattern), ilike(auditEvents.actorUnitName, pattern)));
  }
  if (q.from) conds.push(gte(auditEvents.at, beijingDayStart(q.from)));
  if (q.to) conds.push(lt(auditEvents.at, new Date(beijingDayStart(q.to).getTime() + 86_400_000)));
  return and(...conds)!;
}

function present(r: Row): AuditEvent {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorName: r.actorName,
    actorUnitId: r.actorUnitId,
    actorUnitName: r.actorUnitName,
    action: r.action as AuditAction,
    objectType: r.objectType as AuditObjectType,
    objectId: r.objectId,
    before: r.before ?? null,
    after: r.after ?? null,
    result: r.result as AuditEvent['result'],
    ip: r.ip,
  };
}

const exportColumns: Column<Row>[] = [
  { header: '序号', width: 10, value: (r) => r.id },
  { header: '时间（北京时间）', width: 20, value: (r) => beijingTime(r.at) },
  { header: '操作人', value: (r) => r.actorName },
  { header: '操作人单位', width: 24, value: (r) => r.actorUnitName },
  { header: '操作', width: 10, value: (r) => auditActionLabels[r.action as AuditAction] ?? r.action },
  { header: '对象类型', width: 10, value: (r) => auditObjectTypeLabels[r.objectType as AuditObjectType] ?? r.objectType },
  { header: '对象编号', width: 10, value: (r) => r.objectId },
  { header: '结果', width: 8, value: (r) => (r.result === 'success' ? '成功' : '失败') },
  { header: '客户端 IP', value: (r) => r.ip },
  { header: '变更前', width: 40, value: (r) => (r.before ? JSON.stringify(r.before) : '') },
  { header: '变更后', width: 40, value: (r) => (r.after ? JSON.stringify(r.after) : '') },
  { header: '哈希', width: 20, value: (r) => r.hash },
];

export default async function auditRoutes(app: App) {
  app.get('/audit-events', { schema: { tags, summary: '审计日志', querystring: auditListQuery, response: { 200: auditPage } } }, async (req) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'audit.read');
    const where = auditWhere(ctx.actor, req.query);
    const { page, pageSize } = req.query;
    const [rows, [{ total }]] = await Promise.all([
      ctx.db
        .select()
        .from(auditEvents)
        .where(where)
        .orderBy(desc(auditEvents.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      ctx.db.select({ total: count() }).from(auditEvents).where(where),
    ]);
    return { items: rows.map(present), total, page, pageSize };
  });

  app.get('/audit-events/export', { schema: { tags, summary: '导出审计日志（Excel）', querystring: auditFilter } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'audit.read');
    const where = auditWhere(ctx.actor, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'audit_event', after: { filter: req.query } }));
    const fetch = (afterId: number, limit: number) =>
      ctx.db.select().from(auditEvents).where(and(where, gt(auditEvents.id, afterId))).orderBy(asc(auditEvents.id)).limit(limit);
    return sendXlsx(reply, '审计日志.xlsx', '审计日志', exportColumns, inBatches(fetch));
  });
}
