import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../../domain/lockout.js';
import { sessions, users } from '../db/schema.js';
import { releaseAttempt, reserveAttempt } from './attempts.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { buildTree, buildUser, login, TEST_PASSWORD } from '../test/factories.js';

// Issue 11 item 3: the lockout holds under parallel attempts, and wrong current passwords count too.
let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t.database.db);
});
afterAll(() => t.close());

const attempt = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const count = (codes: number[], code: number) => codes.filter((c) => c === code).length;
const lockOf = async (id: number) => (await t.database.db.select().from(users).where(eq(users.id, id)))[0];

describe('login attempts in parallel', () => {
  it('locks the account after the allowed number of wrong passwords however many arrive at once', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const answers = await Promise.all(Array.from({ length: 25 }, () => attempt(u.username, 'Wrong@1234')));
    const codes = answers.map((r) => r.statusCode);
    // The fifth wrong password locks: four say 用户名或密码错误, every other one is refused as locked.
    expect(count(codes, 401)).toBe(MAX_FAILED_LOGINS - 1);
    expect(count(codes, 429)).toBe(25 - (MAX_FAILED_LOGINS - 1));
    for (const r of answers.filter((a) => a.statusCode === 429)) expect(r.json().error.code).toBe('ACCOUNT_LOCKED');
    expect((await lockOf(u.id)).lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const right = await attempt(u.username, TEST_PASSWORD);
    expect(right.statusCode).toBe(429);
  });

  it('does not let the right password in behind a burst of wrong ones that locked the account', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const answers = await Promise.all([
      ...Array.from({ length: 24 }, () => attempt(u.username, 'Wrong@1234')),
      attempt(u.username, TEST_PASSWORD),
    ]);
    const codes = answers.map((r) => r.statusCode);
    expect(codes).not.toContain(200);
    expect(count(codes, 401)).toBeLessThanOrEqual(MAX_FAILED_LOGINS - 1);
    expect(answers[24].statusCode).toBe(429);
    expect(answers[24].json().error.code).toBe('ACCOUNT_LOCKED');
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, u.id))).toEqual([]);
    expect((await lockOf(u.id)).lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('one at a time: four failures and then the right password sign in, and a lock that ran out starts a fresh count', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect((await attempt(u.username, 'Wrong@1234')).statusCode).toBe(401);
    expect((await attempt(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    expect(await lockOf(u.id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect((await attempt(u.username, 'Wrong@1234')).statusCode).toBe(401);
    expect((await attempt(u.username, 'Wrong@1234')).statusCode).toBe(429);
    t.now.value = new Date(Date.now() + 16 * 60_000);
    try {
      expect((await attempt(u.username, 'Wrong@1234')).statusCode).toBe(401);
      expect(await lockOf(u.id)).toMatchObject({ failedLoginCount: 1, lockedUntil: null });
      expect((await attempt(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    } finally {
      t.now.value = new Date();
    }
  });
});

describe('the attempt count (attempts.ts)', () => {
  it('refuses a right password checked while the other attempts of a burst locked the account', async () => {
    const { db } = t.database;
    const now = new Date();
    const u = await buildUser(db, tree.schoolA1, ['teacher']);
    const me = eq(users.id, u.id);
    const first = (await reserveAttempt(db, me, now))!;
    expect(first.place).toBe(1);
    for (let i = 2; i <= MAX_FAILED_LOGINS; i++) expect((await reserveAttempt(db, me, now))!.place).toBe(i);
    expect(await reserveAttempt(db, me, now)).toBeNull();
    // The first attempt's password was right, but the four after it were wrong and locked the account.
    expect(await releaseAttempt(db, first, now)).toBe(false);
    expect((await lockOf(u.id)).lockedUntil!.getTime()).toBeGreaterThan(now.getTime());
  });

  it('lifts only the lock of the last allowed attempt itself when its password is right', async () => {
    const { db } = t.database;
    const now = new Date();
    const u = await buildUser(db, tree.schoolA1, ['teacher']);
    const me = eq(users.id, u.id);
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await reserveAttempt(db, me, now);
    const last = (await reserveAttempt(db, me, now))!;
    expect(last.user.lockedUntil).not.toBeNull();
    expect(await releaseAttempt(db, last, now)).toBe(true);
    expect(await lockOf(u.id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
  });
});

describe('wrong current passwords when changing it', () => {
  it('count toward the same lockout, in parallel too, and a locked account cannot change its password', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    const change = (currentPassword: string) => c.post('/api/v1/auth/password', { currentPassword, newPassword: 'Kite#Lamp2031' });
    const answers = await Promise.all(Array.from({ length: 12 }, () => change('Nope@1234')));
    const codes = answers.map((r) => r.statusCode);
    expect(count(codes, 400)).toBe(MAX_FAILED_LOGINS - 1);
    for (const r of answers.filter((a) => a.statusCode === 400)) expect(r.json().error.code).toBe('PASSWORD_WRONG');
    expect(count(codes, 429)).toBe(12 - (MAX_FAILED_LOGINS - 1));
    // Locked: the right current password changes nothing, and nobody signs in with it.
    const right = await change(TEST_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json().error).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(right.json().error.message).toMatch(/分钟后再试/);
    expect((await attempt(u.username, TEST_PASSWORD)).statusCode).toBe(429);
    t.now.value = new Date(Date.now() + 16 * 60_000);
    try {
      expect((await change(TEST_PASSWORD)).statusCode).toBe(200);
    } finally {
      t.now.value = new Date();
    }
  });

  it('one at a time: the fifth wrong current password locks the account for logins too', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
      expect((await c.post('/api/v1/auth/password', { currentPassword: `Nope@123${i}`, newPassword: 'Kite#Lamp2031' })).statusCode).toBe(400);
    }
    const fifth = await c.post('/api/v1/auth/password', { currentPassword: 'Nope@1239', newPassword: 'Kite#Lamp2031' });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    expect((await attempt(u.username, TEST_PASSWORD)).statusCode).toBe(429);
  });
});
