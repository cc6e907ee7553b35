// Routes of the drill ledger (应急疏散演练台账, issue 4). Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  createDrillBody,
  drillBody,
  drillListQuery,
  drillPage,
  drillStatusLabels,
  updateDrillBody,
  voidDrillBody,
  type Drill,
} from '../../contracts/drills.js';
import { drillKindLabels } from '../../contracts/rules.js';
import type { App } from '../app.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { inBatches, sendXlsx, type Column } from '../excel.js';
import { createDrill, drillBatchFetcher, drillFilter, getDrill, listDrills, updateDrill, voidDrill } from './drills.service.js';

const exportQuery = drillListQuery.omit({ page: true, pageSize: true });

const drillColumns: Column<Drill>[] = [
  { header: '学校', width: 28, value: (d) => d.schoolName },
  { header: '镇街', width: 16, value: (d) => d.townName },
  { header: '演练日期', width: 12, value: (d) => d.heldOn },
  { header: '演练类型', width: 16, value: (d) => drillKindLabels[d.kind] },
  { header: '参加人数', width: 10, value: (d) => d.participants },
  { header: '疏散用时（秒）', width: 14, value: (d) => d.evacuationSeconds },
  { header: '外部观摩人员', width: 24, value: (d) => d.observers },
  { header: '发现的问题', width: 40, value: (d) => d.problems },
  { header: '照片/文件数', width: 10, value: (d) => d.files.length },
  { header: '状态', width: 8, value: (d) => drillStatusLabels[d.status] },
  { header: '作废原因', width: 24, value: (d) => d.voidReason },
  { header: '登记人', width: 12, value: (d) => d.createdByName },
];

export default async function drillRoutes(app: App) {
  // ---- drills (应急疏散演练台账)
  const tags = ['drills'];
  app.get('/drills', { schema: { tags, summary: '应急疏散演练台账', querystring: drillListQuery, response: { 200: drillPage } } }, (req) =>
    listDrills(ctxOf(req), req.query),
  );

  app.get('/drills/export', { schema: { tags, summary: '导出应急疏散演练台账（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'ledger.read');
    const where = await drillFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'drill', after: { filter: req.query } }));
    return sendXlsx(reply, '应急疏散演练台账.xlsx', '应急疏散演练', drillColumns, inBatches(drillBatchFetcher(ctx, where)));
  });

  app.get('/drills/:id', { schema: { tags, summary: '演练记录', params: idParam, response: { 200: drillBody } } }, (req) => getDrill(ctxOf(req), req.params.id));

  app.post('/drills', { schema: { tags, summary: '登记应急疏散演练', body: createDrillBody, response: { 201: drillBody } } }, async (req, reply) =>
    reply.code(201).send(await createDrill(ctxOf(req), req.body)),
  );

  app.patch('/drills/:id', { schema: { tags, summary: '修改演练记录（需带版本号）', params: idParam, body: updateDrillBody, response: { 200: drillBody } } }, (req) =>
    updateDrill(ctxOf(req), req.params.id, req.body),
  );

  app.post('/drills/:id/void', { schema: { tags, summary: '作废演练记录（保留留痕，不再计入达标）', params: idParam, body: voidDrillBody, response: { 200: drillBody } } }, (req) =>
    voidDrill(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
