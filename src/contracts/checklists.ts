import { z } from 'zod';
import { boolQuery, pageOf, pageQuery } from './common.js';
import { safetyAreas } from './enums.js';

// The content's shape rules (at least one section, items, unique keys, text required) are checked
// by checklistProblems in the domain, so each message can say which section and item is wrong.
const text = (max: number, label: string) => z.string().trim().max(max, `${label}最多 ${max} 字`);

export const checklistItem = z.object({
  key: z.string().trim().max(40, '编号最多 40 个字符'),
  text: text(500, '检查内容'),
  method: text(100, '检查方法').default(''),
  standard: text(1000, '标准').default(''),
  source: text(200, '依据').default(''),
});
export const checklistSection = z.object({
  title: text(100, '部分标题'),
  area: z.enum(safetyAreas, '请选择检查领域'),
  items: z.array(checklistItem).max(300, '每个部分最多 300 项'),
});
export const checklistSections = z.array(checklistSection).max(50, '最多 50 个部分');

export const checklistStatuses = ['active', 'archived'] as const;
export type ChecklistStatus = (typeof checklistStatuses)[number];
export const checklistStatusLabels: Record<ChecklistStatus, string> = { active: '启用', archived: '已归档' };

export const checklistActions = ['copy', 'update', 'archive', 'restore'] as const;
export type ChecklistAction = (typeof checklistActions)[number];

export const checklistTemplateBody = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  builtin: z.boolean(),
  status: z.enum(checklistStatuses),
  copiedFromId: z.number().int().nullable(),
  /** The number of the version new inspections use. */
  currentVersion: z.number().int(),
  currentVersionId: z.number().int(),
  itemCount: z.number().int(),
  sectionCount: z.number().int(),
  /** Row version for optimistic locking (not the content version). */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(z.enum(checklistActions)),
});
export type ChecklistTemplate = z.infer<typeof checklistTemplateBody>;

export const checklistVersionSummary = z.object({
  id: z.number().int(),
  number: z.number().int(),
  itemCount: z.number().int(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});

export const checklistVersionBody = z.object({
  id: z.number().int(),
  templateId: z.number().int(),
  templateName: z.string(),
  number: z.number().int(),
  current: z.boolean(),
  itemCount: z.number().int(),
  createdAt: z.string(),
  sections: checklistSections,
});
export type ChecklistVersion = z.infer<typeof checklistVersionBody>;

export const checklistDetailBody = checklistTemplateBody.extend({
  /** The version shown: the current one, or the one asked for with ?version=N. */
  shown: checklistVersionBody,
  versions: z.array(checklistVersionSummary),
  copiedFromName: z.string().nullable(),
});
export type ChecklistDetail = z.infer<typeof checklistDetailBody>;

export const checklistListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  status: z.enum(checklistStatuses).optional(),
  builtin: boolQuery,
});
export type ChecklistListQuery = z.infer<typeof checklistListQuery>;
export const checklistPage = pageOf(checklistTemplateBody);

export const checklistDetailQuery = z.object({ version: z.coerce.number().int().positive().optional() });
export const versionIdParam = z.object({ versionId: z.coerce.number().int().positive() });

const name = z.string().trim().min(2, '名称至少 2 个字').max(60, '名称最多 60 个字');
const description = z.string().trim().max(500, '说明最多 500 字').nullable().optional();

export const copyChecklistBody = z.object({ name, description });
export type CopyChecklist = z.infer<typeof copyChecklistBody>;

export const updateChecklistBody = z.object({
  version: z.number().int().positive(),
  name,
  description,
  sections: checklistSections,
});
export type UpdateChecklist = z.infer<typeof updateChecklistBody>;
