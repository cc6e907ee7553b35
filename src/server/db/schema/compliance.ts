// The compliance rollup: findings, what they were computed from, dirty marks, the monthly trend.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { day, ts } from './columns.js';
import { districts, units } from './units.js';

/**
 * The compliance rollup (达标情况汇总): the engine's findings per school and rule as of a day, kept
 * so that the bureau's page reads rows instead of evaluating 1,000 schools. A school is evaluated
 * again when one of its records changes (compliance_dirty) and every school when the day, the rule
 * pack or the calendars change.
 */
export const complianceFindings = pgTable(
  'compliance_findings',
  {
    districtId: integer('district_id').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    ruleCode: text('rule_code').notNull(),
    status: text('status').notNull(),
    period: jsonb('period'),
    value: numeric('value', { mode: 'number' }),
    target: numeric('target', { mode: 'number' }),
    dueOn: day('due_on'),
    recordIds: text('record_ids').array().notNull().default(sql`'{}'::text[]`),
    explanation: text('explanation').notNull(),
    // A hash of the fields above as the rollup wrote them: the next evaluation writes only the
    // findings whose hash differs (rollup.service.ts, writeFindings). Empty: written otherwise.
    digest: text('digest').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.ruleCode] }),
    index('compliance_findings_district_idx').on(t.districtId, t.status),
    index('compliance_findings_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
  ],
);

/** What the rollup of a district was computed from; a different day or pack version means evaluate all again. */
export const complianceRollups = pgTable('compliance_rollups', {
  districtId: integer('district_id')
    .primaryKey()
    .references(() => districts.id),
  asOf: day('as_of').notNull(),
  packVersion: integer('pack_version').notNull(),
  // Bumped when calendars or key periods change.
  inputsStamp: text('inputs_stamp').notNull(),
  evaluatedAt: ts('evaluated_at').notNull(),
});

/** Schools whose records changed since the rollup: evaluated again on the next read or scheduler run. */
export const complianceDirty = pgTable('compliance_dirty', {
  unitId: integer('unit_id')
    .primaryKey()
    .references(() => units.id),
  districtId: integer('district_id').notNull(),
  markedAt: ts('marked_at').notNull().defaultNow(),
});

/**
 * The month's compliance of each school (达标趋势): its findings counted by status, written with the
 * rollup (the current month) and evaluated at each month's end for the months before.
 *
 * The current month's rows are also the board's kept counts (issue 19): written in the same
 * transaction as the school's findings, they are the findings counted, so the bureau's worst-first
 * page of schools is an index-ordered read of 20 rows (compliance_monthly_worst_idx) and the
 * summary and town counts add up 1,000 rows instead of grouping every finding. not_applicable is
 * 0 in the rows of earlier months written before migration 0049 (the trend does not show it).
 */
export const complianceMonthly = pgTable(
  'compliance_monthly',
  {
    districtId: integer('district_id').notNull(),
    month: text('month').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    met: integer('met').notNull(),
    dueSoon: integer('due_soon').notNull(),
    missed: integer('missed').notNull(),
    notApplicable: integer('not_applicable').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.month] }),
    index('compliance_monthly_district_idx').on(t.districtId, t.month),
    // The board's schools worst first: missed, then due soon, then by path (issue 19).
    index('compliance_monthly_worst_idx').on(t.districtId, t.month, t.missed.desc(), t.dueSoon.desc(), t.unitPath),
  ],
);

/**
 * The year's record (issue 14): each school's finding per rule and period, written once the period
 * has ended (evaluated as of its last day), so that "as of a past day" and the yearly assessment
 * read rows instead of running the engine over 1,000 schools a dozen times. Rules without a period
 * (a state such as insurance cover) are kept at each month's end under the month's key.
 */
export const compliancePeriods = pgTable(
  'compliance_periods',
  {
    districtId: integer('district_id').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    ruleCode: text('rule_code').notNull(),
    periodKey: text('period_key').notNull(),
    period: jsonb('period').notNull(),
    endsOn: day('ends_on').notNull(),
    status: text('status').notNull(),
    value: numeric('value', { mode: 'number' }),
    target: numeric('target', { mode: 'number' }),
    dueOn: day('due_on'),
    recordIds: text('record_ids').array().notNull().default(sql`'{}'::text[]`),
    explanation: text('explanation').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.ruleCode, t.periodKey] }),
    index('compliance_periods_district_idx').on(t.districtId, t.endsOn),
    // The board as of a past day: each school's latest period per rule ending by then.
    index('compliance_periods_latest_idx').on(t.unitId, t.ruleCode, t.endsOn),
  ],
);

/** The days a district was evaluated on for its year's record (each period end once). */
export const compliancePeriodRuns = pgTable(
  'compliance_period_runs',
  {
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    asOf: day('as_of').notNull(),
    packVersion: integer('pack_version').notNull(),
    evaluatedAt: ts('evaluated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.asOf] })],
);

/**
 * Schools whose stored periods may be wrong: a record dated before today was entered, corrected or
 * voided (triggers, like compliance_dirty). The periods ending on or after `fromDay` (all of them
 * when null: a change without a day, such as a staff member's posts) are evaluated again.
 */
export const compliancePeriodMarks = pgTable('compliance_period_marks', {
  unitId: integer('unit_id')
    .primaryKey()
    .references(() => units.id),
  districtId: integer('district_id').notNull(),
  fromDay: day('from_day'),
  markedAt: ts('marked_at').notNull().defaultNow(),
});
