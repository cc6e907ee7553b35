// Issue 18: the three file stores behind one interface, one contract for all (local directory,
// PostgreSQL or PGlite, an S3-compatible server started here), the orphan sweep and files:migrate.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.js';
import { fileChunks, fileObjects, files } from '../db/schema.js';
import { startScheduler } from '../scheduler.js';
import { buildTree, buildUser } from '../test/factories.js';
import { freshDatabase } from '../test/harness.js';
import { startS3Server } from '../test/s3.js';
import { CHUNK_BYTES, DatabaseStorage } from './database-storage.js';
import { LocalStorage } from './local-storage.js';
import { migrateFiles } from './migrate.js';
import { fileJobs, sweepOrphanFiles } from './orphans.js';
import { S3Storage } from './s3-storage.js';
import { isMissing, newStorageKey, openStorage, type FileStorage } from './storage.js';

let database: Database;
let s3: Awaited<ReturnType<typeof startS3Server>>;
let dir: string;
const stores: Record<'local' | 'database' | 's3', () => FileStorage> = {
  local: () => new LocalStorage(path.join(dir, 'files')),
  database: () => new DatabaseStorage(database.db),
  s3: () => S3Storage.of(s3.settings),
};

beforeAll(async () => {
  [database, s3] = await Promise.all([freshDatabase(), startS3Server()]);
  dir = mkdtempSync(path.join(tmpdir(), 'anxiao-store-'));
});
afterAll(async () => {
  await database?.close();
  await s3?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const key = () => newStorageKey(1, new Date());
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const readAll = async (s: Readable) => {
  const pieces: Buffer[] = [];
  for await (const p of s) pieces.push(p as Buffer);
  return Buffer.concat(pieces);
};
/** Random bytes in pieces of odd sizes, as a stream: the store must cut them its own way. */
const streamOf = (bytes: Buffer) => Readable.from((function* () {
  for (let i = 0, n = 1; i < bytes.length; i += n, n = (n * 7 + 12345) % 300_000 || 1) yield bytes.subarray(i, i + n);
})());

describe.each(['local', 'database', 's3'] as const)('the %s file store', (kind) => {
  const store = () => stores[kind]();

  it('puts, gets and deletes; a missing key rejects as missing; a bad key is refused', async () => {
    const k = key();
    const bytes = Buffer.from(`照片 ${kind} ${randomUUID()}`);
    await store().put(k, bytes);
    expect(await readAll(await store().get(k))).toEqual(bytes);
    await store().delete(k);
    await expect(store().get(k)).rejects.toSatisfy(isMissing);
    await expect(store().get(key())).rejects.toSatisfy(isMissing);
    await store().delete(k); // twice: no error
    await expect(store().put('../etc/passwd', bytes)).rejects.toThrow(/invalid storage key/);
  });

  it('stores an empty file and replaces a key whole when put again', async () => {
    const k = key();
    await store().put(k, Buffer.alloc(0));
    expect((await readAll(await store().get(k))).length).toBe(0);
    await store().put(k, Buffer.from('second'));
    expect((await readAll(await store().get(k))).toString()).toBe('second');
  });

  it('streams a large file in and out in pieces, never holding it whole', async () => {
    // 3 MiB: twelve of the database store's chunks and three times the read-ahead bound below; 8 MiB
    // proved nothing more and cost a minute a run on PGlite.
    const bytes = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
    const k = key();
    await store().put(k, streamOf(bytes));
    const stream = await store().get(k);
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    stream.pause();
    // Whatever the store reads ahead while the client waits stays bounded, far below the file.
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.readableLength + first.length).toBeLessThan(1024 * 1024);
    let pieces = 1;
    const rest: Buffer[] = [first];
    stream.on('data', (p: Buffer) => {
      pieces++;
      rest.push(p);
    });
    stream.resume();
    await new Promise((r, j) => stream.on('end', r).on('error', j));
    expect(pieces).toBeGreaterThan(8);
    expect(sha(Buffer.concat(rest))).toBe(sha(bytes));
  }, 120_000);

  it('takes puts at once, each its own bytes', async () => {
    const puts = Array.from({ length: 8 }, (_, i) => ({ k: key(), bytes: Buffer.alloc(300_000 + i * 1000, i + 1) }));
    await Promise.all(puts.map((p, i) => store().put(p.k, i % 2 ? p.bytes : streamOf(p.bytes))));
    for (const p of puts) expect(sha(await readAll(await store().get(p.k)))).toBe(sha(p.bytes));
  });

  it('lists the keys stored before a time, not the newer ones', async () => {
    const k = key();
    await store().put(k, Buffer.from('x'));
    const listed = async (before: Date) => {
      const keys: string[] = [];
      for await (const x of store().list(before)) keys.push(x);
      return keys;
    };
    expect(await listed(new Date(Date.now() + 5_000))).toContain(k);
    expect(await listed(new Date(Date.now() - 60_000))).not.toContain(k);
  });
});

describe('the database file store', () => {
  it('keeps a file as chunks of CHUNK_BYTES under one object row, read one row at a time', async () => {
    const k = key();
    const bytes = Buffer.alloc(5 * CHUNK_BYTES + 17, 9);
    await stores.database().put(k, streamOf(bytes));
    const [object] = await database.db.select().from(fileObjects).where(eq(fileObjects.key, k));
    expect(object).toMatchObject({ size: bytes.length, chunks: 6 });
    const chunks = await database.db.select({ n: fileChunks.n, size: sql<number>`length(${fileChunks.data})::int` }).from(fileChunks).where(eq(fileChunks.uploadId, object.uploadId)).orderBy(fileChunks.n);
    expect(chunks.map((c) => c.size)).toEqual([...Array(5).fill(CHUNK_BYTES), 17]);
    // Lazily: a chunk changed after the first one was read is read as it is now.
    const stream = await stores.database().get(k);
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    stream.pause();
    await database.db.update(fileChunks).set({ data: Buffer.alloc(17, 1) }).where(sql`${fileChunks.uploadId} = ${object.uploadId} and ${fileChunks.n} = 5`);
    const rest = await readAll(stream.resume());
    expect(first.length + rest.length).toBe(bytes.length);
    expect(rest.subarray(rest.length - 17)).toEqual(Buffer.alloc(17, 1));
  });

  it('shows nothing of a put cut short, and the chunks it left are swept after the grace period', async () => {
    const k = key();
    async function* failing() {
      yield Buffer.alloc(CHUNK_BYTES * 2, 1);
      throw new Error('client went away');
    }
    await expect(stores.database().put(k, Readable.from(failing()))).rejects.toThrow('client went away');
    await expect(stores.database().get(k)).rejects.toSatisfy(isMissing);
    // A process that died mid-put: chunks without an object, older than the grace period.
    const uploadId = randomUUID();
    await database.db.insert(fileChunks).values({ uploadId, n: 0, data: Buffer.from('x'), createdAt: new Date(Date.now() - 3 * 3_600_000) });
    const young = randomUUID();
    await database.db.insert(fileChunks).values({ uploadId: young, n: 0, data: Buffer.from('y') });
    expect(await stores.database().sweepPartial(new Date(Date.now() - 3_600_000))).toBe(1);
    const left = await database.db.select({ id: fileChunks.uploadId }).from(fileChunks).where(sql`${fileChunks.uploadId} in (${uploadId}, ${young})`);
    expect(left.map((r) => r.id)).toEqual([young]);
  });
});

describe('the local file store', () => {
  it('sweeps the .part files of puts cut short once they are older than the time', async () => {
    const local = stores.local() as LocalStorage;
    await mkdir(path.join(local.root, '1', '2026-01'), { recursive: true });
    const old = path.join(local.root, '1', '2026-01', `${randomUUID()}.${randomUUID()}.part`);
    const fresh = path.join(local.root, '1', '2026-01', `${randomUUID()}.${randomUUID()}.part`);
    writeFileSync(old, 'half');
    writeFileSync(fresh, 'half');
    const past = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(old, past, past);
    expect(await local.sweepPartial(new Date(Date.now() - 3_600_000))).toBe(1);
    expect(await local.sweepPartial(new Date(Date.now() + 1_000))).toBe(1);
  });
});

/** A files row naming the key, as an upload writes it. */
let owner: Promise<{ tree: Awaited<ReturnType<typeof buildTree>>; user: { id: number } }> | null = null;
async function fileRow(storageKey: string, bytes: Buffer) {
  owner ??= buildTree(database.db).then(async (tree) => ({ tree, user: await buildUser(database.db, tree.schoolA1, ['school_safety_officer']) }));
  const { tree, user } = await owner;
  await database.db.insert(files).values({ districtId: tree.districtId, unitId: tree.schoolA1.id, unitPath: tree.schoolA1.path, name: 'a.jpg', mime: 'image/jpeg', size: bytes.length, sha256: sha(bytes), storageKey, uploadedBy: user.id });
}

describe.each(['local', 'database', 's3'] as const)('the orphan sweep on the %s store', (kind) => {
  it('removes bytes no files row names once past the grace period; keeps named, young and non-upload keys', async () => {
    const store = stores[kind]();
    const [named, orphan, notUpload] = [key(), key(), `demo/${kind}-${randomUUID()}`];
    for (const k of [named, orphan, notUpload]) await store.put(k, Buffer.from(k));
    await fileRow(named, Buffer.from(named));
    const hour = 3_600_000;
    // Within the grace period: everything stays (an upload may still be writing its row).
    expect((await sweepOrphanFiles(database.db, store, new Date(), hour)).orphans).toBe(0);
    const later = new Date(Date.now() + hour + 5_000);
    const swept = await sweepOrphanFiles(database.db, store, later, hour);
    expect(swept.orphans).toBeGreaterThanOrEqual(1);
    await expect(store.get(orphan)).rejects.toSatisfy(isMissing);
    expect((await readAll(await store.get(named))).toString()).toBe(named);
    expect((await readAll(await store.get(notUpload))).toString()).toBe(notUpload);
    expect((await sweepOrphanFiles(database.db, store, later, hour)).orphans).toBe(0);
  });
});

describe('the orphan sweep as a scheduled job', () => {
  it('runs once across two schedulers and is logged in job_runs', async () => {
    const config = { dataDir: dir, fileStore: { kind: 'database' as const, s3: null, orphanGraceMs: 3_600_000 } };
    const heard: unknown[] = [];
    const jobs = fileJobs(config, (_msg, counts) => heard.push(counts)).map((j) => ({ ...j, firstAfterMs: 0 }));
    const stops = ['a', 'b'].map((instance) => startScheduler(database, jobs, () => {}, { tickMs: 20, instance: `files-${instance}` }));
    try {
      for (let i = 0; i < 200; i++) {
        const { rows } = (await database.db.execute(sql`select count(*)::int as n from job_runs where job = 'sweep-orphan-files'`)) as unknown as { rows: Array<{ n: number }> };
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await Promise.all(stops.map((s) => s.drain()));
    }
    const { rows } = (await database.db.execute(sql`select result from job_runs where job = 'sweep-orphan-files'`)) as unknown as { rows: Array<{ result: string }> };
    expect(rows).toEqual([{ result: 'ok' }]);
  });
});

describe('files:migrate', () => {
  it('copies every key of the files table, verified; again it copies nothing; names missing and corrupt sources', async () => {
    const local = new LocalStorage(path.join(dir, 'migrate-src'));
    const target = stores.database();
    const keys = [key(), key(), key()];
    for (const k of keys) {
      const bytes = Buffer.alloc(CHUNK_BYTES + 5, k);
      await local.put(k, bytes);
      await fileRow(k, bytes);
    }
    // Cut short earlier: one key is already at the target.
    await target.put(keys[0], Buffer.alloc(CHUNK_BYTES + 5, keys[0]));
    const lost = key();
    await fileRow(lost, Buffer.from('lost'));
    const tampered = key();
    await fileRow(tampered, Buffer.from('original'));
    await local.put(tampered, Buffer.from('changed'));

    // Other tests' rows in this database name keys that are not in this source: missing.
    const lines: string[] = [];
    const first = await migrateFiles(database.db, local, target, (l) => lines.push(l));
    expect(first.copied).toBe(2);
    expect(first.present).toBeGreaterThanOrEqual(1);
    expect(first.missing).toContain(lost);
    expect(first.corrupt).toEqual([tampered]);
    expect(lines).toContain(`copied  ${keys[1]}`);
    for (const k of keys) expect(await readAll(await target.get(k))).toEqual(Buffer.alloc(CHUNK_BYTES + 5, k));
    await expect(target.get(tampered)).rejects.toSatisfy(isMissing);

    const again = await migrateFiles(database.db, local, target);
    expect(again.copied).toBe(0);
    expect(again.present).toBe(first.present + 2);

    // On to S3 from the database, streaming from one to the other.
    const toS3 = await migrateFiles(database.db, target, stores.s3());
    expect(toS3.corrupt).toEqual([]);
    expect(toS3.missing).toContain(tampered);
    for (const k of keys) expect(await readAll(await stores.s3().get(k))).toEqual(Buffer.alloc(CHUNK_BYTES + 5, k));
  }, 120_000);

  it('opens the store the config names, or the one asked for', () => {
    const config = { dataDir: dir, fileStore: { kind: 's3' as const, s3: s3.settings, orphanGraceMs: 1 } };
    expect(openStorage(config, database.db)).toBeInstanceOf(S3Storage);
    expect(openStorage(config, database.db, 'database')).toBeInstanceOf(DatabaseStorage);
    expect(openStorage({ dataDir: dir }, database.db)).toBeInstanceOf(LocalStorage);
    expect(() => openStorage({ dataDir: dir, fileStore: { kind: 's3', s3: null, orphanGraceMs: 1 } }, database.db)).toThrow(/S3_BUCKET/);
  });
});
