// What the rule engine reads from the food safety ledger (food.*, 000 item 7, 001 item 17, 002 area 3):
// the recorded daily controls, weekly checks, monthly dispatches and accompanied meals of the last
// months, every certificate still in force within the lookback, and the platform states, tagged for
// the general 'entries' measure (src/domain/rules/entries.ts).
import { and, eq, gte, lte, or } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EntryRecord } from '../../domain/rules/records.js';
import { foodRecords } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { certificateTypeLabels, type CertificateType } from '../../contracts/food.js';

/** Monthly rules judge this month and the last of term (the summer holiday between): 200 days are plenty. */
export const DAILY_LOOKBACK_DAYS = 200;

export async function readFoodEntries(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  const f = foodRecords;
  const from = addDays(s.asOf, -DAILY_LOOKBACK_DAYS);
  const rows = await s.db
    .select({
      id: f.id,
      unitId: f.schoolId,
      kind: f.kind,
      date: f.recordedOn,
      person: f.person,
      certificateType: f.certificateType,
      expiresOn: f.expiresOn,
      bright: f.brightKitchenOnline,
      trace: f.traceabilityOnline,
    })
    .from(f)
    .where(
      and(
        s.schools(f),
        eq(f.status, 'recorded'),
        lte(f.recordedOn, s.asOf),
        or(
          gte(f.recordedOn, from),
          // A certificate lasts years, a platform state until the next one.
          and(eq(f.kind, 'certificate'), gte(f.expiresOn, addDays(s.asOf, -lookbackDays))),
          and(eq(f.kind, 'platform_status'), gte(f.recordedOn, addDays(s.asOf, -lookbackDays))),
        ),
      ),
    );
  const entries: EntryRecord[] = (out.records.entries ??= []);
  for (const r of rows) {
    const base = { id: r.id, unitId: r.unitId, ledger: 'food_safety' as const, date: r.date };
    if (r.kind === 'certificate') {
      entries.push({ ...base, tag: 'certificate', expiresOn: r.expiresOn, key: `${r.person} ${certificateTypeLabels[r.certificateType as CertificateType] ?? ''}`.trim() });
    } else if (r.kind === 'platform_status') {
      entries.push({ ...base, tag: 'bright_kitchen', flag: r.bright }, { ...base, tag: 'traceability', flag: r.trace });
    } else {
      entries.push({ ...base, tag: r.kind });
    }
  }
}
