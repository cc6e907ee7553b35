import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite, openPostgres } from '../db/client.js';
import type { TestProject } from 'vitest/node';

// One name per run: several runs may share a server (people testing side by side), and each
// run drops only its own databases.
const RUN = randomBytes(4).toString('hex');
const TEMPLATE_DB = `anxiao_tpl_${RUN}`;

/**
 * Migrates one database per run, which each test file then copies: a PGlite data-directory dump,
 * or a PostgreSQL template database when TEST_DATABASE_URL is set.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${TEMPLATE_DB}`;
    const db = await openPostgres(u.toString(), 1);
    await db.migrate();
    await db.close();
    project.provide('pgTemplateUrl', u.toString());
    project.provide('pgRun', RUN);
    return async () => {
      // The test files drop their databases when they close; a file that crashed leaves one behind.
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      const { rows } = await a.query(`select datname from pg_database where datname like $1`, [`anxiao_t_${RUN}_%`]);
      for (const r of rows) await a.query(`drop database if exists "${r.datname}" with (force)`);
      await a.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
      await a.end();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'anxiao-test-'));
  const client = await PGlite.create();
  const db = await openPglite(null, client);
  await db.migrate();
  const dump = await client.dumpDataDir('none');
  const file = path.join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide('pgliteDump', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplateUrl: string;
    pgRun: string;
  }
}
