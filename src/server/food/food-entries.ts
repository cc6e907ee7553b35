// What the rule engine reads from the food safety ledger (food.*, 000 item 7, 001 item 17, 002 area 3):
// the days of the recorded daily controls, weekly checks, monthly dispatches and accompanied meals of
// the last months, every certificate still in force within the lookback, and the platform states,
// for the general 'entries' measure (src/domain/rules/entries.ts).
import { and, eq, gte, inArray, lte, notInArray, or, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryRecord, EntryDays } from '../../domain/rules/records.js';
import { foodRecords } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { column, dayArray, dayColumn, readColumns } from '../db/columns.js';
import { certificateTypeLabels, type CertificateType } from '../../contracts/food.js';

/** Monthly rules judge this month and the last of term (the summer holiday between): 200 days are plenty. */
export const DAILY_LOOKBACK_DAYS = 200;

/** The kinds the rules read more of than the day: a certificate's holder and expiry, a platform's states. */
const DETAILED = ['certificate', 'platform_status'] as const;

export async function readFoodEntries(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  await Promise.all([readFoodDays(s, out), readFoodDetails(s, out, lookbackDays)]);
}

/**
 * The dated kinds as days per school and kind, grouped in SQL: a school year of a district is
 * hundreds of thousands of daily controls and meals, which the engine used to receive one object
 * each (BENCHMARKS.md, issue 15). Ordered by day then id, as the finding keeps them.
 */
async function readFoodDays(s: ReadScope, out: EngineRecords): Promise<void> {
  const f = foodRecords;
  const c = await readColumns<{ units: number[]; tags: string[]; dates: string[][]; ids: number[][] }>(
    s.db,
    sql`select ${column(sql`g.school_id`, 'units')}, ${column(sql`g.kind`, 'tags')}, ${column(sql`g.days`, 'dates')}, ${column(sql`g.ids`, 'ids')}
        from (select ${f.schoolId} as school_id, ${f.kind} as kind, ${dayArray(f.recordedOn, sql`${f.recordedOn}, ${f.id}`)} as days, array_agg(${f.id} order by ${f.recordedOn}, ${f.id}) as ids
              from ${f}
              where ${and(s.schools(f), eq(f.status, 'recorded'), notInArray(f.kind, [...DETAILED]), gte(f.recordedOn, addDays(s.asOf, -DAILY_LOOKBACK_DAYS)), lte(f.recordedOn, s.asOf))}
              group by ${f.schoolId}, ${f.kind}) g`,
    ['dates'],
  );
  const days: EntryDays[] = (out.records.entryDays ??= []);
  for (let i = 0; i < c.units.length; i++) days.push({ ledger: 'food_safety', tag: c.tags[i], unitId: c.units[i], dates: c.dates[i], ids: c.ids[i] });
}

/** Certificates and platform states as records (a few a school). */
async function readFoodDetails(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  const f = foodRecords;
  const where = and(
    s.schools(f),
    eq(f.status, 'recorded'),
    inArray(f.kind, [...DETAILED]),
    lte(f.recordedOn, s.asOf),
    or(
      gte(f.recordedOn, addDays(s.asOf, -DAILY_LOOKBACK_DAYS)),
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
    const base = { id: c.ids[i], unitId: c.units[i], ledger: 'food_safety' as const, date: c.dates[i] };
    if (c.kinds[i] === 'certificate') {
      entries.push({ ...base, tag: 'certificate', expiresOn: c.expires[i], key: `${c.persons[i]} ${certificateTypeLabels[c.types[i] as CertificateType] ?? ''}`.trim() });
    } else {
      entries.push({ ...base, tag: 'bright_kitchen', flag: c.bright[i] }, { ...base, tag: 'traceability', flag: c.trace[i] });
    }
  }
}
