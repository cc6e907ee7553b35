// Responsibility letters and their signatures.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { files } from './files.js';
import { staffMembers } from './staff.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/**
 * A responsibility letter (安全生产责任书, 000 item 1, 001 item 3): the bureau's to every unit for a
 * year, or a school's to its staff. A new revision of the same year and level is a new row and asks
 * everyone to sign again; signatures belong to one revision.
 */
export const responsibilityLetters = pgTable(
  'responsibility_letters',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    // The bureau for 'bureau_to_unit', the school for 'unit_to_staff'.
    issuerUnitId: integer('issuer_unit_id')
      .notNull()
      .references(() => units.id),
    issuerPath: text('issuer_path').notNull(),
    level: text('level').notNull(),
    year: integer('year').notNull(),
    revision: integer('revision').notNull().default(1),
    title: text('title').notNull(),
    body: text('body'),
    fileId: integer('file_id').references(() => files.id),
    publishedOn: day('published_on').notNull(),
    status: text('status').notNull().default('published'),
    withdrawReason: text('withdraw_reason'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('responsibility_letters_rev_uq').on(t.issuerUnitId, t.level, t.year, t.revision),
    index('responsibility_letters_district_idx').on(t.districtId, t.year),
    index('responsibility_letters_path_idx').using('btree', sql`${t.issuerPath} text_pattern_ops`),
    check('responsibility_letters_level_ck', sql`${t.level} in ('bureau_to_unit','unit_to_staff')`),
    check('responsibility_letters_status_ck', sql`${t.status} in ('published','withdrawn')`),
    check('responsibility_letters_revision_ck', sql`${t.revision} >= 1`),
  ],
);

/** A signature of a letter revision: a unit's principal for the bureau's letter, a staff member for the school's. */
export const letterSignatures = pgTable(
  'letter_signatures',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    letterId: integer('letter_id')
      .notNull()
      .references(() => responsibilityLetters.id),
    // The signing unit (bureau_to_unit) or the school of the staff member (unit_to_staff).
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    staffId: integer('staff_id').references(() => staffMembers.id),
    signerName: text('signer_name').notNull(),
    signerUserId: integer('signer_user_id').references(() => users.id),
    signedOn: day('signed_on').notNull(),
    // 'file': a scan of the signed letter; 'in_app': confirmed by the signer logged in.
    method: text('method').notNull(),
    fileId: integer('file_id').references(() => files.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('letter_signatures_unit_uq').on(t.letterId, t.unitId).where(sql`${t.staffId} is null`),
    uniqueIndex('letter_signatures_staff_uq').on(t.letterId, t.staffId).where(sql`${t.staffId} is not null`),
    index('letter_signatures_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    // The evaluation reads a batch of schools' signatures (letter-records.ts);
    // migration 0061 adds INCLUDE (district_id, letter_id, staff_id, signed_on) for an index-only read.
    index('letter_signatures_unit_idx').on(t.unitId, t.id),
    check('letter_signatures_method_ck', sql`${t.method} in ('file','in_app')`),
  ],
);
