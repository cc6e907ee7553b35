// Routes of the gate log (门卫来访, issue 15 item 2). Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import { createGateBody, gateBody, gateKindLabels, gateLeaveBody, gateListQuery, gatePage, updateGateBody, type GateView } from '../../contracts/gate.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import { createGate, gateBatchFetcher, gateFilter, getGate, leaveGate, listGate, updateGate, voidGate } from './gate.service.js';

const yesNo = (v: boolean | null) => (v === null ? null : v ? '是' : '否');
/** Beijing time 'YYYY-MM-DD HH:mm' of an instant. */
const beijing = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : null);

export const gateColumns: Column<GateView>[] = [
  ...place<GateView>(),
  { header: '登记类型', width: 10, value: (r) => gateKindLabels[r.kind] },
  { header: '日期', width: 12, value: (r) => r.recordedOn },
  { header: '值班门卫', width: 10, value: (r) => r.guardName },
  { header: '来访人', width: 10, value: (r) => r.visitorName },
  { header: '身份证号（脱敏）', width: 22, value: (r) => r.idNumberMasked },
  { header: '已核验证件', width: 8, value: (r) => yesNo(r.idChecked) },
  { header: '联系电话', width: 14, value: (r) => r.phone },
  { header: '来访单位', width: 18, value: (r) => r.organisation },
  { header: '事由', width: 20, value: (r) => r.purpose },
  { header: '被访人', width: 10, value: (r) => r.hostName },
  { header: '带领教职工', width: 10, value: (r) => r.escortName },
  { header: '车牌号', width: 12, value: (r) => r.plate },
  { header: '驾驶人', width: 10, value: (r) => r.driverName },
  { header: '是否准入', width: 8, value: (r) => yesNo(r.admitted) },
  { header: '拒绝理由', width: 20, value: (r) => r.refusalReason },
  { header: '到达时间', width: 17, value: (r) => beijing(r.arrivedAt) },
  { header: '离开时间', width: 17, value: (r) => beijing(r.leftAt) },
  { header: '上学时段教师数', width: 8, value: (r) => r.arrivalTeachers },
  { header: '上学时段保安数', width: 8, value: (r) => r.arrivalGuards },
  { header: '放学时段教师数', width: 8, value: (r) => r.dismissalTeachers },
  { header: '放学时段保安数', width: 8, value: (r) => r.dismissalGuards },
  { header: '到岗人员', width: 20, value: (r) => r.onDuty },
  { header: '备注', width: 20, value: (r) => r.note },
  ...recorded<GateView>(),
];

export default async function gateRoutes(app: App) {
  const tags = ['gate-records'];
  const exportQuery = gateListQuery.omit({ page: true, pageSize: true });
  app.get('/gate-records', { schema: { tags, summary: '门卫来访登记', querystring: gateListQuery, response: { 200: gatePage } } }, (req) => listGate(ctxOf(req), req.query));
  app.get('/gate-records/export', { schema: { tags, summary: '导出门卫来访登记（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'gate_record', () => gateFilter(ctx, req.query), (w) => gateBatchFetcher(ctx, w));
    return sendXlsx(reply, '门卫来访登记.xlsx', '门卫来访', gateColumns, rows);
  });
  app.get('/gate-records/:id', { schema: { tags, summary: '门卫登记', params: idParam, response: { 200: gateBody } } }, (req) => getGate(ctxOf(req), req.params.id));
  app.post('/gate-records', { schema: { tags, summary: '登记来访人员、车辆或护学岗', body: createGateBody, response: { 201: gateBody } } }, async (req, reply) =>
    reply.code(201).send(await createGate(ctxOf(req), req.body)),
  );
  app.patch('/gate-records/:id', { schema: { tags, summary: '修改门卫登记（需带版本号）', params: idParam, body: updateGateBody, response: { 200: gateBody } } }, (req) =>
    updateGate(ctxOf(req), req.params.id, req.body),
  );
  app.post('/gate-records/:id/leave', { schema: { tags, summary: '登记离开时间', params: idParam, body: gateLeaveBody, response: { 200: gateBody } } }, (req) =>
    leaveGate(ctxOf(req), req.params.id, req.body),
  );
  app.post('/gate-records/:id/void', { schema: { tags, summary: '作废门卫登记（保留留痕）', params: idParam, body: voidRecordBody, response: { 200: gateBody } } }, (req) =>
    voidGate(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
