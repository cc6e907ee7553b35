import { z } from 'zod';
import { boolQuery, daySchema, pageOf, pageQuery } from './common.js';
import { hazardGrades, hazardStatuses, inspectionKinds, inspectionStatuses, itemResults, safetyAreas } from './enums.js';
import { fileRef } from './hazards.js';

const day = daySchema;
const id = z.number().int().positive();
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();

/** The item key of a hazard checked again by a follow-up (回头看): its form lists hazards, not checklist items. */
export const hazardItemKey = (hazardId: number) => `hazard-${hazardId}`;
export const hazardIdOfItemKey = (key: string): number | null => {
  const m = /^hazard-(\d+)$/.exec(key);
  return m ? Number(m[1]) : null;
};

// ---- checklists as an inspection uses them ---------------------------------------------------

export const checklistItemBody = z.object({
  key: z.string(),
  text: z.string(),
  method: z.string().nullish(),
  standard: z.string().nullish(),
  source: z.string().nullish(),
});
export const checklistSectionBody = z.object({
  title: z.string(),
  area: z.enum(safetyAreas),
  items: z.array(checklistItemBody),
});
export type ChecklistSection = z.infer<typeof checklistSectionBody>;

// ---- responses --------------------------------------------------------------------------------

export const inspectionActions = ['start', 'export'] as const;
export const targetActions = ['fill', 'submit', 'sign', 'export'] as const;

export const signatureBody = z.object({ userId: z.number().int(), name: z.string(), at: z.string() });
export type Signature = z.infer<typeof signatureBody>;

export const inspectionBody = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: z.enum(inspectionKinds),
  title: z.string(),
  status: z.enum(inspectionStatuses),
  plannedOn: z.string(),
  startedAt: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  campaignName: z.string().nullable(),
  organizerUnitId: z.number().int(),
  organizerUnitName: z.string(),
  inspectorUnitId: z.number().int().nullable(),
  inspectorUnitName: z.string().nullable(),
  checklistVersionId: z.number().int().nullable(),
  checklistName: z.string().nullable(),
  checklistVersionNumber: z.number().int().nullable(),
  followUpOfId: z.number().int().nullable(),
  followUpOfCode: z.string().nullable(),
  createdByName: z.string(),
  /** The schools the caller may see among the targets. */
  schools: z.array(z.object({ id: z.number().int(), name: z.string() })),
  targetCount: z.number().int(),
  submittedCount: z.number().int(),
  inspectors: z.array(z.object({ id: z.number().int(), name: z.string(), unitName: z.string() })),
  version: z.number().int(),
  createdAt: z.string(),
  actions: z.array(z.enum(inspectionActions)),
});
export type Inspection = z.infer<typeof inspectionBody>;
export const inspectionPage = pageOf(inspectionBody);

export const resultBody = z.object({
  itemKey: z.string(),
  result: z.enum(itemResults),
  note: z.string().nullable(),
  files: z.array(fileRef),
  /** The hazard a failed item became. */
  hazardId: z.number().int().nullable(),
  hazardCode: z.string().nullable(),
  /** In a follow-up: the hazard checked again. */
  checkedHazardId: z.number().int().nullable(),
  updatedAt: z.string(),
});
export type InspectionResult = z.infer<typeof resultBody>;

export const targetBody = z.object({
  id: z.number().int(),
  inspectionId: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  status: z.enum(inspectionStatuses),
  submittedAt: z.string().nullable(),
  signatures: z.array(signatureBody),
  summary: z.string().nullable(),
  version: z.number().int(),
  results: z.array(resultBody),
  actions: z.array(z.enum(targetActions)),
});
export type InspectionTarget = z.infer<typeof targetBody>;

/** A hazard a follow-up checks again, as its form shows it. */
export const followUpHazardBody = z.object({
  id: z.number().int(),
  code: z.string(),
  schoolId: z.number().int(),
  area: z.enum(safetyAreas),
  location: z.string(),
  description: z.string(),
  grade: z.enum(hazardGrades),
  status: z.enum(hazardStatuses),
  measures: z.string().nullable(),
  falseFix: z.boolean(),
});
export type FollowUpHazard = z.infer<typeof followUpHazardBody>;

export const inspectionDetailBody = inspectionBody.extend({
  sections: z.array(checklistSectionBody),
  followUpHazards: z.array(followUpHazardBody),
  targets: z.array(targetBody),
});
export type InspectionDetail = z.infer<typeof inspectionDetailBody>;

// ---- requests ---------------------------------------------------------------------------------

export const inspectionListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  kind: z.enum(inspectionKinds).optional(),
  status: z.enum(inspectionStatuses).optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  schoolId: z.coerce.number().int().positive().optional(),
  /** Inspections naming the caller as an inspector. */
  mine: boolQuery,
});
export type InspectionListQuery = z.infer<typeof inspectionListQuery>;

export const createInspectionBody = z.object({
  kind: z.enum(inspectionKinds),
  title: z.string().trim().min(1, '请填写检查名称').max(100, '最多 100 字'),
  plannedOn: day,
  /** The schools checked; a school's self-check defaults to itself, a follow-up to its hazards' schools. */
  schoolIds: z.array(id).max(1000, '一次最多 1000 所学校').default([]),
  inspectorIds: z.array(id).min(1, '请至少选择一名检查人员').max(50, '最多 50 名检查人员'),
  /** The template whose current version is used; absent: the district's built-in template. */
  checklistTemplateId: id.nullish(),
  campaignId: id.nullish(),
  followUpOfId: id.nullish(),
  hazardIds: z.array(id).max(1000, '最多 1000 条隐患').default([]),
  inspectorUnitId: id.nullish(),
});
export type CreateInspection = z.input<typeof createInspectionBody>;
export type CreateInspectionInput = z.output<typeof createInspectionBody>;

export const versionBody = z.object({ version: z.number().int().positive() });

export const saveResultsBody = z.object({
  version: z.number().int().positive(),
  results: z
    .array(
      z.object({
        itemKey: z.string().trim().min(1).max(100),
        /** null clears the mark. */
        result: z.enum(itemResults).nullable(),
        note: optionalText(1000),
        fileIds: z.array(id).max(20, '每项最多 20 个文件').default([]),
      }),
    )
    .min(1, '没有要保存的检查结果')
    .max(500, '一次最多保存 500 项'),
});
export type SaveResults = z.input<typeof saveResultsBody>;

export const failedItemBody = z.object({
  itemKey: z.string().trim().min(1).max(100),
  location: z.string().trim().min(1, '请填写隐患位置').max(200, '最多 200 字'),
  description: optionalText(2000),
  grade: z.enum(hazardGrades).default('general'),
  area: z.enum(safetyAreas).nullish(),
});
export type FailedItem = z.input<typeof failedItemBody>;

export const submitTargetBody = z.object({
  version: z.number().int().positive(),
  summary: optionalText(2000),
  failed: z.array(failedItemBody).max(500).default([]),
  /** Made by the client once per submission; a repeat with the same key returns the submitted form (issue 17). */
  submitKey: z.string().trim().min(8).max(64).optional(),
});
export type SubmitTarget = z.input<typeof submitTargetBody>;

export const targetParams = z.object({ id: z.coerce.number().int().positive(), targetId: z.coerce.number().int().positive() });

/** People who may be named inspectors, for the create form. */
export const inspectorCandidateBody = z.object({ id: z.number().int(), name: z.string(), unitId: z.number().int(), unitName: z.string() });
export const inspectorCandidatesQuery = z.object({
  q: z.string().trim().max(50).optional(),
  /** Only people of this unit and below (a self-check: the school; a cross check: the inspecting unit). */
  unitId: z.coerce.number().int().positive().optional(),
});
export const checklistOptionBody = z.object({ id: z.number().int(), name: z.string(), builtin: z.boolean(), currentVersion: z.number().int(), itemCount: z.number().int() });
