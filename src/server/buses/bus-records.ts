// The compliance reader of the school bus ledger (校车台账, 001 item 14, 000 Q1 task; issue 15 item 5):
// the recorded buses, the drivers on duty and the pre-trip checks of the schools being evaluated, as
// the engine's plain records (src/domain/rules/records.ts, LedgerRecordsB). Registered in
// compliance/ledger-readers.ts.
import { and, eq, gte, lte } from 'drizzle-orm';
import type { BackgroundResult } from '../../domain/buses.js';
import { addDays } from '../../domain/dates.js';
import { busChecks, busDrivers, schoolBuses } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';

export async function readSchoolBuses(s: ReadScope, out: EngineRecords, lookbackDays: number) {
  const buses = await s.db
    .select({ id: schoolBuses.id, unitId: schoolBuses.schoolId, plate: schoolBuses.plate, inService: schoolBuses.inService, servesFrom: schoolBuses.servesFrom, reviewDueOn: schoolBuses.reviewDueOn, insuranceExpiresOn: schoolBuses.insuranceExpiresOn })
    .from(schoolBuses)
    .where(and(s.schools(schoolBuses), eq(schoolBuses.status, 'recorded')));
  const drivers = await s.db
    .select({ id: busDrivers.id, unitId: busDrivers.schoolId, name: busDrivers.name, licenceExpiresOn: busDrivers.licenceExpiresOn, backgroundCheckedOn: busDrivers.backgroundCheckedOn, backgroundResult: busDrivers.backgroundResult })
    .from(busDrivers)
    .where(and(s.schools(busDrivers), eq(busDrivers.status, 'recorded'), eq(busDrivers.onDuty, true)));
  const checks = await s.db
    .select({ id: busChecks.id, unitId: busChecks.schoolId, busId: busChecks.busId, checkedOn: busChecks.checkedOn })
    .from(busChecks)
    .where(and(s.schools(busChecks), eq(busChecks.status, 'recorded'), gte(busChecks.checkedOn, addDays(s.asOf, -lookbackDays)), lte(busChecks.checkedOn, s.asOf)));
  const b = (out.records.ledgersB ??= {});
  b.buses = buses;
  // A background check dated after the day judged did not exist yet on it.
  b.busDrivers = drivers.map((d) => {
    const known = d.backgroundCheckedOn !== null && d.backgroundCheckedOn <= s.asOf;
    return { ...d, backgroundCheckedOn: known ? d.backgroundCheckedOn : null, backgroundResult: known ? (d.backgroundResult as BackgroundResult | null) : null };
  });
  b.busChecks = checks;
}
