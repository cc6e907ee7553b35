// The drill ledger.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { emergencyPlans } from './emergency-plans.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** The drill ledger (应急疏散演练台账); scoped by the school's path like hazards. */
export const drills = pgTable(
  'drills',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    heldOn: day('held_on').notNull(),
    kind: text('kind').notNull(),
    participants: integer('participants').notNull(),
    evacuationSeconds: integer('evacuation_seconds'),
    observers: text('observers'),
    problems: text('problems'),
    /** The emergency plan the drill exercised (issue 21), if named. */
    emergencyPlanId: integer('emergency_plan_id').references(() => emergencyPlans.id),
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
    // Compliance reads a district's recorded drills by day; a school's ledger by school and day.
    index('drills_district_day_idx').on(t.districtId, t.heldOn).where(sql`${t.status} = 'recorded'`),
    index('drills_school_day_idx').on(t.schoolId, t.heldOn),
    index('drills_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('drills_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('drills_kind_ck', sql`${t.kind} in ('fire','earthquake','stampede','night_evacuation','school_bus','nap_time','violent_intrusion','flood_typhoon','shelter_reception')`),
    check('drills_participants_ck', sql`${t.participants} >= 0`),
    check('drills_evacuation_ck', sql`${t.evacuationSeconds} is null or ${t.evacuationSeconds} >= 0`),
  ],
);
