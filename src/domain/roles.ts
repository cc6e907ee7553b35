import type { Permission, RoleKey, UnitKind } from '../contracts/enums.js';

/**
 * 'district': the whole district; 'areas': every school of the district, but for area-bearing
 * records (hazards) only the safety areas the person's department owns; 'unit': the person's own
 * unit and what lies below it. Wider first.
 */
export type RoleScope = 'district' | 'areas' | 'unit';
const scopeRank: Record<RoleScope, number> = { district: 2, areas: 1, unit: 0 };
export interface RoleDef {
  key: RoleKey;
  name: string;
  scope: RoleScope;
  unitKinds: UnitKind[];
  permissions: Permission[];
}
export type RoleTable = Map<RoleKey, RoleDef>;

/** The union of a person's roles: permissions add up, and the widest scope wins. */
export function effectiveAccess(table: RoleTable, roles: RoleKey[]): { permissions: Set<Permission>; scope: RoleScope } {
  const permissions = new Set<Permission>();
  let scope: RoleScope = 'unit';
  for (const key of roles) {
    const role = table.get(key);
    if (!role) continue;
    role.permissions.forEach((p) => permissions.add(p));
    if (scopeRank[role.scope] > scopeRank[scope]) scope = role.scope;
  }
  return { permissions, scope };
}

/**
 * Why a person may not hand out a role, or null when they may. Nobody grants more than they hold:
 * the role's permissions must be among the granter's, its scope no wider, and the role must fit
 * the kind of unit the person belongs to (a principal sits in a school, a town officer in a town).
 */
export function grantRefusal(
  table: RoleTable,
  granter: { permissions: Set<Permission>; scope: RoleScope },
  roleKey: RoleKey,
  unitKind: UnitKind,
): string | null {
  const role = table.get(roleKey);
  if (!role) return `未知角色：${roleKey}`;
  if (!role.unitKinds.includes(unitKind)) return `角色“${role.name}”不适用于该类单位`;
  if (scopeRank[role.scope] > scopeRank[granter.scope]) return `无权授予角色“${role.name}”`;
  if (role.permissions.some((p) => !granter.permissions.has(p))) return `无权授予角色“${role.name}”`;
  return null;
}
