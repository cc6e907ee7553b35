// What compliance reads of the care ledger (issue 16): screenings by grade and day (001 item 9),
// and the open records' next follow-up day (001 item 20). Ids, grades and days only: the rollup,
// the board and its export never see a name, a note or a contact.
import { and, eq, gte, lte } from 'drizzle-orm';
import type { CareDueRecord, ScreeningRecord } from '../../domain/rules/records.js';
import type { Executor } from '../db/client.js';
import { careRecords, careScreenings } from '../db/schema.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';

interface Scope {
  db: Executor;
  asOf: string;
  schools: (t: { districtId: AnyPgColumn; schoolId: AnyPgColumn; schoolPath: AnyPgColumn }) => SQL;
}

export async function readScreenings(s: Scope, from: string): Promise<ScreeningRecord[]> {
  return s.db
    .select({ id: careScreenings.id, unitId: careScreenings.schoolId, date: careScreenings.screenedOn, grade: careScreenings.grade })
    .from(careScreenings)
    .where(and(s.schools(careScreenings), eq(careScreenings.status, 'recorded'), gte(careScreenings.screenedOn, from), lte(careScreenings.screenedOn, s.asOf)));
}

/** Open records on the as-of day (opened by then). */
export async function readCareDue(s: Scope): Promise<CareDueRecord[]> {
  return s.db
    .select({ id: careRecords.id, unitId: careRecords.schoolId, nextDueOn: careRecords.nextDueOn })
    .from(careRecords)
    .where(and(s.schools(careRecords), eq(careRecords.status, 'open'), lte(careRecords.openedOn, s.asOf)));
}
