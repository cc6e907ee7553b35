// Duty rosters and who is on duty each day.
import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { keyPeriods } from './rules.js';
import { staffMembers } from './staff.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** A duty roster (值班表) of a school for a holiday or a key period (000 item 4, 003). */
export const dutyRosters = pgTable(
  'duty_rosters',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    title: text('title').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    keyPeriodId: integer('key_period_id').references(() => keyPeriods.id),
    phone: text('phone'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('duty_rosters_school_idx').on(t.schoolId, t.startsOn),
    index('duty_rosters_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('duty_rosters_span_ck', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** One person on duty on one day in one role; confirmed by that person once done. */
export const dutyEntries = pgTable(
  'duty_entries',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    rosterId: integer('roster_id')
      .notNull()
      .references(() => dutyRosters.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    dutyOn: day('duty_on').notNull(),
    role: text('role').notNull(),
    staffId: integer('staff_id').references(() => staffMembers.id),
    userId: integer('user_id').references(() => users.id),
    personName: text('person_name').notNull(),
    phone: text('phone'),
    hours: numeric('hours', { precision: 4, scale: 1, mode: 'number' }).notNull(),
    confirmedAt: ts('confirmed_at'),
    confirmedBy: integer('confirmed_by').references(() => users.id),
    note: text('note'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    // A school's day is covered once per role: a second leader for the same day is refused.
    uniqueIndex('duty_entries_day_role_uq').on(t.schoolId, t.dutyOn, t.role),
    index('duty_entries_district_day_idx').on(t.districtId, t.dutyOn),
    index('duty_entries_roster_idx').on(t.rosterId, t.dutyOn),
    index('duty_entries_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('duty_entries_role_ck', sql`${t.role} in ('leader','staff')`),
    check('duty_entries_hours_ck', sql`${t.hours} > 0 and ${t.hours} <= 24`),
  ],
);
