// The network security ledger (网络安全, 000 item 8; issue 15 item 6): the school's systems and
// websites registry, the red and yellow cards (红黄牌) the bureau issues to a school for a problem,
// and the monthly network-security report (网络安全月报告) from every school.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { day, ts } from './columns.js';
import { recordedSchoolColumns } from './recorded-columns.js';
import { users } from './users.js';

/** A system or website the school runs (website, public account, app, system). */
export const netsecSystems = pgTable(
  'netsec_systems',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    responsiblePerson: text('responsible_person').notNull(),
    // 等保 (classified protection) level 1–5, none when not graded.
    protectionLevel: integer('protection_level'),
    filingNo: text('filing_no'),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('netsec_systems_school_idx').on(t.schoolId),
    index('netsec_systems_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('netsec_systems_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('netsec_systems_kind_ck', sql`${t.kind} in ('website','public_account','app','system')`),
    check('netsec_systems_level_ck', sql`${t.protectionLevel} is null or ${t.protectionLevel} between 1 and 5`),
  ],
);

/**
 * A red or yellow card issued by the bureau to a school (000 item 8: 网络安全红黄牌): who issued it,
 * why, by when to fix; the school answers with its fix and evidence (answer_file_ids); the bureau
 * closes it or sends it back. `state` is the card's step; `status` is the record's (voided by mistake).
 */
export const netsecCards = pgTable(
  'netsec_cards',
  {
    id: serial('id').primaryKey(),
    color: text('color').notNull(),
    issuedOn: day('issued_on').notNull(),
    issuerUnitName: text('issuer_unit_name').notNull(),
    reason: text('reason').notNull(),
    fixBy: day('fix_by').notNull(),
    state: text('state').notNull().default('issued'),
    answer: text('answer'),
    answerFileIds: integer('answer_file_ids').array().notNull().default(sql`'{}'::int[]`),
    answeredByName: text('answered_by_name'),
    answeredAt: ts('answered_at'),
    returnNote: text('return_note'),
    closeNote: text('close_note'),
    closedBy: integer('closed_by').references(() => users.id),
    closedByName: text('closed_by_name'),
    closedAt: ts('closed_at'),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('netsec_cards_school_idx').on(t.schoolId, t.fixBy),
    index('netsec_cards_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('netsec_cards_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('netsec_cards_color_ck', sql`${t.color} in ('red','yellow')`),
    check('netsec_cards_state_ck', sql`${t.state} in ('issued','answered','closed')`),
    check('netsec_cards_fix_by_ck', sql`${t.fixBy} >= ${t.issuedOn}`),
    check('netsec_cards_closed_ck', sql`${t.state} <> 'closed' or (${t.closedBy} is not null and ${t.closedAt} is not null)`),
  ],
);

/** The monthly network-security report of a school (全系统网络安全月报告制度, 000 item 8). */
export const netsecReports = pgTable(
  'netsec_reports',
  {
    id: serial('id').primaryKey(),
    month: text('month').notNull(),
    checksDone: integer('checks_done').notNull(),
    incidents: text('incidents').notNull(),
    incidentCount: integer('incident_count').notNull().default(0),
    summary: text('summary'),
    ...recordedSchoolColumns(),
  },
  (t) => [
    index('netsec_reports_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    // One recorded report per school and month; a voided one may be filed again.
    uniqueIndex('netsec_reports_school_month_uq').on(t.schoolId, t.month).where(sql`${t.status} = 'recorded'`),
    check('netsec_reports_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('netsec_reports_month_ck', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('netsec_reports_incidents_ck', sql`(${t.incidents} = 'none' and ${t.incidentCount} = 0) or (${t.incidents} = 'some' and ${t.incidentCount} > 0)`),
    check('netsec_reports_checks_ck', sql`${t.checksDone} >= 0`),
  ],
);
