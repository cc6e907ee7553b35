// The year-end report (004: 形成年度报告并于每年年底前报区教育局安全办): a .docx the system drafts
// from the district's year — hazards found and closed by area and town, campaigns, compliance by
// rule, incidents, the assessment's results — that a clerk edits and sends. Charts are native Word
// charts (docx's ChartRun: the data travel inside the document, so the clerk can edit them in Word)
// beside tables of the same figures.
import { sql } from 'drizzle-orm';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { ChartRun } from 'docx/charts';
import { assessmentGradeLabels, assessmentGrades, type AssessmentGrade } from '../../contracts/assessment.js';
import { safetyAreaLabels, schoolStageLabels, type SafetyArea, type SchoolStage } from '../../contracts/enums.js';
import { finalScore } from '../../domain/assessment.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { forbidden } from '../errors.js';
import { loadRulePack } from '../rules/rules.service.js';
import type { Db } from '../db/client.js';
import { SOURCES, lastDueDay } from './sources.js';

async function rows<T>(db: Executor, q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 1000) / 10}%` : '—');
const FONT = '宋体';

function p(text: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) {
  return new Paragraph({ alignment: opts.align, spacing: { after: 120, line: 360 }, children: [new TextRun({ text, bold: opts.bold, font: FONT, size: 28 })] });
}
const h = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) =>
  new Paragraph({ heading: level, spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: '黑体' })] });

function table(head: string[], body: Array<Array<string | number>>) {
  const cell = (t: string | number, bold = false) =>
    new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: String(t), bold, font: FONT, size: 21 })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: head.map((x) => cell(x, true)) }), ...body.map((r) => new TableRow({ children: r.map((x) => cell(x)) }))],
  });
}

function chart(title: string, categories: string[], series: Array<{ name: string; values: number[] }>, type: 'column' | 'bar' = 'column') {
  if (!categories.length) return p(`（${title}：本年度无数据）`);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new ChartRun({ type, title, categories, series, transformation: { width: 576, height: Math.max(300, type === 'bar' ? categories.length * 28 + 80 : 300) } })],
  });
}

interface HazardFigures {
  key: string;
  found: number;
  closed: number;
  on_time: number;
  overdue_open: number;
  major: number;
}

/** The document's figures, read in the caller's district (the bureau's report). */
async function figures(db: Executor, districtId: number, year: number, today: string) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const last = lastDueDay({ to, today });
  const hz = (key: ReturnType<typeof sql>, join = sql``) =>
    rows<HazardFigures>(
      db,
      sql`select ${key} as key, count(*)::int as found,
            count(*) filter (where h.status = 'closed')::int as closed,
            count(*) filter (where h.status = 'closed' and (h.closed_at at time zone 'Asia/Shanghai')::date <= h.deadline)::int as on_time,
            count(*) filter (where h.status <> 'closed' and h.deadline < ${today})::int as overdue_open,
            count(*) filter (where h.grade = 'major')::int as major
          from hazards h ${join}
          where h.district_id = ${districtId} and h.found_on between ${from} and ${to}
          group by 1 order by 2 desc`,
    );
  const [district, byArea, byTown, campaigns, compliance, schools, scores, run] = await Promise.all([
    rows<{ name: string }>(db, sql`select name from districts where id = ${districtId}`),
    hz(sql`h.area`),
    hz(sql`coalesce(t.name, '区直属学校')`, sql`join units s on s.id = h.school_id left join units t on t.id = s.parent_id and t.kind = 'town'`),
    rows<{ name: string; starts_on: string; ends_on: string; found: number; closed: number; status: string }>(
      db,
      sql`select c.name, c.starts_on::text as starts_on, c.ends_on::text as ends_on, c.status,
            (select count(*) from hazards h where h.campaign_id = c.id)::int as found,
            (select count(*) from hazards h where h.campaign_id = c.id and h.status = 'closed')::int as closed
          from campaigns c where c.district_id = ${districtId} and c.starts_on <= ${to} and c.ends_on >= ${from} order by c.starts_on`,
    ),
    rows<{ rule_code: string; met: number; missed: number }>(
      db,
      sql`select rule_code, count(*) filter (where status = 'met')::int as met, count(*) filter (where status = 'missed')::int as missed
          from compliance_periods where district_id = ${districtId} and ends_on between ${from} and ${last} group by rule_code order by rule_code`,
    ),
    rows<{ n: number }>(db, sql`select count(*)::int as n from units where district_id = ${districtId} and kind = 'school' and status = 'active'`),
    rows<{ kind: string; name: string; stage: string | null; score: number | null; adjusted_score: number | null; grade: string | null; vetoed: boolean }>(
      db,
      sql`select s.kind, u.name, u.stage, s.score::float8 as score, s.adjusted_score::float8 as adjusted_score, s.grade, s.vetoed
          from assessment_scores s join units u on u.id = s.unit_id where s.district_id = ${districtId} and s.year = ${year}
          order by coalesce(s.adjusted_score, s.score) desc nulls last, u.path`,
    ),
    rows<{ status: string; published_at: string | null }>(db, sql`select status, published_at::text from assessment_runs where district_id = ${districtId} and year = ${year}`),
  ]);
  return { districtName: district[0]?.name ?? '', byArea, byTown, campaigns, compliance, schools: schools[0]?.n ?? 0, scores, run: run[0] ?? null };
}

/** Builds the year-end report as a Word document (the bureau's; audited as an export). */
export async function yearReport(ctx: Ctx, year: number): Promise<{ fileName: string; buffer: Buffer }> {
  requireAccess(ctx.actor, 'assessment.read');
  // The district's report: the bureau's alone.
  if (ctx.actor.scope !== 'district') throw forbidden('年度报告由区教育局生成');
  const today = todayOf(ctx);
  const f = await figures(ctx.db, ctx.actor.districtId, year, today);
  const { pack } = await loadRulePack(ctx.db as Db, ctx.actor.districtId);
  const described = new Map(pack.rules.map((r) => [r.code, r.description]));
  const total = f.byArea.reduce(
    (a, r) => ({ found: a.found + r.found, closed: a.closed + r.closed, onTime: a.onTime + r.on_time, overdue: a.overdue + r.overdue_open, major: a.major + r.major }),
    { found: 0, closed: 0, onTime: 0, overdue: 0, major: 0 },
  );
  const compMet = f.compliance.reduce((a, r) => a + r.met, 0);
  const compAll = f.compliance.reduce((a, r) => a + r.met + r.missed, 0);
  const schoolScores = f.scores.filter((s) => s.kind === 'school');
  const gradeCount = (g: AssessmentGrade) => schoolScores.filter((s) => s.grade === g).length;
  const incidentsKept = SOURCES.some((s) => s.source === 'incidents');
  const scoreText = (s: { score: number | null; adjusted_score: number | null }) => {
    const v = finalScore({ score: s.score, adjustedScore: s.adjusted_score });
    return v === null ? '—' : String(v);
  };

  const children = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: `${f.districtName}教育系统${year}年度校园安全专项整治评估报告`, bold: true, font: '方正小标宋简体', size: 40 })] }),
    p(`（本报告由安校平台根据${year}年度台账数据于 ${today} 生成初稿，请核对、补充后报区教育局安全办。）`, { align: AlignmentType.CENTER }),
    h('一、总体情况'),
    p(
      `${year}年，全区教育系统共有在册学校 ${f.schools} 所。全年排查发现隐患 ${total.found} 项，已整改销号 ${total.closed} 项（销号率 ${pct(total.closed, total.found)}），` +
        `其中按期销号 ${total.onTime} 项（按期率 ${pct(total.onTime, total.found)}）；重大隐患 ${total.major} 项；截至 ${today} 逾期未销号 ${total.overdue} 项。` +
        `各校安全台账规则全年达标率 ${pct(compMet, compAll)}（${compMet}/${compAll} 个规则时段）。`,
    ),
    h('二、隐患排查整治'),
    p('（一）按领域统计'),
    table(
      ['领域', '发现', '销号', '按期销号', '逾期未销号', '重大隐患'],
      f.byArea.map((r) => [safetyAreaLabels[r.key as SafetyArea] ?? r.key, r.found, r.closed, r.on_time, r.overdue_open, r.major]),
    ),
    chart(
      '各领域隐患发现与销号',
      f.byArea.map((r) => safetyAreaLabels[r.key as SafetyArea] ?? r.key),
      [
        { name: '发现', values: f.byArea.map((r) => r.found) },
        { name: '销号', values: f.byArea.map((r) => r.closed) },
      ],
    ),
    p('（二）按镇街统计'),
    table(['镇街', '发现', '销号', '按期销号', '逾期未销号', '重大隐患'], f.byTown.map((r) => [r.key, r.found, r.closed, r.on_time, r.overdue_open, r.major])),
    chart('各镇街隐患发现与销号', f.byTown.map((r) => r.key), [
      { name: '发现', values: f.byTown.map((r) => r.found) },
      { name: '销号', values: f.byTown.map((r) => r.closed) },
    ], 'bar'),
    h('三、专项整治行动'),
    f.campaigns.length
      ? table(['专项整治', '起止日期', '发现隐患', '已销号', '销号率'], f.campaigns.map((c) => [c.name, `${c.starts_on} 至 ${c.ends_on}`, c.found, c.closed, pct(c.closed, c.found)]))
      : p('本年度未开展专项整治行动。'),
    h('四、安全台账规则达标情况'),
    f.compliance.length
      ? table(['规则', '达标时段', '未达标时段', '达标率'], f.compliance.map((r) => [described.get(r.rule_code) ?? r.rule_code, r.met, r.missed, pct(r.met, r.met + r.missed)]))
      : p('本年度尚无已结束时段的达标记录。'),
    h('五、突发事件及信息报送'),
    p(incidentsKept ? '突发事件及迟报、漏报、谎报、瞒报情况见年度考核“事故信息报送纪律”指标。' : '突发事件台账尚未接入本平台，本节暂无数据，请据实补充。'),
    h('六、年度安全绩效考核结果'),
    f.run
      ? p(
          `${year}年度考核${f.run.status === 'published' ? '已发布' : '已计算，尚未发布'}。参评学校 ${schoolScores.length} 所，其中优秀 ${gradeCount('excellent')} 所、良好 ${gradeCount('good')} 所、合格 ${gradeCount('pass')} 所、不合格 ${gradeCount('fail')} 所` +
            `（一票否决 ${schoolScores.filter((s) => s.vetoed).length} 所）。`,
        )
      : p(`${year}年度考核尚未计算。`),
    ...(f.run
      ? [
          chart('学校考核等次分布', assessmentGrades.map((g) => assessmentGradeLabels[g]), [{ name: '学校数', values: assessmentGrades.map(gradeCount) }]),
          p('（一）镇街得分'),
          table(['镇街', '得分', '等次'], f.scores.filter((s) => s.kind === 'town').map((s) => [s.name, scoreText(s), s.grade ? assessmentGradeLabels[s.grade as AssessmentGrade] : '—'])),
          p('（二）科室得分'),
          table(['科室', '得分', '等次'], f.scores.filter((s) => s.kind === 'department').map((s) => [s.name, scoreText(s), s.grade ? assessmentGradeLabels[s.grade as AssessmentGrade] : '—'])),
          p('（三）学校得分（前 20 名）'),
          table(
            ['学校', '学段', '得分', '等次'],
            schoolScores.slice(0, 20).map((s) => [s.name, s.stage ? schoolStageLabels[s.stage as SchoolStage] : '—', scoreText(s), s.grade ? assessmentGradeLabels[s.grade as AssessmentGrade] : '—']),
          ),
        ]
      : []),
    h('七、存在的问题和下一步工作'),
    p('（请结合本年度情况填写：共性问题和突出隐患、深层次原因、需要建立健全的制度，以及下一年度的工作安排。）'),
  ];

  const doc = new Document({ creator: '安校', title: `${year}年度校园安全评估报告`, sections: [{ children }] });
  const buffer = await Packer.toBuffer(doc);
  await ctx.db.transaction((tx) => writeAudit(tx, auditCtx(ctx), { action: 'export', objectType: 'assessment_run', objectId: `${year}`, after: { report: true, year } }));
  return { fileName: `${f.districtName}${year}年度校园安全评估报告.docx`, buffer };
}
