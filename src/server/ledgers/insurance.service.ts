// The school liability insurance ledger (校方责任保险台账, 001 item 26): policy number, insurer,
// period and students covered, with the policy file. A period ending before it starts is refused
// naming endsOn; a policy number is recorded once per district. The engine flags a lapse (a day
// without full cover) and under-coverage against the school's student count. Corrected with a
// version, voided with a reason, never deleted.
import { and, asc, count, desc, eq, gt, gte, lte, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CreateInsurance, InsuranceListQuery, InsuranceView, RecordStatus, UpdateInsurance } from '../../contracts/school-ledgers.js';
import { insurancePeriodProblem } from '../../domain/ledger-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { insurancePolicies, units } from '../db/schema.js';
import { badRequest, conflict, notFound, staleVersion } from '../errors.js';
import { assertFilesUsable } from '../files/files.service.js';
import { fieldError, fileMapOf, filesOf, placeFilters, schoolForRecord } from './ledger-helpers.js';

type PolicyRow = typeof insurancePolicies.$inferSelect;

const school = alias(units, 'school');
const town = alias(units, 'town');

export const insuranceScope = (actor: Actor) => schoolLedgerScope(actor, insurancePolicies);

function selectPolicies(db: Executor) {
  return db
    .select({ policy: insurancePolicies, schoolName: school.name, townName: town.name })
    .from(insurancePolicies)
    .innerJoin(school, eq(school.id, insurancePolicies.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')));
}
type PolicyListRow = Awaited<ReturnType<typeof selectPolicies>>[number];

async function presentRows(db: Executor, rows: PolicyListRow[]): Promise<InsuranceView[]> {
  const files = await fileMapOf(db, rows.flatMap((r) => r.policy.fileIds));
  return rows.map((r) => {
    const m = r.policy;
    return {
      id: m.id,
      schoolId: m.schoolId,
      schoolName: r.schoolName,
      townName: r.townName,
      policyNo: m.policyNo,
      insurer: m.insurer,
      startsOn: m.startsOn,
      endsOn: m.endsOn,
      studentsCovered: m.studentsCovered,
      files: filesOf(m.fileIds, files),
      status: m.status as RecordStatus,
      voidReason: m.voidReason,
      createdByName: m.createdByName,
      version: m.version,
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
    };
  });
}

export async function insuranceFilter(ctx: Ctx, q: Partial<InsuranceListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [insuranceScope(ctx.actor), ...(await placeFilters(ctx, insurancePolicies, q))];
  if (q.insurer) conds.push(sql`${insurancePolicies.insurer} like ${`%${q.insurer}%`}`);
  // Policies whose period overlaps from..to.
  if (q.from) conds.push(gte(insurancePolicies.endsOn, q.from));
  if (q.to) conds.push(lte(insurancePolicies.startsOn, q.to));
  conds.push(eq(insurancePolicies.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export async function listInsurancePolicies(ctx: Ctx, q: InsuranceListQuery) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = await insuranceFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectPolicies(ctx.db).where(where).orderBy(desc(insurancePolicies.startsOn), desc(insurancePolicies.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(insurancePolicies).where(where),
  ]);
  return { items: await presentRows(ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

export function insuranceBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) =>
    presentRows(ctx.db, await selectPolicies(ctx.db).where(and(where, gt(insurancePolicies.id, afterId))).orderBy(asc(insurancePolicies.id)).limit(limit));
}

async function findPolicy(db: Executor, actor: Actor, id: number): Promise<PolicyRow> {
  const [row] = await db.select().from(insurancePolicies).where(and(eq(insurancePolicies.id, id), insuranceScope(actor))).for('update');
  if (!row) throw notFound('保险记录');
  return row;
}

export async function getInsurancePolicy(ctx: Ctx, id: number): Promise<InsuranceView> {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await selectPolicies(ctx.db).where(and(eq(insurancePolicies.id, id), insuranceScope(ctx.actor)));
  if (!row) throw notFound('保险记录');
  return (await presentRows(ctx.db, [row]))[0];
}

const snapshot = (m: PolicyRow) => ({
  schoolId: m.schoolId,
  policyNo: m.policyNo,
  insurer: m.insurer,
  startsOn: m.startsOn,
  endsOn: m.endsOn,
  studentsCovered: m.studentsCovered,
  fileIds: m.fileIds,
  status: m.status,
  voidReason: m.voidReason,
});

/** The period: the end not before the start, at most five years. */
function checkPeriod(startsOn: string, endsOn: string) {
  const problem = insurancePeriodProblem(startsOn, endsOn);
  if (problem) throw fieldError(problem.field, problem.message);
}

/** A policy number is recorded once in a district (a voided entry frees it). */
async function checkPolicyNo(tx: Executor, districtId: number, policyNo: string, exceptId?: number) {
  const conds = [eq(insurancePolicies.districtId, districtId), eq(insurancePolicies.policyNo, policyNo), eq(insurancePolicies.status, 'recorded')];
  if (exceptId) conds.push(ne(insurancePolicies.id, exceptId));
  const [dup] = await tx.select({ id: insurancePolicies.id }).from(insurancePolicies).where(and(...conds));
  if (dup) throw conflict('POLICY_EXISTS', `保单号“${policyNo}”已登记`, { field: 'policyNo', policyId: dup.id });
}

export async function createInsurancePolicy(ctx: Ctx, input: CreateInsurance): Promise<InsuranceView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPeriod(input.startsOn, input.endsOn);
  const id = await ctx.db.transaction(async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    await checkPolicyNo(tx, ctx.actor.districtId, input.policyNo);
    const [row] = await tx
      .insert(insurancePolicies)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        policyNo: input.policyNo,
        insurer: input.insurer,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        studentsCovered: input.studentsCovered,
        fileIds: (await assertFilesUsable(tx, ctx.actor, input.fileIds)).map((f) => f.id),
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'insurance_policy', objectId: row.id, after: snapshot(row) });
    return row.id;
  });
  return getInsurancePolicy(ctx, id);
}

export async function updateInsurancePolicy(ctx: Ctx, id: number, input: UpdateInsurance): Promise<InsuranceView> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const row = await findPolicy(tx, ctx.actor, id);
    if (row.version !== input.version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('RECORD_VOIDED', '已作废的保险记录不能修改');
    const startsOn = input.startsOn ?? row.startsOn;
    const endsOn = input.endsOn ?? row.endsOn;
    checkPeriod(startsOn, endsOn);
    if (input.policyNo !== undefined && input.policyNo !== row.policyNo) await checkPolicyNo(tx, row.districtId, input.policyNo, row.id);
    const set: Partial<typeof insurancePolicies.$inferInsert> = { version: row.version + 1, updatedAt: ctx.now, startsOn, endsOn };
    if (input.policyNo !== undefined) set.policyNo = input.policyNo;
    if (input.insurer !== undefined) set.insurer = input.insurer;
    if (input.studentsCovered !== undefined) set.studentsCovered = input.studentsCovered;
    if (input.fileIds !== undefined) set.fileIds = (await assertFilesUsable(tx, ctx.actor, input.fileIds)).map((f) => f.id);
    const [updated] = await tx.update(insurancePolicies).set(set).where(eq(insurancePolicies.id, id)).returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'insurance_policy', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getInsurancePolicy(ctx, id);
}

export async function voidInsurancePolicy(ctx: Ctx, id: number, version: number, reason: string): Promise<InsuranceView> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const row = await findPolicy(tx, ctx.actor, id);
    if (row.version !== version) throw staleVersion();
    if (row.status === 'voided') throw badRequest('RECORD_VOIDED', '该保险记录已作废');
    const [updated] = await tx
      .update(insurancePolicies)
      .set({ status: 'voided', voidReason: reason, voidedBy: ctx.actor.id, voidedAt: ctx.now, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(insurancePolicies.id, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'void', objectType: 'insurance_policy', objectId: id, before: snapshot(row), after: snapshot(updated) });
  });
  return getInsurancePolicy(ctx, id);
}
