import { describe, expect, it } from 'vitest';
import { addDays, addYears, dayProblem, daysBetween, eachDay, isDay, monthProblem, shanghaiDate, weekStart, yearProblem } from './dates.js';

describe('business days in Asia/Shanghai', () => {
  it('a UTC evening is already the next day in Shanghai', () => {
    expect(shanghaiDate(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(shanghaiDate(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
  });
  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-10', '2026-03-13')).toBe(3);
    expect(daysBetween('2026-03-13', '2026-03-10')).toBe(-3);
  });
  it('weeks start on Monday', () => {
    expect(weekStart('2026-11-24')).toBe('2026-11-23'); // a Tuesday
    expect(weekStart('2026-11-29')).toBe('2026-11-23'); // Sunday belongs to the week before it
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
  });
  it('recognises real calendar days only', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-2-28')).toBe(false);
  });

  it('refuses to step past year 9999, whose days would sort before 9999-12-31 (issue 11 item 1)', () => {
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
    expect(() => addDays('2026-02-30x', 1)).toThrow(RangeError);
  });
});

describe('walking days: bounded by construction', () => {
  it('lists the days of a span, both ends included, across months and leap days', () => {
    expect(eachDay('2024-02-27', '2024-03-01', 10)).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(eachDay('2026-10-01', '2026-10-01', 10)).toEqual(['2026-10-01']);
  });
  it('ends at the last day a string can hold, where stepping with addDays never ended', () => {
    expect(eachDay('9999-12-30', '9999-12-31', 10)).toEqual(['9999-12-30', '9999-12-31']);
  });
  it('stops at the cap however long the span', () => {
    const days = eachDay('2026-01-01', '9999-12-31', 100);
    expect(days).toHaveLength(100);
    expect(days.at(-1)).toBe('2026-04-10');
  });
  it('steps by weeks', () => {
    expect(eachDay('2026-11-02', '2026-11-30', 10, 7)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(eachDay('2026-11-02', '9999-12-31', 3, 7)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
  });
  it('gives nothing for a backwards span, a malformed day or a cap of zero', () => {
    expect(eachDay('2026-10-02', '2026-10-01', 10)).toEqual([]);
    expect(eachDay('2026-10-01', '+010000-01-01', 10)).toEqual([]);
    expect(eachDay('bad', '2026-10-01', 10)).toEqual([]);
    expect(eachDay('2026-10-01', '2026-10-05', 0)).toEqual([]);
  });
});

describe('the days, months and years the system takes', () => {
  it('a day: the form, a real calendar day, within 2000-01-01..2099-12-31', () => {
    expect(dayProblem('2026-02-28')).toBe(null);
    expect(dayProblem('2000-01-01')).toBe(null);
    expect(dayProblem('2099-12-31')).toBe(null);
    expect(dayProblem('2026-02-30')).toBe('日期无效');
    expect(dayProblem('2026-13-01')).toBe('日期无效');
    expect(dayProblem('2026-2-3')).toBe('请填写日期（YYYY-MM-DD）');
    expect(dayProblem('1999-12-31')).toBe('不能早于 2000-01-01');
    expect(dayProblem('9999-12-31')).toBe('不能晚于 2099-12-31');
  });
  it('a month and a year within the same years', () => {
    expect(monthProblem('2026-05')).toBe(null);
    expect(monthProblem('2026-13')).toBe('月份无效');
    expect(monthProblem('2026-5')).toBe('月份格式应为 YYYY-MM');
    expect(monthProblem('9999-12')).toBe('不能晚于 2099 年');
    expect(yearProblem(2026)).toBe(null);
    expect(yearProblem(1999)).toBe('不能早于 2000 年');
    expect(yearProblem(2100)).toBe('不能晚于 2099 年');
    expect(yearProblem(2026.5)).toBe('年份须为整数');
  });
  it('adds calendar years, 29 February falling back to 28 February', () => {
    expect(addYears('2026-03-10', 3)).toBe('2029-03-10');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });
});
