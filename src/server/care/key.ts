// The key ring sealing students-of-concern records (issue 16). Like the audit key
// (audit/key.ts) it must not live in the database: from CARE_KEY (and CARE_KEYS_PREVIOUS after a
// rotation); in demo mode, else a 0600 file DATA_DIR/care.key made at first start, so a demo
// works out of the box. In production there is no silent fallback: without CARE_KEY the records
// cannot be read or written, and a server holding such records refuses to start rather than run
// with them unreadable or be tempted to write plain text.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Executor } from '../db/client.js';
import { careRecords } from '../db/schema.js';
import { AppError } from '../errors.js';
import { parseKey, Sealer } from './crypto.js';

export const CARE_KEY_FILE = 'care.key';
export type CareKeySource = 'env' | 'file' | 'created' | 'none';

export const careKeyPath = (dataDir: string) => path.join(dataDir, CARE_KEY_FILE);

/** Where the key comes from: the environment; in demo mode (or when the file is already there) the file in DATA_DIR; else none. */
export function loadCareKeys(config: Pick<Config, 'careKey' | 'careKeysPrevious' | 'dataDir' | 'demo'>): { sealer: Sealer | null; source: CareKeySource; file: string | null } {
  const previous = (config.careKeysPrevious ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => parseKey(s, `CARE_KEYS_PREVIOUS[${i}]`));
  if (config.careKey) return { sealer: new Sealer(parseKey(config.careKey), previous), source: 'env', file: null };
  const file = careKeyPath(config.dataDir);
  try {
    return { sealer: new Sealer(parseKey(readFileSync(file, 'utf8'), file), previous), source: 'file', file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (!config.demo) return { sealer: null, source: 'none', file: null };
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once must not each write their own key.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { sealer: new Sealer(parseKey(readFileSync(file, 'utf8'), file), previous), source: 'file', file };
  }
  return { sealer: new Sealer(parseKey(readFileSync(file, 'utf8'), file), previous), source: 'created', file };
}

export class CareKeyMissingError extends Error {}

export const CARE_KEY_MISSING_MESSAGE =
  '数据库中已有加密的重点学生档案，但未配置密钥 CARE_KEY：拒绝启动，以免档案无法读取或以明文写入。请设置与加密时相同的 CARE_KEY 后再启动。\n' +
  'The database holds encrypted students-of-concern records but CARE_KEY is not set: refusing to start rather than ' +
  'leave them unreadable or write plain text. Set CARE_KEY to the key that sealed them (see ARCHITECTURE.md, key rotation).';

/**
 * At start, before serving: without a key and with records in the database, refuse to start.
 * Without a key and no records, start (the care pages say the key is missing and refuse writes).
 */
export async function assertCareKeyReady(db: Executor, sealer: Sealer | null): Promise<void> {
  if (sealer) return;
  const [{ n }] = await db.select({ n: count() }).from(careRecords);
  if (n > 0) throw new CareKeyMissingError(CARE_KEY_MISSING_MESSAGE);
}

// One ring per process, set at start (like the audit key): services, jobs, the demo loader and the
// bench use it without carrying it.
let current: Sealer | null = null;

export function setCareSealer(sealer: Sealer | null): void {
  current = sealer;
}

export const careKeyReady = () => current !== null;

/** The ring, or a 503 naming the missing key: nothing is written unsealed. */
export function careSealer(): Sealer {
  if (!current) throw new AppError(503, 'CARE_KEY_MISSING', '服务器未配置学生关爱加密密钥（CARE_KEY），暂不能读写重点学生档案，请联系系统管理员');
  return current;
}
