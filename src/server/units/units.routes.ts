import { idParam } from '../../contracts/common.js';
import { ownershipLabels, schoolStageLabels, safetyAreaLabels, unitKindLabels, unitStatuses, userStatusLabels, type SafetyArea } from '../../contracts/enums.js';
import { createUnitBody, unitBody, unitDetailBody, unitListQuery, unitPage, unitTreeBody, updateUnitBody, versionBody } from '../../contracts/units.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { requireAccess } from '../access/access.js';
import { inBatches, sendXlsx, yesNo, type Column } from '../excel.js';
import { createUnit, findUnitInScope, getUnit, listUnits, setUnitStatus, unitBatchFetcher, unitTree, updateUnit, type UnitRow } from './units.service.js';

const tags = ['units'];
const exportQuery = unitListQuery.omit({ page: true, pageSize: true });

const exportColumns: Column<UnitRow>[] = [
  { header: '单位名称', width: 28, value: (r) => r.name },
  { header: '单位类型', value: (r) => unitKindLabels[r.kind as keyof typeof unitKindLabels] },
  { header: '编码', value: (r) => r.code },
  { header: '学段', value: (r) => (r.stage ? schoolStageLabels[r.stage as keyof typeof schoolStageLabels] : '') },
  { header: '办学性质', value: (r) => (r.ownership ? ownershipLabels[r.ownership as keyof typeof ownershipLabels] : '') },
  { header: '寄宿制', width: 8, value: (r) => (r.kind === 'school' ? yesNo(r.boarding) : '') },
  { header: '使用校车', width: 8, value: (r) => (r.kind === 'school' ? yesNo(r.schoolBus) : '') },
  { header: '有食堂', width: 8, value: (r) => (r.kind === 'school' ? yesNo(r.canteen) : '') },
  { header: '农村学校', width: 8, value: (r) => (r.kind === 'school' ? yesNo(r.rural) : '') },
  { header: '校门数', width: 8, value: (r) => r.gateCount },
  { header: '学生数', width: 8, value: (r) => r.studentCount },
  { header: '教职工数', width: 8, value: (r) => r.staffCount },
  { header: '地址', width: 30, value: (r) => r.address },
  { header: '校长', value: (r) => r.principalName },
  { header: '联系电话', value: (r) => r.contactPhone },
  { header: '负责安全领域', width: 30, value: (r) => r.areas.map((a) => safetyAreaLabels[a as SafetyArea]).join('、') },
  { header: '状态', width: 8, value: (r) => userStatusLabels[r.status as (typeof unitStatuses)[number]] },
];

export default async function unitRoutes(app: App) {
  app.get('/units', { schema: { tags, summary: '单位列表', querystring: unitListQuery, response: { 200: unitPage } } }, (req) =>
    listUnits(ctxOf(req), req.query),
  );

  app.get('/units/tree', { schema: { tags, summary: '可见范围内的单位树', response: { 200: unitTreeBody } } }, (req) => unitTree(ctxOf(req)));

  app.get('/units/export', { schema: { tags, summary: '导出单位（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'unit.read');
    const under = req.query.under ? await findUnitInScope(ctx.db, ctx.actor, req.query.under) : undefined;
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'unit', after: { filter: req.query } }));
    return sendXlsx(reply, '单位名单.xlsx', '单位', exportColumns, inBatches(unitBatchFetcher(ctx, req.query, under)));
  });

  app.get('/units/:id', { schema: { tags, summary: '单位详情', params: idParam, response: { 200: unitDetailBody } } }, (req) =>
    getUnit(ctxOf(req), req.params.id),
  );

  app.post('/units', { schema: { tags, summary: '新建单位', body: createUnitBody, response: { 201: unitBody } } }, async (req, reply) =>
    reply.code(201).send(await createUnit(ctxOf(req), req.body)),
  );

  app.patch(
    '/units/:id',
    { schema: { tags, summary: '修改单位（需带版本号）', params: idParam, body: updateUnitBody, response: { 200: unitBody } } },
    (req) => updateUnit(ctxOf(req), req.params.id, req.body),
  );

  app.post(
    '/units/:id/disable',
    { schema: { tags, summary: '停用单位', params: idParam, body: versionBody, response: { 200: unitBody } } },
    (req) => setUnitStatus(ctxOf(req), req.params.id, req.body.version, 'disabled'),
  );

  app.post(
    '/units/:id/enable',
    { schema: { tags, summary: '启用单位', params: idParam, body: versionBody, response: { 200: unitBody } } },
    (req) => setUnitStatus(ctxOf(req), req.params.id, req.body.version, 'active'),
  );
}
