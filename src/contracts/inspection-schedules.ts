// Requests and responses of recurring inspections (定期检查, issue 17): a checklist scheduled to
// recur for a set of schools (the daily canteen check, the monthly 消防安全检查日 of 001 item 13,
// weekly during a campaign, twice in each key period) and the occurrences it has made.
import { z } from 'zod';
import { scheduleCadences } from '../domain/inspection-schedules.js';
import { daySchema, pageOf, pageQuery } from './common.js';
import { inspectionKinds } from './enums.js';

export { scheduleCadenceLabels, scheduleCadences, type ScheduleCadence } from '../domain/inspection-schedules.js';

/** The kinds a schedule may make: the planned ones (a follow-up, a cross check or a video patrol is started by hand). */
export const scheduleKinds = ['self_check', 'town_check', 'spot_check', 'specialist', 'joint'] as const satisfies readonly (typeof inspectionKinds)[number][];
export type ScheduleKind = (typeof scheduleKinds)[number];

export const scheduleStatuses = ['active', 'stopped'] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];
export const scheduleStatusLabels: Record<ScheduleStatus, string> = { active: '执行中', stopped: '已停止' };

/** How an occurrence stands for one school. */
export const occurrenceStates = ['planned', 'done', 'late', 'missed', 'failed'] as const;
export type OccurrenceState = (typeof occurrenceStates)[number];
export const occurrenceStateLabels: Record<OccurrenceState, string> = {
  planned: '待检查',
  done: '已完成',
  late: '逾期完成',
  missed: '漏检',
  failed: '未能生成',
};

const id = z.number().int().positive();
const version = z.number({ error: '请带上版本号' }).int().positive();

export const createScheduleBody = z.object({
  title: z.string({ error: '请填写名称' }).trim().min(1, '请填写名称').max(100, '最多 100 字'),
  kind: z.enum(scheduleKinds, { error: '请选择检查类型' }),
  cadence: z.enum(scheduleCadences, { error: '请选择周期' }),
  weekday: z.number().int().min(1, '请选择星期几').max(7, '请选择星期几').nullish(),
  monthDay: z.number().int().min(1, '每月 1–28 日').max(28, '每月 1–28 日（每个月都有的日子）').nullish(),
  startsOn: daySchema,
  endsOn: daySchema.nullish(),
  /** Absent: the district's built-in template (a kindergarten's own for its self-check). */
  checklistTemplateId: id.nullish(),
  /** Weekly during a campaign: the occurrences stay within its dates and count for it. */
  campaignId: id.nullish(),
  /** The schools checked; a school's own schedule defaults to itself. */
  schoolIds: z.array(id).max(1000, '一次最多 1000 所学校').default([]),
  /** Who checks, for the kinds other than a self-check (a school's self-check is done by its own safety staff). */
  inspectorIds: z.array(id).max(50, '最多 50 名检查人员').default([]),
});
export type CreateSchedule = z.input<typeof createScheduleBody>;

export const updateScheduleBody = z.object({
  version,
  title: z.string().trim().min(1, '请填写名称').max(100, '最多 100 字').optional(),
  endsOn: daySchema.nullish(),
  status: z.enum(scheduleStatuses).optional(),
  inspectorIds: z.array(id).max(50, '最多 50 名检查人员').optional(),
});
export type UpdateSchedule = z.infer<typeof updateScheduleBody>;

export const scheduleListQuery = z.object({
  status: z.enum(scheduleStatuses).optional(),
  ...pageQuery,
});
export type ScheduleListQuery = z.infer<typeof scheduleListQuery>;

export const scheduleView = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: z.enum(scheduleKinds),
  cadence: z.enum(scheduleCadences),
  cadenceText: z.string(),
  weekday: z.number().int().nullable(),
  monthDay: z.number().int().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  status: z.enum(scheduleStatuses),
  organizerUnitId: z.number().int(),
  organizerName: z.string(),
  checklistTemplateId: z.number().int().nullable(),
  checklistName: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  campaignName: z.string().nullable(),
  schoolIds: z.array(z.number().int()),
  schoolCount: z.number().int(),
  inspectorIds: z.array(z.number().int()),
  /** The next day an occurrence falls on, within 400 days; null when none. */
  nextOn: z.string().nullable(),
  /** The last 30 days' occurrences for the schools the caller sees. */
  recent: z.object({ done: z.number().int(), missed: z.number().int(), open: z.number().int() }),
  canEdit: z.boolean(),
  version: z.number().int(),
});
export type ScheduleView = z.infer<typeof scheduleView>;
export const schedulePage = pageOf(scheduleView);

export const occurrenceView = z.object({
  id: z.number().int(),
  occursOn: z.string(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  inspectionId: z.number().int().nullable(),
  inspectionCode: z.string().nullable(),
  targetId: z.number().int().nullable(),
  submittedOn: z.string().nullable(),
  state: z.enum(occurrenceStates),
  problem: z.string().nullable(),
});
export type OccurrenceView = z.infer<typeof occurrenceView>;

export const occurrenceQuery = z.object({ ...pageQuery });
export const occurrencePage = pageOf(occurrenceView);
