// Requests and responses of the risk list (安全风险清单, issue 13; 003, 004): risk points per school
// and area, likelihood × severity → four colours, controls with the person responsible, the kind
// (003: 基础性、季节性、节假日、特殊风险), the review cadence from the rule pack, and the six mechanisms
// of 004 (查找、研判、预警、防范、处置、责任) as signed steps.
import { z } from 'zod';
import { daySchema, pageOf, pageQuery } from './common.js';
import { safetyAreas, hazardGrades } from './enums.js';

const day = daySchema;
const version = z.number({ error: '请带上版本号' }).int().positive();
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);

/** Four colours (四色): 红 重大 / 橙 较大 / 黄 一般 / 蓝 低 (DOMAIN.md, risk). */
export const riskLevels = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskLevel = (typeof riskLevels)[number];
export const riskLevelLabels: Record<RiskLevel, string> = { red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' };
export const riskColourLabels: Record<RiskLevel, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };

/** 003 第二部分之二: 基础性风险、季节性风险、节假日风险、特殊风险. */
export const riskKinds = ['baseline', 'seasonal', 'holiday', 'special'] as const;
export type RiskKind = (typeof riskKinds)[number];
export const riskKindLabels: Record<RiskKind, string> = { baseline: '基础性风险', seasonal: '季节性风险', holiday: '节假日风险', special: '特殊风险' };

/** The seasons a seasonal risk is reviewed before (001 item 12 flood and drowning; winter fire; heat; exams). */
export const riskSeasons = ['flood_drowning', 'winter_fire', 'heat', 'exams'] as const;
export type RiskSeason = (typeof riskSeasons)[number];
export const riskSeasonLabels: Record<RiskSeason, string> = { flood_drowning: '汛期防溺水', winter_fire: '冬季防火', heat: '高温', exams: '考试期间' };

export const riskStatuses = ['active', 'retired'] as const;
export type RiskStatus = (typeof riskStatuses)[number];
export const riskStatusLabels: Record<RiskStatus, string> = { active: '管控中', retired: '已销号' };

/** The signed steps; each is one of 004's six mechanisms (查找、研判、预警、防范、处置、责任). */
export const riskSteps = ['identify', 'assess', 'review', 'escalate', 'raise_hazard', 'retire'] as const;
export type RiskStep = (typeof riskSteps)[number];
export const riskStepLabels: Record<RiskStep, string> = {
  identify: '辨识登记',
  assess: '评估调整',
  review: '按期复核',
  escalate: '升级上报',
  raise_hazard: '管控失效转隐患',
  retire: '销号',
};

/** What a person may do with a risk (the buttons the page shows). */
export const riskActions = ['edit', 'review', 'escalate', 'raise_hazard', 'retire'] as const;
export type RiskAction = (typeof riskActions)[number];

/** Where a risk stands against its review: overdue, due within the lead days, or scheduled. */
export const reviewStates = ['overdue', 'due_soon', 'scheduled', 'retired'] as const;
export type ReviewState = (typeof reviewStates)[number];
export const reviewStateLabels: Record<ReviewState, string> = { overdue: '逾期未复核', due_soon: '即将到期', scheduled: '按期', retired: '已销号' };

const score = (what: string) => z.number({ error: `请选择${what}` }).int(`${what}须为 1—5 的整数`).min(1, `${what}须为 1—5 的整数`).max(5, `${what}须为 1—5 的整数`);

export const riskStepBody = z.object({
  id: z.number().int(),
  action: z.enum(riskSteps),
  on: z.string(),
  note: z.string(),
  level: z.enum(riskLevels).nullable(),
  hazardId: z.number().int().nullable(),
  hazardCode: z.string().nullable(),
  actorName: z.string(),
  actorUnitName: z.string(),
  at: z.string(),
});

export const riskBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  area: z.enum(safetyAreas),
  place: z.string(),
  riskName: z.string(),
  likelihood: z.number().int(),
  severity: z.number().int(),
  score: z.number().int(),
  level: z.enum(riskLevels),
  riskKind: z.enum(riskKinds),
  season: z.enum(riskSeasons).nullable(),
  controls: z.string(),
  controlOwnerId: z.number().int(),
  controlOwnerName: z.string(),
  identifiedOn: z.string(),
  lastReviewedOn: z.string(),
  /** The day by which the next review is due (the level's cadence or a season ahead, whichever comes first). */
  reviewDueOn: z.string().nullable(),
  reviewReason: z.string().nullable(),
  reviewState: z.enum(reviewStates),
  escalatedOn: z.string().nullable(),
  escalationNote: z.string().nullable(),
  hazardId: z.number().int().nullable(),
  hazardCode: z.string().nullable(),
  status: z.enum(riskStatuses),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(z.enum(riskActions)),
  steps: z.array(riskStepBody).optional(),
});
export type RiskView = z.infer<typeof riskBody>;
export const riskPage = pageOf(riskBody);

const riskFields = {
  area: z.enum(safetyAreas, { error: '请选择排查领域' }),
  place: text('区域/部位', 100),
  riskName: text('风险名称', 200),
  likelihood: score('可能性'),
  severity: score('严重性'),
  riskKind: z.enum(riskKinds, { error: '请选择风险类别' }),
  season: z.enum(riskSeasons, { error: '请选择季节' }).nullable(),
  controls: text('管控措施', 2000),
  controlOwnerId: z.number({ error: '请选择管控责任人' }).int().positive('请选择管控责任人'),
};

export const createRiskBody = z.object({ schoolId: z.number({ error: '请选择学校' }).int().positive('请选择学校'), ...riskFields, season: riskFields.season.default(null), identifiedOn: day });
export type CreateRisk = z.infer<typeof createRiskBody>;

export const updateRiskBody = z.object({
  version,
  area: riskFields.area.optional(),
  place: riskFields.place.optional(),
  riskName: riskFields.riskName.optional(),
  likelihood: riskFields.likelihood.optional(),
  severity: riskFields.severity.optional(),
  riskKind: riskFields.riskKind.optional(),
  season: riskFields.season.optional(),
  controls: riskFields.controls.optional(),
  controlOwnerId: riskFields.controlOwnerId.optional(),
  note: z.string().trim().max(500, '最多 500 字').optional(),
});
export type UpdateRisk = z.infer<typeof updateRiskBody>;

/** A review (复核): the day, what was found, and optionally a new assessment. */
export const reviewRiskBody = z.object({
  version,
  reviewedOn: day,
  note: text('复核情况', 1000),
  likelihood: riskFields.likelihood.optional(),
  severity: riskFields.severity.optional(),
});
export type ReviewRisk = z.infer<typeof reviewRiskBody>;

export const escalateRiskBody = z.object({ version, note: text('升级原因', 1000) });
export type EscalateRisk = z.infer<typeof escalateRiskBody>;

/** A control failed: the risk becomes a hazard in the hazard register, linked, in one step. */
export const riskHazardBody = z.object({
  version,
  note: text('管控失效情况', 1000),
  hazardGrade: z.enum(hazardGrades, { error: '请选择隐患等级' }),
  foundOn: day,
});
export type RiskHazard = z.infer<typeof riskHazardBody>;

export const retireRiskBody = z.object({ version, note: text('销号原因', 500) });
export type RetireRisk = z.infer<typeof retireRiskBody>;

export const riskListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  level: z.enum(riskLevels).optional(),
  riskKind: z.enum(riskKinds).optional(),
  area: z.enum(safetyAreas).optional(),
  /** Without it the risks under control (active). */
  status: z.enum(riskStatuses).optional(),
  escalated: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100, '最多 100 字').optional(),
});
export type RiskListQuery = z.infer<typeof riskListQuery>;

/** The four-colour matrix: active risks by town (or by school for a town) and colour. */
export const riskMatrixQuery = z.object({ townId: z.coerce.number().int().positive().optional() });
const levelCounts = z.object({ red: z.number().int(), orange: z.number().int(), yellow: z.number().int(), blue: z.number().int() });
export const riskMatrixBody = z.object({
  /** 'town' rows for the bureau, 'school' rows for a town (or when townId is given). */
  rowsAre: z.enum(['town', 'school']),
  rows: z.array(z.object({ unitId: z.number().int().nullable(), name: z.string(), counts: levelCounts, total: z.number().int() })),
  totals: levelCounts,
  /** Counts by likelihood (1–5) × severity (1–5): grid[l-1][s-1]. */
  grid: z.array(z.array(z.number().int())),
  /** The score bands of the rule pack in force: the least score of red, orange and yellow. */
  bands: z.object({ red: z.number().int(), orange: z.number().int(), yellow: z.number().int() }),
  escalated: z.number().int(),
});
export type RiskMatrix = z.infer<typeof riskMatrixBody>;

/** "Review these risks before <day>": per school, the risks due within the horizon or overdue. */
export const riskDueQuery = z.object({
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
});
export const riskDueBody = z.object({
  asOf: z.string(),
  schools: z.array(
    z.object({
      schoolId: z.number().int(),
      schoolName: z.string(),
      reviewBy: z.string(),
      overdue: z.number().int(),
      items: z.array(z.object({ id: z.number().int(), riskName: z.string(), level: z.enum(riskLevels), dueOn: z.string(), reason: z.string(), state: z.enum(reviewStates) })),
    }),
  ),
});
export type RiskDue = z.infer<typeof riskDueBody>;

/** The pack's review cadence as the page shows it. */
export const riskCadenceBody = z.object({
  packVersion: z.number().int(),
  days: levelCounts,
  leadDays: z.number().int(),
  seasons: z.array(z.object({ season: z.enum(riskSeasons), from: z.string(), to: z.string(), note: z.string() })),
  bands: z.object({ red: z.number().int(), orange: z.number().int(), yellow: z.number().int() }),
  notes: z.array(z.string()),
});
export type RiskCadence = z.infer<typeof riskCadenceBody>;

export const riskOwnersQuery = z.object({ schoolId: z.coerce.number({ error: '请选择学校' }).int().positive('请选择学校') });
export const riskOwnersBody = z.object({ items: z.array(z.object({ id: z.number().int(), displayName: z.string() })) });

const cadenceDays = z.number({ error: '请填写天数' }).int('须为整数');
/** The bureau's change of the cadence: the next version of the rule pack (stale → 409). */
export const changeRiskCadenceBody = z.object({
  /** The pack version in force, as read. */
  version: z.number({ error: '请带上版本号' }).int().positive(),
  days: z.object({ red: cadenceDays.optional(), orange: cadenceDays.optional(), yellow: cadenceDays.optional(), blue: cadenceDays.optional() }, { error: '请填写复核周期' }).optional(),
  leadDays: cadenceDays.optional(),
  reason: z.string({ error: '请填写修改原因' }).trim().min(1, '请填写修改原因').max(500, '最多 500 字'),
});
export type ChangeRiskCadence = z.infer<typeof changeRiskCadenceBody>;
