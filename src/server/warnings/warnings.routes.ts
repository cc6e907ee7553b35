// Routes of warnings with receipts (预警提示, issue 21; 000 item 10, 004 item 4). Thin: validate → service → present.
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  closeWarningBody,
  issueWarningBody,
  remindResultBody,
  remindWarningBody,
  reportWarningBody,
  signWarningBody,
  warningBoardBody,
  warningBody,
  warningListQuery,
  warningPage,
  receiptStateLabels,
  warningKindLabels,
  warningLevelLabels,
  type BoardSchool,
  type WarningBoard,
} from '../../contracts/warnings.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, ctxOf } from '../context.js';
import { beijingTime, sendXlsxSheets, yesNo, type Column } from '../excel.js';
import * as svc from './warnings.service.js';

const at = (iso: string | null) => (iso ? beijingTime(new Date(iso)) : '');
const townColumns: Column<WarningBoard['byTown'][number]>[] = [
  { header: '镇街', width: 20, value: (t) => t.townName },
  { header: '应签收（所）', value: (t) => t.reported + t.signed + t.missing },
  { header: '已上报', value: (t) => t.reported },
  { header: '已签收未上报', value: (t) => t.signed },
  { header: '未签收', value: (t) => t.missing },
];
const schoolColumns: Column<BoardSchool>[] = [
  { header: '学校', width: 24, value: (s) => s.schoolName },
  { header: '镇街', width: 20, value: (s) => s.townName },
  { header: '安置学校', value: (s) => yesNo(s.shelter) },
  { header: '状态', value: (s) => receiptStateLabels[s.state] },
  { header: '超过签收时限', width: 14, value: (s) => yesNo(s.overdue) },
  { header: '签收人', value: (s) => s.signedByName },
  { header: '签收时间', width: 20, value: (s) => at(s.signedAt) },
  { header: '上报时间', width: 20, value: (s) => at(s.reportedAt) },
  { header: '逾期上报', value: (s) => yesNo(s.lateReport) },
  { header: '未落实项数', value: (s) => s.notDone },
];

export default async function warningsRoutes(app: App) {
  const tags = ['warnings'];
  app.get('/warnings', { schema: { tags, summary: '预警提示列表', querystring: warningListQuery, response: { 200: warningPage } } }, (req) => svc.listWarnings(ctxOf(req), req.query));
  app.get('/warnings/pending', { schema: { tags, summary: '本校待签收、待上报的预警', response: { 200: z.object({ items: z.array(warningBody) }) } } }, (req) => svc.pendingWarnings(ctxOf(req)));
  app.post('/warnings', { schema: { tags, summary: '发布预警提示', body: issueWarningBody, response: { 201: warningBody } } }, async (req, reply) =>
    reply.code(201).send(await svc.issueWarning(ctxOf(req), req.body)),
  );
  app.get('/warnings/:id', { schema: { tags, summary: '预警详情（含本校签收情况）', params: idParam, response: { 200: warningBody } } }, (req) => svc.getWarning(ctxOf(req), req.params.id));
  app.get('/warnings/:id/board', { schema: { tags, summary: '签收与上报实时情况（按镇街、按学校）', params: idParam, response: { 200: warningBoardBody } } }, (req) =>
    svc.warningBoard(ctxOf(req), req.params.id),
  );
  // The live view as a file for the record (by town and by school), in the caller's scope.
  app.get('/warnings/:id/board/export', { schema: { tags, summary: '导出签收与上报情况（Excel）', params: idParam } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const b = await svc.warningBoard(ctx, req.params.id);
    await ctx.db.transaction((tx) => writeAudit(tx, auditCtx(ctx), { action: 'export', objectType: 'warning', objectId: b.warning.id, after: { board: true, schools: b.schools.length } }));
    const w = b.warning;
    const title = [`${w.title}（${warningKindLabels[w.kind]} ${warningLevelLabels[w.level]}）`, `发布：${w.issuerUnitName} ${at(w.issuedAt)}　截止：${at(w.deadlineAt)}　导出：${at(b.at)}`];
    async function* of<T>(rows: T[]) {
      yield* rows;
    }
    return sendXlsxSheets(reply, `预警签收情况-${w.id}.xlsx`, [
      { name: '按镇街', columns: townColumns, rows: () => of(b.byTown), title },
      { name: '学校明细', columns: schoolColumns, rows: () => of(b.schools), title },
    ]);
  });
  app.post('/warnings/:id/sign', { schema: { tags, summary: '学校签收预警', params: idParam, body: signWarningBody, response: { 200: warningBody } } }, (req) => svc.signWarning(ctxOf(req), req.params.id));
  app.post('/warnings/:id/report', { schema: { tags, summary: '学校上报落实情况（逐项、附照片）', params: idParam, body: reportWarningBody, response: { 200: warningBody } } }, (req) =>
    svc.reportWarning(ctxOf(req), req.params.id, req.body),
  );
  app.post('/warnings/:id/remind', { schema: { tags, summary: '一键提醒未签收、未上报的学校', params: idParam, body: remindWarningBody, response: { 200: remindResultBody } } }, (req) =>
    svc.remindWarning(ctxOf(req), req.params.id, req.body.version),
  );
  app.post('/warnings/:id/close', { schema: { tags, summary: '关闭预警', params: idParam, body: closeWarningBody, response: { 200: warningBody } } }, (req) =>
    svc.closeWarning(ctxOf(req), req.params.id, req.body.version),
  );
}
