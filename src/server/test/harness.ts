import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type App } from '../app.js';
import { setAuditKey } from '../audit/key.js';
import { Sealer } from '../care/crypto.js';
import { setCareSealer } from '../care/key.js';
import type { Config } from '../config.js';
import { openPglite, openPostgres, type Database } from '../db/client.js';

export const testConfig: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir: '/nonexistent',
  databaseUrl: null,
  demo: false,
  sessionIdleMinutes: 30,
  loginRatePerMinute: 1000,
  bodyLimitBytes: 1024 * 1024,
  uploadLimitBytes: 20 * 1024 * 1024,
  importConcurrency: 2,
  importQueueLimit: 10,
  trustProxy: false,
  cookieSecure: false,
  logLevel: 'silent',
  // A fixed key: the tests' chains verify the same way every run.
  auditKey: 'anxiao-test-audit-key-0123456789abcdef',
};
// Set at import, so a test may write audit events (the demo loader) before it builds an app.
setAuditKey(Buffer.from(testConfig.auditKey!, 'utf8'));
setCareSealer(new Sealer(Buffer.from('6a'.repeat(32), 'hex'))); // a fixed key for the care ledger's sealed fields (issue 16)

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** A fresh, migrated database for one test file. */
export async function freshDatabase(): Promise<Database & { superuserUrl?: string }> {
  if (onPostgres) {
    const template = new URL(inject('pgTemplateUrl'));
    const name = `anxiao_t_${inject('pgRun')}_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name} template ${template.pathname.slice(1)}`);
    await admin.end();
    template.pathname = `/${name}`;
    const db = await openPostgres(template.toString(), 5);
    const close = db.close;
    return {
      ...db,
      superuserUrl: template.toString(),
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dump = readFileSync(inject('pgliteDump'));
  const client = await PGlite.create({ loadDataDir: new Blob([dump]) });
  return openPglite(null, client);
}

export interface TestContext {
  app: App;
  database: Database;
  now: { value: Date };
  close: () => Promise<void>;
}

/** The app on a fresh database, with a clock the test can move, and its own data directory for files. */
export async function startTestApp(config: Partial<Config> = {}): Promise<TestContext> {
  const database = await freshDatabase();
  const now = { value: new Date() };
  const dataDir = config.dataDir ?? mkdtempSync(path.join(tmpdir(), 'anxiao-data-'));
  const app = await buildApp({ database, config: { ...testConfig, dataDir, ...config }, now: () => now.value, logger: false });
  await app.ready();
  return {
    app,
    database,
    now,
    close: async () => {
      await app.close();
      await database.close();
      if (!config.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
