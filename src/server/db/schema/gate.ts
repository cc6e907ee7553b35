// The gate log (门卫来访, issue 15 item 2; 002 area 7, 001 item 15): visitors, vehicles and the daily
// 护学岗 at arrival and dismissal, one table with a kind. An identity number is stored masked only.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { day, ts } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';

export const gateRecords = pgTable(
  'gate_records',
  {
    id: serial('id').primaryKey(),
    ...recordedSchoolColumns(),
    /** visitor 来访人员 | vehicle 车辆 | guard_post 护学岗 */
    kind: text('kind').notNull(),
    /** The Shanghai day of the visit, the vehicle or the post. */
    recordedOn: day('recorded_on').notNull(),
    /** The guard on duty who registers it. */
    guardName: text('guard_name').notNull(),
    // Visitor: name, masked identity number, whether the ID was checked, from where, why, whom, brought in by.
    visitorName: text('visitor_name'),
    idNumberMasked: text('id_number_masked'),
    idChecked: boolean('id_checked'),
    phone: text('phone'),
    organisation: text('organisation'),
    purpose: text('purpose'),
    hostName: text('host_name'),
    /** The staff member who brings the visitor in (四个一律); null when nobody did. */
    escortName: text('escort_name'),
    // Vehicle: plate and driver.
    plate: text('plate'),
    driverName: text('driver_name'),
    // Visitor or vehicle: admitted, or refused with the reason (可疑人员、无关车辆一律禁止进入).
    admitted: boolean('admitted'),
    refusalReason: text('refusal_reason'),
    arrivedAt: ts('arrived_at'),
    leftAt: ts('left_at'),
    // 护学岗: teachers and guards at the gate at arrival and at dismissal, and who they were.
    arrivalTeachers: integer('arrival_teachers'),
    arrivalGuards: integer('arrival_guards'),
    dismissalTeachers: integer('dismissal_teachers'),
    dismissalGuards: integer('dismissal_guards'),
    onDuty: text('on_duty'),
    note: text('note'),
  },
  (t) => [
    index('gate_records_school_idx').on(t.schoolId, t.kind, t.recordedOn),
    index('gate_records_district_idx').on(t.districtId, t.recordedOn),
    index('gate_records_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('gate_records_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('gate_records_kind_ck', sql`${t.kind} in ('visitor','vehicle','guard_post')`),
    check('gate_records_left_ck', sql`${t.leftAt} is null or ${t.arrivedAt} is null or ${t.leftAt} >= ${t.arrivedAt}`),
    check('gate_records_refusal_ck', sql`${t.admitted} is distinct from false or ${t.refusalReason} is not null`),
    check(
      'gate_records_post_ck',
      sql`coalesce(${t.arrivalTeachers},0) >= 0 and coalesce(${t.arrivalGuards},0) >= 0 and coalesce(${t.dismissalTeachers},0) >= 0 and coalesce(${t.dismissalGuards},0) >= 0`,
    ),
  ],
);
