// Requests and responses of disputes and petitions (矛盾纠纷排查与信访, issue 22; 000 item 3, 003 第三部分之六):
// a school's internal disputes found by its regular screening and the petitions it receives, each
// with a deadline from the district's numbers (domain/disputes.ts), the steps taken, the conclusion
// and — for a petition — the petitioner's view of the reply. A dispute that may turn into a group or
// over-the-level petition (群访、越级上访) is put on the risk list.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { schoolStages } from './enums.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullable().optional();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

export const disputeKinds = ['dispute', 'petition'] as const;
export type DisputeKind = (typeof disputeKinds)[number];
export const disputeKindLabels: Record<DisputeKind, string> = { dispute: '矛盾纠纷', petition: '信访事项' };

// 000 item 3: 学校、教职工、家长、学生之间的内部矛盾纠纷.
export const disputeParties = ['school_parent', 'school_staff', 'pupil_pupil', 'parent_parent', 'staff_staff', 'other'] as const;
export type DisputeParties = (typeof disputeParties)[number];
export const disputePartiesLabels: Record<DisputeParties, string> = {
  school_parent: '学校与家长',
  school_staff: '学校与教职工',
  pupil_pupil: '学生之间',
  parent_parent: '家长之间',
  staff_staff: '教职工之间',
  other: '其他',
};

export const petitionChannels = ['visit', 'letter', 'phone', 'online', 'hotline', 'transfer'] as const;
export type PetitionChannel = (typeof petitionChannels)[number];
export const petitionChannelLabels: Record<PetitionChannel, string> = {
  visit: '来访',
  letter: '来信',
  phone: '来电',
  online: '网上信访',
  hotline: '12345 热线',
  transfer: '上级转办',
};

export const petitionerViews = ['satisfied', 'basic', 'dissatisfied'] as const;
export type PetitionerView = (typeof petitionerViews)[number];
export const petitionerViewLabels: Record<PetitionerView, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };

export const disputeStates = ['open', 'due_soon', 'overdue', 'concluded'] as const;
export type DisputeState = (typeof disputeStates)[number];
export const disputeStateLabels: Record<DisputeState, string> = { open: '办理中', due_soon: '临近期限', overdue: '已超期', concluded: '已办结' };

export const disputeStep = z.object({ on: z.string(), note: z.string(), byName: z.string() });
export type DisputeStep = z.infer<typeof disputeStep>;

export const disputeBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  kind: z.enum(disputeKinds),
  parties: z.enum(disputeParties),
  channel: z.enum(petitionChannels).nullable(),
  receivedOn: z.string(),
  petitioners: z.number().int().nullable(),
  petitionerName: z.string().nullable(),
  summary: z.string(),
  handlerName: z.string(),
  dueOn: z.string(),
  mayEscalate: z.boolean(),
  steps: z.array(disputeStep),
  concludedOn: z.string().nullable(),
  conclusion: z.string().nullable(),
  petitionerView: z.enum(petitionerViews).nullable(),
  riskId: z.number().int().nullable(),
  state: z.enum(disputeStates),
  /** A petition brought by as many people as the district's number or more (群访). */
  group: z.boolean(),
  ...recordedFields,
});
export type DisputeView = z.infer<typeof disputeBody>;
export const disputePage = pageOf(disputeBody);

const disputeFields = {
  parties: z.enum(disputeParties, { error: '请选择纠纷双方' }),
  channel: z.enum(petitionChannels, { error: '请选择信访渠道' }).nullable().optional(),
  receivedOn: daySchema,
  petitioners: z.number({ error: '请填写信访人数' }).int('须为整数').min(1, '至少 1 人').max(10000, '不能超过 10000').nullable().optional(),
  petitionerName: optText(50),
  summary: text('事由', 1000),
  handlerName: text('承办人', 30),
  mayEscalate: z.boolean().optional(),
  fileIds: fileIds.optional(),
};

export const createDisputeBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  kind: z.enum(disputeKinds, { error: '请选择类型' }),
  ...disputeFields,
  mayEscalate: z.boolean().default(false),
  fileIds: fileIds.default([]),
});
export type CreateDispute = z.infer<typeof createDisputeBody>;

export const updateDisputeBody = z.object(disputeFields).partial().extend({ version });
export type UpdateDispute = z.infer<typeof updateDisputeBody>;

/** One step of the handling (调处、约谈、答复前的核查 …), in order. */
export const disputeStepBody = z.object({ version, on: daySchema, note: text('办理情况', 500) });
export type DisputeStepInput = z.infer<typeof disputeStepBody>;

/** The end: resolved (a dispute) or replied and closed (a petition, with the petitioner's view). */
export const concludeDisputeBody = z.object({
  version,
  concludedOn: daySchema,
  conclusion: text('办结情况', 1000),
  petitionerView: z.enum(petitionerViews, { error: '请选择信访人评价' }).nullable().optional(),
});
export type ConcludeDispute = z.infer<typeof concludeDisputeBody>;

/** Put on the risk list (可能引发群访、越级上访): likelihood × severity and the controls, a person of the school responsible. */
export const disputeRiskBody = z.object({
  version,
  likelihood: z.number({ error: '请选择可能性' }).int().min(1, '须为 1 到 5').max(5, '须为 1 到 5'),
  severity: z.number({ error: '请选择严重程度' }).int().min(1, '须为 1 到 5').max(5, '须为 1 到 5'),
  controls: text('管控措施', 500),
  controlOwnerId: z.number({ error: '请选择责任人' }).int().positive(),
});
export type DisputeRisk = z.infer<typeof disputeRiskBody>;

export const disputeListQuery = z.object({
  ...recordListFilters,
  kind: z.enum(disputeKinds).optional(),
  state: z.enum(disputeStates).optional(),
  parties: z.enum(disputeParties).optional(),
  stage: z.enum(schoolStages).optional(),
  q: z.string().trim().max(30).optional(),
});
export type DisputeListQuery = z.infer<typeof disputeListQuery>;

/** The district's numbers, shown beside the register with their sources. */
export const disputeDeadlinesBody = z.object({
  petitionReplyDays: z.number().int(),
  disputeResolveDays: z.number().int(),
  remindDays: z.number().int(),
  groupPetitioners: z.number().int(),
  notes: z.array(z.string()),
  /** The rule pack version the two days come from (rules disputes.petition_reply, disputes.dispute_resolve). */
  packVersion: z.number().int().nullable(),
});
export type DisputeDeadlinesView = z.infer<typeof disputeDeadlinesBody>;

/** Above the school: counts by town (open, overdue, group petitions, put on the risk list). */
export const disputeSummaryBody = z.object({
  towns: z.array(
    z.object({
      townId: z.number().int().nullable(),
      townName: z.string(),
      open: z.number().int(),
      overdue: z.number().int(),
      group: z.number().int(),
      mayEscalate: z.number().int(),
      concluded: z.number().int(),
    }),
  ),
});
export type DisputeSummary = z.infer<typeof disputeSummaryBody>;
