import { spawn } from 'node:child_process';
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

const root = path.resolve(import.meta.dirname, '..');

/**
 * Builds the web UI and the demo district once per run, into a data directory (database, files,
 * keys) that each e2e file copies: loading the demo takes ~20 s, which 20-odd files used to pay each.
 */
export default async function setup(project: TestProject) {
  // The web build runs in a child process while this one loads the demo district: both take about
  // a minute of one core, and the machine has two. ensureWebBuilt keeps its lock and its check.
  const built = new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/build-web.ts'], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the web build failed (exit ${code})`))));
  });
  built.catch(() => {}); // awaited below; a failed demo load must not leave it unhandled
  const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-e2e-template-'));
  const database = await openPglite(path.join(dataDir, 'pglite'));
  await database.migrate();
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), demo: true };
  setAuditKey(loadAuditKey(config, { create: true }).key);
  setCareSealer(loadCareKeys(config).sealer);
  await bootstrap(database.db, true, openStorage(config, database.db));
  await database.analyze();
  await database.close();
  await built;
  project.provide('e2eTemplateDir', dataDir);
  return () => rmSync(dataDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eTemplateDir: string;
  }
}
