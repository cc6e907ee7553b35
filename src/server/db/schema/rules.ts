// What compliance is judged against: the rule pack and its versions, school calendars, key periods.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { districts } from './units.js';
import { users } from './users.js';

/** A district's rule pack (规则包): which version is in force; the versions themselves are immutable. */
export const rulePacks = pgTable('rule_packs', {
  id: serial('id').primaryKey(),
  districtId: integer('district_id')
    .notNull()
    .references(() => districts.id)
    .unique(),
  currentVersion: integer('current_version').notNull(),
  version: integer('version').notNull().default(1),
  ...createdUpdated,
});

/** One version of a district's rule pack: the rules as data (src/domain/rules/pack.ts) and the changes that made it. */
export const rulePackVersions = pgTable(
  'rule_pack_versions',
  {
    id: serial('id').primaryKey(),
    packId: integer('pack_id')
      .notNull()
      .references(() => rulePacks.id),
    districtId: integer('district_id').notNull(),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    basedOn: integer('based_on'),
    changes: jsonb('changes').notNull(),
    rules: jsonb('rules').notNull(),
    // The risk list's section (domain/rules/risk-review.ts); null in versions stored before it: the default.
    riskReviewDays: jsonb('risk_review_days'),
    // Incidents' reporting deadlines (issue 13); null in versions made before them: the shipped default applies.
    incidentDeadlines: jsonb('incident_deadlines'),
    // The health checks' outbreak signal (issue 15 item 8); null in versions made before it: the shipped default applies.
    outbreakSignals: jsonb('outbreak_signals'),
    // Null: written by the system from the shipped default pack.
    createdBy: integer('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rule_pack_versions_uq').on(t.packId, t.number), index('rule_pack_versions_district_idx').on(t.districtId, t.number)],
);

/** A district's school calendar (校历) for one school year: two semesters and the holidays. */
export const schoolCalendars = pgTable(
  'school_calendars',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolYear: text('school_year').notNull(),
    // [{ startsOn, endsOn }, { startsOn, endsOn }]
    semesters: jsonb('semesters').notNull(),
    // [{ name, startsOn, endsOn }]
    holidays: jsonb('holidays').notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('school_calendars_uq').on(t.districtId, t.schoolYear)],
);

/** A key period declared by the bureau (003: 24-hour duty, fire special inspections). */
export const keyPeriods = pgTable(
  'key_periods',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    name: text('name').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [index('key_periods_district_idx').on(t.districtId, t.startsOn), check('key_periods_span_ck', sql`${t.endsOn} >= ${t.startsOn}`)],
);
