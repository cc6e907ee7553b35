import { sql } from 'drizzle-orm';
import type { Database, Executor } from './db/client.js';

export interface Job {
  name: string;
  everyMs: number;
  /** A first run this soon after start (else the first run is after everyMs). */
  firstAfterMs?: number;
  /** Runs inside the transaction that holds the job's lock (PGlite has one connection). */
  run: (tx: Executor) => Promise<void>;
}

// Each job holds a PostgreSQL advisory lock while it runs, so with many instances exactly one runs it.
const lockKey = (name: string) => [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);

export function startScheduler(database: Database, jobs: Job[], log: (msg: string, err?: unknown) => void) {
  const runs = jobs.map((job) => async () => {
    try {
      await database.db.transaction(async (tx) => {
        const { rows } = (await tx.execute(sql`select pg_try_advisory_xact_lock(${lockKey(job.name)}) as got`)) as unknown as {
          rows: Array<{ got: boolean }>;
        };
        if (rows[0]?.got) await job.run(tx);
      });
    } catch (err) {
      log(`scheduled job ${job.name} failed`, err);
    }
  });
  const timers = jobs.map((job, i) => setInterval(runs[i], job.everyMs).unref());
  const firsts = jobs.flatMap((job, i) => (job.firstAfterMs === undefined ? [] : [setTimeout(runs[i], job.firstAfterMs).unref()]));
  return () => {
    timers.forEach(clearInterval);
    firsts.forEach(clearTimeout);
  };
}
