// Requests and responses of the emergency plans and emergency teams (应急预案、应急队伍; issue 21,
// 000 items 4 and 10, task table item 7; 001 item 6; 004 item 4). Shaped like the recorded ledgers
// (./insurance.ts): versioned corrections, void with a reason, filters, export.
import { z } from 'zod';
import { daySchema, pageOf, phoneSchema } from './common.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { emergencyPlanKinds } from '../domain/emergency-plans.js';

export { emergencyPlanKinds, emergencyPlanKindLabels } from '../domain/emergency-plans.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');
const id = z.number().int().positive();

/** 004 item 4: 与学校周边重点救援力量建立应急联动机制 — police station, fire station, hospital. */
export const rescueForceKinds = ['police', 'fire', 'hospital', 'other'] as const;
export const rescueForceKindLabels: Record<(typeof rescueForceKinds)[number], string> = { police: '派出所', fire: '消防救援站', hospital: '医院', other: '其他' };

const rescueForce = z.object({
  forceKind: z.enum(rescueForceKinds, { error: '救援力量类别无效' }),
  name: text('单位名称', 100),
  contact: text('联系人', 50),
  phone: phoneSchema,
});
export type RescueForce = z.infer<typeof rescueForce>;

export const emergencyPlanBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  kind: z.enum(emergencyPlanKinds),
  edition: z.string(),
  approvedBy: z.string(),
  approvedOn: z.string(),
  revisionDue: z.string(),
  rescueForces: z.array(z.object({ forceKind: z.enum(rescueForceKinds), name: z.string(), contact: z.string(), phone: z.string() })),
  walkedStaff: z.array(z.object({ id: z.number().int(), name: z.string() })),
  walkedOn: z.string().nullable(),
  drillsCount: z.number().int(),
  ...recordedFields,
});
export type EmergencyPlanView = z.infer<typeof emergencyPlanBody>;
export const emergencyPlanPage = pageOf(emergencyPlanBody);

const planFields = {
  kind: z.enum(emergencyPlanKinds, { error: '预案类型无效' }),
  edition: text('预案版本', 50),
  approvedBy: text('审批人', 50),
  approvedOn: day,
  revisionDue: day,
  rescueForces: z.array(rescueForce).max(20, '最多 20 个救援力量'),
  walkedStaffIds: z.array(id).max(2000, '最多 2000 人'),
  walkedOn: day.nullish(),
  fileIds,
};

export const createEmergencyPlanBody = z.object({
  schoolId: id,
  ...planFields,
  rescueForces: planFields.rescueForces.default([]),
  walkedStaffIds: planFields.walkedStaffIds.default([]),
  fileIds: fileIds.default([]),
});
export type CreateEmergencyPlan = z.infer<typeof createEmergencyPlanBody>;

export const updateEmergencyPlanBody = z.object({
  version,
  edition: planFields.edition.optional(),
  approvedBy: planFields.approvedBy.optional(),
  approvedOn: day.optional(),
  revisionDue: day.optional(),
  rescueForces: planFields.rescueForces.optional(),
  walkedStaffIds: planFields.walkedStaffIds.optional(),
  walkedOn: day.nullish(),
  fileIds: fileIds.optional(),
});
export type UpdateEmergencyPlan = z.infer<typeof updateEmergencyPlanBody>;

export const emergencyPlanListQuery = z.object({
  ...recordListFilters,
  kind: z.enum(emergencyPlanKinds).optional(),
  /** Only the plans past their revision day (as of today). */
  overdue: z.enum(['true', 'false']).optional(),
});
export type EmergencyPlanListQuery = z.infer<typeof emergencyPlanListQuery>;

// ---- the emergency team (应急队伍, 004 item 4: 加强学校应急保障队伍建设) ------------------------

/** The usual posts of a school's emergency team; free text is refused so the board can count them. */
export const teamRoles = ['commander', 'deputy', 'evacuation', 'rescue', 'medical', 'logistics', 'liaison', 'security'] as const;
export const teamRoleLabels: Record<(typeof teamRoles)[number], string> = {
  commander: '总指挥',
  deputy: '副总指挥',
  evacuation: '疏散引导组',
  rescue: '抢险救援组',
  medical: '医疗救护组',
  logistics: '后勤保障组',
  liaison: '通讯联络组',
  security: '安全警戒组',
};

export const teamMemberBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  staffMemberId: z.number().int(),
  staffName: z.string(),
  teamRole: z.enum(teamRoles),
  duty: z.string().nullable(),
  phone: z.string().nullable(),
  ...recordedFields,
});
export type TeamMemberView = z.infer<typeof teamMemberBody>;
export const teamMemberPage = pageOf(teamMemberBody);

export const createTeamMemberBody = z.object({
  schoolId: id,
  staffMemberId: id,
  teamRole: z.enum(teamRoles, { error: '队伍职务无效' }),
  duty: optionalText(200),
  phone: phoneSchema.nullish(),
  fileIds: fileIds.default([]),
});
export type CreateTeamMember = z.infer<typeof createTeamMemberBody>;
export const updateTeamMemberBody = z.object({
  version,
  teamRole: z.enum(teamRoles, { error: '队伍职务无效' }).optional(),
  duty: optionalText(200),
  phone: phoneSchema.nullish(),
});
export type UpdateTeamMember = z.infer<typeof updateTeamMemberBody>;
export const teamMemberListQuery = z.object({ ...recordListFilters, teamRole: z.enum(teamRoles).optional() });
export type TeamMemberListQuery = z.infer<typeof teamMemberListQuery>;
