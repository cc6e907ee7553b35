// The gate log (门卫来访, issue 15 item 2; 002 area 7, 001 item 15): visitors, vehicles and the daily
// 护学岗 at arrival and dismissal, one table with a kind. An identity number is stored masked only.
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
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
    // The rows the compliance engine judges (gate-entries.ts), so it reads ~600 visitor rows of a
    // batch of schools, not all 28,600 (BENCHMARKS.md, issue 15); the migration adds INCLUDE.
    index('gate_records_judged_idx').on(t.schoolId, t.recordedOn).where(gateJudged(t)),
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

/**
 * The gate rows a compliance rule judges: recorded visitors admitted without a staff member bringing
 * them in (四个一律), and 护学岗 days with a teacher and a guard at both arrival and dismissal. Literal
 * SQL, the same text in the reader's query and the partial index's predicate.
 */
export function gateJudged(t: { status: AnyPgColumn; kind: AnyPgColumn; admitted: AnyPgColumn; escortName: AnyPgColumn; arrivalTeachers: AnyPgColumn; arrivalGuards: AnyPgColumn; dismissalTeachers: AnyPgColumn; dismissalGuards: AnyPgColumn }): SQL {
  return sql`(${t.status} = 'recorded' and ((${t.kind} = 'visitor' and ${t.admitted} and (${t.escortName} is null or ${t.escortName} = '')) or (${t.kind} = 'guard_post' and ${t.arrivalTeachers} > 0 and ${t.arrivalGuards} > 0 and ${t.dismissalTeachers} > 0 and ${t.dismissalGuards} > 0)))`;
}
