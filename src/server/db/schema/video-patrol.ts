// Online video patrols (网上视频巡查, issue 22): each school's video links. The platform keeps the
// links only (it does not stream); a patrol itself is an inspection of the kind video_patrol.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** One camera view of a school an officer may open (校园天眼, 明厨亮灶; 001 item 4, 000 item 7). */
export const videoLinks = pgTable(
  'video_links',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    name: text('name').notNull(),
    area: text('area').notNull(),
    url: text('url').notNull(),
    platform: text('platform'),
    notes: text('notes'),
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
    index('video_links_school_idx').on(t.schoolId),
    index('video_links_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('video_links_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('video_links_area_ck', sql`${t.area} in ('gate','canteen','perimeter','dormitory','other')`),
    check('video_links_url_ck', sql`${t.url} ~* '^https?://'`),
  ],
);
