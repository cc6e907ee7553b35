// The drill ledger (应急疏散演练台账, 000 item 17, 001 item 6, 000 item 5): record, correct with a
// version, void with a reason (never deleted: a drill counted for compliance stays traceable).
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { CreateDrill, Drill, DrillListQuery, UpdateDrill } from '../../contracts/drills.js';
import type { DrillKind } from '../../contracts/rules.js';
import { drillScope, requireAccess } from '../access/access.js';
import type { Ctx } from '../context.js';
import { drills } from '../db/schema.js';
import { attachableFileIds } from '../access/references.js';
import { checkPastDay, placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { emergencyPlanRef } from '../emergency-plans/emergency-plans.service.js';
import { recordedLedger, type OwnView } from '../ledger/recorded-ledger.js';

type DrillRow = typeof drills.$inferSelect;

const ledger = recordedLedger({
  table: drills,
  name: '演练记录',
  objectType: 'drill',
  scope: drillScope,
  voidedCode: 'DRILL_VOIDED',
  orderBy: [desc(drills.heldOn), desc(drills.id)],
  present: ({ record: d }): OwnView<Drill> => ({
    heldOn: d.heldOn,
    kind: d.kind as DrillKind,
    participants: d.participants,
    evacuationSeconds: d.evacuationSeconds,
    observers: d.observers,
    problems: d.problems,
    emergencyPlanId: d.emergencyPlanId,
  }),
  snapshot: (d: DrillRow) => ({
    schoolId: d.schoolId,
    heldOn: d.heldOn,
    kind: d.kind,
    participants: d.participants,
    evacuationSeconds: d.evacuationSeconds,
    observers: d.observers,
    problems: d.problems,
    emergencyPlanId: d.emergencyPlanId,
    fileIds: d.fileIds,
    status: d.status,
    voidReason: d.voidReason,
  }),
});

/** The filters of the ledger inside the caller's scope; a school or town filter outside it is a 404. */
export async function drillFilter(ctx: Ctx, q: Partial<DrillListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [drillScope(ctx.actor), ...(await placeFilters(ctx, drills, q))];
  if (q.kind) conds.push(eq(drills.kind, q.kind));
  if (q.from) conds.push(gte(drills.heldOn, q.from));
  if (q.to) conds.push(lte(drills.heldOn, q.to));
  conds.push(eq(drills.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listDrills = async (ctx: Ctx, q: DrillListQuery) => ledger.list(ctx, await drillFilter(ctx, q), q);
/** Every drill of the filter in id order, a batch at a time (export). */
export const drillBatchFetcher = ledger.batchFetcher;
export const getDrill = ledger.get;
/** Voids a drill recorded by mistake: it stays in the ledger, marked, and no longer counts. */
export const voidDrill = ledger.void;

export function createDrill(ctx: Ctx, input: CreateDrill): Promise<Drill> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPastDay(ctx, 'heldOn', input.heldOn);
  return ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    const fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' });
    return {
      schoolId: s.id,
      schoolPath: s.path,
      heldOn: input.heldOn,
      kind: input.kind,
      participants: input.participants,
      evacuationSeconds: input.evacuationSeconds ?? null,
      observers: input.observers || null,
      problems: input.problems || null,
      emergencyPlanId: input.emergencyPlanId ? (await emergencyPlanRef(tx, ctx.actor, input.emergencyPlanId, s.id)).id : null,
      fileIds,
    };
  });
}

export function updateDrill(ctx: Ctx, id: number, input: UpdateDrill): Promise<Drill> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPastDay(ctx, 'heldOn', input.heldOn);
  return ledger.update(ctx, id, input.version, async (row, tx) => {
    const set: Partial<typeof drills.$inferInsert> = {};
    if (input.heldOn !== undefined) set.heldOn = input.heldOn;
    if (input.kind !== undefined) set.kind = input.kind;
    if (input.participants !== undefined) set.participants = input.participants;
    if (input.evacuationSeconds !== undefined) set.evacuationSeconds = input.evacuationSeconds;
    if (input.observers !== undefined) set.observers = input.observers || null;
    if (input.problems !== undefined) set.problems = input.problems || null;
    if (input.emergencyPlanId !== undefined) set.emergencyPlanId = input.emergencyPlanId ? (await emergencyPlanRef(tx, ctx.actor, input.emergencyPlanId, row.schoolId)).id : null;
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}
