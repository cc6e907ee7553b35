// The risk list's rules (003 第二部分之二: 基础性、季节性、节假日、特殊风险; 004 第二部分之二: 六项机制;
// 001 第12条: 防溺水) at their boundaries, with the pack's default section.
import { describe, expect, it } from 'vitest';
import { cadenceDueOn, reviewDemand, reviewStateOf, riskLevelOf, seasonProblem, seasonWindows } from './risks.js';
import { evaluate } from './rules/engine.js';
import { DEFAULT_PACK, riskReviewOf } from './rules/pack.js';
import { applyCadenceChange, cadenceChangeProblems, DEFAULT_RISK_REVIEW as S } from './rules/risk-review.js';
import type { PeriodContext } from './rules/periods.js';

const none: PeriodContext = { calendars: [], keyPeriods: [] };

describe('the colour of likelihood × severity (004 研判; bands of the pack, default 风险矩阵法)', () => {
  it('puts each score in its band at the edges', () => {
    expect(riskLevelOf(5, 5, S.bands)).toBe('red');
    expect(riskLevelOf(4, 5, S.bands)).toBe('red'); // 20
    expect(riskLevelOf(4, 4, S.bands)).toBe('orange'); // 16
    expect(riskLevelOf(3, 4, S.bands)).toBe('orange'); // 12
    expect(riskLevelOf(2, 5, S.bands)).toBe('yellow'); // 10
    expect(riskLevelOf(2, 3, S.bands)).toBe('yellow'); // 6
    expect(riskLevelOf(1, 5, S.bands)).toBe('blue'); // 5
    expect(riskLevelOf(1, 1, S.bands)).toBe('blue');
  });
  it('follows the bureau’s bands when its pack changes them', () => {
    expect(riskLevelOf(3, 5, { red: 15, orange: 10, yellow: 5 })).toBe('red');
  });
  it('the default pack carries the section, and a pack stored before it reads the default', () => {
    expect(DEFAULT_PACK.riskReviewDays).toBe(S);
    expect(riskReviewOf({})).toBe(S);
    expect(S.notes.join('')).toContain('种子未规定复核周期');
    expect(S.seasons.flood_drowning.note).toContain('001 第12条');
  });
});

describe('when a review is due (003: seasonal, holiday and special risks; cadence by colour)', () => {
  it('baseline risks follow their colour’s cadence: red every 30 days, blue every 365', () => {
    expect(cadenceDueOn('2026-03-01', 'red', S)).toBe('2026-03-31');
    expect(reviewDemand({ level: 'blue', kind: 'baseline', season: null, lastReviewedOn: '2026-03-01' }, S, none, '2026-03-02')).toEqual({ dueOn: '2027-03-01', reason: '低风险每 365 天复核' });
  });

  it('a drowning risk is reviewed before the flood season (001 第12条; default 06-01 to 09-30), once within the lead days', () => {
    const risk = { level: 'yellow' as const, kind: 'seasonal' as const, season: 'flood_drowning' as const, lastReviewedOn: '2026-01-10' };
    expect(reviewDemand(risk, S, none, '2026-05-01')).toEqual({ dueOn: '2026-05-31', reason: '汛期防溺水（2026-06-01 起）前复核' });
    // Reviewed 14 days before the season: that counts for it; the next is the cadence.
    expect(reviewDemand({ ...risk, lastReviewedOn: '2026-05-18' }, S, none, '2026-05-20').dueOn).toBe('2026-11-14');
    // 15 days before: too early, the season still asks for one.
    expect(reviewDemand({ ...risk, lastReviewedOn: '2026-05-17' }, S, none, '2026-05-20').dueOn).toBe('2026-05-31');
    // The season under way without a review: overdue since the day before it began.
    const d = reviewDemand(risk, S, none, '2026-06-10');
    expect(d.dueOn).toBe('2026-05-31');
    expect(reviewStateOf(d.dueOn, '2026-06-10', S.leadDays)).toBe('overdue');
  });

  it('the winter fire season runs into the next year', () => {
    expect(seasonWindows('winter_fire', S, '2026-02-01').map((w) => [w.startsOn, w.endsOn])).toEqual([
      ['2025-11-01', '2026-03-31'],
      ['2026-11-01', '2027-03-31'],
      ['2027-11-01', '2028-03-31'],
    ]);
  });

  it('holiday risks are reviewed before the school calendar’s holidays, special risks before key periods (003)', () => {
    const ctx: PeriodContext = {
      calendars: [{ schoolYear: '2026-2027', semesters: [{ startsOn: '2026-09-01', endsOn: '2027-01-20' }, { startsOn: '2027-02-20', endsOn: '2027-07-05' }], holidays: [{ name: '国庆节', startsOn: '2026-10-01', endsOn: '2026-10-07' }] }],
      keyPeriods: [{ id: 1, name: '党的二十大', startsOn: '2026-10-12', endsOn: '2026-10-24' }],
    };
    expect(reviewDemand({ level: 'blue', kind: 'holiday', season: null, lastReviewedOn: '2026-09-01' }, S, ctx, '2026-09-20')).toEqual({ dueOn: '2026-09-30', reason: '国庆节（2026-10-01 起）前复核' });
    expect(reviewDemand({ level: 'blue', kind: 'special', season: null, lastReviewedOn: '2026-09-01' }, S, ctx, '2026-09-20')).toEqual({ dueOn: '2026-10-11', reason: '党的二十大（2026-10-12 起）前复核' });
    // A red risk's cadence comes first when it is earlier than the window.
    expect(reviewDemand({ level: 'red', kind: 'special', season: null, lastReviewedOn: '2026-09-01' }, S, ctx, '2026-09-20').dueOn).toBe('2026-10-01');
    // After the key period ended nothing more is asked for it.
    expect(reviewDemand({ level: 'blue', kind: 'special', season: null, lastReviewedOn: '2026-09-01' }, S, ctx, '2026-10-25').dueOn).toBe('2027-09-01');
  });

  it('states: overdue the day after, due soon within the lead days, else scheduled', () => {
    expect(reviewStateOf('2026-05-31', '2026-05-31', 14)).toBe('due_soon');
    expect(reviewStateOf('2026-05-31', '2026-06-01', 14)).toBe('overdue');
    expect(reviewStateOf('2026-05-31', '2026-05-17', 14)).toBe('due_soon');
    expect(reviewStateOf('2026-05-31', '2026-05-16', 14)).toBe('scheduled');
  });

  it('a seasonal risk names its season, no other kind does (003)', () => {
    expect(seasonProblem('seasonal', null)).toEqual({ field: 'season', message: '季节性风险请选择季节' });
    expect(seasonProblem('baseline', 'heat')).toEqual({ field: 'season', message: '只有季节性风险需要选择季节' });
    expect(seasonProblem('seasonal', 'heat')).toBeNull();
  });
});

describe('the compliance rule risk.review_on_time (003 第二部分之二, 004 第二部分之二)', () => {
  const rule = DEFAULT_PACK.rules.find((r) => r.code === 'risk.review_on_time')!;
  const school = { id: 7, kind: 'school' as const, stage: 'primary' as const };
  const judge = (riskReviews: Array<{ id: number; unitId: number; name: string; dueOn: string }>, asOf: string) =>
    evaluate({ rules: [rule], units: [school], records: { riskReviews }, asOf })[0];

  it('cites its seeds and reads the risk list', () => {
    expect(rule.sources.map((s) => `${s.seed} ${s.item}`)).toEqual(['003 第二部分之二', '004 第二部分之二']);
  });
  it('a review due yesterday is missed, naming the risk and its day; due today is due soon; all ahead is met', () => {
    const r = (dueOn: string, id = 1) => ({ id, unitId: 7, name: `风险${id}`, dueOn });
    const missed = judge([r('2026-05-31'), r('2026-09-01', 2)], '2026-06-01');
    expect(missed).toMatchObject({ status: 'missed', value: 1, target: 2, dueOn: '2026-05-31' });
    expect(missed.explanation).toContain('风险1（应于 2026-05-31 前）');
    expect(missed.explanation).toContain('003 第二部分之二');
    expect(judge([r('2026-06-01')], '2026-06-01')).toMatchObject({ status: 'due_soon', dueOn: '2026-06-01' });
    expect(judge([r('2026-09-01')], '2026-06-01')).toMatchObject({ status: 'met', value: 1, target: 1 });
  });
  it('a school without a risk list has missed the rule: every school forms one (004 第二部分之二, 003 第二部分之二)', () => {
    const none = judge([], '2026-06-01');
    expect(none).toMatchObject({ status: 'missed', value: 0, target: 1 });
    expect(none.explanation).toContain('尚未登记安全风险清单');
    expect(none.explanation).toContain('003 第二部分之二');
  });
});

describe('the bureau changes the review cadence (issue 13: cadence by level from the rule pack; 003, 004 give no number)', () => {
  it('a change within the bounds, worse colours no less often, is applied with a note; the rest of the section stays', () => {
    expect(cadenceChangeProblems(S, { days: { red: 15 }, leadDays: 21 })).toEqual([]);
    const next = applyCadenceChange(S, { days: { red: 15 }, leadDays: 21 });
    expect(next.days).toEqual({ red: 15, orange: 90, yellow: 180, blue: 365 });
    expect(next.leadDays).toBe(21);
    expect(next.bands).toBe(S.bands);
    expect(next.seasons).toBe(S.seasons);
    expect(next.notes[0]).toBe('教育局已调整复核周期或提前天数：重大 15 天、较大 90 天、一般 180 天、低 365 天，提前 21 天，以本版本为准');
    // A second change replaces the note instead of adding another.
    expect(applyCadenceChange(next, { days: { blue: 300 } }).notes.filter((n) => n.startsWith('教育局已调整')).length).toBe(1);
    expect(cadenceDueOn('2026-03-01', 'red', next)).toBe('2026-03-16');
  });
  it('refuses days outside 1–548 and lead days outside 1–90, naming the field', () => {
    expect(cadenceChangeProblems(S, { days: { red: 0 } })).toEqual([{ field: 'days.red', message: '重大风险的复核周期须为 1 到 548 天的整数' }]);
    expect(cadenceChangeProblems(S, { days: { blue: 549 } })[0].field).toBe('days.blue');
    expect(cadenceChangeProblems(S, { days: { yellow: 1.5 } })[0].field).toBe('days.yellow');
    expect(cadenceChangeProblems(S, { days: { red: 1, blue: 548 } })).toEqual([]);
    expect(cadenceChangeProblems(S, { leadDays: 0 })).toEqual([{ field: 'leadDays', message: '提前复核天数须为 1 到 90 天的整数' }]);
    expect(cadenceChangeProblems(S, { leadDays: 90 })).toEqual([]);
  });
  it('refuses a milder colour reviewed more often than a worse one, at the edge, naming the changed field', () => {
    expect(cadenceChangeProblems(S, { days: { orange: 30 } })).toEqual([]); // equal to red: allowed
    expect(cadenceChangeProblems(S, { days: { orange: 29 } })).toEqual([{ field: 'days.orange', message: '较大风险的复核周期（29 天）不能短于重大风险（30 天）' }]);
    expect(cadenceChangeProblems(S, { days: { red: 91 } })).toEqual([{ field: 'days.red', message: '较大风险的复核周期（90 天）不能短于重大风险（91 天）' }]);
  });
  it('refuses a change that changes nothing', () => {
    expect(cadenceChangeProblems(S, {})).toEqual([{ field: 'days.red', message: '没有修改任何复核周期或提前天数' }]);
    expect(cadenceChangeProblems(S, { days: { red: 30 }, leadDays: 14 })[0].message).toBe('没有修改任何复核周期或提前天数');
  });
});
