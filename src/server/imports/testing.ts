// Test helpers for imports: .xlsx files built in memory and a multipart body built by hand.
import { setTimeout as sleep } from 'node:timers/promises';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { ImportJob } from '../../contracts/imports.js';
import type { Client } from '../test/factories.js';
import { XLSX_TYPE } from './workbook.js';
import { inflateZip, writeZip, type RawEntry } from './zip.js';

export async function xlsx(headers: readonly string[], rows: unknown[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(sheetName);
  sheet.addRow([...headers]);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A multipart/form-data body: the fields in order, then the file (field `file`). */
export function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const boundary = `----anxiao${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? XLSX_TYPE}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function upload(c: Client, fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const { payload, headers } = multipart(fields, file);
  return c.request('POST', '/api/v1/imports', payload, headers);
}

/** Polls the job until it is done or failed. */
export async function waitForJob(c: Client, id: number, timeoutMs = 120_000): Promise<ImportJob> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await c.get(`/api/v1/imports/${id}`);
    if (res.statusCode !== 200) throw new Error(`job ${id}: ${res.statusCode} ${res.body}`);
    const job = res.json().job as ImportJob;
    if (job.status === 'done' || job.status === 'failed') return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.status}`);
    await sleep(25);
  }
}

/** Uploads a file and waits for the job to end. */
export async function runImport(c: Client, fields: Record<string, string>, file: { name: string; data: Buffer }): Promise<ImportJob> {
  const res = await upload(c, fields, file);
  if (res.statusCode !== 202) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return waitForJob(c, res.json().job.id);
}

/**
 * The .xlsx with `body` repeated `times` at the end of its first sheet's data (before
 * </sheetData>). The sheet is compressed in independent deflate blocks (each a full flush), so a
 * block of repeated body is compressed once and written many times: a sheet of a gigabyte costs a
 * few megabytes and a second to build, as a crafted file would. `declaredSize` writes that size for
 * the sheet in the zip's headers instead of the real one (a file lying about its content).
 */
export async function withSheetBody(base: Buffer, body: string, times: number, declaredSize?: number): Promise<Buffer> {
  const parts = await inflateZip(base, 64 * 1024 * 1024);
  const sheetName = 'xl/worksheets/sheet1.xml';
  const entries: RawEntry[] = [];
  for (const [name, data] of parts) {
    if (name !== sheetName) {
      entries.push({ name, data: zlib.deflateRawSync(data), method: 8, crc: zlib.crc32(data), size: data.length });
      continue;
    }
    const xml = data.toString('utf8');
    const end = xml.indexOf('</sheetData>');
    const prefix = Buffer.from(xml.slice(0, end));
    const suffix = Buffer.from(xml.slice(end));
    const perBlock = Math.max(1, Math.floor((1024 * 1024) / Buffer.byteLength(body)));
    const block = Buffer.from(body.repeat(Math.min(perBlock, times)));
    const rest = times % Math.min(perBlock, times);
    const blocks = Math.floor(times / Math.min(perBlock, times));
    const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
    const packedBlock = zlib.deflateRawSync(block, flush);
    const restBlock = Buffer.from(body.repeat(rest));
    let crc = zlib.crc32(prefix);
    for (let i = 0; i < blocks; i++) crc = zlib.crc32(block, crc);
    crc = zlib.crc32(suffix, zlib.crc32(restBlock, crc));
    const packed = Buffer.concat([
      zlib.deflateRawSync(prefix, flush),
      ...Array.from({ length: blocks }, () => packedBlock),
      zlib.deflateRawSync(restBlock, flush),
      zlib.deflateRawSync(suffix),
    ]);
    const size = prefix.length + blocks * block.length + restBlock.length + suffix.length;
    entries.push({ name, data: packed, method: 8, crc, size: declaredSize ?? Math.min(size, 0xfffffffe) });
  }
  return writeZip(entries);
}
