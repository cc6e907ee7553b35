// Inspections (排查/检查): inspectors, the schools checked, the marks.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { campaigns } from './campaigns.js';
import { checklistVersions } from './checklists.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const inspections = pgTable(
  'inspections',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    checklistVersionId: integer('checklist_version_id').references(() => checklistVersions.id),
    // A follow-up (回头看) checks the hazards of an earlier inspection or of a campaign sample.
    followUpOfId: integer('follow_up_of_id'),
    // The hazards a follow-up checks again (its form lists them instead of checklist items).
    followUpHazardIds: integer('follow_up_hazard_ids').array().notNull().default(sql`'{}'::int[]`),
    organizerUnitId: integer('organizer_unit_id')
      .notNull()
      .references(() => units.id),
    // A cross check (交叉检查): the unit whose inspectors check another's schools.
    inspectorUnitId: integer('inspector_unit_id').references(() => units.id),
    plannedOn: day('planned_on').notNull(),
    status: text('status').notNull().default('planned'),
    startedAt: ts('started_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('inspections_code_uq').on(t.districtId, t.code),
    index('inspections_district_idx').on(t.districtId, t.plannedOn),
    index('inspections_campaign_idx').on(t.campaignId),
    check('inspections_status_ck', sql`${t.status} in ('planned','in_progress','submitted')`),
  ],
);

export const inspectionInspectors = pgTable(
  'inspection_inspectors',
  {
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.userId] }), index('inspection_inspectors_user_idx').on(t.userId)],
);

/** One school checked by an inspection: its filled checklist, submitted and signed on its own. */
export const inspectionTargets = pgTable(
  'inspection_targets',
  {
    id: serial('id').primaryKey(),
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    districtId: integer('district_id').notNull().references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    status: text('status').notNull().default('planned'),
    submittedAt: ts('submitted_at'),
    // The inspectors who signed the submission: [{ userId, name, at }].
    signatures: jsonb('signatures').notNull().default(sql`'[]'::jsonb`),
    summary: text('summary'),
    // The key the submitting client made for its submission (issue 17): an offline phone that never
    // heard the answer sends it again, and the same key gets the submitted form back instead of a 409.
    submitKey: text('submit_key'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('inspection_targets_uq').on(t.inspectionId, t.schoolId),
    index('inspection_targets_school_idx').on(t.schoolId),
    index('inspection_targets_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
  ],
);

/** The mark of one checklist item (or, in a follow-up, of one earlier hazard) at one school. */
export const inspectionResults = pgTable(
  'inspection_results',
  {
    id: serial('id').primaryKey(),
    targetId: integer('target_id')
      .notNull()
      .references(() => inspectionTargets.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    result: text('result').notNull(),
    note: text('note'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    // For a follow-up: the hazard checked again.
    checkedHazardId: integer('checked_hazard_id'),
    // The hazard a failed item became.
    hazardId: integer('hazard_id'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('inspection_results_uq').on(t.targetId, t.itemKey), check('inspection_results_result_ck', sql`${t.result} in ('pass','fail','na')`)],
);
