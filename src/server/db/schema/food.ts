// The food safety ledger (食品安全, issue 15 item 1; 000 item 7, 001 item 17, 002 area 3): one table
// for its kinds of record, each kind using its own columns (CHECKs below say which are required).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { day } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';

export const foodRecords = pgTable(
  'food_records',
  {
    id: serial('id').primaryKey(),
    ...recordedSchoolColumns(),
    /** daily_check 日管控 | weekly_check 周排查 | monthly_dispatch 月调度 | accompanied_meal 陪餐 | certificate 证照 | platform_status 平台状态 */
    kind: text('kind').notNull(),
    recordedOn: day('recorded_on').notNull(),
    /** Who checked, chaired, ate with the students, or holds the certificate. */
    person: text('person').notNull(),
    // 日管控: kitchen staff checked in the morning and unwell (sent home), samples kept (dishes), their least weight and hours.
    staffChecked: integer('staff_checked'),
    staffUnwell: integer('staff_unwell'),
    samplesKept: integer('samples_kept'),
    sampleGrams: integer('sample_grams'),
    sampleHours: integer('sample_hours'),
    // 周排查: the findings and how many.
    findingCount: integer('finding_count'),
    // 陪餐: breakfast, lunch or dinner.
    meal: text('meal'),
    // 证照: the type, number and expiry.
    certificateType: text('certificate_type'),
    certificateNo: text('certificate_no'),
    expiresOn: day('expires_on'),
    // 平台状态: 明厨亮灶 and the meal traceability platform online.
    brightKitchenOnline: boolean('bright_kitchen_online'),
    traceabilityOnline: boolean('traceability_online'),
    /** The check's notes, the findings, the dispatch report, the meal's remarks. */
    summary: text('summary'),
  },
  (t) => [
    index('food_records_school_idx').on(t.schoolId, t.kind, t.recordedOn),
    index('food_records_district_idx').on(t.districtId, t.recordedOn),
    index('food_records_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('food_records_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('food_records_kind_ck', sql`${t.kind} in ('daily_check','weekly_check','monthly_dispatch','accompanied_meal','certificate','platform_status')`),
    check(
      'food_records_counts_ck',
      sql`coalesce(${t.staffChecked},0) >= 0 and coalesce(${t.staffUnwell},0) >= 0 and coalesce(${t.samplesKept},0) >= 0 and coalesce(${t.sampleGrams},0) >= 0 and coalesce(${t.sampleHours},0) >= 0 and coalesce(${t.findingCount},0) >= 0`,
    ),
    check('food_records_certificate_ck', sql`${t.kind} <> 'certificate' or (${t.expiresOn} is not null and ${t.certificateType} is not null)`),
    check('food_records_platform_ck', sql`${t.kind} <> 'platform_status' or (${t.brightKitchenOnline} is not null and ${t.traceabilityOnline} is not null)`),
  ],
);
