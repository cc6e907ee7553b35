// Requests and responses of fire-safety standardisation (消防安全标准化, issue 21; 000 item 5, 001 item 13):
// the standard's versions, a school's self-assessment and the district's acceptance, the fire patrol
// staff, and the summary by town and school type.
import { z } from 'zod';
import { checklistSections } from './checklists.js';
import { daySchema, pageOf, pageQuery } from './common.js';
import { hazardGrades, schoolStages } from './enums.js';
import { fireAcceptResults, fireAnswerResults, fireAssessmentStatuses, type FireAcceptResult, type FireAnswerResult, type FireAssessmentStatus, type FireSchoolState } from '../domain/fire-standard.js';

export { fireAcceptResults, fireAnswerResults, fireAssessmentStatuses };
export type { FireAcceptResult, FireAnswerResult, FireAssessmentStatus, FireSchoolState };

export const fireAnswerResultLabels: Record<FireAnswerResult, string> = { meets: '符合', fails: '不符合', na: '不适用' };
export const fireAssessmentStatusLabels: Record<FireAssessmentStatus, string> = { draft: '自评中', submitted: '待验收', accepted: '验收达标', failed: '验收不达标' };
export const fireAcceptResultLabels: Record<FireAcceptResult, string> = { pass: '达标', fail: '不达标' };
export const fireSchoolStateLabels: Record<FireSchoolState, string> = { none: '未自评', draft: '自评中', submitted: '已自评待验收', failed: '验收不达标', accepted: '已达标' };

/** Training courses the training ledger suggests (001 item 13: 四个能力, 燃气; 000 item 15: 11.9). */
export const fireTrainingTopics = [
  '消防安全“四个能力”培训（会查找火灾隐患、会扑救初起火灾、会组织人员疏散逃生、会开展消防宣传教育）',
  '消防设施、消防器材使用实操培训',
  '校园燃气安全培训（燃气泄漏报警器、燃气管道占压排查）',
  '消防巡查人员防火巡查培训',
] as const;

const version = z.number({ error: '请带上版本号' }).int().positive();
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const fileIds = z.array(z.number().int().positive()).max(10, '最多 10 个文件');

// ---- the standard ------------------------------------------------------------------------------

export const fireStandardVersionBody = z.object({
  number: z.number().int(),
  name: z.string(),
  sections: checklistSections,
  itemCount: z.number().int(),
  reason: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type FireStandardVersionView = z.infer<typeof fireStandardVersionBody>;

export const fireStandardBody = z.object({
  id: z.number().int(),
  currentVersion: z.number().int(),
  version: z.number().int(),
  current: fireStandardVersionBody,
  versions: z.array(fireStandardVersionBody.omit({ sections: true })),
  mayEdit: z.boolean(),
});
export type FireStandardView = z.infer<typeof fireStandardBody>;

export const reviseFireStandardBody = z.object({
  version,
  name: text('标准名称', 100),
  sections: checklistSections,
  reason: text('修订原因', 500),
});
export type ReviseFireStandard = z.infer<typeof reviseFireStandardBody>;

export const fireStandardVersionParam = z.object({ number: z.coerce.number().int().positive() });

// ---- assessments -------------------------------------------------------------------------------

export const fireAnswer = z.object({
  key: z.string({ error: '请选择条目' }).trim().min(1, '请选择条目').max(40),
  result: z.enum(fireAnswerResults, { error: '请选择符合、不符合或不适用' }),
  note: z.string().trim().max(500, '最多 500 字').nullish(),
  fileIds: fileIds.default([]),
});
export type FireAnswerInput = z.infer<typeof fireAnswer>;

const fileRef = z.object({ id: z.number().int(), name: z.string(), mime: z.string(), size: z.number().int() });

export const fireAssessmentActions = ['edit', 'submit', 'accept', 'hazard'] as const;
export type FireAssessmentAction = (typeof fireAssessmentActions)[number];

export const fireAssessmentBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  stage: z.enum(schoolStages).nullable(),
  standardNumber: z.number().int(),
  status: z.enum(fireAssessmentStatuses),
  answered: z.number().int(),
  itemCount: z.number().int(),
  failing: z.number().int(),
  note: z.string().nullable(),
  submittedOn: z.string().nullable(),
  submittedByName: z.string().nullable(),
  result: z.enum(fireAcceptResults).nullable(),
  acceptedOn: z.string().nullable(),
  acceptedByName: z.string().nullable(),
  acceptedUnitName: z.string().nullable(),
  acceptText: z.string().nullable(),
  failedKeys: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(z.enum(fireAssessmentActions)),
});
export type FireAssessmentView = z.infer<typeof fireAssessmentBody>;
export const fireAssessmentPage = pageOf(fireAssessmentBody);

export const fireStepBody = z.object({
  id: z.number().int(),
  action: z.enum(['create', 'submit', 'accept', 'fail']),
  actorName: z.string(),
  actorUnitName: z.string(),
  at: z.string(),
  comment: z.string().nullable(),
});

export const fireAssessmentDetailBody = fireAssessmentBody.extend({
  sections: checklistSections,
  answers: z.array(fireAnswer.extend({ files: z.array(fileRef) })),
  steps: z.array(fireStepBody),
  hazards: z.array(z.object({ id: z.number().int(), code: z.string(), itemKey: z.string(), status: z.string() })),
});
export type FireAssessmentDetail = z.infer<typeof fireAssessmentDetailBody>;

export const createFireAssessmentBody = z.object({ schoolId: z.number({ error: '请选择学校' }).int().positive() });

export const updateFireAssessmentBody = z.object({
  version,
  answers: z.array(fireAnswer).max(300, '最多 300 项'),
  note: z.string().trim().max(1000, '最多 1000 字').nullish(),
});
export type UpdateFireAssessment = z.infer<typeof updateFireAssessmentBody>;

export const submitFireAssessmentBody = z.object({ version, comment: z.string().trim().max(500, '最多 500 字').nullish() });

export const acceptFireAssessmentBody = z.object({
  version,
  result: z.enum(fireAcceptResults, { error: '请选择达标或不达标' }),
  acceptedOn: daySchema,
  /** The inspector's signed text (签字意见). */
  comment: text('验收意见', 1000),
  failedKeys: z.array(z.string().max(40)).max(300).default([]),
});
export type AcceptFireAssessment = z.infer<typeof acceptFireAssessmentBody>;

export const fireItemHazardBody = z.object({ key: z.string({ error: '请选择条目' }).min(1).max(40), grade: z.enum(hazardGrades).default('general') });

export const fireAssessmentListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  status: z.enum(fireAssessmentStatuses).optional(),
});
export type FireAssessmentListQuery = z.infer<typeof fireAssessmentListQuery>;

// ---- fire patrol staff (消防巡查人员, 001 item 13) ------------------------------------------------

export const firePatrolBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  staffId: z.number().int(),
  staffName: z.string(),
  patrolArea: z.string(),
  namedOn: z.string(),
  version: z.number().int(),
});
export type FirePatrolView = z.infer<typeof firePatrolBody>;

export const createFirePatrolBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  staffId: z.number({ error: '请选择人员' }).int().positive(),
  patrolArea: text('巡查区域', 200),
  namedOn: daySchema,
});
export const updateFirePatrolBody = z.object({ version, patrolArea: text('巡查区域', 200) });
export const removeFirePatrolBody = z.object({ version });
export const firePatrolQuery = z.object({ schoolId: z.coerce.number().int().positive().optional(), townId: z.coerce.number().int().positive().optional() });

// ---- the summary: share accepted by town and by school type --------------------------------------

const shareRow = z.object({ key: z.string(), label: z.string(), schools: z.number().int(), accepted: z.number().int(), submitted: z.number().int(), failed: z.number().int() });

export const fireSchoolRow = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  stage: z.enum(schoolStages).nullable(),
  state: z.enum(['none', 'draft', 'submitted', 'failed', 'accepted']),
  accepted: z.boolean(),
  acceptedOn: z.string().nullable(),
  latestAssessmentId: z.number().int().nullable(),
  submittedOn: z.string().nullable(),
  patrolStaff: z.number().int(),
});
export type FireSchoolRow = z.infer<typeof fireSchoolRow>;

export const fireSummaryBody = z.object({
  asOf: z.string(),
  dueOn: z.string(),
  schools: z.number().int(),
  accepted: z.number().int(),
  byTown: z.array(shareRow),
  byStage: z.array(shareRow),
  notAccepted: z.array(fireSchoolRow),
});
export type FireSummary = z.infer<typeof fireSummaryBody>;

export const fireSummaryQuery = z.object({
  townId: z.coerce.number().int().positive().optional(),
  stage: z.enum(schoolStages).optional(),
});
export type FireSummaryQuery = z.infer<typeof fireSummaryQuery>;
