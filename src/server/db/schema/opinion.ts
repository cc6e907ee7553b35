// Public opinion events (舆情处置, issue 22; 000 item 13, 003): entered by staff or received from a
// monitoring service through a signed webhook (origin), about a unit of the tree (a school, a town
// or the bureau itself; its path scopes the reads like the incidents'). The response is drafted,
// approved by the bureau and published (正面发声); the state is derived from which of these
// columns are set (domain/opinion.ts). A webhook event's id is unique per district: a replay is
// found by the unique index and writes nothing.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';
import { disputes } from './disputes.js';
import { incidents } from './incidents.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const opinionEvents = pgTable(
  'opinion_events',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    /** The webhook named no unit of the tree: kept under the bureau until assigned. */
    unitToAssign: boolean('unit_to_assign').notNull().default(false),
    source: text('source').notNull(),
    title: text('title').notNull(),
    link: text('link').notNull(),
    summary: text('summary'),
    foundAt: ts('found_at').notNull(),
    level: text('level').notNull(),
    origin: text('origin').notNull(),
    /** The monitoring service's id of the event (webhook only). */
    externalId: text('external_id'),
    reach: integer('reach'),
    incidentId: integer('incident_id').references(() => incidents.id),
    disputeId: integer('dispute_id').references(() => disputes.id),
    draft: text('draft'),
    draftedBy: integer('drafted_by').references(() => users.id),
    draftedByName: text('drafted_by_name'),
    draftedAt: ts('drafted_at'),
    approvedBy: integer('approved_by').references(() => users.id),
    approvedByName: text('approved_by_name'),
    approvedAt: ts('approved_at'),
    publishedAt: ts('published_at'),
    publishedChannel: text('published_channel'),
    publishedLink: text('published_link'),
    closedAt: ts('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
    closingNote: text('closing_note'),
    /** Null for a webhook event (no person entered it). */
    createdBy: integer('created_by').references(() => users.id),
    createdByName: text('created_by_name'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('opinion_events_external_uq').on(t.districtId, t.externalId),
    index('opinion_events_district_idx').on(t.districtId, t.foundAt),
    index('opinion_events_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    check('opinion_events_source_ck', sql`${t.source} in ('weibo','wechat','douyin','kuaishou','news','forum','other')`),
    check('opinion_events_level_ck', sql`${t.level} in ('general','major','severe')`),
    check('opinion_events_origin_ck', sql`${t.origin} in ('manual','webhook')`),
    check('opinion_events_external_ck', sql`(${t.origin} = 'webhook') = (${t.externalId} is not null)`),
    check('opinion_events_reach_ck', sql`${t.reach} is null or ${t.reach} >= 0`),
    check('opinion_events_approved_ck', sql`${t.approvedAt} is null or ${t.draft} is not null`),
    check('opinion_events_published_ck', sql`${t.publishedAt} is null or (${t.approvedAt} is not null and ${t.publishedAt} >= ${t.foundAt})`),
  ],
);
