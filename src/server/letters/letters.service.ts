// The responsibility letter ledger (安全生产责任书, 000 item 1, 001 item 3). The bureau publishes a
// letter for a year and every unit the rule letter.unit_signed applies to signs it (its principal,
// in the app or on paper with a scan); a school issues its own letter to its staff and each staff
// member present signs. Sign rate 100% is the target. A new revision is a new row (revision + 1)
// and asks everyone to sign again: only the latest published revision can be signed. A revision
// is withdrawn with a reason, never deleted; signatures are kept as signed.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, max, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { LetterDetail, LetterListQuery, LetterView, PublishLetter, ReviseLetter, SignatureMethod, SignatureView, SignerView, SignLetter, SignRate } from '../../contracts/letters.js';
import type { LetterStatus } from '../../contracts/letters.js';
import type { UnitKind, Ownership, SchoolStage } from '../../contracts/enums.js';
import type { LetterLevel } from '../../contracts/rules.js';
import { appliesTo, type AppliesTo } from '../../domain/rules/pack.js';
import { can, letterScope, letterSignatureScope, requireAccess, unitScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Db, Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { letterSignatures, responsibilityLetters, staffMembers, units, users } from '../db/schema.js';
import { badRequest, conflict, notFound, staleVersion, fieldError } from '../errors.js';
import { attachableFileIds, staffRefs, unitRef } from '../access/references.js';
import { checkPastDay, fileMapOf } from '../ledger/ledger-helpers.js';
import { loadRulePack } from '../rules/rules.service.js';
import { staffPresentOn } from '../staff/staff.service.js';

type LetterRow = typeof responsibilityLetters.$inferSelect;
type SignatureRow = typeof letterSignatures.$inferSelect;

const L = responsibilityLetters;
const S = letterSignatures;
const issuer = alias(units, 'issuer');
const newer = alias(responsibilityLetters, 'newer');
const town = alias(units, 'town');

/**
 * The latest published revision of its issuer, level and year: the one to be signed. The outer
 * row's columns are named with the table (drizzle leaves them bare in a one-table select, where the
 * subquery's alias would capture them).
 */
const outer = (col: string) => sql`${sql.identifier('responsibility_letters')}.${sql.identifier(col)}`;
const isCurrent = sql<boolean>`(${outer('status')} = 'published' and not exists (select 1 from ${L} ${newer} where ${newer.issuerUnitId} = ${outer('issuer_unit_id')} and ${newer.level} = ${outer('level')} and ${newer.year} = ${outer('year')} and ${newer.status} = 'published' and ${newer.revision} > ${outer('revision')}))`;

function selectLetters(db: Executor) {
  return db.select({ letter: L, issuerName: issuer.name, current: isCurrent }).from(L).innerJoin(issuer, eq(issuer.id, L.issuerUnitId));
}
type LetterListRow = Awaited<ReturnType<typeof selectLetters>>[number];

// ---- who must sign --------------------------------------------------------------------------

export interface RequiredUnit {
  id: number;
  name: string;
  kind: UnitKind;
  path: string;
  townId: number | null;
  townName: string | null;
}

/** Where the bureau's letter rule applies (letter.unit_signed of the pack in force); schools if the pack has none. */
async function unitLetterAppliesTo(db: Db, districtId: number): Promise<AppliesTo> {
  const { pack } = await loadRulePack(db, districtId);
  const rule = pack.rules.find((r) => r.measure.kind === 'letter_signed' && r.measure.level === 'bureau_to_unit');
  return rule?.appliesTo ?? { unitKinds: ['school'] };
}

/** The active units in the caller's scope that must sign the bureau's letter: those its rule applies to. */
export async function requiredUnits(db: Db, actor: Actor): Promise<RequiredUnit[]> {
  const rule = await unitLetterAppliesTo(db, actor.districtId);
  const conds: Array<SQL | undefined> = [unitScope(actor), eq(units.status, 'active'), ne(units.kind, 'bureau'), ne(units.kind, 'city_bureau')];
  if (rule.unitKinds) conds.push(inArray(units.kind, rule.unitKinds));
  const rows = await db
    .select({ unit: units, townId: town.id, townName: town.name })
    .from(units)
    .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
    .where(and(...conds))
    .orderBy(asc(units.path));
  return rows
    .filter(({ unit: u }) =>
      appliesTo(rule, {
        id: u.id,
        kind: u.kind as UnitKind,
        stage: u.stage as SchoolStage | null,
        ownership: u.ownership as Ownership | null,
        boarding: u.boarding,
        schoolBus: u.schoolBus,
        rural: u.rural,
        gateCount: u.gateCount,
        studentCount: u.studentCount,
      }),
    )
    .map(({ unit: u, townId, townName }) => ({
      id: u.id,
      name: u.name,
      kind: u.kind as UnitKind,
      path: u.path,
      // A town signs for itself and is its own town on the table.
      townId: u.kind === 'town' ? u.id : townId,
      townName: u.kind === 'town' ? u.name : townName,
    }));
}

/** The staff of a school present today: they must sign its letter. */
async function presentStaff(db: Executor, schoolIds: number[], today: string) {
  if (!schoolIds.length) return [];
  return db
    .select({ id: staffMembers.id, schoolId: staffMembers.schoolId, name: staffMembers.name, userId: staffMembers.userId })
    .from(staffMembers)
    .where(and(inArray(staffMembers.schoolId, schoolIds), staffPresentOn(today)))
    .orderBy(asc(staffMembers.name), asc(staffMembers.id));
}

/** Signed of those who must sign each letter, among the units and staff the caller sees. */
async function signRates(ctx: Ctx, letters: LetterRow[]): Promise<Map<number, SignRate>> {
  const out = new Map<number, SignRate>();
  if (!letters.length) return out;
  const today = todayOf(ctx);
  const bureauLetters = letters.filter((l) => l.level === 'bureau_to_unit');
  const staffLetters = letters.filter((l) => l.level === 'unit_to_staff');
  const [required, staff, sigs] = await Promise.all([
    bureauLetters.length ? requiredUnits(ctx.db, ctx.actor) : Promise.resolve([]),
    presentStaff(ctx.db, [...new Set(staffLetters.map((l) => l.issuerUnitId))], today),
    ctx.db
      .select({ letterId: S.letterId, unitId: S.unitId, staffId: S.staffId })
      .from(S)
      .where(and(inArray(S.letterId, letters.map((l) => l.id)), letterSignatureScope(ctx.actor))),
  ]);
  const requiredIds = new Set(required.map((u) => u.id));
  const staffBySchool = new Map<number, Set<number>>();
  for (const p of staff) {
    let g = staffBySchool.get(p.schoolId);
    if (!g) staffBySchool.set(p.schoolId, (g = new Set()));
    g.add(p.id);
  }
  const sigsByLetter = new Map<number, typeof sigs>();
  for (const s of sigs) {
    let g = sigsByLetter.get(s.letterId);
    if (!g) sigsByLetter.set(s.letterId, (g = []));
    g.push(s);
  }
  for (const l of letters) {
    const mine = sigsByLetter.get(l.id) ?? [];
    if (l.level === 'bureau_to_unit') {
      const signed = new Set(mine.filter((s) => s.staffId === null && requiredIds.has(s.unitId)).map((s) => s.unitId));
      out.set(l.id, { signed: signed.size, total: requiredIds.size });
    } else {
      const present = staffBySchool.get(l.issuerUnitId) ?? new Set<number>();
      const signed = new Set(mine.filter((s) => s.staffId !== null && present.has(s.staffId)).map((s) => s.staffId));
      out.set(l.id, { signed: signed.size, total: present.size });
    }
  }
  return out;
}

// ---- presenting -----------------------------------------------------------------------------

async function presentLetters(ctx: Ctx, rows: LetterListRow[]): Promise<LetterView[]> {
  const [files, rates] = await Promise.all([
    fileMapOf(ctx.db, rows.flatMap((r) => (r.letter.fileId ? [r.letter.fileId] : []))),
    signRates(
      ctx,
      rows.map((r) => r.letter),
    ),
  ]);
  return rows.map((r) => {
    const l = r.letter;
    return {
      id: l.id,
      issuerUnitId: l.issuerUnitId,
      issuerName: r.issuerName,
      level: l.level as LetterLevel,
      year: l.year,
      revision: l.revision,
      title: l.title,
      body: l.body,
      file: l.fileId ? (files.get(l.fileId) ?? null) : null,
      publishedOn: l.publishedOn,
      status: l.status as LetterStatus,
      withdrawReason: l.withdrawReason,
      createdByName: l.createdByName,
      version: l.version,
      createdAt: l.createdAt.toISOString(),
      updatedAt: l.updatedAt.toISOString(),
      current: Boolean(r.current),
      signRate: rates.get(l.id) ?? { signed: 0, total: 0 },
    };
  });
}

export async function letterFilter(ctx: Ctx, q: Partial<LetterListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [letterScope(ctx.actor)];
  if (q.year) conds.push(eq(L.year, q.year));
  if (q.level) conds.push(eq(L.level, q.level));
  if (q.issuerId) {
    // The bureau (every unit sees its letters) or a unit in the caller's scope; else 404.
    const [u] = await ctx.db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.id, q.issuerId), eq(units.districtId, ctx.actor.districtId), sql`(${units.kind} = 'bureau' or ${unitScope(ctx.actor)})`));
    if (!u) throw notFound('发布单位');
    conds.push(eq(L.issuerUnitId, q.issuerId));
  }
  if (q.status) conds.push(eq(L.status, q.status));
  if (q.current === 'true') conds.push(isCurrent);
  return and(...conds)!;
}

export async function listLetters(ctx: Ctx, q: LetterListQuery) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = await letterFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectLetters(ctx.db)
      .where(where)
      .orderBy(desc(L.year), asc(L.level), asc(issuer.path), desc(L.revision))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(L).where(where),
  ]);
  return { items: await presentLetters(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

export function letterBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) =>
    presentLetters(ctx, await selectLetters(ctx.db).where(and(where, gt(L.id, afterId))).orderBy(asc(L.id)).limit(limit));
}

async function findLetter(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<LetterRow & { current: boolean }> {
  const q = db.select({ letter: L, current: isCurrent }).from(L).where(and(eq(L.id, id), letterScope(actor)));
  const [row] = forUpdate ? await q.for('update', { of: L }) : await q;
  if (!row) throw notFound('责任书');
  return { ...row.letter, current: Boolean(row.current) };
}

/** The sign table of a letter in the caller's scope: who must sign, who signed, and when. */
export async function signersOf(ctx: Ctx, letter: LetterRow): Promise<SignerView[]> {
  const sigRows = await ctx.db
    .select({ sig: S, recordedByName: users.displayName })
    .from(S)
    .innerJoin(users, eq(users.id, S.createdBy))
    .where(and(eq(S.letterId, letter.id), letterSignatureScope(ctx.actor)))
    .orderBy(asc(S.id));
  const files = await fileMapOf(ctx.db, sigRows.flatMap((r) => (r.sig.fileId ? [r.sig.fileId] : [])));
  const present = (r: (typeof sigRows)[number]): SignatureView => ({
    id: r.sig.id,
    letterId: r.sig.letterId,
    unitId: r.sig.unitId,
    staffId: r.sig.staffId,
    signerName: r.sig.signerName,
    signerUserId: r.sig.signerUserId,
    signedOn: r.sig.signedOn,
    method: r.sig.method as SignatureMethod,
    file: r.sig.fileId ? (files.get(r.sig.fileId) ?? null) : null,
    recordedByName: r.recordedByName,
    createdAt: r.sig.createdAt.toISOString(),
  });

  if (letter.level === 'bureau_to_unit') {
    const required = await requiredUnits(ctx.db, ctx.actor);
    const byUnit = new Map(sigRows.filter((r) => r.sig.staffId === null).map((r) => [r.sig.unitId, r]));
    const out: SignerView[] = required.map((u) => {
      const s = byUnit.get(u.id);
      byUnit.delete(u.id);
      return { unitId: u.id, unitName: u.name, unitKind: u.kind, townId: u.townId, townName: u.townName, staffId: null, staffName: null, required: true, signature: s ? present(s) : null };
    });
    // Signed by a unit no longer asked to sign (closed, or the rule narrowed): shown, not counted.
    if (byUnit.size) {
      const extra = await ctx.db
        .select({ id: units.id, name: units.name, kind: units.kind, townId: town.id, townName: town.name })
        .from(units)
        .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
        .where(inArray(units.id, [...byUnit.keys()]));
      for (const u of extra) {
        out.push({ unitId: u.id, unitName: u.name, unitKind: u.kind as UnitKind, townId: u.townId, townName: u.townName, staffId: null, staffName: null, required: false, signature: present(byUnit.get(u.id)!) });
      }
    }
    return out;
  }

  const [school] = await ctx.db
    .select({ id: units.id, name: units.name, kind: units.kind, townId: town.id, townName: town.name })
    .from(units)
    .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
    .where(eq(units.id, letter.issuerUnitId));
  const staff = await presentStaff(ctx.db, [letter.issuerUnitId], todayOf(ctx));
  const byStaff = new Map(sigRows.filter((r) => r.sig.staffId !== null).map((r) => [r.sig.staffId!, r]));
  const row = (staffId: number, staffName: string, required: boolean): SignerView => {
    const s = byStaff.get(staffId);
    byStaff.delete(staffId);
    return { unitId: school.id, unitName: school.name, unitKind: school.kind as UnitKind, townId: school.townId, townName: school.townName, staffId, staffName, required, signature: s ? present(s) : null };
  };
  const out = staff.map((p) => row(p.id, p.name, true));
  // Signed, then left the school: kept on the table, no longer counted.
  for (const [staffId, s] of [...byStaff]) out.push(row(staffId, s.sig.signerName, false));
  return out;
}

export async function getLetter(ctx: Ctx, id: number): Promise<LetterDetail> {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await selectLetters(ctx.db).where(and(eq(L.id, id), letterScope(ctx.actor)));
  if (!row) throw notFound('责任书');
  const [view] = await presentLetters(ctx, [row]);
  const l = row.letter;
  const [revisions, signers, ownStaff] = await Promise.all([
    ctx.db
      .select({ id: L.id, revision: L.revision, status: L.status, publishedOn: L.publishedOn, current: isCurrent })
      .from(L)
      .where(and(eq(L.issuerUnitId, l.issuerUnitId), eq(L.level, l.level), eq(L.year, l.year), letterScope(ctx.actor)))
      .orderBy(desc(L.revision)),
    signersOf(ctx, l),
    l.level === 'unit_to_staff' ? staffOfUser(ctx.db, l.issuerUnitId, ctx.actor.id, todayOf(ctx)) : Promise.resolve(null),
  ]);
  const open = view.current;
  const write = can(ctx.actor, 'ledger.write');
  const mine = l.level === 'bureau_to_unit' ? signers.find((s) => s.required && s.unitId === ctx.actor.unitId) : ownStaff ? signers.find((s) => s.staffId === ownStaff.id) : undefined;
  return {
    ...view,
    revisions: revisions.map((r) => ({ id: r.id, revision: r.revision, status: r.status as LetterStatus, publishedOn: r.publishedOn, current: Boolean(r.current) })),
    signers,
    actions: {
      signInApp: open && !!mine && !mine.signature && (l.level === 'unit_to_staff' || write),
      recordSignature: open && write && signers.some((s) => s.required && !s.signature),
      revise: open && write && ctx.actor.unitId === l.issuerUnitId,
      withdraw: open && write && ctx.actor.unitId === l.issuerUnitId,
    },
  };
}

/** The staff record of a user at a school, present on the day. */
async function staffOfUser(db: Executor, schoolId: number, userId: number, today: string) {
  const [row] = await db
    .select({ id: staffMembers.id, name: staffMembers.name })
    .from(staffMembers)
    .where(and(eq(staffMembers.schoolId, schoolId), eq(staffMembers.userId, userId), staffPresentOn(today)));
  return row ?? null;
}

// ---- publishing, revising, withdrawing ------------------------------------------------------

const snapshot = (l: LetterRow) => ({
  issuerUnitId: l.issuerUnitId,
  level: l.level,
  year: l.year,
  revision: l.revision,
  title: l.title,
  body: l.body,
  fileId: l.fileId,
  publishedOn: l.publishedOn,
  status: l.status,
  withdrawReason: l.withdrawReason,
});

/** A letter has its text or its file (the signed-off PDF), or both. */
function checkContent(ctx: Ctx, input: { body?: string | null; fileId?: number | null; publishedOn?: string }, year: number) {
  if (!input.body && !input.fileId) throw fieldError('body', '请填写责任书正文或上传责任书文件');
  const publishedOn = input.publishedOn ?? todayOf(ctx);
  checkPastDay(ctx, 'publishedOn', publishedOn);
  // Published for a year: at the earliest the December before it, at the latest within it.
  if (publishedOn > `${year}-12-31` || publishedOn < `${year - 1}-12-01`) throw fieldError('publishedOn', `须在 ${year - 1}-12-01 至 ${year}-12-31 之间`);
  return publishedOn;
}

export async function publishLetter(ctx: Ctx, input: PublishLetter): Promise<LetterDetail> {
  requireAccess(ctx.actor, 'ledger.write');
  const { actor } = ctx;
  // The bureau signs with every unit; a school with its staff (000 item 1: level by level).
  if (input.level === 'bureau_to_unit' && actor.unitKind !== 'bureau') throw fieldError('level', '只有区教育局可以发布与各单位签订的责任书', '责任书类别');
  if (input.level === 'unit_to_staff' && actor.unitKind !== 'school') throw fieldError('level', '与教职工签订的责任书由学校发布', '责任书类别');
  const thisYear = Number(todayOf(ctx).slice(0, 4));
  if (input.year > thisYear + 1) throw fieldError('year', `不能晚于 ${thisYear + 1} 年`);
  const publishedOn = checkContent(ctx, input, input.year);
  const id = await ctx.db.transaction(async (tx) => {
    const [unit] = await tx.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, actor.unitId)).for('update');
    const existing = await tx
      .select({ id: L.id, revision: L.revision, status: L.status })
      .from(L)
      .where(and(eq(L.issuerUnitId, unit.id), eq(L.level, input.level), eq(L.year, input.year)))
      .orderBy(desc(L.revision));
    const live = existing.find((l) => l.status === 'published');
    if (live) throw conflict('LETTER_EXISTS', `${input.year} 年度的责任书已发布（第 ${live.revision} 版），如需修改请发布新版本`, { letterId: live.id });
    const fileId = input.fileId ? (await attachableFileIds(tx, actor, [input.fileId], { field: 'fileId' }))[0] : null;
    const [row] = await tx
      .insert(L)
      .values({
        districtId: actor.districtId,
        issuerUnitId: unit.id,
        issuerPath: unit.path,
        level: input.level,
        year: input.year,
        // After a withdrawn revision the numbering goes on: revision numbers are never reused.
        revision: (existing[0]?.revision ?? 0) + 1,
        title: input.title,
        body: input.body || null,
        fileId,
        publishedOn,
        createdBy: actor.id,
        createdByName: actor.displayName,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'responsibility_letter', objectId: row.id, after: snapshot(row) });
    return row.id;
  });
  return getLetter(ctx, id);
}

/** The revision to act on: the caller's own unit's, published and current, at the version given. */
async function ownCurrentLetter(tx: Executor, ctx: Ctx, id: number, version: number) {
  const letter = await findLetter(tx, ctx.actor, id, true);
  if (letter.issuerUnitId !== ctx.actor.unitId) throw badRequest('NOT_ISSUER', '只有发布单位可以修订或撤回责任书');
  if (letter.version !== version) throw staleVersion();
  if (letter.status === 'withdrawn') throw badRequest('LETTER_WITHDRAWN', '该版本责任书已撤回');
  if (!letter.current) throw conflict('LETTER_SUPERSEDED', '该责任书已有更新的版本，请刷新后在最新版本上操作');
  return letter;
}

/** A new revision: a new row with revision + 1; everyone signs again (the old signatures stay with the old revision). */
export async function reviseLetter(ctx: Ctx, id: number, input: ReviseLetter): Promise<LetterDetail> {
  requireAccess(ctx.actor, 'ledger.write');
  const newId = await ctx.db.transaction(async (tx) => {
    const old = await ownCurrentLetter(tx, ctx, id, input.version);
    const publishedOn = checkContent(ctx, input, old.year);
    if (publishedOn < old.publishedOn) throw fieldError('publishedOn', `不能早于上一版的发布日期 ${old.publishedOn}`);
    const [{ top }] = await tx
      .select({ top: max(L.revision) })
      .from(L)
      .where(and(eq(L.issuerUnitId, old.issuerUnitId), eq(L.level, old.level), eq(L.year, old.year)));
    const fileId = input.fileId ? (await attachableFileIds(tx, ctx.actor, [input.fileId], { field: 'fileId', existing: old.fileId ? [old.fileId] : [] }))[0] : null;
    // The old revision is touched too (its version moves on): whoever still holds it gets a 409.
    await tx.update(L).set({ version: old.version + 1, updatedAt: ctx.now }).where(eq(L.id, old.id));
    const [row] = await tx
      .insert(L)
      .values({
        districtId: old.districtId,
        issuerUnitId: old.issuerUnitId,
        issuerPath: old.issuerPath,
        level: old.level,
        year: old.year,
        revision: (top ?? old.revision) + 1,
        title: input.title ?? old.title,
        body: input.body || null,
        fileId,
        publishedOn,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'responsibility_letter', objectId: row.id, before: { revisedFrom: old.id, ...snapshot(old) }, after: snapshot(row) });
    return row.id;
  });
  return getLetter(ctx, newId);
}

/** Withdrawn with a reason (published by mistake): not signed any more, the previous revision is current again. */
export async function withdrawLetter(ctx: Ctx, id: number, version: number, reason: string): Promise<LetterDetail> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const old = await ownCurrentLetter(tx, ctx, id, version);
    const [row] = await tx
      .update(L)
      .set({ status: 'withdrawn', withdrawReason: reason, version: old.version + 1, updatedAt: ctx.now })
      .where(eq(L.id, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'withdraw', objectType: 'responsibility_letter', objectId: id, before: snapshot(old), after: snapshot(row) });
  });
  return getLetter(ctx, id);
}

// ---- signing --------------------------------------------------------------------------------

const signatureSnapshot = (s: SignatureRow) => ({
  letterId: s.letterId,
  unitId: s.unitId,
  staffId: s.staffId,
  signerName: s.signerName,
  signerUserId: s.signerUserId,
  signedOn: s.signedOn,
  method: s.method,
  fileId: s.fileId,
});

/**
 * Signs the current revision: in the app by the person logged in (for their own unit, or as the
 * staff member they are), or on paper, recorded with the signer, the day and the scan.
 */
export async function signLetter(ctx: Ctx, id: number, input: SignLetter): Promise<LetterDetail> {
  requireAccess(ctx.actor, 'ledger.read');
  const { actor } = ctx;
  const today = todayOf(ctx);
  const inApp = input.method === 'in_app';
  if (!inApp) {
    requireAccess(actor, 'ledger.write');
    if (!input.signedOn) throw fieldError('signedOn', '请填写责任书上的签署日期');
    checkPastDay(ctx, 'signedOn', input.signedOn);
    if (!input.fileId) throw fieldError('fileId', '请上传签字后的责任书扫描件或照片', '签字扫描件');
  }
  const signedOn = inApp ? today : input.signedOn!;
  // Who must sign the bureau's letter depends on the rule pack: read before the transaction.
  const peek = await findLetter(ctx.db, actor, id);
  const required = peek.level === 'bureau_to_unit' ? await requiredUnits(ctx.db, actor) : [];

  await ctx.db.transaction(async (tx) => {
    const letter = await findLetter(tx, actor, id, true);
    if (letter.status === 'withdrawn') throw badRequest('LETTER_WITHDRAWN', '该版本责任书已撤回，不能签署');
    if (!letter.current) throw conflict('LETTER_SUPERSEDED', '该责任书已发布新版本，请签署最新版本');
    if (signedOn < letter.publishedOn) throw fieldError('signedOn', `不能早于责任书发布日期 ${letter.publishedOn}`);
    const fileId = input.fileId ? (await attachableFileIds(tx, actor, [input.fileId], { field: 'fileId', label: '签字扫描件' }))[0] : null;
    const base = { districtId: letter.districtId, letterId: letter.id, signedOn, method: input.method, fileId, createdBy: actor.id, createdAt: ctx.now };
    let values: Array<typeof S.$inferInsert>;

    if (letter.level === 'bureau_to_unit') {
      if (input.staffIds?.length) throw fieldError('staffIds', '区教育局的责任书由各单位签署，不需选择教职工');
      const unitId = input.unitId ?? actor.unitId;
      if (inApp) {
        requireAccess(actor, 'ledger.write');
        if (unitId !== actor.unitId) throw fieldError('unitId', '系统内签署只能为本单位签署；为其他单位登记请上传签字扫描件', '签署单位');
      } else if (!input.unitId) {
        throw fieldError('unitId', '请选择签署单位', '签署单位');
      }
      const unit = required.find((u) => u.id === unitId);
      if (!unit) {
        // Outside the caller's scope is not found; inside but not asked to sign is refused by name.
        await unitRef(tx, actor, unitId, { field: 'unitId', label: '签署单位', what: '单位' });
        throw fieldError('unitId', '该单位不在本责任书的签订范围内', '签署单位');
      }
      const signerName = inApp ? actor.displayName : input.signerName?.trim();
      if (!signerName) throw fieldError('signerName', '请填写代表本单位签字的负责人姓名');
      const [dup] = await tx.select({ id: S.id }).from(S).where(and(eq(S.letterId, letter.id), eq(S.unitId, unit.id), isNull(S.staffId)));
      if (dup) throw conflict('ALREADY_SIGNED', `${unit.name}已签署本版本责任书`, { signatureId: dup.id });
      values = [{ ...base, unitId: unit.id, unitPath: unit.path, staffId: null, signerName, signerUserId: inApp ? actor.id : null }];
    } else {
      const [school] = await tx.select({ id: units.id, name: units.name, path: units.path }).from(units).where(eq(units.id, letter.issuerUnitId));
      if (input.unitId && input.unitId !== school.id) throw fieldError('unitId', `教职工责任书由${school.name}的教职工签署`, '签署单位');
      let people: Array<{ id: number; name: string }>;
      if (inApp) {
        const me = await staffOfUser(tx, school.id, actor.id, today);
        if (!me) throw fieldError('method', `您不是${school.name}登记在岗的教职工，不能在系统内签署；请由学校上传签字扫描件登记`);
        if (input.staffIds?.length && (input.staffIds.length > 1 || input.staffIds[0] !== me.id)) throw fieldError('staffIds', '系统内签署只能本人签署');
        people = [me];
      } else {
        const ids = [...new Set(input.staffIds ?? [])];
        if (!ids.length) throw fieldError('staffIds', '请选择签署的教职工');
        // Staff the caller cannot see are not found; another school's staff, or who has left, do not sign its letter.
        const notHere = (outside: number[]) => `编号 ${outside.join('、')} 不是${school.name}的在岗教职工，不能签署本校责任书`;
        await staffRefs(tx, actor, ids, { field: 'staffIds', schoolId: school.id, message: (rows) => notHere(rows.map((r) => r.id)) });
        const found = await tx
          .select({ id: staffMembers.id, name: staffMembers.name })
          .from(staffMembers)
          .where(and(inArray(staffMembers.id, ids), eq(staffMembers.schoolId, school.id), staffPresentOn(today)));
        const foundIds = new Set(found.map((p) => p.id));
        const outside = ids.filter((x) => !foundIds.has(x));
        if (outside.length) throw fieldError('staffIds', notHere(outside));
        people = ids.map((x) => found.find((p) => p.id === x)!);
      }
      const dups = await tx
        .select({ staffId: S.staffId, name: S.signerName })
        .from(S)
        .where(and(eq(S.letterId, letter.id), isNotNull(S.staffId), inArray(S.staffId, people.map((p) => p.id))));
      if (dups.length) throw conflict('ALREADY_SIGNED', `${dups.map((d) => d.name).join('、')}已签署本版本责任书`, { staffIds: dups.map((d) => d.staffId) });
      values = people.map((p) => ({ ...base, unitId: school.id, unitPath: school.path, staffId: p.id, signerName: p.name, signerUserId: inApp ? actor.id : null }));
    }

    let rows: SignatureRow[];
    try {
      rows = await tx.insert(S).values(values).returning();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ALREADY_SIGNED', '已签署本版本责任书，请刷新');
      throw err;
    }
    for (const r of rows) await writeAudit(tx, ctx, { action: 'sign', objectType: 'letter_signature', objectId: r.id, after: signatureSnapshot(r) });
  });
  return getLetter(ctx, id);
}
