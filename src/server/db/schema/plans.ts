// The year's work plan (工作要点) with its task table (任务分解表, seed 000), each task's units and their
// progress, the summaries collected from units, and the leaders' patches (分片包靠, 001 item 2).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { inspections } from './inspections.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** One plan per district and year: title, the points as text, the bureau's answers for unit words it was asked. */
export const workPlans = pgTable(
  'work_plans',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    points: text('points').notNull().default(''),
    status: text('status').notNull().default('draft'),
    /** Word → unit ids: what the bureau answered for a word that named no unit (never guessed). */
    answers: jsonb('answers').$type<Record<string, number[]>>().notNull().default({}),
    publishedAt: ts('published_at'),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('work_plans_district_year_uq').on(t.districtId, t.year), check('work_plans_status_ck', sql`${t.status} in ('draft','published')`)],
);

export const planTasks = pgTable(
  'plan_tasks',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    planId: integer('plan_id')
      .notNull()
      .references(() => workPlans.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    quarter: integer('quarter').notNull(),
    text: text('text').notNull(),
    /** The 责任部门/单位 cell as written ("局安办、中小幼"). */
    unitWords: text('unit_words').notNull(),
    leadUnitId: integer('lead_unit_id').references(() => units.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('plan_tasks_plan_idx').on(t.planId, t.seq),
    check('plan_tasks_quarter_ck', sql`${t.quarter} between 1 and 4`),
  ],
);

/** A task's unit (resolved at publishing) and that unit's progress on it. */
export const planTaskUnits = pgTable(
  'plan_task_units',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    planId: integer('plan_id')
      .notNull()
      .references(() => workPlans.id, { onDelete: 'cascade' }),
    taskId: integer('task_id')
      .notNull()
      .references(() => planTasks.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    lead: boolean('lead').notNull().default(false),
    status: text('status').notNull().default('not_started'),
    note: text('note'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    reportedAt: ts('reported_at'),
    reportedBy: integer('reported_by').references(() => users.id),
    reportedByName: text('reported_by_name'),
    /** The day it was reported done: overdue is judged against the quarter's end. */
    doneOn: day('done_on'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('plan_task_units_task_unit_uq').on(t.taskId, t.unitId),
    index('plan_task_units_plan_unit_idx').on(t.planId, t.unitId),
    index('plan_task_units_district_unit_idx').on(t.districtId, t.unitId),
    index('plan_task_units_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    check('plan_task_units_status_ck', sql`${t.status} in ('not_started','in_progress','done')`),
  ],
);

/** A summary asked of units (quarterly, half-year, annual; 000 tasks 11, 20, 38, 40) with its deadline. */
export const planSummaries = pgTable(
  'plan_summaries',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    planId: integer('plan_id')
      .notNull()
      .references(() => workPlans.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    dueOn: day('due_on').notNull(),
    unitWords: text('unit_words').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [index('plan_summaries_plan_idx').on(t.planId, t.dueOn), check('plan_summaries_kind_ck', sql`${t.kind} in ('quarter','half','annual')`)],
);

export const planSummaryReturns = pgTable(
  'plan_summary_returns',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    summaryId: integer('summary_id')
      .notNull()
      .references(() => planSummaries.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    status: text('status').notNull().default('pending'),
    text: text('text'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    submittedAt: ts('submitted_at'),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedByName: text('submitted_by_name'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('plan_summary_returns_uq').on(t.summaryId, t.unitId),
    index('plan_summary_returns_unit_idx').on(t.districtId, t.unitId),
    check('plan_summary_returns_status_ck', sql`${t.status} in ('pending','submitted')`),
  ],
);

/** A leader's or department's patch of schools for a year (分片包靠, 001 item 2). */
export const leaderPatches = pgTable(
  'leader_patches',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    year: integer('year').notNull(),
    /** A bureau leader, or else a department: exactly one. */
    holderUserId: integer('holder_user_id').references(() => users.id),
    holderUnitId: integer('holder_unit_id').references(() => units.id),
    holderName: text('holder_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('leader_patches_user_uq').on(t.districtId, t.year, t.holderUserId).where(sql`${t.holderUserId} is not null`),
    uniqueIndex('leader_patches_unit_uq').on(t.districtId, t.year, t.holderUnitId).where(sql`${t.holderUnitId} is not null`),
    check('leader_patches_holder_ck', sql`(${t.holderUserId} is null) <> (${t.holderUnitId} is null)`),
  ],
);

export const leaderPatchSchools = pgTable(
  'leader_patch_schools',
  {
    patchId: integer('patch_id')
      .notNull()
      .references(() => leaderPatches.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.patchId, t.schoolId] }), index('leader_patch_schools_school_idx').on(t.schoolId)],
);

/** A visit of a patch holder to one of the patch's schools; it may have started an inspection. */
export const patchVisits = pgTable(
  'patch_visits',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    patchId: integer('patch_id')
      .notNull()
      .references(() => leaderPatches.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    visitedOn: day('visited_on').notNull(),
    note: text('note').notNull(),
    inspectionId: integer('inspection_id').references(() => inspections.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    ...createdUpdated,
  },
  (t) => [index('patch_visits_patch_idx').on(t.patchId, t.visitedOn), index('patch_visits_school_idx').on(t.schoolId)],
);
