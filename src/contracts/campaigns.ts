// Campaigns (专项整治, seeds 002 and 004): the request and response shapes of
//   GET    /campaigns                              list in scope (a school/town sees campaigns that include it)
//   POST   /campaigns                              create (campaign.manage)
//   GET    /campaigns/presets                      the 002 and 004 presets, for the create form
//   GET    /campaigns/:id                          detail: phases, areas, current phase, actions
//   PATCH  /campaigns/:id                          edit (version → 409 when stale)
//   POST   /campaigns/:id/finish                   end the campaign
//   GET    /campaigns/:id/progress                 self-checks, hazards by area/status/town/department, overdue, leading-group counts
//   GET    /campaigns/:id/weekly-returns           ?week= ?departmentId=; each week × responsible department, filed or missing
//   GET    /campaigns/:id/weekly-returns/draft     ?week= &departmentId= — figures drafted from that week's signed steps
//   POST   /campaigns/:id/weekly-returns           save (and with submit: true, submit) a department's return
//   PUT    /campaigns/:id/weekly-returns/:rid      edit a saved return (version), submit: true to submit
//   GET    /campaigns/:id/weekly-returns/:rid/export  the return as Excel (002 attachment 4)
//   POST   /campaigns/:id/hazards/:hid/classify    sort a hazard into one of the three classes (signed step)
//   GET    /campaigns/:id/summary                  counts per class, unclassified, coordination list, false fixes
//   GET    /campaigns/:id/summary/export           the three classes as Excel sheets
//   GET    /campaigns/:id/coordination             the third class with the department that takes it
//   GET    /campaigns/:id/samples                  spot-check samples drawn
//   POST   /campaigns/:id/samples                  draw a sample {ratio, seed?} and create its follow-ups (campaign.manage)
import { z } from 'zod';
import { daySchema } from './common.js';
import { hazardGrades, hazardStatuses, phaseKinds, safetyAreas, summaryClasses, weeklyReturnStatuses, campaignStatuses } from './enums.js';

const day = daySchema;
const id = z.number().int().positive();
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();

// ---- requests ---------------------------------------------------------------------------------

export const campaignPhaseInput = z.object({
  kind: z.enum(phaseKinds),
  name: z.string().trim().min(1, '请填写阶段名称').max(50, '最多 50 字'),
  startsOn: day,
  endsOn: day,
});
export type CampaignPhaseInput = z.infer<typeof campaignPhaseInput>;

export const campaignAreaInput = z.object({
  area: z.enum(safetyAreas),
  tasks: optionalText(4000),
  responsibleSubject: z.string().trim().min(1, '请填写责任主体').max(200, '最多 200 字'),
  responsibleDepartmentIds: z.array(id).min(1, '请选择责任部门').max(20, '最多 20 个部门'),
  cooperatingDepartmentIds: z.array(id).max(20, '最多 20 个部门').default([]),
});
export type CampaignAreaInput = z.infer<typeof campaignAreaInput>;

const campaignFields = {
  name: z.string().trim().min(1, '请填写专项整治名称').max(100, '最多 100 字'),
  description: optionalText(4000),
  /** All schools of the district (002: 全区各中小学、幼儿园), or only schoolIds. */
  allSchools: z.boolean(),
  schoolIds: z.array(id).max(5000, '最多 5000 所学校'),
  startsOn: day,
  endsOn: day,
  /** 002: 3月20日前各学校填写排查表. Each school in scope gets a planned self-check due that day. */
  selfCheckDue: day.nullish(),
  checklistTemplateId: id.nullish(),
  phases: z.array(campaignPhaseInput).min(1, '请至少设置一个阶段').max(10, '最多 10 个阶段'),
  areas: z.array(campaignAreaInput).min(1, '请至少设置一个排查领域').max(20, '最多 20 个领域'),
};

export const createCampaignBody = z.object({
  ...campaignFields,
  allSchools: campaignFields.allSchools.default(true),
  schoolIds: campaignFields.schoolIds.default([]),
});
export type CreateCampaign = z.infer<typeof createCampaignBody>;

/** Any field of the create form (no defaults: an absent field stays as it is); phases and areas, when given, replace the old ones whole. */
export const updateCampaignBody = z.object(campaignFields).partial().extend({ version: z.number().int().positive() });
export type UpdateCampaign = z.infer<typeof updateCampaignBody>;

export const versionBody = z.object({ version: z.number().int().positive() });

export const campaignListQuery = z.object({
  status: z.enum(campaignStatuses).optional(),
});

export const campaignHazardParams = z.object({ id: z.coerce.number().int().positive(), hid: z.coerce.number().int().positive() });
export const weeklyReturnParams = z.object({ id: z.coerce.number().int().positive(), rid: z.coerce.number().int().positive() });

export const weeklyReturnListQuery = z.object({
  week: day.optional(),
  departmentId: z.coerce.number().int().positive().optional(),
});
export const weeklyReturnDraftQuery = z.object({
  week: day,
  departmentId: z.coerce.number().int().positive(),
});

const weeklyReturnTexts = {
  progress: optionalText(4000),
  problems: optionalText(4000),
  nextSteps: optionalText(4000),
  /** Submit after saving (the return can no longer be edited). */
  submit: z.boolean().default(false),
};
export const saveWeeklyReturnBody = z.object({ week: day, departmentId: id, ...weeklyReturnTexts });
export const updateWeeklyReturnBody = z.object({ version: z.number().int().positive(), ...weeklyReturnTexts });
export type SaveWeeklyReturn = z.infer<typeof saveWeeklyReturnBody>;
export type UpdateWeeklyReturn = z.infer<typeof updateWeeklyReturnBody>;

/** 002: 领导小组按比例予以抽查. ratio 0.1 = 10 %; the seed is generated and recorded when absent. */
export const drawSampleBody = z.object({
  ratio: z.number().gt(0, '抽查比例须大于 0').max(1, '抽查比例不能超过 100%'),
  seed: z.string().trim().min(1).max(100, '最多 100 字').nullish(),
  /** The follow-ups' date; today when absent. */
  plannedOn: day.nullish(),
  /** Who carries out the follow-up (回头看); absent: the person drawing, when they may inspect. */
  inspectorIds: z.array(id).max(50, '最多 50 名检查人员').default([]),
});
export type DrawSample = z.infer<typeof drawSampleBody>;

// ---- responses --------------------------------------------------------------------------------

export const campaignActions = ['edit', 'finish', 'draw_sample', 'classify', 'report'] as const;
export type CampaignAction = (typeof campaignActions)[number];

export const campaignBody = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(campaignStatuses),
  allSchools: z.boolean(),
  startsOn: z.string(),
  endsOn: z.string(),
  selfCheckDue: z.string().nullable(),
  /** The phase today falls in (its name), null before, between or after. */
  currentPhaseName: z.string().nullable(),
  schoolCount: z.number().int(),
  /** Schools in scope that submitted the campaign's self-check, and of those by the deadline. */
  selfChecksDone: z.number().int(),
  selfChecksOnTime: z.number().int(),
  hazardCount: z.number().int(),
  openCount: z.number().int(),
  version: z.number().int(),
});
export type Campaign = z.infer<typeof campaignBody>;
export const campaignList = z.object({ items: z.array(campaignBody) });

export const namedId = z.object({ id: z.number().int(), name: z.string() });
export type NamedId = z.infer<typeof namedId>;

export const campaignPhaseBody = z.object({
  id: z.number().int(),
  kind: z.enum(phaseKinds),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  current: z.boolean(),
});
export const campaignAreaBody = z.object({
  id: z.number().int(),
  area: z.enum(safetyAreas),
  tasks: z.string().nullable(),
  responsibleSubject: z.string(),
  responsibleDepartments: z.array(namedId),
  cooperatingDepartments: z.array(namedId),
});
export type CampaignArea = z.infer<typeof campaignAreaBody>;

export const campaignDetailBody = campaignBody.extend({
  description: z.string().nullable(),
  checklistTemplateId: z.number().int().nullable(),
  checklistName: z.string().nullable(),
  phases: z.array(campaignPhaseBody),
  areas: z.array(campaignAreaBody),
  /** Chosen schools when not allSchools. */
  schools: z.array(namedId),
  currentPhase: campaignPhaseBody.nullable(),
  /** Mondays of the weeks that need a weekly return (rectification-type phases). */
  weeklyReturnWeeks: z.array(z.string()),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(z.enum(campaignActions)),
});
export type CampaignDetail = z.infer<typeof campaignDetailBody>;

export const campaignPresetBody = z.object({
  key: z.enum(['002', '004']),
  label: z.string(),
  name: z.string(),
  description: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  selfCheckDue: z.string().nullable(),
  phases: z.array(campaignPhaseInput),
  /** The form's areas with the district's departments matched by name; missing names listed. */
  areas: z.array(
    z.object({
      area: z.enum(safetyAreas),
      tasks: z.string(),
      responsibleSubject: z.string(),
      responsibleDepartmentIds: z.array(z.number().int()),
      cooperatingDepartmentIds: z.array(z.number().int()),
      missingDepartments: z.array(z.string()),
    }),
  ),
  checklistTemplateId: z.number().int().nullable(),
  checklistName: z.string().nullable(),
});
export type CampaignPreset = z.infer<typeof campaignPresetBody>;
export const campaignPresetList = z.object({ items: z.array(campaignPresetBody) });

// -- progress

export const selfCheckStatusEnum = z.enum(['on_time', 'late', 'pending', 'missing']);

export const countRow = z.object({ key: z.string(), label: z.string(), count: z.number().int(), open: z.number().int(), overdue: z.number().int() });
export type CountRow = z.infer<typeof countRow>;

export const overdueHazardRow = z.object({
  id: z.number().int(),
  code: z.string(),
  schoolName: z.string(),
  area: z.enum(safetyAreas),
  grade: z.enum(hazardGrades),
  status: z.enum(hazardStatuses),
  deadline: z.string(),
  responsibleDepartmentName: z.string().nullable(),
});

export const leadingGroupFigures = z.object({
  schools: z.number().int(),
  selfChecksDone: z.number().int(),
  selfChecksOnTime: z.number().int(),
  hazards: z.number().int(),
  major: z.number().int(),
  /** Fix accepted or closed. */
  rectified: z.number().int(),
  closed: z.number().int(),
  /** rectified / hazards, 0–1; null with no hazards. */
  rectificationRate: z.number().nullable(),
  overdue: z.number().int(),
  falseFixes: z.number().int(),
});

export const campaignProgressBody = z.object({
  campaignId: z.number().int(),
  today: z.string(),
  selfCheckDue: z.string().nullable(),
  selfChecks: z.array(
    z.object({
      schoolId: z.number().int(),
      schoolName: z.string(),
      townName: z.string().nullable(),
      status: selfCheckStatusEnum,
      submittedOn: z.string().nullable(),
      inspectionId: z.number().int().nullable(),
      hazardCount: z.number().int(),
    }),
  ),
  selfCheckCounts: z.object({ on_time: z.number().int(), late: z.number().int(), pending: z.number().int(), missing: z.number().int() }),
  byArea: z.array(countRow),
  byStatus: z.array(countRow),
  byTown: z.array(countRow),
  byDepartment: z.array(countRow),
  overdue: z.array(overdueHazardRow),
  overdueTotal: z.number().int(),
  figures: leadingGroupFigures,
});
export type CampaignProgress = z.infer<typeof campaignProgressBody>;

// -- weekly returns (002 attachment 4)

export const weeklyFiguresBody = z.object({
  weekStart: z.string(),
  weekEnd: z.string(),
  areas: z.array(z.enum(safetyAreas)),
  newCount: z.number().int(),
  rectifiedCount: z.number().int(),
  closedCount: z.number().int(),
  totalCount: z.number().int(),
  closedTotal: z.number().int(),
  openCount: z.number().int(),
  overdueCount: z.number().int(),
  byArea: z.array(
    z.object({
      area: z.enum(safetyAreas),
      newCount: z.number().int(),
      rectifiedCount: z.number().int(),
      closedCount: z.number().int(),
      openCount: z.number().int(),
      overdueCount: z.number().int(),
    }),
  ),
  overdue: z.array(z.object({ id: z.number().int(), code: z.string(), schoolName: z.string(), deadline: z.string() })),
});
export type WeeklyFiguresBody = z.infer<typeof weeklyFiguresBody>;

export const weeklyReturnBody = z.object({
  /** null: not saved yet (a draft computed from the data, or a missing return in the list). */
  id: z.number().int().nullable(),
  campaignId: z.number().int(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  weekStart: z.string(),
  weekEnd: z.string(),
  /** missing: a past week with nothing submitted. */
  status: z.enum([...weeklyReturnStatuses, 'missing', 'due'] as const),
  figures: weeklyFiguresBody.nullable(),
  progress: z.string().nullable(),
  problems: z.string().nullable(),
  nextSteps: z.string().nullable(),
  submittedByName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  version: z.number().int().nullable(),
  /** edit / submit / export, for the caller. */
  actions: z.array(z.enum(['edit', 'submit', 'export'] as const)),
});
export type WeeklyReturn = z.infer<typeof weeklyReturnBody>;
export const weeklyReturnList = z.object({ items: z.array(weeklyReturnBody), weeks: z.array(z.string()), departments: z.array(namedId) });

// -- summary (002, 总结评估阶段)

export const summaryHazardRow = z.object({
  id: z.number().int(),
  code: z.string(),
  schoolName: z.string(),
  area: z.enum(safetyAreas),
  description: z.string(),
  grade: z.enum(hazardGrades),
  status: z.enum(hazardStatuses),
  summaryClass: z.enum(summaryClasses).nullable(),
  committedOn: z.string().nullable(),
  coordinationDepartmentId: z.number().int().nullable(),
  coordinationDepartmentName: z.string().nullable(),
  responsibleDepartmentName: z.string().nullable(),
  falseFix: z.boolean(),
  version: z.number().int(),
});
export type SummaryHazardRow = z.infer<typeof summaryHazardRow>;

export const campaignSummaryBody = z.object({
  campaignId: z.number().int(),
  counts: z.object({ resolved: z.number().int(), resolving: z.number().int(), hard: z.number().int(), unclassified: z.number().int() }),
  /** Not yet classified (at most 500 shown). */
  unclassified: z.array(summaryHazardRow),
  /** The third class with the department that takes it (专题协调会). */
  coordination: z.array(summaryHazardRow),
  /** Sampled and found not fixed after all (弄虚作假), for a notice (通报). */
  falseFixes: z.array(summaryHazardRow),
});
export type CampaignSummary = z.infer<typeof campaignSummaryBody>;
export const coordinationList = z.object({ items: z.array(summaryHazardRow) });

export const classifyResult = z.object({ id: z.number().int(), summaryClass: z.enum(summaryClasses), committedOn: z.string().nullable(), coordinationDepartmentId: z.number().int().nullable(), version: z.number().int() });

// -- samples

export const campaignSampleBody = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  seed: z.string(),
  ratio: z.number(),
  hazards: z.array(z.object({ id: z.number().int(), code: z.string(), schoolName: z.string(), falseFix: z.boolean() })),
  followUpInspectionIds: z.array(z.number().int()),
  drawnByName: z.string(),
  drawnAt: z.string(),
});
export type CampaignSample = z.infer<typeof campaignSampleBody>;
export const campaignSampleList = z.object({ items: z.array(campaignSampleBody) });
