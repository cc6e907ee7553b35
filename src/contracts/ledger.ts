// What the recorded school ledgers share (staff trainings, safety meetings, school liability
// insurance; issue 4): a record's status and its void with a reason, the school it belongs to, the
// list filters. Each ledger's own contract (./staff.ts, ./meetings.ts, ./insurance.ts) builds on them.
import { z } from 'zod';
import { daySchema, pageQuery } from './common.js';
import { fileRef } from './hazards.js';

const day = daySchema;
const version = z.number({ error: '请带上版本号' }).int().positive();

export const recordStatuses = ['recorded', 'voided'] as const;
export type RecordStatus = (typeof recordStatuses)[number];
export const recordStatusLabels: Record<RecordStatus, string> = { recorded: '有效', voided: '已作废' };

/** The fields of a recorded entry: its files, status, void reason, who recorded it, version, times. */
export const recordedFields = {
  files: z.array(fileRef),
  status: z.enum(recordStatuses),
  voidReason: z.string().nullable(),
  createdByName: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
/** The school a record belongs to. */
export const schoolFields = { schoolId: z.number().int(), schoolName: z.string(), townName: z.string().nullable() };

export const voidRecordBody = z.object({
  version,
  voidReason: z.string().trim().min(1, '请填写作废原因').max(500, '最多 500 字'),
});

/** The list filters of every recorded ledger. */
export const recordListFilters = {
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  from: day.optional(),
  to: day.optional(),
  /** Without it only the recorded (not voided) entries. */
  status: z.enum(recordStatuses).optional(),
};
