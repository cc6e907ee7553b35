// Bullying and violence (欺凌防治, issue 22; 001 item 10, 002 area 4, 000 item 13): each school's
// governance committee (欺凌治理委员会) with its members and meetings, the pupils' help line and contact
// people (求助电话和联系人), the screening of early signs by class (苗头性事件排摸, counts only), and the
// case register. Pupils are never written here: a case refers to students of concern (care_records)
// by id. What a case says (what happened, the reasons, the handling, follow-ups) is AES-256-GCM
// ciphertext sealed by src/server/care/crypto.ts (columns ending in `_enc`), as for care records.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { files } from './files.js';
import { incidents } from './incidents.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** A member of a school's committee (001 item 10: 充分发挥校园欺凌治理委员会的作用): a user of the school. Removed, never deleted. */
export const bullyingCommitteeMembers = pgTable(
  'bullying_committee_members',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    committeeRole: text('committee_role').notNull(),
    appointedBy: integer('appointed_by')
      .notNull()
      .references(() => users.id),
    appointedAt: ts('appointed_at').notNull().defaultNow(),
    removedBy: integer('removed_by').references(() => users.id),
    removedAt: ts('removed_at'),
  },
  (t) => [
    uniqueIndex('bullying_committee_active_uq').on(t.schoolId, t.userId).where(sql`${t.removedAt} is null`),
    index('bullying_committee_user_idx').on(t.userId),
    check('bullying_committee_role_ck', sql`${t.committeeRole} in ('chair','vice_chair','legal_vice_principal','counsellor','member')`),
  ],
);

/** A meeting of the committee: the day, the topic and its minutes (a file of the files mechanism). Appended. */
export const bullyingMeetings = pgTable(
  'bullying_meetings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    heldOn: day('held_on').notNull(),
    topic: text('topic').notNull(),
    minutesFileId: integer('minutes_file_id').references(() => files.id),
    attendees: integer('attendees').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('bullying_meetings_school_idx').on(t.schoolId, t.heldOn), check('bullying_meetings_attendees_ck', sql`${t.attendees} between 1 and 100`)],
);

/** The pupils' help line and contact people of a school (002 area 4: 要设立学生求助电话和联系人). One per school. */
export const bullyingHelpLines = pgTable(
  'bullying_help_lines',
  {
    schoolId: integer('school_id')
      .primaryKey()
      .references(() => units.id),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolPath: text('school_path').notNull(),
    phone: text('phone').notNull(),
    hours: text('hours').notNull(),
    // [{ name, post, phone }]: staff named as contact people, published to the pupils.
    contacts: jsonb('contacts').notNull(),
    updatedByName: text('updated_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
);

/** One class's screening of early signs in a term (000 item 13: 苗头性事件的排摸; 001 item 10: 早摸排): counts only. */
export const bullyingScreenings = pgTable(
  'bullying_screenings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    screenedOn: day('screened_on').notNull(),
    grade: integer('grade').notNull(),
    className: text('class_name').notNull(),
    pupils: integer('pupils').notNull(),
    signsFound: integer('signs_found').notNull(),
    followUpNeeded: integer('follow_up_needed').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('bullying_screenings_school_idx').on(t.schoolId, t.screenedOn),
    check('bullying_screenings_grade_ck', sql`${t.grade} between 1 and 12`),
    check('bullying_screenings_counts_ck', sql`${t.pupils} >= 1 and ${t.signsFound} between 0 and ${t.pupils} and ${t.followUpNeeded} between 0 and ${t.signsFound}`),
  ],
);

/**
 * A bullying or violence case (欺凌事件). The inquiry's deadline comes from the district's rule pack
 * when reported (rule bullying.inquiry); the determination is signed by a committee member; a case
 * with injury or violence opened an incident in the same transaction (incident_id).
 */
export const bullyingCases = pgTable(
  'bullying_cases',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    reportedOn: day('reported_on').notNull(),
    reportChannel: text('report_channel').notNull(),
    reporterEnc: text('reporter_enc').notNull(),
    occurredOn: day('occurred_on').notNull(),
    place: text('place').notNull(),
    summaryEnc: text('summary_enc').notNull(),
    injury: boolean('injury').notNull().default(false),
    violence: boolean('violence').notNull().default(false),
    incidentId: integer('incident_id').references(() => incidents.id),
    inquiryDays: integer('inquiry_days').notNull(),
    inquiryDueOn: day('inquiry_due_on').notNull(),
    status: text('status').notNull().default('inquiry'),
    // The determination (认定): bullying or not, the sealed reasons, who signed and when.
    isBullying: boolean('is_bullying'),
    reasonsEnc: text('reasons_enc'),
    determinedBy: integer('determined_by').references(() => users.id),
    determinedByName: text('determined_by_name'),
    determinedRole: text('determined_role'),
    determinedAt: ts('determined_at'),
    // The handling (处置, 002 area 4 ④): measures by code, who admonished (训诫), the social worker, a sealed note.
    measures: text('measures').array().notNull().default(sql`'{}'::text[]`),
    admonishedBy: text('admonished_by'),
    socialWorker: text('social_worker'),
    handlingEnc: text('handling_enc'),
    handledOn: day('handled_on'),
    closedOn: day('closed_on'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('bullying_cases_school_idx').on(t.schoolId, t.status),
    index('bullying_cases_due_idx').on(t.districtId, t.inquiryDueOn).where(sql`${t.status} = 'inquiry'`),
    index('bullying_cases_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('bullying_cases_status_ck', sql`${t.status} in ('inquiry','determined','handled','closed')`),
    check('bullying_cases_determined_ck', sql`(${t.status} = 'inquiry') = (${t.isBullying} is null)`),
    check('bullying_cases_sealed_ck', sql`${t.reporterEnc} like 'v1.%' and ${t.summaryEnc} like 'v1.%' and (${t.reasonsEnc} is null or ${t.reasonsEnc} like 'v1.%') and (${t.handlingEnc} is null or ${t.handlingEnc} like 'v1.%')`),
  ],
);

/** The pupils of a case, by reference to students of concern of the same school: never a copied name. */
export const bullyingCasePupils = pgTable(
  'bullying_case_pupils',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => bullyingCases.id, { onDelete: 'cascade' }),
    // No foreign key: a record purged after its retention (care-jobs.ts) leaves the case with the
    // pupil's role and no name; the service checks the record is the school's when linking.
    careRecordId: integer('care_record_id').notNull(),
    districtId: integer('district_id').notNull(),
    schoolId: integer('school_id').notNull(),
    pupilRole: text('pupil_role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.careRecordId] }), index('bullying_case_pupils_record_idx').on(t.careRecordId), check('bullying_case_pupils_role_ck', sql`${t.pupilRole} in ('target','actor','bystander')`)],
);

/** A follow-up of a case (回访): the day, who, a sealed note. Appended, never changed. */
export const bullyingFollowUps = pgTable(
  'bullying_follow_ups',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => bullyingCases.id, { onDelete: 'cascade' }),
    districtId: integer('district_id').notNull(),
    schoolId: integer('school_id').notNull(),
    heldOn: day('held_on').notNull(),
    noteEnc: text('note_enc').notNull(),
    byUserId: integer('by_user_id')
      .notNull()
      .references(() => users.id),
    byName: text('by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('bullying_follow_ups_case_idx').on(t.caseId, t.heldOn), check('bullying_follow_ups_sealed_ck', sql`${t.noteEnc} like 'v1.%'`)],
);
