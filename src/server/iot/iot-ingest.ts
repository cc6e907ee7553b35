// What a device (or a vendor's gateway for it) posts (issue 17; README 物联网设备接入): a batch of
// events, signed with the device's key. No session and no audit event per message (a chained audit
// write per event would serialise the district on the chain's lock; the event rows themselves are
// the record, write-once). Each event carries the device's own id: the unique (device, event id)
// index and ON CONFLICT DO NOTHING make a replay answer 'duplicate' and write nothing.
import { eq, sql } from 'drizzle-orm';
import type { IotIngest, IotIngestAnswer } from '../../contracts/iot.js';
import { alertCauseOf, eventProblem } from '../../domain/iot.js';
import type { Executor } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { iotDevices, iotEvents } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { raiseAlert, recoverOffline } from './iot-alerts.js';
import { MAX_SKEW_SECONDS } from '../../domain/signed-body.js';

/** The device a request names, with what verifying and judging its events needs; a retired one is not served. */
export async function deviceForIngest(db: Executor, uid: string) {
  const [d] = await prepared(
    db
      .select({
        id: iotDevices.id,
        districtId: iotDevices.districtId,
        schoolId: iotDevices.schoolId,
        schoolPath: iotDevices.schoolPath,
        kind: iotDevices.kind,
        name: iotDevices.name,
        place: iotDevices.place,
        status: iotDevices.status,
        tempLimitC: iotDevices.tempLimitC,
        keyEnc: iotDevices.keyEnc,
      })
      .from(iotDevices)
      .where(eq(iotDevices.uid, uid)),
  );
  return d && d.status === 'active' ? d : null;
}
export type IngestDevice = NonNullable<Awaited<ReturnType<typeof deviceForIngest>>>;

const latest = <T extends { at: Date }>(xs: T[]) => xs.reduce<T | null>((m, x) => (m === null || x.at > m.at ? x : m), null);

export async function ingestEvents(db: Executor, d: IngestDevice, body: IotIngest, now: Date): Promise<IotIngestAnswer> {
  const device = { kind: d.kind as IngestDevice['kind'] & Parameters<typeof eventProblem>[0]['kind'], tempLimitC: d.tempLimitC };
  const rows = body.events.map((e, i) => {
    const problem = eventProblem(device, e);
    if (problem) throw fieldError(`events.${i}.kind`, problem, `第 ${i + 1} 个事件的类型`);
    const at = new Date(e.at);
    // The device's clock may differ by as much as the signature's window, no more.
    if (at.getTime() > now.getTime() + MAX_SKEW_SECONDS * 1000) throw fieldError(`events.${i}.at`, '事件时间不能晚于现在', `第 ${i + 1} 个事件的时间`);
    return { districtId: d.districtId, deviceId: d.id, eventId: e.id, kind: e.kind, at, receivedAt: now, value: e.value ?? null, ok: e.ok ?? null, retentionDays: e.retentionDays ?? null };
  });
  return db.transaction(async (tx) => {
    const inserted = await prepared(tx.insert(iotEvents).values(rows).onConflictDoNothing().returning({ id: iotEvents.id, eventId: iotEvents.eventId }));
    const fresh = new Set(inserted.map((r) => r.eventId));
    const idOf = new Map(inserted.map((r) => [r.eventId, r.id]));
    const stored = rows.filter((r) => fresh.has(r.eventId) && idOf.has(r.eventId));
    if (stored.length) {
      // The alarms among them: one alert per cause, the events linked to it.
      const byCause = new Map<string, typeof stored>();
      for (const r of stored) {
        const cause = alertCauseOf(device, r);
        if (cause) byCause.set(cause, [...(byCause.get(cause) ?? []), r]);
      }
      for (const [cause, rs] of byCause) {
        const first = rs.reduce((m, r) => (r.at < m.at ? r : m));
        const alertId = await raiseAlert(tx, d, cause as Parameters<typeof raiseAlert>[2], first.at, rs.length);
        await tx.update(iotEvents).set({ alertId }).where(sql`${iotEvents.id} = any(${sql.param(rs.map((r) => idOf.get(r.eventId)!))}::bigint[])`);
      }
      // What the device page shows, never moved backwards by a late event.
      const last = latest(stored)!;
      const temp = latest(stored.filter((r) => r.kind === 'temperature'));
      const test = latest(stored.filter((r) => r.kind === 'test'));
      const retention = latest(stored.filter((r) => r.retentionDays !== null));
      const at = (x: Date) => sql`${x.toISOString()}::timestamptz`;
      await prepared(
        tx
          .update(iotDevices)
          .set({
            lastEventAt: sql`greatest(${iotDevices.lastEventAt}, ${at(last.at)})`,
            // Any message shows the device alive.
            lastHeartbeatAt: sql`greatest(${iotDevices.lastHeartbeatAt}, ${at(last.at)})`,
            ...(temp ? { lastTemperatureC: sql`case when ${iotDevices.lastEventAt} is null or ${iotDevices.lastEventAt} <= ${at(temp.at)} then ${temp.value} else ${iotDevices.lastTemperatureC} end` } : {}),
            ...(test
              ? {
                  lastTestOk: sql`case when ${iotDevices.lastTestAt} is null or ${iotDevices.lastTestAt} <= ${at(test.at)} then ${test.ok} else ${iotDevices.lastTestOk} end`,
                  lastTestAt: sql`greatest(${iotDevices.lastTestAt}, ${at(test.at)})`,
                }
              : {}),
            ...(retention ? { retentionDays: retention.retentionDays } : {}),
          })
          .where(eq(iotDevices.id, d.id)),
      );
      if (d.kind === 'camera') await recoverOffline(tx, d.id, last.at);
    }
    const results = body.events.map((e) => {
      const accepted = fresh.delete(e.id);
      return { id: e.id, status: accepted ? ('accepted' as const) : ('duplicate' as const) };
    });
    return { accepted: results.filter((r) => r.status === 'accepted').length, duplicates: results.filter((r) => r.status === 'duplicate').length, results };
  });
}
