// Compliance (issue 4): the board of findings (per finding or per school) and its trend month by
// month; acting on a missed finding (a hazard or a rectification notice to the school); a school's
// calendar of what falls due in a month. The rule vocabulary (periods, finding statuses) is in ./rules.ts.
import { z } from 'zod';
import { daySchema, monthSchema, pageQuery } from './common.js';
import { hazardGrades, hazardStatuses, safetyAreas, schoolStages } from './enums.js';
import { findingStatuses, ledgerKinds, periodKinds } from './rules.js';

const day = daySchema;

// ---- the board and its trend ----------------------------------------------------------------

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
  /**
   * A past day (issue 14): the board as of that day from the year's record — each school's latest
   * period per rule ended by then, met or missed as it closed. Absent or today: today's findings.
   */
  asOf: day.optional(),
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
  /** As of a past day: what the year's record does not hold yet (period-end days not recorded, schools waiting to be evaluated again); null for today. */
  record: z.object({ pendingDays: z.number().int(), staleSchools: z.number().int() }).nullable(),
  items: z.array(findingBody),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ComplianceView = z.infer<typeof complianceBody>;

/** The board's matrix (issue 19): the filters of the board, always a page of schools. */
export const complianceMatrixQuery = complianceQuery.omit({ per: true });
export type ComplianceMatrixQuery = z.infer<typeof complianceMatrixQuery>;

export const complianceMatrixBody = complianceBody.omit({ items: true }).extend({
  /**
   * The page's sentences (a cell's explanation), each once: 1,310 cells of 20 schools say 230
   * different things (issue 19), and a cell names its own by its index here (`sentence`).
   */
  sentences: z.array(z.string()),
  /** The page's schools, each with every judged rule that applies to it (a cell) and its counts. */
  schools: z.array(
    z.object({
      unitId: z.number().int(),
      unitName: z.string(),
      townId: z.number().int().nullable(),
      townName: z.string().nullable(),
      stage: z.enum(schoolStages).nullable(),
      missed: z.number().int(),
      dueSoon: z.number().int(),
      cells: z.array(z.object({ ruleCode: z.string(), status: z.enum(findingStatuses), sentence: z.number().int() })),
    }),
  ),
});
export type ComplianceMatrixView = z.infer<typeof complianceMatrixBody>;

// ---- acting on a missed finding -------------------------------------------------------------

export const complianceActionKinds = ['hazard', 'notice'] as const;
export type ComplianceActionKind = (typeof complianceActionKinds)[number];
export const complianceActionKindLabels: Record<ComplianceActionKind, string> = { hazard: '生成隐患', notice: '发整改通知' };

export const complianceActionBody = z.object({
  unitId: z.number({ error: '请选择学校' }).int().positive(),
  ruleCode: z.string({ error: '请选择规则' }).trim().min(1, '请选择规则').max(100),
  action: z.enum(complianceActionKinds, { error: '请选择“生成隐患”或“发整改通知”' }),
  note: z.string().trim().max(500, '最多 500 字').nullish(),
  /** The hazard's grade (hazard only). */
  grade: z.enum(hazardGrades).default('general'),
  /** The day by which the school is to make it good: in the notice; suggested in the hazard. */
  deadline: day.nullish(),
});
export type ComplianceActionInput = z.infer<typeof complianceActionBody>;

export const complianceActionResult = z.object({
  action: z.enum(complianceActionKinds),
  unitId: z.number().int(),
  ruleCode: z.string(),
  periodLabel: z.string().nullable(),
  hazard: z.object({ id: z.number().int(), code: z.string() }).nullable(),
  notice: z.object({ title: z.string(), recipients: z.number().int() }).nullable(),
});
export type ComplianceActionResult = z.infer<typeof complianceActionResult>;

export const complianceActionsQuery = z.object({ unitId: z.coerce.number().int().positive() });

/** What the caller may do on a school's findings, and the hazards already opened from them. */
export const complianceActionsView = z.object({
  unitId: z.number().int(),
  mayNotice: z.boolean(),
  rules: z.array(z.object({ ruleCode: z.string(), area: z.enum(safetyAreas), mayOpenHazard: z.boolean(), refusal: z.string().nullable() })),
  /** Hazards opened from findings of this school that are not closed (one per rule and period). */
  openHazards: z.array(z.object({ id: z.number().int(), code: z.string(), ruleCode: z.string(), periodKey: z.string(), status: z.enum(hazardStatuses), visible: z.boolean() })),
});
export type ComplianceActionsView = z.infer<typeof complianceActionsView>;

// ---- the school's calendar of what falls due ------------------------------------------------

export const dueItemKinds = ['finding', 'education_day', 'key_period', 'holiday', 'semester'] as const;
export type DueItemKind = (typeof dueItemKinds)[number];
export const dueItemKindLabels: Record<DueItemKind, string> = {
  finding: '台账到期',
  education_day: '安全教育日',
  key_period: '重点时段',
  holiday: '节假日',
  semester: '学期',
};

export const dueCalendarQuery = z.object({
  month: monthSchema.optional(),
});

export const dueItemBody = z.object({
  key: z.string(),
  kind: z.enum(dueItemKinds),
  startsOn: z.string(),
  endsOn: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  /** For a finding: its status today. */
  status: z.enum(findingStatuses).nullable(),
  ruleCode: z.string().nullable(),
  source: z.string().nullable(),
});
export type DueItem = z.infer<typeof dueItemBody>;

export const dueCalendarBody = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  month: z.string(),
  asOf: z.string(),
  items: z.array(dueItemBody),
  /** Missed findings whose deadline passed before the month: still to be made good. */
  overdue: z.array(dueItemBody),
  /** Ledgers whose rules are not judged yet (not kept): their deadlines are not in the calendar. */
  pendingLedgers: z.array(z.string()),
});
export type DueCalendar = z.infer<typeof dueCalendarBody>;

// ---- the year's record: a school's periods per rule as of a day (issue 14) ------------------

export const compliancePeriodsQuery = z.object({
  unitId: z.coerce.number({ error: '请选择学校' }).int().positive('请选择学校'),
  /** The day the record is read as of (default today): the periods of its year that ended by then, and the one under way. */
  asOf: day.optional(),
});
export type CompliancePeriodsQuery = z.infer<typeof compliancePeriodsQuery>;

export const periodFindingBody = z.object({
  period: periodBody,
  status: z.enum(findingStatuses),
  value: z.number().nullable(),
  target: z.number().nullable(),
  dueOn: z.string().nullable(),
  recordIds: z.array(z.number().int()),
  explanation: z.string(),
  /** false: the period was still under way on the as-of day (the finding as of that day). */
  closed: z.boolean(),
});
export type PeriodFindingView = z.infer<typeof periodFindingBody>;

export const compliancePeriodsBody = z.object({
  asOf: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  rules: z.array(z.object({ ruleCode: z.string(), ruleDescription: z.string(), ledger: z.enum(ledgerKinds), periods: z.array(periodFindingBody) })),
});
export type CompliancePeriodsView = z.infer<typeof compliancePeriodsBody>;
