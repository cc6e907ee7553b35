// Messages out through the API and the outbox (issue 17), against a fake receiver this file starts:
// a node:http server that checks DingTalk's, Feishu's and the webhook's signatures, records what
// arrived, and can be told to answer 500, answer errcode != 0, or hang past the timeout. Each kind
// of channel gets its body and signature; a message goes once per dedupe key; a failed one is
// retried by backoff and gives up after MAX_ATTEMPTS; a channel failing FAILING_AFTER times in a row
// is paused and its administrators reminded until a test send succeeds or it is enabled again; a
// rolled-back transaction sends nothing; secrets appear in no answer, audit detail or column in
// clear; another district's or town's channel is 404; bad fields are 400 named in Chinese.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAILING_AFTER, MAX_ATTEMPTS } from '../../domain/messages.js';
import { auditEvents, messageAttempts, messageChannels, messageOutbox, notifications } from '../db/schema.js';
import { notify } from '../notifications/notifications.service.js';
import { buildDistrict, buildTree, buildUser, login, ok, refused, signedInUsers, type Client, type TestUser } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { deliverDue } from './delivery.js';
import { purgeMessages } from './retention.js';

type Mode = 'ok' | 'fail500' | 'errcode' | 'hang';
interface Arrival {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
  raw: string;
  signed: boolean | null;
}

const DING_SECRET = 'SECdingtalk-signing-secret-0001';
const FEISHU_SECRET = 'feishu-signing-secret-0002';
const HOOK_SECRET = 'webhook-hmac-secret-0003';
const SMS_KEY = 'sms-provider-key-0004';
const TOKEN = 'url-token-that-must-stay-hidden';

let server: Server;
let base: string;
const arrivals: Arrival[] = [];
const modes = new Map<string, Mode>();
/** Messages whose text contains this are refused (errcode 40001) while the others pass. */
let refuseText: string | null = null;

function check(path: string, q: URLSearchParams, headers: IncomingMessage['headers'], raw: string, body: any): boolean | null {
  if (path === '/dingtalk') {
    const ts = q.get('timestamp');
    const mac = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
    return q.get('sign') === mac; // URLSearchParams decodes what the sender urlencoded
  }
  if (path === '/feishu') return body.sign === createHmac('sha256', `${body.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64');
  if (path === '/webhook') return headers['x-anxiao-signature'] === createHmac('sha256', HOOK_SECRET).update(`${headers['x-anxiao-timestamp']}.${raw}`).digest('hex');
  if (path === '/sms') return headers.authorization === `Bearer ${SMS_KEY}`;
  return null;
}

function receive(req: IncomingMessage, res: ServerResponse) {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const u = new URL(req.url!, 'http://x');
    const body = JSON.parse(raw || '{}');
    const signed = check(u.pathname, u.searchParams, req.headers, raw, body);
    const mode = modes.get(u.pathname) ?? 'ok';
    if (mode === 'hang') return; // never answers: the sender's timeout ends it
    arrivals.push({ path: u.pathname, query: u.searchParams, headers: req.headers, body, raw, signed });
    const refused = mode === 'errcode' || signed === false || (refuseText !== null && raw.includes(refuseText));
    if (mode === 'fail500') return res.writeHead(500).end('boom');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (u.pathname === '/feishu') return res.end(JSON.stringify(refused ? { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' } : { code: 0, msg: 'success' }));
    if (u.pathname === '/wecom' || u.pathname === '/dingtalk') return res.end(JSON.stringify(refused ? { errcode: 40001, errmsg: 'invalid' } : { errcode: 0, errmsg: 'ok' }));
    res.end(refused ? '' : '{"ok":true}');
  });
}

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'bureau' | 'principalA1' | 'townA' | 'teacherA1';
let c: Record<Who, Client>;
let people: Record<Who, TestUser>;
let clock: number;
const now = () => new Date(clock);
const run = (opts: { timeoutMs?: number } = {}) => deliverDue(t.database.db, now, { timeoutMs: 2_000, publicUrl: 'https://anxiao.example.cn', ...opts });

beforeAll(async () => {
  server = createServer(receive);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestApp();
  tree = await buildTree(t.database.db);
  ({ people, c } = await signedInUsers(t.app, t.database.db, {
    bureau: [tree.bureau, ['bureau_admin']],
    principalA1: [tree.schoolA1, ['principal'], { phone: '13800000001' }],
    townA: [tree.townA, ['town_officer']],
    teacherA1: [tree.schoolA1, ['teacher'], { phone: '13800000002' }],
  }));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});
beforeEach(async () => {
  arrivals.length = 0;
  modes.clear();
  refuseText = null;
  clock = Date.now() + 60_000; // ahead of the database's now(), which stamps a new message due
  // Each test starts with no channels: earlier ones' channels would take its messages too.
  await t.database.db.execute(sql`delete from message_channels`);
});

const channel = (client: Client, kind: string, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/messages/channels', {
    unitId: tree.schoolA1.id,
    kind,
    name: `${kind} 渠道`,
    kinds: ['overdue', 'assigned', 'incident_major'],
    includeBelow: false,
    url: `${base}/${kind}?key=${TOKEN}`,
    ...(kind === 'dingtalk' ? { secret: DING_SECRET } : kind === 'feishu' ? { secret: FEISHU_SECRET } : kind === 'webhook' ? { secret: HOOK_SECRET } : kind === 'sms' ? { key: SMS_KEY } : {}),
    ...over,
  });

let seq = 0;
/** A reminder raised as the services raise them: notify inside their transaction. */
const remind = (userIds: number[], over: { kind?: 'overdue' | 'assigned' | 'returned'; title?: string; dedupeKey?: string | null } = {}) =>
  t.database.db.transaction((tx) =>
    notify(tx, tree.districtId, userIds, { kind: over.kind ?? 'overdue', title: over.title ?? `隐患已逾期：YH-${++seq} 消防通道堵塞`, link: `/hazards/${seq}`, dedupeKey: over.dedupeKey === undefined ? `overdue:${seq}` : over.dedupeKey }),
  );

const outbox = (channelId: number) => t.database.db.select().from(messageOutbox).where(eq(messageOutbox.channelId, channelId)).orderBy(messageOutbox.id);
const attemptsOf = (channelId: number) => t.database.db.select().from(messageAttempts).where(eq(messageAttempts.channelId, channelId)).orderBy(messageAttempts.id);

describe('delivery of each kind of channel', () => {
  it('WeCom, DingTalk, Feishu, webhook and SMS each get the reminder once, signed as their receiver checks', async () => {
    for (const kind of ['wecom', 'dingtalk', 'feishu', 'webhook', 'sms']) await ok(channel(c.bureau, kind), 201);
    await remind([people.principalA1.id, people.teacherA1.id], { title: '隐患已逾期（整改时限 2026-05-10）：YH-1 消防通道堵塞' });
    expect(await run()).toBe(5);
    const by = Object.fromEntries(arrivals.map((a) => [a.path, a]));
    expect(Object.keys(by).sort()).toEqual(['/dingtalk', '/feishu', '/sms', '/webhook', '/wecom']);
    expect(by['/wecom'].body).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('**【安校】已逾期**') } });
    expect(by['/wecom'].body.markdown.content).toContain(`[查看详情](https://anxiao.example.cn/hazards/${seq})`);
    expect(by['/wecom'].query.get('key')).toBe(TOKEN);
    expect(by['/dingtalk'].signed).toBe(true);
    expect(by['/dingtalk'].body.msgtype).toBe('markdown');
    expect(by['/feishu'].signed).toBe(true);
    expect(by['/feishu'].body).toMatchObject({ msg_type: 'text', content: { text: expect.stringContaining('YH-1 消防通道堵塞') } });
    expect(Number(by['/feishu'].body.timestamp)).toBe(Math.floor(clock / 1000));
    expect(by['/webhook'].signed).toBe(true);
    expect(by['/webhook'].body).toMatchObject({ kind: '已逾期', url: `https://anxiao.example.cn/hazards/${seq}` });
    expect(by['/sms'].signed).toBe(true);
    expect(by['/sms'].body.to.sort()).toEqual(['13800000001', '13800000002']);
    const all = await t.database.db.select().from(messageOutbox);
    expect(all.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(await run()).toBe(0);
    expect(arrivals).toHaveLength(5);
  });

  it('a channel carries only the kinds chosen, and only its unit’s people (or those below when it includes them)', async () => {
    const school = await ok(channel(c.bureau, 'wecom'), 201);
    const town = await ok(channel(c.bureau, 'wecom', { unitId: tree.townA.id, includeBelow: true, kinds: ['overdue'] }), 201);
    await remind([people.principalA1.id], { kind: 'returned', dedupeKey: null });
    expect(await outbox(school.id)).toHaveLength(0);
    await remind([people.townA.id]);
    expect(await outbox(school.id)).toHaveLength(0);
    expect(await outbox(town.id)).toHaveLength(1);
    await remind([people.principalA1.id]);
    expect(await outbox(school.id)).toHaveLength(1);
    expect(await outbox(town.id)).toHaveLength(2);
  });
});

describe('once per dedupe key, and only what commits', () => {
  it('the same reminder enqueued twice goes out once per channel', async () => {
    const ch = await ok(channel(c.bureau, 'wecom'), 201);
    await remind([people.principalA1.id], { dedupeKey: 'due_soon:77:2026-05-20' });
    await remind([people.teacherA1.id, people.principalA1.id], { dedupeKey: 'due_soon:77:2026-05-20' });
    expect(await outbox(ch.id)).toHaveLength(1);
    await run();
    expect(arrivals).toHaveLength(1);
  });

  it('a reminder without a key raised twice in one transaction is one message; in two transactions, two', async () => {
    const ch = await ok(channel(c.bureau, 'wecom', { kinds: ['returned'] }), 201);
    const r = { kind: 'returned' as const, title: '整改被退回：YH-9', link: '/hazards/9', dedupeKey: null };
    await t.database.db.transaction(async (tx) => {
      await notify(tx, tree.districtId, [people.principalA1.id], r);
      await notify(tx, tree.districtId, [people.teacherA1.id], r);
    });
    expect(await outbox(ch.id)).toHaveLength(1);
    await t.database.db.transaction((tx) => notify(tx, tree.districtId, [people.principalA1.id], r));
    expect(await outbox(ch.id)).toHaveLength(2);
  });

  it('a rolled-back transaction sends nothing', async () => {
    const ch = await ok(channel(c.bureau, 'wecom'), 201);
    await expect(
      t.database.db.transaction(async (tx) => {
        await notify(tx, tree.districtId, [people.principalA1.id], { kind: 'overdue', title: '不会发出', link: null, dedupeKey: 'rolled-back' });
        throw new Error('the step failed');
      }),
    ).rejects.toThrow('the step failed');
    expect(await outbox(ch.id)).toHaveLength(0);
    expect(await run()).toBe(0);
    expect(arrivals).toHaveLength(0);
  });
});

describe('retries, giving up, failing channels, timeouts', () => {
  it('a failed message is retried after its backoff and then sent; every attempt is logged', async () => {
    const ch = await ok(channel(c.bureau, 'dingtalk'), 201);
    modes.set('/dingtalk', 'fail500');
    await remind([people.principalA1.id]);
    await run();
    const [m1] = await outbox(ch.id);
    expect(m1).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect(m1.nextAttemptAt.getTime()).toBe(clock + 30_000);
    clock += 20_000;
    expect(await run()).toBe(0); // not due yet
    modes.set('/dingtalk', 'ok');
    clock += 11_000;
    expect(await run()).toBe(1);
    expect((await outbox(ch.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    const log = await ok(c.bureau.get(`/api/v1/messages/attempts?channelId=${ch.id}`));
    expect(log.items.map((a: any) => [a.attempt, a.ok, a.httpStatus, a.kindLabel])).toEqual([
      [2, true, 200, '已逾期'],
      [1, false, 500, '已逾期'],
    ]);
    expect(log.items[1].error).toBe('HTTP 500');
    const list = await ok(c.bureau.get('/api/v1/messages/channels'));
    expect(list.items.find((x: any) => x.id === ch.id)).toMatchObject({ status: 'active', consecutiveFailures: 0, pending: 0 });
  });

  it(`a message the receiver keeps refusing gives up after ${MAX_ATTEMPTS} attempts while the channel works`, async () => {
    const ch = await ok(channel(c.bureau, 'wecom'), 201);
    refuseText = '拒收此条';
    await remind([people.principalA1.id], { title: '拒收此条：YH-refused' });
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await remind([people.principalA1.id]); // a message that passes in each round
      await run();
      clock += 2 * 60 * 60_000;
    }
    const [refused1] = await outbox(ch.id);
    expect(refused1).toMatchObject({ status: 'gave_up', attempts: MAX_ATTEMPTS });
    expect(refused1.lastError).toContain('errcode 40001');
    expect((await attemptsOf(ch.id)).filter((a) => a.outboxId === refused1.id)).toHaveLength(MAX_ATTEMPTS);
    const [row] = await t.database.db.select().from(messageChannels).where(eq(messageChannels.id, ch.id));
    expect(row.failingSince).toBeNull();
  });

  it(`a channel failing ${FAILING_AFTER} times in a row is paused, shown and reported; a test send that succeeds resumes it`, async () => {
    const ch = await ok(channel(c.principalA1, 'feishu'), 201);
    modes.set('/feishu', 'errcode');
    for (let i = 0; i < FAILING_AFTER + 2; i++) await remind([people.teacherA1.id]);
    await run();
    expect(arrivals).toHaveLength(FAILING_AFTER); // the rest wait, unattempted
    const list = await ok(c.principalA1.get('/api/v1/messages/channels'));
    expect(list.items[0]).toMatchObject({ id: ch.id, status: 'failing', consecutiveFailures: FAILING_AFTER, pending: FAILING_AFTER + 2 });
    expect(list.items[0].lastError).toContain('code 19021');
    const told = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'channel_failing'));
    // The district's administrators and those of the channel's unit and above it (the school's town).
    expect(told.map((n) => n.userId).sort()).toEqual([people.bureau.id, people.principalA1.id, people.townA.id].sort());
    expect(told[0].title).toContain('feishu 渠道');
    clock += 24 * 60 * 60_000;
    expect(await run()).toBe(0); // paused: not retried
    modes.set('/feishu', 'ok');
    const test = await ok(c.principalA1.post(`/api/v1/messages/channels/${ch.id}/test`));
    expect(test).toMatchObject({ ok: true, httpStatus: 200, error: null, channel: { status: 'active', consecutiveFailures: 0 } });
    expect(arrivals.at(-1)!.body.content.text).toContain('测试消息');
    expect(await run()).toBe(FAILING_AFTER + 2);
    expect((await outbox(ch.id)).every((m) => m.status === 'sent')).toBe(true);
  });

  it('enabling a failing channel again resumes it; disabling stops it', async () => {
    const ch = await ok(channel(c.bureau, 'webhook'), 201);
    modes.set('/webhook', 'fail500');
    for (let i = 0; i < FAILING_AFTER; i++) await remind([people.principalA1.id]);
    await run();
    const failing = (await ok(c.bureau.get('/api/v1/messages/channels'))).items[0];
    expect(failing.status).toBe('failing');
    modes.set('/webhook', 'ok');
    const resumed = await ok(c.bureau.patch(`/api/v1/messages/channels/${ch.id}`, { version: failing.version, enabled: true }));
    expect(resumed).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    clock += 60 * 60_000;
    expect(await run()).toBe(FAILING_AFTER);
    const off = await ok(c.bureau.patch(`/api/v1/messages/channels/${ch.id}`, { version: resumed.version, enabled: false }));
    expect(off.status).toBe('disabled');
    await remind([people.principalA1.id]);
    expect(await run()).toBe(0);
    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'message_channel'), eq(auditEvents.action, 'disable')));
    expect(audit).toBeDefined();
  });

  it('a receiver that hangs past the timeout is a failed attempt, retried later', async () => {
    const ch = await ok(channel(c.bureau, 'wecom'), 201);
    modes.set('/wecom', 'hang');
    await remind([people.principalA1.id]);
    await run({ timeoutMs: 300 });
    const [a] = await attemptsOf(ch.id);
    expect(a).toMatchObject({ ok: false, httpStatus: null, error: '超时（0.3 秒内无应答）' });
    expect(a.durationMs).toBeGreaterThanOrEqual(250);
    expect((await outbox(ch.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('SMS to people without a phone gives up at once without counting against the channel', async () => {
    const ch = await ok(channel(c.bureau, 'sms'), 201);
    const nobody = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    await remind([nobody.id]);
    await run();
    expect((await outbox(ch.id))[0]).toMatchObject({ status: 'gave_up', lastError: '收件人均未登记手机号' });
    expect(arrivals).toHaveLength(0);
    const [row] = await t.database.db.select().from(messageChannels).where(eq(messageChannels.id, ch.id));
    expect(row.consecutiveFailures).toBe(0);
  });
});

describe('secrets', () => {
  it('are sealed at rest and never in an answer, the log or the audit trail; an edit without them keeps them', async () => {
    const created = await ok(channel(c.bureau, 'dingtalk'), 201);
    expect(created).toMatchObject({ urlHint: expect.stringMatching(/^127\.0\.0\.1:\d+\/…$/), secretSet: true, keySet: false, version: 1 });
    const edited = await ok(c.bureau.patch(`/api/v1/messages/channels/${created.id}`, { version: 1, name: '钉钉 安全群' }));
    expect(edited).toMatchObject({ name: '钉钉 安全群', secretSet: true, version: 2 });
    await remind([people.principalA1.id]);
    await run();
    expect(arrivals[0]).toMatchObject({ path: '/dingtalk', signed: true });
    expect(arrivals[0].query.get('key')).toBe(TOKEN);
    const test = await c.bureau.post(`/api/v1/messages/channels/${created.id}/test`);
    const answers = [JSON.stringify(created), JSON.stringify(edited), (await c.bureau.get('/api/v1/messages/channels')).body, (await c.bureau.get('/api/v1/messages/attempts')).body, test.body];
    const audits = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'message_channel'));
    expect(audits.length).toBeGreaterThanOrEqual(3);
    const [row] = await t.database.db.select().from(messageChannels).where(eq(messageChannels.id, created.id));
    for (const text of [...answers, JSON.stringify(audits), JSON.stringify({ ...row, secretsEnc: row.secretsEnc })]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(DING_SECRET);
    }
    // A new address replaces the old one and keeps the signing secret.
    await ok(c.bureau.patch(`/api/v1/messages/channels/${created.id}`, { version: 2, url: `${base}/dingtalk?access_token=new` }));
    arrivals.length = 0;
    await ok(c.bureau.post(`/api/v1/messages/channels/${created.id}/test`));
    expect(arrivals[0]).toMatchObject({ signed: true });
    expect(arrivals[0].query.get('access_token')).toBe('new');
  });
});

describe('scope, permissions and input', () => {
  it("another district's channel and another town's are not found; a teacher may not manage channels", async () => {
    const mine = await ok(channel(c.bureau, 'wecom', { unitId: tree.schoolB1.id }), 201);
    const other = await buildDistrict(t.database.db);
    const stranger = await buildUser(t.database.db, other.bureau, ['bureau_admin']);
    const s = await login(t.app, stranger.username);
    expect((await refused(s.patch(`/api/v1/messages/channels/${mine.id}`, { version: 1, name: 'x' }), 404)).message).toBe('消息推送渠道不存在或无权访问');
    await refused(s.post(`/api/v1/messages/channels/${mine.id}/test`), 404);
    expect((await ok(s.get('/api/v1/messages/channels'))).items).toEqual([]);
    expect((await ok(s.get(`/api/v1/messages/attempts?channelId=${mine.id}`))).items).toEqual([]);
    await refused(c.townA.patch(`/api/v1/messages/channels/${mine.id}`, { version: 1, name: 'x' }), 404);
    await refused(channel(c.townA, 'wecom', { unitId: tree.schoolB1.id }), 404);
    await ok(channel(c.townA, 'wecom', { unitId: tree.schoolA1.id }), 201);
    await refused(c.teacherA1.get('/api/v1/messages/channels'), 403);
    await refused(channel(c.teacherA1, 'wecom'), 403);
  });

  it('a stale version is 409', async () => {
    const ch = await ok(channel(c.bureau, 'wecom'), 201);
    await ok(c.bureau.patch(`/api/v1/messages/channels/${ch.id}`, { version: 1, name: '改名' }));
    expect((await refused(c.bureau.patch(`/api/v1/messages/channels/${ch.id}`, { version: 1, name: '再改' }), 409)).code).toBe('STALE_VERSION');
  });

  it('bad input is 400 naming the field in Chinese', async () => {
    expect((await refused(channel(c.bureau, 'wecom', { kinds: [] }))).message).toBe('推送的提醒类型：至少选择一种提醒类型');
    expect((await refused(channel(c.bureau, 'wecom', { url: 'ftp://x' }))).message).toMatch(/^接收地址：/);
    expect((await refused(channel(c.bureau, 'dingtalk', { secret: undefined }))).message).toBe('签名密钥：请填写钉钉机器人的加签密钥');
    expect((await refused(channel(c.bureau, 'sms', { key: undefined }))).message).toBe('短信接口密钥：请填写短信接口密钥');
    expect((await refused(channel(c.bureau, 'pigeon'))).message).toMatch(/^渠道类型：/);
    expect((await refused(channel(c.bureau, 'wecom', { name: '' }))).message).toBe('渠道名称：请填写渠道名称');
    expect((await refused(channel(c.bureau, 'wecom', { url: undefined }))).message).toBe('接收地址：请填写接收地址');
  });
});

describe('retention (MESSAGES_RETENTION_DAYS)', () => {
  it('purges delivered and given-up messages and log rows older than the retention; a waiting message stays however old', async () => {
    const ch = await ok(channel(c.bureau, 'webhook'), 201);
    const day = 86_400_000;
    const at = Date.parse('2026-06-30T00:00:00Z');
    const ago = (days: number) => new Date(at - days * day);
    const row = (key: string, status: 'pending' | 'sent' | 'gave_up', doneDaysAgo: number | null) => ({
      districtId: tree.districtId,
      channelId: ch.id,
      kind: 'overdue',
      title: `保留期 ${key}`,
      dedupeKey: `retention:${key}`,
      userIds: [people.principalA1.id],
      status,
      nextAttemptAt: ago(200),
      createdAt: ago(200),
      doneAt: doneDaysAgo === null ? null : ago(doneDaysAgo),
    });
    await t.database.db.insert(messageOutbox).values([row('old-sent', 'sent', 181), row('old-gave-up', 'gave_up', 200), row('old-pending', 'pending', null), row('recent-sent', 'sent', 179)]);
    const log = (days: number) => ({ districtId: tree.districtId, channelId: ch.id, outboxId: null, kind: 'overdue', title: `日志 ${days}`, attempt: 1, at: ago(days), ok: true, httpStatus: 200, error: null, durationMs: 5 });
    await t.database.db.insert(messageAttempts).values([log(181), log(365), log(179), log(1)]);

    expect(await t.database.db.transaction((tx) => purgeMessages(tx, new Date(at), 180))).toEqual({ messages: 2, attempts: 2 });
    expect((await outbox(ch.id)).map((m) => m.dedupeKey).sort()).toEqual(['retention:old-pending', 'retention:recent-sent']);
    expect((await attemptsOf(ch.id)).map((a) => a.title).sort()).toEqual(['日志 1', '日志 179']);
    // Nothing more to purge on the next day's run.
    expect(await t.database.db.transaction((tx) => purgeMessages(tx, new Date(at), 180))).toEqual({ messages: 0, attempts: 0 });
  });
});

