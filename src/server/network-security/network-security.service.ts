// The network security ledger (网络安全, 000 item 8; issue 15 item 6): the school's systems and
// websites registry, the red and yellow cards (网络安全红黄牌) the bureau issues to a school, and
// the monthly report (网络安全月报告) from every school. Records are corrected with a version,
// voided with a reason, never deleted; every write is audited in its transaction.
//
// A card's steps: the bureau issues it (netsec.card; the school's principal and safety officer get
// a bell), the school answers with its fix and evidence files, the bureau closes it (销号, the
// closer's name and time kept on the card and in the audit chain) or sends it back with a note.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { FileRef } from '../../contracts/hazards.js';
import type {
  AnswerNetsecCard,
  CreateNetsecReport,
  CreateNetsecSystem,
  DecideNetsecCard,
  IssueNetsecCard,
  NetsecCardListQuery,
  NetsecCardView,
  NetsecReportListQuery,
  NetsecReportView,
  NetsecSystemListQuery,
  NetsecSystemView,
  UpdateNetsecReport,
  UpdateNetsecSystem,
} from '../../contracts/network-security.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { cardColorLabels, cardTransition, reportMonthProblem, type CardState } from '../../domain/network-security.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { netsecCards, netsecReports, netsecSystems } from '../db/schema.js';
import { badRequest, fieldError, staleVersion } from '../errors.js';
import { filesOf, placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { completedReads, recordedLedger, type OwnView, type PlacedRow } from '../ledger/recorded-ledger.js';
import { notify, schoolContacts } from '../notifications/notifications.service.js';
import { stageCondition } from '../equipment/equipment.service.js';

type SystemRow = typeof netsecSystems.$inferSelect;
type CardRow = typeof netsecCards.$inferSelect;
type ReportRow = typeof netsecReports.$inferSelect;

export const netsecSystemScope = (actor: Actor) => schoolLedgerScope(actor, netsecSystems);
export const netsecCardScope = (actor: Actor) => schoolLedgerScope(actor, netsecCards);
export const netsecReportScope = (actor: Actor) => schoolLedgerScope(actor, netsecReports);

// ---- the systems and websites registry -------------------------------------------------------------

const systemLedger = recordedLedger({
  table: netsecSystems,
  name: '网络系统与网站',
  objectType: 'netsec_system',
  scope: netsecSystemScope,
  orderBy: [desc(netsecSystems.id)],
  present: (row: PlacedRow<SystemRow>): OwnView<NetsecSystemView> => {
    const m = row.record;
    return { kind: m.kind as NetsecSystemView['kind'], name: m.name, address: m.address, responsiblePerson: m.responsiblePerson, protectionLevel: m.protectionLevel, filingNo: m.filingNo };
  },
  snapshot: (m: SystemRow) => ({ schoolId: m.schoolId, kind: m.kind, name: m.name, address: m.address, responsiblePerson: m.responsiblePerson, protectionLevel: m.protectionLevel, filingNo: m.filingNo, fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
});

export async function netsecSystemFilter(ctx: Ctx, q: Partial<NetsecSystemListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [netsecSystemScope(ctx.actor), ...(await placeFilters(ctx, netsecSystems, q)), stageCondition(netsecSystems, q.stage)];
  if (q.kind) conds.push(eq(netsecSystems.kind, q.kind));
  if (q.q) conds.push(sql`(${netsecSystems.name} like ${`%${q.q}%`} or ${netsecSystems.address} like ${`%${q.q}%`} or ${netsecSystems.filingNo} like ${`%${q.q}%`})`);
  conds.push(eq(netsecSystems.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listNetsecSystems = async (ctx: Ctx, q: NetsecSystemListQuery) => systemLedger.list(ctx, await netsecSystemFilter(ctx, q), q);
export const netsecSystemBatchFetcher = systemLedger.batchFetcher;
export const getNetsecSystem = systemLedger.get;
export const voidNetsecSystem = systemLedger.void;

/** The columns of a new system (also the import's rows, in one transaction). */
export async function systemValues(tx: Executor, actor: Actor, input: CreateNetsecSystem) {
  const s = await schoolForRecord(tx, actor, input.schoolId);
  return {
    schoolId: s.id,
    schoolPath: s.path,
    kind: input.kind,
    name: input.name,
    address: input.address ?? null,
    responsiblePerson: input.responsiblePerson,
    protectionLevel: input.protectionLevel ?? null,
    filingNo: input.filingNo ?? null,
    fileIds: await attachableFileIds(tx, actor, input.fileIds, { field: 'fileIds' }),
  };
}

export function createNetsecSystem(ctx: Ctx, input: CreateNetsecSystem): Promise<NetsecSystemView> {
  return systemLedger.create(ctx, (tx) => systemValues(tx, ctx.actor, input));
}

export function updateNetsecSystem(ctx: Ctx, id: number, input: UpdateNetsecSystem): Promise<NetsecSystemView> {
  return systemLedger.update(ctx, id, input.version, async (row, tx) => {
    const set: Partial<typeof netsecSystems.$inferInsert> = {};
    for (const k of ['kind', 'name', 'address', 'responsiblePerson', 'protectionLevel', 'filingNo'] as const) {
      if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
    }
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}

// ---- red and yellow cards (红黄牌) --------------------------------------------------------------

const cardLedger = recordedLedger({
  table: netsecCards,
  name: '网络安全红黄牌',
  objectType: 'netsec_card',
  scope: netsecCardScope,
  orderBy: [desc(netsecCards.issuedOn), desc(netsecCards.id)],
  // Issuing and voiding a card is the bureau's; the school's answer is its own step (answerCard).
  writePermission: 'netsec.card',
  fileIdsOf: (r: CardRow) => [...r.fileIds, ...r.answerFileIds],
  present: (row: PlacedRow<CardRow>, files: Map<number, FileRef>): OwnView<NetsecCardView> => {
    const m = row.record;
    return {
      color: m.color as NetsecCardView['color'],
      issuedOn: m.issuedOn,
      issuerUnitName: m.issuerUnitName,
      issuedByName: m.createdByName,
      reason: m.reason,
      fixBy: m.fixBy,
      state: m.state as CardState,
      overdue: false,
      answer: m.answer,
      answerFiles: filesOf(m.answerFileIds, files),
      answeredByName: m.answeredByName,
      answeredAt: m.answeredAt?.toISOString() ?? null,
      returnNote: m.returnNote,
      closeNote: m.closeNote,
      closedByName: m.closedByName,
      closedAt: m.closedAt?.toISOString() ?? null,
    };
  },
  snapshot: (m: CardRow) => ({
    schoolId: m.schoolId,
    color: m.color,
    issuedOn: m.issuedOn,
    reason: m.reason,
    fixBy: m.fixBy,
    state: m.state,
    answer: m.answer,
    answerFileIds: m.answerFileIds,
    returnNote: m.returnNote,
    closeNote: m.closeNote,
    closedBy: m.closedBy,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

/** Open (not closed) past its fix-by day on today (000 item 8: the rule's finding). */
function withOverdue(ctx: Ctx, v: NetsecCardView): NetsecCardView {
  return { ...v, overdue: v.state !== 'closed' && v.status === 'recorded' && v.fixBy < todayOf(ctx) };
}

export async function netsecCardFilter(ctx: Ctx, q: Partial<NetsecCardListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [netsecCardScope(ctx.actor), ...(await placeFilters(ctx, netsecCards, q)), stageCondition(netsecCards, q.stage)];
  if (q.color) conds.push(eq(netsecCards.color, q.color));
  if (q.state) conds.push(eq(netsecCards.state, q.state));
  if (q.overdue) conds.push(sql`${netsecCards.state} <> 'closed' and ${netsecCards.fixBy} < ${todayOf(ctx)}`);
  if (q.from) conds.push(sql`${netsecCards.issuedOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${netsecCards.issuedOn} <= ${q.to}`);
  conds.push(eq(netsecCards.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

const cardReads = completedReads(cardLedger, withOverdue);
export const listNetsecCards = async (ctx: Ctx, q: NetsecCardListQuery) => cardReads.list(ctx, await netsecCardFilter(ctx, q), q);
export const { batchFetcher: netsecCardBatchFetcher, get: getNetsecCard, void: voidNetsecCard } = cardReads;

export async function issueNetsecCard(ctx: Ctx, input: IssueNetsecCard): Promise<NetsecCardView> {
  requireAccess(ctx.actor, 'netsec.card');
  const past = pastDayProblem(input.issuedOn, todayOf(ctx));
  if (past) throw fieldError('issuedOn', past);
  if (input.fixBy < input.issuedOn) throw fieldError('fixBy', '整改期限不能早于下发日期');
  const v = await cardLedger.create(
    ctx,
    async (tx) => {
      const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
      return {
        schoolId: s.id,
        schoolPath: s.path,
        color: input.color,
        issuedOn: input.issuedOn,
        issuerUnitName: ctx.actor.unitName,
        reason: input.reason,
        fixBy: input.fixBy,
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
      };
    },
    // The school's principal and safety officers hear of it at once (a bell).
    async (tx, row) =>
      notify(tx, row.districtId, await schoolContacts(tx, row.schoolId), {
        kind: 'netsec_card_issued',
        title: `教育局下发网络安全${cardColorLabels[row.color as 'red' | 'yellow']}：${row.reason.slice(0, 40)}，须在 ${row.fixBy} 前整改`,
        link: `/network-security?tab=cards`,
      }),
  );
  return withOverdue(ctx, v);
}

/** One step of a card in one transaction: locked in scope (else 404), version (409), the step's state. */
async function cardStep(ctx: Ctx, id: number, version: number, step: 'answer' | 'close' | 'return', set: (row: CardRow, tx: Executor) => Promise<Partial<typeof netsecCards.$inferInsert>>) {
  await ctx.db.transaction(async (tx) => {
    const row = await cardLedger.find(tx, ctx.actor, id);
    if (row.version !== version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('RECORD_VOIDED', '该红黄牌已作废');
    const t = cardTransition(row.state as CardState, step);
    if ('problem' in t) throw badRequest('CARD_STATE', t.problem);
    const values = { ...(await set(row, tx)), state: t.to, version: row.version + 1, updatedAt: ctx.now };
    const [updated] = await tx.update(netsecCards).set(values).where(eq(netsecCards.id, id)).returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'netsec_card', objectId: id, before: { state: row.state, version: row.version }, after: { step, state: updated.state, answer: updated.answer, answerFileIds: updated.answerFileIds, returnNote: updated.returnNote, closeNote: updated.closeNote, closedBy: updated.closedBy } });
  });
  return getNetsecCard(ctx, id);
}

/** The school's fix with its evidence files (a school person of the card's school, or anyone writing ledgers in scope). */
export function answerNetsecCard(ctx: Ctx, id: number, input: AnswerNetsecCard): Promise<NetsecCardView> {
  requireAccess(ctx.actor, 'ledger.write');
  return cardStep(ctx, id, input.version, 'answer', async (row, tx) => ({
    answer: input.answer,
    answerFileIds: await attachableFileIds(tx, ctx.actor, input.answerFileIds, { field: 'answerFileIds', existing: row.answerFileIds }),
    answeredByName: ctx.actor.displayName,
    answeredAt: ctx.now,
  }));
}

/** The bureau closes the card (销号) or sends it back with a note saying what is still missing. */
export function decideNetsecCard(ctx: Ctx, id: number, input: DecideNetsecCard): Promise<NetsecCardView> {
  requireAccess(ctx.actor, 'netsec.card');
  if (input.decision === 'return' && !input.note) throw fieldError('note', '退回请写明原因');
  return cardStep(ctx, id, input.version, input.decision, async (row, tx) => {
    if (input.decision === 'close') return { closeNote: input.note ?? null, closedBy: ctx.actor.id, closedByName: ctx.actor.displayName, closedAt: ctx.now };
    await notify(tx, row.districtId, await schoolContacts(tx, row.schoolId), { kind: 'returned', title: `网络安全${cardColorLabels[row.color as 'red' | 'yellow']}整改被退回：${input.note}`, link: `/network-security?tab=cards` });
    return { returnNote: input.note ?? null };
  });
}

// ---- the monthly report (网络安全月报告) ---------------------------------------------------------

const reportLedger = recordedLedger({
  table: netsecReports,
  name: '网络安全月报告',
  objectType: 'netsec_report',
  scope: netsecReportScope,
  orderBy: [desc(netsecReports.month), desc(netsecReports.id)],
  present: (row: PlacedRow<ReportRow>): OwnView<NetsecReportView> => {
    const m = row.record;
    return { month: m.month, checksDone: m.checksDone, incidents: m.incidents as NetsecReportView['incidents'], incidentCount: m.incidentCount, summary: m.summary };
  },
  snapshot: (m: ReportRow) => ({ schoolId: m.schoolId, month: m.month, checksDone: m.checksDone, incidents: m.incidents, incidentCount: m.incidentCount, summary: m.summary, fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
});

export async function netsecReportFilter(ctx: Ctx, q: Partial<NetsecReportListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [netsecReportScope(ctx.actor), ...(await placeFilters(ctx, netsecReports, q)), stageCondition(netsecReports, q.stage)];
  if (q.month) conds.push(eq(netsecReports.month, q.month));
  if (q.incidents) conds.push(eq(netsecReports.incidents, q.incidents));
  conds.push(eq(netsecReports.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listNetsecReports = async (ctx: Ctx, q: NetsecReportListQuery) => reportLedger.list(ctx, await netsecReportFilter(ctx, q), q);
export const netsecReportBatchFetcher = reportLedger.batchFetcher;
export const getNetsecReport = reportLedger.get;
export const voidNetsecReport = reportLedger.void;

/** Incidents none ⇔ count 0; some ⇔ a count of at least one (the field named). */
function checkIncidents(incidents: string, count: number) {
  if (incidents === 'none' && count !== 0) throw fieldError('incidentCount', '选择“无”网络安全事件时事件数应为 0');
  if (incidents === 'some' && count < 1) throw fieldError('incidentCount', '选择“有”网络安全事件时请填写事件数');
}

export function createNetsecReport(ctx: Ctx, input: CreateNetsecReport): Promise<NetsecReportView> {
  requireAccess(ctx.actor, 'ledger.write');
  const future = reportMonthProblem(input.month, todayOf(ctx));
  if (future) throw fieldError('month', future);
  checkIncidents(input.incidents, input.incidentCount);
  return reportLedger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    const [dup] = await tx.select({ id: netsecReports.id }).from(netsecReports).where(and(eq(netsecReports.schoolId, s.id), eq(netsecReports.month, input.month), eq(netsecReports.status, 'recorded')));
    if (dup) throw fieldError('month', `${input.month} 的月报告已报送，请修改原报告`);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      month: input.month,
      checksDone: input.checksDone,
      incidents: input.incidents,
      incidentCount: input.incidentCount,
      summary: input.summary ?? null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateNetsecReport(ctx: Ctx, id: number, input: UpdateNetsecReport): Promise<NetsecReportView> {
  return reportLedger.update(ctx, id, input.version, async (row, tx) => {
    const incidents = input.incidents ?? row.incidents;
    const incidentCount = input.incidentCount ?? (input.incidents === 'none' ? 0 : row.incidentCount);
    checkIncidents(incidents, incidentCount);
    const set: Partial<typeof netsecReports.$inferInsert> = { incidents, incidentCount };
    if (input.checksDone !== undefined) set.checksDone = input.checksDone;
    if (input.summary !== undefined) set.summary = input.summary;
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}
