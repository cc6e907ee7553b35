// The embedded default's file store: a directory, DATA_DIR/files.
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { checkKey, type FileStorage } from './file-store.js';

const PART = '.part';

export class LocalStorage implements FileStorage {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, body: Buffer | Readable): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written beside and renamed: a reader never sees half a file, and one cut short stays a .part (sweepPartial).
    const tmp = `${target}.${randomUUID()}${PART}`;
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(tmp, { flags: 'wx' }));
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    // Opened before streaming, so a missing file is an error here (ENOENT) rather than mid-response.
    const handle = await open(this.pathOf(key), 'r');
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Every file under the root, with its key relative to the root. */
  private async *walk(before: Date): AsyncIterable<{ file: string; key: string }> {
    let entries;
    try {
      entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      if (!e.isFile()) continue;
      const file = path.join(e.parentPath, e.name);
      const st = await stat(file).catch(() => null);
      if (st && st.mtime < before) yield { file, key: path.relative(this.root, file).split(path.sep).join('/') };
    }
  }

  async *list(before: Date): AsyncIterable<string> {
    for await (const { key } of this.walk(before)) if (!key.endsWith(PART)) yield key;
  }

  async sweepPartial(before: Date): Promise<number> {
    let n = 0;
    for await (const { file, key } of this.walk(before)) {
      if (!key.endsWith(PART)) continue;
      await rm(file, { force: true });
      n++;
    }
    return n;
  }
}
