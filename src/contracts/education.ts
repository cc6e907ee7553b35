// Requests and responses of the safety education and boarding care ledger (安全教育活动, issue 15
// item 9; 000 item 15 and the task table, 001 items 8 and 12): activities for the safety education
// days and each term's first lesson, boarding schools' evening roll call per dormitory with the
// parents of a student absent without leave told the same day, the drowning-prevention letter acknowledged.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { schoolStages } from './enums.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullable().optional();
const count = (max: number) => z.number({ error: '请填写数字' }).int('须为整数').min(0, '不能为负数').max(max, `不能超过 ${max}`).nullable().optional();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

export const educationKinds = ['activity', 'roll_call', 'drowning_letter'] as const;
export type EducationKind = (typeof educationKinds)[number];
export const educationKindLabels: Record<EducationKind, string> = { activity: '安全教育活动', roll_call: '寄宿生晚点名', drowning_letter: '防溺水告家长书' };

export const educationBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  kind: z.enum(educationKinds),
  heldOn: z.string(),
  person: z.string(),
  educationDay: z.string().nullable(),
  topic: z.string().nullable(),
  classesReached: z.number().int().nullable(),
  participants: z.number().int().nullable(),
  dormitory: z.string().nullable(),
  expected: z.number().int().nullable(),
  present: z.number().int().nullable(),
  absentWithoutLeave: z.number().int().nullable(),
  parentsNotified: z.number().int().nullable(),
  classesTotal: z.number().int().nullable(),
  classesAcknowledged: z.number().int().nullable(),
  studentsTotal: z.number().int().nullable(),
  studentsAcknowledged: z.number().int().nullable(),
  content: z.string().nullable(),
  ...recordedFields,
});
export type EducationView = z.infer<typeof educationBody>;
export const educationPage = pageOf(educationBody);

const fields = {
  heldOn: daySchema,
  person: text('负责人', 50),
  educationDay: z.string().trim().max(40).nullable().optional(),
  topic: optText(100),
  classesReached: count(500),
  participants: count(20000),
  dormitory: optText(30),
  expected: count(500),
  present: count(500),
  absentWithoutLeave: count(500),
  parentsNotified: count(500),
  classesTotal: count(500),
  classesAcknowledged: count(500),
  studentsTotal: count(20000),
  studentsAcknowledged: count(20000),
  content: optText(2000),
};

export const createEducationBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  kind: z.enum(educationKinds, { error: '请选择记录类型' }),
  ...fields,
  fileIds: fileIds.default([]),
});
export type CreateEducation = z.infer<typeof createEducationBody>;
export const updateEducationBody = z.object({ ...fields, fileIds }).partial().extend({ version });
export type UpdateEducation = z.infer<typeof updateEducationBody>;

export const educationListQuery = z.object({
  ...recordListFilters,
  kind: z.enum(educationKinds).optional(),
  stage: z.enum(schoolStages).optional(),
  educationDay: z.string().trim().max(40).optional(),
});
export type EducationListQuery = z.infer<typeof educationListQuery>;

/** The education days a school year asks for, to pick from in the form (GET /education-records/days). */
export const educationDayList = z.object({
  items: z.array(z.object({ key: z.string(), name: z.string(), startsOn: z.string(), endsOn: z.string(), source: z.string(), activity: z.string() })),
});
export const educationDayQuery = z.object({ year: z.coerce.number().int().min(2000).max(2099) });
