import { childKinds, type UnitKind } from '../contracts/enums.js';

export function childPath(parentPath: string, id: number): string {
  return `${parentPath}${id}/`;
}

/** Ids from the root down to the unit itself, read off its materialised path '/1/5/23/'. */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/** Why a unit of this kind cannot sit under that parent, or null. */
export function placementRefusal(parentKind: UnitKind, kind: UnitKind): string | null {
  return childKinds[parentKind].includes(kind) ? null : '该类单位不能设在所选上级单位之下';
}

export interface SchoolAttributes {
  stage?: string | null;
  ownership?: string | null;
  gateCount?: number | null;
  studentCount?: number | null;
}

/** A school's attributes drive later rules (drills, guards): the ones they need must be present. */
export function missingSchoolFields(a: SchoolAttributes): Array<keyof SchoolAttributes> {
  const missing: Array<keyof SchoolAttributes> = [];
  if (!a.stage) missing.push('stage');
  if (!a.ownership) missing.push('ownership');
  if (a.gateCount === null || a.gateCount === undefined) missing.push('gateCount');
  if (a.studentCount === null || a.studentCount === undefined) missing.push('studentCount');
  return missing;
}
