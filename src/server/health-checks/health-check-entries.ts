// What the rule engine reads from the daily health checks (health.daily_checks, 001 item 16): one
// entry per school and day with both a morning and a noon check, grouped in the database (a school
// year of a district is millions of class rows; the rule needs the days).
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryRecord } from '../../domain/rules/records.js';
import { healthChecks } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { DAILY_LOOKBACK_DAYS } from '../food/food-entries.js';

export async function readHealthCheckEntries(s: ReadScope, out: EngineRecords): Promise<void> {
  const h = healthChecks;
  const rows = await s.db
    .select({ id: sql<number>`min(${h.id})`.mapWith(Number), unitId: h.schoolId, date: h.checkedOn })
    .from(h)
    .where(and(s.schools(h), eq(h.status, 'recorded'), gte(h.checkedOn, addDays(s.asOf, -DAILY_LOOKBACK_DAYS)), lte(h.checkedOn, s.asOf)))
    .groupBy(h.schoolId, h.checkedOn)
    .having(sql`bool_or(${h.session} = 'morning') and bool_or(${h.session} = 'noon')`);
  const entries: EntryRecord[] = (out.records.entries ??= []);
  for (const r of rows) entries.push({ id: r.id, unitId: r.unitId, ledger: 'health_checks', tag: 'checked', date: r.date });
}
