import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadAuditKey, setAuditKey } from '../src/server/audit/key.js';
import { bootstrap } from '../src/server/bootstrap.js';
import { loadCareKeys, setCareSealer } from '../src/server/care/key.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite } from '../src/server/db/client.js';
import { openStorage } from '../src/server/files/storage.js';
import { ensureWebBuilt } from '../src/server/web.js';

/**
 * Builds the web UI and the demo district once per run, into a data directory (database, files,
 * keys) that each e2e file copies: loading the demo takes ~20 s, which 20-odd files used to pay each.
 */
export default async function setup(project: TestProject) {
  await ensureWebBuilt(() => {});
  const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-e2e-template-'));
  const database = await openPglite(path.join(dataDir, 'pglite'));
  await database.migrate();
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), demo: true };
  setAuditKey(loadAuditKey(config, { create: true }).key);
  setCareSealer(loadCareKeys(config).sealer);
  await bootstrap(database.db, true, openStorage(config, database.db));
  await database.analyze();
  await database.close();
  project.provide('e2eTemplateDir', dataDir);
  return () => rmSync(dataDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eTemplateDir: string;
  }
}
