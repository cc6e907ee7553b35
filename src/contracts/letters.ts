// Requests and responses of the responsibility letter ledger (安全生产责任书, 000 item 1, 001 item 3):
// the bureau publishes a letter for a year and every unit's principal signs it; a school issues
// its own letter to its staff and each staff member signs. A new revision asks everyone to sign again.
import { z } from 'zod';
import { daySchema, pageOf, pageQuery, yearQuery, yearSchema, labelled } from './common.js';
import { fileRef } from './hazards.js';
import { letterLevels } from './rules.js';
import { unitKinds } from './enums.js';

export const letterStatuses = ['published', 'withdrawn'] as const;
export type LetterStatus = (typeof letterStatuses)[number];
export const letterStatusLabels: Record<LetterStatus, string> = { published: '已发布', withdrawn: '已撤回' };

export const signatureMethods = ['in_app', 'file'] as const;
export type SignatureMethod = (typeof signatureMethods)[number];
export const signatureMethodLabels: Record<SignatureMethod, string> = { in_app: '系统内确认签署', file: '上传签字扫描件' };

const day = daySchema;
const version = z.number({ error: '请带上版本号' }).int().positive();
const id = z.number().int().positive();

const levelField = labelled('责任书类别', z.enum(letterLevels, { error: '请选择责任书类别' }));
const title = z.string({ error: '请填写责任书标题' }).trim().min(1, '请填写责任书标题').max(200, '最多 200 字');
const titleField = labelled('责任书标题', title);
const optionalTitleField = labelled('责任书标题', title.optional());

export const signRateBody = z.object({ signed: z.number().int(), total: z.number().int() });
export type SignRate = z.infer<typeof signRateBody>;

export const letterBody = z.object({
  id: z.number().int(),
  issuerUnitId: z.number().int(),
  issuerName: z.string(),
  level: z.enum(letterLevels),
  year: z.number().int(),
  revision: z.number().int(),
  title: z.string(),
  body: z.string().nullable(),
  file: fileRef.nullable(),
  publishedOn: z.string(),
  status: z.enum(letterStatuses),
  withdrawReason: z.string().nullable(),
  createdByName: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The latest published revision of its issuer, level and year: the one to be signed. */
  current: z.boolean(),
  /** Signed of those who must sign, among the units or staff the caller sees. */
  signRate: signRateBody,
});
export type LetterView = z.infer<typeof letterBody>;
export const letterPage = pageOf(letterBody);

export const signatureBody = z.object({
  id: z.number().int(),
  letterId: z.number().int(),
  unitId: z.number().int(),
  staffId: z.number().int().nullable(),
  signerName: z.string(),
  signerUserId: z.number().int().nullable(),
  signedOn: z.string(),
  method: z.enum(signatureMethods),
  file: fileRef.nullable(),
  recordedByName: z.string(),
  createdAt: z.string(),
});
export type SignatureView = z.infer<typeof signatureBody>;

/** One line of the sign table: a unit (the bureau's letter) or a staff member (a school's letter). */
export const signerBody = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  unitKind: z.enum(unitKinds),
  townId: z.number().int().nullable(),
  townName: z.string().nullable(),
  staffId: z.number().int().nullable(),
  staffName: z.string().nullable(),
  /** Must sign this letter now (false: a signature of a unit or person no longer asked to sign). */
  required: z.boolean(),
  signature: signatureBody.nullable(),
});
export type SignerView = z.infer<typeof signerBody>;

export const letterDetailBody = letterBody.extend({
  /** Every revision of the same issuer, level and year, newest first. */
  revisions: z.array(z.object({ id: z.number().int(), revision: z.number().int(), status: z.enum(letterStatuses), publishedOn: z.string(), current: z.boolean() })),
  signers: z.array(signerBody),
  /** What the caller may do with this letter now, so the page shows only buttons that work. */
  actions: z.object({ signInApp: z.boolean(), recordSignature: z.boolean(), revise: z.boolean(), withdraw: z.boolean() }),
});
export type LetterDetail = z.infer<typeof letterDetailBody>;

export const letterListQuery = z.object({
  ...pageQuery,
  year: yearQuery.optional(),
  level: levelField.optional(),
  /** The issuing unit: the bureau, or a school for its staff letter. */
  issuerId: z.coerce.number().int().positive().optional(),
  status: z.enum(letterStatuses).optional(),
  /** Only the revision to be signed of each letter. */
  current: z.enum(['true', 'false']).optional(),
});
export type LetterListQuery = z.infer<typeof letterListQuery>;

const content = {
  body: z.string().trim().max(20000, '最多 20000 字').nullish(),
  /** The letter as a file (PDF or a photo), uploaded through /api/v1/files first. */
  fileId: id.nullish(),
  /** Defaults to today; not in the future. */
  publishedOn: day.optional(),
};

export const publishLetterBody = z.object({
  level: levelField,
  year: yearSchema,
  title: titleField,
  ...content,
});
export type PublishLetter = z.infer<typeof publishLetterBody>;

export const reviseLetterBody = z.object({
  version,
  /** Defaults to the revised letter's title. */
  title: optionalTitleField,
  ...content,
});
export type ReviseLetter = z.infer<typeof reviseLetterBody>;

export const withdrawLetterBody = z.object({
  version,
  withdrawReason: z.string({ error: '请填写撤回原因' }).trim().min(1, '请填写撤回原因').max(500, '最多 500 字'),
});

export const signLetterBody = z.object({
  method: z.enum(signatureMethods, { error: '请选择签署方式' }),
  /** The bureau's letter: the signing unit (in-app: the caller's own unit, the default). */
  unitId: id.optional(),
  /** A school's letter: the staff members who signed (several at once from one signed sheet). */
  staffIds: z.array(id).max(500, '一次最多登记 500 人').optional(),
  /** The bureau's letter signed on paper: who signed for the unit (its principal). */
  signerName: z.string().trim().max(50, '最多 50 字').nullish(),
  /** Signed on paper: the day on the letter (not in the future). In-app: today. */
  signedOn: day.optional(),
  /** Signed on paper: the scan of the signed letter. */
  fileId: id.nullish(),
});
export type SignLetter = z.infer<typeof signLetterBody>;
