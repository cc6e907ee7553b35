// Rule packs as data: each rule says which units it applies to, over which period it counts
// what, and the threshold, citing the seed item it comes from. The default pack carries the
// seeds' numbers (DOMAIN.md, "Numbers the system must know"); a bureau changes thresholds by
// producing a new version of its pack (applyThresholdChanges), never by editing one in place.
import type { Ownership, SafetyArea, SchoolStage, UnitKind } from '../../contracts/enums.js';
import type { DrillKind, DutyRole, GuardSlot, LetterLevel, MeetingLevel, PeriodKind, StaffPost } from '../../contracts/rules.js';
import type { Problem } from './periods.js';
import type { LedgerCheckCode } from './ledger-check.js';
import type { LedgerKindB } from '../../contracts/rules.js';
import type { EntryLedger, UnitFacts } from './records.js';
import { DEFAULT_RISK_REVIEW, type RiskReviewSection } from './risk-review.js';
import { DEFAULT_INCIDENT_DEADLINES, type IncidentDeadlines } from '../incidents.js';
import { DEFAULT_OUTBREAK, type OutbreakSection } from './outbreak-signals.js';
import type { AppraisalCadence } from '../buildings.js';

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
  /** Schools with a canteen (food safety, 001 item 17). */
  canteen?: boolean;
  /** Schools that take in evacuees (担负应急疏散安置任务, 000 item 10). */
  shelter?: boolean;
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
  /** The share of a school's risks (安全风险清单) reviewed on time, by cadence and before their windows (pack.riskReviewDays). */
  | { kind: 'risk_review' }
  /** The grades the school's stage must screen, each with a class screened in the period (001 item 9). */
  | { kind: 'screening_coverage' }
  /** The share of open care records whose follow-up is not overdue (001 item 20); due within dueSoonDays is due soon. */
  | { kind: 'care_follow_up' }
  /** Tagged entries of the ledgers of issue 15 (see EntryMeasure). */
  | EntryMeasure
  /** A check of one of the ledgers of issue 15 items 3–7 (./ledger-check.ts); `area` routes its hazard. */
  | { kind: 'ledger_check'; ledger: LedgerKindB; check: LedgerCheckCode; area: SafetyArea; dueBy?: string; cadence?: AppraisalCadence; cadenceDays?: number };

/**
 * The general measure of the ledgers of issue 15, over the entries tagged `tag` by the ledger's reader:
 * - 'school_day': an entry on every school day of the period up to the day (a past day without one is missed);
 * - 'school_week': an entry in every week (Monday to Sunday) with a school day whose Monday is in the period;
 * - 'period': at least threshold.min entries in the period;
 * - 'none': no entry at all in the period (a visitor brought in by nobody);
 * - 'valid': every key's latest entry not expired, and at least one (certificates);
 * - 'latest_flag': the latest entry has its flag set (the traceability platform online);
 * - 'education_days': every safety education day of the period with an entry for it within withinDays.
 */
export interface EntryMeasure {
  kind: 'entries';
  ledger: EntryLedger;
  tag: string;
  every: 'school_day' | 'school_week' | 'period' | 'none' | 'valid' | 'latest_flag' | 'education_days';
  withinDays?: number;
}

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
  /** The risk list's review cadence, windows and colour bands (rules/risk-review.ts); absent in packs stored before it: the default. */
  riskReviewDays?: RiskReviewSection;
  /** Incidents' reporting deadlines per level and the key-period daily report (issue 13; src/domain/incidents.ts). */
  incidentDeadlines?: IncidentDeadlines;
  /** The daily health checks' outbreak signal: cases per class and day, per school within days (issue 15 item 8; rules/outbreak-signals.ts). */
  outbreakSignals?: OutbreakSection;
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
  if (a.canteen !== undefined && Boolean(u.canteen) !== a.canteen) return false;
  if (a.shelter !== undefined && Boolean(u.shelter) !== a.shelter) return false;
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
const s001_9: RuleSource = { seed: '001', item: '第9条', quote: '对小学高年级及初中、高中段学生每学期开展1次全员心理筛查，建立完善“一生一档”' };
const s001_20: RuleSource = { seed: '001', item: '第20条', quote: '加大对特异体质、心理异常学生的摸排包靠和动态管理，建立包靠台账，“一对一”落实包靠措施' };
const s002_7: RuleSource = { seed: '002', item: '第7项', quote: '确保周界报警系统24时设防' };
const s002_8_day: RuleSource = { seed: '002', item: '第8项', quote: '白天学生在校期间，每个门岗至少配备2名保安员在岗值勤' };
const s002_8_night: RuleSource = { seed: '002', item: '第8项', quote: '夜间无寄宿学生的学校至少配备1名保安员值勤' };
const s002_8_boarding: RuleSource = { seed: '002', item: '第8项', quote: '寄宿制学校夜间至少按照普通学校标准的双倍配置保安员' };
const s002_8_peak: RuleSource = { seed: '002', item: '第8项', quote: '小学、幼儿园在上学、放学高峰时段，要在“一门两保安”的基础上，叠加聘请2名保安员协同守护' };
const s002_9_alarm: RuleSource = { seed: '002', item: '第9项', quote: '100%安装一键式紧急报警装置' };
const s002_9_video: RuleSource = { seed: '002', item: '第9项', quote: '确保图像保存时间不少于30日' };
const s002_9_link: RuleSource = { seed: '002', item: '第9项', quote: '在学校出入口、食堂安装视频监控系统，并接入区教育局安全管理中心' };
const s003_fire: RuleSource = { seed: '003', item: '第三部分之三', quote: '务必要组织不少于2次的消防安全专项检查' };
const s003_risks: RuleSource = { seed: '003', item: '第二部分之二', quote: '针对基础性风险、季节性风险、节假日风险、特殊风险' };
const s004_risks: RuleSource = { seed: '004', item: '第二部分之二', quote: '建立健全安全风险查找、研判、预警、防范、处置和责任“六项机制”' };
const s003_duty: RuleSource = { seed: '003', item: '第五部分之二', quote: '每天安排领导同志 24 小时在岗带班，同时安排本单位正式工作人员 24 小时值班' };

// Sources of the rules of the food, gate, health-check and education ledgers (issue 15).
const s000_7_food: RuleSource = { seed: '000', item: '第7条', quote: '严格落实“月调度”“周排查”“日管控”管理要求' };
const s000_7_kitchen: RuleSource = { seed: '000', item: '第7条', quote: '用好学校“明厨亮灶”食品安全管理系统' };
const s001_17_meal: RuleSource = { seed: '001', item: '第17条', quote: '落实食品安全校（园）长负责制和校（园）长陪餐制' };
const s001_17_kitchen: RuleSource = { seed: '001', item: '第17条', quote: '实行学校食堂“互联网+明厨亮灶”线上巡查制' };
const s001_17_credit: RuleSource = { seed: '001', item: '第17条', quote: '强化学校食堂和学生集体用餐配送单位食品安全主体责任' };
const s002_3_trace: RuleSource = { seed: '002', item: '第3项', quote: '确保“阳光午餐学校食品安全追溯管理平台”上线率达到100%' };
const s002_7_visitors: RuleSource = { seed: '002', item: '第7项', quote: '外来人员一律由教职工带入校园并逐一登记' };
const s002_7_gate: RuleSource = { seed: '002', item: '第7项', quote: '上学、放学时段一律安排教师和保安员在门口护送' };
const s001_15_post: RuleSource = { seed: '001', item: '第15条', quote: '严格落实“护学岗”机制，学校在上下学时段组织安全管理人员、值班教师和保安员做好校门口区域内的警戒守护工作' };
const s001_16_checks: RuleSource = { seed: '001', item: '第16条', quote: '严格落实晨午检、因病缺课缺勤追踪上报制度' };
const s000_15_days: RuleSource = { seed: '000', item: '第15条', quote: '利用本市中小学“安全教育周”、“全国中小学生安全教育日”、“5.12”全国防灾减灾日' };
const s000_table_first: RuleSource = { seed: '000', item: '任务分解表第5项', quote: '开展春季“开学第一课”安全教育活动' };
const s001_8_boarding: RuleSource = { seed: '001', item: '第8条', quote: '加强寄宿制学生安全管理，完善登记、点名、监管、巡查等制度' };
const s001_8_notice: RuleSource = { seed: '001', item: '第8条', quote: '对没有及时到校和非正常离校学生实行信息通报制度' };
const s001_12_drowning: RuleSource = { seed: '001', item: '第12条', quote: '强化家校联管共育' };

/** Schools with a canteen: the food-safety rules judge no other (001 item 17). */
const CANTEEN_SCHOOLS: AppliesTo = { unitKinds: ['school'], stagesOut: ['off_campus'], canteen: true };

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


// ---- issue 15 item 6: network security (000 item 8; ../network-security.ts) ---------------------
const s000_8_report: RuleSource = { seed: '000', item: '第8条', quote: '常态化落实网络安全红黄牌制度和全系统网络安全月报告制度' };

const NETSEC_RULES: Rule[] = [
  {
    code: 'netsec.monthly_report',
    description: '每月报送网络安全月报告（含寒暑假）',
    subject: '网络安全月报告',
    sources: [s000_8_report],
    appliesTo: SCHOOLS,
    period: 'month',
    measure: { kind: 'ledger_check', ledger: 'network_security', check: 'netsec.monthly_report', area: 'management' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 7,
    enabled: true,
    note: '000 第8条为“全系统”“常态化”月报告，网站和系统假期照常运行，故按自然月每月报送，不限学期',
  },
  {
    code: 'netsec.red_cards',
    description: '教育局下发的网络安全红牌在整改期限内销号，不逾期',
    subject: '网络安全红牌整改',
    sources: [s000_8_report],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'network_security', check: 'netsec.red_cards', area: 'management' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 7,
    enabled: true,
  },
];
// ---- issue 15 item 5: school buses (001 item 14, 000 Q1 task; ../buses.ts) ------------------------
const s001_14_bus: RuleSource = { seed: '001', item: '第14条', quote: '加强对车辆的经常性保养检查，杜绝校车“带病上路”。加大对校车驾驶人、照管员资格审查，严把准入关' };
const s000_q1_bus: RuleSource = { seed: '000', item: '任务分解表第3项', quote: '开学前做好校车的安全检查及年度复核准备工作' };
const BUS_SCHOOLS: AppliesTo = { ...SCHOOLS, schoolBus: true };

const BUS_RULES: Rule[] = [
  {
    code: 'bus.annual_review',
    description: '使用校车的学校每辆在用校车年度审验（年审）在有效期内、保险未脱保',
    subject: '校车年审和保险',
    sources: [s000_q1_bus, s001_14_bus],
    appliesTo: BUS_SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'school_buses', check: 'bus.annual_review', area: 'traffic' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 30,
    enabled: true,
    note: '种子文件未规定提前量：默认到期前 30 天提示，以便开学前完成年度复核',
  },
  {
    code: 'bus.drivers',
    description: '使用校车的学校每名在岗校车驾驶人背景审查无异常、驾驶证在有效期内',
    subject: '校车驾驶人资格审查',
    sources: [s001_14_bus],
    appliesTo: BUS_SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'school_buses', check: 'bus.drivers', area: 'traffic' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 30,
    enabled: true,
    note: '驾驶证到期前 30 天提示（默认值）',
  },
  {
    code: 'bus.pre_trip_check',
    description: '使用校车的学校每辆在用校车每个运行的上学日做出车前检查',
    subject: '校车出车前检查',
    sources: [s001_14_bus],
    appliesTo: BUS_SCHOOLS,
    period: 'month',
    measure: { kind: 'ledger_check', ledger: 'school_buses', check: 'bus.pre_trip_check', area: 'traffic' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
    termOnly: true,
    note: '校车自开始运营日起每个上学日（校历学期内周一至周五，节假日除外）运行',
  },
];
// ---- issue 21: fire-safety standardisation (000 item 5, 001 item 13; ../fire-standard.ts) ------------
const FIRE_RULES: Rule[] = [
  {
    code: 'fire.standard_accepted',
    description: '学校通过消防安全标准化达标验收（按规则包规定的日期前达标）',
    subject: '消防安全标准化达标验收',
    sources: [
      { seed: '000', item: '第5条', quote: '继续开展全区中小学和幼儿园消防安全标准化管理评估和验收工作' },
      { seed: '001', item: '第13条', quote: '巩固消防安全标准化建设成果，按照《山东省学校消防安全标准化管理指南》，全面开展消防标准化达标验收' },
    ],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'fire_standard', check: 'fire.standard_accepted', area: 'fire_chemicals', dueBy: '12-31' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 60,
    enabled: true,
    note: '种子文件未规定验收截止日期：默认每年 12 月 31 日前达标，截止前 60 天提示',
  },
];
// ---- issue 21: buildings and construction sites (001 item 18, 000 item 10; ../buildings.ts) ----------
const s001_18_buildings: RuleSource = { seed: '001', item: '第18条', quote: '严格校舍及施工安全监管。及时排查校舍、设施安全隐患，落实警示、修缮、重建等措施' };
const BUILDING_RULES: Rule[] = [
  {
    code: 'building.appraisal',
    description: '在用校舍按期进行房屋安全鉴定（鉴定不过期，30 天内到期提示）',
    subject: '校舍房屋安全鉴定',
    sources: [s001_18_buildings],
    appliesTo: SCHOOLS,
    period: 'current',
    // The cadence is the pack's: the seeds name none. Dormitories and kindergarten buildings more often.
    measure: { kind: 'ledger_check', ledger: 'buildings', check: 'building.appraisal', area: 'management', cadence: { months: 60, strictMonths: 36 } },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 30,
    enabled: true,
    note: '种子文件未规定鉴定周期：默认每 5 年鉴定一次，学生宿舍、幼儿园用房每 3 年一次',
  },
  {
    code: 'building.no_unsafe_in_use',
    description: '鉴定为C级、D级的校舍不得继续使用',
    subject: 'C/D级危房停用',
    sources: [{ seed: '001', item: '第18条', quote: '及时排查校舍、设施安全隐患，落实警示、修缮、重建等措施……存在重大安全隐患的不得使用' }],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'buildings', check: 'building.no_unsafe_in_use', area: 'management' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'building.kindergarten_premises',
    description: '幼儿园使用老旧闲置校舍前须进行风险评估',
    subject: '老旧闲置校舍风险评估',
    sources: [{ seed: '001', item: '第18条', quote: '对幼儿园使用老旧闲置校舍进行风险评估，采取相应措施，存在重大安全隐患的不得使用' }],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'buildings', check: 'building.kindergarten_premises', area: 'management' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'construction.weekly_check',
    description: '校园施工期间每周进行一次施工安全检查（施工区域与师生活动区域严密隔离）',
    subject: '施工安全每周检查',
    sources: [
      { seed: '001', item: '第18条', quote: '加强学校施工安全，实行施工区域与师生活动区域严密隔离，防范新建、改扩建校舍导致学生安全事故' },
      { seed: '000', item: '第10条', quote: '重点加强危棚简屋、易积水点、安全用电、在建工地、高空坠物等重点区域、重点部位安全巡查和防范' },
    ],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'buildings', check: 'construction.weekly_check', area: 'management' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 6,
    enabled: true,
    note: '种子文件未规定检查频次：默认开工至完工期间每周（周一至周日）至少检查一次',
  },
];
// ---- issue 21: warnings with receipts (000 item 10; ../warnings.ts) ---------------------------------
const s000_10_warn: RuleSource = { seed: '000', item: '第10条', quote: '及时发布安全预警提示，做好人员提前转移、避险避让等准备工作' };
const s000_10_shelter: RuleSource = { seed: '000', item: '第10条', quote: '加强本系统担负应急疏散安置任务学校的常规检查、接待安置应急演练' };
const WARNING_RULES: Rule[] = [
  {
    code: 'warning.signed_on_time',
    description: '学校在规定时限内签收上级发布的预警提示',
    subject: '预警提示签收',
    sources: [s000_10_warn],
    appliesTo: SCHOOLS,
    period: 'calendar_year',
    measure: { kind: 'ledger_check', ledger: 'warnings', check: 'warning.signed_on_time', area: 'emergency' },
    // The threshold is the hours a school has to sign; warnings/warnings.service.ts reads it when a warning goes out.
    threshold: { min: 2, unit: 'hours' },
    dueSoonDays: 0,
    enabled: true,
    note: '种子文件要求“及时”签收，未规定时限：默认发布后 2 小时内签收，教育局可在规则配置中修改',
  },
  {
    code: 'shelter.drill_yearly',
    description: '担负应急疏散安置任务的学校每年至少开展1次接待安置应急演练',
    subject: '接待安置应急演练',
    sources: [s000_10_shelter],
    appliesTo: { unitKinds: ['school'], shelter: true },
    period: 'calendar_year',
    measure: { kind: 'count', ledger: 'drills', drillKinds: ['shelter_reception'] },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 60,
    enabled: true,
    note: '种子文件未规定次数：默认每年至少 1 次',
  },
];
// ---- issue 21: emergency plans and supplies (../emergency-plans.ts, ../emergency-supplies.ts) ---------
const s000_t7: RuleSource = { seed: '000', item: '任务分解表第7项', quote: '组织开展网络安全应急预案修订、培训工作' };
const s000_4_plans: RuleSource = { seed: '000', item: '第4条', quote: '保障应急队伍和物资储备。结合校园安全的新情况、新特点，完善校园安全应急预案' };
const s000_10: RuleSource = { seed: '000', item: '第10条', quote: '及时修订年度防汛防台、冰冻雨雪天气的应急预案，备齐备足各类应急物资' };
const s001_6_plans: RuleSource = { seed: '001', item: '第6条', quote: '完善应急处置预案和流程，提高安全管理干部和师生对应急预案的熟悉程度' };
const s004_4: RuleSource = { seed: '004', item: '第4条', quote: '督促各类学校制定突发事件应急预案……加强学校应急保障队伍建设及应急物资储备' };
const EMERGENCY_RULES: Rule[] = [
  {
    code: 'emergency.plan_kinds',
    description: '学校按类型制定各类专项应急预案（寄宿制、使用校车、幼儿园另有专项预案）',
    subject: '专项应急预案齐全',
    sources: [s000_4_plans, s004_4, s000_t7],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'emergency_plans', check: 'emergency.plan_kinds', area: 'management' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'emergency.plan_revision',
    description: '应急预案在下次修订日期前修订；防汛防台风、冰冻雨雪预案每年修订',
    subject: '应急预案按期修订',
    sources: [s000_10, s004_4],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'emergency_plans', check: 'emergency.plan_revision', area: 'management' },
    threshold: { min: 0, unit: 'count' },
    dueSoonDays: 30,
    enabled: true,
    note: '防汛防台风、冰冻雨雪预案批准后一年内须修订（000 第10条）；其他预案的修订周期由学校按区里要求填写（种子文件未规定年限，登记时默认 3 年）',
  },
  {
    code: 'emergency.plan_familiarity',
    description: '每项应急预案已组织不少于规定比例的在岗教职工学习熟悉',
    subject: '教职工熟悉应急预案',
    sources: [s001_6_plans],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'emergency_plans', check: 'emergency.plan_familiarity', area: 'management' },
    threshold: { min: 0.8, unit: 'ratio' },
    dueSoonDays: 0,
    enabled: true,
    note: '种子文件未规定比例：默认 80% 的在岗教职工，区里可在规则包中调整',
  },
  {
    code: 'emergency.supplies',
    description: '应急物资不低于最低储备且在有效期内',
    subject: '应急物资储备',
    sources: [s000_4_plans, s000_10, s004_4],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'emergency_supplies', check: 'emergency.supplies', area: 'management' },
    threshold: { min: 0, unit: 'count' },
    dueSoonDays: 30,
    enabled: true,
  },
];
// Drowning prevention (防溺水, issue 22): the grid and the patrols of waters in the flood season of the
// risk calendar (riskReviewDays.seasons.flood_drowning, one calendar for the district).
const s001_12_grid: RuleSource = { seed: '001', item: '第12条', quote: '优化学生网格化包靠、防溺水督查等各项工作，推动“教育、包靠、督查、通报、问责”闭环管理机制更有成效' };
const s001_12_duty: RuleSource = { seed: '001', item: '第12条', quote: '落实区镇政府和村居属地管理责任、教育部门和学校安全教育责任' };
const DROWNING_RULES: Rule[] = [
  {
    code: 'drowning.grid_covered',
    description: '汛期每个班级落实网格化包靠：指定包靠教师，全部学生包靠到人（覆盖率100%）',
    subject: '防溺水网格化包靠',
    sources: [s001_12_grid],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'drowning', check: 'drowning.grid_covered', area: 'education' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 14,
    enabled: true,
    note: '汛期起止取风险清单的汛期防溺水时段；包靠须在汛期第一天前落实',
  },
  {
    code: 'drowning.patrol_cadence',
    description: '汛期学校附近的危险水域每 14 天至少督查一次（镇街或学校督查均计入）',
    subject: '危险水域防溺水督查',
    sources: [s001_12_grid, s001_12_duty],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'ledger_check', ledger: 'drowning', check: 'drowning.patrol_cadence', area: 'surroundings', cadenceDays: 14 },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 3,
    enabled: true,
    note: '种子文件未规定督查频次：默认汛期每 14 天至少一次（cadenceDays），区里可在规则包中调整；合规看板按学校评价，镇街未按期督查的水域体现在其附近学校',
  },
];
// Recurring inspections (定期检查, issue 17): a school's own scheduled self-checks done on their day.
const s001_13_day: RuleSource = { seed: '001', item: '第13条', quote: '学校配备消防巡查人员，落实“消防安全检查日”，定期对教学楼、宿舍楼、图书馆、实验室、餐厅等火灾事故多发部位开展隐患排查' };
const SCHEDULE_RULES: Rule[] = [
  {
    code: 'inspection.recurring',
    description: '学校按定期检查安排（如每月“消防安全检查日”、食堂每日检查）在当天完成自查',
    subject: '定期检查按时完成',
    sources: [s001_13_day],
    appliesTo: SCHOOLS,
    period: 'month',
    measure: { kind: 'ledger_check', ledger: 'inspection_schedules', check: 'inspection.recurring', area: 'management' },
    // The threshold is the days of grace after each occurrence's day (0: on the day).
    threshold: { min: 0, unit: 'days' },
    dueSoonDays: 0,
    enabled: true,
    note: '只评价学校自查类的定期检查；镇街、教育局安排的定期检查在“定期检查”页面查看完成情况。默认当天完成，区里可在规则配置中放宽天数',
  },
];
// The safety budget (安全经费, issue 21): guards' wages budgeted where there are guards.
const s001_25_budget: RuleSource = { seed: '001', item: '第25条', quote: '将安全工作经费足额纳入同级财政预算，加大对人力防范、实体防范、电子防范经费的投入力度，优先保障学校安全防范设施建设、应急处置、专职保安员聘用及岗位培训等经费支出' };
const BUDGET_RULES: Rule[] = [
  {
    code: 'budget.guards_funded',
    description: '配有保安的学校在年度安全经费预算中列支保安经费',
    subject: '保安经费列入预算',
    sources: [s001_25_budget],
    appliesTo: SCHOOLS,
    period: 'calendar_year',
    measure: { kind: 'ledger_check', ledger: 'safety_budgets', check: 'budget.guards_funded', area: 'guards', dueBy: '03-31' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 30,
    enabled: true,
    note: '保安人数取学校安全防范档案最近一次登记的在校期间各门岗保安人数之和；种子文件未规定预算编报时间，默认每年 3 月 31 日前编报（区里可在规则包中调整）',
  },
];
// Online video patrols (网上视频巡查, issue 22): each school patrolled through its video links every
// month, and a canteen school's kitchen (明厨亮灶) more often; src/domain/video-patrol.ts.
const s001_4_eye: RuleSource = { seed: '001', item: '第4条', quote: '推进“校园天眼”工程建设，对各级各类学校视频监控进行梳理、汇聚、联通和应用，实现“探头站岗、鼠标巡逻”' };
const s000_2_video: RuleSource = { seed: '000', item: '第2条', quote: '完善网上视频巡查和网下实地检查融合机制，着力规范全区各级各类学校及校外办学机构的安全管理工作' };
const s000_7_video: RuleSource = { seed: '000', item: '第7条', quote: '加强校园食堂日常视频巡查和通报' };
const VIDEO_PATROL_RULES: Rule[] = [
  {
    code: 'video_patrol.monthly',
    description: '每所学校（含校外办学机构）每月至少开展 1 次网上视频巡查（校园天眼）',
    subject: '网上视频巡查',
    sources: [s001_4_eye, s000_2_video],
    // 000 item 2: 各级各类学校及校外办学机构 — off-campus institutions are patrolled too (their canteens are not judged).
    appliesTo: { unitKinds: ['school'] },
    period: 'month',
    measure: { kind: 'ledger_check', ledger: 'video_patrols', check: 'video_patrol.monthly', area: 'defences' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 7,
    enabled: true,
    note: '种子文件未规定巡查频次：默认每校每月至少 1 次，区里可在规则配置中调整；巡查由教育局、镇街或学校通过视频点位开展，均计入被巡查学校；以已提交的视频巡查为准',
  },
  {
    code: 'video_patrol.canteen',
    description: '有食堂的学校每月至少开展 2 次“明厨亮灶”食堂视频巡查',
    subject: '明厨亮灶视频巡查',
    sources: [s000_7_video, s001_17_kitchen],
    appliesTo: CANTEEN_SCHOOLS,
    period: 'month',
    measure: { kind: 'ledger_check', ledger: 'video_patrols', check: 'video_patrol.canteen', area: 'food_disease' },
    threshold: { min: 2, unit: 'count' },
    dueSoonDays: 7,
    enabled: true,
    note: '种子文件未规定食堂巡查频次：默认每月至少 2 次，区里可在规则配置中调整；巡查中对食堂后厨检查项作出判定（不含“不适用”）的计为一次明厨亮灶巡查',
  },
];
/** The rules of the seeds with their numbers; the bureau's own versions start from these. */
// ---- issue 22: bullying (../bullying.ts; the register in src/server/bullying) -------------------------
const s001_10_bully: RuleSource = { seed: '001', item: '第10条', quote: '加大对重点群体学生的摸排力度，发挥班级、宿舍网格员作用，做到早摸排、早发现、早处置' };
const s000_13_bully: RuleSource = { seed: '000', item: '第13条', quote: '持续推进校园欺凌、敲诈、性侵等可疑或苗头性事件的排摸' };
const BULLYING_RULES: Rule[] = [
  {
    code: 'bullying.screening',
    description: '中小学每学期开展校园欺凌可疑或苗头性事件排摸（按班级登记）',
    subject: '欺凌苗头性事件排摸',
    sources: [s000_13_bully, s001_10_bully],
    appliesTo: { unitKinds: ['school'], stagesIn: PRIMARY_AND_SECONDARY },
    period: 'semester',
    measure: { kind: 'ledger_check', ledger: 'bullying', check: 'bullying.screening', area: 'mental_bullying' },
    // The threshold is the class screenings a semester asks at least.
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 30,
    enabled: true,
    note: '种子文件要求“持续推进”“早摸排”，未规定次数：默认每学期至少排摸 1 次（按班级登记）',
  },
  {
    code: 'bullying.inquiry',
    description: '欺凌事件自报告之日起在规定天数内完成调查认定',
    subject: '欺凌事件按期调查认定',
    sources: [s001_10_bully],
    appliesTo: SCHOOLS,
    period: 'calendar_year',
    measure: { kind: 'ledger_check', ledger: 'bullying', check: 'bullying.inquiry', area: 'mental_bullying' },
    // The threshold is the inquiry's days; bullying/inquiry-days.ts reads it when a case is reported.
    threshold: { min: 10, unit: 'days' },
    dueSoonDays: 3,
    enabled: true,
    note: '种子文件要求“早处置”，未规定天数：默认 10 天（教育部等十一部门《加强中小学生欺凌综合治理方案》：学校应在启动调查处理程序10日内完成调查），教育局可在规则配置中修改',
  },
];

// ---- issue 22: disputes and petitions (../disputes.ts; the register in src/server/disputes) -----------
const s000_3_dispute: RuleSource = { seed: '000', item: '第3条', quote: '定期开展学校、教职工、家长、学生之间的内部矛盾纠纷排查，健全不安定因素和矛盾纠纷排查、分析机制，及时调处、化解学校各类矛盾' };
const s003_6_petition: RuleSource = { seed: '003', item: '第三部分之六', quote: '要做好信访矛盾排查和化解工作……努力将矛盾解决在基层和萌芽状态' };
const DISPUTE_RULES: Rule[] = [
  {
    code: 'disputes.petition_reply',
    description: '学校受理的信访事项自登记之日起在规定天数内办结（答复并听取信访人评价）',
    subject: '信访事项按期办结',
    sources: [s003_6_petition, s000_3_dispute],
    appliesTo: SCHOOLS,
    period: 'calendar_year',
    measure: { kind: 'ledger_check', ledger: 'disputes', check: 'disputes.petition_reply', area: 'management' },
    // The threshold is the petition's days; disputes/disputes.service.ts (daysOf) reads it when a petition is recorded.
    threshold: { min: 60, unit: 'days' },
    dueSoonDays: 7,
    enabled: true,
    note: '种子文件要求“解决在基层”，未规定天数：默认 60 天（《信访工作条例》（2022）：信访事项应当自受理之日起 60 日内办结；本系统自登记之日起计，偏严），教育局可在规则配置中修改；修改只影响此后登记的事项',
  },
  {
    code: 'disputes.dispute_resolve',
    description: '排查发现的矛盾纠纷自登记之日起在规定天数内调处化解',
    subject: '矛盾纠纷按期化解',
    sources: [s000_3_dispute],
    appliesTo: SCHOOLS,
    period: 'calendar_year',
    measure: { kind: 'ledger_check', ledger: 'disputes', check: 'disputes.dispute_resolve', area: 'management' },
    // The threshold is the dispute's days; disputes/disputes.service.ts (daysOf) reads it when a dispute is recorded.
    threshold: { min: 30, unit: 'days' },
    dueSoonDays: 7,
    enabled: true,
    note: '种子文件要求“及时调处、化解”，未规定天数：默认 30 天（本区默认），教育局可在规则配置中修改；修改只影响此后登记的纠纷',
  },
];

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
  // The risk list (安全风险清单), 003 and 004: every risk reviewed on time (cadence and windows in riskReviewDays).
  {
    code: 'risk.review_on_time',
    description: '安全风险清单按等级周期及季节、节假日、重点时段按期复核',
    subject: '安全风险复核',
    sources: [s003_risks, s004_risks],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'risk_review' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 14,
    enabled: true,
    note: '复核周期与季节起止见规则包“风险复核”部分（种子未规定，默认值注明出处）',
  },
  // Students of concern (学生关爱, issue 16)
  {
    code: 'care.screening',
    description: '小学高年级及初中、高中段学生每学期开展1次全员心理筛查',
    subject: '学生心理筛查',
    sources: [s001_9],
    appliesTo: { unitKinds: ['school'], stagesOut: ['kindergarten', 'special', 'off_campus'] },
    period: 'semester',
    measure: { kind: 'screening_coverage' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 30,
    enabled: true,
  },
  {
    code: 'care.follow_up',
    description: '特异体质、心理异常学生“一对一”包靠，按期随访',
    subject: '重点学生随访',
    sources: [s001_20],
    appliesTo: SCHOOLS,
    period: 'current',
    measure: { kind: 'care_follow_up' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 3,
    enabled: true,
    note: '种子文件未规定随访频次：默认每 30 天随访一次，学校可按学生设定 7–90 天',
  },
  // Food safety (食品安全, issue 15 item 1): 月调度、周排查、日管控 (000 item 7), 陪餐 and 明厨亮灶 (001 item 17), the traceability platform (002 area 3).
  {
    code: 'food.daily_control',
    description: '有食堂的学校每个上学日落实食品安全“日管控”（食堂每日检查、从业人员晨检、留样）',
    subject: '食品安全日管控记录',
    sources: [s000_7_food],
    appliesTo: CANTEEN_SCHOOLS,
    period: 'month',
    measure: { kind: 'entries', ledger: 'food_safety', tag: 'daily_check', every: 'school_day' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
    termOnly: true,
    note: '上学日取校历学期内的周一至周五（节假日除外）；没有该学年校历时取周一至周五',
  },
  {
    code: 'food.weekly_check',
    description: '有食堂的学校每周开展一次食品安全“周排查”',
    subject: '食品安全周排查',
    sources: [s000_7_food],
    appliesTo: CANTEEN_SCHOOLS,
    period: 'month',
    measure: { kind: 'entries', ledger: 'food_safety', tag: 'weekly_check', every: 'school_week' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 2,
    enabled: true,
    termOnly: true,
  },
  {
    code: 'food.monthly_dispatch',
    description: '有食堂的学校每月召开一次食品安全“月调度”会议并形成报告',
    subject: '食品安全月调度',
    sources: [s000_7_food],
    appliesTo: CANTEEN_SCHOOLS,
    period: 'month',
    measure: { kind: 'entries', ledger: 'food_safety', tag: 'monthly_dispatch', every: 'period' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 7,
    enabled: true,
    termOnly: true,
  },
  {
    code: 'food.accompanied_meals',
    description: '校（园）长或学校负责人陪餐，每月至少4次并逐餐记录',
    subject: '陪餐记录',
    sources: [s001_17_meal],
    appliesTo: CANTEEN_SCHOOLS,
    period: 'month',
    measure: { kind: 'entries', ledger: 'food_safety', tag: 'accompanied_meal', every: 'period' },
    threshold: { min: 4, unit: 'count' },
    dueSoonDays: 7,
    enabled: true,
    termOnly: true,
    note: '001 第17条未规定陪餐次数，默认每月至少4次（约每周1次），由教育局设定',
  },
  {
    code: 'food.certificates_valid',
    description: '食堂供应商资质和从业人员健康证等证照在有效期内',
    subject: '食品安全证照',
    sources: [s001_17_credit],
    appliesTo: CANTEEN_SCHOOLS,
    period: 'current',
    measure: { kind: 'entries', ledger: 'food_safety', tag: 'certificate', every: 'valid' },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 30,
    enabled: true,
  },
  {
    code: 'food.bright_kitchen_online',
    description: '食堂“互联网+明厨亮灶”在线，可线上巡查',
    subject: '明厨亮灶',
    sources: [s001_17_kitchen, s000_7_kitchen],
    appliesTo: CANTEEN_SCHOOLS,
    period: 'current',
    measure: { kind: 'entries', ledger: 'food_safety', tag: 'bright_kitchen', every: 'latest_flag' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
  },
  {
    code: 'food.traceability_online',
    description: '“阳光午餐”学校食品安全追溯管理平台上线率100%',
    subject: '食品安全追溯平台',
    sources: [s002_3_trace],
    appliesTo: CANTEEN_SCHOOLS,
    period: 'current',
    measure: { kind: 'entries', ledger: 'food_safety', tag: 'traceability', every: 'latest_flag' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
  },
  // Gate, visitors and vehicles (门卫来访, issue 15 item 2): 四个一律 (002 area 7) and 护学岗 (001 item 15).
  {
    code: 'gate.guard_post_daily',
    description: '每个上学日上学、放学时段教师和保安员在校门口护学岗到岗',
    subject: '护学岗到岗',
    sources: [s002_7_gate, s001_15_post],
    appliesTo: SCHOOLS,
    period: 'month',
    measure: { kind: 'entries', ledger: 'gate', tag: 'guard_post', every: 'school_day' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
    termOnly: true,
    note: '上学、放学两个时段均须至少1名教师和1名保安员到岗，才算当天护学岗到岗',
  },
  {
    code: 'gate.visitors_escorted',
    description: '外来人员一律由教职工带入校园并逐一登记，无教职工带领的来访为问题',
    subject: '无教职工带领的来访',
    sources: [s002_7_visitors],
    appliesTo: SCHOOLS,
    period: 'month',
    measure: { kind: 'entries', ledger: 'gate', tag: 'visitor_unescorted', every: 'none' },
    threshold: { min: 0, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
  },
  // Daily health checks (晨午检, issue 15 item 8).
  {
    code: 'health.daily_checks',
    description: '每个上学日落实晨检和午检',
    subject: '晨午检记录',
    sources: [s001_16_checks],
    appliesTo: SCHOOLS,
    period: 'month',
    measure: { kind: 'entries', ledger: 'health_checks', tag: 'checked', every: 'school_day' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
    termOnly: true,
    note: '当天晨检和午检均有记录才算落实',
  },
  // Safety education and boarding care (安全教育活动, issue 15 item 9).
  {
    code: 'education.safety_days',
    description: '安全教育日、安全生产月和每学期“开学第一课”按时开展安全教育活动（前后7天内）',
    subject: '安全教育日活动',
    sources: [s000_15_days, s000_table_first],
    appliesTo: SCHOOLS,
    period: 'school_year',
    measure: { kind: 'entries', ledger: 'education', tag: 'activity', every: 'education_days', withinDays: 7 },
    threshold: { min: 1, unit: 'ratio' },
    dueSoonDays: 7,
    enabled: true,
    note: '种子未规定“如期”的范围，默认教育日前后7天内开展即算如期',
  },
  {
    code: 'education.boarding_roll_call',
    description: '寄宿制学校每个上学日晚间按宿舍点名，未经请假缺勤的学生当天通知家长',
    subject: '寄宿生晚点名',
    sources: [s001_8_boarding, s001_8_notice],
    appliesTo: { ...SCHOOLS, boarding: true },
    period: 'month',
    measure: { kind: 'entries', ledger: 'education', tag: 'roll_call', every: 'school_day' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 0,
    enabled: true,
    termOnly: true,
  },
  {
    code: 'education.drowning_letter',
    description: '每学年向家长发放防溺水告家长书，各班全部回执确认',
    subject: '防溺水告家长书全部回执',
    sources: [s001_12_drowning],
    appliesTo: SCHOOLS,
    period: 'school_year',
    measure: { kind: 'entries', ledger: 'education', tag: 'drowning_letter', every: 'period' },
    threshold: { min: 1, unit: 'count' },
    dueSoonDays: 60,
    enabled: true,
    note: '001 第12条未规定发放时间，默认学年结束（暑假前）前全部班级回执确认',
  },
  ...LEDGER_RULES_B,
  ...NETSEC_RULES,
  ...BUS_RULES,
  ...FIRE_RULES,
  ...BUILDING_RULES,
  ...WARNING_RULES,
  ...EMERGENCY_RULES,
  ...BULLYING_RULES,
  ...DISPUTE_RULES,
  ...DROWNING_RULES,
  ...SCHEDULE_RULES,
  ...BUDGET_RULES,
  ...VIDEO_PATROL_RULES,
];

export const DEFAULT_PACK: RulePack = {
  name: '种子文件默认规则',
  version: 1,
  basedOn: null,
  changes: [],
  rules: DEFAULT_RULES,
  riskReviewDays: DEFAULT_RISK_REVIEW,
  incidentDeadlines: DEFAULT_INCIDENT_DEADLINES,
  outbreakSignals: DEFAULT_OUTBREAK,
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
  return { ok: true, pack: { name: pack.name, version: pack.version + 1, basedOn: pack.version, changes, rules, riskReviewDays: pack.riskReviewDays, incidentDeadlines: pack.incidentDeadlines, outbreakSignals: pack.outbreakSignals } };
}

/** The risk list's section of a pack: the pack's own, or the default for a pack stored before it. */
export function riskReviewOf(pack: Pick<RulePack, 'riskReviewDays'>): RiskReviewSection {
  return pack.riskReviewDays ?? DEFAULT_RISK_REVIEW;
}
