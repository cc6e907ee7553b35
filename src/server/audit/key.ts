import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

// The audit chain's HMAC key (issue 11 item 5). It must not live in the database: whoever can
// write the database could then recompute the chain. From AUDIT_KEY, else a file in DATA_DIR made
// at first start (readable by the app's OS user only).
export const AUDIT_KEY_FILE = 'audit.key';

export type AuditKeySource = 'env' | 'file' | 'created';

export function auditKeyPath(dataDir: string): string {
  return path.join(dataDir, AUDIT_KEY_FILE);
}

function readKeyFile(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (text.length < 32) throw new Error(`The audit key in ${file} is shorter than 32 characters`);
  return Buffer.from(text, 'utf8');
}

/**
 * The key and where it came from. `create`: make the key file when there is none (the server at
 * start); the verifier never does, a key it made could not verify anything.
 */
export function loadAuditKey(config: Pick<Config, 'auditKey' | 'dataDir'>, opts: { create: boolean }): { key: Buffer; source: AuditKeySource; file: string | null } {
  if (config.auditKey) return { key: Buffer.from(config.auditKey, 'utf8'), source: 'env', file: null };
  const file = auditKeyPath(config.dataDir);
  try {
    return { key: readKeyFile(file), source: 'file', file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (!opts.create) throw new Error(`No audit key: set AUDIT_KEY or DATA_DIR so that ${file} is the server's key file`);
  }
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once must not each write their own key.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { key: readKeyFile(file), source: 'file', file };
  }
  return { key: readKeyFile(file), source: 'created', file };
}

// One key per process, set at start: writeAudit has some eighty callers, in requests, jobs and
// the demo loader, and none of them should have to carry it.
let current: Buffer | null = null;

export function setAuditKey(key: Buffer): void {
  current = Buffer.from(key);
}

export function auditKey(): Buffer {
  if (!current) throw new Error('The audit key is not set: call setAuditKey at start');
  return current;
}
