// Emergency supplies (应急物资, 000 items 4 and 10, 004 item 4; issue 21): per school and store the
// item, quantity, unit, minimum, location and expiry; corrected with a version, voided with a reason.
// A stock check (盘点) records the counted quantity of each item and sets it on the supply in the same
// transaction, each supply's change audited beside the check. The bureau sees readiness by town.
import { and, asc, desc, eq, gte, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { CreateStockCheck, CreateSupply, StockCheckView, SupplyListQuery, SupplyReadiness, SupplyView, UpdateSupply } from '../../contracts/emergency-supplies.js';
import { addDays } from '../../domain/dates.js';
import { supplyProblems, supplyState } from '../../domain/emergency-supplies.js';
import { requireAccess, schoolLedgerScope, unitScope, type Actor } from '../access/access.js';
import { attachableFileIds, referenceError } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { emergencyStockChecks, emergencySupplies } from '../db/schema.js';
import { conflict, fieldError } from '../errors.js';
import { checkPastDay, placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { completedReads, recordedLedger, school, town, townOfSchool, type OwnView } from '../ledger/recorded-ledger.js';

type SupplyRow = typeof emergencySupplies.$inferSelect;

export const supplyScope = (actor: Actor) => schoolLedgerScope(actor, emergencySupplies);
/** How many days ahead an expiry shows as 即将过期 on the list (the rule's own window is in the pack). */
const EXPIRING_DAYS = 30;

const snapshot = (s: SupplyRow) => ({
  schoolId: s.schoolId,
  depot: s.store,
  itemName: s.item,
  quantity: s.quantity,
  unit: s.unit,
  minimum: s.minimum,
  shelf: s.location,
  purchasedOn: s.purchasedOn,
  expiresOn: s.expiresOn,
  lastCheckedOn: s.lastCheckedOn,
  fileIds: s.fileIds,
  status: s.status,
  voidReason: s.voidReason,
});

const ledger = recordedLedger({
  table: emergencySupplies,
  name: '应急物资',
  objectType: 'emergency_supply',
  scope: supplyScope,
  orderBy: [asc(emergencySupplies.schoolId), asc(emergencySupplies.store), asc(emergencySupplies.item), desc(emergencySupplies.id)],
  present: ({ record: s }): OwnView<SupplyView> => ({
    depot: s.store,
    itemName: s.item,
    quantity: s.quantity,
    unit: s.unit,
    minimum: s.minimum,
    shelf: s.location,
    purchasedOn: s.purchasedOn,
    expiresOn: s.expiresOn,
    lastCheckedOn: s.lastCheckedOn,
    // Filled in as of the request by completedReads below.
    state: 'ok',
  }),
  snapshot,
});

// The state is judged as of the request's day, not stored (an item expires without anyone writing).
const reads = completedReads<SupplyView>(ledger, (ctx, v) => ({ ...v, state: supplyState(v, todayOf(ctx), EXPIRING_DAYS) }));

/** The SQL of a state as of `today`, in the order supplyState decides it (expired, short, expiring, ok). */
function stateCondition(state: NonNullable<SupplyListQuery['state']>, today: string): SQL {
  const s = emergencySupplies;
  const expired = sql`(${s.expiresOn} is not null and ${s.expiresOn} < ${today})`;
  const short = sql`(${s.quantity} < ${s.minimum})`;
  const expiring = sql`(${s.expiresOn} is not null and ${s.expiresOn} <= ${addDays(today, EXPIRING_DAYS)})`;
  if (state === 'expired') return expired;
  if (state === 'short') return sql`(not ${expired} and ${short})`;
  if (state === 'expiring') return sql`(not ${expired} and not ${short} and ${expiring})`;
  return sql`(not ${expired} and not ${short} and not ${expiring})`;
}

export async function supplyFilter(ctx: Ctx, q: Partial<SupplyListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [supplyScope(ctx.actor), ...(await placeFilters(ctx, emergencySupplies, q))];
  if (q.depot) conds.push(like(emergencySupplies.store, `%${q.depot}%`));
  if (q.itemName) conds.push(like(emergencySupplies.item, `%${q.itemName}%`));
  if (q.state) conds.push(stateCondition(q.state, todayOf(ctx)));
  if (q.from) conds.push(gte(emergencySupplies.purchasedOn, q.from));
  if (q.to) conds.push(sql`${emergencySupplies.purchasedOn} <= ${q.to}`);
  conds.push(eq(emergencySupplies.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listSupplies = async (ctx: Ctx, q: SupplyListQuery) => reads.list(ctx, await supplyFilter(ctx, q), q);
export const supplyBatchFetcher = reads.batchFetcher;
export const getSupply = reads.get;
export const voidSupply = reads.void;

function checkSupply(ctx: Ctx, s: { purchasedOn?: string | null; expiresOn?: string | null }) {
  checkPastDay(ctx, 'purchasedOn', s.purchasedOn);
  const problem = supplyProblems(s)[0];
  if (problem) throw fieldError(problem.field, problem.message);
}

async function checkItemFree(tx: Executor, schoolId: number, store: string, item: string, exceptId?: number) {
  const [dup] = await tx
    .select({ id: emergencySupplies.id })
    .from(emergencySupplies)
    .where(and(eq(emergencySupplies.schoolId, schoolId), eq(emergencySupplies.store, store), eq(emergencySupplies.item, item), eq(emergencySupplies.status, 'recorded')));
  if (dup && dup.id !== exceptId) throw conflict('SUPPLY_EXISTS', `“${store}”已登记“${item}”，请修改原记录`, { field: 'itemName', supplyId: dup.id });
}

export async function createSupply(ctx: Ctx, input: CreateSupply): Promise<SupplyView> {
  checkSupply(ctx, input);
  const v = await ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    await checkItemFree(tx, s.id, input.depot, input.itemName);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      store: input.depot,
      item: input.itemName,
      quantity: input.quantity,
      unit: input.unit,
      minimum: input.minimum,
      location: input.shelf ?? null,
      purchasedOn: input.purchasedOn ?? null,
      expiresOn: input.expiresOn ?? null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
  return { ...v, state: supplyState(v, todayOf(ctx), EXPIRING_DAYS) };
}

export async function updateSupply(ctx: Ctx, id: number, input: UpdateSupply): Promise<SupplyView> {
  const v = await ledger.update(ctx, id, input.version, async (row, tx) => {
    const purchasedOn = input.purchasedOn === undefined ? row.purchasedOn : input.purchasedOn;
    const expiresOn = input.expiresOn === undefined ? row.expiresOn : input.expiresOn;
    checkSupply(ctx, { purchasedOn, expiresOn });
    const store = input.depot ?? row.store;
    const item = input.itemName ?? row.item;
    if (store !== row.store || item !== row.item) await checkItemFree(tx, row.schoolId, store, item, row.id);
    const set: Partial<typeof emergencySupplies.$inferInsert> = { purchasedOn, expiresOn, store, item };
    if (input.quantity !== undefined) set.quantity = input.quantity;
    if (input.unit !== undefined) set.unit = input.unit;
    if (input.minimum !== undefined) set.minimum = input.minimum;
    if (input.shelf !== undefined) set.location = input.shelf;
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
  return { ...v, state: supplyState(v, todayOf(ctx), EXPIRING_DAYS) };
}

// ---- stock checks (盘点) ------------------------------------------------------------------

type Line = StockCheckView['lines'][number];

/**
 * A stock check: every line a recorded supply of the school (another school's or unseen → 400 naming
 * the line), each item once; the counted quantities replace the supplies' and each change is audited.
 */
export async function createStockCheck(ctx: Ctx, input: CreateStockCheck): Promise<StockCheckView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPastDay(ctx, 'countedOn', input.countedOn);
  const ids = input.lines.map((l) => l.supplyId);
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice >= 0) throw fieldError(`lines.${twice}.supplyId`, '同一物资只能盘点一次', '盘点明细');
  const id = await ctx.db.transaction(async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    const rows = await tx
      .select()
      .from(emergencySupplies)
      .where(and(inArray(emergencySupplies.id, ids), supplyScope(ctx.actor), eq(emergencySupplies.schoolId, s.id), eq(emergencySupplies.status, 'recorded')))
      .orderBy(asc(emergencySupplies.id))
      .for('update');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.findIndex((sid) => !byId.has(sid));
    if (missing >= 0) throw referenceError(`lines.${missing}.supplyId`, '不是该学校在册的应急物资', '盘点明细');
    const lines: Line[] = input.lines.map((l) => {
      const r = byId.get(l.supplyId)!;
      return { supplyId: r.id, itemName: r.item, before: r.quantity, counted: l.counted };
    });
    const [check] = await tx
      .insert(emergencyStockChecks)
      .values({ districtId: ctx.actor.districtId, schoolId: s.id, schoolPath: s.path, checkedOn: input.countedOn, lines, note: input.note ?? null, createdBy: ctx.actor.id, createdByName: ctx.actor.displayName })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'emergency_stock_check', objectId: check.id, after: { schoolId: s.id, countedOn: input.countedOn, lines, note: check.note } });
    for (const r of rows) {
      const counted = input.lines.find((l) => l.supplyId === r.id)!.counted;
      // A later check does not move the last-checked day back.
      const lastCheckedOn = r.lastCheckedOn && r.lastCheckedOn > input.countedOn ? r.lastCheckedOn : input.countedOn;
      const [u] = await tx
        .update(emergencySupplies)
        .set({ quantity: counted, lastCheckedOn, version: r.version + 1, updatedAt: ctx.now })
        .where(eq(emergencySupplies.id, r.id))
        .returning();
      await writeAudit(tx, ctx, { action: 'update', objectType: 'emergency_supply', objectId: r.id, before: snapshot(r), after: { ...snapshot(u), stockCheckId: check.id } });
    }
    return check.id;
  });
  const [row] = await stockChecks(ctx, and(eq(emergencyStockChecks.id, id))!, 1, 0);
  return row;
}

async function stockChecks(ctx: Ctx, where: SQL, limit: number, offset: number): Promise<StockCheckView[]> {
  const rows = await ctx.db
    .select({ c: emergencyStockChecks, schoolName: school.name, townName: town.name })
    .from(emergencyStockChecks)
    .innerJoin(school, eq(school.id, emergencyStockChecks.schoolId))
    .leftJoin(town, townOfSchool)
    .where(and(where, schoolLedgerScope(ctx.actor, emergencyStockChecks)))
    .orderBy(desc(emergencyStockChecks.checkedOn), desc(emergencyStockChecks.id))
    .limit(limit)
    .offset(offset);
  return rows.map(({ c, schoolName, townName }) => ({
    id: c.id,
    schoolId: c.schoolId,
    schoolName,
    townName,
    countedOn: c.checkedOn,
    lines: c.lines as Line[],
    note: c.note,
    createdByName: c.createdByName,
    createdAt: c.createdAt.toISOString(),
  }));
}

export async function listStockChecks(ctx: Ctx, q: { page: number; pageSize: number; schoolId?: number }) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = and(schoolLedgerScope(ctx.actor, emergencyStockChecks), q.schoolId ? eq(emergencyStockChecks.schoolId, q.schoolId) : undefined)!;
  const [items, [{ total }]] = await Promise.all([
    stockChecks(ctx, where, q.pageSize, (q.page - 1) * q.pageSize),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(emergencyStockChecks).where(where),
  ]);
  return { items, total: Number(total), page: q.page, pageSize: q.pageSize };
}

// ---- readiness by town (区级查看各镇物资储备) ------------------------------------------------

/**
 * Per town, the active schools in the caller's scope: with no supplies registered, with an item
 * expired, with an item under its minimum (not counted again when also expired), and ready.
 */
export async function supplyReadiness(ctx: Ctx, q: { townId?: number }): Promise<SupplyReadiness> {
  requireAccess(ctx.actor, 'ledger.read');
  const today = todayOf(ctx);
  const s = emergencySupplies;
  const rows = await ctx.db
    .select({
      townId: town.id,
      townName: town.name,
      schoolId: school.id,
      items: sql<number>`count(${s.id})::int`,
      expired: sql<number>`count(${s.id}) filter (where ${s.expiresOn} < ${today})::int`,
      short: sql<number>`count(${s.id}) filter (where ${s.quantity} < ${s.minimum})::int`,
    })
    .from(school)
    .leftJoin(town, townOfSchool)
    .leftJoin(s, and(eq(s.schoolId, school.id), eq(s.status, 'recorded')))
    .where(and(eq(school.kind, 'school'), eq(school.status, 'active'), unitScope(ctx.actor, school), q.townId ? eq(town.id, q.townId) : undefined))
    .groupBy(town.id, town.name, school.id);
  const byTown = new Map<string, SupplyReadiness['rows'][number]>();
  for (const r of rows) {
    const key = String(r.townId ?? 0);
    let t = byTown.get(key);
    if (!t) byTown.set(key, (t = { townId: r.townId, townName: r.townName ?? '区直属', schools: 0, none: 0, short: 0, expired: 0, ready: 0 }));
    t.schools++;
    if (Number(r.items) === 0) t.none++;
    else if (Number(r.expired) > 0) t.expired++;
    else if (Number(r.short) > 0) t.short++;
    else t.ready++;
  }
  return { asOf: today, rows: [...byTown.values()].sort((a, b) => a.townName.localeCompare(b.townName, 'zh-CN')) };
}
