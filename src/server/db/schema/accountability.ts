// Notices, interviews and accountability decisions (通报、约谈、问责, issue 13; 002: 弄虚作假 → 通报追责).
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/**
 * A notice (通报): drafted, approved by the bureau (signed), published to the units it names; each
 * named unit replies with its rectification by `reply_due_on`. Only the bureau approves and publishes.
 */
export const notices = pgTable(
  'notices',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    // TB-2026-000001, from code_counters.
    code: text('code').notNull(),
    title: text('title').notNull(),
    reason: text('reason').notNull(),
    // What the named units must do: rectify, reply with what was done.
    requirement: text('requirement'),
    replyDueOn: day('reply_due_on').notNull(),
    status: text('status').notNull().default('draft'),
    draftedById: integer('drafted_by_id')
      .notNull()
      .references(() => users.id),
    draftedByName: text('drafted_by_name').notNull(),
    draftedUnitId: integer('drafted_unit_id')
      .notNull()
      .references(() => units.id),
    approvedById: integer('approved_by_id').references(() => users.id),
    approvedByName: text('approved_by_name'),
    approvedAt: ts('approved_at'),
    approvalComment: text('approval_comment'),
    publishedById: integer('published_by_id').references(() => users.id),
    publishedByName: text('published_by_name'),
    publishedAt: ts('published_at'),
    publishedOn: day('published_on'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('notices_code_uq').on(t.districtId, t.code),
    index('notices_district_idx').on(t.districtId, t.status, t.publishedOn),
    check('notices_status_ck', sql`${t.status} in ('draft','approved','published')`),
    check('notices_approved_ck', sql`${t.status} = 'draft' or ${t.approvedAt} is not null`),
    check('notices_published_ck', sql`${t.status} <> 'published' or ${t.publishedOn} is not null`),
  ],
);

/** A unit a notice names (and, when the notice names people, the person by name and post), with its reply. */
export const noticeUnits = pgTable(
  'notice_units',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    personName: text('person_name'),
    personPost: text('person_post'),
    replyText: text('reply_text'),
    replyFileIds: integer('reply_file_ids').array().notNull().default(sql`'{}'::int[]`),
    repliedOn: day('replied_on'),
    repliedAt: ts('replied_at'),
    repliedById: integer('replied_by_id').references(() => users.id),
    repliedByName: text('replied_by_name'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('notice_units_uq').on(t.noticeId, t.unitId),
    index('notice_units_unit_idx').on(t.unitId),
    index('notice_units_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
  ],
);

/**
 * A record behind a notice, by kind and id (a hazard, a false fix, a missed rule, an incident),
 * with what it said when the notice was drafted: the record may change later, the notice does not.
 */
export const noticeRecords = pgTable(
  'notice_records',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    kind: text('kind').notNull(),
    refId: integer('ref_id').notNull(),
    // A missed rule is a school × rule, not a row with an id: the rule's code.
    refKey: text('ref_key').notNull().default(''),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    label: text('label').notNull(),
    occurredOn: day('occurred_on').notNull(),
    link: text('link').notNull(),
  },
  (t) => [uniqueIndex('notice_records_uq').on(t.noticeId, t.kind, t.refId, t.refKey), index('notice_records_ref_idx').on(t.kind, t.refId)],
);

/** An interview (约谈): who was interviewed, by whom, when, what was said; its commitments follow. */
export const interviews = pgTable(
  'interviews',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    noticeId: integer('notice_id').references(() => notices.id),
    heldOn: day('held_on').notNull(),
    place: text('place'),
    // Name and post of each side, as said in the record of the interview.
    interviewees: text('interviewees').notNull(),
    interviewers: text('interviewers').notNull(),
    reason: text('reason').notNull(),
    minutes: text('minutes').notNull(),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [index('interviews_district_idx').on(t.districtId, t.heldOn), index('interviews_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`)],
);

/** A commitment made in an interview, with its deadline; followed up like a hazard (done with evidence, overdue). */
export const interviewCommitments = pgTable(
  'interview_commitments',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull(),
    interviewId: integer('interview_id')
      .notNull()
      .references(() => interviews.id),
    unitPath: text('unit_path').notNull(),
    seq: integer('seq').notNull(),
    content: text('content').notNull(),
    dueOn: day('due_on').notNull(),
    doneOn: day('done_on'),
    doneNote: text('done_note'),
    doneFileIds: integer('done_file_ids').array().notNull().default(sql`'{}'::int[]`),
    doneById: integer('done_by_id').references(() => users.id),
    doneByName: text('done_by_name'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('interview_commitments_seq_uq').on(t.interviewId, t.seq), index('interview_commitments_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`)],
);

/**
 * An accountability decision (问责): the unit held to account, the measure (a code), the decision's
 * number and day, and only the person the decision names (name and post) — no other personnel data.
 */
export const accountabilityDecisions = pgTable(
  'accountability_decisions',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    measure: text('measure').notNull(),
    decidedOn: day('decided_on').notNull(),
    documentNo: text('document_no'),
    subjectName: text('subject_name'),
    subjectPost: text('subject_post'),
    reason: text('reason').notNull(),
    noticeId: integer('notice_id').references(() => notices.id),
    interviewId: integer('interview_id').references(() => interviews.id),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('accountability_decisions_district_idx').on(t.districtId, t.decidedOn),
    index('accountability_decisions_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    check(
      'accountability_decisions_measure_ck',
      sql`${t.measure} in ('criticism_notice','interview','admonishment','written_check','order_rectification','award_disqualification','organisational','discipline_referral')`,
    ),
  ],
);
