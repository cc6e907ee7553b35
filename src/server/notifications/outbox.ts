// Putting a reminder in the outbox of every channel that carries it (issue 17's messages out),
// inside the transaction that writes the in-app reminder: what the caller commits goes out, what it
// rolls back never does. It lives beside `notify` rather than in messages/, which sends the outbox
// and reminds administrators through `notify`: one direction between the two folders.
import { sql, type SQL } from 'drizzle-orm';

export interface OutboxReminder {
  kind: string;
  title: string;
  link: string | null;
  dedupeKey: string | null;
}

/**
 * The outbox's part of `notify`'s one statement: every enabled, not failing channel of the district
 * that carries this kind and reaches one of the people (their unit, or a unit below when the channel
 * includes them) gets the message once per dedupe key. A reminder without a key is one event of
 * this transaction: the same reminder raised twice in it (to two sets of people) is still one
 * message per channel. `userIds` is the SQL of the people's ids as an int[].
 */
export function outboxInsert(districtId: number, userIds: SQL, r: OutboxReminder): SQL {
  const key = r.dedupeKey ?? null;
  return sql`
    insert into message_outbox (district_id, channel_id, kind, title, link, dedupe_key, user_ids, next_attempt_at)
    select c.district_id, c.id, ${r.kind}::text, ${r.title}::text, ${r.link}::text, coalesce(${key}::text, 'tx:' || txid_current() || ':' || ${r.kind}::text || ':' || md5(${r.title}::text || coalesce(${r.link}::text, ''))), reached.ids, now()
    from message_channels c
    join units cu on cu.id = c.unit_id
    cross join lateral (
      select array_agg(u.id order by u.id) as ids
      from users u join units uu on uu.id = u.unit_id
      where u.id = any(${userIds}) and (u.unit_id = c.unit_id or (c.include_below and uu.path like cu.path || '%'))
    ) reached
    where c.district_id = ${districtId}::int and c.enabled and c.failing_since is null and ${r.kind}::text = any(c.kinds) and reached.ids is not null
    on conflict (channel_id, dedupe_key) do nothing`;
}
