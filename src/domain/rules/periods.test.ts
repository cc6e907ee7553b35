import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../dates.js';
import {
  calendarProblems,
  daysLeft,
  isDueSoon,
  lastEndedBefore,
  periodContaining,
  previousPeriod,
  relativeLabel,
  schoolYearOf,
  upcomingPeriod,
  type PeriodContext,
  type SchoolCalendar,
} from './periods.js';

const cal2425: SchoolCalendar = {
  schoolYear: '2024-2025',
  semesters: [
    { startsOn: '2024-09-01', endsOn: '2025-01-17' },
    { startsOn: '2025-02-17', endsOn: '2025-06-30' },
  ],
  holidays: [
    { name: '国庆节', startsOn: '2024-10-01', endsOn: '2024-10-07' },
    { name: '寒假', startsOn: '2025-01-18', endsOn: '2025-02-16' },
  ],
};
const ctx: PeriodContext = {
  calendars: [cal2425],
  // 003: 即日起至10月24日 (the notice is dated 12 October 2022)
  keyPeriods: [{ id: 1, name: '二十大安保期', startsOn: '2022-10-12', endsOn: '2022-10-24' }],
};

describe('periods in Asia/Shanghai', () => {
  it('the last second of 31 March in Shanghai is still March and the first quarter; the next is April and the second', () => {
    const before = shanghaiDate(new Date('2024-03-31T15:59:59Z'));
    const after = shanghaiDate(new Date('2024-03-31T16:00:00Z'));
    expect(before).toBe('2024-03-31');
    expect(after).toBe('2024-04-01');
    expect(periodContaining('month', before, ctx)).toMatchObject({ key: '2024-03', label: '2024年3月', startsOn: '2024-03-01', endsOn: '2024-03-31' });
    expect(periodContaining('month', after, ctx)?.key).toBe('2024-04');
    expect(periodContaining('quarter', before, ctx)).toMatchObject({ key: '2024-Q1', label: '2024年第一季度', endsOn: '2024-03-31' });
    expect(periodContaining('quarter', after, ctx)).toMatchObject({ key: '2024-Q2', startsOn: '2024-04-01', endsOn: '2024-06-30' });
  });
  it('February of a leap year ends on the 29th; the year before a January is the previous calendar year', () => {
    expect(periodContaining('month', '2024-02-10', ctx)?.endsOn).toBe('2024-02-29');
    const jan = periodContaining('month', '2025-01-03', ctx)!;
    expect(previousPeriod(jan, ctx)?.key).toBe('2024-12');
    expect(previousPeriod(periodContaining('quarter', '2025-01-03', ctx)!, ctx)).toMatchObject({ key: '2024-Q4', label: '2024年第四季度' });
    expect(previousPeriod(periodContaining('calendar_year', '2025-01-03', ctx)!, ctx)).toMatchObject({ key: '2024', startsOn: '2024-01-01', endsOn: '2024-12-31' });
  });
  it('the semester comes from the school calendar; the winter break is in no semester', () => {
    expect(periodContaining('semester', '2024-11-05', ctx)).toMatchObject({ key: '2024-2025-1', label: '2024-2025学年第一学期', endsOn: '2025-01-17' });
    expect(periodContaining('semester', '2025-01-25', ctx)).toBeNull();
    expect(lastEndedBefore('semester', '2025-01-25', ctx)?.key).toBe('2024-2025-1');
    const second = periodContaining('semester', '2025-03-01', ctx)!;
    expect(second.key).toBe('2024-2025-2');
    expect(previousPeriod(second, ctx)?.key).toBe('2024-2025-1');
    expect(periodContaining('semester', '2024-11-05', { calendars: [], keyPeriods: [] })).toBeNull();
  });
  it('the school year runs from 1 September, or from an earlier first day of term in the calendar', () => {
    expect(schoolYearOf('2024-08-31')).toMatchObject({ key: '2023-2024', startsOn: '2023-09-01', endsOn: '2024-08-31' });
    expect(schoolYearOf('2024-09-01')).toMatchObject({ key: '2024-2025', label: '2024-2025学年' });
    const early: SchoolCalendar = { ...cal2425, semesters: [{ startsOn: '2024-08-30', endsOn: '2025-01-17' }, cal2425.semesters[1]] };
    expect(schoolYearOf('2024-08-30', [early])).toMatchObject({ key: '2024-2025', startsOn: '2024-08-30' });
    expect(schoolYearOf('2024-08-29', [early])).toMatchObject({ key: '2023-2024', endsOn: '2024-08-29' });
  });
  it('003: a declared key period contains its days; one starting soon is upcoming', () => {
    expect(periodContaining('key_period', '2022-10-20', ctx)).toMatchObject({ key: 'kp:1', label: '二十大安保期', endsOn: '2022-10-24' });
    expect(periodContaining('key_period', '2022-10-25', ctx)).toBeNull();
    expect(upcomingPeriod('key_period', '2022-10-09', 3, ctx)?.key).toBe('kp:1');
    expect(upcomingPeriod('key_period', '2022-10-08', 3, ctx)).toBeNull();
    expect(periodContaining('holiday', '2024-10-03', ctx)).toMatchObject({ label: '国庆节', startsOn: '2024-10-01' });
  });
  it('days left and due soon count whole Shanghai days to the last day', () => {
    const q = periodContaining('quarter', '2024-06-16', ctx)!;
    expect(daysLeft(q, '2024-06-16')).toBe(14);
    expect(isDueSoon(q.endsOn, '2024-06-16', 14)).toBe(true);
    expect(isDueSoon(q.endsOn, '2024-06-15', 14)).toBe(false);
    expect(isDueSoon(q.endsOn, '2024-07-01', 14)).toBe(false); // ended: missed, not due soon
  });
  it('relative names: 本季度, 上季度, otherwise the label', () => {
    const q2 = periodContaining('quarter', '2024-05-01', ctx)!;
    expect(relativeLabel(q2, '2024-05-01', ctx)).toBe('本季度');
    expect(relativeLabel(q2, '2024-07-01', ctx)).toBe('上季度');
    expect(relativeLabel(q2, '2024-10-01', ctx)).toBe('2024年第二季度');
    expect(relativeLabel(lastEndedBefore('semester', '2025-01-25', ctx)!, '2025-01-25', ctx)).toBe('上学期');
  });
});

describe('school calendar shape', () => {
  it('a good calendar has no problems', () => {
    expect(calendarProblems(cal2425)).toEqual([]);
  });
  it('names the field of each problem in Chinese', () => {
    expect(calendarProblems({ ...cal2425, schoolYear: '2024-2026' })).toEqual([{ field: 'schoolYear', message: '学年格式应为“2024-2025”' }]);
    const overlap: SchoolCalendar = { ...cal2425, semesters: [cal2425.semesters[0], { startsOn: '2025-01-10', endsOn: '2025-06-30' }] };
    expect(calendarProblems(overlap)).toEqual([{ field: 'semesters.1.startsOn', message: '第二学期须在第一学期结束之后开始' }]);
    const badHoliday: SchoolCalendar = { ...cal2425, holidays: [{ name: '寒假', startsOn: '2025-02-16', endsOn: '2025-01-18' }] };
    expect(calendarProblems(badHoliday)).toEqual([{ field: 'holidays.0.endsOn', message: '节假日“寒假”的结束日期早于开始日期' }]);
    // A holiday within its school year and no longer than a roster (issue 11 item 1): its days are walked one by one.
    const endless: SchoolCalendar = { ...cal2425, holidays: [{ name: '寒假', startsOn: '2025-01-18', endsOn: '9999-12-31' }] };
    expect(calendarProblems(endless)).toEqual([{ field: 'holidays.0.startsOn', message: '节假日“寒假”不在2024-2025学年内' }]);
    const long: SchoolCalendar = { ...cal2425, holidays: [{ name: '寒假', startsOn: '2025-01-18', endsOn: '2025-05-01' }] };
    expect(calendarProblems(long)).toEqual([{ field: 'holidays.0.endsOn', message: '节假日“寒假”最长 100 天（须能排进一张值班表）' }]);
  });
});
