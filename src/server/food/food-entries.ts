// What the rule engine reads from the food safety ledger (food.*, 000 item 7, 001 item 17, 002 area 3):
// the recorded daily controls, weekly checks, monthly dispatches and accompanied meals of the last
// months, every certificate still in force within the lookback, and the platform states, tagged for
// the general 'entries' measure (src/domain/rules/entries.ts).
import { and, eq, gte, lte, or, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryRecord } from '../../domain/rules/records.js';
import { foodRecords } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { column, dayColumn, readColumns } from '../db/columns.js';
import { certificateTypeLabels, type CertificateType } from '../../contracts/food.js';

/** Monthly rules judge this month and the last of term (the summer holiday between): 200 days are plenty. */
export const DAILY_LOOKBACK_DAYS = 200;

export async function readFoodEntries(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  const f = foodRecords;
  const from = addDays(s.asOf, -DAILY_LOOKBACK_DAYS);
  // Read as columns (db/columns.ts).
  const where = and(
    s.schools(f),
    eq(f.status, 'recorded'),
    lte(f.recordedOn, s.asOf),
    or(
      gte(f.recordedOn, from),
      // A certificate lasts years, a platform state until the next one.
      and(eq(f.kind, 'certificate'), gte(f.expiresOn, addDays(s.asOf, -lookbackDays))),
      and(eq(f.kind, 'platform_status'), gte(f.recordedOn, addDays(s.asOf, -lookbackDays))),
    ),
  );
  const c = await readColumns<{
    ids: number[];
    units: number[];
    kinds: string[];
    dates: string[];
    persons: (string | null)[];
    types: (string | null)[];
    expires: (string | null)[];
    bright: (boolean | null)[];
    trace: (boolean | null)[];
  }>(
    s.db,
    sql`select ${column(f.id, 'ids')}, ${column(f.schoolId, 'units')}, ${column(f.kind, 'kinds')}, ${dayColumn(f.recordedOn, 'dates')}, ${column(f.person, 'persons')},
               ${column(f.certificateType, 'types')}, ${dayColumn(f.expiresOn, 'expires')}, ${column(f.brightKitchenOnline, 'bright')}, ${column(f.traceabilityOnline, 'trace')}
        from ${f} where ${where}`,
    ['dates', 'expires'],
  );
  const entries: EntryRecord[] = (out.records.entries ??= []);
  for (let i = 0; i < c.ids.length; i++) {
    const kind = c.kinds[i];
    const base = { id: c.ids[i], unitId: c.units[i], ledger: 'food_safety' as const, date: c.dates[i] };
    if (kind === 'certificate') {
      entries.push({ ...base, tag: 'certificate', expiresOn: c.expires[i], key: `${c.persons[i]} ${certificateTypeLabels[c.types[i] as CertificateType] ?? ''}`.trim() });
    } else if (kind === 'platform_status') {
      entries.push({ ...base, tag: 'bright_kitchen', flag: c.bright[i] }, { ...base, tag: 'traceability', flag: c.trace[i] });
    } else {
      entries.push({ ...base, tag: kind as EntryRecord['tag'] });
    }
  }
}
