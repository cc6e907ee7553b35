// In-app reminders: assigned to you, deadline in 3 days, overdue, sent back, extension decided …
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { NotificationKind } from '../../contracts/enums.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { anyOfPlaceholder, preparedOnce, preparedSql } from '../db/prepared.js';
import { notifications, userRoles, users } from '../db/schema.js';
import { notFound } from '../errors.js';
import { outboxInsert } from './outbox.js';

export interface Reminder {
  kind: NotificationKind;
  title: string;
  link?: string | null;
  /** A reminder with a key reaches each person once; a scheduled job may run again harmlessly. */
  dedupeKey?: string | null;
}

export async function notify(tx: Executor, districtId: number, userIds: number[], r: Reminder): Promise<void> {
  const to = [...new Set(userIds)];
  if (!to.length) return;
  const ids = sql`${`{${to.join(',')}}`}::int[]`;
  const reminder = { kind: r.kind, title: r.title, link: r.link ?? null, dedupeKey: r.dedupeKey ?? null };
  // Part of every signed step: one prepared statement (db/prepared.ts), the in-app reminders and the
  // same reminder out through the channels of the people's units (issue 17), in this transaction.
  await preparedSql(
    tx,
    sql`with reminded as (
      insert into notifications (district_id, user_id, kind, title, link, dedupe_key)
      select ${districtId}::int, u, ${reminder.kind}::text, ${reminder.title}::text, ${reminder.link}::text, ${reminder.dedupeKey}::text from unnest(${ids}) u
      on conflict do nothing
    ) ${outboxInsert(districtId, ids, reminder)}`,
  );
}

/** Who at a school hears about its hazards when nobody is named: its principals and safety officers. */
export async function schoolContacts(tx: Executor, schoolId: number): Promise<number[]> {
  const rows = await preparedOnce(
    tx,
    'school-contacts',
    () =>
      tx
        .selectDistinct({ id: users.id })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(users.unitId, sql.placeholder('schoolId')), eq(users.status, 'active'), inArray(userRoles.roleKey, ['principal', 'school_safety_officer']))),
    { schoolId },
  );
  return rows.map((r) => r.id);
}

/**
 * Reminders that asked these people for a step on a record are read once the step no longer waits
 * on them (issue 17: 待您查验 stayed unread after the fix had been accepted). `kinds` narrows it
 * to the reminders the step answered; without it every reminder about the record is settled.
 */
export async function settleReminders(tx: Executor, at: Date, userIds: number[], link: string, kinds?: NotificationKind[]): Promise<void> {
  const to = [...new Set(userIds)];
  if (!to.length) return;
  await preparedOnce(
    tx,
    kinds ? 'settle-reminders:kinds' : 'settle-reminders',
    () =>
      tx
        .update(notifications)
        .set({ readAt: sql`${sql.placeholder('at')}::timestamptz` })
        .where(
          and(
            anyOfPlaceholder(notifications.userId, 'userIds'),
            eq(notifications.link, sql.placeholder('link')),
            isNull(notifications.readAt),
            kinds ? sql`${notifications.kind} = any(${sql.placeholder('kinds')}::text[])` : undefined,
          ),
        ),
    { at: at.toISOString(), userIds: to, link, kinds: kinds ?? null },
  );
}

export async function myNotifications(ctx: Ctx, limit = 50) {
  const rows = await ctx.db.select().from(notifications).where(eq(notifications.userId, ctx.actor.id)).orderBy(desc(notifications.id)).limit(limit);
  const [{ unread }] = await ctx.db
    .select({ unread: sql<number>`count(*)`.mapWith(Number) })
    .from(notifications)
    .where(and(eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt)));
  return {
    items: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, link: n.link, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })),
    unread,
  };
}

/** Marks one of the caller's own reminders read; someone else's is not found. */
export async function markRead(ctx: Ctx, id: number) {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, ctx.actor.id)))
    .returning({ id: notifications.id });
  if (!rows.length) throw notFound('提醒');
  return { ok: true as const };
}

export async function markAllRead(ctx: Ctx) {
  await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now })
    .where(and(eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt)));
  return { ok: true as const };
}
