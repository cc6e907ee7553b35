// Reading an uploaded import file, and writing the blank template to fill in.
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../excel.js';
import {
  ownershipLabels,
  roleLabels,
  safetyAreaLabels,
  schoolStageLabels,
  unitKindLabels,
  type RoleKey,
} from '../../contracts/enums.js';
import { IMPORT_MAX_CELLS, IMPORT_MAX_ROWS, IMPORT_MAX_SHEET_ROWS, IMPORT_MAX_UNZIPPED_BYTES, importColumns, importKindLabels, type ImportKind } from '../../contracts/imports.js';
import { drillKindLabels, dutyRoleLabels, meetingLevelLabels, staffPostLabels } from '../../contracts/rules.js';
import { entryCheckResultLabels, outsourcedKinds, outsourcedKindText } from '../../contracts/staff.js';
import type { Cell, SheetRow } from '../../domain/import-rows.js';
import { importableUnitKinds } from '../../domain/import-rows.js';
import type { RoleTable } from '../../domain/roles.js';
import { moreLedgerRowIs, moreLedgerSheetNames, moreLedgerSpecs } from './more-ledger-specs.js';
import { inflateZip, storedZip, ZipTooLarge, ZipUnreadable } from './zip.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The sheet that explains the columns; never read as data. */
export const NOTES_SHEET = '说明';
export const dataSheetName: Record<ImportKind, string> = {
  units: '单位',
  users: '人员',
  drills: '应急疏散演练',
  staff: '教职工岗位',
  trainings: '安全培训',
  meetings: '安全专题会议',
  insurance: '校方责任保险',
  duty: '值班安排',
  security: '人防物防技防',
  ...moreLedgerSheetNames,
};
/** What one data row is, in the template's notes. */
const rowIs: Record<ImportKind, string> = {
  units: '一个单位',
  users: '一个人员',
  drills: '一次演练',
  staff: '一名教职工',
  trainings: '一人参加一次培训',
  meetings: '一次会议',
  insurance: '一份保单',
  duty: '一天一个角色的值班',
  security: '一所学校一次登记中的一个校门',
  ...moreLedgerRowIs,
};

/** The file cannot be used at all; the message says why, in Chinese. */
export class ImportFileError extends Error {}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Why the bytes are not an .xlsx file, or null. An .xlsx is a zip: it starts with PK\x03\x04. */
export function notXlsxReason(buffer: Buffer): string | null {
  if (buffer.length >= 4 && buffer.subarray(0, 4).equals(ZIP_MAGIC)) return null;
  if (buffer.length >= 4 && buffer.subarray(0, 4).equals(OLE_MAGIC)) return '不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后上传';
  return '文件不是 Excel（.xlsx）格式，请下载模板填写后上传';
}

/** A cell value from ExcelJS as plain data: text trimmed, formulas by their result, blank as null. */
export function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t ? t : null;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return plainCell(o.richText.map((t: { text?: unknown }) => String(t.text ?? '')).join(''));
    if ('formula' in o || 'sharedFormula' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return String(o.error);
  }
  return null;
}

export interface ReadSheet {
  headerRow: number;
  headers: string[];
  rows: SheetRow[];
}

export interface SheetLimits {
  /** Data rows of the sheet read (without the header); more are counted and refused. */
  maxRows: number;
  /** Row elements in any one sheet. */
  maxSheetRows: number;
  /** Cells in all the sheets together. */
  maxCells: number;
  /** Bytes the zip's parts may inflate to together. */
  maxUnzippedBytes: number;
}
export const defaultSheetLimits: SheetLimits = {
  maxRows: IMPORT_MAX_ROWS,
  maxSheetRows: IMPORT_MAX_SHEET_ROWS,
  maxCells: IMPORT_MAX_CELLS,
  maxUnzippedBytes: IMPORT_MAX_UNZIPPED_BYTES,
};

const unreadable = () => new ImportFileError('无法读取文件内容，请确认是用 Excel 或 WPS 保存的 .xlsx 文件');
const mb = (bytes: number) => Math.floor(bytes / 1024 / 1024);

/** Occurrences of the element `<name` (followed by a space, `>` or `/`) in XML bytes. */
export function countElements(xml: Buffer, name: string): number {
  const open = Buffer.from(`<${name}`);
  let n = 0;
  for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at + open.length)) {
    const next = xml[at + open.length];
    // space, tab, CR, LF, '>' or '/': the element itself, not one whose name starts the same (<cols>).
    if (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x3e || next === 0x2f) n++;
  }
  return n;
}

/**
 * The file's parts, inflated within the byte limit, with rows and cells counted in the sheets'
 * XML: what ExcelJS would build in memory is refused before it is built.
 */
async function boundedParts(buffer: Buffer, limits: SheetLimits): Promise<Map<string, Buffer>> {
  let parts: Map<string, Buffer>;
  try {
    parts = await inflateZip(buffer, limits.maxUnzippedBytes);
  } catch (err) {
    if (err instanceof ZipTooLarge) {
      throw new ImportFileError(`文件解压后过大（超过 ${mb(err.limit)} MB），请删除多余的内容或拆分成多个文件分批导入`);
    }
    if (err instanceof ZipUnreadable) throw unreadable();
    throw err;
  }
  let cells = 0;
  for (const [name, xml] of parts) {
    // The parts ExcelJS reads as worksheets, by its own (unanchored) test of the name.
    if (!/xl\/worksheets\/sheet\d+[.]xml/.test(name)) continue;
    if (countElements(xml, 'row') > limits.maxSheetRows) {
      throw new ImportFileError(
        `工作表超过 ${limits.maxSheetRows} 行（含空行），每个文件最多 ${limits.maxRows} 行数据，请删除多余的行或拆分成多个文件分批导入`,
      );
    }
    cells += countElements(xml, 'c');
    if (cells > limits.maxCells) throw new ImportFileError(`文件中的单元格超过 ${limits.maxCells} 个，请删除多余的列或行，或拆分成多个文件分批导入`);
  }
  return parts;
}

/**
 * Reads the first data sheet (any sheet but 说明): the first non-blank row is the header, blank
 * rows are skipped; rows past `maxRows` are counted but not kept.
 *
 * The zip is inflated here within the limits (zip.ts) and handed to ExcelJS packed again without
 * compression. The whole workbook is then loaded (random access into the zip), not streamed:
 * ExcelJS's streaming reader depends on the order of the parts in the zip, and ExcelJS itself
 * writes the workbook part last, which that reader mishandles.
 */
export async function readSheet(buffer: Buffer, limits: number | Partial<SheetLimits> = {}): Promise<ReadSheet> {
  const bounds: SheetLimits = { ...defaultSheetLimits, ...(typeof limits === 'number' ? { maxRows: limits } : limits) };
  const { maxRows } = bounds;
  const stored = storedZip(await boundedParts(buffer, bounds));
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(stored as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  const sheet = wb.worksheets.find((s) => s.name !== NOTES_SHEET);
  if (!sheet) throw new ImportFileError('文件中没有工作表，请下载模板填写后上传');

  let headerRow = 0;
  let headers: string[] | null = null;
  // Column number → header; the first of two columns with the same header wins.
  const columnHeader = new Map<number, string>();
  const rows: SheetRow[] = [];
  let dataRows = 0;
  sheet.eachRow((row) => {
    const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
    const cells: Cell[] = [];
    let blank = true;
    for (let col = 1; col < values.length; col++) {
      cells[col] = plainCell(values[col]);
      if (cells[col] !== null) blank = false;
    }
    if (blank) return;
    if (!headers) {
      headerRow = row.number;
      headers = [];
      for (let col = 1; col < cells.length; col++) {
        const h = cells[col] === null ? '' : String(cells[col]).trim();
        if (!h) continue;
        headers.push(h);
        if (![...columnHeader.values()].includes(h)) columnHeader.set(col, h);
      }
      return;
    }
    if (++dataRows > maxRows) return;
    const record: Record<string, Cell> = {};
    for (const [col, h] of columnHeader) record[h] = cells[col] ?? null;
    rows.push({ row: row.number, cells: record });
  });
  if (!headers) throw new ImportFileError('工作表是空的，请按模板在第 1 行填写表头、从第 2 行起填写数据');
  if (dataRows > maxRows) throw new ImportFileError(`数据超过 ${maxRows} 行（不含表头），请拆分成多个文件分批导入`);
  return { headerRow, headers, rows };
}

// ---- the template --------------------------------------------------------------------------

interface ColumnSpec {
  header: string;
  need: '必填' | '选填' | '学校必填' | '学校选填' | '科室/中心选填';
  note: string;
  width: number;
  example: string | number;
  /** Allowed values, offered as a drop-down list in the sheet. */
  list?: string[];
}

const yesNo = ['是', '否'];
const importableKindLabels = importableUnitKinds.map((k) => unitKindLabels[k]);

const unitSpecs: ColumnSpec[] = [
  { header: '单位名称', need: '必填', note: '2–60 个字；本区内不能与已有单位或本文件中的其他单位重名。', width: 26, example: '示例镇中心小学' },
  { header: '单位类型', need: '必填', note: `可填：${importableKindLabels.join('、')}。`, width: 12, example: '学校/机构', list: importableKindLabels },
  {
    header: '上级单位',
    need: '必填',
    note: '系统中已有单位的名称，或本文件中排在本行之前的单位名称。科室/中心、镇街的上级是区教育局；学校/机构的上级是镇街或区教育局。',
    width: 22,
    example: '示例镇',
  },
  { header: '编码', need: '选填', note: '字母、数字、下划线或短横线，最多 30 位。', width: 12, example: 'S001' },
  { header: '学段', need: '学校必填', note: `可填：${Object.values(schoolStageLabels).join('、')}。`, width: 14, example: '小学', list: Object.values(schoolStageLabels) },
  { header: '办学性质', need: '学校必填', note: `可填：${Object.values(ownershipLabels).join('、')}。`, width: 10, example: '公办', list: Object.values(ownershipLabels) },
  { header: '寄宿制', need: '学校选填', note: '是 或 否；空白视为否。', width: 8, example: '否', list: yesNo },
  { header: '使用校车', need: '学校选填', note: '是 或 否；空白视为否。', width: 10, example: '是', list: yesNo },
  { header: '农村学校', need: '学校选填', note: '是 或 否；空白视为否。', width: 10, example: '是', list: yesNo },
  { header: '校门数', need: '学校必填', note: '0–50 的整数。', width: 8, example: 2 },
  { header: '学生数', need: '学校必填', note: '0–100000 的整数。', width: 8, example: 860 },
  { header: '教职工数', need: '学校选填', note: '0–20000 的整数。', width: 10, example: 62 },
  { header: '地址', need: '选填', note: '最多 200 字。', width: 30, example: '示例镇人民路 1 号' },
  { header: '校长', need: '选填', note: '校长（或负责人）姓名，最多 30 字。', width: 10, example: '张三' },
  { header: '联系电话', need: '选填', note: '11 位手机号，或带区号的固定电话，如 010-12345678。', width: 16, example: '13800000000' },
  {
    header: '负责安全领域',
    need: '科室/中心选填',
    note: `科室/中心负责的安全领域，多个用“、”分隔。可填：${Object.values(safetyAreaLabels).join('、')}。`,
    width: 30,
    example: '',
  },
];

function userSpecs(table: RoleTable): ColumnSpec[] {
  const fits = [...table.values()].map((r) => `${roleLabels[r.key as RoleKey] ?? r.name}（${r.unitKinds.map((k) => unitKindLabels[k]).join('、')}）`);
  return [
    {
      header: '用户名',
      need: '必填',
      note: '登录用，以字母开头，3–64 位，只能包含字母、数字、点、下划线和短横线；全系统唯一（不区分大小写）。',
      width: 18,
      example: 'zhangsan',
    },
    { header: '姓名', need: '必填', note: '最多 30 字。', width: 12, example: '张三' },
    { header: '联系电话', need: '选填', note: '11 位手机号，或带区号的固定电话，如 010-12345678。', width: 16, example: '13800000000' },
    { header: '所属单位', need: '必填', note: '系统中已有且启用的单位名称（先导入单位，再导入人员）。', width: 26, example: '示例镇中心小学' },
    {
      header: '角色',
      need: '必填',
      note: `一个或多个，用“、”分隔，如“校长、学校安全员”。可填：${Object.values(roleLabels).join('、')}。角色须适用于所属单位的类型（括号内）：${fits.join('；')}。`,
      width: 24,
      example: '校长、学校安全员',
    },
  ];
}

// ---- the ledgers (issue 4): the columns of each ledger's Excel export -----------------------

const schoolSpec: ColumnSpec = {
  header: '学校',
  need: '必填',
  note: '学校全称，与系统中的名称一致；只能填写您管辖范围内的学校。',
  width: 26,
  example: '示例镇中心小学',
};
const dateNote = '日期，如 2024-05-06（也可使用 Excel 日期格式）';
const drillKindList = Object.values(drillKindLabels);
const meetingLevelList = Object.values(meetingLevelLabels);

const dutyRoleList = Object.values(dutyRoleLabels);
const yesNoList = ['是', '否'];
const sameInProfile = '同一学校同一登记日期的各行须填写相同的值。';

const ledgerSpecs: Record<Exclude<ImportKind, 'units' | 'users'>, ColumnSpec[]> = {
  drills: [
    schoolSpec,
    { header: '演练日期', need: '必填', note: `${dateNote}；不能晚于今天。`, width: 12, example: '2024-09-18' },
    { header: '演练类型', need: '必填', note: `可填：${drillKindList.join('、')}。`, width: 16, example: '防火灾', list: drillKindList },
    { header: '参加人数', need: '必填', note: '1–100000 的整数。', width: 10, example: 860 },
    { header: '疏散用时（秒）', need: '选填', note: '0–86400 的整数。', width: 14, example: 180 },
    { header: '外部观摩人员', need: '选填', note: '最多 500 字。', width: 24, example: '消防救援站 2 人' },
    { header: '发现的问题', need: '选填', note: '最多 2000 字。', width: 40, example: '三楼东侧楼梯疏散较慢' },
  ],
  staff: [
    schoolSpec,
    { header: '姓名', need: '必填', note: '最多 50 字；同一学校不能重复登记同名人员（培训台账按学校和姓名找人）。', width: 12, example: '张三' },
    {
      header: '岗位及任职日期',
      need: '选填',
      note: `本校教职工必填（外包的司机、保洁等可不填）：一个或多个岗位，用“、”分隔，任职日期写在括号里（不知道可不写），如“分管安全副校（园）长（2024-09-01）、班主任”。最多 5 个。可填：${Object.values(staffPostLabels).join('、')}。`,
      width: 40,
      example: '分管安全副校（园）长（2024-09-01）、班主任',
    },
    { header: '离岗日期', need: '选填', note: `已离开本校的人员填写：${dateNote}。`, width: 12, example: '' },
    // Issue 15 item 7 (001 item 11): outsourced staff and everyone's entry check, as the export writes them.
    ...((): ColumnSpec[] => {
      const kinds = ['本校教职工', ...outsourcedKinds.map(outsourcedKindText)];
      const results = [...Object.values(entryCheckResultLabels), '未查询'];
      return [
        { header: '人员类别', need: '选填', note: `可填：${kinds.join('、')}；空白视为本校教职工。`, width: 14, example: '本校教职工', list: kinds },
        { header: '外包单位', need: '选填', note: '外包人员的用人单位（保安公司、客运公司、保洁公司等），最多 100 字。', width: 24, example: '' },
        { header: '准入查询日期', need: '选填', note: `性侵违法犯罪信息准入查询的日期：${dateNote}；不能晚于今天；填写查询结果时必填。`, width: 12, example: '2024-08-20' },
        { header: '准入查询结果', need: '选填', note: `可填：${results.join('、')}；填写查询日期时必填，“未查询”或空白表示尚未查询。`, width: 14, example: '无违法犯罪记录', list: results },
      ];
    })(),
  ],
  trainings: [
    schoolSpec,
    { header: '姓名', need: '必填', note: '本校已登记的教职工姓名（先在“教职工岗位”中登记，或先导入教职工）。', width: 12, example: '张三' },
    { header: '培训课程', need: '必填', note: '最多 200 字。', width: 32, example: '学校安全管理干部培训班' },
    { header: '学时', need: '必填', note: '大于 0，最多保留 1 位小数；每天最多 24 学时。', width: 8, example: 16 },
    { header: '开始日期', need: '必填', note: `${dateNote}；不能晚于今天。`, width: 12, example: '2024-07-08' },
    { header: '结束日期', need: '选填', note: '多天的培训填写最后一天；空白视为与开始日期同一天。不能早于开始日期，不能晚于今天。', width: 12, example: '2024-07-09' },
    { header: '培训机构', need: '必填', note: '最多 200 字。', width: 24, example: '区教师进修学校' },
  ],
  meetings: [
    schoolSpec,
    { header: '会议日期', need: '必填', note: `${dateNote}；不能晚于今天。`, width: 12, example: '2024-09-02' },
    { header: '会议类别', need: '必填', note: `可填：${meetingLevelList.join('、')}。`, width: 22, example: meetingLevelList[0], list: meetingLevelList },
    { header: '主持人', need: '必填', note: '最多 50 字。', width: 12, example: '李校长' },
    { header: '参会人员', need: '必填', note: '姓名用“、”分隔，最多 200 人。', width: 40, example: '李校长、王副校长、赵主任' },
    { header: '会议纪要', need: '必填', note: '最多 10000 字。', width: 60, example: '研究部署开学安全工作。' },
    { header: '议定事项', need: '选填', note: '最多 5000 字。', width: 40, example: '9 月 18 日开展全校疏散演练。' },
  ],
  insurance: [
    schoolSpec,
    { header: '保单号', need: '必填', note: '最多 64 字；本区内不能与已登记的保单重复。', width: 24, example: 'PZA2024000001' },
    { header: '保险公司', need: '必填', note: '最多 100 字。', width: 24, example: '示例财产保险股份有限公司' },
    { header: '开始日期', need: '必填', note: `${dateNote}。`, width: 12, example: '2024-09-01' },
    { header: '结束日期', need: '必填', note: '不能早于开始日期，保险期最长 5 年。', width: 12, example: '2025-08-31' },
    { header: '承保学生数', need: '必填', note: '1–100000 的整数。', width: 10, example: 860 },
  ],
  duty: [
    schoolSpec,
    { header: '值班日期', need: '必填', note: `${dateNote}；须在所填值班表的起止日期内。同一学校同一天同一角色只能安排一人。`, width: 12, example: '2026-10-01' },
    { header: '值班角色', need: '必填', note: `可填：${dutyRoleList.join('、')}。`, width: 12, example: dutyRoleList[0], list: dutyRoleList },
    { header: '姓名', need: '必填', note: '最多 50 字；与本校已登记的教职工同名时关联到该教职工（本人可在系统中确认值班）。', width: 12, example: '李校长' },
    { header: '联系电话', need: '选填', note: '只能包含数字、空格和 + - ( )；空白时使用本人账号或值班表的电话。', width: 16, example: '021-12345678' },
    { header: '值班时长（小时）', need: '必填', note: '大于 0，不超过 24。', width: 14, example: 24 },
    { header: '值班表', need: '必填', note: '本校已创建的值班表名称（先在“值班带班”台账中新建值班表）。', width: 24, example: '2026年国庆节值班表' },
  ],
  security: [
    schoolSpec,
    { header: '登记日期', need: '必填', note: `${dateNote}；不能晚于今天。同一学校同一登记日期的各行组成一次登记。`, width: 12, example: '2026-09-01' },
    { header: '校门名称', need: '必填', note: '每行一个校门，最多 50 字；一次登记中不能重名。', width: 16, example: '南门' },
    { header: '在校期间保安人数', need: '必填', note: '0–50 的整数。', width: 14, example: 1 },
    { header: '上学高峰保安人数', need: '必填', note: '0–50 的整数。', width: 14, example: 2 },
    { header: '放学高峰保安人数', need: '必填', note: '0–50 的整数。', width: 14, example: 2 },
    { header: '夜间保安人数', need: '必填', note: '0–50 的整数。', width: 12, example: 1 },
    { header: '一键报警装置数', need: '必填', note: `一键式紧急报警装置的安装数量，0–1000 的整数。${sameInProfile}`, width: 14, example: 2 },
    { header: '正常数', need: '必填', note: `完好的报警装置数量，不能多于安装数量。${sameInProfile}`, width: 10, example: 2 },
    { header: '最近测试日期', need: '选填', note: `报警装置最近一次测试的日期，不能晚于登记日期。${sameInProfile}`, width: 12, example: '2026-08-28' },
    { header: '视频保存天数', need: '必填', note: `视频图像保存天数，0–3650 的整数。${sameInProfile}`, width: 12, example: 90 },
    { header: '视频接入区平台', need: '必填', note: `视频监控是否接入教育局平台：是 或 否。${sameInProfile}`, width: 14, example: '是', list: yesNoList },
    { header: '周界报警', need: '必填', note: `是否安装周界入侵报警系统：是 或 否。${sameInProfile}`, width: 10, example: '是', list: yesNoList },
    { header: '周界报警24小时布防', need: '必填', note: `是否 24 小时设防（未安装时填“否”）：是 或 否。${sameInProfile}`, width: 18, example: '是', list: yesNoList },
  ],
  ...moreLedgerSpecs,
};

function specsOf(kind: ImportKind, table: RoleTable): ColumnSpec[] {
  if (kind === 'units') return unitSpecs;
  if (kind === 'users') return userSpecs(table);
  return ledgerSpecs[kind];
}

/** The last line of the notes: what is special about the kind. */
function kindNote(kind: ImportKind): string {
  switch (kind) {
    case 'units':
      return '学校/机构须填写学段、办学性质、校门数和学生数；其他类型的单位不使用这些学校信息。';
    case 'users':
      return '所有导入的账号使用上传时设置的初始密码，本人首次登录时须修改密码；未设置初始密码的账号须由管理员重置密码后才能登录。';
    case 'duty':
      return '值班表须先在“值班带班”台账中新建，导入的每行写入该学校同名且包含该日期的值班表；已确认或已安排的值班不受影响，同一天同一角色已有安排的行会报错。';
    case 'security':
      return '每行一个校门；同一学校同一登记日期的各行合并为一次登记（报警装置、视频、周界报警各列须相同）。登记只增不改，最新一次登记有效。';
    default:
      return `从“${importKindLabels[kind]}”台账导出的 Excel 修改后也可直接导入：系统只读取本模板的列，其余列忽略；“状态”为“已作废”的行不导入。照片和文件请导入后在台账中逐条上传。`;
  }
}

/** The blank template: headers with notes and drop-downs, one example row, and a 说明 sheet. */
export async function buildTemplate(kind: ImportKind, table: RoleTable): Promise<Buffer> {
  const specs = specsOf(kind, table);
  // The column list is the contract; the specs must follow it exactly.
  if (specs.map((s) => s.header).join() !== importColumns[kind].join()) throw new Error('import template out of step with importColumns');

  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '安校';
  const sheet = wb.addWorksheet(dataSheetName[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = specs.map((s) => ({ header: s.header, key: s.header, width: s.width }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  specs.forEach((s, i) => {
    const cell = head.getCell(i + 1);
    cell.note = `【${s.need}】${s.note}`;
    if (s.need === '必填') cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });
  const example = sheet.addRow(specs.map((s) => s.example));
  example.font = { italic: true, color: { argb: 'FF808080' } };
  example.getCell(1).note = '示例行：导入前请删除或改成真实数据';
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  specs.forEach((s, i) => {
    if (!s.list) return;
    const col = sheet.getColumn(i + 1).letter;
    validations.add(`${col}2:${col}${IMPORT_MAX_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${s.list.join(',')}"`],
      showErrorMessage: true,
      errorTitle: s.header,
      error: `请从下拉列表中选择：${s.list.join('、')}`,
    });
  });

  const notes = wb.addWorksheet(NOTES_SHEET);
  notes.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '是否必填', key: 'need', width: 14 },
    { header: '说明', key: 'note', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const s of specs) notes.addRow({ header: s.header, need: s.need, note: s.note }).alignment = { wrapText: true, vertical: 'top' };
  notes.addRow([]);
  const general = [
    `在“${dataSheetName[kind]}”工作表中填写：第 1 行是表头，请勿改动；数据从第 2 行起，每行${rowIs[kind]}。`,
    '第 2 行是示例，导入前请删除或改成真实数据。',
    `每个文件最多 ${IMPORT_MAX_ROWS} 行。上传后系统先逐行校验，全部通过才导入；只要有一处错误，就一条都不导入，并列出每处错误的行号、列名和原因。`,
    kindNote(kind),
  ];
  for (const line of general) notes.addRow({ header: '注意', note: line }).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The whole workbook, loaded within the same limits as readSheet, for a form whose header is not on
 * its first line (the work plan's task table has a title above it, issue 14).
 */
export async function loadBoundedWorkbook(buffer: Buffer, limits: Partial<SheetLimits> = {}): Promise<ExcelJS.Workbook> {
  const stored = storedZip(await boundedParts(buffer, { ...defaultSheetLimits, ...limits }));
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(stored as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  return wb;
}
