import { describe, expect, it } from 'vitest';
import { educationDaysInMonth, educationDaysOf, lastMondayOf } from './education-days.js';
import type { SchoolCalendar } from './rules/periods.js';

const calendar: SchoolCalendar = {
  schoolYear: '2025-2026',
  semesters: [
    { startsOn: '2025-09-01', endsOn: '2026-01-23' },
    { startsOn: '2026-02-23', endsOn: '2026-07-03' },
  ],
  holidays: [],
};

describe('safety education days (DOMAIN.md; 000 第15条 and the task table)', () => {
  it('全国中小学生安全教育日 is the last Monday of March (000 任务分解表第6项)', () => {
    expect(lastMondayOf(2026, 3)).toBe('2026-03-30');
    expect(lastMondayOf(2025, 3)).toBe('2025-03-31'); // the 31st itself is a Monday
    expect(lastMondayOf(2024, 3)).toBe('2024-03-25');
    expect(lastMondayOf(2027, 3)).toBe('2027-03-29');
    const day = educationDaysOf(2026).find((d) => d.name === '全国中小学生安全教育日')!;
    expect(day).toMatchObject({ startsOn: '2026-03-30', endsOn: '2026-03-30' });
    expect(day.source).toContain('000 第15条');
  });

  it('the fixed days: 5.12, 6.16, 6.26, 9.18, 11.9, 12.2, and June as the work-safety month', () => {
    const days = educationDaysOf(2026);
    const on = (d: string) => days.filter((x) => x.startsOn === d).map((x) => x.name);
    expect(on('2026-05-12')).toEqual(['“5.12”全国防灾减灾日']);
    expect(on('2026-06-16')).toEqual(['“6.16”安全生产宣传咨询日']);
    expect(on('2026-06-26')).toEqual(['“6.26”国际禁毒日']);
    expect(on('2026-09-18')).toEqual(['“9.18”安全演练日']);
    expect(on('2026-11-09')).toEqual(['“11.9”全国消防日']);
    expect(on('2026-12-02')).toEqual(['“12.2”交通安全宣传日']);
    expect(days.find((d) => d.name === '安全生产月')).toMatchObject({ startsOn: '2026-06-01', endsOn: '2026-06-30' });
    // Nothing that DOMAIN.md does not list (e.g. 4.15) and no first lesson without a calendar.
    expect(days).toHaveLength(8);
    expect(days.every((d) => d.source.startsWith('000'))).toBe(true);
    // In date order.
    expect(days.map((d) => d.startsOn)).toEqual([...days.map((d) => d.startsOn)].sort());
  });

  it('开学第一课 falls on the first day of each semester of the school calendar (任务分解表第5、26项)', () => {
    const y2026 = educationDaysOf(2026, [calendar]);
    expect(y2026.find((d) => d.key === 'first_lesson:2025-2026-2')).toMatchObject({ name: '春季“开学第一课”', startsOn: '2026-02-23', source: '000 任务分解表第5项' });
    // The autumn semester of 2025-2026 started in 2025: it belongs to that year.
    expect(y2026.some((d) => d.key === 'first_lesson:2025-2026-1')).toBe(false);
    expect(educationDaysOf(2025, [calendar]).find((d) => d.key === 'first_lesson:2025-2026-1')).toMatchObject({ name: '秋季“开学第一课”', startsOn: '2025-09-01', source: '000 任务分解表第26项' });
  });

  it('a month lists the days touching it, the work-safety month included in June', () => {
    expect(educationDaysInMonth('2026-06').map((d) => d.startsOn)).toEqual(['2026-06-01', '2026-06-16', '2026-06-26']);
    expect(educationDaysInMonth('2026-03').map((d) => d.name)).toEqual(['全国中小学生安全教育日']);
    expect(educationDaysInMonth('2026-02', [calendar]).map((d) => d.name)).toEqual(['春季“开学第一课”']);
    expect(educationDaysInMonth('2026-07')).toEqual([]);
  });
});
