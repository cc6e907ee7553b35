import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | boolean | Date | null | undefined;
}

/**
 * Streams rows into an .xlsx download. Rows come from an async iterable so a large export never
 * sits in memory whole; shared strings stay off (ARCHITECTURE.md: they cost memory on big sheets).
 */
export function sendXlsx<T>(reply: FastifyReply, fileName: string, sheetName: string, columns: Column<T>[], rows: AsyncIterable<T>) {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  (async () => {
    try {
      for await (const row of rows) {
        sheet.addRow(columns.map((c) => c.value(row) ?? null)).commit();
      }
      sheet.commit();
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
