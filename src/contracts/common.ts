import { z } from 'zod';
import { dayProblem, MAX_YEAR, MIN_YEAR, monthProblem, yearProblem } from '../domain/dates.js';

// Chinese labels for field names, so a validation message names the field as a person knows it.
export const fieldLabels: Record<string, string> = {
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  displayName: '姓名',
  phone: '联系电话',
  unitId: '所属单位',
  roles: '角色',
  status: '状态',
  version: '版本号',
  name: '名称',
  code: '编码',
  // Both a unit's kind and an import's kind.
  kind: '类型',
  parentId: '上级单位',
  stage: '学段',
  ownership: '办学性质',
  boarding: '寄宿制',
  schoolBus: '使用校车',
  rural: '农村学校',
  gateCount: '校门数',
  studentCount: '学生数',
  staffCount: '教职工数',
  address: '地址',
  principalName: '校长姓名',
  contactPhone: '联系电话',
  areas: '负责安全领域',
  page: '页码',
  pageSize: '每页条数',
  q: '关键字',
  id: '编号',
  from: '开始日期',
  to: '结束日期',
  action: '操作',
  objectType: '对象类型',
  actorId: '操作人',
  initialPassword: '初始密码',
  file: '文件',
  // The hazard loop.
  schoolId: '学校',
  area: '排查领域',
  location: '隐患位置',
  description: '隐患描述',
  grade: '隐患等级',
  source: '隐患来源',
  foundOn: '发现日期',
  campaignId: '专项整治',
  drillId: '演练记录',
  fileIds: '照片/文件',
  files: '照片/文件',
  comment: '意见',
  measures: '整改措施',
  deadline: '整改时限',
  interimControls: '临时管控措施',
  responsibleUserId: '整改责任人',
  responsibleDepartmentId: '责任部门',
  funds: '整改资金',
  evidence: '整改情况',
  requestedDeadline: '申请延至',
  stepKey: '离线提交标识',
  summaryClass: '总结分类',
  committedOn: '承诺完成日期',
  coordinationDepartmentId: '牵头协调部门',
  // Inspections.
  title: '检查名称',
  plannedOn: '检查日期',
  schoolIds: '被检查学校',
  inspectorIds: '检查人员',
  checklistTemplateId: '检查表模板',
  followUpOfId: '原检查',
  hazardIds: '复查的隐患',
  inspectorUnitId: '检查单位',
  results: '检查结果',
  failed: '不合格项',
  summary: '检查小结',
  mine: '我参与的',
  // Checklists.
  sections: '检查表内容',
  // Campaigns (专项整治).
  allSchools: '全部学校',
  startsOn: '开始日期',
  endsOn: '结束日期',
  selfCheckDue: '自查截止日期',
  phases: '工作阶段',
  tasks: '任务分工',
  responsibleSubject: '责任主体',
  responsibleDepartmentIds: '责任部门',
  cooperatingDepartmentIds: '配合部门',
  week: '周次',
  departmentId: '部门',
  progress: '工作推进情况',
  problems: '存在问题',
  nextSteps: '下周工作计划',
  ratio: '抽查比例',
  seed: '随机种子',
  // Ledgers and rules (issue 4).
  heldOn: '演练日期',
  participants: '参加人数',
  evacuationSeconds: '疏散用时（秒）',
  observers: '外部观摩人员',
  voidReason: '作废原因',
  changes: '阈值修改',
  reason: '修改原因',
  semesters: '学期',
  holidays: '节假日',
  schoolYear: '学年',
  ruleCode: '规则',
  month: '月份',
  townId: '镇街',
  // Staff, trainings, safety meetings, insurance (issue 4).
  staffId: '人员',
  userId: '用户账号',
  posts: '岗位',
  leftOn: '离岗日期',
  course: '培训课程',
  hours: '学时',
  provider: '培训机构',
  certificateFileId: '培训证书',
  meetingOn: '会议日期',
  level: '会议类别',
  chair: '主持人',
  attendees: '参会人员',
  minutes: '会议纪要',
  decisions: '议定事项',
  policyNo: '保单号',
  insurer: '保险公司',
  studentsCovered: '承保学生数',
  // Responsibility letters (安全生产责任书, 000 item 1, 001 item 3).
  year: '年度',
  body: '责任书正文',
  fileId: '责任书文件',
  publishedOn: '发布日期',
  withdrawReason: '撤回原因',
  method: '签署方式',
  signerName: '签署人',
  signedOn: '签署日期',
  staffIds: '签署教职工',
  issuerId: '发布单位',
  // Security profiles (人防、物防、技防, 002 areas 8 and 9).
  recordedOn: '登记日期',
  gates: '校门',
  alarms: '一键式紧急报警装置',
  video: '视频监控',
  perimeterAlarm: '周界入侵报警系统',
  note: '备注',
  // Duty rosters (值班带班, 000 item 4, 003).
  dutyOn: '值班日期',
  role: '值班角色',
  personName: '值班人员',
  keyPeriodId: '重点时段',
  entries: '值班安排',
  // The risk list (安全风险清单, 003, 004).
  riskName: '风险名称',
  // place and severity are shared with incidents (one label per field name): the words fit both.
  place: '地点/部位',
  likelihood: '可能性',
  severity: '严重程度',
  riskKind: '风险类别',
  season: '季节',
  controls: '管控措施',
  controlOwnerId: '管控责任人',
  identifiedOn: '辨识日期',
  reviewedOn: '复核日期',
  hazardGrade: '隐患等级',
  // Incidents (突发事件, issue 13).
  headline: '事件名称',
  occurredAt: '发生时间',
  knownAt: '知悉时间',
  category: '事件类别',
  subtype: '事件类型',
  dead: '死亡人数',
  injured: '受伤人数',
  missingPersons: '失踪人数',
  actionsTaken: '已采取的措施',
  reportKind: '报告类型',
  channel: '报告方式',
  reportedAt: '报告时间',
  callerName: '报告人',
  // content and purpose serve several mechanisms (an incident report's content, a gate record's;
  // a care record's purpose of reading, a visit's): one label per field name, so neutral words.
  content: '内容',
  findings: '认定结论',
  reasons: '认定理由',
  facts: '认定事实',
  reportDay: '报告日期',
  nothingHappened: '无事件',
  flag: '报告纪律',
  phoneReport: '电话首报',
  // Students of concern (学生关爱, issue 16).
  studentName: '学生姓名',
  studentGrade: '年级',
  className: '班级',
  concernKinds: '关注类别',
  concernBand: '筛查结果档',
  careNote: '情况说明',
  careMeasures: '包靠措施',
  guardianContact: '监护人联系方式',
  consent: '监护人知情同意',
  consentOn: '同意日期',
  openedOn: '建档日期',
  followUpDays: '随访周期（天）',
  carerIds: '包靠人',
  followedUpOn: '随访日期',
  followUpMethod: '随访方式',
  followUpNote: '随访情况',
  closedOn: '结案日期',
  closeReason: '结案原因',
  purpose: '目的（事由、用途）',
  screenedOn: '筛查日期',
  instrument: '筛查量表',
  screened: '已筛查人数',
  notScreened: '未筛查人数',
  notScreenedReason: '未筛查原因',
  bands: '筛查结果分档',
  retentionExtraYears: '延长保留学年数',
  // Food safety, gate, daily health checks, safety education (issue 15).
  person: '负责人',
  staffChecked: '晨检从业人员数',
  staffUnwell: '身体不适人员数',
  samplesKept: '留样份数',
  sampleGrams: '每份留样克数',
  sampleHours: '留样时长（小时）',
  findingCount: '发现问题数',
  meal: '餐次',
  certificateType: '证照类型',
  certificateNo: '证照编号',
  expiresOn: '有效期至',
  brightKitchenOnline: '明厨亮灶在线',
  traceabilityOnline: '追溯平台在线',
  guardName: '值班门卫',
  visitorName: '来访人',
  idNumber: '身份证号',
  idChecked: '已核验证件',
  organisation: '来访单位',
  hostName: '被访人',
  escortName: '带领教职工',
  plate: '车牌号',
  driverName: '驾驶人',
  admitted: '是否准入',
  refusalReason: '拒绝理由',
  arrivedAt: '到达时间',
  leftAt: '离开时间',
  arrivalTeachers: '上学时段教师数',
  arrivalGuards: '上学时段保安数',
  dismissalTeachers: '放学时段教师数',
  dismissalGuards: '放学时段保安数',
  onDuty: '到岗人员',
  checkedOn: '检查日期',
  session: '检查时段',
  checkerName: '检查人',
  enrolled: '应到人数',
  absent: '缺勤人数',
  absentIll: '因病缺勤人数',
  symptoms: '症状人数',
  illCases: '因病缺课追踪',
  educationDay: '教育日',
  topic: '活动主题',
  classesReached: '覆盖班级数',
  dormitory: '宿舍',
  expected: '应到人数',
  present: '实到人数',
  absentWithoutLeave: '未请假缺勤人数',
  parentsNotified: '当天已通知家长人数',
  classesTotal: '班级数',
  classesAcknowledged: '已回执班级数',
  studentsTotal: '学生数',
  studentsAcknowledged: '已回执学生数',
  canteen: '有食堂',
  // Special equipment, hazardous chemicals (issue 15 items 3 and 4).
  inService: '在用',
  responsiblePerson: '安全责任人',
  maintenanceUnit: '维保单位',
  safetyManager: '安全管理员',
  registrationNo: '使用登记证编号',
  operatorName: '作业人员',
  operatorCertNo: '作业人员证编号',
  operatorCertExpiresOn: '作业人员证有效期至',
  inspectionDueOn: '下次检验日期',
  planFileIds: '应急预案',
  equipmentId: '特种设备',
  doneOn: '日期',
  doneBy: '实施单位或人员',
  result: '结果',
  dueOn: '应检日期',
  onTime: '按期检验',
  nextDueOn: '下次检验日期',
  reportNo: '检验报告编号',
  store: '药品室',
  casNo: 'CAS 号',
  unit: '计量单位',
  controlClass: '管制类别',
  storagePlace: '存放位置',
  keeperA: '保管人（第一把锁）',
  keeperB: '保管人（第二把锁）',
  chemicalId: '危险化学品',
  occurredOn: '日期',
  quantity: '数量',
  handledBy: '经办人',
  approvedBy: '审批人',
  supplier: '供应单位',
  recipient: '领用人',
  issueId: '对应领用',
  contractor: '危废处置单位',
  manifestNo: '转移联单号',
  outsourcedKind: '外包类别',
  employer: '外包服务单位',
  entryCheckOn: '准入查询日期',
  entryCheckResult: '准入查询结果',
  entryCheck: '准入查询',
  classCases: '单个班级同一症状人数',
  schoolCases: '全校累计同一症状人数',
  schoolDays: '全校累计天数',
  // Network security (issue 15 item 6).
  protectionLevel: '等保级别',
  filingNo: '备案号',
  color: '红黄牌',
  issuedOn: '下发日期',
  fixBy: '整改期限',
  answer: '整改情况',
  answerFileIds: '整改佐证材料',
  decision: '销号或退回',
  checksDone: '检查次数',
  incidents: '网络安全事件',
  incidentCount: '事件数',
  // School buses (issue 15 item 5).
  seats: '座位数',
  licenceNo: '行驶证号',
  insuranceExpiresOn: '保险到期日',
  reviewDueOn: '年审到期日',
  servesFrom: '开始运营日期',
  licenceClass: '准驾车型',
  licenceExpiresOn: '驾驶证有效期至',
  backgroundCheckedOn: '背景审查日期',
  backgroundResult: '背景审查结果',
  healthCheckedOn: '体检日期',
  active: '在岗',
  busId: '校车',
  driverId: '驾驶人',
  stops: '站点',
  items: '检查项目',
  item: '检查项目',
  // Fire-safety standardisation (issue 21).
  answers: '自评条目',
  acceptedOn: '验收日期',
  failedKeys: '不符合条目',
  patrolArea: '巡查区域',
  namedOn: '指定日期',
  // Buildings and construction sites (issue 21).
  yearBuilt: '建成年份',
  structure: '结构类型',
  floors: '层数',
  inUse: '在用',
  appraisalGrade: '鉴定等级',
  appraisedOn: '鉴定日期',
  appraisedBy: '鉴定机构',
  appraisalFileIds: '鉴定报告',
  nextAppraisalDueOn: '下次鉴定日期',
  oldOrIdle: '老旧闲置校舍',
  riskAssessedOn: '风险评估日期',
  riskAssessment: '风险评估结论',
  newOrRefit: '新建或改扩建',
  airTestPassedOn: '室内空气检测合格日期',
  acceptancePassedOn: '竣工验收合格日期',
  project: '施工项目',
  buildingId: '校舍',
  hardFence: '硬隔离',
  separateEntrance: '独立出入口',
  isolationNote: '隔离措施说明',
  siteId: '施工项目',
  checkedBy: '检查人',
  fenceIntact: '硬隔离完好',
  entranceSeparate: '出入口独立',
  floorArea: '建筑面积',
  constructionUnit: '施工单位',
  checkNote: '检查发现的问题',
  use: '用途',
  // Warnings (预警提示, issue 21).
  warningKind: '预警类型',
  warningLevel: '预警等级',
  warningTitle: '预警标题',
  deadlineAt: '报送截止时间',
  targetMode: '下发范围',
  targetUnitIds: '下发单位',
  warningActions: '防范要求',
  requirements: '其他要求',
  actionResults: '落实情况',
  reportNote: '情况说明',
  done: '是否落实',
  // Bullying and violence (issue 22).
  reportedOn: '报告日期',
  reportChannel: '报告渠道',
  reporter: '报告人',
  caseSummary: '事件经过',
  injury: '是否有人受伤',
  violence: '是否涉及暴力',
  pupils: '涉及学生',
  isBullying: '是否构成欺凌',
  handledOn: '处置日期',
  handlingMeasures: '处置措施',
  admonishedBy: '实施训诫的法治副校长',
  socialWorker: '青少年社工',
  handlingNote: '处置情况',
  followUpOn: '回访日期',
  caseFollowUpNote: '回访情况',
  committeeRole: '委员会职务',
  meetingTopic: '会议议题',
  minutesFileId: '会议纪要',
  helpLinePhone: '求助电话',
  helpLineHours: '接听时间',
  contacts: '联系人',
  screeningOn: '排摸日期',
  pupilsScreened: '排摸人数',
  signsFound: '发现苗头人数',
  followUpNeeded: '需跟进人数',
  // Emergency plans, teams and supplies (issue 21).
  edition: '预案版本',
  approvedOn: '批准日期',
  revisionDue: '下次修订日期',
  rescueForces: '联动救援力量',
  forceKind: '救援力量类别',
  contact: '联系人',
  walkedStaffIds: '熟悉预案的教职工',
  walkedOn: '熟悉培训日期',
  staffMemberId: '教职工',
  teamRole: '队伍职务',
  duty: '职责',
  depot: '存放库点',
  itemName: '物资名称',
  minimum: '最低储备',
  shelf: '存放位置',
  purchasedOn: '购置日期',
  countedOn: '盘点日期',
  lines: '盘点明细',
  counted: '实盘数量',
  supplyId: '物资',
  emergencyPlanId: '对应应急预案',
  budgetFen: '预算金额',
  spentFen: '支出金额',
  budgetLines: '经费明细',
  // 舆情 (issue 22)
  publishedAt: '发布时间',
  foundAt: '发现时间',
  link: '链接',
  draft: '回应口径',
  publishedChannel: '发布渠道',
  publishedLink: '发布链接',
  closingNote: '办结说明',
  reach: '传播量',
  incidentId: '关联突发事件',
  disputeId: '关联矛盾纠纷',
  districtCode: '区县代码',
};

export const idParam = z.object({ id: z.coerce.number().int().positive() });

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const boolQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const okBody = z.object({ ok: z.literal(true) });

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

// A phone: mainland mobile or a landline with area code.
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, '请输入手机号（11 位）或带区号的固定电话');

// ---- days, months, years (issue 11 item 1) ------------------------------------------------------
// Every day a request carries, in a body or a query, is a real calendar day within
// [MIN_DAY, MAX_DAY] (src/domain/dates.ts): an impossible day (2026-02-30) or a far one
// (9999-12-31) is a 400 naming the field, never a 500 from the database or a loop without end.
// What a day means bounds it further (not in the future, a span's length, a deadline's horizon):
// those checks need today or the other day and live in src/domain (ledger-checks.ts, day-ranges.ts).

const refuse = (problem: (v: any) => string | null) => (v: unknown, ctx: z.RefinementCtx) => {
  const p = problem(v);
  if (p) ctx.addIssue({ code: 'custom', message: p, input: v });
};

/** A day 'YYYY-MM-DD': a real calendar day within [MIN_DAY, MAX_DAY]. */
export const daySchema = z
  .string({ error: '请填写日期（YYYY-MM-DD）' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '请填写日期（YYYY-MM-DD）', abort: true })
  .superRefine(refuse(dayProblem));

/** A month 'YYYY-MM' within the years of [MIN_DAY, MAX_DAY]. */
export const monthSchema = z
  .string({ error: '月份格式应为 YYYY-MM' })
  .regex(/^\d{4}-\d{2}$/, { message: '月份格式应为 YYYY-MM', abort: true })
  .superRefine(refuse(monthProblem));

/** A year (a letter's 年度) within the years of [MIN_DAY, MAX_DAY]. */
export const yearSchema = z
  .number({ error: '请填写年度' })
  .int('年度须为整数')
  .min(MIN_YEAR, `不能早于 ${MIN_YEAR} 年`)
  .max(MAX_YEAR, `不能晚于 ${MAX_YEAR} 年`);
/** The same in a query string. */
export const yearQuery = z.coerce
  .number({ error: '年度须为数字' })
  .superRefine(refuse((y: number) => yearProblem(y)));

/** A school year '2024-2025': two consecutive years, the first within the years of [MIN_DAY, MAX_DAY). */
export const schoolYearSchema = z
  .string({ error: '学年格式应为“2024-2025”' })
  .regex(/^\d{4}-\d{4}$/, { message: '学年格式应为“2024-2025”', abort: true })
  .superRefine(
    refuse((s: string) => {
      const [a, b] = s.split('-').map(Number);
      if (b !== a + 1) return '学年格式应为“2024-2025”';
      if (a < MIN_YEAR || b > MAX_YEAR) return `须在 ${MIN_YEAR}-${MIN_YEAR + 1} 至 ${MAX_YEAR - 1}-${MAX_YEAR} 学年之间`;
      return null;
    }),
  );

/**
 * A field whose Chinese label differs from the shared fieldLabels (there `title` is an inspection's,
 * `level` a meeting's): each issue carries the label, which the error handler puts first.
 */
export function labelled<T extends z.ZodType>(label: string, inner: T) {
  return z.unknown().optional().transform((v, ctx): z.output<T> => {
    const r = inner.safeParse(v);
    if (r.success) return r.data;
    for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path, params: { label } });
    return z.NEVER;
  });
}
