// The safety education and boarding care ledger (安全教育活动, issue 15 item 9; 000 item 15 and the
// task table, 001 items 8 and 12): education day activities and each term's first lesson, boarding
// schools' evening roll call per dormitory, and the summer drowning-prevention letter acknowledged.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { day } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';

export const educationRecords = pgTable(
  'education_records',
  {
    id: serial('id').primaryKey(),
    ...recordedSchoolColumns(),
    /** activity 安全教育活动 | roll_call 寄宿生晚点名 | drowning_letter 防溺水告家长书 */
    kind: text('kind').notNull(),
    heldOn: day('held_on').notNull(),
    /** Who organised the activity, called the roll or sent the letter. */
    person: text('person').notNull(),
    // Activity: the education day it is for ('fire_day:2026', 'first_lesson:2025-2026-1'), its title, classes and students reached.
    educationDay: text('education_day'),
    title: text('title'),
    classesReached: integer('classes_reached'),
    participants: integer('participants'),
    // Roll call: the dormitory, expected, present, absent without leave, parents told the same day.
    dormitory: text('dormitory'),
    expected: integer('expected'),
    present: integer('present'),
    absentWithoutLeave: integer('absent_without_leave'),
    parentsNotified: integer('parents_notified'),
    // Drowning letter: classes and students, and how many acknowledged.
    classesTotal: integer('classes_total'),
    classesAcknowledged: integer('classes_acknowledged'),
    studentsTotal: integer('students_total'),
    studentsAcknowledged: integer('students_acknowledged'),
    summary: text('summary'),
  },
  (t) => [
    index('education_records_school_idx').on(t.schoolId, t.kind, t.heldOn),
    index('education_records_district_idx').on(t.districtId, t.heldOn),
    index('education_records_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('education_records_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('education_records_kind_ck', sql`${t.kind} in ('activity','roll_call','drowning_letter')`),
    check(
      'education_records_counts_ck',
      sql`coalesce(${t.classesReached},0) >= 0 and coalesce(${t.participants},0) >= 0 and coalesce(${t.expected},0) >= 0 and coalesce(${t.present},0) >= 0 and coalesce(${t.absentWithoutLeave},0) >= 0 and coalesce(${t.parentsNotified},0) >= 0 and coalesce(${t.classesTotal},0) >= 0 and coalesce(${t.classesAcknowledged},0) >= 0 and coalesce(${t.studentsTotal},0) >= 0 and coalesce(${t.studentsAcknowledged},0) >= 0`,
    ),
    check('education_records_ack_ck', sql`coalesce(${t.classesAcknowledged},0) <= coalesce(${t.classesTotal},0) and coalesce(${t.studentsAcknowledged},0) <= coalesce(${t.studentsTotal},0)`),
  ],
);
