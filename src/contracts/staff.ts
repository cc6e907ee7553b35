// Requests and responses of the staff posts and training ledgers (教职工岗位, 安全培训台账; issue 4,
// 001 item 7). Shaped like the drill ledger in ./drills.ts: versioned corrections, void with a reason,
// filters, export; the shared parts are in ./ledger.ts.
import { z } from 'zod';
import { daySchema, pageOf, pageQuery } from './common.js';
import { fileRef } from './hazards.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { staffPosts } from './rules.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

// ---- staff and their posts (教职工岗位) -------------------------------------------------------

// Issue 15 item 7 (001 item 11): outsourced service staff (保安、校车司机、保洁) are kept beside the
// school's own, and everyone's entry check (准入查询) of sexual-offence records: its day and its
// result, clear / not clear / pending, nothing more.
export const outsourcedKinds = ['guard', 'driver', 'cleaner', 'other'] as const;
export const outsourcedKindLabels: Record<(typeof outsourcedKinds)[number], string> = { guard: '保安', driver: '校车司机', cleaner: '保洁', other: '其他外包人员' };
/** The list's filter of who a person is: the school's own staff or one kind of outsourced staff. */
export const staffKindFilterLabels: Record<(typeof outsourcedKinds)[number] | 'own', string> = { own: '本校教职工', ...outsourcedKindLabels };
export const entryCheckResults = ['clear', 'not_clear', 'pending'] as const;
export const entryCheckResultLabels: Record<(typeof entryCheckResults)[number], string> = { clear: '无违法犯罪记录', not_clear: '有记录', pending: '查询中' };
/** The list's filter of the entry check: a result, or not checked yet. */
export const entryCheckFilterLabels: Record<(typeof entryCheckResults)[number] | 'none', string> = { ...entryCheckResultLabels, none: '未查询' };
const entryCheckView = {
  outsourcedKind: z.enum(outsourcedKinds).nullable(),
  employer: z.string().nullable(),
  entryCheckOn: z.string().nullable(),
  entryCheckResult: z.enum(entryCheckResults).nullable(),
};
const entryCheckFields = {
  /** null: the school's own staff. */
  outsourcedKind: z.enum(outsourcedKinds, { error: '外包类别无效' }).nullish(),
  employer: optionalText(100),
  entryCheckOn: day.nullish(),
  entryCheckResult: z.enum(entryCheckResults, { error: '查询结果无效' }).nullish(),
};

const postEntry = z.object({ post: z.enum(staffPosts, { error: '岗位无效' }), since: day.nullish() });

export const staffBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  userId: z.number().int().nullable(),
  name: z.string(),
  posts: z.array(z.object({ post: z.enum(staffPosts), since: z.string().nullable() })),
  leftOn: z.string().nullable(),
  ...entryCheckView,
  createdByName: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StaffView = z.infer<typeof staffBody>;
export const staffPage = pageOf(staffBody);

export const createStaffBody = z.object({
  schoolId: z.number().int().positive(),
  /** A user of the school; without one, name the person. */
  userId: z.number().int().positive().nullish(),
  name: optionalText(50),
  /** At least one for the school's own staff; an outsourced driver or cleaner may hold none of the posts. */
  posts: z.array(postEntry).max(5, '最多 5 个岗位'),
  ...entryCheckFields,
});
export type CreateStaff = z.infer<typeof createStaffBody>;

export const updateStaffBody = z.object({
  version,
  name: text('姓名', 50).optional(),
  posts: z.array(postEntry).max(5, '最多 5 个岗位').optional(),
  /** The day the person left the school (离岗); null brings them back. */
  leftOn: day.nullish(),
  ...entryCheckFields,
});
export type UpdateStaff = z.infer<typeof updateStaffBody>;

export const staffListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  post: z.enum(staffPosts).optional(),
  q: z.string().trim().max(50).optional(),
  /** Include those who left. */
  all: z.enum(['true', 'false']).optional(),
  /** The school's own staff ('own') or one kind of outsourced staff. */
  outsourcedKind: z.enum([...outsourcedKinds, 'own']).optional(),
  /** The entry check's result, or 'none' for nobody checked yet (001 item 11). */
  entryCheck: z.enum([...entryCheckResults, 'none']).optional(),
});
export type StaffListQuery = z.infer<typeof staffListQuery>;

// ---- trainings (安全培训台账, 001 item 7) -----------------------------------------------------

export const trainingBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  staffId: z.number().int(),
  staffName: z.string(),
  posts: z.array(z.enum(staffPosts)),
  course: z.string(),
  hours: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  provider: z.string(),
  certificate: fileRef.nullable(),
  ...recordedFields,
});
export type TrainingView = z.infer<typeof trainingBody>;
export const trainingPage = pageOf(trainingBody);

const hours = z.number({ error: '请填写学时' }).gt(0, '须大于 0').max(1000, '不能超过 1000');
const hoursStep = (h: number) => Math.abs(h * 10 - Math.round(h * 10)) < 1e-9;

export const createTrainingBody = z.object({
  staffId: z.number({ error: '请选择人员' }).int().positive(),
  course: text('培训课程', 200),
  hours: hours.refine(hoursStep, '最多保留 1 位小数'),
  startsOn: day,
  /** The last day of a course of several days; the same day when left out. */
  endsOn: day.nullish(),
  provider: text('培训机构', 200),
  certificateFileId: z.number().int().positive().nullish(),
  fileIds: fileIds.default([]),
});
export type CreateTraining = z.infer<typeof createTrainingBody>;

export const updateTrainingBody = z.object({
  version,
  course: text('培训课程', 200).optional(),
  hours: hours.refine(hoursStep, '最多保留 1 位小数').optional(),
  startsOn: day.optional(),
  endsOn: day.optional(),
  provider: text('培训机构', 200).optional(),
  certificateFileId: z.number().int().positive().nullish(),
  fileIds: fileIds.optional(),
});
export type UpdateTraining = z.infer<typeof updateTrainingBody>;

export const trainingListQuery = z.object({
  ...recordListFilters,
  staffId: z.coerce.number().int().positive().optional(),
  post: z.enum(staffPosts).optional(),
});
export type TrainingListQuery = z.infer<typeof trainingListQuery>;
