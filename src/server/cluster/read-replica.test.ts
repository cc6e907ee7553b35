// Issue 18, the read replica (DATABASE_READ_URL): lists, exports, home figures and the compliance
// board read from it, writes and a person's reads right after their own write from the primary, a
// replica that is away falls back to the primary, and migrations never touch it.
//
// On PostgreSQL the "replica" is a copy of the primary taken after the seed (CREATE DATABASE …
// TEMPLATE), opened through the app's read pool (read-only, application_name anxiao-replica). It
// then stands still like a standby lagging behind: a record written afterwards is on the primary
// only, so whether an answer shows it says which database answered it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { buildApp, type App } from '../app.js';
import { READ_AFTER_WRITE_COOKIE, readDb } from '../context.js';
import { openPostgres, REPLICA_APPLICATION_NAME, type Database } from '../db/client.js';
import { buildTree, buildUser, login, ok, refused, xlsxColumn, type Client, type Tree } from '../test/factories.js';
import { onPostgres, startTestApp, testConfig, type TestContext } from '../test/harness.js';

const TODAY = '2026-03-10';
const NOW = new Date(`${TODAY}T02:00:00Z`);
const WINDOW_MS = 3_000;

const report = (client: Client, schoolId: number, description: string) =>
  ok(client.post('/api/v1/hazards', { schoolId, area: 'fire_chemicals', location: '教学楼三楼', description, grade: 'general', foundOn: TODAY }), 201);

/** The read-after-write cookie a response set ("name=value"), if any. */
function rwCookie(res: { headers: Record<string, unknown> }): string | null {
  const set = res.headers['set-cookie'];
  const all = Array.isArray(set) ? set : set ? [String(set)] : [];
  const c = all.find((s) => s.startsWith(`${READ_AFTER_WRITE_COOKIE}=`));
  return c ? c.split(';')[0] : null;
}

/** A GET as this person, with extra cookies (the read-after-write one) beside the session. */
const getWith = (client: Client, url: string, extra: string | null) =>
  client.request('GET', url, undefined, extra ? { cookie: `${client.cookie}; ${extra}` } : {});

const urlOf = (name: string) => {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  return u.toString();
};

/** `fn` on a connection of its own to the database `name` (the server's default database when absent). */
async function on<T>(name: string | null, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: name ? urlOf(name) : process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const admin = <T>(fn: (c: pg.Client) => Promise<T>) => on(null, fn);
/** One number a query on the database `name` answers (its column n). */
const numberOn = (name: string, text: string, values: unknown[] = []) => on(name, async (c) => (await c.query(text, values)).rows[0].n as number);

/** A copy of `source` (no session may be connected to it: those just closed take a moment to go). */
async function copyDatabase(source: string, name: string) {
  for (let i = 0; ; i++) {
    try {
      await admin((c) => c.query(`create database ${name} template ${source}`));
      return;
    } catch (err) {
      if (i > 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A port on this machine where nothing listens. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe.skipIf(!onPostgres)('a read replica (issue 18)', () => {
  const run = onPostgres ? inject('pgRun') : '';
  const suffix = randomBytes(4).toString('hex');
  const primaryName = `anxiao_t_${run}_${suffix}_p`;
  const replicaName = `anxiao_t_${run}_${suffix}_r`;
  const emptyNames = [`anxiao_t_${run}_${suffix}_e`, `anxiao_t_${run}_${suffix}_x`];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-data-'));
  const now = { value: NOW };
  const config = { ...testConfig, dataDir, database: { statementTimeoutMs: 30_000, connectTimeoutMs: 2_000, idleInTransactionTimeoutMs: 60_000, poolSize: 3, readAfterWriteMs: WINDOW_MS } };
  let database: Database;
  let app: App;
  let tree: Tree;
  let officer: Client;
  let principal: Client;
  let bureau: Client;
  let seeded: string;
  const opened: Array<{ app?: App; database: Database }> = [];

  const buildOn = async (readUrl: string) => {
    const d = await openPostgres(urlOf(primaryName), { ...config.database, readUrl });
    const a = await buildApp({ database: d, config: { ...config, database: { ...config.database, readUrl } }, now: () => now.value, logger: false });
    opened.push({ app: a, database: d });
    return { app: a, database: d };
  };
  const signIn = async (a: App, username: string) => login(a, username);

  beforeAll(async () => {
    const template = new URL(inject('pgTemplateUrl')).pathname.slice(1);
    await admin((c) => c.query(`create database ${primaryName} template ${template}`));
    // The seed, on the primary, before the copy: the district, its people, a hazard, the board's rollup.
    const seed = await openPostgres(urlOf(primaryName), 2);
    tree = await buildTree(seed.db);
    const people = {
      officer: await buildUser(seed.db, tree.schoolA1, ['school_safety_officer']),
      principal: await buildUser(seed.db, tree.schoolA1, ['principal']),
      bureau: await buildUser(seed.db, tree.bureau, ['bureau_admin']),
    };
    const seedApp = await buildApp({ database: seed, config, now: () => now.value, logger: false });
    const seedOfficer = await login(seedApp, people.officer.username);
    seeded = (await report(seedOfficer, tree.schoolA1.id, '种子隐患')).code;
    await ok((await login(seedApp, people.bureau.username)).get('/api/v1/compliance/matrix'));
    await seedApp.close();
    await seed.close();
    await copyDatabase(primaryName, replicaName);

    ({ app, database } = await buildOn(urlOf(replicaName)));
    officer = await signIn(app, people.officer.username);
    principal = await signIn(app, people.principal.username);
    bureau = await signIn(app, people.bureau.username);
  }, 120_000);

  afterAll(async () => {
    for (const o of opened.reverse()) {
      await o.app?.close();
      await o.database.close();
    }
    await admin(async (c) => {
      for (const name of [primaryName, replicaName, ...emptyNames]) await c.query(`drop database if exists ${name} with (force)`);
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the read pool read-only and under its own name, on the replica', async () => {
    expect(database.reads).not.toBe(database.db);
    const { rows } = (await database.reads.execute(sql`select current_database() as db, current_setting('default_transaction_read_only') as ro, current_setting('application_name') as app`)) as unknown as {
      rows: Array<{ db: string; ro: string; app: string }>;
    };
    expect(rows[0]).toEqual({ db: replicaName, ro: 'on', app: REPLICA_APPLICATION_NAME });
    await expect(database.reads.execute(sql`create table nope (id int)`)).rejects.toMatchObject({ cause: { code: '25006' } });
  });

  it('writes on the primary; the answer of the write and the writer’s reads in the window from the primary, another person’s from the replica', async () => {
    const res = await officer.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '食堂', description: '刚上报的隐患', grade: 'general', foundOn: TODAY });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.description).toBe('刚上报的隐患'); // read back in the write's own request: the primary
    const cookie = rwCookie(res);
    expect(cookie).toBe(`${READ_AFTER_WRITE_COOKIE}=${NOW.getTime() + WINDOW_MS}`);
    expect(await numberOn(primaryName, 'select count(*)::int as n from hazards where code = $1', [created.code])).toBe(1);
    expect(await numberOn(replicaName, 'select count(*)::int as n from hazards where code = $1', [created.code])).toBe(0);

    const codes = async (client: Client, extra: string | null) => (await ok(getWith(client, `/api/v1/hazards?schoolId=${tree.schoolA1.id}`, extra))).items.map((h: { code: string }) => h.code);
    // The writer, inside the window: the primary, which has it.
    expect(await codes(officer, cookie)).toContain(created.code);
    // Another person of the same school: the replica, which has the seed and not the new one.
    const theirs = await codes(principal, null);
    expect(theirs).toContain(seeded);
    expect(theirs).not.toContain(created.code);
    // The writer once the window has passed: the replica again.
    now.value = new Date(NOW.getTime() + WINDOW_MS + 1);
    try {
      expect(await codes(officer, cookie)).not.toContain(created.code);
    } finally {
      now.value = NOW;
    }
    // The home figures likewise: one open hazard on the replica, two on the primary.
    expect((await ok(getWith(principal, '/api/v1/hazards/stats', null))).open).toBe(1);
    expect((await ok(getWith(officer, '/api/v1/hazards/stats', cookie))).open).toBe(2);
    // The connections that answered were the read pool's, on the replica.
    expect(await numberOn(primaryName, 'select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = $2', [replicaName, REPLICA_APPLICATION_NAME])).toBeGreaterThan(0);
  });

  it('sets no read-after-write cookie on a write refused', async () => {
    const res = await officer.post('/api/v1/hazards', { schoolId: tree.schoolA1.id });
    expect(res.statusCode).toBe(400);
    expect(rwCookie(res)).toBeNull();
    // Nor on a read.
    expect(rwCookie(await officer.get('/api/v1/hazards'))).toBeNull();
  });

  it('reads the exports and a recorded ledger’s list and export from the replica', async () => {
    const drill = await officer.post('/api/v1/drills', { schoolId: tree.schoolA1.id, heldOn: TODAY, kind: 'fire', participants: 300 });
    expect(drill.statusCode).toBe(201);
    const cookie = rwCookie(drill);
    expect((await ok(getWith(principal, '/api/v1/drills', null))).total).toBe(0);
    expect((await ok(getWith(officer, '/api/v1/drills', cookie))).total).toBe(1);

    const drillRows = async (client: Client, extra: string | null) => {
      const res = await getWith(client, '/api/v1/drills/export', extra);
      expect(res.statusCode).toBe(200);
      return xlsxColumn(res.rawPayload, '学校');
    };
    expect(await drillRows(principal, null)).toEqual([]);
    expect(await drillRows(officer, cookie)).toEqual([tree.schoolA1.name]);

    const exported = await getWith(principal, '/api/v1/hazards/export', null);
    expect(exported.statusCode).toBe(200);
    expect(await xlsxColumn(exported.rawPayload, '隐患编号')).toEqual([seeded]);
    // The export's audit event is a write, on the primary.
    expect(await numberOn(primaryName, `select count(*)::int as n from audit_events where action = 'export' and object_type = 'hazard'`)).toBeGreaterThan(0);
  });

  it('reads the incident register from the replica', async () => {
    const res = await officer.post('/api/v1/incidents', {
      unitId: tree.schoolA1.id, headline: '学生课间摔伤', occurredAt: `${TODAY}T09:30:00+08:00`, knownAt: `${TODAY}T09:40:00+08:00`, place: '教学楼二楼走廊',
      category: 'accident_disaster', subtype: 'other', severity: 'general', dead: 0, injured: 1, missingPersons: 0, actionsTaken: '校医现场处置，通知家长',
    });
    expect(res.statusCode).toBe(201);
    // The replica is the copy taken before: the principal's list comes from it, the writer's from the primary.
    expect((await ok(getWith(principal, '/api/v1/incidents', null))).total).toBe(0);
    expect((await ok(getWith(officer, '/api/v1/incidents', rwCookie(res)))).total).toBe(1);
  });

  it('reads the compliance board from the replica while its rollup is fresh there, from the primary once stale', async () => {
    // A mark on the replica's copy only, to tell the two apart by the board's evaluatedAt.
    const stamp = '2026-03-10T01:23:45.000Z';
    await on(replicaName, async (onReplica) => {
      await onReplica.query('update compliance_rollups set evaluated_at = $1 where district_id = $2', [stamp, tree.districtId]);
      const matrix = await ok(bureau.get('/api/v1/compliance/matrix'));
      expect(matrix.evaluatedAt).toBe(stamp);
      expect((await ok(bureau.get('/api/v1/compliance'))).evaluatedAt).toBe(stamp);
      // The replica's rollup is stale (a school marked): the read refreshes and reads on the primary.
      await onReplica.query('insert into compliance_dirty (district_id, unit_id) values ($1, $2) on conflict do nothing', [tree.districtId, tree.schoolA1.id]);
      const fromPrimary = await ok(bureau.get('/api/v1/compliance/matrix'));
      expect(fromPrimary.evaluatedAt).not.toBe(stamp);
      expect(fromPrimary.schools.map((s: { unitId: number }) => s.unitId)).toContain(tree.schoolA1.id);
    });
  });

  it('keeps a read inside a transaction on the transaction', async () => {
    await database.db.transaction(async (tx) => {
      expect(readDb({ db: tx as never, reads: database.reads })).toBe(tx);
    });
    expect(readDb({ db: database.db, reads: database.reads })).toBe(database.reads);
  });

  it('falls back to the primary when the replica is away, with one warning, and /readyz asks the primary only', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const dead = await buildOn(`postgres://nobody@127.0.0.1:${await deadPort()}/nothing`);
      const who = await signIn(dead.app, (await buildUser(dead.database.db, tree.schoolA1, ['principal'])).username);
      const first = await who.get(`/api/v1/hazards?schoolId=${tree.schoolA1.id}`);
      expect(first.statusCode).toBe(200);
      expect(first.json().total).toBe(2); // the primary's
      expect((await who.get('/api/v1/compliance/matrix')).statusCode).toBe(200);
      expect((await who.get('/api/v1/hazards/stats')).statusCode).toBe(200);
      expect((await dead.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      const replicaWarnings = warn.mock.calls.filter(([m]) => /read replica/.test(String(m)));
      expect(replicaWarnings).toHaveLength(1);
      expect(String(replicaWarnings[0][0])).toMatch(/unavailable, reading from the primary/);
    } finally {
      warn.mockRestore();
    }
  });

  it('never runs migrations against the read URL', async () => {
    const [empty, other] = emptyNames;
    await admin(async (c) => {
      await c.query(`create database ${empty}`);
      await c.query(`create database ${other}`);
    });
    const d = await openPostgres(urlOf(empty), { poolSize: 2, readUrl: urlOf(other) });
    opened.push({ database: d });
    await d.migrate();
    const tables = (name: string) => numberOn(name, `select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`);
    expect(await tables(empty)).toBeGreaterThan(50);
    expect(await tables(other)).toBe(0);
  }, 120_000);
});

describe('one database handle without a replica (PGlite, or PostgreSQL without DATABASE_READ_URL)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await startTestApp();
    t.now.value = NOW;
  });
  afterAll(() => t?.close());

  it('reads and writes through the one handle and sets no read-after-write cookie', async () => {
    expect(t.database.reads).toBe(t.database.db);
    const tree = await buildTree(t.database.db);
    const officer = await login(t.app, (await buildUser(t.database.db, tree.schoolA1, ['school_safety_officer'])).username);
    const res = await officer.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '食堂', description: '一个库', grade: 'general', foundOn: TODAY });
    expect(res.statusCode).toBe(201);
    expect(rwCookie(res)).toBeNull();
    expect((await ok(officer.get(`/api/v1/hazards?schoolId=${tree.schoolA1.id}`))).total).toBe(1);
    await refused(officer.post('/api/v1/hazards', { schoolId: tree.schoolA1.id }), 400);
  });
});
