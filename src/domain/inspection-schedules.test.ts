import { describe, expect, it } from 'vitest';
import { cadenceText, isoWeekday, keyPeriodDays, measureRecurring, occurrenceDays, scheduleProblem, type OccurrenceRecord } from './inspection-schedules.js';

describe('occurrence days (issue 17: recurring inspections)', () => {
  it('daily runs Monday to Friday within the schedule', () => {
    // 2026-12-05 is a Saturday.
    expect(isoWeekday('2026-12-05')).toBe(6);
    expect(occurrenceDays({ cadence: 'daily', startsOn: '2026-12-02', endsOn: null }, '2026-11-30', '2026-12-08')).toEqual(['2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08']);
  });
  it('weekly on its weekday, and the schedule end is inclusive', () => {
    expect(occurrenceDays({ cadence: 'weekly', weekday: 3, startsOn: '2026-11-01', endsOn: '2026-11-18' }, '2026-11-01', '2026-12-31')).toEqual(['2026-11-04', '2026-11-11', '2026-11-18']);
  });
  it('monthly: the 消防安全检查日 on its day each month (001 item 13)', () => {
    expect(occurrenceDays({ cadence: 'monthly', monthDay: 9, startsOn: '2026-09-01', endsOn: null }, '2026-09-09', '2026-12-08')).toEqual(['2026-09-09', '2026-10-09', '2026-11-09']);
  });
  it('twice in each key period: its first and its middle day; a one-day period once', () => {
    expect(keyPeriodDays({ startsOn: '2026-10-01', endsOn: '2026-10-07' })).toEqual(['2026-10-01', '2026-10-04']);
    expect(keyPeriodDays({ startsOn: '2026-10-01', endsOn: '2026-10-02' })).toEqual(['2026-10-01', '2026-10-02']);
    expect(keyPeriodDays({ startsOn: '2026-10-01', endsOn: '2026-10-01' })).toEqual(['2026-10-01']);
    const s = { cadence: 'key_period' as const, startsOn: '2026-10-03', endsOn: null };
    expect(occurrenceDays(s, '2026-01-01', '2026-12-31', [{ startsOn: '2026-10-01', endsOn: '2026-10-07' }, { startsOn: '2026-12-20', endsOn: '2026-12-31' }])).toEqual(['2026-10-04', '2026-12-20', '2026-12-26']);
  });
  it('nothing before the start or when the window is empty', () => {
    expect(occurrenceDays({ cadence: 'daily', startsOn: '2027-01-01', endsOn: null }, '2026-12-01', '2026-12-31')).toEqual([]);
  });
  it('refuses a shape without its day, and an end before the start', () => {
    expect(scheduleProblem({ cadence: 'weekly', weekday: null, startsOn: '2026-12-01', endsOn: null })?.field).toBe('weekday');
    expect(scheduleProblem({ cadence: 'monthly', monthDay: 29, startsOn: '2026-12-01', endsOn: null })?.field).toBe('monthDay');
    expect(scheduleProblem({ cadence: 'monthly', monthDay: 28, startsOn: '2026-12-01', endsOn: '2026-11-30' })?.field).toBe('endsOn');
    expect(scheduleProblem({ cadence: 'monthly', monthDay: 28, startsOn: '2026-12-01', endsOn: '2026-12-01' })).toBeNull();
    expect(cadenceText({ cadence: 'weekly', weekday: 7 })).toBe('每周日');
  });
});

describe('measureRecurring (001 item 13 消防安全检查日; issue 17: a missed occurrence is a finding)', () => {
  const period = { startsOn: '2026-12-01', endsOn: '2026-12-31' };
  const occ = (id: number, occursOn: string, doneOn: string | null): OccurrenceRecord => ({ id, unitId: 1, occursOn, doneOn, title: '消防安全检查日' });
  it('not applicable without an occurrence up to the day', () => {
    expect(measureRecurring([occ(1, '2026-12-09', null)], period, '2026-12-08', 0).applicable).toBe(false);
  });
  it('due on its day, missed the day after (grace 0)', () => {
    const onDay = measureRecurring([occ(1, '2026-12-09', null)], period, '2026-12-09', 0);
    expect(onDay).toMatchObject({ ok: false, lapsed: false, dueOn: '2026-12-09' });
    const after = measureRecurring([occ(1, '2026-12-09', null)], period, '2026-12-10', 0);
    expect(after).toMatchObject({ ok: false, lapsed: true, value: 0, target: 1 });
    expect(after.phrase).toContain('漏检 1 次');
  });
  it('done on the last day of grace is met; a day late is missed', () => {
    expect(measureRecurring([occ(1, '2026-12-09', '2026-12-11')], period, '2026-12-20', 2)).toMatchObject({ ok: true, value: 1 });
    expect(measureRecurring([occ(1, '2026-12-09', '2026-12-12')], period, '2026-12-20', 2)).toMatchObject({ ok: false, lapsed: true });
  });
  it('occurrences outside the period are not judged', () => {
    expect(measureRecurring([occ(1, '2026-11-09', null), occ(2, '2026-12-09', '2026-12-09')], period, '2026-12-20', 0)).toMatchObject({ ok: true, target: 1 });
  });
});
