// What a device posts, or a vendor's gateway for the devices of its school (issue 17; README
// 物联网设备接入): a batch of events signed with the sender's key. No session and no audit event per
// message (a chained audit write per event would serialise the district on the chain's lock; the
// event rows themselves are the record, write-once). Each event carries the device's own id: the
// unique (device, event id) index and ON CONFLICT DO NOTHING make a replay answer 'duplicate' and
// write nothing.
//
// Sized for 2,000 events a second (BENCHMARKS.md, iot): the sender is read from a per-instance
// cache, and a batch is one prepared statement (the events as `unnest` arrays, the devices' last
// facts and a camera's offline alert in data-modifying CTEs of the same statement), with no
// transaction around it. Only a batch holding an event that can raise an alert (alertCauseOf) runs
// in a transaction with the alert rules.
import { sql } from 'drizzle-orm';
import type { IotEventKind, IotGatewayAnswer, IotGatewayIngest, IotIngest, IotIngestAnswer } from '../../contracts/iot.js';
import { alertCauseOf, eventProblem, type DeviceFacts } from '../../domain/iot.js';
import { MAX_SKEW_SECONDS, signatureProblem } from '../../domain/signed-body.js';
import type { Executor } from '../db/client.js';
import { prepared, preparedSql } from '../db/prepared.js';
import { iotAlerts, iotDevices, iotEvents } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { raiseAlert } from './iot-alerts.js';
import { deviceKeyOf } from './iot-keys.js';

const deviceColumns = {
  id: iotDevices.id,
  uid: iotDevices.uid,
  districtId: iotDevices.districtId,
  schoolId: iotDevices.schoolId,
  schoolPath: iotDevices.schoolPath,
  kind: iotDevices.kind,
  name: iotDevices.name,
  place: iotDevices.place,
  status: iotDevices.status,
  tempLimitC: iotDevices.tempLimitC,
  keyEnc: iotDevices.keyEnc,
};
type DeviceRow = Awaited<ReturnType<typeof readDevices>>[number];
export type IngestDevice = DeviceRow & { kind: DeviceFacts['kind'] };

const readDevices = (db: Executor, uids: string[]) =>
  prepared(
    db
      .select(deviceColumns)
      .from(iotDevices)
      .where(sql`${iotDevices.uid} = any(${sql.param(uids)}::text[])`),
  );

// ---- the devices an instance keeps in memory
// Keyed by the database handle (tests run several databases in one process) and the uid. A change
// through this instance (key rotated, device retired or edited) forgets the entry after its commit;
// another instance keeps its copy until the TTL ends (IOT_DEVICE_CACHE_SECONDS, 30 s): a retired
// device or a replaced key is still accepted there for at most that long. A new key is accepted at
// once everywhere: a signature that fails against a cached key is checked again against the row.
const caches = new WeakMap<object, Map<string, { device: IngestDevice; until: number }>>();
const CACHE_MAX = 100_000;

export function forgetDevice(db: object, uid: string) {
  caches.get(db)?.delete(uid);
}

/** The active devices of these uids, from the cache or in one statement; an unknown or retired one is absent. */
export async function devicesByUid(db: Executor, uids: string[], ttlMs: number, fresh = false): Promise<Map<string, IngestDevice>> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const clock = Date.now();
  const found = new Map<string, IngestDevice>();
  const missing: string[] = [];
  for (const uid of uids) {
    const hit = fresh ? undefined : cache.get(uid);
    if (hit && hit.until > clock) found.set(uid, hit.device);
    else missing.push(uid);
  }
  if (missing.length) {
    for (const row of await readDevices(db, missing)) {
      if (row.status !== 'active') continue;
      const device = row as IngestDevice;
      found.set(row.uid, device);
      if (ttlMs <= 0) continue;
      // Map keeps insertion order: past the bound the oldest entry goes.
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(row.uid, { device, until: clock + ttlMs });
    }
  }
  return found;
}

/**
 * The device that signed this body, or why not (for the log, never for the sender: an unknown or
 * retired device and a bad signature answer alike).
 */
export async function signedBy(
  db: Executor,
  uid: unknown,
  headers: { signature?: string; timestamp?: string },
  raw: string,
  at: Date,
  ttlMs: number,
): Promise<{ device: IngestDevice; problem: null } | { device: null; problem: string }> {
  if (typeof uid !== 'string' || !/^[0-9a-f]{16}$/.test(uid)) return { device: null, problem: 'missing or malformed device id' };
  for (const fresh of [false, true]) {
    const device = (await devicesByUid(db, [uid], ttlMs, fresh)).get(uid);
    if (!device) return { device: null, problem: 'unknown or retired device' };
    const problem = signatureProblem(deviceKeyOf(uid, device.keyEnc), headers, raw, at);
    if (!problem) return { device, problem: null };
    // The key may have been rotated through another instance since this one cached it.
    if (problem !== 'signature mismatch' || fresh) return { device: null, problem };
  }
  return { device: null, problem: 'unreachable' };
}

// ---- storing
export interface EventRow {
  device: IngestDevice;
  eventId: string;
  kind: IotEventKind;
  at: Date;
  value: number | null;
  ok: boolean | null;
  retentionDays: number | null;
}

/** The event of this device as stored, or why it is refused (Chinese, naming what is wrong). */
function rowOf(device: IngestDevice, e: IotIngest['events'][number], now: Date): EventRow | string {
  const problem = eventProblem(device, e);
  if (problem) return problem;
  const at = new Date(e.at);
  // The device's clock may differ by as much as the signature's window, no more.
  if (at.getTime() > now.getTime() + MAX_SKEW_SECONDS * 1000) return '事件时间不能晚于现在';
  return { device, eventId: e.id, kind: e.kind, at, value: e.value ?? null, ok: e.ok ?? null, retentionDays: e.retentionDays ?? null };
}

const keyOf = (deviceId: number, eventId: string) => `${deviceId}:${eventId}`;

/**
 * One statement: the events inserted (a stored one skipped), then, from the rows actually inserted,
 * each device's last event, heartbeat, reading, test and video retention moved forward (never back
 * by a late event) and a camera's open offline alert ended (any message shows it alive). The
 * devices are taken in id order, so two batches for the same devices lock them in the same order.
 */
function insertStatement(db: Executor, rows: EventRow[], now: Date) {
  const col = <T>(f: (r: EventRow) => T) => sql.param(rows.map(f));
  return preparedSql<{ id: string; device_id: number; event_id: string }>(
    db,
    sql`with ins as (
      insert into ${iotEvents} (district_id, device_id, event_id, kind, at, received_at, value, ok, retention_days)
      select district_id, device_id, event_id, kind, at, ${now.toISOString()}::timestamptz, value, ok, retention_days
      from unnest(${col((r) => r.device.districtId)}::integer[], ${col((r) => r.device.id)}::integer[], ${col((r) => r.eventId)}::text[], ${col((r) => r.kind)}::text[],
        ${col((r) => r.at.toISOString())}::timestamptz[], ${col((r) => r.value)}::numeric[], ${col((r) => r.ok)}::boolean[], ${col((r) => r.retentionDays)}::integer[])
        as e(district_id, device_id, event_id, kind, at, value, ok, retention_days)
      on conflict (device_id, event_id) do nothing
      returning id, device_id, event_id, kind, at, value, ok, retention_days
    ), s as (
      select device_id, max(at) as last_at,
        max(at) filter (where kind = 'temperature') as temp_at,
        (array_agg(value order by at desc) filter (where kind = 'temperature'))[1] as temp_value,
        max(at) filter (where kind = 'test') as test_at,
        (array_agg(ok order by at desc) filter (where kind = 'test'))[1] as test_ok,
        (array_agg(retention_days order by at desc) filter (where retention_days is not null))[1] as retention_days
      from ins group by device_id order by device_id
    ), dev as (
      update ${iotDevices} d set
        last_event_at = greatest(d.last_event_at, s.last_at),
        last_heartbeat_at = greatest(d.last_heartbeat_at, s.last_at),
        last_temperature_c = case when s.temp_at is not null and (d.last_event_at is null or d.last_event_at <= s.temp_at) then s.temp_value else d.last_temperature_c end,
        last_test_ok = case when s.test_at is not null and (d.last_test_at is null or d.last_test_at <= s.test_at) then s.test_ok else d.last_test_ok end,
        last_test_at = greatest(d.last_test_at, s.test_at),
        retention_days = coalesce(s.retention_days, d.retention_days)
      from s where d.id = s.device_id
    ), back as (
      update ${iotAlerts} a set state = 'cleared', cleared_at = s.last_at, cleared_by_name = '设备恢复在线', outcome = 'recovered',
        note = to_char(s.last_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') || ' 收到心跳', version = a.version + 1, updated_at = s.last_at
      from s where a.device_id = s.device_id and a.cause = 'offline' and a.state = 'open'
    )
    select id, device_id, event_id from ins`,
  );
}

/**
 * Stores the events and returns the keys (`device:event`) of those stored now; the rest were
 * stored before. The alert rules run only when an event can raise an alert, and then in one
 * transaction with the insert: an alarm is never stored without its alert.
 */
export async function storeEvents(db: Executor, rows: EventRow[], now: Date): Promise<Set<string>> {
  const causes = rows.map((r) => alertCauseOf(r.device, r));
  if (causes.every((c) => c === null)) return new Set((await insertStatement(db, rows, now)).map((r) => keyOf(r.device_id, r.event_id)));
  return db.transaction(async (tx) => {
    const inserted = await insertStatement(tx, rows, now);
    const idOf = new Map(inserted.map((r) => [keyOf(r.device_id, r.event_id), Number(r.id)]));
    // The alarms among the stored events: one alert per device and cause, the events linked to it.
    const groups = new Map<string, { device: IngestDevice; cause: NonNullable<(typeof causes)[number]>; first: Date; ids: number[] }>();
    const taken = new Set<string>();
    rows.forEach((r, i) => {
      const cause = causes[i];
      const key = keyOf(r.device.id, r.eventId);
      const id = idOf.get(key);
      if (!cause || id === undefined || taken.has(key)) return;
      taken.add(key);
      const g = groups.get(`${r.device.id}:${cause}`);
      if (g) {
        g.ids.push(id);
        if (r.at < g.first) g.first = r.at;
      } else groups.set(`${r.device.id}:${cause}`, { device: r.device, cause, first: r.at, ids: [id] });
    });
    for (const g of groups.values()) {
      const alertId = await raiseAlert(tx, g.device, g.cause, g.first, g.ids.length);
      await tx.update(iotEvents).set({ alertId }).where(sql`${iotEvents.id} = any(${sql.param(g.ids)}::bigint[])`);
    }
    return new Set(idOf.keys());
  });
}

/** A device's own batch: an event that does not fit the device refuses the batch, naming the field. */
export async function ingestEvents(db: Executor, d: IngestDevice, body: IotIngest, now: Date): Promise<IotIngestAnswer> {
  const rows = body.events.map((e, i) => {
    const row = rowOf(d, e, now);
    if (typeof row === 'string') throw fieldError(row === '事件时间不能晚于现在' ? `events.${i}.at` : `events.${i}.kind`, row, `第 ${i + 1} 个事件`);
    return row;
  });
  const stored = await storeEvents(db, rows, now);
  const results = body.events.map((e) => ({ id: e.id, status: stored.delete(keyOf(d.id, e.id)) ? ('accepted' as const) : ('duplicate' as const) }));
  return { accepted: results.filter((r) => r.status === 'accepted').length, duplicates: results.filter((r) => r.status === 'duplicate').length, results };
}

/** Why a gateway's event for a device it does not serve is refused: an unknown device and another school's answer alike. */
export const NOT_SERVED = '设备未登记、已停用或不属于本网关所在学校';

/**
 * A gateway's batch: each event names its device, which must be an active device of the gateway's
 * school; an event that fails is refused alone, with its reason, and the rest are stored.
 */
export async function ingestGatewayEvents(db: Executor, gateway: IngestDevice, body: IotGatewayIngest, now: Date, ttlMs: number): Promise<IotGatewayAnswer> {
  const devices = await devicesByUid(db, [...new Set(body.events.map((e) => e.device))], ttlMs);
  const verdicts = body.events.map((e) => {
    const d = devices.get(e.device);
    return d && d.schoolId === gateway.schoolId && d.districtId === gateway.districtId ? rowOf(d, e, now) : NOT_SERVED;
  });
  const rows = verdicts.filter((v): v is EventRow => typeof v !== 'string');
  const stored = rows.length ? await storeEvents(db, rows, now) : new Set<string>();
  const results = body.events.map((e, i) => {
    const v = verdicts[i];
    if (typeof v === 'string') return { device: e.device, id: e.id, status: 'refused' as const, reason: v };
    return { device: e.device, id: e.id, status: stored.delete(keyOf(v.device.id, e.id)) ? ('accepted' as const) : ('duplicate' as const) };
  });
  const n = (s: string) => results.filter((r) => r.status === s).length;
  return { accepted: n('accepted'), duplicates: n('duplicate'), refused: n('refused'), results };
}
