// Requests and responses of students of concern (学生关爱, issue 16): mental health screening per
// class (001 item 9), the one-to-one care ledger (包靠台账, 001 item 20), the care circle, the
// audited reads and the counts that go upward. A name appears in exactly one response: the record
// opened with a purpose (careRecordBody); lists carry the masked name (张*明).
import { z } from 'zod';
import { daySchema, pageOf, pageQuery } from './common.js';

const day = daySchema;
const version = z.number({ error: '请带上版本号' }).int().positive();
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const count = (what: string) => z.number({ error: `请填写${what}` }).int('须为整数').min(0, '不能为负数').max(10000, '不能超过 10000');

// ---- vocabularies ------------------------------------------------------------------------------

/** Kinds of concern (issue 16; 001 item 20: 特异体质、心理异常). A code list, never free text upward. */
export const concernKinds = ['special_constitution', 'physical_illness', 'mental_concern', 'family_difficulty', 'left_behind', 'disability', 'other'] as const;
export type ConcernKind = (typeof concernKinds)[number];
export const concernKindLabels: Record<ConcernKind, string> = {
  special_constitution: '特异体质',
  physical_illness: '身体疾病',
  mental_concern: '心理异常',
  family_difficulty: '家庭困难',
  left_behind: '留守儿童',
  disability: '残疾',
  other: '其他',
};

/** Result bands of a screening (counts per band go upward). */
export const screeningBands = ['none', 'attention', 'concern', 'crisis'] as const;
export type ScreeningBand = (typeof screeningBands)[number];
export const screeningBandLabels: Record<ScreeningBand, string> = { none: '未见异常', attention: '一般关注', concern: '重点关注', crisis: '危机预警' };

export const consentStatuses = ['not_needed', 'pending', 'given', 'refused'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];
export const consentStatusLabels: Record<ConsentStatus, string> = { not_needed: '无需', pending: '待取得', given: '已同意', refused: '未同意' };

export const closeReasons = ['graduated', 'transferred', 'care_ended'] as const;
export type CloseReason = (typeof closeReasons)[number];
export const closeReasonLabels: Record<CloseReason, string> = { graduated: '毕业', transferred: '转学', care_ended: '关爱结束' };

export const followUpMethods = ['talk', 'home_visit', 'phone', 'class_observation', 'referral'] as const;
export type FollowUpMethod = (typeof followUpMethods)[number];
export const followUpMethodLabels: Record<FollowUpMethod, string> = { talk: '谈心谈话', home_visit: '家访', phone: '电话联系', class_observation: '课堂观察', referral: '转介专业机构' };

/** Why a record is opened (issue 16: every read audited with a purpose chosen on opening). */
export const readPurposes = ['follow_up', 'care_plan', 'guardian_contact', 'referral', 'review', 'correction'] as const;
export type ReadPurpose = (typeof readPurposes)[number];
export const readPurposeLabels: Record<ReadPurpose, string> = {
  follow_up: '随访记录',
  care_plan: '制定包靠措施',
  guardian_contact: '家校沟通',
  referral: '转介就医',
  review: '工作督导',
  correction: '信息核对',
};

/** The person's place in the care circle: who sees names at all (issue 16). */
export const careRoles = ['principal', 'care_staff', 'carer'] as const;
export type CareRole = (typeof careRoles)[number];
export const careRoleLabels: Record<CareRole, string> = { principal: '校长', care_staff: '关爱专干', carer: '包靠人' };

// ---- who am I in the circle --------------------------------------------------------------------

export const careMeBody = z.object({
  /** Schools whose whole ledger the person keeps (principal, named care staff). */
  schools: z.array(z.object({ id: z.number().int(), name: z.string(), role: z.enum(careRoles) })),
  /** Open records the person is a carer of. */
  carerOf: z.number().int(),
  canManage: z.boolean(),
  canSummary: z.boolean(),
  /** Whether the server holds the encryption key (writes are refused without it). */
  keyReady: z.boolean(),
});
export type CareMe = z.infer<typeof careMeBody>;

// ---- named care staff (a grant per person) ------------------------------------------------------

export const careStaffBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  userId: z.number().int(),
  displayName: z.string(),
  grantedByName: z.string(),
  grantedAt: z.string(),
});
export type CareStaffView = z.infer<typeof careStaffBody>;
export const careStaffList = z.object({ items: z.array(careStaffBody), candidates: z.array(z.object({ id: z.number().int(), displayName: z.string() })) });
export const grantCareStaffBody = z.object({ userId: z.number({ error: '请选择人员' }).int().positive() });

// ---- screening (001 item 9) -------------------------------------------------------------------

const bandsSchema = z.object({ none: count('未见异常人数'), attention: count('一般关注人数'), concern: count('重点关注人数'), crisis: count('危机预警人数') });

export const screeningBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  studentGrade: z.number().int(),
  className: z.string(),
  screenedOn: z.string(),
  instrument: z.string(),
  screened: z.number().int(),
  notScreened: z.number().int(),
  notScreenedReason: z.string().nullable(),
  bands: bandsSchema,
  status: z.enum(['recorded', 'voided']),
  voidReason: z.string().nullable(),
  createdByName: z.string(),
  version: z.number().int(),
});
export type ScreeningView = z.infer<typeof screeningBody>;
export const screeningPage = pageOf(screeningBody);

export const createScreeningBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  studentGrade: z.number({ error: '请选择年级' }).int('须为整数').min(1, '须为 1–12 年级').max(12, '须为 1–12 年级'),
  className: text('班级', 40),
  screenedOn: day,
  instrument: text('筛查量表', 100),
  screened: count('已筛查人数'),
  notScreened: count('未筛查人数').default(0),
  notScreenedReason: z.string().trim().max(500, '最多 500 字').nullish(),
  bands: bandsSchema,
});
export type CreateScreening = z.infer<typeof createScreeningBody>;
export const screeningListQuery = z.object({ ...pageQuery, schoolId: z.coerce.number().int().positive().optional(), from: day.optional(), to: day.optional() });
export type ScreeningListQuery = z.infer<typeof screeningListQuery>;
export const voidScreeningBody = z.object({ version, voidReason: text('作废原因', 500) });

// ---- students of concern (001 item 20) ----------------------------------------------------------

const guardianContact = z.object({
  name: text('监护人姓名', 40),
  relation: text('与学生关系', 20),
  phone: z.string({ error: '请填写联系电话' }).trim().regex(/^[0-9+\-\s]{5,20}$/, '请填写有效的电话号码'),
});
export type GuardianContact = z.infer<typeof guardianContact>;

const carerBody = z.object({ userId: z.number().int(), displayName: z.string() });

/** A row of the list: the masked name only, no note, no contact. */
export const careRecordRow = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  maskedName: z.string(),
  studentGrade: z.number().int(),
  className: z.string(),
  concernKinds: z.array(z.enum(concernKinds)),
  concernBand: z.enum(screeningBands).nullable(),
  carers: z.array(carerBody),
  openedOn: z.string(),
  lastFollowUpOn: z.string().nullable(),
  nextDueOn: z.string(),
  overdueDays: z.number().int(),
  consent: z.enum(consentStatuses),
  status: z.enum(['open', 'closed']),
  closedOn: z.string().nullable(),
  closeReason: z.enum(closeReasons).nullable(),
  purgeOn: z.string().nullable(),
  version: z.number().int(),
});
export type CareRecordRow = z.infer<typeof careRecordRow>;
export const careRecordPage = pageOf(careRecordRow);

export const followUpBody = z.object({
  id: z.number().int(),
  followedUpOn: z.string(),
  followUpMethod: z.enum(followUpMethods),
  followUpNote: z.string(),
  byName: z.string(),
  createdAt: z.string(),
});
export type FollowUpView = z.infer<typeof followUpBody>;

/**
 * A file on the record or on one of its follow-ups (a doctor's letter, a consent form): stored
 * sealed; its name is shown only on the record itself, like the student's name.
 */
export const careFileBody = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  /** The follow-up it belongs to; null for the record itself. */
  followUpId: z.number().int().nullable(),
  /** SHA-256 of the plain bytes, to compare with a copy. */
  sha256: z.string(),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
});
export type CareFileView = z.infer<typeof careFileBody>;
/** At most this many files on one record (with its follow-ups). */
export const CARE_FILES_PER_RECORD = 20;
export const careFileParams = z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() });

/** The record itself, opened with a purpose: the one response carrying the name. */
export const careRecordBody = careRecordRow.extend({
  studentName: z.string(),
  careNote: z.string().nullable(),
  careMeasures: z.string().nullable(),
  guardianContact: guardianContact.nullable(),
  consentOn: z.string().nullable(),
  followUpDays: z.number().int(),
  followUps: z.array(followUpBody),
  /** Files on the record and its follow-ups, newest first. */
  files: z.array(careFileBody),
  /** What the person may do with it (the UI shows only these buttons). */
  actions: z.array(z.enum(['edit', 'assign', 'follow_up', 'close', 'attach', 'remove_file'])),
});
export type CareRecordView = z.infer<typeof careRecordBody>;

const kindsSchema = z.array(z.enum(concernKinds, { error: '请选择关注类别' })).min(1, '至少选择一个关注类别').max(concernKinds.length);
const noteSchema = z.string().trim().max(2000, '最多 2000 字').nullish();

export const createCareRecordBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  studentName: text('学生姓名', 40),
  studentGrade: z.number({ error: '请选择年级' }).int('须为整数').min(1, '须为 1–12 年级').max(12, '须为 1–12 年级'),
  className: text('班级', 40),
  concernKinds: kindsSchema,
  concernBand: z.enum(screeningBands).nullish(),
  careNote: noteSchema,
  careMeasures: noteSchema,
  guardianContact: guardianContact.nullish(),
  consent: z.enum(consentStatuses).default('not_needed'),
  consentOn: day.nullish(),
  openedOn: day,
  followUpDays: z.number().int('须为整数').min(7, '至少 7 天').max(90, '最多 90 天').default(30),
  carerIds: z.array(z.number().int().positive()).min(1, '至少指定一名包靠人').max(5, '最多 5 名包靠人'),
});
export type CreateCareRecord = z.infer<typeof createCareRecordBody>;

export const updateCareRecordBody = z.object({
  version,
  studentName: text('学生姓名', 40).optional(),
  studentGrade: z.number().int('须为整数').min(1, '须为 1–12 年级').max(12, '须为 1–12 年级').optional(),
  className: text('班级', 40).optional(),
  concernKinds: kindsSchema.optional(),
  concernBand: z.enum(screeningBands).nullish(),
  careNote: noteSchema,
  careMeasures: noteSchema,
  guardianContact: guardianContact.nullish(),
  consent: z.enum(consentStatuses).optional(),
  consentOn: day.nullish(),
  followUpDays: z.number().int('须为整数').min(7, '至少 7 天').max(90, '最多 90 天').optional(),
});
export type UpdateCareRecord = z.infer<typeof updateCareRecordBody>;

export const assignCarersBody = z.object({ version, carerIds: z.array(z.number().int().positive()).min(1, '至少指定一名包靠人').max(5, '最多 5 名包靠人') });
export const createFollowUpBody = z.object({
  version,
  followedUpOn: day,
  followUpMethod: z.enum(followUpMethods, { error: '请选择随访方式' }),
  followUpNote: text('随访情况', 2000),
});
export type CreateFollowUp = z.infer<typeof createFollowUpBody>;
export const closeCareRecordBody = z.object({ version, closedOn: day, closeReason: z.enum(closeReasons, { error: '请选择结案原因' }) });

export const purposeQuery = z.object({ purpose: z.enum(readPurposes, { error: '请选择查阅目的' }) });
export const careRecordListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'closed']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** 'me': only the records the caller is a carer (包靠人) of — the carer's home list. */
  carer: z.enum(['me']).optional(),
  /** Whole name, found through the keyed hash; a search is a read, so it carries a purpose. */
  studentName: z.string().trim().min(1).max(40).optional(),
  purpose: z.enum(readPurposes).optional(),
});
export type CareRecordListQuery = z.infer<typeof careRecordListQuery>;
/** The carers the principal may choose: active users of the school. */
export const carerCandidates = z.object({ items: z.array(z.object({ id: z.number().int(), displayName: z.string() })) });

// ---- who read what (the principal's list) --------------------------------------------------------

export const careReadBody = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  recordId: z.number().int().nullable(),
  maskedName: z.string().nullable(),
  purpose: z.enum(readPurposes).nullable(),
  /** A name search rather than an opening. */
  search: z.boolean(),
  /** The file downloaded, when the read was a file's. */
  fileId: z.number().int().nullable(),
});
export const careReadPage = pageOf(careReadBody);
export const careReadQuery = z.object({ ...pageQuery, recordId: z.coerce.number().int().positive().optional() });

// ---- counts upward -------------------------------------------------------------------------------

export const careSummaryRow = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  openRecords: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  byBand: z.record(z.string(), z.number().int()),
  overdueFollowUps: z.number().int(),
  closedRecords: z.number().int(),
  purgedRecords: z.number().int(),
  requiredGrades: z.number().int(),
  screenedGrades: z.number().int(),
  studentsScreened: z.number().int(),
  screeningBands: z.record(z.string(), z.number().int()),
});
export type CareSummaryRow = z.infer<typeof careSummaryRow>;
export const careSummaryBody = z.object({
  semester: z.object({ startsOn: z.string(), endsOn: z.string(), label: z.string() }).nullable(),
  totals: careSummaryRow.omit({ schoolId: true, schoolName: true, townName: true }),
  items: z.array(careSummaryRow),
});
export type CareSummary = z.infer<typeof careSummaryBody>;
export const careSummaryQuery = z.object({ townId: z.coerce.number().int().positive().optional(), schoolId: z.coerce.number().int().positive().optional() });

export const careSettingsBody = z.object({ retentionExtraYears: z.number().int(), version: z.number().int() });
export const updateCareSettingsBody = z.object({ version: z.number().int().min(0), retentionExtraYears: z.number({ error: '请填写延长保留学年数' }).int('须为整数').min(0, '不能为负数').max(10, '最多 10 个学年') });
