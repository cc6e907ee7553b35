// Reading one uploaded file from a multipart form, shared by the upload routes (files, care files):
// the file in field `file`, a few named text fields, the multipart limits mapped once (only a file
// over its size is 413, a second file 400; multipart.ts), an empty or missing file refused naming
// the field.
import type { FastifyRequest } from 'fastify';
import { FILE_SIZE_LIMIT } from '../../contracts/files.js';
import { AppError, badRequest } from '../errors.js';
import { multipartError } from '../multipart.js';

export const fileTooLarge = () => new AppError(413, 'PAYLOAD_TOO_LARGE', `文件过大：每个文件最大 ${FILE_SIZE_LIMIT / 1024 / 1024} MB，请压缩或拆分后重新上传`);

export interface UploadForm<F extends string> {
  name: string;
  bytes: Buffer;
  /** The text fields asked for that were sent (the last value of each). */
  fields: Partial<Record<F, string>>;
}

/** Reads the form: the file (field `file`) and the text fields named, in any order; others are ignored. */
export async function readUploadForm<F extends string>(req: FastifyRequest, fieldNames: readonly F[]): Promise<UploadForm<F>> {
  if (!req.isMultipart()) throw badRequest('FILE_NOT_MULTIPART', '请以表单（multipart/form-data）上传文件，文件字段名为 file');
  let file: { name: string; bytes: Buffer } | null = null;
  const fields: Partial<Record<F, string>> = {};
  try {
    for await (const part of req.parts({ limits: { fileSize: FILE_SIZE_LIMIT, files: 1, fields: 5 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !file) file = { name: part.filename, bytes };
      } else if ((fieldNames as readonly string[]).includes(part.fieldname) && typeof part.value === 'string') {
        fields[part.fieldname as F] = part.value;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Two small files are not one too big (issue 11 item 7): only the file size is a 413.
    const mapped = multipartError(err, fileTooLarge);
    if (mapped) throw mapped;
    throw badRequest('FILE_BAD_UPLOAD', '上传的内容不完整或格式有误，请重新上传');
  }
  if (!file || file.bytes.length === 0) {
    throw badRequest('VALIDATION_FAILED', '请选择要上传的文件', [{ field: 'file', label: '文件', message: '请选择要上传的文件' }]);
  }
  return { name: file.name, bytes: file.bytes, fields };
}
