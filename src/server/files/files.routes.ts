import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import { uploadedFileBody } from '../../contracts/files.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { INT4_MAX } from '../input-guard.js';
import { contentDisposition, findFileInScope, requireUploadAccess, uploadFile, type Upload } from './files.service.js';
import { readUploadForm } from './upload-form.js';

const tags = ['files'];
const unitIdField = z.coerce.number({ message: '所属单位须为编号' }).int('所属单位须为编号').positive('所属单位须为编号').max(INT4_MAX, '所属单位须为编号');

/**
 * Reads the form: the file (field `file`) and the optional field `unitId`, in any order. The file
 * is limited to 20 MB (upload-form.ts), whatever the app-wide upload limit for imports is.
 */
async function readFileUpload(req: FastifyRequest): Promise<Upload> {
  const { name, bytes, fields } = await readUploadForm(req, ['unitId']);
  const unitIdText = fields.unitId;
  let unitId: number | undefined;
  if (unitIdText !== undefined && unitIdText !== '') {
    const parsed = unitIdField.safeParse(unitIdText);
    if (!parsed.success) {
      const message = parsed.error.issues[0].message;
      throw badRequest('VALIDATION_FAILED', `所属单位：${message}`, [{ field: 'unitId', label: '所属单位', message }]);
    }
    unitId = parsed.data;
  }
  return { name, bytes, unitId };
}

export default async function fileRoutes(app: App) {
  app.post(
    '/files',
    {
      schema: {
        tags,
        summary: '上传照片或文件（表单字段 file，可选 unitId；JPG/PNG/WebP/HEIC/PDF，按内容识别，每个最大 20 MB）',
        consumes: ['multipart/form-data'],
        response: { 201: uploadedFileBody },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      // Before reading the upload: someone who may not upload is refused without it.
      requireUploadAccess(ctx.actor);
      const upload = await readFileUpload(req);
      return reply.code(201).send(await uploadFile(ctx, req.server.deps.storage, upload));
    },
  );

  app.get('/files/:id', { schema: { tags, summary: '查看或下载文件（所属单位须在本人范围内）', params: idParam } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const row = await findFileInScope(ctx.db, ctx.actor, req.params.id);
    let stream;
    try {
      stream = await req.server.deps.storage.get(row.storageKey);
    } catch (err) {
      req.log.error({ err, fileId: row.id }, 'file bytes missing');
      throw notFound('文件内容');
    }
    return reply
      .type(row.mime)
      .header('content-length', row.size)
      .header('content-disposition', contentDisposition(row.name))
      .header('cache-control', 'private, max-age=3600')
      .header('etag', `"${row.sha256}"`)
      .send(stream);
  });
}
