import { sql } from 'drizzle-orm';
import type { Database, Executor } from './db/client.js';

export interface Job {
  name: string;
  everyMs: number;
  /** Runs inside the transaction that holds the job's lock (PGlite has one connection). */
  run: (tx: Executor) => Promise<void>;
}

// Each job holds a PostgreSQL advisory lock while it runs, so with many instances exactly one runs it.
const lockKey = (name: string) => [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);

export function startScheduler(database: Database, jobs: Job[], log: (msg: string, err?: unknown) => void) {
  const timers = jobs.map((job) =>
    setInterval(async () => {
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
    }, job.everyMs).unref(),
  );
  return () => timers.forEach(clearInterval);
}
