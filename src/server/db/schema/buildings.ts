// School buildings and construction sites (校舍与施工, 001 item 18; 000 item 10; issue 21): the register
// of each school's buildings with the latest safety appraisal (房屋安全鉴定) and what lets a building
// be used (risk assessment of a kindergarten's old or idle premises; indoor-air test and acceptance of
// a new or refitted building), the construction sites with their isolation from pupils, and the
// weekly checks while works run. Rules in src/domain/buildings.ts.
import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { day } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';

/** A school building (校舍) with its latest appraisal; the appraisal report files apart from the photos. */
export const buildings = pgTable(
  'buildings',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    use: text('use').notNull(),
    yearBuilt: integer('year_built').notNull(),
    structure: text('structure').notNull(),
    floors: integer('floors').notNull(),
    area: doublePrecision('area').notNull(),
    inUse: boolean('in_use').notNull().default(true),
    // The latest safety appraisal: grade, day, appraising body, report, next due (by the pack's cadence unless entered).
    appraisalGrade: text('appraisal_grade'),
    appraisedOn: day('appraised_on'),
    appraisedBy: text('appraised_by'),
    appraisalFileIds: integer('appraisal_file_ids').array().notNull().default(sql`'{}'::int[]`),
    nextAppraisalDueOn: day('next_appraisal_due_on'),
    // 001 item 18: a kindergarten's old or idle premises are risk-assessed before use.
    oldOrIdle: boolean('old_or_idle').notNull().default(false),
    riskAssessedOn: day('risk_assessed_on'),
    riskAssessment: text('risk_assessment'),
    // 001 item 18: a new or refitted building takes no pupils before these are passed (不得迁入和招生).
    newOrRefit: boolean('new_or_refit').notNull().default(false),
    airTestPassedOn: day('air_test_passed_on'),
    acceptancePassedOn: day('acceptance_passed_on'),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('buildings_school_idx').on(t.schoolId),
    index('buildings_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('buildings_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('buildings_use_ck', sql`${t.use} in ('teaching','dormitory','canteen','gym','office','kindergarten','library_lab','other')`),
    check('buildings_structure_ck', sql`${t.structure} in ('frame','brick_concrete','steel','shear_wall','masonry_timber','other')`),
    check('buildings_grade_ck', sql`${t.appraisalGrade} is null or ${t.appraisalGrade} in ('A','B','C','D')`),
    check('buildings_floors_ck', sql`${t.floors} > 0`),
    check('buildings_area_ck', sql`${t.area} > 0`),
    check('buildings_appraisal_ck', sql`${t.appraisalGrade} is null or (${t.appraisedOn} is not null and ${t.nextAppraisalDueOn} > ${t.appraisedOn})`),
    // The refusal of the service, kept by the database too (001 item 18: 不得迁入和招生).
    check('buildings_new_in_use_ck', sql`not (${t.inUse} and ${t.newOrRefit} and (${t.airTestPassedOn} is null or ${t.acceptancePassedOn} is null))`),
  ],
);

/** Construction on a campus (施工): project, contractor, days, the isolation of the site from pupils with photos. */
export const constructionSites = pgTable(
  'construction_sites',
  {
    id: serial('id').primaryKey(),
    project: text('project').notNull(),
    contractor: text('contractor').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    // The new or refitted building the works are for, if any.
    buildingId: integer('building_id').references(() => buildings.id),
    hardFence: boolean('hard_fence').notNull().default(false),
    separateEntrance: boolean('separate_entrance').notNull().default(false),
    isolationNote: text('isolation_note'),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('construction_sites_school_idx').on(t.schoolId, t.startsOn),
    index('construction_sites_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('construction_sites_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('construction_sites_days_ck', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** A check of a construction site (施工安全检查): one each week while works run (the pack's rule). */
export const constructionChecks = pgTable(
  'construction_checks',
  {
    id: serial('id').primaryKey(),
    siteId: integer('site_id')
      .notNull()
      .references(() => constructionSites.id),
    checkedOn: day('checked_on').notNull(),
    checkedBy: text('checked_by').notNull(),
    fenceIntact: boolean('fence_intact').notNull(),
    entranceSeparate: boolean('entrance_separate').notNull(),
    findings: text('findings'),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('construction_checks_site_idx').on(t.siteId, t.checkedOn),
    index('construction_checks_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('construction_checks_status_ck', sql`${t.status} in ('recorded','voided')`),
  ],
);
