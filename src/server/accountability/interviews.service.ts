// Interviews (约谈, 003: 对工作不扎实、措施不落地的，要及时约谈、警示) with their commitments followed up
// like a hazard, and accountability decisions (问责, 001 item 27) with the measure as a code.
import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { CompleteCommitment, CreateDecision, CreateInterview, DecisionListQuery, DecisionView, InterviewListQuery, InterviewView } from '../../contracts/accountability.js';
import { commitmentState, commitmentSummary, type AccountabilityMeasure } from '../../domain/accountability.js';
import { addYears } from '../../domain/dates.js';
import { can, requireAccess, type Actor } from '../access/access.js';
import { attachableFileIds, unitRef, unitRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { accountabilityDecisions, interviewCommitments, interviews, notices, noticeUnits, units } from '../db/schema.js';
import { fieldError, notFound, staleVersion } from '../errors.js';
import { checkPastDay, fileMapOf, filesOf } from '../ledger/ledger-helpers.js';
import { decisionScope, interviewScope, noticeScope } from './scope.js';

type InterviewRow = typeof interviews.$inferSelect;
const I = interviews;
const C = interviewCommitments;
const D = accountabilityDecisions;

const yearCond = (col: typeof I.heldOn | typeof D.decidedOn, year?: number) => (year ? sql`${col} between ${`${year}-01-01`} and ${`${year}-12-31`}` : undefined);

/** The unit held to account: a school, town or department in the caller's scope (else 404). */
const targetUnit = (db: Executor, actor: Actor, id: number, label: string) =>
  unitRef(db, actor, id, { field: 'unitId', label, what: '单位', kinds: ['school', 'town', 'department'], kindMessage: '须为学校、镇街或科室', active: true });

/** A notice the caller sees (else 404), published and naming the unit (else 400). */
async function relatedNotice(db: Executor, actor: Actor, id: number, unitId: number) {
  const [n] = await db.select({ id: notices.id, status: notices.status }).from(notices).where(and(eq(notices.id, id), noticeScope(actor)));
  if (!n) throw notFound('通报');
  const [named] = await db.select({ id: noticeUnits.id }).from(noticeUnits).where(and(eq(noticeUnits.noticeId, id), eq(noticeUnits.unitId, unitId)));
  if (n.status !== 'published' || !named) throw fieldError('noticeId', '须为已发布且通报了该单位的通报', '相关通报');
  return n;
}

// ---- interviews ------------------------------------------------------------------------------

async function presentInterviews(ctx: Ctx, rows: Array<{ i: InterviewRow; unitName: string }>): Promise<InterviewView[]> {
  if (!rows.length) return [];
  const today = todayOf(ctx);
  const cs = await ctx.db.select().from(C).where(inArray(C.interviewId, rows.map((r) => r.i.id))).orderBy(asc(C.interviewId), asc(C.seq));
  const files = await fileMapOf(ctx.db, [...rows.flatMap((r) => r.i.fileIds), ...cs.flatMap((c) => c.doneFileIds)]);
  return rows.map(({ i, unitName }) => {
    const mine = cs.filter((c) => c.interviewId === i.id);
    // The interviewed unit reports what it did; the bureau's side may record it for them.
    const mayComplete = (can(ctx.actor, 'accountability.reply') && ctx.actor.unitId === i.unitId) || can(ctx.actor, 'accountability.manage');
    return {
      id: i.id,
      unitId: i.unitId,
      unitName,
      heldOn: i.heldOn,
      place: i.place,
      interviewees: i.interviewees,
      interviewers: i.interviewers,
      reason: i.reason,
      minutes: i.minutes,
      noticeId: i.noticeId,
      files: filesOf(i.fileIds, files),
      createdByName: i.createdByName,
      commitments: mine.map((c) => ({
        id: c.id,
        seq: c.seq,
        content: c.content,
        dueOn: c.dueOn,
        state: commitmentState(c, today),
        doneOn: c.doneOn,
        doneNote: c.doneNote,
        doneFiles: filesOf(c.doneFileIds, files),
        doneByName: c.doneByName,
        version: c.version,
        canComplete: mayComplete && !c.doneOn,
      })),
      followUp: commitmentSummary(mine, today),
    };
  });
}

export async function interviewFilter(ctx: Ctx, q: Partial<InterviewListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [interviewScope(ctx.actor), yearCond(I.heldOn, q.year)];
  if (q.unitId) {
    await unitRefs(ctx.db, ctx.actor, [q.unitId], { field: 'unitId', what: '单位' });
    conds.push(eq(I.unitId, q.unitId));
  }
  if (q.overdue === 'true') conds.push(sql`exists (select 1 from ${C} where ${C.interviewId} = ${I.id} and ${C.doneOn} is null and ${C.dueOn} < ${todayOf(ctx)})`);
  return and(...conds)!;
}

const selectInterviews = (db: Executor) => db.select({ i: I, unitName: units.name }).from(I).innerJoin(units, eq(units.id, I.unitId));

/** Interviews in id order after `afterId`, for the export's batches (the list's filter and scope). */
export function interviewBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) => presentInterviews(ctx, await selectInterviews(ctx.db).where(and(where, gt(I.id, afterId))).orderBy(asc(I.id)).limit(limit));
}

export async function listInterviews(ctx: Ctx, q: InterviewListQuery) {
  requireAccess(ctx.actor, 'accountability.read');
  const where = await interviewFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectInterviews(ctx.db).where(where).orderBy(desc(I.heldOn), desc(I.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(I).where(where),
  ]);
  return { items: await presentInterviews(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getInterview(ctx: Ctx, id: number): Promise<InterviewView> {
  requireAccess(ctx.actor, 'accountability.read');
  const rows = await selectInterviews(ctx.db).where(and(eq(I.id, id), interviewScope(ctx.actor)));
  if (!rows.length) throw notFound('约谈记录');
  return (await presentInterviews(ctx, rows))[0];
}

export async function createInterview(ctx: Ctx, input: CreateInterview): Promise<InterviewView> {
  requireAccess(ctx.actor, 'accountability.manage');
  checkPastDay(ctx, 'heldOn', input.heldOn, '约谈日期');
  const horizon = addYears(todayOf(ctx), 3);
  for (const [k, c] of input.commitments.entries()) {
    if (c.dueOn < input.heldOn) throw fieldError(`commitments.${k}.dueOn`, `不能早于约谈日期 ${input.heldOn}`, `第 ${k + 1} 项承诺的完成时限`);
    if (c.dueOn > horizon) throw fieldError(`commitments.${k}.dueOn`, `不能晚于 ${horizon}（3 年内）`, `第 ${k + 1} 项承诺的完成时限`);
  }
  const id = await ctx.db.transaction(async (tx) => {
    const unit = await targetUnit(tx, ctx.actor, input.unitId, '被约谈单位');
    if (input.noticeId) await relatedNotice(tx, ctx.actor, input.noticeId, unit.id);
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', label: '约谈材料' });
    const [row] = await tx
      .insert(I)
      .values({
        districtId: ctx.actor.districtId,
        unitId: unit.id,
        unitPath: unit.path,
        noticeId: input.noticeId ?? null,
        heldOn: input.heldOn,
        place: input.place || null,
        interviewees: input.interviewees,
        interviewers: input.interviewers,
        reason: input.reason,
        minutes: input.minutes,
        fileIds,
        createdById: ctx.actor.id,
        createdByName: ctx.actor.displayName,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await tx.insert(C).values(input.commitments.map((c, k) => ({ districtId: ctx.actor.districtId, interviewId: row.id, unitPath: unit.path, seq: k + 1, content: c.content, dueOn: c.dueOn })));
    await writeAudit(tx, ctx, { action: 'create', objectType: 'interview', objectId: row.id, after: { unitId: unit.id, heldOn: row.heldOn, interviewees: row.interviewees, interviewers: row.interviewers, reason: row.reason, noticeId: row.noticeId, commitments: input.commitments } });
    return row.id;
  });
  return getInterview(ctx, id);
}

/** A commitment reported done, with what was done and evidence: by the interviewed unit, or the bureau's side. */
export async function completeCommitment(ctx: Ctx, interviewId: number, commitmentId: number, input: CompleteCommitment): Promise<InterviewView> {
  requireAccess(ctx.actor, 'accountability.read');
  await ctx.db.transaction(async (tx) => {
    const [i] = await tx.select().from(I).where(and(eq(I.id, interviewId), interviewScope(ctx.actor)));
    if (!i) throw notFound('约谈记录');
    const [c] = await tx.select().from(C).where(and(eq(C.id, commitmentId), eq(C.interviewId, i.id))).for('update');
    if (!c) throw notFound('整改承诺');
    const mayComplete = (can(ctx.actor, 'accountability.reply') && ctx.actor.unitId === i.unitId) || can(ctx.actor, 'accountability.manage');
    if (!mayComplete) throw notFound('整改承诺');
    if (c.version !== input.version) throw staleVersion();
    if (c.doneOn) throw fieldError('version', '该项承诺已落实', '整改承诺');
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', label: '佐证材料' });
    const [row] = await tx
      .update(C)
      .set({ doneOn: todayOf(ctx), doneNote: input.doneNote, doneFileIds: fileIds, doneById: ctx.actor.id, doneByName: ctx.actor.displayName, version: c.version + 1 })
      .where(eq(C.id, c.id))
      .returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'interview_commitment', objectId: c.id, before: { doneOn: null }, after: { interviewId: i.id, doneOn: row.doneOn, doneNote: row.doneNote, doneFileIds: row.doneFileIds } });
  });
  return getInterview(ctx, interviewId);
}

// ---- accountability decisions ----------------------------------------------------------------

async function presentDecisions(ctx: Ctx, rows: Array<{ d: typeof D.$inferSelect; unitName: string }>): Promise<DecisionView[]> {
  const files = await fileMapOf(ctx.db, rows.flatMap((r) => r.d.fileIds));
  return rows.map(({ d, unitName }) => ({
    id: d.id,
    unitId: d.unitId,
    unitName,
    measure: d.measure as AccountabilityMeasure,
    decidedOn: d.decidedOn,
    documentNo: d.documentNo,
    subjectName: d.subjectName,
    subjectPost: d.subjectPost,
    reason: d.reason,
    noticeId: d.noticeId,
    interviewId: d.interviewId,
    files: filesOf(d.fileIds, files),
    createdByName: d.createdByName,
    createdAt: d.createdAt.toISOString(),
  }));
}

const selectDecisions = (db: Executor) => db.select({ d: D, unitName: units.name }).from(D).innerJoin(units, eq(units.id, D.unitId));

export async function decisionFilter(ctx: Ctx, q: Partial<DecisionListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [decisionScope(ctx.actor), yearCond(D.decidedOn, q.year)];
  if (q.unitId) {
    await unitRefs(ctx.db, ctx.actor, [q.unitId], { field: 'unitId', what: '单位' });
    conds.push(eq(D.unitId, q.unitId));
  }
  if (q.measure) conds.push(eq(D.measure, q.measure));
  return and(...conds)!;
}

/** Decisions in id order after `afterId`, for the export's batches. */
export function decisionBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) => presentDecisions(ctx, await selectDecisions(ctx.db).where(and(where, gt(D.id, afterId))).orderBy(asc(D.id)).limit(limit));
}

export async function listDecisions(ctx: Ctx, q: DecisionListQuery) {
  requireAccess(ctx.actor, 'accountability.read');
  const where = await decisionFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectDecisions(ctx.db).where(where).orderBy(desc(D.decidedOn), desc(D.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(D).where(where),
  ]);
  return { items: await presentDecisions(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** A decision is the bureau's (its leader or administrator): recorded once made, with its document number. */
export async function createDecision(ctx: Ctx, input: CreateDecision): Promise<DecisionView> {
  requireAccess(ctx.actor, 'accountability.approve');
  checkPastDay(ctx, 'decidedOn', input.decidedOn, '决定日期');
  if (input.subjectPost && !input.subjectName) throw fieldError('subjectName', '填写了职务时请填写被问责人姓名', '被问责人');
  const id = await ctx.db.transaction(async (tx) => {
    const unit = await targetUnit(tx, ctx.actor, input.unitId, '被问责单位');
    if (input.noticeId) await relatedNotice(tx, ctx.actor, input.noticeId, unit.id);
    if (input.interviewId) {
      const [i] = await tx.select({ id: I.id, unitId: I.unitId }).from(I).where(and(eq(I.id, input.interviewId), interviewScope(ctx.actor)));
      if (!i) throw notFound('约谈记录');
      if (i.unitId !== unit.id) throw fieldError('interviewId', '须为约谈该单位的记录', '相关约谈');
    }
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', label: '决定文件' });
    const [row] = await tx
      .insert(D)
      .values({
        districtId: ctx.actor.districtId,
        unitId: unit.id,
        unitPath: unit.path,
        measure: input.measure,
        decidedOn: input.decidedOn,
        documentNo: input.documentNo || null,
        subjectName: input.subjectName || null,
        subjectPost: input.subjectPost || null,
        reason: input.reason,
        noticeId: input.noticeId ?? null,
        interviewId: input.interviewId ?? null,
        fileIds,
        createdById: ctx.actor.id,
        createdByName: ctx.actor.displayName,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'accountability_decision', objectId: row.id, after: { unitId: unit.id, measure: row.measure, decidedOn: row.decidedOn, documentNo: row.documentNo, subjectName: row.subjectName, subjectPost: row.subjectPost, reason: row.reason } });
    return row.id;
  });
  const rows = await selectDecisions(ctx.db).where(eq(D.id, id));
  return (await presentDecisions(ctx, rows))[0];
}
