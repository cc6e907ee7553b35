// A campaign's spot-check samples (002). Apart from campaigns.ts because a sample points at its
// follow-up inspection and an inspection at its campaign: in one file with the campaigns, the
// campaign and inspection schema files would import each other.
import { integer, numeric, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { campaigns } from './campaigns.js';
import { inspections } from './inspections.js';
import { users } from './users.js';

/** A spot-check sample of a campaign's resolved hazards, reproducible from its seed (002). */
export const campaignSamples = pgTable('campaign_samples', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id')
    .notNull()
    .references(() => campaigns.id),
  seed: text('seed').notNull(),
  ratio: numeric('ratio', { precision: 5, scale: 4, mode: 'number' }).notNull(),
  hazardIds: integer('hazard_ids').array().notNull(),
  followUpInspectionId: integer('follow_up_inspection_id').references(() => inspections.id),
  drawnBy: integer('drawn_by')
    .notNull()
    .references(() => users.id),
  drawnAt: ts('drawn_at').notNull().defaultNow(),
});
