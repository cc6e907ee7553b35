// The daily health checks (晨午检, issue 15 item 8; 001 item 16): per class and session, the counts
// absent and absent for illness, the symptoms seen, and the follow-up of each illness absence
// (因病缺课追踪). One row per school, day, session and class among the recorded ones.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { day } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';

export const healthChecks = pgTable(
  'health_checks',
  {
    id: serial('id').primaryKey(),
    ...recordedSchoolColumns(),
    checkedOn: day('checked_on').notNull(),
    /** morning 晨检 | noon 午检 */
    session: text('session').notNull(),
    className: text('class_name').notNull(),
    checkerName: text('checker_name').notNull(),
    enrolled: integer('enrolled').notNull(),
    absent: integer('absent').notNull(),
    absentIll: integer('absent_ill').notNull(),
    /** Students with each symptom: { fever: 2, cough: 1 }. */
    symptoms: jsonb('symptoms').notNull().default(sql`'{}'::jsonb`),
    /** Each absence for illness followed up: [{ student, symptom, followUp }]. */
    illCases: jsonb('ill_cases').notNull().default(sql`'[]'::jsonb`),
    note: text('note'),
  },
  (t) => [
    // Migration 0050 adds INCLUDE (district_id, id): the evaluation reads the days from the index alone.
    uniqueIndex('health_checks_class_uq').on(t.schoolId, t.checkedOn, t.session, t.className).where(sql`${t.status} = 'recorded'`),
    index('health_checks_district_idx').on(t.districtId, t.checkedOn),
    index('health_checks_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('health_checks_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('health_checks_session_ck', sql`${t.session} in ('morning','noon')`),
    check('health_checks_counts_ck', sql`${t.enrolled} > 0 and ${t.absent} >= 0 and ${t.absentIll} >= 0 and ${t.absent} <= ${t.enrolled} and ${t.absentIll} <= ${t.absent}`),
  ],
);
