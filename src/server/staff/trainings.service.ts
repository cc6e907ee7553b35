// The training ledger (安全培训台账, 001 item 7): one staff member's hours on one course, with the
// provider and the certificate. Hours are more than 0 and at most 24 a day over the days of the
// course. Counted by the engine on the day the course ends. Corrected with a version, voided with a
// reason, never deleted.
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { StaffPost } from '../../contracts/rules.js';
import type { CreateTraining, TrainingListQuery, TrainingView, UpdateTraining } from '../../contracts/staff.js';
import { trainingSpanProblem } from '../../domain/ledger-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { staffMembers, trainings } from '../db/schema.js';
import { attachableFileIds, staffRefs } from '../access/references.js';
import { fieldError } from '../errors.js';
import { placeFilters } from '../ledger/ledger-helpers.js';
import { recordedLedger, type OwnView, school, town, townOfSchool } from '../ledger/recorded-ledger.js';
import { findStaff } from './staff.service.js';

type TrainingRow = typeof trainings.$inferSelect;

export const trainingScope = (actor: Actor) => schoolLedgerScope(actor, trainings);

const ledger = recordedLedger({
  table: trainings,
  name: '培训记录',
  objectType: 'training',
  scope: trainingScope,
  orderBy: [desc(trainings.endsOn), desc(trainings.id)],
  select: (db: Executor) =>
    db
      .select({ record: trainings, staffName: staffMembers.name, staffPosts: staffMembers.posts, schoolName: school.name, townName: town.name })
      .from(trainings)
      .innerJoin(staffMembers, eq(staffMembers.id, trainings.staffId))
      .innerJoin(school, eq(school.id, trainings.schoolId))
      .leftJoin(town, townOfSchool),
  fileIdsOf: (t) => [...t.fileIds, ...(t.certificateFileId ? [t.certificateFileId] : [])],
  present: ({ record: t, staffName, staffPosts }, files): OwnView<TrainingView> => ({
    staffId: t.staffId,
    staffName,
    posts: (staffPosts as Array<{ post: StaffPost }>).map((p) => p.post),
    course: t.course,
    hours: Number(t.hours),
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    provider: t.provider,
    certificate: (t.certificateFileId && files.get(t.certificateFileId)) || null,
  }),
  snapshot: (t: TrainingRow) => ({
    schoolId: t.schoolId,
    staffId: t.staffId,
    course: t.course,
    hours: Number(t.hours),
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    provider: t.provider,
    certificateFileId: t.certificateFileId,
    fileIds: t.fileIds,
    status: t.status,
    voidReason: t.voidReason,
  }),
});

export async function trainingFilter(ctx: Ctx, q: Partial<TrainingListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [trainingScope(ctx.actor), ...(await placeFilters(ctx, trainings, q))];
  if (q.staffId) {
    await findStaff(ctx.db, ctx.actor, q.staffId);
    conds.push(eq(trainings.staffId, q.staffId));
  }
  if (q.post) {
    const holders = ctx.db.select({ id: staffMembers.id }).from(staffMembers).where(sql`${staffMembers.posts} @> ${JSON.stringify([{ post: q.post }])}::jsonb`);
    conds.push(inArray(trainings.staffId, holders));
  }
  if (q.from) conds.push(gte(trainings.endsOn, q.from));
  if (q.to) conds.push(lte(trainings.startsOn, q.to));
  conds.push(eq(trainings.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listTrainings = async (ctx: Ctx, q: TrainingListQuery) => ledger.list(ctx, await trainingFilter(ctx, q), q);
export const trainingBatchFetcher = ledger.batchFetcher;
export const getTraining = ledger.get;
export const voidTraining = ledger.void;

/** Dates not in the future, the end not before the start, hours at most 24 a day of the course. */
function checkSpan(ctx: Ctx, startsOn: string, endsOn: string, hours: number) {
  const problem = trainingSpanProblem(startsOn, endsOn, hours, todayOf(ctx));
  if (problem) throw fieldError(problem.field, problem.message);
}

async function certificateId(tx: Executor, actor: Actor, id: number | null | undefined, existing: number | null = null) {
  if (!id) return null;
  const [f] = await attachableFileIds(tx, actor, [id], { field: 'certificateFileId', existing: existing ? [existing] : [] });
  return f;
}

export function createTraining(ctx: Ctx, input: CreateTraining): Promise<TrainingView> {
  requireAccess(ctx.actor, 'ledger.write');
  const endsOn = input.endsOn ?? input.startsOn;
  checkSpan(ctx, input.startsOn, endsOn, input.hours);
  return ledger.create(ctx, async (tx) => {
    // A person outside the caller's scope is not found.
    const [staff] = await staffRefs(tx, ctx.actor, [input.staffId], { field: 'staffId' });
    if (staff.leftOn && input.startsOn > staff.leftOn) throw fieldError('staffId', `该人员已于 ${staff.leftOn} 离岗`);
    return {
      schoolId: staff.schoolId,
      schoolPath: staff.schoolPath,
      staffId: staff.id,
      course: input.course,
      hours: input.hours,
      startsOn: input.startsOn,
      endsOn,
      provider: input.provider,
      certificateFileId: await certificateId(tx, ctx.actor, input.certificateFileId),
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateTraining(ctx: Ctx, id: number, input: UpdateTraining): Promise<TrainingView> {
  return ledger.update(ctx, id, input.version, async (row, tx) => {
    const startsOn = input.startsOn ?? row.startsOn;
    const endsOn = input.endsOn ?? (input.startsOn && row.startsOn === row.endsOn ? input.startsOn : row.endsOn);
    checkSpan(ctx, startsOn, endsOn, input.hours ?? Number(row.hours));
    const set: Partial<typeof trainings.$inferInsert> = { startsOn, endsOn };
    if (input.course !== undefined) set.course = input.course;
    if (input.hours !== undefined) set.hours = input.hours;
    if (input.provider !== undefined) set.provider = input.provider;
    if (input.certificateFileId !== undefined) set.certificateFileId = await certificateId(tx, ctx.actor, input.certificateFileId, row.certificateFileId);
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}
