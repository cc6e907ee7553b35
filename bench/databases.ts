// A bench suite's own database: PGlite in a temporary directory, or a database of its own created
// in a PostgreSQL server (BENCH_DATABASE_URL) and dropped at the end; migrated. One place for what
// the suites run in their own file had each spelled out (warnings and family-letters use it so far).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../src/server/db/client.js';

export async function benchDatabase(suite: string, backend: 'pglite' | 'postgres', serverUrl: string | null) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `anxiao-bench-${suite}-${backend}-`));
  const name = `anxiao_bench_${suite.replace(/\W/g, '_')}_${process.pid}`;
  let admin: pg.Client | null = null;
  let dbUrl: string | undefined;
  let database: Database;
  if (backend === 'postgres') {
    if (!serverUrl) throw new Error(`bench ${suite}: set BENCH_DATABASE_URL (a PostgreSQL server) or BENCH_BACKENDS=pglite`);
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    dbUrl = url.toString();
    database = await openPostgres(dbUrl);
  } else database = await openPglite(path.join(dataDir, 'pglite'));
  await database.migrate();
  // A suite that hands the database to a server child (PGlite has one owner) closes it early;
  // close() then only drops what is left.
  let closed = false;
  const closeDatabase = async () => {
    if (closed) return;
    closed = true;
    await database.close();
  };
  const close = async () => {
    await closeDatabase();
    if (admin) {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { database, dbUrl, dataDir, close, closeDatabase };
}
