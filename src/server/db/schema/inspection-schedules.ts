// Recurring inspections (定期检查, issue 17): a schedule and the occurrences it has made, one per
// school and day, each with the inspection it became.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { campaigns } from './campaigns.js';
import { checklistTemplates } from './checklists.js';
import { createdUpdated, day, ts } from './columns.js';
import { inspections, inspectionTargets } from './inspections.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const inspectionSchedules = pgTable(
  'inspection_schedules',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    organizerUnitId: integer('organizer_unit_id')
      .notNull()
      .references(() => units.id),
    organizerPath: text('organizer_path').notNull(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    cadence: text('cadence').notNull(),
    weekday: integer('weekday'),
    monthDay: integer('month_day'),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on'),
    checklistTemplateId: integer('checklist_template_id').references(() => checklistTemplates.id),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    schoolIds: integer('school_ids').array().notNull(),
    inspectorIds: integer('inspector_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('active'),
    // The last day occurrences were made up to: the job goes on from the day after.
    generatedThrough: day('generated_through').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('inspection_schedules_district_idx').on(t.districtId, t.status),
    index('inspection_schedules_path_idx').using('btree', sql`${t.organizerPath} text_pattern_ops`),
    check('inspection_schedules_status_ck', sql`${t.status} in ('active','stopped')`),
    check('inspection_schedules_cadence_ck', sql`${t.cadence} in ('daily','weekly','monthly','key_period')`),
    check('inspection_schedules_weekday_ck', sql`${t.cadence} <> 'weekly' or ${t.weekday} between 1 and 7`),
    check('inspection_schedules_month_day_ck', sql`${t.cadence} <> 'monthly' or ${t.monthDay} between 1 and 28`),
    check('inspection_schedules_span_ck', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** One school's occurrence of a schedule on one day: made once (the unique index), whichever instance gets there first. */
export const inspectionOccurrences = pgTable(
  'inspection_occurrences',
  {
    id: serial('id').primaryKey(),
    scheduleId: integer('schedule_id')
      .notNull()
      .references(() => inspectionSchedules.id),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    occursOn: day('occurs_on').notNull(),
    inspectionId: integer('inspection_id').references(() => inspections.id),
    targetId: integer('target_id').references(() => inspectionTargets.id),
    // Why no inspection was made (the organiser's person left, no one at the school may check).
    problem: text('problem'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('inspection_occurrences_uq').on(t.scheduleId, t.schoolId, t.occursOn),
    index('inspection_occurrences_school_idx').on(t.schoolId, t.occursOn),
    index('inspection_occurrences_target_idx').on(t.targetId),
  ],
);
