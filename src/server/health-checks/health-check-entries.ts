// What the rule engine reads from the daily health checks (health.daily_checks, 001 item 16): the days
// with both a morning and a noon check of each school, grouped in the database (a school year of a
// district is millions of class rows; the rule needs the days, and the engine takes them as one list
// a school, not one object a day: BENCHMARKS.md, issue 15). A day's id is its first check's.
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryDays } from '../../domain/rules/records.js';
import { healthChecks } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { DAILY_LOOKBACK_DAYS } from '../food/food-entries.js';
import { column, dayArray, readColumns } from '../db/columns.js';

export async function readHealthCheckEntries(s: ReadScope, out: EngineRecords): Promise<void> {
  const h = healthChecks;
  const c = await readColumns<{ units: number[]; dates: string[][]; ids: number[][] }>(
    s.db,
    sql`select ${column(sql`x.school_id`, 'units')}, ${column(sql`x.days`, 'dates')}, ${column(sql`x.ids`, 'ids')}
        from (select d.school_id, ${dayArray(sql`d.checked_on`, sql`d.checked_on`)} as days, array_agg(d.id order by d.checked_on) as ids
              from (select min(${h.id}) as id, ${h.schoolId} as school_id, ${h.checkedOn} as checked_on from ${h}
                    where ${and(s.schools(h), eq(h.status, 'recorded'), gte(h.checkedOn, addDays(s.asOf, -DAILY_LOOKBACK_DAYS)), lte(h.checkedOn, s.asOf))}
                    group by ${h.schoolId}, ${h.checkedOn}
                    having bool_or(${h.session} = 'morning') and bool_or(${h.session} = 'noon')) d
              group by d.school_id) x`,
    ['dates'],
  );
  const days: EntryDays[] = (out.records.entryDays ??= []);
  for (let i = 0; i < c.units.length; i++) days.push({ ledger: 'health_checks', tag: 'checked', unitId: c.units[i], dates: c.dates[i], ids: c.ids[i] });
}
