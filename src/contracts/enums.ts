// Enumerations shared by server and web, each with its Chinese label.
// Stored as data (text columns checked against these lists), never as free text.

export const unitKinds = ['city_bureau', 'bureau', 'department', 'town', 'school'] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindLabels: Record<UnitKind, string> = {
  city_bureau: '市教育局',
  bureau: '区教育局',
  department: '科室/中心',
  town: '镇街',
  school: '学校/机构',
};

// Which kind of unit may sit under which: the tree is bureau → departments and towns → schools;
// a district bureau may sit under a city bureau; a school may also report straight to the bureau.
export const childKinds: Record<UnitKind, UnitKind[]> = {
  city_bureau: ['bureau'],
  bureau: ['department', 'town', 'school'],
  department: [],
  town: ['school'],
  school: [],
};

export const schoolStages = [
  'kindergarten',
  'primary',
  'junior',
  'senior',
  'nine_year',
  'twelve_year',
  'complete_secondary',
  'vocational',
  'special',
  'off_campus',
] as const;
export type SchoolStage = (typeof schoolStages)[number];
export const schoolStageLabels: Record<SchoolStage, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  nine_year: '九年一贯制',
  twelve_year: '十二年一贯制',
  complete_secondary: '完全中学',
  vocational: '中职',
  special: '特殊教育',
  off_campus: '校外机构',
};

export const ownerships = ['public', 'private'] as const;
export type Ownership = (typeof ownerships)[number];
export const ownershipLabels: Record<Ownership, string> = { public: '公办', private: '民办' };

// The ten inspection areas of seed 002, plus traffic (001 item 13: school buses and traffic).
export const safetyAreas = [
  'management',
  'fire_chemicals',
  'food_disease',
  'mental_bullying',
  'education',
  'emergency',
  'closed_campus',
  'guards',
  'defences',
  'surroundings',
  'traffic',
] as const;
export type SafetyArea = (typeof safetyAreas)[number];
export const safetyAreaLabels: Record<SafetyArea, string> = {
  management: '安全管理机制',
  fire_chemicals: '消防安全与危化品',
  food_disease: '食品安全与传染病防控',
  mental_bullying: '心理健康与校园欺凌',
  education: '安全教育',
  emergency: '应急处置',
  closed_campus: '封闭化管理',
  guards: '安保力量（人防）',
  defences: '技防物防',
  surroundings: '周边环境',
  traffic: '交通与校车安全',
};

export const roleKeys = [
  'bureau_leader',
  'bureau_admin',
  'department_officer',
  'town_officer',
  'principal',
  'school_safety_officer',
  'teacher',
  'inspector',
] as const;
export type RoleKey = (typeof roleKeys)[number];
export const roleLabels: Record<RoleKey, string> = {
  bureau_leader: '局领导',
  bureau_admin: '局安全管理员',
  department_officer: '科室人员',
  town_officer: '镇街人员',
  principal: '校长',
  school_safety_officer: '学校安全员',
  teacher: '教师',
  inspector: '检查人员',
};

export const permissions = [
  'unit.read',
  'unit.manage',
  'user.read',
  'user.manage',
  'role.read',
  'audit.read',
  'import.run',
] as const;
export type Permission = (typeof permissions)[number];
export const permissionLabels: Record<Permission, string> = {
  'unit.read': '查看组织机构',
  'unit.manage': '维护组织机构',
  'user.read': '查看人员账号',
  'user.manage': '维护人员账号（新建、编辑、停用、重置密码）',
  'role.read': '查看角色权限',
  'audit.read': '查看与导出审计日志',
  'import.run': '批量导入单位与人员',
};

export const userStatuses = ['active', 'disabled'] as const;
export type UserStatus = (typeof userStatuses)[number];
export const userStatusLabels: Record<UserStatus, string> = { active: '启用', disabled: '停用' };
export const unitStatuses = userStatuses;
export type UnitStatus = UserStatus;

export const auditActions = [
  'create',
  'update',
  'disable',
  'enable',
  'login',
  'login_failed',
  'logout',
  'password_change',
  'password_reset',
  'import',
  'export',
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditActionLabels: Record<AuditAction, string> = {
  create: '新建',
  update: '修改',
  disable: '停用',
  enable: '启用',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出',
  password_change: '修改密码',
  password_reset: '重置密码',
  import: '导入',
  export: '导出',
};
export const auditObjectTypes = ['unit', 'user', 'session', 'import', 'audit_event'] as const;
export type AuditObjectType = (typeof auditObjectTypes)[number];
export const auditObjectTypeLabels: Record<AuditObjectType, string> = {
  unit: '单位',
  user: '人员',
  session: '会话',
  import: '导入',
  audit_event: '审计日志',
};
