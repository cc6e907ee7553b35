// Staff of a school with their posts, and the training ledger.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { files } from './files.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/**
 * Staff of a school with their safety-relevant posts (教职工岗位), for the training rules of
 * 001 item 7: a user of the school or a named person without an account, each post with the day
 * it was taken (任职). Someone who left keeps the row (their trainings stay traceable).
 */
export const staffMembers = pgTable(
  'staff_members',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    userId: integer('user_id').references(() => users.id),
    name: text('name').notNull(),
    // [{ post, since }]
    posts: jsonb('posts').notNull(),
    leftOn: day('left_on'),
    // Issue 15 item 7 (001 item 11): outsourced service staff (guards, drivers, cleaners) are kept
    // here too (null = the school's own staff), and everyone's entry check (准入查询) of
    // sexual-offence records: the day and the result only (clear / not_clear / pending).
    outsourcedKind: text('outsourced_kind'),
    employer: text('employer'),
    entryCheckOn: day('entry_check_on'),
    entryCheckResult: text('entry_check_result'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('staff_members_user_uq').on(t.schoolId, t.userId).where(sql`${t.userId} is not null`),
    check('staff_members_outsourced_ck', sql`${t.outsourcedKind} is null or ${t.outsourcedKind} in ('guard','driver','cleaner','other')`),
    check('staff_members_entry_check_ck', sql`(${t.entryCheckResult} is null and ${t.entryCheckOn} is null) or (${t.entryCheckResult} in ('clear','not_clear','pending') and ${t.entryCheckOn} is not null)`),
    index('staff_members_school_idx').on(t.schoolId),
    index('staff_members_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
  ],
);

/** The training ledger (安全培训台账, 001 item 7): hours of one staff member on one course. */
export const trainings = pgTable(
  'trainings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    course: text('course').notNull(),
    hours: numeric('hours', { precision: 6, scale: 1, mode: 'number' }).notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    provider: text('provider').notNull(),
    certificateFileId: integer('certificate_file_id').references(() => files.id),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('recorded'),
    voidReason: text('void_reason'),
    voidedBy: integer('voided_by').references(() => users.id),
    voidedAt: ts('voided_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('trainings_district_day_idx').on(t.districtId, t.endsOn).where(sql`${t.status} = 'recorded'`),
    index('trainings_staff_day_idx').on(t.staffId, t.endsOn),
    index('trainings_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    // The compliance evaluation reads the trainings of a batch of schools (BENCHMARKS.md, issue 15);
    // migration 0050 adds INCLUDE (district_id, staff_id, hours, id) for an index-only read.
    index('trainings_school_day_idx').on(t.schoolId, t.endsOn).where(sql`${t.status} = 'recorded'`),
    // The evaluation's hours per person and window are grouped in this order (ledger-readers.ts,
    // readTrainingSums); migration 0061 adds INCLUDE (district_id, hours) for an index-only read.
    index('trainings_school_staff_idx').on(t.schoolId, t.staffId, t.endsOn).where(sql`${t.status} = 'recorded'`),
    check('trainings_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('trainings_span_ck', sql`${t.endsOn} >= ${t.startsOn}`),
    // More than zero, at most 24 hours a day of the course.
    check('trainings_hours_ck', sql`${t.hours} > 0 and ${t.hours} <= 24 * (${t.endsOn} - ${t.startsOn} + 1)`),
  ],
);
