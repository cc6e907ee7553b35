// Requests and responses of the buildings and construction sites (校舍与施工, 001 item 18; 000 item 10;
// issue 21): the building register with the latest safety appraisal and what lets a building be used,
// the construction sites with their isolation from pupils, and their weekly checks. Shaped like the
// other school ledgers (./equipment.ts); the shared parts are in ./ledger.ts.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { fileRef } from './hazards.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { stageFilter } from './equipment.js';
import { appraisalGrades, buildingStructures, buildingUses } from '../domain/buildings.js';

export { appraisalGradeLabels, appraisalGrades, buildingStructureLabels, buildingStructures, buildingUseLabels, buildingUses } from '../domain/buildings.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

// ---- buildings (校舍) ---------------------------------------------------------------------------

export const buildingBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  name: z.string(),
  use: z.enum(buildingUses),
  yearBuilt: z.number().int(),
  structure: z.enum(buildingStructures),
  floors: z.number().int(),
  floorArea: z.number(),
  inUse: z.boolean(),
  appraisalGrade: z.enum(appraisalGrades).nullable(),
  appraisedOn: z.string().nullable(),
  appraisedBy: z.string().nullable(),
  appraisalFiles: z.array(fileRef),
  nextAppraisalDueOn: z.string().nullable(),
  oldOrIdle: z.boolean(),
  riskAssessedOn: z.string().nullable(),
  riskAssessment: z.string().nullable(),
  newOrRefit: z.boolean(),
  airTestPassedOn: z.string().nullable(),
  acceptancePassedOn: z.string().nullable(),
  /** The open hazard of the building (C or D in use), if any. */
  hazard: z.object({ id: z.number().int(), code: z.string() }).nullable(),
  /** What is wrong today, in Chinese (computed): appraisal overdue or due soon, C/D in use. */
  gaps: z.array(z.string()),
  ...recordedFields,
});
export type BuildingView = z.infer<typeof buildingBody>;
export const buildingPage = pageOf(buildingBody);

const buildingFields = {
  name: text('校舍名称', 100),
  use: z.enum(buildingUses, { error: '请选择用途' }),
  yearBuilt: z.number({ error: '请填写建成年份' }).int('须为整数').min(1900, '不能早于 1900 年'),
  structure: z.enum(buildingStructures, { error: '请选择结构类型' }),
  floors: z.number({ error: '请填写层数' }).int('须为整数').max(100, '不能超过 100 层'),
  floorArea: z.number({ error: '请填写建筑面积' }).positive('须大于 0').max(1_000_000, '不能超过 1000000 平方米'),
  inUse: z.boolean().default(true),
  appraisalGrade: z.enum(appraisalGrades, { error: '请选择鉴定等级' }).nullish(),
  appraisedOn: day.nullish(),
  appraisedBy: optionalText(100),
  appraisalFileIds: fileIds.default([]),
  /** Without it, the pack's cadence sets it from the appraisal day and the building's use. */
  nextAppraisalDueOn: day.nullish(),
  oldOrIdle: z.boolean().default(false),
  riskAssessedOn: day.nullish(),
  riskAssessment: optionalText(1000),
  newOrRefit: z.boolean().default(false),
  airTestPassedOn: day.nullish(),
  acceptancePassedOn: day.nullish(),
  fileIds: fileIds.default([]),
};

export const createBuildingBody = z.object({ schoolId: z.number().int().positive(), ...buildingFields });
export type CreateBuilding = z.infer<typeof createBuildingBody>;

export const updateBuildingBody = z.object({
  version,
  name: buildingFields.name.optional(),
  use: buildingFields.use.optional(),
  yearBuilt: buildingFields.yearBuilt.optional(),
  structure: buildingFields.structure.optional(),
  floors: buildingFields.floors.optional(),
  floorArea: buildingFields.floorArea.optional(),
  inUse: z.boolean().optional(),
  appraisalGrade: buildingFields.appraisalGrade,
  appraisedOn: day.nullish(),
  appraisedBy: buildingFields.appraisedBy,
  appraisalFileIds: fileIds.optional(),
  nextAppraisalDueOn: day.nullish(),
  oldOrIdle: z.boolean().optional(),
  riskAssessedOn: day.nullish(),
  riskAssessment: buildingFields.riskAssessment,
  newOrRefit: z.boolean().optional(),
  airTestPassedOn: day.nullish(),
  acceptancePassedOn: day.nullish(),
  fileIds: fileIds.optional(),
});
export type UpdateBuilding = z.infer<typeof updateBuildingBody>;

/** Appraisal filter: overdue or never appraised, due within 30 days (the rule's window). */
export const appraisalDueFilters = ['overdue', 'due_soon'] as const;
export const buildingListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  use: z.enum(buildingUses).optional(),
  grade: z.enum(appraisalGrades).optional(),
  inUse: z.enum(['true', 'false']).optional(),
  due: z.enum(appraisalDueFilters).optional(),
  q: z.string().trim().max(50).optional(),
});
export type BuildingListQuery = z.infer<typeof buildingListQuery>;

/** The bureau's view across the district: per town, buildings, in use, C/D in use, appraisal overdue, sites running. */
export const buildingSummaryBody = z.object({
  rows: z.array(
    z.object({
      townId: z.number().int().nullable(),
      townName: z.string(),
      buildings: z.number().int(),
      inUse: z.number().int(),
      unsafeInUse: z.number().int(),
      appraisalOverdue: z.number().int(),
      sitesRunning: z.number().int(),
    }),
  ),
});
export type BuildingSummary = z.infer<typeof buildingSummaryBody>;

// ---- construction sites (施工) --------------------------------------------------------------------

export const siteBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  project: z.string(),
  constructionUnit: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  buildingId: z.number().int().nullable(),
  buildingName: z.string().nullable(),
  hardFence: z.boolean(),
  separateEntrance: z.boolean(),
  isolationNote: z.string().nullable(),
  lastCheckedOn: z.string().nullable(),
  /** Running on the day (computed). */
  running: z.boolean(),
  ...recordedFields,
});
export type SiteView = z.infer<typeof siteBody>;
export const sitePage = pageOf(siteBody);

const siteFields = {
  project: text('施工项目', 100),
  constructionUnit: text('施工单位', 100),
  startsOn: day,
  endsOn: day,
  buildingId: z.number().int().positive().nullish(),
  hardFence: z.boolean().default(false),
  separateEntrance: z.boolean().default(false),
  isolationNote: optionalText(500),
  /** Photos of the isolation (hard fence, separate entrance). */
  fileIds: fileIds.default([]),
};
export const createSiteBody = z.object({ schoolId: z.number().int().positive(), ...siteFields });
export type CreateSite = z.infer<typeof createSiteBody>;
export const updateSiteBody = z.object({
  version,
  project: siteFields.project.optional(),
  constructionUnit: siteFields.constructionUnit.optional(),
  startsOn: day.optional(),
  endsOn: day.optional(),
  buildingId: siteFields.buildingId,
  hardFence: z.boolean().optional(),
  separateEntrance: z.boolean().optional(),
  isolationNote: siteFields.isolationNote,
  fileIds: fileIds.optional(),
});
export type UpdateSite = z.infer<typeof updateSiteBody>;
export const siteListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  running: z.enum(['true', 'false']).optional(),
});
export type SiteListQuery = z.infer<typeof siteListQuery>;

// ---- the weekly checks of a site ---------------------------------------------------------------------

export const siteCheckBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  siteId: z.number().int(),
  project: z.string(),
  checkedOn: z.string(),
  checkedBy: z.string(),
  fenceIntact: z.boolean(),
  entranceSeparate: z.boolean(),
  checkNote: z.string().nullable(),
  ...recordedFields,
});
export type SiteCheckView = z.infer<typeof siteCheckBody>;
export const siteCheckPage = pageOf(siteCheckBody);
export const createSiteCheckBody = z.object({
  siteId: z.number().int().positive(),
  checkedOn: day,
  checkedBy: text('检查人', 50),
  fenceIntact: z.boolean({ error: '请选择硬隔离是否完好' }),
  entranceSeparate: z.boolean({ error: '请选择施工出入口是否独立' }),
  checkNote: optionalText(1000),
  fileIds: fileIds.default([]),
});
export type CreateSiteCheck = z.infer<typeof createSiteCheckBody>;
export const siteCheckListQuery = z.object({
  ...recordListFilters,
  siteId: z.coerce.number().int().positive().optional(),
});
export type SiteCheckListQuery = z.infer<typeof siteCheckListQuery>;
