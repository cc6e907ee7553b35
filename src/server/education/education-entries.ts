// What the rule engine reads from the safety education ledger (education.*, 000 item 15, 001 items 8
// and 12): activities with the education day they are for, the roll calls of the last months with
// every student absent without leave notified to the parents the same day, and drowning letters
// acknowledged by every class.
import { and, eq, gte, lte, or, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryRecord } from '../../domain/rules/records.js';
import { educationRecords } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { DAILY_LOOKBACK_DAYS } from '../food/food-entries.js';

export async function readEducationEntries(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  const e = educationRecords;
  const rows = await s.db
    .select({ id: e.id, unitId: e.schoolId, kind: e.kind, date: e.heldOn, educationDay: e.educationDay })
    .from(e)
    .where(
      and(
        s.schools(e),
        eq(e.status, 'recorded'),
        lte(e.heldOn, s.asOf),
        or(
          and(eq(e.kind, 'activity'), gte(e.heldOn, addDays(s.asOf, -lookbackDays))),
          and(eq(e.kind, 'roll_call'), gte(e.heldOn, addDays(s.asOf, -DAILY_LOOKBACK_DAYS)), sql`${e.parentsNotified} >= ${e.absentWithoutLeave}`),
          and(eq(e.kind, 'drowning_letter'), gte(e.heldOn, addDays(s.asOf, -lookbackDays)), sql`${e.classesAcknowledged} >= ${e.classesTotal}`),
        ),
      ),
    );
  const entries: EntryRecord[] = (out.records.entries ??= []);
  for (const r of rows) {
    if (r.kind === 'activity') entries.push({ id: r.id, unitId: r.unitId, ledger: 'education', tag: 'activity', date: r.date, key: r.educationDay });
    else entries.push({ id: r.id, unitId: r.unitId, ledger: 'education', tag: r.kind, date: r.date });
  }
}
