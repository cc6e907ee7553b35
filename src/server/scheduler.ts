import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from './db/client.js';

export interface Job {
  name: string;
  everyMs: number;
  /** A first run this soon after start (else the first run is when the job is next due). */
  firstAfterMs?: number;
  /**
   * Runs inside the transaction that holds the job's lock (PGlite has one connection). What it
   * returns runs after that transaction commits, in the same run: slow work (an HTTP request) that
   * must not hold a transaction open, on what the transaction claimed (issue 17's outbox).
   */
  run: (tx: Executor) => Promise<void | (() => Promise<void>)>;
}

export interface SchedulerOptions {
  /** How often this instance looks for due jobs; a job runs at most this late. */
  tickMs?: number;
  /** Names this instance in job_runs (default: host, process id and a random tag). */
  instance?: string;
}

type Rows<T> = { rows: T[] };

// Issue 18: with N instances each job must run once per interval, not once per instance. The
// `jobs` table holds each job's next due time; an instance claims a due run with one UPDATE
// (… WHERE next_due <= now() … RETURNING), which moves next_due on by the interval, so whichever
// instance's UPDATE comes second finds nothing due. The database's clock decides, not each
// instance's. The claim also leases the job: an instance that dies mid-run frees it when the lease
// runs out. The advisory lock still keeps a run that outlives its lease from overlapping the next.
const lockKey = (name: string) => [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
// A run's error is kept short: it is shown to the administrator, not a place for stack traces.
const errorText = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 500);

export function startScheduler(database: Database, jobs: Job[], log: (msg: string, err?: unknown) => void, opts: SchedulerOptions = {}) {
  const { db } = database;
  const instance = opts.instance ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const tickMs = opts.tickMs ?? 1000;
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const running = new Set<string>();
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  // Each instance announces its jobs; one already known keeps its schedule (another instance's),
  // except that a first run soon after start is brought forward, though never to less than one
  // interval after the last run (N instances started together: one run).
  // Once per scheduler, shared by the ticks that start meanwhile; retried by the next tick after a
  // failure (the database may be away when the instance starts).
  let registered: Promise<void> | null = null;
  const register = () =>
    (registered ??= (async () => {
      for (const job of jobs) {
        const firstMs = job.firstAfterMs ?? job.everyMs;
        await db.execute(sql`
          insert into jobs (name, every_ms, next_due) values (${job.name}, ${job.everyMs}, now() + ${firstMs} * interval '1 millisecond')
          on conflict (name) do update set every_ms = excluded.every_ms,
            next_due = case when ${job.firstAfterMs !== undefined}
              then least(jobs.next_due, greatest(excluded.next_due, coalesce(jobs.last_started_at + excluded.every_ms * interval '1 millisecond', excluded.next_due)))
              else jobs.next_due end`);
      }
    })().catch((err) => {
      registered = null;
      throw err;
    }));

  const runOne = async (job: Job) => {
    const started = Date.now();
    let result: 'ok' | 'failed' | 'skipped' = 'ok';
    let error: string | null = null;
    try {
      const after = await db.transaction(async (tx) => {
        const { rows } = (await tx.execute(sql`select pg_try_advisory_xact_lock(${lockKey(job.name)}) as got`)) as unknown as Rows<{ got: boolean }>;
        if (!rows[0]?.got) {
          result = 'skipped';
          return;
        }
        return job.run(tx);
      });
      if (typeof after === 'function') await after();
    } catch (err) {
      result = 'failed';
      error = errorText(err);
      log(`scheduled job ${job.name} failed`, err);
    }
    const durationMs = Date.now() - started;
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql`
          update jobs set locked_until = null, locked_by = null, last_finished_at = now(),
            last_result = ${result === 'skipped' ? null : result}
          where name = ${job.name} and locked_by = ${instance}`);
        if (result !== 'skipped') {
          await tx.execute(sql`
            insert into job_runs (job, instance, started_at, duration_ms, result, error)
            values (${job.name}, ${instance}, ${new Date(started).toISOString()}::timestamptz, ${durationMs}, ${result}, ${error})`);
        }
      });
    } catch (err) {
      // The database went away after the run: the lease frees the job in time, and the next tick tries again.
      log(`scheduled job ${job.name}: recording the run failed`, err);
    }
  };

  const tick = async () => {
    if (stopped) return;
    const idle = jobs.filter((j) => !running.has(j.name)).map((j) => j.name);
    if (idle.length === 0) return;
    let claimed: string[];
    try {
      await register();
      const names = sql.join(idle.map((n) => sql`${n}`), sql`, `);
      const { rows } = (await db.execute(sql`
        update jobs set next_due = now() + every_ms * interval '1 millisecond', last_started_at = now(), locked_by = ${instance},
          locked_until = now() + greatest(2 * every_ms, ${15 * 60_000}) * interval '1 millisecond'
        where name in (${names}) and next_due <= now() and (locked_until is null or locked_until <= now())
        returning name`)) as unknown as Rows<{ name: string }>;
      claimed = rows.map((r) => r.name);
    } catch (err) {
      log('scheduler: looking for due jobs failed', err);
      return;
    }
    for (const name of claimed) {
      const job = byName.get(name)!;
      running.add(name);
      const p = runOne(job).finally(() => running.delete(name));
      inFlight = Promise.all([inFlight, p]);
    }
  };

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  const firstTick = setTimeout(() => void tick(), Math.min(tickMs, 50));
  firstTick.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    clearTimeout(firstTick);
  };
  /** Stops claiming and waits for the runs under way (a graceful stop). */
  stop.drain = async () => {
    stop();
    await inFlight;
  };
  return stop;
}

/** How long the runs of scheduled jobs are kept for the administrator's 定时任务 page. */
export const JOB_RUNS_KEPT_DAYS = 30;

/**
 * Forgets runs older than JOB_RUNS_KEPT_DAYS (a scheduled job itself): about fifteen jobs every few
 * minutes add some 3,000 rows a day, which nobody reads after a month (issue 18).
 */
export async function pruneJobRuns(db: Executor, now: Date): Promise<number> {
  const before = new Date(now.getTime() - JOB_RUNS_KEPT_DAYS * 86_400_000).toISOString();
  const { rows } = (await db.execute(sql`with gone as (delete from job_runs where started_at < ${before}::timestamptz returning 1) select count(*)::int as n from gone`)) as unknown as Rows<{ n: number }>;
  return Number(rows[0]?.n ?? 0);
}
