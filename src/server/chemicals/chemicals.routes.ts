// Routes of the hazardous chemicals ledger (危险化学品, 003, 000 item 9, 001 item 19; issue 15 item 4):
// the chemicals of each lab store and their movements. Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  chemicalBody,
  chemicalListQuery,
  chemicalMovementKindLabels,
  chemicalPage,
  controlClassLabels,
  createChemicalBody,
  createMovementBody,
  movementBody,
  movementListQuery,
  movementPage,
  updateChemicalBody,
  updateMovementBody,
  type ChemicalView,
  type MovementView,
} from '../../contracts/chemicals.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import {
  chemicalBatchFetcher,
  chemicalFilter,
  createChemical,
  createMovement,
  getChemical,
  getMovement,
  listChemicals,
  listMovements,
  movementBatchFetcher,
  movementFilter,
  updateChemical,
  updateMovement,
  voidChemical,
  voidMovement,
} from './chemicals.service.js';

/** The export's columns; 结存 and the count columns are computed and skipped by the import. */
export const chemicalColumns: Column<ChemicalView>[] = [
  ...place<ChemicalView>(),
  { header: '药品室', width: 16, value: (c) => c.store },
  { header: '药品名称', width: 20, value: (c) => c.name },
  { header: 'CAS号', width: 14, value: (c) => c.casNo },
  { header: '计量单位', width: 8, value: (c) => c.unit },
  { header: '管制类别', width: 10, value: (c) => controlClassLabels[c.controlClass] },
  { header: '存放位置', width: 18, value: (c) => c.storagePlace },
  { header: '保管人一', width: 10, value: (c) => c.keeperA },
  { header: '保管人二', width: 10, value: (c) => c.keeperB },
  { header: '有效期至', width: 12, value: (c) => c.expiresOn },
  { header: '结存', width: 10, value: (c) => c.balance },
  { header: '领用未还', width: 10, value: (c) => c.issuedOut },
  { header: '最近盘点', width: 12, value: (c) => c.lastCountOn },
  { header: '盘点差异', width: 10, value: (c) => c.lastCountDifference },
  ...recorded<ChemicalView>(),
];

/** The import's columns (imports/more-ledgers.ts): 编号 lets a return name its issue, 药品室 and 药品名称 the chemical. */
export const movementColumns: Column<MovementView>[] = [
  ...place<MovementView>(),
  { header: '编号', width: 8, value: (m) => m.id },
  { header: '药品室', width: 16, value: (m) => m.store },
  { header: '药品名称', width: 20, value: (m) => m.chemicalName },
  { header: '管制类别', width: 10, value: (m) => controlClassLabels[m.controlClass] },
  { header: '类型', width: 10, value: (m) => chemicalMovementKindLabels[m.kind] },
  { header: '日期', width: 12, value: (m) => m.occurredOn },
  { header: '数量', width: 10, value: (m) => m.quantity },
  { header: '计量单位', width: 8, value: (m) => m.unit },
  { header: '经办人', width: 10, value: (m) => m.handledBy },
  { header: '审批人', width: 10, value: (m) => m.approvedBy },
  { header: '供应单位', width: 20, value: (m) => m.supplier },
  { header: '领用人', width: 10, value: (m) => m.recipient },
  { header: '使用班级', width: 12, value: (m) => m.className },
  { header: '用途', width: 20, value: (m) => m.purpose },
  { header: '对应领用编号', width: 10, value: (m) => m.issueId },
  { header: '危废处置单位', width: 20, value: (m) => m.contractor },
  { header: '转移联单号', width: 16, value: (m) => m.manifestNo },
  { header: '备注', width: 20, value: (m) => m.note },
  ...recorded<MovementView>(),
];

export default async function chemicalRoutes(app: App) {
  const tags = ['chemicals'];
  const listExport = chemicalListQuery.omit({ page: true, pageSize: true });
  app.get('/chemicals', { schema: { tags, summary: '危险化学品台账（结存由出入库计算）', querystring: chemicalListQuery, response: { 200: chemicalPage } } }, (req) => listChemicals(ctxOf(req), req.query));
  app.get('/chemicals/export', { schema: { tags, summary: '导出危险化学品台账（Excel）', querystring: listExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'chemical', () => chemicalFilter(ctx, req.query), (w) => chemicalBatchFetcher(ctx, w));
    return sendXlsx(reply, '危险化学品台账.xlsx', '危险化学品', chemicalColumns, rows);
  });
  app.get('/chemicals/:id', { schema: { tags, summary: '危险化学品', params: idParam, response: { 200: chemicalBody } } }, (req) => getChemical(ctxOf(req), req.params.id));
  app.post('/chemicals', { schema: { tags, summary: '登记危险化学品', body: createChemicalBody, response: { 201: chemicalBody } } }, async (req, reply) =>
    reply.code(201).send(await createChemical(ctxOf(req), req.body)),
  );
  app.patch('/chemicals/:id', { schema: { tags, summary: '修改危险化学品（需带版本号）', params: idParam, body: updateChemicalBody, response: { 200: chemicalBody } } }, (req) =>
    updateChemical(ctxOf(req), req.params.id, req.body),
  );
  app.post('/chemicals/:id/void', { schema: { tags, summary: '作废危险化学品记录', params: idParam, body: voidRecordBody, response: { 200: chemicalBody } } }, (req) =>
    voidChemical(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  const mTags = ['chemical-movements'];
  const mExport = movementListQuery.omit({ page: true, pageSize: true });
  app.get('/chemical-movements', { schema: { tags: mTags, summary: '危险化学品出入库记录', querystring: movementListQuery, response: { 200: movementPage } } }, (req) => listMovements(ctxOf(req), req.query));
  app.get('/chemical-movements/export', { schema: { tags: mTags, summary: '导出危险化学品出入库记录（Excel）', querystring: mExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'chemical_movement', () => movementFilter(ctx, req.query), (w) => movementBatchFetcher(ctx, w));
    return sendXlsx(reply, '危险化学品出入库记录.xlsx', '出入库记录', movementColumns, rows);
  });
  app.get('/chemical-movements/:id', { schema: { tags: mTags, summary: '出入库记录', params: idParam, response: { 200: movementBody } } }, (req) => getMovement(ctxOf(req), req.params.id));
  app.post('/chemical-movements', { schema: { tags: mTags, summary: '登记采购、领用、归还、处置或盘点', body: createMovementBody, response: { 201: movementBody } } }, async (req, reply) =>
    reply.code(201).send(await createMovement(ctxOf(req), req.body)),
  );
  app.patch('/chemical-movements/:id', { schema: { tags: mTags, summary: '修改出入库记录（需带版本号）', params: idParam, body: updateMovementBody, response: { 200: movementBody } } }, (req) =>
    updateMovement(ctxOf(req), req.params.id, req.body),
  );
  app.post('/chemical-movements/:id/void', { schema: { tags: mTags, summary: '作废出入库记录（重新计算结存）', params: idParam, body: voidRecordBody, response: { 200: movementBody } } }, (req) =>
    voidMovement(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
