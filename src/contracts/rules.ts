// The district's rules (issue 4): the vocabulary of the safety ledgers and the rule engine, each
// with its Chinese label; the ledgers the rules read; the rule pack and its threshold changes;
// school calendars; key periods (重点时段, 003). The engine itself is pure domain code in src/domain/rules/.
import { z } from 'zod';
import { daySchema, schoolYearSchema } from './common.js';

const day = daySchema;
const version = z.number({ error: '请带上版本号' }).int().positive();

export const periodKinds = [
  'month',
  'quarter',
  'semester',
  'school_year',
  'calendar_year',
  'key_period',
  'holiday',
  'current',
] as const;
export type PeriodKind = (typeof periodKinds)[number];
export const periodKindLabels: Record<PeriodKind, string> = {
  month: '每月',
  quarter: '每季度',
  semester: '每学期',
  school_year: '每学年',
  calendar_year: '每年',
  key_period: '重点时段',
  holiday: '节假日',
  current: '当前状态',
};

export const findingStatuses = ['met', 'due_soon', 'missed', 'not_applicable'] as const;
export type FindingStatus = (typeof findingStatuses)[number];
export const findingStatusLabels: Record<FindingStatus, string> = {
  met: '已达标',
  due_soon: '即将到期',
  missed: '未达标',
  not_applicable: '不适用',
};

// Drill kinds of the drill ledger (000 item 17, 001 item 6, 000 item 5).
export const drillKinds = [
  'fire',
  'earthquake',
  'stampede',
  'night_evacuation',
  'school_bus',
  'nap_time',
  'violent_intrusion',
  'flood_typhoon',
  'shelter_reception',
] as const;
export type DrillKind = (typeof drillKinds)[number];
export const drillKindLabels: Record<DrillKind, string> = {
  fire: '防火灾',
  earthquake: '防地震',
  stampede: '防踩踏',
  night_evacuation: '宿舍夜间疏散',
  school_bus: '校车安全事故',
  nap_time: '幼儿园午睡时段',
  violent_intrusion: '防暴力侵害',
  flood_typhoon: '防汛防台',
  shelter_reception: '应急疏散接待安置',
};

// Posts that training rules look at (001 item 7).
export const staffPosts = [
  'principal',
  'vice_principal',
  'safety_vice_principal',
  'safety_department_head',
  'safety_manager',
  'head_teacher',
  'teacher',
  'lab_technician',
  'dorm_manager',
  'guard',
  'school_doctor',
] as const;
export type StaffPost = (typeof staffPosts)[number];
export const staffPostLabels: Record<StaffPost, string> = {
  principal: '校（园）长',
  vice_principal: '副校（园）长',
  safety_vice_principal: '分管安全副校（园）长',
  safety_department_head: '安全监管部门负责人',
  safety_manager: '安全管理干部',
  head_teacher: '班主任',
  teacher: '专任教师',
  lab_technician: '实验员',
  dorm_manager: '宿管',
  guard: '保安',
  school_doctor: '校医',
};

// Safety meetings (000 item 1): the leadership team, and the leader in charge of safety.
export const meetingLevels = ['leadership_team', 'leader_in_charge'] as const;
export type MeetingLevel = (typeof meetingLevels)[number];
export const meetingLevelLabels: Record<MeetingLevel, string> = {
  leadership_team: '领导班子安全专题会议',
  leader_in_charge: '分管领导安全专题会议',
};

// Responsibility letters: the bureau with each unit, then the unit with its staff (000 item 1).
export const letterLevels = ['bureau_to_unit', 'unit_to_staff'] as const;
export type LetterLevel = (typeof letterLevels)[number];
export const letterLevelLabels: Record<LetterLevel, string> = {
  bureau_to_unit: '教育局与单位签订',
  unit_to_staff: '单位与教职工签订',
};

// Duty: the leader in charge (带班领导) and the staff member on duty (值班人员) (000 item 4, 003).
export const dutyRoles = ['leader', 'staff'] as const;
export type DutyRole = (typeof dutyRoles)[number];
export const dutyRoleLabels: Record<DutyRole, string> = { leader: '带班领导', staff: '值班人员' };

// Guard time slots at a gate (002 area 8).
export const guardSlots = ['school_hours', 'arrival_peak', 'dismissal_peak', 'night'] as const;
export type GuardSlot = (typeof guardSlots)[number];
export const guardSlotLabels: Record<GuardSlot, string> = {
  school_hours: '学生在校期间',
  arrival_peak: '上学高峰',
  dismissal_peak: '放学高峰',
  night: '夜间',
};

// ---- the ledgers the rules read ---------------------------------------------------------------

/** The ledgers the rules read; which of them are stored yet decides what /compliance evaluates. */
export const ledgerKinds = ['drills', 'trainings', 'meetings', 'inspections', 'letters', 'duties', 'security_profiles', 'insurance_policies', 'risks', 'care_screenings', 'care_follow_ups', 'food_safety', 'gate', 'health_checks', 'education', 'special_equipment', 'chemicals', 'staff_checks', 'network_security', 'school_buses', 'fire_standard', 'buildings', 'warnings', 'emergency_plans', 'emergency_supplies', 'bullying', 'drowning', 'inspection_schedules', 'safety_budgets', 'disputes', 'video_patrols'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];
export const ledgerKindLabels: Record<LedgerKind, string> = {
  drills: '应急疏散演练台账',
  trainings: '安全培训台账',
  meetings: '安全专题会议台账',
  inspections: '消防安全专项检查',
  letters: '安全生产责任书',
  duties: '值班带班台账',
  security_profiles: '人防物防技防档案',
  insurance_policies: '校方责任保险台账',
  risks: '安全风险清单',
  care_screenings: '学生心理筛查记录',
  care_follow_ups: '重点学生包靠台账',
  food_safety: '食品安全台账',
  gate: '门卫来访登记',
  health_checks: '晨午检台账',
  education: '安全教育活动台账',
  special_equipment: '特种设备台账',
  chemicals: '危险化学品台账',
  staff_checks: '教职工准入查询',
  network_security: '网络安全台账',
  school_buses: '校车台账',
  fire_standard: '消防安全标准化',
  buildings: '校舍与施工台账',
  warnings: '预警提示签收',
  emergency_plans: '应急预案台账',
  emergency_supplies: '应急物资台账',
  bullying: '欺凌防治台账',
  disputes: '矛盾纠纷与信访',
  drowning: '防溺水（网格化包靠、水域督查）',
  inspection_schedules: '定期检查',
  safety_budgets: '安全经费',
  video_patrols: '网上视频巡查',
};
/** The ledgers of issue 15 items 3–7, read through the general measure `ledger_check`. */
export type LedgerKindB = Extract<LedgerKind, 'special_equipment' | 'chemicals' | 'staff_checks' | 'network_security' | 'school_buses' | 'fire_standard' | 'buildings' | 'warnings' | 'emergency_plans' | 'emergency_supplies' | 'bullying' | 'drowning' | 'inspection_schedules' | 'safety_budgets' | 'disputes' | 'video_patrols'>;

// ---- the district's rule pack -------------------------------------------------------------

export const ruleBody = z.object({
  code: z.string(),
  description: z.string(),
  subject: z.string(),
  sources: z.array(z.object({ seed: z.string(), item: z.string(), quote: z.string() })),
  appliesTo: z.record(z.string(), z.unknown()),
  period: z.enum(periodKinds),
  measure: z.record(z.string(), z.unknown()),
  threshold: z.object({ min: z.number(), unit: z.string() }),
  dueSoonDays: z.number().int(),
  enabled: z.boolean(),
  termOnly: z.boolean().optional(),
  note: z.string().optional(),
  /** The ledger the rule reads, and whether that ledger is kept yet (else /compliance leaves it out). */
  ledger: z.enum(ledgerKinds),
  ledgerStored: z.boolean(),
});

const thresholdChange = z.object({
  code: z.string().min(1),
  min: z.number().optional(),
  dueSoonDays: z.number().int().optional(),
  enabled: z.boolean().optional(),
});

export const rulePackBody = z.object({
  name: z.string(),
  /** The version shown; currentVersion is the one in force. */
  version: z.number().int(),
  currentVersion: z.number().int(),
  basedOn: z.number().int().nullable(),
  changes: z.array(thresholdChange),
  createdByName: z.string(),
  createdAt: z.string(),
  rules: z.array(ruleBody),
  versions: z.array(z.object({ version: z.number().int(), createdByName: z.string(), createdAt: z.string(), changeCount: z.number().int() })),
});
export type RulePackView = z.infer<typeof rulePackBody>;

export const rulePackQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export const changeThresholdsBody = z.object({
  /** The pack version the change was made on: a newer one in force → 409. */
  version,
  changes: z.array(thresholdChange).min(1, '请至少修改一条规则').max(100, '一次最多修改 100 条规则'),
  /** Why the bureau changes the seeds' numbers; kept in the audit event of the change. */
  reason: z.string().trim().max(500, '最多 500 字').optional(),
});
export type ChangeThresholds = z.infer<typeof changeThresholdsBody>;

// ---- school calendars ---------------------------------------------------------------------

const span = z.object({ startsOn: day, endsOn: day });
export const schoolYearParam = z.object({ schoolYear: schoolYearSchema });

export const schoolCalendarBody = z.object({
  schoolYear: z.string(),
  semesters: z.tuple([span, span]),
  holidays: z.array(span.extend({ name: z.string() })),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type SchoolCalendarView = z.infer<typeof schoolCalendarBody>;
export const schoolCalendarList = z.object({ items: z.array(schoolCalendarBody) });

export const putSchoolCalendarBody = z.object({
  semesters: z.tuple([span, span], { error: '请填写两个学期的起止日期' }),
  holidays: z.array(span.extend({ name: z.string().trim().max(50, '最多 50 字') })).max(60, '最多 60 个节假日').default([]),
  /** The version read; leave out only when the school year has no calendar yet. */
  version: version.optional(),
});
export type PutSchoolCalendar = z.infer<typeof putSchoolCalendarBody>;

// ---- key periods (重点时段, 003) ------------------------------------------------------------

export const keyPeriodBody = z.object({
  id: z.number().int(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
});
export const keyPeriodList = z.object({ items: z.array(keyPeriodBody) });

export const createKeyPeriodBody = z.object({
  name: z.string().trim().min(1, '请填写重点时段名称').max(100, '最多 100 字'),
  startsOn: day,
  endsOn: day,
});
export type CreateKeyPeriod = z.infer<typeof createKeyPeriodBody>;
export const updateKeyPeriodBody = createKeyPeriodBody.partial().extend({ version });
export type UpdateKeyPeriod = z.infer<typeof updateKeyPeriodBody>;
