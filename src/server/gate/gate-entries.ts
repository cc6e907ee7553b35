// What the rule engine reads from the gate log (gate.*, 002 area 7, 001 item 15): only what the rules
// judge, so a year of visitors is not read — the visitors admitted without a staff member to bring
// them in, and the 护学岗 days with a teacher and a guard at both arrival and dismissal — as the
// days of each per school, grouped in SQL (a district's 护学岗 is one row a school and day, which the
// engine used to receive one object each; BENCHMARKS.md, issue 15).
import { and, gte, lte, sql } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryDays } from '../../domain/rules/records.js';
import { gateJudged, gateRecords } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { DAILY_LOOKBACK_DAYS } from '../food/food-entries.js';
import { column, dayArray, readColumns } from '../db/columns.js';

export async function readGateEntries(s: ReadScope, out: EngineRecords): Promise<void> {
  const g = gateRecords;
  // The rows judged, spelled as the predicate of the partial index gate_records_judged_idx (literals,
  // not parameters, so PostgreSQL can prove the index applies and scan it alone; BENCHMARKS.md, issue 15).
  const where = and(
    s.schools(g),
    gte(g.recordedOn, addDays(s.asOf, -DAILY_LOOKBACK_DAYS)),
    lte(g.recordedOn, s.asOf),
    gateJudged(g),
  );
  // Ordered by day then id, as the finding keeps them.
  const c = await readColumns<{ units: number[]; kinds: string[]; dates: string[][]; ids: number[][] }>(
    s.db,
    sql`select ${column(sql`x.school_id`, 'units')}, ${column(sql`x.kind`, 'kinds')}, ${column(sql`x.days`, 'dates')}, ${column(sql`x.ids`, 'ids')}
        from (select ${g.schoolId} as school_id, ${g.kind} as kind, ${dayArray(g.recordedOn, sql`${g.recordedOn}, ${g.id}`)} as days, array_agg(${g.id} order by ${g.recordedOn}, ${g.id}) as ids
              from ${g} where ${where} group by ${g.schoolId}, ${g.kind}) x`,
    ['dates'],
  );
  const days: EntryDays[] = (out.records.entryDays ??= []);
  for (let i = 0; i < c.units.length; i++) days.push({ ledger: 'gate', tag: c.kinds[i] === 'visitor' ? 'visitor_unescorted' : 'guard_post', unitId: c.units[i], dates: c.dates[i], ids: c.ids[i] });
}
