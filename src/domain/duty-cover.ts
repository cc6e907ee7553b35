// The cover of a duty roster day by day (值班带班), judged as the rules duty.holiday_leader
// (000 item 4: a leader in charge every holiday day) and duty.key_period_24h (003: a leader and a
// staff member on 24-hour duty every day of a key period) judge it in src/domain/rules/engine.ts:
// each required role needs an entry of enough hours, and from two days back it must be confirmed
// by the person on duty (a 24-hour shift is confirmed the morning after).
import { dutyRoleLabels, type DutyRole } from '../contracts/rules.js';
import { addDays, eachDay } from './dates.js';
import { MAX_ROSTER_DAYS } from './day-ranges.js';

export interface CoverEntry {
  dutyOn: string;
  role: DutyRole;
  hours: number;
  confirmed: boolean;
}

export interface CoverRules {
  /** Key periods: a staff member besides the leader. */
  requiresStaff: boolean;
  /** Key periods: 24 hours a day for each. */
  minHours: number;
}

export interface HolidaySpan {
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface CoverDay<E extends CoverEntry> {
  date: string;
  holiday: string | null;
  leader: E | null;
  staff: E | null;
  problems: string[];
  covered: boolean;
}

export interface Cover<E extends CoverEntry> {
  days: Array<CoverDay<E>>;
  coveredDays: number;
  daysWithoutLeader: string[];
  daysWithoutStaff: string[];
  uncoveredDays: string[];
  /** Past days with an entry the person on duty has not confirmed. */
  unconfirmedDays: string[];
}

/** Key periods ask for more than holidays: the rule the roster is judged by. */
export const coverRulesOf = (keyPeriod: boolean): CoverRules => (keyPeriod ? { requiresStaff: true, minHours: 24 } : { requiresStaff: false, minHours: 0 });

/**
 * The entries of [startsOn, endsOn] laid out by day, each day's shortfalls named in Chinese. At most
 * MAX_ROSTER_DAYS days (a roster's and a key period's longest span): a longer span stored before
 * the spans were bounded shows its first days instead of walking millions (issue 11 item 1).
 */
export function coverOf<E extends CoverEntry>(startsOn: string, endsOn: string, entries: E[], rules: CoverRules, today: string, holidays: HolidaySpan[] = []): Cover<E> {
  const byDay = new Map<string, { leader: E | null; staff: E | null }>();
  for (const e of entries) {
    let g = byDay.get(e.dutyOn);
    if (!g) byDay.set(e.dutyOn, (g = { leader: null, staff: null }));
    g[e.role] = e;
  }
  const confirmBy = addDays(today, -2);
  const out: Cover<E> = { days: [], coveredDays: 0, daysWithoutLeader: [], daysWithoutStaff: [], uncoveredDays: [], unconfirmedDays: [] };
  for (const d of eachDay(startsOn, endsOn, MAX_ROSTER_DAYS)) {
    const g = byDay.get(d) ?? { leader: null, staff: null };
    const problems: string[] = [];
    const required: DutyRole[] = rules.requiresStaff ? ['leader', 'staff'] : ['leader'];
    let unconfirmed = false;
    for (const role of required) {
      const e = g[role];
      const label = dutyRoleLabels[role];
      if (!e) problems.push(`缺${label}`);
      else if (e.hours < rules.minHours) problems.push(`${label}不足${rules.minHours}小时`);
      else if (d <= confirmBy && !e.confirmed) problems.push(`${label}未确认`);
    }
    for (const e of [g.leader, g.staff]) if (e && d < today && !e.confirmed) unconfirmed = true;
    if (!g.leader) out.daysWithoutLeader.push(d);
    if (!g.staff) out.daysWithoutStaff.push(d);
    if (problems.length) out.uncoveredDays.push(d);
    else out.coveredDays++;
    if (unconfirmed) out.unconfirmedDays.push(d);
    const holiday = holidays.find((h) => h.startsOn <= d && d <= h.endsOn)?.name ?? null;
    out.days.push({ date: d, holiday, leader: g.leader, staff: g.staff, problems, covered: problems.length === 0 });
  }
  return out;
}
