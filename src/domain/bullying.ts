// Bullying and violence (issue 22): the pure rules of the case register and the screening of early
// signs. 001 item 10: 充分发挥校园欺凌治理委员会的作用，完善校园欺凌预防处置机制……做到早摸排、早发现、早处置;
// 002 area 4: 要设立学生求助电话和联系人，及早发现、及时干预、有效制止学生欺凌和暴力行为……探索由担任法治副校长的
// 检察官、民警实施训诫制度; ④ 学校可根据实际需求，引入青少年社工; 000 item 13: 持续推进校园欺凌……可疑或苗头性事件的排摸.
// Pure: today's Shanghai day comes in.
import { addDays, daysBetween } from './dates.js';
import { measureDoneByDue } from './rules/done-by-due.js';

/**
 * Days the school's inquiry may take from the report to the committee's determination. The seeds ask
 * for 早处置 (001 item 10) without a number; the default is the national one (教育部等十一部门《加强中小学生
 * 欺凌综合治理方案》2017: 学校应在启动调查处理程序10日内完成调查), and the district changes it in its rule pack
 * (rule bullying.inquiry, threshold in days).
 */
export const DEFAULT_INQUIRY_DAYS = 10;

/** The last day of the inquiry: the report day plus the pack's days (reported on the 1st with 10 days: due the 11th). */
export function inquiryDueOn(reportedOn: string, days: number): string {
  return addDays(reportedOn, days);
}

/** Days the inquiry is past its deadline on `today` (0 on the due day itself and while not in inquiry). */
export function inquiryOverdueDays(status: CaseStatus, dueOn: string, today: string): number {
  if (status !== 'inquiry') return 0;
  return Math.max(0, daysBetween(dueOn, today));
}

export const caseStatuses = ['inquiry', 'determined', 'handled', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** A case with injury or violence is also an incident, with its reporting clock (issue 22; src/server/incidents). */
export const opensIncident = (c: { injury: boolean; violence: boolean }) => c.injury || c.violence;

/** The report day: not before what happened, not after today. */
export function reportedOnProblem(reportedOn: string, occurredOn: string, today: string): { field: string; message: string } | null {
  if (occurredOn > today) return { field: 'occurredOn', message: '不能晚于今天' };
  if (reportedOn > today) return { field: 'reportedOn', message: '不能晚于今天' };
  if (reportedOn < occurredOn) return { field: 'reportedOn', message: '不能早于发生日期' };
  return null;
}

/** Pupils of a case: at least one pupil bullied (target) and no pupil twice. */
export function pupilsProblem(pupils: Array<{ careRecordId: number; pupilRole: string }>): string | null {
  if (!pupils.some((p) => p.pupilRole === 'target')) return '请至少选择一名被欺凌学生';
  if (new Set(pupils.map((p) => p.careRecordId)).size !== pupils.length) return '同一名学生不能重复选择';
  return null;
}

/**
 * The handling measures and who carried them out: 训诫 (admonition) is by the 法治副校长 (002 area 4),
 * whose name is then required; a youth social worker (002 area 4 ④) likewise. Not bullying: no
 * disciplinary measure (训诫) applies.
 */
export function handlingProblem(h: { isBullying: boolean; measures: string[]; admonishedBy?: string | null; socialWorker?: string | null }): { field: string; message: string } | null {
  if (!h.measures.length) return { field: 'handlingMeasures', message: '请至少选择一项处置措施' };
  if (h.measures.includes('admonition')) {
    if (!h.isBullying) return { field: 'handlingMeasures', message: '认定不构成欺凌的事件不能实施训诫' };
    if (!h.admonishedBy?.trim()) return { field: 'admonishedBy', message: '实施训诫须填写法治副校长姓名（002 第4项）' };
  }
  if (h.measures.includes('social_worker') && !h.socialWorker?.trim()) return { field: 'socialWorker', message: '引入青少年社工须填写社工姓名或机构' };
  return null;
}

/** A step is allowed from these statuses only: determination in the inquiry, handling once determined, closing once handled. */
export const stepFrom: Record<'determine' | 'handle' | 'follow_up' | 'close', CaseStatus[]> = {
  determine: ['inquiry'],
  handle: ['determined'],
  follow_up: ['determined', 'handled'],
  close: ['handled'],
};

/** One class's screening counts (000 item 13): signs among the pupils screened, follow-ups among the signs. */
export function screeningCountsProblem(c: { pupils: number; signsFound: number; followUpNeeded: number }): { field: string; message: string } | null {
  if (c.signsFound > c.pupils) return { field: 'signsFound', message: '发现苗头的人数不能多于排摸人数' };
  if (c.followUpNeeded > c.signsFound) return { field: 'followUpNeeded', message: '需跟进的人数不能多于发现苗头的人数' };
  return null;
}

// ---- the compliance rules (pack: bullying.screening, bullying.inquiry) ----------------------------

/** A screening of early signs (苗头性事件排摸) as the engine reads it: counts only, never a pupil. */
export interface BullyingScreeningRecord {
  id: number;
  unitId: number;
  screenedOn: string;
}

/** A case as the engine reads it: its days only, nothing of what happened or of whom. */
export interface BullyingCaseRecord {
  id: number;
  unitId: number;
  reportedOn: string;
  inquiryDueOn: string;
  /** The Shanghai day of the determination, null while in inquiry. */
  determinedOn: string | null;
}

interface Window {
  startsOn: string;
  endsOn: string;
  label: string;
}

/**
 * 001 item 10 (早摸排) and 000 item 13 (持续推进……可疑或苗头性事件的排摸): the school screens for early
 * signs at least the pack's number of times in each semester. Until the semester ends, not yet is due.
 */
export function measureBullyingScreenings(records: readonly BullyingScreeningRecord[], period: Window, asOf: string, min: number) {
  const inPeriod = records.filter((r) => r.screenedOn >= period.startsOn && r.screenedOn <= period.endsOn && r.screenedOn <= asOf);
  const days = [...new Set(inPeriod.map((r) => r.screenedOn))].sort();
  const ok = inPeriod.length >= min;
  const ended = period.endsOn < asOf;
  return {
    applicable: true,
    ok,
    lapsed: !ok && ended,
    value: inPeriod.length,
    target: min,
    dueOn: ok || ended ? undefined : period.endsOn,
    recordIds: inPeriod.map((r) => r.id),
    phrase: inPeriod.length ? `${period.label}已排摸欺凌苗头 ${inPeriod.length} 个班次（${days.slice(0, 3).join('、')}${days.length > 3 ? ' 等' : ''}）` : `${period.label}尚未开展欺凌苗头排摸`,
  };
}

/**
 * 001 item 10 (早处置): every case reported in the period is determined by its inquiry day (the pack's
 * days when it was reported). A case still in inquiry past its day is missed, and one determined late
 * stays lapsed for the period; a case whose day has not come is not yet due.
 */
export function measureBullyingInquiries(records: readonly BullyingCaseRecord[], period: Window, asOf: string) {
  return measureDoneByDue(
    records.map((r) => ({ id: r.id, on: r.reportedOn, dueOn: r.inquiryDueOn, doneOn: r.determinedOn })),
    period,
    asOf,
    {
      none: '本期没有欺凌事件报告',
      late: (total, late) => `${total} 起欺凌事件中 ${late} 起未在期限内完成调查认定`,
      example: (r) => `${r.on} 报告，限 ${r.dueOn}`,
      pending: (open, due) => `${open} 起欺凌事件调查中，最早须在 ${due} 前完成认定`,
      allOnTime: (total) => `${total} 起欺凌事件均在期限内完成调查认定`,
    },
  );
}
