// The IoT monitoring through the API (issue 17; 004 (四)3, 002 area 9): a device's key shown once,
// signed events accepted once, bad signatures and stale timestamps refused, another school's device
// not found, a smoke alarm not cleared in time → exactly one hazard (source 物联网监测), cleared in
// time → none, a temperature over the limit, a silent camera.
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazards, iotAlerts, iotDevices, iotEvents } from '../db/schema.js';
import { buildTree, ok, refused, signedInUsers, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { escalateOverdueAlerts, flagOfflineCameras } from './iot-alerts.js';
import { signBody } from '../../domain/signed-body.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'officerA1' | 'officerB1' | 'townA', Client>;

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date('2026-05-13T02:00:00Z');
  tree = await buildTree(t.database.db);
  ({ c } = await signedInUsers(t.app, t.database.db, {
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
  }));
});
afterAll(() => t.close());

const register = (over: Record<string, unknown> = {}) => ok(c.officerA1.post('/api/v1/iot/devices', { schoolId: tree.schoolA1.id, kind: 'smoke', name: '烟感 1', place: '食堂后厨', ...over }), 201);
const post = (uid: string, key: string, events: unknown[], opts: { ts?: number; url?: string; raw?: string } = {}) => {
  const raw = opts.raw ?? JSON.stringify({ events });
  const ts = String(opts.ts ?? Math.floor(t.now.value.getTime() / 1000));
  return t.app.inject({ method: 'POST', url: opts.url ?? '/api/v1/iot/events', payload: raw, headers: { 'content-type': 'application/json', 'x-anxiao-device': uid, 'x-anxiao-timestamp': ts, 'x-anxiao-signature': `sha256=${signBody(key, ts, raw)}` } });
};
const at = () => t.now.value.toISOString();
const iotHazards = async () => (await t.database.db.select({ n: count() }).from(hazards).where(eq(hazards.source, 'iot')))[0].n;

describe('IoT devices and events (issue 17)', () => {
  it('the key is shown once; signed events accepted once; bad signature, stale timestamp 401; another school 404; bad input names the field', async () => {
    const { device, key } = await register();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const detail = await ok(c.officerA1.get(`/api/v1/iot/devices/${device.id}`));
    expect(JSON.stringify(detail)).not.toContain(key);
    const first = await post(device.uid, key, [{ id: 'e1', kind: 'heartbeat', at: at() }]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = await post(device.uid, key, [{ id: 'e1', kind: 'heartbeat', at: at() }]);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1, results: [{ id: 'e1', status: 'duplicate' }] });
    expect((await t.database.db.select({ n: count() }).from(iotEvents).where(eq(iotEvents.deviceId, device.id)))[0].n).toBe(1);
    expect((await post(device.uid, 'x'.repeat(43), [{ id: 'e2', kind: 'heartbeat', at: at() }])).statusCode).toBe(401);
    expect((await post(device.uid, key, [{ id: 'e2', kind: 'heartbeat', at: at() }], { ts: Math.floor(t.now.value.getTime() / 1000) - 301 })).statusCode).toBe(401);
    await refused(c.officerB1.get(`/api/v1/iot/devices/${device.id}`), 404);
    expect((await ok(c.townA.get(`/api/v1/iot/devices/${device.id}`))).device.canManage).toBe(false);
    const bad = await refused(c.officerA1.post('/api/v1/iot/devices', { schoolId: tree.schoolA1.id, kind: 'temperature', name: '温感', place: '配电房' }));
    expect(bad.details[0].field).toBe('tempLimitC');
    expect(bad.message).toContain('温度上限');
    const rotated = await ok(c.officerA1.post(`/api/v1/iot/devices/${device.id}/rotate-key`, { version: 1 }));
    expect((await post(device.uid, key, [{ id: 'e3', kind: 'heartbeat', at: at() }])).statusCode).toBe(401);
    expect((await post(device.uid, rotated.key, [{ id: 'e3', kind: 'heartbeat', at: at() }])).statusCode).toBe(200);
    await refused(c.officerA1.post(`/api/v1/iot/devices/${device.id}/rotate-key`, { version: 1 }), 409);
  });

  it('a smoke alarm not cleared in 30 minutes → exactly one hazard 物联网监测; a second alarm joins it; cleared in time → none', async () => {
    const { device, key } = await register({ name: '烟感 2' });
    await post(device.uid, key, [{ id: 's1', kind: 'smoke', at: at() }]);
    const [alert] = (await ok(c.officerA1.get(`/api/v1/iot/alerts?state=open`))).items.filter((a: { deviceId: number }) => a.deviceId === device.id);
    expect(alert).toMatchObject({ cause: 'smoke', canClear: true, eventCount: 1 });
    const before = await iotHazards();
    await t.database.db.transaction((tx) => escalateOverdueAlerts(tx, new Date(t.now.value.getTime() + 31 * 60_000)));
    expect(await iotHazards()).toBe(before + 1);
    await post(device.uid, key, [{ id: 's2', kind: 'smoke', at: at() }]);
    await t.database.db.transaction((tx) => escalateOverdueAlerts(tx, new Date(t.now.value.getTime() + 62 * 60_000)));
    expect(await iotHazards()).toBe(before + 1);
    const d = await ok(c.officerA1.get(`/api/v1/iot/devices/${device.id}`));
    expect(d.alerts[0]).toMatchObject({ state: 'escalated', eventCount: 2, hazardCode: expect.any(String) });
    expect(d.events.every((e: { alertId: number | null }) => e.alertId === alert.id)).toBe(true);

    const other = await register({ name: '烟感 3' });
    await post(other.device.uid, other.key, [{ id: 's1', kind: 'smoke', at: at() }]);
    const [a2] = (await ok(c.officerA1.get(`/api/v1/iot/devices/${other.device.id}`))).alerts;
    expect((await refused(c.officerA1.post(`/api/v1/iot/alerts/${a2.id}/clear`, { version: a2.version, outcome: 'false_alarm' }))).details[0].field).toBe('note');
    await refused(c.officerB1.post(`/api/v1/iot/alerts/${a2.id}/clear`, { version: a2.version, outcome: 'false_alarm', note: '测试' }), 404);
    await ok(c.officerA1.post(`/api/v1/iot/alerts/${a2.id}/clear`, { version: a2.version, outcome: 'false_alarm', note: '厨房油烟，已复位' }));
    await t.database.db.transaction((tx) => escalateOverdueAlerts(tx, new Date(t.now.value.getTime() + 120 * 60_000)));
    expect(await iotHazards()).toBe(before + 1);
  });

  it('a temperature over the device limit alerts, under it does not; a silent camera raises an offline alert', async () => {
    const { device, key } = await register({ kind: 'temperature', name: '温感', place: '配电房', tempLimitC: 60 });
    await post(device.uid, key, [{ id: 't1', kind: 'temperature', at: at(), value: 45 }]);
    expect((await ok(c.officerA1.get(`/api/v1/iot/devices/${device.id}`))).alerts).toHaveLength(0);
    await post(device.uid, key, [{ id: 't2', kind: 'temperature', at: at(), value: 72.5 }]);
    const d = await ok(c.officerA1.get(`/api/v1/iot/devices/${device.id}`));
    expect(d.alerts[0]).toMatchObject({ cause: 'over_temperature' });
    expect(d.device).toMatchObject({ lastTemperatureC: 72.5, state: 'alerting' });

    const cam = await register({ kind: 'camera', name: '校门摄像头', place: '东门' });
    await t.database.db.transaction((tx) => flagOfflineCameras(tx, new Date(t.now.value.getTime() + 3 * 3_600_000), 2));
    const camView = await ok(c.officerA1.get(`/api/v1/iot/devices/${cam.device.id}`));
    expect(camView.alerts[0]).toMatchObject({ cause: 'offline', state: 'open' });
    // The heartbeat ends it, and reports the days of video kept.
    await post(cam.device.uid, cam.key, [{ id: 'h1', kind: 'heartbeat', at: at(), retentionDays: 30 }]);
    expect((await ok(c.officerA1.get(`/api/v1/iot/devices/${cam.device.id}`))).alerts[0]).toMatchObject({ state: 'cleared', outcome: 'recovered' });
    expect(await ok(c.officerA1.get(`/api/v1/iot/profile-facts?schoolId=${tree.schoolA1.id}`))).toMatchObject({ video: { cameras: 1, online: 1, retentionDays: 30 }, alarms: null });
    expect((await t.database.db.select({ n: count() }).from(hazards).where(and(eq(hazards.source, 'iot'), eq(hazards.schoolId, tree.schoolB1.id))))[0].n).toBe(0);
  });

  it('a gateway posts for the devices of its school: 500 in one body, another school\'s and an unknown device refused per event, replays duplicate, bad signature 401, oversize 413', async () => {
    const gw = await register({ kind: 'gateway', name: '网关', place: '弱电间' });
    const smoke = await register({ name: '烟感 网关下' });
    const temp = await register({ kind: 'temperature', name: '温感 网关下', place: '配电房', tempLimitC: 60 });
    const foreign = await ok(c.officerB1.post('/api/v1/iot/devices', { schoolId: tree.schoolB1.id, kind: 'smoke', name: '他校烟感', place: '食堂' }), 201);
    const gwPost = (events: unknown[], opts: { key?: string; uid?: string; raw?: string; ts?: number } = {}) => post(opts.uid ?? gw.device.uid, opts.key ?? gw.key, events, { ...opts, url: '/api/v1/iot/gateway-events' });
    const stored = async (deviceIds: number[]) => (await t.database.db.select({ n: count() }).from(iotEvents).where(inArray(iotEvents.deviceId, deviceIds)))[0].n;

    // 500 events of two devices in one signed body: all stored, the devices' facts moved on, no alert.
    // In the body newest first: the device's reading is the latest by time, not the last in the body.
    const batch = Array.from({ length: 500 }, (_, i) =>
      i % 2 ? { device: smoke.device.uid, id: `hb-${i}`, kind: 'heartbeat', at: at() } : { device: temp.device.uid, id: `t-${i}`, kind: 'temperature', at: new Date(t.now.value.getTime() - (500 - i) * 1000).toISOString(), value: 20 + (i % 30) },
    ).reverse();
    const big = await gwPost(batch);
    expect(big.statusCode, big.body).toBe(200);
    expect(big.json()).toMatchObject({ accepted: 500, duplicates: 0, refused: 0 });
    expect(await stored([smoke.device.id, temp.device.id])).toBe(500);
    const tempView = await ok(c.officerA1.get(`/api/v1/iot/devices/${temp.device.id}`));
    // i = 498: 20 + 498 % 30.
    expect(tempView.device).toMatchObject({ lastTemperatureC: 38, state: 'online' });
    expect(tempView.alerts).toHaveLength(0);

    // Mixed: another school's device and an unknown one refused alike, an alarm raises its alert, a replay is a duplicate, a kind the device cannot send refused.
    const mixed = await gwPost([
      { device: foreign.device.uid, id: 'f1', kind: 'smoke', at: at() },
      { device: '0123456789abcdef', id: 'u1', kind: 'heartbeat', at: at() },
      { device: smoke.device.uid, id: 'hb-1', kind: 'heartbeat', at: at() },
      { device: smoke.device.uid, id: 'alarm-1', kind: 'smoke', at: at() },
      { device: temp.device.uid, id: 'bad-kind', kind: 'smoke', at: at() },
      { device: temp.device.uid, id: 'hot', kind: 'temperature', at: at(), value: 75 },
    ]);
    expect(mixed.statusCode, mixed.body).toBe(200);
    const m = mixed.json();
    expect(m).toMatchObject({ accepted: 2, duplicates: 1, refused: 3 });
    expect(m.results.map((r: { status: string }) => r.status)).toEqual(['refused', 'refused', 'duplicate', 'accepted', 'refused', 'accepted']);
    expect(m.results[0].reason).toBe(m.results[1].reason);
    expect(m.results[0].reason).toContain('不属于本网关所在学校');
    expect(m.results[4].reason).toContain('不会上报');
    expect(await stored([foreign.device.id])).toBe(0);
    const alerts = await t.database.db.select({ deviceId: iotAlerts.deviceId, cause: iotAlerts.cause, eventCount: iotAlerts.eventCount }).from(iotAlerts).where(inArray(iotAlerts.deviceId, [smoke.device.id, temp.device.id]));
    expect(alerts.sort((a, b) => a.deviceId - b.deviceId)).toEqual([
      { deviceId: smoke.device.id, cause: 'smoke', eventCount: 1 },
      { deviceId: temp.device.id, cause: 'over_temperature', eventCount: 1 },
    ]);
    const [linked] = await t.database.db.select({ alertId: iotEvents.alertId }).from(iotEvents).where(and(eq(iotEvents.deviceId, smoke.device.id), eq(iotEvents.eventId, 'alarm-1')));
    expect(linked.alertId).not.toBeNull();
    // The whole body again: every event a duplicate, nothing more stored.
    const replay = await gwPost(batch);
    expect(replay.json()).toMatchObject({ accepted: 0, duplicates: 500, refused: 0 });
    expect(await stored([smoke.device.id, temp.device.id])).toBe(502);

    // Refused whole: a bad signature, a stale timestamp, a device's key on the gateway endpoint (and the gateway's on the device one), a body over 500 events, a body over the size limit.
    const one = [{ device: smoke.device.uid, id: 'x1', kind: 'heartbeat', at: at() }];
    expect((await gwPost(one, { key: 'x'.repeat(43) })).statusCode).toBe(401);
    expect((await gwPost(one, { ts: Math.floor(t.now.value.getTime() / 1000) - 301 })).statusCode).toBe(401);
    expect((await gwPost(one, { uid: smoke.device.uid, key: smoke.key })).statusCode).toBe(401);
    expect((await post(gw.device.uid, gw.key, [{ id: 'x1', kind: 'heartbeat', at: at() }])).statusCode).toBe(401);
    const tooMany = await gwPost(Array.from({ length: 501 }, (_, i) => ({ device: smoke.device.uid, id: `m-${i}`, kind: 'heartbeat', at: at() })));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('每次最多 500 个事件');
    const oversize = await gwPost([], { raw: JSON.stringify({ events: [{ device: smoke.device.uid, id: 'o1', kind: 'heartbeat', at: at() }], pad: 'x'.repeat(300 * 1024) }) });
    expect(oversize.statusCode).toBe(413);
    expect(await stored([smoke.device.id])).toBe(251);

    // Retired: the gateway is refused at once on this instance (the cache forgets it on the change).
    const gwRow = await ok(c.officerA1.get(`/api/v1/iot/devices/${gw.device.id}`));
    await ok(c.officerA1.patch(`/api/v1/iot/devices/${gw.device.id}`, { version: gwRow.device.version, name: '网关', place: '弱电间', status: 'retired' }));
    expect((await gwPost([{ device: smoke.device.uid, id: 'after-retire', kind: 'heartbeat', at: at() }])).statusCode).toBe(401);
    const [{ status }] = await t.database.db.select({ status: iotDevices.status }).from(iotDevices).where(eq(iotDevices.id, gw.device.id));
    expect(status).toBe('retired');
  });
});
