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
  'gate_guard',
  'lab_technician',
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
  gate_guard: '门卫保安',
  lab_technician: '实验员',
};

export const permissions = [
  'unit.read',
  'unit.manage',
  'user.read',
  'user.manage',
  'role.read',
  'audit.read',
  'import.run',
  'checklist.read',
  'checklist.manage',
  'inspection.read',
  'inspection.manage',
  'inspection.perform',
  'hazard.read',
  'hazard.report',
  'hazard.assign',
  'hazard.rectify',
  'hazard.accept',
  'campaign.read',
  'campaign.manage',
  'campaign.report',
  'ledger.read',
  'ledger.write',
  'rules.manage',
  'compliance.read',
  'compliance.act',
  'accountability.read',
  'accountability.manage',
  'accountability.approve',
  'accountability.reply',
  'risk.read',
  'risk.manage',
  'assessment.read',
  'assessment.manage',
  'incident.read',
  'incident.report',
  'incident.receive',
  'incident.determine',
  'care.manage',
  'care.summary',
  'plan.read',
  'plan.manage',
  'plan.report',
  'patch.visit',
  'gate.record',
  'health_check.record',
  'chemicals.move',
  'system.jobs.read',
  'netsec.card',
  'fire_standard.read',
  'fire_standard.assess',
  'fire_standard.accept',
  'fire_standard.manage',
  'dispute.read',
  'dispute.manage',
  'opinion.read',
  'opinion.manage',
  'opinion.approve',
  'warning.read',
  'warning.issue',
  'warning.sign',
  'bullying.manage',
  'bullying.summary',
  'drowning.read',
  'drowning.waters',
  'drowning.grid',
  'drowning.patrol',
  'video_link.read',
  'video_link.manage',
  'family_letter.read',
  'family_letter.manage',
  'message.manage',
  'iot.read',
  'iot.manage',
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
  'checklist.read': '查看检查表模板',
  'checklist.manage': '维护检查表模板（复制、编辑）',
  'inspection.read': '查看检查任务',
  'inspection.manage': '发起检查任务（自查、普查、抽查、督查等）',
  'inspection.perform': '填写检查表并签字提交',
  'hazard.read': '查看隐患台账',
  'hazard.report': '上报隐患',
  'hazard.assign': '确认隐患并交办整改',
  'hazard.rectify': '整改隐患、提交验收、申请延期',
  'hazard.accept': '查验隐患整改、退回、销号、审批延期',
  'campaign.read': '查看专项整治',
  'campaign.manage': '组织专项整治（阶段、分工、抽查）',
  'campaign.report': '填报专项整治周报与总结分类',
  'ledger.read': '查看安全台账（演练、培训、会议等）',
  'ledger.write': '登记与修改安全台账',
  'rules.manage': '维护规则包阈值与校历',
  'compliance.read': '查看达标情况',
  'compliance.act': '督办未达标项（生成隐患、发整改通知）',
  'accountability.read': '查看通报、约谈、问责与评优前置审核',
  'accountability.manage': '起草通报、登记约谈与问责决定',
  'accountability.approve': '审核签发并发布通报（区教育局）',
  'accountability.reply': '回复通报整改情况、落实约谈承诺',
  'risk.read': '查看安全风险清单',
  'risk.manage': '辨识、评估、复核安全风险（风险清单）',
  'assessment.read': '查看年度考核结果',
  'assessment.manage': '维护考核方案、计算、调整与发布年度考核',
  'incident.read': '查看突发事件与零报告',
  'incident.report': '报告突发事件（首报、书面报告、续报、终报）与零报告',
  'incident.receive': '签收下级报告的突发事件',
  'incident.determine': '认定突发事件（谎报、瞒报、责任事故），要求重点时段零报告',
  'care.manage': '学生关爱：指定关爱专干、分配包靠人（校长）',
  'care.summary': '学生关爱：查看心理筛查与重点学生统计（仅数字，不含姓名）',
  'plan.read': '查看年度工作计划与任务分解表',
  'plan.manage': '制定年度工作计划、任务分解表与分片包靠',
  'plan.report': '填报本单位工作任务进展与总结',
  'patch.visit': '登记包靠学校的走访',
  'gate.record': '登记门卫来访、车辆和护学岗',
  'health_check.record': '登记晨午检',
  'chemicals.move': '登记危险化学品采购、领用、归还、处置与盘点',
  'system.jobs.read': '查看系统定时任务及其运行记录',
  'netsec.card': '下发、销号或退回网络安全红黄牌',
  'fire_standard.read': '查看消防安全标准化（自评、验收、达标情况）',
  'fire_standard.assess': '学校消防安全标准化自评、指定消防巡查人员',
  'fire_standard.accept': '消防安全标准化达标验收（签字）',
  'fire_standard.manage': '修订消防安全标准化标准条目',
  'dispute.read': '查看矛盾纠纷与信访',
  'dispute.manage': '登记和办理矛盾纠纷与信访',
  'opinion.read': '查看舆情',
  'opinion.manage': '登记舆情、起草和发布回应',
  'opinion.approve': '审核舆情回应口径',
  'warning.read': '查看预警提示与签收情况',
  'warning.issue': '发布预警提示、一键提醒、关闭预警',
  'warning.sign': '签收预警提示并上报落实情况',
  'bullying.manage': '欺凌防治：任免欺凌治理委员会成员、设置学生求助电话（校长）',
  'bullying.summary': '欺凌防治：查看欺凌事件与排摸统计（仅数字，不含姓名）',
  'drowning.read': '防溺水：查看危险水域、网格化包靠、督查和零溺亡情况',
  'drowning.waters': '防溺水：登记和维护危险水域（镇街）',
  'drowning.grid': '防溺水：维护本校网格化包靠（按班级，仅人数）',
  'drowning.patrol': '防溺水：登记防溺水督查及发现的问题',
  'video_link.read': '查看学校视频监控点位（视频巡查）',
  'video_link.manage': '维护学校视频监控点位',
  'family_letter.read': '查看告家长书及回执情况（校外只看回执率）',
  'family_letter.manage': '发送告家长书、打印回执单、登记纸质回执',
  'message.manage': '配置消息推送渠道（企业微信、钉钉、飞书、Webhook、短信），查看发送记录',
  'iot.read': '查看物联网监测设备、事件和报警',
  'iot.manage': '登记物联网设备、更换密钥、解除报警（学校）',
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
  'transition',
  'upload',
  'submit',
  'draw_sample',
  'archive',
  'restore',
  'void',
  'withdraw',
  'sign',
  'delete',
  'confirm',
  'approve',
  'publish',
  'reply',
  'read',
  'purge',
  'test_send',
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
  transition: '流转签字',
  upload: '上传',
  submit: '提交',
  draw_sample: '抽查抽样',
  archive: '归档',
  restore: '恢复',
  void: '作废',
  withdraw: '撤回',
  sign: '签署',
  delete: '删除',
  confirm: '确认',
  approve: '审核签发',
  publish: '发布',
  reply: '回复',
  read: '查阅',
  purge: '到期清除',
  test_send: '发送测试消息',
};
export const auditObjectTypes = ['unit', 'user', 'session', 'import', 'audit_event', 'checklist', 'inspection', 'hazard', 'campaign', 'weekly_return', 'file', 'drill', 'rule_pack', 'school_calendar', 'key_period', 'staff_member', 'training', 'safety_meeting', 'insurance_policy', 'security_profile', 'responsibility_letter', 'letter_signature', 'duty_roster', 'duty_entry', 'compliance_action', 'notice', 'notice_unit', 'interview', 'interview_commitment', 'accountability_decision', 'risk', 'assessment_scheme', 'assessment_run', 'assessment_score', 'incident', 'incident_daily_report', 'care_record', 'care_screening', 'care_staff', 'care_settings', 'work_plan', 'plan_task', 'plan_task_unit', 'plan_summary', 'plan_summary_return', 'leader_patch', 'patch_visit', 'food_record', 'gate_record', 'health_check', 'education_record', 'special_equipment', 'equipment_log', 'chemical', 'chemical_movement', 'netsec_system', 'netsec_card', 'netsec_report', 'school_bus', 'bus_driver', 'bus_route', 'bus_check', 'fire_standard', 'fire_assessment', 'fire_patrol_staff', 'dispute', 'building', 'construction_site', 'construction_check', 'warning', 'warning_receipt', 'bullying_case', 'bullying_committee', 'bullying_meeting', 'bullying_help_line', 'bullying_screening', 'emergency_plan', 'emergency_team_member', 'emergency_supply', 'emergency_stock_check', 'drowning_water', 'drowning_grid_class', 'drowning_patrol', 'video_link', 'inspection_schedule', 'safety_budget', 'family_letter', 'opinion_event', 'message_channel', 'label', 'iot_device', 'iot_alert'] as const;
export type AuditObjectType = (typeof auditObjectTypes)[number];
export const auditObjectTypeLabels: Record<AuditObjectType, string> = {
  unit: '单位',
  user: '人员',
  session: '会话',
  import: '导入',
  audit_event: '审计日志',
  checklist: '检查表模板',
  inspection: '检查任务',
  hazard: '隐患',
  campaign: '专项整治',
  weekly_return: '周报',
  file: '文件',
  drill: '应急疏散演练',
  rule_pack: '规则包',
  school_calendar: '校历',
  key_period: '重点时段',
  staff_member: '教职工岗位',
  training: '安全培训',
  safety_meeting: '安全专题会议',
  insurance_policy: '校方责任保险',
  security_profile: '人防物防技防',
  responsibility_letter: '安全生产责任书',
  letter_signature: '责任书签署',
  duty_roster: '值班排班表',
  duty_entry: '值班安排',
  compliance_action: '合规督办',
  notice: '通报',
  notice_unit: '通报回复',
  interview: '约谈',
  interview_commitment: '约谈承诺',
  accountability_decision: '问责决定',
  risk: '安全风险',
  assessment_scheme: '考核方案',
  assessment_run: '年度考核',
  assessment_score: '考核得分',
  incident: '突发事件',
  incident_daily_report: '零报告',
  care_record: '重点学生档案',
  care_screening: '学生心理筛查',
  care_staff: '关爱专干',
  care_settings: '学生关爱设置',
  work_plan: '年度工作计划',
  plan_task: '工作任务',
  plan_task_unit: '任务进展',
  plan_summary: '工作总结要求',
  plan_summary_return: '工作总结',
  leader_patch: '分片包靠',
  patch_visit: '包靠走访',
  food_record: '食品安全台账',
  gate_record: '门卫来访登记',
  health_check: '晨午检',
  education_record: '安全教育活动',
  special_equipment: '特种设备',
  equipment_log: '特种设备维保检验记录',
  chemical: '危险化学品',
  chemical_movement: '危险化学品出入库',
  netsec_system: '网络系统与网站',
  netsec_card: '网络安全红黄牌',
  netsec_report: '网络安全月报告',
  school_bus: '校车',
  bus_driver: '校车驾驶人',
  bus_route: '校车线路',
  bus_check: '校车出车前检查',
  fire_standard: '消防安全标准化标准',
  fire_assessment: '消防安全标准化自评与验收',
  fire_patrol_staff: '消防巡查人员',
  dispute: '矛盾纠纷与信访',
  building: '校舍',
  construction_site: '校园施工项目',
  construction_check: '施工安全检查',
  warning: '预警提示',
  warning_receipt: '预警签收',
  bullying_case: '欺凌事件',
  bullying_committee: '欺凌治理委员会成员',
  bullying_meeting: '欺凌治理委员会会议',
  bullying_help_line: '学生求助电话',
  bullying_screening: '欺凌苗头排摸',
  emergency_plan: '应急预案',
  emergency_team_member: '应急队伍成员',
  emergency_supply: '应急物资',
  emergency_stock_check: '应急物资盘点',
  drowning_water: '危险水域',
  drowning_grid_class: '防溺水网格化包靠（班级）',
  drowning_patrol: '防溺水督查',
  video_link: '视频监控点位',
  inspection_schedule: '定期检查',
  safety_budget: '安全经费',
  family_letter: '告家长书',
  opinion_event: '舆情',
  message_channel: '消息推送渠道',
  label: '二维码标签',
  iot_device: '物联网设备',
  iot_alert: '物联网报警',
};

// ---- the hazard loop (001 item 24; 002; 004) ----------------------------------------------

export const inspectionKinds = ['self_check', 'town_check', 'spot_check', 'joint', 'specialist', 'cross', 'unannounced', 'follow_up', 'video_patrol'] as const;
export type InspectionKind = (typeof inspectionKinds)[number];
export const inspectionKindLabels: Record<InspectionKind, string> = {
  self_check: '学校自查',
  town_check: '镇街普查',
  spot_check: '区级抽查',
  joint: '联合督查',
  specialist: '专业检查',
  cross: '交叉检查',
  unannounced: '四不两直',
  follow_up: '回头看',
  video_patrol: '视频巡查',
};

export const inspectionStatuses = ['planned', 'in_progress', 'submitted'] as const;
export type InspectionStatus = (typeof inspectionStatuses)[number];
export const inspectionStatusLabels: Record<InspectionStatus, string> = { planned: '未开始', in_progress: '检查中', submitted: '已提交' };

export const itemResults = ['pass', 'fail', 'na'] as const;
export type ItemResult = (typeof itemResults)[number];
export const itemResultLabels: Record<ItemResult, string> = { pass: '合格', fail: '不合格', na: '不适用' };

export const hazardGrades = ['general', 'major'] as const;
export type HazardGrade = (typeof hazardGrades)[number];
export const hazardGradeLabels: Record<HazardGrade, string> = { general: '一般', major: '重大' };

/** Where a hazard came from: an inspection of one of the kinds above, a report, or a missed compliance finding. */
export const hazardSources = [...inspectionKinds, 'school_report', 'public_report', 'compliance', 'drill', 'risk', 'bus_check', 'fire_standard', 'building', 'drowning_patrol', 'construction_check', 'iot'] as const;
export type HazardSource = (typeof hazardSources)[number];
export const hazardSourceLabels: Record<HazardSource, string> = {
  ...inspectionKindLabels,
  school_report: '学校上报',
  public_report: '群众举报',
  compliance: '合规检查',
  drill: '应急演练',
  risk: '风险管控失效',
  bus_check: '校车出车前检查',
  fire_standard: '消防安全标准化',
  building: '校舍安全鉴定',
  drowning_patrol: '防溺水督查',
  construction_check: '施工安全检查',
  iot: '物联网监测',
};

export const hazardStatuses = ['reported', 'assigned', 'rectifying', 'submitted', 'accepted', 'closed'] as const;
export type HazardStatus = (typeof hazardStatuses)[number];
export const hazardStatusLabels: Record<HazardStatus, string> = {
  reported: '待确认',
  assigned: '已交办',
  rectifying: '整改中',
  submitted: '待查验',
  accepted: '已验收',
  closed: '已销号',
};

export const hazardActions = [
  'confirm',
  'start',
  'submit',
  'accept',
  'return',
  'close',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'reopen',
] as const;
export type HazardAction = (typeof hazardActions)[number];
export const hazardActionLabels: Record<HazardAction, string> = {
  confirm: '确认交办',
  start: '开始整改',
  submit: '提交验收',
  accept: '查验通过',
  return: '退回整改',
  close: '销号',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  refuse_extension: '不同意延期',
  reopen: '重新整改（回头看未通过）',
};

/** The three classes a campaign's hazards end in (002, summary phase). */
export const summaryClasses = ['resolved', 'resolving', 'hard'] as const;
export type SummaryClass = (typeof summaryClasses)[number];
export const summaryClassLabels: Record<SummaryClass, string> = {
  resolved: '风险隐患已化解',
  resolving: '正在化解中，可明确完成时限',
  hard: '化解难度较大，难以短期内化解',
};

export const campaignStatuses = ['draft', 'active', 'finished'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];
export const campaignStatusLabels: Record<CampaignStatus, string> = { draft: '筹备中', active: '进行中', finished: '已结束' };

/**
 * What a phase is for: investigation (self-checks due), rectification (weekly returns), summary
 * (three classes) in 002; 004 has mobilise, implement (排查 and 边查边改 together), tackle, consolidate.
 */
export const phaseKinds = ['mobilise', 'investigation', 'implement', 'rectification', 'tackle', 'summary', 'consolidate'] as const;
export type PhaseKind = (typeof phaseKinds)[number];
export const phaseKindLabels: Record<PhaseKind, string> = {
  mobilise: '动员部署',
  investigation: '集中排查',
  implement: '组织实施',
  rectification: '专项整治',
  tackle: '集中攻坚',
  summary: '总结评估',
  consolidate: '巩固提升',
};

export const weeklyReturnStatuses = ['draft', 'submitted'] as const;
export type WeeklyReturnStatus = (typeof weeklyReturnStatuses)[number];
export const weeklyReturnStatusLabels: Record<WeeklyReturnStatus, string> = { draft: '草稿', submitted: '已提交' };

export const notificationKinds = ['assigned', 'due_soon', 'overdue', 'returned', 'extension_decided', 'acceptance_waiting', 'weekly_return_missing', 'false_fix', 'compliance_notice', 'notice_published', 'incident_major', 'daily_report_missing', 'care_follow_up_due', 'outbreak_signal', 'netsec_card_issued', 'incident_receipt', 'dispute_due', 'warning_issued', 'warning_unsigned', 'warning_reminder', 'opinion_event', 'channel_failing', 'iot_alert', 'duty_unconfirmed'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationKindLabels: Record<NotificationKind, string> = {
  assigned: '交办给您',
  due_soon: '3 天内到期',
  overdue: '已逾期',
  returned: '被退回',
  extension_decided: '延期已审批',
  acceptance_waiting: '待您查验',
  weekly_return_missing: '周报未报',
  false_fix: '回头看未通过',
  compliance_notice: '整改通知',
  notice_published: '通报',
  incident_major: '较大及以上突发事件',
  daily_report_missing: '零报告未报',
  care_follow_up_due: '包靠随访到期',
  outbreak_signal: '疑似聚集性疫情',
  netsec_card_issued: '网络安全红黄牌',
  incident_receipt: '事件报告待签收',
  dispute_due: '矛盾纠纷/信访临近期限',
  warning_issued: '预警提示待签收',
  warning_unsigned: '预警超时未签收',
  warning_reminder: '预警催办',
  opinion_event: '较大及以上舆情',
  channel_failing: '消息推送渠道连续失败',
  iot_alert: '物联网设备报警',
  duty_unconfirmed: '值班未确认',
};
