// Requests and responses of the network security ledger (网络安全, issue 15 item 6; 000 item 8): the
// school's systems and websites registry, the bureau's red and yellow cards (红黄牌) with the
// school's answer, and the monthly report. Shaped like the other school ledgers (./equipment.ts).
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { fileRef } from './hazards.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { stageFilter } from './equipment.js';
import { cardColors, cardStates, netsecSystemKinds, reportIncidents } from '../domain/network-security.js';

export {
  cardColors,
  cardColorLabels,
  cardStates,
  cardStateLabels,
  netsecSystemKinds,
  netsecSystemKindLabels,
  reportIncidents,
  reportIncidentLabels,
} from '../domain/network-security.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');
const month = z.string({ error: '请选择月份' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

// ---- the systems and websites registry ----------------------------------------------------------

export const netsecSystemBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  kind: z.enum(netsecSystemKinds),
  name: z.string(),
  address: z.string().nullable(),
  responsiblePerson: z.string(),
  protectionLevel: z.number().int().nullable(),
  filingNo: z.string().nullable(),
  ...recordedFields,
});
export type NetsecSystemView = z.infer<typeof netsecSystemBody>;
export const netsecSystemPage = pageOf(netsecSystemBody);

const systemFields = {
  kind: z.enum(netsecSystemKinds, { error: '请选择系统类别' }),
  name: text('系统或网站名称', 100),
  address: optionalText(200),
  responsiblePerson: text('责任人', 50),
  protectionLevel: z.number({ error: '等保级别应为 1–5' }).int('等保级别应为 1–5').min(1, '等保级别应为 1–5').max(5, '等保级别应为 1–5').nullish(),
  filingNo: optionalText(64),
};
export const createNetsecSystemBody = z.object({ schoolId: z.number().int().positive(), ...systemFields, fileIds: fileIds.default([]) });
export type CreateNetsecSystem = z.infer<typeof createNetsecSystemBody>;
export const updateNetsecSystemBody = z.object({
  version,
  kind: systemFields.kind.optional(),
  name: systemFields.name.optional(),
  address: systemFields.address,
  responsiblePerson: systemFields.responsiblePerson.optional(),
  protectionLevel: systemFields.protectionLevel,
  filingNo: systemFields.filingNo,
  fileIds: fileIds.optional(),
});
export type UpdateNetsecSystem = z.infer<typeof updateNetsecSystemBody>;
export const netsecSystemListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  kind: z.enum(netsecSystemKinds).optional(),
  q: z.string().trim().max(50).optional(),
});
export type NetsecSystemListQuery = z.infer<typeof netsecSystemListQuery>;

// ---- red and yellow cards (红黄牌) -------------------------------------------------------------

export const netsecCardBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  color: z.enum(cardColors),
  issuedOn: z.string(),
  issuerUnitName: z.string(),
  issuedByName: z.string(),
  reason: z.string(),
  fixBy: z.string(),
  state: z.enum(cardStates),
  /** Open (not closed) past its fix-by day (computed). */
  overdue: z.boolean(),
  answer: z.string().nullable(),
  answerFiles: z.array(fileRef),
  answeredByName: z.string().nullable(),
  answeredAt: z.string().nullable(),
  returnNote: z.string().nullable(),
  closeNote: z.string().nullable(),
  closedByName: z.string().nullable(),
  closedAt: z.string().nullable(),
  ...recordedFields,
});
export type NetsecCardView = z.infer<typeof netsecCardBody>;
export const netsecCardPage = pageOf(netsecCardBody);

export const issueNetsecCardBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  color: z.enum(cardColors, { error: '请选择红牌或黄牌' }),
  issuedOn: day,
  reason: text('问题（下发原因）', 1000),
  fixBy: day,
  fileIds: fileIds.default([]),
});
export type IssueNetsecCard = z.infer<typeof issueNetsecCardBody>;

export const answerNetsecCardBody = z.object({
  version,
  answer: text('整改情况', 2000),
  answerFileIds: z.array(z.number().int().positive()).min(1, '请上传整改佐证材料').max(20, '最多 20 个文件'),
});
export type AnswerNetsecCard = z.infer<typeof answerNetsecCardBody>;

export const decideNetsecCardBody = z.object({
  version,
  decision: z.enum(['close', 'return'], { error: '请选择销号或退回' }),
  note: optionalText(1000),
});
export type DecideNetsecCard = z.infer<typeof decideNetsecCardBody>;

export const netsecCardListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  color: z.enum(cardColors).optional(),
  state: z.enum(cardStates).optional(),
  overdue: z.enum(['true']).optional(),
});
export type NetsecCardListQuery = z.infer<typeof netsecCardListQuery>;

// ---- the monthly report (网络安全月报告) --------------------------------------------------------

export const netsecReportBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  month: z.string(),
  checksDone: z.number().int(),
  incidents: z.enum(reportIncidents),
  incidentCount: z.number().int(),
  summary: z.string().nullable(),
  ...recordedFields,
});
export type NetsecReportView = z.infer<typeof netsecReportBody>;
export const netsecReportPage = pageOf(netsecReportBody);

export const createNetsecReportBody = z.object({
  schoolId: z.number().int().positive(),
  month,
  checksDone: z.number({ error: '请填写本月检查次数' }).int('检查次数应为整数').min(0, '检查次数不能为负数').max(1000, '检查次数最多 1000'),
  incidents: z.enum(reportIncidents, { error: '请选择有无网络安全事件' }),
  incidentCount: z.number().int('事件数应为整数').min(0, '事件数不能为负数').max(1000, '事件数最多 1000').default(0),
  summary: optionalText(2000),
  fileIds: fileIds.default([]),
});
export type CreateNetsecReport = z.infer<typeof createNetsecReportBody>;
export const updateNetsecReportBody = z.object({
  version,
  checksDone: createNetsecReportBody.shape.checksDone.optional(),
  incidents: z.enum(reportIncidents, { error: '请选择有无网络安全事件' }).optional(),
  incidentCount: z.number().int('事件数应为整数').min(0, '事件数不能为负数').max(1000, '事件数最多 1000').optional(),
  summary: optionalText(2000),
  fileIds: fileIds.optional(),
});
export type UpdateNetsecReport = z.infer<typeof updateNetsecReportBody>;
export const netsecReportListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  month: month.optional(),
  incidents: z.enum(reportIncidents).optional(),
});
export type NetsecReportListQuery = z.infer<typeof netsecReportListQuery>;
