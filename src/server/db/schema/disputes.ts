// Disputes and petitions (矛盾纠纷排查与信访, issue 22; 000 item 3, 003): one register with a kind.
// The due day is kept as computed when recorded (a later change of the district's numbers does not
// move a deadline already given); the steps of the handling are kept in order on the record.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { day } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';
import { riskPoints } from './risks.js';

export const disputes = pgTable(
  'disputes',
  {
    id: serial('id').primaryKey(),
    ...recordedSchoolColumns(),
    /** dispute 矛盾纠纷 | petition 信访事项 */
    kind: text('kind').notNull(),
    parties: text('parties').notNull(),
    /** A petition's channel (来访、来信 …); null for a dispute. */
    channel: text('channel'),
    /** The day a petition was received or a dispute found. */
    receivedOn: day('received_on').notNull(),
    petitioners: integer('petitioners'),
    petitionerName: text('petitioner_name'),
    summary: text('summary').notNull(),
    handlerName: text('handler_name').notNull(),
    dueOn: day('due_on').notNull(),
    mayEscalate: boolean('may_escalate').notNull().default(false),
    /** [{ on, note, byName }] in the order taken. */
    steps: jsonb('steps').notNull().default(sql`'[]'::jsonb`),
    concludedOn: day('concluded_on'),
    conclusion: text('conclusion'),
    petitionerView: text('petitioner_view'),
    /** The risk raised from it (可能引发群访、越级上访). */
    riskId: integer('risk_id').references(() => riskPoints.id),
  },
  (t) => [
    index('disputes_school_idx').on(t.schoolId, t.receivedOn),
    index('disputes_district_idx').on(t.districtId, t.concludedOn, t.dueOn),
    index('disputes_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('disputes_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('disputes_kind_ck', sql`${t.kind} in ('dispute','petition')`),
    check('disputes_petition_ck', sql`(${t.kind} = 'petition') = (${t.channel} is not null)`),
    check('disputes_petitioners_ck', sql`${t.petitioners} is null or ${t.petitioners} >= 1`),
    check('disputes_concluded_ck', sql`${t.concludedOn} is null or ${t.concludedOn} >= ${t.receivedOn}`),
    check('disputes_view_ck', sql`${t.petitionerView} is null or ${t.petitionerView} in ('satisfied','basic','dissatisfied')`),
  ],
);
