// The safety budget (安全经费, 001 items 4 and 25).
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { BudgetLineInput } from '../../../contracts/budget.js';
import { recordedSchoolColumns } from './recorded-columns.js';

/**
 * One school's safety budget for one year: its lines (category × source of funds, budget and spend
 * in fen) and their totals kept beside them for the bureau's execution by town. One recorded
 * budget per school and year; a voided one frees the year.
 */
export const safetyBudgets = pgTable(
  'safety_budgets',
  {
    id: serial('id').primaryKey(),
    ...recordedSchoolColumns(),
    year: integer('year').notNull(),
    lines: jsonb('lines').$type<BudgetLineInput[]>().notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    spentFen: bigint('spent_fen', { mode: 'number' }).notNull(),
    // Guard wages (保安) budgeted, for the 001 item 25 rule without reading the lines.
    guardWagesFen: bigint('guard_wages_fen', { mode: 'number' }).notNull(),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('safety_budgets_school_year_uq').on(t.schoolId, t.year).where(sql`${t.status} = 'recorded'`),
    index('safety_budgets_district_year_idx').on(t.districtId, t.year).where(sql`${t.status} = 'recorded'`),
    index('safety_budgets_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('safety_budgets_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('safety_budgets_year_ck', sql`${t.year} between 2000 and 2100`),
    check('safety_budgets_amounts_ck', sql`${t.budgetFen} >= 0 and ${t.spentFen} >= 0 and ${t.guardWagesFen} >= 0`),
  ],
);
