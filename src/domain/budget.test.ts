// The safety budget's rules (001 items 4 and 25) at their boundaries.
import { describe, expect, it } from 'vitest';
import type { BudgetLineInput } from '../contracts/budget.js';
import { budgetLinesProblem, budgetYearProblem, executionRate, guardsUnfunded, measureGuardsFunded, totalsOf, yuanToFen } from './budget.js';

const line = (over: Partial<BudgetLineInput> = {}): BudgetLineInput => ({ category: 'physical', source: 'fiscal', budgetFen: 100_00, spentFen: 50_00, ...over });

describe('budget year', () => {
  it('accepts 2015 to next year, refuses outside naming year', () => {
    expect(budgetYearProblem(2015, '2026-12-05')).toBeNull();
    expect(budgetYearProblem(2027, '2026-12-05')).toBeNull();
    expect(budgetYearProblem(2014, '2026-12-05')).toMatchObject({ field: 'year' });
    expect(budgetYearProblem(2028, '2026-12-05')?.message).toBe('年度须在 2015–2027 之间');
  });
});

describe('budget lines: spend greater than a sane bound is refused (issue 21)', () => {
  it('a line may spend exactly 100× its budget, not one fen more', () => {
    expect(budgetLinesProblem([line({ budgetFen: 100, spentFen: 10_000 })])).toBeNull();
    expect(budgetLinesProblem([line({ budgetFen: 100, spentFen: 10_001 })])).toMatchObject({ field: 'budgetLines.0.spentFen' });
  });
  it('the whole spend is bounded by 100× the whole budget; nothing budgeted and something spent is refused', () => {
    expect(budgetLinesProblem([line({ budgetFen: 0, spentFen: 1 })])).toMatchObject({ field: 'budgetLines' });
    expect(budgetLinesProblem([line({ budgetFen: 0, spentFen: 0 })])).toBeNull();
    expect(budgetLinesProblem([line({ budgetFen: 100, spentFen: 100 }), line({ source: 'other', budgetFen: 0, spentFen: 9_900 })])).toBeNull();
    expect(budgetLinesProblem([line({ budgetFen: 100, spentFen: 100 }), line({ source: 'other', budgetFen: 0, spentFen: 9_901 })])).toMatchObject({ field: 'budgetLines' });
  });
  it('totals above 1e9 元 are refused', () => {
    const big = 100_000_000_000;
    expect(budgetLinesProblem([line({ budgetFen: big, spentFen: 0 }), line({ source: 'other', budgetFen: 1, spentFen: 0 })])?.message).toBe('预算合计不能超过 10 亿元');
  });
  it('a category and source twice is refused naming the second line', () => {
    expect(budgetLinesProblem([line(), line()])).toMatchObject({ field: 'budgetLines.1.source' });
  });
  it('totals and rate: one decimal, null without a budget', () => {
    expect(totalsOf([line(), line({ source: 'other' })])).toEqual({ budgetFen: 200_00, spentFen: 100_00 });
    expect(executionRate(300, 100)).toBe(33.3);
    expect(executionRate(0, 100)).toBeNull();
  });
});

describe('001 第25条: guards unfunded', () => {
  it('guards on the profile and no budget, or 0 保安 wages: unfunded; wages budgeted: funded; no guards: not judged', () => {
    expect(guardsUnfunded(2, null)).toBe(true);
    expect(guardsUnfunded(2, [line()])).toBe(true);
    expect(guardsUnfunded(2, [line({ category: 'guard_wages', budgetFen: 0 })])).toBe(true);
    expect(guardsUnfunded(2, [line({ category: 'guard_wages', budgetFen: 1 })])).toBe(false);
    expect(guardsUnfunded(0, null)).toBe(false);
  });
});

describe('元 to fen', () => {
  it('two decimals at most', () => {
    expect(yuanToFen(12.34)).toBe(1234);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1.005)).toBeNull();
    expect(yuanToFen(Number.NaN)).toBeNull();
  });
});

describe('guards funded (001 item 25: 专职保安员聘用经费)', () => {
  const period = { startsOn: '2026-01-01' };
  const b = (guardWagesFen: number, year = 2026) => ({ id: 1, unitId: 1, year, guardWagesFen });
  it('a school without guards is not judged', () => {
    expect(measureGuardsFunded(0, [], period, '03-31').applicable).toBe(false);
    expect(measureGuardsFunded(null, [b(0)], period, '03-31').applicable).toBe(false);
  });
  it('guards and no budget for the year, or a budget without 保安: short, due on the pack day', () => {
    expect(measureGuardsFunded(2, [b(500000, 2025)], period, '03-31')).toMatchObject({ ok: false, lapsed: false, dueOn: '2026-03-31' });
    expect(measureGuardsFunded(2, [b(0)], period, '03-31').phrase).toContain('未列保安经费');
  });
  it('one fen of 保安 wages budgeted is met', () => {
    expect(measureGuardsFunded(2, [b(1)], period, '03-31').ok).toBe(true);
  });
});
