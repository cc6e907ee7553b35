// Fire-safety standardisation (消防安全标准化, 000 item 5, 001 item 13): the standard's items as a
// versioned checklist, a school's self-assessment (自评: each item 符合 / 不符合 / 不适用 with a note and
// photos), the district's acceptance (达标验收: 达标 / 不达标, a date, the inspector's signed text), and
// the rule judged on the compliance board: a school reaches the standard by the pack's day.
// Pure: plain data in, problems or states out, the day passed in.
import type { ChecklistSection } from './checklists/checklist.js';
import type { CheckMeasured } from './rules/ledger-check.js';
import type { Period } from './rules/periods.js';

export const fireAnswerResults = ['meets', 'fails', 'na'] as const;
export type FireAnswerResult = (typeof fireAnswerResults)[number];

export const fireAssessmentStatuses = ['draft', 'submitted', 'accepted', 'failed'] as const;
export type FireAssessmentStatus = (typeof fireAssessmentStatuses)[number];

export const fireAcceptResults = ['pass', 'fail'] as const;
export type FireAcceptResult = (typeof fireAcceptResults)[number];

export interface FireAnswer {
  key: string;
  result: FireAnswerResult;
  note?: string | null;
  fileIds?: number[];
}

export interface FireProblem {
  field: string;
  message: string;
}

const s000_5 = '000 第5条';
const s001_13 = '001 第13条';

/**
 * The default standard a district starts from: the items of 000 item 5 (消防安全标准化管理评估和验收,
 * 学生宿舍、寄宿生夜间疏散演练) and 001 item 13 (消防巡查人员, 消防安全检查日, 火灾多发部位, 燃气占压和燃气泄漏报警器,
 * 四个能力) grouped as the provincial guide (《山东省学校消防安全标准化管理指南》) groups them. The bureau
 * edits it as a new version; an assessment keeps the version it began with.
 */
export const DEFAULT_FIRE_STANDARD: { name: string; sections: ChecklistSection[] } = {
  name: '学校消防安全标准化管理标准',
  sections: [
    {
      title: '一、组织管理',
      area: 'fire_chemicals',
      items: [
        { key: 'org-01', text: '明确校长为消防安全责任人，分管副校长为消防安全管理人，逐级签订消防安全责任书', method: '查看资料', standard: '责任人、管理人明确，责任书逐级签订', source: s000_5 },
        { key: 'org-02', text: '学校配备消防巡查人员，明确巡查区域和职责', method: '查看资料、询问', standard: '巡查人员到位，名单在册', source: s001_13 },
        { key: 'org-03', text: '设立或明确消防控制室（微型消防站）值班人员，持证上岗、24 小时值班', method: '现场查看、查看值班记录', standard: '双人值班，值班记录完整', source: s000_5 },
      ],
    },
    {
      title: '二、制度建设',
      area: 'fire_chemicals',
      items: [
        { key: 'rule-01', text: '建立消防安全检查巡查、用火用电用气、消防设施维护保养、火灾隐患整改等制度', method: '查看资料', standard: '制度齐全并上墙公示', source: s000_5 },
        { key: 'rule-02', text: '落实每月“消防安全检查日”，对教学楼、宿舍楼、图书馆、实验室、餐厅等火灾事故多发部位开展隐患排查', method: '查看检查记录', standard: '每月至少 1 次，记录完整', source: s001_13 },
        { key: 'rule-03', text: '制定灭火和应急疏散预案，并按预案组织演练', method: '查看预案与演练记录', standard: '预案完整，按期演练', source: s000_5 },
      ],
    },
    {
      title: '三、消防设施',
      area: 'fire_chemicals',
      items: [
        { key: 'fac-01', text: '灭火器、消火栓、自动喷水灭火系统、火灾自动报警系统配置到位、完好有效，定期维护保养', method: '现场查看、现场测试', standard: '器材在有效期内，维保记录完整', source: s000_5 },
        { key: 'fac-02', text: '校园消防用水管网完好，消防水源充足', method: '现场查看', standard: '管网压力正常，无停用', source: s000_5 },
        { key: 'fac-03', text: '燃气管道无违规占压，使用燃气场所安装燃气泄漏报警器并能正常报警', method: '现场查看、现场测试', standard: '无占压，报警器全覆盖且有效', source: s001_13 },
        { key: 'fac-04', text: '电气线路无老化，无违规使用大功率电器、私拉乱接电线', method: '现场查看', standard: '线路规范，发现问题限期整改', source: s001_13 },
      ],
    },
    {
      title: '四、安全疏散',
      area: 'fire_chemicals',
      items: [
        { key: 'evac-01', text: '疏散通道、安全出口畅通，楼道、楼梯无杂物，不锁闭、不占用', method: '现场查看', standard: '通道畅通，无杂物堆放', source: s001_13 },
        { key: 'evac-02', text: '应急照明、疏散指示标志完好有效', method: '现场测试', standard: '断电后正常启用', source: s000_5 },
        { key: 'evac-03', text: '电动自行车在指定区域停放、集中充电，不在楼道、宿舍内停放或充电', method: '现场查看', standard: '无违规停放、充电', source: s001_13 },
        { key: 'evac-04', text: '学生宿舍安全检查到位，寄宿学生夜间应急逃生疏散演练按期开展（寄宿制学校）', method: '查看演练记录、现场查看', standard: '每年至少 2 次夜间疏散演练', source: s000_5 },
      ],
    },
    {
      title: '五、宣传培训',
      area: 'fire_chemicals',
      items: [
        { key: 'edu-01', text: '教职工消防安全“四个能力”培训：会查找火灾隐患、会扑救初起火灾、会组织人员疏散逃生、会开展消防宣传教育', method: '查看培训记录、抽问', standard: '全员培训，做“四个能力”建设明白人', source: s001_13 },
        { key: 'edu-02', text: '实操培训消防设施、消防器材的使用方法，师生了解本校疏散路线', method: '抽问、现场操作', standard: '能正确使用灭火器，说出疏散路线', source: s001_13 },
        { key: 'edu-03', text: '利用“11.9”全国消防安全教育宣传日等开展消防主题教育', method: '查看活动记录', standard: '每年开展，有记录', source: '000 第15条' },
      ],
    },
    {
      title: '六、检查巡查',
      area: 'fire_chemicals',
      items: [
        { key: 'patrol-01', text: '消防巡查人员按规定开展防火巡查，记录巡查情况', method: '查看巡查记录', standard: '巡查有记录，发现问题及时报告', source: s001_13 },
        { key: 'patrol-02', text: '冬春等重点时段开展消防安全防范工作和专项检查', method: '查看检查记录', standard: '按部署开展', source: s000_5 },
        { key: 'patrol-03', text: '发现的火灾隐患登记在册、限期整改、整改后复查销号', method: '查看隐患台账', standard: '挂账销号，闭环管理', source: s001_13 },
      ],
    },
  ],
};

const at = (field: string, message: string): FireProblem => ({ field, message });

/** Every item key of a version, in order. */
export function standardKeys(sections: ChecklistSection[]): string[] {
  return sections.flatMap((s) => s.items.map((i) => i.key));
}

/** The item of a key, with its section. */
export function standardItem(sections: ChecklistSection[], key: string) {
  for (const s of sections) {
    const item = s.items.find((i) => i.key === key);
    if (item) return { section: s, item };
  }
  return null;
}

/**
 * A draft's answers: each key an item of the assessment's version, each key once, a 不符合 with a
 * note saying what is wrong (it may become a hazard). Unanswered items are allowed until submission.
 */
export function answerProblems(sections: ChecklistSection[], answers: FireAnswer[]): FireProblem[] {
  const keys = new Set(standardKeys(sections));
  const seen = new Set<string>();
  const out: FireProblem[] = [];
  answers.forEach((a, i) => {
    if (!keys.has(a.key)) out.push(at(`answers.${i}.key`, `“${a.key}”不是本次自评所用标准版本中的条目`));
    else if (seen.has(a.key)) out.push(at(`answers.${i}.key`, `条目“${a.key}”重复填写`));
    seen.add(a.key);
    if (a.result === 'fails' && !a.note?.trim()) out.push(at(`answers.${i}.note`, '不符合的条目请写明存在的问题'));
  });
  return out;
}

/** Submitting needs every item answered (符合 / 不符合 / 不适用). */
export function submitProblems(sections: ChecklistSection[], answers: FireAnswer[]): FireProblem[] {
  const out = answerProblems(sections, answers);
  if (out.length) return out;
  const answered = new Set(answers.map((a) => a.key));
  const missing = sections.flatMap((s) => s.items.filter((i) => !answered.has(i.key)).map((i) => `${s.title} ${i.text.slice(0, 16)}`));
  if (missing.length) out.push(at('answers', `还有 ${missing.length} 项未自评：${missing.slice(0, 3).join('；')}${missing.length > 3 ? '等' : ''}`));
  return out;
}

/**
 * The acceptance: 达标 with no item found failing, 不达标 naming at least one failing item (each
 * becomes a hazard), the day not in the future nor before the school submitted, the signed text.
 */
export function acceptProblems(
  sections: ChecklistSection[],
  input: { result: FireAcceptResult; acceptedOn: string; failedKeys: string[] },
  today: string,
  submittedOn: string,
): FireProblem[] {
  const out: FireProblem[] = [];
  if (input.acceptedOn > today) out.push(at('acceptedOn', '验收日期不能晚于今天'));
  else if (input.acceptedOn < submittedOn) out.push(at('acceptedOn', `验收日期不能早于学校提交自评的日期（${submittedOn}）`));
  const keys = new Set(standardKeys(sections));
  const bad = input.failedKeys.filter((k) => !keys.has(k));
  if (bad.length) out.push(at('failedKeys', `“${bad[0]}”不是本次自评所用标准版本中的条目`));
  if (input.result === 'pass' && input.failedKeys.length) out.push(at('failedKeys', '验收结果为达标时不能有不符合项；有不符合项请选择“不达标”'));
  if (input.result === 'fail' && !input.failedKeys.length) out.push(at('failedKeys', '验收不达标时请选出不符合的条目（将生成隐患）'));
  return out;
}

/** The keys a school marked 不符合. */
export const failingKeys = (answers: FireAnswer[]) => answers.filter((a) => a.result === 'fails').map((a) => a.key);

/** The hazard's item key: one open hazard per assessment and item. */
export const fireHazardKey = (assessmentId: number, key: string) => `fire:${assessmentId}:${key}`;

// ---- the rule on the compliance board -------------------------------------------------------------

/** A decided acceptance of a school, as the engine reads it (src/domain/rules/records.ts). */
export interface FireAcceptanceRecord {
  id: number;
  unitId: number;
  result: FireAcceptResult;
  acceptedOn: string;
}

/** The pack's day ('MM-DD') within the year of asOf. */
export function dueDayOf(asOf: string, dueBy: string): string {
  return `${asOf.slice(0, 4)}-${dueBy}`;
}

/**
 * 000 item 5 (全区中小学和幼儿园消防安全标准化管理评估和验收), 001 item 13 (全面开展消防标准化达标验收): the
 * school's latest acceptance on or before the day is 达标. Not yet: due by the pack's day of the year
 * (the engine makes it due soon within the rule's window and missed after the day); an acceptance
 * that failed is not lapsed: the school rectifies and is accepted again.
 */
export function measureFireStandard(records: FireAcceptanceRecord[], _period: Period, asOf: string, dueBy: string): CheckMeasured {
  const known = records.filter((r) => r.acceptedOn <= asOf).sort((a, b) => a.acceptedOn.localeCompare(b.acceptedOn) || a.id - b.id);
  const latest = known.at(-1);
  const dueOn = dueDayOf(asOf, dueBy);
  if (latest?.result === 'pass') {
    return { applicable: true, ok: true, lapsed: false, value: 1, target: 1, recordIds: [latest.id], phrase: `已通过消防安全标准化达标验收（${latest.acceptedOn}）` };
  }
  const phrase = latest ? `消防安全标准化验收不达标（${latest.acceptedOn}），须整改后重新验收，要求 ${dueOn} 前达标` : `尚未通过消防安全标准化达标验收，要求 ${dueOn} 前达标`;
  return { applicable: true, ok: false, lapsed: false, value: 0, target: 1, dueOn, recordIds: latest ? [latest.id] : [], phrase };
}

/** Where a school stands, for the summary and the list of schools not yet accepted. */
export type FireSchoolState = 'none' | 'draft' | 'submitted' | 'failed' | 'accepted';

/**
 * The latest decided acceptance says whether the school is accepted; the latest assessment says what
 * is under way (a school accepted last year and self-assessing again stays accepted).
 */
export function fireSchoolState(latest: { status: FireAssessmentStatus } | null, lastDecided: { result: FireAcceptResult } | null): { state: FireSchoolState; accepted: boolean } {
  const accepted = lastDecided?.result === 'pass';
  if (!latest) return { state: 'none', accepted: false };
  if (latest.status === 'draft' || latest.status === 'submitted') return { state: accepted ? 'accepted' : latest.status, accepted };
  return { state: latest.status === 'accepted' ? 'accepted' : 'failed', accepted };
}
