import { idParam } from '../../contracts/common.js';
import { importJobList, importJobResponse, importKindLabels, importTemplateQuery } from '../../contracts/imports.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { ImportQueue } from './import-queue.js';
import { failQueuedImports, getImportJob, listImportJobs, registerImportQueue, requireImportAccess, startImport } from './imports.service.js';
import { readUpload } from './upload.js';
import { XLSX_TYPE, buildTemplate } from './workbook.js';

const tags = ['imports'];

export default async function importRoutes(app: App) {
  // Imports run in the background of this process, a few at once (import-queue.ts); closing the
  // app drops those still waiting and waits for the running ones to end.
  const { db, config } = app.deps;
  const queue = new ImportQueue({ concurrency: config.importConcurrency, maxWaiting: config.importQueueLimit });
  registerImportQueue(db, queue);
  const running = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await failQueuedImports(db, queue.close()).catch((err) => app.log.error(err));
    await Promise.allSettled([...running]);
  });

  app.get('/imports/template', { schema: { tags, summary: '下载导入模板（Excel）', querystring: importTemplateQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireImportAccess(ctx.actor, req.query.kind);
    const body = await buildTemplate(req.query.kind, ctx.roleTable);
    const fileName = `${importKindLabels[req.query.kind]}导入模板.xlsx`;
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(body);
  });

  app.get('/imports', { schema: { tags, summary: '最近 20 次导入', response: { 200: importJobList } } }, (req) => listImportJobs(ctxOf(req)));

  app.get('/imports/:id', { schema: { tags, summary: '导入任务的进度与结果', params: idParam, response: { 200: importJobResponse } } }, async (req) => ({
    job: await getImportJob(ctxOf(req), req.params.id),
  }));

  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary: '上传 Excel 开始导入（表单字段 kind、initialPassword，然后 file；单位、人员需 import.run，台账需 ledger.write；后台校验并导入，立即返回 202；同时进行的导入有上限，其余排队等待（queued），队列已满时返回 429）',
        consumes: ['multipart/form-data'],
        response: { 202: importJobResponse },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      // Before reading the upload: someone who may not import, or who would find the queue full,
      // is refused without it.
      requireImportAccess(ctx.actor);
      const place = queue.reserve();
      let started: Awaited<ReturnType<typeof startImport>>;
      try {
        started = await startImport(ctx, await readUpload(req));
      } catch (err) {
        place.release();
        throw err;
      }
      const { job, run } = started;
      const task: Promise<void> = place.submit(job.id, () => run((err) => req.log.error(err))).finally(() => running.delete(task));
      running.add(task);
      const queuePosition = queue.position(job.id);
      return reply.code(202).send({ job: { ...job, status: queuePosition === null ? 'validating' : 'queued', queuePosition } });
    },
  );
}
