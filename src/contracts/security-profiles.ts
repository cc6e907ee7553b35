// Requests and responses of the security profile ledger (人防、物防、技防, 002 areas 8 and 9): guards
// per gate and time slot, one-key alarms, video, the perimeter alarm. A profile is never changed:
// a correction or a change is a new record, and the latest (by recorded day, then id) counts.
import { z } from 'zod';
import { securityProfileProblems } from '../domain/security-profile.js';
import { daySchema, pageOf, pageQuery } from './common.js';
import { schoolStages } from './enums.js';
import { fileRef } from './hazards.js';
import { findingStatuses, guardSlots, type GuardSlot } from './rules.js';

const day = daySchema;
/** Counts are checked whole and within bounds by securityProfileProblems, which names the gate and slot. */
const count = z.number({ error: '请填写数字' });

const guards = z.object(Object.fromEntries(guardSlots.map((s) => [s, count])) as Record<GuardSlot, typeof count>, { error: '请填写各时段保安人数' });

export const gateInput = z.object({ name: z.string({ error: '请填写校门名称' }), guards });

export const createSecurityProfileBody = z
  .object({
    schoolId: z.number({ error: '请选择学校' }).int().positive(),
    recordedOn: day,
    gates: z.array(gateInput, { error: '请登记校门' }),
    alarms: z.object({ installed: count, working: count, lastTestedOn: day.nullish() }, { error: '请填写一键式紧急报警装置' }),
    video: z.object({ retentionDays: count, linkedToBureau: z.boolean({ error: '请选择是否接入' }) }, { error: '请填写视频监控' }),
    perimeterAlarm: z.object({ installed: z.boolean({ error: '请选择是否安装' }), armed24h: z.boolean({ error: '请选择是否设防' }) }, { error: '请填写周界报警' }),
    note: z.string().trim().max(1000, '最多 1000 字').nullish(),
    fileIds: z.array(z.number().int().positive()).max(20, '最多 20 个文件').default([]),
  })
  .superRefine((p, ctx) => {
    // The label travels with the issue so the error names the gate and slot ('第1个校门 夜间保安人数').
    for (const problem of securityProfileProblems(p)) {
      ctx.addIssue({ code: 'custom', path: problem.field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), message: problem.message, params: { label: problem.label } });
    }
  });
export type CreateSecurityProfile = z.infer<typeof createSecurityProfileBody>;

export const securityProfileBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  recordedOn: z.string(),
  gates: z.array(z.object({ name: z.string(), guards: z.object(Object.fromEntries(guardSlots.map((s) => [s, z.number().int()])) as Record<GuardSlot, z.ZodNumber>) })),
  alarms: z.object({ installed: z.number().int(), working: z.number().int(), lastTestedOn: z.string().nullable() }),
  video: z.object({ retentionDays: z.number().int(), linkedToBureau: z.boolean() }),
  perimeterAlarm: z.object({ installed: z.boolean(), armed24h: z.boolean() }),
  note: z.string().nullable(),
  files: z.array(fileRef),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type SecurityProfileView = z.infer<typeof securityProfileBody>;
export const securityProfilePage = pageOf(securityProfileBody);

/** Where a school stands: no profile yet, a profile short of a rule, or every rule met. */
export const profileStates = ['missing', 'short', 'ok'] as const;
export type ProfileState = (typeof profileStates)[number];
export const profileStateLabels: Record<ProfileState, string> = { missing: '未登记', short: '有未达标项', ok: '全部达标' };

/** The guard, alarm, video and perimeter rules judged on the school's latest profile, as /compliance judges them. */
export const profileFindingBody = z.object({
  ruleCode: z.string(),
  subject: z.string(),
  status: z.enum(findingStatuses),
  value: z.number().nullable(),
  target: z.number().nullable(),
  explanation: z.string(),
});
export type ProfileFinding = z.infer<typeof profileFindingBody>;

export const schoolProfileBody = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  townId: z.number().int().nullable(),
  townName: z.string().nullable(),
  stage: z.enum(schoolStages).nullable(),
  boarding: z.boolean(),
  /** The gates the school has on record (units.gate_count); gates the profile leaves out count as unguarded. */
  gateCount: z.number().int().nullable(),
  state: z.enum(profileStates),
  profile: securityProfileBody.nullable(),
  /** How many profiles the school has recorded (its history). */
  recordCount: z.number().int(),
  findings: z.array(profileFindingBody),
});
export type SchoolProfileView = z.infer<typeof schoolProfileBody>;

export const schoolProfilePage = pageOf(schoolProfileBody).extend({
  asOf: z.string(),
  summary: z.object(Object.fromEntries(profileStates.map((s) => [s, z.number().int()])) as Record<ProfileState, z.ZodNumber>),
});
export type SchoolProfilePage = z.infer<typeof schoolProfilePage>;

export const securityProfileListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  stage: z.enum(schoolStages).optional(),
  state: z.enum(profileStates).optional(),
});
export type SecurityProfileListQuery = z.infer<typeof securityProfileListQuery>;

export const securityHistoryQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number({ error: '请选择学校' }).int().positive(),
});
export type SecurityHistoryQuery = z.infer<typeof securityHistoryQuery>;
