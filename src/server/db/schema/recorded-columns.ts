// The columns every recorded school ledger of issue 15 carries (food, gate, health checks, education):
// tenant and school, files, the record status with its void, who recorded it, the version. The same
// shape the drill, meeting and insurance tables spell out one by one (recorded-ledger.ts reads them).
import { sql } from 'drizzle-orm';
import { integer, text } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** The record status with its void, who recorded it, the version (equipment and chemicals keep their own tenant columns). */
export const recordedStateColumns = () => ({
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
});

export const recordedSchoolColumns = () => ({
  districtId: integer('district_id')
    .notNull()
    .references(() => districts.id),
  schoolId: integer('school_id')
    .notNull()
    .references(() => units.id),
  schoolPath: text('school_path').notNull(),
  fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
  ...recordedStateColumns(),
});
