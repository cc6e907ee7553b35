import { writeAudit } from './audit/audit.js';
import { hashPassword, oneTimePassword } from './auth/passwords.js';
import { ensureBuiltinChecklists } from './checklists/checklists.service.js';
import { ensureDefaultRulePack } from './rules/rules.service.js';
import type { Db } from './db/client.js';
import { districts, units, userRoles, users } from './db/schema.js';
import { isEmpty, loadDemoDistrict } from './demo/district.js';
import { loadDemoHazards } from './demo/hazards.js';
import { loadDemoCampaign } from './demo/campaign.js';
import { loadDemoLedgers } from './demo/ledgers.js';
import { loadDemoSchoolLedgers } from './demo/school-ledgers.js';
import { loadDemoLetters } from './demo/letters.js';
import { loadDemoDuty } from './demo/duty.js';
import { loadDemoSecurityProfiles } from './demo/security.js';
import { loadDemoAccountability } from './demo/accountability.js';
import { loadDemoRisks } from './demo/risks.js';
import { loadDemoAssessment } from './demo/assessment.js';
import { loadDemoIncidents } from './demo/incidents.js';
import { loadDemoCare } from './demo/care.js';
import { loadDemoPlans } from './demo/plans.js';
import { loadDemoSchoolLife } from './demo/school-life.js';
import { loadDemoLedgersB } from './demo/ledgers-b.js';
import { loadDemoStaffChecks } from './demo/staff-checks.js';
import { loadDemoNetworkSecurity } from './demo/network-security.js';
import { loadDemoBuses } from './demo/buses.js';
import { loadDemoFireStandard } from './demo/fire-standard.js';
import { loadDemoDisputes } from './demo/disputes.js';
import { loadDemoOpinion } from './demo/opinion.js';
import { loadDemoBuildings } from './demo/buildings.js';
import { loadDemoWarnings } from './demo/warnings.js';
import { loadDemoBullying } from './demo/bullying.js';
import { loadDemoEmergencyPlans } from './demo/emergency-plans.js';
import { loadDemoDrowning } from './demo/drowning.js';
import { loadDemoVideoPatrol } from './demo/video-patrol.js';
import { loadDemoInspectionSchedules } from './demo/inspection-schedules.js';
import { loadDemoBudget } from './demo/budget.js';
import { loadDemoFamilyLetters } from './demo/family-letters.js';
import type { FileStorage } from './files/storage.js';
import { eq } from 'drizzle-orm';

export type BootstrapResult =
  | { kind: 'existing' }
  | { kind: 'demo' }
  | { kind: 'admin'; username: string; password: string };

/**
 * Fills an empty database: the demo district when demo is on; otherwise one bureau and its
 * administrator `admin` with a one-time password that must be changed at first login.
 */
export async function bootstrap(db: Db, demo: boolean, storage: FileStorage | null = null): Promise<BootstrapResult> {
  if (!(await isEmpty(db))) return { kind: 'existing' };
  if (demo) {
    const { districtId } = await loadDemoDistrict(db);
    await loadDemoHazards(db, districtId, new Date(), storage);
    await loadDemoCampaign(db, districtId, new Date());
    await loadDemoLedgers(db, districtId, new Date());
    await loadDemoSchoolLedgers(db, districtId, new Date());
    await loadDemoLetters(db, districtId, new Date(), storage);
    await loadDemoDuty(db, districtId, new Date());
    await loadDemoSecurityProfiles(db, districtId, new Date());
    await loadDemoAccountability(db, districtId, new Date());
    await loadDemoRisks(db, districtId, new Date());
    await loadDemoAssessment(db, districtId, new Date());
    await loadDemoIncidents(db, districtId, new Date());
    await loadDemoCare(db, districtId, new Date());
    await loadDemoPlans(db, districtId, new Date());
    await loadDemoSchoolLife(db, districtId, new Date());
    await loadDemoLedgersB(db, districtId, new Date(), storage);
    await loadDemoStaffChecks(db, districtId, new Date());
    await loadDemoNetworkSecurity(db, districtId, new Date());
    await loadDemoBuses(db, districtId, new Date());
    await loadDemoFireStandard(db, districtId, new Date());
    await loadDemoDisputes(db, districtId, new Date());
    await loadDemoOpinion(db, districtId, new Date());
    await loadDemoBuildings(db, districtId, new Date());
    await loadDemoBullying(db, districtId, new Date());
    await loadDemoEmergencyPlans(db, districtId, new Date());
    await loadDemoWarnings(db, districtId, new Date());
    await loadDemoDrowning(db, districtId, new Date());
    await loadDemoVideoPatrol(db, districtId, new Date());
    await loadDemoInspectionSchedules(db, districtId, new Date());
    await loadDemoBudget(db, districtId, new Date());
    await loadDemoFamilyLetters(db, districtId, new Date());
    return { kind: 'demo' };
  }
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [district] = await tx.insert(districts).values({ code: 'district', name: '本区' }).returning();
    const [bureau] = await tx.insert(units).values({ districtId: district.id, kind: 'bureau', name: '区教育局', path: '' }).returning();
    await tx.update(units).set({ path: `/${bureau.id}/` }).where(eq(units.id, bureau.id));
    const [admin] = await tx
      .insert(users)
      .values({ districtId: district.id, unitId: bureau.id, username: 'admin', displayName: '系统管理员', passwordHash, mustChangePassword: true })
      .returning();
    await tx.insert(userRoles).values({ userId: admin.id, roleKey: 'bureau_admin' });
    await writeAudit(tx, { actor: null, ip: null }, {
      action: 'create',
      objectType: 'user',
      objectId: admin.id,
      districtId: district.id,
      actorName: '系统',
      after: { username: 'admin', roles: ['bureau_admin'] },
    });
    await ensureBuiltinChecklists(tx, district.id);
    await ensureDefaultRulePack(tx, district.id);
  });
  return { kind: 'admin', username: 'admin', password };
}
