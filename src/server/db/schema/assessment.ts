// The yearly safety assessment (安全绩效考核, issue 14): the indicator scheme per district and year
// (every version kept), the run of a year (computed, published) and each unit's score.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** One version of a district's scheme for a year; the highest version is in force. */
export const assessmentSchemes = pgTable(
  'assessment_schemes',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    indicators: jsonb('indicators').notNull(),
    grades: jsonb('grades').notNull(),
    reason: text('reason').notNull(),
    savedBy: integer('saved_by')
      .notNull()
      .references(() => users.id),
    savedByName: text('saved_by_name').notNull(),
    savedAt: ts('saved_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assessment_schemes_version_uq').on(t.districtId, t.year, t.version)],
);

/** A district's assessment of a year: computed (draft) until the bureau publishes it. */
export const assessmentRuns = pgTable(
  'assessment_runs',
  {
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    year: integer('year').notNull(),
    status: text('status').notNull().default('draft'),
    schemeVersion: integer('scheme_version').notNull(),
    computedAt: ts('computed_at').notNull(),
    computedByName: text('computed_by_name').notNull(),
    publishedAt: ts('published_at'),
    publishedByName: text('published_by_name'),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.year] }), check('assessment_runs_status_ck', sql`${t.status} in ('draft','published')`)],
);

/** A unit's score of a year: the computed figures, the veto, and the bureau's signed adjustment beside them. */
export const assessmentScores = pgTable(
  'assessment_scores',
  {
    districtId: integer('district_id').notNull(),
    year: integer('year').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    kind: text('kind').notNull(),
    score: numeric('score', { mode: 'number' }),
    figures: jsonb('figures').notNull(),
    vetoed: boolean('vetoed').notNull().default(false),
    veto: jsonb('veto').notNull().default(sql`'[]'::jsonb`),
    adjustedScore: numeric('adjusted_score', { mode: 'number' }),
    adjustmentReason: text('adjustment_reason'),
    adjustedBy: integer('adjusted_by').references(() => users.id),
    adjustedByName: text('adjusted_by_name'),
    adjustedAt: ts('adjusted_at'),
    grade: text('grade'),
    rankInStage: integer('rank_in_stage'),
    rankInTown: integer('rank_in_town'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.year, t.unitId] }),
    index('assessment_scores_district_idx').on(t.districtId, t.year, t.kind),
    index('assessment_scores_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    check('assessment_scores_kind_ck', sql`${t.kind} in ('school','town','department')`),
    check('assessment_scores_grade_ck', sql`${t.grade} is null or ${t.grade} in ('excellent','good','pass','fail')`),
    check('assessment_scores_adjusted_ck', sql`${t.adjustedScore} is null or (${t.adjustedScore} between 0 and 100 and ${t.adjustmentReason} is not null)`),
  ],
);
