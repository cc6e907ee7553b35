// The safety meeting ledger (安全专题会议台账, 000 item 1): the leadership team's quarterly and the
// leader in charge's monthly safety meetings, with chair, attendees, minutes and decisions.
// Corrected with a version, voided with a reason, never deleted.
import { and, asc, count, desc, eq, gt, gte, lte, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CreateMeeting, MeetingListQuery, MeetingView, RecordStatus, UpdateMeeting } from '../../contracts/school-ledgers.js';
import type { MeetingLevel } from '../../contracts/rules.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { safetyMeetings, units } from '../db/schema.js';
import { badRequest, notFound, staleVersion } from '../errors.js';
import { assertFilesUsable } from '../files/files.service.js';
import { checkPastDay, fileMapOf, filesOf, placeFilters, schoolForRecord } from './ledger-helpers.js';

type MeetingRow = typeof safetyMeetings.$inferSelect;

const school = alias(units, 'school');
const town = alias(units, 'town');

export const meetingScope = (actor: Actor) => schoolLedgerScope(actor, safetyMeetings);

function selectMeetings(db: Executor) {
  return db
    .select({ meeting: safetyMeetings, schoolName: school.name, townName: town.name })
    .from(safetyMeetings)
    .innerJoin(school, eq(school.id, safetyMeetings.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')));
}
type MeetingListRow = Awaited<ReturnType<typeof selectMeetings>>[number];

async function presentRows(db: Executor, rows: MeetingListRow[]): Promise<MeetingView[]> {
  const files = await fileMapOf(db, rows.flatMap((r) => r.meeting.fileIds));
  return rows.map((r) => {
    const m = r.meeting;
    return {
      id: m.id,
      schoolId: m.schoolId,
      schoolName: r.schoolName,
      townName: r.townName,
      meetingOn: m.meetingOn,
      level: m.level as MeetingLevel,
      chair: m.chair,
      attendees: m.attendees,
      minutes: m.minutes,
      decisions: m.decisions,
      files: filesOf(m.fileIds, files),
      status: m.status as RecordStatus,
      voidReason: m.voidReason,
      createdByName: m.createdByName,
      version: m.version,
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
    };
  });
}

export async function meetingFilter(ctx: Ctx, q: Partial<MeetingListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [meetingScope(ctx.actor), ...(await placeFilters(ctx, safetyMeetings, q))];
  if (q.level) conds.push(eq(safetyMeetings.level, q.level));
  if (q.from) conds.push(gte(safetyMeetings.meetingOn, q.from));
  if (q.to) conds.push(lte(safetyMeetings.meetingOn, q.to));
  conds.push(eq(safetyMeetings.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export async function listMeetings(ctx: Ctx, q: MeetingListQuery) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = await meetingFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectMeetings(ctx.db).where(where).orderBy(desc(safetyMeetings.meetingOn), desc(safetyMeetings.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(safetyMeetings).where(where),
  ]);
  return { items: await presentRows(ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

export function meetingBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) =>
    presentRows(ctx.db, await selectMeetings(ctx.db).where(and(where, gt(safetyMeetings.id, afterId))).orderBy(asc(safetyMeetings.id)).limit(limit));
}

async function findMeeting(db: Executor, actor: Actor, id: number): Promise<MeetingRow> {
  const [row] = await db.select().from(safetyMeetings).where(and(eq(safetyMeetings.id, id), meetingScope(actor))).for('update');
  if (!row) throw notFound('会议记录');
  return row;
}

export async function getMeeting(ctx: Ctx, id: number): Promise<MeetingView> {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await selectMeetings(ctx.db).where(and(eq(safetyMeetings.id, id), meetingScope(ctx.actor)));
  if (!row) throw notFound('会议记录');
  return (await presentRows(ctx.db, [row]))[0];
}

const snapshot = (m: MeetingRow) => ({
  schoolId: m.schoolId,
  meetingOn: m.meetingOn,
  level: m.level,
  chair: m.chair,
  attendees: m.attendees,
  minutes: m.minutes,
  decisions: m.decisions,
  fileIds: m.fileIds,
  status: m.status,
  voidReason: m.voidReason,
});

export async function createMeeting(ctx: Ctx, input: CreateMeeting): Promise<MeetingView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPastDay(ctx, 'meetingOn', input.meetingOn);
  const id = await ctx.db.transaction(async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    const [row] = await tx
      .insert(safetyMeetings)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        meetingOn: input.meetingOn,
        level: input.level,
        chair: input.chair,
        attendees: input.attendees,
        minutes: input.minutes,
        decisions: input.decisions || null,
        fileIds: (await assertFilesUsable(tx, ctx.actor, input.fileIds)).map((f) => f.id),
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'safety_meeting', objectId: row.id, after: snapshot(row) });
    return row.id;
  });
  return getMeeting(ctx, id);
}

export async function updateMeeting(ctx: Ctx, id: number, input: UpdateMeeting): Promise<MeetingView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPastDay(ctx, 'meetingOn', input.meetingOn);
  await ctx.db.transaction(async (tx) => {
    const row = await findMeeting(tx, ctx.actor, id);
    if (row.version !== input.version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('RECORD_VOIDED', '已作废的会议记录不能修改');
    const set: Partial<typeof safetyMeetings.$inferInsert> = { version: row.version + 1, updatedAt: ctx.now };
    if (input.meetingOn !== undefined) set.meetingOn = input.meetingOn;
    if (input.level !== undefined) set.level = input.level;
    if (input.chair !== undefined) set.chair = input.chair;
    if (input.attendees !== undefined) set.attendees = input.attendees;
    if (input.minutes !== undefined) set.minutes = input.minutes;
    if (input.decisions !== undefined) set.decisions = input.decisions || null;
    if (input.fileIds !== undefined) set.fileIds = (await assertFilesUsable(tx, ctx.actor, input.fileIds)).map((f) => f.id);
    const [updated] = await tx.update(safetyMeetings).set(set).where(eq(safetyMeetings.id, id)).returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'safety_meeting', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getMeeting(ctx, id);
}

export async function voidMeeting(ctx: Ctx, id: number, version: number, reason: string): Promise<MeetingView> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const row = await findMeeting(tx, ctx.actor, id);
    if (row.version !== version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('RECORD_VOIDED', '该会议记录已作废');
    const [updated] = await tx
      .update(safetyMeetings)
      .set({ status: 'voided', voidReason: reason, voidedBy: ctx.actor.id, voidedAt: ctx.now, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(safetyMeetings.id, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'void', objectType: 'safety_meeting', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getMeeting(ctx, id);
}
