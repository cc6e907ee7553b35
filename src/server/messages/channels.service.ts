// The channels' configuration, test sends and log (issue 17). A district-wide administrator manages
// every channel of the district; a town's or school's administrator those of their own unit and
// below (unitScope). Secrets go in sealed and never come back: answers and audit details carry
// the address's host and whether a secret is set.
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Attempt, Channel, ChannelCreate, ChannelStatus, ChannelUpdate, TestResult } from '../../contracts/messages.js';
import { SEND_TIMEOUT_MS, urlHint, type ChannelKind, type ChannelSecrets } from '../../domain/messages.js';
import { requireAccess, unitScope } from '../access/access.js';
import { unitRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, type Ctx } from '../context.js';
import { messageAttempts, messageChannels, messageOutbox, units, users } from '../db/schema.js';
import { fieldError, notFound, staleVersion } from '../errors.js';
import { labelOf, openSecrets, outMessage, recordAttempt } from './delivery.js';
import { messagesSealer, secretsAad } from './key.js';
import { sendMessage } from './send.js';

type Row = typeof messageChannels.$inferSelect;

const statusOf = (r: Pick<Row, 'enabled' | 'failingSince'>): ChannelStatus => (!r.enabled ? 'disabled' : r.failingSince ? 'failing' : 'active');

/** What the API and the audit trail may say about a channel: no address, no secret. */
function present(r: Row, unitName: string, pending: number): Channel {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ChannelKind,
    unitId: r.unitId,
    unitName,
    includeBelow: r.includeBelow,
    kinds: r.kinds,
    urlHint: r.urlHint,
    secretSet: r.secretSet,
    keySet: r.keySet,
    status: statusOf(r),
    consecutiveFailures: r.consecutiveFailures,
    failingSince: r.failingSince?.toISOString() ?? null,
    lastOkAt: r.lastOkAt?.toISOString() ?? null,
    lastError: r.lastError,
    pending,
    version: r.version,
  };
}

const auditView = (c: Channel) => ({ name: c.name, kind: c.kind, unitId: c.unitId, includeBelow: c.includeBelow, kinds: c.kinds, urlHint: c.urlHint, secretSet: c.secretSet, keySet: c.keySet, status: c.status });

/** Each kind's secrets: what it must have, checked on the result of an edit as on a new channel. */
function checkSecrets(kind: ChannelKind, s: ChannelSecrets) {
  if (!s.url) throw fieldError('url', '请填写接收地址', '接收地址');
  if ((kind === 'dingtalk' || kind === 'webhook') && !s.secret) throw fieldError('secret', kind === 'dingtalk' ? '请填写钉钉机器人的加签密钥' : '请填写签名密钥', '签名密钥');
  if (kind === 'sms' && !s.key) throw fieldError('key', '请填写短信接口密钥', '短信接口密钥');
}

function sealed(districtId: number, s: ChannelSecrets) {
  const clean: ChannelSecrets = { url: s.url, secret: s.secret ?? null, key: s.key ?? null };
  return { secretsEnc: messagesSealer().seal(JSON.stringify(clean), secretsAad(districtId)), urlHint: urlHint(s.url), secretSet: !!clean.secret, keySet: !!clean.key };
}

const inScope = (ctx: Ctx) => and(eq(messageChannels.districtId, ctx.actor.districtId), sql`${messageChannels.unitId} in (select ${units.id} from ${units} where ${unitScope(ctx.actor)})`)!;

async function pendingOf(ctx: Ctx, ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db
    .select({ id: messageOutbox.channelId, n: count() })
    .from(messageOutbox)
    .where(and(inArray(messageOutbox.channelId, ids), eq(messageOutbox.status, 'pending')))
    .groupBy(messageOutbox.channelId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function listChannels(ctx: Ctx): Promise<{ items: Channel[] }> {
  requireAccess(ctx.actor, 'message.manage');
  const rows = await ctx.db
    .select({ c: messageChannels, unitName: units.name })
    .from(messageChannels)
    .innerJoin(units, eq(units.id, messageChannels.unitId))
    .where(inScope(ctx))
    .orderBy(units.path, messageChannels.id);
  const pending = await pendingOf(ctx, rows.map((r) => r.c.id));
  return { items: rows.map((r) => present(r.c, r.unitName, pending.get(r.c.id) ?? 0)) };
}

async function channelIn(ctx: Ctx, tx: Ctx['db'], id: number, lock = false): Promise<{ c: Row; unitName: string }> {
  const q = tx.select({ c: messageChannels, unitName: units.name }).from(messageChannels).innerJoin(units, eq(units.id, messageChannels.unitId)).where(and(eq(messageChannels.id, id), inScope(ctx)));
  const [row] = lock ? await q.for('update', { of: messageChannels }) : await q;
  if (!row) throw notFound('消息推送渠道');
  return row;
}

async function getChannel(ctx: Ctx, tx: Ctx['db'], id: number): Promise<Channel> {
  const { c, unitName } = await channelIn(ctx, tx, id);
  return present(c, unitName, (await pendingOf({ ...ctx, db: tx }, [id])).get(id) ?? 0);
}

export async function createChannel(ctx: Ctx, input: ChannelCreate): Promise<Channel> {
  requireAccess(ctx.actor, 'message.manage');
  const secrets: ChannelSecrets = { url: input.url ?? '', secret: input.secret, key: input.key };
  checkSecrets(input.kind, secrets);
  return ctx.db.transaction(async (tx) => {
    const unit = await unitRef(tx, ctx.actor, input.unitId, { what: '所属单位', field: 'unitId', label: '所属单位', active: true });
    const [row] = await tx
      .insert(messageChannels)
      .values({ districtId: ctx.actor.districtId, unitId: unit.id, name: input.name, kind: input.kind, kinds: input.kinds, includeBelow: input.includeBelow, ...sealed(ctx.actor.districtId, secrets) })
      .returning();
    const out = present(row, unit.name, 0);
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'message_channel', objectId: row.id, after: auditView(out) });
    return out;
  });
}

export async function updateChannel(ctx: Ctx, id: number, input: ChannelUpdate): Promise<Channel> {
  requireAccess(ctx.actor, 'message.manage');
  return ctx.db.transaction(async (tx) => {
    const { c, unitName } = await channelIn(ctx, tx, id, true);
    if (c.version !== input.version) throw staleVersion();
    const before = present(c, unitName, 0);
    const set: Partial<typeof messageChannels.$inferInsert> = { version: c.version + 1, updatedAt: ctx.now };
    if (input.name !== undefined) set.name = input.name;
    if (input.kinds !== undefined) set.kinds = input.kinds;
    if (input.includeBelow !== undefined) set.includeBelow = input.includeBelow;
    if (input.url !== undefined || input.secret !== undefined || input.key !== undefined) {
      // A secret left out keeps the stored one.
      const old = openSecrets(c.districtId, c.secretsEnc);
      const next: ChannelSecrets = { url: input.url ?? old.url, secret: input.secret ?? old.secret, key: input.key ?? old.key };
      checkSecrets(c.kind as ChannelKind, next);
      Object.assign(set, sealed(c.districtId, next));
    }
    if (input.enabled !== undefined) {
      set.enabled = input.enabled;
      // Enabling (again) is the administrator's word that the channel is mended: it resumes.
      if (input.enabled) Object.assign(set, { failingSince: null, consecutiveFailures: 0 });
    }
    const [row] = await tx.update(messageChannels).set(set).where(eq(messageChannels.id, id)).returning();
    const out = present(row, unitName, (await pendingOf({ ...ctx, db: tx }, [id])).get(id) ?? 0);
    const action = input.enabled === false && before.status !== 'disabled' ? 'disable' : input.enabled === true && before.status !== 'active' ? 'enable' : 'update';
    await writeAudit(tx, auditCtx(ctx), { action, objectType: 'message_channel', objectId: id, before: auditView(before), after: auditView(out) });
    return out;
  });
}

/**
 * Sends a test message now, outside any transaction, and logs it; a success resumes a failing
 * channel. SMS goes to the caller's own phone.
 */
export async function testChannel(ctx: Ctx, id: number): Promise<TestResult> {
  requireAccess(ctx.actor, 'message.manage');
  const { c } = await channelIn(ctx, ctx.db, id);
  let phones: string[] = [];
  if (c.kind === 'sms') {
    const [me] = await ctx.db.select({ phone: users.phone }).from(users).where(eq(users.id, ctx.actor.id));
    if (!me?.phone) throw fieldError('phone', '您的账号未登记手机号，无法接收测试短信，请先在人员账号中填写', '手机号');
    phones = [me.phone];
  }
  const title = `这是“${c.name}”的测试消息，由${ctx.actor.displayName}发送。收到即表示配置正确。`;
  const r = await sendMessage(c.kind as ChannelKind, openSecrets(c.districtId, c.secretsEnc), outMessage('test', title, null, null), phones, ctx.now, SEND_TIMEOUT_MS);
  return ctx.db.transaction(async (tx) => {
    await channelIn(ctx, tx, id, true);
    await recordAttempt(tx, { districtId: c.districtId, channelId: id, outboxId: null, kind: 'test', title, attempt: 1, at: ctx.now }, r);
    await writeAudit(tx, auditCtx(ctx), { action: 'test_send', objectType: 'message_channel', objectId: id, after: { ok: r.ok, httpStatus: r.httpStatus, error: r.error }, result: r.ok ? 'success' : 'failure' });
    return { ok: r.ok, httpStatus: r.httpStatus, error: r.error, durationMs: Math.round(r.durationMs), channel: await getChannel(ctx, tx, id) };
  });
}

export async function listAttempts(ctx: Ctx, q: { channelId?: number; ok?: 'true' | 'false'; page: number; pageSize: number }) {
  requireAccess(ctx.actor, 'message.manage');
  const conds: SQL[] = [inScope(ctx)];
  if (q.channelId) conds.push(eq(messageAttempts.channelId, q.channelId));
  if (q.ok) conds.push(eq(messageAttempts.ok, q.ok === 'true'));
  const where = and(eq(messageAttempts.districtId, ctx.actor.districtId), ...conds);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ a: messageAttempts, channelName: messageChannels.name })
      .from(messageAttempts)
      .innerJoin(messageChannels, eq(messageChannels.id, messageAttempts.channelId))
      .where(where)
      .orderBy(desc(messageAttempts.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(messageAttempts).innerJoin(messageChannels, eq(messageChannels.id, messageAttempts.channelId)).where(where),
  ]);
  const items: Attempt[] = rows.map(({ a, channelName }) => ({
    id: a.id,
    at: a.at.toISOString(),
    channelId: a.channelId,
    channelName,
    kind: a.kind,
    kindLabel: labelOf(a.kind),
    title: a.title,
    attempt: a.attempt,
    ok: a.ok,
    httpStatus: a.httpStatus,
    error: a.error,
    durationMs: a.durationMs,
  }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}
