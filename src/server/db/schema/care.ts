// Students of concern (学生关爱, issue 16): mental health screening per class, the one-to-one care
// ledger (包靠台账) and who may see it. Columns ending in `_enc` hold AES-256-GCM ciphertext
// (src/server/care/crypto.ts), never plain text: a dump or a backup does not expose a name.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, createdUpdated, day, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/**
 * The school's care staff (心理/关爱专干) named by the principal: a grant to one person, not to a
 * role, so that the circle is narrower than the school (issue 16). Revoked, never deleted.
 */
export const careStaff = pgTable(
  'care_staff',
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
    grantedBy: integer('granted_by')
      .notNull()
      .references(() => users.id),
    grantedAt: ts('granted_at').notNull().defaultNow(),
    revokedBy: integer('revoked_by').references(() => users.id),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('care_staff_active_uq').on(t.schoolId, t.userId).where(sql`${t.revokedAt} is null`),
    index('care_staff_user_idx').on(t.userId),
  ],
);

/** One class's mental health screening in a semester (001 item 9): counts only, no names. */
export const careScreenings = pgTable(
  'care_screenings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    grade: integer('grade').notNull(),
    className: text('class_name').notNull(),
    screenedOn: day('screened_on').notNull(),
    instrument: text('instrument').notNull(),
    screened: integer('screened').notNull(),
    notScreened: integer('not_screened').notNull().default(0),
    notScreenedReason: text('not_screened_reason'),
    // { none, attention, concern, crisis }: students per result band.
    bands: jsonb('bands').notNull(),
    status: text('status').notNull().default('recorded'),
    voidReason: text('void_reason'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('care_screenings_school_day_idx').on(t.schoolId, t.screenedOn),
    index('care_screenings_district_day_idx').on(t.districtId, t.screenedOn).where(sql`${t.status} = 'recorded'`),
    index('care_screenings_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('care_screenings_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('care_screenings_grade_ck', sql`${t.grade} between 1 and 12`),
    check('care_screenings_counts_ck', sql`${t.screened} >= 0 and ${t.notScreened} >= 0`),
  ],
);

/**
 * A student of concern (一生一档, 001 items 9 and 20): the least that care needs. Name, note,
 * measures and guardian contact are ciphertext; `name_hash` is a keyed hash (HMAC) of the
 * normalised name so the permitted can find a student by name. Grade, class and kinds are kept
 * plain for counting upward (a class alone names nobody).
 */
export const careRecords = pgTable(
  'care_records',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    nameEnc: text('name_enc'),
    nameHash: text('name_hash'),
    noteEnc: text('note_enc'),
    measuresEnc: text('measures_enc'),
    contactEnc: text('contact_enc'),
    grade: integer('grade').notNull(),
    className: text('class_name').notNull(),
    kinds: text('kinds').array().notNull(),
    // The screening band that brought the student to attention, if any (counted upward).
    band: text('band'),
    consent: text('consent').notNull().default('not_needed'),
    consentOn: day('consent_on'),
    openedOn: day('opened_on').notNull(),
    followUpDays: integer('follow_up_days').notNull().default(30),
    lastFollowUpOn: day('last_follow_up_on'),
    nextDueOn: day('next_due_on').notNull(),
    status: text('status').notNull().default('open'),
    closedOn: day('closed_on'),
    closeReason: text('close_reason'),
    purgeOn: day('purge_on'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('care_records_school_idx').on(t.schoolId, t.status),
    index('care_records_name_idx').on(t.schoolId, t.nameHash),
    index('care_records_due_idx').on(t.districtId, t.nextDueOn).where(sql`${t.status} = 'open'`),
    index('care_records_purge_idx').on(t.purgeOn).where(sql`${t.status} = 'closed'`),
    index('care_records_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('care_records_status_ck', sql`${t.status} in ('open','closed')`),
    check('care_records_grade_ck', sql`${t.grade} between 1 and 12`),
    check('care_records_days_ck', sql`${t.followUpDays} between 7 and 90`),
    check('care_records_closed_ck', sql`(${t.status} = 'closed') = (${t.closedOn} is not null)`),
    check('care_records_consent_ck', sql`${t.consent} in ('not_needed','pending','given','refused')`),
    // Ciphertext only: a bug that would write a plain name fails here instead (src/server/care/crypto.ts).
    check('care_records_sealed_ck', sql`(${t.nameEnc} is null or ${t.nameEnc} like 'v1.%') and (${t.noteEnc} is null or ${t.noteEnc} like 'v1.%') and (${t.measuresEnc} is null or ${t.measuresEnc} like 'v1.%') and (${t.contactEnc} is null or ${t.contactEnc} like 'v1.%')`),
  ],
);

/** The carers (包靠人) of a student: staff of the school, one to one (001 item 20). */
export const careCarers = pgTable(
  'care_carers',
  {
    recordId: integer('record_id')
      .notNull()
      .references(() => careRecords.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    districtId: integer('district_id').notNull(),
    schoolId: integer('school_id').notNull(),
    assignedBy: integer('assigned_by')
      .notNull()
      .references(() => users.id),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.userId] }), index('care_carers_user_idx').on(t.userId)],
);

/** A follow-up (随访) by a carer: the day, who, and an encrypted note. Appended, never changed. */
export const careFollowUps = pgTable(
  'care_follow_ups',
  {
    id: serial('id').primaryKey(),
    recordId: integer('record_id')
      .notNull()
      .references(() => careRecords.id, { onDelete: 'cascade' }),
    districtId: integer('district_id').notNull(),
    schoolId: integer('school_id').notNull(),
    heldOn: day('held_on').notNull(),
    method: text('method').notNull(),
    noteEnc: text('note_enc').notNull(),
    byUserId: integer('by_user_id')
      .notNull()
      .references(() => users.id),
    byName: text('by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('care_follow_ups_record_idx').on(t.recordId, t.heldOn), check('care_follow_ups_sealed_ck', sql`${t.noteEnc} like 'v1.%'`)],
);

/** What is left of purged records (issue 16: purged after retention, leaving only counts). */
export const carePurgeCounts = pgTable(
  'care_purge_counts',
  {
    districtId: integer('district_id').notNull(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    // The school year the records were closed in: '2025-2026'.
    schoolYear: text('school_year').notNull(),
    closeReason: text('close_reason').notNull(),
    records: integer('records').notNull(),
    followUps: integer('follow_ups').notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.schoolYear, t.closeReason] })],
);

/** The district's retention of closed records: school years kept after the one they closed in. */
export const careSettings = pgTable('care_settings', {
  districtId: integer('district_id')
    .primaryKey()
    .references(() => districts.id),
  retentionExtraYears: integer('retention_extra_years').notNull().default(0),
  version: integer('version').notNull().default(1),
  ...createdUpdated,
});

/**
 * Files on a student's record or one of its follow-ups (a doctor's letter, a consent form; issue
 * 16: files are encrypted at rest like the name). Kept here, sealed, not in the plain file storage
 * of `files`: the bytes are AES-256-GCM ciphertext bound to the record (crypto.ts sealBytes), the
 * file name and the SHA-256 of the plain bytes are sealed too (a plain digest would let whoever
 * holds a dump confirm that a known document is on file). Type and size are plain. Deleted with
 * the record when it is purged.
 */
export const careFiles = pgTable(
  'care_files',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    recordId: integer('record_id')
      .notNull()
      .references(() => careRecords.id, { onDelete: 'cascade' }),
    followUpId: integer('follow_up_id').references(() => careFollowUps.id, { onDelete: 'cascade' }),
    nameEnc: text('name_enc').notNull(),
    sha256Enc: text('sha256_enc').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedByName: text('uploaded_by_name').notNull(),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [
    index('care_files_record_idx').on(t.recordId, t.id),
    check('care_files_size_ck', sql`${t.size} > 0`),
    // Ciphertext only, as for the record's fields: a bug writing plain bytes or a plain name fails here.
    check('care_files_sealed_ck', sql`${t.nameEnc} like 'v1.%' and ${t.sha256Enc} like 'v1.%' and substring(${t.content} from 1 for 4) = '\\x41585331'::bytea`),
  ],
);
