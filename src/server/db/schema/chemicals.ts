// The hazardous chemicals ledger (危险化学品台账, 003, 000 item 9, 001 item 19; issue 15 item 4): the
// inventory of each lab store and every movement; the balance is computed (src/domain/chemicals.ts).
import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { day } from './columns.js';
import { districts, units } from './units.js';
import { recordedStateColumns } from './recorded-columns.js';

/** A chemical held in a lab store (药品室), with its two keepers (双人双锁). No balance column: it is computed. */
export const chemicals = pgTable(
  'chemicals',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    store: text('store').notNull(),
    name: text('name').notNull(),
    casNo: text('cas_no'),
    unit: text('unit').notNull(),
    controlClass: text('control_class').notNull().default('none'),
    storagePlace: text('storage_place').notNull(),
    keeperA: text('keeper_a').notNull(),
    keeperB: text('keeper_b').notNull(),
    expiresOn: day('expires_on'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    ...recordedStateColumns(),
  },
  (t) => [
    index('chemicals_school_idx').on(t.schoolId),
    index('chemicals_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('chemicals_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('chemicals_control_ck', sql`${t.controlClass} in ('none','precursor','explosive')`),
    check('chemicals_keepers_ck', sql`${t.keeperA} <> ${t.keeperB}`),
  ],
);

/** Every movement of a chemical: purchase, issue, return, disposal, count. */
export const chemicalMovements = pgTable(
  'chemical_movements',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    chemicalId: integer('chemical_id')
      .notNull()
      .references(() => chemicals.id),
    kind: text('kind').notNull(),
    occurredOn: day('occurred_on').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 3, mode: 'number' }).notNull(),
    handledBy: text('handled_by').notNull(),
    // purchase
    approvedBy: text('approved_by'),
    supplier: text('supplier'),
    // issue
    recipient: text('recipient'),
    className: text('class_name'),
    purpose: text('purpose'),
    // return
    issueId: integer('issue_id'),
    // disposal
    contractor: text('contractor'),
    manifestNo: text('manifest_no'),
    note: text('note'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    ...recordedStateColumns(),
  },
  (t) => [
    index('chemical_movements_chemical_idx').on(t.chemicalId, t.occurredOn),
    index('chemical_movements_school_idx').on(t.schoolId, t.occurredOn),
    index('chemical_movements_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('chemical_movements_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('chemical_movements_kind_ck', sql`${t.kind} in ('purchase','issue','return','disposal','count')`),
    check('chemical_movements_qty_ck', sql`${t.quantity} >= 0 and (${t.kind} = 'count' or ${t.quantity} > 0)`),
  ],
);
