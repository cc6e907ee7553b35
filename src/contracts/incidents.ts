// Requests and responses of incidents (突发事件 / 安全事故, issue 13): the incident, its reports up the
// chain with receipts, the bureau's determination, the discipline flags with their evidence, the
// key periods' daily reports (零报告) and the reporting deadlines of the rule pack.
import { z } from 'zod';
import { daySchema, pageOf, pageQuery } from './common.js';
import { determinationFindings, disciplineFlags, incidentLevels, reportKinds } from '../domain/incidents.js';

export { disciplineFlagLabels, incidentLevelLabels } from '../domain/incidents.js';
export { determinationFindings, disciplineFlags, incidentLevels, reportKinds };
export type { DeterminationFinding, DisciplineFlag, IncidentLevel, ReportKind } from '../domain/incidents.js';

// The four categories of 突发事件 and the kinds a school meets (issue 13; 000 第14条 强制报告).
export const incidentCategories = ['natural_disaster', 'accident_disaster', 'public_health', 'social_security'] as const;
export type IncidentCategory = (typeof incidentCategories)[number];
export const incidentCategoryLabels: Record<IncidentCategory, string> = {
  natural_disaster: '自然灾害',
  accident_disaster: '事故灾难',
  public_health: '公共卫生事件',
  social_security: '社会安全事件',
};
export const incidentSubtypes = [
  'drowning',
  'traffic',
  'fire',
  'food_poisoning',
  'infectious_cluster',
  'bullying_violence',
  'self_harm',
  'intrusion',
  'sexual_harm',
  'network_security',
  'natural_hazard',
  'other',
] as const;
export type IncidentSubtype = (typeof incidentSubtypes)[number];
export const incidentSubtypeLabels: Record<IncidentSubtype, string> = {
  drowning: '溺水',
  traffic: '交通事故',
  fire: '火灾',
  food_poisoning: '食物中毒',
  infectious_cluster: '传染病聚集性疫情',
  bullying_violence: '欺凌与暴力',
  self_harm: '自伤自残',
  intrusion: '不法侵入校园',
  sexual_harm: '性侵害未成年人（强制报告）',
  network_security: '网络安全事件',
  natural_hazard: '地震、台风、暴雨等灾害',
  other: '其他',
};
/** Which category a subtype belongs to: a subtype under another category is refused naming subtype. */
export const subtypeCategory: Record<IncidentSubtype, IncidentCategory | null> = {
  drowning: 'accident_disaster',
  traffic: 'accident_disaster',
  fire: 'accident_disaster',
  food_poisoning: 'public_health',
  infectious_cluster: 'public_health',
  bullying_violence: 'social_security',
  self_harm: 'social_security',
  intrusion: 'social_security',
  sexual_harm: 'social_security',
  network_security: 'social_security',
  natural_hazard: 'natural_disaster',
  other: null,
};
export const reportKindLabels = { first: '首报', written: '书面报告', follow_up: '续报', final: '终报' } as const;
export const reportChannels = ['system', 'phone'] as const;
export type ReportChannel = (typeof reportChannels)[number];
export const reportChannelLabels: Record<ReportChannel, string> = { system: '系统报送', phone: '电话报告' };
export const incidentStatuses = ['open', 'closed'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];
export const incidentStatusLabels: Record<IncidentStatus, string> = { open: '处置中', closed: '已终报' };

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');
const count = (what: string) => z.number({ error: `请填写${what}` }).int('须为整数').min(0, '不能为负数').max(10000, '不能超过 10000');
/** An instant with its offset ('2026-05-10T09:30:00+08:00'); in the future or too old is refused by the service. */
export const instantSchema = z.iso.datetime({ offset: true, error: '请填写时间（含时区，如 2026-05-10T09:30:00+08:00）' });

const facts = {
  severity: z.enum(incidentLevels, { error: '请选择事件等级' }),
  dead: count('死亡人数'),
  injured: count('受伤人数'),
  missingPersons: count('失踪人数'),
};

export const phoneReportBody = z.object({
  reportedAt: instantSchema,
  callerName: text('报告人', 50),
});

export const createIncidentBody = z.object({
  unitId: z.number({ error: '请选择事发单位' }).int().positive(),
  headline: text('事件名称', 100),
  occurredAt: instantSchema,
  knownAt: instantSchema,
  place: text('发生地点', 200),
  category: z.enum(incidentCategories, { error: '请选择事件类别' }),
  subtype: z.enum(incidentSubtypes, { error: '请选择事件类型' }),
  ...facts,
  actionsTaken: text('已采取的措施', 2000),
  fileIds: fileIds.default([]),
  /** A higher unit entering a unit's incident logs the unit's phone call here (the unit's first report). */
  phoneReport: phoneReportBody.optional(),
});
export type CreateIncident = z.infer<typeof createIncidentBody>;

export const createReportBody = z.object({
  version,
  reportKind: z.enum(reportKinds, { error: '请选择报告类型' }),
  content: text('报告内容', 4000),
  ...facts,
  fileIds: fileIds.default([]),
  /** A call from the unit logged by whoever took it: when and who called. */
  phoneReport: phoneReportBody.optional(),
});
export type CreateReport = z.infer<typeof createReportBody>;

export const determinationBody = z.object({
  version,
  findings: z.array(z.enum(determinationFindings, { error: '认定结论无效' })).max(3).default([]),
  reasons: text('认定理由', 2000),
  facts: z.object(facts).optional(),
});
export type DeterminationInputBody = z.infer<typeof determinationBody>;

export const receiveBody = z.object({ version });

// ---- views ---------------------------------------------------------------------------------------------

export const flagBody = z.object({ flag: z.enum(disciplineFlags), label: z.string(), evidence: z.string(), at: z.string() });
export type FlagView = z.infer<typeof flagBody>;

export const receiptBody = z.object({ id: z.number().int(), unitId: z.number().int(), unitName: z.string(), userName: z.string(), receivedAt: z.string() });

export const reportBody = z.object({
  id: z.number().int(),
  kind: z.enum(reportKinds),
  channel: z.enum(reportChannels),
  byOwnUnit: z.boolean(),
  reportedAt: z.string(),
  callerName: z.string().nullable(),
  content: z.string(),
  severity: z.enum(incidentLevels),
  dead: z.number().int(),
  injured: z.number().int(),
  missingPersons: z.number().int(),
  files: z.array(z.object({ id: z.number().int(), name: z.string(), mime: z.string(), size: z.number().int() })),
  actorName: z.string(),
  actorUnitName: z.string(),
  receipts: z.array(receiptBody),
  /** Units above the reporting one that have not signed for it yet, and whether the caller may sign now. */
  awaitingUnits: z.array(z.object({ id: z.number().int(), name: z.string() })),
  canReceive: z.boolean(),
});

export const determinationView = z.object({
  id: z.number().int(),
  findings: z.array(z.enum(determinationFindings)),
  reasons: z.string(),
  facts: z.object({ severity: z.enum(incidentLevels), dead: z.number().int(), injured: z.number().int(), missingPersons: z.number().int() }).nullable(),
  actorName: z.string(),
  actorUnitName: z.string(),
  createdAt: z.string(),
});

export const incidentRow = z.object({
  id: z.number().int(),
  code: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  headline: z.string(),
  occurredAt: z.string(),
  knownAt: z.string(),
  place: z.string(),
  category: z.enum(incidentCategories),
  subtype: z.enum(incidentSubtypes),
  severity: z.enum(incidentLevels),
  dead: z.number().int(),
  injured: z.number().int(),
  missingPersons: z.number().int(),
  source: z.enum(['self', 'higher']),
  status: z.enum(incidentStatuses),
  firstDueAt: z.string(),
  writtenDueAt: z.string(),
  flags: z.array(flagBody),
  version: z.number().int(),
});
export type IncidentRow = z.infer<typeof incidentRow>;
export const incidentPage = pageOf(incidentRow);

export const incidentActions = ['report', 'determine'] as const;
export const incidentView = incidentRow.extend({
  actionsTaken: z.string(),
  files: z.array(z.object({ id: z.number().int(), name: z.string(), mime: z.string(), size: z.number().int() })),
  enteredByUnitName: z.string(),
  closedAt: z.string().nullable(),
  reports: z.array(reportBody),
  determinations: z.array(determinationView),
  /** The report kinds the caller may send now (none when the incident is closed or not theirs). */
  nextReportKinds: z.array(z.enum(reportKinds)),
  actions: z.array(z.enum(incidentActions)),
});
export type IncidentView = z.infer<typeof incidentView>;

export const incidentListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  category: z.enum(incidentCategories).optional(),
  subtype: z.enum(incidentSubtypes).optional(),
  severity: z.enum(incidentLevels).optional(),
  status: z.enum(incidentStatuses).optional(),
  flag: z.enum(disciplineFlags).optional(),
  from: daySchema.optional(),
  to: daySchema.optional(),
});
export type IncidentListQuery = z.infer<typeof incidentListQuery>;

export const incidentFigures = z.object({ open: z.number().int(), lateThisYear: z.number().int(), missingThisYear: z.number().int(), year: z.number().int() });
export type IncidentFigures = z.infer<typeof incidentFigures>;

// ---- the rule pack's deadlines ------------------------------------------------------------------------

const sourceBody = z.object({ seed: z.string(), item: z.string(), quote: z.string() });
export const deadlinesView = z.object({
  packVersion: z.number().int(),
  levels: z.array(
    z.object({
      level: z.enum(incidentLevels),
      firstReportMinutes: z.number().int(),
      writtenReportHours: z.number().int(),
      followUpHours: z.number().int(),
      sources: z.array(sourceBody),
      note: z.string().optional(),
    }),
  ),
  dailyReport: z.object({ dueNextMorningHour: z.number().int(), sources: z.array(sourceBody), note: z.string().optional() }),
});
export type DeadlinesView = z.infer<typeof deadlinesView>;

// ---- daily reports in key periods (零报告, 003) -----------------------------------------------------

export const requireDailyBody = z.object({ keyPeriodId: z.number({ error: '请选择重点时段' }).int().positive() });

export const dailyReportCreate = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  reportDay: daySchema,
  nothingHappened: z.boolean({ error: '请选择是否发生事件' }),
  note: z.string().trim().max(500, '最多 500 字').optional(),
  /** 000 item 3, 003 第三部分之六: no new or escalating dispute or petition that day, or the school's records concerned. */
  disputesNothing: z.boolean({ error: '请选择有无矛盾纠纷、信访' }),
  disputeIds: z.array(z.number({ error: '请选择矛盾纠纷、信访记录' }).int().positive(), { error: '请选择矛盾纠纷、信访记录' }).max(20, '最多选择 20 条').default([]),
});
export type DailyReportCreate = z.infer<typeof dailyReportCreate>;

export const dailyBoardQuery = z.object({ keyPeriodId: z.coerce.number().int().positive().optional() });

export const dailyBoard = z.object({
  periods: z.array(z.object({ id: z.number().int(), name: z.string(), startsOn: z.string(), endsOn: z.string(), required: z.boolean() })),
  period: z.object({ id: z.number().int(), name: z.string(), startsOn: z.string(), endsOn: z.string(), required: z.boolean() }).nullable(),
  /** Days of the period up to today. */
  days: z.array(z.string()),
  schools: z.array(
    z.object({
      schoolId: z.number().int(),
      schoolName: z.string(),
      /** One cell per day: reported (nothing / something), missing (past the next morning), or still open. */
      cells: z.array(
        z.object({
          day: z.string(),
          state: z.enum(['nothing', 'something', 'missing', 'open']),
          reportedAt: z.string().nullable(),
          note: z.string().nullable(),
          /** Disputes and petitions that day: none, the records named, or not asked (an older report, none sent). */
          disputes: z.enum(['nothing', 'some']).nullable(),
          disputeIds: z.array(z.number().int()),
        }),
      ),
    }),
  ),
  missingCount: z.number().int(),
  /** School-days reported with disputes or petitions in the period so far. */
  disputeCount: z.number().int(),
  canRequire: z.boolean(),
  canReport: z.boolean(),
});
export type DailyBoard = z.infer<typeof dailyBoard>;
