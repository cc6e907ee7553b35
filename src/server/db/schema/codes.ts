// Readable codes (YH-2026-000123) handed out by src/server/db/codes.ts.
import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { districts } from './units.js';

/** Per district, per prefix and year, the last number handed out (YH-2026-000123). */
export const codeCounters = pgTable(
  'code_counters',
  {
    districtId: integer('district_id').notNull().references(() => districts.id),
    prefix: text('prefix').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.prefix, t.year] })],
);
