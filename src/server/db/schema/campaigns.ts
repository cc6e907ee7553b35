// Campaigns (专项整治): phases, areas, chosen schools, weekly returns.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, day, ts } from './columns.js';
import { checklistTemplates } from './checklists.js';
import { districts, units } from './units.js';
import { users } from './users.js';

export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    name: text('name').notNull(),
    description: text('description'),
    allSchools: boolean('all_schools').notNull().default(true),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    checklistTemplateId: integer('checklist_template_id').references(() => checklistTemplates.id),
    selfCheckDue: day('self_check_due'),
    status: text('status').notNull().default('active'),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [index('campaigns_district_idx').on(t.districtId, t.startsOn), check('campaigns_period_ck', sql`${t.endsOn} >= ${t.startsOn}`)],
);

export const campaignPhases = pgTable(
  'campaign_phases',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    sort: integer('sort').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
  },
  (t) => [index('campaign_phases_campaign_idx').on(t.campaignId)],
);

/** An area of a campaign with its responsible subject, responsible and cooperating departments (002). */
export const campaignAreas = pgTable(
  'campaign_areas',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    area: text('area').notNull(),
    tasks: text('tasks'),
    responsibleSubject: text('responsible_subject').notNull(),
    responsibleDepartmentIds: integer('responsible_department_ids').array().notNull(),
    cooperatingDepartmentIds: integer('cooperating_department_ids').array().notNull().default(sql`'{}'::int[]`),
  },
  (t) => [uniqueIndex('campaign_areas_uq').on(t.campaignId, t.area)],
);

/** The chosen schools of a campaign whose scope is not all schools. */
export const campaignSchools = pgTable(
  'campaign_schools',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.schoolId] })],
);

/** A responsible department's weekly report during a campaign (002 attachment 4). */
export const weeklyReturns = pgTable(
  'weekly_returns',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => units.id),
    weekStart: day('week_start').notNull(),
    status: text('status').notNull().default('draft'),
    // The week's figures drafted from the data: new, rectified, closed, overdue in the department's areas.
    figures: jsonb('figures').notNull(),
    progress: text('progress'),
    problems: text('problems'),
    nextSteps: text('next_steps'),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: ts('submitted_at'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('weekly_returns_uq').on(t.campaignId, t.departmentId, t.weekStart)],
);
