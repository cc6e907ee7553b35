// Letters to families (告家长书, issue 22; 000 item 13): a school sends a safety letter to its classes;
// each pupil's guardian gets a numbered slip (回执) with an unguessable link and confirms without an
// account. Anxiao keeps no pupil roster: a slip is a class and a seat number (the class teacher's own
// 学号), never a name, so no pupil's name is written anywhere here (PIPL: the fewest data).
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { day, ts } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';
import { users } from './users.js';

export const familyLetters = pgTable(
  'family_letters',
  {
    id: serial('id').primaryKey(),
    ...recordedSchoolColumns(),
    /** holiday | drowning | traffic | anti_fraud | other */
    topic: text('topic').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    sentOn: day('sent_on').notNull(),
    /** The last day a guardian may confirm: the links stop working after it (Asia/Shanghai). */
    dueOn: day('due_on').notNull(),
  },
  (t) => [
    index('family_letters_school_idx').on(t.schoolId, t.sentOn),
    index('family_letters_district_idx').on(t.districtId, t.sentOn),
    index('family_letters_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('family_letters_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('family_letters_topic_ck', sql`${t.topic} in ('holiday','drowning','traffic','anti_fraud','other')`),
    check('family_letters_due_ck', sql`${t.dueOn} >= ${t.sentOn}`),
  ],
);

/** A class the letter went to: its size, and the class teacher who follows up (an account, when they have one). */
export const familyLetterClasses = pgTable(
  'family_letter_classes',
  {
    id: serial('id').primaryKey(),
    letterId: integer('letter_id')
      .notNull()
      .references(() => familyLetters.id),
    className: text('class_name').notNull(),
    pupils: integer('pupils').notNull(),
    teacherName: text('teacher_name'),
    teacherUserId: integer('teacher_user_id').references(() => users.id),
  },
  (t) => [
    uniqueIndex('family_letter_classes_uq').on(t.letterId, t.className),
    index('family_letter_classes_teacher_idx').on(t.teacherUserId),
    check('family_letter_classes_pupils_ck', sql`${t.pupils} between 1 and 100`),
  ],
);

/**
 * One pupil's receipt: the token is the whole credential of its link, so it is random (122 bits from
 * gen_random_uuid) and unique. It is kept, not hashed like a session token, because the teacher
 * prints the slip again; it opens this one receipt until the letter's due day and nothing else.
 */
export const familyLetterSlips = pgTable(
  'family_letter_slips',
  {
    id: serial('id').primaryKey(),
    letterId: integer('letter_id')
      .notNull()
      .references(() => familyLetters.id),
    classId: integer('class_id')
      .notNull()
      .references(() => familyLetterClasses.id),
    seat: smallint('seat').notNull(),
    token: text('token').notNull(),
    confirmedAt: ts('confirmed_at'),
    /** link: the guardian confirmed online; paper: the teacher recorded the signed paper slip. */
    method: text('method'),
    /** father | mother | grandparent | other: who confirmed, no name (data minimisation). */
    relationship: text('relationship'),
    /** The teacher who recorded a paper slip. */
    recordedBy: integer('recorded_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('family_letter_slips_token_uq').on(t.token),
    uniqueIndex('family_letter_slips_seat_uq').on(t.classId, t.seat),
    index('family_letter_slips_letter_idx').on(t.letterId),
    check('family_letter_slips_confirmed_ck', sql`(${t.confirmedAt} is null) = (${t.method} is null)`),
    check('family_letter_slips_method_ck', sql`${t.method} is null or ${t.method} in ('link','paper')`),
    check('family_letter_slips_rel_ck', sql`${t.relationship} is null or ${t.relationship} in ('father','mother','grandparent','other')`),
  ],
);
