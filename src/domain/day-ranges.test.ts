// Spans and horizons by what the days mean (issue 11 item 1).
import { describe, expect, it } from 'vitest';
import { coverOf, coverRulesOf } from './duty-cover.js';
import { aheadProblem, campaignSpanProblem, deadlineProblem, horizonProblem, keyPeriodSpanProblem, MAX_ROSTER_DAYS, rosterSpanProblem } from './day-ranges.js';

describe('spans of bounded length', () => {
  it('a roster: forwards, at most 100 days', () => {
    expect(rosterSpanProblem('2026-10-01', '2026-10-07')).toBe(null);
    expect(rosterSpanProblem('2026-11-01', '2027-02-08')).toBe(null); // 100 days
    expect(rosterSpanProblem('2026-11-01', '2027-02-09')).toEqual({ field: 'endsOn', message: '一张排班表最多 100 天，请分段排班' });
    expect(rosterSpanProblem('2026-10-07', '2026-10-01')).toEqual({ field: 'endsOn', message: '不能早于开始日期' });
    expect(rosterSpanProblem('2026-10-01', '2099-12-31')).toMatchObject({ field: 'endsOn' });
  });
  it('a key period: no longer than a roster can cover (003)', () => {
    expect(keyPeriodSpanProblem('2026-10-01', '2027-01-08')).toBe(null);
    expect(keyPeriodSpanProblem('2026-10-01', '2027-01-09')).toEqual({ field: 'endsOn', message: '重点时段最长 100 天' });
  });
  it('a campaign: at most three years (004 三年行动)', () => {
    expect(campaignSpanProblem('2024-05-01', '2027-04-30')).toBe(null);
    expect(campaignSpanProblem('2024-05-01', '2027-05-01')).toEqual({ field: 'endsOn', message: '专项整治最长 3 年' });
    expect(campaignSpanProblem('2024-05-01', '2024-04-30')).toMatchObject({ field: 'endsOn' });
  });
});

describe('days ahead within a horizon', () => {
  it('a deadline: from today up to three years on', () => {
    expect(deadlineProblem('2026-03-10', '2026-03-10')).toBe(null);
    expect(deadlineProblem('2029-03-10', '2026-03-10')).toBe(null);
    expect(deadlineProblem('2029-03-11', '2026-03-10')).toBe('不能晚于 2029-03-10（3 年内）');
    expect(deadlineProblem('2026-03-09', '2026-03-10')).toBe('不能早于今天');
    expect(aheadProblem('2027-03-11', '2026-03-10', 1)).toBe('不能晚于 2027-03-10（1 年内）');
  });
  it('a plan may also lie in the past, not beyond its horizon', () => {
    expect(horizonProblem('2020-01-01', '2026-03-10', 1)).toBe(null);
    expect(horizonProblem('2027-03-11', '2026-03-10', 1)).toBe('不能晚于 2027-03-10（1 年内）');
  });
});

describe('a roster laid out by day ends on rows stored before the spans were bounded', () => {
  it('a roster ending on 9999-12-31 lists its two days', { timeout: 5_000 }, () => {
    const cover = coverOf('9999-12-30', '9999-12-31', [], coverRulesOf(false), '2026-10-20');
    expect(cover.days.map((d) => d.date)).toEqual(['9999-12-30', '9999-12-31']);
  });
  it('a roster of millions of days lists its first 100', { timeout: 5_000 }, () => {
    const cover = coverOf('2026-10-01', '9999-12-31', [{ dutyOn: '2026-10-01', role: 'leader', hours: 24, confirmed: true }], coverRulesOf(false), '2026-10-20');
    expect(cover.days).toHaveLength(MAX_ROSTER_DAYS);
    expect(cover.coveredDays).toBe(1);
  });
});
