// Drowning prevention (防溺水, 001 item 12; issue 22): the dangerous waters a town registers (危险水域),
// the grid of each school by class and season year (网格化包靠: counts only — Anxiao keeps no pupil
// roster and no pupil's name is written here), and the patrols of waters (防溺水督查) whose findings
// become hazards of the register in the patrol's transaction. Rules in src/domain/drowning.ts.
import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day } from './columns.js';
import { hazards } from './hazards.js';
import { recordedStateColumns } from './recorded-columns.js';
import { staffMembers } from './staff.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** A dangerous water (危险水域) of a town, with its warning sign, rescue kit, village and the schools near it. */
export const drowningWaters = pgTable(
  'drowning_waters',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    townId: integer('town_id')
      .notNull()
      .references(() => units.id),
    townPath: text('town_path').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    place: text('place').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    warningSign: boolean('warning_sign').notNull(),
    rescueKit: boolean('rescue_kit').notNull(),
    village: text('village').notNull(),
    villageContact: text('village_contact').notNull(),
    villagePhone: text('village_phone').notNull(),
    // The schools near the water (units of the town): they read it.
    schoolIds: integer('school_ids').array().notNull().default(sql`'{}'::int[]`),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    ...recordedStateColumns(),
  },
  (t) => [
    index('drowning_waters_town_idx').on(t.districtId, t.townPath),
    index('drowning_waters_schools_idx').using('gin', t.schoolIds),
    check('drowning_waters_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('drowning_waters_kind_ck', sql`${t.kind} in ('river','pond','reservoir','ditch','other')`),
    check('drowning_waters_point_ck', sql`${t.lat} between -90 and 90 and ${t.lng} between -180 and 180`),
  ],
);

/** One class of a school's grid for a season year: the pupils, the named teacher covering them, how many are covered. */
export const drowningGridClasses = pgTable(
  'drowning_grid_classes',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    seasonYear: integer('season_year').notNull(),
    className: text('class_name').notNull(),
    pupils: integer('pupils').notNull(),
    teacherId: integer('teacher_id').references(() => staffMembers.id),
    covered: integer('covered').notNull().default(0),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('drowning_grid_classes_uq').on(t.schoolId, t.seasonYear, t.className),
    index('drowning_grid_classes_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('drowning_grid_counts_ck', sql`${t.pupils} >= 1 and ${t.covered} between 0 and ${t.pupils}`),
    // 001 item 12: pupils are covered by a named teacher; none covered without one.
    check('drowning_grid_teacher_ck', sql`${t.teacherId} is not null or ${t.covered} = 0`),
  ],
);

/** A patrol of waters (防溺水督查) by a town or a school. */
export const drowningPatrols = pgTable(
  'drowning_patrols',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    // The town or school that patrolled, and its place in the tree.
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    // The town whose waters were visited (the cadence rule counts its patrols).
    townId: integer('town_id')
      .notNull()
      .references(() => units.id),
    patrolledOn: day('patrolled_on').notNull(),
    waterIds: integer('water_ids').array().notNull(),
    patrollers: text('patrollers').notNull(),
    summary: text('summary'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    ...createdUpdated,
  },
  (t) => [
    index('drowning_patrols_town_idx').on(t.districtId, t.townId, t.patrolledOn),
    index('drowning_patrols_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    check('drowning_patrols_waters_ck', sql`cardinality(${t.waterIds}) >= 1`),
  ],
);

/** A finding of a patrol at one water; the hazard it became (same transaction). */
export const drowningFindings = pgTable(
  'drowning_findings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    patrolId: integer('patrol_id')
      .notNull()
      .references(() => drowningPatrols.id),
    waterId: integer('water_id')
      .notNull()
      .references(() => drowningWaters.id),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    // The school near the water the hazard is registered for.
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    hazardId: integer('hazard_id')
      .notNull()
      .references(() => hazards.id),
  },
  (t) => [
    index('drowning_findings_patrol_idx').on(t.patrolId),
    check('drowning_findings_kind_ck', sql`${t.kind} in ('sign_missing','kit_missing','pupils_swimming','fence_broken','other')`),
  ],
);
