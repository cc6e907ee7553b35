// Oversight of compliance (issue 4): acting on a missed finding (a hazard or a rectification
// notice to the school), and a school's calendar of what falls due in a month.
import { z } from 'zod';
import { daySchema, monthSchema } from './common.js';
import { hazardGrades, hazardStatuses, safetyAreas } from './enums.js';
import { findingStatuses } from './rules.js';

const day = daySchema;

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
