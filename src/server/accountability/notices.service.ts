// Notices (通报, 001 item 27; 002: 弄虚作假 → 通报追责): drafted by the bureau or a department,
// approved (signed) by the bureau, published to the units they name, each of which replies with its
// rectification by the reply deadline. The steps are decided by domain/accountability.ts; every
// write is one transaction with its audit event; a stale version is 409.
import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { CreateNotice, NoticeDetail, NoticeListQuery, NoticeView, ReplyNotice, UpdateNotice } from '../../contracts/accountability.js';
import { noticeStepProblem, replyState, type NoticeStatus, type NoticeStep } from '../../domain/accountability.js';
import { deadlineProblem } from '../../domain/day-ranges.js';
import { can, requireAccess, type Actor } from '../access/access.js';
import { attachableFileIds, referenceError, unitRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { forReads, todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { nextCodeNumber } from '../db/codes.js';
import { noticeRecords, notices, noticeUnits, units, userRoles, users } from '../db/schema.js';
import { badRequest, conflict, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { fileMapOf, filesOf } from '../ledger/ledger-helpers.js';
import { notify } from '../notifications/notifications.service.js';
import { resolveRecords } from './record-resolvers.js';
import { noticeScope, noticeUnitScope } from './scope.js';

type NoticeRow = typeof notices.$inferSelect;
const N = notices;
const NU = noticeUnits;

// ---- reading ---------------------------------------------------------------------------------

async function presentNotices(ctx: Ctx, rows: NoticeRow[]): Promise<NoticeView[]> {
  if (!rows.length) return [];
  const today = todayOf(ctx);
  const named = await ctx.db
    .select({ noticeId: NU.noticeId, name: units.name, repliedOn: NU.repliedOn })
    .from(NU)
    .innerJoin(units, eq(units.id, NU.unitId))
    .where(and(inArray(NU.noticeId, rows.map((r) => r.id)), noticeUnitScope(ctx.actor)))
    .orderBy(asc(units.path));
  return rows.map((n) => {
    const mine = named.filter((u) => u.noticeId === n.id);
    const states = mine.map((u) => replyState({ published: n.status === 'published', dueOn: n.replyDueOn, repliedOn: u.repliedOn }, today));
    return {
      id: n.id,
      code: n.code,
      title: n.title,
      reason: n.reason,
      requirement: n.requirement,
      replyDueOn: n.replyDueOn,
      status: n.status as NoticeStatus,
      draftedByName: n.draftedByName,
      approvedByName: n.approvedByName,
      approvedAt: n.approvedAt?.toISOString() ?? null,
      approvalComment: n.approvalComment,
      publishedByName: n.publishedByName,
      publishedOn: n.publishedOn,
      version: n.version,
      createdAt: n.createdAt.toISOString(),
      unitNames: mine.map((u) => u.name),
      replies: { total: mine.length, replied: states.filter((s) => s === 'replied' || s === 'replied_late').length, overdue: states.filter((s) => s === 'overdue').length },
    };
  });
}

export async function noticeFilter(ctx: Ctx, q: Partial<NoticeListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [noticeScope(ctx.actor)];
  if (q.status) conds.push(eq(N.status, q.status));
  // A notice belongs to the year it was published in, a draft to the year it was drafted.
  if (q.year) conds.push(sql`coalesce(${N.publishedOn}, (${N.createdAt} at time zone 'Asia/Shanghai')::date) between ${`${q.year}-01-01`} and ${`${q.year}-12-31`}`);
  if (q.unitId) {
    await unitRefs(ctx.db, ctx.actor, [q.unitId], { field: 'unitId', what: '单位' });
    conds.push(sql`exists (select 1 from ${NU} where ${NU.noticeId} = ${N.id} and ${NU.unitId} = ${q.unitId})`);
  }
  if (q.overdue === 'true') {
    const scoped = ctx.actor.scope === 'unit' ? sql` and ${NU.unitPath} like ${`${ctx.actor.unitPath}%`}` : sql``;
    conds.push(and(eq(N.status, 'published'), sql`${N.replyDueOn} < ${todayOf(ctx)}`, sql`exists (select 1 from ${NU} where ${NU.noticeId} = ${N.id} and ${NU.repliedOn} is null${scoped})`));
  }
  return and(...conds)!;
}

export async function listNotices(request: Ctx, q: NoticeListQuery) {
  requireAccess(request.actor, 'accountability.read');
  // A list: on the read replica when there is one (issue 18).
  const ctx = forReads(request);
  const where = await noticeFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db.select().from(N).where(where).orderBy(desc(N.createdAt), desc(N.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(N).where(where),
  ]);
  return { items: await presentNotices(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** Notices in id order after `afterId`, for the export's batches. */
export function noticeBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) => presentNotices(ctx, await ctx.db.select().from(N).where(and(where, gt(N.id, afterId))).orderBy(asc(N.id)).limit(limit));
}

async function findNotice(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<NoticeRow> {
  const q = db.select().from(N).where(and(eq(N.id, id), noticeScope(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('通报');
  return row;
}

/** Whether the person may take a step now (the buttons shown), or why not. */
function stepRefusal(actor: Actor, n: NoticeRow, step: NoticeStep): string | null {
  if (step === 'edit') {
    if (!can(actor, 'accountability.manage')) return '您的角色没有起草通报的权限';
  } else if (!can(actor, 'accountability.approve') || actor.unitKind !== 'bureau') {
    return '通报须由区教育局审核签发和发布';
  }
  return noticeStepProblem(n.status as NoticeStatus, step);
}

export async function getNotice(ctx: Ctx, id: number): Promise<NoticeDetail> {
  requireAccess(ctx.actor, 'accountability.read');
  const n = await findNotice(ctx.db, ctx.actor, id);
  const [[view], named, records] = await Promise.all([
    presentNotices(ctx, [n]),
    ctx.db
      .select({ nu: NU, name: units.name, path: units.path })
      .from(NU)
      .innerJoin(units, eq(units.id, NU.unitId))
      .where(and(eq(NU.noticeId, n.id), noticeUnitScope(ctx.actor)))
      .orderBy(asc(units.path)),
    ctx.db
      .select({ r: noticeRecords, name: units.name, path: units.path })
      .from(noticeRecords)
      .innerJoin(units, eq(units.id, noticeRecords.unitId))
      .where(eq(noticeRecords.noticeId, n.id))
      .orderBy(asc(noticeRecords.id)),
  ]);
  const files = await fileMapOf(ctx.db, named.flatMap((u) => u.nu.replyFileIds));
  const today = todayOf(ctx);
  const published = n.status === 'published';
  // A town or school sees the records behind the notice that concern its own subtree.
  const visibleRecords = ctx.actor.scope === 'unit' ? records.filter((r) => r.path.startsWith(ctx.actor.unitPath)) : records;
  return {
    ...view,
    units: named.map(({ nu, name }) => ({
      id: nu.id,
      unitId: nu.unitId,
      unitName: name,
      personName: nu.personName,
      personPost: nu.personPost,
      replyState: replyState({ published, dueOn: n.replyDueOn, repliedOn: nu.repliedOn }, today),
      replyText: nu.replyText,
      replyFiles: filesOf(nu.replyFileIds, files),
      repliedOn: nu.repliedOn,
      repliedByName: nu.repliedByName,
      version: nu.version,
      canReply: published && nu.unitId === ctx.actor.unitId && can(ctx.actor, 'accountability.reply'),
    })),
    records: visibleRecords.map(({ r, name }) => ({ kind: r.kind as NoticeDetail['records'][number]['kind'], refId: r.refId, refKey: r.refKey, unitId: r.unitId, unitName: name, label: r.label, occurredOn: r.occurredOn, link: r.link })),
    actions: {
      edit: stepRefusal(ctx.actor, n, 'edit') === null,
      approve: stepRefusal(ctx.actor, n, 'approve') === null,
      publish: stepRefusal(ctx.actor, n, 'publish') === null,
    },
  };
}

// ---- drafting --------------------------------------------------------------------------------

const snapshot = (n: NoticeRow) => ({
  code: n.code,
  title: n.title,
  reason: n.reason,
  requirement: n.requirement,
  replyDueOn: n.replyDueOn,
  status: n.status,
  approvedByName: n.approvedByName,
  approvalComment: n.approvalComment,
  publishedOn: n.publishedOn,
});

/** The named units and cited records of a draft, checked: units in scope (404), records in scope (404) and of a named unit (400). */
async function checkContent(tx: Executor, ctx: Ctx, input: CreateNotice) {
  const today = todayOf(ctx);
  const p = deadlineProblem(input.replyDueOn, today);
  if (p) throw fieldError('replyDueOn', p, '回复期限');
  const ids = input.units.map((u) => u.unitId);
  if (new Set(ids).size !== ids.length) throw fieldError('units', '同一单位只能列一次', '被通报单位');
  const named = await unitRefs(tx, ctx.actor, ids, {
    field: 'units',
    fieldOf: (id) => `units.${ids.indexOf(id)}.unitId`,
    label: '被通报单位',
    what: '单位',
    kinds: ['school', 'town', 'department'],
    kindMessage: '被通报单位须为学校、镇街或科室',
    active: true,
  });
  const records = await resolveRecords(tx, ctx.actor, input.records, today);
  for (const [i, r] of records.entries()) {
    if (!named.some((u) => r.unitPath.startsWith(u.path))) throw referenceError(`records.${i}.id`, '该记录不属于被通报单位，请先将其单位列入被通报单位', '通报依据');
  }
  return { named, records };
}

async function writeContent(tx: Executor, ctx: Ctx, noticeId: number, content: Awaited<ReturnType<typeof checkContent>>, input: CreateNotice) {
  await tx.delete(NU).where(eq(NU.noticeId, noticeId));
  await tx.delete(noticeRecords).where(eq(noticeRecords.noticeId, noticeId));
  await tx.insert(NU).values(
    content.named.map((u) => {
      const p = input.units.find((x) => x.unitId === u.id)!;
      return { districtId: ctx.actor.districtId, noticeId, unitId: u.id, unitPath: u.path, personName: p.personName || null, personPost: p.personPost || null };
    }),
  );
  if (content.records.length) {
    await tx.insert(noticeRecords).values(
      content.records.map((r) => ({ districtId: ctx.actor.districtId, noticeId, kind: r.kind, refId: r.refId, refKey: r.refKey, unitId: r.unitId, label: r.label, occurredOn: r.occurredOn, link: r.link })),
    );
  }
}

export async function createNotice(ctx: Ctx, input: CreateNotice): Promise<NoticeDetail> {
  requireAccess(ctx.actor, 'accountability.manage');
  const id = await ctx.db.transaction(async (tx) => {
    const content = await checkContent(tx, ctx, input);
    const year = Number(todayOf(ctx).slice(0, 4));
    const code = `TB-${year}-${String(await nextCodeNumber(tx, ctx.actor.districtId, 'TB', year)).padStart(6, '0')}`;
    const [row] = await tx
      .insert(N)
      .values({
        districtId: ctx.actor.districtId,
        code,
        title: input.title,
        reason: input.reason,
        requirement: input.requirement || null,
        replyDueOn: input.replyDueOn,
        draftedById: ctx.actor.id,
        draftedByName: ctx.actor.displayName,
        draftedUnitId: ctx.actor.unitId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await writeContent(tx, ctx, row.id, content, input);
    await writeAudit(tx, ctx, { action: 'create', objectType: 'notice', objectId: row.id, after: { ...snapshot(row), unitIds: content.named.map((u) => u.id), records: input.records } });
    return row.id;
  });
  return getNotice(ctx, id);
}

/** The notice for a step, locked, at the version given, the step allowed (403 who, 409 when). */
async function noticeForStep(tx: Executor, ctx: Ctx, id: number, version: number, step: NoticeStep) {
  const n = await findNotice(tx, ctx.actor, id, true);
  if (n.version !== version) throw staleVersion();
  const refusal = stepRefusal(ctx.actor, n, step);
  if (refusal) {
    const allowedByRole = step === 'edit' ? can(ctx.actor, 'accountability.manage') : can(ctx.actor, 'accountability.approve') && ctx.actor.unitKind === 'bureau';
    throw allowedByRole ? conflict('NOTICE_STATUS', refusal) : forbidden(refusal);
  }
  return n;
}

export async function updateNotice(ctx: Ctx, id: number, input: UpdateNotice): Promise<NoticeDetail> {
  requireAccess(ctx.actor, 'accountability.manage');
  await ctx.db.transaction(async (tx) => {
    const old = await noticeForStep(tx, ctx, id, input.version, 'edit');
    const content = await checkContent(tx, ctx, input);
    const [row] = await tx
      .update(N)
      .set({ title: input.title, reason: input.reason, requirement: input.requirement || null, replyDueOn: input.replyDueOn, version: old.version + 1, updatedAt: ctx.now })
      .where(eq(N.id, id))
      .returning();
    await writeContent(tx, ctx, id, content, input);
    await writeAudit(tx, ctx, { action: 'update', objectType: 'notice', objectId: id, before: snapshot(old), after: { ...snapshot(row), unitIds: content.named.map((u) => u.id), records: input.records } });
  });
  return getNotice(ctx, id);
}

// ---- approving and publishing (the bureau) ----------------------------------------------------

export async function approveNotice(ctx: Ctx, id: number, version: number, comment: string | null | undefined): Promise<NoticeDetail> {
  // Who may approve is decided with the step (noticeForStep: 403 naming the bureau).
  requireAccess(ctx.actor, 'accountability.read');
  await ctx.db.transaction(async (tx) => {
    const old = await noticeForStep(tx, ctx, id, version, 'approve');
    const [row] = await tx
      .update(N)
      .set({ status: 'approved', approvedById: ctx.actor.id, approvedByName: ctx.actor.displayName, approvedAt: ctx.now, approvalComment: comment || null, version: old.version + 1, updatedAt: ctx.now })
      .where(eq(N.id, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'approve', objectType: 'notice', objectId: id, before: snapshot(old), after: snapshot(row) });
  });
  return getNotice(ctx, id);
}

/** Who at a named unit hears of a notice: those who reply for it (principal, safety officer, town officer). */
async function unitContacts(tx: Executor, unitIds: number[]): Promise<number[]> {
  if (!unitIds.length) return [];
  const rows = await tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(users.unitId, unitIds), eq(users.status, 'active'), inArray(userRoles.roleKey, ['principal', 'school_safety_officer', 'town_officer'])));
  return rows.map((r) => r.id);
}

export async function publishNotice(ctx: Ctx, id: number, version: number): Promise<NoticeDetail> {
  requireAccess(ctx.actor, 'accountability.read');
  const today = todayOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const old = await noticeForStep(tx, ctx, id, version, 'publish');
    if (old.replyDueOn < today) throw badRequest('REPLY_DUE_PASSED', `回复期限 ${old.replyDueOn} 已过，请重新起草通报`);
    const [row] = await tx
      .update(N)
      .set({ status: 'published', publishedById: ctx.actor.id, publishedByName: ctx.actor.displayName, publishedAt: ctx.now, publishedOn: today, version: old.version + 1, updatedAt: ctx.now })
      .where(eq(N.id, id))
      .returning();
    const named = await tx.select({ unitId: NU.unitId }).from(NU).where(eq(NU.noticeId, id));
    await notify(tx, ctx.actor.districtId, await unitContacts(tx, named.map((u) => u.unitId)), {
      kind: 'notice_published',
      title: `${row.code} ${row.title}：请于 ${row.replyDueOn} 前回复整改情况`,
      link: `/accountability/notices/${id}`,
      dedupeKey: `notice:${id}`,
    });
    await writeAudit(tx, ctx, { action: 'publish', objectType: 'notice', objectId: id, before: snapshot(old), after: snapshot(row) });
  });
  return getNotice(ctx, id);
}

// ---- replying (the named unit) ---------------------------------------------------------------

/** A named unit's reply: only the unit itself replies, only to a published notice naming it (else 404). */
export async function replyToNotice(ctx: Ctx, id: number, unitId: number, input: ReplyNotice): Promise<NoticeDetail> {
  requireAccess(ctx.actor, 'accountability.reply');
  await ctx.db.transaction(async (tx) => {
    const n = await findNotice(tx, ctx.actor, id);
    const [nu] = await tx
      .select()
      .from(NU)
      .where(and(eq(NU.noticeId, n.id), eq(NU.unitId, unitId), noticeUnitScope(ctx.actor)))
      .for('update');
    // Another unit, or a unit not named by the notice: as if not there.
    if (!nu || nu.unitId !== ctx.actor.unitId || n.status !== 'published') throw notFound('被通报单位');
    if (nu.version !== input.version) throw staleVersion();
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', label: '整改材料', existing: nu.replyFileIds });
    const [row] = await tx
      .update(NU)
      .set({
        replyText: input.replyText,
        replyFileIds: fileIds,
        // The first reply's day is the one judged against the deadline; an amendment keeps it.
        repliedOn: nu.repliedOn ?? todayOf(ctx),
        repliedAt: ctx.now,
        repliedById: ctx.actor.id,
        repliedByName: ctx.actor.displayName,
        version: nu.version + 1,
      })
      .where(eq(NU.id, nu.id))
      .returning();
    await writeAudit(tx, ctx, {
      action: 'reply',
      objectType: 'notice_unit',
      objectId: nu.id,
      before: nu.repliedOn ? { replyText: nu.replyText, replyFileIds: nu.replyFileIds } : undefined,
      after: { noticeId: n.id, unitId, replyText: row.replyText, replyFileIds: row.replyFileIds, repliedOn: row.repliedOn },
    });
    await notify(tx, ctx.actor.districtId, [n.draftedById, ...(n.approvedById ? [n.approvedById] : [])], {
      kind: 'notice_published',
      title: `${n.code} ${ctx.actor.unitName}已回复整改情况`,
      link: `/accountability/notices/${n.id}`,
      dedupeKey: `notice:${n.id}:reply:${nu.id}:${row.version}`,
    });
  });
  return getNotice(ctx, id);
}
