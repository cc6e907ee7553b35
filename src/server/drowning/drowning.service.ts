// Drowning prevention (防溺水, 001 item 12; issue 22): the dangerous waters a town registers, the
// grid of each school by class (网格化包靠, counts only), coverage above the school (numbers only),
// patrols of waters whose findings become hazards in the patrol's transaction, each town's 零溺亡
// status for the year from the incidents, and a draft 通报 from a season's findings through the
// notices service. The season is the risk calendar's flood_drowning window (risks.service.ts,
// riskSectionOf): one calendar for the district. Every write is audited in its transaction; waters
// and grid classes carry a version (stale 409); another unit's record is 404.
import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type {
  CoverageSummary,
  CreateGridClass,
  CreatePatrol,
  CreateWater,
  GridClassView,
  PatrolView,
  SchoolGrid,
  UpdateGridClass,
  UpdateWater,
  WaterView,
  ZeroDrowning,
} from '../../contracts/drowning.js';
import type { NoticeDetail } from '../../contracts/accountability.js';
import type { WaterKind, FindingKind } from '../../domain/drowning.js';
import { classGap, coverageOf, DEFAULT_PATROL_CADENCE_DAYS, findingHazardKey, findingKindLabels, gridClassProblem, patrolStanding, seasonAround, seasonOf, waterKindLabels, zeroDrowning } from '../../domain/drowning.js';
import { addDays } from '../../domain/dates.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { requireAccess, unitScope, type Actor } from '../access/access.js';
import { attachableFileIds, referenceError, staffRefs, unitRef, unitRefs } from '../access/references.js';
import { createNotice } from '../accountability/notices.service.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, todayOf, type Ctx } from '../context.js';
import type { Db, Executor, Tx } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { drowningFindings, drowningGridClasses, drowningPatrols, drowningWaters, hazards, incidents, staffMembers, units } from '../db/schema.js';
import { badRequest, conflict, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { createHazardTx } from '../hazards/hazards.service.js';
import { fileMapOf, filesOf } from '../ledger/ledger-helpers.js';
import { loadRulePack } from '../rules/rules.service.js';
import { riskSectionOf } from '../risks/risks.service.js';

type WaterRow = typeof drowningWaters.$inferSelect;
type GridRow = typeof drowningGridClasses.$inferSelect;

// ---- the season and the pack's cadence ----------------------------------------------------------

/** The flood_drowning window of the district's risk calendar (the pack's riskReviewDays section). */
async function seasonWindow(db: Executor, districtId: number) {
  return (await riskSectionOf(db, districtId)).section.seasons.flood_drowning;
}

/** The pack's cadence of patrols (rule drowning.patrol_cadence, its `cadenceDays`), else the default. */
export async function patrolCadenceDays(db: Db, districtId: number): Promise<number> {
  const { pack } = await loadRulePack(db, districtId);
  const m = pack.rules.find((r) => r.code === 'drowning.patrol_cadence')?.measure;
  return (m?.kind === 'ledger_check' ? m.cadenceDays : undefined) ?? DEFAULT_PATROL_CADENCE_DAYS;
}

// ---- dangerous waters (危险水域) -------------------------------------------------------------------

/** Read: the bureau all; a town its own; a school the waters near it. */
export function waterScope(actor: Actor): SQL {
  const district = eq(drowningWaters.districtId, actor.districtId);
  if (actor.scope !== 'unit') return district;
  return and(district, or(like(drowningWaters.townPath, `${actor.unitPath}%`), sql`${actor.unitId} = any(${drowningWaters.schoolIds})`))!;
}

/** Write: the bureau all; a town its own (a school reads but never writes). */
function waterWriteScope(actor: Actor): SQL {
  const district = eq(drowningWaters.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(drowningWaters.townPath, `${actor.unitPath}%`))!;
}

async function presentWaters(db: Executor, rows: WaterRow[]): Promise<WaterView[]> {
  if (!rows.length) return [];
  const unitIds = [...new Set(rows.flatMap((r) => [r.townId, ...r.schoolIds]))];
  const names = new Map((await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))).map((u) => [u.id, u.name]));
  const files = await fileMapOf(db, rows.flatMap((r) => r.fileIds));
  const last = await db
    .select({ waterId: sql<number>`w.id`, on: sql<string>`max(${drowningPatrols.patrolledOn})::text` })
    .from(drowningPatrols)
    .innerJoin(sql`unnest(${drowningPatrols.waterIds}) as w(id)`, sql`true`)
    .where(and(eq(drowningPatrols.districtId, rows[0].districtId), sql`w.id in (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})`))
    .groupBy(sql`w.id`);
  const lastOf = new Map(last.map((l) => [Number(l.waterId), l.on]));
  return rows.map((r) => ({
    id: r.id,
    townId: r.townId,
    townName: names.get(r.townId) ?? '',
    kind: r.kind as WaterKind,
    name: r.name,
    place: r.place,
    lat: r.lat,
    lng: r.lng,
    warningSign: r.warningSign,
    rescueKit: r.rescueKit,
    village: r.village,
    villageContact: r.villageContact,
    villagePhone: r.villagePhone,
    schools: r.schoolIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    files: filesOf(r.fileIds, files),
    lastPatrolledOn: lastOf.get(r.id) ?? null,
    status: r.status as 'recorded' | 'voided',
    voidReason: r.voidReason,
    createdByName: r.createdByName,
    version: r.version,
  }));
}

export async function listWaters(ctx: Ctx, q: { townId?: number; kind?: WaterKind; lacking?: boolean }): Promise<{ items: WaterView[] }> {
  requireAccess(ctx.actor, 'drowning.read');
  const conds: Array<SQL | undefined> = [waterScope(ctx.actor), eq(drowningWaters.status, 'recorded')];
  if (q.townId) conds.push(eq(drowningWaters.townId, q.townId));
  if (q.kind) conds.push(eq(drowningWaters.kind, q.kind));
  if (q.lacking) conds.push(or(eq(drowningWaters.warningSign, false), eq(drowningWaters.rescueKit, false)));
  const rows = await ctx.db.select().from(drowningWaters).where(and(...conds)).orderBy(asc(drowningWaters.townPath), asc(drowningWaters.id));
  return { items: await presentWaters(ctx.db, rows) };
}

export async function getWater(ctx: Ctx, id: number): Promise<WaterView> {
  requireAccess(ctx.actor, 'drowning.read');
  const [row] = await ctx.db.select().from(drowningWaters).where(and(eq(drowningWaters.id, id), waterScope(ctx.actor)));
  if (!row) throw notFound('危险水域');
  return (await presentWaters(ctx.db, [row]))[0];
}

/** The schools near a water: in scope (else 404), schools (else 400), of the water's town (else 400). */
async function nearbySchools(tx: Executor, actor: Actor, town: { path: string }, ids: number[]) {
  const rows = await unitRefs(tx, actor, ids, { field: 'schoolIds', what: '学校', kinds: ['school'], kindMessage: '请选择学校' });
  const outside = rows.filter((s) => !s.path.startsWith(town.path));
  if (outside.length) throw referenceError('schoolIds', `${outside.map((s) => s.name).join('、')}不在该水域所在镇街`);
  return rows.map((s) => s.id);
}

const waterSnapshot = (r: WaterRow) => ({
  townId: r.townId,
  kind: r.kind,
  name: r.name,
  place: r.place,
  lat: r.lat,
  lng: r.lng,
  warningSign: r.warningSign,
  rescueKit: r.rescueKit,
  village: r.village,
  villageContact: r.villageContact,
  villagePhone: r.villagePhone,
  schoolIds: r.schoolIds,
  fileIds: r.fileIds,
  status: r.status,
  voidReason: r.voidReason,
});

export async function createWater(ctx: Ctx, input: CreateWater): Promise<WaterView> {
  requireAccess(ctx.actor, 'drowning.waters');
  const id = await ctx.db.transaction(async (tx) => {
    // A town registers its own waters; the bureau names the town.
    const town = await unitRef(tx, ctx.actor, input.townId, { field: 'townId', what: '镇街', kinds: ['town'], kindMessage: '请选择镇街', active: true });
    const schoolIds = await nearbySchools(tx, ctx.actor, town, input.schoolIds);
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' });
    const [row] = await tx
      .insert(drowningWaters)
      .values({
        districtId: ctx.actor.districtId,
        townId: town.id,
        townPath: town.path,
        kind: input.kind,
        name: input.name,
        place: input.place,
        lat: input.lat,
        lng: input.lng,
        warningSign: input.warningSign,
        rescueKit: input.rescueKit,
        village: input.village,
        villageContact: input.villageContact,
        villagePhone: input.villagePhone,
        schoolIds,
        fileIds,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'drowning_water', objectId: row.id, after: waterSnapshot(row) });
    return row.id;
  });
  return getWater(ctx, id);
}

async function waterForWrite(tx: Executor, ctx: Ctx, id: number, version: number): Promise<WaterRow> {
  requireAccess(ctx.actor, 'drowning.waters');
  const [row] = await tx.select().from(drowningWaters).where(and(eq(drowningWaters.id, id), waterWriteScope(ctx.actor))).for('update');
  if (!row) throw notFound('危险水域');
  if (row.version !== version) throw staleVersion();
  if (row.status !== 'recorded') throw conflict('RECORD_VOIDED', '该水域记录已作废，不能修改');
  return row;
}

export async function updateWater(ctx: Ctx, id: number, input: UpdateWater): Promise<WaterView> {
  await ctx.db.transaction(async (tx) => {
    const before = await waterForWrite(tx, ctx, id, input.version);
    const { version: _v, ...patch } = input;
    const set: Partial<typeof drowningWaters.$inferInsert> = { ...patch, version: before.version + 1, updatedAt: ctx.now };
    if (input.schoolIds) set.schoolIds = await nearbySchools(tx, ctx.actor, { path: before.townPath }, input.schoolIds);
    if (input.fileIds) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: before.fileIds });
    const [after] = await tx.update(drowningWaters).set(set).where(eq(drowningWaters.id, id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'drowning_water', objectId: id, before: waterSnapshot(before), after: waterSnapshot(after) });
  });
  return getWater(ctx, id);
}

export async function voidWater(ctx: Ctx, id: number, version: number, voidReason: string): Promise<WaterView> {
  await ctx.db.transaction(async (tx) => {
    const before = await waterForWrite(tx, ctx, id, version);
    const [after] = await tx
      .update(drowningWaters)
      .set({ status: 'voided', voidReason, voidedBy: ctx.actor.id, voidedAt: ctx.now, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(drowningWaters.id, id))
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'void', objectType: 'drowning_water', objectId: id, before: waterSnapshot(before), after: waterSnapshot(after) });
  });
  return getWater(ctx, id);
}

// ---- the grid (网格化包靠): the school's own classes, counts only --------------------------------

/** The class list with its teachers is the school's own; above the school only counts (coverageSummary). */
function ownSchool(actor: Actor, schoolId: number | undefined): number {
  if (actor.unitKind !== 'school') throw forbidden('学校以上单位只查看包靠覆盖率统计，班级包靠明细由学校维护');
  if (schoolId !== undefined && schoolId !== actor.unitId) throw notFound('学校');
  return actor.unitId;
}

const seasonYearOf = (ctx: Ctx, year?: number) => year ?? Number(todayOf(ctx).slice(0, 4));

function presentClass(r: GridRow & { teacherName: string | null }): GridClassView {
  return {
    id: r.id,
    schoolId: r.schoolId,
    seasonYear: r.seasonYear,
    className: r.className,
    pupils: r.pupils,
    teacherId: r.teacherId,
    teacherName: r.teacherName,
    covered: r.covered,
    gap: classGap(r),
    version: r.version,
  };
}

export async function getGrid(ctx: Ctx, q: { schoolId?: number; year?: number }): Promise<SchoolGrid> {
  requireAccess(ctx.actor, 'drowning.read');
  const schoolId = ownSchool(ctx.actor, q.schoolId);
  const seasonYear = seasonYearOf(ctx, q.year);
  const rows = await ctx.db
    .select({ row: drowningGridClasses, teacherName: staffMembers.name })
    .from(drowningGridClasses)
    .leftJoin(staffMembers, eq(staffMembers.id, drowningGridClasses.teacherId))
    .where(and(eq(drowningGridClasses.districtId, ctx.actor.districtId), eq(drowningGridClasses.schoolId, schoolId), eq(drowningGridClasses.seasonYear, seasonYear)))
    .orderBy(asc(drowningGridClasses.id));
  const classes = rows.map((r) => presentClass({ ...r.row, teacherName: r.teacherName }));
  return {
    schoolId,
    schoolName: ctx.actor.unitName,
    seasonYear,
    season: seasonOf(seasonYear, await seasonWindow(ctx.db, ctx.actor.districtId)),
    coverage: coverageOf(classes),
    classes,
  };
}

/** The teacher: a staff record of the school, in scope (another school's = 404), not left. */
async function teacherOf(tx: Executor, actor: Actor, schoolId: number, teacherId: number | null) {
  if (teacherId === null) return null;
  const [s] = await staffRefs(tx, actor, [teacherId], { field: 'teacherId', schoolId });
  if (s.leftOn) throw fieldError('teacherId', `${s.name}已于 ${s.leftOn} 离职，请选择在职教职工`);
  return s;
}

function checkCounts(c: { pupils: number; teacherId: number | null; covered: number }) {
  const p = gridClassProblem(c);
  if (p) throw fieldError(p.field, p.message);
}

const classSnapshot = (r: GridRow) => ({ schoolId: r.schoolId, seasonYear: r.seasonYear, className: r.className, pupils: r.pupils, teacherId: r.teacherId, covered: r.covered });
const classTaken = (name: string) => fieldError('className', `本年度已登记“${name}”的包靠`);

async function nameFree(tx: Executor, schoolId: number, seasonYear: number, className: string, exceptId = 0) {
  const [dup] = await tx
    .select({ id: drowningGridClasses.id })
    .from(drowningGridClasses)
    .where(and(eq(drowningGridClasses.schoolId, schoolId), eq(drowningGridClasses.seasonYear, seasonYear), eq(drowningGridClasses.className, className)));
  if (dup && dup.id !== exceptId) throw classTaken(className);
}

export async function createGridClass(ctx: Ctx, input: CreateGridClass): Promise<GridClassView> {
  requireAccess(ctx.actor, 'drowning.grid');
  const schoolId = ownSchool(ctx.actor, input.schoolId);
  checkCounts(input);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const teacher = await teacherOf(tx, ctx.actor, schoolId, input.teacherId);
      await nameFree(tx, schoolId, input.seasonYear, input.className);
      const [row] = await tx
        .insert(drowningGridClasses)
        .values({
          districtId: ctx.actor.districtId,
          schoolId,
          schoolPath: ctx.actor.unitPath,
          seasonYear: input.seasonYear,
          className: input.className,
          pupils: input.pupils,
          teacherId: teacher?.id ?? null,
          covered: input.covered,
          createdBy: ctx.actor.id,
          createdByName: ctx.actor.displayName,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'drowning_grid_class', objectId: row.id, after: classSnapshot(row) });
      return { ...row, teacherName: teacher?.name ?? null };
    });
    return presentClass(row);
  } catch (e) {
    if (isUniqueViolation(e, 'drowning_grid_classes_uq')) throw classTaken(input.className);
    throw e;
  }
}

async function classForWrite(tx: Executor, ctx: Ctx, id: number, version: number): Promise<GridRow> {
  requireAccess(ctx.actor, 'drowning.grid');
  const schoolId = ownSchool(ctx.actor, undefined);
  const [row] = await tx
    .select()
    .from(drowningGridClasses)
    .where(and(eq(drowningGridClasses.id, id), eq(drowningGridClasses.districtId, ctx.actor.districtId), eq(drowningGridClasses.schoolId, schoolId)))
    .for('update');
  if (!row) throw notFound('班级包靠记录');
  if (row.version !== version) throw staleVersion();
  return row;
}

export async function updateGridClass(ctx: Ctx, id: number, input: UpdateGridClass): Promise<GridClassView> {
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const before = await classForWrite(tx, ctx, id, input.version);
      const next = {
        className: input.className ?? before.className,
        pupils: input.pupils ?? before.pupils,
        teacherId: input.teacherId === undefined ? before.teacherId : input.teacherId,
        covered: input.covered ?? before.covered,
      };
      checkCounts(next);
      const teacher = await teacherOf(tx, ctx.actor, before.schoolId, next.teacherId);
      if (next.className !== before.className) await nameFree(tx, before.schoolId, before.seasonYear, next.className, id);
      const [after] = await tx
        .update(drowningGridClasses)
        .set({ ...next, version: before.version + 1, updatedAt: ctx.now })
        .where(eq(drowningGridClasses.id, id))
        .returning();
      await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'drowning_grid_class', objectId: id, before: classSnapshot(before), after: classSnapshot(after) });
      return { ...after, teacherName: teacher?.name ?? null };
    });
    return presentClass(row);
  } catch (e) {
    if (isUniqueViolation(e, 'drowning_grid_classes_uq')) throw classTaken(input.className ?? '');
    throw e;
  }
}

/** A class that no longer exists this season (merged, mis-typed) leaves the grid; the audit keeps it. */
export async function deleteGridClass(ctx: Ctx, id: number, version: number): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    const before = await classForWrite(tx, ctx, id, version);
    await tx.delete(drowningGridClasses).where(eq(drowningGridClasses.id, id));
    await writeAudit(tx, auditCtx(ctx), { action: 'delete', objectType: 'drowning_grid_class', objectId: id, before: classSnapshot(before) });
  });
  return { ok: true };
}

/**
 * Coverage by school and by town for a season year: numbers only (no class names, no teachers,
 * never a pupil). Every active school in scope appears, one without a grid at 0 classes.
 */
export async function coverageSummary(ctx: Ctx, q: { year?: number }): Promise<CoverageSummary> {
  requireAccess(ctx.actor, 'drowning.read');
  const seasonYear = seasonYearOf(ctx, q.year);
  const w = await seasonWindow(ctx.db, ctx.actor.districtId);
  const season = seasonOf(seasonYear, w);
  const town = sql`(select t.id from units t where t.district_id = ${units.districtId} and t.kind = 'town' and ${units.path} like t.path || '%' limit 1)`;
  const schools = await ctx.db
    .select({ id: units.id, name: units.name, townId: sql<number | null>`${town}`, townName: sql<string | null>`(select t.name from units t where t.id = ${town})` })
    .from(units)
    // An off-campus activity centre has no classes of its own to cover.
    .where(and(unitScope(ctx.actor), eq(units.kind, 'school'), eq(units.status, 'active'), sql`coalesce(${units.stage}, '') <> 'off_campus'`))
    .orderBy(asc(units.path));
  const rows = schools.length
    ? await ctx.db
        .select({ schoolId: drowningGridClasses.schoolId, pupils: drowningGridClasses.pupils, teacherId: drowningGridClasses.teacherId, covered: drowningGridClasses.covered })
        .from(drowningGridClasses)
        .where(and(eq(drowningGridClasses.districtId, ctx.actor.districtId), eq(drowningGridClasses.seasonYear, seasonYear), inArray(drowningGridClasses.schoolId, schools.map((s) => s.id))))
    : [];
  const bySchool = new Map<number, typeof rows>();
  for (const r of rows) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), r]);
  const schoolRows = schools.map((s) => {
    const coverage = coverageOf(bySchool.get(s.id) ?? []);
    return { schoolId: s.id, schoolName: s.name, townName: s.townName, covered100: coverage.classes > 0 && coverage.classesCovered === coverage.classes, coverage, townId: s.townId === null ? null : Number(s.townId) };
  });
  const towns = new Map<string, { townId: number | null; townName: string; list: typeof schoolRows }>();
  for (const s of schoolRows) {
    const k = String(s.townId);
    if (!towns.has(k)) towns.set(k, { townId: s.townId, townName: s.townName ?? '局直属', list: [] });
    towns.get(k)!.list.push(s);
  }
  const today = todayOf(ctx);
  return {
    seasonYear,
    season,
    inSeason: season.startsOn <= today && today <= season.endsOn,
    total: coverageOf(rows),
    towns: [...towns.values()].map((t) => ({
      townId: t.townId,
      townName: t.townName,
      schools: t.list.length,
      schoolsCovered: t.list.filter((s) => s.covered100).length,
      coverage: coverageOf(t.list.flatMap((s) => bySchool.get(s.schoolId) ?? [])),
    })),
    schools: schoolRows.map(({ townId: _t, ...s }) => s),
  };
}

// ---- patrols (防溺水督查) ---------------------------------------------------------------------------

/** Read: the bureau all; a town its own and its schools'; a school its own. */
function patrolScope(actor: Actor): SQL {
  const district = eq(drowningPatrols.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(drowningPatrols.unitPath, `${actor.unitPath}%`))!;
}

async function presentPatrols(db: Executor, rows: Array<typeof drowningPatrols.$inferSelect>): Promise<PatrolView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const findings = await db
    .select({ f: drowningFindings, hazardCode: hazards.code, hazardStatus: hazards.status })
    .from(drowningFindings)
    .innerJoin(hazards, eq(hazards.id, drowningFindings.hazardId))
    .where(inArray(drowningFindings.patrolId, ids))
    .orderBy(asc(drowningFindings.id));
  const waterIds = [...new Set(rows.flatMap((r) => r.waterIds))];
  const waterNames = new Map((await db.select({ id: drowningWaters.id, name: drowningWaters.name }).from(drowningWaters).where(inArray(drowningWaters.id, waterIds))).map((w) => [w.id, w.name]));
  const unitIds = [...new Set([...rows.flatMap((r) => [r.unitId, r.townId]), ...findings.map((f) => f.f.schoolId)])];
  const unitNames = new Map((await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))).map((u) => [u.id, u.name]));
  const files = await fileMapOf(db, rows.flatMap((r) => r.fileIds));
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unitId,
    unitName: unitNames.get(r.unitId) ?? '',
    townId: r.townId,
    townName: unitNames.get(r.townId) ?? '',
    patrolledOn: r.patrolledOn,
    waters: r.waterIds.map((id) => ({ id, name: waterNames.get(id) ?? '' })),
    patrollers: r.patrollers,
    summary: r.summary,
    files: filesOf(r.fileIds, files),
    findings: findings
      .filter((f) => f.f.patrolId === r.id)
      .map(({ f, hazardCode, hazardStatus }) => ({
        id: f.id,
        waterId: f.waterId,
        waterName: waterNames.get(f.waterId) ?? '',
        kind: f.kind as FindingKind,
        description: f.description,
        schoolId: f.schoolId,
        schoolName: unitNames.get(f.schoolId) ?? '',
        hazard: { id: f.hazardId, code: hazardCode, status: hazardStatus },
      })),
    createdByName: r.createdByName,
  }));
}

export async function listPatrols(ctx: Ctx, q: { townId?: number; year?: number }): Promise<{ items: PatrolView[] }> {
  requireAccess(ctx.actor, 'drowning.read');
  const conds: Array<SQL | undefined> = [patrolScope(ctx.actor)];
  if (q.townId) conds.push(eq(drowningPatrols.townId, q.townId));
  if (q.year) conds.push(sql`extract(year from ${drowningPatrols.patrolledOn}) = ${q.year}`);
  const rows = await ctx.db.select().from(drowningPatrols).where(and(...conds)).orderBy(desc(drowningPatrols.patrolledOn), desc(drowningPatrols.id)).limit(500);
  return { items: await presentPatrols(ctx.db, rows) };
}

async function getPatrol(ctx: Ctx, id: number): Promise<PatrolView> {
  const rows = await ctx.db.select().from(drowningPatrols).where(and(eq(drowningPatrols.id, id), patrolScope(ctx.actor)));
  if (!rows.length) throw notFound('督查记录');
  return (await presentPatrols(ctx.db, rows))[0];
}

/**
 * A patrol of one town's waters by a town, a school or the bureau, with its findings: each finding
 * is registered as a hazard (source 防溺水督查) of a school near the water in the same transaction.
 */
export async function createPatrol(ctx: Ctx, input: CreatePatrol): Promise<PatrolView> {
  requireAccess(ctx.actor, 'drowning.patrol');
  const today = todayOf(ctx);
  const dayProblem = pastDayProblem(input.patrolledOn, today);
  if (dayProblem) throw fieldError('patrolledOn', dayProblem);
  const id = await ctx.db.transaction(async (tx) => {
    const waterIds = [...new Set(input.waterIds)];
    const waters = await tx
      .select()
      .from(drowningWaters)
      .where(and(inArray(drowningWaters.id, waterIds), waterScope(ctx.actor), eq(drowningWaters.status, 'recorded')));
    if (waters.length !== waterIds.length) throw notFound('危险水域');
    const townIds = new Set(waters.map((w) => w.townId));
    if (townIds.size > 1) throw fieldError('waterIds', '一次督查只能选择同一镇街的水域');
    const byId = new Map(waters.map((w) => [w.id, w]));
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' });
    const [patrol] = await tx
      .insert(drowningPatrols)
      .values({
        districtId: ctx.actor.districtId,
        unitId: ctx.actor.unitId,
        unitPath: ctx.actor.unitPath,
        townId: waters[0].townId,
        patrolledOn: input.patrolledOn,
        waterIds,
        patrollers: input.patrollers,
        summary: input.summary || null,
        fileIds,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    const findings: Array<{ waterId: number; kind: string; schoolId: number; hazardId: number; hazardCode: string }> = [];
    for (const [i, f] of input.findings.entries()) {
      const water = byId.get(f.waterId);
      if (!water) throw fieldError(`findings.${i}.waterId`, '问题所在水域须是本次督查的水域', '问题所在水域');
      const schoolId = findingSchool(ctx.actor, water, f.schoolId, i);
      const hazard = await createHazardTx(tx as Tx, ctx, {
        schoolId,
        area: 'surroundings',
        location: `${waterKindLabels[water.kind as WaterKind]}“${water.name}”（${water.place}）`,
        description: `防溺水督查（${input.patrolledOn}）发现：${findingKindLabels[f.kind]}。${f.description}（责任村：${water.village}，联系人 ${water.villageContact} ${water.villagePhone}）`,
        grade: 'general',
        source: 'drowning_patrol',
        foundOn: input.patrolledOn,
        itemKey: findingHazardKey(patrol.id, i),
        fileIds,
      });
      await tx.insert(drowningFindings).values({ districtId: ctx.actor.districtId, patrolId: patrol.id, waterId: water.id, kind: f.kind, description: f.description, schoolId, hazardId: hazard.id });
      findings.push({ waterId: water.id, kind: f.kind, schoolId, hazardId: hazard.id, hazardCode: hazard.code });
    }
    await writeAudit(tx, auditCtx(ctx), {
      action: 'create',
      objectType: 'drowning_patrol',
      objectId: patrol.id,
      after: { townId: patrol.townId, patrolledOn: patrol.patrolledOn, waterIds, patrollers: patrol.patrollers, summary: patrol.summary, fileIds, findings },
    });
    return patrol.id;
  });
  return getPatrol(ctx, id);
}

/** The school a finding's hazard is for: the patrolling school itself, else one named near the water. */
function findingSchool(actor: Actor, water: WaterRow, schoolId: number | undefined, i: number): number {
  const field = `findings.${i}.schoolId`;
  if (actor.unitKind === 'school') {
    if (schoolId !== undefined && schoolId !== actor.unitId) throw notFound('学校');
    return actor.unitId;
  }
  if (!water.schoolIds.length) throw fieldError(field, `“${water.name}”未登记附近学校，请先在危险水域中登记附近学校`, '隐患所属学校');
  if (schoolId === undefined) {
    if (water.schoolIds.length === 1) return water.schoolIds[0];
    throw fieldError(field, '请选择隐患所属的附近学校', '隐患所属学校');
  }
  if (!water.schoolIds.includes(schoolId)) throw fieldError(field, '请选择该水域附近的学校', '隐患所属学校');
  return schoolId;
}

// ---- 零溺亡 by town, and patrols against the pack's cadence ------------------------------------------

export async function zeroDrowningStatus(ctx: Ctx, q: { year?: number }): Promise<ZeroDrowning> {
  requireAccess(ctx.actor, 'drowning.read');
  const year = seasonYearOf(ctx, q.year);
  const today = todayOf(ctx);
  // A school sees its own town; a town itself; the bureau every town.
  const townScope =
    ctx.actor.scope !== 'unit' ? sql`true` : or(like(units.path, `${ctx.actor.unitPath}%`), sql`${ctx.actor.unitPath} like ${units.path} || '%'`)!;
  const towns = await ctx.db
    .select({ id: units.id, name: units.name, path: units.path })
    .from(units)
    .where(and(eq(units.districtId, ctx.actor.districtId), eq(units.kind, 'town'), townScope))
    .orderBy(asc(units.path));
  const w = await seasonWindow(ctx.db, ctx.actor.districtId);
  const cadenceDays = await patrolCadenceDays(ctx.db, ctx.actor.districtId);
  if (!towns.length) return { year, towns: [], cadenceDays, season: seasonOf(year, w) };
  const townIds = towns.map((t) => t.id);
  // A drowning is an incident (subtype drowning) with its reporting clock; the year is Shanghai's.
  const drownings = await ctx.db
    .select({ path: incidents.unitPath })
    .from(incidents)
    .where(and(eq(incidents.districtId, ctx.actor.districtId), eq(incidents.subtype, 'drowning'), sql`extract(year from ${incidents.occurredAt} at time zone 'Asia/Shanghai') = ${year}`));
  const waters = await ctx.db
    .select({ townId: drowningWaters.townId, warningSign: drowningWaters.warningSign, rescueKit: drowningWaters.rescueKit })
    .from(drowningWaters)
    .where(and(eq(drowningWaters.districtId, ctx.actor.districtId), eq(drowningWaters.status, 'recorded'), inArray(drowningWaters.townId, townIds)));
  const patrols = await ctx.db
    .select({ townId: drowningPatrols.townId, on: drowningPatrols.patrolledOn })
    .from(drowningPatrols)
    .where(and(eq(drowningPatrols.districtId, ctx.actor.districtId), inArray(drowningPatrols.townId, townIds)));
  // The cadence is judged on the day asked about: today in the current year, else the season's end.
  const asOf = year === Number(today.slice(0, 4)) ? today : seasonOf(year, w).endsOn;
  return {
    year,
    cadenceDays,
    season: seasonOf(year, w),
    towns: towns.map((t) => {
      const n = drownings.filter((d) => d.path.startsWith(t.path)).length;
      const mine = waters.filter((x) => x.townId === t.id);
      const days = patrols.filter((p) => p.townId === t.id).map((p) => p.on);
      const standing = mine.length ? patrolStanding(days, asOf, w, cadenceDays) : { inSeason: !!seasonAround(asOf, w), dueOn: null, overdue: false };
      return {
        townId: t.id,
        townName: t.name,
        drownings: n,
        zero: zeroDrowning(n),
        waters: mine.length,
        watersLacking: mine.filter((x) => !x.warningSign || !x.rescueKit).length,
        lastPatrolledOn: days.filter((d) => d <= asOf).sort().at(-1) ?? null,
        patrolDueOn: standing.dueOn,
        patrolOverdue: standing.overdue,
      };
    }),
  };
}

// ---- the closed loop: a draft 通报 from a season's patrol findings ---------------------------------

/**
 * 教育、包靠、督查、通报、问责 (001 item 12): the bureau drafts a notice naming the schools whose waters
 * had findings in the season, with the findings' hazards as its records; the notices service does the
 * rest (approval, publication, replies, accountability).
 */
export async function draftPatrolNotice(ctx: Ctx, year: number): Promise<NoticeDetail> {
  requireAccess(ctx.actor, 'accountability.manage');
  if (ctx.actor.unitKind !== 'bureau') throw forbidden('防溺水督查通报由教育局起草');
  const season = seasonOf(year, await seasonWindow(ctx.db, ctx.actor.districtId));
  const rows = await ctx.db
    .select({ hazardId: drowningFindings.hazardId, schoolId: drowningFindings.schoolId, kind: drowningFindings.kind, waterName: drowningWaters.name, patrolledOn: drowningPatrols.patrolledOn, schoolName: units.name })
    .from(drowningFindings)
    .innerJoin(drowningPatrols, eq(drowningPatrols.id, drowningFindings.patrolId))
    .innerJoin(drowningWaters, eq(drowningWaters.id, drowningFindings.waterId))
    .innerJoin(units, eq(units.id, drowningFindings.schoolId))
    .where(and(eq(drowningFindings.districtId, ctx.actor.districtId), sql`${drowningPatrols.patrolledOn} between ${season.startsOn} and ${season.endsOn}`))
    .orderBy(asc(drowningPatrols.patrolledOn), asc(drowningFindings.id))
    .limit(50);
  if (!rows.length) throw badRequest('NOTHING_TO_NOTIFY', `${year} 年汛期防溺水督查没有发现问题，无需起草通报`);
  const schoolIds = [...new Set(rows.map((r) => r.schoolId))];
  const lines = rows.map((r) => `${r.patrolledOn} ${r.waterName}：${findingKindLabels[r.kind as FindingKind]}（${r.schoolName}）`);
  return createNotice(ctx, {
    title: `关于${year}年汛期防溺水督查发现问题的通报`,
    reason: `${year}年汛期（${season.startsOn} 至 ${season.endsOn}）防溺水督查发现以下问题：\n${lines.join('\n')}`,
    requirement: '请相关学校会同属地镇街、责任村（居）立即整改，补齐警示标志和救生设施，落实网格化包靠和“六不”教育，并在回复期限前报送整改情况。',
    replyDueOn: addDays(todayOf(ctx), 10),
    units: schoolIds.map((unitId) => ({ unitId, personName: null, personPost: null })),
    records: rows.map((r) => ({ kind: 'hazard' as const, id: r.hazardId })),
  });
}
