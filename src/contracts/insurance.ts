// Requests and responses of the school liability insurance ledger (校方责任保险, issue 4; 001 item 26).
// Shaped like the drill ledger in ./drills.ts; the shared parts are in ./ledger.ts.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

// ---- school liability insurance (校方责任保险, 001 item 26) ------------------------------------

export const insuranceBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  policyNo: z.string(),
  insurer: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  studentsCovered: z.number().int(),
  ...recordedFields,
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
export const insuranceListQuery = z.object({ ...recordListFilters, insurer: z.string().trim().max(100).optional() });
export type InsuranceListQuery = z.infer<typeof insuranceListQuery>;
