// The tenant (a district bureau) and its unit tree.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';

// A tenant: one district bureau and everything under it. Every tenant-owned table carries
// district_id so that tables can later be distributed by it (ARCHITECTURE.md, "Scale").
export const districts = pgTable('districts', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    parentId: integer('parent_id'),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    code: text('code'),
    // Materialised path of ids, '/1/5/23/': a subtree is one prefix match.
    path: text('path').notNull(),
    status: text('status').notNull().default('active'),
    stage: text('stage'),
    ownership: text('ownership'),
    boarding: boolean('boarding').notNull().default(false),
    schoolBus: boolean('school_bus').notNull().default(false),
    rural: boolean('rural').notNull().default(false),
    gateCount: integer('gate_count'),
    studentCount: integer('student_count'),
    staffCount: integer('staff_count'),
    address: text('address'),
    principalName: text('principal_name'),
    contactPhone: text('contact_phone'),
    areas: text('areas').array().notNull().default(sql`'{}'::text[]`),
    /** The school runs a canteen (食堂): only such schools are judged for food safety (001 item 17). */
    canteen: boolean('canteen').notNull().default(false),
    /** The school takes in evacuees in an emergency (担负应急疏散安置任务, 000 item 10): asked the shelter checks of a warning. */
    shelter: boolean('shelter').notNull().default(false),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('units_district_name_uq').on(t.districtId, t.name),
    index('units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId),
    index('units_district_kind_idx').on(t.districtId, t.kind),
    check('units_kind_ck', sql`${t.kind} in ('city_bureau','bureau','department','town','school')`),
    check('units_status_ck', sql`${t.status} in ('active','disabled')`),
  ],
);
