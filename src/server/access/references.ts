// Ids a write takes from its body (a responsible person, a department, an inspector, a staff member,
// a file, a school, a campaign, a checklist, a drill, a key period …), checked in one place against
// the caller's scope and against the record they are attached to (issue 11 item 4). One rule for
// every kind of reference:
// - outside the caller's scope (another district, a unit or person the caller cannot see): 404,
//   the same answer as an id that does not exist, so existence is not revealed;
// - in scope but not fitting the record (a person of another school made responsible for this
//   school's hazard, a town given where a school is asked for, a stopped account): 400 naming the field.
import { and, eq, inArray } from 'drizzle-orm';
import { fieldLabels } from '../../contracts/common.js';
import type { UnitKind } from '../../contracts/enums.js';
import type { FileRef } from '../../contracts/files.js';
import type { Executor } from '../db/client.js';
import { campaigns, campaignSchools, checklistTemplates, drills, files, keyPeriods, staffMembers, units, users } from '../db/schema.js';
import { fieldError, notFound } from '../errors.js';
import { campaignScope, drillScope, fileInScope, schoolLedgerScope, unitScope, userScope, type Actor } from './access.js';

type FileRow = typeof files.$inferSelect;

export const refOf = (r: Pick<FileRow, 'id' | 'name' | 'mime' | 'size'>): FileRef => ({ id: r.id, name: r.name, mime: r.mime, size: r.size });

/**
 * Files of the district in the person's scope, in the order given, else 404 naming the file. A
 * service attaching files to a record goes through attachableFiles (access/references.ts), which
 * also asks that each be the caller's own upload or already the record's.
 */
export async function filesInScope(tx: Executor, actor: Actor, fileIds: readonly number[]): Promise<FileRow[]> {
  const ids = [...new Set(fileIds)];
  if (!ids.length) return [];
  const rows = await tx
    .select()
    .from(files)
    .where(and(inArray(files.id, ids), eq(files.districtId, actor.districtId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const r = byId.get(id);
    if (!r || !fileInScope(actor, r)) throw notFound(`文件（编号 ${id}）`);
  }
  return ids.map((id) => byId.get(id)!);
}

/** The references of `filesInScope`. */
export async function assertFilesUsable(tx: Executor, actor: Actor, fileIds: readonly number[]): Promise<FileRef[]> {
  return (await filesInScope(tx, actor, fileIds)).map(refOf);
}


/** The label of a field path: `entries.0.userId` is labelled as `userId`. */
export function labelOf(field: string): string {
  if (fieldLabels[field]) return fieldLabels[field];
  const last = field.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? field;
  return fieldLabels[last] ?? field;
}

/** A reference that does not fit its record: 400 naming the field in Chinese. */
export function referenceError(field: string, message: string, label = labelOf(field)) {
  return fieldError(field, message, label);
}

interface RefOpts {
  /** The body's field (a path such as `entries.0.userId`), named in a 400. */
  field: string;
  /** Its label when fieldLabels does not have the right one. */
  label?: string;
  /** For a list spread over the body (`entries.3.userId`): the field naming one id. */
  fieldOf?: (id: number) => string;
}

const fieldFor = (o: RefOpts, id: number) => o.fieldOf?.(id) ?? o.field;

const uniq = (ids: readonly number[]) => [...new Set(ids)];

// ---- units ------------------------------------------------------------------------------------

export type UnitRefRow = { id: number; districtId: number; parentId: number | null; path: string; kind: string; name: string; status: string; studentCount: number | null };

const unitColumns = {
  id: units.id,
  districtId: units.districtId,
  parentId: units.parentId,
  path: units.path,
  kind: units.kind,
  name: units.name,
  status: units.status,
  studentCount: units.studentCount,
};

interface UnitOpts extends RefOpts {
  /** What the 404 names (学校, 检查单位 …). */
  what: string;
  /** The kinds that fit; another kind in scope is a 400 with `kindMessage`. */
  kinds?: readonly UnitKind[];
  kindMessage?: string;
  /** A stopped unit does not take new records. */
  active?: boolean;
}

/**
 * Units the caller can see (their subtree, or the district), in the order given: any other id → 404;
 * one of another kind or stopped → 400 naming the field.
 */
export async function unitRefs(db: Executor, actor: Actor, ids: readonly number[], o: UnitOpts): Promise<UnitRefRow[]> {
  const want = uniq(ids);
  if (!want.length) return [];
  const rows = await db.select(unitColumns).from(units).where(and(inArray(units.id, want), unitScope(actor)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of want) if (!byId.has(id)) throw notFound(o.what);
  for (const id of want) {
    const u = byId.get(id)!;
    if (o.kinds && !o.kinds.includes(u.kind as UnitKind)) throw referenceError(fieldFor(o, id), o.kindMessage ?? `请选择${o.what}`, o.label);
    if (o.active && u.status !== 'active') throw referenceError(fieldFor(o, id), `${u.name}已停用`, o.label);
  }
  return want.map((id) => byId.get(id)!);
}

export async function unitRef(db: Executor, actor: Actor, id: number, o: UnitOpts): Promise<UnitRefRow> {
  return (await unitRefs(db, actor, [id], o))[0];
}

/** The school a new record is for: in scope (else 404) and a school (else 400 naming schoolId). */
export function schoolRef(db: Executor, actor: Actor, id: number, field = 'schoolId'): Promise<UnitRefRow> {
  return unitRef(db, actor, id, { field, what: '学校', kinds: ['school'], kindMessage: '请选择学校' });
}

/**
 * Departments (科室/中心) serve the whole district, so anyone of the district may name one: another
 * district's id → 404; a unit of the district that is not a department (or is stopped, unless
 * `active: false` for a record that keeps its departments) → 400.
 */
export async function departmentRefs(
  db: Executor,
  actor: Actor,
  ids: readonly number[],
  o: RefOpts & { kinds?: readonly UnitKind[]; message?: string; active?: boolean },
): Promise<UnitRefRow[]> {
  const want = uniq(ids);
  if (!want.length) return [];
  const rows = await db.select(unitColumns).from(units).where(and(inArray(units.id, want), eq(units.districtId, actor.districtId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of want) if (!byId.has(id)) throw notFound('部门');
  const kinds = o.kinds ?? ['department'];
  for (const id of want) {
    const d = byId.get(id)!;
    if (!kinds.includes(d.kind as UnitKind)) throw referenceError(fieldFor(o, id), o.message ?? '所选单位不是本区的科室/中心', o.label);
    if ((o.active ?? true) && d.status !== 'active') throw referenceError(fieldFor(o, id), `${d.name}已停用`, o.label);
  }
  return want.map((id) => byId.get(id)!);
}

// ---- people -----------------------------------------------------------------------------------

export type UserRefRow = { id: number; unitId: number; unitPath: string; displayName: string; phone: string | null; status: string };

interface UserOpts extends RefOpts {
  /** What the 404 names (人员, 检查人员 …). */
  what?: string;
  /** The record's unit path: the person must belong to it (a school's person for the school's record). */
  within?: string | null;
  /** Why a person outside `within` does not fit, said to the caller. */
  notWithinMessage?: string | ((u: UserRefRow) => string);
  /** Only active accounts fit (the default). */
  active?: boolean;
}

/**
 * People the caller can see (through their unit, as in the people list), in the order given: any
 * other id → 404; a stopped account, or one not of the record's unit → 400 naming the field.
 */
export async function userRefs(db: Executor, actor: Actor, ids: readonly number[], o: UserOpts): Promise<UserRefRow[]> {
  const want = uniq(ids);
  if (!want.length) return [];
  const rows = await db
    .select({ id: users.id, unitId: users.unitId, unitPath: units.path, displayName: users.displayName, phone: users.phone, status: users.status })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(inArray(users.id, want), userScope(actor)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of want) if (!byId.has(id)) throw notFound(o.what ?? '人员');
  for (const id of want) {
    const u = byId.get(id)!;
    if (o.within && !u.unitPath.startsWith(o.within)) {
      const message = typeof o.notWithinMessage === 'function' ? o.notWithinMessage(u) : (o.notWithinMessage ?? `${u.displayName}不是本单位的人员`);
      throw referenceError(fieldFor(o, id), message, o.label);
    }
    if ((o.active ?? true) && u.status !== 'active') throw referenceError(fieldFor(o, id), `${u.displayName}的账号已停用`, o.label);
  }
  return want.map((id) => byId.get(id)!);
}

export async function userRef(db: Executor, actor: Actor, id: number, o: UserOpts): Promise<UserRefRow> {
  return (await userRefs(db, actor, [id], o))[0];
}

// ---- staff records ------------------------------------------------------------------------------

export type StaffRefRow = typeof staffMembers.$inferSelect;

/**
 * Staff records (教职工) the caller can see, in the order given: any other id → 404; one of another
 * school than the record's → 400 naming the field (`message` gets the ids that do not fit).
 */
export async function staffRefs(
  db: Executor,
  actor: Actor,
  ids: readonly number[],
  o: RefOpts & { schoolId?: number; message?: (outside: StaffRefRow[]) => string },
): Promise<StaffRefRow[]> {
  const want = uniq(ids);
  if (!want.length) return [];
  const rows = await db.select().from(staffMembers).where(and(inArray(staffMembers.id, want), schoolLedgerScope(actor, staffMembers)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of want) if (!byId.has(id)) throw notFound('人员');
  if (o.schoolId !== undefined) {
    const outside = want.map((id) => byId.get(id)!).filter((s) => s.schoolId !== o.schoolId);
    if (outside.length) throw referenceError(fieldFor(o, outside[0].id), o.message?.(outside) ?? `${outside.map((s) => s.name).join('、')}不是该学校登记的教职工`, o.label);
  }
  return want.map((id) => byId.get(id)!);
}

// ---- files ------------------------------------------------------------------------------------

/**
 * Files attached to a record: each must be one the caller may see (else 404, whether or not it
 * exists) and either uploaded by the caller or already attached to this record (`existing`); a file
 * someone else uploaded for another record is not taken over (400 naming the field).
 */
export async function attachableFiles(db: Executor, actor: Actor, ids: readonly number[], o: RefOpts & { existing?: readonly number[] }): Promise<FileRef[]> {
  const rows = await filesInScope(db, actor, ids);
  const existing = new Set(o.existing ?? []);
  for (const r of rows) {
    if (r.uploadedBy !== actor.id && !existing.has(r.id)) throw referenceError(fieldFor(o, r.id), `“${r.name}”不是您上传的文件，请重新上传`, o.label);
  }
  return rows.map(refOf);
}

/** The ids of `attachableFiles`, for the services that keep only ids. */
export async function attachableFileIds(db: Executor, actor: Actor, ids: readonly number[], o: RefOpts & { existing?: readonly number[] }): Promise<number[]> {
  return (await attachableFiles(db, actor, ids, o)).map((f) => f.id);
}

// ---- records of the district ------------------------------------------------------------------

/**
 * A campaign (专项整治) the caller sees (else 404) that includes every school of the record (else
 * 400): a hazard or an inspection of a school belongs only to a campaign that school takes part in.
 */
export async function campaignRef(db: Executor, actor: Actor, id: number, o: RefOpts & { schoolIds: readonly number[] }) {
  const [c] = await db.select({ id: campaigns.id, name: campaigns.name, allSchools: campaigns.allSchools, status: campaigns.status }).from(campaigns).where(and(eq(campaigns.id, id), campaignScope(actor)));
  if (!c) throw notFound('专项整治');
  const schoolIds = uniq(o.schoolIds);
  if (!c.allSchools && schoolIds.length) {
    const inIt = await db
      .select({ id: campaignSchools.schoolId })
      .from(campaignSchools)
      .where(and(eq(campaignSchools.campaignId, c.id), inArray(campaignSchools.schoolId, schoolIds)));
    if (inIt.length !== schoolIds.length) throw referenceError(o.field, `“${c.name}”不包括所选学校`, o.label);
  }
  return c;
}

/** A checklist template of the district (templates are the district's, shared by its units); else 404. */
export async function checklistTemplateRef(db: Executor, actor: Actor, id: number) {
  const [t] = await db
    .select({ id: checklistTemplates.id, name: checklistTemplates.name, status: checklistTemplates.status })
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.id, id), eq(checklistTemplates.districtId, actor.districtId)));
  if (!t) throw notFound('检查表模板');
  return t;
}

/** A drill record the caller sees (else 404), of the record's school and not voided (else 400). */
export async function drillRef(db: Executor, actor: Actor, id: number, o: RefOpts & { schoolId: number }) {
  const [d] = await db.select({ id: drills.id, schoolId: drills.schoolId, status: drills.status }).from(drills).where(and(eq(drills.id, id), drillScope(actor)));
  if (!d) throw notFound('演练记录');
  if (d.schoolId !== o.schoolId) throw referenceError('schoolId', '须为该演练的学校');
  if (d.status !== 'recorded') throw referenceError(o.field, '该演练记录已作废', o.label);
  return d;
}

/** A key period (重点时段) of the caller's district, declared by the bureau for all its schools; else 404. */
export async function keyPeriodRef(db: Executor, actor: Actor, id: number) {
  const [k] = await db.select().from(keyPeriods).where(and(eq(keyPeriods.id, id), eq(keyPeriods.districtId, actor.districtId)));
  if (!k) throw notFound('重点时段');
  return k;
}
