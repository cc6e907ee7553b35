// Row checks for the Excel import of units and people: the rules of the create endpoints (zod
// field schemas, placement in the tree, school attributes, grantable roles) applied to every row
// of a file, plus what only a file has (names repeated inside it, parents given by name).
// Pure: the lookups the checks need (existing units, taken usernames, the grant rule) come in as
// data, loaded by the server in a few queries.
import { z } from 'zod';
import { phoneSchema } from '../contracts/common.js';
import { zhErrorMap } from '../contracts/zod-zh.js';
import {
  ownershipLabels,
  roleLabels,
  safetyAreaLabels,
  schoolStageLabels,
  unitKindLabels,
  type Ownership,
  type RoleKey,
  type SafetyArea,
  type SchoolStage,
  type UnitKind,
} from '../contracts/enums.js';
import { unitImportColumns, userImportColumns, type UnitImportColumn, type UserImportColumn } from '../contracts/imports.js';
import { unitFields } from '../contracts/units.js';
import { createUserBody, usernameSchema } from '../contracts/users.js';
import { passwordProblems } from './password.js';
import { missingSchoolFields, placementRefusal, type SchoolAttributes } from './units.js';

/** A cell as read from the sheet: blank cells are null. */
export type Cell = string | number | boolean | null;
/** One data row: its Excel row number and its cells keyed by column header. */
export interface SheetRow {
  row: number;
  cells: Record<string, Cell>;
}
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** The columns of `expected` that the header row lacks. */
export function missingColumns(expected: readonly string[], headers: readonly string[]): string[] {
  const have = new Set(headers.map((h) => h.trim()));
  return expected.filter((c) => !have.has(c));
}

// ---- cells ---------------------------------------------------------------------------------

// zod's messages in Chinese, with length limits said the way a person says them.
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'too_big' && iss.origin === 'string') return `最多 ${iss.maximum} 个字符`;
  if (iss.code === 'too_small' && iss.origin === 'string') return `至少 ${iss.minimum} 个字符`;
  return zhErrorMap(iss);
};

/** The first problem zod finds with a value, or null. */
export function zodProblem(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value, { error: errorMap });
  return r.success ? null : (r.error.issues[0]?.message ?? '格式不正确');
}

export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'boolean') return c ? '是' : '否';
  return String(c).trim();
}

/** Splits a list cell written with 、 (or commas, semicolons, spaces). */
export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function byLabel<K extends string>(labels: Record<K, string>, only?: readonly K[]): Map<string, K> {
  const keys = (only ?? (Object.keys(labels) as K[])) as K[];
  return new Map(keys.map((k) => [labels[k], k]));
}
export const listOf = (labels: Iterable<string>) => [...labels].join('、');

const YES = new Set(['是', 'Y', 'y', 'TRUE', 'true']);
const NO = new Set(['否', 'N', 'n', 'FALSE', 'false']);

/** 是/否; blank is 否. */
function yesNo(c: Cell | undefined): boolean | 'bad' {
  if (typeof c === 'boolean') return c;
  const t = cellText(c);
  if (!t || NO.has(t)) return false;
  if (YES.has(t)) return true;
  return 'bad';
}

/** A whole number in 0..max, blank as null. */
function count(c: Cell | undefined, max: number): number | null | 'bad' {
  const t = cellText(c);
  if (!t) return null;
  const n = typeof c === 'number' ? c : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= max ? n : 'bad';
}

/** Collects the errors of one row, in column order at the end. */
export class RowErrors {
  readonly list: RowError[] = [];
  private readonly bad = new Set<string>();
  constructor(readonly row: number) {}
  add(column: string, message: string) {
    this.list.push({ row: this.row, column, message });
    this.bad.add(column);
  }
  has(column: string) {
    return this.bad.has(column);
  }
}

export function sortErrors(errors: RowError[], columns: readonly string[]): RowError[] {
  const at = (c: string) => {
    const i = columns.indexOf(c);
    return i < 0 ? columns.length : i;
  };
  return errors.sort((a, b) => a.row - b.row || at(a.column) - at(b.column));
}

// ---- units ---------------------------------------------------------------------------------

/** The kinds an import may create: the bureau itself is set up once, not imported. */
export const importableUnitKinds = ['department', 'town', 'school'] as const satisfies readonly UnitKind[];

const unitKindByLabel = byLabel(unitKindLabels, importableUnitKinds);
const stageByLabel = byLabel(schoolStageLabels);
const ownershipByLabel = byLabel(ownershipLabels);
const areaByLabel = byLabel(safetyAreaLabels);

/** A unit already in the district, as the checks need it. */
export interface ExistingUnit {
  id: number;
  kind: UnitKind;
  status: string;
  path: string;
  /** Inside the importing person's scope: only such a unit may be a parent. */
  inScope: boolean;
}

export interface UnitValues {
  name: string;
  kind: UnitKind;
  code: string | null;
  stage: SchoolStage | null;
  ownership: Ownership | null;
  boarding: boolean;
  schoolBus: boolean;
  rural: boolean;
  gateCount: number | null;
  studentCount: number | null;
  staffCount: number | null;
  address: string | null;
  principalName: string | null;
  contactPhone: string | null;
  areas: SafetyArea[];
}

export interface UnitDraft {
  row: number;
  /** An existing unit, or a unit on an earlier row of the same file. */
  parent: { unit: ExistingUnit } | { row: number };
  values: UnitValues;
}

const schoolColumn: Record<keyof SchoolAttributes, UnitImportColumn> = {
  stage: '学段',
  ownership: '办学性质',
  gateCount: '校门数',
  studentCount: '学生数',
};

/**
 * Checks every unit row. A parent is named: an existing unit in scope, or a unit on an earlier
 * row (so a town and its schools can come in one file). Names are unique in the district.
 */
export function validateUnitRows(rows: readonly SheetRow[], existing: ReadonlyMap<string, ExistingUnit>): { errors: RowError[]; drafts: UnitDraft[] } {
  const errors: RowError[] = [];
  const drafts: UnitDraft[] = [];
  // Names in the file: the first row that has each, and its kind (null when its kind is wrong).
  const firstRow = new Map<string, { row: number; kind: UnitKind | null }>();
  for (const r of rows) {
    const name = cellText(r.cells['单位名称']);
    const kind = unitKindByLabel.get(cellText(r.cells['单位类型'])) ?? null;
    if (name && !firstRow.has(name)) firstRow.set(name, { row: r.row, kind });
  }

  for (const r of rows) {
    const e = new RowErrors(r.row);
    const cell = (c: UnitImportColumn) => r.cells[c];
    const text = (c: UnitImportColumn) => cellText(cell(c));
    const optionalText = (c: UnitImportColumn, schema: z.ZodType) => {
      const t = text(c);
      if (!t) return null;
      const problem = zodProblem(schema, t);
      if (problem) e.add(c, problem);
      return t;
    };

    const name = text('单位名称');
    if (!name) e.add('单位名称', '请填写单位名称');
    else {
      const problem = zodProblem(unitFields.shape.name, name);
      if (problem) e.add('单位名称', problem);
      else if (existing.has(name)) e.add('单位名称', `本区已有名为“${name}”的单位`);
      else if (firstRow.get(name)!.row !== r.row) e.add('单位名称', `与第 ${firstRow.get(name)!.row} 行的单位重名`);
    }

    const kindText = text('单位类型');
    const kind = unitKindByLabel.get(kindText) ?? null;
    if (!kindText) e.add('单位类型', '请填写单位类型');
    else if (!kind) e.add('单位类型', `单位类型只能是：${listOf(unitKindByLabel.keys())}`);

    const code = optionalText('编码', unitFields.shape.code);

    const stageText = text('学段');
    const stage = stageText ? (stageByLabel.get(stageText) ?? null) : null;
    if (stageText && !stage) e.add('学段', `学段只能是：${listOf(stageByLabel.keys())}`);

    const ownershipText = text('办学性质');
    const ownership = ownershipText ? (ownershipByLabel.get(ownershipText) ?? null) : null;
    if (ownershipText && !ownership) e.add('办学性质', `办学性质只能是：${listOf(ownershipByLabel.keys())}`);

    const flag = (c: UnitImportColumn) => {
      const v = yesNo(cell(c));
      if (v === 'bad') {
        e.add(c, '只能填“是”或“否”');
        return false;
      }
      return v;
    };
    const boarding = flag('寄宿制');
    const schoolBus = flag('使用校车');
    const rural = flag('农村学校');

    const number = (c: UnitImportColumn, max: number) => {
      const v = count(cell(c), max);
      if (v === 'bad') {
        e.add(c, `须为 0 到 ${max} 之间的整数`);
        return null;
      }
      return v;
    };
    const gateCount = number('校门数', 50);
    const studentCount = number('学生数', 100000);
    const staffCount = number('教职工数', 20000);

    const address = optionalText('地址', unitFields.shape.address);
    const principalName = optionalText('校长', unitFields.shape.principalName);
    const contactPhone = optionalText('联系电话', phoneSchema);

    const areas: SafetyArea[] = [];
    const unknownAreas: string[] = [];
    for (const label of splitList(text('负责安全领域'))) {
      const a = areaByLabel.get(label);
      if (a) {
        if (!areas.includes(a)) areas.push(a);
      } else unknownAreas.push(label);
    }
    if (unknownAreas.length) {
      e.add('负责安全领域', `未知的安全领域：${listOf(unknownAreas)}；可选：${listOf(areaByLabel.keys())}`);
    }

    // What a school needs (the same rule as creating one), unless the cell was already reported.
    if (kind === 'school') {
      for (const m of missingSchoolFields({ stage, ownership, gateCount, studentCount })) {
        const column = schoolColumn[m];
        if (!e.has(column)) e.add(column, '学校必须填写此项');
      }
    }

    let parent: UnitDraft['parent'] | null = null;
    const parentName = text('上级单位');
    if (!parentName) e.add('上级单位', '请填写上级单位');
    else if (parentName === name) e.add('上级单位', '上级单位不能是本单位');
    else {
      const found = existing.get(parentName);
      const inFile = firstRow.get(parentName);
      let parentKind: UnitKind | null = null;
      if (found && found.inScope) {
        if (found.status !== 'active') e.add('上级单位', `上级单位“${parentName}”已停用`);
        parent = { unit: found };
        parentKind = found.kind;
      } else if (inFile && inFile.row < r.row) {
        parent = { row: inFile.row };
        parentKind = inFile.kind;
      } else if (inFile) {
        e.add('上级单位', `上级单位“${parentName}”在第 ${inFile.row} 行，须排在本行之前`);
      } else {
        // Outside the person's scope reads exactly like not there.
        e.add('上级单位', `上级单位“${parentName}”不存在或无权访问`);
      }
      if (kind && parentKind && placementRefusal(parentKind, kind)) {
        e.add('上级单位', `${unitKindLabels[kind]}不能设在${unitKindLabels[parentKind]}“${parentName}”之下`);
      }
    }

    if (e.list.length) {
      errors.push(...e.list);
      continue;
    }
    const school = kind === 'school';
    drafts.push({
      row: r.row,
      parent: parent!,
      values: {
        name,
        kind: kind!,
        code,
        // Attributes that mean nothing for the kind are dropped, as when creating a unit by hand.
        stage: school ? stage : null,
        ownership: school ? ownership : null,
        boarding: school && boarding,
        schoolBus: school && schoolBus,
        rural: school && rural,
        gateCount: school ? gateCount : null,
        studentCount: school ? studentCount : null,
        staffCount: school ? staffCount : null,
        address,
        principalName,
        contactPhone,
        areas: kind === 'department' ? areas : [],
      },
    });
  }
  return { errors: sortErrors(errors, unitImportColumns), drafts };
}

// ---- people --------------------------------------------------------------------------------

const roleByLabel = byLabel(roleLabels);

/** A unit a person may be placed in, keyed by name in the lookup. */
export interface PlacementUnit {
  id: number;
  kind: UnitKind;
  status: string;
  inScope: boolean;
}

export interface UserLookups {
  units: ReadonlyMap<string, PlacementUnit>;
  /** Usernames already taken, lower-cased (usernames are unique regardless of case). */
  takenUsernames: ReadonlySet<string>;
  /** Why the importing person may not grant this role in a unit of this kind, or null. */
  grantRefusal: (role: RoleKey, unitKind: UnitKind) => string | null;
  /** The password every imported account starts with, if one is set. */
  initialPassword?: string | null;
}

export interface UserDraft {
  row: number;
  username: string;
  displayName: string;
  phone: string | null;
  unitId: number;
  roles: RoleKey[];
}

/** The usernames of the rows, trimmed and lower-cased: what to look up before checking. */
export function rowUsernames(rows: readonly SheetRow[]): string[] {
  return [...new Set(rows.map((r) => cellText(r.cells['用户名']).toLowerCase()).filter(Boolean))];
}

export function validateUserRows(rows: readonly SheetRow[], lookups: UserLookups): { errors: RowError[]; drafts: UserDraft[] } {
  const errors: RowError[] = [];
  const drafts: UserDraft[] = [];
  const firstRow = new Map<string, number>();

  for (const r of rows) {
    const e = new RowErrors(r.row);
    const text = (c: UserImportColumn) => cellText(r.cells[c]);

    const username = text('用户名');
    if (!username) e.add('用户名', '请填写用户名');
    else {
      const problem = zodProblem(usernameSchema, username);
      const key = username.toLowerCase();
      const seen = firstRow.get(key);
      if (problem) e.add('用户名', problem);
      else if (lookups.takenUsernames.has(key)) e.add('用户名', `用户名“${username}”已被使用`);
      else if (seen !== undefined) e.add('用户名', `与第 ${seen} 行的用户名重复`);
      else if (lookups.initialPassword && passwordProblems(lookups.initialPassword, username).length) {
        e.add('用户名', '初始密码不能与用户名相同');
      }
      if (seen === undefined) firstRow.set(key, r.row);
    }

    const displayName = text('姓名');
    if (!displayName) e.add('姓名', '请填写姓名');
    else {
      const problem = zodProblem(createUserBody.shape.displayName, displayName);
      if (problem) e.add('姓名', problem);
    }

    const phone = text('联系电话') || null;
    if (phone) {
      const problem = zodProblem(phoneSchema, phone);
      if (problem) e.add('联系电话', problem);
    }

    const unitName = text('所属单位');
    const unit = unitName ? lookups.units.get(unitName) : undefined;
    if (!unitName) e.add('所属单位', '请填写所属单位');
    else if (!unit || !unit.inScope) e.add('所属单位', `所属单位“${unitName}”不存在或无权访问`);
    else if (unit.status !== 'active') e.add('所属单位', `所属单位“${unitName}”已停用`);

    const roles: RoleKey[] = [];
    const labels = splitList(text('角色'));
    const unknown = labels.filter((l) => !roleByLabel.has(l));
    if (!labels.length) e.add('角色', '请填写角色');
    else if (unknown.length) e.add('角色', `未知角色：${listOf(unknown)}；可选：${listOf(roleByLabel.keys())}`);
    else {
      for (const l of labels) {
        const role = roleByLabel.get(l)!;
        if (!roles.includes(role)) roles.push(role);
      }
      // The same rule as granting a role by hand: nobody grants more than they hold, and the role
      // must fit the kind of unit.
      if (unit && unit.inScope) {
        const refusals = roles.map((role) => lookups.grantRefusal(role, unit.kind)).filter((m): m is string => m !== null);
        if (refusals.length) e.add('角色', refusals.join('；'));
      }
    }

    if (e.list.length) {
      errors.push(...e.list);
      continue;
    }
    drafts.push({ row: r.row, username, displayName, phone, unitId: unit!.id, roles });
  }
  return { errors: sortErrors(errors, userImportColumns), drafts };
}
