// Stored files: photos, evidence, documents; and their bytes when they are kept in the database.
import { bigint, index, integer, pgTable, primaryKey, serial, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/** Photos, evidence and documents; the bytes live in the file store (files/storage.ts) under `storage_key`. */
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
  // storage_key: the orphan sweep and files:migrate look keys up (files/orphans.ts, files/migrate.ts).
  (t) => [index('files_district_idx').on(t.districtId, t.id), index('files_sha_idx').on(t.sha256), index('files_storage_key_idx').on(t.storageKey)],
);

/**
 * The database file store (issue 18: files shared by every instance): one row per complete
 * object. Its bytes are the chunks of `upload_id`; the row is written only after the last chunk,
 * so a put cut short leaves chunks that no object names (swept later) and is never seen.
 */
export const fileObjects = pgTable('file_objects', {
  key: text('key').primaryKey(),
  uploadId: uuid('upload_id').notNull().unique(),
  size: bigint('size', { mode: 'number' }).notNull(),
  chunks: integer('chunks').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** The bytes of one put, a few hundred KB a row, read one row at a time (files/database-storage.ts). */
export const fileChunks = pgTable(
  'file_chunks',
  {
    uploadId: uuid('upload_id').notNull(),
    n: integer('n').notNull(),
    data: bytea('data').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.n] })],
);
