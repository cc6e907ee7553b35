// The shape shared by the ledgers whose records are kept per school, corrected with a version and
// voided with a reason, never deleted (drills, trainings, safety meetings, insurance): the list
// (filter → a page and the total), the export in id order, get, find for update in scope or 404,
// create/update/void in one transaction with an audit snapshot, and the fields every record shows.
// A service keeps what is its own: its filters, its columns, its checks and its snapshot (and its
// select when it shows more than the school and town, like the trainings' staff member).
import { and, asc, count, eq, gt, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { FileRef } from '../../contracts/hazards.js';
import type { AuditObjectType, Permission } from '../../contracts/enums.js';
import { requireAccess, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { readDb, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { units } from '../db/schema.js';
import { badRequest, notFound, staleVersion } from '../errors.js';
import { fileMapOf, filesOf } from './ledger-helpers.js';

/** The school of a record and its town (a school directly under the bureau has none). */
export const school = alias(units, 'school');
export const town = alias(units, 'town');
export const townOfSchool = and(eq(town.id, school.parentId), eq(town.kind, 'town'));

/** What every recorded ledger row carries. */
export interface RecordedRow {
  id: number;
  districtId: number;
  schoolId: number;
  fileIds: number[];
  status: string;
  voidReason: string | null;
  createdByName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

type RecordedTable<Row, Insert> = PgTable & {
  $inferSelect: Row;
  $inferInsert: Insert;
  id: AnyPgColumn;
  schoolId: AnyPgColumn;
  status: AnyPgColumn;
};

/** What every recorded ledger shows of a record, besides its own columns. */
export interface RecordedView {
  id: number;
  schoolId: number;
  schoolName: string;
  townName: string | null;
  files: FileRef[];
  status: 'recorded' | 'voided';
  voidReason: string | null;
  createdByName: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The fields of a ledger's view that are its own. */
export type OwnView<V> = Omit<V, keyof RecordedView>;

/** A row of the ledger's select: the record and the names of its school and town. */
export interface PlacedRow<Row> {
  record: Row;
  schoolName: string;
  townName: string | null;
}

// The parts of a drizzle select the helper chains (the service's select keeps its own types).
type Rows<R> = PromiseLike<R[]>;
type Ordered<R> = Rows<R> & { limit(n: number): Rows<R> & { offset(n: number): Rows<R> } };
type Filtered<R> = Rows<R> & { orderBy(...by: SQL[]): Ordered<R> };
type Selection<R> = { where(where: SQL | undefined): Filtered<R> };

/** The columns a create or update writes itself. */
type Stamped = 'districtId' | 'createdBy' | 'createdByName' | 'version' | 'updatedAt';

export function recordedLedger<Row extends RecordedRow, Insert, L extends PlacedRow<Row>, Own>(o: {
  table: RecordedTable<Row, Insert>;
  /** The record in Chinese: 演练记录, 会议记录 … (404 and 'voided' messages). */
  name: string;
  objectType: AuditObjectType;
  scope: (actor: Actor) => SQL;
  /** The record with its school and town names (and whatever else the ledger shows); by default just those. */
  select?: (db: Executor) => Selection<L>;
  /** The list order, newest first. */
  orderBy: SQL[];
  /** The ledger's own fields of a record's view. */
  present: (row: L, files: Map<number, FileRef>) => Own;
  snapshot: (row: Row) => Record<string, unknown>;
  /** The files a row shows (its fileIds unless it has more). */
  fileIdsOf?: (row: Row) => number[];
  /** The error code of a change to a voided record. */
  voidedCode?: string;
  /** Who may write the ledger: ledger.write unless the ledger has its own (the gate log, health checks, chemical movements). */
  writePermission?: Permission;
  /** Who may read it: ledger.read unless the ledger is narrower (disputes and petitions). */
  readPermission?: Permission;
}) {
  const writePermission = o.writePermission ?? 'ledger.write';
  const readPermission = o.readPermission ?? 'ledger.read';
  const { table, name, objectType, scope } = o;
  const voidedCode = o.voidedCode ?? 'RECORD_VOIDED';
  const fileIdsOf = o.fileIdsOf ?? ((r: Row) => r.fileIds);
  // drizzle cannot follow a generic table through its builders; the rows are the table's rows.
  const t = table as unknown as PgTable & { id: AnyPgColumn; schoolId: AnyPgColumn; status: AnyPgColumn };
  const select =
    o.select ??
    ((db: Executor) =>
      db
        .select({ record: t, schoolName: school.name, townName: town.name })
        .from(t)
        .innerJoin(school, eq(school.id, t.schoolId))
        .leftJoin(town, townOfSchool) as unknown as Selection<L>);
  type View = RecordedView & Own;

  async function presentRows(db: Executor, rows: L[]): Promise<View[]> {
    const files = await fileMapOf(db, rows.flatMap((r) => fileIdsOf(r.record)));
    return rows.map((r) => {
      const m = r.record;
      const own = o.present(r, files);
      return {
        id: m.id,
        schoolId: m.schoolId,
        schoolName: r.schoolName,
        townName: r.townName,
        ...own,
        files: filesOf(m.fileIds, files),
        status: m.status as RecordedView['status'],
        voidReason: m.voidReason,
        createdByName: m.createdByName,
        version: m.version,
        createdAt: m.createdAt.toISOString(),
        updatedAt: m.updatedAt.toISOString(),
      };
    });
  }

  /** The record in the person's scope, locked for a change, else 404. */
  async function find(db: Executor, actor: Actor, id: number): Promise<Row> {
    const [row] = await db.select().from(t).where(and(eq(t.id, id), scope(actor))).for('update');
    if (!row) throw notFound(name);
    return row as unknown as Row;
  }

  async function get(ctx: Ctx, id: number): Promise<View> {
    requireAccess(ctx.actor, readPermission);
    const [row] = await select(ctx.db).where(and(eq(t.id, id), scope(ctx.actor)));
    if (!row) throw notFound(name);
    return (await presentRows(ctx.db, [row]))[0];
  }

  // The list and the export read on the replica when there is one (issue 18); get stays on the
  // primary, as the answer of a write does.
  async function list(ctx: Ctx, where: SQL, q: { page: number; pageSize: number }) {
    requireAccess(ctx.actor, readPermission);
    const db = readDb(ctx);
    const [rows, [{ total }]] = await Promise.all([
      select(db).where(where).orderBy(...o.orderBy).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      db.select({ total: count() }).from(t).where(where),
    ]);
    return { items: await presentRows(db, rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** Every record of the filter in id order, a batch at a time (export). */
  function batchFetcher(ctx: Ctx, where: SQL) {
    const db = readDb(ctx);
    return async (afterId: number, limit: number) => presentRows(db, await select(db).where(and(where, gt(t.id, afterId))).orderBy(asc(t.id)).limit(limit));
  }

  /** `after` runs in the same transaction once the row is written (the health checks' outbreak signal). */
  async function create(ctx: Ctx, values: (tx: Executor) => Promise<Omit<Insert, Stamped>>, after?: (tx: Executor, row: Row) => Promise<void>): Promise<View> {
    requireAccess(ctx.actor, writePermission);
    const id = await ctx.db.transaction(async (tx) => {
      const v = { districtId: ctx.actor.districtId, ...(await values(tx)), createdBy: ctx.actor.id, createdByName: ctx.actor.displayName };
      const [row] = (await tx.insert(t).values(v as never).returning()) as unknown as Row[];
      await writeAudit(tx, ctx, { action: 'create', objectType, objectId: row.id, after: o.snapshot(row) });
      if (after) await after(tx, row);
      return row.id;
    });
    return get(ctx, id);
  }

  /** Locks the record, refuses a stale version (409) or a voided record, writes the change and its audit. */
  async function change(
    ctx: Ctx,
    id: number,
    version: number,
    action: 'update' | 'void',
    voided: string,
    set: (row: Row, tx: Executor) => Promise<Partial<Insert>> | Partial<Insert>,
    after?: (tx: Executor, row: Row) => Promise<void>,
  ) {
    requireAccess(ctx.actor, writePermission);
    await ctx.db.transaction(async (tx) => {
      const row = await find(tx, ctx.actor, id);
      if (row.version !== version) throw staleVersion();
      if (row.status === 'voided') throw badRequest(voidedCode, voided);
      const values = { ...(await set(row, tx)), version: row.version + 1, updatedAt: ctx.now };
      const [updated] = (await tx.update(t).set(values as never).where(eq(t.id, id)).returning()) as unknown as Row[];
      await writeAudit(tx, ctx, { action, objectType, objectId: id, before: o.snapshot(row), after: o.snapshot(updated) });
      if (after) await after(tx, updated);
    });
    return get(ctx, id);
  }

  /** A correction: `set` (after the version and voided checks) gives the columns that change. */
  function update(ctx: Ctx, id: number, version: number, set: (row: Row, tx: Executor) => Promise<Partial<Insert>> | Partial<Insert>, after?: (tx: Executor, row: Row) => Promise<void>) {
    return change(ctx, id, version, 'update', `已作废的${name}不能修改`, set, after);
  }

  /**
   * Voids a record entered by mistake: it stays in the ledger, marked, and no longer counts.
   * `check` (optional) may refuse it inside the transaction, the record locked (a chemical movement
   * whose void would leave a later issue without stock).
   */
  function voidRecord(ctx: Ctx, id: number, version: number, reason: string, check?: (row: Row, tx: Executor) => Promise<void> | void) {
    return change(ctx, id, version, 'void', `该${name}已作废`, async (row, tx) => {
      await check?.(row, tx);
      return { status: 'voided', voidReason: reason, voidedBy: ctx.actor.id, voidedAt: ctx.now } as unknown as Partial<Insert>;
    });
  }

  return { list, get, find, create, update, void: voidRecord, batchFetcher };
}

/**
 * A ledger's reads with each view completed as of the request (a bus's review state, a driver's
 * gaps): the list, the export's batches, one record and the voided record, the same function for each.
 */
export function completedReads<V>(
  ledger: {
    list(ctx: Ctx, where: SQL, q: { page: number; pageSize: number }): Promise<{ items: V[]; total: number; page: number; pageSize: number }>;
    batchFetcher(ctx: Ctx, where: SQL): (afterId: number, limit: number) => Promise<V[]>;
    get(ctx: Ctx, id: number): Promise<V>;
    void(ctx: Ctx, id: number, version: number, reason: string): Promise<V>;
  },
  complete: (ctx: Ctx, v: V) => V,
) {
  return {
    list: async (ctx: Ctx, where: SQL, q: { page: number; pageSize: number }) => {
      const page = await ledger.list(ctx, where, q);
      return { ...page, items: page.items.map((v) => complete(ctx, v)) };
    },
    batchFetcher: (ctx: Ctx, where: SQL) => {
      const f = ledger.batchFetcher(ctx, where);
      return async (afterId: number, limit: number) => (await f(afterId, limit)).map((v) => complete(ctx, v));
    },
    get: async (ctx: Ctx, id: number) => complete(ctx, await ledger.get(ctx, id)),
    void: async (ctx: Ctx, id: number, version: number, reason: string) => complete(ctx, await ledger.void(ctx, id, version, reason)),
  };
}
