// The network security ledger through the API (issue 15 item 6; 000 第8条: 网络安全红黄牌制度、全系统
// 网络安全月报告制度): the bureau issues a red card (the school gets a bell), the school answers with
// evidence, the bureau sends it back or closes it; a red card open past its day is a finding; the
// monthly report rule; bad input naming the field; versions, voids, scope, the bureau's filters and
// exports; the systems registry.
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, netsecCards, netsecReports, netsecSystems } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, xlsxColumn, type Client } from '../test/factories.js';
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

const counts = async () => Promise.all([netsecSystems, netsecCards, netsecReports, auditEvents].map(async (x) => (await t.database.db.select({ n: count() }).from(x))[0].n));
const card = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/netsec-cards', { schoolId: tree.schoolA1.id, color: 'red', issuedOn: '2026-05-01', reason: '学校网站后台存在弱口令，首页被篡改风险', fixBy: '2026-05-09', ...over });
const evidence = async (client: Client) =>
  (await ok(client.upload('/api/v1/files', { name: '整改报告.pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), type: 'application/pdf' }), 201)).id as number;

describe('red and yellow cards (000 第8条 网络安全红黄牌制度)', () => {
  it('the bureau issues a red card, the school hears of it; open past its day is missed; answered, sent back, answered again and closed it is met', async () => {
    const red = await ok(card(c.dept), 201);
    expect(red).toMatchObject({ state: 'issued', overdue: true, issuerUnitName: tree.department.name, version: 1 });
    const bell = await ok(c.officerA1.get('/api/v1/notifications'));
    expect(JSON.stringify(bell)).toContain('网络安全红牌');
    const missed = await findingOf(c.officerA1, tree.schoolA1.id, 'netsec.red_cards');
    expect(missed).toMatchObject({ status: 'missed', ledger: 'network_security' });
    expect(missed.explanation).toContain('000 第8条');

    // The school answers with evidence; without a file it is refused naming the field.
    expect((await refused(c.officerA1.post(`/api/v1/netsec-cards/${red.id}/answer`, { version: 1, answer: '已修改口令', answerFileIds: [] }))).details[0].field).toBe('answerFileIds');
    const fileId = await evidence(c.officerA1);
    const answered = await ok(c.officerA1.post(`/api/v1/netsec-cards/${red.id}/answer`, { version: 1, answer: '已修改后台口令并开启双因素认证', answerFileIds: [fileId] }));
    expect(answered).toMatchObject({ state: 'answered', version: 2, answerFiles: [{ id: fileId }] });
    // Only the bureau decides; a return needs its reason; a stale version is 409.
    expect((await refused(c.officerA1.post(`/api/v1/netsec-cards/${red.id}/decide`, { version: 2, decision: 'close' }), 403)).code).toBe('FORBIDDEN');
    expect((await refused(c.dept.post(`/api/v1/netsec-cards/${red.id}/decide`, { version: 2, decision: 'return' }))).details[0].field).toBe('note');
    expect((await refused(c.dept.post(`/api/v1/netsec-cards/${red.id}/decide`, { version: 1, decision: 'close' }), 409)).code).toBe('STALE_VERSION');
    const back = await ok(c.dept.post(`/api/v1/netsec-cards/${red.id}/decide`, { version: 2, decision: 'return', note: '请补充漏洞复测报告' }));
    expect(back).toMatchObject({ state: 'issued', returnNote: '请补充漏洞复测报告' });
    expect((await refused(c.dept.post(`/api/v1/netsec-cards/${red.id}/decide`, { version: 3, decision: 'close' }))).code).toBe('CARD_STATE');
    await ok(c.officerA1.post(`/api/v1/netsec-cards/${red.id}/answer`, { version: 3, answer: '已补充复测报告', answerFileIds: [fileId] }));
    const closed = await ok(c.bureau.post(`/api/v1/netsec-cards/${red.id}/decide`, { version: 4, decision: 'close', note: '复测通过' }));
    expect(closed).toMatchObject({ state: 'closed', overdue: false, closedByName: expect.any(String), closedAt: expect.any(String) });
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'netsec.red_cards')).status).toBe('met');
    expect((await refused(c.officerA1.post(`/api/v1/netsec-cards/${red.id}/answer`, { version: 5, answer: 'x', answerFileIds: [fileId] }))).code).toBe('CARD_STATE');
  });

  it('a school cannot issue; another school sees 404; a fix-by day before the issue day and a future issue day are refused naming the field; the bureau filters and exports', async () => {
    const before = await counts();
    expect((await refused(card(c.officerA1), 403)).code).toBe('FORBIDDEN');
    expect((await refused(card(c.dept, { fixBy: '2026-04-30' }))).details[0].field).toBe('fixBy');
    expect((await refused(card(c.dept, { issuedOn: '2026-05-11', fixBy: '2026-05-20' }))).details[0].field).toBe('issuedOn');
    expect((await refused(card(c.dept, { reason: '' }))).details[0].field).toBe('reason');
    expect(await counts()).toEqual(before);

    const yellow = await ok(card(c.dept, { schoolId: tree.schoolB1.id, color: 'yellow', fixBy: '2026-05-20' }), 201);
    expect((await refused(c.officerA1.get(`/api/v1/netsec-cards/${yellow.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.officerB1.get('/api/v1/netsec-cards'))).items.map((x: any) => x.id)).toEqual([yellow.id]);
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'netsec.red_cards')).status).toBe('met');
    expect((await ok(c.bureau.get(`/api/v1/netsec-cards?townId=${tree.townA.id}`))).items.every((x: any) => x.schoolId !== tree.schoolB1.id)).toBe(true);
    expect((await ok(c.bureau.get('/api/v1/netsec-cards?color=yellow'))).total).toBe(1);
    expect((await ok(c.bureau.get('/api/v1/netsec-cards?stage=kindergarten'))).total).toBe(0);
    const x = await c.bureau.get('/api/v1/netsec-cards/export?color=yellow');
    expect(await xlsxColumn(x.rawPayload, '红黄牌')).toEqual(['黄牌']);
  });
});

describe('the monthly report (000 第8条 全系统网络安全月报告制度)', () => {
  it('refuses a month not begun, incidents that do not add up, a second report of a month — naming the field; a report meets the month', async () => {
    const report = (client: Client, over: Record<string, unknown> = {}) => client.post('/api/v1/netsec-reports', { schoolId: tree.schoolA1.id, month: '2026-05', checksDone: 4, incidents: 'none', ...over });
    const before = await counts();
    expect((await refused(report(c.officerA1, { month: '2026-06' }))).details[0].field).toBe('month');
    expect((await refused(report(c.officerA1, { incidents: 'none', incidentCount: 2 }))).details[0].field).toBe('incidentCount');
    expect((await refused(report(c.officerA1, { incidents: 'some', incidentCount: 0 }))).details[0].field).toBe('incidentCount');
    expect((await refused(report(c.officerA1, { checksDone: -1 }))).details[0].field).toBe('checksDone');
    expect((await refused(report(c.officerA1, { month: '2026-13' }))).details[0].field).toBe('month');
    expect(await counts()).toEqual(before);

    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'netsec.monthly_report')).status).not.toBe('met');
    const r = await ok(report(c.officerA1), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'netsec.monthly_report')).status).toBe('met');
    expect((await refused(report(c.officerA1))).details[0].field).toBe('month');
    const fixed = await ok(c.officerA1.patch(`/api/v1/netsec-reports/${r.id}`, { version: 1, incidents: 'some', incidentCount: 1, summary: '公众号被仿冒一次，已报网信部门' }));
    expect(fixed).toMatchObject({ version: 2, incidentCount: 1 });
    expect((await refused(c.officerA1.patch(`/api/v1/netsec-reports/${r.id}`, { version: 1, checksDone: 5 }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.officerB1.get(`/api/v1/netsec-reports/${r.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.bureau.get('/api/v1/netsec-reports?month=2026-05&incidents=some'))).items.map((x: any) => x.id)).toEqual([r.id]);
    const x = await c.bureau.get('/api/v1/netsec-reports/export?month=2026-05');
    expect(await xlsxColumn(x.rawPayload, '事件数')).toEqual(['1']);
    await ok(c.officerA1.post(`/api/v1/netsec-reports/${r.id}/void`, { version: 2, voidReason: '学校填错' }));
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'netsec.monthly_report')).status).not.toBe('met');
  });
});

describe('the systems and websites registry', () => {
  it('registers a website with its 等保 level and 备案号, refuses a level out of 1–5, corrects with a version, scoped, exported', async () => {
    const site = (over: Record<string, unknown> = {}) => c.officerA1.post('/api/v1/netsec-systems', { schoolId: tree.schoolA1.id, kind: 'website', name: '学校门户网站', address: 'https://www.example-school.cn', responsiblePerson: '王信息', protectionLevel: 2, filingNo: '沪ICP备12345678号', ...over });
    expect((await refused(site({ protectionLevel: 6 }))).details[0].field).toBe('protectionLevel');
    expect((await refused(site({ responsiblePerson: '' }))).details[0].field).toBe('responsiblePerson');
    const s = await ok(site(), 201);
    expect(s).toMatchObject({ kind: 'website', protectionLevel: 2, version: 1 });
    expect((await ok(c.officerA1.patch(`/api/v1/netsec-systems/${s.id}`, { version: 1, protectionLevel: null }))).protectionLevel).toBeNull();
    expect((await refused(c.officerA1.patch(`/api/v1/netsec-systems/${s.id}`, { version: 1, name: 'x' }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.officerB1.get(`/api/v1/netsec-systems/${s.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.teacher.post('/api/v1/netsec-systems', { schoolId: tree.schoolA1.id, kind: 'app', name: 'x', responsiblePerson: 'y' }), 403)).code).toBe('FORBIDDEN');
    const x = await c.bureau.get(`/api/v1/netsec-systems/export?townId=${tree.townA.id}`);
    expect(await xlsxColumn(x.rawPayload, '备案号')).toEqual(['沪ICP备12345678号']);
  });
});
