import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';

/**
 * Where the bytes of photos and evidence live (ARCHITECTURE.md, "Files"): a local directory under
 * DATA_DIR by default; an S3-compatible store can implement the same three calls.
 */
export interface FileStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Opens the bytes; rejects (ENOENT) when they are missing. */
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
}

// Keys are made by the server (district/yyyy-mm/uuid); anything else is refused rather than resolved.
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export class LocalStorage implements FileStorage {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written beside and renamed: a reader never sees half a file.
    const tmp = `${target}.${randomUUID()}.part`;
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, target);
  }

  async get(key: string): Promise<Readable> {
    // Opened before streaming, so a missing file is an error here rather than mid-response.
    const handle = await open(this.pathOf(key), 'r');
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

const byRoot = new Map<string, FileStorage>();

/** The storage of this configuration: DATA_DIR/files. */
export function storageFor(config: Pick<Config, 'dataDir'>): FileStorage {
  const root = path.join(config.dataDir, 'files');
  let s = byRoot.get(root);
  if (!s) byRoot.set(root, (s = new LocalStorage(root)));
  return s;
}

/** A fresh key for a file of a district: district/yyyy-mm/uuid. */
export function newStorageKey(districtId: number, now: Date): string {
  return `${districtId}/${now.toISOString().slice(0, 7)}/${randomUUID()}`;
}
