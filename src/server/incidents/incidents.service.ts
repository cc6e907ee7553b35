// Incidents (突发事件 / 安全事故, issue 13): entered by the unit where it happened or by a unit above
// it; reported first (首报, a logged phone call counts), in writing, followed up (续报) and closed by
// the final report (终报); each report signed for (签收) by the town and the bureau above the unit; the
// bureau's signed determination. The discipline flags are computed by src/domain/incidents.ts from
// the reports and the rule pack's deadlines, never typed. Every write: one transaction, row lock,
// version check, audit.
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type {
  CreateIncident,
  CreateReport,
  DeterminationInputBody,
  IncidentFigures,
  IncidentListQuery,
  IncidentRow,
  IncidentView,
  ReportKind,
} from '../../contracts/incidents.js';
import { incidentSubtypeLabels, reportKindLabels, subtypeCategory } from '../../contracts/incidents.js';
import { fieldLabels } from '../../contracts/common.js';
import { shanghaiDate } from '../../domain/dates.js';
import {
  clockLevel,
  disciplineFlagLabels,
  incidentFlags,
  incidentLevelLabels,
  instantProblem,
  notifiesLeaders,
  reportClock,
  reportKindProblem,
  reportKinds,
  type DisciplineFlag,
  type FlagResult,
  type IncidentDeadlines,
  type IncidentInput,
  type IncidentLevel,
} from '../../domain/incidents.js';
import { can, requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds, unitRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { forReads, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { nextCodeNumber } from '../db/codes.js';
import { incidentDeterminations, incidentReceipts, incidentReports, incidents, rolePermissions, units, userRoles, users } from '../db/schema.js';
import { conflict, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { fileMapOf, filesOf, unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { notify, settleReminders } from '../notifications/notifications.service.js';
import { deadlinesFor } from './deadlines.js';

type IncidentRowDb = typeof incidents.$inferSelect;
type ReportRowDb = typeof incidentReports.$inferSelect;
type DeterminationRowDb = typeof incidentDeterminations.$inferSelect;

/** Incidents are seen by the unit's place in the tree: the district and departments all, a town its schools', a school its own. */
export const incidentScope = (actor: Actor) => schoolLedgerScope(actor, { districtId: incidents.districtId, schoolPath: incidents.unitPath });

// ---- flags ------------------------------------------------------------------------------------------

function toInput(row: IncidentRowDb, unitName: string, reports: ReportRowDb[], dets: DeterminationRowDb[]): IncidentInput {
  return {
    level: row.severity as IncidentLevel,
    dead: row.dead,
    injured: row.injured,
    missingPersons: row.missingPersons,
    knownAt: row.knownAt,
    source: row.source as 'self' | 'higher',
    unitName,
    reports: reports.map((r) => ({
      id: r.id,
      kind: r.kind as ReportKind,
      reportedAt: r.reportedAt,
      byOwnUnit: r.byOwnUnit,
      level: r.severity as IncidentLevel,
      dead: r.dead,
      injured: r.injured,
      missingPersons: r.missingPersons,
    })),
    determinations: dets.map((d) => ({
      id: d.id,
      findings: d.findings as DeterminationInput['findings'],
      reasons: d.reasons,
      facts: d.severity ? { level: d.severity as IncidentLevel, dead: d.dead ?? 0, injured: d.injured ?? 0, missingPersons: d.missingPersons ?? 0 } : null,
      signedByName: d.actorName,
      signedAt: d.createdAt,
    })),
  };
}
type DeterminationInput = IncidentInput['determinations'][number];

const flagView = (f: FlagResult) => ({ flag: f.flag, label: disciplineFlagLabels[f.flag], evidence: f.evidence, at: f.at.toISOString() });

/** Flags that stay once raised whatever the clock: kept on the row so the list filters by them in SQL. */
const FIXED: DisciplineFlag[] = ['false', 'concealed', 'responsibility_accident'];

/**
 * The list's flag filter in SQL, the same rules as incidentFlags over the row's clock columns
 * (a test compares the two): late only for an incident its unit entered, missing for one entered above.
 */
export function flagCondition(flag: DisciplineFlag, now: Date): SQL {
  const i = incidents;
  switch (flag) {
    case 'late':
      return sql`(${i.source} = 'self' and (${i.firstReportedAt} > ${i.firstDueAt} or ${i.writtenReportedAt} > ${i.writtenDueAt} or (${i.writtenReportedAt} is null and ${i.writtenDueAt} < ${now})))`;
    case 'missing':
      return sql`(${i.source} = 'higher' and (${i.firstReportedAt} > ${i.firstDueAt} or (${i.firstReportedAt} is null and ${i.firstDueAt} < ${now})))`;
    default:
      return sql`${i.fixedFlags} @> array[${flag}]::text[]`;
  }
}

// ---- reading ----------------------------------------------------------------------------------------

async function unitNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  const want = [...new Set(ids)];
  if (!want.length) return new Map();
  const rows = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, want));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function historyOf(db: Executor, ids: number[]) {
  if (!ids.length) return { reports: new Map<number, ReportRowDb[]>(), dets: new Map<number, DeterminationRowDb[]>() };
  const [rs, ds] = await Promise.all([
    db.select().from(incidentReports).where(inArray(incidentReports.incidentId, ids)).orderBy(asc(incidentReports.reportedAt), asc(incidentReports.id)),
    db.select().from(incidentDeterminations).where(inArray(incidentDeterminations.incidentId, ids)).orderBy(asc(incidentDeterminations.id)),
  ]);
  const reports = new Map<number, ReportRowDb[]>();
  const dets = new Map<number, DeterminationRowDb[]>();
  for (const r of rs) (reports.get(r.incidentId) ?? reports.set(r.incidentId, []).get(r.incidentId)!).push(r);
  for (const d of ds) (dets.get(d.incidentId) ?? dets.set(d.incidentId, []).get(d.incidentId)!).push(d);
  return { reports, dets };
}

function rowView(row: IncidentRowDb, unitName: string, flags: FlagResult[]): IncidentRow {
  return {
    id: row.id,
    code: row.code,
    unitId: row.unitId,
    unitName,
    headline: row.headline,
    occurredAt: row.occurredAt.toISOString(),
    knownAt: row.knownAt.toISOString(),
    place: row.place,
    category: row.category as IncidentRow['category'],
    subtype: row.subtype as IncidentRow['subtype'],
    severity: row.severity as IncidentLevel,
    dead: row.dead,
    injured: row.injured,
    missingPersons: row.missingPersons,
    source: row.source as 'self' | 'higher',
    status: row.status as 'open' | 'closed',
    firstDueAt: row.firstDueAt.toISOString(),
    writtenDueAt: row.writtenDueAt.toISOString(),
    flags: flags.map(flagView),
    version: row.version,
  };
}

/** Rows of the caller's scope with their flags (two queries for the page's history). */
async function presentRows(db: Executor, rows: IncidentRowDb[], deadlines: IncidentDeadlines, now: Date): Promise<IncidentRow[]> {
  const ids = rows.map((r) => r.id);
  const [names, { reports, dets }] = await Promise.all([unitNames(db, rows.map((r) => r.unitId)), historyOf(db, ids)]);
  return rows.map((r) => {
    const name = names.get(r.unitId) ?? '';
    return rowView(r, name, incidentFlags(toInput(r, name, reports.get(r.id) ?? [], dets.get(r.id) ?? []), deadlines, now));
  });
}

export async function incidentFilter(ctx: Ctx, q: Partial<IncidentListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [incidentScope(ctx.actor)];
  if (q.unitId) {
    const u = await unitInScopeOr404(ctx.db, ctx.actor, q.unitId, '单位');
    conds.push(sql`${incidents.unitPath} like ${`${u.path}%`}`);
  }
  if (q.townId) {
    const town = await unitInScopeOr404(ctx.db, ctx.actor, q.townId, '镇街');
    conds.push(sql`${incidents.unitPath} like ${`${town.path}%`}`);
  }
  if (q.category) conds.push(eq(incidents.category, q.category));
  if (q.subtype) conds.push(eq(incidents.subtype, q.subtype));
  if (q.severity) conds.push(eq(incidents.severity, q.severity));
  if (q.status) conds.push(eq(incidents.status, q.status));
  if (q.flag) conds.push(flagCondition(q.flag, ctx.now));
  // Days are Shanghai days of when it happened.
  if (q.from) conds.push(gte(incidents.occurredAt, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) conds.push(lt(incidents.occurredAt, new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000)));
  if (q.q) conds.push(sql`(${incidents.headline} like ${`%${q.q}%`} or ${incidents.code} like ${`%${q.q}%`} or ${incidents.place} like ${`%${q.q}%`})`);
  return and(...conds)!;
}

export async function listIncidents(request: Ctx, q: IncidentListQuery) {
  requireAccess(request.actor, 'incident.read');
  // A list: on the read replica when there is one (issue 18).
  const ctx = forReads(request);
  const where = await incidentFilter(ctx, q);
  const [deadlines, rows, [{ total }]] = await Promise.all([
    deadlinesFor(ctx.db, ctx.actor.districtId),
    ctx.db
      .select()
      .from(incidents)
      .where(where)
      .orderBy(desc(incidents.occurredAt), desc(incidents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(incidents).where(where),
  ]);
  return { items: await presentRows(ctx.db, rows, deadlines, ctx.now), total, page: q.page, pageSize: q.pageSize };
}

/** For the export: batches in keyset order, each with its flags. */
export async function incidentBatches(ctx: Ctx, where: SQL) {
  const deadlines = await deadlinesFor(ctx.db, ctx.actor.districtId);
  return (afterId: number, limit: number) =>
    ctx.db
      .select()
      .from(incidents)
      .where(and(where, sql`${incidents.id} > ${afterId}`))
      .orderBy(asc(incidents.id))
      .limit(limit)
      .then((rows) => presentRows(ctx.db, rows, deadlines, ctx.now));
}

async function loadInScope(db: Executor, actor: Actor, id: number, lock = false): Promise<IncidentRowDb> {
  const q = db.select().from(incidents).where(and(eq(incidents.id, id), incidentScope(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('突发事件');
  return row;
}

/** The ids of the units above a unit (from its path), nearest last. */
const ancestorIds = (path: string) => path.split('/').filter(Boolean).map(Number).slice(0, -1);

/** The town and bureau units above the incident's unit: those that sign for each report. */
async function receivingUnits(db: Executor, unitPath: string) {
  const ids = ancestorIds(unitPath);
  if (!ids.length) return [];
  const rows = await db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(and(inArray(units.id, ids), inArray(units.kind, ['town', 'bureau'])));
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is NonNullable<typeof r> => !!r).reverse();
}

const isOwnUnit = (actor: Actor, row: Pick<IncidentRowDb, 'unitId'>) => actor.unitId === row.unitId;
const isAbove = (actor: Actor, row: Pick<IncidentRowDb, 'unitPath' | 'unitId'>) => actor.unitId !== row.unitId && row.unitPath.startsWith(actor.unitPath);

export async function getIncident(ctx: Ctx, id: number): Promise<IncidentView> {
  requireAccess(ctx.actor, 'incident.read');
  const row = await loadInScope(ctx.db, ctx.actor, id);
  const [deadlines, { reports, dets }, names, receivers, receipts] = await Promise.all([
    deadlinesFor(ctx.db, ctx.actor.districtId),
    historyOf(ctx.db, [id]),
    unitNames(ctx.db, [row.unitId, row.enteredByUnitId]),
    receivingUnits(ctx.db, row.unitPath),
    ctx.db.select().from(incidentReceipts).where(eq(incidentReceipts.incidentId, id)).orderBy(asc(incidentReceipts.id)),
  ]);
  const rs = reports.get(id) ?? [];
  const ds = dets.get(id) ?? [];
  const unitName = names.get(row.unitId) ?? '';
  const fileMap = await fileMapOf(ctx.db, [...row.fileIds, ...rs.flatMap((r) => r.fileIds)]);
  const flags = incidentFlags(toInput(row, unitName, rs, ds), deadlines, ctx.now);
  const sent = rs.filter((r) => r.byOwnUnit).map((r) => r.kind as ReportKind);
  const mayReport = can(ctx.actor, 'incident.report') && (isOwnUnit(ctx.actor, row) || isAbove(ctx.actor, row));
  const nextReportKinds = mayReport ? reportKinds.filter((k) => !reportKindProblem(k, sent, row.status as 'open' | 'closed')) : [];
  const actions: IncidentView['actions'] = [];
  if (nextReportKinds.length) actions.push('report');
  if (can(ctx.actor, 'incident.determine') && ctx.actor.unitKind === 'bureau') actions.push('determine');
  return {
    ...rowView(row, unitName, flags),
    actionsTaken: row.actionsTaken,
    files: filesOf(row.fileIds, fileMap),
    enteredByUnitName: names.get(row.enteredByUnitId) ?? '',
    closedAt: row.closedAt?.toISOString() ?? null,
    reports: rs.map((r) => {
      const mine = receipts.filter((x) => x.reportId === r.id);
      const awaiting = receivers.filter((u) => !mine.some((x) => x.unitId === u.id));
      return {
        id: r.id,
        kind: r.kind as ReportKind,
        channel: r.channel as 'system' | 'phone',
        byOwnUnit: r.byOwnUnit,
        reportedAt: r.reportedAt.toISOString(),
        callerName: r.callerName,
        content: r.content,
        severity: r.severity as IncidentLevel,
        dead: r.dead,
        injured: r.injured,
        missingPersons: r.missingPersons,
        files: filesOf(r.fileIds, fileMap),
        actorName: r.actorName,
        actorUnitName: r.actorUnitName,
        receipts: mine.map((x) => ({ id: x.id, unitId: x.unitId, unitName: x.unitName, userName: x.userName, receivedAt: x.receivedAt.toISOString() })),
        awaitingUnits: awaiting.map((u) => ({ id: u.id, name: u.name })),
        canReceive: can(ctx.actor, 'incident.receive') && awaiting.some((u) => u.id === ctx.actor.unitId),
      };
    }),
    determinations: ds.map((d) => ({
      id: d.id,
      findings: d.findings as IncidentView['determinations'][number]['findings'],
      reasons: d.reasons,
      facts: d.severity ? { severity: d.severity as IncidentLevel, dead: d.dead ?? 0, injured: d.injured ?? 0, missingPersons: d.missingPersons ?? 0 } : null,
      actorName: d.actorName,
      actorUnitName: d.actorUnitName,
      createdAt: d.createdAt.toISOString(),
    })),
    nextReportKinds,
    actions,
  };
}

// ---- writing ----------------------------------------------------------------------------------------

function checkInstant(field: string, at: Date, now: Date, notBefore?: { at: Date; what: string }) {
  const p = instantProblem(at, now, notBefore);
  if (p) throw fieldError(field, p, fieldLabels[field.split('.').at(-1)!] ?? field);
}

/** Recompute the row's clock (highest level stated so far) and its clock-free flags after a write. */
async function refreshRow(tx: Executor, row: IncidentRowDb, deadlines: IncidentDeadlines, now: Date, set: Partial<typeof incidents.$inferInsert>) {
  const next = { ...row, ...set } as IncidentRowDb;
  const { reports, dets } = await historyOf(tx, [row.id]);
  const rs = reports.get(row.id) ?? [];
  const ds = dets.get(row.id) ?? [];
  const latest = ds.at(-1);
  const level = clockLevel([next.severity as IncidentLevel, ...rs.map((r) => r.severity as IncidentLevel), ...(latest?.severity ? [latest.severity as IncidentLevel] : [])]);
  const clock = reportClock(next.knownAt, level, deadlines);
  const own = rs.filter((r) => r.byOwnUnit);
  const written = own.find((r) => r.kind !== 'first');
  const flags = incidentFlags(toInput(next, '', rs, ds), deadlines, now);
  const [updated] = await tx
    .update(incidents)
    .set({
      ...set,
      firstDueAt: clock.firstDueAt,
      writtenDueAt: clock.writtenDueAt,
      firstReportedAt: own[0]?.reportedAt ?? null,
      writtenReportedAt: written?.reportedAt ?? null,
      fixedFlags: flags.filter((f) => FIXED.includes(f.flag)).map((f) => f.flag),
      version: row.version + 1,
      updatedAt: now,
    })
    .where(eq(incidents.id, row.id))
    .returning();
  return updated;
}

/** 较大 and above: the bureau's leaders and administrators hear of it at once (bell). */
async function notifyLeaders(tx: Executor, row: IncidentRowDb, unitName: string, level: IncidentLevel) {
  const rows = await tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.districtId, row.districtId), eq(units.kind, 'bureau'), eq(users.status, 'active'), inArray(userRoles.roleKey, ['bureau_leader', 'bureau_admin'])));
  await notify(
    tx,
    row.districtId,
    rows.map((r) => r.id),
    { kind: 'incident_major', title: `${incidentLevelLabels[level]}突发事件：${unitName}${row.headline}（${row.code}）`, link: `/incidents/${row.id}`, dedupeKey: `incident-major:${row.id}:${level}` },
  );
}

/** Active people of these units who may sign for reports (incident.receive through a role). */
async function receiversIn(tx: Executor, unitIds: number[]): Promise<number[]> {
  if (!unitIds.length) return [];
  const rows = await tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleKey, userRoles.roleKey))
    .where(and(inArray(users.unitId, unitIds), eq(users.status, 'active'), eq(rolePermissions.permission, 'incident.receive')));
  return rows.map((r) => r.id);
}

/** One bell per report, so that signing one report settles that report's bell only. */
const receiptLink = (incidentId: number, reportId: number) => `/incidents/${incidentId}?report=${reportId}`;

/**
 * A report reached the town and the bureau: whoever there signs for reports gets a bell (the unit
 * that logged the call itself is not asked to sign for it), settled once their unit has signed.
 */
async function askReceipts(tx: Executor, row: IncidentRowDb, reportId: number, kind: ReportKind, unitName: string, actorUnitId: number) {
  const to = (await receivingUnits(tx, row.unitPath)).filter((u) => u.id !== actorUnitId).map((u) => u.id);
  await notify(tx, row.districtId, await receiversIn(tx, to), {
    kind: 'incident_receipt',
    title: `待签收：${unitName}${reportKindLabels[kind]}“${row.headline}”（${row.code}）`,
    link: receiptLink(row.id, reportId),
    dedupeKey: `incident-receipt:${reportId}`,
  });
}

export async function createIncident(ctx: Ctx, input: CreateIncident): Promise<IncidentView> {
  requireAccess(ctx.actor, 'incident.report');
  const deadlines = await deadlinesFor(ctx.db, ctx.actor.districtId);
  const id = await ctx.db.transaction((tx) => createIncidentIn(tx, ctx, input, deadlines));
  return getIncident(ctx, id);
}

/**
 * Creates an incident inside the caller's transaction and returns its id: a bullying case with
 * injury or violence opens its incident in the same transaction as the case (issue 22). The caller
 * decides who may: createIncident by incident.report, a bullying case by the school's circle.
 */
export async function createIncidentIn(tx: Executor, ctx: Ctx, input: CreateIncident, deadlines: IncidentDeadlines): Promise<number> {
  const occurredAt = new Date(input.occurredAt);
  const knownAt = new Date(input.knownAt);
  checkInstant('occurredAt', occurredAt, ctx.now);
  checkInstant('knownAt', knownAt, ctx.now, { at: occurredAt, what: '发生时间' });
  const expected = subtypeCategory[input.subtype];
  if (expected && expected !== input.category) throw fieldError('subtype', `“${incidentSubtypeLabels[input.subtype]}”不属于所选事件类别`);
  const unit = await unitRef(tx, ctx.actor, input.unitId, { field: 'unitId', what: '事发单位', kinds: ['school', 'town', 'department'], kindMessage: '请选择学校、镇街或科室', active: true, label: '事发单位' });
  const own = unit.id === ctx.actor.unitId;
  if (own && input.phoneReport) throw fieldError('phoneReport', '本单位报告不需登记电话首报');
  const phoneAt = input.phoneReport ? new Date(input.phoneReport.reportedAt) : null;
  if (phoneAt) checkInstant('phoneReport.reportedAt', phoneAt, ctx.now, { at: occurredAt, what: '发生时间' });
  const year = Number(shanghaiDate(occurredAt).slice(0, 4));
  const code = `SJ-${year}-${String(await nextCodeNumber(tx, ctx.actor.districtId, 'SJ', year)).padStart(6, '0')}`;
  const clock = reportClock(knownAt, input.severity, deadlines);
  const [row] = await tx
    .insert(incidents)
    .values({
      districtId: ctx.actor.districtId,
      code,
      unitId: unit.id,
      unitPath: unit.path,
      headline: input.headline,
      occurredAt,
      knownAt,
      place: input.place,
      category: input.category,
      subtype: input.subtype,
      severity: input.severity,
      dead: input.dead,
      injured: input.injured,
      missingPersons: input.missingPersons,
      actionsTaken: input.actionsTaken,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
      // Entered by its own unit, or above it with the unit's phone call logged: the unit reported.
      source: own || input.phoneReport ? 'self' : 'higher',
      enteredById: ctx.actor.id,
      enteredByUnitId: ctx.actor.unitId,
      firstDueAt: clock.firstDueAt,
      writtenDueAt: clock.writtenDueAt,
    })
    .returning();
  if (own || input.phoneReport) {
    const [first] = await tx.insert(incidentReports).values({
      districtId: row.districtId,
      incidentId: row.id,
      kind: 'first',
      channel: input.phoneReport ? 'phone' : 'system',
      byOwnUnit: true,
      reportedAt: phoneAt ?? ctx.now,
      callerName: input.phoneReport?.callerName ?? null,
      content: input.actionsTaken,
      severity: input.severity,
      dead: input.dead,
      injured: input.injured,
      missingPersons: input.missingPersons,
      fileIds: row.fileIds,
      actorId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      actorUnitId: ctx.actor.unitId,
      actorUnitName: ctx.actor.unitName,
    }).returning({ id: incidentReports.id });
    await askReceipts(tx, row, first.id, 'first', unit.name, ctx.actor.unitId);
  }
  const updated = await refreshRow(tx, row, deadlines, ctx.now, {});
  if (notifiesLeaders(input.severity)) await notifyLeaders(tx, updated, unit.name, input.severity);
  await writeAudit(tx, ctx, {
    action: 'create',
    objectType: 'incident',
    objectId: row.id,
    after: { code, unitId: unit.id, headline: input.headline, occurredAt: input.occurredAt, knownAt: input.knownAt, severity: input.severity, dead: input.dead, injured: input.injured, missingPersons: input.missingPersons, source: updated.source, phoneReport: input.phoneReport ?? null },
  });
  return row.id;
}

export async function addReport(ctx: Ctx, id: number, input: CreateReport): Promise<IncidentView> {
  requireAccess(ctx.actor, 'incident.report');
  const deadlines = await deadlinesFor(ctx.db, ctx.actor.districtId);
  await ctx.db.transaction(async (tx) => {
    const row = await loadInScope(tx, ctx.actor, id, true);
    if (row.version !== input.version) throw staleVersion();
    const own = isOwnUnit(ctx.actor, row);
    if (!own && !isAbove(ctx.actor, row)) throw forbidden('只有事发单位及其上级单位可以报告');
    // A unit above logs the unit's phone call; it does not report in the unit's name otherwise.
    if (!own && !input.phoneReport) throw fieldError('phoneReport', '上级单位只能登记事发单位的电话报告：请填写来电时间和报告人');
    if (own && input.phoneReport) throw fieldError('phoneReport', '本单位报告不需登记电话报告');
    const sent = (await tx.select({ kind: incidentReports.kind }).from(incidentReports).where(and(eq(incidentReports.incidentId, id), eq(incidentReports.byOwnUnit, true)))).map((r) => r.kind as ReportKind);
    const problem = reportKindProblem(input.reportKind, sent, row.status as 'open' | 'closed');
    if (problem) throw row.status === 'closed' ? conflict('INCIDENT_CLOSED', problem) : fieldError('reportKind', problem);
    const reportedAt = input.phoneReport ? new Date(input.phoneReport.reportedAt) : ctx.now;
    if (input.phoneReport) {
      checkInstant('phoneReport.reportedAt', reportedAt, ctx.now, { at: row.occurredAt, what: '发生时间' });
      // The timeline stays in order: a logged call is not placed before the unit's last report.
      const [latest] = await tx.select({ at: incidentReports.reportedAt }).from(incidentReports).where(eq(incidentReports.incidentId, id)).orderBy(desc(incidentReports.reportedAt)).limit(1);
      if (latest && reportedAt < latest.at) throw fieldError('phoneReport.reportedAt', '不能早于上一次报告时间', '报告时间');
    }
    const [report] = await tx
      .insert(incidentReports)
      .values({
        districtId: row.districtId,
        incidentId: id,
        kind: input.reportKind,
        channel: input.phoneReport ? 'phone' : 'system',
        byOwnUnit: true,
        reportedAt,
        callerName: input.phoneReport?.callerName ?? null,
        content: input.content,
        severity: input.severity,
        dead: input.dead,
        injured: input.injured,
        missingPersons: input.missingPersons,
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
        actorId: ctx.actor.id,
        actorName: ctx.actor.displayName,
        actorUnitId: ctx.actor.unitId,
        actorUnitName: ctx.actor.unitName,
      })
      .returning();
    const before = { severity: row.severity, dead: row.dead, injured: row.injured, missingPersons: row.missingPersons, status: row.status };
    const closing = input.reportKind === 'final';
    const updated = await refreshRow(tx, row, deadlines, ctx.now, {
      severity: input.severity,
      dead: input.dead,
      injured: input.injured,
      missingPersons: input.missingPersons,
      ...(closing ? { status: 'closed', closedAt: ctx.now } : {}),
    });
    const [u] = await tx.select({ name: units.name }).from(units).where(eq(units.id, row.unitId));
    await askReceipts(tx, row, report.id, input.reportKind, u.name, ctx.actor.unitId);
    const wasMajor = notifiesLeaders(row.severity as IncidentLevel);
    if (!wasMajor && notifiesLeaders(input.severity)) await notifyLeaders(tx, updated, u.name, input.severity);
    await writeAudit(tx, ctx, {
      action: 'submit',
      objectType: 'incident',
      objectId: id,
      before,
      after: { reportId: report.id, kind: input.reportKind, channel: report.channel, reportedAt: reportedAt.toISOString(), severity: input.severity, dead: input.dead, injured: input.injured, missingPersons: input.missingPersons, status: updated.status },
    });
  });
  return getIncident(ctx, id);
}

/** A town or the bureau above the unit signs for one report (签收), once. */
export async function receiveReport(ctx: Ctx, id: number, reportId: number): Promise<IncidentView> {
  requireAccess(ctx.actor, 'incident.receive');
  await ctx.db.transaction(async (tx) => {
    const row = await loadInScope(tx, ctx.actor, id, true);
    const [report] = await tx.select().from(incidentReports).where(and(eq(incidentReports.id, reportId), eq(incidentReports.incidentId, id)));
    if (!report) throw notFound('报告');
    const receivers = await receivingUnits(tx, row.unitPath);
    if (!receivers.some((u) => u.id === ctx.actor.unitId)) throw forbidden('只有事发单位的上级镇街或教育局可以签收');
    const [done] = await tx.select({ id: incidentReceipts.id }).from(incidentReceipts).where(and(eq(incidentReceipts.reportId, reportId), eq(incidentReceipts.unitId, ctx.actor.unitId)));
    if (done) throw conflict('ALREADY_RECEIVED', '本单位已签收该报告');
    const [receipt] = await tx
      .insert(incidentReceipts)
      .values({ districtId: row.districtId, incidentId: id, reportId, unitId: ctx.actor.unitId, unitName: ctx.actor.unitName, userId: ctx.actor.id, userName: ctx.actor.displayName, receivedAt: ctx.now })
      .returning();
    // Signed for the unit: the bell is settled for everyone of the unit it asked.
    await settleReminders(tx, ctx.now, await receiversIn(tx, [ctx.actor.unitId]), receiptLink(id, reportId), ['incident_receipt']);
    await writeAudit(tx, ctx, { action: 'confirm', objectType: 'incident', objectId: id, after: { receiptId: receipt.id, reportId, kind: report.kind, unitId: ctx.actor.unitId } });
  });
  return getIncident(ctx, id);
}

/** The bureau's signed determination: facts and findings (谎报、瞒报、责任事故) with reasons; audited. */
export async function determineIncident(ctx: Ctx, id: number, input: DeterminationInputBody): Promise<IncidentView> {
  requireAccess(ctx.actor, 'incident.determine');
  if (ctx.actor.unitKind !== 'bureau') throw forbidden('认定由教育局作出');
  const findings = [...new Set(input.findings)];
  if (!findings.length && !input.facts) throw fieldError('findings', '请选择认定结论或填写认定事实');
  const deadlines = await deadlinesFor(ctx.db, ctx.actor.districtId);
  await ctx.db.transaction(async (tx) => {
    const row = await loadInScope(tx, ctx.actor, id, true);
    if (row.version !== input.version) throw staleVersion();
    const [det] = await tx
      .insert(incidentDeterminations)
      .values({
        districtId: row.districtId,
        incidentId: id,
        findings,
        reasons: input.reasons,
        severity: input.facts?.severity ?? null,
        dead: input.facts?.dead ?? null,
        injured: input.facts?.injured ?? null,
        missingPersons: input.facts?.missingPersons ?? null,
        actorId: ctx.actor.id,
        actorName: ctx.actor.displayName,
        actorUnitName: ctx.actor.unitName,
        createdAt: ctx.now,
      })
      .returning();
    const before = { severity: row.severity, dead: row.dead, injured: row.injured, missingPersons: row.missingPersons, fixedFlags: row.fixedFlags };
    const updated = await refreshRow(
      tx,
      row,
      deadlines,
      ctx.now,
      input.facts ? { severity: input.facts.severity, dead: input.facts.dead, injured: input.facts.injured, missingPersons: input.facts.missingPersons } : {},
    );
    if (input.facts && !notifiesLeaders(row.severity as IncidentLevel) && notifiesLeaders(input.facts.severity)) {
      const [u] = await tx.select({ name: units.name }).from(units).where(eq(units.id, row.unitId));
      await notifyLeaders(tx, updated, u.name, input.facts.severity);
    }
    await writeAudit(tx, ctx, { action: 'sign', objectType: 'incident', objectId: id, before, after: { determinationId: det.id, findings, reasons: input.reasons, facts: input.facts ?? null, fixedFlags: updated.fixedFlags } });
  });
  return getIncident(ctx, id);
}

// ---- figures for the homes --------------------------------------------------------------------------

export async function incidentFiguresOf(ctx: Ctx): Promise<IncidentFigures> {
  requireAccess(ctx.actor, 'incident.read');
  const year = Number(shanghaiDate(ctx.now).slice(0, 4));
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const scope = and(incidentScope(ctx.actor), gte(incidents.occurredAt, from));
  const [[open], [late], [missing]] = await Promise.all([
    ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(incidents).where(and(incidentScope(ctx.actor), eq(incidents.status, 'open'))),
    ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(incidents).where(and(scope, flagCondition('late', ctx.now))),
    ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(incidents).where(and(scope, flagCondition('missing', ctx.now))),
  ]);
  return { open: open.n, lateThisYear: late.n, missingThisYear: missing.n, year };
}

