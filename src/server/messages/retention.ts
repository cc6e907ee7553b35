// Retention of messages out (issue 17): a district sending a few hundred reminders a day through
// several channels adds tens of thousands of outbox and log rows a month, which nobody reads after
// half a year. A daily job deletes the messages done with (delivered or given up) and the log's
// sends older than MESSAGES_RETENTION_DAYS. A message still waiting is never purged, however old:
// it is work, not history. The in-app reminders (notifications) are the people's own and stay.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import type { Job } from '../scheduler.js';

export const DEFAULT_MESSAGES_RETENTION_DAYS = 180;

type Rows<T> = { rows: T[] };

/** Deletes what is older than `days` before `now`; returns how many messages and log rows went. */
export async function purgeMessages(tx: Executor, now: Date, days: number): Promise<{ messages: number; attempts: number }> {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  const { rows } = (await tx.execute(sql`
    with m as (delete from message_outbox where status <> 'pending' and done_at < ${before}::timestamptz returning 1),
         a as (delete from message_attempts where at < ${before}::timestamptz returning 1)
    select (select count(*) from m)::int as messages, (select count(*) from a)::int as attempts`)) as unknown as Rows<{ messages: number; attempts: number }>;
  return { messages: Number(rows[0]?.messages ?? 0), attempts: Number(rows[0]?.attempts ?? 0) };
}

/** The daily job, once across instances (scheduler.ts). */
export function purgeMessagesJob(days: number, log: (counts: { messages: number; attempts: number }) => void): Job {
  return {
    name: 'purge-messages',
    everyMs: 24 * 60 * 60_000,
    firstAfterMs: 15 * 60_000,
    run: async (tx) => {
      const counts = await purgeMessages(tx, new Date(), days);
      if (counts.messages || counts.attempts) log(counts);
    },
  };
}
