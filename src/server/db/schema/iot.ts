// The IoT monitoring (安全生产物联网监控, issue 17; 004 (四)3): each school's devices with a sealed
// key, the events they post (one row per event id and device: a replay writes nothing), and the
// alerts the rules open (one active per device and cause), cleared by the school or turned into a
// hazard of the register.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, numeric, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';
import { hazards } from './hazards.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const iotDevices = pgTable(
  'iot_devices',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    // What the device sends as X-Anxiao-Device: random, so ids cannot be walked.
    uid: text('uid').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    place: text('place').notNull(),
    tempLimitC: numeric('temp_limit_c', { precision: 5, scale: 1, mode: 'number' }),
    status: text('status').notNull().default('active'),
    // The device's HMAC key sealed with the server's key ring (care/crypto.ts), bound to the uid.
    keyEnc: text('key_enc').notNull(),
    keyRotatedAt: ts('key_rotated_at').notNull(),
    lastEventAt: ts('last_event_at'),
    lastHeartbeatAt: ts('last_heartbeat_at'),
    lastTemperatureC: numeric('last_temperature_c', { precision: 6, scale: 1, mode: 'number' }),
    lastTestAt: ts('last_test_at'),
    lastTestOk: boolean('last_test_ok'),
    retentionDays: integer('retention_days'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('iot_devices_uid_uq').on(t.uid),
    index('iot_devices_school_idx').on(t.schoolId),
    index('iot_devices_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('iot_devices_kind_ck', sql`${t.kind} in ('smoke','temperature','alarm_button','camera','perimeter','gateway')`),
    check('iot_devices_status_ck', sql`${t.status} in ('active','retired')`),
    check('iot_devices_limit_ck', sql`${t.tempLimitC} is null or ${t.kind} = 'temperature'`),
  ],
);

export const iotAlerts = pgTable(
  'iot_alerts',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    deviceId: integer('device_id')
      .notNull()
      .references(() => iotDevices.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    cause: text('cause').notNull(),
    state: text('state').notNull().default('open'),
    openedAt: ts('opened_at').notNull(),
    dueAt: ts('due_at').notNull(),
    lastEventAt: ts('last_event_at').notNull(),
    eventCount: integer('event_count').notNull().default(0),
    clearedAt: ts('cleared_at'),
    clearedBy: integer('cleared_by').references(() => users.id),
    clearedByName: text('cleared_by_name'),
    outcome: text('outcome'),
    note: text('note'),
    hazardId: integer('hazard_id').references(() => hazards.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    // One alert waiting on the school per device and cause: a second smoke alarm joins it.
    uniqueIndex('iot_alerts_open_uq').on(t.deviceId, t.cause).where(sql`${t.state} = 'open'`),
    index('iot_alerts_due_idx').on(t.dueAt).where(sql`${t.state} = 'open'`),
    index('iot_alerts_device_idx').on(t.deviceId, t.id),
    index('iot_alerts_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('iot_alerts_cause_ck', sql`${t.cause} in ('smoke','over_temperature','alarm','test_failed','offline')`),
    check('iot_alerts_state_ck', sql`${t.state} in ('open','cleared','escalated')`),
    check('iot_alerts_cleared_ck', sql`(${t.state} = 'cleared') = (${t.clearedAt} is not null)`),
    check('iot_alerts_escalated_ck', sql`${t.state} <> 'escalated' or ${t.hazardId} is not null`),
    check('iot_alerts_outcome_ck', sql`${t.outcome} is null or ${t.outcome} in ('handled','false_alarm','recovered')`),
  ],
);

export const iotEvents = pgTable(
  'iot_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    districtId: integer('district_id').notNull(),
    deviceId: integer('device_id')
      .notNull()
      .references(() => iotDevices.id),
    // The device's own id of the event: unique per device, so a replay is answered, not stored twice.
    eventId: text('event_id').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    value: numeric('value', { precision: 7, scale: 2, mode: 'number' }),
    ok: boolean('ok'),
    retentionDays: integer('retention_days'),
    alertId: integer('alert_id').references(() => iotAlerts.id),
  },
  (t) => [
    uniqueIndex('iot_events_device_event_uq').on(t.deviceId, t.eventId),
    index('iot_events_device_at_idx').on(t.deviceId, t.at),
    index('iot_events_alert_idx').on(t.alertId).where(sql`${t.alertId} is not null`),
    check('iot_events_kind_ck', sql`${t.kind} in ('heartbeat','smoke','temperature','test','alarm')`),
  ],
);

export type IotDeviceRow = typeof iotDevices.$inferSelect;
export type IotAlertRow = typeof iotAlerts.$inferSelect;
export type IotEventRow = typeof iotEvents.$inferSelect;
