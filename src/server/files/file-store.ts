// The interface every file store implements, and what they share (storage.ts picks one).
import type { Readable } from 'node:stream';

/**
 * Where the bytes of photos and evidence live (ARCHITECTURE.md, "Files", issue 18): a local
 * directory under DATA_DIR (the embedded default), PostgreSQL (the default with DATABASE_URL, so
 * every instance serves every file) or an S3-compatible store. The same five calls on each; the
 * contract tests (storage.test.ts) run every store through them.
 */
export interface FileStorage {
  /** Stores the bytes, from a buffer or a stream; a reader sees them only once they are whole. */
  put(key: string, body: Buffer | Readable): Promise<void>;
  /** Opens the bytes as a stream read piece by piece; rejects (isMissing) when they are not there. */
  get(key: string): Promise<Readable>;
  /** Removes the bytes; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** The keys of whole objects stored before the time (for the orphan sweep, files/orphans.ts). */
  list(before: Date): AsyncIterable<string>;
  /** Removes what puts cut short before the time left behind; the number removed. */
  sweepPartial(before: Date): Promise<number>;
}

// Keys are made by the server (district/yyyy-mm/uuid, demo/name); anything else is refused rather
// than resolved (a path, a URL).
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
  return key;
}

/** The error every store rejects a get of a missing key with. */
export class FileMissingError extends Error {
  readonly code = 'ENOENT';
  constructor(key: string) {
    super(`no stored file under ${key}`);
  }
}

export const isMissing = (err: unknown) => (err as { code?: string })?.code === 'ENOENT';

