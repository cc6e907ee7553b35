// What a campaign's Excel exports read and write (002): a department's weekly return (attachment 4)
// and the summary in three classes, one sheet per class. Each export is scope-checked and audited
// before the workbook is streamed.
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { SummaryHazardRow } from '../../contracts/campaigns.js';
import { hazardGradeLabels, hazardStatusLabels, safetyAreaLabels, summaryClassLabels, type SummaryClass } from '../../contracts/enums.js';
import { hazardScope, requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { hazards } from '../db/schema.js';
import { beijingTime, inBatches, sendXlsxSheets, yesNo, type Column } from '../excel.js';
import { findCampaignInScope } from './campaigns.service.js';
import { presentSummaryRow, selectSummaryRows } from './summary.service.js';
import { presentSavedReturn } from './weekly-returns.service.js';

// ---- the weekly return (002 attachment 4) -----------------------------------------------------

/** A saved return with its campaign, for the export (scope checked). */
export async function weeklyReturnForExport(ctx: Ctx, id: number, rid: number) {
  requireAccess(ctx.actor, 'campaign.read');
  const r = await presentSavedReturn(ctx, id, rid);
  const c = await findCampaignInScope(ctx.db, ctx.actor, id);
  await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'weekly_return', objectId: rid, after: { form: '专项整治工作周报', campaignId: id } }));
  return { campaign: c, ret: r };
}

/** The return as a workbook: the form, the figures by area, and the overdue hazards. */
export async function sendWeeklyReturnExport(ctx: Ctx, reply: FastifyReply, id: number, rid: number) {
  const { campaign, ret } = await weeklyReturnForExport(ctx, id, rid);
  const f = ret.figures;
  const title = [`${campaign.name}工作周报`, `填报部门：${ret.departmentName}    周次：${ret.weekStart} 至 ${ret.weekEnd}`];
  type Line = [string, string | number | null];
  const lines: Line[] = [
    ['填报部门', ret.departmentName],
    ['周次', `${ret.weekStart} 至 ${ret.weekEnd}`],
    ['负责领域', f ? f.areas.map((a) => safetyAreaLabels[a]).join('、') : ''],
    ['本周新增隐患（条）', f?.newCount ?? null],
    ['本周整改验收（条）', f?.rectifiedCount ?? null],
    ['本周销号（条）', f?.closedCount ?? null],
    ['累计排查隐患（条）', f?.totalCount ?? null],
    ['累计销号（条）', f?.closedTotal ?? null],
    ['未销号（条）', f?.openCount ?? null],
    ['其中逾期（条）', f?.overdueCount ?? null],
    ['工作推进情况', ret.progress],
    ['存在问题', ret.problems],
    ['下周工作计划', ret.nextSteps],
    ['状态', ret.status === 'submitted' ? '已提交' : '草稿'],
    ['提交人', ret.submittedByName],
    ['提交时间', beijingTime(ret.submittedAt ? new Date(ret.submittedAt) : null)],
  ];
  async function* of<T>(rows: T[]) {
    yield* rows;
  }
  type AreaRow = NonNullable<typeof f>['byArea'][number];
  type OverdueRow = NonNullable<typeof f>['overdue'][number];
  return sendXlsxSheets(reply, `${campaign.name}周报-${ret.departmentName}-${ret.weekStart}.xlsx`, [
    {
      name: '周报',
      title,
      columns: [
        { header: '项目', width: 20, value: (l: Line) => l[0] },
        { header: '内容', width: 80, value: (l: Line) => l[1] },
      ],
      rows: () => of(lines),
    },
    {
      name: '分领域情况',
      title,
      columns: [
        { header: '排查领域', width: 24, value: (r: AreaRow) => safetyAreaLabels[r.area] },
        { header: '本周新增', width: 10, value: (r: AreaRow) => r.newCount },
        { header: '本周整改验收', width: 12, value: (r: AreaRow) => r.rectifiedCount },
        { header: '本周销号', width: 10, value: (r: AreaRow) => r.closedCount },
        { header: '未销号', width: 10, value: (r: AreaRow) => r.openCount },
        { header: '逾期', width: 10, value: (r: AreaRow) => r.overdueCount },
      ],
      rows: () => of(f?.byArea ?? []),
    },
    {
      name: '逾期隐患',
      title,
      columns: [
        { header: '隐患编号', width: 18, value: (r: OverdueRow) => r.code },
        { header: '学校', width: 24, value: (r: OverdueRow) => r.schoolName },
        { header: '整改时限', width: 12, value: (r: OverdueRow) => r.deadline },
      ],
      rows: () => of(f?.overdue ?? []),
    },
  ]);
}

// ---- the summary in three classes (002 总结评估阶段) --------------------------------------------

/** The campaign for an export after the scope check. */
export async function campaignForExport(ctx: Ctx, id: number, form: string) {
  requireAccess(ctx.actor, 'campaign.read');
  const c = await findCampaignInScope(ctx.db, ctx.actor, id);
  await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'campaign', objectId: id, after: { form } }));
  return c;
}

/** The campaign's hazards in scope, of one class (null: unclassified), a batch at a time for exports. */
export function summaryBatchFetcher(ctx: Ctx, campaignId: number, cls: SummaryClass | null | 'false_fix') {
  const where = and(
    eq(hazards.campaignId, campaignId),
    hazardScope(ctx.actor),
    cls === 'false_fix' ? eq(hazards.falseFix, true) : cls ? eq(hazards.summaryClass, cls) : isNull(hazards.summaryClass),
  );
  return (afterId: number, limit: number) =>
    selectSummaryRows(ctx.db)
      .where(and(where, gt(hazards.id, afterId)))
      .orderBy(asc(hazards.id))
      .limit(limit)
      .then((rows) => rows.map((r) => ({ ...r, id: r.hazard.id })));
}

/** The summary sheets: one per class of 002 (风险隐患整改情况三类), as the departments report them. */
function summaryColumns(): Column<SummaryHazardRow>[] {
  return [
    { header: '隐患编号', width: 18, value: (r) => r.code },
    { header: '学校', width: 24, value: (r) => r.schoolName },
    { header: '排查领域', width: 18, value: (r) => safetyAreaLabels[r.area] },
    { header: '隐患描述', width: 40, value: (r) => r.description },
    { header: '隐患等级', width: 8, value: (r) => hazardGradeLabels[r.grade] },
    { header: '状态', width: 8, value: (r) => hazardStatusLabels[r.status] },
    { header: '责任部门', width: 14, value: (r) => r.responsibleDepartmentName },
    { header: '总结分类', width: 26, value: (r) => (r.summaryClass ? summaryClassLabels[r.summaryClass] : '未分类') },
    { header: '承诺完成日期', width: 12, value: (r) => r.committedOn },
    { header: '牵头协调部门', width: 14, value: (r) => r.coordinationDepartmentName },
    { header: '回头看弄虚作假', width: 10, value: (r) => yesNo(r.falseFix) },
  ];
}

/** The summary as a workbook: one sheet per class, the unclassified and the false fixes. */
export async function sendSummaryExport(ctx: Ctx, reply: FastifyReply, id: number) {
  const c = await campaignForExport(ctx, id, '整改情况三类汇总');
  const cols = summaryColumns();
  const sheet = (cls: SummaryClass | null | 'false_fix', name: string) => ({
    name,
    title: [`${c.name} 风险隐患整改情况汇总`, name],
    columns: cols,
    rows: () =>
      (async function* () {
        for await (const r of inBatches(summaryBatchFetcher(ctx, c.id, cls))) yield presentSummaryRow(r);
      })(),
  });
  return sendXlsxSheets(reply, `${c.name}整改情况汇总.xlsx`, [
    sheet('resolved', '已化解'),
    sheet('resolving', '正在化解中'),
    sheet('hard', '难以短期内化解'),
    sheet(null, '未分类'),
    sheet('false_fix', '回头看弄虚作假'),
  ]);
}
