// Emergency plans (应急预案) and emergency teams (应急队伍) of a school (issue 21; 000 items 4 and 10,
// task table item 7; 001 item 6): one current plan per kind, corrected with a version, voided with a
// reason, never deleted; the team's members are the school's staff with their role in the team.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { staffMembers } from './staff.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** A school's plan of one kind: its version, approval, next revision, rescue forces and the staff walked through it. */
export const emergencyPlans = pgTable(
  'emergency_plans',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    kind: text('kind').notNull(),
    /** The plan's own edition, as printed on it (e.g. 2026版). */
    edition: text('edition').notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedOn: day('approved_on').notNull(),
    revisionDue: day('revision_due').notNull(),
    // [{ kind: police|fire|hospital|other, name, contact, phone }]
    rescueForces: jsonb('rescue_forces').notNull().default(sql`'[]'::jsonb`),
    /** The staff members walked through the plan (001 item 6: 熟悉预案). */
    walkedStaffIds: integer('walked_staff_ids').array().notNull().default(sql`'{}'::int[]`),
    walkedOn: day('walked_on'),
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
    // One current plan per kind in a school: a new edition corrects the record (its version), a voided one frees the kind.
    uniqueIndex('emergency_plans_school_kind_uq').on(t.schoolId, t.kind).where(sql`${t.status} = 'recorded'`),
    index('emergency_plans_district_due_idx').on(t.districtId, t.revisionDue).where(sql`${t.status} = 'recorded'`),
    index('emergency_plans_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('emergency_plans_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('emergency_plans_revision_ck', sql`${t.revisionDue} > ${t.approvedOn}`),
    check('emergency_plans_kind_ck', sql`${t.kind} in ('fire','earthquake','flood_typhoon','ice_snow','stampede','public_health','food_poisoning','violence_intrusion','network_security','boarding_night','school_bus','kindergarten_nap')`),
  ],
);

/** A member of the school's emergency team (应急队伍): a staff member and the role in the team. */
export const emergencyTeamMembers = pgTable(
  'emergency_team_members',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    staffMemberId: integer('staff_member_id')
      .notNull()
      .references(() => staffMembers.id),
    teamRole: text('team_role').notNull(),
    duty: text('duty'),
    phone: text('phone'),
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
    // A staff member holds one place in the team.
    uniqueIndex('emergency_team_members_staff_uq').on(t.schoolId, t.staffMemberId).where(sql`${t.status} = 'recorded'`),
    index('emergency_team_members_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('emergency_team_members_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('emergency_team_members_role_ck', sql`${t.teamRole} in ('commander','deputy','evacuation','rescue','medical','logistics','liaison','security')`),
  ],
);
