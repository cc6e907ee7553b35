// The school bus ledger (校车台账, issue 15 item 5; 001 item 14, 000 item 6 and the Q1 task 开学前做好
// 校车的安全检查及年度复核准备工作): the school's buses with their annual review (年审), the drivers with
// their licence, background check and health check, the routes with their stops (student counts
// only: no pupil's name is kept here, minors' data stays in care/), and the daily pre-trip check
// (出车前检查) with its items and photos.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { day } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';

/** A school bus (校车): plate, seats, the vehicle licence (行驶证), insurance, the annual review. */
export const schoolBuses = pgTable(
  'school_buses',
  {
    id: serial('id').primaryKey(),
    plate: text('plate').notNull(),
    seats: integer('seats').notNull(),
    licenceNo: text('licence_no').notNull(),
    insuranceExpiresOn: day('insurance_expires_on').notNull(),
    reviewedOn: day('reviewed_on'),
    reviewDueOn: day('review_due_on').notNull(),
    // The bus runs every school day from this day while in service (the pre-trip check is due on each).
    servesFrom: day('serves_from').notNull(),
    inService: boolean('in_service').notNull().default(true),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('school_buses_school_idx').on(t.schoolId),
    index('school_buses_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    uniqueIndex('school_buses_plate_uq').on(t.districtId, t.plate).where(sql`${t.status} = 'recorded'`),
    check('school_buses_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('school_buses_seats_ck', sql`${t.seats} > 0`),
  ],
);

/** A bus driver (校车驾驶人): licence class and expiry, background check (资格审查) and health check. */
export const busDrivers = pgTable(
  'bus_drivers',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    licenceClass: text('licence_class').notNull(),
    licenceExpiresOn: day('licence_expires_on').notNull(),
    backgroundCheckedOn: day('background_checked_on'),
    // clear / not_clear / pending, nothing more (like the staff entry check, 001 item 11).
    backgroundResult: text('background_result'),
    healthCheckedOn: day('health_checked_on'),
    onDuty: boolean('on_duty').notNull().default(true),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('bus_drivers_school_idx').on(t.schoolId),
    index('bus_drivers_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('bus_drivers_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('bus_drivers_class_ck', sql`${t.licenceClass} in ('A1','A3','B1')`),
    check('bus_drivers_result_ck', sql`${t.backgroundResult} is null or ${t.backgroundResult} in ('clear','not_clear','pending')`),
  ],
);

/** A route of a bus with its stops in order, each with the number of students boarding (counts only). */
export const busRoutes = pgTable(
  'bus_routes',
  {
    id: serial('id').primaryKey(),
    busId: integer('bus_id')
      .notNull()
      .references(() => schoolBuses.id),
    name: text('name').notNull(),
    stops: jsonb('stops').$type<Array<{ name: string; students: number }>>().notNull(),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('bus_routes_school_idx').on(t.schoolId),
    index('bus_routes_bus_idx').on(t.busId),
    index('bus_routes_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('bus_routes_status_ck', sql`${t.status} in ('recorded','voided')`),
  ],
);

/** The daily pre-trip check (出车前检查) of a bus by its driver: items ok / not ok, photos in file_ids. */
export const busChecks = pgTable(
  'bus_checks',
  {
    id: serial('id').primaryKey(),
    busId: integer('bus_id')
      .notNull()
      .references(() => schoolBuses.id),
    driverId: integer('driver_id')
      .notNull()
      .references(() => busDrivers.id),
    checkedOn: day('checked_on').notNull(),
    items: jsonb('items').$type<Array<{ name: string; ok: boolean; note?: string | null }>>().notNull(),
    failedCount: integer('failed_count').notNull().default(0),
    // The hazards raised from failed items (one step each), by item name.
    hazardIds: jsonb('hazard_ids').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('bus_checks_school_idx').on(t.schoolId, t.checkedOn),
    index('bus_checks_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    // One check per bus and day: a second is a correction of the first.
    uniqueIndex('bus_checks_bus_day_uq').on(t.busId, t.checkedOn).where(sql`${t.status} = 'recorded'`),
    check('bus_checks_status_ck', sql`${t.status} in ('recorded','voided')`),
  ],
);
