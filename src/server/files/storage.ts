import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Executor } from '../db/client.js';
import { DatabaseStorage } from './database-storage.js';
import { LocalStorage } from './local-storage.js';
import { S3Storage } from './s3-storage.js';
import type { FileStorage } from './file-store.js';

export { isMissing, type FileStorage } from './file-store.js';

/**
 * The file store of this configuration over this database handle: the one place that decides.
 * The database store writes through `db`: a scheduled job passes its transaction (PGlite has one
 * connection, which the job's transaction holds).
 */
export function openStorage(config: Pick<Config, 'dataDir' | 'fileStore'>, db: Executor, kind = config.fileStore?.kind ?? 'local'): FileStorage {
  if (kind === 'database') return new DatabaseStorage(db);
  if (kind === 's3') {
    const s3 = config.fileStore?.s3;
    if (!s3) throw new Error('the S3 store needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
    return S3Storage.of(s3);
  }
  return new LocalStorage(path.join(config.dataDir, 'files'));
}

/** A fresh key for a file of a district: district/yyyy-mm/uuid. */
export function newStorageKey(districtId: number, now: Date): string {
  return `${districtId}/${now.toISOString().slice(0, 7)}/${randomUUID()}`;
}

/** Whether a key is one an upload made (newStorageKey): the only keys the orphan sweep may remove. */
export function isUploadKey(key: string): boolean {
  return /^\d+\/\d{4}-\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key);
}
