// The IoT monitoring through the API (issue 17; 004 (四)3, 002 area 9): a device's key shown once,
// signed events accepted once, bad signatures and stale timestamps refused, another school's device
// not found, a smoke alarm not cleared in time → exactly one hazard (source 物联网监测), cleared in
// time → none, a temperature over the limit, a silent camera.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazards, iotEvents } from '../db/schema.js';
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
const post = (uid: string, key: string, events: unknown[], opts: { ts?: number } = {}) => {
  const raw = JSON.stringify({ events });
  const ts = String(opts.ts ?? Math.floor(t.now.value.getTime() / 1000));
  return t.app.inject({ method: 'POST', url: '/api/v1/iot/events', payload: raw, headers: { 'content-type': 'application/json', 'x-anxiao-device': uid, 'x-anxiao-timestamp': ts, 'x-anxiao-signature': `sha256=${signBody(key, ts, raw)}` } });
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
});
