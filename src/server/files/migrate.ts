// Moving files between stores (issue 18): `npm run files:migrate -- --from local --to database`.
// Every key the files table names is copied and verified; run again, it copies only what is not
// yet verified at the target, so a run cut short is finished by the next. The source is left as
// it is: remove it once the app runs on the new store. (Files on a student-of-concern record are
// not in any store: they are sealed in care_files, in the database, and move with it.)
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { asc, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { files } from '../db/schema.js';
import { isMissing, type FileStorage } from './storage.js';

export type MigrateOutcome = 'copied' | 'present' | 'missing' | 'corrupt';

export interface MigrateReport {
  copied: number;
  /** Already at the target with the right SHA-256 (an earlier run). */
  present: number;
  /** Not in the source store. */
  missing: string[];
  /** The source's bytes do not hash to the files row's SHA-256: not copied. */
  corrupt: string[];
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of stream) hash.update(piece as Buffer);
  return hash.digest('hex');
}

/** The target's bytes hash to `sha256`; false when they are missing or differ. */
async function verified(store: FileStorage, key: string, sha256: string): Promise<boolean> {
  try {
    return (await sha256Of(await store.get(key))) === sha256;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/** Copies one key, streaming: hashed on the way, verified by reading the target back. */
export async function migrateKey(from: FileStorage, to: FileStorage, key: string, sha256: string): Promise<MigrateOutcome> {
  if (await verified(to, key, sha256)) return 'present';
  let source: Readable;
  try {
    source = await from.get(key);
  } catch (err) {
    if (isMissing(err)) return 'missing';
    throw err;
  }
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(piece: Buffer, _enc, done) {
      hash.update(piece);
      done(null, piece);
    },
  });
  // The put reads the stream as it writes; a put that fails closes the source too.
  const put = to.put(key, hashing).catch((err: unknown) => {
    source.destroy(err as Error);
    throw err;
  });
  await Promise.all([put, pipeline(source, hashing)]);
  if (hash.digest('hex') !== sha256) {
    await to.delete(key);
    return 'corrupt';
  }
  if (!(await verified(to, key, sha256))) throw new Error(`file ${key} does not read back as written to the target store`);
  return 'copied';
}

/** Every key of the files table, in key order, from `from` to `to`; `log` hears each one. */
export async function migrateFiles(db: Executor, from: FileStorage, to: FileStorage, log: (line: string) => void = () => {}): Promise<MigrateReport> {
  const report: MigrateReport = { copied: 0, present: 0, missing: [], corrupt: [] };
  let after = '';
  for (;;) {
    // Keys in pages (a key may be shared by several rows, the demo's are): one SHA-256 a key.
    const page = await db
      .select({ key: files.storageKey, sha256: sql<string>`min(${files.sha256})`, hashes: sql<number>`count(distinct ${files.sha256})::int` })
      .from(files)
      .where(gt(files.storageKey, after))
      .groupBy(files.storageKey)
      .orderBy(asc(files.storageKey))
      .limit(200);
    for (const { key, sha256, hashes } of page) {
      const outcome = hashes > 1 ? 'corrupt' : await migrateKey(from, to, key, sha256);
      if (outcome === 'copied') report.copied++;
      else if (outcome === 'present') report.present++;
      else report[outcome].push(key);
      log(`${outcome.padEnd(7)} ${key}`);
    }
    if (page.length < 200) return report;
    after = page[page.length - 1].key;
  }
}
