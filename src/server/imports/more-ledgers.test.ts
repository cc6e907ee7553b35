// Excel import of the ledgers of issue 15 (food, gate, daily health checks, safety education, special
// equipment and its log, hazardous chemicals and their movements) through POST /imports: for each, a
// good file lands in the ledger's list; a file with one bad cell writes nothing and names the row
// and column; the ledger's own export imports back with the import's columns unchanged. Chemical
// movements are replayed through the balance rule: a file that would drive a balance negative is
// refused naming its row (issue 15 "Bad input": imports all or nothing with row and column).
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chemicalImportColumns,
  chemicalMovementImportColumns,
  educationImportColumns,
  equipmentImportColumns,
  equipmentLogImportColumns,
  foodImportColumns,
  gateImportColumns,
  healthCheckImportColumns,
  importColumns,
  type ImportKind,
} from '../../contracts/imports.js';
import { chemicalMovements, chemicals, educationRecords, equipmentLogs, foodRecords, gateRecords, healthChecks, specialEquipment } from '../db/schema.js';
import { buildTree, signedInUsers, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { replayProblems, type MovementDraft } from './more-ledgers.js';
import { runImport, upload, xlsx } from './testing.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officer' | 'teacher' | 'lab' | 'bureau';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  const db = t.database.db;
  tree = await buildTree(db);
  ({ c } = await signedInUsers(t.app, db, {
    officer: [tree.schoolA1, ['school_safety_officer']],
    teacher: [tree.schoolA1, ['teacher']],
    lab: [tree.schoolA1, ['lab_technician']],
    bureau: [tree.bureau, ['bureau_admin']],
  }));
});
afterAll(() => t.close());

const file = async (columns: readonly string[], rows: Array<Record<string, unknown>>) => ({
  name: '台账.xlsx',
  data: await xlsx(columns, rows.map((r) => columns.map((col) => r[col] ?? null))),
});

type Table = typeof foodRecords | typeof gateRecords | typeof healthChecks | typeof educationRecords | typeof specialEquipment | typeof equipmentLogs | typeof chemicals | typeof chemicalMovements;
async function countOf(table: Table) {
  const [{ n }] = await t.database.db.select({ n: count() }).from(table);
  return n;
}

/** The first sheet of an export as rows keyed by header, and the file itself. */
async function exportSheet(url: string) {
  const res = await c.officer.get(url);
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, unknown>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as unknown[];
    rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i + 1] ?? null])));
  });
  return { data: res.rawPayload, rows };
}

/**
 * Exports, imports the export, exports again: every record is there twice with the import's
 * columns unchanged (`differ`: columns that are the record's own number, new for the copy).
 */
async function roundTrip(kind: ImportKind, url: string, differ: string[] = []) {
  const first = await exportSheet(url);
  expect(first.rows.length).toBeGreaterThan(0);
  const job = await runImport(c.officer, { kind }, { name: '导出.xlsx', data: first.data });
  expect(job.errors).toEqual([]);
  expect(job).toMatchObject({ status: 'done', createdCount: first.rows.length });
  const second = await exportSheet(url);
  const columns = importColumns[kind].filter((col) => !differ.includes(col));
  const keys = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(columns.map((col) => r[col] ?? null))).sort();
  expect(keys(second.rows)).toEqual(keys([...first.rows, ...first.rows]));
}

async function importEvent(jobId: number) {
  const events = (await c.bureau.get(`/api/v1/audit-events?action=import&objectType=import&objectId=${jobId}`)).json();
  expect(events.total).toBe(1);
  return events.items[0].after;
}

describe('templates and access', () => {
  it('downloads each template in its export columns; the ledger permission is needed beside ledger.write', async () => {
    for (const kind of ['food', 'gate', 'health_checks', 'education', 'equipment', 'equipment_logs', 'chemicals', 'chemical_movements'] as const) {
      const res = await c.officer.get(`/api/v1/imports/template?kind=${kind}`);
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual([...importColumns[kind]]);
      expect(wb.getWorksheet('说明')).toBeDefined();
    }
    // A teacher records health checks one by one (health_check.record) but does not import ledgers;
    // a lab technician records movements (chemicals.move) without ledger.write.
    expect((await upload(c.teacher, { kind: 'health_checks' }, await file(healthCheckImportColumns, []))).statusCode).toBe(403);
    expect((await upload(c.lab, { kind: 'chemical_movements' }, await file(chemicalMovementImportColumns, []))).statusCode).toBe(403);
  });
});

describe('food safety', () => {
  const base = () => ({ 学校: tree.schoolA1.name, 负责人: '王校长' });
  const rows = () => [
    { ...base(), 记录类型: '日管控', 日期: '2026-05-08', 晨检从业人员数: 8, 身体不适人员数: 0, 留样份数: 6, 每份留样克数: 125, '留样时长（小时）': 48, 记录内容: '无异常' },
    { ...base(), 记录类型: '周排查', 日期: '2026-05-07', 发现问题数: 1, 记录内容: '冷库温度记录缺一天，已整改' },
    { ...base(), 记录类型: '陪餐', 日期: '2026-05-08', 餐次: '午餐' },
    { ...base(), 负责人: '示例食品公司', 记录类型: '证照', 日期: '2026-05-01', 证照类型: '供应商资质', 证照编号: 'JY1234', 有效期至: '2027-04-30' },
    { ...base(), 记录类型: '明厨亮灶与追溯平台', 日期: '2026-05-06', 明厨亮灶在线: '是', 追溯平台在线: '否' },
  ];

  it('imports a good file, then its own export again unchanged', async () => {
    const job = await runImport(c.officer, { kind: 'food' }, await file(foodImportColumns, rows()));
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'done', createdCount: 5 });
    const list = (await c.officer.get(`/api/v1/food-records?schoolId=${tree.schoolA1.id}`)).json();
    expect(list.total).toBe(5);
    const byKind = Object.fromEntries(list.items.map((r: { kind: string }) => [r.kind, r]));
    expect(byKind.daily_check).toMatchObject({ staffChecked: 8, samplesKept: 6, sampleGrams: 125, sampleHours: 48, meal: null, content: '无异常' });
    expect(byKind.certificate).toMatchObject({ certificateType: 'supplier_licence', certificateNo: 'JY1234', expiresOn: '2027-04-30', staffChecked: null });
    expect(byKind.platform_status).toMatchObject({ brightKitchenOnline: true, traceabilityOnline: false });
    expect(await importEvent(job.id)).toMatchObject({ kind: 'food', objectType: 'food_record', createdCount: 5 });
    await roundTrip('food', `/api/v1/food-records/export?schoolId=${tree.schoolA1.id}`);
  });

  it('writes nothing when one cell is bad: an expired certificate entered as valid', async () => {
    const before = await countOf(foodRecords);
    const bad = rows();
    bad[3] = { ...bad[3], 有效期至: '2026-05-09' };
    const job = await runImport(c.officer, { kind: 'food' }, await file(foodImportColumns, bad));
    expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(job.errors).toEqual([{ row: 5, column: '有效期至', message: expect.stringContaining('已于 2026-05-09 过期') }]);
    expect(await countOf(foodRecords)).toBe(before);
  });
});

describe('gate log', () => {
  const base = () => ({ 学校: tree.schoolA1.name, 值班门卫: '赵师傅' });
  const rows = () => [
    {
      ...base(),
      登记类型: '来访人员',
      来访人: '李四',
      '身份证号（脱敏）': '11010519491231002X',
      已核验证件: '是',
      事由: '食堂检查',
      被访人: '王校长',
      带领教职工: '张老师',
      是否准入: '是',
      到达时间: '2026-05-09 09:30',
      离开时间: '2026-05-09 10:15',
    },
    { ...base(), 登记类型: '车辆', 车牌号: '沪A12345', 驾驶人: '钱五', 是否准入: '否', 拒绝理由: '无关车辆', 到达时间: '2026-05-09 11:00' },
    { ...base(), 登记类型: '护学岗', 日期: '2026-05-08', 上学时段教师数: 2, 上学时段保安数: 1, 放学时段教师数: 2, 放学时段保安数: 1, 到岗人员: '张老师、赵师傅' },
  ];

  it('imports a good file (the identity number kept masked), then its own export again unchanged', async () => {
    const job = await runImport(c.officer, { kind: 'gate' }, await file(gateImportColumns, rows()));
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'done', createdCount: 3 });
    const items = (await c.officer.get(`/api/v1/gate-records?schoolId=${tree.schoolA1.id}`)).json().items;
    const visitor = items.find((r: { kind: string }) => r.kind === 'visitor');
    expect(visitor).toMatchObject({ recordedOn: '2026-05-09', idNumberMasked: '110105********002X', arrivedAt: '2026-05-09T01:30:00.000Z', leftAt: '2026-05-09T02:15:00.000Z', unescorted: false });
    expect(items.find((r: { kind: string }) => r.kind === 'vehicle')).toMatchObject({ plate: '沪A12345', admitted: false, refusalReason: '无关车辆', recordedOn: '2026-05-09' });
    expect(items.find((r: { kind: string }) => r.kind === 'guard_post')).toMatchObject({ recordedOn: '2026-05-08', postShort: false });
    await roundTrip('gate', `/api/v1/gate-records/export?schoolId=${tree.schoolA1.id}`);
  });

  it('writes nothing when one cell is bad: a visitor leaving before arriving', async () => {
    const before = await countOf(gateRecords);
    const bad = rows();
    bad[0] = { ...bad[0], 离开时间: '2026-05-09 09:00' };
    const job = await runImport(c.officer, { kind: 'gate' }, await file(gateImportColumns, bad));
    expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(job.errors).toEqual([{ row: 2, column: '离开时间', message: '离开时间不能早于到达时间' }]);
    expect(await countOf(gateRecords)).toBe(before);
  });
});

describe('daily health checks', () => {
  const row = (v: Record<string, unknown> = {}) => ({
    学校: tree.schoolA1.name,
    检查日期: '2026-05-08',
    检查时段: '晨检',
    班级: '三年级（2）班',
    检查人: '陈老师',
    应到人数: 45,
    缺勤人数: 2,
    因病缺勤人数: 1,
    发热人数: 1,
    因病缺课追踪: '王小明（发热）：已电话联系家长，就医中',
    ...v,
  });

  it('imports a good file with the follow-up of each absence, then its own export again unchanged', async () => {
    const job = await runImport(c.officer, { kind: 'health_checks' }, await file(healthCheckImportColumns, [row(), row({ 检查时段: '午检', 缺勤人数: 0, 因病缺勤人数: 0, 发热人数: 0, 因病缺课追踪: null })]));
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'done', createdCount: 2 });
    const morning = (await c.officer.get(`/api/v1/health-checks?schoolId=${tree.schoolA1.id}&session=morning`)).json().items[0];
    expect(morning).toMatchObject({ enrolled: 45, absent: 2, absentIll: 1, symptoms: { fever: 1 }, illCases: [{ student: '王小明', symptom: 'fever', followUp: '已电话联系家长，就医中' }] });

    // A class's session is checked once a day: the export comes back refused while the records stand …
    const url = `/api/v1/health-checks/export?schoolId=${tree.schoolA1.id}`;
    const exported = await exportSheet(url);
    const twice = await runImport(c.officer, { kind: 'health_checks' }, { name: '导出.xlsx', data: exported.data });
    expect(twice.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '班级'],
      [3, '班级'],
    ]);
    expect(twice.errors[0].message).toContain('已有记录');
    // … and once they are voided it imports back unchanged.
    for (const r of (await c.officer.get(`/api/v1/health-checks?schoolId=${tree.schoolA1.id}`)).json().items) {
      expect((await c.officer.request('POST', `/api/v1/health-checks/${r.id}/void`, { version: r.version, voidReason: '重新导入' })).statusCode).toBe(200);
    }
    const back = await runImport(c.officer, { kind: 'health_checks' }, { name: '导出.xlsx', data: exported.data });
    expect(back.errors).toEqual([]);
    const keys = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(healthCheckImportColumns.map((col) => r[col] ?? null))).sort();
    expect(keys((await exportSheet(url)).rows)).toEqual(keys(exported.rows));
  });

  it('writes nothing when one cell is bad: more absent for illness than absent', async () => {
    const before = await countOf(healthChecks);
    const job = await runImport(c.officer, { kind: 'health_checks' }, await file(healthCheckImportColumns, [row({ 班级: '一年级（1）班' }), row({ 班级: '一年级（2）班', 因病缺勤人数: 3 })]));
    expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(job.errors).toEqual([{ row: 3, column: '因病缺勤人数', message: '不能多于缺勤人数（2 人）' }]);
    const repeated = await runImport(c.officer, { kind: 'health_checks' }, await file(healthCheckImportColumns, [row({ 班级: '一年级（1）班' }), row({ 班级: '一年级（1）班' })]));
    expect(repeated.errors).toEqual([{ row: 3, column: '班级', message: '与第 2 行重复：同一班级同一天的晨检只登记一次' }]);
    expect(await countOf(healthChecks)).toBe(before);
  });
});

describe('safety education', () => {
  const rows = (): Array<Record<string, unknown>> => [
    { 学校: tree.schoolA1.name, 记录类型: '安全教育活动', 日期: '2026-03-30', 负责人: '刘主任', 教育日: 'safety_education_day:2026', 活动主题: '安全教育日主题班会', 覆盖班级数: 18, 参加人数: 800 },
    { 学校: tree.direct.name, 记录类型: '寄宿生晚点名', 日期: '2026-05-08', 负责人: '宿管孙老师', 宿舍: '3号楼201', 应到人数: 8, 实到人数: 7, 未请假缺勤人数: 1, 当天已通知家长人数: 1 },
  ];

  it('imports a good file, then its own export again unchanged', async () => {
    const job = await runImport(c.bureau, { kind: 'education' }, await file(educationImportColumns, rows()));
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'done', createdCount: 2 });
    const activity = (await c.officer.get(`/api/v1/education-records?schoolId=${tree.schoolA1.id}`)).json().items[0];
    expect(activity).toMatchObject({ kind: 'activity', educationDay: 'safety_education_day:2026', topic: '安全教育日主题班会', classesReached: 18, dormitory: null });
    await roundTrip('education', `/api/v1/education-records/export?schoolId=${tree.schoolA1.id}`);
  });

  it('writes nothing when one cell is bad: more present than expected at roll call', async () => {
    const before = await countOf(educationRecords);
    const bad = rows();
    bad[1] = { ...bad[1], 实到人数: 9 };
    const job = await runImport(c.bureau, { kind: 'education' }, await file(educationImportColumns, bad));
    expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(job.errors).toEqual([{ row: 3, column: '实到人数', message: '不能多于应到人数（8 人）' }]);
    expect(await countOf(educationRecords)).toBe(before);
  });
});

describe('special equipment and its log', () => {
  const items = (): Array<Record<string, unknown>> => [
    { 学校: tree.schoolA1.name, 设备类别: '锅炉', 设备名称: '1号燃气锅炉', 安装位置: '食堂锅炉房', 在用: '是', 安全责任人: '王校长', 维保单位: '示例维保公司', 安全管理员: '赵老师', 使用登记证编号: 'GL-001', 作业人员: '钱师傅', 作业人员证编号: 'G1-778', 作业人员证有效期至: '2028-06-30', 登记时下次检验日期: '2026-04-30' },
    { 学校: tree.schoolA1.name, 设备类别: '电梯', 设备名称: '综合楼电梯', 登记时下次检验日期: '2026-08-31' },
  ];
  const logs = (): Array<Record<string, unknown>> => [
    { 学校: tree.schoolA1.name, 设备名称: '1号燃气锅炉', 记录类型: '定期检验', 日期: '2026-04-20', 实施单位或人员: '区特种设备检验所', 结果: '合格', 应检日期: '2026-04-30', 按期检验: '是', 下次检验日期: '2027-04-30', 检验报告编号: 'TJ-0420' },
    { 学校: tree.schoolA1.name, 设备名称: '综合楼电梯', 记录类型: '维护保养', 日期: '2026-05-01', 实施单位或人员: '示例电梯公司' },
  ];

  it('imports the registry and then its log by equipment name; each export imports back unchanged', async () => {
    const job = await runImport(c.officer, { kind: 'equipment' }, await file(equipmentImportColumns, items()));
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'done', createdCount: 2 });
    const logJob = await runImport(c.officer, { kind: 'equipment_logs' }, await file(equipmentLogImportColumns, logs()));
    expect(logJob.errors).toEqual([]);
    expect(logJob).toMatchObject({ status: 'done', createdCount: 2 });
    const boiler = (await c.officer.get(`/api/v1/special-equipment?schoolId=${tree.schoolA1.id}&q=锅炉`)).json().items[0];
    // The imported inspection moves the due day, as one recorded by hand does.
    expect(boiler).toMatchObject({ inService: true, operatorCertNo: 'G1-778', inspectionDueOn: '2026-04-30', nextInspectionDueOn: '2027-04-30', lastInspectedOn: '2026-04-20' });
    expect(await importEvent(logJob.id)).toMatchObject({ objectType: 'equipment_log', createdCount: 2 });
    // The log first: once the registry is imported again every name is there twice.
    await roundTrip('equipment_logs', `/api/v1/equipment-logs/export?schoolId=${tree.schoolA1.id}`);
    await roundTrip('equipment', `/api/v1/special-equipment/export?schoolId=${tree.schoolA1.id}`);
    const again = await runImport(c.officer, { kind: 'equipment_logs' }, await file(equipmentLogImportColumns, [logs()[1]]));
    expect(again.errors).toEqual([{ row: 2, column: '设备名称', message: '本校有 2 条名为“综合楼电梯”的特种设备，请先在台账中改名加以区分' }]);
  });

  it('writes nothing when one cell is bad: an expired licence, an inspection after its due day recorded as on time', async () => {
    const before = [await countOf(specialEquipment), await countOf(equipmentLogs)];
    const bad = items();
    bad[0] = { ...bad[0], 作业人员证有效期至: '2026-01-31' };
    const job = await runImport(c.officer, { kind: 'equipment' }, await file(equipmentImportColumns, bad));
    expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(job.errors).toEqual([{ row: 2, column: '作业人员证有效期至', message: '证书已于 2026-01-31 过期，请登记有效的作业人员证' }]);

    const late = logs();
    late[0] = { ...late[0], 设备名称: '无此设备' };
    late[1] = { ...late[1], 设备名称: '1号燃气锅炉', 记录类型: '定期检验', 日期: '2026-05-05', 应检日期: '2026-04-30', 按期检验: '是', 下次检验日期: '2027-05-05' };
    const logJob = await runImport(c.officer, { kind: 'equipment_logs' }, await file(equipmentLogImportColumns, late));
    expect(logJob.errors).toEqual([
      { row: 2, column: '设备名称', message: '本校没有已登记的特种设备“无此设备”，请先在台账中登记' },
      { row: 3, column: '设备名称', message: expect.stringContaining('本校有 2 条名为“1号燃气锅炉”') },
    ]);
    expect([await countOf(specialEquipment), await countOf(equipmentLogs)]).toEqual(before);
  });

  it('refuses an inspection after its due day recorded as on time, naming 按期检验', async () => {
    const late = { 学校: tree.schoolA2.name, 设备名称: '幼儿园锅炉', 记录类型: '定期检验', 日期: '2026-05-05', 实施单位或人员: '区特种设备检验所', 应检日期: '2026-04-30', 按期检验: '是', 下次检验日期: '2027-05-05' };
    const job = await runImport(c.bureau, { kind: 'equipment' }, await file(equipmentImportColumns, [{ 学校: tree.schoolA2.name, 设备类别: '锅炉', 设备名称: '幼儿园锅炉', 登记时下次检验日期: '2026-04-30' }]));
    expect(job.status).toBe('done');
    const logJob = await runImport(c.bureau, { kind: 'equipment_logs' }, await file(equipmentLogImportColumns, [late]));
    expect(logJob).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(logJob.errors).toEqual([{ row: 2, column: '按期检验', message: '检验日期（2026-05-05）晚于应检日期（2026-04-30），不能登记为按期检验' }]);
  });
});

describe('hazardous chemicals and their movements', () => {
  const stock = () => [
    { 学校: tree.schoolA1.name, 药品室: '化学药品室', 药品名称: '浓硫酸', CAS号: '7664-93-9', 计量单位: 'mL', 管制类别: '一般危化品', 存放位置: '危化品专柜 A-1', 保管人一: '周老师', 保管人二: '吴老师' },
    { 学校: tree.schoolA1.name, 药品室: '化学药品室', 药品名称: '高锰酸钾', 计量单位: 'g', 管制类别: '易制爆', 存放位置: '易制爆专柜', 保管人一: '周老师', 保管人二: '吴老师', 有效期至: '2029-12-31' },
  ];
  const acid = { 学校: '', 药品室: '化学药品室', 药品名称: '浓硫酸', 经办人: '周老师' };
  const moves = () => {
    const a = { ...acid, 学校: tree.schoolA1.name };
    return [
      { ...a, 编号: 1, 类型: '采购入库', 日期: '2026-03-02', 数量: 500, 审批人: '王校长', 供应单位: '示例试剂公司' },
      { ...a, 编号: 2, 类型: '领用', 日期: '2026-03-05', 数量: 100, 领用人: '李老师', 使用班级: '高二（3）班' },
      { ...a, 编号: 3, 类型: '归还', 日期: '2026-03-05', 数量: 40, 对应领用编号: 2 },
      { ...a, 编号: 4, 类型: '废弃处置', 日期: '2026-04-01', 数量: 50.5, 危废处置单位: '示例环保公司', 转移联单号: 'WF-0401' },
      { ...a, 编号: 5, 类型: '盘点', 日期: '2026-04-30', 数量: 389.5 },
    ];
  };

  it('imports the inventory and its movements; the balance is computed from them; each export imports back unchanged', async () => {
    const job = await runImport(c.officer, { kind: 'chemicals' }, await file(chemicalImportColumns, stock()));
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'done', createdCount: 2 });
    const moveJob = await runImport(c.officer, { kind: 'chemical_movements' }, await file(chemicalMovementImportColumns, moves()));
    expect(moveJob.errors).toEqual([]);
    expect(moveJob).toMatchObject({ status: 'done', createdCount: 5 });
    const list = (await c.officer.get(`/api/v1/chemicals?schoolId=${tree.schoolA1.id}`)).json().items;
    const acidView = list.find((x: { name: string }) => x.name === '浓硫酸');
    expect(acidView).toMatchObject({ balance: 389.5, issuedOut: 60, lastCountOn: '2026-04-30', lastCountDifference: 0 });
    expect(list.find((x: { name: string }) => x.name === '高锰酸钾')).toMatchObject({ controlClass: 'explosive', balance: 0 });
    const movements = (await c.officer.get(`/api/v1/chemical-movements?chemicalId=${acidView.id}`)).json().items;
    const issue = movements.find((m: { kind: string }) => m.kind === 'issue');
    expect(movements.find((m: { kind: string }) => m.kind === 'return')).toMatchObject({ issueId: issue.id, quantity: 40 });

    // The copies' returns name the copies' issues (编号 in the file), so the balance doubles.
    await roundTrip('chemical_movements', `/api/v1/chemical-movements/export?chemicalId=${acidView.id}`, ['编号', '对应领用编号']);
    const doubled = (await c.officer.get(`/api/v1/chemicals/${acidView.id}`)).json();
    expect(doubled).toMatchObject({ balance: 779, issuedOut: 120 });
    await roundTrip('chemicals', `/api/v1/chemicals/export?schoolId=${tree.schoolA1.id}`);
  });

  it('writes nothing when a movement would drive the balance negative, naming its row; or a cell is bad', async () => {
    const before = [await countOf(chemicals), await countOf(chemicalMovements)];
    const job = await runImport(c.bureau, { kind: 'chemicals' }, await file(chemicalImportColumns, [{ ...stock()[0], 学校: tree.schoolB1.name, 保管人二: '周老师' }]));
    expect(job.errors).toEqual([{ row: 2, column: '保管人二', message: '双人双锁须由两名不同的保管人分别保管' }]);

    const stocked = await runImport(c.bureau, { kind: 'chemicals' }, await file(chemicalImportColumns, [{ ...stock()[0], 学校: tree.schoolB1.name }]));
    expect(stocked.status).toBe('done');
    const b = { ...acid, 学校: tree.schoolB1.name };
    const negative = await runImport(
      c.bureau,
      { kind: 'chemical_movements' },
      await file(chemicalMovementImportColumns, [
        { ...b, 类型: '采购入库', 日期: '2026-03-02', 数量: 100, 审批人: '王校长', 供应单位: '示例试剂公司' },
        { ...b, 类型: '领用', 日期: '2026-03-03', 数量: 60, 领用人: '李老师', 使用班级: '高二（3）班' },
        { ...b, 类型: '废弃处置', 日期: '2026-03-04', 数量: 50, 危废处置单位: '示例环保公司', 转移联单号: 'WF-1' },
      ]),
    );
    expect(negative).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(negative.errors).toEqual([{ row: 4, column: '数量', message: '2026-03-04 处置数量超过当时结存（结存 40）' }]);

    const minus = await runImport(c.bureau, { kind: 'chemical_movements' }, await file(chemicalMovementImportColumns, [{ ...b, 类型: '领用', 日期: '2026-03-04', 数量: -1, 领用人: '李老师', 使用班级: '高二（3）班' }]));
    expect(minus.errors).toEqual([{ row: 2, column: '数量', message: '不能为负数' }]);
    const unlinked = await runImport(c.bureau, { kind: 'chemical_movements' }, await file(chemicalMovementImportColumns, [{ ...b, 类型: '归还', 日期: '2026-03-04', 数量: 1, 对应领用编号: 999999 }]));
    expect(unlinked.errors).toEqual([{ row: 2, column: '对应领用编号', message: expect.stringContaining('请填写本药品此前一次领用的编号') }]);
    expect([await countOf(chemicals), await countOf(chemicalMovements)]).toEqual([before[0] + 1, before[1]]);
  });
});

describe('the balance replay of an imported file (003: the balance is computed from every movement)', () => {
  const draft = (row: number, kind: MovementDraft['kind'], day: string, qty: number, link: Partial<Pick<MovementDraft, 'issueId' | 'issueRow'>> = {}): MovementDraft => ({
    row,
    schoolId: 1,
    schoolPath: '/1/',
    chemicalId: 7,
    values: {},
    kind,
    day,
    qty: qty * 1000,
    issueId: null,
    issueRow: null,
    ...link,
  });
  const recorded = new Map([
    [
      7,
      [
        { id: 1, kind: 'purchase' as const, day: '2026-03-01', qty: 100_000 },
        { id: 2, kind: 'disposal' as const, day: '2026-04-01', qty: 80_000 },
      ],
    ],
  ]);
  const idOf = (i: number) => 1000 + i;

  it('names the file row that would leave a later recorded movement without stock', () => {
    expect(replayProblems([draft(2, 'issue', '2026-03-10', 10), draft(3, 'issue', '2026-03-15', 20)], recorded, idOf)).toEqual([
      { row: 3, column: '数量', message: '会使系统中已登记的记录（编号 2）无法成立：2026-04-01 处置数量超过当时结存（结存 70）' },
    ]);
  });

  it('links a return to an issue of the same file and refuses one larger than what is out', () => {
    expect(replayProblems([draft(2, 'issue', '2026-04-02', 10), draft(3, 'return', '2026-04-03', 10, { issueRow: 2 })], recorded, idOf)).toEqual([]);
    expect(replayProblems([draft(2, 'issue', '2026-04-02', 10), draft(3, 'return', '2026-04-03', 11, { issueRow: 2 })], recorded, idOf)).toEqual([
      { row: 3, column: '数量', message: '归还数量超过该次领用未归还的数量（10）' },
    ]);
  });
});
