// What the rule engine reads from the gate log (gate.*, 002 area 7, 001 item 15): only what the rules
// judge, so a year of visitors is not read — the visitors admitted without a staff member to bring
// them in, and the 护学岗 days with a teacher and a guard at both arrival and dismissal.
import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryRecord } from '../../domain/rules/records.js';
import { gateRecords } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { DAILY_LOOKBACK_DAYS } from '../food/food-entries.js';
import { column, dayColumn, readColumns } from '../db/columns.js';

export async function readGateEntries(s: ReadScope, out: EngineRecords): Promise<void> {
  const g = gateRecords;
  // Read as columns (db/columns.ts).
  const where = and(
    s.schools(g),
    eq(g.status, 'recorded'),
    gte(g.recordedOn, addDays(s.asOf, -DAILY_LOOKBACK_DAYS)),
    lte(g.recordedOn, s.asOf),
    or(
      and(eq(g.kind, 'visitor'), eq(g.admitted, true), or(isNull(g.escortName), eq(g.escortName, ''))),
      and(eq(g.kind, 'guard_post'), sql`${g.arrivalTeachers} > 0 and ${g.arrivalGuards} > 0 and ${g.dismissalTeachers} > 0 and ${g.dismissalGuards} > 0`),
    ),
  );
  const c = await readColumns<{ ids: number[]; units: number[]; kinds: string[]; dates: string[] }>(
    s.db,
    sql`select ${column(g.id, 'ids')}, ${column(g.schoolId, 'units')}, ${column(g.kind, 'kinds')}, ${dayColumn(g.recordedOn, 'dates')} from ${g} where ${where}`,
    ['dates'],
  );
  const entries: EntryRecord[] = (out.records.entries ??= []);
  for (let i = 0; i < c.ids.length; i++) entries.push({ id: c.ids[i], unitId: c.units[i], ledger: 'gate', tag: c.kinds[i] === 'visitor' ? 'visitor_unescorted' : 'guard_post', date: c.dates[i] });
}
