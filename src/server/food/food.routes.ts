// Routes of the food safety ledger (食品安全, issue 15 item 1). Thin: validate → service → present,
// shaped like the insurance routes; the export's columns are the import's (食品安全 Excel import).
import { idParam } from '../../contracts/common.js';
import { certificateTypeLabels, createFoodBody, foodBody, foodKindLabels, foodListQuery, foodPage, mealLabels, updateFoodBody, type FoodView } from '../../contracts/food.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import { createFood, foodBatchFetcher, foodFilter, getFood, listFood, updateFood, voidFood } from './food.service.js';

const yesNo = (v: boolean | null) => (v === null ? null : v ? '是' : '否');

export const foodColumns: Column<FoodView>[] = [
  ...place<FoodView>(),
  { header: '记录类型', width: 12, value: (r) => foodKindLabels[r.kind] },
  { header: '日期', width: 12, value: (r) => r.recordedOn },
  { header: '负责人', width: 14, value: (r) => r.person },
  { header: '晨检从业人员数', width: 10, value: (r) => r.staffChecked },
  { header: '身体不适人员数', width: 10, value: (r) => r.staffUnwell },
  { header: '留样份数', width: 8, value: (r) => r.samplesKept },
  { header: '每份留样克数', width: 10, value: (r) => r.sampleGrams },
  { header: '留样时长（小时）', width: 10, value: (r) => r.sampleHours },
  { header: '发现问题数', width: 8, value: (r) => r.findingCount },
  { header: '餐次', width: 8, value: (r) => (r.meal ? mealLabels[r.meal] : null) },
  { header: '证照类型', width: 14, value: (r) => (r.certificateType ? certificateTypeLabels[r.certificateType] : null) },
  { header: '证照编号', width: 18, value: (r) => r.certificateNo },
  { header: '有效期至', width: 12, value: (r) => r.expiresOn },
  { header: '明厨亮灶在线', width: 8, value: (r) => yesNo(r.brightKitchenOnline) },
  { header: '追溯平台在线', width: 8, value: (r) => yesNo(r.traceabilityOnline) },
  { header: '记录内容', width: 40, value: (r) => r.content },
  ...recorded<FoodView>(),
];

export default async function foodRoutes(app: App) {
  const tags = ['food-records'];
  const exportQuery = foodListQuery.omit({ page: true, pageSize: true });
  app.get('/food-records', { schema: { tags, summary: '食品安全台账', querystring: foodListQuery, response: { 200: foodPage } } }, (req) => listFood(ctxOf(req), req.query));
  app.get('/food-records/export', { schema: { tags, summary: '导出食品安全台账（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'food_record', () => foodFilter(ctx, req.query), (w) => foodBatchFetcher(ctx, w));
    return sendXlsx(reply, '食品安全台账.xlsx', '食品安全', foodColumns, rows);
  });
  app.get('/food-records/:id', { schema: { tags, summary: '食品安全记录', params: idParam, response: { 200: foodBody } } }, (req) => getFood(ctxOf(req), req.params.id));
  app.post('/food-records', { schema: { tags, summary: '登记食品安全记录', body: createFoodBody, response: { 201: foodBody } } }, async (req, reply) =>
    reply.code(201).send(await createFood(ctxOf(req), req.body)),
  );
  app.patch('/food-records/:id', { schema: { tags, summary: '修改食品安全记录（需带版本号）', params: idParam, body: updateFoodBody, response: { 200: foodBody } } }, (req) =>
    updateFood(ctxOf(req), req.params.id, req.body),
  );
  app.post('/food-records/:id/void', { schema: { tags, summary: '作废食品安全记录（保留留痕，不再计入达标）', params: idParam, body: voidRecordBody, response: { 200: foodBody } } }, (req) =>
    voidFood(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
