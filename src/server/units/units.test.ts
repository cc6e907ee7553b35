import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../test/harness.js';
import { buildTree, buildUser, login, xlsxColumn, type Client } from '../test/factories.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t.database.db);
  admin = await login(t.app, (await buildUser(t.database.db, tree.bureau, ['bureau_admin'])).username);
});
afterAll(() => t.close());

const school = (over: Record<string, unknown> = {}) => ({
  kind: 'school',
  parentId: tree.townA.id,
  name: `新建实验小学${Math.random().toString(36).slice(2, 7)}`,
  stage: 'primary',
  ownership: 'private',
  boarding: true,
  schoolBus: true,
  rural: false,
  gateCount: 3,
  studentCount: 1200,
  staffCount: 90,
  address: '人民路 1 号',
  principalName: '王校长',
  contactPhone: '13900001111',
  ...over,
});

describe('creating units', () => {
  it('creates a school with its attributes as data, under a town, and audits it', async () => {
    const res = await admin.post('/api/v1/units', school());
    expect(res.statusCode).toBe(201);
    const u = res.json();
    expect(u).toMatchObject({ kind: 'school', parentId: tree.townA.id, stage: 'primary', ownership: 'private', boarding: true, schoolBus: true, gateCount: 3, version: 1 });
    const detail = (await admin.get(`/api/v1/units/${u.id}`)).json();
    expect(detail.ancestors.map((a: { id: number }) => a.id)).toEqual([tree.bureau.id, tree.townA.id]);
    const events = (await admin.get(`/api/v1/audit-events?objectType=unit&objectId=${u.id}`)).json();
    expect(events.items[0]).toMatchObject({ action: 'create', result: 'success' });
    expect(events.items[0].after.name).toBe(u.name);
  });

  it('creates a department with its safety areas', async () => {
    const res = await admin.post('/api/v1/units', { kind: 'department', parentId: tree.bureau.id, name: '食品安全科', areas: ['food_disease', 'food_disease'] });
    expect(res.statusCode).toBe(201);
    expect(res.json().areas).toEqual(['food_disease']);
  });

  it('refuses a school without the attributes later rules need, naming the fields in Chinese', async () => {
    const res = await admin.post('/api/v1/units', school({ stage: null, gateCount: null }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('学校须填写：学段、校门数');
  });

  it('refuses bad values with a Chinese message naming the field', async () => {
    const bad = await admin.post('/api/v1/units', school({ stage: 'university' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^学段：/);
    const phone = await admin.post('/api/v1/units', school({ contactPhone: '12345' }));
    expect(phone.json().error.message).toMatch(/^联系电话：/);
    const negative = await admin.post('/api/v1/units', school({ gateCount: -1 }));
    expect(negative.json().error.details[0].field).toBe('gateCount');
  });

  it('refuses a school under a school, and a duplicate name', async () => {
    expect((await admin.post('/api/v1/units', school({ parentId: tree.schoolA1.id }))).json().error.code).toBe('UNIT_PLACEMENT');
    const dup = await admin.post('/api/v1/units', school({ name: tree.schoolA1.name }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('已有名为');
  });

  it('leaves nothing behind when a create fails', async () => {
    const before = (await admin.get('/api/v1/audit-events?objectType=unit&action=create')).json().total;
    const count = (await admin.get('/api/v1/units?pageSize=1')).json().total;
    await admin.post('/api/v1/units', school({ name: tree.schoolB1.name }));
    expect((await admin.get('/api/v1/audit-events?objectType=unit&action=create')).json().total).toBe(before);
    expect((await admin.get('/api/v1/units?pageSize=1')).json().total).toBe(count);
  });
});

describe('changing units', () => {
  it('updates with the version, and answers a stale version with 409', async () => {
    const u = (await admin.post('/api/v1/units', school())).json();
    const ok = await admin.patch(`/api/v1/units/${u.id}`, { version: 1, studentCount: 1300 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ studentCount: 1300, version: 2 });
    const stale = await admin.patch(`/api/v1/units/${u.id}`, { version: 1, studentCount: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'STALE_VERSION', message: '该记录已被他人修改，请刷新后重试' });
    const events = (await admin.get(`/api/v1/audit-events?objectType=unit&objectId=${u.id}&action=update`)).json();
    expect(events.items[0].before.studentCount).toBe(1200);
    expect(events.items[0].after.studentCount).toBe(1300);
  });

  it('disables a unit only when nothing active is left below it', async () => {
    const town = (await admin.post('/api/v1/units', { kind: 'town', parentId: tree.bureau.id, name: `测试镇${Date.now()}` })).json();
    const s = (await admin.post('/api/v1/units', school({ parentId: town.id }))).json();
    const blocked = await admin.post(`/api/v1/units/${town.id}/disable`, { version: town.version });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('UNIT_HAS_ACTIVE_CHILDREN');
    const person = await buildUser(t.database.db, { id: s.id, path: '', districtId: tree.districtId, kind: 'school', name: s.name }, ['teacher']);
    const withPeople = await admin.post(`/api/v1/units/${s.id}/disable`, { version: s.version });
    expect(withPeople.json().error.code).toBe('UNIT_HAS_ACTIVE_USERS');
    const p = (await admin.get(`/api/v1/users/${person.id}`)).json();
    expect((await admin.post(`/api/v1/users/${person.id}/disable`, { version: p.version })).statusCode).toBe(200);
    const disabled = await admin.post(`/api/v1/units/${s.id}/disable`, { version: s.version });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ status: 'disabled', actions: ['update', 'enable'] });
    expect((await admin.post(`/api/v1/units/${s.id}/disable`, { version: disabled.json().version })).statusCode).toBe(409);
    expect((await admin.post(`/api/v1/units/${s.id}/enable`, { version: disabled.json().version })).statusCode).toBe(200);
  });

  it('will not let a person disable their own unit', async () => {
    const bureau = (await admin.get(`/api/v1/units/${tree.bureau.id}`)).json();
    expect(bureau.actions).not.toContain('disable');
    expect((await admin.post(`/api/v1/units/${tree.bureau.id}/disable`, { version: bureau.version })).statusCode).toBe(409);
  });
});

describe('listing units', () => {
  it('filters by kind, stage, town and attributes, with total and pages', async () => {
    await admin.post('/api/v1/units', school({ name: '筛选寄宿幼儿园', stage: 'kindergarten', boarding: true, parentId: tree.townB.id }));
    const kg = (await admin.get(`/api/v1/units?stage=kindergarten&under=${tree.townB.id}`)).json();
    expect(kg.items.map((u: { name: string }) => u.name)).toEqual(['筛选寄宿幼儿园']);
    const q = (await admin.get('/api/v1/units?q=筛选寄宿')).json();
    expect(q.total).toBe(1);
    const paged = (await admin.get('/api/v1/units?kind=school&pageSize=2&page=1')).json();
    expect(paged.items).toHaveLength(2);
    expect(paged.total).toBeGreaterThan(2);
    expect((await admin.get('/api/v1/units?pageSize=500')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/units?boarding=maybe')).statusCode).toBe(400);
  });

  it('exports the filtered list to Excel with Chinese headers, and audits the export', async () => {
    const res = await admin.get(`/api/v1/units/export?under=${tree.townA.id}`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const names = await xlsxColumn(res.rawPayload, '单位名称');
    expect(names).toContain(tree.schoolA1.name);
    expect(names).not.toContain(tree.schoolB1.name);
    expect((await admin.get('/api/v1/audit-events?action=export&objectType=unit')).json().total).toBeGreaterThan(0);
  });

  it('gives a school user its own unit as the root of its tree', async () => {
    const c = await login(t.app, (await buildUser(t.database.db, tree.schoolA1, ['school_safety_officer'])).username);
    const tr = (await c.get('/api/v1/units/tree')).json();
    expect(tr.items).toEqual([expect.objectContaining({ id: tree.schoolA1.id, parentId: null })]);
    expect((await c.get(`/api/v1/units/${tree.schoolA1.id}`)).json().actions).toEqual([]);
  });
});
