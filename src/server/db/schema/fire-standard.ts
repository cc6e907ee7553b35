// Fire-safety standardisation (消防安全标准化, 000 item 5, 001 item 13; issue 21): the district's
// standard in immutable versions, schools' self-assessments with the district's acceptance, their
// signed steps (append-only), and the fire patrol staff each school names.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { staffMembers } from './staff.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** One standard per district; its content lives in versions (like checklists and rule packs). */
export const fireStandards = pgTable(
  'fire_standards',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    currentVersion: integer('current_version').notNull().default(1),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('fire_standards_district_uq').on(t.districtId)],
);

/** A version of the standard: sections of items (the checklist shape), never changed once written. */
export const fireStandardVersions = pgTable(
  'fire_standard_versions',
  {
    id: serial('id').primaryKey(),
    standardId: integer('standard_id')
      .notNull()
      .references(() => fireStandards.id),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    sections: jsonb('sections').notNull(),
    itemCount: integer('item_count').notNull(),
    reason: text('reason'),
    createdBy: integer('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('fire_standard_versions_uq').on(t.standardId, t.number)],
);

/**
 * A school's self-assessment against one version of the standard (自评), then the district's
 * acceptance (达标验收): draft → submitted → accepted | failed. Answers are [{ key, result, note,
 * fileIds }]; the acceptance keeps who signed, their unit, when, the day and the text.
 */
export const fireAssessments = pgTable(
  'fire_assessments',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    standardVersionId: integer('standard_version_id')
      .notNull()
      .references(() => fireStandardVersions.id),
    status: text('status').notNull().default('draft'),
    answers: jsonb('answers').notNull().default(sql`'[]'::jsonb`),
    note: text('note'),
    submittedOn: day('submitted_on'),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedByName: text('submitted_by_name'),
    result: text('result'),
    acceptedOn: day('accepted_on'),
    acceptedBy: integer('accepted_by').references(() => users.id),
    acceptedByName: text('accepted_by_name'),
    acceptedUnitName: text('accepted_unit_name'),
    acceptedAt: ts('accepted_at'),
    acceptText: text('accept_text'),
    failedKeys: text('failed_keys').array().notNull().default(sql`'{}'::text[]`),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    // One assessment under way per school: a second start at the same moment is a 409.
    uniqueIndex('fire_assessments_open_uq').on(t.schoolId).where(sql`${t.status} in ('draft','submitted')`),
    index('fire_assessments_school_idx').on(t.schoolId, t.id),
    index('fire_assessments_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    index('fire_assessments_district_status_idx').on(t.districtId, t.status),
    check('fire_assessments_status_ck', sql`${t.status} in ('draft','submitted','accepted','failed')`),
    check('fire_assessments_result_ck', sql`(${t.status} in ('accepted','failed')) = (${t.result} is not null and ${t.acceptedOn} is not null and ${t.acceptedBy} is not null and ${t.acceptText} is not null)`),
    check('fire_assessments_result_value_ck', sql`${t.result} is null or (${t.result} = 'pass' and ${t.status} = 'accepted') or (${t.result} = 'fail' and ${t.status} = 'failed')`),
    check('fire_assessments_submitted_ck', sql`${t.status} = 'draft' or ${t.submittedOn} is not null`),
    check('fire_assessments_accepted_after_ck', sql`${t.acceptedOn} is null or ${t.acceptedOn} >= ${t.submittedOn}`),
  ],
);

/** The signed steps of an assessment (who, their unit, when, the text); append-only by trigger. */
export const fireAssessmentSteps = pgTable(
  'fire_assessment_steps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => fireAssessments.id),
    districtId: integer('district_id').notNull(),
    action: text('action').notNull(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    actorName: text('actor_name').notNull(),
    actorUnitName: text('actor_unit_name').notNull(),
    at: ts('at').notNull().defaultNow(),
    comment: text('comment'),
  },
  (t) => [index('fire_assessment_steps_idx').on(t.assessmentId, t.id), check('fire_assessment_steps_action_ck', sql`${t.action} in ('create','submit','accept','fail')`)],
);

/** The fire patrol staff a school names (消防巡查人员, 001 item 13): staff records with their area. */
export const firePatrolStaff = pgTable(
  'fire_patrol_staff',
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
    patrolArea: text('patrol_area').notNull(),
    namedOn: day('named_on').notNull(),
    status: text('status').notNull().default('active'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('fire_patrol_staff_uq').on(t.schoolId, t.staffId).where(sql`${t.status} = 'active'`),
    index('fire_patrol_staff_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('fire_patrol_staff_status_ck', sql`${t.status} in ('active','removed')`),
  ],
);
