// The special equipment ledger (特种设备台账, 001 item 19, 000 item 9; issue 15 item 3): the registry
// with 三落实、两有证、一检验、一预案, and its maintenance and inspection log.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { day } from './columns.js';
import { districts, units } from './units.js';
import { recordedStateColumns } from './recorded-columns.js';

/** An item of special equipment of a school (boiler, pressure vessel, lift, canteen gas equipment …). */
export const specialEquipment = pgTable(
  'special_equipment',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    location: text('location'),
    inService: boolean('in_service').notNull().default(true),
    // 三落实
    responsiblePerson: text('responsible_person'),
    maintenanceUnit: text('maintenance_unit'),
    safetyManager: text('safety_manager'),
    // 两有证
    registrationNo: text('registration_no'),
    operatorName: text('operator_name'),
    operatorCertNo: text('operator_cert_no'),
    operatorCertExpiresOn: day('operator_cert_expires_on'),
    // 一检验: the due day at registration; inspections in equipment_logs set the next one.
    inspectionDueOn: day('inspection_due_on').notNull(),
    // 一预案
    planFileIds: integer('plan_file_ids').array().notNull().default(sql`'{}'::int[]`),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    ...recordedStateColumns(),
  },
  (t) => [
    index('special_equipment_school_idx').on(t.schoolId),
    index('special_equipment_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('special_equipment_status_ck', sql`${t.status} in ('recorded','voided')`),
  ],
);

/** The maintenance and inspection log of an item (维护保养、定期检验记录). */
export const equipmentLogs = pgTable(
  'equipment_logs',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    equipmentId: integer('equipment_id')
      .notNull()
      .references(() => specialEquipment.id),
    kind: text('kind').notNull(),
    doneOn: day('done_on').notNull(),
    doneBy: text('done_by').notNull(),
    result: text('result'),
    // An inspection: the due day it answers, whether on time, the next due day, the report number.
    dueOn: day('due_on'),
    onTime: boolean('on_time'),
    nextDueOn: day('next_due_on'),
    reportNo: text('report_no'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    ...recordedStateColumns(),
  },
  (t) => [
    index('equipment_logs_equipment_idx').on(t.equipmentId, t.doneOn),
    index('equipment_logs_school_idx').on(t.schoolId, t.doneOn),
    index('equipment_logs_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('equipment_logs_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('equipment_logs_kind_ck', sql`${t.kind} in ('maintenance','inspection')`),
    // 001 item 19: an inspection after its due day is not on time; the next due day follows it.
    check('equipment_logs_inspection_ck', sql`${t.kind} <> 'inspection' or (${t.dueOn} is not null and ${t.onTime} is not null and ${t.nextDueOn} > ${t.doneOn} and not (${t.onTime} and ${t.doneOn} > ${t.dueOn}))`),
  ],
);
