import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite, openPostgres } from '../db/client.js';
import type { TestProject } from 'vitest/node';

export const TEMPLATE_DB = 'anxiao_test_template';

/**
 * Migrates one database per run, which each test file then copies: a PGlite data-directory dump,
 * or a PostgreSQL template database when TEST_DATABASE_URL is set.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const { rows } = await admin.query(`select datname from pg_database where datname like 'anxiao_t_%'`);
    for (const r of rows) await admin.query(`drop database if exists "${r.datname}" with (force)`);
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${TEMPLATE_DB}`;
    const db = await openPostgres(u.toString(), 1);
    await db.migrate();
    await db.close();
    project.provide('pgTemplateUrl', u.toString());
    return;
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
  }
}
