// Issue 11 item 5: the app runs as a least-privilege PostgreSQL role (scripts/app-role.sql) that
// can append to the audit trail and read it, and can neither change it nor switch its triggers off.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import { openPostgres, type Database } from '../db/client.js';
import { freshDatabase, onPostgres, testConfig } from '../test/harness.js';
import { buildTree, buildUser, login } from '../test/factories.js';
import { verifyAuditTrail } from './verify.js';

const role = `anxiao_app_${randomBytes(4).toString('hex')}`;
let owner: Awaited<ReturnType<typeof freshDatabase>>;
let asApp: Database;
let app: App;
let dataDir: string;

// The roles are the server's: only on PostgreSQL (PGlite is one superuser in the process).
describe.skipIf(!onPostgres)('the least-privilege app role', () => {
  beforeAll(async () => {
    owner = await freshDatabase();
    const password = randomBytes(12).toString('hex');
    await owner.db.execute(sql.raw(`create role ${role} login password '${password}' nosuperuser nocreatedb nocreaterole nobypassrls`));
    // The documented script, as it is, for this test's role name.
    const grants = readFileSync(path.resolve(import.meta.dirname, '../../../scripts/app-role.sql'), 'utf8').replaceAll('anxiao_app', role);
    const client = new pg.Client({ connectionString: owner.superuserUrl });
    await client.connect();
    await client.query(grants);
    await client.end();
    const url = new URL(owner.superuserUrl!);
    url.username = role;
    url.password = password;
    asApp = await openPostgres(url.toString(), 2);
    // Nothing pending: the app role starts without applying (or being able to apply) migrations.
    await asApp.migrate();
    dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-role-'));
    app = await buildApp({ database: asApp, config: { ...testConfig, dataDir }, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await asApp?.close();
    await owner?.close();
    const a = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await a.connect();
    await a.query(`drop role if exists ${role}`);
    await a.end();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('works: signs in, writes a change and its audit event, verifies the trail', async () => {
    const tree = await buildTree(owner.db);
    const admin = await login(app, (await buildUser(owner.db, tree.bureau, ['bureau_admin'])).username);
    const res = await admin.post('/api/v1/units', { kind: 'town', parentId: tree.bureau.id, name: `权限镇${Date.now()}` });
    expect(res.statusCode).toBe(201);
    const events = (await admin.get(`/api/v1/audit-events?objectType=unit&objectId=${res.json().id}`)).json().items;
    expect(events).toHaveLength(1);
    expect((await verifyAuditTrail(asApp.db)).broken).toBeNull();
  });

  it('may not update, delete or truncate audit events, nor switch the triggers off', async () => {
    const refused = (pattern: RegExp) => (e: { message: string; cause?: { message: string } }) => pattern.test(e.cause?.message ?? e.message);
    const denied = refused(/permission denied/);
    await expect(asApp.db.execute(sql`update audit_events set actor_unit_path = '/0/'`)).rejects.toSatisfy(denied);
    await expect(asApp.db.execute(sql`delete from audit_events`)).rejects.toSatisfy(denied);
    await expect(asApp.db.execute(sql`truncate audit_events`)).rejects.toSatisfy(denied);
    await expect(asApp.db.execute(sql`update hazard_steps set comment = 'x'`)).rejects.toSatisfy(denied);
    await expect(asApp.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`)).rejects.toSatisfy(refused(/must be owner/));
    await expect(asApp.db.execute(sql`set session_replication_role = replica`)).rejects.toSatisfy(denied);
    await expect(asApp.db.execute(sql`create table audit_copy (id int)`)).rejects.toSatisfy(denied);
  });
});
