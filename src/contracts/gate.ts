// Requests and responses of the gate log (门卫来访, issue 15 item 2; 002 area 7 四个一律, 001 item 15
// 护学岗): visitors, vehicles admitted or refused, and the daily 护学岗, kept on a phone at the gate.
// The identity number is taken once, checked and stored masked; only the masked one comes back.
import { z } from 'zod';
import { daySchema, pageOf, phoneSchema } from './common.js';
import { schoolStages } from './enums.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullable().optional();
const count = z.number({ error: '请填写人数' }).int('须为整数').min(0, '不能为负数').max(50, '不能超过 50');
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');
const instant = z.iso.datetime({ offset: true, error: '请填写时间' });

export const gateKinds = ['visitor', 'vehicle', 'guard_post'] as const;
export type GateKind = (typeof gateKinds)[number];
export const gateKindLabels: Record<GateKind, string> = { visitor: '来访人员', vehicle: '车辆', guard_post: '护学岗' };

export const gateBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  kind: z.enum(gateKinds),
  recordedOn: z.string(),
  guardName: z.string(),
  visitorName: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  idChecked: z.boolean().nullable(),
  phone: z.string().nullable(),
  organisation: z.string().nullable(),
  purpose: z.string().nullable(),
  hostName: z.string().nullable(),
  escortName: z.string().nullable(),
  plate: z.string().nullable(),
  driverName: z.string().nullable(),
  admitted: z.boolean().nullable(),
  refusalReason: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  leftAt: z.string().nullable(),
  arrivalTeachers: z.number().int().nullable(),
  arrivalGuards: z.number().int().nullable(),
  dismissalTeachers: z.number().int().nullable(),
  dismissalGuards: z.number().int().nullable(),
  onDuty: z.string().nullable(),
  note: z.string().nullable(),
  /** A visitor let in without a staff member to bring them (flagged, 四个一律). */
  unescorted: z.boolean(),
  /** A 护学岗 day short of a teacher or a guard at arrival or dismissal. */
  postShort: z.boolean(),
  ...recordedFields,
});
export type GateView = z.infer<typeof gateBody>;
export const gatePage = pageOf(gateBody);

export const gateFields = {
  guardName: text('值班门卫', 30),
  /** The day of a 护学岗 (a visitor's or vehicle's is its arrival's). */
  recordedOn: daySchema.nullable().optional(),
  visitorName: optText(30),
  /** Taken in full, checked, stored masked. */
  idNumber: z.string().trim().max(18, '须为 18 位居民身份证号码').nullable().optional(),
  idChecked: z.boolean().nullable().optional(),
  phone: phoneSchema.nullable().optional().or(z.literal('').transform(() => null)),
  organisation: optText(100),
  purpose: optText(200),
  hostName: optText(30),
  escortName: optText(30),
  plate: z.string().trim().max(12, '最多 12 字').nullable().optional(),
  driverName: optText(30),
  admitted: z.boolean({ error: '请选择准入或拒绝' }).nullable().optional(),
  refusalReason: optText(200),
  arrivedAt: instant.nullable().optional(),
  leftAt: instant.nullable().optional(),
  arrivalTeachers: count.nullable().optional(),
  arrivalGuards: count.nullable().optional(),
  dismissalTeachers: count.nullable().optional(),
  dismissalGuards: count.nullable().optional(),
  onDuty: optText(200),
  note: optText(500),
  fileIds: fileIds.optional(),
};

export const createGateBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  kind: z.enum(gateKinds, { error: '请选择登记类型' }),
  ...gateFields,
  fileIds: fileIds.default([]),
});
export type CreateGate = z.infer<typeof createGateBody>;

export const updateGateBody = z.object(gateFields).partial().extend({ version });
export type UpdateGate = z.infer<typeof updateGateBody>;

/** A visitor or vehicle leaves: the time (now when left out). */
export const gateLeaveBody = z.object({ version, leftAt: instant.optional() });
export type GateLeave = z.infer<typeof gateLeaveBody>;

export const gateListQuery = z.object({
  ...recordListFilters,
  kind: z.enum(gateKinds).optional(),
  stage: z.enum(schoolStages).optional(),
  /** Visitors still inside (arrived, admitted, not yet left). */
  inside: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Only what 四个一律 flags: visitors without staff, refusals, short 护学岗 days. */
  flagged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().max(30).optional(),
});
export type GateListQuery = z.infer<typeof gateListQuery>;
