// The hazard register and the signed steps of each hazard.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, numeric, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { campaigns } from './campaigns.js';
import { inspections, inspectionTargets } from './inspections.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const hazards = pgTable(
  'hazards',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    code: text('code').notNull(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    area: text('area').notNull(),
    location: text('location').notNull(),
    description: text('description').notNull(),
    grade: text('grade').notNull(),
    source: text('source').notNull(),
    inspectionId: integer('inspection_id').references(() => inspections.id),
    inspectionTargetId: integer('inspection_target_id').references(() => inspectionTargets.id),
    itemKey: text('item_key'),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    foundOn: day('found_on').notNull(),
    foundById: integer('found_by_id').references(() => users.id),
    foundByName: text('found_by_name').notNull(),
    responsibleUnitId: integer('responsible_unit_id').references(() => units.id),
    responsibleUserId: integer('responsible_user_id').references(() => users.id),
    responsibleDepartmentId: integer('responsible_department_id').references(() => units.id),
    measures: text('measures'),
    deadline: day('deadline'),
    interimControls: text('interim_controls'),
    funds: numeric('funds', { precision: 14, scale: 2, mode: 'number' }),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('reported'),
    submittedById: integer('submitted_by_id').references(() => users.id),
    pendingDeadline: day('pending_deadline'),
    falseFix: boolean('false_fix').notNull().default(false),
    // The campaign summary (002): resolved, resolving (with a committed date) or hard.
    summaryClass: text('summary_class'),
    committedOn: day('committed_on'),
    coordinationDepartmentId: integer('coordination_department_id').references(() => units.id),
    // Set by the daily job; the register computes overdue itself, this keeps reminders once-only.
    overdueMarkedOn: day('overdue_marked_on'),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('hazards_code_uq').on(t.districtId, t.code),
    index('hazards_district_status_idx').on(t.districtId, t.status, t.id),
    // The register filtered by status and area (counted by an index-only scan; BENCHMARKS.md).
    index('hazards_status_area_idx').on(t.districtId, t.status, t.area, t.id),
    // Open hazards by deadline: overdue counts and lists without reading the closed ones (~93%).
    index('hazards_open_deadline_idx').on(t.districtId, t.deadline, t.schoolPath).where(sql`${t.status} <> 'closed'`),
    index('hazards_school_idx').on(t.schoolId),
    index('hazards_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    index('hazards_campaign_idx').on(t.campaignId),
    index('hazards_deadline_idx').on(t.districtId, t.deadline),
    index('hazards_inspection_idx').on(t.inspectionId),
    check('hazards_status_ck', sql`${t.status} in ('reported','assigned','rectifying','submitted','accepted','closed')`),
    check('hazards_grade_ck', sql`${t.grade} in ('general','major')`),
    check('hazards_deadline_ck', sql`${t.deadline} is null or ${t.deadline} >= ${t.foundOn}`),
    check('hazards_summary_ck', sql`${t.summaryClass} is null or ${t.summaryClass} in ('resolved','resolving','hard')`),
  ],
);

/** The signed history of a hazard; append-only (a trigger refuses UPDATE and DELETE). */
export const hazardSteps = pgTable(
  'hazard_steps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    hazardId: integer('hazard_id')
      .notNull()
      .references(() => hazards.id),
    districtId: integer('district_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    // null: a step no person signed (a hazard registered by a job, issue 17; actor_name says which).
    actorId: integer('actor_id')
      .references(() => users.id),
    actorName: text('actor_name').notNull(),
    actorUnitName: text('actor_unit_name').notNull(),
    at: ts('at').notNull().defaultNow(),
    comment: text('comment'),
    data: jsonb('data'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    // Made by the client once per step: the same step sent again after its answer was lost on the
    // way to an offline phone is recognised, not signed twice (issue 17).
    stepKey: text('step_key'),
  },
  (t) => [
    index('hazard_steps_hazard_idx').on(t.hazardId, t.id),
    uniqueIndex('hazard_steps_key_uq').on(t.hazardId, t.stepKey).where(sql`${t.stepKey} is not null`),
  ],
);
