// Issue 11 item 2: an import cannot exhaust the server's memory. A file is inflated within a byte
// limit whatever its zip headers declare, its rows and cells are bounded before the workbook is
// built, and only a few imports run at once; the rest wait in line with their place shown.
import { setTimeout as sleep } from 'node:timers/promises';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillImportColumns, IMPORT_MAX_SHEET_ROWS, IMPORT_MAX_UNZIPPED_BYTES, type ImportJob } from '../../contracts/imports.js';
import { drills } from '../db/schema.js';
import { buildTree, signedInUsers, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { runImport, upload, waitForJob, withSheetBody, xlsx } from './testing.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'school' | 'school2' | 'town', Client>;
const TODAY = '2026-05-10';

beforeAll(async () => {
  // Two at once (the default), and one more may wait: a fourth upload is refused.
  t = await startTestApp({ importConcurrency: 2, importQueueLimit: 1 });
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  tree = await buildTree(t.database.db);
  ({ c } = await signedInUsers(t.app, t.database.db, {
    school: [tree.schoolA1, ['school_safety_officer']],
    school2: [tree.schoolA2, ['school_safety_officer']],
    town: [tree.townA, ['town_officer']],
  }));
});
afterAll(() => t.close());

const drillRow = (school: string, i: number) =>
  drillImportColumns.map((col) => ({ 学校: school, 演练日期: '2026-04-20', 演练类型: '防火灾', 参加人数: 100 + (i % 500), '疏散用时（秒）': 120 } as Record<string, unknown>)[col] ?? null);
const drillsFile = async (school: string, rows: number) => ({
  name: '演练.xlsx',
  data: await xlsx(drillImportColumns, Array.from({ length: rows }, (_, i) => drillRow(school, i)), '应急疏散演练'),
});

/** Peak growth of this process's resident memory while `work` runs, sampled every 5 ms. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; grewBy: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, grewBy: peak - before };
  } finally {
    clearInterval(timer);
  }
}

describe('a zip bomb', () => {
  it('is refused while inflating, whatever sizes its zip headers declare, and memory stays far below what it unpacks to', async () => {
    // A valid workbook whose sheet unpacks to 1 GiB of rows, in a 3 MB file, the sheet declaring 2 KB.
    const base = (await drillsFile(tree.schoolA1.name, 1)).data;
    const row = '<row><c t="inlineStr"><is><t>防火灾演练</t></is></c></row>';
    const GiB = 1024 * 1024 * 1024;
    const bomb = await withSheetBody(base, row, Math.ceil(GiB / Buffer.byteLength(row)), 2048);
    expect(bomb.length).toBeLessThan(4 * 1024 * 1024);

    const { result: job, grewBy } = await peakRssGrowth(() => runImport(c.school, { kind: 'drills' }, { name: 'bomb.xlsx', data: bomb }));
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([{ row: 0, column: '', message: `文件解压后过大（超过 ${IMPORT_MAX_UNZIPPED_BYTES / 1024 / 1024} MB），请删除多余的内容或拆分成多个文件分批导入` }]);
    // Inflated up to the limit (64 MiB) and stopped: never near the gigabyte it would unpack to.
    expect(grewBy).toBeLessThan(IMPORT_MAX_UNZIPPED_BYTES + 160 * 1024 * 1024);
    const [{ n }] = await t.database.db.select({ n: count() }).from(drills);
    expect(n).toBe(0);
  });
});

describe('rows and cells', () => {
  it('refuses a sheet of more rows than the limit before building the workbook, naming the limit', async () => {
    const base = (await drillsFile(tree.schoolA1.name, 1)).data;
    const file = await withSheetBody(base, '<row><c t="inlineStr"><is><t>x</t></is></c></row>', IMPORT_MAX_SHEET_ROWS);
    const job = await runImport(c.school, { kind: 'drills' }, { name: 'rows.xlsx', data: file });
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([
      { row: 0, column: '', message: `工作表超过 ${IMPORT_MAX_SHEET_ROWS} 行（含空行），每个文件最多 30000 行数据，请删除多余的行或拆分成多个文件分批导入` },
    ]);
  });

  it('refuses a sheet of more cells than the limit, naming the limit', async () => {
    const base = (await drillsFile(tree.schoolA1.name, 1)).data;
    // 20 rows of 30,001 cells: few rows, too many cells.
    const cells = '<c t="inlineStr"><is><t>1</t></is></c>'.repeat(30_001);
    const job = await runImport(c.school, { kind: 'drills' }, { name: 'cells.xlsx', data: await withSheetBody(base, `<row>${cells}</row>`, 20) });
    expect(job.errors).toEqual([{ row: 0, column: '', message: '文件中的单元格超过 600000 个，请删除多余的列或行，或拆分成多个文件分批导入' }]);
  });
});

describe('imports at once', () => {
  it('runs two at a time: the third upload waits in line, shown as queued with its place, then all three complete', async () => {
    const files = await Promise.all([drillsFile(tree.schoolA1.name, 1500), drillsFile(tree.schoolA2.name, 1500), drillsFile(tree.schoolA1.name, 1500)]);
    const first = await Promise.all([upload(c.school, { kind: 'drills' }, files[0]), upload(c.school2, { kind: 'drills' }, files[1])]);
    for (const res of first) {
      expect(res.statusCode).toBe(202);
      expect(res.json().job).toMatchObject({ status: 'validating', queuePosition: null });
    }
    const third = await upload(c.town, { kind: 'drills' }, files[2]);
    expect(third.statusCode).toBe(202);
    const queued = third.json().job as ImportJob;
    expect(queued).toMatchObject({ status: 'queued', queuePosition: 1 });
    // Through the job and list API, as the import page polls it.
    expect((await c.town.get(`/api/v1/imports/${queued.id}`)).json().job).toMatchObject({ status: 'queued', queuePosition: 1 });
    expect((await c.town.get('/api/v1/imports')).json().items[0]).toMatchObject({ id: queued.id, status: 'queued', queuePosition: 1 });

    // The line is full (one waiting): a fourth upload is refused before its file is read.
    const fourth = await upload(c.school, { kind: 'drills' }, files[0]);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.message).toContain('导入任务过多');

    // Never more than two running at once, seen through the API while the three go through.
    let mostRunning = 0;
    const ids = [...first.map((r) => r.json().job.id as number), queued.id];
    const clients = [c.school, c.school2, c.town];
    for (;;) {
      const jobs = await Promise.all(ids.map(async (id, i) => (await clients[i].get(`/api/v1/imports/${id}`)).json().job as ImportJob));
      mostRunning = Math.max(mostRunning, jobs.filter((j) => j.status === 'validating' || j.status === 'importing').length);
      if (jobs.every((j) => j.status === 'done' || j.status === 'failed')) break;
      await sleep(20);
    }
    expect(mostRunning).toBeLessThanOrEqual(2);
    const done = await Promise.all(ids.map((id, i) => waitForJob(clients[i], id)));
    for (const job of done) expect(job).toMatchObject({ status: 'done', createdCount: 1500, errors: [], queuePosition: null });
    const [{ n }] = await t.database.db.select({ n: count() }).from(drills).where(eq(drills.schoolId, tree.schoolA1.id));
    expect(n).toBe(3000);
  }, 120_000);
});
