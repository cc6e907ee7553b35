// The security profile of a school.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { day, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/**
 * The security profile of a school (人防、物防、技防, 002 areas 8 and 9) as recorded on a day; each
 * record is kept, the latest counts.
 */
export const securityProfiles = pgTable(
  'security_profiles',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    recordedOn: day('recorded_on').notNull(),
    // [{ name, guards: { school_hours, arrival_peak, dismissal_peak, night } }]
    gates: jsonb('gates').notNull(),
    alarmsInstalled: integer('alarms_installed').notNull(),
    alarmsWorking: integer('alarms_working').notNull(),
    alarmsLastTestedOn: day('alarms_last_tested_on'),
    videoRetentionDays: integer('video_retention_days').notNull(),
    videoLinkedToBureau: boolean('video_linked_to_bureau').notNull(),
    perimeterInstalled: boolean('perimeter_installed').notNull(),
    perimeterArmed24h: boolean('perimeter_armed_24h').notNull(),
    note: text('note'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('security_profiles_school_idx').on(t.schoolId, t.recordedOn),
    index('security_profiles_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('security_profiles_alarms_ck', sql`${t.alarmsInstalled} >= 0 and ${t.alarmsWorking} >= 0 and ${t.alarmsWorking} <= ${t.alarmsInstalled}`),
    check('security_profiles_video_ck', sql`${t.videoRetentionDays} >= 0`),
  ],
);
