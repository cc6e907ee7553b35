// Requests and responses of the staff posts, training, safety meeting and school liability
// insurance ledgers (issue 4; 001 item 7, 000 item 1, 001 item 26). Shaped like the drill ledger
// in ./drills.ts: versioned corrections, void with a reason, filters, export.
import { z } from 'zod';
import { daySchema, pageOf, pageQuery } from './common.js';
import { fileRef } from './hazards.js';
import { meetingLevels, staffPosts } from './rules.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

export const recordStatuses = ['recorded', 'voided'] as const;
export type RecordStatus = (typeof recordStatuses)[number];
export const recordStatusLabels: Record<RecordStatus, string> = { recorded: '有效', voided: '已作废' };

const recorded = {
  files: z.array(fileRef),
  status: z.enum(recordStatuses),
  voidReason: z.string().nullable(),
  createdByName: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
const where = { schoolId: z.number().int(), schoolName: z.string(), townName: z.string().nullable() };

export const voidRecordBody = z.object({
  version,
  voidReason: z.string().trim().min(1, '请填写作废原因').max(500, '最多 500 字'),
});

const listFilters = {
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  from: day.optional(),
  to: day.optional(),
  /** Without it only the recorded (not voided) entries. */
  status: z.enum(recordStatuses).optional(),
};

// ---- staff and their posts (教职工岗位) -------------------------------------------------------

const postEntry = z.object({ post: z.enum(staffPosts, { error: '岗位无效' }), since: day.nullish() });

export const staffBody = z.object({
  id: z.number().int(),
  ...where,
  userId: z.number().int().nullable(),
  name: z.string(),
  posts: z.array(z.object({ post: z.enum(staffPosts), since: z.string().nullable() })),
  leftOn: z.string().nullable(),
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
  posts: z.array(postEntry).min(1, '请至少填写一个岗位').max(5, '最多 5 个岗位'),
});
export type CreateStaff = z.infer<typeof createStaffBody>;

export const updateStaffBody = z.object({
  version,
  name: text('姓名', 50).optional(),
  posts: z.array(postEntry).min(1, '请至少填写一个岗位').max(5, '最多 5 个岗位').optional(),
  /** The day the person left the school (离岗); null brings them back. */
  leftOn: day.nullish(),
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
});
export type StaffListQuery = z.infer<typeof staffListQuery>;

// ---- trainings (安全培训台账, 001 item 7) -----------------------------------------------------

export const trainingBody = z.object({
  id: z.number().int(),
  ...where,
  staffId: z.number().int(),
  staffName: z.string(),
  posts: z.array(z.enum(staffPosts)),
  course: z.string(),
  hours: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  provider: z.string(),
  certificate: fileRef.nullable(),
  ...recorded,
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
  ...listFilters,
  staffId: z.coerce.number().int().positive().optional(),
  post: z.enum(staffPosts).optional(),
});
export type TrainingListQuery = z.infer<typeof trainingListQuery>;

// ---- safety meetings (安全专题会议, 000 item 1) -----------------------------------------------

export const meetingBody = z.object({
  id: z.number().int(),
  ...where,
  meetingOn: z.string(),
  level: z.enum(meetingLevels),
  chair: z.string(),
  attendees: z.array(z.string()),
  minutes: z.string(),
  decisions: z.string().nullable(),
  ...recorded,
});
export type MeetingView = z.infer<typeof meetingBody>;
export const meetingPage = pageOf(meetingBody);

const meetingFields = {
  meetingOn: day,
  level: z.enum(meetingLevels, { error: '请选择会议类别' }),
  chair: text('主持人', 50),
  attendees: z.array(text('参会人员姓名', 50)).min(1, '请至少填写一名参会人员').max(200, '最多 200 人'),
  minutes: text('会议纪要', 10000),
  decisions: optionalText(5000),
  fileIds,
};

export const createMeetingBody = z.object({ schoolId: z.number().int().positive(), ...meetingFields, fileIds: fileIds.default([]) });
export type CreateMeeting = z.infer<typeof createMeetingBody>;

export const updateMeetingBody = z.object({
  version,
  meetingOn: meetingFields.meetingOn.optional(),
  level: meetingFields.level.optional(),
  chair: meetingFields.chair.optional(),
  attendees: meetingFields.attendees.optional(),
  minutes: meetingFields.minutes.optional(),
  decisions: meetingFields.decisions,
  fileIds: fileIds.optional(),
});
export type UpdateMeeting = z.infer<typeof updateMeetingBody>;

export const meetingListQuery = z.object({ ...listFilters, level: z.enum(meetingLevels).optional() });
export type MeetingListQuery = z.infer<typeof meetingListQuery>;

// ---- school liability insurance (校方责任保险, 001 item 26) ------------------------------------

export const insuranceBody = z.object({
  id: z.number().int(),
  ...where,
  policyNo: z.string(),
  insurer: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  studentsCovered: z.number().int(),
  ...recorded,
});
export type InsuranceView = z.infer<typeof insuranceBody>;
export const insurancePage = pageOf(insuranceBody);

const insuranceFields = {
  policyNo: text('保单号', 64),
  insurer: text('保险公司', 100),
  startsOn: day,
  endsOn: day,
  studentsCovered: z.number({ error: '请填写承保学生数' }).int('须为整数').min(1, '至少 1 人').max(100000, '不能超过 100000'),
  fileIds,
};

export const createInsuranceBody = z.object({ schoolId: z.number().int().positive(), ...insuranceFields, fileIds: fileIds.default([]) });
export type CreateInsurance = z.infer<typeof createInsuranceBody>;

export const updateInsuranceBody = z.object({
  version,
  policyNo: insuranceFields.policyNo.optional(),
  insurer: insuranceFields.insurer.optional(),
  startsOn: day.optional(),
  endsOn: day.optional(),
  studentsCovered: insuranceFields.studentsCovered.optional(),
  fileIds: fileIds.optional(),
});
export type UpdateInsurance = z.infer<typeof updateInsuranceBody>;

/** from/to select the policies whose period overlaps them. */
export const insuranceListQuery = z.object({ ...listFilters, insurer: z.string().trim().max(100).optional() });
export type InsuranceListQuery = z.infer<typeof insuranceListQuery>;
