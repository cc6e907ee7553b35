// The school liability insurance ledger through the API (issue 4): the rule of 001 第26条 turns
// from missed to met in /compliance with full cover for the school year; a lapse ahead is due soon;
// correct with a version, void; bad input naming the field, and nothing written.
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, insurancePolicies } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, ledgerPeople));
});
afterAll(() => t.close());

const rows = async (table: typeof insurancePolicies | typeof auditEvents) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

const policy = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/insurance-policies', { schoolId, policyNo: `P${Math.random().toString().slice(2, 12)}`, insurer: '中国人民财产保险', startsOn: '2025-09-01', endsOn: '2026-08-31', studentsCovered: 800, ...over });

describe('school liability insurance (001 第26条)', () => {
  it('no policy is missed; under-coverage is missed; full cover for the school year is met', async () => {
    const f0 = await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage');
    expect(f0).toMatchObject({ status: 'missed', ledger: 'insurance_policies' });
    expect(f0.explanation).toContain('未办理校方责任保险');
    expect(f0.explanation).toContain('001 第26条');

    // 500 of the school's 800 students: under-covered.
    const p = await ok(policy(c.officerB1, tree.schoolB1.id, { policyNo: 'PZHB2025310100001', studentsCovered: 500 }), 201);
    expect(p).toMatchObject({ policyNo: 'PZHB2025310100001', insurer: '中国人民财产保险', startsOn: '2025-09-01', endsOn: '2026-08-31', studentsCovered: 500, version: 1 });
    const f1 = await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage');
    expect(f1).toMatchObject({ status: 'missed', value: 500, target: 800 });
    expect(f1.explanation).toContain('500/800');

    const full = await ok(c.officerB1.patch(`/api/v1/insurance-policies/${p.id}`, { version: 1, studentsCovered: 800 }));
    expect(full.version).toBe(2);
    const f2 = await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage');
    expect(f2).toMatchObject({ status: 'met', value: 800, target: 800, recordIds: [p.id] });
    expect(f2.explanation).toContain('001 第26条');

    // A policy that ends early leaves the rest of the school year uncovered: a lapse ahead.
    await ok(c.officerB1.patch(`/api/v1/insurance-policies/${p.id}`, { version: 2, endsOn: '2026-05-31' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage')).status).toBe('due_soon');
    expect((await refused(c.officerB1.patch(`/api/v1/insurance-policies/${p.id}`, { version: 2, endsOn: '2026-08-31' }), 409)).code).toBe('STALE_VERSION');
    const renewal = await ok(policy(c.officerB1, tree.schoolB1.id, { startsOn: '2026-06-01', endsOn: '2027-05-31' }), 201);
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage')).status).toBe('met');
    await ok(c.officerB1.post(`/api/v1/insurance-policies/${renewal.id}/void`, { version: 1, voidReason: '保单录入错误' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage')).status).toBe('due_soon');
    expect((await ok(c.officerB1.get('/api/v1/insurance-policies?from=2026-06-01'))).total).toBe(0);
    expect((await ok(c.officerB1.get('/api/v1/insurance-policies?from=2026-05-01&insurer=人民'))).items.map((x: any) => x.id)).toEqual([p.id]);
    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'insurance_policy'), eq(auditEvents.objectId, String(p.id)))).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update']);
  });

  it('refuses a period ending before it starts naming the field, a policy number twice, nobody covered — and writes nothing', async () => {
    const [n, e] = [await rows(insurancePolicies), await rows(auditEvents)];
    const back = await refused(policy(c.officerB1, tree.schoolB1.id, { startsOn: '2026-09-01', endsOn: '2026-08-31' }));
    expect(back.message).toBe('结束日期：不能早于开始日期');
    expect(back.details[0].field).toBe('endsOn');
    expect((await refused(policy(c.officerB1, tree.schoolB1.id, { policyNo: 'PZHB2025310100001' }), 409)).code).toBe('POLICY_EXISTS');
    expect((await refused(policy(c.officerB1, tree.schoolB1.id, { studentsCovered: 0 }))).message).toBe('承保学生数：至少 1 人');
    expect((await refused(policy(c.officerB1, tree.schoolB1.id, { insurer: '' }))).message).toBe('保险公司：请填写保险公司');
    expect((await refused(policy(c.officerB1, tree.schoolB1.id, { endsOn: '2026-02-30' }))).message).toBe('结束日期：日期无效');
    const [mine] = await t.database.db.select().from(insurancePolicies).where(eq(insurancePolicies.schoolId, tree.schoolB1.id)).limit(1);
    expect((await refused(c.officerB1.patch(`/api/v1/insurance-policies/${mine.id}`, { version: mine.version, startsOn: '2026-09-01' }))).message).toBe('结束日期：不能早于开始日期');
    expect([await rows(insurancePolicies), await rows(auditEvents)]).toEqual([n, e]);
  });
});
