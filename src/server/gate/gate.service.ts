// The gate log (门卫来访登记, issue 15 item 2): visitors registered one by one with the ID checked and
// its number stored masked, brought in by a staff member or flagged; vehicles admitted or refused with
// the reason; the day's 护学岗 at arrival and dismissal (002 area 7 四个一律, 001 item 15). Kept by the
// guard on a phone (gate.record). A visitor leaving before arriving is refused naming leftAt.
import { and, desc, eq, gte, ilike, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { CreateGate, GateKind, GateLeave, GateListQuery, GateView, UpdateGate } from '../../contracts/gate.js';
import { shanghaiDate } from '../../domain/dates.js';
import { gateRecordProblem, idNumberProblem, isPostCovered, isUnescorted, maskIdNumber, type GateDraft } from '../../domain/gate.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import { gateRecords } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { placeFilters, schoolForRecord, stageFilter } from '../ledger/ledger-helpers.js';
import { recordedLedger, type OwnView } from '../ledger/recorded-ledger.js';
import { containing } from '../db/like.js';

type GateRow = typeof gateRecords.$inferSelect;
type GateInsert = typeof gateRecords.$inferInsert;

export const gateScope = (actor: Actor) => schoolLedgerScope(actor, gateRecords);

const own = (m: GateRow): OwnView<GateView> => ({
  kind: m.kind as GateKind,
  recordedOn: m.recordedOn,
  guardName: m.guardName,
  visitorName: m.visitorName,
  idNumberMasked: m.idNumberMasked,
  idChecked: m.idChecked,
  phone: m.phone,
  organisation: m.organisation,
  purpose: m.purpose,
  hostName: m.hostName,
  escortName: m.escortName,
  plate: m.plate,
  driverName: m.driverName,
  admitted: m.admitted,
  refusalReason: m.refusalReason,
  arrivedAt: m.arrivedAt?.toISOString() ?? null,
  leftAt: m.leftAt?.toISOString() ?? null,
  arrivalTeachers: m.arrivalTeachers,
  arrivalGuards: m.arrivalGuards,
  dismissalTeachers: m.dismissalTeachers,
  dismissalGuards: m.dismissalGuards,
  onDuty: m.onDuty,
  note: m.note,
  unescorted: isUnescorted({ kind: m.kind as GateKind, admitted: m.admitted, escortName: m.escortName }),
  postShort: m.kind === 'guard_post' && !isPostCovered(m),
});

const ledger = recordedLedger({
  table: gateRecords,
  name: '门卫登记',
  objectType: 'gate_record',
  scope: gateScope,
  orderBy: [desc(gateRecords.recordedOn), desc(gateRecords.arrivedAt), desc(gateRecords.id)],
  present: ({ record }) => own(record),
  // The masked number only: the full one is never stored, nor audited.
  snapshot: (m: GateRow) => ({ schoolId: m.schoolId, ...own(m), fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
  writePermission: 'gate.record',
});

export async function gateFilter(ctx: Ctx, q: Partial<GateListQuery>): Promise<SQL> {
  const g = gateRecords;
  const conds: Array<SQL | undefined> = [gateScope(ctx.actor), ...(await placeFilters(ctx, g, q)), stageFilter(g, q.stage)];
  if (q.kind) conds.push(eq(g.kind, q.kind));
  if (q.from) conds.push(gte(g.recordedOn, q.from));
  if (q.to) conds.push(lte(g.recordedOn, q.to));
  if (q.inside === true) conds.push(and(eq(g.kind, 'visitor'), eq(g.admitted, true), isNull(g.leftAt)));
  if (q.flagged === true) {
    conds.push(
      or(
        and(eq(g.kind, 'visitor'), eq(g.admitted, true), or(isNull(g.escortName), eq(g.escortName, ''))),
        eq(g.admitted, false),
        and(eq(g.kind, 'guard_post'), sql`not (${g.arrivalTeachers} > 0 and ${g.arrivalGuards} > 0 and ${g.dismissalTeachers} > 0 and ${g.dismissalGuards} > 0)`),
      ),
    );
  }
  if (q.q) {
    const like = containing(q.q);
    conds.push(or(ilike(g.visitorName, like), ilike(g.plate, like), ilike(g.hostName, like), ilike(g.organisation, like)));
  }
  conds.push(eq(g.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listGate = async (ctx: Ctx, q: GateListQuery) => ledger.list(ctx, await gateFilter(ctx, q), q);
export const gateBatchFetcher = ledger.batchFetcher;
export const getGate = ledger.get;
export const voidGate = ledger.void;

const VISITOR_FIELDS = ['visitorName', 'idChecked', 'phone', 'organisation', 'purpose', 'hostName', 'escortName'] as const;
const VEHICLE_FIELDS = ['plate', 'driverName'] as const;
const POST_FIELDS = ['arrivalTeachers', 'arrivalGuards', 'dismissalTeachers', 'dismissalGuards', 'onDuty'] as const;

export type Merged = GateDraft & Partial<Record<(typeof VISITOR_FIELDS)[number] | (typeof VEHICLE_FIELDS)[number] | (typeof POST_FIELDS)[number] | 'note' | 'guardName', unknown>>;

/** The kind's own columns (the others empty); a visitor's or vehicle's day is its arrival's in Shanghai. */
export function columnsOf(d: Merged): Partial<GateInsert> {
  const keep = (fields: readonly string[], on: boolean) => Object.fromEntries(fields.map((f) => [f, on ? ((d as unknown as Record<string, unknown>)[f] ?? null) : null]));
  const passing = d.kind !== 'guard_post';
  return {
    ...keep(VISITOR_FIELDS, d.kind === 'visitor'),
    ...keep(VEHICLE_FIELDS, d.kind === 'vehicle'),
    ...keep(POST_FIELDS, d.kind === 'guard_post'),
    plate: d.kind === 'vehicle' ? (d.plate ?? '').toUpperCase().replace(/\s+/g, '') : null,
    admitted: passing ? (d.admitted ?? null) : null,
    refusalReason: passing && d.admitted === false ? (d.refusalReason ?? null) : null,
    arrivedAt: passing && d.arrivedAt ? new Date(d.arrivedAt) : null,
    leftAt: passing && d.leftAt ? new Date(d.leftAt) : null,
    recordedOn: passing ? shanghaiDate(new Date(d.arrivedAt!)) : d.recordedOn!,
    note: (d.note as string | null | undefined) ?? null,
  } as Partial<GateInsert>;
}

function check(ctx: Ctx, d: GateDraft) {
  const p = gateRecordProblem(d, ctx.now, todayOf(ctx));
  if (p) throw fieldError(p.field, p.message);
}

function maskedId(kind: GateKind, idNumber: string | null | undefined): string | null {
  if (kind !== 'visitor' || !idNumber) return null;
  const p = idNumberProblem(idNumber);
  if (p) throw fieldError('idNumber', p);
  return maskIdNumber(idNumber);
}

export function createGate(ctx: Ctx, input: CreateGate): Promise<GateView> {
  requireAccess(ctx.actor, 'gate.record');
  check(ctx, input);
  const idNumberMasked = maskedId(input.kind, input.idNumber);
  return ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      kind: input.kind,
      guardName: input.guardName,
      idNumberMasked,
      ...columnsOf(input),
      recordedOn: columnsOf(input).recordedOn!,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

function changed(ctx: Ctx, id: number, version: number, input: Partial<UpdateGate>) {
  return ledger.update(ctx, id, version, async (row, tx) => {
    const merged: Merged = { ...own(row) };
    for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'version' && k !== 'fileIds' && k !== 'idNumber') (merged as unknown as Record<string, unknown>)[k] = v;
    check(ctx, merged);
    const set: Partial<GateInsert> = { guardName: merged.guardName as string, ...columnsOf(merged) };
    if (input.idNumber !== undefined) set.idNumberMasked = maskedId(merged.kind, input.idNumber);
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}

export const updateGate = (ctx: Ctx, id: number, input: UpdateGate): Promise<GateView> => changed(ctx, id, input.version, input);

/** A visitor or vehicle leaves (now, or the time given); before the arrival → 400 naming leftAt. */
export function leaveGate(ctx: Ctx, id: number, input: GateLeave): Promise<GateView> {
  return changed(ctx, id, input.version, { leftAt: input.leftAt ?? ctx.now.toISOString() });
}
