// Issue 18 item 3: N instances run each scheduled job once per interval, and every run is logged.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from './db/client.js';
import { startScheduler, type Job } from './scheduler.js';
import { freshDatabase } from './test/harness.js';

let database: Database & { superuserUrl?: string };
let other: Database | null = null;

beforeAll(async () => {
  database = await freshDatabase();
  // On PostgreSQL the second instance has its own pool; PGlite is one process with one connection.
  other = database.superuserUrl ? await openPostgres(database.superuserUrl, 3) : null;
});
afterAll(async () => {
  await other?.close();
  await database?.close();
});

type Run = { job: string; instance: string; started_at: Date | string; result: string; error: string | null };
const runsOf = async (job: string) =>
  ((await database.db.execute(sql`select job, instance, started_at, result, error from job_runs where job = ${job} order by started_at`)) as unknown as { rows: Run[] }).rows;

describe('scheduler across instances', () => {
  it('runs a job once per interval with two schedulers on one database, and logs each run', async () => {
    const everyMs = 400;
    const seen: string[] = [];
    const job = (instance: string): Job => ({ name: 'test-once', everyMs, firstAfterMs: 0, run: async () => void seen.push(instance) });
    const log = () => {};
    const t0 = Date.now();
    const a = startScheduler(database, [job('a')], log, { tickMs: 25, instance: 'a' });
    const b = startScheduler(other ?? database, [job('b')], log, { tickMs: 25, instance: 'b' });
    await new Promise((r) => setTimeout(r, 5 * everyMs + 150));
    a();
    b();
    await Promise.all([a.drain(), b.drain()]);
    const elapsed = Date.now() - t0;
    const runs = await runsOf('test-once');
    // Once per interval: one at the start, then one per interval passed; per instance it would be twice that.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(Math.floor(elapsed / everyMs) + 1);
    expect(seen.length).toBe(runs.length);
    // No two runs closer than the interval (a small allowance for the two clocks' reading of it).
    const starts = runs.map((r) => new Date(r.started_at).getTime());
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(everyMs - 50);
    expect(runs.every((r) => r.result === 'ok' && r.error === null)).toBe(true);
  });

  it('logs a failed run with its error, frees the job and keeps to the schedule', async () => {
    const stop = startScheduler(
      database,
      [{ name: 'test-fails', everyMs: 60_000, firstAfterMs: 0, run: async () => { throw new Error('磁盘已满'); } }],
      () => {},
      { tickMs: 20, instance: 'c' },
    );
    for (let i = 0; i < 200 && (await runsOf('test-fails')).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    await stop.drain();
    const runs = await runsOf('test-fails');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ instance: 'c', result: 'failed', error: '磁盘已满' });
    const { rows } = (await database.db.execute(
      sql`select last_result, locked_by, next_due > now() + interval '50 seconds' as later from jobs where name = 'test-fails'`,
    )) as unknown as { rows: Array<{ last_result: string; locked_by: string | null; later: boolean }> };
    expect(rows[0]).toEqual({ last_result: 'failed', locked_by: null, later: true });
  });

  it('does not run a job another instance holds until its lease runs out', async () => {
    await database.db.execute(sql`
      insert into jobs (name, every_ms, next_due, locked_by, locked_until) values ('test-leased', 1000, now() - interval '1 second', 'gone', now() + interval '1 hour')`);
    let ran = 0;
    const stop = startScheduler(database, [{ name: 'test-leased', everyMs: 1000, run: async () => void ran++ }], () => {}, { tickMs: 20, instance: 'd' });
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toBe(0);
    // The instance holding it died: the lease runs out and the job is due again.
    await database.db.execute(sql`update jobs set locked_until = now() - interval '1 second' where name = 'test-leased'`);
    for (let i = 0; i < 100 && ran === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await stop.drain();
    expect(ran).toBe(1);
  });
});
