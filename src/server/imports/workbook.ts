// Reading an uploaded import file, and writing the blank template to fill in.
import ExcelJS from 'exceljs';
import {
  ownershipLabels,
  roleLabels,
  safetyAreaLabels,
  schoolStageLabels,
  unitKindLabels,
  type RoleKey,
} from '../../contracts/enums.js';
import { IMPORT_MAX_ROWS, importColumns, type ImportKind } from '../../contracts/imports.js';
import type { Cell, SheetRow } from '../../domain/import-rows.js';
import { importableUnitKinds } from '../../domain/import-rows.js';
import type { RoleTable } from '../../domain/roles.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The sheet that explains the columns; never read as data. */
export const NOTES_SHEET = '说明';
export const dataSheetName: Record<ImportKind, string> = { units: '单位', users: '人员' };

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

/**
 * The total size the zip's central directory declares for its entries once unpacked, or null when
 * the directory cannot be read or uses zip64 (no import file is that large). JSZip, under
 * ExcelJS's load, checks each entry against its declared size, so a file cannot lie its way past.
 */
export function declaredUnzippedSize(buffer: Buffer): number | null {
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), Math.max(0, buffer.length - 22));
  if (eocd < 0 || eocd + 22 > buffer.length) return null;
  const entries = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== 0x02014b50) return null;
    const size = buffer.readUInt32LE(at + 24);
    if (size === 0xffffffff) return null;
    total += size;
    at += 46 + buffer.readUInt16LE(at + 28) + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
  }
  return total;
}

/** Far more than 30,000 rows of any template take once unpacked (measured: about 12 MB). */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

export interface ReadSheet {
  headerRow: number;
  headers: string[];
  rows: SheetRow[];
}

/**
 * Reads the first data sheet (any sheet but 说明): the first non-blank row is the header, blank
 * rows are skipped; rows past `maxRows` are counted but not kept.
 *
 * The whole workbook is loaded (random access into the zip), not streamed: ExcelJS's streaming
 * reader depends on the order of the parts in the zip, and ExcelJS itself writes the workbook part
 * last, which that reader mishandles. The upload limit and the unpacked-size check bound memory.
 */
export async function readSheet(buffer: Buffer, maxRows = IMPORT_MAX_ROWS): Promise<ReadSheet> {
  const size = declaredUnzippedSize(buffer);
  if (size === null) throw new ImportFileError('无法读取文件内容，请确认是用 Excel 或 WPS 保存的 .xlsx 文件');
  if (size > MAX_UNZIPPED_BYTES) throw new ImportFileError(`数据超过 ${maxRows} 行（不含表头），请拆分成多个文件分批导入`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError('无法读取文件内容，请确认是用 Excel 或 WPS 保存的 .xlsx 文件');
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

/** The blank template: headers with notes and drop-downs, one example row, and a 说明 sheet. */
export async function buildTemplate(kind: ImportKind, table: RoleTable): Promise<Buffer> {
  const specs = kind === 'units' ? unitSpecs : userSpecs(table);
  // The column list is the contract; the specs must follow it exactly.
  if (specs.map((s) => s.header).join() !== importColumns[kind].join()) throw new Error('import template out of step with importColumns');

  const wb = new ExcelJS.Workbook();
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
    `在“${dataSheetName[kind]}”工作表中填写：第 1 行是表头，请勿改动；数据从第 2 行起，每行一个${kind === 'units' ? '单位' : '人员'}。`,
    '第 2 行是示例，导入前请删除或改成真实数据。',
    `每个文件最多 ${IMPORT_MAX_ROWS} 行。上传后系统先逐行校验，全部通过才导入；只要有一处错误，就一条都不导入，并列出每处错误的行号、列名和原因。`,
    kind === 'units'
      ? '学校/机构须填写学段、办学性质、校门数和学生数；其他类型的单位不使用这些学校信息。'
      : '所有导入的账号使用上传时设置的初始密码，本人首次登录时须修改密码；未设置初始密码的账号须由管理员重置密码后才能登录。',
  ];
  for (const line of general) notes.addRow({ header: '注意', note: line }).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
