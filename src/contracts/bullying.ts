// Requests and responses of bullying and violence (欺凌防治, issue 22): the governance committee, its
// meetings, the help line, the screening of early signs by class, the case register with its signed
// determination and handling, and the counts that go upward. A pupil's name appears in one response
// only: the case opened with a purpose (bullyingCaseBody), by reference to the care record; lists carry
// the masked name (张*明), and nothing above the school carries either.
import { z } from 'zod';
import { caseStatuses, type CaseStatus } from '../domain/bullying.js';
import { daySchema, pageOf, pageQuery } from './common.js';

export { caseStatuses, type CaseStatus };

const day = daySchema;
const version = z.number({ error: '请带上版本号' }).int().positive();
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const count = (what: string) => z.number({ error: `请填写${what}` }).int('须为整数').min(0, '不能为负数').max(10000, '不能超过 10000');
const phone = (what: string) => z.string({ error: `请填写${what}` }).trim().regex(/^[0-9+\-\s]{3,20}$/, `请填写有效的${what}`);

// ---- vocabularies ------------------------------------------------------------------------------

export const caseStatusLabels: Record<CaseStatus, string> = { inquiry: '调查中', determined: '已认定', handled: '已处置', closed: '已结案' };

export const committeeRoles = ['chair', 'vice_chair', 'legal_vice_principal', 'counsellor', 'member'] as const;
export type CommitteeRole = (typeof committeeRoles)[number];
export const committeeRoleLabels: Record<CommitteeRole, string> = { chair: '主任', vice_chair: '副主任', legal_vice_principal: '法治副校长', counsellor: '心理教师', member: '委员' };

export const reportChannels = ['pupil', 'parent', 'teacher', 'help_line', 'screening', 'other'] as const;
export type ReportChannel = (typeof reportChannels)[number];
export const reportChannelLabels: Record<ReportChannel, string> = { pupil: '学生报告', parent: '家长反映', teacher: '教师发现', help_line: '求助电话', screening: '苗头排摸', other: '其他' };

export const pupilRoles = ['target', 'actor', 'bystander'] as const;
export type PupilRole = (typeof pupilRoles)[number];
export const pupilRoleLabels: Record<PupilRole, string> = { target: '被欺凌学生', actor: '实施欺凌学生', bystander: '旁观/知情学生' };

/** Handling measures (002 area 4: 训诫 by the 法治副校长; ④ youth social workers). */
export const handlingMeasures = ['education', 'parents', 'psychological', 'admonition', 'social_worker', 'police'] as const;
export type HandlingMeasure = (typeof handlingMeasures)[number];
export const handlingMeasureLabels: Record<HandlingMeasure, string> = {
  education: '批评教育',
  parents: '约谈家长',
  psychological: '心理疏导',
  admonition: '训诫（法治副校长）',
  social_worker: '青少年社工介入',
  police: '移送公安机关',
};

/** Why a case is opened (every read audited with a purpose chosen on opening, as for care records). */
export const caseReadPurposes = ['inquiry', 'determination', 'handling', 'follow_up', 'review'] as const;
export type CaseReadPurpose = (typeof caseReadPurposes)[number];
export const caseReadPurposeLabels: Record<CaseReadPurpose, string> = { inquiry: '调查核实', determination: '认定', handling: '处置', follow_up: '回访', review: '工作督导' };

// ---- who am I ------------------------------------------------------------------------------------

export const bullyingMeBody = z.object({
  /** Schools whose cases the person sees: the care circle's schools and those of their committee. */
  schools: z.array(z.object({ id: z.number().int(), name: z.string(), member: z.boolean() })),
  canManage: z.boolean(),
  canSummary: z.boolean(),
  keyReady: z.boolean(),
});
export type BullyingMe = z.infer<typeof bullyingMeBody>;

// ---- committee, meetings, help line ---------------------------------------------------------------

export const committeeMemberBody = z.object({ id: z.number().int(), userId: z.number().int(), displayName: z.string(), committeeRole: z.enum(committeeRoles), appointedAt: z.string() });
export const meetingBody = z.object({
  id: z.number().int(),
  heldOn: z.string(),
  topic: z.string(),
  attendees: z.number().int(),
  minutesFile: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  createdByName: z.string(),
});
export const helpLineBody = z.object({
  phone: z.string(),
  hours: z.string(),
  contacts: z.array(z.object({ name: z.string(), post: z.string(), phone: z.string() })),
  updatedByName: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type HelpLineView = z.infer<typeof helpLineBody>;
export const committeeBody = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  members: z.array(committeeMemberBody),
  meetings: z.array(meetingBody),
  helpLine: helpLineBody.nullable(),
  /** Staff of the school the principal may appoint (only for bullying.manage of this school). */
  candidates: z.array(z.object({ id: z.number().int(), displayName: z.string() })),
  canManage: z.boolean(),
  canRecordMeeting: z.boolean(),
});
export type CommitteeView = z.infer<typeof committeeBody>;
export const schoolQuery = z.object({ schoolId: z.coerce.number({ error: '请选择学校' }).int().positive() });

export const appointMemberBody = z.object({
  userId: z.number({ error: '请选择人员' }).int().positive(),
  committeeRole: z.enum(committeeRoles, { error: '请选择委员会职务' }),
});
export const createMeetingBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  meetingOn: day,
  meetingTopic: text('会议议题', 200),
  attendees: z.number({ error: '请填写参会人数' }).int('须为整数').min(1, '至少 1 人').max(100, '不能超过 100 人'),
  minutesFileId: z.number().int().positive().nullish(),
});
export type CreateMeeting = z.infer<typeof createMeetingBody>;
export const helpLineInput = z.object({
  version: z.number({ error: '请带上版本号' }).int().min(0),
  helpLinePhone: phone('求助电话'),
  helpLineHours: text('接听时间', 100),
  contacts: z
    .array(z.object({ name: text('联系人姓名', 40), post: text('联系人职务', 40), phone: phone('联系人电话') }), { error: '请填写联系人' })
    .min(1, '请至少填写一名联系人')
    .max(10, '最多 10 名联系人'),
});
export type HelpLineInput = z.infer<typeof helpLineInput>;

// ---- screening of early signs (000 item 13) --------------------------------------------------------

export const bullyingScreeningBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  screeningOn: z.string(),
  studentGrade: z.number().int(),
  className: z.string(),
  pupilsScreened: z.number().int(),
  signsFound: z.number().int(),
  followUpNeeded: z.number().int(),
  createdByName: z.string(),
});
export const bullyingScreeningPage = pageOf(bullyingScreeningBody);
export const createBullyingScreeningBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  screeningOn: day,
  studentGrade: z.number({ error: '请选择年级' }).int('须为整数').min(1, '须为 1–12 年级').max(12, '须为 1–12 年级'),
  className: text('班级', 40),
  pupilsScreened: count('排摸人数').min(1, '排摸人数至少为 1'),
  signsFound: count('发现苗头人数'),
  followUpNeeded: count('需跟进人数'),
});
export type CreateBullyingScreening = z.infer<typeof createBullyingScreeningBody>;
export const bullyingScreeningQuery = z.object({ ...pageQuery, schoolId: z.coerce.number().int().positive().optional(), from: day.optional(), to: day.optional() });

// ---- cases -------------------------------------------------------------------------------------------

const pupilRef = z.object({
  careRecordId: z.number({ error: '请选择学生' }).int().positive(),
  pupilRole: z.enum(pupilRoles, { error: '请选择学生角色' }),
});
export const createCaseBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  reportedOn: day,
  reportChannel: z.enum(reportChannels, { error: '请选择报告渠道' }),
  reporter: text('报告人', 60),
  occurredOn: day,
  place: text('发生地点', 100),
  caseSummary: text('事件经过', 2000),
  injury: z.boolean({ error: '请选择是否有人受伤' }),
  violence: z.boolean({ error: '请选择是否涉及暴力' }),
  pupils: z.array(pupilRef, { error: '请选择涉及学生' }).min(1, '请选择涉及学生').max(20, '最多 20 名学生'),
});
export type CreateCase = z.infer<typeof createCaseBody>;
export const determineBody = z.object({
  version,
  isBullying: z.boolean({ error: '请选择是否构成欺凌' }),
  reasons: text('认定理由', 2000),
});
export const handleBody = z.object({
  version,
  handledOn: day,
  handlingMeasures: z.array(z.enum(handlingMeasures, { error: '处置措施无效' }), { error: '请选择处置措施' }).max(6),
  admonishedBy: z.string().trim().max(40, '最多 40 字').nullish(),
  socialWorker: z.string().trim().max(100, '最多 100 字').nullish(),
  handlingNote: text('处置情况', 2000),
});
export type HandleCase = z.infer<typeof handleBody>;
export const caseFollowUpBody = z.object({ version, followUpOn: day, caseFollowUpNote: text('回访情况', 2000) });
export const closeCaseBody = z.object({ version, closedOn: day });
export const caseReadQuery = z.object({ purpose: z.enum(caseReadPurposes, { error: '请选择查阅目的' }) });

// grade and className are null once the pupil's record was purged after its retention.
const casePupil = z.object({ careRecordId: z.number().int(), pupilRole: z.enum(pupilRoles), maskedName: z.string(), grade: z.number().int().nullable(), className: z.string().nullable() });
export const caseRowBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  reportedOn: z.string(),
  reportChannel: z.enum(reportChannels),
  occurredOn: z.string(),
  place: z.string(),
  injury: z.boolean(),
  violence: z.boolean(),
  incidentId: z.number().int().nullable(),
  inquiryDueOn: z.string(),
  inquiryOverdueDays: z.number().int(),
  status: z.enum(caseStatuses),
  isBullying: z.boolean().nullable(),
  pupils: z.array(casePupil),
  version: z.number().int(),
});
export type CaseRow = z.infer<typeof caseRowBody>;
export const casePage = pageOf(caseRowBody);
export const caseListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  status: z.enum(caseStatuses).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  determination: z.enum(['bullying', 'not_bullying', 'pending']).optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const caseActions = ['determine', 'handle', 'follow_up', 'close'] as const;
export const bullyingCaseBody = caseRowBody.extend({
  reporter: z.string(),
  caseSummary: z.string(),
  pupils: z.array(casePupil.extend({ studentName: z.string() })),
  inquiryDays: z.number().int(),
  determination: z.object({ isBullying: z.boolean(), reasons: z.string(), byName: z.string(), committeeRole: z.enum(committeeRoles), at: z.string() }).nullable(),
  handling: z.object({ handledOn: z.string(), measures: z.array(z.enum(handlingMeasures)), admonishedBy: z.string().nullable(), socialWorker: z.string().nullable(), note: z.string() }).nullable(),
  followUps: z.array(z.object({ id: z.number().int(), heldOn: z.string(), note: z.string(), byName: z.string() })),
  closedOn: z.string().nullable(),
  createdByName: z.string(),
  /** Steps the person may take now: a determination only for a committee member. */
  actions: z.array(z.enum(caseActions)),
});
export type BullyingCaseView = z.infer<typeof bullyingCaseBody>;

/** Students of concern of a school that a case may refer to: masked, for the circle only. */
export const pupilCandidates = z.object({ items: z.array(z.object({ careRecordId: z.number().int(), maskedName: z.string(), grade: z.number().int(), className: z.string() })) });

// ---- counts upward -------------------------------------------------------------------------------------

export const bullyingSummaryRow = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  committeeMembers: z.number().int(),
  meetings: z.number().int(),
  helpLine: z.boolean(),
  screenedClasses: z.number().int(),
  signsFound: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  bullying: z.number().int(),
  notBullying: z.number().int(),
  overdueInquiries: z.number().int(),
  incidents: z.number().int(),
});
export type BullyingSummaryRow = z.infer<typeof bullyingSummaryRow>;
export const bullyingSummaryBody = z.object({
  semester: z.object({ startsOn: z.string(), endsOn: z.string(), label: z.string() }),
  items: z.array(bullyingSummaryRow),
});
export type BullyingSummary = z.infer<typeof bullyingSummaryBody>;
export const bullyingSummaryQuery = z.object({ townId: z.coerce.number().int().positive().optional() });
