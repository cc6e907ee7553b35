// Requests and responses of the year's work plan (工作要点, 任务分解表; seed 000) and the leaders'
// patches (分片包靠, 001 item 2). Issue 14.
import { z } from 'zod';
import { daySchema, yearSchema } from './common.js';

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');
const quarter = z.number({ error: '请选择季度' }).int('请选择季度').min(1, '请选择季度').max(4, '请选择季度');

export const planStatuses = ['draft', 'published'] as const;
export type PlanStatus = (typeof planStatuses)[number];
export const planStatusLabels: Record<PlanStatus, string> = { draft: '草稿', published: '已发布' };

export const progressStatusList = ['not_started', 'in_progress', 'done'] as const;
export type ProgressStatusKey = (typeof progressStatusList)[number];
export const progressStatusLabels: Record<ProgressStatusKey, string> = { not_started: '未开始', in_progress: '进行中', done: '已完成' };
/** The matrix filter adds overdue, which is computed, never stored. */
export const matrixStatusFilter = [...progressStatusList, 'overdue'] as const;
export const matrixStatusLabels: Record<(typeof matrixStatusFilter)[number], string> = { ...progressStatusLabels, overdue: '已逾期' };

export const summaryKinds = ['quarter', 'half', 'annual'] as const;
export type SummaryKind = (typeof summaryKinds)[number];
export const summaryKindLabels: Record<SummaryKind, string> = { quarter: '季度总结', half: '半年总结', annual: '年度总结' };

/** Word → unit ids, the bureau's answer for a word that names no unit. */
const answers = z.record(z.string().trim().min(1).max(60), z.array(z.number().int().positive()).min(1, '请至少选择一个单位').max(5000)).default({});

// ---- plans -------------------------------------------------------------------------------------

export const planBody = z.object({
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  points: z.string(),
  status: z.enum(planStatuses),
  answers: z.record(z.string(), z.array(z.number().int())),
  publishedAt: z.string().nullable(),
  taskCount: z.number().int(),
  version: z.number().int(),
  canManage: z.boolean(),
});
export type PlanView = z.infer<typeof planBody>;
export const planList = z.object({ items: z.array(planBody) });

export const createPlanBody = z.object({
  year: yearSchema,
  title: text('标题', 100),
  points: z.string().max(50000, '最多 50000 字').default(''),
  /** Start from that year's plan: its points, tasks and answers (标题's year is the new one). */
  copyFromYear: yearSchema.optional(),
});
export type CreatePlan = z.infer<typeof createPlanBody>;

export const updatePlanBody = z.object({
  version,
  title: text('标题', 100).optional(),
  points: z.string().max(50000, '最多 50000 字').optional(),
  answers: answers.optional(),
});
export type UpdatePlan = z.infer<typeof updatePlanBody>;

export const versionBody = z.object({ version });

// ---- tasks -------------------------------------------------------------------------------------

export const wordResolutionBody = z.object({
  word: z.string(),
  how: z.enum(['name', 'group', 'answer', 'unresolved']),
  unitCount: z.number().int(),
  unitNames: z.array(z.string()),
  groupLabel: z.string().nullable(),
});

export const taskBody = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  quarter: z.number().int(),
  text: z.string(),
  unitWords: z.string(),
  leadUnitName: z.string().nullable(),
  version: z.number().int(),
  /** Counts of its units' progress (after publishing). */
  units: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
});
export type TaskView = z.infer<typeof taskBody>;
export const taskList = z.object({ items: z.array(taskBody) });

export const createTaskBody = z.object({ quarter, text: text('工作任务', 500), unitWords: text('责任部门/单位', 500) });
export type CreateTask = z.infer<typeof createTaskBody>;
export const updateTaskBody = z.object({ version, quarter: quarter.optional(), text: text('工作任务', 500).optional(), unitWords: text('责任部门/单位', 500).optional() });
export type UpdateTask = z.infer<typeof updateTaskBody>;

export const resolutionBody = z.object({
  tasks: z.array(z.object({ taskId: z.number().int(), seq: z.number().int(), words: z.array(wordResolutionBody), unitCount: z.number().int(), leadUnitName: z.string().nullable() })),
  /** Every word that named no unit, with the tasks that use it: the bureau answers each before publishing. */
  unresolved: z.array(z.object({ word: z.string(), seqs: z.array(z.number().int()) })),
});
export type ResolutionView = z.infer<typeof resolutionBody>;

export const importResultBody = z.object({ plan: planBody, imported: z.number().int() });

// ---- progress ----------------------------------------------------------------------------------

export const taskUnitBody = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  seq: z.number().int(),
  quarter: z.number().int(),
  text: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  lead: z.boolean(),
  status: z.enum(progressStatusList),
  overdue: z.boolean(),
  dueOn: z.string(),
  note: z.string().nullable(),
  files: z.array(z.object({ id: z.number().int(), name: z.string(), mime: z.string(), size: z.number() })),
  reportedAt: z.string().nullable(),
  reportedByName: z.string().nullable(),
  version: z.number().int(),
  canReport: z.boolean(),
});
export type TaskUnitView = z.infer<typeof taskUnitBody>;
export const taskUnitList = z.object({ items: z.array(taskUnitBody) });

export const reportBody = z.object({
  version,
  status: z.enum(progressStatusList, { error: '请选择进展' }),
  note: z.string().trim().max(2000, '最多 2000 字').optional(),
  fileIds: fileIds.default([]),
});
export type ReportProgress = z.infer<typeof reportBody>;

export const mineQuery = z.object({ year: z.coerce.number().int().min(2000).max(2099).optional() });
export const mineBody = z.object({
  year: z.number().int(),
  quarter: z.number().int(),
  planId: z.number().int().nullable(),
  /** My unit's tasks of this quarter and those of earlier quarters not done. */
  items: z.array(taskUnitBody),
  /** Tasks my unit leads: its co-units' progress. */
  leading: z.array(z.object({ taskId: z.number().int(), seq: z.number().int(), text: z.string(), quarter: z.number().int(), units: z.number().int(), done: z.number().int(), overdue: z.number().int() })),
  summaries: z.array(z.object({ id: z.number().int(), title: z.string(), dueOn: z.string(), status: z.string(), late: z.boolean(), returnId: z.number().int(), version: z.number().int() })),
});

// ---- the matrix --------------------------------------------------------------------------------

export const matrixQuery = z.object({
  quarter: z.coerce.number().int().min(1).max(4).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  status: z.enum(matrixStatusFilter).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type MatrixQuery = z.infer<typeof matrixQuery>;

export const matrixBody = z.object({
  tasks: z.array(z.object({ id: z.number().int(), seq: z.number().int(), quarter: z.number().int(), text: z.string() })),
  units: z.array(
    z.object({
      unitId: z.number().int(),
      name: z.string(),
      kind: z.string(),
      due: z.number().int(),
      done: z.number().int(),
      overdue: z.number().int(),
      total: z.number().int(),
      /** taskId → status ('overdue' when not done past its quarter) */
      cells: z.record(z.string(), z.enum(matrixStatusFilter)),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type MatrixView = z.infer<typeof matrixBody>;

// ---- summaries ---------------------------------------------------------------------------------

export const summaryBody = z.object({
  id: z.number().int(),
  kind: z.enum(summaryKinds),
  title: z.string(),
  dueOn: z.string(),
  unitWords: z.string(),
  units: z.number().int(),
  submitted: z.number().int(),
  late: z.number().int(),
  version: z.number().int(),
});
export const summaryList = z.object({ items: z.array(summaryBody) });
export const createSummaryBody = z.object({ kind: z.enum(summaryKinds, { error: '请选择总结类型' }), title: text('标题', 100), dueOn: daySchema, unitWords: text('报送单位', 500) });
export type CreateSummary = z.infer<typeof createSummaryBody>;

export const summaryReturnBody = z.object({
  id: z.number().int(),
  summaryId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  status: z.enum(['pending', 'submitted']),
  late: z.boolean(),
  text: z.string().nullable(),
  files: z.array(z.object({ id: z.number().int(), name: z.string(), mime: z.string(), size: z.number() })),
  submittedAt: z.string().nullable(),
  submittedByName: z.string().nullable(),
  version: z.number().int(),
});
export const summaryReturnList = z.object({ items: z.array(summaryReturnBody) });
export const submitSummaryBody = z.object({ version, text: text('总结内容', 20000), fileIds: fileIds.default([]) });

// ---- leaders' patches (分片包靠, 001 item 2) -----------------------------------------------------

export const patchBody = z.object({
  id: z.number().int(),
  year: z.number().int(),
  holderUserId: z.number().int().nullable(),
  holderUnitId: z.number().int().nullable(),
  holderName: z.string(),
  schools: z.array(z.object({ id: z.number().int(), name: z.string(), openHazards: z.number().int(), overdueHazards: z.number().int(), missedRules: z.number().int(), visits: z.number().int(), lastVisitOn: z.string().nullable() })),
  version: z.number().int(),
});
export type PatchView = z.infer<typeof patchBody>;
export const patchList = z.object({ items: z.array(patchBody) });
export const patchQuery = z.object({ year: z.coerce.number().int().min(2000).max(2099).optional() });

export const savePatchBody = z
  .object({
    year: yearSchema,
    holderUserId: z.number().int().positive().optional(),
    holderUnitId: z.number().int().positive().optional(),
    schoolIds: z.array(z.number().int().positive()).min(1, '请至少选择一所学校').max(2000),
  })
  .refine((b) => (b.holderUserId === undefined) !== (b.holderUnitId === undefined), { message: '请选择一位局领导或一个科室', path: ['holderUserId'] });
export const updatePatchBody = z.object({ version, schoolIds: z.array(z.number().int().positive()).min(1, '请至少选择一所学校').max(2000) });

export const visitBody = z.object({
  id: z.number().int(),
  patchId: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  visitedOn: z.string(),
  note: z.string(),
  inspectionId: z.number().int().nullable(),
  createdByName: z.string(),
});
export const visitList = z.object({ items: z.array(visitBody) });
export const createVisitBody = z.object({
  schoolId: z.number().int().positive(),
  visitedOn: daySchema,
  note: text('走访情况', 2000),
  /** Start a district spot check (区级抽查) of the school with the default checklist. */
  startInspection: z.boolean().default(false),
});
