// Students of concern through the API (issue 16): the care circle narrower than the school, the
// per-person grant, sealed fields at rest, audited reads with a purpose, counts upward and names
// never — walked over every role and every endpoint of care, the notifications, the audit list and
// the compliance board —, the rules of 001 第9条 (screening) and 001 第20条 (follow-ups) on the
// board, close and purge leaving counts, and the bad input the issue names.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, careFiles, careFollowUps, carePurgeCounts, careRecords, notifications } from '../db/schema.js';
import { pdfBytes } from '../files/testing.js';
import { findingOf, ok, refused, startWithTree, type Client, type PersonSpec, type Tree } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { purgeExpiredCare, remindCareFollowUps } from './care-jobs.js';
import { assertCareKeyReady, careSealer, CareKeyMissingError, loadCareKeys, setCareSealer } from './key.js';
import { Sealer } from './crypto.js';
import { rekeyCare } from './rekey.js';

const TODAY = '2026-06-20';
const NAME = '张晓明';
const NOTE = '父母离异后情绪低落';
const MEASURES = '班主任每周谈心一次';
const GUARDIAN = '张建国';
const PHONE = '13912345678';
const FOLLOW_NOTE = '情绪好转愿意参加班级活动';
const FILE_NAME = `${NAME}医院诊断证明.pdf`;
const FILE_TEXT = '诊断抑郁倾向建议心理门诊复诊';
// A PDF whose content carries a secret of its own (UTF-8 inside a comment line).
const secretPdf = () => Buffer.concat([pdfBytes(), Buffer.from(`%${FILE_TEXT}\n`, 'utf8')]);
const SECRETS = [NAME, '晓明', NOTE, MEASURES, GUARDIAN, PHONE, FOLLOW_NOTE, FILE_TEXT, '医院诊断证明'];
let fileId: number;

const people = (tree: Tree) => ({
  principal: [tree.schoolA1, ['principal'], { displayName: '王校长' }] as PersonSpec,
  careStaff: [tree.schoolA1, ['teacher'], { displayName: '刘心理' }] as PersonSpec,
  carer: [tree.schoolA1, ['teacher'], { displayName: '陈老师' }] as PersonSpec,
  teacher: [tree.schoolA1, ['teacher'], { displayName: '李老师' }] as PersonSpec,
  officer: [tree.schoolA1, ['school_safety_officer']] as PersonSpec,
  principalB1: [tree.schoolB1, ['principal']] as PersonSpec,
  teacherB1: [tree.schoolB1, ['teacher']] as PersonSpec,
  townA: [tree.townA, ['town_officer']] as PersonSpec,
  dept: [tree.department, ['department_officer']] as PersonSpec,
  bureau: [tree.bureau, ['bureau_admin']] as PersonSpec,
  leader: [tree.bureau, ['bureau_leader']] as PersonSpec,
});
type Who = keyof ReturnType<typeof people>;

let t: TestContext;
let tree: Tree;
let c: Record<Who, Client>;
let u: Record<Who, { id: number }>;
let recordId: number;
let disabledId: number;

const cal = {
  semesters: [
    { startsOn: '2025-09-01', endsOn: '2026-01-23' },
    { startsOn: '2026-02-23', endsOn: '2026-07-03' },
  ],
  holidays: [],
};

const newRecord = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/care/records', {
    schoolId: tree.schoolA1.id,
    studentName: NAME,
    studentGrade: 5,
    className: '2班',
    concernKinds: ['mental_concern', 'family_difficulty'],
    concernBand: 'concern',
    careNote: NOTE,
    careMeasures: MEASURES,
    guardianContact: { name: GUARDIAN, relation: '父亲', phone: PHONE },
    consent: 'given',
    consentOn: '2026-05-01',
    openedOn: '2026-05-01',
    followUpDays: 30,
    carerIds: [u.carer.id],
    ...over,
  });

const leaks = (text: string) => SECRETS.filter((s) => text.includes(s));

async function xlsxText(body: Buffer): Promise<string> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((s) => s.eachRow((r) => r.eachCell((cell) => out.push(String(cell.value ?? '')))));
  return out.join('\n');
}

beforeAll(async () => {
  const s = await startWithTree(TODAY, people);
  ({ t, tree, c } = s);
  u = s.people;
  const { buildUser } = await import('../test/factories.js');
  disabledId = (await buildUser(t.database.db, tree.schoolA1, ['teacher'], { status: 'disabled', displayName: '赵已离职' })).id;
  await ok(c.bureau.put('/api/v1/school-calendars/2025-2026', cal));
});
afterAll(() => t.close());

describe('the care circle (issue 16: narrower than the school, a grant per person)', () => {
  it('the principal names care staff and creates a record with a carer; the fields are sealed at rest', async () => {
    expect(await ok(c.principal.get('/api/v1/care/me'))).toMatchObject({ schools: [{ id: tree.schoolA1.id, role: 'principal' }], canManage: true, keyReady: true });
    expect((await ok(c.careStaff.get('/api/v1/care/me'))).schools).toEqual([]);
    await refused(c.careStaff.get('/api/v1/care/records'), 404);
    // Only the principal grants, and only staff of the school.
    await refused(c.officer.post('/api/v1/care/staff', { userId: u.careStaff.id }), 403);
    expect((await refused(c.principal.post('/api/v1/care/staff', { userId: disabledId }))).details[0].field).toBe('userId');
    await refused(c.principal.post('/api/v1/care/staff', { userId: u.teacherB1.id }), 404);
    const grant = await ok(c.principal.post('/api/v1/care/staff', { userId: u.careStaff.id }), 201);
    await refused(c.principal.post('/api/v1/care/staff', { userId: u.careStaff.id }), 409);
    expect((await ok(c.principal.get('/api/v1/care/staff'))).items).toMatchObject([{ id: grant.id, displayName: '刘心理', grantedByName: '王校长' }]);
    expect((await ok(c.careStaff.get('/api/v1/care/me'))).schools).toEqual([{ id: tree.schoolA1.id, name: tree.schoolA1.name, role: 'care_staff' }]);
    const [granted] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'care_staff'), eq(auditEvents.objectId, String(grant.id))));
    expect(granted).toMatchObject({ action: 'create', actorName: '王校长' });

    const r = await ok(newRecord(c.principal), 201);
    recordId = r.id;
    expect(r).toMatchObject({ studentName: NAME, maskedName: '张*明', careNote: NOTE, guardianContact: { phone: PHONE }, nextDueOn: '2026-05-31', overdueDays: 20, carers: [{ userId: u.carer.id, displayName: '陈老师' }] });

    // The raw tables hold ciphertext only: a dump shows no name, note, measure, contact.
    const raw = JSON.stringify(await t.database.db.select().from(careRecords));
    expect(leaks(raw)).toEqual([]);
    expect(raw).toContain('"v1.');
    const [row] = await t.database.db.select().from(careRecords).where(eq(careRecords.id, r.id));
    expect(careSealer().open(row.nameEnc!, `care_records.name:${tree.schoolA1.id}`)).toBe(NAME);
    // Bound to its school: the ciphertext does not open as another school's.
    expect(() => careSealer().open(row.nameEnc!, `care_records.name:${tree.schoolB1.id}`)).toThrow();
    // The database refuses a plain value even if a bug tried to write one.
    await expect(t.database.db.update(careRecords).set({ nameEnc: NAME }).where(eq(careRecords.id, r.id))).rejects.toThrow();
  });

  it('the safety officer, other teachers, another school, towns and the bureau get 404 for every record endpoint', async () => {
    // Another school's principal keeps their own school's ledger: this school's record is not in it.
    expect((await ok(c.principalB1.get('/api/v1/care/records'))).total).toBe(0);
    for (const who of ['teacher', 'officer', 'principalB1', 'townA', 'dept', 'bureau', 'leader'] as const) {
      if (who !== 'principalB1') await refused(c[who].get('/api/v1/care/records'), 404);
      await refused(c[who].get(`/api/v1/care/records/${recordId}?purpose=review`), 404);
      await refused(c[who].post(`/api/v1/care/records/${recordId}/follow-ups`, { version: 1, followedUpOn: '2026-06-01', followUpMethod: 'talk', followUpNote: 'x' }), 404);
      await refused(c[who].patch(`/api/v1/care/records/${recordId}`, { version: 1, className: '3班' }), 404);
      await refused(c[who].put(`/api/v1/care/records/${recordId}/carers`, { version: 1, carerIds: [u[who].id] }), 404);
      await refused(c[who].post(`/api/v1/care/records/${recordId}/close`, { version: 1, closedOn: TODAY, closeReason: 'care_ended' }), 404);
    }
    // A principal of another school cannot create a record for this one either.
    await refused(newRecord(c.principalB1), 404);
  });

  it('the carer sees the masked list, opens the record with a purpose (audited), records a follow-up; the principal lists who read what', async () => {
    const list = await ok(c.carer.get('/api/v1/care/records'));
    expect(list.items).toMatchObject([{ id: recordId, maskedName: '张*明', overdueDays: 20 }]);
    // The carer's home list: only the records they carry; the principal carries none here.
    expect((await ok(c.carer.get('/api/v1/care/records?carer=me'))).items.map((i: any) => i.id)).toEqual([recordId]);
    expect((await ok(c.principal.get('/api/v1/care/records?carer=me'))).total).toBe(0);
    expect((await ok(c.principal.get('/api/v1/care/records'))).total).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(list))).toEqual([]);
    expect((await refused(c.carer.get(`/api/v1/care/records/${recordId}`))).details[0].field).toBe('purpose');
    const opened = await ok(c.carer.get(`/api/v1/care/records/${recordId}?purpose=follow_up`));
    expect(opened).toMatchObject({ studentName: NAME, actions: ['follow_up', 'attach'] });
    const [read] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'read'), eq(auditEvents.objectId, String(recordId))));
    expect(read).toMatchObject({ actorName: '陈老师', objectType: 'care_record', after: { purpose: 'follow_up', schoolId: tree.schoolA1.id } });

    // A carer records follow-ups, does not edit the record.
    await refused(c.carer.patch(`/api/v1/care/records/${recordId}`, { version: opened.version, className: '3班' }), 403);
    const before = (await findingOf(c.bureau, tree.schoolA1.id, 'care.follow_up'));
    expect(before).toMatchObject({ status: 'missed', recordIds: [recordId] });
    expect(before.explanation).toBe('在册重点学生 1 名，1 名随访已逾期（001 第20条）');
    const early = await refused(c.carer.post(`/api/v1/care/records/${recordId}/follow-ups`, { version: opened.version, followedUpOn: '2026-04-30', followUpMethod: 'talk', followUpNote: FOLLOW_NOTE }));
    expect(early).toMatchObject({ message: '随访日期：不能早于建档日期（2026-05-01）', details: [{ field: 'followedUpOn' }] });
    const fu = await ok(c.carer.post(`/api/v1/care/records/${recordId}/follow-ups`, { version: opened.version, followedUpOn: '2026-06-19', followUpMethod: 'talk', followUpNote: FOLLOW_NOTE }), 201);
    expect(fu).toMatchObject({ lastFollowUpOn: '2026-06-19', nextDueOn: '2026-07-19', overdueDays: 0, followUps: [{ followUpNote: FOLLOW_NOTE, byName: '陈老师' }] });
    await refused(c.carer.post(`/api/v1/care/records/${recordId}/follow-ups`, { version: opened.version, followedUpOn: '2026-06-19', followUpMethod: 'talk', followUpNote: 'x' }), 409);
    expect((await findingOf(c.bureau, tree.schoolA1.id, 'care.follow_up')).status).toBe('met');
    expect(leaks(JSON.stringify(await t.database.db.select().from(careFollowUps)))).toEqual([]);

    // Search by whole name through the keyed hash: a read with a purpose; the name searched is not kept.
    await refused(c.careStaff.get(`/api/v1/care/records?studentName=${encodeURIComponent(NAME)}`), 400);
    const found = await ok(c.careStaff.get(`/api/v1/care/records?studentName=${encodeURIComponent(' 张 晓明')}&purpose=review`));
    expect(found.items.map((i: any) => i.id)).toEqual([recordId]);
    expect((await ok(c.careStaff.get(`/api/v1/care/records?studentName=${encodeURIComponent('张晓红')}&purpose=review`))).total).toBe(0);

    const reads = await ok(c.principal.get('/api/v1/care/reads'));
    expect(reads.items.map((r: any) => [r.actorName, r.purpose, r.search, r.maskedName])).toEqual([
      ['刘心理', 'review', true, null],
      ['刘心理', 'review', true, null],
      ['陈老师', 'follow_up', false, '张*明'],
    ]);
    await refused(c.careStaff.get('/api/v1/care/reads'), 403);
  });

  it('refuses a carer who is not staff of the school, and a student of another school', async () => {
    const r = await ok(c.principal.get(`/api/v1/care/records/${recordId}?purpose=care_plan`));
    const disabled = await refused(c.principal.put(`/api/v1/care/records/${recordId}/carers`, { version: r.version, carerIds: [disabledId] }));
    expect(disabled).toMatchObject({ details: [{ field: 'carerIds' }] });
    await refused(c.principal.put(`/api/v1/care/records/${recordId}/carers`, { version: r.version, carerIds: [u.teacherB1.id] }), 404);
    await refused(newRecord(c.principal, { carerIds: [u.teacherB1.id] }), 404);
    expect((await refused(newRecord(c.principal, { studentGrade: 8 }))).details[0].field).toBe('studentGrade');
    expect((await refused(newRecord(c.principal, { openedOn: '2026-06-21' }))).details[0].field).toBe('openedOn');
    expect((await refused(newRecord(c.principal, { consentOn: null }))).details[0].field).toBe('consentOn');
    await refused(c.principal.get('/api/v1/care/records/999999?purpose=review'), 404);
    // Assigning the teacher: the new carer sees the record, the old one no longer does.
    const moved = await ok(c.principal.put(`/api/v1/care/records/${recordId}/carers`, { version: r.version, carerIds: [u.teacher.id] }));
    expect(moved.carers).toEqual([{ userId: u.teacher.id, displayName: '李老师' }]);
    await ok(c.teacher.get(`/api/v1/care/records/${recordId}?purpose=follow_up`));
    await refused(c.carer.get(`/api/v1/care/records/${recordId}?purpose=follow_up`), 404);
    await ok(c.principal.put(`/api/v1/care/records/${recordId}/carers`, { version: moved.version, carerIds: [u.carer.id] }));
  });
});

describe('files on a record, sealed (issue 16: files encrypted at rest)', () => {
  it('the circle uploads and downloads (audited with a purpose); the stored bytes hold neither the content nor the name; everyone else 404', async () => {
    const r = await ok(c.principal.get(`/api/v1/care/records/${recordId}?purpose=care_plan`));
    const up = await c.carer.upload(`/api/v1/care/records/${recordId}/files`, { name: FILE_NAME, bytes: secretPdf(), type: 'application/pdf' }, { followUpId: String(r.followUps[0].id) });
    expect(up.statusCode, up.body).toBe(201);
    fileId = up.json().id;
    expect(up.json()).toMatchObject({ fileName: FILE_NAME, mime: 'application/pdf', size: secretPdf().length, followUpId: r.followUps[0].id, uploadedByName: '陈老师' });
    // Type by content, a follow-up of this record only.
    const exe = await c.principal.upload(`/api/v1/care/records/${recordId}/files`, { name: 'x.pdf', bytes: Buffer.from('MZ not a pdf'), type: 'application/pdf' });
    expect(exe.statusCode).toBe(400);
    const wrongFu = await c.principal.upload(`/api/v1/care/records/${recordId}/files`, { name: 'a.pdf', bytes: pdfBytes() }, { followUpId: '999999' });
    expect(wrongFu.json().error.details[0].field).toBe('followUpId');

    // The raw row: sealed bytes, sealed name and digest; the database refuses plain bytes.
    const raw = await t.database.db.select().from(careFiles);
    expect(raw).toHaveLength(1);
    expect(raw[0].content.subarray(0, 4).toString('latin1')).toBe('AXS1');
    const dump = raw[0].content.toString('latin1') + raw[0].content.toString('utf8') + JSON.stringify({ ...raw[0], content: raw[0].content.toString('base64') });
    expect(leaks(dump)).toEqual([]);
    expect(dump).not.toContain('%PDF');
    await expect(t.database.db.update(careFiles).set({ content: secretPdf() }).where(eq(careFiles.id, fileId))).rejects.toThrow();

    // Listed on the record itself; downloaded with a purpose, the student's name masked in the download's name.
    expect((await ok(c.careStaff.get(`/api/v1/care/records/${recordId}?purpose=review`))).files).toMatchObject([{ id: fileId, fileName: FILE_NAME }]);
    await refused(c.carer.get(`/api/v1/care/records/${recordId}/files/${fileId}`), 400);
    const dl = await c.carer.get(`/api/v1/care/records/${recordId}/files/${fileId}?purpose=follow_up`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(secretPdf())).toBe(true);
    expect(dl.headers['cache-control']).toBe('no-store');
    expect(decodeURIComponent(String(dl.headers['content-disposition']))).toContain('张*明医院诊断证明.pdf');
    const reads = await ok(c.principal.get(`/api/v1/care/reads?recordId=${recordId}`));
    expect(reads.items[0]).toMatchObject({ actorName: '陈老师', purpose: 'follow_up', fileId });

    // Nobody outside the circle lists, fetches, uploads or removes: 404.
    for (const who of ['teacher', 'officer', 'principalB1', 'townA', 'dept', 'bureau', 'leader'] as const) {
      await refused(c[who].get(`/api/v1/care/records/${recordId}/files/${fileId}?purpose=review`), 404);
      expect((await c[who].upload(`/api/v1/care/records/${recordId}/files`, { name: 'a.pdf', bytes: pdfBytes() })).statusCode, who).toBe(404);
      await refused(c[who].request('DELETE', `/api/v1/care/records/${recordId}/files/${fileId}`), 404);
    }
    // A carer does not remove; the principal removes a wrong upload (audited).
    const wrong = await ok(c.principal.upload(`/api/v1/care/records/${recordId}/files`, { name: '错传.pdf', bytes: pdfBytes() }), 201);
    await refused(c.carer.request('DELETE', `/api/v1/care/records/${recordId}/files/${wrong.id}`), 403);
    await ok(c.principal.request('DELETE', `/api/v1/care/records/${recordId}/files/${wrong.id}`));
    await refused(c.principal.get(`/api/v1/care/records/${recordId}/files/${wrong.id}?purpose=review`), 404);
  });
});

describe('screening per class and semester (001 第9条)', () => {
  it('turns the rule from due soon to met once grades 4, 5 and 6 are screened; counts only', async () => {
    const f0 = await findingOf(c.bureau, tree.schoolA1.id, 'care.screening');
    expect(f0).toMatchObject({ status: 'due_soon', value: 0, target: 1 });
    expect(f0.explanation).toContain('4 年级、5 年级、6 年级未筛查');
    const body = (grade: number, over: Record<string, unknown> = {}) => ({ schoolId: tree.schoolA1.id, studentGrade: grade, className: '1班', screenedOn: '2026-03-10', instrument: 'MHT 心理健康诊断测验', screened: 45, notScreened: 1, notScreenedReason: '病假', bands: { none: 38, attention: 5, concern: 2, crisis: 0 }, ...over });
    await refused(c.officer.post('/api/v1/care/screenings', body(4)), 404);
    expect((await refused(c.careStaff.post('/api/v1/care/screenings', body(4, { bands: { none: 30, attention: 5, concern: 2, crisis: 0 } })))).details[0].field).toBe('bands');
    expect((await refused(c.careStaff.post('/api/v1/care/screenings', body(7)))).details[0].field).toBe('studentGrade');
    for (const g of [4, 5, 6]) await ok(c.careStaff.post('/api/v1/care/screenings', body(g)), 201);
    expect(await findingOf(c.bureau, tree.schoolA1.id, 'care.screening')).toMatchObject({ status: 'met', value: 1 });
    // A kindergarten is not judged.
    expect((await findingOf(c.bureau, tree.schoolA2.id, 'care.screening').catch(() => null))?.status ?? 'not_kept').not.toBe('missed');
    expect((await ok(c.townA.get('/api/v1/care/screenings'))).total).toBe(3);
    await refused(c.officer.get('/api/v1/care/screenings'), 404);
  });
});

describe('counts upward, names never (issue 16)', () => {
  it('towns and the bureau see counts per school, kind and band; the export has counts only', async () => {
    const s = await ok(c.townA.get('/api/v1/care/summary'));
    const a1 = s.items.find((i: any) => i.schoolId === tree.schoolA1.id);
    expect(a1).toMatchObject({ openRecords: 1, overdueFollowUps: 0, byKind: { mental_concern: 1, family_difficulty: 1 }, byBand: { concern: 1 }, requiredGrades: 3, screenedGrades: 3, studentsScreened: 135 });
    expect(s.items.map((i: any) => i.schoolId)).not.toContain(tree.schoolB1.id);
    await refused(c.officer.get('/api/v1/care/summary'), 403);
    await refused(c.teacher.get('/api/v1/care/summary'), 403);
  });

  it('walks every role over every endpoint: no name, note, measure, contact or follow-up leaves the circle', async () => {
    await remindCareFollowUps(t.database.db, '2026-07-17'); // due within three days: the carer is reminded
    const gets = [
      '/api/v1/care/me',
      '/api/v1/care/records',
      '/api/v1/care/records?status=closed',
      `/api/v1/care/records/${recordId}?purpose=review`,
      `/api/v1/care/records?studentName=${encodeURIComponent(NAME)}&purpose=review`,
      `/api/v1/care/records/${recordId}/files/${fileId}?purpose=review`,
      '/api/v1/care/screenings',
      '/api/v1/care/staff',
      '/api/v1/care/reads',
      '/api/v1/care/summary',
      '/api/v1/care/settings',
      `/api/v1/care/schools/${tree.schoolA1.id}/carer-candidates`,
      '/api/v1/notifications',
      '/api/v1/audit-events?pageSize=200',
      `/api/v1/compliance?pageSize=1000`,
      `/api/v1/compliance?unitId=${tree.schoolA1.id}`,
    ];
    const exports = ['/api/v1/care/summary/export', '/api/v1/audit-events/export', '/api/v1/compliance/export'];
    const circle = new Set<Who>(['principal', 'careStaff', 'carer']);
    for (const who of Object.keys(c) as Who[]) {
      for (const url of gets) {
        const res = await c[who].get(url);
        expect(res.statusCode, `${who} ${url}`).toBeLessThan(500);
        const opening = url.includes('purpose=') || url.includes('studentName');
        // Inside the circle only the opened record (and a search's masked rows) may carry the name.
        if (circle.has(who) && opening && res.statusCode === 200) continue;
        expect(leaks(res.body), `${who} ${url}`).toEqual([]);
      }
      for (const url of exports) {
        const res = await c[who].get(url);
        if (res.statusCode === 200) expect(leaks(await xlsxText(res.rawPayload)), `${who} ${url}`).toEqual([]);
        else expect(res.statusCode, `${who} ${url}`).toBeLessThan(500);
      }
    }
    const note = await t.database.db.select().from(notifications).where(eq(notifications.userId, u.carer.id));
    expect(note.map((n) => n.title)).toContain('5年级2班一名包靠学生的随访将于 2026-07-19 到期');
    // The audit trail as stored: ids, codes and purposes, never what was read.
    expect(leaks(JSON.stringify(await t.database.db.select().from(auditEvents)))).toEqual([]);
    expect(leaks(JSON.stringify(await t.database.db.select().from(notifications)))).toEqual([]);
  });
});

describe('close and purge after retention (issue 16)', () => {
  it('closes on graduation and purges after the end of the school year, leaving counts', async () => {
    const r = await ok(c.careStaff.get(`/api/v1/care/records/${recordId}?purpose=correction`));
    expect((await refused(c.careStaff.post(`/api/v1/care/records/${recordId}/close`, { version: r.version, closedOn: '2026-04-30', closeReason: 'graduated' }))).details[0].field).toBe('closedOn');
    const closed = await ok(c.careStaff.post(`/api/v1/care/records/${recordId}/close`, { version: r.version, closedOn: TODAY, closeReason: 'graduated' }));
    expect(closed).toMatchObject({ status: 'closed', purgeOn: '2026-08-31', actions: [] });
    await refused(c.carer.post(`/api/v1/care/records/${recordId}/follow-ups`, { version: closed.version, followedUpOn: TODAY, followUpMethod: 'talk', followUpNote: 'x' }), 409);
    expect(await purgeExpiredCare(t.database.db, '2026-08-31')).toBe(0);
    expect(await purgeExpiredCare(t.database.db, '2026-09-01')).toBe(1);
    expect(await t.database.db.select().from(careRecords).where(eq(careRecords.id, recordId))).toEqual([]);
    expect(await t.database.db.select().from(careFollowUps).where(eq(careFollowUps.recordId, recordId))).toEqual([]);
    expect(await t.database.db.select().from(careFiles).where(eq(careFiles.recordId, recordId))).toEqual([]);
    expect(await t.database.db.select().from(carePurgeCounts)).toMatchObject([{ schoolId: tree.schoolA1.id, schoolYear: '2025-2026', closeReason: 'graduated', records: 1, followUps: 1 }]);
    const a1 = (await ok(c.bureau.get(`/api/v1/care/summary?schoolId=${tree.schoolA1.id}`))).items[0];
    expect(a1).toMatchObject({ openRecords: 0, closedRecords: 0, purgedRecords: 1 });
    // Who read it is still listed, the record itself gone.
    expect((await ok(c.principal.get(`/api/v1/care/reads?recordId=${recordId}`))).items[0]).toMatchObject({ maskedName: '（已清除）' });
  });

  it('the bureau sets a longer retention (rules.manage); nobody else', async () => {
    await refused(c.townA.put('/api/v1/care/settings', { version: 0, retentionExtraYears: 1 }), 403);
    expect(await ok(c.bureau.put('/api/v1/care/settings', { version: 0, retentionExtraYears: 2 }))).toEqual({ version: 1, retentionExtraYears: 2 });
    await refused(c.bureau.put('/api/v1/care/settings', { version: 0, retentionExtraYears: 1 }), 409);
    const r = await ok(newRecord(c.principal, { studentName: '李小红' }), 201);
    const closed = await ok(c.principal.post(`/api/v1/care/records/${r.id}/close`, { version: r.version, closedOn: TODAY, closeReason: 'transferred' }));
    expect(closed.purgeOn).toBe('2028-08-31');
  });
});

describe('the key (issue 16: no plain text without it)', () => {
  it('refuses writes with 503 when the key is missing, and refuses to start when sealed records exist', async () => {
    const sealer = careSealer();
    setCareSealer(null);
    try {
      expect((await refused(newRecord(c.principal, { studentName: '王五' }), 503)).code).toBe('CARE_KEY_MISSING');
      expect((await ok(c.principal.get('/api/v1/care/me'))).keyReady).toBe(false);
      const none = loadCareKeys({ careKey: null, careKeysPrevious: null, dataDir: '/nonexistent-anxiao', demo: false });
      expect(none).toMatchObject({ sealer: null, source: 'none' });
      const err = await assertCareKeyReady(t.database.db, none.sealer).catch((e) => e);
      expect(err).toBeInstanceOf(CareKeyMissingError);
      expect(err.message).toContain('拒绝启动');
      expect(err.message).toContain('refusing to start');
    } finally {
      setCareSealer(sealer);
    }
    await expect(assertCareKeyReady(t.database.db, sealer)).resolves.toBeUndefined();
  });
});

describe('key rotation (ARCHITECTURE.md)', () => {
  it('opens old values with the previous key, re-seals them under the new one, and finds names under both', async () => {
    const old = careSealer();
    // A file sealed under the old key, re-sealed by the rotation with the rest of its record.
    const withFile = await ok(newRecord(c.principal, { studentName: '孙小美' }), 201);
    const oldFile = await ok(c.principal.upload(`/api/v1/care/records/${withFile.id}/files`, { name: '同意书.pdf', bytes: secretPdf() }), 201);
    const fresh = new Sealer(Buffer.from('5b'.repeat(32), 'hex'), [Buffer.from('6a'.repeat(32), 'hex')]);
    setCareSealer(fresh);
    try {
      const r = await ok(newRecord(c.principal, { studentName: '钱多多' }), 201);
      await ok(c.carer.post(`/api/v1/care/records/${r.id}/follow-ups`, { version: r.version, followedUpOn: TODAY, followUpMethod: 'phone', followUpNote: '电话沟通' }), 201);
      // Rows sealed under the old key are still found by name and opened.
      const before = await ok(c.principal.get(`/api/v1/care/records?studentName=${encodeURIComponent('李小红')}&status=closed&purpose=correction`));
      expect(before.items[0]).toMatchObject({ maskedName: '李*红' });
      const n = await rekeyCare(t.database.db, fresh);
      expect(n.records).toBeGreaterThan(0);
      expect(n.files).toBe(1);
      expect(await rekeyCare(t.database.db, fresh)).toEqual({ records: 0, followUps: 0, files: 0 });
      // The old key can go: the new one alone opens everything.
      setCareSealer(new Sealer(Buffer.from('5b'.repeat(32), 'hex')));
      const again = await ok(c.principal.get(`/api/v1/care/records?studentName=${encodeURIComponent('李小红')}&status=closed&purpose=correction`));
      expect(again.items[0]).toMatchObject({ maskedName: '李*红' });
      expect((await ok(c.principal.get(`/api/v1/care/records/${again.items[0].id}?purpose=correction`))).studentName).toBe('李小红');
      const dl = await c.principal.get(`/api/v1/care/records/${withFile.id}/files/${oldFile.id}?purpose=correction`);
      expect(dl.statusCode).toBe(200);
      expect(dl.rawPayload.equals(secretPdf())).toBe(true);
    } finally {
      setCareSealer(old);
    }
  });
});

