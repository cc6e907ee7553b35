// Excel import jobs.
import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { districts } from './units.js';
import { users } from './users.js';

export const importJobs = pgTable('import_jobs', {
  id: serial('id').primaryKey(),
  districtId: integer('district_id').notNull().references(() => districts.id),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  status: text('status').notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  errors: jsonb('errors').notNull().default(sql`'[]'::jsonb`),
  createdCount: integer('created_count').notNull().default(0),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});
