// In-app reminders.
import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { users } from './users.js';

/** In-app reminders: assigned to you, due in 3 days, overdue, sent back, extension decided … */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    link: text('link'),
    // Once per reason: a scheduled reminder is not repeated on the next run.
    dedupeKey: text('dedupe_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id), uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey)],
);
