// The safety meeting ledger.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** The safety meeting ledger (安全专题会议台账, 000 item 1). */
export const safetyMeetings = pgTable(
  'safety_meetings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    meetingOn: day('meeting_on').notNull(),
    level: text('level').notNull(),
    chair: text('chair').notNull(),
    attendees: text('attendees').array().notNull(),
    minutes: text('minutes').notNull(),
    decisions: text('decisions'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('recorded'),
    voidReason: text('void_reason'),
    voidedBy: integer('voided_by').references(() => users.id),
    voidedAt: ts('voided_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('safety_meetings_district_day_idx').on(t.districtId, t.meetingOn).where(sql`${t.status} = 'recorded'`),
    index('safety_meetings_school_day_idx').on(t.schoolId, t.meetingOn),
    index('safety_meetings_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('safety_meetings_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('safety_meetings_level_ck', sql`${t.level} in ('leadership_team','leader_in_charge')`),
  ],
);
