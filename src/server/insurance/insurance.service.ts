// The school liability insurance ledger (校方责任保险台账, 001 item 26): policy number, insurer,
// period and students covered, with the policy file. A period ending before it starts is refused
// naming endsOn; a policy number is recorded once per district. The engine flags a lapse (a day
// without full cover) and under-coverage against the school's student count. Corrected with a
// version, voided with a reason, never deleted.
import { and, desc, eq, gte, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { CreateInsurance, InsuranceListQuery, InsuranceView, UpdateInsurance } from '../../contracts/insurance.js';
import { insurancePeriodProblem } from '../../domain/ledger-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { insurancePolicies } from '../db/schema.js';
import { conflict, fieldError } from '../errors.js';
import { attachableFileIds } from '../access/references.js';
import { placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { recordedLedger, type OwnView } from '../ledger/recorded-ledger.js';

type PolicyRow = typeof insurancePolicies.$inferSelect;

export const insuranceScope = (actor: Actor) => schoolLedgerScope(actor, insurancePolicies);

const ledger = recordedLedger({
  table: insurancePolicies,
  name: '保险记录',
  objectType: 'insurance_policy',
  scope: insuranceScope,
  orderBy: [desc(insurancePolicies.startsOn), desc(insurancePolicies.id)],
  present: ({ record: m }): OwnView<InsuranceView> => ({
    policyNo: m.policyNo,
    insurer: m.insurer,
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    studentsCovered: m.studentsCovered,
  }),
  snapshot: (m: PolicyRow) => ({
    schoolId: m.schoolId,
    policyNo: m.policyNo,
    insurer: m.insurer,
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    studentsCovered: m.studentsCovered,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

export async function insuranceFilter(ctx: Ctx, q: Partial<InsuranceListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [insuranceScope(ctx.actor), ...(await placeFilters(ctx, insurancePolicies, q))];
  if (q.insurer) conds.push(sql`${insurancePolicies.insurer} like ${`%${q.insurer}%`}`);
  // Policies whose period overlaps from..to.
  if (q.from) conds.push(gte(insurancePolicies.endsOn, q.from));
  if (q.to) conds.push(lte(insurancePolicies.startsOn, q.to));
  conds.push(eq(insurancePolicies.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listInsurancePolicies = async (ctx: Ctx, q: InsuranceListQuery) => ledger.list(ctx, await insuranceFilter(ctx, q), q);
export const insuranceBatchFetcher = ledger.batchFetcher;
export const getInsurancePolicy = ledger.get;
export const voidInsurancePolicy = ledger.void;

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

export function createInsurancePolicy(ctx: Ctx, input: CreateInsurance): Promise<InsuranceView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkPeriod(input.startsOn, input.endsOn);
  return ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    await checkPolicyNo(tx, ctx.actor.districtId, input.policyNo);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      policyNo: input.policyNo,
      insurer: input.insurer,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      studentsCovered: input.studentsCovered,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateInsurancePolicy(ctx: Ctx, id: number, input: UpdateInsurance): Promise<InsuranceView> {
  return ledger.update(ctx, id, input.version, async (row, tx) => {
    const startsOn = input.startsOn ?? row.startsOn;
    const endsOn = input.endsOn ?? row.endsOn;
    checkPeriod(startsOn, endsOn);
    if (input.policyNo !== undefined && input.policyNo !== row.policyNo) await checkPolicyNo(tx, row.districtId, input.policyNo, row.id);
    const set: Partial<typeof insurancePolicies.$inferInsert> = { startsOn, endsOn };
    if (input.policyNo !== undefined) set.policyNo = input.policyNo;
    if (input.insurer !== undefined) set.insurer = input.insurer;
    if (input.studentsCovered !== undefined) set.studentsCovered = input.studentsCovered;
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}
