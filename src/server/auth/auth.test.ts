import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../test/harness.js';
import { buildTree, buildUser, login, TEST_PASSWORD } from '../test/factories.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t.database.db);
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('login', () => {
  it('signs in with an httpOnly SameSite=Lax cookie and returns the unit path, roles and permissions', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['school_safety_officer']);
    const res = await post('/api/v1/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/anxiao_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = res.json();
    expect(body.unit.id).toBe(tree.schoolA1.id);
    expect(body.unitPath.map((u: { id: number }) => u.id)).toEqual([tree.bureau.id, tree.townA.id, tree.schoolA1.id]);
    expect(body.roles).toEqual(['school_safety_officer']);
    expect(body.permissions).toContain('unit.read');
    expect(body.permissions).not.toContain('user.manage');
    expect(body.scope).toBe('unit');
  });

  it('answers a wrong password with a Chinese message and records the failure', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const res = await post('/api/v1/auth/login', { username: u.username, password: 'Wrong@12345' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'LOGIN_FAILED', message: '用户名或密码错误' });
    const admin = await buildUser(t.database.db, tree.bureau, ['bureau_admin']);
    const c = await login(t.app, admin.username);
    const events = (await c.get(`/api/v1/audit-events?action=login_failed&objectId=${u.id}`)).json();
    expect(events.total).toBe(1);
    expect(events.items[0].result).toBe('failure');
  });

  it('validates the body with a Chinese message naming the field', async () => {
    const res = await post('/api/v1/auth/login', { username: '', password: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.message).toContain('用户名');
  });

  it('locks the account after five failures for 15 minutes, and the lock is kept in the database', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    for (let i = 0; i < 4; i++) {
      expect((await post('/api/v1/auth/login', { username: u.username, password: 'Wrong@1234' })).statusCode).toBe(401);
    }
    const fifth = await post('/api/v1/auth/login', { username: u.username, password: 'Wrong@1234' });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    // Even the right password is refused while locked.
    const right = await post('/api/v1/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.message).toMatch(/分钟后再试/);
    // 15 minutes later it opens again.
    t.now.value = new Date(Date.now() + 16 * 60_000);
    try {
      expect((await post('/api/v1/auth/login', { username: u.username, password: TEST_PASSWORD })).statusCode).toBe(200);
    } finally {
      t.now.value = new Date();
    }
  });

  it('refuses a disabled account', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher'], { status: 'disabled' });
    const res = await post('/api/v1/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
  });
});

describe('sessions and CSRF', () => {
  it('needs a session for the API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('请先登录');
  });

  it('refuses a write without the CSRF token, accepts it with the token', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_FAILED');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
    // Logout ends the session.
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('ends a session idle for longer than the timeout', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    t.now.value = new Date(Date.now() + 29 * 60_000);
    try {
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      // Activity at minute 29 restarts the clock: still alive at minute 50.
      t.now.value = new Date(Date.now() + 50 * 60_000);
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      t.now.value = new Date(Date.now() + 90 * 60_000);
      const res = await c.get('/api/v1/auth/me');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('SESSION_EXPIRED');
    } finally {
      t.now.value = new Date();
    }
  });
});

describe('passwords', () => {
  it('changes the password under the policy and keeps the current session', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    const weak = await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'abcdefgh' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toContain('至少三类');
    const same = await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: u.username });
    expect(same.statusCode).toBe(400);
    const wrong = await c.post('/api/v1/auth/password', { currentPassword: 'Nope@1234', newPassword: 'New#Pass2024' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('PASSWORD_WRONG');
    const ok = await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'New#Pass2024' });
    expect(ok.statusCode).toBe(200);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    await login(t.app, u.username, 'New#Pass2024');
  });

  it('holds a person who must change the password to that until they do', async () => {
    const u = await buildUser(t.database.db, tree.bureau, ['bureau_admin'], { mustChangePassword: true });
    const c = await login(t.app, u.username);
    expect((await c.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/v1/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Fresh!Pass9' })).statusCode).toBe(200);
    expect((await c.get('/api/v1/units')).statusCode).toBe(200);
  });
});

describe('password policy and history (issue 11 item 7)', () => {
  it('refuses the commonest passwords and a common word with digits', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    for (const newPassword of ['Password1', 'P@ssw0rd', 'Admin@123', 'Qwer1234!', '1qaz@WSX']) {
      const res = await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().error.code).toBe('PASSWORD_POLICY');
      expect(res.json().error.message).toContain('新密码');
      expect(res.json().error.details[0]).toMatchObject({ field: 'newPassword', label: '新密码' });
      expect(res.json().error.details[0].message).toContain('常见');
    }
  });

  it('refuses changing back to any of the last five passwords', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    const change = (currentPassword: string, newPassword: string) => c.post('/api/v1/auth/password', { currentPassword, newPassword });
    const chosen = ['Kite#Lamp2031', 'Reed%Mast4417', 'Fog+Quill8806', 'Tusk=Brine6650', 'Oak?Pylon3319', 'Wren#Delta7720'];
    expect((await change(TEST_PASSWORD, chosen[0])).statusCode).toBe(200);
    expect((await change(chosen[0], chosen[0])).json().error?.code).toBe('PASSWORD_REUSED');
    expect((await change(chosen[0], chosen[1])).statusCode).toBe(200);
    const back = await change(chosen[1], chosen[0]);
    expect(back.statusCode).toBe(400);
    expect(back.json().error).toMatchObject({ code: 'PASSWORD_REUSED', message: '新密码不能与最近 5 次使用过的密码相同' });
    expect(back.json().error.details[0]).toMatchObject({ field: 'newPassword', label: '新密码' });
    // Three more changes: chosen[0] is still among the last five; after one more it is not.
    for (let i = 2; i <= 4; i++) expect((await change(chosen[i - 1], chosen[i])).statusCode).toBe(200);
    expect((await change(chosen[4], chosen[0])).json().error?.code).toBe('PASSWORD_REUSED');
    expect((await change(chosen[4], chosen[5])).statusCode).toBe(200);
    expect((await change(chosen[5], chosen[0])).statusCode).toBe(200);
  });

  it('keeps the password an administrator resets in the history', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const own = await login(t.app, u.username);
    expect((await own.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Kite#Lamp2031' })).statusCode).toBe(200);
    const admin = await login(t.app, (await buildUser(t.database.db, tree.bureau, ['bureau_admin'])).username);
    const reset = await admin.post(`/api/v1/users/${u.id}/reset-password`, { version: 2 });
    expect(reset.statusCode).toBe(200);
    const temporary = reset.json().temporaryPassword as string;
    const c = await login(t.app, u.username, temporary);
    const back = await c.post('/api/v1/auth/password', { currentPassword: temporary, newPassword: 'Kite#Lamp2031' });
    expect(back.json().error?.code).toBe('PASSWORD_REUSED');
  });
});

describe('a short idle timeout (issue 11 item 7)', () => {
  it('keeps an active person signed in with SESSION_IDLE_MINUTES=1, and still ends an idle one', async () => {
    const short = await startTestApp({ sessionIdleMinutes: 1 });
    try {
      const shortTree = await buildTree(short.database.db);
      const u = await buildUser(short.database.db, shortTree.schoolA1, ['teacher']);
      const start = Date.now();
      short.now.value = new Date(start);
      const c = await login(short.app, u.username);
      for (let i = 1; i <= 5; i++) {
        short.now.value = new Date(start + i * 50_000);
        expect((await c.get('/api/v1/auth/me')).statusCode, `request ${i} at ${i * 50} s`).toBe(200);
      }
      short.now.value = new Date(start + 5 * 50_000 + 61_000);
      const idle = await c.get('/api/v1/auth/me');
      expect(idle.statusCode).toBe(401);
      expect(idle.json().error.code).toBe('SESSION_EXPIRED');
    } finally {
      await short.close();
    }
  });
});

describe('the platform', () => {
  it('answers /healthz once the database is reachable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('serves the OpenAPI 3.1 document with the API paths', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/auth/me', '/api/v1/units', '/api/v1/units/{id}', '/api/v1/users', '/api/v1/audit-events']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('sends security headers and refuses an oversize body with 413', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Helmet's headers with our CSP, computed once at start (security-headers.ts), on every answer: a 200, a 401, a 404.
    const csp =
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data: blob:;" +
      "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';worker-src 'self';manifest-src 'self'";
    for (const answer of [res, await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' }), await t.app.inject({ method: 'GET', url: '/api/v1/nowhere' })]) {
      expect(answer.headers['content-security-policy']).toBe(csp);
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(answer.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
    const big = await post('/api/v1/auth/login', { username: 'a', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('login page data', () => {
  it('lists no demo accounts unless in demo mode', async () => {
    const meta = (await t.app.inject({ method: 'GET', url: '/api/v1/meta' })).json();
    expect(meta).toEqual({ demo: false, demoAccounts: [] });
  });
});

describe('login rate limit per IP', () => {
  it('answers 429 in Chinese once an IP tries too often', async () => {
    const limited = await startTestApp({ loginRatePerMinute: 3 });
    try {
      const attempt = () =>
        limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'Wrong@123' }, remoteAddress: '10.9.9.9' });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const res = await attempt();
      expect(res.statusCode).toBe(429);
      expect(res.json().error.message).toBe('登录尝试过于频繁，请一分钟后再试');
      // Another IP is not affected (trying another name: the name tried is counted too, issue 18).
      const other = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'somebody', password: 'Wrong@123' }, remoteAddress: '10.9.9.8' });
      expect(other.statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
