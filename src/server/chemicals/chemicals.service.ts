// The hazardous chemicals ledger (危险化学品台账, 003, 000 item 9, 001 item 19; issue 15 item 4): the
// chemicals of each lab store with their two keepers (双人双锁) and controlled class (易制毒、易制爆),
// and every movement in one ledger. The balance is computed by src/domain/chemicals.ts from the
// recorded movements, never typed: every write (a new movement, a correction, a void) locks the
// chemical and replays its whole ledger, so nothing can leave a negative balance — a disposal or
// an issue larger than the stock on its day is refused naming the quantity. A count (盘点) records
// what was found; one differing from the computed balance is the rule's finding (chemicals.balance).
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type {
  ChemicalListQuery,
  ChemicalView,
  CreateChemical,
  CreateMovement,
  MovementListQuery,
  MovementView,
  UpdateChemical,
  UpdateMovement,
} from '../../contracts/chemicals.js';
import { chemicalMovementKindLabels } from '../../contracts/chemicals.js';
import { fromMilli, keepersProblem, latestCount, replay, toMilli, type ChemicalMovement, type ChemicalMovementKind } from '../../domain/chemicals.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { chemicalMovements, chemicals } from '../db/schema.js';
import { badRequest, fieldError, notFound } from '../errors.js';
import { placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { recordedLedger, school, town, townOfSchool, type OwnView } from '../ledger/recorded-ledger.js';
import { stageCondition } from '../equipment/equipment.service.js';

type ChemicalRow = typeof chemicals.$inferSelect;
type MovementRow = typeof chemicalMovements.$inferSelect;

export const chemicalScope = (actor: Actor) => schoolLedgerScope(actor, chemicals);
export const movementScope = (actor: Actor) => schoolLedgerScope(actor, chemicalMovements);

const asMovement = (m: Pick<MovementRow, 'id' | 'kind' | 'occurredOn' | 'quantity' | 'issueId'>): ChemicalMovement => ({
  id: m.id,
  kind: m.kind as ChemicalMovementKind,
  day: m.occurredOn,
  qty: toMilli(m.quantity),
  issueId: m.issueId,
});

/** The recorded movements of some chemicals, grouped by chemical. */
async function movementsOf(db: Executor, chemicalIds: number[]): Promise<Map<number, ChemicalMovement[]>> {
  const out = new Map<number, ChemicalMovement[]>(chemicalIds.map((id) => [id, []]));
  if (!chemicalIds.length) return out;
  const rows = await db
    .select({ id: chemicalMovements.id, chemicalId: chemicalMovements.chemicalId, kind: chemicalMovements.kind, occurredOn: chemicalMovements.occurredOn, quantity: chemicalMovements.quantity, issueId: chemicalMovements.issueId })
    .from(chemicalMovements)
    .where(and(inArray(chemicalMovements.chemicalId, chemicalIds), eq(chemicalMovements.status, 'recorded')));
  for (const r of rows) out.get(r.chemicalId)!.push(asMovement(r));
  return out;
}

/** The balance, what is out on issue and the latest count of each chemical, computed. */
function stockOf(ms: ChemicalMovement[]) {
  const { state } = replay(ms);
  const last = latestCount(state);
  let out = 0;
  for (const q of state.outstanding.values()) out += q;
  return { balance: fromMilli(state.balance), issuedOut: fromMilli(out), lastCountOn: last?.day ?? null, lastCountDifference: last ? fromMilli(last.difference) : null };
}

const chemicalLedger = recordedLedger({
  table: chemicals,
  name: '危险化学品',
  objectType: 'chemical',
  scope: chemicalScope,
  orderBy: [asc(chemicals.store), asc(chemicals.name), desc(chemicals.id)],
  present: ({ record: m }) => ({
    store: m.store,
    name: m.name,
    casNo: m.casNo,
    unit: m.unit,
    controlClass: m.controlClass as ChemicalView['controlClass'],
    storagePlace: m.storagePlace,
    keeperA: m.keeperA,
    keeperB: m.keeperB,
    expiresOn: m.expiresOn,
  }),
  snapshot: (m: ChemicalRow) => ({
    schoolId: m.schoolId,
    store: m.store,
    name: m.name,
    casNo: m.casNo,
    unit: m.unit,
    controlClass: m.controlClass,
    storagePlace: m.storagePlace,
    keeperA: m.keeperA,
    keeperB: m.keeperB,
    expiresOn: m.expiresOn,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

type ChemicalBase = Awaited<ReturnType<typeof chemicalLedger.get>>;

async function withStock(db: Executor, views: ChemicalBase[]): Promise<ChemicalView[]> {
  const ms = await movementsOf(db, views.map((v) => v.id));
  return views.map((v) => ({ ...v, ...stockOf(ms.get(v.id) ?? []) }) as ChemicalView);
}

export async function chemicalFilter(ctx: Ctx, q: Partial<ChemicalListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [chemicalScope(ctx.actor), ...(await placeFilters(ctx, chemicals, q)), stageCondition(chemicals, q.stage)];
  if (q.controlled === 'true') conds.push(ne(chemicals.controlClass, 'none'));
  if (q.controlled === 'false') conds.push(eq(chemicals.controlClass, 'none'));
  if (q.q) conds.push(sql`(${chemicals.name} like ${`%${q.q}%`} or ${chemicals.casNo} like ${`%${q.q}%`} or ${chemicals.store} like ${`%${q.q}%`})`);
  conds.push(eq(chemicals.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export async function listChemicals(ctx: Ctx, q: ChemicalListQuery) {
  const page = await chemicalLedger.list(ctx, await chemicalFilter(ctx, q), q);
  return { ...page, items: await withStock(ctx.db, page.items) };
}
export function chemicalBatchFetcher(ctx: Ctx, where: SQL) {
  const f = chemicalLedger.batchFetcher(ctx, where);
  return async (afterId: number, limit: number) => withStock(ctx.db, await f(afterId, limit));
}
export async function getChemical(ctx: Ctx, id: number): Promise<ChemicalView> {
  return (await withStock(ctx.db, [await chemicalLedger.get(ctx, id)]))[0];
}

function checkKeepers(a: string, b: string) {
  const p = keepersProblem(a, b);
  if (p) throw fieldError(p.field, p.message);
}

export async function createChemical(ctx: Ctx, input: CreateChemical): Promise<ChemicalView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkKeepers(input.keeperA, input.keeperB);
  const v = await chemicalLedger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      store: input.store,
      name: input.name,
      casNo: input.casNo ?? null,
      unit: input.unit,
      controlClass: input.controlClass,
      storagePlace: input.storagePlace,
      keeperA: input.keeperA,
      keeperB: input.keeperB,
      expiresOn: input.expiresOn ?? null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
  return getChemical(ctx, v.id);
}

export async function updateChemical(ctx: Ctx, id: number, input: UpdateChemical): Promise<ChemicalView> {
  await chemicalLedger.update(ctx, id, input.version, async (row, tx) => {
    checkKeepers(input.keeperA ?? row.keeperA, input.keeperB ?? row.keeperB);
    const set: Partial<typeof chemicals.$inferInsert> = {};
    for (const k of ['store', 'name', 'casNo', 'unit', 'controlClass', 'storagePlace', 'keeperA', 'keeperB', 'expiresOn'] as const) {
      if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
    }
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
  return getChemical(ctx, id);
}

/** A chemical with movements recorded keeps them traceable: void its movements first. */
export async function voidChemical(ctx: Ctx, id: number, version: number, reason: string): Promise<ChemicalView> {
  await chemicalLedger.void(ctx, id, version, reason, async (row, tx) => {
    const [m] = await tx.select({ id: chemicalMovements.id }).from(chemicalMovements).where(and(eq(chemicalMovements.chemicalId, row.id), eq(chemicalMovements.status, 'recorded'))).limit(1);
    if (m) throw badRequest('CHEMICAL_HAS_MOVEMENTS', '该危险化学品已有出入库记录，不能作废；如为误登记，请先作废其出入库记录');
  });
  return getChemical(ctx, id);
}

// ---- movements ----------------------------------------------------------------------------------

interface MovementListRow {
  record: MovementRow;
  schoolName: string;
  townName: string | null;
  chemicalName: string;
  store: string;
  unit: string;
  controlClass: string;
}

const selectMovements = (db: Executor) =>
  db
    .select({ record: chemicalMovements, schoolName: school.name, townName: town.name, chemicalName: chemicals.name, store: chemicals.store, unit: chemicals.unit, controlClass: chemicals.controlClass })
    .from(chemicalMovements)
    .innerJoin(chemicals, eq(chemicals.id, chemicalMovements.chemicalId))
    .innerJoin(school, eq(school.id, chemicalMovements.schoolId))
    .leftJoin(town, townOfSchool);

const movementLedger = recordedLedger({
  table: chemicalMovements,
  name: '出入库记录',
  objectType: 'chemical_movement',
  scope: movementScope,
  // A lab technician (实验员) records the movements of the lab's store without writing the other ledgers.
  writePermission: 'chemicals.move',
  select: selectMovements as never,
  orderBy: [desc(chemicalMovements.occurredOn), desc(chemicalMovements.id)],
  present: (row: MovementListRow): OwnView<MovementView> => {
    const m = row.record;
    return {
      chemicalId: m.chemicalId,
      chemicalName: row.chemicalName,
      store: row.store,
      unit: row.unit,
      controlClass: row.controlClass as MovementView['controlClass'],
      kind: m.kind as MovementView['kind'],
      occurredOn: m.occurredOn,
      quantity: m.quantity,
      handledBy: m.handledBy,
      approvedBy: m.approvedBy,
      supplier: m.supplier,
      recipient: m.recipient,
      className: m.className,
      purpose: m.purpose,
      issueId: m.issueId,
      contractor: m.contractor,
      manifestNo: m.manifestNo,
      note: m.note,
    };
  },
  snapshot: (m: MovementRow) => ({
    chemicalId: m.chemicalId,
    kind: m.kind,
    occurredOn: m.occurredOn,
    quantity: m.quantity,
    handledBy: m.handledBy,
    approvedBy: m.approvedBy,
    supplier: m.supplier,
    recipient: m.recipient,
    className: m.className,
    purpose: m.purpose,
    issueId: m.issueId,
    contractor: m.contractor,
    manifestNo: m.manifestNo,
    note: m.note,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

export async function movementFilter(ctx: Ctx, q: Partial<MovementListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [movementScope(ctx.actor), ...(await placeFilters(ctx, chemicalMovements, q)), stageCondition(chemicalMovements, q.stage)];
  if (q.chemicalId) conds.push(eq(chemicalMovements.chemicalId, q.chemicalId));
  if (q.kind) conds.push(eq(chemicalMovements.kind, q.kind));
  if (q.from) conds.push(sql`${chemicalMovements.occurredOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${chemicalMovements.occurredOn} <= ${q.to}`);
  if (q.controlled) conds.push(sql`${chemicalMovements.chemicalId} in (select ${chemicals.id} from ${chemicals} where ${chemicals.controlClass} ${sql.raw(q.controlled === 'true' ? '<>' : '=')} 'none')`);
  conds.push(eq(chemicalMovements.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listMovements = async (ctx: Ctx, q: MovementListQuery) => movementLedger.list(ctx, await movementFilter(ctx, q), q);
export const movementBatchFetcher = movementLedger.batchFetcher;
export const getMovement = movementLedger.get;

/** What each kind of movement must carry (003: 采购、保存、使用、处置全程可追溯). */
export const REQUIRED: Record<ChemicalMovementKind, Array<[keyof CreateMovement, string]>> = {
  purchase: [
    ['approvedBy', '采购须填写审批人'],
    ['supplier', '采购须填写供应单位'],
  ],
  issue: [
    ['recipient', '领用须填写领用人'],
    ['className', '领用须填写使用班级'],
  ],
  return: [['issueId', '归还须选择对应的领用记录']],
  disposal: [
    ['contractor', '处置须填写危废处置单位'],
    ['manifestNo', '处置须填写危险废物转移联单号'],
  ],
  count: [],
};

function checkMovementFields(ctx: Ctx, kind: ChemicalMovementKind, v: Partial<CreateMovement>) {
  const past = v.occurredOn ? pastDayProblem(v.occurredOn, todayOf(ctx)) : null;
  if (past) throw fieldError('occurredOn', past);
  if (v.quantity !== undefined && kind !== 'count' && v.quantity <= 0) throw fieldError('quantity', '须大于 0');
  for (const [field, message] of REQUIRED[kind]) {
    const value = v[field];
    if (value === undefined || value === null || value === '') throw fieldError(field, message);
  }
}

/** The chemical, locked: its movements are replayed under this lock, one writer at a time. */
async function lockChemical(tx: Executor, actor: Actor, id: number): Promise<ChemicalRow> {
  const [c] = await tx.select().from(chemicals).where(and(eq(chemicals.id, id), chemicalScope(actor))).for('update');
  if (!c) throw notFound('危险化学品');
  return c;
}

/** The ledger with the change replayed; the first movement that cannot stand is refused naming its field. */
function checkReplay(movements: ChemicalMovement[], changedId: number) {
  const { problem } = replay(movements);
  if (!problem) return;
  if (problem.movementId === changedId) throw fieldError(problem.field, problem.message);
  throw badRequest('CHEMICAL_BALANCE', `此项修改会使之后的出入库记录（编号 ${problem.movementId}）无法成立：${problem.message}`, { field: 'quantity', movementId: problem.movementId });
}

// A new movement sorts after every recorded one of its day (ids grow).
const NEW_ID = Number.MAX_SAFE_INTEGER;

export async function createMovement(ctx: Ctx, input: CreateMovement): Promise<MovementView> {
  requireAccess(ctx.actor, 'chemicals.move');
  checkMovementFields(ctx, input.kind, input);
  return movementLedger.create(ctx, async (tx) => {
    const c = await lockChemical(tx, ctx.actor, input.chemicalId);
    if (c.status === 'voided') throw fieldError('chemicalId', '该危险化学品已作废');
    if (input.kind === 'return') {
      const [issue] = await tx.select().from(chemicalMovements).where(and(eq(chemicalMovements.id, input.issueId!), eq(chemicalMovements.chemicalId, c.id), eq(chemicalMovements.kind, 'issue'), eq(chemicalMovements.status, 'recorded')));
      if (!issue) throw fieldError('issueId', '请选择本药品此前的一次领用');
      if (input.occurredOn < issue.occurredOn) throw fieldError('occurredOn', `不能早于领用日期（${issue.occurredOn}）`);
    }
    const ms = (await movementsOf(tx, [c.id])).get(c.id)!;
    checkReplay([...ms, { id: NEW_ID, kind: input.kind, day: input.occurredOn, qty: toMilli(input.quantity), issueId: input.issueId ?? null }], NEW_ID);
    return {
      schoolId: c.schoolId,
      schoolPath: c.schoolPath,
      chemicalId: c.id,
      kind: input.kind,
      occurredOn: input.occurredOn,
      quantity: input.quantity,
      handledBy: input.handledBy,
      approvedBy: input.approvedBy ?? null,
      supplier: input.supplier ?? null,
      recipient: input.recipient ?? null,
      className: input.className ?? null,
      purpose: input.purpose ?? null,
      issueId: input.kind === 'return' ? input.issueId! : null,
      contractor: input.contractor ?? null,
      manifestNo: input.manifestNo ?? null,
      note: input.note ?? null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateMovement(ctx: Ctx, id: number, input: UpdateMovement): Promise<MovementView> {
  return movementLedger.update(ctx, id, input.version, async (row, tx) => {
    const kind = row.kind as ChemicalMovementKind;
    const merged = {
      occurredOn: input.occurredOn ?? row.occurredOn,
      quantity: input.quantity ?? row.quantity,
      approvedBy: input.approvedBy !== undefined ? input.approvedBy : row.approvedBy,
      supplier: input.supplier !== undefined ? input.supplier : row.supplier,
      recipient: input.recipient !== undefined ? input.recipient : row.recipient,
      className: input.className !== undefined ? input.className : row.className,
      contractor: input.contractor !== undefined ? input.contractor : row.contractor,
      manifestNo: input.manifestNo !== undefined ? input.manifestNo : row.manifestNo,
      issueId: row.issueId,
    };
    checkMovementFields(ctx, kind, merged);
    const c = await lockChemical(tx, ctx.actor, row.chemicalId);
    const ms = (await movementsOf(tx, [c.id])).get(c.id)!.filter((m) => m.id !== row.id);
    checkReplay([...ms, { id: row.id, kind, day: merged.occurredOn, qty: toMilli(merged.quantity), issueId: row.issueId }], row.id);
    const set: Partial<typeof chemicalMovements.$inferInsert> = { occurredOn: merged.occurredOn, quantity: merged.quantity };
    for (const k of ['handledBy', 'approvedBy', 'supplier', 'recipient', 'className', 'purpose', 'contractor', 'manifestNo', 'note'] as const) {
      if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
    }
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}

/** A void is replayed too: voiding a purchase that later issues took from is refused. */
export function voidMovement(ctx: Ctx, id: number, version: number, reason: string): Promise<MovementView> {
  return movementLedger.void(ctx, id, version, reason, async (row, tx) => {
    const c = await lockChemical(tx, ctx.actor, row.chemicalId);
    const rest = (await movementsOf(tx, [c.id])).get(c.id)!.filter((m) => m.id !== row.id);
    const { problem } = replay(rest);
    if (problem) throw badRequest('CHEMICAL_BALANCE', `作废这条${chemicalMovementKindLabels[row.kind as ChemicalMovementKind]}记录后，编号 ${problem.movementId} 的记录将无法成立：${problem.message}`, { movementId: problem.movementId });
  });
}
