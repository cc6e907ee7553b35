// Incidents (突发事件 / 安全事故) as pure rules: the reporting clock per level from the district's
// rule pack, and the discipline flags (迟报、漏报、谎报、瞒报, and the 责任事故 the bureau determines)
// computed from the reports, never typed. The clock is passed in. 003 第五部分之三: "坚决杜绝迟报、
// 漏报、谎报、瞒报情况"; 001 第27条: 迟报、漏报、瞒报 lead to a notice and an interview.
import type { RuleSource } from './rules/pack.js';

export const incidentLevels = ['especially_major', 'major', 'larger', 'general'] as const;
export type IncidentLevel = (typeof incidentLevels)[number];
/** Higher first: 特别重大 > 重大 > 较大 > 一般. */
export const levelRank: Record<IncidentLevel, number> = { especially_major: 4, major: 3, larger: 2, general: 1 };
export const incidentLevelLabels: Record<IncidentLevel, string> = { especially_major: '特别重大', major: '重大', larger: '较大', general: '一般' };

/** 较大 and above notifies the bureau's leaders at once (issue 13). */
export const notifiesLeaders = (level: IncidentLevel) => levelRank[level] >= levelRank.larger;

export const reportKinds = ['first', 'written', 'follow_up', 'final'] as const;
export type ReportKind = (typeof reportKinds)[number];

export const disciplineFlags = ['late', 'missing', 'false', 'concealed', 'responsibility_accident'] as const;
export type DisciplineFlag = (typeof disciplineFlags)[number];
export const disciplineFlagLabels: Record<DisciplineFlag, string> = { late: '迟报', missing: '漏报', false: '谎报', concealed: '瞒报', responsibility_accident: '责任事故' };
/** What the bureau's signed determination may find; late and missing are only ever computed. */
export const determinationFindings = ['false', 'concealed', 'responsibility_accident'] as const;
export type DeterminationFinding = (typeof determinationFindings)[number];

// ---- the rule pack's section: deadlines per level -----------------------------------------------

export interface IncidentDeadline {
  level: IncidentLevel;
  /** The first report (首报, a logged phone call counts) within this many minutes of knowing. */
  firstReportMinutes: number;
  /** The written report (书面报告) within this many hours of knowing. */
  writtenReportHours: number;
  /** While open, a follow-up (续报) at least every this many hours. */
  followUpHours: number;
  sources: RuleSource[];
  /** Where the number does not come from a seed, and the pack supplies a default. */
  note?: string;
}

export interface DailyReportRule {
  /** A key period's daily report for a day may be sent until this hour (Shanghai) of the next morning. */
  dueNextMorningHour: number;
  sources: RuleSource[];
  note?: string;
}

export interface IncidentDeadlines {
  levels: IncidentDeadline[];
  dailyReport: DailyReportRule;
}

const s002_first: RuleSource = { seed: '002', item: '第6项', quote: '落实值班值守制度，发生突发事件第一时间报告' };
const s003_report: RuleSource = { seed: '003', item: '第五部分之二', quote: '如遇突发情况，请按要求上报区教育局办公室' };
const s003_discipline: RuleSource = { seed: '003', item: '第五部分之三', quote: '确保各类信息、各项数据上报及时、准确、全面，坚决杜绝迟报、漏报、谎报、瞒报情况' };
const s000_report: RuleSource = { seed: '000', item: '第4条', quote: '按照应急事件“三同步”要求，做好突发事件及重要信息的报告工作' };

// The seeds say "第一时间" and "及时" but give no minutes (002 第6项, 003 第五部分之二/之三, 000 第4条):
// every number below is the system's default for the bureau to confirm or change in its pack.
const DEFAULT_NOTE = '种子文件只要求“第一时间报告”“上报及时”，未规定时限；此数字为系统默认值，请局按本地规定确认或修改';

export const DEFAULT_INCIDENT_DEADLINES: IncidentDeadlines = {
  levels: [
    { level: 'especially_major', firstReportMinutes: 30, writtenReportHours: 2, followUpHours: 4, sources: [s002_first, s003_report, s003_discipline], note: DEFAULT_NOTE },
    { level: 'major', firstReportMinutes: 30, writtenReportHours: 2, followUpHours: 4, sources: [s002_first, s003_report, s003_discipline], note: DEFAULT_NOTE },
    { level: 'larger', firstReportMinutes: 60, writtenReportHours: 4, followUpHours: 12, sources: [s002_first, s003_report, s003_discipline], note: DEFAULT_NOTE },
    { level: 'general', firstReportMinutes: 120, writtenReportHours: 24, followUpHours: 24, sources: [s002_first, s000_report, s003_discipline], note: DEFAULT_NOTE },
  ],
  dailyReport: {
    dueNextMorningHour: 8,
    sources: [s003_discipline],
    note: '003 要求重点时段信息上报及时，未规定零报告的截止时刻；次日 8 时为系统默认值，局可修改',
  },
};

export function deadlineOf(d: IncidentDeadlines, level: IncidentLevel): IncidentDeadline {
  const found = d.levels.find((x) => x.level === level);
  if (!found) throw new RangeError(`no incident deadline for level ${level}`);
  return found;
}

export interface DeadlineChange {
  level: IncidentLevel;
  firstReportMinutes?: number;
  writtenReportHours?: number;
  followUpHours?: number;
}

/** What is wrong with changes to the deadlines, in Chinese, naming the field. */
export function deadlineChangeProblems(changes: DeadlineChange[]): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const seen = new Set<IncidentLevel>();
  changes.forEach((c, i) => {
    const label = incidentLevelLabels[c.level];
    if (seen.has(c.level)) out.push({ field: `changes.${i}.level`, message: `${label}事件重复修改` });
    seen.add(c.level);
    const bound = (field: keyof DeadlineChange, v: number | undefined, max: number, unit: string) => {
      if (v === undefined) return;
      if (!Number.isInteger(v) || v < 1 || v > max) out.push({ field: `changes.${i}.${field}`, message: `${label}事件的时限须为 1 到 ${max} ${unit}的整数` });
    };
    bound('firstReportMinutes', c.firstReportMinutes, 24 * 60, '分钟');
    bound('writtenReportHours', c.writtenReportHours, 24 * 7, '小时');
    bound('followUpHours', c.followUpHours, 24 * 7, '小时');
    if (c.firstReportMinutes === undefined && c.writtenReportHours === undefined && c.followUpHours === undefined) {
      out.push({ field: `changes.${i}`, message: `${label}事件没有要修改的时限` });
    }
    const first = c.firstReportMinutes;
    const written = c.writtenReportHours;
    if (first !== undefined && written !== undefined && written * 60 < first) out.push({ field: `changes.${i}.writtenReportHours`, message: `${label}事件的书面报告时限不能早于首报时限` });
  });
  return out;
}

export function applyDeadlineChanges(d: IncidentDeadlines, changes: DeadlineChange[]): IncidentDeadlines {
  const by = new Map(changes.map((c) => [c.level, c]));
  return {
    ...d,
    levels: d.levels.map((x) => {
      const c = by.get(x.level);
      if (!c) return x;
      return {
        ...x,
        firstReportMinutes: c.firstReportMinutes ?? x.firstReportMinutes,
        writtenReportHours: c.writtenReportHours ?? x.writtenReportHours,
        followUpHours: c.followUpHours ?? x.followUpHours,
        note: '局修改的时限',
      };
    }),
  };
}

// ---- the clock ------------------------------------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface ReportClock {
  firstDueAt: Date;
  writtenDueAt: Date;
}

/** The deadlines of an incident of this level, counted from when the unit knew (知悉). */
export function reportClock(knownAt: Date, level: IncidentLevel, d: IncidentDeadlines): ReportClock {
  const rule = deadlineOf(d, level);
  return {
    firstDueAt: new Date(knownAt.getTime() + rule.firstReportMinutes * MINUTE),
    writtenDueAt: new Date(knownAt.getTime() + rule.writtenReportHours * HOUR),
  };
}

/** The level whose clock applies: the highest level any report or the incident itself stated. */
export function clockLevel(levels: IncidentLevel[]): IncidentLevel {
  return levels.reduce((a, b) => (levelRank[b] > levelRank[a] ? b : a), 'general' as IncidentLevel);
}

// ---- the flags --------------------------------------------------------------------------------------

export interface Facts {
  level: IncidentLevel;
  dead: number;
  injured: number;
  missingPersons: number;
}

export interface ReportInput extends Facts {
  id: number;
  kind: ReportKind;
  reportedAt: Date;
  /** Sent by the incident's own unit (or its phone call logged by a higher unit), not by a higher unit. */
  byOwnUnit: boolean;
}

export interface DeterminationInput {
  id: number;
  findings: DeterminationFinding[];
  reasons: string;
  facts: Facts | null;
  signedByName: string;
  signedAt: Date;
}

export interface IncidentInput extends Facts {
  knownAt: Date;
  /** 'self': the unit entered it; 'higher': a higher unit entered it, from its own knowledge or another channel. */
  source: 'self' | 'higher';
  unitName: string;
  reports: ReportInput[];
  /** The bureau's determinations, oldest first; the latest is in force. */
  determinations: DeterminationInput[];
}

export interface FlagResult {
  flag: DisciplineFlag;
  evidence: string;
  /** When the failure happened (the deadline passed, the report was sent, the bureau signed). */
  at: Date;
}

const fmt = (d: Date) => {
  const s = new Date(d.getTime() + 8 * HOUR).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
};
const minutesLate = (at: Date, due: Date) => Math.ceil((at.getTime() - due.getTime()) / MINUTE);
const lateText = (m: number) => (m >= 60 ? `${Math.floor(m / 60)} 小时${m % 60 ? ` ${m % 60} 分钟` : ''}` : `${m} 分钟`);

function factsText(f: Facts): string {
  return `${incidentLevelLabels[f.level]}，死亡 ${f.dead} 人、受伤 ${f.injured} 人、失踪 ${f.missingPersons} 人`;
}

/** The facts that differ between two statements, in Chinese; empty when they agree. */
export function factChanges(before: Facts, after: Facts): string[] {
  const out: string[] = [];
  if (before.level !== after.level) out.push(`等级由“${incidentLevelLabels[before.level]}”改为“${incidentLevelLabels[after.level]}”`);
  if (before.dead !== after.dead) out.push(`死亡人数由 ${before.dead} 改为 ${after.dead}`);
  if (before.injured !== after.injured) out.push(`受伤人数由 ${before.injured} 改为 ${after.injured}`);
  if (before.missingPersons !== after.missingPersons) out.push(`失踪人数由 ${before.missingPersons} 改为 ${after.missingPersons}`);
  return out;
}

/**
 * The discipline flags of one incident at `now`, each with one Chinese sentence of evidence.
 * - late (迟报): the unit's first or written report after its deadline, or not sent once it passed;
 *   only for an incident the unit entered itself (one entered above it is judged as missing).
 * - missing (漏报): entered by a higher unit or another channel, and the unit sent nothing by the
 *   first-report deadline.
 * - false (谎报): a later report lowers the level or the dead or injured (a reported harm does not
 *   honestly shrink), or the bureau's determination states facts other than the unit's last report
 *   before it, or the determination finds it false.
 * - concealed (瞒报), responsibility_accident (责任事故): only from the bureau's signed determination.
 * The deadline uses the highest level stated so far: an incident found to be 较大 runs on 较大's clock.
 */
export function incidentFlags(i: IncidentInput, d: IncidentDeadlines, now: Date): FlagResult[] {
  const out: FlagResult[] = [];
  const own = i.reports.filter((r) => r.byOwnUnit).sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const latest = i.determinations.at(-1) ?? null;
  const level = clockLevel([i.level, ...i.reports.map((r) => r.level), ...(latest?.facts ? [latest.facts.level] : [])]);
  const clock = reportClock(i.knownAt, level, d);
  const label = incidentLevelLabels[level];
  const first = own[0] ?? null;
  const written = own.find((r) => r.kind !== 'first') ?? null;

  if (i.source === 'higher') {
    if (first ? first.reportedAt > clock.firstDueAt : now > clock.firstDueAt) {
      out.push({
        flag: 'missing',
        at: clock.firstDueAt,
        evidence: first
          ? `该事件由上级单位或其他渠道获知，${i.unitName}在首报时限（${fmt(clock.firstDueAt)}，${label}事件知悉后 ${deadlineOf(d, level).firstReportMinutes} 分钟）前未报告，${fmt(first.reportedAt)} 才报告。`
          : `该事件由上级单位或其他渠道获知，${i.unitName}至首报时限（${fmt(clock.firstDueAt)}，${label}事件知悉后 ${deadlineOf(d, level).firstReportMinutes} 分钟）未报告。`,
      });
    }
  } else {
    const lateParts: string[] = [];
    let at: Date | null = null;
    if (first && first.reportedAt > clock.firstDueAt) {
      lateParts.push(`首报于 ${fmt(first.reportedAt)}，超过时限（${fmt(clock.firstDueAt)}）${lateText(minutesLate(first.reportedAt, clock.firstDueAt))}`);
      at = first.reportedAt;
    }
    if (written ? written.reportedAt > clock.writtenDueAt : now > clock.writtenDueAt) {
      lateParts.push(
        written
          ? `书面报告于 ${fmt(written.reportedAt)}，超过时限（${fmt(clock.writtenDueAt)}）${lateText(minutesLate(written.reportedAt, clock.writtenDueAt))}`
          : `至书面报告时限（${fmt(clock.writtenDueAt)}）未报书面报告`,
      );
      at ??= written ? written.reportedAt : clock.writtenDueAt;
    }
    if (lateParts.length) out.push({ flag: 'late', at: at!, evidence: `${i.unitName}迟报：${label}事件${lateParts.join('；')}。` });
  }

  const falseParts: string[] = [];
  let falseAt: Date | null = null;
  for (let k = 1; k < own.length; k++) {
    const a = own[k - 1];
    const b = own[k];
    const shrank: string[] = [];
    if (levelRank[b.level] < levelRank[a.level]) shrank.push(`等级由“${incidentLevelLabels[a.level]}”降为“${incidentLevelLabels[b.level]}”`);
    if (b.dead < a.dead) shrank.push(`死亡人数由 ${a.dead} 减为 ${b.dead}`);
    if (b.injured < a.injured) shrank.push(`受伤人数由 ${a.injured} 减为 ${b.injured}`);
    if (shrank.length) {
      falseParts.push(`${fmt(b.reportedAt)} 的报告将${shrank.join('、')}`);
      falseAt ??= b.reportedAt;
    }
  }
  if (latest?.facts) {
    const before = own.filter((r) => r.reportedAt <= latest.signedAt).at(-1);
    const changed = before ? factChanges(before, latest.facts) : [];
    if (changed.length) {
      falseParts.push(`局认定（${latest.signedByName}，${fmt(latest.signedAt)}）的事实为${factsText(latest.facts)}，与单位所报不符：${changed.join('、')}`);
      falseAt ??= latest.signedAt;
    }
  }
  if (latest?.findings.includes('false')) {
    falseParts.push(`局认定谎报（${latest.signedByName}，${fmt(latest.signedAt)}）：${latest.reasons}`);
    falseAt ??= latest.signedAt;
  }
  if (falseParts.length) out.push({ flag: 'false', at: falseAt!, evidence: `${i.unitName}谎报：${falseParts.join('；')}。` });

  if (latest?.findings.includes('concealed')) {
    out.push({ flag: 'concealed', at: latest.signedAt, evidence: `局认定${i.unitName}瞒报（${latest.signedByName}，${fmt(latest.signedAt)}）：${latest.reasons}。` });
  }
  if (latest?.findings.includes('responsibility_accident')) {
    out.push({ flag: 'responsibility_accident', at: latest.signedAt, evidence: `局认定为责任事故（${latest.signedByName}，${fmt(latest.signedAt)}）：${latest.reasons}。` });
  }
  return out;
}

// ---- reports: what may be sent when --------------------------------------------------------------

/** Why a report of this kind cannot be sent now, in Chinese; null when it can. */
export function reportKindProblem(kind: ReportKind, sentKinds: ReportKind[], status: 'open' | 'closed'): string | null {
  if (status === 'closed') return '事件已终报结案，不能再报告';
  if (kind === 'first' && sentKinds.includes('first')) return '首报已报送，请报书面报告或续报';
  if (kind !== 'first' && !sentKinds.includes('first')) return '请先报送首报';
  if (kind === 'written' && sentKinds.includes('written')) return '书面报告已报送，请续报或终报';
  if ((kind === 'follow_up' || kind === 'final') && !sentKinds.includes('written')) return '请先报送书面报告';
  return null;
}

/** Why an instant a person entered cannot be taken, in Chinese; null when it can. */
export function instantProblem(at: Date, now: Date, notBefore?: { at: Date; what: string }): string | null {
  if (Number.isNaN(at.getTime())) return '时间无效';
  // A minute of grace for a clock a little ahead of the server's.
  if (at.getTime() > now.getTime() + MINUTE) return '不能晚于当前时间';
  if (notBefore && at < notBefore.at) return `不能早于${notBefore.what}`;
  if (now.getTime() - at.getTime() > 366 * 24 * HOUR) return '不能早于一年前';
  return null;
}

// ---- daily reports in key periods (零报告) --------------------------------------------------------

/** The instant after which the daily report of `day` (Shanghai) is missing. */
export function dailyReportDueAt(day: string, rule: DailyReportRule): Date {
  const next = new Date(Date.parse(`${day}T00:00:00+08:00`) + 24 * HOUR);
  return new Date(next.getTime() + rule.dueNextMorningHour * HOUR);
}

/** The key-period days (up to `now`) whose report is now missing, given the days reported. */
export function missingDailyReportDays(days: string[], reported: ReadonlySet<string>, rule: DailyReportRule, now: Date): string[] {
  return days.filter((day) => !reported.has(day) && now >= dailyReportDueAt(day, rule));
}
