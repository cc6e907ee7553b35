// The food safety ledger (食品安全台账, issue 15 item 1): 日管控, 周排查, 月调度 (000 item 7), 陪餐 and
// certificates (001 item 17), 明厨亮灶 and the traceability platform (002 area 3), kept per school with
// a canteen. Each kind keeps its own fields (domain/food.ts); corrected with a version, voided with a
// reason, never deleted; the bureau lists and exports it across the district by town and stage.
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { CreateFood, FoodKind, FoodListQuery, FoodView, UpdateFood } from '../../contracts/food.js';
import { FOOD_KIND_FIELDS, foodRecordProblem, type FoodDraft } from '../../domain/food.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import { foodRecords } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { placeFilters, schoolForRecord, stageFilter } from '../ledger/ledger-helpers.js';
import { recordedLedger, type OwnView } from '../ledger/recorded-ledger.js';

type FoodRow = typeof foodRecords.$inferSelect;
type FoodInsert = typeof foodRecords.$inferInsert;

export const foodScope = (actor: Actor) => schoolLedgerScope(actor, foodRecords);

const own = (m: FoodRow): OwnView<FoodView> => ({
  kind: m.kind as FoodKind,
  recordedOn: m.recordedOn,
  person: m.person,
  staffChecked: m.staffChecked,
  staffUnwell: m.staffUnwell,
  samplesKept: m.samplesKept,
  sampleGrams: m.sampleGrams,
  sampleHours: m.sampleHours,
  findingCount: m.findingCount,
  meal: m.meal as FoodView['meal'],
  certificateType: m.certificateType as FoodView['certificateType'],
  certificateNo: m.certificateNo,
  expiresOn: m.expiresOn,
  brightKitchenOnline: m.brightKitchenOnline,
  traceabilityOnline: m.traceabilityOnline,
  content: m.summary,
});

const ledger = recordedLedger({
  table: foodRecords,
  name: '食品安全记录',
  objectType: 'food_record',
  scope: foodScope,
  orderBy: [desc(foodRecords.recordedOn), desc(foodRecords.id)],
  present: ({ record }) => own(record),
  snapshot: (m: FoodRow) => ({ schoolId: m.schoolId, ...own(m), fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
});

export async function foodFilter(ctx: Ctx, q: Partial<FoodListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [foodScope(ctx.actor), ...(await placeFilters(ctx, foodRecords, q)), stageFilter(foodRecords, q.stage)];
  if (q.kind) conds.push(eq(foodRecords.kind, q.kind));
  if (q.from) conds.push(gte(foodRecords.recordedOn, q.from));
  if (q.to) conds.push(lte(foodRecords.recordedOn, q.to));
  conds.push(eq(foodRecords.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listFood = async (ctx: Ctx, q: FoodListQuery) => ledger.list(ctx, await foodFilter(ctx, q), q);
export const foodBatchFetcher = ledger.batchFetcher;
export const getFood = ledger.get;
export const voidFood = ledger.void;

/** The kind's own fields of a draft as columns (the API's content is the table's summary); the others empty. */
export function columnsOf(d: FoodDraft): Partial<FoodInsert> {
  const fields = FOOD_KIND_FIELDS[d.kind];
  const pick = <K extends keyof FoodDraft>(k: K) => (fields.includes(k) ? (d[k] ?? null) : null);
  return {
    staffChecked: pick('staffChecked') as number | null,
    staffUnwell: pick('staffUnwell') as number | null,
    samplesKept: pick('samplesKept') as number | null,
    sampleGrams: pick('sampleGrams') as number | null,
    sampleHours: pick('sampleHours') as number | null,
    findingCount: pick('findingCount') as number | null,
    meal: pick('meal') as string | null,
    certificateType: pick('certificateType') as string | null,
    expiresOn: pick('expiresOn') as string | null,
    brightKitchenOnline: pick('brightKitchenOnline') as boolean | null,
    traceabilityOnline: pick('traceabilityOnline') as boolean | null,
    summary: (d.content ?? null) || null,
  };
}

function check(d: FoodDraft, today: string, newExpiry: boolean) {
  const p = foodRecordProblem(d, today, newExpiry);
  if (p) throw fieldError(p.field, p.message);
}

export function createFood(ctx: Ctx, input: CreateFood): Promise<FoodView> {
  requireAccess(ctx.actor, 'ledger.write');
  check(input, todayOf(ctx), true);
  return ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      kind: input.kind,
      recordedOn: input.recordedOn,
      person: input.person,
      ...columnsOf(input),
      certificateNo: input.kind === 'certificate' ? (input.certificateNo ?? null) || null : null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateFood(ctx: Ctx, id: number, input: UpdateFood): Promise<FoodView> {
  return ledger.update(ctx, id, input.version, async (row, tx) => {
    const was = own(row);
    const merged = { ...was } as FoodDraft & { person: string; certificateNo: string | null };
    for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'version' && k !== 'fileIds') (merged as unknown as Record<string, unknown>)[k] = v;
    check(merged, todayOf(ctx), input.expiresOn !== undefined && input.expiresOn !== row.expiresOn);
    const set: Partial<FoodInsert> = {
      recordedOn: merged.recordedOn,
      person: merged.person,
      ...columnsOf(merged),
      certificateNo: merged.kind === 'certificate' ? merged.certificateNo || null : null,
    };
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}
