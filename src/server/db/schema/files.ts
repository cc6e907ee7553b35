// Stored files: photos, evidence, documents.
import { index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** Photos, evidence and documents; the bytes live in the storage (local directory by default). */
export const files = pgTable(
  'files',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    // The unit whose data the file belongs to: its scope decides who may read it.
    unitId: integer('unit_id').notNull().references(() => units.id),
    unitPath: text('unit_path').notNull(),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('files_district_idx').on(t.districtId, t.id), index('files_sha_idx').on(t.sha256)],
);
