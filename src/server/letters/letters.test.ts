// The responsibility letter ledger through the API (安全生产责任书, 000 item 1: 签约率 100%, level by
// level; 001 item 3): the bureau publishes the year's letter, units sign it in the app or on paper
// with a scan, a school issues its own letter to its staff; sign rates per scope; a new revision asks
// everyone to sign again; withdrawal with a reason; compliance letter.* met and missed; bad input
// naming the field; scope (404); stale versions (409); nothing half-written; audited exports.
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, files, letterSignatures } from '../db/schema.js';
import { pdfBytes } from '../files/testing.js';
import { buildTree, findingOf, ok, refused, startWithTree, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'principalA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'leader' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, { id: number; username: string }>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, people, c } = await startWithTree(TODAY, (tree) => ({
    principalA1: [tree.schoolA1, ['principal'], { displayName: '王校长' }],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    kg: [tree.schoolA2, ['principal']],
    townA: [tree.townA, ['town_officer']],
    dept: [tree.department, ['department_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    leader: [tree.bureau, ['bureau_leader']],
    teacher: [tree.schoolA1, ['teacher'], { displayName: '李老师' }],
  })));
});
afterAll(() => t.close());

const signatureCount = async () => (await t.database.db.select({ n: count() }).from(letterSignatures))[0].n;
async function scan(unit: { id: number; path: string }, by: number, name = '签字页.pdf') {
  const [f] = await t.database.db
    .insert(files)
    .values({ districtId: tree.districtId, unitId: unit.id, unitPath: unit.path, name, mime: 'application/pdf', size: 10, sha256: 'd'.repeat(64), storageKey: `test/${Math.random()}`, uploadedBy: by })
    .returning();
  return f.id;
}

const LETTER = { level: 'bureau_to_unit', year: 2026, title: '2026年度学校安全工作目标责任书', body: '一、目标任务……二、工作职责……', publishedOn: '2026-01-10' };
// The units the bureau's letter asks to sign (letter.unit_signed applies to departments, towns, schools).
const UNITS = 7;
let bureauLetter: any;

describe("the bureau's letter (000 第1条)", () => {
  it('is published by the bureau only, once a year, with its text or file, not dated ahead', async () => {
    const town = await refused(c.townA.post('/api/v1/responsibility-letters', LETTER));
    expect(town.message).toBe('责任书类别：只有区教育局可以发布与各单位签订的责任书');
    expect((await refused(c.principalA1.post('/api/v1/responsibility-letters', LETTER))).message).toContain('责任书类别');
    expect((await refused(c.leader.post('/api/v1/responsibility-letters', LETTER), 403)).code).toBe('FORBIDDEN');
    expect((await refused(c.bureau.post('/api/v1/responsibility-letters', { ...LETTER, level: 'to_everyone' }))).message).toBe('责任书类别：请选择责任书类别');
    expect((await refused(c.bureau.post('/api/v1/responsibility-letters', { ...LETTER, title: ' ' }))).message).toBe('责任书标题：请填写责任书标题');
    expect((await refused(c.bureau.post('/api/v1/responsibility-letters', { ...LETTER, body: null }))).message).toBe('责任书正文：请填写责任书正文或上传责任书文件');
    expect((await refused(c.bureau.post('/api/v1/responsibility-letters', { ...LETTER, publishedOn: '2026-05-11' }))).message).toBe('发布日期：不能晚于今天');
    expect((await refused(c.bureau.post('/api/v1/responsibility-letters', { ...LETTER, publishedOn: '2025-06-01' }))).message).toContain('发布日期：须在 2025-12-01 至 2026-12-31 之间');

    bureauLetter = await ok(c.bureau.post('/api/v1/responsibility-letters', LETTER), 201);
    expect(bureauLetter).toMatchObject({ level: 'bureau_to_unit', year: 2026, revision: 1, status: 'published', current: true, version: 1, issuerUnitId: tree.bureau.id, signRate: { signed: 0, total: UNITS } });
    expect(bureauLetter.signers.map((s: any) => s.unitId).sort()).toEqual(
      [tree.department, tree.townA, tree.townB, tree.schoolA1, tree.schoolA2, tree.schoolB1, tree.direct].map((u) => u.id).sort(),
    );
    expect(bureauLetter.actions).toEqual({ signInApp: false, recordSignature: true, revise: true, withdraw: true });
    const again = await refused(c.bureau.post('/api/v1/responsibility-letters', LETTER), 409);
    expect(again).toMatchObject({ code: 'LETTER_EXISTS', details: { letterId: bureauLetter.id } });
  });

  it('is signed by a principal in the app for the own school; twice or for another unit is refused', async () => {
    // The school sees the letter and only its own line of the table.
    const seen = await ok(c.principalA1.get(`/api/v1/responsibility-letters/${bureauLetter.id}`));
    expect(seen.signers).toHaveLength(1);
    expect(seen).toMatchObject({ signRate: { signed: 0, total: 1 }, actions: { signInApp: true, recordSignature: true, revise: false, withdraw: false } });
    const other = await refused(c.principalA1.post(`/api/v1/responsibility-letters/${bureauLetter.id}/signatures`, { method: 'in_app', unitId: tree.schoolB1.id }));
    expect(other.message).toBe('签署单位：系统内签署只能为本单位签署；为其他单位登记请上传签字扫描件');
    expect(other.details[0].field).toBe('unitId');

    const signed = await ok(c.principalA1.post(`/api/v1/responsibility-letters/${bureauLetter.id}/signatures`, { method: 'in_app' }), 201);
    expect(signed.signRate).toEqual({ signed: 1, total: 1 });
    expect(signed.signers[0].signature).toMatchObject({ signerName: '王校长', signerUserId: people.principalA1.id, signedOn: TODAY, method: 'in_app', file: null, recordedByName: '王校长' });
    expect(signed.actions.signInApp).toBe(false);
    expect((await refused(c.principalA1.post(`/api/v1/responsibility-letters/${bureauLetter.id}/signatures`, { method: 'in_app' }), 409)).code).toBe('ALREADY_SIGNED');
    // A teacher may read but not sign for the school.
    expect((await refused(c.teacher.post(`/api/v1/responsibility-letters/${bureauLetter.id}/signatures`, { method: 'in_app' }), 403)).code).toBe('FORBIDDEN');
  });

  it('is recorded signed on paper by a town officer: signer, day, scan; a future day, no scan or a school of another town is refused', async () => {
    const url = `/api/v1/responsibility-letters/${bureauLetter.id}/signatures`;
    const fileId = await scan(tree.schoolA2, people.townA.id);
    const paper = { method: 'file', unitId: tree.schoolA2.id, signerName: '陈园长', signedOn: '2026-02-20', fileId };
    const before = await signatureCount();
    expect((await refused(c.townA.post(url, { ...paper, signedOn: '2026-05-11' }))).message).toBe('签署日期：不能晚于今天');
    expect((await refused(c.townA.post(url, { ...paper, signedOn: '2026-01-09' }))).message).toBe('签署日期：不能早于责任书发布日期 2026-01-10');
    expect((await refused(c.townA.post(url, { ...paper, fileId: null }))).message).toBe('签字扫描件：请上传签字后的责任书扫描件或照片');
    expect((await refused(c.townA.post(url, { ...paper, signerName: '' }))).message).toBe('签署人：请填写代表本单位签字的负责人姓名');
    expect((await refused(c.townA.post(url, { ...paper, method: 'by_fax' }))).message).toContain('签署方式');
    // Outside the town: not found, like a unit that does not exist.
    expect((await refused(c.townA.post(url, { ...paper, unitId: tree.schoolB1.id }), 404)).code).toBe('NOT_FOUND');
    expect(await signatureCount()).toBe(before);

    const done = await ok(c.townA.post(url, paper), 201);
    // The town sees itself and its two schools: the town has not signed yet.
    expect(done.signRate).toEqual({ signed: 2, total: 3 });
    const kgLine = done.signers.find((s: any) => s.unitId === tree.schoolA2.id);
    expect(kgLine.signature).toMatchObject({ signerName: '陈园长', signedOn: '2026-02-20', method: 'file', signerUserId: null, file: { id: fileId, name: '签字页.pdf' } });
    // The town signs for itself in the app.
    expect((await ok(c.townA.post(url, { method: 'in_app' }), 201)).signRate).toEqual({ signed: 3, total: 3 });

    // The bureau sees the district: 3 of 7, and who has not signed, by town.
    const district = await ok(c.bureau.get(`/api/v1/responsibility-letters/${bureauLetter.id}`));
    expect(district.signRate).toEqual({ signed: 3, total: UNITS });
    const unsigned = district.signers.filter((s: any) => !s.signature).map((s: any) => s.unitId);
    expect(unsigned.sort()).toEqual([tree.department.id, tree.townB.id, tree.schoolB1.id, tree.direct.id].sort());
    expect(district.signers.find((s: any) => s.unitId === tree.schoolB1.id)).toMatchObject({ townId: tree.townB.id, townName: tree.townB.name, unitKind: 'school', required: true });
    const list = await ok(c.bureau.get('/api/v1/responsibility-letters?year=2026&level=bureau_to_unit'));
    expect(list.items.map((l: any) => [l.id, l.signRate])).toEqual([[bureauLetter.id, { signed: 3, total: UNITS }]]);
  });

  it('is judged by compliance: signed met, unsigned missed after 31 March (000 第1条)', async () => {
    const pending = (await ok(c.bureau.get('/api/v1/compliance?pageSize=1'))).pendingLedgers.map((p: any) => p.ledger);
    expect(pending).not.toContain('letters');
    const met = await findingOf(c.bureau, tree.schoolA1.id, 'letter.unit_signed');
    expect(met).toMatchObject({ status: 'met', ledger: 'letters', value: 1, target: 1 });
    expect(met.explanation).toContain(`已于 ${TODAY} 签订`);
    expect(met.explanation).toContain('000');
    const missed = await findingOf(c.bureau, tree.schoolB1.id, 'letter.unit_signed');
    expect(missed).toMatchObject({ status: 'missed', value: 0, dueOn: '2026-03-31', recordIds: [bureauLetter.id] });
    expect(missed.explanation).toContain('安全生产责任书尚未签订');
  });

  it('a new revision asks everyone to sign again: the rate resets, the old one cannot be signed or revised; stale versions are refused (000 第1条)', async () => {
    const url = `/api/v1/responsibility-letters/${bureauLetter.id}`;
    expect((await refused(c.bureau.post(`${url}/revisions`, { version: 9, body: '修订后的正文' }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.principalA1.post(`${url}/revisions`, { version: 1, body: '修订后的正文' }))).code).toBe('NOT_ISSUER');
    const v2 = await ok(c.bureau.post(`${url}/revisions`, { version: 1, body: '一、目标任务（修订）……', publishedOn: TODAY }), 201);
    expect(v2).toMatchObject({ revision: 2, current: true, title: LETTER.title, publishedOn: TODAY, signRate: { signed: 0, total: UNITS } });
    expect(v2.revisions.map((r: any) => [r.revision, r.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const old = await ok(c.bureau.get(url));
    expect(old).toMatchObject({ current: false, version: 2, signRate: { signed: 3, total: UNITS }, actions: { signInApp: false, recordSignature: false, revise: false, withdraw: false } });
    expect((await refused(c.officerB1.post(`${url}/signatures`, { method: 'in_app' }), 409)).code).toBe('LETTER_SUPERSEDED');
    expect((await refused(c.bureau.post(`${url}/revisions`, { version: 2, body: '再改' }), 409)).code).toBe('LETTER_SUPERSEDED');
    expect((await refused(c.bureau.post(`${url}/withdraw`, { version: 1, withdrawReason: '误发' }), 409)).code).toBe('STALE_VERSION');

    // Compliance now asks for the second version: no longer met, due 30 days after it.
    const again = await findingOf(c.bureau, tree.schoolA1.id, 'letter.unit_signed');
    expect(again).toMatchObject({ status: 'due_soon', dueOn: '2026-06-09' });
    expect(again.explanation).toContain('（第 2 版）尚未签订');
    await ok(c.principalA1.post(`/api/v1/responsibility-letters/${v2.id}/signatures`, { method: 'in_app' }), 201);
    expect((await findingOf(c.bureau, tree.schoolA1.id, 'letter.unit_signed')).status).toBe('met');

    // Withdrawn with a reason (stale version refused): the first revision is the one to sign again.
    expect((await refused(c.bureau.post(`/api/v1/responsibility-letters/${v2.id}/withdraw`, { version: 1, withdrawReason: ' ' }))).message).toBe('撤回原因：请填写撤回原因');
    expect((await refused(c.bureau.post(`/api/v1/responsibility-letters/${v2.id}/withdraw`, { version: 7, withdrawReason: '误发' }), 409)).code).toBe('STALE_VERSION');
    const withdrawn = await ok(c.bureau.post(`/api/v1/responsibility-letters/${v2.id}/withdraw`, { version: 1, withdrawReason: '修订稿未经局务会审议，撤回' }));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawReason: '修订稿未经局务会审议，撤回', current: false, version: 2 });
    expect((await refused(c.officerB1.post(`/api/v1/responsibility-letters/${v2.id}/signatures`, { method: 'in_app' }))).code).toBe('LETTER_WITHDRAWN');
    const current = await ok(c.bureau.get('/api/v1/responsibility-letters?year=2026&level=bureau_to_unit&current=true'));
    expect(current.items.map((l: any) => [l.revision, l.signRate.signed])).toEqual([[1, 3]]);
    expect((await findingOf(c.bureau, tree.schoolA1.id, 'letter.unit_signed')).explanation).toContain('已于');

    const events = await t.database.db
      .select({ action: auditEvents.action, objectId: auditEvents.objectId })
      .from(auditEvents)
      .where(eq(auditEvents.objectType, 'responsibility_letter'))
      .orderBy(asc(auditEvents.id));
    expect(events.filter((e) => e.action !== 'export')).toEqual([
      { action: 'create', objectId: String(bureauLetter.id) },
      { action: 'create', objectId: String(v2.id) },
      { action: 'withdraw', objectId: String(v2.id) },
    ]);
    const signs = await t.database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'letter_signature'), eq(auditEvents.action, 'sign')));
    expect(signs[0].n).toBe(await signatureCount());
  });

  it("serves the letter's file to every unit that signs it, though the file is the bureau's", async () => {
    const up = await ok(c.bureau.upload('/api/v1/files', { name: '2026年度责任书（第3版）.pdf', bytes: pdfBytes(), type: 'application/pdf' }), 201);
    const v3 = await ok(c.bureau.post(`/api/v1/responsibility-letters/${bureauLetter.id}/revisions`, { version: 2, fileId: up.id }), 201);
    expect(v3).toMatchObject({ revision: 3, body: null, file: { id: up.id, name: '2026年度责任书（第3版）.pdf' }, publishedOn: TODAY, signRate: { signed: 0, total: UNITS } });
    expect((await c.officerB1.get(`/api/v1/files/${up.id}`)).statusCode).toBe(404);
    const res = await c.officerB1.get(`/api/v1/responsibility-letters/${v3.id}/file`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect((await c.officerB1.get(`/api/v1/responsibility-letters/${bureauLetter.id}/file`)).statusCode).toBe(404);
  });
});

describe("a school's letter to its staff (001 第3条)", () => {
  let letter: any;
  const staff: Record<string, number> = {};

  it('is published by the school and signed by its present staff: several at once on paper, one in the app; someone outside the school is refused', async () => {
    for (const [key, body] of [
      ['head', { name: '张主任', posts: [{ post: 'safety_department_head', since: '2024-09-01' }] }],
      ['t1', { name: '赵老师', posts: [{ post: 'teacher', since: null }] }],
      ['teacher', { userId: people.teacher.id, posts: [{ post: 'head_teacher', since: null }] }],
    ] as const) {
      staff[key] = (await ok(c.principalA1.post('/api/v1/staff', { schoolId: tree.schoolA1.id, ...body }), 201)).id;
    }
    staff.b1 = (await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '钱老师', posts: [{ post: 'teacher', since: null }] }), 201)).id;

    // Before the school's letter: compliance says none was signed.
    const none = await findingOf(c.principalA1, tree.schoolA1.id, 'letter.staff_signed');
    expect(none).toMatchObject({ status: 'missed' });
    expect(none.explanation).toContain('尚未与教职工签订安全生产责任书');
    expect(none.explanation).toContain('000 第1条');

    expect((await refused(c.bureau.post('/api/v1/responsibility-letters', { ...LETTER, level: 'unit_to_staff' }))).message).toBe('责任书类别：与教职工签订的责任书由学校发布');
    letter = await ok(c.principalA1.post('/api/v1/responsibility-letters', { level: 'unit_to_staff', year: 2026, title: '实验小学2026年度教职工安全责任书', body: '岗位安全职责……', publishedOn: '2026-02-01' }), 201);
    expect(letter).toMatchObject({ issuerUnitId: tree.schoolA1.id, signRate: { signed: 0, total: 3 }, actions: { signInApp: false, recordSignature: true, revise: true, withdraw: true } });
    expect(letter.signers.map((s: any) => s.staffName).sort()).toEqual(['李老师', '张主任', '赵老师'].sort());

    const url = `/api/v1/responsibility-letters/${letter.id}/signatures`;
    const fileId = await scan(tree.schoolA1, people.principalA1.id, '教职工签字表.pdf');
    const before = await signatureCount();
    // 钱老师 is on another school's staff, outside this school's scope: not found (issue 11 item 4), nothing is written.
    await refused(c.principalA1.post(url, { method: 'file', staffIds: [staff.head, staff.b1], signedOn: '2026-02-10', fileId }), 404);
    expect(await signatureCount()).toBe(before);
    expect((await refused(c.principalA1.post(url, { method: 'file', staffIds: [], signedOn: '2026-02-10', fileId }))).message).toBe('签署教职工：请选择签署的教职工');
    expect((await refused(c.principalA1.post(url, { method: 'file', staffIds: [staff.head], signedOn: '2026-06-01', fileId }))).message).toBe('签署日期：不能晚于今天');
    // The principal has no staff record here: cannot sign in the app as staff.
    expect((await refused(c.principalA1.post(url, { method: 'in_app' }))).details[0].field).toBe('method');

    const two = await ok(c.principalA1.post(url, { method: 'file', staffIds: [staff.head, staff.t1], signedOn: '2026-02-10', fileId }), 201);
    expect(two.signRate).toEqual({ signed: 2, total: 3 });
    expect(two.signers.find((s: any) => s.staffId === staff.t1).signature).toMatchObject({ signerName: '赵老师', signedOn: '2026-02-10', method: 'file', file: { id: fileId } });
    expect((await refused(c.principalA1.post(url, { method: 'file', staffIds: [staff.t1], signedOn: '2026-02-10', fileId }), 409)).message).toBe('赵老师已签署本版本责任书');

    const partly = await findingOf(c.principalA1, tree.schoolA1.id, 'letter.staff_signed');
    expect(partly).toMatchObject({ status: 'missed', value: 2, target: 3 });
    expect(partly.explanation).toContain('未签：李老师');

    // The teacher signs their own letter in the app.
    const mine = await ok(c.teacher.get(`/api/v1/responsibility-letters/${letter.id}`));
    expect(mine.actions.signInApp).toBe(true);
    const all = await ok(c.teacher.post(url, { method: 'in_app' }), 201);
    expect(all.signRate).toEqual({ signed: 3, total: 3 });
    expect(all.signers.find((s: any) => s.staffId === staff.teacher).signature).toMatchObject({ signerName: '李老师', signerUserId: people.teacher.id, method: 'in_app', signedOn: TODAY });
    const met = await findingOf(c.principalA1, tree.schoolA1.id, 'letter.staff_signed');
    expect(met).toMatchObject({ status: 'met', value: 3, target: 3 });
    expect(met.explanation).toContain('000 第1条');
  });

  it('is not seen by another school: 404 by id, by issuer filter and export; its list shows only its own and the bureau letters', async () => {
    expect((await refused(c.officerB1.get(`/api/v1/responsibility-letters/${letter.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.get(`/api/v1/responsibility-letters?issuerId=${tree.schoolA1.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.get(`/api/v1/responsibility-letters/${letter.id}/signatures/export`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.post(`/api/v1/responsibility-letters/${letter.id}/signatures`, { method: 'file', staffIds: [staff.b1], signedOn: '2026-02-10', fileId: 1 }), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.post(`/api/v1/responsibility-letters/${letter.id}/withdraw`, { version: 1, withdrawReason: 'x' }), 404)).code).toBe('NOT_FOUND');
    const list = await ok(c.officerB1.get('/api/v1/responsibility-letters?year=2026'));
    expect(list.items.every((l: any) => l.level === 'bureau_to_unit')).toBe(true);
    // The bureau's letter is listed for the school through the bureau as issuer.
    expect((await ok(c.officerB1.get(`/api/v1/responsibility-letters?issuerId=${tree.bureau.id}&current=true&year=2026`))).total).toBe(1);
    // The town above the school sees the staff letter and its table.
    expect((await ok(c.townA.get(`/api/v1/responsibility-letters/${letter.id}`))).signRate).toEqual({ signed: 3, total: 3 });
  });

  it('exports the letters and a sign table, in scope and audited', async () => {
    const res = await c.townA.get('/api/v1/responsibility-letters/export?year=2026');
    expect(res.statusCode).toBe(200);
    expect(await xlsxColumn(res.rawPayload, '发布单位')).toEqual(expect.arrayContaining([tree.bureau.name, tree.schoolA1.name]));
    expect(await xlsxColumn(res.rawPayload, '签订率')).toContain('100%');
    const b1 = await c.officerB1.get('/api/v1/responsibility-letters/export?year=2026');
    expect(await xlsxColumn(b1.rawPayload, '发布单位')).not.toContain(tree.schoolA1.name);

    const table = await c.bureau.get(`/api/v1/responsibility-letters/${bureauLetter.id}/signatures/export`);
    expect(table.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(table.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(String(sheet.getRow(2).getCell(1).value)).toBe(`签订 3/${UNITS}，签订率 42.8%`);
    const status: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 3) status.push(`${row.getCell(2).value}:${row.getCell(5).value}`);
    });
    expect(status).toEqual(expect.arrayContaining([`${tree.schoolA1.name}:已签`, `${tree.schoolB1.name}:未签`]));

    const exports = await t.database.db
      .select({ actorId: auditEvents.actorId, objectType: auditEvents.objectType })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'export'))
      .orderBy(asc(auditEvents.id));
    expect(exports).toEqual(
      expect.arrayContaining([
        { actorId: people.townA.id, objectType: 'responsibility_letter' },
        { actorId: people.bureau.id, objectType: 'letter_signature' },
      ]),
    );
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/responsibility-letters', '/api/v1/responsibility-letters/{id}/signatures']));
  });
});
