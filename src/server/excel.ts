import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/**
 * ExcelJS, loaded when a workbook is first read or written rather than at start: about 25 MB
 * resident that a server answering no export or import never needs (issue 19). Node keeps the
 * module once loaded, so only the first export pays the ~0.2 s.
 */
export const loadExcelJS = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | boolean | Date | null | undefined;
}

export interface Sheet<T> {
  name: string;
  columns: Column<T>[];
  /** Called when the sheet is written, so each sheet reads its rows in turn. */
  rows: () => AsyncIterable<T>;
  /** Lines above the header (a title, the unit, the date), as the seeds' forms have. */
  title?: string[];
}

/**
 * Streams rows into an .xlsx download. Rows come from an async iterable so a large export never
 * sits in memory whole; shared strings stay off (ARCHITECTURE.md: they cost memory on big sheets).
 */
export function sendXlsx<T>(reply: FastifyReply, fileName: string, sheetName: string, columns: Column<T>[], rows: AsyncIterable<T>) {
  return sendXlsxSheets(reply, fileName, [{ name: sheetName, columns, rows: () => rows }]);
}

/**
 * The style of every data cell but dates (which keep ExcelJS's date format). ExcelJS caches a
 * cell's style id per style object, and by default each cell gets a fresh one: shared, 100,000
 * rows of the register write in 2.3 s instead of 5.4 s (BENCHMARKS.md). Frozen: a data cell is
 * never styled on its own.
 */
const plainStyle = Object.freeze({}) as Partial<ExcelJS.Style>;

/** Several sheets in one workbook, written one after the other. */
export function sendXlsxSheets(reply: FastifyReply, fileName: string, sheets: Sheet<any>[]) {
  const stream = new PassThrough();
  (async () => {
    try {
      const ExcelJS = await loadExcelJS();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
      for (const s of sheets) {
        const title = s.title ?? [];
        const sheet = workbook.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: title.length + 1 }] });
        sheet.columns = s.columns.map((c, i) => ({ key: String(i), width: c.width ?? 16 }));
        for (const line of title) {
          const row = sheet.addRow([line]);
          row.font = { bold: true };
          row.commit();
        }
        const head = sheet.addRow(s.columns.map((c) => c.header));
        head.font = { bold: true };
        head.commit();
        for await (const row of s.rows()) {
          const r = sheet.addRow(s.columns.map((c: Column<unknown>) => c.value(row) ?? null));
          r.eachCell((cell) => {
            if (!(cell.value instanceof Date)) cell.style = plainStyle;
          });
          r.commit();
        }
        sheet.commit();
      }
      await workbook.commit();
    } catch (err) {
      stream.destroy(err as Error);
    }
  })();
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  return reply.send(stream);
}

/** Pages through a query in keyset order so an export reads a bounded batch at a time. */
export async function* inBatches<T extends { id: number }>(fetch: (afterId: number, limit: number) => Promise<T[]>, batch = 2000) {
  let after = 0;
  for (;;) {
    const rows = await fetch(after, batch);
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    after = rows[rows.length - 1].id;
  }
}

export const yesNo = (v: boolean | null | undefined) => (v ? '是' : '否');
export const beijingTime = (d: Date | null | undefined) =>
  d ? new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19) : '';
