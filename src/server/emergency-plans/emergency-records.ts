// The compliance readers of the emergency plans and supplies (issue 21): the current plans with the
// staff walked through them, the school's current staff (001 item 6 familiarity), and the recorded
// supplies, as the engine's plain records (src/domain/rules/records.ts, LedgerRecordsB). Registered
// in compliance/ledger-readers.ts.
import { and, eq } from 'drizzle-orm';
import type { EmergencyPlanKind } from '../../domain/emergency-plans.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { emergencyPlans, emergencySupplies, staffMembers } from '../db/schema.js';
import { staffPresentOn } from '../staff/staff.service.js';

export async function readEmergencyPlans(s: ReadScope, out: EngineRecords) {
  const [plans, staff] = await Promise.all([
    s.db
      .select({ id: emergencyPlans.id, unitId: emergencyPlans.schoolId, kind: emergencyPlans.kind, approvedOn: emergencyPlans.approvedOn, revisionDue: emergencyPlans.revisionDue, walkedStaffIds: emergencyPlans.walkedStaffIds })
      .from(emergencyPlans)
      .where(and(s.schools(emergencyPlans), eq(emergencyPlans.status, 'recorded'))),
    s.db.select({ id: staffMembers.id, unitId: staffMembers.schoolId }).from(staffMembers).where(and(s.schools(staffMembers), staffPresentOn(s.asOf))),
  ]);
  const b = (out.records.ledgersB ??= {});
  b.emergencyPlans = plans.map((p) => ({ ...p, kind: p.kind as EmergencyPlanKind, current: true }));
  b.emergencyStaff = staff;
}

export async function readEmergencySupplies(s: ReadScope, out: EngineRecords) {
  const rows = await s.db
    .select({ id: emergencySupplies.id, unitId: emergencySupplies.schoolId, item: emergencySupplies.item, quantity: emergencySupplies.quantity, minimum: emergencySupplies.minimum, expiresOn: emergencySupplies.expiresOn })
    .from(emergencySupplies)
    .where(and(s.schools(emergencySupplies), eq(emergencySupplies.status, 'recorded')));
  (out.records.ledgersB ??= {}).emergencySupplies = rows;
}
