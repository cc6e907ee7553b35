// Demo emergency plans, teams and supplies (issue 21): each school with a safety officer holds the
// plans its type requires, a team of two and four supplies; so the screens and the board show
// something, 示范区实验小学 lacks its network security plan, 东湖中学's fire plan is past its revision
// day, and 南山第二小学 has one item under its minimum and one expired.
import { and, asc, eq } from 'drizzle-orm';
import { addDays, addYears, shanghaiDate } from '../../domain/dates.js';
import { defaultRevisionDue, requiredPlanKinds } from '../../domain/emergency-plans.js';
import type { SchoolStage } from '../../contracts/enums.js';
import type { Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { staffMembers, units } from '../db/schema.js';
import { addTeamMember, createEmergencyPlan } from '../emergency-plans/emergency-plans.service.js';
import { createSupply } from '../emergency-supplies/emergency-supplies.service.js';
import { demoPeople } from './people.js';

export const DEMO_PLAN_MISSING = '示范区实验小学';
export const DEMO_PLAN_OVERDUE = '东湖中学';
export const DEMO_SUPPLIES_SHORT = '南山第二小学';

export async function loadDemoEmergencyPlans(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  const today = shanghaiDate(now);
  const ctx = (actor: Actor): Ctx => ({ db, actor, ip: null, roleTable: table, now });

  const schools = await db.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'))).orderBy(asc(units.id));
  const staff = await db.select({ id: staffMembers.id, schoolId: staffMembers.schoolId }).from(staffMembers).where(eq(staffMembers.districtId, districtId)).orderBy(asc(staffMembers.id));
  const approvedOn = addDays(today, -120);
  for (const s of schools) {
    if (s.stage === 'off_campus') continue;
    const officer = people.find((p) => p.unitId === s.id && rolesOf(p.id).includes('school_safety_officer'));
    if (!officer) continue;
    const c = ctx(actorOf(officer));
    const mine = staff.filter((x) => x.schoolId === s.id).map((x) => x.id);
    for (const kind of requiredPlanKinds({ stage: s.stage as SchoolStage, boarding: s.boarding, schoolBus: s.schoolBus })) {
      if (s.name === DEMO_PLAN_MISSING && kind === 'network_security') continue;
      const overdue = s.name === DEMO_PLAN_OVERDUE && kind === 'fire';
      const on = overdue ? addYears(today, -3) : approvedOn;
      await createEmergencyPlan(c, {
        schoolId: s.id,
        kind,
        edition: `${on.slice(0, 4)}版`,
        approvedBy: '校长',
        approvedOn: on,
        revisionDue: overdue ? addDays(today, -20) : defaultRevisionDue(kind, on),
        rescueForces: [
          { forceKind: 'police', name: '辖区派出所', contact: '社区民警', phone: '0531-88000110' },
          { forceKind: 'fire', name: '辖区消防救援站', contact: '值班员', phone: '0531-88000119' },
          { forceKind: 'hospital', name: '区人民医院', contact: '急诊科', phone: '0531-88000120' },
        ],
        walkedStaffIds: mine,
        walkedOn: mine.length ? addDays(on, 10) : null,
        fileIds: [],
      });
    }
    const roles = ['commander', 'evacuation'] as const;
    for (const [i, id] of mine.slice(0, 2).entries()) await addTeamMember(c, { schoolId: s.id, staffMemberId: id, teamRole: roles[i], duty: null, phone: null, fileIds: [] });
    const short = s.name === DEMO_SUPPLIES_SHORT;
    const items = [
      { itemName: '应急手电筒', quantity: short ? 4 : 30, unit: '只', minimum: 20, expiresOn: null },
      { itemName: '急救包', quantity: 10, unit: '个', minimum: 5, expiresOn: short ? addDays(today, -15) : addYears(today, 1) },
      { itemName: '灭火毯', quantity: 12, unit: '条', minimum: 10, expiresOn: addYears(today, 3) },
      { itemName: '防汛沙袋', quantity: 100, unit: '个', minimum: 50, expiresOn: null },
    ];
    for (const it of items) await createSupply(c, { schoolId: s.id, depot: '应急物资储备室', shelf: '一楼储藏间', purchasedOn: addDays(today, -400) < (it.expiresOn ?? '9999') ? addDays(today, -400) : null, fileIds: [], ...it });
  }
}
