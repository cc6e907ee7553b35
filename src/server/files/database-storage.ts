// The file store in PostgreSQL (issue 18): every instance on the database serves every file, with
// nothing else to run. The bytes are cut into chunks of CHUNK_BYTES, written one row at a time and
// read back one row at a time, so neither an upload nor a download holds a whole file here.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fileChunks, fileObjects } from '../db/schema.js';
import { checkKey, FileMissingError, type FileStorage } from './file-store.js';

/** 256 KiB a row: big enough that a 20 MB photo is 80 statements, small enough to stream. */
export const CHUNK_BYTES = 256 * 1024;

/** The body in pieces of exactly `size` bytes (the last one shorter), whatever sizes the stream gives. */
export async function* rechunk(body: Buffer | Readable, size: number): AsyncIterable<Buffer> {
  if (Buffer.isBuffer(body)) {
    for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
    return;
  }
  let parts: Buffer[] = [];
  let length = 0;
  for await (const piece of body) {
    let b: Buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
    while (length + b.length >= size) {
      const take = size - length;
      parts.push(b.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      length = 0;
      b = b.subarray(take);
    }
    if (b.length) {
      parts.push(b);
      length += b.length;
    }
  }
  if (length) yield Buffer.concat(parts);
}

type Rows<T> = { rows: T[] };

export class DatabaseStorage implements FileStorage {
  constructor(private readonly db: Executor) {}

  async put(key: string, body: Buffer | Readable): Promise<void> {
    checkKey(key);
    // The chunks go under an id of this put, not under the key: until the object row names them
    // they are invisible, so a put cut short is never read, and a second put of the same key
    // (files:migrate run again) swaps the object whole in one transaction.
    const uploadId = randomUUID();
    let chunks = 0;
    let size = 0;
    try {
      for await (const data of rechunk(body, CHUNK_BYTES)) {
        // As base64 text, both ways: PGlite turns a binary parameter into bytea six times slower
        // (measured: 930 ms against 150 ms for 256 KiB), and node-postgres sends one as hex anyway.
        await this.db.execute(sql`insert into file_chunks (upload_id, n, data) values (${uploadId}, ${chunks}, decode(${data.toString('base64')}, 'base64'))`);
        chunks++;
        size += data.length;
      }
      await this.db.transaction(async (tx) => {
        const [old] = await tx.select({ uploadId: fileObjects.uploadId }).from(fileObjects).where(eq(fileObjects.key, key)).for('update');
        await tx
          .insert(fileObjects)
          .values({ key, uploadId, size, chunks })
          .onConflictDoUpdate({ target: fileObjects.key, set: { uploadId, size, chunks, createdAt: sql`now()` } });
        if (old) await tx.delete(fileChunks).where(eq(fileChunks.uploadId, old.uploadId));
      });
    } catch (err) {
      // Best effort: what stays is removed by sweepPartial after the grace period.
      await this.db.delete(fileChunks).where(eq(fileChunks.uploadId, uploadId)).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const [object] = await this.db.select({ uploadId: fileObjects.uploadId, chunks: fileObjects.chunks }).from(fileObjects).where(eq(fileObjects.key, checkKey(key)));
    if (!object) throw new FileMissingError(key);
    const db = this.db;
    async function* chunks() {
      for (let n = 0; n < object.chunks; n++) {
        const { rows } = (await db.execute(sql`select encode(data, 'base64') as data from file_chunks where upload_id = ${object.uploadId} and n = ${n}`)) as unknown as Rows<{ data: string }>;
        // Deleted while being read: the response ends in an error rather than short.
        if (!rows[0]) throw new FileMissingError(key);
        yield Buffer.from(rows[0].data, 'base64');
      }
    }
    // A byte stream holding about one chunk ahead of the reader: the next row is read only when
    // the client has taken the last one.
    return Readable.from(chunks(), { objectMode: false, highWaterMark: CHUNK_BYTES });
  }

  async delete(key: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const gone = await tx.delete(fileObjects).where(eq(fileObjects.key, checkKey(key))).returning({ uploadId: fileObjects.uploadId });
      for (const g of gone) await tx.delete(fileChunks).where(eq(fileChunks.uploadId, g.uploadId));
    });
  }

  async *list(before: Date): AsyncIterable<string> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .select({ key: fileObjects.key })
        .from(fileObjects)
        .where(and(lt(fileObjects.createdAt, before), gt(fileObjects.key, after)))
        .orderBy(asc(fileObjects.key))
        .limit(500);
      for (const r of rows) yield r.key;
      if (rows.length < 500) return;
      after = rows[rows.length - 1].key;
    }
  }

  /** Chunks of puts that never got their object row (cut short, or the process died). */
  async sweepPartial(before: Date): Promise<number> {
    const { rows } = (await this.db.execute(sql`
      with gone as (
        delete from file_chunks c where c.created_at < ${before.toISOString()}::timestamptz
          and not exists (select 1 from file_objects o where o.upload_id = c.upload_id)
        returning c.upload_id)
      select count(distinct upload_id)::int as n from gone`)) as unknown as Rows<{ n: number }>;
    return Number(rows[0]?.n ?? 0);
  }
}
