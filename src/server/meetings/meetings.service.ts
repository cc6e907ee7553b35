// The safety meeting ledger (安全专题会议台账, 000 item 1): the leadership team's quarterly and the
// leader in charge's monthly safety meetings, with chair, attendees, minutes and decisions.
// Corrected with a version, voided with a reason, never deleted.
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { CreateMeeting, MeetingListQuery, MeetingView, UpdateMeeting } from '../../contracts/meetings.js';
import type { MeetingLevel } from '../../contracts/rules.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import { safetyMeetings } from '../db/schema.js';
import { attachableFileIds } from '../access/references.js';
import { checkPastDay, placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { recordedLedger, type OwnView } from '../ledger/recorded-ledger.js';

type MeetingRow = typeof safetyMeetings.$inferSelect;

export const meetingScope = (actor: Actor) => schoolLedgerScope(actor, safetyMeetings);

const ledger = recordedLedger({
  table: safetyMeetings,
  name: '会议记录',
  objectType: 'safety_meeting',
  scope: meetingScope,
  orderBy: [desc(safetyMeetings.meetingOn), desc(safetyMeetings.id)],
  present: ({ record: m }): OwnView<MeetingView> => ({
    meetingOn: m.meetingOn,
    level: m.level as MeetingLevel,
    chair: m.chair,
    attendees: m.attendees,
    minutes: m.minutes,
    decisions: m.decisions,
  }),
  snapshot: (m: MeetingRow) => ({
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
  }),
});

export async function meetingFilter(ctx: Ctx, q: Partial<MeetingListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [meetingScope(ctx.actor), ...(await placeFilters(ctx, safetyMeetings, q))];
  if (q.level) conds.push(eq(safetyMeetings.level, q.level));
  if (q.from) conds.push(gte(safetyMeetings.meetingOn, q.from));
  if (q.to) conds.push(lte(safetyMeetings.meetingOn, q.to));
  conds.push(eq(safetyMeetings.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listMeetings = async (ctx: Ctx, q: MeetingListQuery) => ledger.list(ctx, await meetingFilter(ctx, q), q);
export const meetingBatchFetcher = ledger.batchFetcher;
export const getMeeting = ledger.get;
export const voidMeeting = ledger.void;

export function createMeeting(ctx: Ctx, input: CreateMeeting): Promise<MeetingView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPastDay(ctx, 'meetingOn', input.meetingOn);
  return ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      meetingOn: input.meetingOn,
      level: input.level,
      chair: input.chair,
      attendees: input.attendees,
      minutes: input.minutes,
      decisions: input.decisions || null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateMeeting(ctx: Ctx, id: number, input: UpdateMeeting): Promise<MeetingView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPastDay(ctx, 'meetingOn', input.meetingOn);
  return ledger.update(ctx, id, input.version, async (row, tx) => {
    const set: Partial<typeof safetyMeetings.$inferInsert> = {};
    if (input.meetingOn !== undefined) set.meetingOn = input.meetingOn;
    if (input.level !== undefined) set.level = input.level;
    if (input.chair !== undefined) set.chair = input.chair;
    if (input.attendees !== undefined) set.attendees = input.attendees;
    if (input.minutes !== undefined) set.minutes = input.minutes;
    if (input.decisions !== undefined) set.decisions = input.decisions || null;
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}
