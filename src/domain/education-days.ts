// The safety education days a school marks each year (DOMAIN.md, "Numbers the system must know";
// 000 item 15 and the task table): fixed days, one movable day (the last Monday of March), the
// June work-safety month, and the first lesson of each term (开学第一课) on the first day of each
// semester of the district's school calendar. Pure: the year and the calendar are passed in.
import type { SchoolCalendar } from './rules/periods.js';

export interface EducationDay {
  /** Stable key: 'safety_education_day:2026', 'first_lesson:2025-2026-2'. */
  key: string;
  name: string;
  startsOn: string;
  /** The same day except for a month-long campaign (安全生产月). */
  endsOn: string;
  /** Where the day comes from in the seeds. */
  source: string;
  /** What the school is to do, from the task table. */
  activity: string;
}

interface FixedDay {
  id: string;
  month: number;
  day: number;
  name: string;
  source: string;
  activity: string;
}

// 000 item 15 names 5.12, 6.16 and 11.9; the task table (000) adds 6.26, 9.18 and 12.2.
const FIXED: FixedDay[] = [
  { id: 'disaster_prevention_day', month: 5, day: 12, name: '“5.12”全国防灾减灾日', source: '000 第15条；任务分解表第15项', activity: '开展“5.12”安全教育日活动' },
  { id: 'work_safety_day', month: 6, day: 16, name: '“6.16”安全生产宣传咨询日', source: '000 第15条；任务分解表第17项', activity: '开展 6.16 安全生产宣传日活动' },
  { id: 'anti_drug_day', month: 6, day: 26, name: '“6.26”国际禁毒日', source: '000 任务分解表第19项', activity: '做好 6.26 国际禁毒日宣传教育活动' },
  { id: 'drill_day', month: 9, day: 18, name: '“9.18”安全演练日', source: '000 任务分解表第27项', activity: '开展安全教育周及“9.18”安全演练活动' },
  { id: 'fire_day', month: 11, day: 9, name: '“11.9”全国消防日', source: '000 第15条；任务分解表第34项', activity: '开展 11.9 全国消防日主题教育活动' },
  { id: 'traffic_safety_day', month: 12, day: 2, name: '“12.2”交通安全宣传日', source: '000 任务分解表第37项', activity: '开展 12.2 交通安全宣传日活动' },
];

const pad2 = (n: number) => String(n).padStart(2, '0');
const dayOf = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

/** The last Monday of a month (全国中小学生安全教育日 is the last Monday of March). */
export function lastMondayOf(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)); // day 0 of the next month
  const back = (last.getUTCDay() + 6) % 7; // days since Monday
  return dayOf(year, month, last.getUTCDate() - back);
}

/** The education days of one calendar year, in date order. */
export function educationDaysOf(year: number, calendars: SchoolCalendar[] = []): EducationDay[] {
  const out: EducationDay[] = [
    {
      key: `safety_education_day:${year}`,
      name: '全国中小学生安全教育日',
      startsOn: lastMondayOf(year, 3),
      endsOn: lastMondayOf(year, 3),
      source: '000 第15条；任务分解表第6项',
      activity: '开展“全国中小学生安全教育日”活动',
    },
    {
      key: `work_safety_month:${year}`,
      name: '安全生产月',
      startsOn: dayOf(year, 6, 1),
      endsOn: dayOf(year, 6, 30),
      source: '000 任务分解表第17项',
      activity: '区教育系统“安全生产月”活动',
    },
    ...FIXED.map((f) => {
      const d = dayOf(year, f.month, f.day);
      return { key: `${f.id}:${year}`, name: f.name, startsOn: d, endsOn: d, source: f.source, activity: f.activity };
    }),
  ];
  // 开学第一课: spring (task 5) and autumn (task 26), on the first day of each semester.
  for (const c of calendars) {
    c.semesters.forEach((s, i) => {
      if (Number(s.startsOn.slice(0, 4)) !== year) return;
      const spring = Number(s.startsOn.slice(5, 7)) < 8;
      out.push({
        key: `first_lesson:${c.schoolYear}-${i + 1}`,
        name: `${spring ? '春季' : '秋季'}“开学第一课”`,
        startsOn: s.startsOn,
        endsOn: s.startsOn,
        source: `000 任务分解表第${spring ? 5 : 26}项`,
        activity: `开展${spring ? '春季' : '秋季'}“开学第一课”安全教育活动`,
      });
    });
  }
  return out.sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.key.localeCompare(b.key));
}

/** The education days that touch a month ('YYYY-MM'). */
export function educationDaysInMonth(month: string, calendars: SchoolCalendar[] = []): EducationDay[] {
  const year = Number(month.slice(0, 4));
  const first = `${month}-01`;
  const last = new Date(Date.UTC(year, Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  return educationDaysOf(year, calendars).filter((d) => d.startsOn <= last && d.endsOn >= first);
}
