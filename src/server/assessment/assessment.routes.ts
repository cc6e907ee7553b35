// Routes of the yearly assessment (安全绩效考核, issue 14). Thin: validate → service → present.
import {
  adjustBody,
  assessedKindLabels,
  assessmentGradeLabels,
  computeBody,
  exportQuery,
  publishBody,
  runBody,
  saveSchemeBody,
  schemeBody,
  schemeQuery,
  scoresBody,
  scoresQuery,
  unitScoreBody,
  unitScoreParams,
  unitScoreQuery,
  type ScoreRow,
} from '../../contracts/assessment.js';
import { schoolStageLabels } from '../../contracts/enums.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { adjustScore, computeAssessment, exportScores, getRun, getScheme, listScores, publishAssessment, saveScheme, unitScore } from './assessment.service.js';

async function* each<T>(rows: T[]) {
  yield* rows;
}

export default async function assessmentRoutes(app: App) {
  const tags = ['assessment'];
  app.get('/assessment/scheme', { schema: { tags, summary: '年度考核方案（指标、权重、等次分数线）', querystring: schemeQuery, response: { 200: schemeBody } } }, (req) =>
    getScheme(ctxOf(req), req.query.year),
  );
  app.put('/assessment/scheme', { schema: { tags, summary: '保存年度考核方案（新版本，权重之和须为 100）', body: saveSchemeBody, response: { 200: schemeBody } } }, (req) =>
    saveScheme(ctxOf(req), req.body),
  );
  app.get('/assessment/run', { schema: { tags, summary: '年度考核状态', querystring: schemeQuery, response: { 200: runBody } } }, (req) => getRun(ctxOf(req), req.query.year));
  app.post('/assessment/compute', { schema: { tags, summary: '计算各单位年度考核得分', body: computeBody, response: { 200: runBody } } }, (req) =>
    computeAssessment(ctxOf(req), req.body.year),
  );
  app.post('/assessment/publish', { schema: { tags, summary: '发布年度考核结果', body: publishBody, response: { 200: runBody } } }, (req) =>
    publishAssessment(ctxOf(req), req.body.year, req.body.version),
  );
  app.get('/assessment/scores', { schema: { tags, summary: '各单位考核得分（排名、等次）', querystring: scoresQuery, response: { 200: scoresBody } } }, (req) =>
    listScores(ctxOf(req), req.query),
  );
  app.get('/assessment/scores/:unitId', { schema: { tags, summary: '单位考核得分明细（逐项指标至记录）', params: unitScoreParams, querystring: unitScoreQuery, response: { 200: unitScoreBody } } }, (req) =>
    unitScore(ctxOf(req), req.params.unitId, req.query.year),
  );
  app.post('/assessment/scores/:unitId/adjust', { schema: { tags, summary: '调整考核得分（须写明理由）', params: unitScoreParams, body: adjustBody, response: { 200: unitScoreBody } } }, (req) =>
    adjustScore(ctxOf(req), req.params.unitId, req.body),
  );
  app.get('/assessment/export', { schema: { tags, summary: '导出考核得分（Excel，与列表相同的筛选）', querystring: exportQuery } }, async (req, reply) => {
    const { rows, indicators } = await exportScores(ctxOf(req), req.query);
    const columns: Column<ScoreRow>[] = [
      { header: '单位', width: 28, value: (r) => r.unitName },
      { header: '类别', width: 8, value: (r) => assessedKindLabels[r.kind] },
      { header: '镇街', width: 16, value: (r) => r.townName },
      { header: '学段', width: 10, value: (r) => (r.stage ? schoolStageLabels[r.stage] : null) },
      ...indicators.map((ind) => ({ header: `${ind.label}（${ind.weight}分）`, width: 14, value: (r: ScoreRow) => r.figures.find((f) => f.code === ind.code)?.points ?? '暂无数据' })),
      { header: '计算得分', width: 10, value: (r) => r.score },
      { header: '调整后得分', width: 10, value: (r) => r.adjustedScore },
      { header: '调整理由', width: 30, value: (r) => r.adjustmentReason },
      { header: '调整人', width: 10, value: (r) => r.adjustedByName },
      { header: '最终得分', width: 10, value: (r) => r.finalScore },
      { header: '一票否决', width: 8, value: (r) => (r.vetoed ? '是' : '') },
      { header: '等次', width: 8, value: (r) => (r.grade ? assessmentGradeLabels[r.grade] : null) },
      { header: r0(req.query.kind), width: 10, value: (r) => r.rankInStage },
      { header: '镇街内排名', width: 10, value: (r) => r.rankInTown },
    ];
    return sendXlsx(reply, `年度考核_${req.query.year}_${assessedKindLabels[req.query.kind]}.xlsx`, '年度考核', columns, each(rows));
  });
  app.get('/assessment/report', { schema: { tags, summary: '生成年度评估报告（Word）', querystring: schemeQuery } }, async (req, reply) => {
    // Loaded when a report is asked for: docx is ~10 MB resident the server need not carry (issue 19).
    const { yearReport } = await import('./report.js');
    const { fileName, buffer } = await yearReport(ctxOf(req), req.query.year);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(buffer);
  });
}

/** The rank column's name: schools rank within their stage, towns and departments among themselves. */
const r0 = (kind: string) => (kind === 'school' ? '学段内排名' : '排名');
