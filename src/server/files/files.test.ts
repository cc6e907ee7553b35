import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files } from '../db/schema.js';
import { buildApp } from '../app.js';
import { openPostgres, type Database } from '../db/client.js';
import { startTestApp, testConfig, type TestContext } from '../test/harness.js';
import { buildTree, buildUser, login, type Client } from '../test/factories.js';
import { assertFilesUsable } from '../access/references.js';
import { contentDisposition } from './files.service.js';
import { elfBytes, exeBytes, heicBytes, jpegBytes, pdfBytes, pngBytes, webpBytes } from './testing.js';
import type { Actor } from '../access/access.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let schoolA1: Client;
let schoolB1: Client;
let townA: Client;
let townB: Client;
let dept: Client;
let leader: Client;
let teacherA1: Client;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  tree = await buildTree(db);
  schoolA1 = await login(t.app, (await buildUser(db, tree.schoolA1, ['school_safety_officer'])).username);
  schoolB1 = await login(t.app, (await buildUser(db, tree.schoolB1, ['school_safety_officer'])).username);
  townA = await login(t.app, (await buildUser(db, tree.townA, ['town_officer'])).username);
  townB = await login(t.app, (await buildUser(db, tree.townB, ['town_officer'])).username);
  dept = await login(t.app, (await buildUser(db, tree.department, ['department_officer'])).username);
  leader = await login(t.app, (await buildUser(db, tree.bureau, ['bureau_leader'])).username);
  teacherA1 = await login(t.app, (await buildUser(db, tree.schoolA1, ['teacher'])).username);
});
afterAll(() => t.close());

const upload = (c: Client, name: string, bytes: Buffer, fields: Record<string, string> = {}) => c.upload('/api/v1/files', { name, bytes }, fields);

describe('uploading files', () => {
  it('stores a JPEG with its SHA-256, its unit, a row and an audit event; the bytes come back', async () => {
    const bytes = jpegBytes();
    const res = await upload(schoolA1, '消防通道堵塞.jpg', bytes);
    expect(res.statusCode).toBe(201);
    const f = res.json();
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(f).toMatchObject({ name: '消防通道堵塞.jpg', mime: 'image/jpeg', size: bytes.length, unitId: tree.schoolA1.id, sha256: sha });
    const [row] = await t.database.db.select().from(files).where(eq(files.id, f.id));
    expect(row).toMatchObject({ sha256: sha, unitId: tree.schoolA1.id, unitPath: tree.schoolA1.path, districtId: tree.districtId });

    const got = await schoolA1.get(`/api/v1/files/${f.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['content-disposition']).toBe(`inline; filename="______.jpg"; filename*=UTF-8''${encodeURIComponent('消防通道堵塞.jpg')}`);
    expect(Buffer.compare(got.rawPayload, bytes)).toBe(0);

    const events = (await leader.get(`/api/v1/audit-events?objectType=file&objectId=${f.id}`)).json();
    expect(events.items[0]).toMatchObject({ action: 'upload', result: 'success' });
    expect(events.items[0].after.sha256).toBe(sha);
  });

  it('takes PNG, PDF, WebP and HEIC by their content, whatever the name says', async () => {
    for (const [name, bytes, mime] of [
      ['照片', pngBytes(), 'image/png'],
      ['整改报告.docx', pdfBytes(), 'application/pdf'],
      ['a.webp', webpBytes(), 'image/webp'],
      ['IMG_0001.HEIC', heicBytes(), 'image/heic'],
    ] as const) {
      const res = await upload(teacherA1, name, bytes);
      expect(res.statusCode, name).toBe(201);
      expect(res.json().mime).toBe(mime);
    }
  });

  it('refuses an executable renamed .jpg, and text, with a Chinese message; nothing is stored', async () => {
    const before = (await t.database.db.select({ id: files.id }).from(files)).length;
    for (const bytes of [exeBytes(), elfBytes(), Buffer.from('#!/bin/sh\nrm -rf /\n')]) {
      const res = await upload(schoolA1, 'photo.jpg', bytes);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('FILE_TYPE_REFUSED');
      expect(res.json().error.message).toContain('只能上传 JPG、PNG、WebP、HEIC 照片或 PDF 文件');
    }
    expect((await t.database.db.select({ id: files.id }).from(files)).length).toBe(before);
  });

  it('refuses a file over 20 MB with 413 and a Chinese message', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1);
    jpegBytes().copy(big);
    const res = await upload(schoolA1, 'big.jpg', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('每个文件最大 20 MB');
  });

  it('keeps its own 20 MB limit when the import limit is smaller', async () => {
    const small = await startTestApp({ uploadLimitBytes: 1024 * 1024 });
    try {
      const u = await buildUser(small.database.db, (await buildTree(small.database.db)).schoolA1, ['school_safety_officer']);
      const c = await login(small.app, u.username);
      const two = Buffer.alloc(2 * 1024 * 1024);
      pngBytes().copy(two);
      expect((await c.upload('/api/v1/files', { name: 'two.png', bytes: two })).statusCode).toBe(201);
      expect(readdirSync(path.join(small.app.deps.config.dataDir, 'files')).length).toBe(1);
    } finally {
      await small.close();
    }
  });

  it('refuses an empty form, a missing file, and a bad unitId with the field named', async () => {
    expect((await schoolA1.post('/api/v1/files', { file: 'x' })).statusCode).toBe(400);
    const empty = await upload(schoolA1, 'a.jpg', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe('请选择要上传的文件');
    const bad = await upload(schoolA1, 'a.jpg', jpegBytes(), { unitId: 'abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('unitId');
  });

  it('files a town officer’s upload under a school of the town; a unit outside the scope is 404', async () => {
    const ok = await upload(townA, 'a.png', pngBytes(), { unitId: String(tree.schoolA2.id) });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().unitId).toBe(tree.schoolA2.id);
    const out = await upload(townA, 'a.png', pngBytes(), { unitId: String(tree.schoolB1.id) });
    expect(out.statusCode).toBe(404);
    expect((await upload(schoolA1, 'a.png', pngBytes(), { unitId: String(tree.schoolA2.id) })).statusCode).toBe(404);
  });

  it('refuses someone whose role neither reports, rectifies nor inspects (403)', async () => {
    const guard = await login(t.app, (await buildUser(t.database.db, tree.schoolA1, ['gate_guard'])).username);
    expect((await upload(guard, 'a.png', pngBytes())).statusCode).toBe(403);
  });
});

describe('reading files', () => {
  let fileId: number;
  beforeAll(async () => {
    fileId = (await upload(schoolA1, '证据.pdf', pdfBytes())).json().id;
  });

  it('serves the file to its school, the town above and the district; another school or town gets 404', async () => {
    for (const c of [schoolA1, teacherA1, townA, dept, leader]) expect((await c.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    for (const c of [schoolB1, townB]) {
      const res = await c.get(`/api/v1/files/${fileId}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toBe('文件不存在或无权访问');
    }
    expect((await leader.get('/api/v1/files/999999')).statusCode).toBe(404);
  });

  it('answers 404 when the bytes are gone, not a broken stream', async () => {
    const [row] = await t.database.db.select().from(files).where(eq(files.id, fileId));
    const dir = path.join(t.app.deps.config.dataDir, 'files', ...row.storageKey.split('/'));
    expect(existsSync(dir)).toBe(true);
    rmSync(dir);
    expect((await schoolA1.get(`/api/v1/files/${fileId}`)).statusCode).toBe(404);
  });

  it('assertFilesUsable: files of the district in scope, else 404 naming the file', async () => {
    const mine = (await upload(schoolA1, 'x.png', pngBytes())).json().id;
    const other = (await upload(schoolB1, 'y.png', pngBytes())).json().id;
    const actorA = { id: 0, districtId: tree.districtId, scope: 'unit', unitPath: tree.schoolA1.path } as unknown as Actor;
    const refs = await assertFilesUsable(t.database.db, actorA, [mine, mine]);
    expect(refs).toEqual([{ id: mine, name: 'x.png', mime: 'image/png', size: pngBytes().length }]);
    await expect(assertFilesUsable(t.database.db, actorA, [mine, other])).rejects.toMatchObject({ statusCode: 404 });
    await expect(assertFilesUsable(t.database.db, actorA, [123456])).rejects.toMatchObject({ statusCode: 404 });
  });

  it('content disposition keeps an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('a "b".pdf')).toBe(`inline; filename="a _b_.pdf"; filename*=UTF-8''a%20%22b%22.pdf`);
  });
});

describe('files shared by instances (issue 18)', () => {
  it('serves a photo uploaded through one app from another on the same database, with the database store', async () => {
    const fileStore = { kind: 'database' as const, s3: null, orphanGraceMs: 3_600_000 };
    const one = await startTestApp({ fileStore });
    const url = (one.database as Database & { superuserUrl?: string }).superuserUrl;
    // On PostgreSQL a second pool, as a second instance has; PGlite is one process, one handle.
    const secondDb = url ? await openPostgres(url, 2) : null;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-second-'));
    const two = await buildApp({ database: secondDb ?? one.database, config: { ...testConfig, dataDir, fileStore }, logger: false });
    try {
      const u = await buildUser(one.database.db, (await buildTree(one.database.db)).schoolA1, ['school_safety_officer']);
      const bytes = pngBytes(17);
      const up = await (await login(one.app, u.username)).upload('/api/v1/files', { name: '共享.png', bytes });
      expect(up.statusCode).toBe(201);
      const got = await (await login(two, u.username)).get(`/api/v1/files/${up.json().id}`);
      expect(got.statusCode).toBe(200);
      expect(Buffer.compare(got.rawPayload, bytes)).toBe(0);
      // Neither instance's data directory holds the bytes.
      for (const d of [one.app.deps.config.dataDir, dataDir]) expect(existsSync(path.join(d, 'files'))).toBe(false);
    } finally {
      await two.close();
      await secondDb?.close();
      await one.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
