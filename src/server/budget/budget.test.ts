// The safety budget through the API (issue 21; 001 items 4 and 25): a school records its year's
// budget by category and source (amounts in fen); bad amounts and years are refused naming the
// field; one budget per school and year (two at once: one wins, 409); another school's is 404;
// versions and audit; the bureau's execution by town and the schools whose guards are unfunded,
// also judged as budget.guards_funded on the board; the Excel export imports back all or nothing.
import ExcelJS from 'exceljs';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, safetyBudgets } from '../db/schema.js';
import { findingOf, ledgerPeople, ok, refused, startWithTree, type Client, type Tree } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Tree;
let c: Record<keyof ReturnType<typeof ledgerPeople>, Client>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, ledgerPeople));
  // Guards on A1's and B1's security profiles (school hours: 2 at each of two gates).
  const gate = (name: string) => ({ name, guards: { school_hours: 2, arrival_peak: 3, dismissal_peak: 3, night: 1 } });
  for (const [client, schoolId] of [[c.officerA1, tree.schoolA1.id], [c.officerB1, tree.schoolB1.id]] as const) {
    await ok(
      client.post('/api/v1/security-profiles', {
        schoolId,
        recordedOn: '2026-03-01',
        gates: [gate('东门'), gate('西门')],
        alarms: { installed: 2, working: 2, lastTestedOn: '2026-02-20' },
        video: { retentionDays: 30, linkedToBureau: true },
        perimeterAlarm: { installed: true, armed24h: true },
      }),
      201,
    );
  }
});
afterAll(() => t.close());

const lines = (over: Record<string, unknown>[] = []) => [
  { category: 'guard_wages', source: 'fiscal', budgetFen: 12_000_000, spentFen: 5_000_000 },
  { category: 'technical', source: 'fiscal', budgetFen: 3_000_000, spentFen: 2_999_950 },
  ...over,
];
const post = (client: Client, body: Record<string, unknown>) => client.post('/api/v1/budgets', { schoolId: tree.schoolA1.id, year: 2026, budgetLines: lines(), ...body });

describe('the safety budget (安全经费)', () => {
  let a1: any;

  it('a school records its budget; totals and rate from the lines; scope 404; versions and audit', async () => {
    a1 = await ok(post(c.officerA1, { note: '年初预算' }), 201);
    expect(a1).toMatchObject({ schoolId: tree.schoolA1.id, year: 2026, budgetFen: 15_000_000, spentFen: 7_999_950, rate: 53.3, version: 1, status: 'recorded' });
    expect((await c.officerB1.get(`/api/v1/budgets/${a1.id}`)).statusCode).toBe(404);
    expect((await post(c.officerB1, {})).statusCode).toBe(404);
    expect((await ok(c.townA.get('/api/v1/budgets?year=2026'))).total).toBe(1);
    const changed = await ok(c.officerA1.patch(`/api/v1/budgets/${a1.id}`, { version: 1, budgetLines: lines([{ category: 'training', source: 'self_raised', budgetFen: 100_000, spentFen: 0 }]) }));
    expect(changed).toMatchObject({ version: 2, budgetFen: 15_100_000 });
    expect((await refused(c.officerA1.patch(`/api/v1/budgets/${a1.id}`, { version: 1, note: 'x' }), 409)).code).toBe('STALE_VERSION');
    const [{ n }] = await t.database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'safety_budget'), eq(auditEvents.objectId, String(a1.id))));
    expect(n).toBe(2);
  });

  it('refuses bad amounts, years and duplicates naming the field; two at once: one wins', async () => {
    const says = async (body: Record<string, unknown>, text: string) => expect(JSON.stringify(await refused(post(c.officerB1, { schoolId: tree.schoolB1.id, ...body })))).toContain(text);
    await says({ budgetLines: [{ category: 'guards', source: 'fiscal', budgetFen: -1, spentFen: 0 }] }, '预算金额不能为负数');
    await says({ budgetLines: [{ category: 'guards', source: 'fiscal', budgetFen: 1.5, spentFen: 0 }] }, '最多两位小数');
    await says({ budgetLines: [{ category: 'guards', source: 'fiscal', budgetFen: 100, spentFen: 10_001 }] }, '100 倍');
    await says({ budgetLines: [{ category: 'guards', source: 'fiscal', budgetFen: 0, spentFen: 100_000_000_001 }] }, '10 亿元');
    await says({ budgetLines: [] }, '至少填写一行');
    await says({ budgetLines: [...lines(), lines()[0]] }, '重复');
    await says({ year: 2028 }, '年度须在');
    await says({ year: 2014 }, '年度须在');
    await says({ budgetLines: [{ category: 'snacks', source: 'fiscal', budgetFen: 1, spentFen: 0 }] }, '经费类别');

    expect((await refused(post(c.officerA1, {}), 409)).message).toContain('已登记');
    const both = await Promise.all([post(c.officerB1, { schoolId: tree.schoolB1.id, year: 2025 }), post(c.officerB1, { schoolId: tree.schoolB1.id, year: 2025 })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const [{ n }] = await t.database.db.select({ n: count() }).from(safetyBudgets).where(and(eq(safetyBudgets.schoolId, tree.schoolB1.id), eq(safetyBudgets.year, 2025)));
    expect(n).toBe(1);
  });

  it("the bureau's execution by town, the schools with guards unfunded, and budget.guards_funded on the board (001 item 25)", async () => {
    const ex = await ok(c.bureau.get('/api/v1/budgets/execution?year=2026'));
    const townA = ex.towns.find((r: any) => r.townId === tree.townA.id);
    expect(townA).toMatchObject({ schoolsWithBudget: 1, budgetFen: 15_100_000, spentFen: 7_999_950, rate: 53 });
    // B1 has guards and no 2026 budget; A1 budgets its guards.
    expect(ex.unfundedGuards.map((r: any) => [r.schoolId, r.guards, r.budgetId])).toEqual([[tree.schoolB1.id, 4, null]]);
    expect((await findingOf(c.bureau, tree.schoolA1.id, 'budget.guards_funded')).status).toBe('met');
    const b1 = await findingOf(c.bureau, tree.schoolB1.id, 'budget.guards_funded');
    expect(b1.status).toBe('missed');
    expect(b1.explanation).toContain('未编报');
    // A town sees its own schools only.
    expect((await ok(c.townA.get('/api/v1/budgets/execution?year=2026'))).unfundedGuards).toEqual([]);
    expect(JSON.stringify(await refused(c.bureau.get('/api/v1/budgets/execution?year=1999')))).toContain('year');
  });

  it('the export imports back in its own columns; a bad row names its row and column and nothing is written', async () => {
    const res = await c.bureau.get('/api/v1/budgets/export?year=2026');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['学校', '年度', '经费类别', '经费来源', '预算金额（元）', '支出金额（元）']));
    expect(sheet.rowCount).toBe(4);

    // The same lines for B1 in 2026, one with a negative spend: refused, nothing written.
    const file = async (rows: unknown[][]) => {
      const out = new ExcelJS.Workbook();
      const s = out.addWorksheet('安全经费');
      s.addRow(['学校', '年度', '经费类别', '经费来源', '预算金额（元）', '支出金额（元）', '备注']);
      for (const r of rows) s.addRow(r);
      return Buffer.from(await out.xlsx.writeBuffer());
    };
    const upload = async (rows: unknown[][], client = c.officerB1) => client.upload('/api/v1/budgets/import', { name: '安全经费.xlsx', bytes: await file(rows) });
    const bad = await refused(upload([[tree.schoolB1.name, 2026, '保安', '财政拨款', 80000, 20000], [tree.schoolB1.name, 2026, '技防', '财政拨款', 30000, -5]]));
    expect(bad.message).toContain('第 3 行“支出金额（元）”：不能为负数');
    expect(JSON.stringify(await refused(upload([[tree.schoolA1.name, 2026, '保安', '财政拨款', 1, 0]])))).toContain('不是您管辖范围内的学校');
    expect((await ok(c.bureau.get(`/api/v1/budgets?schoolId=${tree.schoolB1.id}&year=2026`))).total).toBe(0);

    expect(await ok(upload([[tree.schoolB1.name, 2026, '保安', '财政拨款', 80000, 20000], [tree.schoolB1.name, 2026, '技防', '上级专项', '30,000.50', 0]]))).toEqual({ budgets: 1, lines: 2 });
    const [b] = (await ok(c.bureau.get(`/api/v1/budgets?schoolId=${tree.schoolB1.id}&year=2026`))).items;
    expect(b).toMatchObject({ budgetFen: 11_000_050, spentFen: 2_000_000 });
    // Imported again: the year is recorded, so nothing more is written.
    expect((await refused(upload([[tree.schoolB1.name, 2026, '保安', '财政拨款', 1, 0]]))).message).toContain('已登记');
    expect((await ok(c.bureau.get('/api/v1/budgets/execution?year=2026'))).unfundedGuards).toEqual([]);
  });
});
