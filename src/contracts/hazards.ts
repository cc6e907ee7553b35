import { z } from 'zod';
import { boolQuery, daySchema, pageOf, pageQuery } from './common.js';
import { hazardActions, hazardGrades, hazardSources, hazardStatuses, safetyAreas, summaryClasses } from './enums.js';

const day = daySchema;
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();

export const fileRef = z.object({ id: z.number().int(), name: z.string(), mime: z.string(), size: z.number().int() });
export type FileRef = z.infer<typeof fileRef>;

export const hazardBody = z.object({
  id: z.number().int(),
  code: z.string(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  area: z.enum(safetyAreas),
  location: z.string(),
  description: z.string(),
  grade: z.enum(hazardGrades),
  source: z.enum(hazardSources),
  inspectionId: z.number().int().nullable(),
  inspectionCode: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  campaignName: z.string().nullable(),
  foundOn: z.string(),
  foundByName: z.string(),
  responsibleUnitId: z.number().int().nullable(),
  responsibleUserId: z.number().int().nullable(),
  responsibleUserName: z.string().nullable(),
  responsibleDepartmentId: z.number().int().nullable(),
  responsibleDepartmentName: z.string().nullable(),
  measures: z.string().nullable(),
  deadline: z.string().nullable(),
  interimControls: z.string().nullable(),
  funds: z.number().nullable(),
  files: z.array(fileRef),
  status: z.enum(hazardStatuses),
  overdue: z.boolean(),
  pendingDeadline: z.string().nullable(),
  falseFix: z.boolean(),
  summaryClass: z.enum(summaryClasses).nullable(),
  committedOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The signed steps the caller may take now. */
  actions: z.array(z.enum(hazardActions)),
});
export type Hazard = z.infer<typeof hazardBody>;

export const hazardStepBody = z.object({
  id: z.number().int(),
  /** classify: sorted into one of the three classes of a campaign's summary (002), status unchanged.
   * system_close: closed by the system because its cause ended (a building out of use or appraised A/B again). */
  action: z.enum([...hazardActions, 'report', 'classify', 'system_close'] as const),
  fromStatus: z.enum(hazardStatuses).nullable(),
  toStatus: z.enum(hazardStatuses),
  actorName: z.string(),
  actorUnitName: z.string(),
  at: z.string(),
  comment: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  files: z.array(fileRef),
});
export type HazardStep = z.infer<typeof hazardStepBody>;

export const hazardDetailBody = hazardBody.extend({ steps: z.array(hazardStepBody) });
export const hazardPage = pageOf(hazardBody);

export const hazardListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  status: z.enum(hazardStatuses).optional(),
  /** Open: anything not closed. */
  open: boolQuery,
  grade: z.enum(hazardGrades).optional(),
  area: z.enum(safetyAreas).optional(),
  source: z.enum(hazardSources).optional(),
  townId: z.coerce.number().int().positive().optional(),
  schoolId: z.coerce.number().int().positive().optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  inspectionId: z.coerce.number().int().positive().optional(),
  departmentId: z.coerce.number().int().positive().optional(),
  overdue: boolQuery,
  summaryClass: z.enum(summaryClasses).optional(),
  /** What waits on me: hazards where the caller has a step to take. */
  mine: boolQuery,
});
export type HazardListQuery = z.infer<typeof hazardListQuery>;

export const createHazardBody = z.object({
  schoolId: z.number().int().positive(),
  area: z.enum(safetyAreas),
  location: z.string().trim().min(1, '请填写隐患位置').max(200, '最多 200 字'),
  description: z.string().trim().min(1, '请描述隐患').max(2000, '最多 2000 字'),
  grade: z.enum(hazardGrades).default('general'),
  source: z.enum(['school_report', 'public_report', 'drill'] as const).default('school_report'),
  foundOn: day,
  campaignId: z.number().int().positive().nullish(),
  /** A problem found in this drill (source 'drill', 000 item 17): the hazard names the drill. */
  drillId: z.number().int().positive().nullish(),
  fileIds: z.array(z.number().int().positive()).max(20, '最多 20 个文件').default([]),
});
export type CreateHazard = z.infer<typeof createHazardBody>;

/** One signed step; which fields are required depends on the action (src/domain/hazard-workflow.ts). */
export const transitionBody = z.object({
  action: z.enum(hazardActions),
  version: z.number().int().positive(),
  comment: optionalText(2000),
  grade: z.enum(hazardGrades).optional(),
  measures: optionalText(2000),
  deadline: day.nullish(),
  interimControls: optionalText(2000),
  responsibleUserId: z.number().int().positive().nullish(),
  responsibleDepartmentId: z.number().int().positive().nullish(),
  funds: z.number().min(0, '整改资金不能为负数').max(1e12).nullish(),
  evidence: optionalText(2000),
  requestedDeadline: day.nullish(),
  fileIds: z.array(z.number().int().positive()).max(20, '最多 20 个文件').default([]),
  /** Made by the client once per step; the same step sent again with its key returns the hazard without signing twice (issue 17). */
  stepKey: z.string().trim().min(8, '至少 8 个字符').max(64, '最多 64 个字符').optional(),
});
export type TransitionInput = z.infer<typeof transitionBody>;

/** A campaign's department sorts a hazard into one of the three classes (002, summary phase). */
export const classifyBody = z.object({
  version: z.number().int().positive(),
  summaryClass: z.enum(summaryClasses),
  committedOn: day.nullish(),
  coordinationDepartmentId: z.number().int().positive().nullish(),
});

export const notificationBody = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const notificationList = z.object({ items: z.array(notificationBody), unread: z.number().int() });
