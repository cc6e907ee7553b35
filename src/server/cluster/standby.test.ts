// Issue 18, once against a real streaming standby: a throwaway primary in /tmp, its standby made by
// `pg_basebackup -R`, and an app with DATABASE_READ_URL on the standby. Needs PostgreSQL 15's
// binaries and root (the servers run as the `postgres` user), so it runs beside the PostgreSQL pass
// of the API tests only where both are there.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import { openPostgres, type Database } from '../db/client.js';
import { buildTree, buildUser, login, ok } from '../test/factories.js';
import { onPostgres, testConfig } from '../test/harness.js';

const BIN = '/usr/lib/postgresql/15/bin';
const possible = onPostgres && process.getuid?.() === 0 && existsSync(path.join(BIN, 'pg_basebackup'));
const TODAY = '2026-03-10';

const asPostgres = (cmd: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args], { stdio: 'pipe' });

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe.skipIf(!possible)('a real streaming standby as DATABASE_READ_URL (issue 18)', () => {
  let dir: string;
  const started: string[] = [];
  let database: Database;
  let app: App;
  let primaryUrl: string;
  let standbyUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'anxiao-standby-'));
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    const [pp, sp] = [await freePort(), await freePort()];
    const start = (data: string, port: number) => {
      asPostgres('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, 'start']);
      started.push(data);
    };
    asPostgres('initdb', ['-D', `${dir}/primary`, '-A', 'trust', '-U', 'postgres']);
    start(`${dir}/primary`, pp);
    asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(pp), '-U', 'postgres', '-D', `${dir}/standby`, '-R', '-X', 'stream']);
    start(`${dir}/standby`, sp);
    primaryUrl = `postgres://postgres@127.0.0.1:${pp}/postgres`;
    standbyUrl = `postgres://postgres@127.0.0.1:${sp}/postgres`;
    database = await openPostgres(primaryUrl, { poolSize: 3, readUrl: standbyUrl });
    await database.migrate();
    app = await buildApp({ database, config: { ...testConfig, dataDir: dir, database: { statementTimeoutMs: 30_000, connectTimeoutMs: 2_000, idleInTransactionTimeoutMs: 60_000, poolSize: 3, readUrl: standbyUrl, readAfterWriteMs: 5_000 } }, now: () => new Date(`${TODAY}T02:00:00Z`), logger: false });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    for (const data of started.reverse()) asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates the primary, reads the standby, and a list by another person shows a write once replayed', async () => {
    const { rows } = (await database.reads.execute(sql`select pg_is_in_recovery() as standby`)) as unknown as { rows: Array<{ standby: boolean }> };
    expect(rows[0].standby).toBe(true);
    const tree = await buildTree(database.db);
    const officer = await login(app, (await buildUser(database.db, tree.schoolA1, ['school_safety_officer'])).username);
    const principal = await login(app, (await buildUser(database.db, tree.schoolA1, ['principal'])).username);
    await ok(officer.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '食堂', description: '备库', grade: 'general', foundOn: TODAY }), 201);
    // The standby replays within moments; the other person's list (on the standby) shows it then.
    let total = 0;
    for (let i = 0; i < 50 && total === 0; i++) {
      const res = await principal.get(`/api/v1/hazards?schoolId=${tree.schoolA1.id}`);
      expect(res.statusCode).toBe(200);
      total = res.json().total;
      if (total === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(total).toBe(1);
    expect((await ok(principal.get('/api/v1/compliance/matrix'))).schools.length).toBeGreaterThan(0);
  });
});
