// Staff entry checks through the API (issue 15 item 7; 001 第11条: 准入查询, outsourced guards, drivers
// and cleaners included): the result is clear / not clear / pending with its day, nothing more;
// nobody on post without a clear check, else the rule is missed naming the person; bad input names the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher', Client>;

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree('2026-05-10', ledgerPeople));
});
afterAll(() => t.close());

describe('staff entry checks (001 第11条)', () => {
  it('an outsourced guard without a check is missed; pending still missed; clear meets it', async () => {
    const teacher = await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '钱老师', posts: [{ post: 'teacher' }], entryCheckOn: '2026-03-01', entryCheckResult: 'clear' }), 201);
    expect(teacher).toMatchObject({ outsourcedKind: null, entryCheckResult: 'clear', entryCheckOn: '2026-03-01' });
    const guard = await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '孙保安', posts: [{ post: 'guard' }], outsourcedKind: 'guard', employer: '平安保安服务公司' }), 201);
    const f0 = await findingOf(c.officerB1, tree.schoolB1.id, 'staff.entry_check');
    expect(f0).toMatchObject({ status: 'missed', value: 1, target: 2, ledger: 'staff_checks' });
    expect(f0.explanation).toContain('未查询：孙保安');
    expect(f0.explanation).toContain('001 第11条');
    const pending = await ok(c.officerB1.patch(`/api/v1/staff/${guard.id}`, { version: 1, entryCheckOn: '2026-05-09', entryCheckResult: 'pending' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'staff.entry_check')).explanation).toContain('查询结果未回：孙保安');
    await ok(c.officerB1.patch(`/api/v1/staff/${guard.id}`, { version: pending.version, entryCheckResult: 'clear' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'staff.entry_check')).status).toBe('met');
  });

  it('refuses a result without its day, a day without a result, a future day, an unknown result — naming the field', async () => {
    const base = { schoolId: tree.schoolB1.id, name: '周保洁', posts: [{ post: 'teacher' }], outsourcedKind: 'cleaner' };
    expect((await refused(c.officerB1.post('/api/v1/staff', { ...base, entryCheckResult: 'clear' }))).details[0].field).toBe('entryCheckOn');
    expect((await refused(c.officerB1.post('/api/v1/staff', { ...base, entryCheckOn: '2026-05-01' }))).details[0].field).toBe('entryCheckResult');
    expect((await refused(c.officerB1.post('/api/v1/staff', { ...base, entryCheckOn: '2026-05-11', entryCheckResult: 'clear' }))).message).toBe('准入查询日期：不能晚于今天');
    expect((await refused(c.officerB1.post('/api/v1/staff', { ...base, entryCheckOn: '2026-05-01', entryCheckResult: 'ok' }))).message).toContain('准入查询结果');
  });

  it('lists and exports by kind of person and by entry check (准入查询), in scope', async () => {
    const school = tree.schoolA1.id;
    const mk = (name: string, extra: object) => ok(c.officerA1.post('/api/v1/staff', { schoolId: school, name, posts: [{ post: 'teacher' }], ...extra }), 201);
    await mk('甲老师', { entryCheckOn: '2026-04-01', entryCheckResult: 'clear' });
    await mk('乙司机', { outsourcedKind: 'driver', employer: '顺达客运公司', entryCheckOn: '2026-05-02', entryCheckResult: 'pending' });
    await mk('丙保洁', { outsourcedKind: 'cleaner' });
    const names = async (q: string) => ((await ok(c.officerA1.get(`/api/v1/staff?schoolId=${school}&${q}`))).items as Array<{ name: string }>).map((x) => x.name).sort();
    expect(await names('entryCheck=none')).toEqual(['丙保洁']);
    expect(await names('entryCheck=pending')).toEqual(['乙司机']);
    expect(await names('entryCheck=clear')).toEqual(['甲老师']);
    expect(await names('entryCheck=not_clear')).toEqual([]);
    expect(await names('outsourcedKind=own')).toEqual(['甲老师']);
    expect(await names('outsourcedKind=driver')).toEqual(['乙司机']);
    expect((await refused(c.officerA1.get(`/api/v1/staff?entryCheck=done`))).details[0].field).toBe('entryCheck');
    // Another school's officer does not see them under any filter.
    expect((await ok(c.officerB1.get(`/api/v1/staff?entryCheck=none&outsourcedKind=cleaner`))).items.map((x: { name: string }) => x.name)).not.toContain('丙保洁');
    const xlsx = (await c.officerA1.get(`/api/v1/staff/export?schoolId=${school}&outsourcedKind=driver`)) as unknown as { rawPayload: Buffer };
    expect(await xlsxColumn(xlsx.rawPayload, '准入查询结果')).toEqual(['查询中']);
    expect(await xlsxColumn(xlsx.rawPayload, '人员类别')).toEqual(['外包校车司机']);
    expect(await xlsxColumn(xlsx.rawPayload, '外包单位')).toEqual(['顺达客运公司']);
  });

  it("an outsourced driver or cleaner may hold no post; the school's own staff may not", async () => {
    const cleaner = await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '吴保洁', posts: [], outsourcedKind: 'cleaner', entryCheckOn: '2026-05-01', entryCheckResult: 'clear' }), 201);
    expect(cleaner.posts).toEqual([]);
    expect((await refused(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '郑老师', posts: [] }))).details[0]).toMatchObject({ field: 'posts', message: '请至少填写一个岗位' });
    // Made one of the school's own staff, the cleaner would need a post.
    expect((await refused(c.officerB1.patch(`/api/v1/staff/${cleaner.id}`, { version: cleaner.version, outsourcedKind: null }))).details[0].field).toBe('posts');
  });
});
