// Instance robustness (issue 18): scheduled jobs claimed once per interval across instances, their
// runs logged, and the login throttle counted in the database so every instance sees one count.
// Platform-wide, not tenant-owned: a job runs for every district at once and a throttle key is an
// address or a username before anyone is known.
import { bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per scheduled job: who may run it next, and when. */
export const jobs = pgTable('jobs', {
  name: text('name').primaryKey(),
  everyMs: integer('every_ms').notNull(),
  nextDue: timestamp('next_due', { withTimezone: true }).notNull(),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  lastResult: text('last_result'),
  // A claim holds the job until then: an instance that dies mid-run frees it when the lease runs out.
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lockedBy: text('locked_by'),
});

/** Every run of a scheduled job: which instance, when, how long, and how it ended. */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    job: text('job').notNull(),
    instance: text('instance').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    result: text('result').notNull(),
    error: text('error'),
  },
  (t) => [index('job_runs_started_idx').on(t.startedAt), index('job_runs_job_started_idx').on(t.job, t.startedAt)],
);

/** Login attempts per key (an address, or a username) in the current one-minute window. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});
