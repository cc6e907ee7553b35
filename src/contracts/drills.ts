// Requests and responses of the drill ledger (应急疏散演练台账, issue 4; 000 item 17, 001 item 6):
// versioned corrections, void with a reason, filters, export. The drill kinds are in ./rules.ts.
import { z } from 'zod';
import { daySchema, pageOf, pageQuery } from './common.js';
import { fileRef } from './hazards.js';
import { drillKinds } from './rules.js';

const day = daySchema;
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();

export const drillStatuses = ['recorded', 'voided'] as const;
export type DrillStatus = (typeof drillStatuses)[number];
export const drillStatusLabels: Record<DrillStatus, string> = { recorded: '有效', voided: '已作废' };

export const drillBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  heldOn: z.string(),
  kind: z.enum(drillKinds),
  participants: z.number().int(),
  evacuationSeconds: z.number().int().nullable(),
  observers: z.string().nullable(),
  problems: z.string().nullable(),
  /** The emergency plan the drill exercised (issue 21). */
  emergencyPlanId: z.number().int().nullable(),
  files: z.array(fileRef),
  status: z.enum(drillStatuses),
  voidReason: z.string().nullable(),
  createdByName: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Drill = z.infer<typeof drillBody>;
export const drillPage = pageOf(drillBody);

const drillFields = {
  heldOn: day,
  kind: z.enum(drillKinds),
  participants: z.number().int('须为整数').min(1, '至少 1 人').max(100000, '不能超过 100000'),
  evacuationSeconds: z.number().int('须为整数').min(0, '不能为负数').max(86400, '不能超过 86400 秒').nullish(),
  observers: optionalText(500),
  problems: optionalText(2000),
  emergencyPlanId: z.number().int().positive().nullish(),
  fileIds: z.array(z.number().int().positive()).max(20, '最多 20 个文件'),
};

export const createDrillBody = z.object({
  schoolId: z.number().int().positive(),
  ...drillFields,
  fileIds: drillFields.fileIds.default([]),
});
export type CreateDrill = z.infer<typeof createDrillBody>;

export const updateDrillBody = z.object({
  version,
  heldOn: drillFields.heldOn.optional(),
  kind: drillFields.kind.optional(),
  participants: drillFields.participants.optional(),
  evacuationSeconds: drillFields.evacuationSeconds,
  observers: drillFields.observers,
  problems: drillFields.problems,
  emergencyPlanId: drillFields.emergencyPlanId,
  fileIds: drillFields.fileIds.optional(),
});
export type UpdateDrill = z.infer<typeof updateDrillBody>;

export const voidDrillBody = z.object({
  version,
  voidReason: z.string().trim().min(1, '请填写作废原因').max(500, '最多 500 字'),
});

export const drillListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  kind: z.enum(drillKinds).optional(),
  from: day.optional(),
  to: day.optional(),
  /** Without it only the recorded (not voided) drills. */
  status: z.enum(drillStatuses).optional(),
});
export type DrillListQuery = z.infer<typeof drillListQuery>;
