// Requests and responses of warnings with receipts (预警提示, issue 21; 000 item 10, 004 item 4): issuing
// a warning to schools, a school's receipt (签收) and report, the bureau's live view, reminders, closing.
import { z } from 'zod';
import { pageOf, pageQuery } from './common.js';
import { fileRef } from './hazards.js';
import { instantSchema } from './incidents.js';
import {
  requiredActions,
  shelterActions,
  warningActions,
  warningKinds,
  warningLevels,
  type ReceiptState,
  type RequiredAction,
  type WarningKind,
  type WarningLevel,
  type WarningStatus,
} from '../domain/warnings.js';

export { requiredActions, shelterActions, warningActions, warningKinds, warningLevels };
export type { ReceiptState, RequiredAction, WarningKind, WarningLevel, WarningStatus };

export const warningKindLabels: Record<WarningKind, string> = {
  typhoon: '台风',
  rainstorm: '暴雨',
  flood: '洪涝',
  ice_snow: '冰冻雨雪',
  heat: '高温',
  epidemic: '传染病疫情',
  other: '其他',
};
export const warningLevelLabels: Record<WarningLevel, string> = { blue: '蓝色预警', yellow: '黄色预警', orange: '橙色预警', red: '红色预警' };
/** The colours of the warning signals themselves (蓝/黄/橙/红). */
export const warningLevelColors: Record<WarningLevel, string> = { blue: '#1677ff', yellow: '#fadb14', orange: '#fa8c16', red: '#f5222d' };
export const requiredActionLabels: Record<RequiredAction, string> = {
  evacuate_shacks: '转移危棚简屋内人员',
  waterlogging_points: '排查易积水点',
  construction_sites: '巡查在建工地',
  electrical_safety: '检查安全用电',
  falling_objects: '排查高空坠物',
  suspend_outdoor: '暂停户外活动',
  suspend_classes: '停课',
  shelter_site_check: '检查应急疏散安置场所（安置学校）',
  shelter_supplies: '备齐安置物资（床铺、饮用水、食品、照明）',
  shelter_reception: '安置接待人员到岗待命',
};
export const warningStatusLabels: Record<WarningStatus, string> = { open: '进行中', closed: '已关闭' };
export const receiptStateLabels: Record<ReceiptState, string> = { missing: '未签收', signed: '已签收未上报', reported: '已上报' };
export const targetModes = ['all', 'towns', 'schools'] as const;
export type TargetMode = (typeof targetModes)[number];
export const targetModeLabels: Record<TargetMode, string> = { all: '全部学校', towns: '按镇街', schools: '指定学校' };

const version = z.number({ error: '请带上版本号' }).int().positive();

export const issueWarningBody = z
  .object({
    warningKind: z.enum(warningKinds, { error: '请选择预警类型' }),
    warningLevel: z.enum(warningLevels, { error: '请选择预警等级' }),
    warningTitle: z.string({ error: '请填写预警标题' }).trim().min(2, '请填写预警标题').max(100, '最多 100 字'),
    warningActions: z.array(z.enum(warningActions, { error: '请从列表中选择防范要求' })).max(warningActions.length).default([]),
    requirements: z.string().trim().max(2000, '最多 2000 字').nullable().optional(),
    targetMode: z.enum(targetModes, { error: '请选择下发范围' }),
    /** Towns (mode towns) or schools (mode schools); empty for all. */
    targetUnitIds: z.array(z.number().int().positive()).max(5000, '最多 5000 个单位').default([]),
    deadlineAt: instantSchema,
  })
  .superRefine((v, ctx) => {
    if (new Set(v.warningActions).size !== v.warningActions.length) ctx.addIssue({ code: 'custom', path: ['warningActions'], message: '防范要求不能重复' });
    if (!v.warningActions.length && !v.requirements?.trim()) ctx.addIssue({ code: 'custom', path: ['warningActions'], message: '请至少选择一项防范要求或填写其他要求' });
    if (v.targetMode !== 'all' && !v.targetUnitIds.length) ctx.addIssue({ code: 'custom', path: ['targetUnitIds'], message: v.targetMode === 'towns' ? '请选择镇街' : '请选择学校' });
  });
export type IssueWarning = z.infer<typeof issueWarningBody>;

export const warningListQuery = z.object({
  ...pageQuery,
  status: z.enum(['open', 'closed']).optional(),
});
export type WarningListQuery = z.infer<typeof warningListQuery>;

/** Where the caller's own school stands (schools only). */
export const myReceiptBody = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  shelter: z.boolean(),
  required: z.array(z.enum(requiredActions)),
  state: z.enum(['missing', 'signed', 'reported']),
  signedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  reportedAt: z.string().nullable(),
  reportedByName: z.string().nullable(),
  overdue: z.boolean(),
  results: z.array(z.object({ action: z.enum(requiredActions), done: z.boolean(), note: z.string().nullable(), files: z.array(fileRef) })),
  reportNote: z.string().nullable(),
  version: z.number().int().nullable(),
});
export type MyReceipt = z.infer<typeof myReceiptBody>;

export const warningBody = z.object({
  id: z.number().int(),
  kind: z.enum(warningKinds),
  level: z.enum(warningLevels),
  title: z.string(),
  actions: z.array(z.enum(warningActions)),
  requirements: z.string().nullable(),
  targetMode: z.enum(targetModes),
  issuerUnitName: z.string(),
  issuedAt: z.string(),
  issuedByName: z.string(),
  deadlineAt: z.string(),
  signDueAt: z.string(),
  signWithinHours: z.number().int(),
  status: z.enum(['open', 'closed']),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  lastRemindedAt: z.string().nullable(),
  version: z.number().int(),
  /** Counts over the schools in the caller's scope. */
  targets: z.number().int(),
  signed: z.number().int(),
  reported: z.number().int(),
  mine: myReceiptBody.nullable(),
  /** What the caller may do now: sign, report (school); remind, close (issuer). */
  allowed: z.array(z.enum(['sign', 'report', 'remind', 'close'])),
});
export type WarningView = z.infer<typeof warningBody>;
export const warningPage = pageOf(warningBody);

export const boardSchoolBody = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  townId: z.number().int().nullable(),
  townName: z.string(),
  shelter: z.boolean(),
  state: z.enum(['missing', 'signed', 'reported']),
  overdue: z.boolean(),
  signedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  reportedAt: z.string().nullable(),
  lateReport: z.boolean(),
  notDone: z.number().int(),
});
export type BoardSchool = z.infer<typeof boardSchoolBody>;
export const warningBoardBody = z.object({
  warning: warningBody,
  byTown: z.array(z.object({ townId: z.number().int().nullable(), townName: z.string(), reported: z.number().int(), signed: z.number().int(), missing: z.number().int() })),
  schools: z.array(boardSchoolBody),
  at: z.string(),
});
export type WarningBoard = z.infer<typeof warningBoardBody>;

export const signWarningBody = z.object({}).strict().default({});
export const reportWarningBody = z.object({
  actionResults: z
    .array(
      z.object({
        action: z.enum(requiredActions, { error: '请选择要求' }),
        done: z.boolean({ error: '请选择是否落实' }),
        note: z.string().trim().max(500, '最多 500 字').nullable().optional(),
        fileIds: z.array(z.number().int().positive()).max(9, '每项最多 9 张照片').default([]),
      }),
    )
    .min(1, '请填报落实情况')
    .max(requiredActions.length),
  reportNote: z.string().trim().max(2000, '最多 2000 字').nullable().optional(),
  version: version,
});
export type ReportWarning = z.infer<typeof reportWarningBody>;
export const closeWarningBody = z.object({ version });
export const remindWarningBody = z.object({ version });
export const remindResultBody = z.object({ schools: z.number().int(), people: z.number().int(), warning: warningBody });
