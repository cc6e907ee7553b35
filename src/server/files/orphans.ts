// Orphan files (issue 18): bytes stored by an upload that never got its files row (the put
// succeeded, then the transaction failed or the process died before uploadFile removed them).
// Removed by a scheduled job after a grace period longer than any upload takes.
import { inArray } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Executor } from '../db/client.js';
import { files } from '../db/schema.js';
import type { Job } from '../scheduler.js';
import { isUploadKey, openStorage, type FileStorage } from './storage.js';

export interface SweepResult {
  /** Puts cut short (database chunks without an object, local .part files). */
  partial: number;
  /** Whole objects of uploads that no files row names. */
  orphans: number;
}

const BATCH = 500;

/**
 * Removes what the store holds from before `now - graceMs` that no files row names. Only keys an
 * upload makes (district/yyyy-mm/uuid) are candidates: the demo's own keys and anything else in a
 * shared bucket are never touched.
 */
export async function sweepOrphanFiles(db: Executor, storage: FileStorage, now: Date, graceMs: number): Promise<SweepResult> {
  const before = new Date(now.getTime() - graceMs);
  const partial = await storage.sweepPartial(before);
  let orphans = 0;
  const check = async (keys: string[]) => {
    const named = new Set((await db.selectDistinct({ key: files.storageKey }).from(files).where(inArray(files.storageKey, keys))).map((r) => r.key));
    for (const key of keys) {
      if (named.has(key)) continue;
      await storage.delete(key);
      orphans++;
    }
  };
  // Listed first, removed after: the database store's listing pages through the table it deletes from.
  const candidates: string[] = [];
  for await (const key of storage.list(before)) if (isUploadKey(key)) candidates.push(key);
  for (let i = 0; i < candidates.length; i += BATCH) await check(candidates.slice(i, i + BATCH));
  return { partial, orphans };
}

/**
 * The sweep as a scheduled job: hourly, once across instances (scheduler.ts), each run in
 * job_runs; what it removed is logged. The database store works through the job's transaction.
 */
export function fileJobs(config: Pick<Config, 'dataDir' | 'fileStore'>, log: (msg: string, counts: SweepResult) => void): Job[] {
  const graceMs = config.fileStore?.orphanGraceMs ?? 24 * 3_600_000;
  return [
    {
      name: 'sweep-orphan-files',
      everyMs: 60 * 60_000,
      firstAfterMs: 5 * 60_000,
      run: async (tx) => {
        const counts = await sweepOrphanFiles(tx, openStorage(config, tx), new Date(), graceMs);
        if (counts.partial || counts.orphans) log('orphan files removed', counts);
      },
    },
  ];
}
