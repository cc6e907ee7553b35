import { z } from 'zod';
import { symptomLabels, symptoms } from '../domain/health-checks.js';

// Batch import from Excel of units and people, and of the school ledgers (issue 4): all rows are
// checked first, and either every row goes in (one transaction) or none does.

/** The ledgers a school or town with ledger.write imports (the others need import.run). */
export const ledgerImportKinds = [
  'drills',
  'staff',
  'trainings',
  'meetings',
  'insurance',
  'duty',
  'security',
  'food',
  'gate',
  'health_checks',
  'education',
  'equipment',
  'equipment_logs',
  'chemicals',
  'chemical_movements',
  'netsec_systems',
  'school_buses',
  'bus_drivers',
] as const;
export const importKinds = ['units', 'users', ...ledgerImportKinds] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKindLabels: Record<ImportKind, string> = {
  units: '单位',
  users: '人员',
  drills: '应急演练',
  staff: '教职工',
  trainings: '安全培训',
  meetings: '安全会议',
  insurance: '校方责任保险',
  duty: '值班安排',
  security: '人防物防技防',
  food: '食品安全',
  gate: '门卫来访',
  health_checks: '晨午检',
  education: '安全教育活动',
  equipment: '特种设备',
  equipment_logs: '特种设备维保检验',
  chemicals: '危险化学品',
  chemical_movements: '危化品出入库',
  netsec_systems: '网络系统与网站',
  school_buses: '校车',
  bus_drivers: '校车驾驶人',
};

export type LedgerImportKind = (typeof ledgerImportKinds)[number];
export const isLedgerImportKind = (k: ImportKind): k is LedgerImportKind => (ledgerImportKinds as readonly string[]).includes(k);
/** What one imported row becomes, for the result message (个单位, 条演练记录 …). */
export const importedUnitLabels: Record<ImportKind, string> = {
  units: '个单位',
  users: '个人员账号',
  drills: '条演练记录',
  staff: '名教职工',
  trainings: '条培训记录',
  meetings: '条会议记录',
  insurance: '份保单',
  duty: '条值班安排',
  security: '份人防物防技防登记',
  food: '条食品安全记录',
  gate: '条门卫登记',
  health_checks: '条晨午检记录',
  education: '条安全教育记录',
  equipment: '台特种设备',
  equipment_logs: '条维保检验记录',
  chemicals: '种危险化学品',
  chemical_movements: '条出入库记录',
  netsec_systems: '个网络系统或网站',
  school_buses: '辆校车',
  bus_drivers: '名校车驾驶人',
};
/**
 * The permission a ledger's own form asks for beside ledger.write (a guard records the gate log
 * with gate.record); an import asks for both, so the 数据导入 page stays with ledger.write.
 */
export const ledgerImportPermission: Partial<Record<ImportKind, 'gate.record' | 'health_check.record' | 'chemicals.move'>> = {
  gate: 'gate.record',
  health_checks: 'health_check.record',
  chemical_movements: 'chemicals.move',
};

// 'queued': waiting for one of the few imports that run at once (issue 11 item 2).
export const importStatuses = ['queued', 'validating', 'importing', 'done', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importStatusLabels: Record<ImportStatus, string> = { queued: '等待中', validating: '校验中', importing: '导入中', done: '已完成', failed: '失败' };

// What one file may hold (issue 11 item 2): the largest real imports fit with room, and anything
// past them is refused before the workbook is built in memory (about 0.6 KB a cell in ExcelJS).
/**
 * Data rows (without the header) one file may hold: the 20,000 people of a large district, or a
 * school year of one ledger (a 40-school district's daily duty with two roles is 29,200 rows).
 */
export const IMPORT_MAX_ROWS = 30_000;
/** Row elements in any sheet of the file: the data rows, the header and blank or formatted rows between. */
export const IMPORT_MAX_SHEET_ROWS = 40_000;
/**
 * Cells in all the sheets of the file: IMPORT_MAX_ROWS rows of 20 columns (the widest template
 * has 16; an edited export adds a few columns of its own, which are ignored).
 */
export const IMPORT_MAX_CELLS = 600_000;
/** Bytes the file may unpack to: 30,000 rows of the widest template, every column filled, take about 30 MB. */
export const IMPORT_MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;

// The header row of the files, in template order. Every column must be present; extra columns
// are ignored.
export const unitImportColumns = [
  '单位名称',
  '单位类型',
  '上级单位',
  '编码',
  '学段',
  '办学性质',
  '寄宿制',
  '使用校车',
  '农村学校',
  '校门数',
  '学生数',
  '教职工数',
  '地址',
  '校长',
  '联系电话',
  '负责安全领域',
] as const;
export type UnitImportColumn = (typeof unitImportColumns)[number];

export const userImportColumns = ['用户名', '姓名', '联系电话', '所属单位', '角色'] as const;
export type UserImportColumn = (typeof userImportColumns)[number];

// The ledgers' columns are those of their Excel export (school-ledgers.routes.ts, ledgers.routes.ts)
// without what the system fills in (镇街, 文件数, 登记人 …), so an exported file, edited, imports:
// the export's other columns are ignored, except 状态 (a voided record is not imported).
export const drillImportColumns = ['学校', '演练日期', '演练类型', '参加人数', '疏散用时（秒）', '外部观摩人员', '发现的问题'] as const;
/** With the outsourced staff and the entry check (准入查询) of issue 15 item 7, as the export writes them. */
export const staffImportColumns = ['学校', '姓名', '岗位及任职日期', '离岗日期', '人员类别', '外包单位', '准入查询日期', '准入查询结果'] as const;
export const trainingImportColumns = ['学校', '姓名', '培训课程', '学时', '开始日期', '结束日期', '培训机构'] as const;
export const meetingImportColumns = ['学校', '会议日期', '会议类别', '主持人', '参会人员', '会议纪要', '议定事项'] as const;
export const insuranceImportColumns = ['学校', '保单号', '保险公司', '开始日期', '结束日期', '承保学生数'] as const;
/** One row per day and role; the roster (值班表) must exist and contain the day. */
export const dutyImportColumns = ['学校', '值班日期', '值班角色', '姓名', '联系电话', '值班时长（小时）', '值班表'] as const;
/** One row per gate; the rows of a school and 登记日期 form one profile (their school-level columns agree). */
export const securityImportColumns = [
  '学校',
  '登记日期',
  '校门名称',
  '在校期间保安人数',
  '上学高峰保安人数',
  '放学高峰保安人数',
  '夜间保安人数',
  '一键报警装置数',
  '正常数',
  '最近测试日期',
  '视频保存天数',
  '视频接入区平台',
  '周界报警',
  '周界报警24小时布防',
] as const;

// The ledgers of issue 15: their export's columns without 镇街 and what the system fills in
// (文件数, 状态, 作废原因, 登记人) or computes (equipment's 当前应检日期, a chemical's 结存 …).
export const foodImportColumns = [
  '学校',
  '记录类型',
  '日期',
  '负责人',
  '晨检从业人员数',
  '身体不适人员数',
  '留样份数',
  '每份留样克数',
  '留样时长（小时）',
  '发现问题数',
  '餐次',
  '证照类型',
  '证照编号',
  '有效期至',
  '明厨亮灶在线',
  '追溯平台在线',
  '记录内容',
] as const;
export const gateImportColumns = [
  '学校',
  '登记类型',
  '日期',
  '值班门卫',
  '来访人',
  '身份证号（脱敏）',
  '已核验证件',
  '联系电话',
  '来访单位',
  '事由',
  '被访人',
  '带领教职工',
  '车牌号',
  '驾驶人',
  '是否准入',
  '拒绝理由',
  '到达时间',
  '离开时间',
  '上学时段教师数',
  '上学时段保安数',
  '放学时段教师数',
  '放学时段保安数',
  '到岗人员',
  '备注',
] as const;
/** One column per symptom (发热人数 …), in the order of domain/health-checks.ts. */
export const healthCheckSymptomColumns = symptoms.map((s) => `${symptomLabels[s]}人数`);
export const healthCheckImportColumns = [
  '学校',
  '检查日期',
  '检查时段',
  '班级',
  '检查人',
  '应到人数',
  '缺勤人数',
  '因病缺勤人数',
  ...healthCheckSymptomColumns,
  '因病缺课追踪',
  '备注',
] as const;
export const educationImportColumns = [
  '学校',
  '记录类型',
  '日期',
  '负责人',
  '教育日',
  '活动主题',
  '覆盖班级数',
  '参加人数',
  '宿舍',
  '应到人数',
  '实到人数',
  '未请假缺勤人数',
  '当天已通知家长人数',
  '班级数',
  '已回执班级数',
  '学生数',
  '已回执学生数',
  '记录内容',
] as const;
export const equipmentImportColumns = [
  '学校',
  '设备类别',
  '设备名称',
  '安装位置',
  '在用',
  '安全责任人',
  '维保单位',
  '安全管理员',
  '使用登记证编号',
  '作业人员',
  '作业人员证编号',
  '作业人员证有效期至',
  '登记时下次检验日期',
] as const;
/** The item is found by school and 设备名称 (a name used twice at a school is refused). */
export const equipmentLogImportColumns = ['学校', '设备名称', '记录类型', '日期', '实施单位或人员', '结果', '应检日期', '按期检验', '下次检验日期', '检验报告编号'] as const;
export const chemicalImportColumns = ['学校', '药品室', '药品名称', 'CAS号', '计量单位', '管制类别', '存放位置', '保管人一', '保管人二', '有效期至'] as const;
/**
 * The chemical is found by school, 药品室 and 药品名称. 编号 is the record's number in an export
 * (any number in a filled template): a return's 对应领用编号 names an issue of the file by it, else
 * a recorded issue of the system by its number. Every movement is replayed through the balance rule.
 */
export const chemicalMovementImportColumns = [
  '学校',
  '编号',
  '药品室',
  '药品名称',
  '类型',
  '日期',
  '数量',
  '经办人',
  '审批人',
  '供应单位',
  '领用人',
  '使用班级',
  '用途',
  '对应领用编号',
  '危废处置单位',
  '转移联单号',
  '备注',
] as const;

/** Read when present (an exported file has it): 已作废 rows are refused. */
export const RECORD_STATUS_COLUMN = '状态';

/** The school's systems and websites registry (网络安全, 000 item 8; issue 15 item 6), in its export's columns. */
export const netsecSystemImportColumns = ['学校', '类别', '名称', '网址或入口', '责任人', '等保级别', '备案号'] as const;

/** The school buses and their drivers (校车, 001 item 14; issue 15 item 5), in their exports' columns. */
export const busImportColumns = ['学校', '车牌号', '座位数', '行驶证号', '保险到期日', '年审日期', '年审到期日', '开始运营日期', '在用'] as const;
export const driverImportColumns = ['学校', '姓名', '准驾车型', '驾驶证有效期至', '背景审查日期', '背景审查结果', '体检日期', '在岗'] as const;

export const importColumns: Record<ImportKind, readonly string[]> = {
  units: unitImportColumns,
  users: userImportColumns,
  drills: drillImportColumns,
  staff: staffImportColumns,
  trainings: trainingImportColumns,
  meetings: meetingImportColumns,
  insurance: insuranceImportColumns,
  duty: dutyImportColumns,
  security: securityImportColumns,
  food: foodImportColumns,
  gate: gateImportColumns,
  health_checks: healthCheckImportColumns,
  education: educationImportColumns,
  equipment: equipmentImportColumns,
  equipment_logs: equipmentLogImportColumns,
  chemicals: chemicalImportColumns,
  chemical_movements: chemicalMovementImportColumns,
  netsec_systems: netsecSystemImportColumns,
  school_buses: busImportColumns,
  bus_drivers: driverImportColumns,
};

/**
 * One problem found in the file: the Excel row number and the column header it concerns.
 * Row 0 (column '') means the file as a whole (unreadable, empty, too long, interrupted).
 */
export const importErrorBody = z.object({
  row: z.number().int().min(0),
  column: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorBody>;

export const importJobBody = z.object({
  id: z.number().int(),
  kind: z.enum(importKinds),
  fileName: z.string(),
  status: z.enum(importStatuses),
  // Data rows in the file (0 until the file has been read). Checking counts as the first half of
  // `processed`, writing as the second half; `processed` equals `total` when the job is done.
  total: z.number().int(),
  processed: z.number().int(),
  createdCount: z.number().int(),
  // While queued: 1 for the next to start. Null otherwise, and when another instance holds the job.
  queuePosition: z.number().int().min(1).nullable(),
  errors: z.array(importErrorBody),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  // Who started the import.
  actorName: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobBody>;

export const importJobResponse = z.object({ job: importJobBody });
export const importJobList = z.object({ items: z.array(importJobBody) });

const kindError = `导入类型只能是：${importKinds.map((k) => `${k}（${importKindLabels[k]}）`).join('、')}`;

export const importTemplateQuery = z.object({
  kind: z.enum(importKinds, { error: kindError }),
});

/** The form fields sent with the file (multipart/form-data: kind, initialPassword, then file). */
export const importFields = z.object({
  kind: z.enum(importKinds, { error: kindError }),
  // People only: the password every imported account starts with (policy-checked by the server).
  initialPassword: z.string().max(128, '初始密码最多 128 位').optional(),
});
export type ImportFields = z.infer<typeof importFields>;
