// Vocabulary of the safety ledgers and the rule engine (issue 4), each with its Chinese label.
// The engine itself is pure domain code in src/domain/rules/.

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
