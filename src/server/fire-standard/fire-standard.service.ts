// Fire-safety standardisation (消防安全标准化, 000 item 5, 001 item 13; issue 21). The district's
// standard in versions (the bureau revises it as a new version; an assessment keeps the version it
// began with); a school's self-assessment (自评) and the district's acceptance (达标验收), each step
// signed (who, their unit, when, the text) in an append-only table; failed items become hazards in
// the register; the fire patrol staff; the share of schools accepted by town and by school type.
// Scoped like the school ledgers (another unit's assessment is 404), audited in the write's
// transaction, versioned (a stale version is 409).
import { and, asc, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SafetyArea, SchoolStage } from '../../contracts/enums.js';
import type {
  AcceptFireAssessment,
  FireAssessmentAction,
  FireAssessmentDetail,
  FireAssessmentListQuery,
  FireAssessmentView,
  FirePatrolView,
  FireSchoolRow,
  FireStandardVersionView,
  FireStandardView,
  FireSummary,
  FireSummaryQuery,
  ReviseFireStandard,
  UpdateFireAssessment,
} from '../../contracts/fire-standard.js';
import { schoolStageLabels } from '../../contracts/enums.js';
import { checklistProblems, itemCount, sameSections, type ChecklistSection } from '../../domain/checklists/checklist.js';
import {
  acceptProblems,
  answerProblems,
  DEFAULT_FIRE_STANDARD,
  dueDayOf,
  failingKeys,
  fireHazardKey,
  fireSchoolState,
  standardItem,
  submitProblems,
  type FireAcceptResult,
  type FireAnswer,
  type FireAssessmentStatus,
  type FireProblem,
} from '../../domain/fire-standard.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { can, requireAccess, schoolLedgerScope, unitScope, type Actor } from '../access/access.js';
import { attachableFileIds, labelOf, schoolRef, staffRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Db, Executor, Tx } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { fireAssessments, fireAssessmentSteps, firePatrolStaff, fireStandards, fireStandardVersions, hazards, staffMembers, units } from '../db/schema.js';
import { badRequest, conflict, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { createHazardTx } from '../hazards/hazards.service.js';
import { fileMapOf, filesOf, placeFilters } from '../ledger/ledger-helpers.js';
import { loadRulePack } from '../rules/rules.service.js';

type AssessmentRow = typeof fireAssessments.$inferSelect;
type VersionRow = typeof fireStandardVersions.$inferSelect;

const problemsError = (problems: FireProblem[], label?: string) => fieldError(problems[0].field, problems[0].message, label ?? labelOf(problems[0].field));

// ---- the standard ------------------------------------------------------------------------------

// Any 32-bit constant, with the district id as the second key: one seeder per district at a time.
const STANDARD_LOCK = 0x46697201;

/** The district's standard; the default of 000 item 5 and 001 item 13 as version 1 when it has none. */
export async function ensureFireStandard(db: Db, districtId: number) {
  const find = (ex: Executor) => ex.select().from(fireStandards).where(eq(fireStandards.districtId, districtId));
  const [found] = await find(db);
  if (found) return found;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STANDARD_LOCK}::int, ${districtId}::int)`);
    const [again] = await find(tx);
    if (again) return again;
    const [row] = await tx.insert(fireStandards).values({ districtId, currentVersion: 1 }).returning();
    const sections = DEFAULT_FIRE_STANDARD.sections;
    await tx.insert(fireStandardVersions).values({ standardId: row.id, districtId, number: 1, name: DEFAULT_FIRE_STANDARD.name, sections, itemCount: itemCount(sections), reason: null, createdBy: null, createdByName: '系统' });
    await writeAudit(tx, { actor: null, ip: null }, { action: 'create', objectType: 'fire_standard', objectId: row.id, districtId, actorName: '系统', after: { version: 1, name: DEFAULT_FIRE_STANDARD.name, itemCount: itemCount(sections) } });
    return row;
  });
}

const versionView = (v: VersionRow): FireStandardVersionView => ({
  number: v.number,
  name: v.name,
  sections: v.sections as ChecklistSection[],
  itemCount: v.itemCount,
  reason: v.reason,
  createdByName: v.createdByName,
  createdAt: v.createdAt.toISOString(),
});

export async function getFireStandard(ctx: Ctx): Promise<FireStandardView> {
  requireAccess(ctx.actor, 'fire_standard.read');
  const std = await ensureFireStandard(ctx.db, ctx.actor.districtId);
  const versions = await ctx.db.select().from(fireStandardVersions).where(eq(fireStandardVersions.standardId, std.id)).orderBy(desc(fireStandardVersions.number));
  const current = versions.find((v) => v.number === std.currentVersion)!;
  return {
    id: std.id,
    currentVersion: std.currentVersion,
    version: std.version,
    current: versionView(current),
    versions: versions.map((v) => {
      const { sections: _s, ...rest } = versionView(v);
      return rest;
    }),
    mayEdit: can(ctx.actor, 'fire_standard.manage'),
  };
}

export async function getFireStandardVersion(ctx: Ctx, number: number): Promise<FireStandardVersionView> {
  requireAccess(ctx.actor, 'fire_standard.read');
  const std = await ensureFireStandard(ctx.db, ctx.actor.districtId);
  const [v] = await ctx.db.select().from(fireStandardVersions).where(and(eq(fireStandardVersions.standardId, std.id), eq(fireStandardVersions.number, number)));
  if (!v) throw notFound('标准版本');
  return versionView(v);
}

/** The bureau revises the standard: a new version; assessments under way keep theirs. */
export async function reviseFireStandard(ctx: Ctx, input: ReviseFireStandard): Promise<FireStandardView> {
  requireAccess(ctx.actor, 'fire_standard.manage');
  const problems = checklistProblems(input.sections);
  if (problems.length) throw problemsError(problems, '标准条目');
  const std = await ensureFireStandard(ctx.db, ctx.actor.districtId);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(fireStandards).where(eq(fireStandards.id, std.id)).for('update');
    if (row.version !== input.version) throw staleVersion();
    const [was] = await tx.select().from(fireStandardVersions).where(and(eq(fireStandardVersions.standardId, row.id), eq(fireStandardVersions.number, row.currentVersion)));
    if (was.name === input.name && sameSections(was.sections as ChecklistSection[], input.sections)) throw badRequest('NO_CHANGE', '标准内容没有变化，无需保存新版本');
    const number = row.currentVersion + 1;
    await tx.insert(fireStandardVersions).values({ standardId: row.id, districtId: row.districtId, number, name: input.name, sections: input.sections, itemCount: itemCount(input.sections), reason: input.reason, createdBy: ctx.actor.id, createdByName: ctx.actor.displayName });
    await tx.update(fireStandards).set({ currentVersion: number, version: row.version + 1, updatedAt: ctx.now }).where(eq(fireStandards.id, row.id));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'fire_standard', objectId: row.id, before: { version: row.currentVersion, itemCount: was.itemCount }, after: { version: number, name: input.name, itemCount: itemCount(input.sections), reason: input.reason } });
  });
  return getFireStandard(ctx);
}

// ---- assessments -------------------------------------------------------------------------------

export const fireAssessmentScope = (actor: Actor) => schoolLedgerScope(actor, fireAssessments);

const school = alias(units, 'school');
const town = alias(units, 'town');

function selectAssessments(db: Executor) {
  return db
    .select({ a: fireAssessments, schoolName: school.name, stage: school.stage, townName: town.name, number: fireStandardVersions.number, itemCount: fireStandardVersions.itemCount })
    .from(fireAssessments)
    .innerJoin(school, eq(school.id, fireAssessments.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
    .innerJoin(fireStandardVersions, eq(fireStandardVersions.id, fireAssessments.standardVersionId));
}
type ListRow = Awaited<ReturnType<ReturnType<typeof selectAssessments>['where']>>[number];

function actionsOf(actor: Actor, a: AssessmentRow): FireAssessmentAction[] {
  const out: FireAssessmentAction[] = [];
  const status = a.status as FireAssessmentStatus;
  if (status === 'draft' && can(actor, 'fire_standard.assess')) out.push('edit', 'submit');
  if (status === 'submitted' && can(actor, 'fire_standard.accept') && actor.unitKind !== 'school') out.push('accept');
  const failing = failingKeys(a.answers as FireAnswer[]).length + a.failedKeys.length;
  if (status !== 'draft' && failing && can(actor, 'hazard.report') && (can(actor, 'fire_standard.assess') || can(actor, 'fire_standard.accept'))) out.push('hazard');
  return out;
}

function present(actor: Actor, r: ListRow): FireAssessmentView {
  const a = r.a;
  const answers = a.answers as FireAnswer[];
  return {
    id: a.id,
    schoolId: a.schoolId,
    schoolName: r.schoolName,
    townName: r.townName,
    stage: (r.stage as SchoolStage | null) ?? null,
    standardNumber: r.number,
    status: a.status as FireAssessmentStatus,
    answered: answers.length,
    itemCount: r.itemCount,
    failing: answers.filter((x) => x.result === 'fails').length,
    note: a.note,
    submittedOn: a.submittedOn,
    submittedByName: a.submittedByName,
    result: (a.result as FireAcceptResult | null) ?? null,
    acceptedOn: a.acceptedOn,
    acceptedByName: a.acceptedByName,
    acceptedUnitName: a.acceptedUnitName,
    acceptText: a.acceptText,
    failedKeys: a.failedKeys,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    actions: actionsOf(actor, a),
  };
}

export async function fireAssessmentFilter(ctx: Ctx, q: Partial<FireAssessmentListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [fireAssessmentScope(ctx.actor), ...(await placeFilters(ctx, fireAssessments, q))];
  if (q.status) conds.push(eq(fireAssessments.status, q.status));
  return and(...conds)!;
}

export async function listFireAssessments(ctx: Ctx, q: FireAssessmentListQuery) {
  requireAccess(ctx.actor, 'fire_standard.read');
  const where = await fireAssessmentFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectAssessments(ctx.db).where(where).orderBy(desc(fireAssessments.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(fireAssessments).where(where),
  ]);
  return { items: rows.map((r) => present(ctx.actor, r)), total, page: q.page, pageSize: q.pageSize };
}

async function rowInScope(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<AssessmentRow> {
  const q = db.select().from(fireAssessments).where(and(eq(fireAssessments.id, id), fireAssessmentScope(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('消防安全标准化自评');
  return row;
}

export async function getFireAssessment(ctx: Ctx, id: number): Promise<FireAssessmentDetail> {
  requireAccess(ctx.actor, 'fire_standard.read');
  const [r] = await selectAssessments(ctx.db).where(and(eq(fireAssessments.id, id), fireAssessmentScope(ctx.actor)));
  if (!r) throw notFound('消防安全标准化自评');
  const [v] = await ctx.db.select().from(fireStandardVersions).where(eq(fireStandardVersions.id, r.a.standardVersionId));
  const answers = r.a.answers as FireAnswer[];
  const [steps, linked, fileMap] = await Promise.all([
    ctx.db.select().from(fireAssessmentSteps).where(eq(fireAssessmentSteps.assessmentId, id)).orderBy(asc(fireAssessmentSteps.id)),
    ctx.db
      .select({ id: hazards.id, code: hazards.code, itemKey: hazards.itemKey, status: hazards.status })
      .from(hazards)
      .where(and(eq(hazards.schoolId, r.a.schoolId), eq(hazards.source, 'fire_standard'), sql`${hazards.itemKey} like ${`fire:${id}:%`}`))
      .orderBy(asc(hazards.id)),
    fileMapOf(ctx.db, answers.flatMap((x) => x.fileIds ?? [])),
  ]);
  return {
    ...present(ctx.actor, r),
    sections: v.sections as ChecklistSection[],
    answers: answers.map((x) => ({ key: x.key, result: x.result, note: x.note ?? null, fileIds: x.fileIds ?? [], files: filesOf(x.fileIds ?? [], fileMap) })),
    steps: steps.map((s) => ({ id: s.id, action: s.action as 'create' | 'submit' | 'accept' | 'fail', actorName: s.actorName, actorUnitName: s.actorUnitName, at: s.at.toISOString(), comment: s.comment })),
    hazards: linked.map((h) => ({ id: h.id, code: h.code, itemKey: (h.itemKey ?? '').split(':')[2] ?? '', status: h.status })),
  };
}

async function step(tx: Executor, ctx: Ctx, assessmentId: number, action: 'create' | 'submit' | 'accept' | 'fail', comment: string | null) {
  await tx.insert(fireAssessmentSteps).values({ assessmentId, districtId: ctx.actor.districtId, action, actorId: ctx.actor.id, actorName: ctx.actor.displayName, actorUnitName: ctx.actor.unitName, at: ctx.now, comment });
}

const OPEN_EXISTS = (id: number) => conflict('ASSESSMENT_OPEN', '本校已有一份进行中的消防安全标准化自评（自评中或待验收），请继续填写或等待验收', { assessmentId: id });

/** A school starts a self-assessment against the standard's current version. */
export async function createFireAssessment(ctx: Ctx, schoolId: number): Promise<FireAssessmentDetail> {
  requireAccess(ctx.actor, 'fire_standard.assess');
  const std = await ensureFireStandard(ctx.db, ctx.actor.districtId);
  let id: number;
  try {
    id = await ctx.db.transaction(async (tx) => {
      const s = await schoolRef(tx, ctx.actor, schoolId);
      const [open] = await tx.select({ id: fireAssessments.id }).from(fireAssessments).where(and(eq(fireAssessments.schoolId, s.id), inArray(fireAssessments.status, ['draft', 'submitted'])));
      if (open) throw OPEN_EXISTS(open.id);
      const [cur] = await tx.select().from(fireStandards).where(eq(fireStandards.id, std.id));
      const [v] = await tx.select({ id: fireStandardVersions.id, number: fireStandardVersions.number }).from(fireStandardVersions).where(and(eq(fireStandardVersions.standardId, cur.id), eq(fireStandardVersions.number, cur.currentVersion)));
      const [row] = await tx.insert(fireAssessments).values({ districtId: ctx.actor.districtId, schoolId: s.id, schoolPath: s.path, standardVersionId: v.id, createdBy: ctx.actor.id }).returning();
      await step(tx, ctx, row.id, 'create', null);
      await writeAudit(tx, ctx, { action: 'create', objectType: 'fire_assessment', objectId: row.id, after: { schoolId: s.id, standardVersion: v.number, status: 'draft' } });
      return row.id;
    });
  } catch (e) {
    // Two starts at the same moment: the index lets one in.
    if (isUniqueViolation(e, 'fire_assessments_open_uq')) throw conflict('ASSESSMENT_OPEN', '本校已有一份进行中的消防安全标准化自评（自评中或待验收），请继续填写或等待验收');
    throw e;
  }
  return getFireAssessment(ctx, id);
}

async function sectionsOf(tx: Executor, row: AssessmentRow): Promise<ChecklistSection[]> {
  const [v] = await tx.select({ sections: fireStandardVersions.sections }).from(fireStandardVersions).where(eq(fireStandardVersions.id, row.standardVersionId));
  return v.sections as ChecklistSection[];
}

function checkState(row: AssessmentRow, want: FireAssessmentStatus, doing: string) {
  if (row.status !== want) {
    const labels: Record<FireAssessmentStatus, string> = { draft: '自评中', submitted: '待验收', accepted: '验收达标', failed: '验收不达标' };
    throw conflict('INVALID_STATE', `该自评当前为“${labels[row.status as FireAssessmentStatus]}”，不能${doing}`);
  }
}

/** The school fills in its answers (a draft may be saved part-done). */
export async function updateFireAssessment(ctx: Ctx, id: number, input: UpdateFireAssessment): Promise<FireAssessmentDetail> {
  requireAccess(ctx.actor, 'fire_standard.assess');
  await ctx.db.transaction(async (tx) => {
    const row = await rowInScope(tx, ctx.actor, id, true);
    if (row.version !== input.version) throw staleVersion();
    checkState(row, 'draft', '修改');
    const problems = answerProblems(await sectionsOf(tx, row), input.answers);
    if (problems.length) throw problemsError(problems);
    const existing = (row.answers as FireAnswer[]).flatMap((x) => x.fileIds ?? []);
    const answers: FireAnswer[] = [];
    for (const [i, x] of input.answers.entries()) {
      const fileIds = await attachableFileIds(tx, ctx.actor, x.fileIds, { field: `answers.${i}.fileIds`, label: '照片/文件', existing });
      answers.push({ key: x.key, result: x.result, note: x.note?.trim() || null, fileIds });
    }
    await tx.update(fireAssessments).set({ answers, note: input.note?.trim() || null, version: row.version + 1, updatedAt: ctx.now }).where(eq(fireAssessments.id, id));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'fire_assessment', objectId: id, before: { answered: (row.answers as FireAnswer[]).length, version: row.version }, after: { answered: answers.length, failing: failingKeys(answers), version: row.version + 1 } });
  });
  return getFireAssessment(ctx, id);
}

/** The school submits for acceptance, every item answered, signed by the submitter. */
export async function submitFireAssessment(ctx: Ctx, id: number, version: number, comment: string | null | undefined): Promise<FireAssessmentDetail> {
  requireAccess(ctx.actor, 'fire_standard.assess');
  await ctx.db.transaction(async (tx) => {
    const row = await rowInScope(tx, ctx.actor, id, true);
    if (row.version !== version) throw staleVersion();
    checkState(row, 'draft', '提交');
    const problems = submitProblems(await sectionsOf(tx, row), row.answers as FireAnswer[]);
    if (problems.length) throw problemsError(problems);
    const today = todayOf(ctx);
    await tx.update(fireAssessments).set({ status: 'submitted', submittedOn: today, submittedBy: ctx.actor.id, submittedByName: ctx.actor.displayName, version: row.version + 1, updatedAt: ctx.now }).where(eq(fireAssessments.id, id));
    await step(tx, ctx, id, 'submit', comment?.trim() || null);
    await writeAudit(tx, ctx, { action: 'update', objectType: 'fire_assessment', objectId: id, before: { status: 'draft' }, after: { status: 'submitted', submittedOn: today, failing: failingKeys(row.answers as FireAnswer[]) } });
  });
  return getFireAssessment(ctx, id);
}

/** One failing item of an assessment into the hazard register, in the caller's transaction. */
async function itemHazardTx(tx: Tx, ctx: Ctx, row: AssessmentRow, sections: ChecklistSection[], key: string, grade: 'general' | 'major', foundOn: string) {
  const found = standardItem(sections, key)!;
  const itemKey = fireHazardKey(row.id, key);
  const [open] = await tx.select({ id: hazards.id, code: hazards.code }).from(hazards).where(and(eq(hazards.schoolId, row.schoolId), eq(hazards.itemKey, itemKey), ne(hazards.status, 'closed')));
  if (open) return { created: false as const, ...open };
  const answer = (row.answers as FireAnswer[]).find((a) => a.key === key);
  const note = answer?.result === 'fails' && answer.note ? `；自评说明：${answer.note}` : '';
  const created = await createHazardTx(tx, ctx, {
    schoolId: row.schoolId,
    area: found.section.area as SafetyArea,
    location: `全校（消防安全标准化：${found.section.title}）`,
    description: `消防安全标准化不符合项：${found.item.text}${note}（${found.item.source || '000 第5条、001 第13条'}）`,
    grade,
    source: 'fire_standard',
    foundOn,
    itemKey,
    fileIds: answer?.fileIds ?? [],
  });
  return { created: true as const, ...created };
}

/**
 * The district's acceptance (达标验收): 达标 or 不达标, the day and the inspector's signed text; on 不达标
 * every failed item becomes a hazard in the same transaction.
 */
export async function acceptFireAssessment(ctx: Ctx, id: number, input: AcceptFireAssessment): Promise<FireAssessmentDetail> {
  requireAccess(ctx.actor, 'fire_standard.accept');
  if (ctx.actor.unitKind === 'school') throw forbidden('学校不能验收本校的消防安全标准化');
  await ctx.db.transaction(async (tx) => {
    const row = await rowInScope(tx, ctx.actor, id, true);
    if (row.version !== input.version) throw staleVersion();
    checkState(row, 'submitted', '验收');
    const sections = await sectionsOf(tx, row);
    const failedKeys = [...new Set(input.failedKeys)];
    const problems = acceptProblems(sections, { ...input, failedKeys }, todayOf(ctx), row.submittedOn!);
    if (problems.length) throw problemsError(problems);
    const status = input.result === 'pass' ? 'accepted' : 'failed';
    await tx
      .update(fireAssessments)
      .set({ status, result: input.result, acceptedOn: input.acceptedOn, acceptedBy: ctx.actor.id, acceptedByName: ctx.actor.displayName, acceptedUnitName: ctx.actor.unitName, acceptedAt: ctx.now, acceptText: input.comment, failedKeys, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(fireAssessments.id, id));
    await step(tx, ctx, id, input.result === 'pass' ? 'accept' : 'fail', input.comment);
    const codes: string[] = [];
    if (input.result === 'fail' && can(ctx.actor, 'hazard.report')) {
      for (const key of failedKeys) codes.push((await itemHazardTx(tx, ctx, row, sections, key, 'general', input.acceptedOn)).code);
    }
    await writeAudit(tx, ctx, { action: 'update', objectType: 'fire_assessment', objectId: id, before: { status: 'submitted' }, after: { status, result: input.result, acceptedOn: input.acceptedOn, failedKeys, hazards: codes } });
  });
  return getFireAssessment(ctx, id);
}

/** A failed item (the school's 不符合 or the acceptance's) becomes a hazard in one step. */
export async function fireItemHazard(ctx: Ctx, id: number, key: string, grade: 'general' | 'major') {
  requireAccess(ctx.actor, 'hazard.report');
  if (!can(ctx.actor, 'fire_standard.assess') && !can(ctx.actor, 'fire_standard.accept')) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const row = await rowInScope(tx, ctx.actor, id, true);
    if (row.status === 'draft') throw conflict('INVALID_STATE', '自评提交后才能将不符合项生成隐患');
    const failing = new Set([...failingKeys(row.answers as FireAnswer[]), ...row.failedKeys]);
    if (!failing.has(key)) throw fieldError('key', '该条目未被判定为不符合，不能生成隐患', '条目');
    const h = await itemHazardTx(tx, ctx, row, await sectionsOf(tx, row), key, grade, todayOf(ctx));
    if (!h.created) throw conflict('HAZARD_EXISTS', `该条目已有未销号的隐患 ${h.code}，请在隐患台账中跟进`, { hazardId: h.id, code: h.code });
    await writeAudit(tx, ctx, { action: 'update', objectType: 'fire_assessment', objectId: id, after: { hazard: h.code, key } });
    return { hazardId: h.id, code: h.code };
  });
}

// ---- fire patrol staff (消防巡查人员, 001 item 13) ------------------------------------------------

export const firePatrolScope = (actor: Actor) => schoolLedgerScope(actor, firePatrolStaff);

export async function listFirePatrol(ctx: Ctx, q: { schoolId?: number; townId?: number }): Promise<{ items: FirePatrolView[] }> {
  requireAccess(ctx.actor, 'fire_standard.read');
  const conds = [firePatrolScope(ctx.actor), eq(firePatrolStaff.status, 'active'), ...(await placeFilters(ctx, firePatrolStaff, q))];
  const rows = await ctx.db
    .select({ p: firePatrolStaff, schoolName: units.name, staffName: staffMembers.name })
    .from(firePatrolStaff)
    .innerJoin(units, eq(units.id, firePatrolStaff.schoolId))
    .innerJoin(staffMembers, eq(staffMembers.id, firePatrolStaff.staffId))
    .where(and(...conds))
    .orderBy(asc(units.name), asc(firePatrolStaff.id))
    .limit(2000);
  return { items: rows.map((r) => ({ id: r.p.id, schoolId: r.p.schoolId, schoolName: r.schoolName, staffId: r.p.staffId, staffName: r.staffName, patrolArea: r.p.patrolArea, namedOn: r.p.namedOn, version: r.p.version })) };
}

async function patrolView(db: Executor, id: number): Promise<FirePatrolView> {
  const [r] = await db
    .select({ p: firePatrolStaff, schoolName: units.name, staffName: staffMembers.name })
    .from(firePatrolStaff)
    .innerJoin(units, eq(units.id, firePatrolStaff.schoolId))
    .innerJoin(staffMembers, eq(staffMembers.id, firePatrolStaff.staffId))
    .where(eq(firePatrolStaff.id, id));
  return { id: r.p.id, schoolId: r.p.schoolId, schoolName: r.schoolName, staffId: r.p.staffId, staffName: r.staffName, patrolArea: r.p.patrolArea, namedOn: r.p.namedOn, version: r.p.version };
}

export async function nameFirePatrol(ctx: Ctx, input: { schoolId: number; staffId: number; patrolArea: string; namedOn: string }): Promise<FirePatrolView> {
  requireAccess(ctx.actor, 'fire_standard.assess');
  const late = pastDayProblem(input.namedOn, todayOf(ctx));
  if (late) throw fieldError('namedOn', late, '指定日期');
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const s = await schoolRef(tx, ctx.actor, input.schoolId);
      const [staff] = await staffRefs(tx, ctx.actor, [input.staffId], { field: 'staffId', schoolId: s.id });
      if (staff.leftOn && staff.leftOn <= todayOf(ctx)) throw fieldError('staffId', `${staff.name}已离岗，不能指定为消防巡查人员`);
      const [dup] = await tx.select({ id: firePatrolStaff.id }).from(firePatrolStaff).where(and(eq(firePatrolStaff.schoolId, s.id), eq(firePatrolStaff.staffId, staff.id), eq(firePatrolStaff.status, 'active')));
      if (dup) throw conflict('PATROL_EXISTS', `${staff.name}已是本校消防巡查人员`, { field: 'staffId', id: dup.id });
      const [row] = await tx.insert(firePatrolStaff).values({ districtId: ctx.actor.districtId, schoolId: s.id, schoolPath: s.path, staffId: staff.id, patrolArea: input.patrolArea, namedOn: input.namedOn, createdBy: ctx.actor.id }).returning();
      await writeAudit(tx, ctx, { action: 'create', objectType: 'fire_patrol_staff', objectId: row.id, after: { schoolId: s.id, staffId: staff.id, patrolArea: row.patrolArea, namedOn: row.namedOn } });
      return row.id;
    });
    return patrolView(ctx.db, id);
  } catch (e) {
    if (isUniqueViolation(e, 'fire_patrol_staff_uq')) throw conflict('PATROL_EXISTS', '该人员已是本校消防巡查人员');
    throw e;
  }
}

async function patrolInScope(tx: Executor, actor: Actor, id: number, version: number) {
  const [row] = await tx.select().from(firePatrolStaff).where(and(eq(firePatrolStaff.id, id), firePatrolScope(actor), eq(firePatrolStaff.status, 'active'))).for('update');
  if (!row) throw notFound('消防巡查人员');
  if (row.version !== version) throw staleVersion();
  return row;
}

export async function updateFirePatrol(ctx: Ctx, id: number, input: { version: number; patrolArea: string }): Promise<FirePatrolView> {
  requireAccess(ctx.actor, 'fire_standard.assess');
  await ctx.db.transaction(async (tx) => {
    const row = await patrolInScope(tx, ctx.actor, id, input.version);
    await tx.update(firePatrolStaff).set({ patrolArea: input.patrolArea, version: row.version + 1, updatedAt: ctx.now }).where(eq(firePatrolStaff.id, id));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'fire_patrol_staff', objectId: id, before: { patrolArea: row.patrolArea }, after: { patrolArea: input.patrolArea } });
  });
  return patrolView(ctx.db, id);
}

export async function removeFirePatrol(ctx: Ctx, id: number, version: number): Promise<{ ok: true }> {
  requireAccess(ctx.actor, 'fire_standard.assess');
  await ctx.db.transaction(async (tx) => {
    const row = await patrolInScope(tx, ctx.actor, id, version);
    await tx.update(firePatrolStaff).set({ status: 'removed', version: row.version + 1, updatedAt: ctx.now }).where(eq(firePatrolStaff.id, id));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'fire_patrol_staff', objectId: id, before: { status: 'active' }, after: { status: 'removed' } });
  });
  return { ok: true };
}

// ---- the summary: share accepted by town and by type, the schools not yet accepted --------------

/** Every school in the caller's scope (off-campus institutions are not judged) with where it stands. */
export async function fireSchoolRows(ctx: Ctx, q: FireSummaryQuery): Promise<FireSchoolRow[]> {
  requireAccess(ctx.actor, 'fire_standard.read');
  const conds: Array<SQL | undefined> = [unitScope(ctx.actor, school), eq(school.kind, 'school'), eq(school.status, 'active'), sql`coalesce(${school.stage}, '') <> 'off_campus'`];
  if (q.townId) {
    const [t] = await ctx.db.select({ path: units.path }).from(units).where(and(eq(units.id, q.townId), unitScope(ctx.actor)));
    if (!t) throw notFound('镇街');
    conds.push(sql`${school.path} like ${`${t.path}%`}`);
  }
  if (q.stage) conds.push(eq(school.stage, q.stage));
  const rows = await ctx.db
    .select({
      id: school.id,
      name: school.name,
      stage: school.stage,
      townName: town.name,
      latestId: sql<number | null>`(select a.id from fire_assessments a where a.school_id = ${school.id} order by a.id desc limit 1)`,
      latestStatus: sql<string | null>`(select a.status from fire_assessments a where a.school_id = ${school.id} order by a.id desc limit 1)`,
      submittedOn: sql<string | null>`(select a.submitted_on::text from fire_assessments a where a.school_id = ${school.id} order by a.id desc limit 1)`,
      decided: sql<string | null>`(select a.result || ':' || a.accepted_on::text from fire_assessments a where a.school_id = ${school.id} and a.status in ('accepted','failed') order by a.accepted_on desc, a.id desc limit 1)`,
      patrol: sql<number>`(select count(*)::int from fire_patrol_staff p where p.school_id = ${school.id} and p.status = 'active')`,
    })
    .from(school)
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
    .where(and(...conds))
    .orderBy(asc(school.path));
  return rows.map((r) => {
    const [result, acceptedOn] = r.decided ? (r.decided.split(':') as [FireAcceptResult, string]) : [null, null];
    const { state, accepted } = fireSchoolState(r.latestStatus ? { status: r.latestStatus as FireAssessmentStatus } : null, result ? { result } : null);
    return {
      schoolId: r.id,
      schoolName: r.name,
      townName: r.townName,
      stage: (r.stage as SchoolStage | null) ?? null,
      state,
      accepted,
      acceptedOn: accepted ? acceptedOn : null,
      latestAssessmentId: r.latestId === null ? null : Number(r.latestId),
      submittedOn: r.submittedOn,
      patrolStaff: Number(r.patrol),
    };
  });
}

export async function fireSummary(ctx: Ctx, q: FireSummaryQuery): Promise<FireSummary> {
  const rows = await fireSchoolRows(ctx, q);
  const { pack } = await loadRulePack(ctx.db, ctx.actor.districtId);
  const rule = pack.rules.find((r) => r.code === 'fire.standard_accepted');
  const dueBy = rule?.measure.kind === 'ledger_check' ? (rule.measure.dueBy ?? '12-31') : '12-31';
  const asOf = todayOf(ctx);
  const group = (keyOf: (r: FireSchoolRow) => string, labelOf: (r: FireSchoolRow) => string) => {
    const m = new Map<string, { key: string; label: string; schools: number; accepted: number; submitted: number; failed: number }>();
    for (const r of rows) {
      const k = keyOf(r);
      let g = m.get(k);
      if (!g) m.set(k, (g = { key: k, label: labelOf(r), schools: 0, accepted: 0, submitted: 0, failed: 0 }));
      g.schools++;
      if (r.accepted) g.accepted++;
      if (r.state === 'submitted') g.submitted++;
      if (r.state === 'failed') g.failed++;
    }
    return [...m.values()];
  };
  return {
    asOf,
    dueOn: dueDayOf(asOf, dueBy),
    schools: rows.length,
    accepted: rows.filter((r) => r.accepted).length,
    byTown: group((r) => r.townName ?? '', (r) => r.townName ?? '局直属'),
    byStage: group((r) => r.stage ?? '', (r) => (r.stage ? schoolStageLabels[r.stage] : '未填学段')),
    notAccepted: rows.filter((r) => !r.accepted),
  };
}
