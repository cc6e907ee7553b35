// Requests and responses of letters to families (告家长书, issue 22; 000 item 13): a school sends a
// safety letter to its classes, every pupil's guardian confirms it from a numbered slip's link or QR
// code without an account, the class teacher sees which seats have not confirmed, and above the
// school only the counts and rates are seen. No pupil is ever named: a slip is a class and a seat.
import { z } from 'zod';
import { daySchema, labelled, pageOf } from './common.js';
import { schoolStages } from './enums.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);

export const familyLetterTopics = ['holiday', 'drowning', 'traffic', 'anti_fraud', 'other'] as const;
export type FamilyLetterTopic = (typeof familyLetterTopics)[number];
export const familyLetterTopicLabels: Record<FamilyLetterTopic, string> = {
  holiday: '假期安全',
  drowning: '防溺水',
  traffic: '交通安全',
  anti_fraud: '防范电信网络诈骗',
  other: '其他',
};

export const guardianRelationships = ['father', 'mother', 'grandparent', 'other'] as const;
export type GuardianRelationship = (typeof guardianRelationships)[number];
export const guardianRelationshipLabels: Record<GuardianRelationship, string> = { father: '父亲', mother: '母亲', grandparent: '祖辈', other: '其他监护人' };

export const confirmMethods = ['link', 'paper'] as const;
export type ConfirmMethod = (typeof confirmMethods)[number];
export const confirmMethodLabels: Record<ConfirmMethod, string> = { link: '扫码/链接确认', paper: '纸质回执' };

/** open: guardians may confirm; closed: past the due day; withdrawn: voided. */
export const familyLetterStates = ['open', 'closed'] as const;
export type FamilyLetterState = (typeof familyLetterStates)[number];
export const familyLetterStateLabels: Record<FamilyLetterState, string> = { open: '回执中', closed: '已截止' };

/** The most days a letter's links stay open after it is sent (the links expire: issue 22). */
export const MAX_LETTER_OPEN_DAYS = 30;
export const MAX_CLASS_PUPILS = 100;
export const MAX_LETTER_CLASSES = 200;

export const letterClassBody = z.object({
  id: z.number().int(),
  className: z.string(),
  pupils: z.number().int(),
  confirmed: z.number().int(),
  teacherName: z.string().nullable(),
  teacherUserId: z.number().int().nullable(),
  /** The person asking may see this class's seats (a manager of the school, or its teacher). */
  mine: z.boolean(),
});
export type LetterClassView = z.infer<typeof letterClassBody>;

export const familyLetterBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  topic: z.enum(familyLetterTopics),
  title: z.string(),
  body: z.string(),
  sentOn: z.string(),
  dueOn: z.string(),
  state: z.enum(familyLetterStates),
  pupils: z.number().int(),
  confirmed: z.number().int(),
  classes: z.array(letterClassBody),
  ...recordedFields,
});
export type FamilyLetterView = z.infer<typeof familyLetterBody>;
export const familyLetterPage = pageOf(familyLetterBody);

const titleField = labelled('告家长书标题', text('告家长书标题', 60));
const bodyField = labelled('告家长书正文', text('告家长书正文', 5000));
const topicField = labelled('主题', z.enum(familyLetterTopics, { error: '请选择主题' }));
const dueField = labelled('回执截止日期', daySchema);

export const letterClassInput = z.object({
  className: text('班级名称', 20),
  pupils: labelled('学生人数', z.number({ error: '请填写学生人数' }).int('须为整数').min(1, '至少 1 人').max(MAX_CLASS_PUPILS, `不能超过 ${MAX_CLASS_PUPILS} 人`)),
  teacherName: z.string().trim().max(30, '最多 30 字').nullable().optional(),
  teacherUserId: z.number().int().positive().nullable().optional(),
});
export type LetterClassInput = z.infer<typeof letterClassInput>;

export const createFamilyLetterBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  topic: topicField,
  title: titleField,
  body: bodyField,
  sentOn: daySchema,
  dueOn: dueField,
  classes: z.array(letterClassInput, { error: '请填写班级' }).min(1, '至少选择一个班级').max(MAX_LETTER_CLASSES, `最多 ${MAX_LETTER_CLASSES} 个班级`),
  fileIds: fileIds.default([]),
});
export type CreateFamilyLetter = z.infer<typeof createFamilyLetterBody>;

/** A correction of the text or the due day; the classes are added one at a time (their slips stay). */
export const updateFamilyLetterBody = z.object({
  version,
  topic: labelled('主题', z.enum(familyLetterTopics, { error: '请选择主题' }).optional()),
  title: labelled('告家长书标题', text('告家长书标题', 60).optional()),
  body: labelled('告家长书正文', text('告家长书正文', 5000).optional()),
  dueOn: labelled('回执截止日期', daySchema.optional()),
  fileIds: fileIds.optional(),
});
export type UpdateFamilyLetter = z.infer<typeof updateFamilyLetterBody>;

export const addLetterClassBody = letterClassInput.extend({ version });
export type AddLetterClass = z.infer<typeof addLetterClassBody>;

export const familyLetterListQuery = z.object({
  ...recordListFilters,
  topic: z.enum(familyLetterTopics).optional(),
  state: z.enum(familyLetterStates).optional(),
  stage: z.enum(schoolStages).optional(),
  q: z.string().trim().max(30).optional(),
});
export type FamilyLetterListQuery = z.infer<typeof familyLetterListQuery>;

/** One pupil's slip as the school sees it: the seat, its link token (to print it again), and whether it is confirmed. */
export const letterSlipBody = z.object({
  id: z.number().int(),
  seat: z.number().int(),
  token: z.string(),
  confirmedAt: z.string().nullable(),
  method: z.enum(confirmMethods).nullable(),
  relationship: z.enum(guardianRelationships).nullable(),
});
export type LetterSlipView = z.infer<typeof letterSlipBody>;

export const letterClassSlipsBody = z.object({
  letter: z.object({ id: z.number().int(), title: z.string(), schoolName: z.string(), dueOn: z.string(), state: z.enum(familyLetterStates), version: z.number().int() }),
  class: letterClassBody,
  slips: z.array(letterSlipBody),
});
export type LetterClassSlips = z.infer<typeof letterClassSlipsBody>;

export const paperSlipBody = z.object({
  relationship: z.enum(guardianRelationships, { error: '请选择与学生关系' }).nullable().optional(),
});
export type PaperSlip = z.infer<typeof paperSlipBody>;

export const letterSlipParams = z.object({ id: z.coerce.number().int().positive(), slipId: z.coerce.number().int().positive() });
export const letterClassParams = z.object({ id: z.coerce.number().int().positive(), classId: z.coerce.number().int().positive() });

/** Above the school: the rates by town and by school over the letters of the filter (counts only). */
export const familyLetterRatesQuery = z.object({
  from: daySchema.optional(),
  to: daySchema.optional(),
  topic: z.enum(familyLetterTopics).optional(),
  townId: z.coerce.number().int().positive().optional(),
});
export type FamilyLetterRatesQuery = z.infer<typeof familyLetterRatesQuery>;

const rateRow = { letters: z.number().int(), pupils: z.number().int(), confirmed: z.number().int(), paper: z.number().int() };
export const familyLetterRatesBody = z.object({
  total: z.object(rateRow),
  towns: z.array(z.object({ townId: z.number().int().nullable(), townName: z.string(), ...rateRow })),
  schools: z.array(z.object({ schoolId: z.number().int(), schoolName: z.string(), townName: z.string().nullable(), ...rateRow })),
});
export type FamilyLetterRates = z.infer<typeof familyLetterRatesBody>;

// The guardian's side: no account, the slip's token is the credential.

/** A token is 32 hex digits; anything else is not found, like a guessed one. */
export const letterTokenParams = z.object({ token: z.string().max(64) });

export const publicLetterBody = z.object({
  schoolName: z.string(),
  className: z.string(),
  seat: z.number().int(),
  topic: z.enum(familyLetterTopics),
  title: z.string(),
  body: z.string(),
  sentOn: z.string(),
  dueOn: z.string(),
  confirmedAt: z.string().nullable(),
  relationship: z.enum(guardianRelationships).nullable(),
});
export type PublicLetterView = z.infer<typeof publicLetterBody>;

export const confirmLetterBody = z.object({
  relationship: labelled('与学生关系', z.enum(guardianRelationships, { error: '请选择您与学生的关系' })),
  agreed: labelled('阅读确认', z.literal(true, { error: '请勾选“已阅读并知晓”' })),
});
export type ConfirmLetter = z.infer<typeof confirmLetterBody>;
