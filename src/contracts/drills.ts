// Requests and responses of the safety ledgers, the district's rule pack, school calendars and
// compliance (issue 4). The vocabulary (drill kinds, periods, finding statuses) is in ./rules.ts.
import { z } from 'zod';
import { daySchema, pageOf, pageQuery, schoolYearSchema } from './common.js';
import { schoolStages } from './enums.js';
import { fileRef } from './hazards.js';
import { drillKinds, findingStatuses, periodKinds } from './rules.js';

const day = daySchema;
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();

// ---- ledgers --------------------------------------------------------------------------------

/** The ledgers the rules read; which of them are stored yet decides what /compliance evaluates. */
export const ledgerKinds = ['drills', 'trainings', 'meetings', 'inspections', 'letters', 'duties', 'security_profiles', 'insurance_policies'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];
export const ledgerKindLabels: Record<LedgerKind, string> = {
  drills: '应急疏散演练台账',
  trainings: '安全培训台账',
  meetings: '安全专题会议台账',
  inspections: '消防安全专项检查',
  letters: '安全生产责任书',
  duties: '值班带班台账',
  security_profiles: '人防物防技防档案',
  insurance_policies: '校方责任保险台账',
};

export const drillStatuses = ['recorded', 'voided'] as const;
export type DrillStatus = (typeof drillStatuses)[number];
export const drillStatusLabels: Record<DrillStatus, string> = { recorded: '有效', voided: '已作废' };

export const drillBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  heldOn: z.string(),
  kind: z.enum(drillKinds),
  participants: z.number().int(),
  evacuationSeconds: z.number().int().nullable(),
  observers: z.string().nullable(),
  problems: z.string().nullable(),
  files: z.array(fileRef),
  status: z.enum(drillStatuses),
  voidReason: z.string().nullable(),
  createdByName: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Drill = z.infer<typeof drillBody>;
export const drillPage = pageOf(drillBody);

const drillFields = {
  heldOn: day,
  kind: z.enum(drillKinds),
  participants: z.number().int('须为整数').min(1, '至少 1 人').max(100000, '不能超过 100000'),
  evacuationSeconds: z.number().int('须为整数').min(0, '不能为负数').max(86400, '不能超过 86400 秒').nullish(),
  observers: optionalText(500),
  problems: optionalText(2000),
  fileIds: z.array(z.number().int().positive()).max(20, '最多 20 个文件'),
};

export const createDrillBody = z.object({
  schoolId: z.number().int().positive(),
  ...drillFields,
  fileIds: drillFields.fileIds.default([]),
});
export type CreateDrill = z.infer<typeof createDrillBody>;

export const updateDrillBody = z.object({
  version,
  heldOn: drillFields.heldOn.optional(),
  kind: drillFields.kind.optional(),
  participants: drillFields.participants.optional(),
  evacuationSeconds: drillFields.evacuationSeconds,
  observers: drillFields.observers,
  problems: drillFields.problems,
  fileIds: drillFields.fileIds.optional(),
});
export type UpdateDrill = z.infer<typeof updateDrillBody>;

export const voidDrillBody = z.object({
  version,
  voidReason: z.string().trim().min(1, '请填写作废原因').max(500, '最多 500 字'),
});

export const drillListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  kind: z.enum(drillKinds).optional(),
  from: day.optional(),
  to: day.optional(),
  /** Without it only the recorded (not voided) drills. */
  status: z.enum(drillStatuses).optional(),
});
export type DrillListQuery = z.infer<typeof drillListQuery>;

// ---- the district's rule pack -------------------------------------------------------------

export const ruleBody = z.object({
  code: z.string(),
  description: z.string(),
  subject: z.string(),
  sources: z.array(z.object({ seed: z.string(), item: z.string(), quote: z.string() })),
  appliesTo: z.record(z.string(), z.unknown()),
  period: z.enum(periodKinds),
  measure: z.record(z.string(), z.unknown()),
  threshold: z.object({ min: z.number(), unit: z.string() }),
  dueSoonDays: z.number().int(),
  enabled: z.boolean(),
  termOnly: z.boolean().optional(),
  note: z.string().optional(),
  /** The ledger the rule reads, and whether that ledger is kept yet (else /compliance leaves it out). */
  ledger: z.enum(ledgerKinds),
  ledgerStored: z.boolean(),
});

const thresholdChange = z.object({
  code: z.string().min(1),
  min: z.number().optional(),
  dueSoonDays: z.number().int().optional(),
  enabled: z.boolean().optional(),
});

export const rulePackBody = z.object({
  name: z.string(),
  /** The version shown; currentVersion is the one in force. */
  version: z.number().int(),
  currentVersion: z.number().int(),
  basedOn: z.number().int().nullable(),
  changes: z.array(thresholdChange),
  createdByName: z.string(),
  createdAt: z.string(),
  rules: z.array(ruleBody),
  versions: z.array(z.object({ version: z.number().int(), createdByName: z.string(), createdAt: z.string(), changeCount: z.number().int() })),
});
export type RulePackView = z.infer<typeof rulePackBody>;

export const rulePackQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export const changeThresholdsBody = z.object({
  /** The pack version the change was made on: a newer one in force → 409. */
  version,
  changes: z.array(thresholdChange).min(1, '请至少修改一条规则').max(100, '一次最多修改 100 条规则'),
  /** Why the bureau changes the seeds' numbers; kept in the audit event of the change. */
  reason: z.string().trim().max(500, '最多 500 字').optional(),
});
export type ChangeThresholds = z.infer<typeof changeThresholdsBody>;

// ---- school calendars ---------------------------------------------------------------------

const span = z.object({ startsOn: day, endsOn: day });
export const schoolYearParam = z.object({ schoolYear: schoolYearSchema });

export const schoolCalendarBody = z.object({
  schoolYear: z.string(),
  semesters: z.tuple([span, span]),
  holidays: z.array(span.extend({ name: z.string() })),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type SchoolCalendarView = z.infer<typeof schoolCalendarBody>;
export const schoolCalendarList = z.object({ items: z.array(schoolCalendarBody) });

export const putSchoolCalendarBody = z.object({
  semesters: z.tuple([span, span], { error: '请填写两个学期的起止日期' }),
  holidays: z.array(span.extend({ name: z.string().trim().max(50, '最多 50 字') })).max(60, '最多 60 个节假日').default([]),
  /** The version read; leave out only when the school year has no calendar yet. */
  version: version.optional(),
});
export type PutSchoolCalendar = z.infer<typeof putSchoolCalendarBody>;

// ---- compliance -----------------------------------------------------------------------------

export const complianceQuery = z.object({
  ...pageQuery,
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
  /** A school (its card) or a town / the bureau (its schools). */
  unitId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  stage: z.enum(schoolStages).optional(),
  ruleCode: z.string().trim().max(100).optional(),
  status: z.enum(findingStatuses).optional(),
  /** 'school': the page is of schools (all findings of each, for the units × rules matrix); with a status, the schools having one such finding. */
  per: z.enum(['finding', 'school']).default('finding'),
  /** With per=school: the schools in tree order, or those with the most missed (then due soon) rules first. */
  sort: z.enum(['path', 'missed']).default('path'),
});
export type ComplianceQuery = z.infer<typeof complianceQuery>;

export const complianceTrendQuery = complianceQuery.pick({ unitId: true, townId: true, stage: true });
export type ComplianceTrendQuery = z.infer<typeof complianceTrendQuery>;
export const complianceTrendBody = z.object({
  /** Month by month, the findings of the schools in scope counted by status (达标趋势). */
  months: z.array(z.object({ month: z.string(), schools: z.number().int(), met: z.number().int(), dueSoon: z.number().int(), missed: z.number().int() })),
});
export type ComplianceTrend = z.infer<typeof complianceTrendBody>;

const periodBody = z.object({ kind: z.enum(periodKinds), key: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() });

export const findingBody = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  townId: z.number().int().nullable(),
  townName: z.string().nullable(),
  stage: z.enum(schoolStages).nullable(),
  ruleCode: z.string(),
  ruleDescription: z.string(),
  ledger: z.enum(ledgerKinds),
  status: z.enum(findingStatuses),
  period: periodBody.nullable(),
  value: z.number().nullable(),
  target: z.number().nullable(),
  dueOn: z.string().nullable(),
  /** The records counted (the first 50; `value` has the count). */
  recordIds: z.array(z.number().int()),
  explanation: z.string(),
});
export type FindingView = z.infer<typeof findingBody>;

export const complianceBody = z.object({
  asOf: z.string(),
  packVersion: z.number().int(),
  /** The rules judged: those whose ledger is kept. */
  evaluatedRules: z.array(z.object({ code: z.string(), description: z.string(), ledger: z.enum(ledgerKinds) })),
  /** Rules left out because their ledger is not kept yet: not judged, neither met nor missed. */
  pendingLedgers: z.array(z.object({ ledger: z.enum(ledgerKinds), label: z.string(), ruleCodes: z.array(z.string()) })),
  /** Counted over every filter but the status. */
  summary: z.object({ met: z.number().int(), due_soon: z.number().int(), missed: z.number().int(), not_applicable: z.number().int() }),
  /** The same counts per town (schools directly under the bureau: townId null). */
  byTown: z.array(z.object({ townId: z.number().int().nullable(), townName: z.string().nullable(), met: z.number().int(), dueSoon: z.number().int(), missed: z.number().int() })),
  /** When the findings were evaluated (the rollup). */
  evaluatedAt: z.string(),
  items: z.array(findingBody),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ComplianceView = z.infer<typeof complianceBody>;

// ---- key periods (重点时段, 003) ------------------------------------------------------------

export const keyPeriodBody = z.object({
  id: z.number().int(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
});
export const keyPeriodList = z.object({ items: z.array(keyPeriodBody) });

export const createKeyPeriodBody = z.object({
  name: z.string().trim().min(1, '请填写重点时段名称').max(100, '最多 100 字'),
  startsOn: day,
  endsOn: day,
});
export type CreateKeyPeriod = z.infer<typeof createKeyPeriodBody>;
export const updateKeyPeriodBody = createKeyPeriodBody.partial().extend({ version });
export type UpdateKeyPeriod = z.infer<typeof updateKeyPeriodBody>;
