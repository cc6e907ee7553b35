// Checklists (排查表) and their versions.
import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';
import { districts } from './units.js';
import { users } from './users.js';

/** A checklist (排查表) template; its content lives in immutable versions. */
export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    name: text('name').notNull(),
    description: text('description'),
    builtin: boolean('builtin').notNull().default(false),
    copiedFromId: integer('copied_from_id'),
    status: text('status').notNull().default('active'),
    currentVersion: integer('current_version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('checklist_templates_name_uq').on(t.districtId, t.name), check('checklist_templates_status_ck', sql`${t.status} in ('active','archived')`)],
);

/** One version of a template: sections of items, each with what to check, how, and its source. */
export const checklistVersions = pgTable(
  'checklist_versions',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    number: integer('number').notNull(),
    sections: jsonb('sections').notNull(),
    itemCount: integer('item_count').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('checklist_versions_uq').on(t.templateId, t.number)],
);
