// Requests and responses of the daily health checks (晨午检, issue 15 item 8; 001 item 16): per class
// and session, enrolled, absent and absent for illness, students with each symptom, and each absence
// for illness followed up by name (因病缺课追踪); clusters of a symptom signal a possible outbreak.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { schoolStages } from './enums.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { symptoms } from '../domain/health-checks.js';

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const headcount = (what: string) => z.number({ error: `请填写${what}` }).int('须为整数').min(0, '不能为负数').max(500, '不能超过 500');
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

export const checkSessions = ['morning', 'noon'] as const;
export type CheckSession = (typeof checkSessions)[number];
export const checkSessionLabels: Record<CheckSession, string> = { morning: '晨检', noon: '午检' };

const symptomCounts = z.partialRecord(z.enum(symptoms), headcount('症状人数'));
const illCase = z.object({
  student: text('学生姓名', 30),
  symptom: z.enum(symptoms, { error: '请选择症状' }),
  followUp: text('追踪情况', 200),
});

export const healthCheckBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  checkedOn: z.string(),
  session: z.enum(checkSessions),
  className: z.string(),
  checkerName: z.string(),
  enrolled: z.number().int(),
  absent: z.number().int(),
  absentIll: z.number().int(),
  symptoms: z.record(z.string(), z.number().int()),
  illCases: z.array(z.object({ student: z.string(), symptom: z.string(), followUp: z.string() })),
  note: z.string().nullable(),
  ...recordedFields,
});
export type HealthCheckView = z.infer<typeof healthCheckBody>;
export const healthCheckPage = pageOf(healthCheckBody);

const fields = {
  checkedOn: daySchema,
  session: z.enum(checkSessions, { error: '请选择晨检或午检' }),
  className: text('班级', 30),
  checkerName: text('检查人', 30),
  enrolled: headcount('应到人数').min(1, '至少 1 人'),
  absent: headcount('缺勤人数'),
  absentIll: headcount('因病缺勤人数'),
  symptoms: symptomCounts.default({}),
  illCases: z.array(illCase).max(500).default([]),
  note: z.string().trim().max(500, '最多 500 字').nullable().optional(),
};

export const createHealthCheckBody = z.object({ schoolId: z.number({ error: '请选择学校' }).int().positive(), ...fields, fileIds: fileIds.default([]) });
export type CreateHealthCheck = z.infer<typeof createHealthCheckBody>;
export const updateHealthCheckBody = z
  .object({ ...fields, symptoms: symptomCounts, illCases: z.array(illCase).max(500), fileIds })
  .partial()
  .extend({ version });
export type UpdateHealthCheck = z.infer<typeof updateHealthCheckBody>;

export const healthCheckListQuery = z.object({
  ...recordListFilters,
  session: z.enum(checkSessions).optional(),
  stage: z.enum(schoolStages).optional(),
  className: z.string().trim().max(30).optional(),
  /** Only checks with a student absent for illness. */
  ill: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type HealthCheckListQuery = z.infer<typeof healthCheckListQuery>;

export const outbreakSignalBody = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  symptom: z.enum(symptoms),
  scope: z.enum(['class', 'school']),
  className: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  cases: z.number().int(),
  message: z.string(),
});
export const outbreakSignalList = z.object({ asOf: z.string(), items: z.array(outbreakSignalBody) });
export type OutbreakSignalList = z.infer<typeof outbreakSignalList>;

// ---- the outbreak signal's thresholds, a section of the district's rule pack (issue 15 item 8) ----------

export const outbreakThresholdsView = z.object({
  packVersion: z.number().int(),
  classCases: z.number().int(),
  schoolCases: z.number().int(),
  schoolDays: z.number().int(),
  sources: z.array(z.object({ seed: z.string(), item: z.string(), quote: z.string() })),
  notes: z.array(z.string()),
});
export type OutbreakThresholdsView = z.infer<typeof outbreakThresholdsView>;

const cases = z.number({ error: '请填写人数' }).int('须为整数');
export const changeOutbreakThresholdsBody = z.object({
  /** The pack version in force, as read (stale → 409). */
  version: z.number({ error: '请带上版本号' }).int().positive(),
  classCases: cases.optional(),
  schoolCases: cases.optional(),
  schoolDays: z.number({ error: '请填写天数' }).int('须为整数').optional(),
  reason: z.string({ error: '请填写修改原因' }).trim().min(1, '请填写修改原因').max(200, '最多 200 字'),
});
export type ChangeOutbreakThresholds = z.infer<typeof changeOutbreakThresholdsBody>;
