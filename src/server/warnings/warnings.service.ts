// Warnings with receipts (预警提示, 000 item 10; 分级响应, 004 item 4; issue 21). The bureau, or a town
// for its own schools, issues a warning to schools in its scope; each school signs for it (签收) and
// reports what it did per required action, with photos; the issuer watches the receipts come in by
// town, reminds the missing ones (一键提醒, not twice within REMIND_GAP_MINUTES) and closes it. A
// school not signed within the pack's hours is overdue and its town officers are told once (the
// hourly-style job below). Every write in one transaction with its audit event.
import { and, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { BoardSchool, IssueWarning, MyReceipt, ReportWarning, TargetMode, WarningBoard, WarningListQuery, WarningView } from '../../contracts/warnings.js';
import { warningKindLabels, warningLevelLabels } from '../../contracts/warnings.js';
import type { Rule } from '../../domain/rules/pack.js';
import {
  DEFAULT_SIGN_WITHIN_HOURS,
  deadlineProblem,
  receiptState,
  remindRefusal,
  reportProblems,
  requiredActionsFor,
  signDueAt,
  signOverdue,
  tallyByTown,
  type ReportEntry,
  type RequiredAction,
  type WarningAction,
  type WarningKind,
  type WarningLevel,
} from '../../domain/warnings.js';
import { can, requireAccess, unitInScope, unitScope, type Actor } from '../access/access.js';
import { attachableFileIds, labelOf, unitRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { rulePacks, rulePackVersions, units, userRoles, users, warningReceipts, warnings, warningTargets } from '../db/schema.js';
import { conflict, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { fileMapOf, filesOf } from '../ledger/ledger-helpers.js';
import { notify, settleReminders } from '../notifications/notifications.service.js';

type WarningRow = typeof warnings.$inferSelect;

/** The pack rule whose threshold is the hours a school has to sign (000 item 10). */
export const SIGN_RULE_CODE = 'warning.signed_on_time';

const linkOf = (id: number) => `/warnings/${id}`;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The hours the district's pack gives a school to sign; the default when the pack has no such rule. */
export async function signHoursFor(db: Executor, districtId: number): Promise<number> {
  const [row] = await db
    .select({ rules: rulePackVersions.rules })
    .from(rulePacks)
    .innerJoin(rulePackVersions, and(eq(rulePackVersions.packId, rulePacks.id), eq(rulePackVersions.number, rulePacks.currentVersion)))
    .where(eq(rulePacks.districtId, districtId));
  const rule = ((row?.rules as Rule[] | undefined) ?? []).find((r) => r.code === SIGN_RULE_CODE);
  return rule?.enabled && rule.threshold.min >= 1 ? Math.round(rule.threshold.min) : DEFAULT_SIGN_WITHIN_HOURS;
}

// ---- scope ---------------------------------------------------------------------------------------

/** The targets a person sees: every one in the district, or those in their subtree. */
function targetScope(actor: Actor): SQL {
  const district = eq(warningTargets.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(warningTargets.schoolPath, `${actor.unitPath}%`))!;
}

/** A warning is seen by the district, by the unit that issued it and above, and by the units it went to. */
function warningScope(actor: Actor): SQL {
  const district = eq(warnings.districtId, actor.districtId);
  if (actor.scope !== 'unit') return district;
  const mine = sql`exists (select 1 from ${warningTargets} t where t.warning_id = ${warnings.id} and t.school_path like ${`${actor.unitPath}%`})`;
  return and(district, or(like(warnings.issuerUnitPath, `${actor.unitPath}%`), mine))!;
}

/** Reminding and closing belong to the issuing unit and the units above it (the bureau). */
const mayManage = (actor: Actor, w: WarningRow) => can(actor, 'warning.issue') && unitInScope(actor, { districtId: w.districtId, path: w.issuerUnitPath });

async function warningOr404(db: Executor, actor: Actor, id: number, lock?: 'update' | 'share'): Promise<WarningRow> {
  const q = db.select().from(warnings).where(and(eq(warnings.id, id), warningScope(actor)));
  const [w] = lock ? await q.for(lock) : await q;
  if (!w) throw notFound('预警提示');
  return w;
}

// ---- views ---------------------------------------------------------------------------------------

async function countsOf(db: Executor, actor: Actor, ids: number[]) {
  const m = new Map<number, { targets: number; signed: number; reported: number }>();
  if (!ids.length) return m;
  const rows = await db
    .select({
      id: warningTargets.warningId,
      targets: sql<number>`count(*)`.mapWith(Number),
      signed: sql<number>`count(${warningReceipts.id})`.mapWith(Number),
      reported: sql<number>`count(${warningReceipts.reportedAt})`.mapWith(Number),
    })
    .from(warningTargets)
    .leftJoin(warningReceipts, and(eq(warningReceipts.warningId, warningTargets.warningId), eq(warningReceipts.schoolId, warningTargets.schoolId)))
    .where(and(inArray(warningTargets.warningId, ids), targetScope(actor)))
    .groupBy(warningTargets.warningId);
  for (const r of rows) m.set(r.id, r);
  return m;
}

async function myReceiptOf(db: Executor, actor: Actor, w: WarningRow, now: Date): Promise<MyReceipt | null> {
  if (actor.unitKind !== 'school') return null;
  const [t] = await db
    .select({ shelter: warningTargets.shelter, schoolName: units.name })
    .from(warningTargets)
    .innerJoin(units, eq(units.id, warningTargets.schoolId))
    .where(and(eq(warningTargets.warningId, w.id), eq(warningTargets.schoolId, actor.unitId)));
  if (!t) return null;
  const [r] = await db
    .select()
    .from(warningReceipts)
    .where(and(eq(warningReceipts.warningId, w.id), eq(warningReceipts.schoolId, actor.unitId)));
  const results = (r?.report as ReportEntry[] | null) ?? [];
  const files = await fileMapOf(db, results.flatMap((e) => e.fileIds));
  return {
    schoolId: actor.unitId,
    schoolName: t.schoolName,
    shelter: t.shelter,
    required: requiredActionsFor(w.actions as WarningAction[], t.shelter),
    state: receiptState(r ?? null),
    signedAt: iso(r?.signedAt),
    signedByName: r?.signedByName ?? null,
    reportedAt: iso(r?.reportedAt),
    reportedByName: r?.reportedByName ?? null,
    overdue: signOverdue(w.issuedAt, w.signWithinHours, r?.signedAt ?? null, now),
    results: results.map((e) => ({ action: e.action, done: e.done, note: e.note ?? null, files: filesOf(e.fileIds, files) })),
    reportNote: r?.reportNote ?? null,
    version: r?.version ?? null,
  };
}

function viewOf(actor: Actor, w: WarningRow, counts: { targets: number; signed: number; reported: number } | undefined, mine: MyReceipt | null): WarningView {
  const open = w.status === 'open';
  const allowed: WarningView['allowed'] = [];
  if (open && mine && can(actor, 'warning.sign')) {
    if (mine.state === 'missing') allowed.push('sign');
    if (mine.state === 'signed') allowed.push('report');
  }
  if (open && mayManage(actor, w)) allowed.push('remind', 'close');
  return {
    id: w.id,
    kind: w.kind as WarningKind,
    level: w.level as WarningLevel,
    title: w.title,
    actions: w.actions as WarningAction[],
    requirements: w.requirements,
    targetMode: w.targetMode as TargetMode,
    issuerUnitName: w.issuerUnitName,
    issuedAt: w.issuedAt.toISOString(),
    issuedByName: w.issuedByName,
    deadlineAt: w.deadlineAt.toISOString(),
    signDueAt: signDueAt(w.issuedAt, w.signWithinHours).toISOString(),
    signWithinHours: w.signWithinHours,
    status: w.status as WarningView['status'],
    closedAt: iso(w.closedAt),
    closedByName: w.closedByName,
    lastRemindedAt: iso(w.lastRemindedAt),
    version: w.version,
    targets: counts?.targets ?? 0,
    signed: counts?.signed ?? 0,
    reported: counts?.reported ?? 0,
    mine,
    allowed,
  };
}

async function viewById(db: Executor, actor: Actor, id: number, now: Date): Promise<WarningView> {
  const w = await warningOr404(db, actor, id);
  return viewOf(actor, w, (await countsOf(db, actor, [w.id])).get(w.id), await myReceiptOf(db, actor, w, now));
}

export async function listWarnings(ctx: Ctx, q: WarningListQuery) {
  requireAccess(ctx.actor, 'warning.read');
  const where = and(warningScope(ctx.actor), q.status ? eq(warnings.status, q.status) : undefined);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(warnings).where(where);
  const rows = await ctx.db
    .select()
    .from(warnings)
    .where(where)
    .orderBy(desc(warnings.issuedAt), desc(warnings.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const counts = await countsOf(ctx.db, ctx.actor, rows.map((r) => r.id));
  const items = await Promise.all(rows.map(async (w) => viewOf(ctx.actor, w, counts.get(w.id), await myReceiptOf(ctx.db, ctx.actor, w, ctx.now))));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** The school's open warnings still waiting on it (to sign or to report): the card on its home page. */
export async function pendingWarnings(ctx: Ctx) {
  requireAccess(ctx.actor, 'warning.read');
  if (ctx.actor.unitKind !== 'school') return { items: [] };
  const rows = await ctx.db
    .select({ w: warnings })
    .from(warnings)
    .innerJoin(warningTargets, and(eq(warningTargets.warningId, warnings.id), eq(warningTargets.schoolId, ctx.actor.unitId)))
    .leftJoin(warningReceipts, and(eq(warningReceipts.warningId, warnings.id), eq(warningReceipts.schoolId, ctx.actor.unitId)))
    .where(and(eq(warnings.districtId, ctx.actor.districtId), eq(warnings.status, 'open'), isNull(warningReceipts.reportedAt)))
    .orderBy(desc(warnings.issuedAt))
    .limit(20);
  const items = await Promise.all(rows.map(async ({ w }) => viewOf(ctx.actor, w, undefined, await myReceiptOf(ctx.db, ctx.actor, w, ctx.now))));
  return { items };
}

export function getWarning(ctx: Ctx, id: number) {
  requireAccess(ctx.actor, 'warning.read');
  return viewById(ctx.db, ctx.actor, id, ctx.now);
}

// ---- issuing -------------------------------------------------------------------------------------

interface TargetRow {
  schoolId: number;
  schoolPath: string;
  townId: number | null;
  shelter: boolean;
}

/** The schools a warning goes to, all in the issuer's scope: another unit's id is a 404. */
async function resolveTargets(db: Executor, actor: Actor, mode: TargetMode, ids: number[]): Promise<TargetRow[]> {
  const parent = alias(units, 'parent');
  let where: SQL | undefined;
  if (mode === 'towns') {
    const towns = await unitRefs(db, actor, ids, { field: 'targetUnitIds', what: '镇街', kinds: ['town'], kindMessage: '请选择镇街' });
    where = or(...towns.map((t) => like(units.path, `${t.path}%`)));
  } else if (mode === 'schools') {
    await unitRefs(db, actor, ids, { field: 'targetUnitIds', what: '学校', kinds: ['school'], kindMessage: '请选择学校', active: true });
    where = inArray(units.id, ids);
  }
  const rows = await db
    .select({ schoolId: units.id, schoolPath: units.path, parentId: units.parentId, parentKind: parent.kind, shelter: units.shelter })
    .from(units)
    .leftJoin(parent, eq(parent.id, units.parentId))
    .where(and(unitScope(actor), eq(units.kind, 'school'), eq(units.status, 'active'), where));
  return rows.map((r) => ({ schoolId: r.schoolId, schoolPath: r.schoolPath, townId: r.parentKind === 'town' ? r.parentId : null, shelter: r.shelter }));
}

/** Principals and safety officers of the schools, who sign for them. */
async function contactsOf(db: Executor, schoolIds: number[]): Promise<number[]> {
  if (!schoolIds.length) return [];
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(users.unitId, schoolIds), eq(users.status, 'active'), inArray(userRoles.roleKey, ['principal', 'school_safety_officer'])));
  return rows.map((r) => r.id);
}

const headline = (w: Pick<WarningRow, 'kind' | 'level' | 'title'>) => `【${warningKindLabels[w.kind as WarningKind]}${warningLevelLabels[w.level as WarningLevel]}】${w.title}`;

export async function issueWarning(ctx: Ctx, input: IssueWarning): Promise<WarningView> {
  requireAccess(ctx.actor, 'warning.issue');
  if (ctx.actor.unitKind !== 'bureau' && ctx.actor.unitKind !== 'town') throw forbidden('只有教育局或镇街可以发布预警提示');
  const deadlineAt = new Date(input.deadlineAt);
  const problem = deadlineProblem(deadlineAt, ctx.now);
  if (problem) throw fieldError(problem.field, problem.message);
  const id = await ctx.db.transaction(async (tx) => {
    const targets = await resolveTargets(tx, ctx.actor, input.targetMode, input.targetUnitIds);
    if (!targets.length) throw fieldError('targetUnitIds', '所选范围内没有在用的学校');
    const hours = await signHoursFor(tx, ctx.actor.districtId);
    const [w] = await tx
      .insert(warnings)
      .values({
        districtId: ctx.actor.districtId,
        issuerUnitId: ctx.actor.unitId,
        issuerUnitPath: ctx.actor.unitPath,
        issuerUnitName: ctx.actor.unitName,
        kind: input.warningKind,
        level: input.warningLevel,
        title: input.warningTitle,
        actions: input.warningActions,
        requirements: input.requirements?.trim() || null,
        targetMode: input.targetMode,
        issuedAt: ctx.now,
        issuedBy: ctx.actor.id,
        issuedByName: ctx.actor.displayName,
        deadlineAt,
        signWithinHours: hours,
      })
      .returning();
    for (let i = 0; i < targets.length; i += 2000) {
      await tx.insert(warningTargets).values(targets.slice(i, i + 2000).map((t) => ({ warningId: w.id, districtId: w.districtId, ...t })));
    }
    // The bell tells each school's principals and safety officers that a warning waits for them.
    const people = await contactsOf(tx, targets.map((t) => t.schoolId));
    await notify(tx, w.districtId, people, { kind: 'warning_issued', title: `${headline(w)}，请签收并上报落实情况`, link: linkOf(w.id), dedupeKey: `warning:${w.id}` });
    await writeAudit(tx, ctx, {
      action: 'create',
      objectType: 'warning',
      objectId: w.id,
      after: { kind: w.kind, level: w.level, title: w.title, actions: w.actions, targetMode: w.targetMode, targetUnitIds: input.targetUnitIds, schools: targets.length, deadlineAt: w.deadlineAt.toISOString(), signWithinHours: hours },
    });
    return w.id;
  });
  return viewById(ctx.db, ctx.actor, id, ctx.now);
}

// ---- the school's receipt ------------------------------------------------------------------------

const closedError = () => conflict('WARNING_CLOSED', '该预警已关闭，不能再签收或上报');

async function targetOf(tx: Executor, actor: Actor, w: WarningRow) {
  requireAccess(actor, 'warning.sign');
  const [t] =
    actor.unitKind === 'school'
      ? await tx
          .select()
          .from(warningTargets)
          .where(and(eq(warningTargets.warningId, w.id), eq(warningTargets.schoolId, actor.unitId)))
      : [];
  // A warning that did not go to the caller's school is not theirs to sign: as if absent.
  if (!t) throw notFound('预警提示');
  return t;
}

/** 签收: one tap. Of two signatures at once the unique receipt keeps one; the other is a 409. */
export async function signWarning(ctx: Ctx, id: number): Promise<WarningView> {
  return ctx.db.transaction(async (tx) => {
    // Shared lock: schools sign side by side, while closing (an update lock) waits for them.
    const w = await warningOr404(tx, ctx.actor, id, 'share');
    const t = await targetOf(tx, ctx.actor, w);
    if (w.status !== 'open') throw closedError();
    const [r] = await tx
      .insert(warningReceipts)
      .values({ warningId: w.id, districtId: w.districtId, schoolId: t.schoolId, schoolPath: t.schoolPath, signedAt: ctx.now, signedBy: ctx.actor.id, signedByName: ctx.actor.displayName })
      .onConflictDoNothing()
      .returning();
    if (!r) {
      const [first] = await tx.select().from(warningReceipts).where(and(eq(warningReceipts.warningId, w.id), eq(warningReceipts.schoolId, t.schoolId)));
      throw conflict('ALREADY_SIGNED', `本校已签收该预警（${first?.signedByName ?? ''}）`);
    }
    await writeAudit(tx, ctx, { action: 'sign', objectType: 'warning_receipt', objectId: r.id, after: { warningId: w.id, schoolId: t.schoolId, overdue: signOverdue(w.issuedAt, w.signWithinHours, ctx.now, ctx.now) } });
    await settleReminders(tx, ctx.now, await contactsOf(tx, [t.schoolId]), linkOf(w.id), ['warning_issued']);
    // The answer is read in the same transaction: read after it on a second connection, a busy pool
    // could fail the request (503) after the receipt was stored, and the school would not know.
    return viewById(tx, ctx.actor, id, ctx.now);
  });
}

/** The school's report: every required action done or why not, with photos; once, after signing, before the close. */
export async function reportWarning(ctx: Ctx, id: number, input: ReportWarning): Promise<WarningView> {
  return ctx.db.transaction(async (tx) => {
    const w = await warningOr404(tx, ctx.actor, id, 'share');
    const t = await targetOf(tx, ctx.actor, w);
    if (w.status !== 'open') throw closedError();
    const [r] = await tx
      .select()
      .from(warningReceipts)
      .where(and(eq(warningReceipts.warningId, w.id), eq(warningReceipts.schoolId, t.schoolId)))
      .for('update');
    if (!r) throw conflict('NOT_SIGNED', '请先签收该预警，再上报落实情况');
    if (r.reportedAt) throw conflict('ALREADY_REPORTED', '本校已上报落实情况');
    if (r.version !== input.version) throw staleVersion();
    const entries: ReportEntry[] = input.actionResults.map((e) => ({ action: e.action as RequiredAction, done: e.done, note: e.note?.trim() || null, fileIds: e.fileIds }));
    const problems = reportProblems(requiredActionsFor(w.actions as WarningAction[], t.shelter), entries);
    if (problems.length) {
      const field = problems[0].field.replace(/^actions/, 'actionResults');
      throw fieldError(field, problems[0].message, labelOf(field));
    }
    for (const [i, e] of entries.entries()) {
      e.fileIds = await attachableFileIds(tx, ctx.actor, e.fileIds, { field: `actionResults.${i}.fileIds`, label: '照片/文件' });
    }
    const [after] = await tx
      .update(warningReceipts)
      .set({ report: entries, reportNote: input.reportNote?.trim() || null, reportedAt: ctx.now, reportedBy: ctx.actor.id, reportedByName: ctx.actor.displayName, version: r.version + 1 })
      .where(and(eq(warningReceipts.id, r.id), eq(warningReceipts.version, r.version)))
      .returning({ id: warningReceipts.id });
    if (!after) throw staleVersion();
    await writeAudit(tx, ctx, {
      action: 'submit',
      objectType: 'warning_receipt',
      objectId: r.id,
      after: { warningId: w.id, schoolId: t.schoolId, late: ctx.now > w.deadlineAt, results: entries.map((e) => ({ action: e.action, done: e.done, files: e.fileIds.length })) },
    });
    await settleReminders(tx, ctx.now, await contactsOf(tx, [t.schoolId]), linkOf(w.id), ['warning_issued', 'warning_reminder']);
    return viewById(tx, ctx.actor, id, ctx.now); // as signWarning: no second connection after the write
  });
}

// ---- the issuer's live view, reminders, closing --------------------------------------------------

export async function warningBoard(ctx: Ctx, id: number): Promise<WarningBoard> {
  requireAccess(ctx.actor, 'warning.read');
  const w = await warningOr404(ctx.db, ctx.actor, id);
  const town = alias(units, 'town');
  const rows = await ctx.db
    .select({
      schoolId: warningTargets.schoolId,
      schoolName: units.name,
      townId: warningTargets.townId,
      townName: town.name,
      shelter: warningTargets.shelter,
      signedAt: warningReceipts.signedAt,
      signedByName: warningReceipts.signedByName,
      reportedAt: warningReceipts.reportedAt,
      report: warningReceipts.report,
    })
    .from(warningTargets)
    .innerJoin(units, eq(units.id, warningTargets.schoolId))
    .leftJoin(town, eq(town.id, warningTargets.townId))
    .leftJoin(warningReceipts, and(eq(warningReceipts.warningId, warningTargets.warningId), eq(warningReceipts.schoolId, warningTargets.schoolId)))
    .where(and(eq(warningTargets.warningId, w.id), targetScope(ctx.actor)));
  const order = { missing: 0, signed: 1, reported: 2 } as const;
  const schools: BoardSchool[] = rows
    .map((r) => ({
      schoolId: r.schoolId,
      schoolName: r.schoolName,
      townId: r.townId,
      townName: r.townName ?? '局直属',
      shelter: r.shelter,
      state: receiptState(r.signedAt ? { signedAt: r.signedAt, reportedAt: r.reportedAt } : null),
      overdue: signOverdue(w.issuedAt, w.signWithinHours, r.signedAt, ctx.now),
      signedAt: iso(r.signedAt),
      signedByName: r.signedByName,
      reportedAt: iso(r.reportedAt),
      lateReport: r.reportedAt ? r.reportedAt > w.deadlineAt : ctx.now > w.deadlineAt,
      notDone: ((r.report as ReportEntry[] | null) ?? []).filter((e) => !e.done).length,
    }))
    .sort((a, b) => order[a.state] - order[b.state] || Number(b.overdue) - Number(a.overdue) || a.townName.localeCompare(b.townName, 'zh-Hans-CN') || a.schoolName.localeCompare(b.schoolName, 'zh-Hans-CN'));
  const counts = { targets: schools.length, signed: schools.filter((s) => s.state !== 'missing').length, reported: schools.filter((s) => s.state === 'reported').length };
  return { warning: viewOf(ctx.actor, w, counts, null), byTown: tallyByTown(schools), schools, at: ctx.now.toISOString() };
}

/** 一键提醒: every school in the caller's scope that has not reported hears it once; not again within the gap. */
export async function remindWarning(ctx: Ctx, id: number, version: number) {
  requireAccess(ctx.actor, 'warning.issue');
  const result = await ctx.db.transaction(async (tx) => {
    const w = await warningOr404(tx, ctx.actor, id, 'update');
    if (!mayManage(ctx.actor, w)) throw forbidden('只有发布单位可以提醒');
    if (w.status !== 'open') throw closedError();
    if (w.version !== version) throw staleVersion();
    const refusal = remindRefusal(w.lastRemindedAt, ctx.now);
    if (refusal) throw conflict('REMINDED_RECENTLY', refusal);
    const missing = await tx
      .select({ schoolId: warningTargets.schoolId })
      .from(warningTargets)
      .where(
        and(
          eq(warningTargets.warningId, w.id),
          targetScope(ctx.actor),
          sql`not exists (select 1 from ${warningReceipts} r where r.warning_id = ${w.id} and r.school_id = ${warningTargets.schoolId} and r.reported_at is not null)`,
        ),
      );
    const people = await contactsOf(tx, missing.map((m) => m.schoolId));
    const n = w.reminders + 1;
    await notify(tx, w.districtId, people, { kind: 'warning_reminder', title: `请尽快签收并上报：${headline(w)}`, link: linkOf(w.id), dedupeKey: `warning-remind:${w.id}:${n}` });
    await tx.update(warnings).set({ lastRemindedAt: ctx.now, reminders: n, version: w.version + 1, updatedAt: ctx.now }).where(eq(warnings.id, w.id));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'warning', objectId: w.id, before: { reminders: w.reminders }, after: { reminders: n, remindedSchools: missing.length, remindedPeople: people.length } });
    return { schools: missing.length, people: people.length };
  });
  return { ...result, warning: await viewById(ctx.db, ctx.actor, id, ctx.now) };
}

/** 关闭预警: no more receipts or reports; what came in stays. */
export async function closeWarning(ctx: Ctx, id: number, version: number): Promise<WarningView> {
  requireAccess(ctx.actor, 'warning.issue');
  await ctx.db.transaction(async (tx) => {
    const w = await warningOr404(tx, ctx.actor, id, 'update');
    if (!mayManage(ctx.actor, w)) throw forbidden('只有发布单位可以关闭预警');
    if (w.status !== 'open') throw conflict('WARNING_CLOSED', '该预警已关闭');
    if (w.version !== version) throw staleVersion();
    await tx
      .update(warnings)
      .set({ status: 'closed', closedAt: ctx.now, closedBy: ctx.actor.id, closedByName: ctx.actor.displayName, version: w.version + 1, updatedAt: ctx.now })
      .where(eq(warnings.id, w.id));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'warning', objectId: w.id, before: { status: 'open' }, after: { status: 'closed' } });
  });
  return viewById(ctx.db, ctx.actor, id, ctx.now);
}

// ---- the scheduler's job -------------------------------------------------------------------------

/**
 * Schools of open warnings not signed within the pack's hours (000 item 10): their town officers hear
 * of each once (dedupe key per warning and school). Runs every few minutes; a warning closed is done.
 */
export async function flagUnsignedWarnings(db: Executor, now: Date): Promise<number> {
  const open = await db
    .select()
    .from(warnings)
    .where(and(eq(warnings.status, 'open'), sql`${warnings.issuedAt} + ${warnings.signWithinHours} * interval '1 hour' < ${now}`));
  let told = 0;
  for (const w of open) {
    const late = await db
      .select({ schoolId: warningTargets.schoolId, schoolName: units.name, townId: warningTargets.townId })
      .from(warningTargets)
      .innerJoin(units, eq(units.id, warningTargets.schoolId))
      .where(
        and(
          eq(warningTargets.warningId, w.id),
          sql`not exists (select 1 from ${warningReceipts} r where r.warning_id = ${w.id} and r.school_id = ${warningTargets.schoolId})`,
        ),
      );
    if (!late.length) continue;
    const townIds = [...new Set(late.flatMap((l) => (l.townId ? [l.townId] : [])))];
    const officers = townIds.length
      ? await db
          .selectDistinct({ id: users.id, unitId: users.unitId })
          .from(users)
          .innerJoin(userRoles, eq(userRoles.userId, users.id))
          .where(and(inArray(users.unitId, townIds), eq(users.status, 'active'), eq(userRoles.roleKey, 'town_officer')))
      : [];
    // A school directly under the bureau has no town: the person who issued the warning hears of it.
    const [issuer] = late.some((l) => !l.townId) ? await db.select({ id: users.id }).from(users).where(and(eq(users.id, w.issuedBy), eq(users.status, 'active'))) : [];
    for (const s of late) {
      const to = s.townId ? officers.filter((o) => o.unitId === s.townId).map((o) => o.id) : issuer ? [issuer.id] : [];
      if (!to.length) continue;
      await notify(db, w.districtId, to, {
        kind: 'warning_unsigned',
        title: `${s.schoolName} 超过 ${w.signWithinHours} 小时未签收${headline(w)}`,
        link: linkOf(w.id),
        dedupeKey: `warning-unsigned:${w.id}:${s.schoolId}`,
      });
      told++;
    }
  }
  return told;
}
