// For each role: another unit's records cannot be read or changed, by id, by list filter or by export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleKey } from '../../contracts/enums.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { buildTree, buildUser, login, xlsxColumn, type Client } from '../test/factories.js';

let t: TestContext;
let home: Awaited<ReturnType<typeof buildTree>>;
let other: Awaited<ReturnType<typeof buildTree>>;
let peopleB1: { id: number; username: string };
let peopleOther: { id: number; username: string };

beforeAll(async () => {
  t = await startTestApp();
  home = await buildTree(t.database.db);
  other = await buildTree(t.database.db);
  peopleB1 = await buildUser(t.database.db, home.schoolB1, ['teacher']);
  peopleOther = await buildUser(t.database.db, other.schoolA1, ['teacher']);
});
afterAll(() => t.close());

async function as(role: RoleKey, unit: keyof typeof home): Promise<Client> {
  const u = await buildUser(t.database.db, home[unit] as never, [role]);
  return login(t.app, u.username);
}

async function unitVersion(id: number) {
  const admin = await as('bureau_admin', 'bureau');
  return (await admin.get(`/api/v1/units/${id}`)).json().version as number;
}

// role, where the person sits, a unit of their own district they must not see (or null: they see the
// whole district), whether they may read people, whether they may manage people.
const cases: Array<{ role: RoleKey; at: keyof typeof home; hidden: 'schoolB1' | null; readsPeople: boolean; managesPeople: boolean; managesUnits: boolean }> = [
  { role: 'school_safety_officer', at: 'schoolA1', hidden: 'schoolB1', readsPeople: true, managesPeople: false, managesUnits: false },
  { role: 'principal', at: 'schoolA1', hidden: 'schoolB1', readsPeople: true, managesPeople: true, managesUnits: false },
  { role: 'teacher', at: 'schoolA1', hidden: 'schoolB1', readsPeople: false, managesPeople: false, managesUnits: false },
  { role: 'town_officer', at: 'townA', hidden: 'schoolB1', readsPeople: true, managesPeople: true, managesUnits: false },
  { role: 'department_officer', at: 'department', hidden: null, readsPeople: false, managesPeople: false, managesUnits: false },
  { role: 'inspector', at: 'department', hidden: null, readsPeople: false, managesPeople: false, managesUnits: false },
  { role: 'bureau_leader', at: 'bureau', hidden: null, readsPeople: true, managesPeople: false, managesUnits: false },
  { role: 'bureau_admin', at: 'bureau', hidden: null, readsPeople: true, managesPeople: true, managesUnits: true },
];

describe.each(cases)('$role at $at', ({ role, at, hidden, readsPeople, managesPeople, managesUnits }) => {
  let c: Client;
  beforeAll(async () => {
    c = await as(role, at);
  });

  it('cannot see another district by id, list filter or export', async () => {
    expect((await c.get(`/api/v1/units/${other.schoolA1.id}`)).statusCode).toBe(404);
    expect((await c.get(`/api/v1/units?under=${other.townA.id}`)).statusCode).toBe(404);
    const list = (await c.get(`/api/v1/units?pageSize=200`)).json();
    expect(list.items.map((u: { id: number }) => u.id)).not.toContain(other.schoolA1.id);
    const exported = await c.get('/api/v1/units/export');
    expect(exported.statusCode).toBe(200);
    expect(await xlsxColumn(exported.rawPayload, '单位名称')).not.toContain(other.schoolA1.name);
    const tree = (await c.get('/api/v1/units/tree')).json();
    expect(tree.items.map((u: { id: number }) => u.id)).not.toContain(other.bureau.id);
  });

  it('cannot change a unit of another district', async () => {
    const res = await c.patch(`/api/v1/units/${other.schoolA1.id}`, { version: 1, name: '改名学校' });
    expect(res.statusCode).toBe(managesUnits ? 404 : 403);
    const disable = await c.post(`/api/v1/units/${other.schoolA1.id}/disable`, { version: 1 });
    expect(disable.statusCode).toBe(managesUnits ? 404 : 403);
  });

  it(hidden ? 'cannot see a unit outside its own subtree' : 'sees every unit of its district', async () => {
    const target = home.schoolB1;
    const res = await c.get(`/api/v1/units/${target.id}`);
    const list = (await c.get(`/api/v1/units?kind=school&pageSize=200`)).json();
    const names = await xlsxColumn((await c.get('/api/v1/units/export?kind=school')).rawPayload, '单位名称');
    if (hidden) {
      expect(res.statusCode).toBe(404);
      expect((await c.get(`/api/v1/units?under=${home.townB.id}`)).statusCode).toBe(404);
      expect(list.items.map((u: { id: number }) => u.id)).not.toContain(target.id);
      expect(names).not.toContain(target.name);
    } else {
      expect(res.statusCode).toBe(200);
      expect(list.items.map((u: { id: number }) => u.id)).toContain(target.id);
      expect(names).toContain(target.name);
    }
  });

  it('cannot read or change people outside its scope', async () => {
    if (!readsPeople) {
      expect((await c.get('/api/v1/users')).statusCode).toBe(403);
      expect((await c.get(`/api/v1/users/${peopleB1.id}`)).statusCode).toBe(403);
      expect((await c.get('/api/v1/users/export')).statusCode).toBe(403);
      return;
    }
    expect((await c.get(`/api/v1/users/${peopleOther.id}`)).statusCode).toBe(404);
    const filtered = (await c.get(`/api/v1/users?unitId=${other.schoolA1.id}`)).json();
    expect(filtered.total).toBe(0);
    const usernames = await xlsxColumn((await c.get('/api/v1/users/export')).rawPayload, '用户名');
    expect(usernames).not.toContain(peopleOther.username);
    if (hidden) {
      expect((await c.get(`/api/v1/users/${peopleB1.id}`)).statusCode).toBe(404);
      expect((await c.get(`/api/v1/users?unitId=${home.schoolB1.id}`)).json().total).toBe(0);
      expect(usernames).not.toContain(peopleB1.username);
    }
    const change = await c.patch(`/api/v1/users/${peopleOther.id}`, { version: 1, displayName: '改名' });
    expect(change.statusCode).toBe(managesPeople ? 404 : 403);
    const reset = await c.post(`/api/v1/users/${peopleOther.id}/reset-password`, { version: 1 });
    expect(reset.statusCode).toBe(managesPeople ? 404 : 403);
    const create = await c.post('/api/v1/users', { username: `x${Date.now()}${role}`, displayName: '外单位', unitId: other.schoolA1.id, roles: ['teacher'] });
    expect(create.statusCode).toBe(managesPeople ? 404 : 403);
    if (hidden && managesPeople) {
      expect((await c.post(`/api/v1/users/${peopleB1.id}/disable`, { version: 1 })).statusCode).toBe(404);
      const inB1 = await c.post('/api/v1/users', { username: `y${Date.now()}${role}`, displayName: '外校', unitId: home.schoolB1.id, roles: ['teacher'] });
      expect(inB1.statusCode).toBe(404);
    }
  });
});

it('a version sent to a unit is checked only once it is in scope: nothing leaks through 409', async () => {
  const admin = await as('bureau_admin', 'bureau');
  const version = await unitVersion(home.schoolA1.id);
  // Stale version on a visible unit: 409. Same on an invisible unit: 404, not 409.
  expect((await admin.patch(`/api/v1/units/${home.schoolA1.id}`, { version: version + 5, name: '新名字学校' })).statusCode).toBe(409);
  expect((await admin.patch(`/api/v1/units/${other.schoolA1.id}`, { version: version + 5, name: '新名字学校' })).statusCode).toBe(404);
});
