import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  checklistDetailBody,
  checklistDetailQuery,
  checklistListQuery,
  checklistPage,
  checklistVersionBody,
  copyChecklistBody,
  updateChecklistBody,
  versionIdParam,
} from '../../contracts/checklists.js';
import type { ChecklistItem, ChecklistSection } from '../../domain/checklists/checklist.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsxSheets, type Column } from '../excel.js';
import {
  checklistForExport,
  copyChecklist,
  getChecklist,
  getChecklistVersion,
  listChecklists,
  setChecklistStatus,
  updateChecklist,
} from './checklists.service.js';

const tags = ['checklists'];
const versionBody = z.object({ version: z.number().int().positive() });

type FormRow = { no: number; section: ChecklistSection; item: ChecklistItem };

// The blank form of seed 002 attachment 2: the inspector fills 检查结果 and 备注 on paper.
const formColumns: Column<FormRow>[] = [
  { header: '序号', width: 6, value: (r) => r.no },
  { header: '检查领域', width: 22, value: (r) => r.section.title },
  { header: '检查内容', width: 50, value: (r) => r.item.text },
  { header: '检查方法', width: 18, value: (r) => r.item.method },
  { header: '标准/依据', width: 40, value: (r) => [r.item.standard, r.item.source ? `依据：${r.item.source}` : ''].filter(Boolean).join('\n') },
  { header: '检查结果', width: 14, value: () => '□合格 □不合格 □不适用' },
  { header: '备注', width: 24, value: () => '' },
];

async function* formRows(sections: ChecklistSection[]): AsyncIterable<FormRow> {
  let no = 0;
  for (const section of sections) for (const item of section.items) yield { no: ++no, section, item };
}

export default async function checklistRoutes(app: App) {
  app.get('/checklists', { schema: { tags, summary: '检查表模板列表', querystring: checklistListQuery, response: { 200: checklistPage } } }, (req) =>
    listChecklists(ctxOf(req), req.query),
  );

  app.get(
    '/checklists/versions/:versionId',
    { schema: { tags, summary: '检查表的某一版本（检查任务引用）', params: versionIdParam, response: { 200: checklistVersionBody } } },
    (req) => getChecklistVersion(ctxOf(req), req.params.versionId),
  );

  app.get(
    '/checklists/:id',
    { schema: { tags, summary: '检查表模板详情（默认当前版本，?version=N 查看历史版本）', params: idParam, querystring: checklistDetailQuery, response: { 200: checklistDetailBody } } },
    (req) => getChecklist(ctxOf(req), req.params.id, req.query.version),
  );

  app.get(
    '/checklists/:id/export',
    { schema: { tags, summary: '导出空白检查表（Excel）', params: idParam, querystring: checklistDetailQuery } },
    async (req, reply) => {
      const { template, version, sections } = await checklistForExport(ctxOf(req), req.params.id, req.query.version);
      return sendXlsxSheets(reply, `${template.name}（第${version.number}版）.xlsx`, [
        {
          name: '检查表',
          title: [`${template.name}（第 ${version.number} 版）`, '被检查单位：　　　　　　　　检查日期：　　　　　　　　检查人员（签字）：'],
          columns: formColumns,
          rows: () => formRows(sections),
        },
      ]);
    },
  );

  app.post(
    '/checklists/:id/copy',
    { schema: { tags, summary: '复制为新的自定义模板', params: idParam, body: copyChecklistBody, response: { 201: checklistDetailBody } } },
    async (req, reply) => reply.code(201).send(await copyChecklist(ctxOf(req), req.params.id, req.body)),
  );

  app.put(
    '/checklists/:id',
    { schema: { tags, summary: '保存自定义模板（内容有变化时生成新版本）', params: idParam, body: updateChecklistBody, response: { 200: checklistDetailBody } } },
    (req) => updateChecklist(ctxOf(req), req.params.id, req.body),
  );

  app.post(
    '/checklists/:id/archive',
    { schema: { tags, summary: '归档模板（不再用于新检查）', params: idParam, body: versionBody, response: { 200: checklistDetailBody } } },
    (req) => setChecklistStatus(ctxOf(req), req.params.id, req.body.version, 'archived'),
  );

  app.post(
    '/checklists/:id/restore',
    { schema: { tags, summary: '恢复已归档的模板', params: idParam, body: versionBody, response: { 200: checklistDetailBody } } },
    (req) => setChecklistStatus(ctxOf(req), req.params.id, req.body.version, 'active'),
  );
}
