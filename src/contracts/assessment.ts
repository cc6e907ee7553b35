// The yearly safety assessment (安全绩效考核, issue 14; 001 items 22 and 27, 004): the district's
// indicator scheme per year (versioned), the computed scores of every unit with the records behind
// each figure, the bureau's adjustments, publishing, export and the year-end report.
import { z } from 'zod';
import { pageQuery, yearQuery, yearSchema } from './common.js';
import { schoolStages } from './enums.js';

const version = z.number({ error: '请带上版本号' }).int().positive();
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);

/** Where an indicator's figures come from. Each is one entry in the server's list of sources. */
export const assessmentSources = [
  'compliance',
  'hazard_closure',
  'major_hazards',
  'campaign_self_check',
  'weekly_returns',
  'training',
  'letters',
  'incidents',
  'tasks',
] as const;
export type AssessmentSource = (typeof assessmentSources)[number];
export const assessmentSourceLabels: Record<AssessmentSource, string> = {
  compliance: '台账达标（全年各时段规则达标率）',
  hazard_closure: '隐患整改（按期销号率）',
  major_hazards: '重大隐患挂牌督办（未按期整改扣分）',
  campaign_self_check: '专项整治自查按时完成',
  weekly_returns: '专项整治周报按时报送',
  training: '安全培训覆盖率',
  letters: '安全责任书签订',
  incidents: '突发事件报告纪律（迟报、漏报、谎报、瞒报）',
  tasks: '工作要点任务完成',
};

export const assessedKinds = ['school', 'town', 'department'] as const;
export type AssessedKind = (typeof assessedKinds)[number];
export const assessedKindLabels: Record<AssessedKind, string> = { school: '学校', town: '镇街', department: '科室' };

export const assessmentGrades = ['excellent', 'good', 'pass', 'fail'] as const;
export type AssessmentGrade = (typeof assessmentGrades)[number];
export const assessmentGradeLabels: Record<AssessmentGrade, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };

export const runStatuses = ['none', 'draft', 'published'] as const;
export type RunStatus = (typeof runStatuses)[number];
export const runStatusLabels: Record<RunStatus, string> = { none: '未计算', draft: '已计算（未发布）', published: '已发布' };

// ---- the scheme -------------------------------------------------------------------------------

const score = (what: string) => z.number({ error: `请填写${what}` }).min(0, `${what}不能小于 0`).max(100, `${what}不能大于 100`);

export const indicatorSchema = z.object({
  code: z
    .string({ error: '请填写指标编码' })
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, '指标编码只能用小写字母、数字和下划线，以字母开头'),
  label: text('指标名称', 60),
  source: z.enum(assessmentSources, { error: '请选择数据来源' }),
  weight: score('权重'),
  scoring: z.discriminatedUnion(
    'kind',
    [z.object({ kind: z.literal('ratio') }), z.object({ kind: z.literal('deduct'), perItem: z.number({ error: '请填写每项扣分' }).min(0).max(100) })],
    { error: '请选择计分方式' },
  ),
});
export type IndicatorInput = z.infer<typeof indicatorSchema>;

export const gradesSchema = z.object({ excellent: score('优秀分数线'), good: score('良好分数线'), pass: score('合格分数线') });

export const schemeQuery = z.object({ year: yearQuery });

export const saveSchemeBody = z.object({
  year: yearSchema,
  /** The version being replaced; absent for the year's first scheme. */
  version: version.optional(),
  indicators: z.array(indicatorSchema).max(30, '最多 30 项指标'),
  grades: gradesSchema,
  reason: text('修改原因', 500),
});
export type SaveScheme = z.infer<typeof saveSchemeBody>;

export const schemeBody = z.object({
  year: z.number().int(),
  /** 0: no scheme saved for the year yet (the default is shown to start from). */
  version: z.number().int(),
  indicators: z.array(indicatorSchema),
  grades: gradesSchema,
  reason: z.string().nullable(),
  savedByName: z.string().nullable(),
  savedAt: z.string().nullable(),
  /** Every saved version, newest first. */
  history: z.array(z.object({ version: z.number().int(), reason: z.string(), savedByName: z.string(), savedAt: z.string(), weights: z.record(z.string(), z.number()) })),
  mayManage: z.boolean(),
});
export type SchemeView = z.infer<typeof schemeBody>;

// ---- the run and the scores ---------------------------------------------------------------------

export const computeBody = z.object({ year: yearSchema });
export const publishBody = z.object({ year: yearSchema, version });

export const runBody = z.object({
  year: z.number().int(),
  status: z.enum(runStatuses),
  version: z.number().int(),
  schemeVersion: z.number().int().nullable(),
  computedAt: z.string().nullable(),
  computedByName: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedByName: z.string().nullable(),
  /** Units counted by grade (final scores), for the chart. */
  byGrade: z.record(z.string(), z.number().int()),
  /** Period-end days of the year whose compliance is not recorded yet (the scheduler records them; a compute only when that is little work). */
  pendingPeriodDays: z.number().int(),
  /** Schools with a record dated in a stored period changed since: their periods wait to be evaluated again. */
  staleSchools: z.number().int(),
  mayManage: z.boolean(),
});
export type RunView = z.infer<typeof runBody>;

export const indicatorFigure = z.object({
  code: z.string(),
  hasData: z.boolean(),
  total: z.number().int(),
  met: z.number().int(),
  ratio: z.number().nullable(),
  points: z.number().nullable(),
  weight: z.number(),
  note: z.string(),
});
export type IndicatorFigure = z.infer<typeof indicatorFigure>;

export const scoreRow = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  kind: z.enum(assessedKinds),
  townId: z.number().int().nullable(),
  townName: z.string().nullable(),
  stage: z.enum(schoolStages).nullable(),
  score: z.number().nullable(),
  adjustedScore: z.number().nullable(),
  adjustmentReason: z.string().nullable(),
  adjustedByName: z.string().nullable(),
  adjustedAt: z.string().nullable(),
  finalScore: z.number().nullable(),
  grade: z.enum(assessmentGrades).nullable(),
  vetoed: z.boolean(),
  rankInStage: z.number().int().nullable(),
  rankInTown: z.number().int().nullable(),
  figures: z.array(indicatorFigure),
  version: z.number().int(),
});
export type ScoreRow = z.infer<typeof scoreRow>;

export const scoresQuery = z.object({
  ...pageQuery,
  year: yearQuery,
  kind: z.enum(assessedKinds).default('school'),
  townId: z.coerce.number().int().positive().optional(),
  stage: z.enum(schoolStages).optional(),
  grade: z.enum(assessmentGrades).optional(),
});
export type ScoresQuery = z.infer<typeof scoresQuery>;

export const scoresBody = z.object({
  run: runBody,
  indicators: z.array(indicatorSchema),
  items: z.array(scoreRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ScoresView = z.infer<typeof scoresBody>;

export const evidenceBody = z.object({ ok: z.boolean(), kind: z.string(), id: z.union([z.number(), z.string()]), label: z.string(), on: z.string().nullable(), note: z.string().optional() });
export type EvidenceView = z.infer<typeof evidenceBody>;

export const unitScoreQuery = z.object({ year: yearQuery });
export const unitScoreParams = z.object({ unitId: z.coerce.number().int().positive() });

export const unitScoreBody = z.object({
  row: scoreRow,
  indicators: z.array(indicatorSchema.extend({ figure: indicatorFigure, items: z.array(evidenceBody), itemsTotal: z.number().int() })),
  veto: z.array(z.object({ kind: z.string(), id: z.union([z.number(), z.string()]), label: z.string() })),
  /** A town's schools, with their final scores. */
  schools: z.array(z.object({ unitId: z.number().int(), unitName: z.string(), finalScore: z.number().nullable(), grade: z.enum(assessmentGrades).nullable() })),
  mayAdjust: z.boolean(),
});
export type UnitScoreView = z.infer<typeof unitScoreBody>;

export const adjustBody = z.object({
  year: yearSchema,
  version,
  /** null: withdraw the adjustment (the computed score counts again). */
  adjustedScore: score('调整后分数').nullable(),
  reason: text('调整理由', 500),
});
export type AdjustInput = z.infer<typeof adjustBody>;

export const exportQuery = scoresQuery.omit({ page: true, pageSize: true });
