// Routes of the special equipment ledger (特种设备, 001 item 19, 000 item 9; issue 15 item 3): the
// registry and its maintenance and inspection log. Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  createEquipmentBody,
  createEquipmentLogBody,
  equipmentBody,
  equipmentKindLabels,
  equipmentListQuery,
  equipmentLogBody,
  equipmentLogKindLabels,
  equipmentLogListQuery,
  equipmentLogPage,
  equipmentPage,
  updateEquipmentBody,
  updateEquipmentLogBody,
  type EquipmentLogView,
  type EquipmentView,
} from '../../contracts/equipment.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import {
  createEquipment,
  createEquipmentLog,
  equipmentBatchFetcher,
  equipmentFilter,
  equipmentLogBatchFetcher,
  equipmentLogFilter,
  getEquipment,
  getEquipmentLog,
  listEquipment,
  listEquipmentLogs,
  updateEquipment,
  updateEquipmentLog,
  voidEquipment,
  voidEquipmentLog,
} from './equipment.service.js';

const yesNo = (v: boolean | null) => (v === null ? null : v ? '是' : '否');

/** The export's columns are the import's (imports/ledger-import-rows: equipmentImportColumns). */
export const equipmentColumns: Column<EquipmentView>[] = [
  ...place<EquipmentView>(),
  { header: '设备类别', width: 14, value: (e) => equipmentKindLabels[e.kind] },
  { header: '设备名称', width: 24, value: (e) => e.name },
  { header: '安装位置', width: 18, value: (e) => e.location },
  { header: '在用', width: 6, value: (e) => yesNo(e.inService) },
  { header: '安全责任人', width: 12, value: (e) => e.responsiblePerson },
  { header: '维保单位', width: 24, value: (e) => e.maintenanceUnit },
  { header: '安全管理员', width: 12, value: (e) => e.safetyManager },
  { header: '使用登记证编号', width: 20, value: (e) => e.registrationNo },
  { header: '作业人员', width: 12, value: (e) => e.operatorName },
  { header: '作业人员证编号', width: 20, value: (e) => e.operatorCertNo },
  { header: '作业人员证有效期至', width: 14, value: (e) => e.operatorCertExpiresOn },
  { header: '登记时下次检验日期', width: 14, value: (e) => e.inspectionDueOn },
  { header: '当前应检日期', width: 14, value: (e) => e.nextInspectionDueOn },
  { header: '最近检验日期', width: 14, value: (e) => e.lastInspectedOn },
  { header: '应急预案数', width: 10, value: (e) => e.planFiles.length },
  { header: '存在问题', width: 30, value: (e) => e.gaps.join('；') || null },
  ...recorded<EquipmentView>(),
];

const logColumns: Column<EquipmentLogView>[] = [
  ...place<EquipmentLogView>(),
  { header: '设备名称', width: 24, value: (l) => l.equipmentName },
  { header: '记录类型', width: 10, value: (l) => equipmentLogKindLabels[l.kind] },
  { header: '日期', width: 12, value: (l) => l.doneOn },
  { header: '实施单位或人员', width: 24, value: (l) => l.doneBy },
  { header: '结果', width: 30, value: (l) => l.result },
  { header: '应检日期', width: 12, value: (l) => l.dueOn },
  { header: '按期检验', width: 8, value: (l) => yesNo(l.onTime) },
  { header: '下次检验日期', width: 12, value: (l) => l.nextDueOn },
  { header: '检验报告编号', width: 20, value: (l) => l.reportNo },
  ...recorded<EquipmentLogView>(),
];

export default async function equipmentRoutes(app: App) {
  const tags = ['special-equipment'];
  const listExport = equipmentListQuery.omit({ page: true, pageSize: true });
  app.get('/special-equipment', { schema: { tags, summary: '特种设备台账', querystring: equipmentListQuery, response: { 200: equipmentPage } } }, (req) => listEquipment(ctxOf(req), req.query));
  app.get('/special-equipment/export', { schema: { tags, summary: '导出特种设备台账（Excel）', querystring: listExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'special_equipment', () => equipmentFilter(ctx, req.query), (w) => equipmentBatchFetcher(ctx, w));
    return sendXlsx(reply, '特种设备台账.xlsx', '特种设备', equipmentColumns, rows);
  });
  app.get('/special-equipment/:id', { schema: { tags, summary: '特种设备', params: idParam, response: { 200: equipmentBody } } }, (req) => getEquipment(ctxOf(req), req.params.id));
  app.post('/special-equipment', { schema: { tags, summary: '登记特种设备', body: createEquipmentBody, response: { 201: equipmentBody } } }, async (req, reply) =>
    reply.code(201).send(await createEquipment(ctxOf(req), req.body)),
  );
  app.patch('/special-equipment/:id', { schema: { tags, summary: '修改特种设备（需带版本号）', params: idParam, body: updateEquipmentBody, response: { 200: equipmentBody } } }, (req) =>
    updateEquipment(ctxOf(req), req.params.id, req.body),
  );
  app.post('/special-equipment/:id/void', { schema: { tags, summary: '作废特种设备记录', params: idParam, body: voidRecordBody, response: { 200: equipmentBody } } }, (req) =>
    voidEquipment(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  const logTags = ['equipment-logs'];
  const logExport = equipmentLogListQuery.omit({ page: true, pageSize: true });
  app.get('/equipment-logs', { schema: { tags: logTags, summary: '特种设备维保检验记录', querystring: equipmentLogListQuery, response: { 200: equipmentLogPage } } }, (req) => listEquipmentLogs(ctxOf(req), req.query));
  app.get('/equipment-logs/export', { schema: { tags: logTags, summary: '导出特种设备维保检验记录（Excel）', querystring: logExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'equipment_log', () => equipmentLogFilter(ctx, req.query), (w) => equipmentLogBatchFetcher(ctx, w));
    return sendXlsx(reply, '特种设备维保检验记录.xlsx', '维保检验记录', logColumns, rows);
  });
  app.get('/equipment-logs/:id', { schema: { tags: logTags, summary: '维保检验记录', params: idParam, response: { 200: equipmentLogBody } } }, (req) => getEquipmentLog(ctxOf(req), req.params.id));
  app.post('/equipment-logs', { schema: { tags: logTags, summary: '登记维护保养或定期检验', body: createEquipmentLogBody, response: { 201: equipmentLogBody } } }, async (req, reply) =>
    reply.code(201).send(await createEquipmentLog(ctxOf(req), req.body)),
  );
  app.patch('/equipment-logs/:id', { schema: { tags: logTags, summary: '修改维保检验记录（需带版本号）', params: idParam, body: updateEquipmentLogBody, response: { 200: equipmentLogBody } } }, (req) =>
    updateEquipmentLog(ctxOf(req), req.params.id, req.body),
  );
  app.post('/equipment-logs/:id/void', { schema: { tags: logTags, summary: '作废维保检验记录', params: idParam, body: voidRecordBody, response: { 200: equipmentLogBody } } }, (req) =>
    voidEquipmentLog(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
