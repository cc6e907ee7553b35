// Rules of the school bus ledger at their boundaries, each citing its source (001 item 14, 000 Q1 task).
import { describe, expect, it } from 'vitest';
import { busDaysProblems, busProblem, driverDaysProblems, driverGaps, driverProblem, failedItems, missingPreTripDays, reviewState, routeStudentCount } from './buses.js';

describe('annual review (000 Q1 task: 开学前做好校车的安全检查及年度复核准备工作)', () => {
  it('is overdue the day after its due day, not on it', () => {
    expect(reviewState('2026-03-01', '2026-03-01')).toBe('due_soon');
    expect(reviewState('2026-03-01', '2026-03-02')).toBe('overdue');
  });
  it('is due soon at exactly 30 days ahead and fine at 31', () => {
    expect(reviewState('2026-03-31', '2026-03-01')).toBe('due_soon');
    expect(reviewState('2026-04-01', '2026-03-01')).toBe('ok');
  });
});

describe('drivers (001 item 14: 加大对校车驾驶人资格审查，严把准入关)', () => {
  const ok = { licenceExpiresOn: '2027-01-01', backgroundCheckedOn: '2026-01-05', backgroundResult: 'clear' as const };
  it('a cleared driver with a licence valid through today has no gaps', () => {
    expect(driverGaps({ ...ok, licenceExpiresOn: '2026-03-01' }, '2026-03-01')).toEqual([]);
  });
  it('a licence expired yesterday is a gap', () => {
    expect(driverGaps({ ...ok, licenceExpiresOn: '2026-02-28' }, '2026-03-01')).toEqual(['驾驶证 2026-02-28 已过期']);
  });
  it('no background check, a pending one or one not clear are gaps', () => {
    expect(driverGaps({ ...ok, backgroundCheckedOn: null, backgroundResult: null }, '2026-03-01')).toEqual(['未做背景审查']);
    expect(driverGaps({ ...ok, backgroundResult: 'pending' }, '2026-03-01')).toEqual(['背景审查结果待出']);
    expect(driverGaps({ ...ok, backgroundResult: 'not_clear' }, '2026-03-01')).toEqual(['背景审查有异常']);
  });
});

describe('pre-trip checks (001 item 14: 杜绝校车"带病上路")', () => {
  it('every run day without a check is missing', () => {
    expect(missingPreTripDays(['2026-03-02', '2026-03-03', '2026-03-04'], ['2026-03-02', '2026-03-04', '2026-03-07'])).toEqual(['2026-03-03']);
  });
  it('failed items are listed for the one-step hazard', () => {
    expect(failedItems([{ name: '刹车', ok: true }, { name: '灯光', ok: false }])).toEqual(['灯光']);
  });
});

describe('bad input (issue 15, Bad input)', () => {
  it('seats must be a positive whole number', () => {
    expect(busProblem({ seats: -1 })?.field).toBe('seats');
    expect(busProblem({ seats: 0 })?.field).toBe('seats');
    expect(busProblem({ seats: 19 })).toBeNull();
  });
  it('a licence already past cannot be entered as valid; a check day cannot be in the future', () => {
    expect(driverProblem({ licenceExpiresOn: '2026-02-28', licenceValid: true }, '2026-03-01')?.field).toBe('licenceExpiresOn');
    expect(driverProblem({ licenceExpiresOn: '2026-03-01', licenceValid: true }, '2026-03-01')).toBeNull();
    expect(driverProblem({ licenceExpiresOn: '2027-01-01', licenceValid: true, checkedOn: '2026-03-02' }, '2026-03-01')?.field).toBe('checkedOn');
  });
  it('route counts add stop counts', () => {
    expect(routeStudentCount([{ order: 1, students: 4 }, { order: 2, students: 7 }])).toBe(11);
  });
});

describe('the days of a bus and a driver, for the form and the import alike (001 item 14: 杜绝校车"带病上路"，严把准入关)', () => {
  const today = '2026-05-10';
  const bus = { reviewedOn: '2026-03-15', reviewDueOn: '2027-03-15', insuranceExpiresOn: '2026-05-10', inService: true };
  it('takes insurance ending today, and refuses it ended yesterday on a bus in service only when entered', () => {
    expect(busDaysProblems(bus, today, { insurance: true })).toEqual([]);
    const lapsed = { ...bus, insuranceExpiresOn: '2026-05-09' };
    expect(busDaysProblems(lapsed, today, { insurance: true }).map((p) => p.field)).toEqual(['insuranceExpiresOn']);
    expect(busDaysProblems(lapsed, today, { insurance: false })).toEqual([]);
    expect(busDaysProblems({ ...lapsed, inService: false }, today, { insurance: true })).toEqual([]);
  });
  it('names each problem: a review ahead of today, and its due day not after it', () => {
    expect(busDaysProblems({ ...bus, reviewedOn: '2026-05-11', reviewDueOn: '2026-05-11' }, today, { insurance: true }).map((p) => p.field)).toEqual(['reviewedOn', 'reviewDueOn']);
    expect(busDaysProblems({ ...bus, reviewedOn: today }, today, { insurance: true })).toEqual([]);
  });
  it('refuses a driver on duty with a licence past, a result without its day, a day without its result, a check ahead', () => {
    const d = { licenceExpiresOn: today, backgroundCheckedOn: '2026-02-20', backgroundResult: 'clear', healthCheckedOn: today, active: true };
    expect(driverDaysProblems(d, today, { licence: true })).toEqual([]);
    expect(driverDaysProblems({ ...d, licenceExpiresOn: '2026-05-09' }, today, { licence: true }).map((p) => p.field)).toEqual(['licenceExpiresOn']);
    expect(driverDaysProblems({ ...d, licenceExpiresOn: '2026-05-09' }, today, { licence: false })).toEqual([]);
    expect(driverDaysProblems({ ...d, backgroundCheckedOn: null }, today, { licence: true }).map((p) => p.field)).toEqual(['backgroundCheckedOn']);
    expect(driverDaysProblems({ ...d, backgroundResult: null }, today, { licence: true }).map((p) => p.field)).toEqual(['backgroundResult']);
    expect(driverDaysProblems({ ...d, healthCheckedOn: '2026-05-11' }, today, { licence: true }).map((p) => p.field)).toEqual(['healthCheckedOn']);
  });
});
