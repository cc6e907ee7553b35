import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDay, shanghaiDate, weekStart } from './dates.js';

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
});
