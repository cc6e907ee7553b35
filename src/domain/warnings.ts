// Warnings with receipts (预警提示, 000 item 10; 分级响应, 004 item 4): what a warning asks of a
// school, when a school that has not signed is overdue, what a report must carry, where a school
// stands, the receipts tallied by town, and when a reminder may go out again. Pure: the clock is
// passed in.

export const warningKinds = ['typhoon', 'rainstorm', 'flood', 'ice_snow', 'heat', 'epidemic', 'other'] as const;
export type WarningKind = (typeof warningKinds)[number];

/** 004 item 4: graded response, blue (lowest) to red (highest). */
export const warningLevels = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof warningLevels)[number];

/** The actions 000 item 10 names (危棚简屋、易积水点、安全用电、在建工地、高空坠物), and the usual suspensions. */
export const warningActions = ['evacuate_shacks', 'waterlogging_points', 'construction_sites', 'electrical_safety', 'falling_objects', 'suspend_outdoor', 'suspend_classes'] as const;
export type WarningAction = (typeof warningActions)[number];

/**
 * What a shelter school (担负应急疏散安置任务) is asked on top of the warning's actions: 000 item 10
 * "加强本系统担负应急疏散安置任务学校的常规检查、接待安置应急演练".
 */
export const shelterActions = ['shelter_site_check', 'shelter_supplies', 'shelter_reception'] as const;
export type ShelterAction = (typeof shelterActions)[number];

export type RequiredAction = WarningAction | ShelterAction;
export const requiredActions = [...warningActions, ...shelterActions] as const;

export type WarningStatus = 'open' | 'closed';
/** Where a school stands on a warning: not signed, signed without a report, reported. */
export type ReceiptState = 'missing' | 'signed' | 'reported';

/**
 * The hours a school has to sign when the pack says nothing: 000 item 10 asks for the warning to be
 * passed on "及时" without a number; two hours is the default a bureau may change in 规则配置.
 */
export const DEFAULT_SIGN_WITHIN_HOURS = 2;
/** A second 一键提醒 within this many minutes is refused: the schools were just told. */
export const REMIND_GAP_MINUTES = 10;

export interface WarningProblem {
  field: string;
  message: string;
}

/** The actions a school is asked for: the warning's own, and the shelter checks for a shelter school (000 item 10). */
export function requiredActionsFor(actions: readonly WarningAction[], shelter: boolean): RequiredAction[] {
  return shelter ? [...actions, ...shelterActions] : [...actions];
}

/** A new warning's deadline must be in the future, and within 30 days (a warning is about weather, not a campaign). */
export function deadlineProblem(deadlineAt: Date, now: Date): WarningProblem | null {
  if (deadlineAt.getTime() <= now.getTime()) return { field: 'deadlineAt', message: '报送截止时间不能早于现在' };
  if (deadlineAt.getTime() > now.getTime() + 30 * 86_400_000) return { field: 'deadlineAt', message: '报送截止时间不能晚于 30 天后' };
  return null;
}

/** The moment a school that has not signed becomes overdue (000 item 10; the hours are the pack's). */
export function signDueAt(issuedAt: Date, hours: number): Date {
  return new Date(issuedAt.getTime() + hours * 3_600_000);
}

/** Not signed and past the pack's hours, or signed after them. */
export function signOverdue(issuedAt: Date, hours: number, signedAt: Date | null, now: Date): boolean {
  const due = signDueAt(issuedAt, hours).getTime();
  return signedAt ? signedAt.getTime() > due : now.getTime() > due;
}

export function receiptState(r: { signedAt: Date | null; reportedAt: Date | null } | null): ReceiptState {
  if (!r?.signedAt) return 'missing';
  return r.reportedAt ? 'reported' : 'signed';
}

export interface ReportEntry {
  action: RequiredAction;
  done: boolean;
  note?: string | null;
  fileIds: number[];
}

/**
 * A report answers every required action once, and no other; an action not done says why (a school
 * that did not move people out of 危棚简屋 must say it had none, or what it did instead).
 */
export function reportProblems(required: readonly RequiredAction[], entries: readonly ReportEntry[]): WarningProblem[] {
  const problems: WarningProblem[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (!required.includes(e.action)) problems.push({ field: `actions.${i}.action`, message: '该项不在本次预警的要求中' });
    else if (seen.has(e.action)) problems.push({ field: `actions.${i}.action`, message: '同一要求只能填报一次' });
    seen.add(e.action);
    if (!e.done && !e.note?.trim()) problems.push({ field: `actions.${i}.note`, message: '未落实的要求请说明原因' });
  });
  const missing = required.findIndex((a) => !seen.has(a));
  if (missing >= 0) problems.push({ field: 'actions', message: `还有 ${required.filter((a) => !seen.has(a)).length} 项要求未填报` });
  return problems;
}

/** 一键提醒 once per gap: a second press within REMIND_GAP_MINUTES is refused with when it may go again. */
export function remindRefusal(lastRemindedAt: Date | null, now: Date, gapMinutes = REMIND_GAP_MINUTES): string | null {
  if (!lastRemindedAt) return null;
  const next = lastRemindedAt.getTime() + gapMinutes * 60_000;
  if (now.getTime() >= next) return null;
  const left = Math.ceil((next - now.getTime()) / 60_000);
  return `${gapMinutes} 分钟内已提醒过，请 ${left} 分钟后再提醒`;
}

export interface TownTally {
  townId: number | null;
  townName: string;
  reported: number;
  signed: number;
  missing: number;
}

/** The live view's chart: per town, schools reported, signed without a report, and missing (not signed). */
export function tallyByTown(rows: readonly { townId: number | null; townName: string | null; state: ReceiptState }[]): TownTally[] {
  const m = new Map<number | null, TownTally>();
  for (const r of rows) {
    let t = m.get(r.townId);
    if (!t) m.set(r.townId, (t = { townId: r.townId, townName: r.townName ?? '局直属', reported: 0, signed: 0, missing: 0 }));
    t[r.state]++;
  }
  return [...m.values()].sort((a, b) => b.missing - a.missing || a.townName.localeCompare(b.townName, 'zh-Hans-CN'));
}

// ---- the compliance rule (pack: warning.signed_on_time, 000 item 10) ------------------------------

/** One warning to one school as the rule engine reads it: the day issued, and whether it was signed late (or is unsigned past the hours). */
export interface WarningSignRecord {
  /** The warning's id: the record a finding points at. */
  id: number;
  unitId: number;
  warningId: number;
  issuedOn: string;
  title: string;
  late: boolean;
}

/**
 * 000 item 10: every warning of the period signed within the pack's hours. A late or missing signature
 * cannot be made good afterwards (lapsed). No warning in the period: met, nothing asked.
 */
export function measureWarningSigns(records: readonly WarningSignRecord[], period: { startsOn: string; endsOn: string }, asOf: string) {
  const to = period.endsOn < asOf ? period.endsOn : asOf;
  const inPeriod = records.filter((r) => r.issuedOn >= period.startsOn && r.issuedOn <= to);
  const late = inPeriod.filter((r) => r.late);
  const phrase = !inPeriod.length
    ? '本期无预警提示'
    : late.length
      ? `${inPeriod.length} 次预警中 ${late.length} 次未按时签收（${late
          .slice(0, 3)
          .map((r) => `${r.issuedOn} ${r.title}`)
          .join('；')}${late.length > 3 ? ' 等' : ''}）`
      : `${inPeriod.length} 次预警均按时签收`;
  return {
    applicable: true,
    ok: late.length === 0,
    lapsed: late.length > 0,
    value: inPeriod.length - late.length,
    target: inPeriod.length,
    recordIds: (late.length ? late : inPeriod).map((r) => r.id),
    phrase,
  };
}
