import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import { jobLabels, jobList, jobRunListQuery, jobRunPage, type JobInfo, type JobRun } from '../../contracts/cluster.js';
import { requireAccess } from '../access/access.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { jobRuns, jobs } from '../db/schema.js';

const tags = ['system'];
const labelOf = (name: string) => jobLabels[name] ?? name;

// The platform's scheduled jobs (issue 18): not any district's records, so the permission alone
// decides; nothing here names a unit or a person.
export default async function jobRoutes(app: App) {
  app.get('/system/jobs', { schema: { tags, summary: '定时任务', response: { 200: jobList } } }, async (req) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'system.jobs.read');
    const rows = await ctx.db.select().from(jobs).orderBy(asc(jobs.name));
    const now = ctx.now;
    const items: JobInfo[] = rows.map((r) => ({
      name: r.name,
      label: labelOf(r.name),
      everyMs: r.everyMs,
      nextDue: r.nextDue.toISOString(),
      lastStartedAt: r.lastStartedAt?.toISOString() ?? null,
      lastFinishedAt: r.lastFinishedAt?.toISOString() ?? null,
      lastResult: r.lastResult === 'ok' || r.lastResult === 'failed' ? r.lastResult : null,
      runningOn: r.lockedBy && r.lockedUntil && r.lockedUntil > now ? r.lockedBy : null,
    }));
    return { items };
  });

  app.get('/system/job-runs', { schema: { tags, summary: '定时任务运行记录', querystring: jobRunListQuery, response: { 200: jobRunPage } } }, async (req) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'system.jobs.read');
    const { job, result, page, pageSize } = req.query;
    const conds: SQL[] = [];
    if (job) conds.push(eq(jobRuns.job, job));
    if (result) conds.push(eq(jobRuns.result, result));
    const where = conds.length ? and(...conds) : undefined;
    const [rows, [{ total }]] = await Promise.all([
      ctx.db.select().from(jobRuns).where(where).orderBy(desc(jobRuns.id)).limit(pageSize).offset((page - 1) * pageSize),
      ctx.db.select({ total: count() }).from(jobRuns).where(where),
    ]);
    const items: JobRun[] = rows.map((r) => ({
      id: r.id,
      job: r.job,
      label: labelOf(r.job),
      instance: r.instance,
      startedAt: r.startedAt.toISOString(),
      durationMs: r.durationMs,
      result: r.result === 'failed' ? 'failed' : 'ok',
      error: r.error,
    }));
    return { items, total, page, pageSize };
  });
}
