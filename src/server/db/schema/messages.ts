// Messages out (issue 17): channels per unit, the outbox their messages wait in, and every attempt.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';
import { units } from './units.js';

/** A group robot, webhook or SMS provider that carries a unit's reminders out. */
export const messageChannels = pgTable(
  'message_channels',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    // The reminder kinds it carries (notificationKinds), chosen by the administrator.
    kinds: text('kinds').array().notNull(),
    // Also the people of the units below (a bureau's channel for the whole district).
    includeBelow: boolean('include_below').notNull().default(false),
    // The address (its token), signing secret and SMS key as one sealed JSON value (care/crypto.ts).
    secretsEnc: text('secrets_enc').notNull(),
    urlHint: text('url_hint').notNull(),
    secretSet: boolean('secret_set').notNull().default(false),
    keySet: boolean('key_set').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    // Set when the failures in a row reach FAILING_AFTER: paused until re-enabled or a test succeeds.
    failingSince: ts('failing_since'),
    lastOkAt: ts('last_ok_at'),
    lastError: text('last_error'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('message_channels_district_idx').on(t.districtId, t.unitId),
    check('message_channels_kind_ck', sql`${t.kind} in ('wecom','dingtalk','feishu','webhook','sms')`),
  ],
);

/** A message waiting for (or done with) its channel: once per channel and dedupe key. */
export const messageOutbox = pgTable(
  'message_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    districtId: integer('district_id').notNull(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => messageChannels.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    link: text('link'),
    dedupeKey: text('dedupe_key').notNull(),
    // The people it was addressed to in the channel's units: SMS reads their phones when sending.
    userIds: integer('user_ids').array().notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    doneAt: ts('done_at'),
  },
  (t) => [
    uniqueIndex('message_outbox_dedupe_uq').on(t.channelId, t.dedupeKey),
    index('message_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // The retention job's purge of messages done with (delivered or given up) before a day.
    index('message_outbox_done_idx').on(t.doneAt).where(sql`${t.status} <> 'pending'`),
    check('message_outbox_status_ck', sql`${t.status} in ('pending','sent','gave_up')`),
  ],
);

/** Every send and its outcome: the page's log (time, kind, channel, attempt, HTTP status or error, duration). */
export const messageAttempts = pgTable(
  'message_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    districtId: integer('district_id').notNull(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => messageChannels.id, { onDelete: 'cascade' }),
    // Null for a test send.
    outboxId: bigint('outbox_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    title: text('title'),
    attempt: integer('attempt').notNull(),
    at: ts('at').notNull(),
    ok: boolean('ok').notNull(),
    httpStatus: integer('http_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [
    index('message_attempts_channel_idx').on(t.channelId, t.id),
    index('message_attempts_district_idx').on(t.districtId, t.id),
    // The retention job's purge of the log before a day.
    index('message_attempts_at_idx').on(t.at),
  ],
);
