// Emergency supplies (应急物资, 000 item 4; issue 21): per school and store, the item, quantity, unit,
// minimum, location and expiry; a stock check (盘点) records what was counted of each item and sets
// the quantities in the same transaction. Checks are never changed once written.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const emergencySupplies = pgTable(
  'emergency_supplies',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    /** The store (物资库/点) the item is kept in. */
    store: text('store').notNull(),
    item: text('item').notNull(),
    quantity: integer('quantity').notNull(),
    unit: text('unit').notNull(),
    minimum: integer('minimum').notNull(),
    location: text('location'),
    purchasedOn: day('purchased_on'),
    expiresOn: day('expires_on'),
    lastCheckedOn: day('last_checked_on'),
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
    // One line per item in a store.
    uniqueIndex('emergency_supplies_item_uq').on(t.schoolId, t.store, t.item).where(sql`${t.status} = 'recorded'`),
    index('emergency_supplies_district_idx').on(t.districtId, t.expiresOn).where(sql`${t.status} = 'recorded'`),
    index('emergency_supplies_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('emergency_supplies_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('emergency_supplies_quantity_ck', sql`${t.quantity} >= 0 and ${t.minimum} >= 0`),
    check('emergency_supplies_expiry_ck', sql`${t.expiresOn} is null or ${t.purchasedOn} is null or ${t.expiresOn} >= ${t.purchasedOn}`),
  ],
);

/** A stock check (盘点) of a school's supplies: per line the supply, the quantity before and the count. */
export const emergencyStockChecks = pgTable(
  'emergency_stock_checks',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    checkedOn: day('checked_on').notNull(),
    // [{ supplyId, item, before, counted }]
    lines: jsonb('lines').notNull(),
    note: text('note'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('emergency_stock_checks_school_idx').on(t.schoolId, t.checkedOn), index('emergency_stock_checks_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`)],
);
