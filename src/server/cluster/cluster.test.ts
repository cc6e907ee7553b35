// Issue 18, instance robustness: N instances on one database, and the database going away.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import { bootstrap } from '../bootstrap.js';
import { openPostgres, type Database } from '../db/client.js';
import { httpErrorForDatabase } from '../db/errors.js';
import { openStorage } from '../files/storage.js';
import { JOB_RUNS_KEPT_DAYS, pruneJobRuns, startScheduler } from '../scheduler.js';
import { buildTree, signedInUsers } from '../test/factories.js';
import { onPostgres, startTestApp, testConfig, type TestContext } from '../test/harness.js';
import { startDraining } from './health.js';

let t: TestContext;
/** A second instance: its own app (and on PostgreSQL its own pool) on the same database. */
let second: { app: App; database: Database };
let secondDb: Database | null = null;

beforeAll(async () => {
  t = await startTestApp({ loginRatePerMinute: 3, trustProxy: ['10.0.0.1'] });
  const url = (t.database as Database & { superuserUrl?: string }).superuserUrl;
  secondDb = url ? await openPostgres(url, 3) : null;
  const database = secondDb ?? t.database;
  second = { database, app: await buildApp({ database, config: { ...testConfig, loginRatePerMinute: 3, trustProxy: ['10.0.0.1'] }, now: () => t.now.value, logger: false }) };
});
afterAll(async () => {
  await second?.app.close();
  await secondDb?.close();
  await t?.close();
});

const attempt = (app: App, username: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Wrong@1234' }, remoteAddress, headers });

describe('login throttle shared by instances (issue 18 item 4)', () => {
  it('counts one address across two instances on one database, and answers 429 with Retry-After', async () => {
    const ip = '10.7.0.1';
    // Alternating instances: with a count per process each would allow 3, six in all.
    expect((await attempt(t.app, 'a1', ip)).statusCode).toBe(401);
    expect((await attempt(second.app, 'a2', ip)).statusCode).toBe(401);
    expect((await attempt(t.app, 'a3', ip)).statusCode).toBe(401);
    const fourth = await attempt(second.app, 'a4', ip);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.message).toBe('登录尝试过于频繁，请一分钟后再试');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    // Another address and another name are not affected.
    expect((await attempt(t.app, 'a5', '10.7.0.2')).statusCode).toBe(401);
  });

  it('counts one username across addresses', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt(i % 2 ? t.app : second.app, 'targeted', `10.8.0.${i}`)).statusCode).toBe(401);
    expect((await attempt(t.app, 'targeted', '10.8.0.9')).statusCode).toBe(429);
    expect((await attempt(t.app, 'TARGETED', '10.8.0.10')).statusCode).toBe(429);
  });

  it('starts a new count in the next minute', async () => {
    const ip = '10.7.1.1';
    for (let i = 0; i < 3; i++) await attempt(t.app, `n${i}`, ip);
    expect((await attempt(t.app, 'n3', ip)).statusCode).toBe(429);
    t.now.value = new Date(t.now.value.getTime() + 61_000);
    expect((await attempt(t.app, 'n4', ip)).statusCode).toBe(401);
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    const spoofer = '10.9.0.1';
    // A fresh made-up address on every attempt: believed, it would never be limited.
    for (let i = 0; i < 3; i++) expect((await attempt(t.app, `s${i}`, spoofer, { 'x-forwarded-for': `1.2.3.${i}` })).statusCode).toBe(401);
    expect((await attempt(t.app, 's3', spoofer, { 'x-forwarded-for': '1.2.3.99' })).statusCode).toBe(429);
  });

  it('believes X-Forwarded-For from the trusted proxy', async () => {
    // Behind the proxy 10.0.0.1 each client is counted on its own address.
    for (let i = 0; i < 5; i++) expect((await attempt(t.app, `p${i}`, '10.0.0.1', { 'x-forwarded-for': `1.2.4.${i}` })).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) await attempt(t.app, `q${i}`, '10.0.0.1', { 'x-forwarded-for': '1.2.5.1' });
    expect((await attempt(t.app, 'q3', '10.0.0.1', { 'x-forwarded-for': '1.2.5.1' })).statusCode).toBe(429);
  });
});

describe('scheduled jobs and their runs for the administrator (issue 18 item 3)', () => {
  it('lists jobs and runs to the bureau administrator only', async () => {
    const stop = startScheduler(t.database, [{ name: 'purge-idle-sessions', everyMs: 60_000, firstAfterMs: 0, run: async () => {} }], () => {}, { tickMs: 20, instance: 'test-a' });
    try {
      for (let i = 0; i < 200; i++) {
        const { rows } = (await t.database.db.execute(sql`select count(*)::int as n from job_runs where job = 'purge-idle-sessions'`)) as unknown as { rows: Array<{ n: number }> };
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await stop.drain();
    }
    const tree = await buildTree(t.database.db);
    t.now.value = new Date(t.now.value.getTime() + 120_000); // past the throttle's windows above
    const { c } = await signedInUsers(t.app, t.database.db, { admin: [tree.bureau, ['bureau_admin']], officer: [tree.schoolA1, ['school_safety_officer']] });
    const jobs = await c.admin.get('/api/v1/system/jobs');
    expect(jobs.statusCode).toBe(200);
    const job = jobs.json().items.find((j: { name: string }) => j.name === 'purge-idle-sessions');
    expect(job).toMatchObject({ label: '清理过期会话', everyMs: 60_000, lastResult: 'ok', runningOn: null });
    const runs = await c.admin.get('/api/v1/system/job-runs?job=purge-idle-sessions');
    expect(runs.json()).toMatchObject({ total: 1, items: [{ job: 'purge-idle-sessions', label: '清理过期会话', instance: 'test-a', result: 'ok', error: null }] });
    expect((await c.admin.get('/api/v1/system/job-runs?result=failed&job=purge-idle-sessions')).json().total).toBe(0);
    const bad = await c.admin.get('/api/v1/system/job-runs?result=maybe');
    expect(bad.statusCode).toBe(400);
    expect((await c.officer.get('/api/v1/system/jobs')).statusCode).toBe(403);
    expect((await c.officer.get('/api/v1/system/job-runs')).statusCode).toBe(403);
  });
});

describe('the runs of scheduled jobs are kept a month (issue 18)', () => {
  it('forgets runs older than the kept days and keeps the newer ones', async () => {
    const now = new Date('2026-11-30T00:00:00Z');
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day).toISOString();
    await t.database.db.execute(sql`
      insert into job_runs (job, instance, started_at, duration_ms, result) values
        ('prune-test', 'x', ${at(JOB_RUNS_KEPT_DAYS + 1)}::timestamptz, 1, 'ok'),
        ('prune-test', 'x', ${at(JOB_RUNS_KEPT_DAYS)}::timestamptz, 1, 'ok'),
        ('prune-test', 'x', ${at(JOB_RUNS_KEPT_DAYS - 1)}::timestamptz, 1, 'failed')`);
    expect(await pruneJobRuns(t.database.db, now)).toBe(1);
    const { rows } = (await t.database.db.execute(sql`select result from job_runs where job = 'prune-test' order by started_at`)) as unknown as { rows: Array<{ result: string }> };
    expect(rows.map((r) => r.result)).toEqual(['ok', 'failed']);
    expect(await pruneJobRuns(t.database.db, now)).toBe(0);
  });
});

describe('health (issue 18 item 5)', () => {
  it('is live and ready with the database, and not ready once draining', async () => {
    expect((await second.app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
    const ready = await second.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers.connection).not.toBe('close');
    startDraining(second.app);
    const draining = await second.app.inject({ method: 'GET', url: '/readyz' });
    expect(draining.statusCode).toBe(503);
    expect(draining.json().status).toBe('draining');
    expect(draining.headers.connection).toBe('close');
    expect((await second.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);
    // Still live, and still answering the requests that reach it, each closing its connection.
    const live = await second.app.inject({ method: 'GET', url: '/livez' });
    expect(live.statusCode).toBe(200);
    expect(live.headers.connection).toBe('close');
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe.skipIf(!onPostgres)('surviving the database on PostgreSQL (issue 18 items 1 and 2)', () => {
  const admin = () => {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    return c.connect().then(() => c);
  };

  it('answers 503 or success after its connections are terminated, never crashes, then succeeds', async () => {
    const url = (t.database as Database & { superuserUrl?: string }).superuserUrl!;
    const dbName = new URL(url).pathname.slice(1);
    const db = await openPostgres(url, { poolSize: 3, statementTimeoutMs: 300 });
    const app = await buildApp({ database: db, config: testConfig, logger: false });
    try {
      // Warm the pool: idle connections that the server will close under it.
      await Promise.all([1, 2, 3].map(() => app.inject({ method: 'GET', url: '/readyz' })));
      // A transaction under way when its connection is terminated: the client's own 'error' event.
      const inFlight = db.db
        .transaction(async (tx) => {
          await tx.execute(sql`select pg_sleep(0.25)`);
        })
        .then(() => null, (e: unknown) => e);
      const a = await admin();
      await new Promise((r) => setTimeout(r, 50));
      await a.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
      await a.end();
      const err = await inFlight;
      expect(httpErrorForDatabase(err)?.statusCode).toBe(503);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({ method: 'GET', url: '/readyz' });
        codes.push(res.statusCode);
        if (res.statusCode === 503) expect(res.json().status).toBe('unavailable');
      }
      expect(codes.every((c) => c === 200 || c === 503)).toBe(true);
      expect(codes.at(-1)).toBe(200);
      // An API request answers too (401: no session, which needs no database; the login reads it).
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'Wrong@1234' }, remoteAddress: '10.6.0.1' });
      expect(login.statusCode).toBe(401);
      // statement_timeout is set on every connection: a statement running longer is cancelled as 503.
      const slow = await db.db.execute(sql`select pg_sleep(1)`).catch((e: unknown) => e);
      const answer = httpErrorForDatabase(slow);
      expect(answer?.statusCode).toBe(503);
      expect(answer?.message).toBe('数据库暂时不可用，请稍后重试');
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('answers 503 with Retry-After and a Chinese message while the database is away, and recovers by itself', async () => {
    // The database "away" without touching the shared server: the app reaches it through a TCP
    // relay that this test closes (connections reset, new ones refused) and then opens again.
    const target = new URL((t.database as Database & { superuserUrl?: string }).superuserUrl!);
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const port = (relay.address() as net.AddressInfo).port;
    const via = new URL(target.toString());
    via.host = `127.0.0.1:${port}`;
    const db = await openPostgres(via.toString(), { poolSize: 2, connectTimeoutMs: 1000 });
    const app = await buildApp({ database: db, config: testConfig, logger: false });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      const closed = new Promise<void>((r) => relay.close(() => r()));
      for (const s of sockets) s.destroy();
      await closed;
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'Wrong@1234' }, remoteAddress: '10.6.0.2' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' });
      expect(res.headers['retry-after']).toBe('5');
      // Back on the same address: the next requests succeed with nothing restarted.
      await new Promise<void>((r) => relay.listen(port, '127.0.0.1', r));
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      const again = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'Wrong@1234' }, remoteAddress: '10.6.0.2' });
      expect(again.statusCode).toBe(401);
    } finally {
      await app.close();
      await db.close();
      relay.close();
      for (const s of sockets) s.destroy();
    }
  });

  it('migrates and bootstraps once when two instances start together on an empty database', async () => {
    const name = `anxiao_t_${randomBytes(6).toString('hex')}`;
    const a = await admin();
    await a.query(`create database ${name}`);
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-cluster-'));
    const [one, two] = [await openPostgres(u.toString(), 2), await openPostgres(u.toString(), 2)];
    try {
      const start = (d: Database) =>
        d.withStartupLock(async () => {
          await d.migrate();
          return bootstrap(d.db, false, openStorage({ dataDir }, d.db));
        });
      const results = await Promise.all([start(one), start(two)]);
      expect(results.map((r) => r.kind).sort()).toEqual(['admin', 'existing']);
      const { rows } = (await one.db.execute(sql`select count(*)::int as n from users`)) as unknown as { rows: Array<{ n: number }> };
      expect(rows[0].n).toBe(1);
    } finally {
      await one.close();
      await two.close();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});


describe.skipIf(!onPostgres)('two reads at once inside a transaction on PostgreSQL', () => {
  it('runs them one after the other on its connection: node-postgres never sees a query while one is under way', async () => {
    const query = pg.Client.prototype.query;
    let overlapping = 0;
    pg.Client.prototype.query = function (this: pg.Client & { activeQuery?: unknown }, ...args: unknown[]) {
      if (this.activeQuery) overlapping++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      const [slow, quick] = await t.database.db.transaction((tx) =>
        Promise.all([tx.execute(sql`select pg_sleep(0.05), 1 as n`), tx.execute(sql`select 2 as n`)]),
      );
      expect((slow as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(1);
      expect((quick as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(2);
      expect(overlapping).toBe(0);
    } finally {
      pg.Client.prototype.query = query;
    }
  });
});
