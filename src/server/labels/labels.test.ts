// QR labels through the API (issue 17): every kind of place and the equipment get a stable code, the
// sheet is a real A4 PDF with the names, the QR code decodes back to the URL and the URL opens the
// right thing (checklist items, due inspection, the hazard prefill); another school's, a revoked and
// a malformed code are refused; printing is audited; a missing font is a clear Chinese 503.
import { readdirSync, readFileSync } from 'node:fs';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOfUrl } from '../../domain/labels.js';
import { ensureBuiltinChecklists } from '../checklists/checklists.service.js';
import { auditEvents, labels, units } from '../db/schema.js';
import { buildTree, ledgerPeople, ok, refused, signedInUsers, type Client, type Tree } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';

const PUBLIC_URL = 'https://anxiao.example.cn/safety';
let t: TestContext;
let tree: Tree;
let c: Record<keyof ReturnType<typeof ledgerPeople>, Client>;
let equipmentId = 0;
let profileBody: Record<string, any>;

async function pdfText(body: Buffer) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(body), useSystemFonts: false, disableFontFace: true }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) pages.push((await (await doc.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(''));
  await doc.destroy();
  return pages;
}

beforeAll(async () => {
  t = await startTestApp({ publicUrl: PUBLIC_URL });
  t.now.value = new Date('2026-05-10T02:00:00Z');
  tree = await buildTree(t.database.db);
  ({ c } = await signedInUsers(t.app, t.database.db, ledgerPeople(tree)));
  await ensureBuiltinChecklists(t.database.db, tree.districtId);
  await t.database.db.update(units).set({ canteen: true }).where(eq(units.id, tree.schoolA1.id));
  const a1 = tree.schoolA1.id;
  const building = (name: string, floors: number) =>
    ok(c.officerA1.post('/api/v1/buildings', { schoolId: a1, name, use: 'teaching', yearBuilt: 2010, structure: 'frame', floors, floorArea: 3000, appraisalGrade: 'A', appraisedOn: '2026-04-20', appraisedBy: '市房屋安全鉴定所' }), 201);
  await building('1号教学楼', 6);
  await building('实验楼', 5);
  const chemical = (store: string, name: string) =>
    ok(c.officerA1.post('/api/v1/chemicals', { schoolId: a1, store, name, unit: 'mL', controlClass: 'none', storagePlace: '1号柜', keeperA: '王磊', keeperB: '李娜' }), 201);
  await chemical('化学药品室', '无水乙醇');
  await chemical('化学药品室', '盐酸');
  await chemical('生物药品室', '甲醛溶液');
  const guards = { school_hours: 2, arrival_peak: 4, dismissal_peak: 4, night: 1 };
  profileBody = {
    schoolId: a1,
    recordedOn: '2026-05-06',
    gates: [{ name: '东门', guards }, { name: '北门', guards }],
    alarms: { installed: 4, working: 4, lastTestedOn: '2026-02-20' },
    video: { retentionDays: 30, linkedToBureau: true },
    perimeterAlarm: { installed: true, armed24h: true },
  };
  await ok(c.officerA1.post('/api/v1/security-profiles', profileBody), 201);
  const lift = await ok(
    c.officerA1.post('/api/v1/special-equipment', {
      schoolId: a1,
      kind: 'lift',
      name: '教学楼1号电梯',
      location: '教学楼东侧',
      responsiblePerson: '张校长',
      maintenanceUnit: '市电梯维保有限公司',
      safetyManager: '李安全',
      registrationNo: '梯11鲁H00123',
      operatorName: '王师傅',
      operatorCertNo: 'T3701001',
      operatorCertExpiresOn: '2028-06-30',
      inspectionDueOn: '2026-06-09',
    }),
    201,
  );
  equipmentId = lift.id;
  await ok(c.officerA1.post('/api/v1/equipment-logs', { equipmentId, kind: 'inspection', doneOn: '2026-05-08', doneBy: '市特种设备检验研究院', dueOn: '2026-06-09', onTime: true, nextDueOn: '2027-05-07', reportNo: 'DT2026-0508' }), 201);
  // A dozen records through the API and the built-in checklists: more than the default hook time on a loaded machine.
}, 180_000);
afterAll(() => t?.close());

const listOf = (client: Client, schoolId: number, kind?: string) => ok(client.get(`/api/v1/labels?schoolId=${schoolId}${kind ? `&kind=${kind}` : ''}`));
/** The valid codes of the school as stored, by kind and key. */
const stored = (schoolId: number) =>
  t.database.db
    .select({ kind: labels.kind, ref: labels.ref, code: labels.code })
    .from(labels)
    .where(and(eq(labels.schoolId, schoolId), isNull(labels.revokedAt)))
    .orderBy(asc(labels.kind), asc(labels.ref));

describe('QR labels (issue 17)', () => {
  it('issues the codes when the things are recorded: listing and printing only read', async () => {
    // Nobody has listed the labels yet: the codes are there from the writes of beforeAll.
    const issued = await stored(tree.schoolA1.id);
    expect(issued).toHaveLength(19);
    await listOf(c.officerA1, tree.schoolA1.id);
    expect((await c.officerA1.get(`/api/v1/labels/sheet?schoolId=${tree.schoolA1.id}&kind=gate`)).statusCode).toBe(200);
    expect(await stored(tree.schoolA1.id)).toEqual(issued);
    // A school with nothing recorded has no codes, and listing issues none.
    expect((await listOf(c.officerB1, tree.schoolB1.id)).items).toEqual([]);
    expect(await stored(tree.schoolB1.id)).toEqual([]);
  });

  it('gives every building, floor, the canteen, each lab store, gate and item of equipment one code, the same on every listing', async () => {
    const list = await listOf(c.officerA1, tree.schoolA1.id);
    expect(list).toMatchObject({ schoolId: tree.schoolA1.id, schoolName: tree.schoolA1.name, canRevoke: true });
    const count = (k: string) => list.items.filter((i: any) => i.kind === k).length;
    expect([count('building'), count('floor'), count('canteen'), count('lab_store'), count('gate'), count('equipment')]).toEqual([2, 11, 1, 2, 2, 1]);
    expect(list.items.map((i: any) => i.name)).toEqual(expect.arrayContaining(['1号教学楼', '1号教学楼 6层', '实验楼 5层', '学校食堂', '化学药品室', '生物药品室', '东门', '北门', '教学楼1号电梯']));
    for (const i of list.items) {
      expect(i.code).toMatch(/^[0-9a-f]{32}$/);
      expect(i.url).toBe(`${PUBLIC_URL}/q/${i.code}`);
    }
    expect(new Set(list.items.map((i: any) => i.code)).size).toBe(list.items.length);
    // Stable: printed labels keep working; the town above sees the same codes.
    expect((await listOf(c.officerA1, tree.schoolA1.id)).items.map((i: any) => i.code)).toEqual(list.items.map((i: any) => i.code));
    expect((await listOf(c.townA, tree.schoolA1.id)).items.map((i: any) => i.code)).toEqual(list.items.map((i: any) => i.code));
    expect((await listOf(c.officerA1, tree.schoolA1.id, 'gate')).items.map((i: any) => i.name)).toEqual(['东门', '北门']);
  });

  it('prints a real A4 PDF: two pages for 19 labels, with the names, kinds and school; the printing is audited', async () => {
    const before = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'label'), eq(auditEvents.action, 'export')));
    const res = await c.officerA1.get(`/api/v1/labels/sheet?schoolId=${tree.schoolA1.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('二维码标签.pdf'));
    const body = res.rawPayload;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    // A subset of the CJK font, not the whole 19 MB file.
    expect(body.length).toBeLessThan(1_000_000);
    const pages = await pdfText(body);
    expect(pages).toHaveLength(2);
    // Printed in order, 12 to a page: the two buildings with their floors fill the first.
    for (const name of ['1号教学楼', '1号教学楼 6层', '实验楼 4层', '校舍', '楼层', tree.schoolA1.name]) expect(pages[0]).toContain(name);
    expect(pages[0]).not.toContain('实验楼 5层');
    for (const name of ['实验楼 5层', '学校食堂', '化学药品室', '生物药品室', '东门', '北门', '教学楼1号电梯', '特种设备', '药品室', '校门', tree.schoolA1.name]) expect(pages[1]).toContain(name);
    const after = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'label'), eq(auditEvents.action, 'export')));
    expect(after.length).toBe(before.length + 1);
    // One kind: one page.
    expect(await pdfText((await c.officerA1.get(`/api/v1/labels/sheet?schoolId=${tree.schoolA1.id}&kind=equipment`)).rawPayload)).toHaveLength(1);
  });

  it('the QR code decodes back to the URL, and the URL opens the floor with its checklist items and the hazard prefill', async () => {
    const floor = (await listOf(c.officerA1, tree.schoolA1.id, 'floor')).items.find((i: any) => i.name === '1号教学楼 2层');
    const png = PNG.sync.read(await QRCode.toBuffer(floor.url, { errorCorrectionLevel: 'M' }));
    const scanned = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    expect(scanned).toBe(floor.url);
    const code = codeOfUrl(scanned!);
    // A teacher of the school scans it.
    const open = await ok(c.teacher.get(`/api/v1/labels/${code}`));
    expect(open).toMatchObject({ kind: 'floor', name: '1号教学楼 2层', schoolId: tree.schoolA1.id, hazard: { area: 'fire_chemicals', location: '1号教学楼 2层' }, equipment: null, canReportHazard: true });
    expect(open.checklistItems.length).toBeGreaterThan(0);
    expect(new Set(open.checklistItems.map((i: any) => i.area))).toEqual(new Set(['fire_chemicals', 'defences']));
    const canteen = (await listOf(c.officerA1, tree.schoolA1.id, 'canteen')).items[0];
    const food = await ok(c.officerA1.get(`/api/v1/labels/${canteen.code}`));
    expect(food.hazard.area).toBe('food_disease');
    expect(food.checklistItems.every((i: any) => i.area === 'food_disease')).toBe(true);
    expect(food.checklistItems.length).toBeGreaterThan(0);
  });

  it('opens equipment with its record and due inspection', async () => {
    const label = (await listOf(c.officerA1, tree.schoolA1.id, 'equipment')).items[0];
    const open = await ok(c.officerA1.get(`/api/v1/labels/${label.code}`));
    expect(open).toMatchObject({ kind: 'equipment', name: '教学楼1号电梯', hazard: { location: '教学楼1号电梯（教学楼东侧）' }, checklistItems: [] });
    expect(open.equipment).toMatchObject({ id: equipmentId, nextInspectionDueOn: '2027-05-07', lastInspectedOn: '2026-05-08' });
  });

  it('another school’s code is not found, nor are its labels', async () => {
    const label = (await listOf(c.officerA1, tree.schoolA1.id, 'gate')).items[0];
    expect((await refused(c.officerB1.get(`/api/v1/labels/${label.code}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.get(`/api/v1/labels?schoolId=${tree.schoolA1.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.get(`/api/v1/labels/sheet?schoolId=${tree.schoolA1.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.get(`/api/v1/labels/${'f'.repeat(32)}`), 404)).code).toBe('NOT_FOUND');
  });

  it('a revoked code is not found; its thing gets a new code; only a ledger keeper revokes', async () => {
    const old = (await listOf(c.officerA1, tree.schoolA1.id, 'lab_store')).items[0];
    expect((await refused(c.teacher.post(`/api/v1/labels/${old.code}/revoke`, { reason: '标签被撕毁' }), 403)).code).toBe('FORBIDDEN');
    const next = await ok(c.officerA1.post(`/api/v1/labels/${old.code}/revoke`, { reason: '标签被撕毁' }));
    expect(next).toMatchObject({ kind: 'lab_store', name: old.name });
    expect(next.code).not.toBe(old.code);
    expect((await refused(c.officerA1.get(`/api/v1/labels/${old.code}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerA1.post(`/api/v1/labels/${old.code}/revoke`, { reason: '再次' }), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.officerA1.get(`/api/v1/labels/${next.code}`))).name).toBe(old.name);
    expect((await listOf(c.officerA1, tree.schoolA1.id, 'lab_store')).items.find((i: any) => i.name === old.name).code).toBe(next.code);
    const [event] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'label'), eq(auditEvents.action, 'void')));
    expect(JSON.stringify(event)).not.toContain(old.code);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/labels', '/api/v1/labels/sheet', '/api/v1/labels/{code}', '/api/v1/labels/{code}/revoke']));
  });

  it('refuses bad input naming the field in Chinese', async () => {
    expect((await refused(c.officerA1.get('/api/v1/labels/12345'))).message).toContain('标签码');
    expect((await refused(c.officerA1.get('/api/v1/labels'))).message).toContain('学校');
    expect((await refused(c.officerA1.get(`/api/v1/labels?schoolId=${tree.schoolA1.id}&kind=roof`))).message).toContain('标签类型');
    const label = (await listOf(c.officerA1, tree.schoolA1.id, 'gate')).items[0];
    expect((await refused(c.officerA1.post(`/api/v1/labels/${label.code}/revoke`, { reason: ' ' }))).message).toContain('撤销原因');
    expect((await refused(c.townA.get(`/api/v1/labels?schoolId=${tree.townA.id}`))).message).toContain('学校');
  });

  it('without the CJK font the sheet is a clear Chinese 503, and nothing is audited', async () => {
    const config = t.app.deps.config;
    const before = (await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'label'))).length;
    config.labelFont = '/nonexistent/NotoSansCJK-Regular.ttc';
    try {
      const err = await refused(c.officerA1.get(`/api/v1/labels/sheet?schoolId=${tree.schoolA1.id}`), 503);
      expect(err).toMatchObject({ code: 'LABEL_FONT_MISSING' });
      expect(err.message).toContain('中文字体');
    } finally {
      config.labelFont = null;
    }
    expect((await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'label'))).length).toBe(before);
  });

  it('a building given more floors gets codes for the new floors; the others keep theirs', async () => {
    const before = (await listOf(c.officerA1, tree.schoolA1.id, 'floor')).items;
    const b = (await ok(c.officerA1.get(`/api/v1/buildings?schoolId=${tree.schoolA1.id}`))).items.find((x: any) => x.name === '实验楼');
    await ok(c.officerA1.patch(`/api/v1/buildings/${b.id}`, { version: b.version, floors: 6 }));
    const after = (await listOf(c.officerA1, tree.schoolA1.id, 'floor')).items;
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((i: any) => before.some((x: any) => x.code === i.code))).toHaveLength(before.length);
    expect(after.find((i: any) => i.name === '实验楼 6层').code).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a renamed gate keeps its printed code: a new profile with the gate renamed at its place', async () => {
    const [east, north] = (await listOf(c.officerA1, tree.schoolA1.id, 'gate')).items;
    expect([east.name, north.name]).toEqual(['东门', '北门']);
    const guards = profileBody.gates[0].guards;
    await ok(c.officerA1.post('/api/v1/security-profiles', { ...profileBody, recordedOn: '2026-05-09', gates: [{ name: '东大门', guards }, { name: '北门', guards }, { name: '西门', guards }] }), 201);
    const gates = (await listOf(c.officerA1, tree.schoolA1.id, 'gate')).items;
    expect(gates.map((g: any) => g.name)).toEqual(['东大门', '北门', '西门']);
    expect(gates[0].code).toBe(east.code);
    expect(gates[1].code).toBe(north.code);
    expect((await ok(c.officerA1.get(`/api/v1/labels/${east.code}`))).name).toBe('东大门');
  });

  it('a lab store renamed by moving its last chemical keeps its code; a store split in two gets a new one', async () => {
    const stores = (await listOf(c.officerA1, tree.schoolA1.id, 'lab_store')).items;
    const bio = stores.find((i: any) => i.name === '生物药品室');
    const chems = (await ok(c.officerA1.get(`/api/v1/chemicals?schoolId=${tree.schoolA1.id}`))).items;
    const formalin = chems.find((x: any) => x.name === '甲醛溶液');
    await ok(c.officerA1.patch(`/api/v1/chemicals/${formalin.id}`, { version: formalin.version, store: '生物准备室' }));
    const moved = (await listOf(c.officerA1, tree.schoolA1.id, 'lab_store')).items.find((i: any) => i.name === '生物准备室');
    expect(moved.code).toBe(bio.code);
    // One of the two chemicals of 化学药品室 moves out: the store stays, the new one gets its own code.
    const chem = stores.find((i: any) => i.name === '化学药品室');
    const hcl = chems.find((x: any) => x.name === '盐酸');
    await ok(c.officerA1.patch(`/api/v1/chemicals/${hcl.id}`, { version: hcl.version, store: '酸碱柜间' }));
    const after = (await listOf(c.officerA1, tree.schoolA1.id, 'lab_store')).items;
    expect(after.find((i: any) => i.name === '化学药品室').code).toBe(chem.code);
    expect(after.find((i: any) => i.name === '酸碱柜间').code).not.toBe(chem.code);
  });

  it('the migration’s backfill issues, for things recorded before it, exactly the things the service lists', async () => {
    const listed = (await listOf(c.officerA1, tree.schoolA1.id)).items.map((i: any) => `${i.kind}|${i.name}`).length;
    // The last statement of the migration that added the triggers (found by content: the lead renumbers migrations).
    const dir = new URL('../../../migrations/', import.meta.url);
    const file = readdirSync(dir).find((f) => f.endsWith('.sql') && readFileSync(new URL(f, dir), 'utf8').includes('FUNCTION labels_issue('))!;
    const backfill = readFileSync(new URL(file, dir), 'utf8').split('--> statement-breakpoint').at(-1)!;
    let reissued: Array<{ kind: string; ref: string }> = [];
    let kept: Array<{ kind: string; ref: string }> = [];
    await t.database.db
      .transaction(async (tx) => {
        kept = await tx.select({ kind: labels.kind, ref: labels.ref }).from(labels).where(and(eq(labels.schoolId, tree.schoolA1.id), isNull(labels.revokedAt))).orderBy(asc(labels.kind), asc(labels.ref));
        await tx.delete(labels).where(eq(labels.schoolId, tree.schoolA1.id));
        await tx.execute(sql.raw(backfill));
        reissued = await tx.select({ kind: labels.kind, ref: labels.ref }).from(labels).where(eq(labels.schoolId, tree.schoolA1.id)).orderBy(asc(labels.kind), asc(labels.ref));
        tx.rollback();
      })
      .catch((err) => {
        if (!String(err?.message ?? err).includes('Rollback')) throw err;
      });
    expect(reissued).toHaveLength(listed);
    expect(reissued).toEqual(kept);
  });
});
