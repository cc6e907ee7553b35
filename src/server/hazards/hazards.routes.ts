import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  hazardGradeLabels,
  hazardSourceLabels,
  hazardStatusLabels,
  safetyAreaLabels,
  summaryClassLabels,
  type HazardGrade,
  type HazardSource,
  type HazardStatus,
  type SafetyArea,
  type SummaryClass,
} from '../../contracts/enums.js';
import { createHazardBody, hazardDetailBody, hazardListQuery, hazardPage, transitionBody } from '../../contracts/hazards.js';
import { isOverdue } from '../../domain/hazard-workflow.js';
import { requireAccess } from '../access/access.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf, todayOf } from '../context.js';
import { beijingTime, inBatches, sendXlsx, sendXlsxSheets, yesNo, type Column } from '../excel.js';
import { findUnitInScope } from '../units/units.service.js';
import {
  assignees,
  getHazard,
  hazardBatchFetcher,
  hazardStats,
  listHazards,
  reportHazard,
  transitionHazard,
  type HazardListRow,
} from './hazards.service.js';

const tags = ['hazards'];
const exportQuery = hazardListQuery.omit({ page: true, pageSize: true, mine: true });
const threeListsQuery = z.object({ unitId: z.coerce.number().int().positive().optional() });

type Row = HazardListRow & { id: number };
const label = <K extends string>(labels: Record<K, string>, v: string | null) => (v ? (labels[v as K] ?? v) : '');

/** The register in the form of seed 002 attachment 3 (闵行区校园安全风险隐患清单). */
function registerColumns(today: string): Column<Row>[] {
  return [
    { header: '隐患编号', width: 18, value: (r) => r.hazard.code },
    { header: '学校', width: 24, value: (r) => r.schoolName },
    { header: '镇街', width: 12, value: (r) => r.townName },
    { header: '排查领域', width: 18, value: (r) => label(safetyAreaLabels, r.hazard.area) },
    { header: '隐患位置', width: 20, value: (r) => r.hazard.location },
    { header: '隐患描述', width: 40, value: (r) => r.hazard.description },
    { header: '隐患等级', width: 8, value: (r) => label(hazardGradeLabels, r.hazard.grade) },
    { header: '隐患来源', width: 10, value: (r) => label(hazardSourceLabels, r.hazard.source) },
    { header: '检查编号', width: 16, value: (r) => r.inspectionCode },
    { header: '专项整治', width: 20, value: (r) => r.campaignName },
    { header: '发现日期', width: 12, value: (r) => r.hazard.foundOn },
    { header: '发现人', width: 10, value: (r) => r.hazard.foundByName },
    { header: '责任单位', width: 24, value: (r) => r.schoolName },
    { header: '责任人', width: 10, value: (r) => r.responsibleUserName },
    { header: '责任部门', width: 14, value: (r) => r.responsibleDepartmentName },
    { header: '整改措施', width: 40, value: (r) => r.hazard.measures },
    { header: '整改时限', width: 12, value: (r) => r.hazard.deadline },
    { header: '临时管控措施', width: 30, value: (r) => r.hazard.interimControls },
    { header: '整改资金（元）', width: 12, value: (r) => (r.hazard.funds === null ? null : Number(r.hazard.funds)) },
    { header: '状态', width: 8, value: (r) => label(hazardStatusLabels, r.hazard.status) },
    { header: '是否逾期', width: 8, value: (r) => yesNo(isOverdue({ status: r.hazard.status as HazardStatus, deadline: r.hazard.deadline }, today)) },
    { header: '总结分类', width: 24, value: (r) => label(summaryClassLabels, r.hazard.summaryClass) },
    { header: '销号时间', width: 18, value: (r) => beijingTime(r.hazard.closedAt) },
  ];
}

/** The three lists of seed 004 (问题隐患、整改措施、责任落实), each with the timetable. */
function threeListSheets(today: string) {
  const base: Column<Row>[] = [
    { header: '隐患编号', width: 18, value: (r) => r.hazard.code },
    { header: '学校', width: 24, value: (r) => r.schoolName },
  ];
  const problems: Column<Row>[] = [
    ...base,
    { header: '排查领域', width: 18, value: (r) => label(safetyAreaLabels, r.hazard.area as SafetyArea) },
    { header: '隐患位置', width: 20, value: (r) => r.hazard.location },
    { header: '问题隐患', width: 40, value: (r) => r.hazard.description },
    { header: '等级', width: 8, value: (r) => label(hazardGradeLabels, r.hazard.grade as HazardGrade) },
    { header: '来源', width: 10, value: (r) => label(hazardSourceLabels, r.hazard.source as HazardSource) },
    { header: '发现日期', width: 12, value: (r) => r.hazard.foundOn },
    { header: '状态', width: 8, value: (r) => label(hazardStatusLabels, r.hazard.status as HazardStatus) },
  ];
  const measures: Column<Row>[] = [
    ...base,
    { header: '问题隐患', width: 30, value: (r) => r.hazard.description },
    { header: '整改措施', width: 40, value: (r) => r.hazard.measures },
    { header: '临时管控措施', width: 30, value: (r) => r.hazard.interimControls },
    { header: '整改资金（元）', width: 12, value: (r) => (r.hazard.funds === null ? null : Number(r.hazard.funds)) },
    { header: '发现日期', width: 12, value: (r) => r.hazard.foundOn },
    { header: '整改时限', width: 12, value: (r) => r.hazard.deadline },
    { header: '承诺完成日期', width: 12, value: (r) => r.hazard.committedOn },
    { header: '是否逾期', width: 8, value: (r) => yesNo(isOverdue({ status: r.hazard.status as HazardStatus, deadline: r.hazard.deadline }, today)) },
  ];
  const responsibility: Column<Row>[] = [
    ...base,
    { header: '问题隐患', width: 30, value: (r) => r.hazard.description },
    { header: '责任单位', width: 24, value: (r) => r.schoolName },
    { header: '责任人', width: 10, value: (r) => r.responsibleUserName },
    { header: '责任部门', width: 14, value: (r) => r.responsibleDepartmentName },
    { header: '整改时限', width: 12, value: (r) => r.hazard.deadline },
    { header: '状态', width: 8, value: (r) => label(hazardStatusLabels, r.hazard.status as HazardStatus) },
    { header: '总结分类', width: 24, value: (r) => label(summaryClassLabels, r.hazard.summaryClass as SummaryClass | null) },
  ];
  return { problems, measures, responsibility };
}

export default async function hazardRoutes(app: App) {
  app.get('/hazards', { schema: { tags, summary: '隐患台账', querystring: hazardListQuery, response: { 200: hazardPage } } }, (req) =>
    listHazards(ctxOf(req), req.query),
  );

  app.get('/hazards/stats', { schema: { tags, summary: '隐患统计（工作台）' } }, (req) => hazardStats(ctxOf(req)));

  app.get('/hazards/export', { schema: { tags, summary: '导出隐患清单（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'hazard.read');
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'hazard', after: { form: '隐患清单', filter: req.query } }));
    return sendXlsx(reply, '隐患清单.xlsx', '隐患清单', registerColumns(todayOf(ctx)), inBatches(hazardBatchFetcher(ctx, req.query)));
  });

  app.get('/hazards/three-lists/export', { schema: { tags, summary: '导出三清单（Excel）', querystring: threeListsQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'hazard.read');
    const unit = await findUnitInScope(ctx.db, ctx.actor, req.query.unitId ?? ctx.actor.unitId);
    // A unit's lists: the hazards of the schools under it (for a department, its areas).
    const filter = unit.kind === 'school' ? { schoolId: unit.id } : unit.kind === 'town' ? { townId: unit.id } : {};
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'hazard', after: { form: '三清单', unitId: unit.id } }));
    const today = todayOf(ctx);
    const cols = threeListSheets(today);
    const title = (name: string) => [`${unit.name} ${name}`, `导出日期：${today}`];
    const rows = () => inBatches(hazardBatchFetcher(ctx, filter));
    return sendXlsxSheets(reply, `${unit.name}三清单.xlsx`, [
      { name: '问题隐患清单', columns: cols.problems, rows, title: title('问题隐患清单') },
      { name: '整改措施清单', columns: cols.measures, rows, title: title('整改措施清单（时间表、路线图）') },
      { name: '责任落实清单', columns: cols.responsibility, rows, title: title('责任落实清单') },
    ]);
  });

  app.get('/hazards/:id', { schema: { tags, summary: '隐患详情与签字记录', params: idParam, response: { 200: hazardDetailBody } } }, (req) =>
    getHazard(ctxOf(req), req.params.id),
  );

  app.get('/hazards/:id/assignees', { schema: { tags, summary: '可指定的整改责任人', params: idParam } }, (req) => assignees(ctxOf(req), req.params.id));

  app.post('/hazards', { schema: { tags, summary: '上报隐患', body: createHazardBody, response: { 201: hazardDetailBody } } }, async (req, reply) =>
    reply.code(201).send(await reportHazard(ctxOf(req), req.body)),
  );

  app.post(
    '/hazards/:id/transitions',
    { schema: { tags, summary: '签字流转（确认交办、整改、提交验收、查验、退回、销号、延期）', params: idParam, body: transitionBody, response: { 200: hazardDetailBody } } },
    (req) => transitionHazard(ctxOf(req), req.params.id, req.body),
  );
}

