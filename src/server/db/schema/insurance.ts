// The school liability insurance ledger.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** The school liability insurance ledger (校方责任保险台账, 001 item 26). */
export const insurancePolicies = pgTable(
  'insurance_policies',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    policyNo: text('policy_no').notNull(),
    insurer: text('insurer').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    studentsCovered: integer('students_covered').notNull(),
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
    // One recorded policy per number in a district.
    uniqueIndex('insurance_policies_no_uq').on(t.districtId, t.policyNo).where(sql`${t.status} = 'recorded'`),
    index('insurance_policies_district_end_idx').on(t.districtId, t.endsOn).where(sql`${t.status} = 'recorded'`),
    index('insurance_policies_school_idx').on(t.schoolId, t.startsOn),
    index('insurance_policies_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('insurance_policies_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('insurance_policies_span_ck', sql`${t.endsOn} >= ${t.startsOn}`),
    check('insurance_policies_students_ck', sql`${t.studentsCovered} > 0`),
  ],
);
