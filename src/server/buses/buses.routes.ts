// Routes of the school bus ledger (校车台账, issue 15 item 5; 001 item 14, 000 Q1 task): buses, drivers,
// routes and the daily pre-trip checks, each listed, exported, created, corrected and voided; a failed
// pre-trip item turned into a hazard. Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  backgroundResultLabels,
  busBody,
  busListQuery,
  busPage,
  checkBody,
  checkHazardBody,
  checkListQuery,
  checkPage,
  createBusBody,
  createCheckBody,
  createDriverBody,
  createRouteBody,
  driverBody,
  driverListQuery,
  driverPage,
  reviewStateLabels,
  routeBody,
  routeListQuery,
  routePage,
  updateBusBody,
  updateCheckBody,
  updateDriverBody,
  updateRouteBody,
  type BusView,
  type CheckView,
  type DriverView,
  type RouteView,
} from '../../contracts/buses.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import * as svc from './buses.service.js';

const yesNo = (v: boolean | null) => (v === null ? null : v ? '是' : '否');

/** The export's columns are the import's for buses and drivers (imports/bus-import.ts). */
export const busColumns: Column<BusView>[] = [
  ...place<BusView>(),
  { header: '车牌号', width: 12, value: (b) => b.plate },
  { header: '座位数', width: 8, value: (b) => b.seats },
  { header: '行驶证号', width: 20, value: (b) => b.licenceNo },
  { header: '保险到期日', width: 12, value: (b) => b.insuranceExpiresOn },
  { header: '年审日期', width: 12, value: (b) => b.reviewedOn },
  { header: '年审到期日', width: 12, value: (b) => b.reviewDueOn },
  { header: '开始运营日期', width: 12, value: (b) => b.servesFrom },
  { header: '在用', width: 6, value: (b) => yesNo(b.inService) },
  { header: '年审状态', width: 12, value: (b) => reviewStateLabels[b.reviewState] },
  { header: '存在问题', width: 30, value: (b) => b.gaps.join('；') || null },
  ...recorded<BusView>(),
];

export const driverColumns: Column<DriverView>[] = [
  ...place<DriverView>(),
  { header: '姓名', width: 10, value: (d) => d.name },
  { header: '准驾车型', width: 8, value: (d) => d.licenceClass },
  { header: '驾驶证有效期至', width: 14, value: (d) => d.licenceExpiresOn },
  { header: '背景审查日期', width: 12, value: (d) => d.backgroundCheckedOn },
  { header: '背景审查结果', width: 10, value: (d) => (d.backgroundResult ? backgroundResultLabels[d.backgroundResult] : null) },
  { header: '体检日期', width: 12, value: (d) => d.healthCheckedOn },
  { header: '在岗', width: 6, value: (d) => yesNo(d.active) },
  { header: '存在问题', width: 30, value: (d) => d.gaps.join('；') || null },
  ...recorded<DriverView>(),
];

const routeColumns: Column<RouteView>[] = [
  ...place<RouteView>(),
  { header: '线路名称', width: 16, value: (r) => r.name },
  { header: '车牌号', width: 12, value: (r) => r.busPlate },
  { header: '站点（按顺序，乘车人数）', width: 50, value: (r) => r.stops.map((s) => `${s.name}（${s.students} 人）`).join(' → ') },
  { header: '乘车人数合计', width: 10, value: (r) => r.studentCount },
  ...recorded<RouteView>(),
];

const checkColumns: Column<CheckView>[] = [
  ...place<CheckView>(),
  { header: '检查日期', width: 12, value: (c) => c.checkedOn },
  { header: '车牌号', width: 12, value: (c) => c.busPlate },
  { header: '驾驶人', width: 10, value: (c) => c.driverName },
  { header: '检查项目数', width: 8, value: (c) => c.items.length },
  { header: '不合格项目', width: 30, value: (c) => c.items.filter((i) => !i.ok).map((i) => (i.note ? `${i.name}（${i.note}）` : i.name)).join('；') || null },
  { header: '已生成隐患', width: 20, value: (c) => c.hazards.map((h) => h.hazardCode).join('、') || null },
  ...recorded<CheckView>(),
];

export default async function busRoutes(app: App) {
  const tags = ['school-buses'];
  const omitPage = <T extends { omit: (m: { page: true; pageSize: true }) => unknown }>(q: T) => q.omit({ page: true, pageSize: true }) as ReturnType<T['omit']>;

  app.get('/school-buses', { schema: { tags, summary: '校车台账', querystring: busListQuery, response: { 200: busPage } } }, (req) => svc.listBuses(ctxOf(req), req.query));
  app.get('/school-buses/export', { schema: { tags, summary: '导出校车台账（Excel）', querystring: omitPage(busListQuery) } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'school_bus', () => svc.busFilter(ctx, req.query), (w) => svc.busBatchFetcher(ctx, w));
    return sendXlsx(reply, '校车台账.xlsx', '校车', busColumns, rows);
  });
  app.get('/school-buses/:id', { schema: { tags, summary: '校车', params: idParam, response: { 200: busBody } } }, (req) => svc.getBus(ctxOf(req), req.params.id));
  app.post('/school-buses', { schema: { tags, summary: '登记校车', body: createBusBody, response: { 201: busBody } } }, async (req, reply) => reply.code(201).send(await svc.createBus(ctxOf(req), req.body)));
  app.patch('/school-buses/:id', { schema: { tags, summary: '修改校车（需带版本号）', params: idParam, body: updateBusBody, response: { 200: busBody } } }, (req) => svc.updateBus(ctxOf(req), req.params.id, req.body));
  app.post('/school-buses/:id/void', { schema: { tags, summary: '作废校车记录', params: idParam, body: voidRecordBody, response: { 200: busBody } } }, (req) =>
    svc.voidBus(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  app.get('/bus-drivers', { schema: { tags, summary: '校车驾驶人', querystring: driverListQuery, response: { 200: driverPage } } }, (req) => svc.listDrivers(ctxOf(req), req.query));
  app.get('/bus-drivers/export', { schema: { tags, summary: '导出校车驾驶人（Excel）', querystring: omitPage(driverListQuery) } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'bus_driver', () => svc.driverFilter(ctx, req.query), (w) => svc.driverBatchFetcher(ctx, w));
    return sendXlsx(reply, '校车驾驶人.xlsx', '驾驶人', driverColumns, rows);
  });
  app.get('/bus-drivers/:id', { schema: { tags, summary: '校车驾驶人', params: idParam, response: { 200: driverBody } } }, (req) => svc.getDriver(ctxOf(req), req.params.id));
  app.post('/bus-drivers', { schema: { tags, summary: '登记校车驾驶人', body: createDriverBody, response: { 201: driverBody } } }, async (req, reply) => reply.code(201).send(await svc.createDriver(ctxOf(req), req.body)));
  app.patch('/bus-drivers/:id', { schema: { tags, summary: '修改校车驾驶人（需带版本号）', params: idParam, body: updateDriverBody, response: { 200: driverBody } } }, (req) => svc.updateDriver(ctxOf(req), req.params.id, req.body));
  app.post('/bus-drivers/:id/void', { schema: { tags, summary: '作废校车驾驶人记录', params: idParam, body: voidRecordBody, response: { 200: driverBody } } }, (req) =>
    svc.voidDriver(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  app.get('/bus-routes', { schema: { tags, summary: '校车线路', querystring: routeListQuery, response: { 200: routePage } } }, (req) => svc.listRoutes(ctxOf(req), req.query));
  app.get('/bus-routes/export', { schema: { tags, summary: '导出校车线路（Excel）', querystring: omitPage(routeListQuery) } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'bus_route', () => svc.routeFilter(ctx, req.query), (w) => svc.routeBatchFetcher(ctx, w));
    return sendXlsx(reply, '校车线路.xlsx', '线路', routeColumns, rows);
  });
  app.get('/bus-routes/:id', { schema: { tags, summary: '校车线路', params: idParam, response: { 200: routeBody } } }, (req) => svc.getRoute(ctxOf(req), req.params.id));
  app.post('/bus-routes', { schema: { tags, summary: '登记校车线路和站点', body: createRouteBody, response: { 201: routeBody } } }, async (req, reply) => reply.code(201).send(await svc.createRoute(ctxOf(req), req.body)));
  app.patch('/bus-routes/:id', { schema: { tags, summary: '修改校车线路（需带版本号）', params: idParam, body: updateRouteBody, response: { 200: routeBody } } }, (req) => svc.updateRoute(ctxOf(req), req.params.id, req.body));
  app.post('/bus-routes/:id/void', { schema: { tags, summary: '作废校车线路', params: idParam, body: voidRecordBody, response: { 200: routeBody } } }, (req) =>
    svc.voidRoute(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  app.get('/bus-checks', { schema: { tags, summary: '校车出车前检查', querystring: checkListQuery, response: { 200: checkPage } } }, (req) => svc.listChecks(ctxOf(req), req.query));
  app.get('/bus-checks/export', { schema: { tags, summary: '导出校车出车前检查（Excel）', querystring: omitPage(checkListQuery) } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'bus_check', () => svc.checkFilter(ctx, req.query), (w) => svc.checkBatchFetcher(ctx, w));
    return sendXlsx(reply, '校车出车前检查.xlsx', '出车前检查', checkColumns, rows);
  });
  app.get('/bus-checks/:id', { schema: { tags, summary: '出车前检查记录', params: idParam, response: { 200: checkBody } } }, (req) => svc.getCheck(ctxOf(req), req.params.id));
  app.post('/bus-checks', { schema: { tags, summary: '登记出车前检查', body: createCheckBody, response: { 201: checkBody } } }, async (req, reply) => reply.code(201).send(await svc.createCheck(ctxOf(req), req.body)));
  app.patch('/bus-checks/:id', { schema: { tags, summary: '修改出车前检查（需带版本号）', params: idParam, body: updateCheckBody, response: { 200: checkBody } } }, (req) => svc.updateCheck(ctxOf(req), req.params.id, req.body));
  app.post('/bus-checks/:id/void', { schema: { tags, summary: '作废出车前检查记录', params: idParam, body: voidRecordBody, response: { 200: checkBody } } }, (req) =>
    svc.voidCheck(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
  app.post('/bus-checks/:id/hazard', { schema: { tags, summary: '不合格项目一键生成隐患', params: idParam, body: checkHazardBody, response: { 200: checkBody } } }, (req) =>
    svc.checkToHazard(ctxOf(req), req.params.id, req.body),
  );
}
