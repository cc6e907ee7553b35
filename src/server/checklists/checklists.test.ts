import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinChecklists } from '../../domain/checklists/builtin.js';
import type { ChecklistSection } from '../../domain/checklists/checklist.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { buildDistrict, buildTree, buildUser, login, type Client } from '../test/factories.js';
import { currentVersionOf, ensureBuiltinChecklists, loadChecklistVersion } from './checklists.service.js';

const CAMPAIGN = '校园安全风险隐患排查表（专项整治）';
const KG = '幼儿园安全检查表';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let admin: Client;
let leader: Client;
let school: Client;
let otherAdmin: Client;
let campaignId: number;

const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);
const seed = (districtId: number, shipped = builtinChecklists) => t.database.db.transaction((tx) => ensureBuiltinChecklists(tx, districtId, shipped));

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  tree = await buildTree(db);
  await seed(tree.districtId);
  admin = await login(t.app, (await buildUser(db, tree.bureau, ['bureau_admin'])).username);
  leader = await login(t.app, (await buildUser(db, tree.bureau, ['bureau_leader'])).username);
  school = await login(t.app, (await buildUser(db, tree.schoolA1, ['school_safety_officer'])).username);
  const other = await buildDistrict(db);
  await seed(other.districtId);
  otherAdmin = await login(t.app, (await buildUser(db, other.bureau, ['bureau_admin'])).username);
  campaignId = (await admin.get('/api/v1/checklists')).json().items.find((x: { name: string }) => x.name === CAMPAIGN).id;
});
afterAll(() => t.close());

/** A custom copy of the campaign form to edit, with a fresh name. */
async function copy(name = `自定义排查表${Math.random().toString(36).slice(2, 7)}`) {
  const res = await admin.post(`/api/v1/checklists/${campaignId}/copy`, { name });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('built-in templates', () => {
  it('every district has them, version 1, read-only, listed first', async () => {
    const res = await admin.get('/api/v1/checklists');
    expect(res.statusCode).toBe(200);
    const list = res.json();
    const campaign = list.items.find((x: { name: string }) => x.name === CAMPAIGN);
    expect(campaign).toMatchObject({ builtin: true, status: 'active', currentVersion: 1, sectionCount: 10, actions: ['copy', 'archive'] });
    expect(campaign.itemCount).toBeGreaterThanOrEqual(50);
    expect(list.items.find((x: { name: string }) => x.name === KG)).toMatchObject({ builtin: true, currentVersion: 1 });
  });

  it('seeding again changes nothing and writes nothing', async () => {
    const before = (await admin.get('/api/v1/audit-events?objectType=checklist&pageSize=1')).json().total;
    const out = await seed(tree.districtId);
    expect(out.map((o) => o.outcome)).toEqual(builtinChecklists.map(() => 'unchanged'));
    expect((await admin.get('/api/v1/audit-events?objectType=checklist&pageSize=1')).json().total).toBe(before);
    expect((await admin.get(`/api/v1/checklists?builtin=true`)).json().total).toBe(builtinChecklists.length);
  });

  it('shipped content that changed becomes a new version; the old one stays', async () => {
    const { districtId } = await buildDistrict(t.database.db);
    const [created] = await seed(districtId, builtinChecklists.slice(0, 1));
    const v1 = await currentVersionOf(t.database.db, districtId, created.id!);
    const changed = structuredClone(builtinChecklists.slice(0, 1));
    changed[0].sections[0].items[0].standard = '签约率 100%（修订）';
    const [updated] = await seed(districtId, changed);
    expect(updated.outcome).toBe('updated');
    const v2 = await currentVersionOf(t.database.db, districtId, created.id!);
    expect(v2.number).toBe(2);
    expect(v2.sections[0].items[0].standard).toBe('签约率 100%（修订）');
    const old = await loadChecklistVersion(t.database.db, districtId, v1.versionId);
    expect(old.sections[0].items[0].standard).toBe('签约率 100%，层层签订、责任到人');
  });

  it('shows the ten areas of seed 002 with their items and sources', async () => {
    const d = (await school.get(`/api/v1/checklists/${campaignId}`)).json();
    expect(d.shown.number).toBe(1);
    expect(d.shown.sections).toHaveLength(10);
    const guards = d.shown.sections.find((s: ChecklistSection) => s.area === 'guards');
    // 002 area 8: each gate at least 2 guards while students are in school.
    expect(guards.items.find((i: { key: string }) => i.key === 'guard-02')).toMatchObject({ source: '002 第8条', standard: expect.stringContaining('至少 2 名') });
    expect(d.versions).toEqual([expect.objectContaining({ number: 1, createdByName: null })]);
  });

  it('cannot be edited: 409 with a Chinese message saying to copy it', async () => {
    const d = (await admin.get(`/api/v1/checklists/${campaignId}`)).json();
    const res = await put(admin, `/api/v1/checklists/${campaignId}`, { version: d.version, name: d.name, sections: d.shown.sections });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CHECKLIST_BUILTIN', message: expect.stringContaining('复制') });
  });
});

describe('copying and editing', () => {
  it('copies the current version into a new editable template and audits it', async () => {
    const c = await copy('区级抽查排查表');
    expect(c).toMatchObject({ name: '区级抽查排查表', builtin: false, currentVersion: 1, copiedFromId: campaignId, copiedFromName: CAMPAIGN, actions: ['copy', 'update', 'archive'] });
    const source = (await admin.get(`/api/v1/checklists/${campaignId}`)).json();
    expect(c.shown.sections).toEqual(source.shown.sections);
    expect(c.versions[0].createdByName).toBeTruthy();
    const events = (await admin.get(`/api/v1/audit-events?objectType=checklist&objectId=${c.id}`)).json();
    expect(events.items[0]).toMatchObject({ action: 'create', after: expect.objectContaining({ copiedFromId: campaignId }) });
  });

  it('refuses a copy with a name already used', async () => {
    const res = await admin.post(`/api/v1/checklists/${campaignId}/copy`, { name: KG });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('已有名为');
    const short = await admin.post(`/api/v1/checklists/${campaignId}/copy`, { name: 'a' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/^名称：/);
  });

  it('saving changed content writes a new version; the version an inspection used is kept', async () => {
    const c = await copy();
    const sections: ChecklistSection[] = structuredClone(c.shown.sections);
    sections[7].items.push({ key: 'guard-99', text: '保安员着装规范、佩戴上岗证', method: '现场查看', standard: '', source: '' });
    sections.splice(9, 1);
    const res = await put(admin, `/api/v1/checklists/${c.id}`, { version: c.version, name: c.name, description: '本区 2024 年版', sections });
    expect(res.statusCode).toBe(200);
    const saved = res.json();
    expect(saved).toMatchObject({ currentVersion: 2, description: '本区 2024 年版', sectionCount: 9, itemCount: c.itemCount + 1 - c.shown.sections[9].items.length });
    expect(saved.versions.map((v: { number: number }) => v.number)).toEqual([2, 1]);

    // The old version, as an inspection holding its id reads it.
    const v1 = (await admin.get(`/api/v1/checklists/versions/${c.currentVersionId}`)).json();
    expect(v1).toMatchObject({ number: 1, current: false, templateId: c.id });
    expect(v1.sections).toHaveLength(10);
    expect((await admin.get(`/api/v1/checklists/${c.id}?version=1`)).json().shown.sections).toEqual(c.shown.sections);
    const cur = await currentVersionOf(t.database.db, tree.districtId, c.id);
    expect(cur).toMatchObject({ number: 2, versionId: saved.currentVersionId });
    expect(cur.sections[7].items.at(-1)!.key).toBe('guard-99');

    const events = (await admin.get(`/api/v1/audit-events?objectType=checklist&objectId=${c.id}&action=update`)).json();
    expect(events.items[0].after).toMatchObject({ currentVersion: 2, newVersion: true });
  });

  it('a rename alone writes no new version', async () => {
    const c = await copy();
    const res = await put(admin, `/api/v1/checklists/${c.id}`, { version: c.version, name: `${c.name}改`, sections: c.shown.sections });
    expect(res.json()).toMatchObject({ name: `${c.name}改`, currentVersion: 1, version: c.version + 1 });
  });

  it('a stale version gets 409 and changes nothing', async () => {
    const c = await copy();
    expect((await put(admin, `/api/v1/checklists/${c.id}`, { version: c.version, name: `${c.name}1`, sections: c.shown.sections })).statusCode).toBe(200);
    const res = await put(admin, `/api/v1/checklists/${c.id}`, { version: c.version, name: `${c.name}2`, sections: [] as unknown[] });
    // Content is checked first: an empty form is a 400 whatever the version.
    expect(res.statusCode).toBe(400);
    const stale = await put(admin, `/api/v1/checklists/${c.id}`, { version: c.version, name: `${c.name}2`, sections: c.shown.sections });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    expect((await admin.get(`/api/v1/checklists/${c.id}`)).json().name).toBe(`${c.name}1`);
  });
});

describe('validation', () => {
  let c: { id: number; version: number; name: string; shown: { sections: ChecklistSection[] } };
  beforeAll(async () => {
    c = await copy();
  });
  const save = (sections: unknown) => put(admin, `/api/v1/checklists/${c.id}`, { version: c.version, name: c.name, sections });

  it('needs at least one section', async () => {
    const res = await save([]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('检查表内容：检查表至少需要一个部分（检查领域）');
  });

  it('needs at least one item in each section', async () => {
    const res = await save([{ title: '一、消防', area: 'fire_chemicals', items: [] }]);
    expect(res.json().error.details[0]).toMatchObject({ field: 'sections.0.items', message: expect.stringContaining('至少需要一个检查项') });
  });

  it('needs the text of every item, naming the section and item', async () => {
    const sections = structuredClone(c.shown.sections);
    sections[1].items[2].text = '  ';
    const res = await save(sections);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('检查表内容：第 2 部分第 3 项的检查内容不能为空');
    expect(res.json().error.details[0].field).toBe('sections.1.items.2.text');
  });

  it('refuses duplicate item keys', async () => {
    const sections = structuredClone(c.shown.sections);
    sections[2].items[0].key = sections[0].items[0].key;
    const res = await save(sections);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('重复');
  });

  it('refuses an unknown area with the field named', async () => {
    const res = await save([{ title: '其他', area: 'weather', items: [{ key: 'x-1', text: '检查' }] }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^检查表内容：/);
    expect(res.json().error.details[0].field).toBe('sections.0.area');
  });

  it('leaves the template as it was', async () => {
    const d = (await admin.get(`/api/v1/checklists/${c.id}`)).json();
    expect(d).toMatchObject({ version: c.version, currentVersion: 1 });
    expect(d.versions).toHaveLength(1);
  });
});

describe('archiving', () => {
  it('archives and restores, refuses edits while archived, filters by status', async () => {
    const c = await copy();
    const archived = await admin.post(`/api/v1/checklists/${c.id}/archive`, { version: c.version });
    expect(archived.json()).toMatchObject({ status: 'archived', actions: ['copy', 'restore'] });
    const edit = await put(admin, `/api/v1/checklists/${c.id}`, { version: archived.json().version, name: c.name, sections: c.shown.sections });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('CHECKLIST_ARCHIVED');
    const ids = (await admin.get('/api/v1/checklists?status=archived')).json().items.map((x: { id: number }) => x.id);
    expect(ids).toContain(c.id);
    expect((await admin.get('/api/v1/checklists?status=active&pageSize=200')).json().items.map((x: { id: number }) => x.id)).not.toContain(c.id);
    // Its versions stay readable for the inspections that used them.
    expect((await admin.get(`/api/v1/checklists/versions/${c.currentVersionId}`)).statusCode).toBe(200);
    const again = await admin.post(`/api/v1/checklists/${c.id}/archive`, { version: archived.json().version });
    expect(again.statusCode).toBe(409);
    const restored = await admin.post(`/api/v1/checklists/${c.id}/restore`, { version: archived.json().version });
    expect(restored.json().status).toBe('active');
    const events = (await admin.get(`/api/v1/audit-events?objectType=checklist&objectId=${c.id}`)).json();
    expect(events.items.map((e: { action: string }) => e.action)).toEqual(['restore', 'archive', 'create']);
  });
});

describe('access', () => {
  it('a school safety officer reads but cannot copy, edit or archive (403)', async () => {
    const c = await copy();
    const list = (await school.get('/api/v1/checklists')).json();
    expect(list.items.every((x: { actions: string[] }) => x.actions.length === 0)).toBe(true);
    const edit = await put(school, `/api/v1/checklists/${c.id}`, { version: c.version, name: c.name, sections: c.shown.sections });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().error.message).toBe('您的角色没有此项权限');
    expect((await school.post(`/api/v1/checklists/${campaignId}/copy`, { name: '学校自建表' })).statusCode).toBe(403);
    expect((await school.post(`/api/v1/checklists/${c.id}/archive`, { version: c.version })).statusCode).toBe(403);
    // A bureau leader reads, and manages nothing.
    expect((await leader.post(`/api/v1/checklists/${campaignId}/copy`, { name: '领导自建表' })).statusCode).toBe(403);
  });

  it("another district's templates are not found, by id, list, version or export", async () => {
    const c = await copy();
    const list = (await otherAdmin.get('/api/v1/checklists?pageSize=200')).json();
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(c.id);
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(campaignId);
    expect((await otherAdmin.get(`/api/v1/checklists/${c.id}`)).statusCode).toBe(404);
    expect((await otherAdmin.get(`/api/v1/checklists/versions/${c.currentVersionId}`)).statusCode).toBe(404);
    expect((await otherAdmin.get(`/api/v1/checklists/${c.id}/export`)).statusCode).toBe(404);
    expect((await otherAdmin.post(`/api/v1/checklists/${c.id}/copy`, { name: '偷来的表' })).statusCode).toBe(404);
    expect((await otherAdmin.post(`/api/v1/checklists/${c.id}/archive`, { version: c.version })).statusCode).toBe(404);
    const edit = await put(otherAdmin, `/api/v1/checklists/${c.id}`, { version: c.version, name: c.name, sections: c.shown.sections });
    expect(edit.statusCode).toBe(404);
    expect(edit.json().error.message).toBe('检查表模板不存在或无权访问');
    await expect(loadChecklistVersion(t.database.db, tree.districtId + 100000, c.currentVersionId)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('export', () => {
  it('the blank form as .xlsx with the Chinese headers, audited', async () => {
    const res = await school.get(`/api/v1/checklists/${campaignId}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(String(sheet.getRow(1).getCell(1).value)).toBe(`${CAMPAIGN}（第 1 版）`);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '检查领域', '检查内容', '检查方法', '标准/依据', '检查结果', '备注']);
    const first = sheet.getRow(4);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(2).value).toBe('一、校园安全管理机制');
    expect(String(first.getCell(5).value)).toContain('依据：000 第1条');
    const d = (await admin.get(`/api/v1/checklists/${campaignId}`)).json();
    expect(sheet.rowCount).toBe(3 + d.itemCount);
    const events = (await admin.get(`/api/v1/audit-events?objectType=checklist&action=export`)).json();
    expect(events.items[0]).toMatchObject({ objectId: String(campaignId) });
  });

  it('an old version on request; a missing one is 404', async () => {
    expect((await admin.get(`/api/v1/checklists/${campaignId}/export?version=1`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/checklists/${campaignId}/export?version=9`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/checklists/${campaignId}?version=9`)).statusCode).toBe(404);
  });
});

describe('seeding a new database', () => {
  it('bootstrap without the demo gives the new district the built-in templates; a restart adds nothing', async () => {
    const { bootstrap } = await import('../bootstrap.js');
    const { ensureBuiltinChecklistsEverywhere } = await import('./checklists.service.js');
    const { checklistTemplates, checklistVersions } = await import('../db/schema.js');
    const fresh = await startTestApp();
    try {
      const db = fresh.database.db;
      expect((await bootstrap(db, false)).kind).toBe('admin');
      const rows = await db.select().from(checklistTemplates);
      expect(rows.map((r) => [r.name, r.builtin, r.currentVersion])).toEqual(builtinChecklists.map((b) => [b.name, true, 1]));
      await ensureBuiltinChecklistsEverywhere(db);
      expect(await db.select().from(checklistVersions)).toHaveLength(builtinChecklists.length);
    } finally {
      await fresh.close();
    }
  });
});
