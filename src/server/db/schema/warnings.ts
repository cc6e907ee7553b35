// Warnings with receipts (预警提示, 000 item 10; 分级响应, 004 item 4; issue 21): the warning the
// bureau (or a town, for its own schools) issues, the schools it goes to, and each school's receipt
// (签收) with its report of what it did. A receipt is one row per warning and school (unique): of
// two signatures at once one wins, the other is a 409.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const warnings = pgTable(
  'warnings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    /** The issuing unit (bureau or town) and its path: a town sees the warnings of its own and those sent to its schools. */
    issuerUnitId: integer('issuer_unit_id')
      .notNull()
      .references(() => units.id),
    issuerUnitPath: text('issuer_unit_path').notNull(),
    issuerUnitName: text('issuer_unit_name').notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    title: text('title').notNull(),
    actions: text('actions').array().notNull(),
    requirements: text('requirements'),
    /** all | towns | schools: how the targets were chosen, kept for the record. */
    targetMode: text('target_mode').notNull(),
    issuedAt: ts('issued_at').notNull(),
    issuedBy: integer('issued_by')
      .notNull()
      .references(() => users.id),
    issuedByName: text('issued_by_name').notNull(),
    deadlineAt: ts('deadline_at').notNull(),
    /** The pack's hours to sign, as they were when the warning went out (000 item 10). */
    signWithinHours: integer('sign_within_hours').notNull(),
    status: text('status').notNull().default('open'),
    closedAt: ts('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
    closedByName: text('closed_by_name'),
    lastRemindedAt: ts('last_reminded_at'),
    reminders: integer('reminders').notNull().default(0),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('warnings_district_idx').on(t.districtId, t.id),
    check('warnings_kind_ck', sql`${t.kind} in ('typhoon','rainstorm','flood','ice_snow','heat','epidemic','other')`),
    check('warnings_level_ck', sql`${t.level} in ('blue','yellow','orange','red')`),
    check('warnings_status_ck', sql`${t.status} in ('open','closed')`),
    check('warnings_closed_ck', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
    check('warnings_deadline_ck', sql`${t.deadlineAt} > ${t.issuedAt}`),
    check('warnings_hours_ck', sql`${t.signWithinHours} between 1 and 720`),
  ],
);

/** The schools a warning goes to, resolved when it is issued; a shelter school is asked the shelter checks. */
export const warningTargets = pgTable(
  'warning_targets',
  {
    warningId: integer('warning_id')
      .notNull()
      .references(() => warnings.id),
    districtId: integer('district_id').notNull(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    townId: integer('town_id').references(() => units.id),
    shelter: boolean('shelter').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.warningId, t.schoolId] }),
    index('warning_targets_school_idx').on(t.schoolId, t.warningId),
    index('warning_targets_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
  ],
);

/** A school's receipt: signed (one tap), then its report per required action with photos. */
export const warningReceipts = pgTable(
  'warning_receipts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    warningId: integer('warning_id')
      .notNull()
      .references(() => warnings.id),
    districtId: integer('district_id').notNull(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    signedAt: ts('signed_at').notNull(),
    signedBy: integer('signed_by')
      .notNull()
      .references(() => users.id),
    signedByName: text('signed_by_name').notNull(),
    /** [{ action, done, note, fileIds }] */
    report: jsonb('report'),
    reportNote: text('report_note'),
    reportedAt: ts('reported_at'),
    reportedBy: integer('reported_by').references(() => users.id),
    reportedByName: text('reported_by_name'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('warning_receipts_uq').on(t.warningId, t.schoolId),
    check('warning_receipts_report_ck', sql`(${t.reportedAt} is null) = (${t.report} is null)`),
  ],
);
