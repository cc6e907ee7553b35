// The device registry and the alerts of the IoT monitoring (issue 17): a school registers its
// devices (the key shown once), retires them, rotates a key, and clears its alerts with a note;
// the town and the bureau read within their scope. Another school's device or alert is not found.
import { and, count, desc, eq, inArray, ne, not, sql, type SQL } from 'drizzle-orm';
import type { ClearIotAlert, CreateIotDevice, IotAlertCause, IotAlertListQuery, IotAlertState, IotAlertView, IotDeviceKind, IotDeviceListQuery, IotDeviceState, IotDeviceView, IotEventKind, IotEventView, IotProfileFacts, UpdateIotDevice } from '../../contracts/iot.js';
import { shanghaiDate } from '../../domain/dates.js';
import { deviceState, isClearOverdue, profileFactsOf } from '../../domain/iot.js';
import { can, requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { schoolRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { hazards, iotAlerts, iotDevices, iotEvents, units, type IotAlertRow, type IotDeviceRow, type IotEventRow } from '../db/schema.js';
import { conflict, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { settleReminders } from '../notifications/notifications.service.js';
import { placeFilters } from '../ledger/ledger-helpers.js';
import { alertLink, eventsOfAlert } from './iot-alerts.js';
import { forgetDevice } from './iot-ingest.js';
import { newDeviceKey, newDeviceUid } from './iot-keys.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Writes are the school's own: the principal and the safety officer of the device's school. */
function canManage(actor: Actor, schoolId: number) {
  return can(actor, 'iot.manage') && actor.unitKind === 'school' && actor.unitId === schoolId;
}
function requireManage(actor: Actor, schoolId: number) {
  requireAccess(actor, 'iot.manage');
  if (!canManage(actor, schoolId)) throw forbidden('只有设备所在学校可以登记和维护设备、解除报警');
}

function limitOf(kind: IotDeviceKind, tempLimitC: number | null | undefined): number | null {
  if (kind === 'temperature') {
    if (tempLimitC === null || tempLimitC === undefined) throw fieldError('tempLimitC', '请填写温度上限（℃）', '温度上限');
    return tempLimitC;
  }
  if (tempLimitC !== null && tempLimitC !== undefined) throw fieldError('tempLimitC', '只有温度传感器可设温度上限', '温度上限');
  return null;
}

async function openAlertCounts(db: Executor, ids: number[]) {
  if (!ids.length) return new Map<number, number>();
  const rows = await db
    .select({ deviceId: iotAlerts.deviceId, n: count() })
    .from(iotAlerts)
    .where(and(inArray(iotAlerts.deviceId, ids), eq(iotAlerts.state, 'open')))
    .groupBy(iotAlerts.deviceId);
  return new Map(rows.map((r) => [r.deviceId, r.n]));
}

function presentDevice(actor: Actor, d: IotDeviceRow, schoolName: string, openAlerts: number, now: Date, offlineHours: number): IotDeviceView {
  return {
    id: d.id,
    uid: d.uid,
    schoolId: d.schoolId,
    schoolName,
    kind: d.kind as IotDeviceKind,
    name: d.name,
    place: d.place,
    tempLimitC: d.tempLimitC,
    status: d.status as IotDeviceView['status'],
    state: deviceState({ ...d, kind: d.kind as IotDeviceKind }, openAlerts, now, offlineHours),
    lastEventAt: iso(d.lastEventAt),
    lastHeartbeatAt: iso(d.lastHeartbeatAt),
    lastTemperatureC: d.lastTemperatureC,
    lastTestAt: iso(d.lastTestAt),
    lastTestOk: d.lastTestOk,
    retentionDays: d.retentionDays,
    openAlerts,
    keyRotatedAt: d.keyRotatedAt.toISOString(),
    version: d.version,
    canManage: canManage(actor, d.schoolId),
  };
}

async function deviceInScope(db: Executor, actor: Actor, id: number, forUpdate = false) {
  requireAccess(actor, 'iot.read');
  const q = db
    .select({ d: iotDevices, schoolName: units.name })
    .from(iotDevices)
    .innerJoin(units, eq(units.id, iotDevices.schoolId))
    .where(and(eq(iotDevices.id, id), schoolLedgerScope(actor, iotDevices)));
  const [row] = forUpdate ? await q.for('update', { of: iotDevices }) : await q;
  if (!row) throw notFound('设备');
  return row;
}

/**
 * The derived state of the list (domain/iot.ts deviceState) as SQL, so the filter pages like the
 * rest: retired, else alerting (an open alert), else never heard from, else a camera silent longer
 * than the offline hours, else online.
 */
function deviceStateCondition(state: IotDeviceState, now: Date, offlineHours: number): SQL {
  const active = eq(iotDevices.status, 'active');
  const alerting = sql`exists (select 1 from ${iotAlerts} where ${iotAlerts.deviceId} = ${iotDevices.id} and ${iotAlerts.state} = 'open')`;
  const heard = sql`(${iotDevices.lastEventAt} is not null or ${iotDevices.lastHeartbeatAt} is not null)`;
  const since = new Date(now.getTime() - offlineHours * 3_600_000).toISOString();
  const silentCamera = sql`(${iotDevices.kind} = 'camera' and coalesce(${iotDevices.lastHeartbeatAt}, ${iotDevices.createdAt}) < ${since}::timestamptz)`;
  switch (state) {
    case 'retired':
      return ne(iotDevices.status, 'active');
    case 'alerting':
      return and(active, alerting)!;
    case 'never':
      return and(active, not(alerting), not(heard))!;
    case 'offline':
      return and(active, not(alerting), heard, silentCamera)!;
    case 'online':
      return and(active, not(alerting), heard, not(silentCamera))!;
  }
}

export async function listDevices(ctx: Ctx, q: IotDeviceListQuery, offlineHours: number) {
  requireAccess(ctx.actor, 'iot.read');
  const where = and(
    schoolLedgerScope(ctx.actor, iotDevices),
    ...(await placeFilters(ctx, iotDevices, q)),
    q.kind ? eq(iotDevices.kind, q.kind) : undefined,
    q.state ? deviceStateCondition(q.state, ctx.now, offlineHours) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ d: iotDevices, schoolName: units.name })
      .from(iotDevices)
      .innerJoin(units, eq(units.id, iotDevices.schoolId))
      .where(where)
      .orderBy(units.name, iotDevices.kind, iotDevices.name, iotDevices.id)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(iotDevices).where(where),
  ]);
  const open = await openAlertCounts(ctx.db, rows.map((r) => r.d.id));
  return {
    items: rows.map((r) => presentDevice(ctx.actor, r.d, r.schoolName, open.get(r.d.id) ?? 0, ctx.now, offlineHours)),
    total,
    page: q.page,
    pageSize: q.pageSize,
    offlineHours,
  };
}

export async function createDevice(ctx: Ctx, input: CreateIotDevice, offlineHours: number) {
  const { actor } = ctx;
  requireAccess(actor, 'iot.manage');
  const school = await schoolRef(ctx.db, actor, input.schoolId);
  requireManage(actor, school.id);
  const tempLimitC = limitOf(input.kind, input.tempLimitC);
  const uid = newDeviceUid();
  const { key, sealed } = newDeviceKey(uid);
  const row = await ctx.db.transaction(async (tx) => {
    const [d] = await tx
      .insert(iotDevices)
      .values({ districtId: actor.districtId, schoolId: school.id, schoolPath: school.path, uid, kind: input.kind, name: input.name, place: input.place, tempLimitC, keyEnc: sealed, keyRotatedAt: ctx.now, createdBy: actor.id, createdByName: actor.displayName, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    // The key is never part of the audit record.
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'iot_device', objectId: d.id, after: { uid, schoolId: d.schoolId, kind: d.kind, name: d.name, place: d.place, tempLimitC } });
    return d;
  });
  return { device: presentDevice(actor, row, school.name, 0, ctx.now, offlineHours), key };
}

export async function updateDevice(ctx: Ctx, id: number, input: UpdateIotDevice, offlineHours: number) {
  const { actor } = ctx;
  const view = await ctx.db.transaction(async (tx) => {
    const { d, schoolName } = await deviceInScope(tx, actor, id, true);
    requireManage(actor, d.schoolId);
    if (d.version !== input.version) throw staleVersion();
    const tempLimitC = limitOf(d.kind as IotDeviceKind, input.tempLimitC);
    const [after] = await tx
      .update(iotDevices)
      .set({ name: input.name, place: input.place, tempLimitC, status: input.status, version: d.version + 1, updatedAt: ctx.now })
      .where(eq(iotDevices.id, id))
      .returning();
    await writeAudit(tx, auditCtx(ctx), {
      action: 'update',
      objectType: 'iot_device',
      objectId: id,
      before: { name: d.name, place: d.place, tempLimitC: d.tempLimitC, status: d.status },
      after: { name: after.name, place: after.place, tempLimitC: after.tempLimitC, status: after.status },
    });
    const open = await openAlertCounts(tx, [id]);
    return presentDevice(actor, after, schoolName, open.get(id) ?? 0, ctx.now, offlineHours);
  });
  // After the commit: forgotten before it, a request meanwhile could cache the old row again.
  forgetDevice(ctx.db, view.uid);
  return view;
}

/** A new key, shown once; the old one stops verifying at once on this instance, within IOT_DEVICE_CACHE_SECONDS on the others (iot-ingest.ts). */
export async function rotateDeviceKey(ctx: Ctx, id: number, version: number, offlineHours: number) {
  const { actor } = ctx;
  const rotated = await ctx.db.transaction(async (tx) => {
    const { d, schoolName } = await deviceInScope(tx, actor, id, true);
    requireManage(actor, d.schoolId);
    if (d.version !== version) throw staleVersion();
    const { key, sealed } = newDeviceKey(d.uid);
    const [after] = await tx.update(iotDevices).set({ keyEnc: sealed, keyRotatedAt: ctx.now, version: d.version + 1, updatedAt: ctx.now }).where(eq(iotDevices.id, id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'iot_device', objectId: id, before: { keyRotatedAt: d.keyRotatedAt }, after: { keyRotatedAt: after.keyRotatedAt, rotated: true } });
    const open = await openAlertCounts(tx, [id]);
    return { device: presentDevice(actor, after, schoolName, open.get(id) ?? 0, ctx.now, offlineHours), key };
  });
  forgetDevice(ctx.db, rotated.device.uid);
  return rotated;
}

type AlertJoin = { a: IotAlertRow; deviceName: string; deviceKind: string; place: string; schoolName: string; hazardCode: string | null };

function selectAlerts(db: Executor, where: SQL | undefined, page = { limit: 500, offset: 0 }) {
  return db
    .select({ a: iotAlerts, deviceName: iotDevices.name, deviceKind: iotDevices.kind, place: iotDevices.place, schoolName: units.name, hazardCode: hazards.code })
    .from(iotAlerts)
    .innerJoin(iotDevices, eq(iotDevices.id, iotAlerts.deviceId))
    .innerJoin(units, eq(units.id, iotAlerts.schoolId))
    .leftJoin(hazards, eq(hazards.id, iotAlerts.hazardId))
    .where(where)
    // What still waits on the school first.
    .orderBy(sql`${iotAlerts.state} = 'open' desc`, desc(iotAlerts.id))
    .limit(page.limit)
    .offset(page.offset);
}

function presentAlert(actor: Actor, r: AlertJoin, now: Date): IotAlertView {
  const a = r.a;
  return {
    id: a.id,
    deviceId: a.deviceId,
    deviceName: r.deviceName,
    deviceKind: r.deviceKind as IotDeviceKind,
    place: r.place,
    schoolId: a.schoolId,
    schoolName: r.schoolName,
    cause: a.cause as IotAlertCause,
    state: a.state as IotAlertState,
    openedAt: a.openedAt.toISOString(),
    dueAt: a.dueAt.toISOString(),
    lastEventAt: a.lastEventAt.toISOString(),
    eventCount: a.eventCount,
    clearedAt: iso(a.clearedAt),
    clearedByName: a.clearedByName,
    outcome: a.outcome as IotAlertView['outcome'],
    note: a.note,
    hazardId: a.hazardId,
    hazardCode: r.hazardCode,
    version: a.version,
    canClear: a.state === 'open' && !isClearOverdue(a.dueAt, now) && canManage(actor, a.schoolId),
  };
}

export async function listAlerts(ctx: Ctx, q: IotAlertListQuery) {
  requireAccess(ctx.actor, 'iot.read');
  const where = and(schoolLedgerScope(ctx.actor, iotAlerts), ...(await placeFilters(ctx, iotAlerts, q)), q.state ? eq(iotAlerts.state, q.state) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    selectAlerts(ctx.db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    ctx.db.select({ total: count() }).from(iotAlerts).where(where),
  ]);
  return { items: rows.map((r) => presentAlert(ctx.actor, r, ctx.now)), total, page: q.page, pageSize: q.pageSize };
}

const presentEvent = (e: IotEventRow): IotEventView => ({
  id: e.id,
  eventId: e.eventId,
  kind: e.kind as IotEventKind,
  at: e.at.toISOString(),
  receivedAt: e.receivedAt.toISOString(),
  value: e.value,
  ok: e.ok,
  retentionDays: e.retentionDays,
  alertId: e.alertId,
});

export async function getDevice(ctx: Ctx, id: number, offlineHours: number) {
  const { d, schoolName } = await deviceInScope(ctx.db, ctx.actor, id);
  const events = await ctx.db.select().from(iotEvents).where(eq(iotEvents.deviceId, id)).orderBy(desc(iotEvents.at), desc(iotEvents.id)).limit(100);
  const alerts = await selectAlerts(ctx.db, eq(iotAlerts.deviceId, id));
  const open = alerts.filter((r) => r.a.state === 'open').length;
  return {
    device: presentDevice(ctx.actor, d, schoolName, open, ctx.now, offlineHours),
    events: events.map(presentEvent),
    alerts: alerts.map((r) => presentAlert(ctx.actor, r, ctx.now)),
  };
}

/** One alert with the events that raised it (the page a reminder links to). */
export async function getAlert(ctx: Ctx, id: number) {
  requireAccess(ctx.actor, 'iot.read');
  const [row] = await selectAlerts(ctx.db, and(eq(iotAlerts.id, id), schoolLedgerScope(ctx.actor, iotAlerts)));
  if (!row) throw notFound('报警');
  return { alert: presentAlert(ctx.actor, row, ctx.now), events: (await eventsOfAlert(ctx.db, id)).map(presentEvent) };
}

/** The school marks an alert handled or a false alarm, with a note, before its due time (after it the alert becomes a hazard). */
export async function clearAlert(ctx: Ctx, id: number, input: ClearIotAlert) {
  const { actor } = ctx;
  requireAccess(actor, 'iot.read');
  return ctx.db.transaction(async (tx) => {
    const [a] = await tx.select().from(iotAlerts).where(and(eq(iotAlerts.id, id), schoolLedgerScope(actor, iotAlerts))).for('update');
    if (!a) throw notFound('报警');
    requireManage(actor, a.schoolId);
    if (a.version !== input.version) throw staleVersion();
    if (a.state !== 'open') throw conflict('ALERT_STATE', a.state === 'escalated' ? '该报警已转为隐患，请在隐患台账中整改销号' : '该报警已解除');
    if (isClearOverdue(a.dueAt, ctx.now)) throw conflict('ALERT_OVERDUE', '已超过解除时限，该报警将转为隐患，请在隐患台账中整改销号');
    await tx
      .update(iotAlerts)
      .set({ state: 'cleared', clearedAt: ctx.now, clearedBy: actor.id, clearedByName: actor.displayName, outcome: input.outcome, note: input.note, version: a.version + 1, updatedAt: ctx.now })
      .where(eq(iotAlerts.id, id));
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'iot_alert', objectId: id, before: { state: 'open' }, after: { state: 'cleared', outcome: input.outcome, note: input.note } });
    await settleReminders(tx, ctx.now, [actor.id], alertLink(id));
    const [row] = await selectAlerts(tx, eq(iotAlerts.id, id));
    return presentAlert(actor, row, ctx.now);
  });
}

/** What a school's devices prove for its security profile (002 area 9); null facts where it has no such device. */
export async function deviceProfileFacts(db: Executor, schoolId: number, now: Date, offlineHours: number): Promise<IotProfileFacts> {
  const devices = await db
    .select({
      kind: iotDevices.kind,
      status: iotDevices.status,
      lastHeartbeatAt: iotDevices.lastHeartbeatAt,
      lastTestAt: iotDevices.lastTestAt,
      lastTestOk: iotDevices.lastTestOk,
      retentionDays: iotDevices.retentionDays,
      createdAt: iotDevices.createdAt,
    })
    .from(iotDevices)
    .where(and(eq(iotDevices.schoolId, schoolId), eq(iotDevices.status, 'active'), sql`${iotDevices.kind} in ('alarm_button','camera')`));
  return profileFactsOf(devices.map((d) => ({ ...d, kind: d.kind as IotDeviceKind })), now, offlineHours, shanghaiDate);
}

export async function profileFacts(ctx: Ctx, schoolId: number, offlineHours: number) {
  requireAccess(ctx.actor, 'iot.read');
  const school = await schoolRef(ctx.db, ctx.actor, schoolId);
  return deviceProfileFacts(ctx.db, school.id, ctx.now, offlineHours);
}
