// Rule packs as data: each rule says which units it applies to, over which period it counts
// what, and the threshold, citing the seed item it comes from. The default pack carries the
// seeds' numbers (DOMAIN.md, "Numbers the system must know"); a bureau changes thresholds by
// producing a new version of its pack (applyThresholdChanges), never by editing one in place.
import type { Ownership, SafetyArea, SchoolStage, UnitKind } from '../../contracts/enums.js';
import type { DrillKind, DutyRole, GuardSlot, LetterLevel, MeetingLevel, PeriodKind, StaffPost } from '../../contracts/rules.js';
import type { Problem } from './periods.js';
import type { LedgerCheckCode } from './ledger-check.js';
import type { LedgerKindB } from '../../contracts/rules.js';
import type { UnitFacts } from './records.js';

export interface RuleSource {
  /** Seed file by its first three digits. */
  seed: '000' | '001' | '002' | '003' | '004';
  /** The item as the seed numbers it: '第6条', '第8项', '任务分解表第9项', '第三部分之三'. */
  item: string;
  /** Words of the seed the rule is written from, verbatim, so a reader can find them. */
  quote: string;
}

/** Which units a rule applies to, as data: every condition given must hold. */
export interface AppliesTo {
  unitKinds?: UnitKind[];
  stagesIn?: SchoolStage[];
  stagesOut?: SchoolStage[];
  boarding?: boolean;
  schoolBus?: boolean;
  ownership?: Ownership[];
  rural?: boolean;
}

export type Measure =
  /** Records of a ledger in the period, filtered by kind / level / area. */
  | { kind: 'count'; ledger: 'drills'; drillKinds?: DrillKind[] }
  | { kind: 'count'; ledger: 'meetings'; meetingLevels?: MeetingLevel[] }
  | { kind: 'count'; ledger: 'inspections'; areas?: SafetyArea[] }
  /**
   * Training hours of each person holding one of the posts: in the period ('period'), from their
   * appointment ('appointment': within completeWithinDays of `since`, counting training up to a
   * year before it), or before they took the post ('before_post'). Every such person must reach
   * the threshold. People who took the post more than lookbackDays ago are not "new".
   */
  | { kind: 'person_hours'; posts: StaffPost[]; window: 'period' | 'appointment' | 'before_post'; completeWithinDays?: number; lookbackDays?: number }
  /** The share of signers who signed the year's latest letter version, due by signBy ('MM-DD'). */
  | { kind: 'letter_signed'; level: LetterLevel; signBy: string }
  /** The share of days in the period covered by every role (confirmed once past), each for minHours. */
  | { kind: 'duty_cover'; roles: DutyRole[]; minHours?: number }
  /** Guards in the latest security profile: at every gate, or summed over the school, in each slot. */
  | { kind: 'guards'; slots: GuardSlot[]; per: 'gate' | 'school' }
  | { kind: 'alarms_working' }
  | { kind: 'video_retention' }
  | { kind: 'profile_flag'; flag: 'videoLinkedToBureau' | 'perimeterArmed24h' }
  /** The share of the school's students covered, every day of the period up to the day, and ahead. */
  | { kind: 'insurance_cover' }
  /** A check of one of the ledgers of issue 15 items 3–7 (./ledger-check.ts); `area` routes its hazard. */
  | { kind: 'ledger_check'; ledger: LedgerKindB; check: LedgerCheckCode; area: SafetyArea };

export type ThresholdUnit = 'count' | 'hours' | 'ratio' | 'days' | 'guards';

export interface Rule {
  code: string;
  /** The requirement in Chinese, as a person reads it. */
  description: string;
  /** What is counted, in Chinese, for the one-sentence explanation: '应急疏散演练'. */
  subject: string;
  sources: RuleSource[];
  appliesTo: AppliesTo;
  period: PeriodKind;
  measure: Measure;
  threshold: { min: number; unit: ThresholdUnit };
  /** A short count is due soon when its deadline is this many days away or fewer. */
  dueSoonDays: number;
  enabled: boolean;
  /** Judge only periods that overlap a semester of the school calendar (drills need students). */
  termOnly?: boolean;
  /** Where a number is not in the seed and the pack supplies a default the bureau may change. */
  note?: string;
}

export interface ThresholdChange {
  code: string;
  min?: number;
  dueSoonDays?: number;
  enabled?: boolean;
}

export interface RulePack {
  name: string;
  version: number;
  /** The version this one was made from; null for the shipped default. */
  basedOn: number | null;
  /** The changes that made this version from basedOn. */
  changes: ThresholdChange[];
  rules: Rule[];
}

// "中小学" (000 item 17, 001 item 6): every school stage but kindergartens and off-campus institutions.
export const PRIMARY_AND_SECONDARY: SchoolStage[] = [
  'primary',
  'junior',
  'senior',
  'nine_year',
  'twelve_year',
  'complete_secondary',
  'vocational',
  'special',
];
const SCHOOLS: AppliesTo = { unitKinds: ['school'], stagesOut: ['off_campus'] };
const KINDERGARTENS: AppliesTo = { unitKinds: ['school'], stagesIn: ['kindergarten'] };
const BASE_UNITS: UnitKind[] = ['department', 'town', 'school'];

export function appliesTo(a: AppliesTo, u: UnitFacts): boolean {
  if (a.unitKinds && !a.unitKinds.includes(u.kind)) return false;
  if (a.stagesIn && !(u.stage && a.stagesIn.includes(u.stage))) return false;
  if (a.stagesOut && u.stage && a.stagesOut.includes(u.stage)) return false;
  if (a.boarding !== undefined && Boolean(u.boarding) !== a.boarding) return false;
  if (a.schoolBus !== undefined && Boolean(u.schoolBus) !== a.schoolBus) return false;
  if (a.ownership && !(u.ownership && a.ownership.includes(u.ownership))) return false;
  if (a.rural !== undefined && Boolean(u.rural) !== a.rural) return false;
  return true;
}

const s000_1_letters: RuleSource = { seed: '000', item: '第1条', quote: '严格落实区教育局与各基层单位的安全生产工作责任制签约工作，确保签约率 100%' };
const s000_1_levels: RuleSource = { seed: '000', item: '第1条', quote: '逐级签订安全生产责任书' };
const s000_1_meetings: RuleSource = { seed: '000', item: '第1条', quote: '领导班子每季度一次、分管领导每月一次安全专题会议' };
const s000_table9: RuleSource = { seed: '000', item: '任务分解表第9项', quote: '(9) 签订校园安全生产责任书' };
const s000_4: RuleSource = { seed: '000', item: '第4条', quote: '严格落实节假日期间领导带班应急值守制度' };
const s000_5: RuleSource = { seed: '000', item: '第5条', quote: '继续开展幼儿园午睡时段应急逃生疏散演练' };
const s000_5_night: RuleSource = { seed: '000', item: '第5条', quote: '寄宿学生夜间应急逃生疏散演练' };
const s000_17: RuleSource = { seed: '000', item: '第17条', quote: '中小学要每月至少开展1次应急疏散演练，幼儿园要每季度至少开展1次应急疏散演练' };
const s001_3: RuleSource = { seed: '001', item: '第3条', quote: '构建“人人有责、层层负责、各负其责”的全员安全责任链条' };
const s001_6_monthly: RuleSource = { seed: '001', item: '第6条', quote: '中小学每月、幼儿园每季度至少开展 1 次防地震、防火灾、防踩踏等实战型应急疏散演练' };
const s001_6_night: RuleSource = { seed: '001', item: '第6条', quote: '寄宿制学校每年至少开展 2 次夜间应急疏散演练' };
const s001_6_bus: RuleSource = { seed: '001', item: '第6条', quote: '使用校车的学校每学期至少开展 1 次校车安全事故应急疏散演练' };
const s001_7_new: RuleSource = { seed: '001', item: '第7条', quote: '新任中小学校、幼儿园校（园）长、副校（园）长应当进行不少于40学时的安全教育任职培训' };
const s001_7_head: RuleSource = { seed: '001', item: '第7条', quote: '主管安全的副校（园）长和安全监管部门负责人任职期间，每年应当接受不少于20学时的安全业务培训' };
const s001_7_teacher: RuleSource = { seed: '001', item: '第7条', quote: '班主任、专任教师每年应当接受不少于10学时的安全知识培训' };
const s001_7_manager: RuleSource = { seed: '001', item: '第7条', quote: '新任安全管理干部应当接受岗前培训' };
const s001_26: RuleSource = { seed: '001', item: '第26条', quote: '全区中小学校、幼儿园、中职学校应当按照国家规定办理校方责任保险，做到应保尽保' };
const s001_26_lapse: RuleSource = { seed: '001', item: '第26条', quote: '严禁出现脱保漏保问题' };
const s002_7: RuleSource = { seed: '002', item: '第7项', quote: '确保周界报警系统24时设防' };
const s002_8_day: RuleSource = { seed: '002', item: '第8项', quote: '白天学生在校期间，每个门岗至少配备2名保安员在岗值勤' };
const s002_8_night: RuleSource = { seed: '002', item: '第8项', quote: '夜间无寄宿学生的学校至少配备1名保安员值勤' };
const s002_8_boarding: RuleSource = { seed: '002', item: '第8项', quote: '寄宿制学校夜间至少按照普通学校标准的双倍配置保安员' };
const s002_8_peak: RuleSource = { seed: '002', item: '第8项', quote: '小学、幼儿园在上学、放学高峰时段，要在“一门两保安”的基础上，叠加聘请2名保安员协同守护' };
const s002_9_alarm: RuleSource = { seed: '002', item: '第9项', quote: '100%安装一键式紧急报警装置' };
const s002_9_video: RuleSource = { seed: '002', item: '第9项', quote: '确保图像保存时间不少于30日' };
const s002_9_link: RuleSource = { seed: '002', item: '第9项', quote: '在学校出入口、食堂安装视频监控系统，并接入区教育局安全管理中心' };
const s003_fire: RuleSource = { seed: '003', item: '第三部分之三', quote: '务必要组织不少于2次的消防安全专项检查' };
const s003_duty: RuleSource = { seed: '003', item: '第五部分之二', quote: '每天安排领导同志 24 小时在岗带班，同时安排本单位正式工作人员 24 小时值班' };

// ---- issue 15 items 3–7: special equipment and hazardous chemicals (the general measure of ./ledger-check.ts)
const s001_19_equipment: RuleSource = { seed: '001', item: '第19条', quote: '严格落实学校特种设备“三落实、两有证、一检验、一预案”的安全管理制度，定期进行特种设备维护保养' };
const s000_9_equipment: RuleSource = { seed: '000', item: '第9条', quote: '进一步完善特种设备使用维护安全监管制度，重点加强校内电梯等特种设备安全隐患排查和整治' };
const s003_chemicals: RuleSource = { seed: '003', item: '第三部分之二', quote: '严格全过程、全周期、可追溯管理，强化涉及危险化学品的采购、保存、使用、处置全程管理' };
const s000_9_chemicals: RuleSource = { seed: '000', item: '第9条', quote: '加强校园危险化学品储存、使用以及危废处置全过程、全链条管理，定期排查危险化学品药品存放情况' };
const s001_19_waste: RuleSource = { seed: '001', item: '第19条', quote: '加强实验室危险化学品全环节监管，严格规范实验室危险废物处置流程' };

const s001_11_check: RuleSource = { seed: '001', item: '第11条', quote: '落实好在职教职员工准入查询性侵违法犯罪信息制度，加强对教职工及保安、校车司机、保洁等外包服务人员的教育管理' };

const LEDGER_RULES_B: Rule[] = [
  {
    code: 'equipment.inspection',
    description: '在用特种设备按期定期检验，不超期使用（一检验）',
    subject: '特种设备定期检验',
    sources: [s001_19_equipment, s000_9_equipment],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'special_equipment', check: 'equipment.inspection', area: 'fire_chemicals' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 30,
    enabled: true,
  },
  {
    code: 'equipment.certificates',
    description: '在用特种设备使用登记证、作业人员证齐全有效（两有证）',
    subject: '特种设备证照',
    sources: [s001_19_equipment],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'special_equipment', check: 'equipment.certificates', area: 'fire_chemicals' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 30,
    enabled: true,
  },
  {
    code: 'equipment.assignments',
    description: '每台在用特种设备落实安全责任人、维保单位、安全管理员，并有应急预案（三落实、一预案）',
    subject: '特种设备三落实、一预案',
    sources: [s001_19_equipment],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'special_equipment', check: 'equipment.assignments', area: 'fire_chemicals' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'chemicals.monthly_count',
    description: '在库危险化学品每月盘点一次（学期内）',
    subject: '危险化学品月度盘点',
    sources: [s000_9_chemicals, s003_chemicals],
    appliesTo: SCHOOLS,
    period: 'month',
    measure: { kind: 'ledger_check', ledger: 'chemicals', check: 'chemicals.monthly_count', area: 'fire_chemicals' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 7,
    enabled: true,
    termOnly: true,
    note: '000 第9条要求“定期排查”，未规定频次，默认学期内每月盘点一次，由教育局设定',
  },
  {
    code: 'chemicals.balance',
    description: '危险化学品账实相符：盘点数与按出入库计算的结存一致，无负结存',
    subject: '危险化学品账实相符',
    sources: [s003_chemicals],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'chemicals', check: 'chemicals.balance', area: 'fire_chemicals' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'chemicals.waste_disposal',
    description: '过期危险化学品作为危险废物，在规定天数内交有资质单位处置',
    subject: '危险废物处置',
    sources: [s001_19_waste, s000_9_chemicals],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'chemicals', check: 'chemicals.waste_disposal', area: 'fire_chemicals' },
    threshold: { min: 90, unit: 'days' },
    dueSoonDays: 30,
    enabled: true,
    note: '种子未规定处置时限，默认过期后90天内处置，由教育局设定',
  },
  {
    code: 'staff.entry_check',
    description: '在岗教职工及外包保安、校车司机、保洁人员均已完成性侵违法犯罪信息准入查询且无记录',
    subject: '准入查询',
    sources: [s001_11_check],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'staff_checks', check: 'staff.entry_check', area: 'management' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 0,
    enabled: true,
  },
];

/** The rules of the seeds with their numbers; the bureau's own versions start from these. */
export const DEFAULT_RULES: Rule[] = [
  // Drills (应急疏散演练)
  {
    code: 'drill.monthly',
    description: '中小学每月至少开展1次应急疏散演练',
    subject: '应急疏散演练',
    sources: [s001_6_monthly, s000_17],
    appliesTo: { unitKinds: ['school'], stagesIn: PRIMARY_AND_SECONDARY },
    period: 'month',
    measure: { kind: 'count', ledger: 'drills' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 14,
    enabled: true,
    termOnly: true,
    note: '暑假整月不在学期内的月份不评价（种子未写明假期安排）',
  },
  {
    code: 'drill.quarterly_kindergarten',
    description: '幼儿园每季度至少开展1次应急疏散演练',
    subject: '应急疏散演练',
    sources: [s001_6_monthly, s000_17],
    appliesTo: KINDERGARTENS,
    period: 'quarter',
    measure: { kind: 'count', ledger: 'drills' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 14,
    enabled: true,
  },
  {
    code: 'drill.night_boarding',
    description: '寄宿制学校每年至少开展2次夜间应急疏散演练',
    subject: '夜间应急疏散演练',
    sources: [s001_6_night, s000_5_night],
    appliesTo: { ...SCHOOLS, boarding: true },
    period: 'calendar_year',
    measure: { kind: 'count', ledger: 'drills', drillKinds: ['night_evacuation'] },
    threshold: { min: 2, unit: 'count' },
    dueSoonDays: 60,
    enabled: true,
  },
  {
    code: 'drill.school_bus',
    description: '使用校车的学校每学期至少开展1次校车安全事故应急疏散演练',
    subject: '校车安全事故应急疏散演练',
    sources: [s001_6_bus],
    appliesTo: { ...SCHOOLS, schoolBus: true },
    period: 'semester',
    measure: { kind: 'count', ledger: 'drills', drillKinds: ['school_bus'] },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 30,
    enabled: true,
  },
  {
    code: 'drill.nap_time',
    description: '幼儿园开展午睡时段应急逃生疏散演练',
    subject: '午睡时段应急疏散演练',
    sources: [s000_5],
    appliesTo: KINDERGARTENS,
    period: 'semester',
    measure: { kind: 'count', ledger: 'drills', drillKinds: ['nap_time'] },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 30,
    enabled: true,
    note: '000 第5条未规定频次，默认每学期至少1次，由教育局设定',
  },
  // Training (培训), 001 item 7
  {
    code: 'training.new_principal',
    description: '新任校（园）长、副校（园）长接受不少于40学时的安全教育任职培训',
    subject: '安全教育任职培训',
    sources: [s001_7_new],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'person_hours', posts: ['principal', 'vice_principal', 'safety_vice_principal'], window: 'appointment', completeWithinDays: 365, lookbackDays: 730 },
    threshold: { min: 40, unit: 'hours' },
    dueSoonDays: 60,
    enabled: true,
    note: '任职培训完成期限未在001中规定，默认任职后一年内',
  },
  {
    code: 'training.safety_head_yearly',
    description: '分管安全的副校（园）长和安全监管部门负责人每年接受不少于20学时的安全业务培训',
    subject: '安全业务培训学时',
    sources: [s001_7_head],
    appliesTo: SCHOOLS,
    period: 'calendar_year',
    measure: { kind: 'person_hours', posts: ['safety_vice_principal', 'safety_department_head'], window: 'period' },
    threshold: { min: 20, unit: 'hours' },
    dueSoonDays: 60,
    enabled: true,
  },
  {
    code: 'training.teacher_yearly',
    description: '班主任、专任教师每年接受不少于10学时的安全知识培训',
    subject: '安全知识培训学时',
    sources: [s001_7_teacher],
    appliesTo: SCHOOLS,
    period: 'calendar_year',
    measure: { kind: 'person_hours', posts: ['head_teacher', 'teacher'], window: 'period' },
    threshold: { min: 10, unit: 'hours' },
    dueSoonDays: 60,
    enabled: true,
  },
  {
    code: 'training.safety_manager_pre_post',
    description: '新任安全管理干部上岗前接受岗前培训',
    subject: '岗前培训',
    sources: [s001_7_manager],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'person_hours', posts: ['safety_manager'], window: 'before_post', lookbackDays: 730 },
    threshold: { min: 1, unit: 'hours' },
    dueSoonDays: 14,
    enabled: true,
    note: '001未规定岗前培训学时，默认至少1学时',
  },
  // Safety meetings (安全专题会议), 000 item 1
  {
    code: 'meeting.leadership_quarterly',
    description: '领导班子每季度召开一次安全专题会议',
    subject: '领导班子安全专题会议',
    sources: [s000_1_meetings],
    appliesTo: SCHOOLS,
    period: 'quarter',
    measure: { kind: 'count', ledger: 'meetings', meetingLevels: ['leadership_team'] },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 14,
    enabled: true,
  },
  {
    code: 'meeting.leader_monthly',
    description: '分管领导每月召开一次安全专题会议',
    subject: '分管领导安全专题会议',
    sources: [s000_1_meetings],
    appliesTo: SCHOOLS,
    period: 'month',
    // A leadership-team safety meeting in the month has the leader in charge at the table too.
    measure: { kind: 'count', ledger: 'meetings', meetingLevels: ['leader_in_charge', 'leadership_team'] },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 14,
    enabled: true,
  },
  // Responsibility letters (安全生产责任书)
  {
    code: 'letter.unit_signed',
    description: '与区教育局签订本年度安全生产责任书，签约率100%',
    subject: '安全生产责任书签订',
    sources: [s000_1_letters, s000_table9],
    appliesTo: { unitKinds: BASE_UNITS },
    period: 'calendar_year',
    measure: { kind: 'letter_signed', level: 'bureau_to_unit', signBy: '03-31' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 90,
    enabled: true,
    note: '签订时限取任务分解表第一季度',
  },
  {
    code: 'letter.staff_signed',
    description: '单位内部逐级签订安全生产责任书，教职工全部签订',
    subject: '教职工安全生产责任书签订',
    sources: [s000_1_levels, s001_3],
    appliesTo: SCHOOLS,
    period: 'calendar_year',
    measure: { kind: 'letter_signed', level: 'unit_to_staff', signBy: '03-31' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 90,
    enabled: true,
    note: '签订时限取任务分解表第一季度',
  },
  // Duty (值班带班)
  {
    code: 'duty.holiday_leader',
    description: '节假日期间每天安排领导带班',
    subject: '节假日领导带班',
    sources: [s000_4],
    appliesTo: SCHOOLS,
    period: 'holiday',
    measure: { kind: 'duty_cover', roles: ['leader'] },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 7,
    enabled: true,
  },
  {
    code: 'duty.key_period_24h',
    description: '重点时段每天安排领导24小时在岗带班，同时安排正式工作人员24小时值班',
    subject: '24小时带班值班',
    sources: [s003_duty],
    appliesTo: { unitKinds: BASE_UNITS },
    period: 'key_period',
    measure: { kind: 'duty_cover', roles: ['leader', 'staff'], minHours: 24 },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 3,
    enabled: true,
  },
  {
    code: 'inspection.key_period_fire',
    description: '重点时段内组织不少于2次消防安全专项检查',
    subject: '消防安全专项检查',
    sources: [s003_fire],
    appliesTo: SCHOOLS,
    period: 'key_period',
    measure: { kind: 'count', ledger: 'inspections', areas: ['fire_chemicals'] },
    threshold: { min: 2, unit: 'count' },
    dueSoonDays: 7,
    enabled: true,
  },
  // Security profile (人防、物防、技防), 002 areas 7–9
  {
    code: 'guards.school_hours',
    description: '学生在校期间每个门岗至少2名保安员在岗',
    subject: '在校期间门岗保安',
    sources: [s002_8_day],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'guards', slots: ['school_hours'], per: 'gate' },
    threshold: { min: 2, unit: 'guards' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'guards.night_day_school',
    description: '夜间无寄宿学生的学校至少1名保安员值勤',
    subject: '夜间保安',
    sources: [s002_8_night],
    appliesTo: { ...SCHOOLS, boarding: false },
    period: 'current',
    measure: { kind: 'guards', slots: ['night'], per: 'school' },
    threshold: { min: 1, unit: 'guards' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'guards.night_boarding',
    description: '寄宿制学校夜间保安员按普通学校标准双倍配置（至少2名）',
    subject: '夜间保安',
    sources: [s002_8_boarding],
    appliesTo: { ...SCHOOLS, boarding: true },
    period: 'current',
    measure: { kind: 'guards', slots: ['night'], per: 'school' },
    threshold: { min: 2, unit: 'guards' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'guards.peak_primary_kindergarten',
    description: '小学、幼儿园上学放学高峰时段在“一门两保安”基础上叠加2名保安员（每门至少4名）',
    subject: '上下学高峰门岗保安',
    sources: [s002_8_peak],
    // 小学 includes the primary part of nine- and twelve-year schools.
    appliesTo: { unitKinds: ['school'], stagesIn: ['primary', 'kindergarten', 'nine_year', 'twelve_year'] },
    period: 'current',
    measure: { kind: 'guards', slots: ['arrival_peak', 'dismissal_peak'], per: 'gate' },
    threshold: { min: 4, unit: 'guards' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'alarms.one_key_working',
    description: '100%安装一键式紧急报警装置并处于良好运行状态',
    subject: '一键式紧急报警装置完好率',
    sources: [s002_9_alarm],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'alarms_working' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'video.retention',
    description: '视频监控图像保存时间不少于30日',
    subject: '视频图像保存天数',
    sources: [s002_9_video],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'video_retention' },
    threshold: { min: 30, unit: 'days' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'video.linked_to_bureau',
    description: '出入口、食堂视频监控接入区教育局安全管理中心',
    subject: '视频监控接入教育局',
    sources: [s002_9_link],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'profile_flag', flag: 'videoLinkedToBureau' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'perimeter.armed_24h',
    description: '周界入侵报警系统24小时设防',
    subject: '周界报警24小时设防',
    sources: [s002_7],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'profile_flag', flag: 'perimeterArmed24h' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
  },
  // School liability insurance (校方责任保险)
  {
    code: 'insurance.coverage',
    description: '办理校方责任保险，应保尽保，不脱保漏保',
    subject: '校方责任保险覆盖',
    sources: [s001_26, s001_26_lapse],
    appliesTo: SCHOOLS,
    period: 'school_year',
    measure: { kind: 'insurance_cover' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 30,
    enabled: true,
  },
  ...LEDGER_RULES_B,
];

export const DEFAULT_PACK: RulePack = {
  name: '种子文件默认规则',
  version: 1,
  basedOn: null,
  changes: [],
  rules: DEFAULT_RULES,
};

/** '001 第6条、000 第17条' */
export function sourceText(rule: Pick<Rule, 'sources'>): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const s of rule.sources) {
    const t = `${s.seed} ${s.item}`;
    if (!seen.has(t)) parts.push(t);
    seen.add(t);
  }
  return parts.join('、');
}

const MAX_MIN: Record<ThresholdUnit, number> = { count: 366, hours: 1000, ratio: 1, days: 3650, guards: 100 };

/** What is wrong with a set of threshold changes, in Chinese, naming the rule and field. */
export function thresholdChangeProblems(pack: RulePack, changes: ThresholdChange[]): Problem[] {
  const out: Problem[] = [];
  const byCode = new Map(pack.rules.map((r) => [r.code, r]));
  const seen = new Set<string>();
  changes.forEach((c, i) => {
    const rule = byCode.get(c.code);
    if (!rule) {
      out.push({ field: `changes.${i}.code`, message: `规则“${c.code}”不存在` });
      return;
    }
    if (seen.has(c.code)) out.push({ field: `changes.${i}.code`, message: `规则“${rule.description}”重复修改` });
    seen.add(c.code);
    if (c.min !== undefined) {
      const unit = rule.threshold.unit;
      const max = MAX_MIN[unit];
      if (!Number.isFinite(c.min) || c.min < 0) out.push({ field: `changes.${i}.min`, message: `规则“${rule.description}”的阈值不能为负数` });
      else if (c.min > max) out.push({ field: `changes.${i}.min`, message: `规则“${rule.description}”的阈值不能超过 ${max}` });
      else if (unit !== 'ratio' && unit !== 'hours' && !Number.isInteger(c.min)) out.push({ field: `changes.${i}.min`, message: `规则“${rule.description}”的阈值须为整数` });
      else if (unit === 'ratio' && c.min === 0) out.push({ field: `changes.${i}.min`, message: `规则“${rule.description}”的比例阈值须大于 0，停用规则请关闭该规则` });
    }
    if (c.dueSoonDays !== undefined && (!Number.isInteger(c.dueSoonDays) || c.dueSoonDays < 0 || c.dueSoonDays > 366)) {
      out.push({ field: `changes.${i}.dueSoonDays`, message: `规则“${rule.description}”的提前提醒天数须为 0 到 366 的整数` });
    }
    if (c.min === undefined && c.dueSoonDays === undefined && c.enabled === undefined) {
      out.push({ field: `changes.${i}`, message: `规则“${rule.description}”没有要修改的内容` });
    }
  });
  return out;
}

/**
 * A new version of the pack with the bureau's threshold changes applied (e.g. a Shandong district
 * asking for more than a Shanghai one). Pure: the old pack is left as it was; the caller stores
 * the new version and audits the change.
 */
export function applyThresholdChanges(
  pack: RulePack,
  changes: ThresholdChange[],
): { ok: true; pack: RulePack } | { ok: false; problems: Problem[] } {
  const problems = thresholdChangeProblems(pack, changes);
  if (problems.length) return { ok: false, problems };
  const byCode = new Map(changes.map((c) => [c.code, c]));
  const rules = pack.rules.map((r): Rule => {
    const c = byCode.get(r.code);
    if (!c) return r;
    return {
      ...r,
      threshold: c.min === undefined ? r.threshold : { ...r.threshold, min: c.min },
      dueSoonDays: c.dueSoonDays ?? r.dueSoonDays,
      enabled: c.enabled ?? r.enabled,
    };
  });
  return { ok: true, pack: { name: pack.name, version: pack.version + 1, basedOn: pack.version, changes, rules } };
}
