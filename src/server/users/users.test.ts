import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRefusal } from '../../domain/roles.js';
import { loadRoleTable } from '../access/access.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { buildTree, buildUser, login, xlsxColumn, type Client } from '../test/factories.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let admin: Client;
let adminId: number;
beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t.database.db);
  const a = await buildUser(t.database.db, tree.bureau, ['bureau_admin']);
  adminId = a.id;
  admin = await login(t.app, a.username);
});
afterAll(() => t.close());

const uname = (p: string) => `${p}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

describe('the bureau administrator appoints every role', () => {
  it('holds every permission of every role, so a permission given to a role alone cannot lock the administrator out of appointing it', async () => {
    const table = await loadRoleTable(t.database.db);
    const adminRole = table.get('bureau_admin')!;
    const granter = { permissions: new Set(adminRole.permissions), scope: adminRole.scope };
    const refused = [...table.values()].flatMap((role) =>
      role.unitKinds.map((kind) => grantRefusal(table, granter, role.key, kind)).filter((r) => r !== null).map((r) => `${role.key}: ${r}`),
    );
    expect(refused).toEqual([]);
  });
});

describe('creating people', () => {
  it('creates a person with a one-time password that must be changed at first login', async () => {
    const username = uname('li.');
    const res = await admin.post('/api/v1/users', { username, displayName: '李老师', phone: '13800001234', unitId: tree.schoolA1.id, roles: ['teacher', 'school_safety_officer'] });
    expect(res.statusCode).toBe(201);
    const { user, temporaryPassword } = res.json();
    expect(user).toMatchObject({ username, displayName: '李老师', roles: ['school_safety_officer', 'teacher'], mustChangePassword: true, status: 'active' });
    expect(user.unit).toMatchObject({ id: tree.schoolA1.id, kind: 'school' });
    const c = await login(t.app, username, temporaryPassword);
    expect((await c.get('/api/v1/units')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const events = (await admin.get(`/api/v1/audit-events?objectType=user&objectId=${user.id}`)).json();
    expect(events.items.map((e: { action: string }) => e.action)).toContain('create');
    // The audit trail never holds a password or its hash.
    expect(JSON.stringify(events)).not.toContain(temporaryPassword);
    expect(JSON.stringify(events)).not.toContain('argon2');
  });

  it('refuses a taken username (any case) with 409 and leaves nothing behind', async () => {
    const existing = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const before = (await admin.get('/api/v1/users?pageSize=1')).json().total;
    const res = await admin.post('/api/v1/users', { username: existing.username.toUpperCase(), displayName: '重名', unitId: tree.schoolA1.id, roles: ['teacher'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('USERNAME_TAKEN');
    expect((await admin.get('/api/v1/users?pageSize=1')).json().total).toBe(before);
  });

  it('validates every field with a Chinese message', async () => {
    const noRoles = await admin.post('/api/v1/users', { username: uname('a'), displayName: '甲', unitId: tree.schoolA1.id, roles: [] });
    expect(noRoles.json().error.message).toBe('角色：至少选择一个角色');
    const badName = await admin.post('/api/v1/users', { username: '1abc', displayName: '甲', unitId: tree.schoolA1.id, roles: ['teacher'] });
    expect(badName.json().error.message).toMatch(/^用户名：/);
    const badRole = await admin.post('/api/v1/users', { username: uname('b'), displayName: '乙', unitId: tree.schoolA1.id, roles: ['king'] });
    expect(badRole.statusCode).toBe(400);
    const missing = await admin.post('/api/v1/users', { username: uname('c'), unitId: tree.schoolA1.id, roles: ['teacher'] });
    expect(missing.json().error.message).toMatch(/^姓名：/);
  });

  it('refuses a role that does not fit the unit', async () => {
    const res = await admin.post('/api/v1/users', { username: uname('d'), displayName: '丙', unitId: tree.townA.id, roles: ['principal'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('ROLE_NOT_GRANTABLE');
  });

  it('lets a principal add staff to the school, but never grant a bureau role', async () => {
    const p = await buildUser(t.database.db, tree.schoolA1, ['principal']);
    const pc = await login(t.app, p.username);
    const ok = await pc.post('/api/v1/users', { username: uname('t'), displayName: '新教师', unitId: tree.schoolA1.id, roles: ['teacher'] });
    expect(ok.statusCode).toBe(201);
    const escalate = await pc.post('/api/v1/users', { username: uname('e'), displayName: '越权', unitId: tree.schoolA1.id, roles: ['bureau_admin'] });
    expect(escalate.statusCode).toBe(400);
    expect(escalate.json().error.message).toMatch(/不适用|无权授予/);
  });
});

describe('changing people', () => {
  it('edits with the version; a stale one gets 409', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const ok = await admin.patch(`/api/v1/users/${u.id}`, { version: 1, displayName: '王老师', roles: ['teacher', 'school_safety_officer'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ displayName: '王老师', version: 2, roles: ['school_safety_officer', 'teacher'] });
    expect((await admin.patch(`/api/v1/users/${u.id}`, { version: 1, displayName: '旧' })).statusCode).toBe(409);
  });

  it('moves a person to another school only with roles that fit', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    expect((await admin.patch(`/api/v1/users/${u.id}`, { version: 1, unitId: tree.schoolB1.id })).json().unit.id).toBe(tree.schoolB1.id);
    const toTown = await admin.patch(`/api/v1/users/${u.id}`, { version: 2, unitId: tree.townA.id });
    expect(toTown.statusCode).toBe(400);
  });

  it('disables a person, which ends their sessions, and enables them again', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    const off = await admin.post(`/api/v1/users/${u.id}/disable`, { version: 1 });
    expect(off.json()).toMatchObject({ status: 'disabled', actions: ['update', 'enable'] });
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await admin.post(`/api/v1/users/${u.id}/enable`, { version: 2 })).json().status).toBe('active');
  });

  it('resets a password: one-time, unlocks, and must be changed', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher'], { failedLoginCount: 5, lockedUntil: new Date(Date.now() + 600_000) });
    expect((await admin.get(`/api/v1/users/${u.id}`)).json().locked).toBe(true);
    const res = await admin.post(`/api/v1/users/${u.id}/reset-password`, { version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ locked: false, mustChangePassword: true });
    await login(t.app, u.username, res.json().temporaryPassword);
  });

  it('will not let a person disable or demote themselves', async () => {
    const me = (await admin.get(`/api/v1/users/${adminId}`)).json();
    expect(me.actions).toEqual(['update']);
    expect((await admin.post(`/api/v1/users/${adminId}/disable`, { version: me.version })).json().error.code).toBe('SELF_DISABLE');
    expect((await admin.patch(`/api/v1/users/${adminId}`, { version: me.version, roles: ['bureau_leader'] })).json().error.code).toBe('SELF_ROLE_CHANGE');
  });

  it('will not let a principal change someone holding a role they cannot grant', async () => {
    const p = await buildUser(t.database.db, tree.schoolA1, ['principal']);
    const pc = await login(t.app, p.username);
    const odd = await buildUser(t.database.db, tree.schoolA1, ['teacher', 'inspector']);
    const seen = (await pc.get(`/api/v1/users/${odd.id}`)).json();
    expect(seen.actions).toEqual([]);
    expect((await pc.post(`/api/v1/users/${odd.id}/disable`, { version: 1 })).statusCode).toBe(403);
  });
});

describe('listing people', () => {
  it('searches, filters by role, unit and subtree, and pages', async () => {
    const u = await buildUser(t.database.db, tree.schoolB1, ['principal'], { displayName: '独一无二校长' });
    const byName = (await admin.get(`/api/v1/users?q=${encodeURIComponent('独一无二')}`)).json();
    expect(byName.items.map((x: { id: number }) => x.id)).toEqual([u.id]);
    const byRole = (await admin.get(`/api/v1/users?role=principal&under=${tree.townB.id}`)).json();
    expect(byRole.items.map((x: { id: number }) => x.id)).toContain(u.id);
    expect(byRole.items.every((x: { roles: string[] }) => x.roles.includes('principal'))).toBe(true);
    const page = (await admin.get('/api/v1/users?pageSize=2&page=2')).json();
    expect(page.items).toHaveLength(2);
    const exported = await xlsxColumn((await admin.get(`/api/v1/users/export?unitId=${tree.schoolB1.id}`)).rawPayload, '姓名');
    expect(exported).toContain('独一无二校长');
  });
});
