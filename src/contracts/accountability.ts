// Requests and responses of notices, interviews and accountability (通报、约谈、问责, issue 13) and
// the award check (前置审核, 001 item 27).
import { z } from 'zod';
import { daySchema, pageOf, pageQuery, yearQuery, labelled } from './common.js';
import { fileRef } from './hazards.js';
import { accountabilityMeasures, awardBarKinds, commitmentStateLabels, noticeStatuses, replyStateLabels, type CommitmentState, type ReplyState } from '../domain/accountability.js';

export { accountabilityMeasureLabels, accountabilityMeasures, awardBarKindLabels, awardBarKinds, commitmentStateLabels, noticeStatuses, replyStateLabels } from '../domain/accountability.js';
export type { AccountabilityMeasure, AwardBarKind, CommitmentState, NoticeStatus, ReplyState } from '../domain/accountability.js';

export const noticeStatusLabels: Record<(typeof noticeStatuses)[number], string> = { draft: '草稿', approved: '已审核签发', published: '已发布' };

/**
 * The kinds of record a notice may cite. Each has one resolver on the server
 * (accountability/record-resolvers.ts) that finds it in the caller's scope (else 404).
 */
export const noticeRecordKinds = ['hazard', 'false_fix', 'compliance_finding', 'incident'] as const;
export type NoticeRecordKind = (typeof noticeRecordKinds)[number];
export const noticeRecordKindLabels: Record<NoticeRecordKind, string> = {
  hazard: '隐患（逾期未整改的重大隐患等）',
  false_fix: '专项整治抽查发现的虚假整改',
  compliance_finding: '未达标项（合规检查）',
  incident: '突发事件（迟报、漏报、谎报、瞒报等）',
};

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const id = z.number({ error: '请选择' }).int().positive();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件').default([]);

// ---- notices ---------------------------------------------------------------------------------

export const noticeRecordRef = z.object({
  kind: z.enum(noticeRecordKinds, { error: '请选择记录类型' }),
  /** The record's id; for a missed rule the school's id. */
  id,
  /** A missed rule: the rule's code. */
  ruleCode: z.string().trim().max(100).optional(),
});
export type NoticeRecordRef = z.infer<typeof noticeRecordRef>;

export const noticeUnitInput = z.object({
  unitId: id,
  /** When the notice names a person: name and post only (no other personnel data). */
  personName: optText(50),
  personPost: optText(50),
});

const noticeContent = {
  title: labelled('通报标题', text('通报标题', 200)),
  reason: labelled('通报事由', text('通报事由', 5000)),
  requirement: labelled('整改要求', optText(5000)),
  replyDueOn: labelled('回复期限', daySchema),
  units: labelled('被通报单位', z.array(noticeUnitInput, { error: '请选择被通报单位' }).min(1, '请至少选择一个被通报单位').max(200, '最多 200 个单位')),
  records: labelled('通报依据', z.array(noticeRecordRef).max(50, '最多 50 条记录').default([])),
};

export const createNoticeBody = z.object(noticeContent);
export type CreateNotice = z.infer<typeof createNoticeBody>;

export const updateNoticeBody = z.object({ version, ...noticeContent });
export type UpdateNotice = z.infer<typeof updateNoticeBody>;

export const approveNoticeBody = z.object({ version, comment: labelled('审核意见', optText(1000)) });
export const publishNoticeBody = z.object({ version });

export const replyNoticeBody = z.object({
  /** The named unit's row version (each unit replies once; a stale one is 409). */
  version,
  replyText: labelled('整改情况', text('整改情况', 5000)),
  fileIds: labelled('整改材料', fileIds),
});
export type ReplyNotice = z.infer<typeof replyNoticeBody>;

export const noticeUnitView = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  personName: z.string().nullable(),
  personPost: z.string().nullable(),
  replyState: z.enum(Object.keys(replyStateLabels) as [ReplyState, ...ReplyState[]]),
  replyText: z.string().nullable(),
  replyFiles: z.array(fileRef),
  repliedOn: z.string().nullable(),
  repliedByName: z.string().nullable(),
  version: z.number().int(),
  /** The caller may reply for this unit now. */
  canReply: z.boolean(),
});
export type NoticeUnitView = z.infer<typeof noticeUnitView>;

export const noticeRecordView = z.object({
  kind: z.enum(noticeRecordKinds),
  refId: z.number().int(),
  refKey: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  label: z.string(),
  occurredOn: z.string(),
  link: z.string(),
});
export type NoticeRecordView = z.infer<typeof noticeRecordView>;

export const noticeView = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  reason: z.string(),
  requirement: z.string().nullable(),
  replyDueOn: z.string(),
  status: z.enum(noticeStatuses),
  draftedByName: z.string(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvalComment: z.string().nullable(),
  publishedByName: z.string().nullable(),
  publishedOn: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  unitNames: z.array(z.string()),
  replies: z.object({ total: z.number().int(), replied: z.number().int(), overdue: z.number().int() }),
});
export type NoticeView = z.infer<typeof noticeView>;
export const noticePage = pageOf(noticeView);

export const noticeDetail = noticeView.extend({
  units: z.array(noticeUnitView),
  records: z.array(noticeRecordView),
  actions: z.object({ edit: z.boolean(), approve: z.boolean(), publish: z.boolean() }),
});
export type NoticeDetail = z.infer<typeof noticeDetail>;

export const noticeListQuery = z.object({
  ...pageQuery,
  status: z.enum(noticeStatuses).optional(),
  year: yearQuery.optional(),
  /** Notices naming this unit. */
  unitId: z.coerce.number().int().positive().optional(),
  /** Only those with a named unit's reply overdue. */
  overdue: z.enum(['true', 'false']).optional(),
});
export type NoticeListQuery = z.infer<typeof noticeListQuery>;

// ---- interviews ------------------------------------------------------------------------------

export const commitmentInput = z.object({
  content: text('承诺事项', 1000),
  dueOn: daySchema,
});

export const createInterviewBody = z.object({
  unitId: labelled('被约谈单位', id),
  heldOn: labelled('约谈日期', daySchema),
  place: labelled('约谈地点', optText(200)),
  interviewees: labelled('被约谈人', text('被约谈人（姓名、职务）', 500)),
  interviewers: labelled('约谈人', text('约谈人（姓名、职务）', 500)),
  reason: labelled('约谈事由', text('约谈事由', 5000)),
  minutes: labelled('约谈内容', text('约谈内容', 20000)),
  noticeId: labelled('相关通报', id.nullish()),
  fileIds: labelled('约谈材料', fileIds),
  commitments: labelled('整改承诺', z.array(commitmentInput, { error: '请填写整改承诺' }).min(1, '请至少填写一项整改承诺').max(50, '最多 50 项')),
});
export type CreateInterview = z.infer<typeof createInterviewBody>;

export const completeCommitmentBody = z.object({
  version,
  doneNote: labelled('落实情况', text('落实情况', 5000)),
  fileIds: labelled('佐证材料', fileIds),
});
export type CompleteCommitment = z.infer<typeof completeCommitmentBody>;

export const commitmentView = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  content: z.string(),
  dueOn: z.string(),
  state: z.enum(Object.keys(commitmentStateLabels) as [CommitmentState, ...CommitmentState[]]),
  doneOn: z.string().nullable(),
  doneNote: z.string().nullable(),
  doneFiles: z.array(fileRef),
  doneByName: z.string().nullable(),
  version: z.number().int(),
  canComplete: z.boolean(),
});
export type CommitmentView = z.infer<typeof commitmentView>;

export const interviewView = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  interviewees: z.string(),
  interviewers: z.string(),
  reason: z.string(),
  minutes: z.string(),
  noticeId: z.number().int().nullable(),
  files: z.array(fileRef),
  createdByName: z.string(),
  commitments: z.array(commitmentView),
  followUp: z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int() }),
});
export type InterviewView = z.infer<typeof interviewView>;
export const interviewPage = pageOf(interviewView);

export const interviewListQuery = z.object({
  ...pageQuery,
  year: yearQuery.optional(),
  unitId: z.coerce.number().int().positive().optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type InterviewListQuery = z.infer<typeof interviewListQuery>;

// ---- accountability decisions ---------------------------------------------------------------

export const createDecisionBody = z.object({
  unitId: labelled('被问责单位', id),
  measure: labelled('问责方式', z.enum(accountabilityMeasures, { error: '请选择问责方式' })),
  decidedOn: labelled('决定日期', daySchema),
  documentNo: labelled('决定文号', optText(100)),
  subjectName: labelled('被问责人', optText(50)),
  subjectPost: labelled('被问责人职务', optText(50)),
  reason: labelled('问责事由', text('问责事由', 5000)),
  noticeId: labelled('相关通报', id.nullish()),
  interviewId: labelled('相关约谈', id.nullish()),
  fileIds: labelled('决定文件', fileIds),
});
export type CreateDecision = z.infer<typeof createDecisionBody>;

export const decisionView = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  measure: z.enum(accountabilityMeasures),
  decidedOn: z.string(),
  documentNo: z.string().nullable(),
  subjectName: z.string().nullable(),
  subjectPost: z.string().nullable(),
  reason: z.string(),
  noticeId: z.number().int().nullable(),
  interviewId: z.number().int().nullable(),
  files: z.array(fileRef),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type DecisionView = z.infer<typeof decisionView>;
export const decisionPage = pageOf(decisionView);

export const decisionListQuery = z.object({
  ...pageQuery,
  year: yearQuery.optional(),
  unitId: z.coerce.number().int().positive().optional(),
  measure: z.enum(accountabilityMeasures).optional(),
});
export type DecisionListQuery = z.infer<typeof decisionListQuery>;

// ---- the award check (前置审核) --------------------------------------------------------------

export const awardCheckQuery = z.object({
  unitId: z.coerce.number({ error: '请选择单位' }).int().positive('请选择单位'),
  year: yearQuery,
});

export const awardBarView = z.object({
  kind: z.enum(awardBarKinds),
  reason: z.string(),
  on: z.string(),
  link: z.string(),
});
export type AwardBarView = z.infer<typeof awardBarView>;

export const awardCheckView = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  year: z.number().int(),
  barred: z.boolean(),
  items: z.array(awardBarView),
  /** The sources checked, by name, so a clean result says what it looked at. */
  sources: z.array(z.string()),
});
export type AwardCheckView = z.infer<typeof awardCheckView>;
