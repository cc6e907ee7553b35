// The task table (任务分解表) as Excel in seed 000's own form: a title line, then 序号 | 季度 (or 时间)
// | 工作任务 (主要工作任务) | 责任部门/单位 (责任单位), one task a row, the quarter cell merged over its
// tasks. Read on import, written on export, so an exported table imports again.
import { loadExcelJS } from '../excel.js';
import { quarterLabels, type Quarter } from '../../domain/plans.js';
import { loadBoundedWorkbook, plainCell, ImportFileError, notXlsxReason } from '../imports/workbook.js';

export const TASK_COLUMNS = { seq: '序号', quarter: '季度', text: '工作任务', units: '责任部门/单位' } as const;
const headerNames: Record<keyof typeof TASK_COLUMNS, string[]> = {
  seq: ['序号'],
  quarter: ['季度', '时间', '时间节点', '完成时间'],
  text: ['工作任务', '主要工作任务', '任务'],
  units: ['责任部门/单位', '责任单位', '责任部门', '责任部门（单位）', '责任部门(单位)'],
};
export const MAX_TASK_ROWS = 500;

export interface TaskRow {
  row: number;
  seq: number | null;
  quarter: string | null;
  text: string | null;
  unitWords: string | null;
}

const norm = (s: unknown) => String(s ?? '').replace(/\s+/g, '');
/** "(1) 做好…" → "做好…": the numbering inside a quarter is the form's, not the task's. */
export const stripNumbering = (s: string) => s.replace(/^[(（]\s*\d+\s*[)）]\s*/, '').trim();

/** The rows of the first sheet whose header line names the four columns. */
export async function readTaskTable(buffer: Buffer): Promise<{ rows: TaskRow[]; title: string | null }> {
  const notXlsx = notXlsxReason(buffer);
  if (notXlsx) throw new ImportFileError(notXlsx);
  const wb = await loadBoundedWorkbook(buffer, { maxRows: MAX_TASK_ROWS });
  for (const sheet of wb.worksheets) {
    let header: Partial<Record<keyof typeof TASK_COLUMNS, number>> | null = null;
    let title: string | null = null;
    const rows: TaskRow[] = [];
    sheet.eachRow((row) => {
      const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
      const cells = values.map((v) => plainCell(v));
      if (!header) {
        const found: Partial<Record<keyof typeof TASK_COLUMNS, number>> = {};
        cells.forEach((c, col) => {
          for (const [key, names] of Object.entries(headerNames) as Array<[keyof typeof TASK_COLUMNS, string[]]>) {
            if (c !== null && names.includes(norm(c)) && found[key] === undefined) found[key] = col;
          }
        });
        if (found.text !== undefined && found.units !== undefined) header = found;
        else if (!title) title = cells.find((c) => c !== null)?.toString() ?? null;
        return;
      }
      const cell = (key: keyof typeof TASK_COLUMNS) => {
        const col = header![key];
        const v = col === undefined ? null : cells[col];
        return v === null || v === undefined ? null : String(v).trim() || null;
      };
      const seqText = cell('seq');
      const t = cell('text');
      const u = cell('units');
      if (!t && !u && !seqText) return;
      if (rows.length >= MAX_TASK_ROWS) throw new ImportFileError(`任务超过 ${MAX_TASK_ROWS} 行，请检查文件`);
      const seq = seqText && /^\d+$/.test(seqText) ? Number(seqText) : null;
      rows.push({ row: row.number, seq, quarter: cell('quarter'), text: t ? stripNumbering(t) : null, unitWords: u });
    });
    if (header) return { rows, title };
  }
  throw new ImportFileError('没有找到任务分解表的表头：请保留“序号、季度（或时间）、工作任务、责任部门/单位”这一行');
}

export interface TaskForExport {
  seq: number;
  quarter: number;
  text: string;
  unitWords: string;
}

/** The table in the seed's form: the title, the header, the quarter merged over its tasks, "(n)" numbering within a quarter. */
export async function writeTaskTable(title: string, tasks: readonly TaskForExport[]): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  const sheet = wb.addWorksheet('任务分解表');
  sheet.columns = [{ width: 8 }, { width: 12 }, { width: 60 }, { width: 40 }];
  sheet.mergeCells(1, 1, 1, 4);
  const t = sheet.getCell(1, 1);
  t.value = title;
  t.font = { bold: true, size: 14 };
  t.alignment = { horizontal: 'center' };
  const head = sheet.addRow([TASK_COLUMNS.seq, TASK_COLUMNS.quarter, TASK_COLUMNS.text, TASK_COLUMNS.units]);
  head.font = { bold: true };
  const sorted = [...tasks].sort((a, b) => a.quarter - b.quarter || a.seq - b.seq);
  let i = 0;
  while (i < sorted.length) {
    const q = sorted[i].quarter;
    const first = sheet.rowCount + 1;
    let n = 0;
    for (; i < sorted.length && sorted[i].quarter === q; i++) {
      n++;
      const r = sheet.addRow([sorted[i].seq, quarterLabels[q as Quarter], `(${n}) ${sorted[i].text}`, sorted[i].unitWords]);
      r.alignment = { vertical: 'middle', wrapText: true };
    }
    if (n > 1) sheet.mergeCells(first, 2, first + n - 1, 2);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
