// The risk list (安全风险清单, issue 13; 003, 004): risk points of a school and their signed steps.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { hazards } from './hazards.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** A risk point (风险点): what could happen where, its colour, controls and the person responsible, and its reviews. */
export const riskPoints = pgTable(
  'risk_points',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    area: text('area').notNull(),
    place: text('place').notNull(),
    name: text('name').notNull(),
    likelihood: integer('likelihood').notNull(),
    severity: integer('severity').notNull(),
    level: text('level').notNull(),
    kind: text('kind').notNull(),
    season: text('season'),
    controls: text('controls').notNull(),
    controlOwnerId: integer('control_owner_id')
      .notNull()
      .references(() => users.id),
    identifiedOn: day('identified_on').notNull(),
    lastReviewedOn: day('last_reviewed_on').notNull(),
    escalatedOn: day('escalated_on'),
    escalationNote: text('escalation_note'),
    // The latest hazard raised when a control failed (the steps keep every one).
    hazardId: integer('hazard_id').references(() => hazards.id),
    status: text('status').notNull().default('active'),
    // Raised by another mechanism (raiseRisk): what and which record.
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('risk_points_school_idx').on(t.schoolId, t.status),
    index('risk_points_district_idx').on(t.districtId, t.status, t.level),
    index('risk_points_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('risk_points_scores_ck', sql`${t.likelihood} between 1 and 5 and ${t.severity} between 1 and 5`),
    check('risk_points_level_ck', sql`${t.level} in ('red','orange','yellow','blue')`),
    check('risk_points_kind_ck', sql`${t.kind} in ('baseline','seasonal','holiday','special')`),
    check('risk_points_status_ck', sql`${t.status} in ('active','retired')`),
    check('risk_points_season_ck', sql`(${t.kind} = 'seasonal') = (${t.season} is not null)`),
    check('risk_points_review_ck', sql`${t.lastReviewedOn} >= ${t.identifiedOn}`),
  ],
);

/** One signed step of a risk (004's six mechanisms): identified, assessed, reviewed, escalated, turned into a hazard, retired. */
export const riskSteps = pgTable(
  'risk_steps',
  {
    id: serial('id').primaryKey(),
    riskId: integer('risk_id')
      .notNull()
      .references(() => riskPoints.id),
    districtId: integer('district_id').notNull(),
    action: text('action').notNull(),
    on: day('on').notNull(),
    note: text('note').notNull().default(''),
    level: text('level'),
    hazardId: integer('hazard_id').references(() => hazards.id),
    actorId: integer('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    actorUnitName: text('actor_unit_name').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('risk_steps_risk_idx').on(t.riskId, t.id)],
);

/**
 * Active risk points counted per school, colour and likelihood × severity, with the escalated among
 * them: the bureau's matrix sums about 25 rows a school instead of scanning 100 risks a school
 * (BENCHMARKS.md issue 13). Kept by statement triggers on risk_points in the writing transaction
 * (migration 0023's custom part), never written by the app.
 */
export const riskCounts = pgTable(
  'risk_counts',
  {
    districtId: integer('district_id').notNull(),
    schoolId: integer('school_id').notNull(),
    schoolPath: text('school_path').notNull(),
    level: text('level').notNull(),
    likelihood: integer('likelihood').notNull(),
    severity: integer('severity').notNull(),
    n: integer('n').notNull(),
    escalated: integer('escalated').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.level, t.likelihood, t.severity] }),
    index('risk_counts_district_idx').on(t.districtId),
    index('risk_counts_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('risk_counts_n_ck', sql`${t.n} >= 0 and ${t.escalated} between 0 and ${t.n}`),
  ],
);
