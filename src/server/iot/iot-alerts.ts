// Alerts of the IoT monitoring (issue 17): an alarm opens one alert per device and cause (a second
// smoke alarm joins the open one), the school's principal and safety officer hear of it once, and
// an alert the school has not cleared by its due time becomes a hazard of the register (source
// 物联网监测) — one open hazard per device and cause: a later alert while it is open joins it.
import { and, desc, eq, lte, ne, sql } from 'drizzle-orm';
import { iotAlertCauseLabels, iotDeviceKindLabels, type IotAlertCause, type IotDeviceKind } from '../../contracts/iot.js';
import { clearDueAt, CLEAR_WITHIN_MINUTES, deviceHazardKey } from '../../domain/iot.js';
import { shanghaiDate } from '../../domain/dates.js';
import { writeAudit } from '../audit/audit.js';
import type { Executor, Tx } from '../db/client.js';
import { hazards, iotAlerts, iotDevices, iotEvents, units, type IotDeviceRow } from '../db/schema.js';
import { beijingTime } from '../excel.js';
import { createHazardTx } from '../hazards/hazards.service.js';
import { notify, schoolContacts } from '../notifications/notifications.service.js';

export const IOT_SYSTEM_NAME = '物联网监测（系统）';
export const alertLink = (alertId: number) => `/iot?alert=${alertId}`;

type DeviceFacts = Pick<IotDeviceRow, 'id' | 'districtId' | 'schoolId' | 'schoolPath' | 'kind' | 'name' | 'place'>;

/**
 * The alert an alarm at `at` belongs to: the open one of the device and cause, else an escalated one
 * whose hazard is still open (the hazard already stands for it), else a new one with its reminder.
 * Returns the alert's id, for the events that raised it.
 */
export async function raiseAlert(tx: Executor, d: DeviceFacts, cause: IotAlertCause, at: Date, events: number): Promise<number> {
  const bump = { lastEventAt: sql`greatest(${iotAlerts.lastEventAt}, ${at.toISOString()}::timestamptz)`, eventCount: sql`${iotAlerts.eventCount} + ${events}`, updatedAt: new Date() };
  for (let attempt = 0; attempt < 2; attempt++) {
    const [open] = await tx
      .update(iotAlerts)
      .set(bump)
      .where(and(eq(iotAlerts.deviceId, d.id), eq(iotAlerts.cause, cause), eq(iotAlerts.state, 'open')))
      .returning({ id: iotAlerts.id });
    if (open) return open.id;
    const [escalated] = await tx
      .select({ id: iotAlerts.id })
      .from(iotAlerts)
      .innerJoin(hazards, eq(hazards.id, iotAlerts.hazardId))
      .where(and(eq(iotAlerts.deviceId, d.id), eq(iotAlerts.cause, cause), eq(iotAlerts.state, 'escalated'), ne(hazards.status, 'closed')))
      .orderBy(desc(iotAlerts.id))
      .limit(1);
    if (escalated) {
      await tx.update(iotAlerts).set(bump).where(eq(iotAlerts.id, escalated.id));
      return escalated.id;
    }
    const [created] = await tx
      .insert(iotAlerts)
      .values({ districtId: d.districtId, deviceId: d.id, schoolId: d.schoolId, schoolPath: d.schoolPath, cause, openedAt: at, dueAt: clearDueAt(cause, at), lastEventAt: at, eventCount: events })
      // Another request opened it meanwhile (the partial unique index): join that one.
      .onConflictDoNothing()
      .returning({ id: iotAlerts.id });
    if (!created) continue;
    const what = `${iotDeviceKindLabels[d.kind as IotDeviceKind]}“${d.name}”（${d.place}）${iotAlertCauseLabels[cause]}`;
    await notify(tx, d.districtId, await schoolContacts(tx, d.schoolId), {
      kind: 'iot_alert',
      title: `${what}，请在 ${CLEAR_WITHIN_MINUTES[cause]} 分钟内处置并解除，逾期将转为隐患`,
      link: alertLink(created.id),
      // Once per device and cause while the alert stands (issue 17).
      dedupeKey: `iot:${d.id}:${cause}:${created.id}`,
    });
    return created.id;
  }
  throw new Error(`iot alert for device ${d.id} (${cause}) neither joined nor opened`);
}

/** Alerts past their due time, not cleared: each becomes (or joins) the one open hazard of its device and cause. */
export async function escalateOverdueAlerts(tx: Executor, now: Date, limit = 200): Promise<number> {
  const due = await tx
    .select({ alert: iotAlerts, device: iotDevices, schoolName: units.name })
    .from(iotAlerts)
    .innerJoin(iotDevices, eq(iotDevices.id, iotAlerts.deviceId))
    .innerJoin(units, eq(units.id, iotAlerts.schoolId))
    .where(and(eq(iotAlerts.state, 'open'), lte(iotAlerts.dueAt, now)))
    .orderBy(iotAlerts.dueAt)
    .limit(limit)
    .for('update', { of: iotAlerts, skipLocked: true });
  for (const { alert: a, device: d, schoolName } of due) {
    const cause = a.cause as IotAlertCause;
    const key = deviceHazardKey(d.id, cause);
    const [standing] = await tx
      .select({ id: hazards.id, code: hazards.code })
      .from(hazards)
      .where(and(eq(hazards.districtId, a.districtId), eq(hazards.source, 'iot'), eq(hazards.itemKey, key), ne(hazards.status, 'closed')))
      .for('update');
    const what = `${iotDeviceKindLabels[d.kind as IotDeviceKind]}“${d.name}”（${d.place}）${iotAlertCauseLabels[cause]}`;
    const hazard =
      standing ??
      (await createHazardTx(tx as Tx, { actor: null, system: { districtId: a.districtId, name: IOT_SYSTEM_NAME, unitName: schoolName }, now, ip: null }, {
        schoolId: a.schoolId,
        area: cause === 'smoke' || cause === 'over_temperature' ? 'fire_chemicals' : 'defences',
        location: `${d.place}（${d.name}）`,
        description: `物联网监测：${what}，${beijingTime(a.openedAt)} 起报警 ${a.eventCount} 次，学校未在 ${CLEAR_WITHIN_MINUTES[cause]} 分钟内处置解除（报警记录 #${a.id}，事件见设备页）。`,
        grade: 'general',
        source: 'iot',
        foundOn: shanghaiDate(now),
        itemKey: key,
      }));
    await tx.update(iotAlerts).set({ state: 'escalated', hazardId: hazard.id, version: a.version + 1, updatedAt: now }).where(eq(iotAlerts.id, a.id));
    await writeAudit(tx, { actor: null, ip: null }, { action: 'update', objectType: 'iot_alert', objectId: a.id, districtId: a.districtId, actorName: IOT_SYSTEM_NAME, before: { state: 'open' }, after: { state: 'escalated', hazardId: hazard.id, hazardCode: hazard.code, joined: Boolean(standing) } });
    await notify(tx, a.districtId, await schoolContacts(tx, a.schoolId), {
      kind: 'iot_alert',
      title: `${what} 未按时解除，已${standing ? '并入' : '登记为'}隐患 ${hazard.code}，请在隐患台账中整改`,
      link: alertLink(a.id),
      dedupeKey: `iot:escalated:${a.id}`,
    });
  }
  return due.length;
}

/** Active cameras silent longer than `hours` (or never heard since registration): an offline alert each (issue 17). */
export async function flagOfflineCameras(tx: Executor, now: Date, hours: number): Promise<number> {
  const since = new Date(now.getTime() - hours * 3_600_000);
  const silent = await tx
    .select()
    .from(iotDevices)
    .where(
      and(
        eq(iotDevices.kind, 'camera'),
        eq(iotDevices.status, 'active'),
        sql`coalesce(${iotDevices.lastHeartbeatAt}, ${iotDevices.createdAt}) < ${since.toISOString()}::timestamptz`,
        sql`not exists (select 1 from ${iotAlerts} where ${iotAlerts.deviceId} = ${iotDevices.id} and ${iotAlerts.cause} = 'offline' and ${iotAlerts.state} = 'open')`,
      ),
    )
    .limit(1000);
  for (const d of silent) await raiseAlert(tx, d, 'offline', now, 0);
  return silent.length;
}

/** The events that raised an alert (the hazard's evidence), the newest hundred: an alarm left ringing may send thousands. */
export const eventsOfAlert = (db: Executor, alertId: number) => db.select().from(iotEvents).where(eq(iotEvents.alertId, alertId)).orderBy(desc(iotEvents.at), desc(iotEvents.id)).limit(100);
