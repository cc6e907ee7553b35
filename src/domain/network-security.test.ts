// The network security rules at their boundaries (000 第8条: 网络安全红黄牌制度、全系统网络安全月报告制度).
import { describe, expect, it } from 'vitest';
import { cardTransition, measureMonthlyReport, measureRedCards, reportMonthProblem, type CardRecord } from './network-security.js';
import type { Period } from './rules/periods.js';

const july: Period = { kind: 'month', key: '2026-07', label: '2026年7月', startsOn: '2026-07-01', endsOn: '2026-07-31' };
const card = (over: Partial<CardRecord>): CardRecord => ({ id: 1, unitId: 9, color: 'red', state: 'issued', reason: '学校网站存在弱口令', fixBy: '2026-07-10', ...over });

describe('monthly report (000 第8条 全系统网络安全月报告制度)', () => {
  it('a holiday month is judged too: July without a report is due on its last day, missed the day after', () => {
    expect(measureMonthlyReport([], july, '2026-07-31')).toMatchObject({ applicable: true, ok: false, lapsed: false, dueOn: '2026-07-31' });
    expect(measureMonthlyReport([], july, '2026-08-01')).toMatchObject({ ok: false, lapsed: true, dueOn: undefined });
  });
  it('a report of the month meets it; one of another month does not', () => {
    expect(measureMonthlyReport([{ id: 3, unitId: 9, month: '2026-07' }], july, '2026-08-01')).toMatchObject({ ok: true, recordIds: [3] });
    expect(measureMonthlyReport([{ id: 3, unitId: 9, month: '2026-06' }], july, '2026-08-01').ok).toBe(false);
  });
  it('a month not yet begun cannot be reported; the current one can', () => {
    expect(reportMonthProblem('2026-08', '2026-07-31')).toContain('尚未开始');
    expect(reportMonthProblem('2026-07', '2026-07-01')).toBeNull();
  });
});

describe('red cards (000 第8条 网络安全红黄牌制度)', () => {
  it('a red card open on its fix-by day is due, the day after it is missed', () => {
    expect(measureRedCards([card({})], '2026-07-10')).toMatchObject({ ok: false, lapsed: false, dueOn: '2026-07-10' });
    expect(measureRedCards([card({})], '2026-07-11')).toMatchObject({ ok: false, lapsed: true, recordIds: [1] });
  });
  it('an answered card not yet closed is still open; a closed one and a yellow one do not count', () => {
    expect(measureRedCards([card({ state: 'answered' })], '2026-07-11').lapsed).toBe(true);
    expect(measureRedCards([card({ state: 'closed' }), card({ id: 2, color: 'yellow' })], '2026-07-11')).toMatchObject({ ok: true, applicable: true });
  });
  it('steps: the school answers an issued card, the bureau closes or returns an answered one, nothing after closing', () => {
    expect(cardTransition('issued', 'answer')).toEqual({ to: 'answered' });
    expect(cardTransition('answered', 'close')).toEqual({ to: 'closed' });
    expect(cardTransition('answered', 'return')).toEqual({ to: 'issued' });
    expect(cardTransition('issued', 'close')).toHaveProperty('problem');
    expect(cardTransition('closed', 'answer')).toHaveProperty('problem');
  });
});
