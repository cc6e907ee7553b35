import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, onPostgres, testConfig, type TestContext } from '../test/harness.js';
import { buildTree, buildUser, login, xlsxColumn, type Client } from '../test/factories.js';
import { checkpointPath, writeCheckpoint } from './checkpoints.js';
import { auditKey } from './key.js';
import { verifyAuditTrail } from './verify.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t.database.db);
  admin = await login(t.app, (await buildUser(t.database.db, tree.bureau, ['bureau_admin'])).username);
});
afterAll(() => t.close());

async function tamper(statement: string) {
  // The trigger refuses everyone; a tamperer with superuser rights can switch it off first.
  await t.database.db.execute(sql.raw(`alter table audit_events disable trigger audit_events_no_update_delete`));
  try {
    await t.database.db.execute(sql.raw(statement));
  } finally {
    await t.database.db.execute(sql.raw(`alter table audit_events enable trigger audit_events_no_update_delete`));
  }
}

describe('audit trail', () => {
  it('records who, their unit, when, what, before and after, result and IP', async () => {
    const res = await admin.post('/api/v1/units', { kind: 'town', parentId: tree.bureau.id, name: `审计镇${Date.now()}` });
    const e = (await admin.get(`/api/v1/audit-events?objectType=unit&objectId=${res.json().id}`)).json().items[0];
    expect(e).toMatchObject({ action: 'create', objectType: 'unit', result: 'success', actorUnitId: tree.bureau.id, actorUnitName: tree.bureau.name });
    expect(e.actorName).toMatch(/^测试/);
    expect(e.ip).toBe('127.0.0.1');
    expect(new Date(e.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records login and logout', async () => {
    const u = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const c = await login(t.app, u.username);
    await c.post('/api/v1/auth/logout');
    const actions = (await admin.get(`/api/v1/audit-events?actorId=${u.id}`)).json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['logout', 'login']);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    // Drizzle wraps the driver's error: the trigger's message is on the cause.
    const refused = (e: { message: string; cause?: { message: string } }) => /append-only/.test(e.cause?.message ?? e.message);
    await expect(t.database.db.execute(sql`update audit_events set action = 'create'`)).rejects.toSatisfy(refused);
    await expect(t.database.db.execute(sql`delete from audit_events`)).rejects.toSatisfy(refused);
    await expect(t.database.db.execute(sql`truncate audit_events`)).rejects.toSatisfy(refused);
  });

  it('chains every event to the one before, and finds an edited or removed row', async () => {
    expect((await verifyAuditTrail(t.database.db)).broken).toBeNull();
    const target = (await admin.get('/api/v1/audit-events?pageSize=3')).json().items[2];
    await tamper(`update audit_events set actor_name = '他人' where id = ${target.id}`);
    expect((await verifyAuditTrail(t.database.db)).broken).toEqual({ id: target.id, reason: 'hash_mismatch' });
    // Put it back, so the next test starts from an intact chain.
    await tamper(`update audit_events set actor_name = '${target.actorName}' where id = ${target.id}`);
    expect((await verifyAuditTrail(t.database.db)).broken).toBeNull();
  });

  it('finds a removed row with `npm run audit:verify`', async () => {
    if (!onPostgres) {
      // The script opens a database by its own config: covered on PostgreSQL, where it can reach the same one.
      const { items } = (await admin.get('/api/v1/audit-events?pageSize=2')).json();
      await tamper(`delete from audit_events where id = ${items[1].id}`);
      expect((await verifyAuditTrail(t.database.db)).broken).toEqual({ id: items[0].id, reason: 'prev_mismatch' });
      return;
    }
    const url = (t.database as { superuserUrl?: string }).superuserUrl!;
    // The script takes the key and the signed checkpoints from DATA_DIR (issue 11 item 5).
    const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-verify-'));
    await writeCheckpoint(t.database.db, checkpointPath(dataDir), auditKey());
    const run = () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
        cwd: path.resolve(import.meta.dirname, '../../..'),
        env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir, AUDIT_KEY: testConfig.auditKey! },
        encoding: 'utf8',
      });
    expect(run()).toMatch(/Audit trail intact: \d+ events verified/);
    const { items } = (await admin.get('/api/v1/audit-events?pageSize=2')).json();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('alter table audit_events disable trigger audit_events_no_update_delete');
    await client.query('delete from audit_events where id = $1', [items[1].id]);
    await client.end();
    expect(run).toThrow(/BROKEN at event #\d+/);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('filters by action, result and date, and exports to Excel', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const failed = (await admin.get(`/api/v1/audit-events?result=failure&from=${today}&to=${today}`)).json();
    expect(failed.items.every((e: { result: string }) => e.result === 'failure')).toBe(true);
    expect((await admin.get('/api/v1/audit-events?from=2020-01-01&to=2020-01-02')).json().total).toBe(0);
    expect((await admin.get('/api/v1/audit-events?from=2020-13-01')).statusCode).toBe(400);
    const res = await admin.get('/api/v1/audit-events/export?action=create');
    expect(res.statusCode).toBe(200);
    const actions = await xlsxColumn(res.rawPayload, '操作');
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['新建']));
  });

  it('is for those with audit.read only', async () => {
    const c = await login(t.app, (await buildUser(t.database.db, tree.schoolA1, ['principal'])).username);
    expect((await c.get('/api/v1/audit-events')).statusCode).toBe(403);
    expect((await c.get('/api/v1/audit-events/export')).statusCode).toBe(403);
  });
});
