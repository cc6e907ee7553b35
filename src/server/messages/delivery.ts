// Delivering the outbox (issue 17). A run claims the due messages in a short transaction (each
// claim counts the attempt and leases the message, so N instances and a crashed run never send
// one twice at once), sends them after that transaction with a timeout per request, and records
// each outcome in its own transaction: the attempt, the message's next try by exponential backoff
// or its giving up after MAX_ATTEMPTS, and the channel's failures in a row, which at FAILING_AFTER
// pause the channel and remind its administrators in-app.
import { sql } from 'drizzle-orm';
import { notificationKindLabels, type NotificationKind } from '../../contracts/enums.js';
import { FAILING_AFTER, nextAttemptAt, SEND_TIMEOUT_MS, type ChannelKind, type ChannelSecrets, type OutMessage } from '../../domain/messages.js';
import type { Db, Executor } from '../db/client.js';
import type { Job } from '../scheduler.js';
import { notify } from '../notifications/notifications.service.js';
import { messagesSealer, secretsAad } from './key.js';
import { sendMessage, type SendResult } from './send.js';

export interface DeliveryOptions {
  timeoutMs?: number;
  /** Where a message's link points (config ANXIAO_PUBLIC_URL); null: the text says to log in. */
  publicUrl?: string | null;
  /** Messages claimed by one run. */
  batch?: number;
}

type Rows<T> = { rows: T[] };

interface Claimed {
  id: number;
  districtId: number;
  channelId: number;
  channelKind: ChannelKind;
  secrets: ChannelSecrets;
  kind: string;
  title: string;
  link: string | null;
  attempt: number;
  phones: string[];
}

export const labelOf = (kind: string) => (kind === 'test' ? '测试消息' : (notificationKindLabels[kind as NotificationKind] ?? kind));
export const outMessage = (kind: string, title: string, link: string | null, publicUrl: string | null | undefined): OutMessage => ({
  label: labelOf(kind),
  title,
  url: publicUrl && link ? `${publicUrl}${link}` : null,
});

/** The channel's address and secrets, opened. */
export const openSecrets = (districtId: number, sealed: string): ChannelSecrets => JSON.parse(messagesSealer().open(sealed, secretsAad(districtId))) as ChannelSecrets;

/** Claims up to `batch` due messages of channels that are enabled and not failing. */
export async function claimDue(tx: Executor, now: Date, opts: DeliveryOptions = {}): Promise<Claimed[]> {
  const batch = opts.batch ?? 20;
  // Leased long enough for the run to send them all one after another, each up to its timeout.
  const leaseMs = batch * (opts.timeoutMs ?? SEND_TIMEOUT_MS) + 60_000;
  const { rows } = (await tx.execute(sql`
    update message_outbox o set attempts = o.attempts + 1, next_attempt_at = ${now.toISOString()}::timestamptz + ${leaseMs} * interval '1 millisecond'
    from message_channels c
    where c.id = o.channel_id and o.id in (
      select o2.id from message_outbox o2 join message_channels c2 on c2.id = o2.channel_id
      where o2.status = 'pending' and o2.next_attempt_at <= ${now.toISOString()}::timestamptz and c2.enabled and c2.failing_since is null
      order by o2.next_attempt_at, o2.id limit ${batch}
      for update of o2 skip locked)
    returning o.id, o.district_id, o.channel_id, c.kind as channel_kind, c.secrets_enc, o.kind, o.title, o.link, o.attempts, o.user_ids`)) as unknown as Rows<{
    id: number | string;
    district_id: number;
    channel_id: number;
    channel_kind: ChannelKind;
    secrets_enc: string;
    kind: string;
    title: string;
    link: string | null;
    attempts: number;
    user_ids: number[];
  }>;
  if (!rows.length) return [];
  // SMS goes to the phones in the people's own records, as they are when it is sent.
  const smsUsers = [...new Set(rows.filter((r) => r.channel_kind === 'sms').flatMap((r) => r.user_ids))];
  const phoneOf = new Map<number, string>();
  if (smsUsers.length) {
    const { rows: phones } = (await tx.execute(
      sql`select id, phone from users where id = any(${`{${smsUsers.join(',')}}`}::int[]) and status = 'active' and phone is not null and phone <> ''`,
    )) as unknown as Rows<{ id: number; phone: string }>;
    for (const p of phones) phoneOf.set(p.id, p.phone);
  }
  return rows.map((r) => ({
    id: Number(r.id),
    districtId: r.district_id,
    channelId: r.channel_id,
    channelKind: r.channel_kind,
    secrets: openSecrets(r.district_id, r.secrets_enc),
    kind: r.kind,
    title: r.title,
    link: r.link,
    attempt: r.attempts,
    phones: [...new Set(r.user_ids.map((id) => phoneOf.get(id)).filter((p): p is string => !!p))],
  }));
}

/** Records one send of a channel (a message's, or a test's when `outboxId` is null) and what follows from it. */
export async function recordAttempt(
  tx: Executor,
  a: { districtId: number; channelId: number; outboxId: number | null; kind: string; title: string | null; attempt: number; at: Date },
  r: SendResult,
): Promise<void> {
  const at = a.at.toISOString();
  await tx.execute(sql`
    insert into message_attempts (district_id, channel_id, outbox_id, kind, title, attempt, at, ok, http_status, error, duration_ms)
    values (${a.districtId}, ${a.channelId}, ${a.outboxId}, ${a.kind}, ${a.title}, ${a.attempt}, ${at}::timestamptz, ${r.ok}, ${r.httpStatus}, ${r.error}, ${Math.round(r.durationMs)})`);
  if (a.outboxId !== null) {
    const next = r.ok || r.permanent ? null : nextAttemptAt(a.attempt, a.at);
    await tx.execute(sql`
      update message_outbox set
        status = ${r.ok ? 'sent' : next ? 'pending' : 'gave_up'},
        next_attempt_at = coalesce(${next?.toISOString() ?? null}::timestamptz, next_attempt_at),
        last_error = ${r.error}, done_at = ${next ? null : at}::timestamptz
      where id = ${a.outboxId}`);
  }
  if (r.ok) {
    // A success ends a run of failures; a test send that succeeds also resumes a paused channel.
    await tx.execute(sql`update message_channels set consecutive_failures = 0, failing_since = null, last_ok_at = ${at}::timestamptz, last_error = null where id = ${a.channelId}`);
    return;
  }
  // A test send does not count against the channel, nor does a message that nobody can be texted.
  if (a.outboxId === null || r.permanent) {
    await tx.execute(sql`update message_channels set last_error = ${r.error} where id = ${a.channelId}`);
    return;
  }
  const { rows } = (await tx.execute(sql`
    update message_channels set consecutive_failures = consecutive_failures + 1, last_error = ${r.error},
      failing_since = case when failing_since is null and consecutive_failures + 1 >= ${FAILING_AFTER} then ${at}::timestamptz else failing_since end
    where id = ${a.channelId}
    returning name, unit_id, district_id, failing_since = ${at}::timestamptz as became_failing`)) as unknown as Rows<{ name: string; unit_id: number; district_id: number; became_failing: boolean }>;
  const ch = rows[0];
  if (ch?.became_failing) await remindAdministrators(tx, a.channelId, ch, at);
}

/** The people who may manage the channel: district-wide administrators, and those of its unit or a unit above it. */
async function remindAdministrators(tx: Executor, channelId: number, ch: { name: string; unit_id: number; district_id: number }, at: string) {
  const { rows } = (await tx.execute(sql`
    select distinct u.id from users u
    join user_roles ur on ur.user_id = u.id
    join role_permissions rp on rp.role_key = ur.role_key and rp.permission = 'message.manage'
    join roles r on r.key = ur.role_key
    join units uu on uu.id = u.unit_id
    join units cu on cu.id = ${ch.unit_id}
    where u.district_id = ${ch.district_id} and u.status = 'active' and (r.scope <> 'unit' or cu.path like uu.path || '%')`)) as unknown as Rows<{ id: number }>;
  await notify(
    tx,
    ch.district_id,
    rows.map((r) => r.id),
    {
      kind: 'channel_failing',
      title: `消息推送渠道“${ch.name}”连续 ${FAILING_AFTER} 次发送失败，已暂停发送，请检查配置后重新启用或发送测试消息`,
      link: `/system/messages?channel=${channelId}`,
      dedupeKey: `channel-failing:${channelId}:${at}`,
    },
  );
}

/** Sends what was claimed: one channel's messages in order, the channels side by side. */
export async function sendClaimed(db: Db, claimed: Claimed[], now: () => Date, opts: DeliveryOptions = {}): Promise<void> {
  const byChannel = new Map<number, Claimed[]>();
  for (const c of claimed) byChannel.set(c.channelId, [...(byChannel.get(c.channelId) ?? []), c]);
  await Promise.all(
    [...byChannel.values()].map(async (list) => {
      for (const m of list) {
        const at = now();
        const r = await sendMessage(m.channelKind, m.secrets, outMessage(m.kind, m.title, m.link, opts.publicUrl), m.phones, at, opts.timeoutMs ?? SEND_TIMEOUT_MS);
        const paused = await db.transaction(async (tx) => {
          await recordAttempt(tx, { districtId: m.districtId, channelId: m.channelId, outboxId: m.id, kind: m.kind, title: m.title, attempt: m.attempt, at }, r);
          const { rows } = (await tx.execute(sql`select failing_since is not null as paused from message_channels where id = ${m.channelId}`)) as unknown as Rows<{ paused: boolean }>;
          return rows[0]?.paused ?? true;
        });
        // The rest of a channel that just got paused wait, unattempted, until it is resumed.
        if (paused) {
          const rest = list.slice(list.indexOf(m) + 1).map((x) => x.id);
          if (rest.length)
            await db.execute(sql`update message_outbox set attempts = attempts - 1, next_attempt_at = ${at.toISOString()}::timestamptz where id = any(${`{${rest.join(',')}}`}::bigint[])`);
          return;
        }
      }
    }),
  );
}

/** One run, as the tests and the job do it: claim, then send outside the claiming transaction. */
export async function deliverDue(db: Db, now: () => Date, opts: DeliveryOptions = {}): Promise<number> {
  const claimed = await db.transaction((tx) => claimDue(tx, now(), opts));
  await sendClaimed(db, claimed, now, opts);
  return claimed.length;
}

/** The scheduled job: claims under the job's lock, sends after its transaction (scheduler.ts). */
export function deliveryJob(db: Db, opts: DeliveryOptions): Job {
  return {
    name: 'messages-deliver',
    everyMs: 30_000,
    run: async (tx) => {
      const claimed = await claimDue(tx, new Date(), opts);
      return claimed.length ? () => sendClaimed(db, claimed, () => new Date(), opts) : undefined;
    },
  };
}
