// QR labels on places and equipment (二维码标签, issue 17). A label ties an opaque code to one thing
// of a school that other mechanisms already keep: a building or one of its floors (buildings), the
// canteen (units.canteen), a lab store (chemicals.store), a gate (the latest security profile's
// gates), an item of special equipment. The code, not an id, is what a printed label carries.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

/**
 * One issued code. `ref` names the thing within its school and kind (a record's id, "building:floor",
 * a store's or gate's name). The code is 128 random bits from gen_random_uuid() as 32 hex digits,
 * kept as is (the school prints it again, so it cannot be hashed like a session token). A code
 * stays valid as long as it is not revoked, so a printed label keeps working; revoking it (a label
 * lost or copied) issues a new code for the same thing, and the old one answers 404.
 */
export const labels = pgTable(
  'labels',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    kind: text('kind').notNull(),
    ref: text('ref').notNull(),
    code: text('code')
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    revokedBy: integer('revoked_by').references(() => users.id),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('labels_code_uq').on(t.code),
    // One valid code per thing: issuing twice at once inserts one row (on conflict do nothing).
    uniqueIndex('labels_current_uq').on(t.schoolId, t.kind, t.ref).where(sql`${t.revokedAt} is null`),
    index('labels_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('labels_kind_ck', sql`${t.kind} in ('building','floor','canteen','lab_store','gate','equipment')`),
    check('labels_code_ck', sql`${t.code} ~ '^[0-9a-f]{32}$'`),
    check('labels_revoked_ck', sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`),
  ],
);
