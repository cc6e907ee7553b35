import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { importFields } from '../../contracts/imports.js';
import { AppError, badRequest } from '../errors.js';
import { textCharacterProblem } from '../input-guard.js';
import { multipartError } from '../multipart.js';
import type { Upload } from './imports.service.js';

const labels: Record<string, string> = { kind: '导入类型', initialPassword: '初始密码', file: '文件' };

const tooLarge = (limit: number) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', `文件过大：最大 ${Math.floor(limit / 1024 / 1024)} MB，请拆分成多个文件分批导入`);

/**
 * Reads the multipart form: the fields kind and initialPassword, and the file (field `file`),
 * in any order. The file is read whole (it is bounded by the upload limit): the work on it goes
 * on after the response.
 */
export async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw badRequest('IMPORT_NOT_MULTIPART', '请以表单（multipart/form-data）上传 Excel 文件');
  const limit = req.server.deps.config.uploadLimitBytes;
  const fields: Record<string, string> = {};
  let file: { fileName: string; buffer: Buffer } | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        if (part.fieldname === 'file' && !file) file = { fileName: part.filename, buffer };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Two small files are not one too big (issue 11 item 7): only the file size is a 413.
    const mapped = multipartError(err, () => tooLarge(limit));
    if (mapped) throw mapped;
    throw badRequest('IMPORT_BAD_UPLOAD', '上传的内容不完整或格式有误，请重新上传');
  }

  // The form's text fields skip the validator compiler: the same character check here (issue 11 item 6).
  for (const [name, value] of Object.entries(fields)) {
    const problem = textCharacterProblem(value);
    if (problem) throw badRequest('VALIDATION_FAILED', `${labels[name] ?? name}：${problem}`, [{ field: name, label: labels[name] ?? name, message: problem }]);
  }
  const parsed = importFields.safeParse({ kind: fields.kind, initialPassword: fields.initialPassword || undefined });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      return { field, label: labels[field] ?? field, message: i.message };
    });
    throw badRequest('VALIDATION_FAILED', `${details[0].label}：${details[0].message}`, details);
  }
  if (!file || file.buffer.length === 0) {
    throw badRequest('VALIDATION_FAILED', '请选择要上传的 Excel 文件', [{ field: 'file', label: '文件', message: '请选择要上传的 Excel 文件' }]);
  }
  // Only the base name, bounded: it is shown back in the list of imports.
  const fileName = path.basename(file.fileName.replace(/\\/g, '/')).slice(0, 200) || '未命名.xlsx';
  return { ...parsed.data, fileName, buffer: file.buffer };
}
