// Disputes and petitions (矛盾纠纷排查与信访, issue 22; 000 item 3, 003 第三部分之六): a school's register of
// the disputes its screening finds and the petitions it receives, each with its due day from the
// district's numbers (domain/disputes.ts), the steps of the handling in order, and the conclusion
// (a petition's with the petitioner's view of the reply). A dispute that may become a group or
// over-the-level petition is put on the risk list (raiseRisk) in one step. Read by dispute.read
// (the school's leaders, towns and the bureau), written by dispute.manage; scoped, versioned,
// audited like every recorded ledger.
import { and, desc, eq, gt, gte, ilike, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type {
  ConcludeDispute,
  CreateDispute,
  DisputeKind,
  DisputeListQuery,
  DisputeParties,
  DisputeRisk,
  DisputeStep,
  DisputeStepInput,
  DisputeSummary,
  DisputeView,
  DisputeDeadlinesView,
  PetitionChannel,
  PetitionerView,
  UpdateDispute,
} from '../../contracts/disputes.js';
import { addDays } from '../../domain/dates.js';
import { conclusionProblem, DEFAULT_DISPUTE_DEADLINES, DISPUTE_RULES, type DisputeDeadlines, disputeDueOn, disputeProblem, disputeState, isGroupPetition, stepProblem } from '../../domain/disputes.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import { disputes } from '../db/schema.js';
import { badRequest, fieldError } from '../errors.js';
import { placeFilters, schoolForRecord, stageFilter } from '../ledger/ledger-helpers.js';
import { completedReads, recordedLedger, school, town, townOfSchool, type OwnView } from '../ledger/recorded-ledger.js';
import { raiseRisk } from '../risks/risks.service.js';
import { containing } from '../db/like.js';
import type { Executor } from '../db/client.js';
import { ruleThresholdsFor } from '../rules/rule-thresholds.js';

type DisputeRow = typeof disputes.$inferSelect;
type DisputeInsert = typeof disputes.$inferInsert;

// The reminder days and the size of a group petition are the shipped numbers with their sources; the
// days to conclude each kind come from the district's rule pack when a record is made (daysOf).
const deadlines = DEFAULT_DISPUTE_DEADLINES;

/** The days of each kind in the pack in force (rules disputes.petition_reply / dispute_resolve). */
async function daysOf(db: Executor, districtId: number) {
  const { values: days, packVersion } = await ruleThresholdsFor(db, districtId, { [DISPUTE_RULES.petition]: deadlines.petitionReplyDays, [DISPUTE_RULES.dispute]: deadlines.disputeResolveDays });
  const numbers: DisputeDeadlines = { ...deadlines, petitionReplyDays: days[DISPUTE_RULES.petition], disputeResolveDays: days[DISPUTE_RULES.dispute] };
  return { numbers, packVersion };
}

export const disputeScope = (actor: Actor) => schoolLedgerScope(actor, disputes);

const own = (m: DisputeRow): OwnView<DisputeView> => ({
  kind: m.kind as DisputeKind,
  parties: m.parties as DisputeParties,
  channel: m.channel as PetitionChannel | null,
  receivedOn: m.receivedOn,
  petitioners: m.petitioners,
  petitionerName: m.petitionerName,
  summary: m.summary,
  handlerName: m.handlerName,
  dueOn: m.dueOn,
  mayEscalate: m.mayEscalate,
  steps: m.steps as DisputeStep[],
  concludedOn: m.concludedOn,
  conclusion: m.conclusion,
  petitionerView: m.petitionerView as PetitionerView | null,
  riskId: m.riskId,
  // As of the request: completedReads sets it from today.
  state: m.concludedOn ? 'concluded' : 'open',
  group: isGroupPetition(m.kind as DisputeKind, m.petitioners, deadlines),
});

const ledger = recordedLedger({
  table: disputes,
  name: '矛盾纠纷/信访记录',
  objectType: 'dispute',
  scope: disputeScope,
  orderBy: [desc(disputes.receivedOn), desc(disputes.id)],
  present: ({ record }) => own(record),
  snapshot: (m: DisputeRow) => ({ schoolId: m.schoolId, ...own(m), fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
  writePermission: 'dispute.manage',
  readPermission: 'dispute.read',
});

/** A view's state as of the request: every read and every write's answer goes through it. */
const complete = (ctx: Ctx, v: DisputeView): DisputeView => ({ ...v, state: disputeState(v, todayOf(ctx), deadlines) });
const reads = completedReads<DisputeView>(ledger, complete);

/** The state filter as of today, the same boundaries as disputeState. */
function stateFilter(state: DisputeListQuery['state'], today: string): SQL | undefined {
  const d = disputes;
  const soon = addDays(today, deadlines.remindDays);
  switch (state) {
    case 'concluded':
      return isNotNull(d.concludedOn);
    case 'overdue':
      return and(isNull(d.concludedOn), lt(d.dueOn, today));
    case 'due_soon':
      return and(isNull(d.concludedOn), gte(d.dueOn, today), lte(d.dueOn, soon));
    case 'open':
      return and(isNull(d.concludedOn), gt(d.dueOn, soon));
    default:
      return undefined;
  }
}

export async function disputeFilter(ctx: Ctx, q: Partial<DisputeListQuery>): Promise<SQL> {
  // The export's only check besides ledger.read: a person without dispute.read reads nothing of it.
  requireAccess(ctx.actor, 'dispute.read');
  const d = disputes;
  const conds: Array<SQL | undefined> = [disputeScope(ctx.actor), ...(await placeFilters(ctx, d, q)), stageFilter(d, q.stage)];
  if (q.kind) conds.push(eq(d.kind, q.kind));
  if (q.parties) conds.push(eq(d.parties, q.parties));
  if (q.from) conds.push(gte(d.receivedOn, q.from));
  if (q.to) conds.push(lte(d.receivedOn, q.to));
  conds.push(stateFilter(q.state, todayOf(ctx)));
  if (q.q) {
    const like = containing(q.q);
    conds.push(or(ilike(d.summary, like), ilike(d.handlerName, like), ilike(d.petitionerName, like)));
  }
  conds.push(eq(d.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listDisputes = async (ctx: Ctx, q: DisputeListQuery) => reads.list(ctx, await disputeFilter(ctx, q), q);
export const disputeBatchFetcher = reads.batchFetcher;
export const getDispute = reads.get;
export const voidDispute = reads.void;

function check(ctx: Ctx, d: { kind: DisputeKind; channel?: string | null; receivedOn: string; petitioners?: number | null }) {
  const p = disputeProblem(d, todayOf(ctx));
  if (p) throw fieldError(p.field, p.message);
}

export async function createDispute(ctx: Ctx, input: CreateDispute): Promise<DisputeView> {
  requireAccess(ctx.actor, 'dispute.manage');
  check(ctx, input);
  const v = await ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      kind: input.kind,
      parties: input.parties,
      channel: input.kind === 'petition' ? (input.channel ?? null) : null,
      receivedOn: input.receivedOn,
      petitioners: input.kind === 'petition' ? (input.petitioners ?? null) : null,
      petitionerName: input.kind === 'petition' ? (input.petitionerName ?? null) : null,
      summary: input.summary,
      handlerName: input.handlerName,
      dueOn: disputeDueOn(input.kind, input.receivedOn, (await daysOf(tx, ctx.actor.districtId)).numbers),
      mayEscalate: input.mayEscalate,
      steps: [],
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
  return complete(ctx, v);
}

/** A view written by a change, its state as of today. */
const done = async (ctx: Ctx, p: Promise<DisputeView>) => complete(ctx, await p);

const concluded = () => badRequest('DISPUTE_CONCLUDED', '该记录已办结，不能再修改或办理');

/** A correction of what was recorded; the kind stays (a new record for the other kind). A new received day moves the due day. */
export function updateDispute(ctx: Ctx, id: number, input: UpdateDispute): Promise<DisputeView> {
  return done(
    ctx,
    ledger.update(ctx, id, input.version, async (row, tx) => {
      if (row.concludedOn) throw concluded();
      const kind = row.kind as DisputeKind;
      const merged = {
        kind,
        channel: input.channel !== undefined ? input.channel : row.channel,
        receivedOn: input.receivedOn ?? row.receivedOn,
        petitioners: input.petitioners !== undefined ? input.petitioners : row.petitioners,
      };
      check(ctx, merged);
      const steps = row.steps as DisputeStep[];
      if (steps.length && merged.receivedOn > steps[0].on) throw fieldError('receivedOn', `登记日期不能晚于第一次办理（${steps[0].on}）`);
      const set: Partial<DisputeInsert> = { channel: merged.channel, receivedOn: merged.receivedOn, petitioners: merged.petitioners };
      // The due day stays as given when recorded unless the received day itself is corrected.
      if (merged.receivedOn !== row.receivedOn) set.dueOn = disputeDueOn(kind, merged.receivedOn, (await daysOf(tx, ctx.actor.districtId)).numbers);
      if (input.parties !== undefined) set.parties = input.parties;
      if (input.petitionerName !== undefined) set.petitionerName = kind === 'petition' ? input.petitionerName : null;
      if (input.summary !== undefined) set.summary = input.summary;
      if (input.handlerName !== undefined) set.handlerName = input.handlerName;
      if (input.mayEscalate !== undefined) set.mayEscalate = input.mayEscalate;
      if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
      return set;
    }),
  );
}

/** One more step of the handling, signed by the person recording it. */
export function addDisputeStep(ctx: Ctx, id: number, input: DisputeStepInput): Promise<DisputeView> {
  return done(
    ctx,
    ledger.update(ctx, id, input.version, (row) => {
      if (row.concludedOn) throw concluded();
      const p = stepProblem(row, input.on, todayOf(ctx));
      if (p) throw fieldError(p.field, p.message);
      const steps = row.steps as DisputeStep[];
      const last = steps.at(-1);
      if (last && input.on < last.on) throw fieldError('on', `办理日期不能早于上一次办理（${last.on}）`);
      return { steps: [...steps, { on: input.on, note: input.note, byName: ctx.actor.displayName }] };
    }),
  );
}

/** Resolved (a dispute) or replied and closed (a petition, with the petitioner's view). */
export function concludeDispute(ctx: Ctx, id: number, input: ConcludeDispute): Promise<DisputeView> {
  return done(
    ctx,
    ledger.update(ctx, id, input.version, (row) => {
      if (row.concludedOn) throw concluded();
      const steps = row.steps as DisputeStep[];
      const p = conclusionProblem({ kind: row.kind as DisputeKind, receivedOn: row.receivedOn, lastStepOn: steps.at(-1)?.on ?? null }, input, todayOf(ctx));
      if (p) throw fieldError(p.field, p.message);
      return { concludedOn: input.concludedOn, conclusion: input.conclusion, petitionerView: input.petitionerView ?? null };
    }),
  );
}

/**
 * Puts a dispute or petition that may become a group or over-the-level petition on the school's
 * risk list (000 item 3: 避免群访、越级上访) in the same transaction: a special risk whose source is
 * this record, its first step naming it. Once per record.
 */
export function disputeToRisk(ctx: Ctx, id: number, input: DisputeRisk): Promise<DisputeView> {
  requireAccess(ctx.actor, 'risk.manage');
  return done(
    ctx,
    ledger.update(ctx, id, input.version, async (row, tx) => {
      if (row.concludedOn) throw concluded();
      if (row.riskId) throw badRequest('DISPUTE_RISK_RAISED', '已列入风险清单，请在风险清单中跟踪');
      const kind = row.kind as DisputeKind;
      const risk = await raiseRisk(tx as never, ctx, {
        schoolId: row.schoolId,
        area: 'management',
        place: '校内外',
        riskName: `${kind === 'petition' ? '信访' : '矛盾纠纷'}可能引发群访、越级上访：${row.summary.slice(0, 60)}`,
        likelihood: input.likelihood,
        severity: input.severity,
        riskKind: 'special',
        controls: input.controls,
        controlOwnerId: input.controlOwnerId,
        identifiedOn: todayOf(ctx),
        sourceType: 'dispute',
        sourceId: row.id,
        note: `由${kind === 'petition' ? '信访事项' : '矛盾纠纷'}登记（${row.receivedOn}）研判列入`,
      });
      return { riskId: risk.id, mayEscalate: true };
    }),
  );
}

/** Above the school: counts by town as of today; a school directly under the bureau counts under 局属. */
export async function disputeSummary(ctx: Ctx, q: { kind?: DisputeKind }): Promise<DisputeSummary> {
  requireAccess(ctx.actor, 'dispute.read');
  const today = todayOf(ctx);
  const d = disputes;
  const open = sql`${d.concludedOn} is null`;
  const rows = await ctx.db
    .select({
      townId: town.id,
      townName: town.name,
      open: sql<number>`count(*) filter (where ${open})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${open} and ${d.dueOn} < ${today})`.mapWith(Number),
      group: sql<number>`count(*) filter (where ${d.kind} = 'petition' and ${d.petitioners} >= ${deadlines.groupPetitioners})`.mapWith(Number),
      mayEscalate: sql<number>`count(*) filter (where ${open} and ${d.mayEscalate})`.mapWith(Number),
      concluded: sql<number>`count(*) filter (where not (${open}))`.mapWith(Number),
    })
    .from(d)
    .innerJoin(school, eq(school.id, d.schoolId))
    .leftJoin(town, townOfSchool)
    .where(and(disputeScope(ctx.actor), eq(d.status, 'recorded'), q.kind ? eq(d.kind, q.kind) : undefined))
    .groupBy(town.id, town.name)
    .orderBy(sql`${town.name} nulls last`);
  return { towns: rows.map((r) => ({ ...r, townName: r.townName ?? '局属学校' })) };
}

/** The numbers in force with their sources: the two days from the pack (its version named), the rest shipped. */
export async function disputeDeadlines(ctx: Ctx): Promise<DisputeDeadlinesView> {
  requireAccess(ctx.actor, 'dispute.read');
  const { numbers, packVersion } = await daysOf(ctx.db, ctx.actor.districtId);
  const { petitionReplyDays, disputeResolveDays, remindDays, groupPetitioners, notes } = numbers;
  return { petitionReplyDays, disputeResolveDays, remindDays, groupPetitioners, notes, packVersion };
}
