// Public opinion events through the API (issue 22; 000 第13条 舆情监控和引导, 003（五）, 002 及时正面发声):
// a school registers an event, drafts the response, the bureau approves it, the school publishes it
// and the time from finding to publishing is measured against the district's target; a draft edited
// after approval goes back for approval; stale writes get 409; bad fields are named; another town's
// unit, event or dispute is not found; the monitoring service's signed webhook records an event
// once however often it is replayed, and a bad signature or an old timestamp is refused with
// nothing written.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, opinionEvents } from '../db/schema.js';
import { buildTree, signedInUsers, ok, refused, type Client, type TestUser } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { signBody } from '../../domain/signed-body.js';

const SECRET = 'test-opinion-webhook-secret-0123456789';
const TODAY = '2026-05-13';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let districtCode: string;
type Who = 'officerA1' | 'officerB1' | 'townA' | 'bureau' | 'leader' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, TestUser>;

beforeAll(async () => {
  t = await startTestApp({ opinionWebhookSecret: SECRET });
  t.now.value = new Date(`${TODAY}T02:00:00Z`); // 10:00 in Shanghai
  tree = await buildTree(t.database.db);
  districtCode = (await t.database.db.query.districts.findFirst({ where: (d, { eq }) => eq(d.id, tree.districtId) }))!.code;
  ({ people, c } = await signedInUsers(t.app, t.database.db, {
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    leader: [tree.bureau, ['bureau_leader']],
    teacher: [tree.schoolA1, ['teacher']],
  }));
});
afterAll(() => t.close());

const event = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/opinion-events', {
    source: 'weibo',
    title: '网传某校食堂饭菜变质',
    link: 'https://weibo.com/123/abc',
    summary: '家长在微博发帖，转发 300 余次',
    foundAt: '2026-05-13T09:30:00+08:00',
    level: 'severe',
    unitId: tree.schoolA1.id,
    reach: 320,
    ...over,
  });

const rows = async () => (await t.database.db.select({ n: count() }).from(opinionEvents))[0].n;

describe('public opinion events (000 第13条, 003（五）, 002)', () => {
  it('new → drafted → approved by the bureau → published within the target (1 hour for 重大) → closed; the timeliness measured', async () => {
    const e = await ok(event(c.officerA1), 201);
    expect(e).toMatchObject({ state: 'new', origin: 'manual', targetMinutes: 60, dueAt: '2026-05-13T02:30:00.000Z', overdue: false, timelinessMinutes: null, version: 1 });

    // Approve only a drafted response.
    expect((await refused(c.bureau.post(`/api/v1/opinion-events/${e.id}/approve`, { version: 1 }))).code).toBe('OPINION_STATE');
    const drafted = await ok(c.officerA1.post(`/api/v1/opinion-events/${e.id}/draft`, { version: 1, draft: '学校已封存留样，联合市场监管部门检测，结果将及时公布。' }));
    expect(drafted).toMatchObject({ state: 'responding', version: 2 });
    // A school may not approve; publishing before approval is refused.
    await refused(c.officerA1.post(`/api/v1/opinion-events/${e.id}/approve`, { version: 2 }), 403);
    expect((await refused(c.officerA1.post(`/api/v1/opinion-events/${e.id}/publish`, { version: 2, publishedAt: '2026-05-13T09:50:00+08:00', publishedChannel: '学校公众号' }))).code).toBe('OPINION_STATE');
    const approved = await ok(c.leader.post(`/api/v1/opinion-events/${e.id}/approve`, { version: 2 }));
    expect(approved).toMatchObject({ state: 'approved', approvedByName: expect.any(String), version: 3 });

    // An edit after approval sends it back for approval.
    const redrafted = await ok(c.officerA1.post(`/api/v1/opinion-events/${e.id}/draft`, { version: 3, draft: '学校已封存留样并送检，检测结果将第一时间公布。' }));
    expect(redrafted).toMatchObject({ state: 'responding', approvedAt: null, version: 4 });
    await ok(c.bureau.post(`/api/v1/opinion-events/${e.id}/approve`, { version: 4 }));

    // Published at 10:20, found at 09:30: 50 minutes, within the hour.
    t.now.value = new Date(`${TODAY}T02:25:00Z`);
    // Stale: 409; a publication before the finding names its field.
    expect((await refused(c.officerA1.post(`/api/v1/opinion-events/${e.id}/publish`, { version: 4, publishedAt: '2026-05-13T10:20:00+08:00', publishedChannel: '学校公众号' }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.officerA1.post(`/api/v1/opinion-events/${e.id}/publish`, { version: 5, publishedAt: '2026-05-13T09:00:00+08:00', publishedChannel: '学校公众号' }))).details[0].field).toBe('publishedAt');
    const published = await ok(
      c.officerA1.post(`/api/v1/opinion-events/${e.id}/publish`, { version: 5, publishedAt: '2026-05-13T10:20:00+08:00', publishedChannel: '学校公众号', publishedLink: 'https://mp.weixin.qq.com/s/x' }),
    );
    expect(published).toMatchObject({ state: 'published', timelinessMinutes: 50, overdue: false, version: 6 });
    expect((await refused(c.officerA1.post(`/api/v1/opinion-events/${e.id}/draft`, { version: 6, draft: '再改' }))).code).toBe('OPINION_STATE');
    const closed = await ok(c.officerA1.post(`/api/v1/opinion-events/${e.id}/close`, { version: 6, closingNote: '检测合格，舆情平息' }));
    expect(closed).toMatchObject({ state: 'closed', version: 7 });

    // 重大: the bureau's approvers heard of it once.
    const heard = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, people.leader.id), eq(notifications.kind, 'opinion_event')));
    expect(heard).toHaveLength(1);
  });

  it('refuses bad fields naming them; nothing is written', async () => {
    const before = await rows();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '  ' }, 'title'],
      [{ link: 'ftp://x.example/a' }, 'link'],
      [{ level: 'huge' }, 'level'],
      [{ source: 'tieba' }, 'source'],
      [{ foundAt: '2026-05-13T11:00:00+08:00' }, 'foundAt'],
      [{ reach: -1 }, 'reach'],
    ];
    for (const [over, field] of cases) {
      const e = await refused(event(c.officerA1, over));
      expect(e.details[0].field, JSON.stringify(over)).toBe(field);
    }
    expect(await rows()).toBe(before);
  });

  it('another town’s unit, event or dispute is not found; a teacher reads nothing; overdue events are found by the filter', async () => {
    expect((await refused(event(c.officerB1), 404)).details[0].field).toBe('unitId');
    expect((await refused(event(c.townA, { unitId: tree.schoolB1.id }), 404)).details[0].field).toBe('unitId');
    const late = await ok(event(c.townA, { unitId: tree.townA.id, level: 'major', foundAt: '2026-05-13T06:00:00+08:00', title: '镇街学校周边交通拥堵视频传播' }), 201);
    expect(late).toMatchObject({ overdue: true, state: 'new', unitName: tree.townA.name });
    expect((await refused(c.officerB1.get(`/api/v1/opinion-events/${late.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.officerB1.get('/api/v1/opinion-events'))).total).toBe(0);
    await refused(c.officerB1.post(`/api/v1/opinion-events/${late.id}/draft`, { version: 1, draft: '越权' }), 404);
    await refused(c.teacher.get('/api/v1/opinion-events'), 403);

    const overdue = await ok(c.townA.get('/api/v1/opinion-events?overdue=true'));
    expect(overdue.items.map((x: { id: number }) => x.id)).toEqual([late.id]);
    expect((await ok(c.bureau.get('/api/v1/opinion-events?state=closed'))).items.every((x: { state: string }) => x.state === 'closed')).toBe(true);
    expect((await ok(c.bureau.get(`/api/v1/opinion-events?q=${encodeURIComponent('交通')}`))).total).toBe(1);

    // A dispute of the town's school may be linked; another town's school cannot link it.
    const dispute = await ok(
      c.officerA1.post('/api/v1/disputes', { schoolId: tree.schoolA1.id, kind: 'dispute', parties: 'school_parent', receivedOn: TODAY, summary: '家长对食堂有意见', handlerName: '张副校长' }),
      201,
    );
    const linked = await ok(c.townA.post(`/api/v1/opinion-events/${late.id}/link`, { version: 1, disputeId: dispute.id }));
    expect(linked).toMatchObject({ disputeId: dispute.id, version: 2 });
    const mine = await ok(event(c.officerB1, { unitId: tree.schoolB1.id, level: 'general' }), 201);
    expect((await refused(c.officerB1.post(`/api/v1/opinion-events/${mine.id}/link`, { version: 1, disputeId: dispute.id }), 404)).details[0].field).toBe('disputeId');
    expect((await refused(c.officerB1.post(`/api/v1/opinion-events/${mine.id}/link`, { version: 1, incidentId: 999999 }), 404)).details[0].field).toBe('incidentId');

    const summary = await ok(c.bureau.get('/api/v1/opinion-events/summary'));
    expect(summary.overdue).toBeGreaterThanOrEqual(1);
    expect(summary.months[0]).toMatchObject({ month: '2026-05', published: 1, medianMinutes: 50 });
    const xlsx = await c.bureau.get('/api/v1/opinion-events/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});

describe('the monitoring service’s webhook', () => {
  const post = (body: unknown, opts: { secret?: string; timestamp?: number; signature?: string } = {}) => {
    const raw = JSON.stringify(body);
    const ts = String(opts.timestamp ?? Math.floor(t.now.value.getTime() / 1000));
    const signature = opts.signature ?? `sha256=${signBody(opts.secret ?? SECRET, ts, raw)}`;
    return t.app.inject({ method: 'POST', url: '/api/v1/opinion-events/webhook', payload: raw, headers: { 'content-type': 'application/json', 'x-anxiao-timestamp': ts, 'x-anxiao-signature': signature } });
  };
  const pushed = (over: Record<string, unknown> = {}) => ({
    id: 'mon-0001',
    districtCode,
    source: 'douyin',
    title: '抖音视频：学生放学后在河边嬉水',
    link: 'https://www.douyin.com/video/1',
    foundAt: '2026-05-13T09:40:00+08:00',
    level: 'major',
    unitName: tree.schoolA2.name,
    ...over,
  });
  const byExternal = async (id: string) => (await t.database.db.select({ n: count() }).from(opinionEvents).where(eq(opinionEvents.externalId, id)))[0].n;

  it('a good signature records the event once; the same id again answers it and writes nothing', async () => {
    const first = await post(pushed());
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['x-ratelimit-limit']).toBe('120'); // rate-limited like an unauthenticated route
    expect(first.json()).toMatchObject({ created: true, event: { origin: 'webhook', externalId: 'mon-0001', unitId: tree.schoolA2.id, unitToAssign: false, level: 'major', state: 'new' } });
    const again = await post(pushed({ title: '改过的标题' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, event: { id: first.json().event.id, title: '抖音视频：学生放学后在河边嬉水' } });
    expect(await byExternal('mon-0001')).toBe(1);
    // 较大: the approvers heard once, and the town sees it.
    expect((await t.database.db.select().from(notifications).where(and(eq(notifications.userId, people.bureau.id), eq(notifications.link, `/opinion?open=${first.json().event.id}`)))).length).toBe(1);
    expect((await ok(c.townA.get(`/api/v1/opinion-events/${first.json().event.id}`))).origin).toBe('webhook');
  });

  it('an unknown unit is kept under the bureau, flagged to be assigned', async () => {
    const res = await post(pushed({ id: 'mon-0002', unitName: '不存在的学校', level: undefined }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().event).toMatchObject({ unitId: tree.bureau.id, unitToAssign: true, level: 'general' });
  });

  it('a bad signature, an old timestamp or no signature: 401 and nothing written; a bad body after a good signature: 400', async () => {
    const before = await rows();
    expect((await post(pushed({ id: 'mon-0003' }), { secret: 'not-the-secret-at-all-0000' })).statusCode).toBe(401);
    expect((await post(pushed({ id: 'mon-0003' }), { timestamp: Math.floor(t.now.value.getTime() / 1000) - 301 })).statusCode).toBe(401);
    expect((await post(pushed({ id: 'mon-0003' }), { signature: 'nope' })).statusCode).toBe(401);
    expect((await post(pushed({ id: 'mon-0003', foundAt: '2026-05-13T12:00:00+08:00' }))).json().error.details[0].field).toBe('foundAt');
    const bad = await post(pushed({ id: 'mon-0003', link: 'not a link' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('link');
    expect(await rows()).toBe(before);
    expect(await byExternal('mon-0003')).toBe(0);
  });

  it('without a secret the webhook is off: 404, nothing written', async () => {
    const off = await startTestApp();
    try {
      const raw = JSON.stringify(pushed({ id: 'mon-off' }));
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await off.app.inject({ method: 'POST', url: '/api/v1/opinion-events/webhook', payload: raw, headers: { 'content-type': 'application/json', 'x-anxiao-timestamp': ts, 'x-anxiao-signature': `sha256=${signBody(SECRET, ts, raw)}` } });
      expect(res.statusCode).toBe(404);
      expect((await off.database.db.select({ n: count() }).from(opinionEvents))[0].n).toBe(0);
    } finally {
      await off.close();
    }
  });
});
