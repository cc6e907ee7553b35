// Access decided in one place: the role → permission table (data, in the roles and role_permissions
// tables), `requireAccess` for permissions, and the unit-tree scope for the where clause of queries.
import { and, eq, like, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Permission, RoleKey, SafetyArea, UnitKind } from '../../contracts/enums.js';
import { safetyAreaLabels } from '../../contracts/enums.js';
import { effectiveAccess, type RoleDef, type RoleScope, type RoleTable } from '../../domain/roles.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.js';
import { auditEvents, campaigns, campaignSchools, drills, hazards, inspectionInspectors, inspections, inspectionTargets, letterSignatures, responsibilityLetters, rolePermissions, roles, units, users } from '../db/schema.js';
import type { HazardActor } from '../../domain/hazard-workflow.js';
import { forbidden } from '../errors.js';

export interface Actor {
  id: number;
  username: string;
  displayName: string;
  districtId: number;
  unitId: number;
  unitName: string;
  unitKind: UnitKind;
  unitPath: string;
  /** The safety areas the person's unit owns (departments). */
  unitAreas: SafetyArea[];
  roles: RoleKey[];
  permissions: Set<Permission>;
  scope: RoleScope;
  mustChangePassword: boolean;
}

export async function loadRoleTable(db: Executor): Promise<RoleTable> {
  const rows = await db.select().from(roles).orderBy(roles.sort);
  const perms = await db.select().from(rolePermissions);
  const table: RoleTable = new Map();
  for (const r of rows) {
    const def: RoleDef = {
      key: r.key as RoleKey,
      name: r.name,
      scope: r.scope as RoleScope,
      unitKinds: r.unitKinds as UnitKind[],
      permissions: perms.filter((p) => p.roleKey === r.key).map((p) => p.permission as Permission),
    };
    table.set(def.key, def);
  }
  return table;
}

export function buildActor(
  table: RoleTable,
  row: Omit<Actor, 'permissions' | 'scope'>,
): Actor {
  const { permissions, scope } = effectiveAccess(table, row.roles);
  return { ...row, permissions, scope };
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requireAccess(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}

/** The units this person may see: the whole district, or their own unit and what lies below it. */
export function unitScope(actor: Actor, u: { districtId: AnyPgColumn; path: AnyPgColumn } = units): SQL {
  return actor.scope !== 'unit' ? eq(u.districtId, actor.districtId) : and(eq(u.districtId, actor.districtId), like(u.path, `${actor.unitPath}%`))!;
}

/** People are seen through their unit: the same scope, on the unit a person belongs to. */
export function userScope(actor: Actor): SQL {
  return actor.scope !== 'unit'
    ? eq(users.districtId, actor.districtId)
    : and(
        eq(users.districtId, actor.districtId),
        sql`${users.unitId} in (select ${units.id} from ${units} where ${units.path} like ${`${actor.unitPath}%`})`,
      )!;
}

/** Audit events are seen through the unit of the person who acted. */
export function auditScope(actor: Actor): SQL {
  return actor.scope !== 'unit'
    ? eq(auditEvents.districtId, actor.districtId)
    : and(eq(auditEvents.districtId, actor.districtId), like(auditEvents.actorUnitPath, `${actor.unitPath}%`))!;
}

/** Whether a unit (by its path and district) is inside the person's scope. */
export function unitInScope(actor: Actor, unit: { districtId: number; path: string }): boolean {
  if (unit.districtId !== actor.districtId) return false;
  return actor.scope !== 'unit' || unit.path.startsWith(actor.unitPath);
}

/**
 * Hazards (and what hangs on them) are seen by school path: the district sees all, a department
 * (areas scope) those of its areas or assigned to it, anyone else those of their subtree.
 */
export function hazardScope(actor: Actor): SQL {
  return hazardScopeWith(actor, (_, value) => sql.param(value));
}

/**
 * `hazardScope` for a statement built once (`preparedOnce`): the same rule with placeholders where
 * the person's values go. `key` tells the three shapes apart; `values` fills them in.
 */
export function hazardScopeOnce(actor: Actor): { key: RoleScope; where: SQL; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const where = hazardScopeWith(actor, (name, value) => {
    values[name] = value;
    return sql.placeholder(name);
  });
  return { key: actor.scope, where, values };
}

/** The rule of both, once: `value` gives the SQL of one of the person's values, a parameter or a placeholder. */
function hazardScopeWith(actor: Actor, value: (name: string, value: unknown) => SQLWrapper): SQL {
  const district = eq(hazards.districtId, value('scopeDistrictId', actor.districtId));
  if (actor.scope === 'district') return district;
  if (actor.scope === 'areas') {
    // An empty list of areas matches no area: the department's own assignments are left.
    const areas = sql`${hazards.area} = any(${value('scopeAreas', actor.unitAreas)}::text[])`;
    return and(district, or(areas, eq(hazards.responsibleDepartmentId, value('scopeUnitId', actor.unitId))))!;
  }
  return and(district, like(hazards.schoolPath, value('scopePathPrefix', `${actor.unitPath}%`)))!;
}

/**
 * The school ledgers (drills …) are seen by school path like units: the district and its
 * departments see every school's, a town its schools', a school its own.
 */
export function drillScope(actor: Actor): SQL {
  const district = eq(drills.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(drills.schoolPath, `${actor.unitPath}%`))!;
}

/**
 * Any ledger scoped like the drills (district_id + school_path): staff, trainings, safety
 * meetings, insurance policies.
 */
export function schoolLedgerScope(actor: Actor, t: { districtId: AnyPgColumn; schoolPath: AnyPgColumn }): SQL {
  const district = eq(t.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(t.schoolPath, `${actor.unitPath}%`))!;
}

/**
 * Responsibility letters (000 item 1): the bureau's letter is seen by every unit of the district,
 * which all sign it; a school's letter to its staff like the school's other ledgers.
 */
export function letterScope(actor: Actor): SQL {
  const district = eq(responsibilityLetters.districtId, actor.districtId);
  if (actor.scope !== 'unit') return district;
  return and(district, or(eq(responsibilityLetters.level, 'bureau_to_unit'), like(responsibilityLetters.issuerPath, `${actor.unitPath}%`)))!;
}

/** Signatures of letters are seen by the signing unit's place in the tree. */
export function letterSignatureScope(actor: Actor): SQL {
  const district = eq(letterSignatures.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(letterSignatures.unitPath, `${actor.unitPath}%`))!;
}

/**
 * Acting on a missed compliance finding (督办): who oversees schools — the bureau's administrator, a
 * department, a town — with 'compliance.act'; a school does not oversee itself. Opening a hazard
 * also takes 'hazard.report', and a department (areas scope) opens hazards only in the areas it
 * owns, the register it sees. Returns the reason refused, or null when allowed.
 */
export function complianceActionRefusal(actor: Actor, action: 'hazard' | 'notice', area: SafetyArea): string | null {
  if (!can(actor, 'compliance.act') || actor.unitKind === 'school') return '您的角色没有督办未达标项的权限';
  if (action === 'notice') return null;
  if (!can(actor, 'hazard.report')) return '您的角色没有上报隐患的权限';
  if (actor.scope === 'areas' && !actor.unitAreas.includes(area)) return `“${safetyAreaLabels[area]}”不是本科室负责的领域：隐患请由主管科室或教育局生成，您可以改发整改通知`;
  return null;
}

/** Files: those of units in the person's scope, and what they uploaded themselves. */
export function fileInScope(actor: Actor, file: { districtId: number; unitPath: string; uploadedBy: number }): boolean {
  return file.districtId === actor.districtId && (file.uploadedBy === actor.id || unitInScope(actor, { districtId: file.districtId, path: file.unitPath }));
}

/**
 * Inspections: the district (and departments, who see every school) see all of the district;
 * anyone else those organised in their subtree, those whose inspectors come from it (cross
 * checks), those naming them as an inspector, and those checking a school of their subtree —
 * except an unannounced check (四不两直), which its target cannot see before it has started.
 */
export function inspectionScope(actor: Actor): SQL {
  const district = eq(inspections.districtId, actor.districtId);
  if (actor.scope !== 'unit') return district;
  const sub = `${actor.unitPath}%`;
  const inSubtree = (col: typeof inspections.organizerUnitId | typeof inspections.inspectorUnitId) =>
    sql`${col} in (select ${units.id} from ${units} where ${units.path} like ${sub})`;
  return and(
    district,
    or(
      inSubtree(inspections.organizerUnitId),
      inSubtree(inspections.inspectorUnitId),
      sql`exists (select 1 from ${inspectionInspectors} where ${inspectionInspectors.inspectionId} = ${inspections.id} and ${inspectionInspectors.userId} = ${actor.id})`,
      and(
        sql`not (${inspections.kind} = 'unannounced' and ${inspections.status} = 'planned')`,
        sql`exists (select 1 from ${inspectionTargets} where ${inspectionTargets.inspectionId} = ${inspections.id} and ${inspectionTargets.schoolPath} like ${sub})`,
      ),
    ),
  )!;
}

/**
 * Campaigns (专项整治): the district and its departments see every campaign of the district; a
 * town or school those that include it — all schools, or one of the chosen schools in its subtree.
 */
export function campaignScope(actor: Actor): SQL {
  const district = eq(campaigns.districtId, actor.districtId);
  if (actor.scope !== 'unit') return district;
  return and(
    district,
    or(
      eq(campaigns.allSchools, true),
      sql`exists (select 1 from ${campaignSchools} join ${units} on ${units.id} = ${campaignSchools.schoolId} where ${campaignSchools.campaignId} = ${campaigns.id} and ${units.path} like ${`${actor.unitPath}%`})`,
    ),
  )!;
}

/** The schools of a campaign the person sees: the campaign's schools, within their subtree for a town or school. */
export function campaignSchoolScope(actor: Actor, campaign: { id: number; districtId: number; allSchools: boolean }): SQL {
  const conds: SQL[] = [eq(units.districtId, campaign.districtId), eq(units.kind, 'school'), eq(units.status, 'active')];
  if (!campaign.allSchools) conds.push(sql`${units.id} in (select ${campaignSchools.schoolId} from ${campaignSchools} where ${campaignSchools.campaignId} = ${campaign.id})`);
  if (actor.scope === 'unit') conds.push(like(units.path, `${actor.unitPath}%`));
  return and(...conds)!;
}

/** The person as the hazard workflow sees them. */
export function hazardActorOf(actor: Actor): HazardActor {
  return {
    userId: actor.id,
    permissions: actor.permissions,
    scope: actor.scope,
    unitKind: actor.unitKind,
    unitId: actor.unitId,
    unitPath: actor.unitPath,
    areas: actor.unitAreas,
  };
}
