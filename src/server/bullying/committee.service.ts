// The school's governance committee (欺凌治理委员会, 001 item 10) with its meetings, the pupils' help
// line and contact people (求助电话和联系人, 002 area 4), and the screening of early signs by class
// (苗头性事件排摸, 000 item 13; counts only). None of these names a pupil: the committee and help line
// are seen by anyone whose scope holds the school (the help line is published to the pupils).
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { CommitteeRole, CommitteeView, CreateBullyingScreening, CreateMeeting, HelpLineInput } from '../../contracts/bullying.js';
import { screeningCountsProblem } from '../../domain/bullying.js';
import { gradeProblem } from '../../domain/care.js';
import { can, requireAccess, schoolLedgerScope, userScope } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { bullyingCommitteeMembers, bullyingHelpLines, bullyingMeetings, bullyingScreenings, files, units, users } from '../db/schema.js';
import { conflict, fieldError, notFound, staleVersion } from '../errors.js';
import { unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { bullyingCircleOf, type BullyingCircle } from './circle.js';

/** The principal acts on the committee and help line of their own school only. */
function managedSchool(ctx: Ctx): number {
  requireAccess(ctx.actor, 'bullying.manage');
  if (ctx.actor.unitKind !== 'school') throw notFound('学校');
  return ctx.actor.unitId;
}

const canManageSchool = (ctx: Ctx, schoolId: number) => can(ctx.actor, 'bullying.manage') && ctx.actor.unitKind === 'school' && ctx.actor.unitId === schoolId;

/** Records a meeting or a screening: the principal, or someone of the school's bullying circle. */
async function recorderSchool(db: Executor, ctx: Ctx, c: BullyingCircle, schoolId: number) {
  if (!canManageSchool(ctx, schoolId) && !c.schools.has(schoolId)) throw notFound('学校');
  const [s] = await db.select({ id: units.id, path: units.path, name: units.name, stage: units.stage }).from(units).where(and(eq(units.id, schoolId), eq(units.districtId, ctx.actor.districtId)));
  if (!s) throw notFound('学校');
  return s;
}

async function activeStaff(db: Executor, schoolId: number) {
  return db.select({ id: users.id, displayName: users.displayName }).from(users).where(and(eq(users.unitId, schoolId), eq(users.status, 'active'))).orderBy(asc(users.displayName));
}

export async function getCommittee(ctx: Ctx, schoolId: number): Promise<CommitteeView> {
  const s = await unitInScopeOr404(ctx.db, ctx.actor, schoolId, '学校');
  if (s.kind !== 'school') throw fieldError('schoolId', '请选择学校');
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  const [school] = await ctx.db.select({ name: units.name }).from(units).where(eq(units.id, s.id));
  const members = await ctx.db
    .select({ id: bullyingCommitteeMembers.id, userId: bullyingCommitteeMembers.userId, displayName: users.displayName, committeeRole: bullyingCommitteeMembers.committeeRole, appointedAt: bullyingCommitteeMembers.appointedAt })
    .from(bullyingCommitteeMembers)
    .innerJoin(users, eq(users.id, bullyingCommitteeMembers.userId))
    .where(and(eq(bullyingCommitteeMembers.schoolId, s.id), isNull(bullyingCommitteeMembers.removedAt)))
    .orderBy(asc(bullyingCommitteeMembers.id));
  const meetings = await ctx.db
    .select({ m: bullyingMeetings, fileName: files.name })
    .from(bullyingMeetings)
    .leftJoin(files, eq(files.id, bullyingMeetings.minutesFileId))
    .where(eq(bullyingMeetings.schoolId, s.id))
    .orderBy(desc(bullyingMeetings.heldOn), desc(bullyingMeetings.id))
    .limit(50);
  const [line] = await ctx.db.select().from(bullyingHelpLines).where(eq(bullyingHelpLines.schoolId, s.id));
  const manage = canManageSchool(ctx, s.id);
  return {
    schoolId: s.id,
    schoolName: school.name,
    members: members.map((m) => ({ ...m, committeeRole: m.committeeRole as CommitteeRole, appointedAt: m.appointedAt.toISOString() })),
    meetings: meetings.map(({ m, fileName }) => ({
      id: m.id,
      heldOn: m.heldOn,
      topic: m.topic,
      attendees: m.attendees,
      minutesFile: m.minutesFileId && fileName ? { id: m.minutesFileId, name: fileName } : null,
      createdByName: m.createdByName,
    })),
    helpLine: line
      ? { phone: line.phone, hours: line.hours, contacts: line.contacts as Array<{ name: string; post: string; phone: string }>, updatedByName: line.updatedByName, updatedAt: line.updatedAt.toISOString(), version: line.version }
      : null,
    candidates: manage ? await activeStaff(ctx.db, s.id) : [],
    canManage: manage,
    canRecordMeeting: manage || c.schools.has(s.id),
  };
}

/** The principal appoints a member of the school's staff (an active user of the school) with a committee role. */
export async function appointMember(ctx: Ctx, input: { userId: number; committeeRole: CommitteeRole }) {
  const schoolId = managedSchool(ctx);
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id, unitId: users.unitId, status: users.status, displayName: users.displayName }).from(users).where(and(eq(users.id, input.userId), userScope(ctx.actor)));
    if (!u) throw notFound('人员');
    if (u.unitId !== schoolId || u.status !== 'active') throw fieldError('userId', `${u.displayName}不是本校在职教职工，不能担任欺凌治理委员会成员`, '人员');
    const [existing] = await tx.select({ id: bullyingCommitteeMembers.id }).from(bullyingCommitteeMembers).where(and(eq(bullyingCommitteeMembers.schoolId, schoolId), eq(bullyingCommitteeMembers.userId, u.id), isNull(bullyingCommitteeMembers.removedAt)));
    if (existing) throw conflict('BULLYING_MEMBER_EXISTS', `${u.displayName}已是本校欺凌治理委员会成员`, [{ field: 'userId' }]);
    const [s] = await tx.select({ path: units.path }).from(units).where(eq(units.id, schoolId));
    const [row] = await tx
      .insert(bullyingCommitteeMembers)
      .values({ districtId: ctx.actor.districtId, schoolId, schoolPath: s.path, userId: u.id, committeeRole: input.committeeRole, appointedBy: ctx.actor.id })
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'bullying_committee', objectId: row.id, after: { schoolId, userId: u.id, committeeRole: input.committeeRole } });
    return { id: row.id };
  });
}

export async function removeMember(ctx: Ctx, id: number) {
  const schoolId = managedSchool(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(bullyingCommitteeMembers)
      .set({ removedAt: new Date(), removedBy: ctx.actor.id })
      .where(and(eq(bullyingCommitteeMembers.id, id), eq(bullyingCommitteeMembers.schoolId, schoolId), isNull(bullyingCommitteeMembers.removedAt)))
      .returning();
    if (!row) throw notFound('委员会成员');
    await writeAudit(tx, auditCtx(ctx), { action: 'disable', objectType: 'bullying_committee', objectId: row.id, before: { schoolId, userId: row.userId, committeeRole: row.committeeRole } });
    return { id: row.id };
  });
}

export async function createMeeting(ctx: Ctx, input: CreateMeeting) {
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  if (input.meetingOn > todayOf(ctx)) throw fieldError('meetingOn', '不能晚于今天');
  return ctx.db.transaction(async (tx) => {
    const s = await recorderSchool(tx, ctx, c, input.schoolId);
    const fileIds = input.minutesFileId ? await attachableFileIds(tx, ctx.actor, [input.minutesFileId], { field: 'minutesFileId' }) : [];
    const [row] = await tx
      .insert(bullyingMeetings)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        heldOn: input.meetingOn,
        topic: input.meetingTopic,
        attendees: input.attendees,
        minutesFileId: fileIds[0] ?? null,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'bullying_meeting', objectId: row.id, after: { schoolId: s.id, heldOn: row.heldOn, topic: row.topic, attendees: row.attendees, minutesFileId: row.minutesFileId } });
    return { id: row.id };
  });
}

/** The principal sets the help line and its contact people; version 0 creates it. */
export async function putHelpLine(ctx: Ctx, input: HelpLineInput) {
  const schoolId = managedSchool(ctx);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(bullyingHelpLines).where(eq(bullyingHelpLines.schoolId, schoolId)).for('update');
    if ((before?.version ?? 0) !== input.version) throw staleVersion();
    const [s] = await tx.select({ path: units.path }).from(units).where(eq(units.id, schoolId));
    const values = { phone: input.helpLinePhone, hours: input.helpLineHours, contacts: input.contacts, updatedByName: ctx.actor.displayName, version: input.version + 1, updatedAt: new Date() };
    if (before) await tx.update(bullyingHelpLines).set(values).where(eq(bullyingHelpLines.schoolId, schoolId));
    else await tx.insert(bullyingHelpLines).values({ schoolId, districtId: ctx.actor.districtId, schoolPath: s.path, ...values });
    await writeAudit(tx, auditCtx(ctx), {
      action: before ? 'update' : 'create',
      objectType: 'bullying_help_line',
      objectId: schoolId,
      before: before ? { phone: before.phone, hours: before.hours, contacts: before.contacts } : undefined,
      after: { phone: values.phone, hours: values.hours, contacts: values.contacts },
    });
    return { version: values.version };
  });
}

// ---- screening of early signs (000 item 13) ----------------------------------------------------------

/** Who sees screenings (counts by class, no names): the school's circle, and bullying.summary in its scope. Else 404. */
function screeningScope(ctx: Ctx, c: BullyingCircle): SQL {
  const mine = c.schools.size ? inArray(bullyingScreenings.schoolId, [...c.schools]) : undefined;
  const own = canManageSchool(ctx, ctx.actor.unitId) ? eq(bullyingScreenings.schoolId, ctx.actor.unitId) : undefined;
  const parts = [mine, own, can(ctx.actor, 'bullying.summary') ? schoolLedgerScope(ctx.actor, bullyingScreenings) : undefined].filter((x): x is SQL => Boolean(x));
  if (!parts.length) throw notFound('苗头排摸记录');
  return and(eq(bullyingScreenings.districtId, ctx.actor.districtId), or(...parts))!;
}

export async function listBullyingScreenings(ctx: Ctx, q: { page: number; pageSize: number; schoolId?: number; from?: string; to?: string }) {
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  const conds: Array<SQL | undefined> = [screeningScope(ctx, c)];
  if (q.schoolId) conds.push(eq(bullyingScreenings.schoolId, q.schoolId));
  if (q.from) conds.push(gte(bullyingScreenings.screenedOn, q.from));
  if (q.to) conds.push(lte(bullyingScreenings.screenedOn, q.to));
  const where = and(...conds);
  const [{ total }] = await ctx.db.select({ total: count() }).from(bullyingScreenings).where(where);
  const rows = await ctx.db
    .select({ r: bullyingScreenings, schoolName: units.name })
    .from(bullyingScreenings)
    .innerJoin(units, eq(units.id, bullyingScreenings.schoolId))
    .where(where)
    .orderBy(desc(bullyingScreenings.screenedOn), asc(bullyingScreenings.grade), asc(bullyingScreenings.className), desc(bullyingScreenings.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: rows.map(({ r, schoolName }) => ({
      id: r.id,
      schoolId: r.schoolId,
      schoolName,
      screeningOn: r.screenedOn,
      studentGrade: r.grade,
      className: r.className,
      pupilsScreened: r.pupils,
      signsFound: r.signsFound,
      followUpNeeded: r.followUpNeeded,
      createdByName: r.createdByName,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function createBullyingScreening(ctx: Ctx, input: CreateBullyingScreening) {
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  if (input.screeningOn > todayOf(ctx)) throw fieldError('screeningOn', '不能晚于今天');
  const problem = screeningCountsProblem({ pupils: input.pupilsScreened, signsFound: input.signsFound, followUpNeeded: input.followUpNeeded });
  if (problem) throw fieldError(problem.field, problem.message);
  return ctx.db.transaction(async (tx) => {
    const s = await recorderSchool(tx, ctx, c, input.schoolId);
    const g = gradeProblem(s.stage as never, input.studentGrade);
    if (g) throw fieldError('studentGrade', g);
    const [row] = await tx
      .insert(bullyingScreenings)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        screenedOn: input.screeningOn,
        grade: input.studentGrade,
        className: input.className,
        pupils: input.pupilsScreened,
        signsFound: input.signsFound,
        followUpNeeded: input.followUpNeeded,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'bullying_screening', objectId: row.id, after: { schoolId: s.id, screenedOn: row.screenedOn, grade: row.grade, className: row.className, pupils: row.pupils, signsFound: row.signsFound, followUpNeeded: row.followUpNeeded } });
    return { id: row.id };
  });
}
