// The device registry and alerts as the web page uses them (issue 17; 004 (四)3): the list in each
// person's scope, filtered by town, school, kind and state (the state judged in SQL as the domain
// judges it), paged; edit and retire with a version (stale 409), only by the device's school; an
// alert with its events; and the vendor protocol as README.md states it, statement by statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../domain/signed-body.js';
import { buildTree, ok, refused, signedInUsers, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'officerA1' | 'officerB1' | 'townA' | 'bureau', Client>;
const RATE = 5;

beforeAll(async () => {
  t = await startTestApp({ iotRatePerMinute: RATE });
  t.now.value = new Date('2026-12-01T02:00:00Z');
  tree = await buildTree(t.database.db);
  ({ c } = await signedInUsers(t.app, t.database.db, {
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
    bureau: [tree.bureau, ['bureau_leader']],
  }));
});
afterAll(() => t.close());

type Device = { id: number; uid: string; name: string; state: string; version: number; status: string };
const register = async (who: Client, schoolId: number, over: Record<string, unknown>) =>
  (await ok(who.post('/api/v1/iot/devices', { schoolId, kind: 'smoke', name: '烟感', place: '食堂', ...over }), 201)) as { device: Device; key: string };
const send = (uid: string, key: string, raw: string, ts = String(Math.floor(t.now.value.getTime() / 1000)), headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/iot/events', payload: raw, headers: { 'content-type': 'application/json', 'x-anxiao-device': uid, 'x-anxiao-timestamp': ts, 'x-anxiao-signature': `sha256=${signBody(key, ts, raw)}`, ...headers } });
const post = (d: { device: Device; key: string }, events: unknown[]) => send(d.device.uid, d.key, JSON.stringify({ events }));
const at = () => t.now.value.toISOString();
const names = async (who: Client, query: string) => ((await ok(who.get(`/api/v1/iot/devices?${query}`))).items as Device[]).map((d) => d.name).sort();

describe('the device registry for the page (issue 17)', () => {
  it('each sees the devices in scope; filters by town, school, kind and state; pages with a total', async () => {
    const t0 = t.now.value;
    const smoke = await register(c.officerA1, tree.schoolA1.id, { name: 'S 烟感' });
    await register(c.officerA1, tree.schoolA1.id, { kind: 'camera', name: 'C1 未上线', place: '东门' });
    const c2 = await register(c.officerA1, tree.schoolA1.id, { kind: 'camera', name: 'C2 离线', place: '西门' });
    const temp = await register(c.officerA1, tree.schoolA1.id, { kind: 'temperature', name: 'T 温感', place: '配电房', tempLimitC: 60 });
    const button = await register(c.officerA1, tree.schoolA1.id, { kind: 'alarm_button', name: 'B 停用', place: '门卫室' });
    await register(c.officerB1, tree.schoolB1.id, { name: 'B1 烟感' });
    expect((await post(c2, [{ id: 'h1', kind: 'heartbeat', at: at(), retentionDays: 30 }])).statusCode).toBe(200);
    // Three hours on: the camera heard at t0 is offline (2 hours), the one never heard is 未上线.
    t.now.value = new Date(t0.getTime() + 3 * 3_600_000);
    expect((await post(smoke, [{ id: 'h1', kind: 'heartbeat', at: at() }])).statusCode).toBe(200);
    expect((await post(temp, [{ id: 't1', kind: 'temperature', at: at(), value: 70 }])).statusCode).toBe(200);
    await ok(c.officerA1.patch(`/api/v1/iot/devices/${button.device.id}`, { version: 1, name: 'B 停用', place: '门卫室', status: 'retired' }));

    const byState = { online: ['S 烟感'], offline: ['C2 离线'], never: ['C1 未上线'], alerting: ['T 温感'], retired: ['B 停用'] };
    for (const [state, expected] of Object.entries(byState)) {
      const items = (await ok(c.officerA1.get(`/api/v1/iot/devices?state=${state}`))).items as Device[];
      expect(items.map((d) => d.name), state).toEqual(expected);
      // The SQL filter and the domain's state agree.
      expect(items.every((d) => d.state === state)).toBe(true);
    }
    expect(await names(c.officerA1, 'kind=camera')).toEqual(['C1 未上线', 'C2 离线']);
    const page = await ok(c.officerA1.get('/api/v1/iot/devices?pageSize=2&page=2'));
    expect(page).toMatchObject({ total: 5, page: 2, pageSize: 2, offlineHours: 2 });
    expect(page.items).toHaveLength(2);

    // The town sees its schools only; the bureau the district; a school its own.
    expect(await names(c.townA, '')).toHaveLength(5);
    await refused(c.townA.get(`/api/v1/iot/devices?schoolId=${tree.schoolB1.id}`), 404);
    expect(await names(c.bureau, '')).toHaveLength(6);
    expect(await names(c.bureau, `townId=${tree.townB.id}`)).toEqual(['B1 烟感']);
    expect(await names(c.officerB1, '')).toEqual(['B1 烟感']);
    expect(((await ok(c.townA.get('/api/v1/iot/devices'))).items as { canManage: boolean }[]).some((d) => d.canManage)).toBe(false);
  });

  it('edit and retire carry the version (stale 409); only the school writes; a retired device is refused, restored it is heard', async () => {
    const d = await register(c.officerA1, tree.schoolA1.id, { name: '改名前' });
    const url = `/api/v1/iot/devices/${d.device.id}`;
    const edited = await ok(c.officerA1.patch(url, { version: 1, name: '改名后', place: '二楼走廊', status: 'active' }));
    expect(edited).toMatchObject({ name: '改名后', place: '二楼走廊', version: 2 });
    expect((await refused(c.officerA1.patch(url, { version: 1, name: '再改', place: '二楼走廊', status: 'retired' }), 409)).code).toBe('STALE_VERSION');
    await refused(c.townA.patch(url, { version: 2, name: '镇街改', place: '二楼走廊', status: 'retired' }), 403);
    await refused(c.officerB1.patch(url, { version: 2, name: '他校改', place: '二楼走廊', status: 'retired' }), 404);
    const bad = await refused(c.officerA1.patch(url, { version: 2, name: ' ', place: '二楼走廊', status: 'active' }));
    expect(bad.details[0]).toMatchObject({ field: 'name', message: '请填写设备名称' });

    await ok(c.officerA1.patch(url, { version: 2, name: '改名后', place: '二楼走廊', status: 'retired' }));
    expect((await post(d, [{ id: 'r1', kind: 'heartbeat', at: at() }])).statusCode).toBe(401);
    await ok(c.officerA1.patch(url, { version: 3, name: '改名后', place: '二楼走廊', status: 'active' }));
    expect((await post(d, [{ id: 'r1', kind: 'heartbeat', at: at() }])).statusCode).toBe(200);
  });

  it('an alert with the events that raised it; another school 404; the list pages with the open ones first', async () => {
    const d = await register(c.officerA1, tree.schoolA1.id, { name: '报警烟感' });
    expect((await post(d, [{ id: 'a1', kind: 'smoke', at: at() }, { id: 'a2', kind: 'smoke', at: at() }])).json()).toMatchObject({ accepted: 2 });
    const [alert] = (await ok(c.officerA1.get(`/api/v1/iot/devices/${d.device.id}`))).alerts;
    const detail = await ok(c.officerA1.get(`/api/v1/iot/alerts/${alert.id}`));
    expect(detail.alert).toMatchObject({ id: alert.id, cause: 'smoke', eventCount: 2, canClear: true });
    expect(detail.events.map((e: { eventId: string }) => e.eventId).sort()).toEqual(['a1', 'a2']);
    await refused(c.officerB1.get(`/api/v1/iot/alerts/${alert.id}`), 404);
    expect((await ok(c.townA.get(`/api/v1/iot/alerts/${alert.id}`))).alert.canClear).toBe(false);
    await refused(c.townA.post(`/api/v1/iot/alerts/${alert.id}/clear`, { version: alert.version, outcome: 'handled', note: '镇街' }), 403);

    const other = await register(c.officerA1, tree.schoolA1.id, { name: '另一烟感' });
    await post(other, [{ id: 'b1', kind: 'smoke', at: at() }]);
    await ok(c.officerA1.post(`/api/v1/iot/alerts/${alert.id}/clear`, { version: alert.version, outcome: 'handled', note: '已排查，烟雾来自实验' }));
    const list = await ok(c.officerA1.get('/api/v1/iot/alerts?pageSize=100'));
    const states = (list.items as { state: string }[]).map((a) => a.state);
    expect(states.indexOf('cleared')).toBeGreaterThan(states.lastIndexOf('open'));
    expect(list.total).toBe(states.length);
    expect((await ok(c.officerA1.get('/api/v1/iot/alerts?state=cleared'))).items.map((a: { id: number }) => a.id)).toContain(alert.id);
    expect((await ok(c.bureau.get(`/api/v1/iot/alerts?townId=${tree.townB.id}`))).total).toBe(0);
    await refused(c.officerA1.get('/api/v1/iot/alerts?pageSize=201'));
  });
});

describe("the vendor protocol as README.md states it (物联网设备接入)", () => {
  it('answers 400 naming the field, 401 for any doubt about the sender, 413 past 64 KB, 429 past the rate per device', async () => {
    const d = await register(c.officerA1, tree.schoolA1.id, { kind: 'temperature', name: '协议温感', place: '机房', tempLimitC: 50 });
    const wrongKind = await post(d, [{ id: 'k1', kind: 'smoke', at: at() }]);
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.details[0].field).toBe('events.0.kind');
    const noValue = await post(d, [{ id: 'k2', kind: 'temperature', at: at() }]);
    expect(noValue.json().error.details[0].field).toBe('events.0.kind');
    const future = await post(d, [{ id: 'k3', kind: 'temperature', value: 20, at: new Date(t.now.value.getTime() + 301_000).toISOString() }]);
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details[0].field).toBe('events.0.at');
    const notJson = await send(d.device.uid, d.key, '{"events":');
    expect(notJson.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求体不是有效的 JSON' });

    const unsigned = await send(d.device.uid, d.key, '{}', undefined, { 'x-anxiao-signature': '' });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error.code).toBe('BAD_SIGNATURE');
    expect((await send('0123456789abcdef', d.key, '{}')).statusCode).toBe(401);
    // Five minutes either way is accepted, a second more is not (only the signature is checked before the body is read).
    const w = await register(c.officerA1, tree.schoolA1.id, { name: '时间窗' });
    const ts = Math.floor(t.now.value.getTime() / 1000);
    expect((await send(w.device.uid, w.key, '{}', String(ts + 300))).statusCode).toBe(400);
    expect((await send(w.device.uid, w.key, '{}', String(ts - 300))).statusCode).toBe(400);
    expect((await send(w.device.uid, w.key, '{}', String(ts + 301))).statusCode).toBe(401);
    expect((await send(w.device.uid, w.key, '{}', String(ts - 301))).statusCode).toBe(401);
    // Every request of the device counts, refused ones too: d has sent five.
    expect((await post(d, [{ id: 'k9', kind: 'temperature', value: 20, at: at() }])).statusCode).toBe(429);

    const big = await register(c.officerA1, tree.schoolA1.id, { name: '大包' });
    const huge = await send(big.device.uid, big.key, JSON.stringify({ events: [], pad: 'x'.repeat(64 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const tooMany = await post(big, Array.from({ length: 101 }, (_, i) => ({ id: `m${i}`, kind: 'heartbeat', at: at() })));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details[0]).toMatchObject({ field: 'events', message: '每次最多 100 个事件' });

    // Past the rate per device in a minute: 429 with Retry-After.
    const limited = await register(c.officerA1, tree.schoolA1.id, { name: '限流' });
    for (let i = 0; i < RATE; i++) expect((await post(limited, [{ id: `l${i}`, kind: 'heartbeat', at: at() }])).statusCode).toBe(200);
    const over = await post(limited, [{ id: 'l9', kind: 'heartbeat', at: at() }]);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });
});
