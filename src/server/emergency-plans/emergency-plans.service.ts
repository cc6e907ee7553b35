// Emergency plans (应急预案) and the emergency team (应急队伍) of a school (issue 21; 000 items 4 and
// 10, task table item 7; 001 item 6; 004 item 4). A plan per kind: its edition, approval, the next
// revision, the rescue forces linked and the staff walked through it; corrected with a version (a new
// edition is a correction of the same record), voided with a reason, never deleted. The rules of the
// pack (emergency.*) read them; a drill can name the plan it exercised (drills.emergency_plan_id).
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { CreateEmergencyPlan, CreateTeamMember, EmergencyPlanListQuery, EmergencyPlanView, RescueForce, TeamMemberListQuery, TeamMemberView, UpdateEmergencyPlan, UpdateTeamMember } from '../../contracts/emergency-plans.js';
import { planProblems, type EmergencyPlanKind } from '../../domain/emergency-plans.js';
import { schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds, referenceError, staffRefs } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { emergencyPlans, emergencyTeamMembers, staffMembers } from '../db/schema.js';
import { conflict, fieldError, notFound } from '../errors.js';
import { placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { recordedLedger, school, town, townOfSchool, type OwnView } from '../ledger/recorded-ledger.js';

type PlanRow = typeof emergencyPlans.$inferSelect;
type MemberRow = typeof emergencyTeamMembers.$inferSelect;

export const planScope = (actor: Actor) => schoolLedgerScope(actor, emergencyPlans);
export const teamScope = (actor: Actor) => schoolLedgerScope(actor, emergencyTeamMembers);

// The names of the staff walked through a plan, and the recorded drills that exercised it.
const walkedStaff = sql<Array<{ id: number; name: string }>>`(select coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) order by s.id), '[]'::json) from staff_members s where s.id = any(${emergencyPlans.walkedStaffIds}))`;
const drillsCount = sql<number>`(select count(*)::int from drills d where d.emergency_plan_id = ${emergencyPlans.id} and d.status = 'recorded')`;

const plans = recordedLedger({
  table: emergencyPlans,
  name: '应急预案',
  objectType: 'emergency_plan',
  scope: planScope,
  select: (db: Executor) =>
    db
      .select({ record: emergencyPlans, schoolName: school.name, townName: town.name, walkedStaff, drillsCount })
      .from(emergencyPlans)
      .innerJoin(school, eq(school.id, emergencyPlans.schoolId))
      .leftJoin(town, townOfSchool),
  orderBy: [desc(emergencyPlans.approvedOn), desc(emergencyPlans.id)],
  present: ({ record: p, walkedStaff: w, drillsCount: d }): OwnView<EmergencyPlanView> => ({
    kind: p.kind as EmergencyPlanKind,
    edition: p.edition,
    approvedBy: p.approvedBy,
    approvedOn: p.approvedOn,
    revisionDue: p.revisionDue,
    rescueForces: p.rescueForces as RescueForce[],
    walkedStaff: typeof w === 'string' ? JSON.parse(w) : w,
    walkedOn: p.walkedOn,
    drillsCount: Number(d),
  }),
  snapshot: (p: PlanRow) => ({
    schoolId: p.schoolId,
    kind: p.kind,
    edition: p.edition,
    approvedBy: p.approvedBy,
    approvedOn: p.approvedOn,
    revisionDue: p.revisionDue,
    rescueForces: p.rescueForces,
    walkedStaffIds: p.walkedStaffIds,
    walkedOn: p.walkedOn,
    fileIds: p.fileIds,
    status: p.status,
    voidReason: p.voidReason,
  }),
});

export async function planFilter(ctx: Ctx, q: Partial<EmergencyPlanListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [planScope(ctx.actor), ...(await placeFilters(ctx, emergencyPlans, q))];
  if (q.kind) conds.push(eq(emergencyPlans.kind, q.kind));
  if (q.overdue === 'true') conds.push(lt(emergencyPlans.revisionDue, todayOf(ctx)));
  if (q.overdue === 'false') conds.push(gte(emergencyPlans.revisionDue, todayOf(ctx)));
  if (q.from) conds.push(sql`${emergencyPlans.approvedOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${emergencyPlans.approvedOn} <= ${q.to}`);
  conds.push(eq(emergencyPlans.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listEmergencyPlans = async (ctx: Ctx, q: EmergencyPlanListQuery) => plans.list(ctx, await planFilter(ctx, q), q);
export const planBatchFetcher = plans.batchFetcher;
export const getEmergencyPlan = plans.get;
export const voidEmergencyPlan = plans.void;

function checkPlan(ctx: Ctx, p: { kind: EmergencyPlanKind; approvedOn: string; revisionDue: string; walkedOn?: string | null }) {
  const problem = planProblems(p, todayOf(ctx))[0];
  if (problem) throw fieldError(problem.field, problem.message);
}

/** One current plan per kind in a school (a voided one frees the kind); the unique index decides under concurrency. */
async function checkKindFree(tx: Executor, schoolId: number, kind: string) {
  const [dup] = await tx
    .select({ id: emergencyPlans.id })
    .from(emergencyPlans)
    .where(and(eq(emergencyPlans.schoolId, schoolId), eq(emergencyPlans.kind, kind), eq(emergencyPlans.status, 'recorded')));
  if (dup) throw conflict('PLAN_EXISTS', '该学校已登记这一类应急预案，请修改原预案（更新版本）', { field: 'kind', planId: dup.id });
}

/** The staff walked through the plan: the school's own staff records (another school's → 400, unseen → 404). */
async function walkedIds(tx: Executor, actor: Actor, ids: readonly number[], schoolId: number) {
  const rows = await staffRefs(tx, actor, ids, { field: 'walkedStaffIds', schoolId });
  return rows.map((r) => r.id);
}

export function createEmergencyPlan(ctx: Ctx, input: CreateEmergencyPlan): Promise<EmergencyPlanView> {
  checkPlan(ctx, input);
  return plans.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    await checkKindFree(tx, s.id, input.kind);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      kind: input.kind,
      edition: input.edition,
      approvedBy: input.approvedBy,
      approvedOn: input.approvedOn,
      revisionDue: input.revisionDue,
      rescueForces: input.rescueForces,
      walkedStaffIds: await walkedIds(tx, ctx.actor, input.walkedStaffIds, s.id),
      walkedOn: input.walkedOn ?? null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateEmergencyPlan(ctx: Ctx, id: number, input: UpdateEmergencyPlan): Promise<EmergencyPlanView> {
  return plans.update(ctx, id, input.version, async (row, tx) => {
    const approvedOn = input.approvedOn ?? row.approvedOn;
    const revisionDue = input.revisionDue ?? row.revisionDue;
    const walkedOn = input.walkedOn === undefined ? row.walkedOn : input.walkedOn;
    checkPlan(ctx, { kind: row.kind as EmergencyPlanKind, approvedOn, revisionDue, walkedOn });
    const set: Partial<typeof emergencyPlans.$inferInsert> = { approvedOn, revisionDue, walkedOn };
    if (input.edition !== undefined) set.edition = input.edition;
    if (input.approvedBy !== undefined) set.approvedBy = input.approvedBy;
    if (input.rescueForces !== undefined) set.rescueForces = input.rescueForces;
    if (input.walkedStaffIds !== undefined) set.walkedStaffIds = await walkedIds(tx, ctx.actor, input.walkedStaffIds, row.schoolId);
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}

/** A plan a drill names (drills.emergency_plan_id): one the caller sees (else 404), of the drill's school and current (else 400). */
export async function emergencyPlanRef(db: Executor, actor: Actor, id: number, schoolId: number) {
  const [p] = await db.select({ id: emergencyPlans.id, schoolId: emergencyPlans.schoolId, status: emergencyPlans.status }).from(emergencyPlans).where(and(eq(emergencyPlans.id, id), planScope(actor)));
  if (!p) throw notFound('应急预案');
  if (p.schoolId !== schoolId) throw referenceError('emergencyPlanId', '须为本校的应急预案');
  if (p.status !== 'recorded') throw referenceError('emergencyPlanId', '该应急预案已作废');
  return p;
}

// ---- the emergency team (应急队伍, 004 item 4) ------------------------------------------------

const team = recordedLedger({
  table: emergencyTeamMembers,
  name: '应急队伍成员',
  objectType: 'emergency_team_member',
  scope: teamScope,
  select: (db: Executor) =>
    db
      .select({ record: emergencyTeamMembers, staffName: staffMembers.name, schoolName: school.name, townName: town.name })
      .from(emergencyTeamMembers)
      .innerJoin(staffMembers, eq(staffMembers.id, emergencyTeamMembers.staffMemberId))
      .innerJoin(school, eq(school.id, emergencyTeamMembers.schoolId))
      .leftJoin(town, townOfSchool),
  orderBy: [emergencyTeamMembers.schoolId as unknown as SQL, emergencyTeamMembers.id as unknown as SQL],
  present: ({ record: m, staffName }): OwnView<TeamMemberView> => ({
    staffMemberId: m.staffMemberId,
    staffName,
    teamRole: m.teamRole as TeamMemberView['teamRole'],
    duty: m.duty,
    phone: m.phone,
  }),
  snapshot: (m: MemberRow) => ({ schoolId: m.schoolId, staffMemberId: m.staffMemberId, teamRole: m.teamRole, duty: m.duty, phone: m.phone, status: m.status, voidReason: m.voidReason }),
});

export async function teamFilter(ctx: Ctx, q: Partial<TeamMemberListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [teamScope(ctx.actor), ...(await placeFilters(ctx, emergencyTeamMembers, q))];
  if (q.teamRole) conds.push(eq(emergencyTeamMembers.teamRole, q.teamRole));
  conds.push(eq(emergencyTeamMembers.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listTeamMembers = async (ctx: Ctx, q: TeamMemberListQuery) => team.list(ctx, await teamFilter(ctx, q), q);
export const teamBatchFetcher = team.batchFetcher;
export const voidTeamMember = team.void;

export function addTeamMember(ctx: Ctx, input: CreateTeamMember): Promise<TeamMemberView> {
  return team.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    const [staff] = await staffRefs(tx, ctx.actor, [input.staffMemberId], { field: 'staffMemberId', schoolId: s.id });
    if (staff.leftOn) throw fieldError('staffMemberId', `${staff.name}已离职，不能加入应急队伍`);
    const [dup] = await tx
      .select({ id: emergencyTeamMembers.id })
      .from(emergencyTeamMembers)
      .where(and(eq(emergencyTeamMembers.schoolId, s.id), eq(emergencyTeamMembers.staffMemberId, staff.id), eq(emergencyTeamMembers.status, 'recorded')));
    if (dup) throw conflict('MEMBER_EXISTS', `${staff.name}已在应急队伍中`, { field: 'staffMemberId' });
    return { schoolId: s.id, schoolPath: s.path, staffMemberId: staff.id, teamRole: input.teamRole, duty: input.duty ?? null, phone: input.phone ?? null, fileIds: [] };
  });
}

export function updateTeamMember(ctx: Ctx, id: number, input: UpdateTeamMember): Promise<TeamMemberView> {
  return team.update(ctx, id, input.version, () => {
    const set: Partial<typeof emergencyTeamMembers.$inferInsert> = {};
    if (input.teamRole !== undefined) set.teamRole = input.teamRole;
    if (input.duty !== undefined) set.duty = input.duty;
    if (input.phone !== undefined) set.phone = input.phone;
    return set;
  });
}
