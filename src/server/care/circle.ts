// The care circle (issue 16): inside a school, access to students of concern is narrower than the
// school. The principal (care.manage, by role) and the care staff the principal names (care_staff,
// a grant to one person) keep the school's whole ledger; a carer (包靠人) sees the students assigned
// to them. Anyone else — the safety officer, other teachers, towns, the bureau — finds nothing:
// 404, as for another school's record. Counts go upward through care.summary, names never.
import { and, eq, exists, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { CareRole } from '../../contracts/care.js';
import { can, userScope, type Actor } from '../access/access.js';
import type { Executor } from '../db/client.js';
import { careCarers, careRecords, careStaff, units, users } from '../db/schema.js';
import { fieldError, notFound } from '../errors.js';

export interface Circle {
  /** Schools whose whole ledger the person keeps, with why. */
  full: Map<number, Exclude<CareRole, 'carer'>>;
}

export async function circleOf(db: Executor, actor: Actor): Promise<Circle> {
  const full = new Map<number, Exclude<CareRole, 'carer'>>();
  if (can(actor, 'care.manage') && actor.unitKind === 'school') full.set(actor.unitId, 'principal');
  const granted = await db
    .select({ schoolId: careStaff.schoolId })
    .from(careStaff)
    .where(and(eq(careStaff.userId, actor.id), eq(careStaff.districtId, actor.districtId), isNull(careStaff.revokedAt)));
  for (const g of granted) if (!full.has(g.schoolId)) full.set(g.schoolId, 'care_staff');
  return { full };
}

export const fullSchools = (c: Circle) => [...c.full.keys()];

/** The person is a carer of the record. */
export const isCarerOf = (actor: Actor) =>
  exists(sql`(select 1 from ${careCarers} where ${careCarers.recordId} = ${careRecords.id} and ${careCarers.userId} = ${actor.id})`);

/** The records the person may see: their full schools', and those they are a carer of. */
export function recordCircle(actor: Actor, c: Circle): SQL {
  const schools = fullSchools(c);
  const mine = isCarerOf(actor);
  return and(eq(careRecords.districtId, actor.districtId), schools.length ? or(inArray(careRecords.schoolId, schools), mine) : mine)!;
}

/** The school a record is created for: one the person keeps whole, else 404 (as if absent). */
export async function circleSchool(db: Executor, actor: Actor, c: Circle, schoolId: number) {
  if (!c.full.has(schoolId)) throw notFound('学校');
  const [s] = await db.select({ id: units.id, path: units.path, name: units.name, stage: units.stage }).from(units).where(and(eq(units.id, schoolId), eq(units.districtId, actor.districtId)));
  if (!s) throw notFound('学校');
  return s;
}

/**
 * People named as carers or care staff: staff of the school (active users of that unit). Outside
 * the person's scope → 404 (references.ts convention); in scope but not of this school or not
 * active → 400 naming the field.
 */
export async function schoolStaffRefs(db: Executor, actor: Actor, schoolId: number, ids: readonly number[], field: string): Promise<Array<{ id: number; displayName: string }>> {
  const want = [...new Set(ids)];
  if (!want.length) return [];
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, unitId: users.unitId, status: users.status })
    .from(users)
    .where(and(inArray(users.id, want), userScope(actor)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of want) {
    const u = byId.get(id);
    if (!u) throw notFound('人员');
    if (u.unitId !== schoolId || u.status !== 'active') throw fieldError(field, `${u.displayName}不是本校在职教职工，不能担任${field === 'carerIds' ? '包靠人' : '关爱专干'}`);
  }
  return want.map((id) => ({ id, displayName: byId.get(id)!.displayName }));
}
