// What the rule engine reads from the daily health checks (health.daily_checks, 001 item 16): one
// entry per school and day with both a morning and a noon check, grouped in the database (a school
// year of a district is millions of class rows; the rule needs the days).
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryRecord } from '../../domain/rules/records.js';
import { healthChecks } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { DAILY_LOOKBACK_DAYS } from '../food/food-entries.js';
import { column, dayColumn, readColumns } from '../db/columns.js';

export async function readHealthCheckEntries(s: ReadScope, out: EngineRecords): Promise<void> {
  const h = healthChecks;
  // Grouped in a subquery, read as columns (db/columns.ts).
  const c = await readColumns<{ ids: number[]; units: number[]; dates: string[] }>(
    s.db,
    sql`select ${column(sql`d.id`, 'ids')}, ${column(sql`d.school_id`, 'units')}, ${dayColumn(sql`d.checked_on`, 'dates')}
        from (select min(${h.id}) as id, ${h.schoolId} as school_id, ${h.checkedOn} as checked_on from ${h}
              where ${and(s.schools(h), eq(h.status, 'recorded'), gte(h.checkedOn, addDays(s.asOf, -DAILY_LOOKBACK_DAYS)), lte(h.checkedOn, s.asOf))}
              group by ${h.schoolId}, ${h.checkedOn}
              having bool_or(${h.session} = 'morning') and bool_or(${h.session} = 'noon')) d`,
    ['dates'],
  );
  const entries: EntryRecord[] = (out.records.entries ??= []);
  for (let i = 0; i < c.ids.length; i++) entries.push({ id: c.ids[i], unitId: c.units[i], ledger: 'health_checks', tag: 'checked', date: c.dates[i] });
}
