// Routes of the emergency supplies, their stock checks and the bureau's readiness by town (应急物资; issue 21).
import { idParam } from '../../contracts/common.js';
import {
  createStockCheckBody,
  createSupplyBody,
  stockCheckBody,
  stockCheckListQuery,
  stockCheckPage,
  supplyBody,
  supplyListQuery,
  supplyPage,
  supplyReadinessBody,
  supplyReadinessQuery,
  supplyStateLabels,
  updateSupplyBody,
  type SupplyView,
} from '../../contracts/emergency-supplies.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import { createStockCheck, createSupply, getSupply, listStockChecks, listSupplies, supplyBatchFetcher, supplyFilter, supplyReadiness, updateSupply, voidSupply } from './emergency-supplies.service.js';

const supplyColumns: Column<SupplyView>[] = [
  ...place<SupplyView>(),
  { header: '存放库点', width: 16, value: (s) => s.depot },
  { header: '物资名称', width: 20, value: (s) => s.itemName },
  { header: '数量', width: 8, value: (s) => s.quantity },
  { header: '计量单位', width: 8, value: (s) => s.unit },
  { header: '最低储备', width: 8, value: (s) => s.minimum },
  { header: '存放位置', width: 16, value: (s) => s.shelf },
  { header: '购置日期', width: 12, value: (s) => s.purchasedOn },
  { header: '有效期至', width: 12, value: (s) => s.expiresOn },
  { header: '最近盘点', width: 12, value: (s) => s.lastCheckedOn },
  { header: '状态判定', width: 12, value: (s) => supplyStateLabels[s.state] },
  ...recorded<SupplyView>(),
];

export default async function emergencySuppliesRoutes(app: App) {
  const tags = ['emergency-supplies'];
  const supplyExport = supplyListQuery.omit({ page: true, pageSize: true });
  app.get('/emergency-supplies', { schema: { tags, summary: '应急物资台账', querystring: supplyListQuery, response: { 200: supplyPage } } }, (req) => listSupplies(ctxOf(req), req.query));
  app.get('/emergency-supplies/export', { schema: { tags, summary: '导出应急物资台账（Excel）', querystring: supplyExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'emergency_supply', () => supplyFilter(ctx, req.query), (w) => supplyBatchFetcher(ctx, w));
    return sendXlsx(reply, '应急物资台账.xlsx', '应急物资', supplyColumns, rows);
  });
  app.get('/emergency-supplies/readiness', { schema: { tags, summary: '各镇街应急物资储备情况', querystring: supplyReadinessQuery, response: { 200: supplyReadinessBody } } }, (req) =>
    supplyReadiness(ctxOf(req), req.query),
  );
  app.get('/emergency-supplies/stock-checks', { schema: { tags, summary: '应急物资盘点记录', querystring: stockCheckListQuery, response: { 200: stockCheckPage } } }, (req) => listStockChecks(ctxOf(req), req.query));
  app.post('/emergency-supplies/stock-checks', { schema: { tags, summary: '登记盘点（按实盘数量更新库存）', body: createStockCheckBody, response: { 201: stockCheckBody } } }, async (req, reply) =>
    reply.code(201).send(await createStockCheck(ctxOf(req), req.body)),
  );
  app.get('/emergency-supplies/:id', { schema: { tags, summary: '应急物资', params: idParam, response: { 200: supplyBody } } }, (req) => getSupply(ctxOf(req), req.params.id));
  app.post('/emergency-supplies', { schema: { tags, summary: '登记应急物资', body: createSupplyBody, response: { 201: supplyBody } } }, async (req, reply) =>
    reply.code(201).send(await createSupply(ctxOf(req), req.body)),
  );
  app.patch('/emergency-supplies/:id', { schema: { tags, summary: '修改应急物资（需带版本号）', params: idParam, body: updateSupplyBody, response: { 200: supplyBody } } }, (req) =>
    updateSupply(ctxOf(req), req.params.id, req.body),
  );
  app.post('/emergency-supplies/:id/void', { schema: { tags, summary: '作废应急物资记录', params: idParam, body: voidRecordBody, response: { 200: supplyBody } } }, (req) =>
    voidSupply(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
