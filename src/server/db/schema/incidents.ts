// Incidents (突发事件 / 安全事故, issue 13): the incident, its reports up the chain with each
// receipt signed, the bureau's signed determinations, and the key periods' daily reports (零报告).
// Reports, receipts and determinations are append-only (triggers in the migration's custom part).
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { keyPeriods } from './rules.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const incidents = pgTable(
  'incidents',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    code: text('code').notNull(),
    // The unit the incident belongs to (a school, a town, a department) and its place in the tree.
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    headline: text('headline').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    // When the unit knew: the reporting clock counts from here.
    knownAt: ts('known_at').notNull(),
    place: text('place').notNull(),
    category: text('category').notNull(),
    subtype: text('subtype').notNull(),
    // The facts as last reported (or determined by the bureau).
    severity: text('severity').notNull(),
    dead: integer('dead').notNull().default(0),
    injured: integer('injured').notNull().default(0),
    missingPersons: integer('missing_persons').notNull().default(0),
    actionsTaken: text('actions_taken').notNull(),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    // 'self': entered by its own unit; 'higher': by a unit above it or from another channel.
    source: text('source').notNull(),
    enteredById: integer('entered_by_id')
      .notNull()
      .references(() => users.id),
    enteredByUnitId: integer('entered_by_unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status').notNull().default('open'),
    // The clock and what the own unit sent, kept in the same transaction as each report so the
    // list filters by flag in SQL; the flags themselves are computed (src/domain/incidents.ts).
    firstDueAt: ts('first_due_at').notNull(),
    writtenDueAt: ts('written_due_at').notNull(),
    firstReportedAt: ts('first_reported_at'),
    writtenReportedAt: ts('written_reported_at'),
    // Flags that do not depend on the clock (false from the reports, the determination's findings).
    fixedFlags: text('fixed_flags').array().notNull().default(sql`'{}'::text[]`),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('incidents_code_uq').on(t.districtId, t.code),
    // The bureau's list: newest first within the district (BENCHMARKS.md).
    index('incidents_district_occurred_idx').on(t.districtId, t.occurredAt, t.id),
    index('incidents_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    index('incidents_unit_idx').on(t.unitId),
    check('incidents_status_ck', sql`${t.status} in ('open','closed')`),
    check('incidents_source_ck', sql`${t.source} in ('self','higher')`),
    check('incidents_severity_ck', sql`${t.severity} in ('especially_major','major','larger','general')`),
    check('incidents_counts_ck', sql`${t.dead} >= 0 and ${t.injured} >= 0 and ${t.missingPersons} >= 0`),
    check('incidents_known_ck', sql`${t.knownAt} >= ${t.occurredAt}`),
  ],
);

/** A report (首报、书面报告、续报、终报) of an incident; append-only. */
export const incidentReports = pgTable(
  'incident_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    districtId: integer('district_id').notNull(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    kind: text('kind').notNull(),
    // 'system': sent in the app by the unit; 'phone': a call from the unit logged by whoever took it.
    channel: text('channel').notNull(),
    // Sent by the incident's own unit (a logged call from it counts), not a higher unit's own note.
    byOwnUnit: boolean('by_own_unit').notNull(),
    reportedAt: ts('reported_at').notNull(),
    callerName: text('caller_name'),
    content: text('content').notNull(),
    severity: text('severity').notNull(),
    dead: integer('dead').notNull(),
    injured: integer('injured').notNull(),
    missingPersons: integer('missing_persons').notNull(),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    actorName: text('actor_name').notNull(),
    actorUnitId: integer('actor_unit_id').notNull(),
    actorUnitName: text('actor_unit_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('incident_reports_incident_idx').on(t.incidentId, t.id),
    check('incident_reports_kind_ck', sql`${t.kind} in ('first','written','follow_up','final')`),
    check('incident_reports_channel_ck', sql`${t.channel} in ('system','phone')`),
    check('incident_reports_severity_ck', sql`${t.severity} in ('especially_major','major','larger','general')`),
  ],
);

/** A unit above the reporting one signs that it received a report (签收); append-only, once per unit. */
export const incidentReceipts = pgTable(
  'incident_receipts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    districtId: integer('district_id').notNull(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    reportId: bigint('report_id', { mode: 'number' })
      .notNull()
      .references(() => incidentReports.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitName: text('unit_name').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    userName: text('user_name').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('incident_receipts_uq').on(t.reportId, t.unitId), index('incident_receipts_incident_idx').on(t.incidentId)],
);

/** The bureau's signed determination (认定): facts, and findings of 谎报 / 瞒报 / 责任事故; append-only, the latest in force. */
export const incidentDeterminations = pgTable(
  'incident_determinations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    districtId: integer('district_id').notNull(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    findings: text('findings').array().notNull(),
    reasons: text('reasons').notNull(),
    severity: text('severity'),
    dead: integer('dead'),
    injured: integer('injured'),
    missingPersons: integer('missing_persons'),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    actorName: text('actor_name').notNull(),
    actorUnitName: text('actor_unit_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('incident_determinations_incident_idx').on(t.incidentId, t.id)],
);

/** The bureau requires a daily report (零报告) from every school during a key period (003). */
export const incidentDailyRequirements = pgTable(
  'incident_daily_requirements',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    keyPeriodId: integer('key_period_id')
      .notNull()
      .references(() => keyPeriods.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('incident_daily_requirements_uq').on(t.keyPeriodId)],
);

/** One school's daily report for one day of a key period: nothing happened is a report too. */
export const incidentDailyReports = pgTable(
  'incident_daily_reports',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    reportDay: day('report_day').notNull(),
    nothingHappened: boolean('nothing_happened').notNull(),
    note: text('note'),
    /**
     * The watch over disputes and petitions in the key period (000 item 3 敏感时段, 003 第三部分之六 加强信息报送):
     * none new or escalating that day, or the school's records named in dispute_ids. Null: a report made
     * before the question was asked.
     */
    disputesNothing: boolean('disputes_nothing'),
    disputeIds: jsonb('dispute_ids').notNull().default(sql`'[]'::jsonb`),
    reportedAt: ts('reported_at').notNull(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    actorName: text('actor_name').notNull(),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('incident_daily_reports_uq').on(t.schoolId, t.reportDay),
    index('incident_daily_reports_district_idx').on(t.districtId, t.reportDay),
    check('incident_daily_reports_disputes_ck', sql`${t.disputesNothing} is null or ${t.disputesNothing} = (jsonb_array_length(${t.disputeIds}) = 0)`),
  ],
);
