// The school bus rules (issue 15 item 5) at their boundaries, through the engine like every rule:
// bus.annual_review (000 任务分解表第3项: 开学前做好校车的安全检查及年度复核准备工作), bus.drivers and
// bus.pre_trip_check (001 第14条: 杜绝校车“带病上路”; 加大对校车驾驶人资格审查，严把准入关). Only
// schools using school buses are judged.
import { describe, expect, it } from 'vitest';
import { evaluate, type Finding } from './engine.js';
import { DEFAULT_RULES } from './pack.js';
import type { SchoolCalendar } from './periods.js';
import type { LedgerRecordsB, UnitFacts } from './records.js';
import type { BusDriverRecord, BusRecord } from '../buses.js';

const calendar: SchoolCalendar = {
  schoolYear: '2025-2026',
  semesters: [
    { startsOn: '2025-09-01', endsOn: '2026-01-16' },
    { startsOn: '2026-02-23', endsOn: '2026-07-03' },
  ],
  holidays: [{ startsOn: '2026-04-04', endsOn: '2026-04-06', name: '清明节' } as SchoolCalendar['holidays'][number]],
};
const busSchool: UnitFacts = { id: 1, kind: 'school', name: '南山中心小学', stage: 'primary', studentCount: 880, schoolBus: true };
const noBus: UnitFacts = { ...busSchool, id: 2, name: '示范区实验小学', schoolBus: false };

const rule = (code: string) => DEFAULT_RULES.find((r) => r.code === code)!;
function one(code: string, b: LedgerRecordsB, asOf: string, unit = busSchool): Finding {
  const [f] = evaluate({ rules: [rule(code)], units: [unit], records: { ledgersB: b }, calendars: [calendar], asOf });
  return f;
}
const bus = (over: Partial<BusRecord> = {}): BusRecord => ({ id: 5, unitId: 1, plate: '沪A·X1234', inService: true, servesFrom: '2025-09-01', reviewDueOn: '2026-08-31', insuranceExpiresOn: '2026-12-31', ...over });
const driver = (over: Partial<BusDriverRecord> = {}): BusDriverRecord => ({ id: 7, unitId: 1, name: '王师傅', licenceExpiresOn: '2028-01-01', backgroundCheckedOn: '2025-08-20', backgroundResult: 'clear', ...over });

describe('bus.annual_review (000 任务分解表第3项: 年度复核; due soon at 30 days)', () => {
  it('cites its seeds and applies only to schools using school buses', () => {
    const f = one('bus.annual_review', { buses: [bus()] }, '2026-05-11', noBus);
    expect(f.status).toBe('not_applicable');
    expect(rule('bus.annual_review').sources.map((s) => s.seed)).toEqual(['000', '001']);
  });
  it('is met 31 days ahead, due soon at exactly 30, still due soon on the day, missed the day after', () => {
    expect(one('bus.annual_review', { buses: [bus({ reviewDueOn: '2026-06-11' })] }, '2026-05-11').status).toBe('met');
    const soon = one('bus.annual_review', { buses: [bus({ reviewDueOn: '2026-06-10' })] }, '2026-05-11');
    expect(soon).toMatchObject({ status: 'due_soon', dueOn: '2026-06-10' });
    expect(one('bus.annual_review', { buses: [bus({ reviewDueOn: '2026-05-11' })] }, '2026-05-11').status).toBe('due_soon');
    const late = one('bus.annual_review', { buses: [bus({ reviewDueOn: '2026-05-10' })] }, '2026-05-11');
    expect(late.status).toBe('missed');
    expect(late.explanation).toContain('沪A·X1234年审已于 2026-05-10 到期');
  });
  it('an insurance lapsed is missed; a bus out of service is not judged', () => {
    expect(one('bus.annual_review', { buses: [bus({ insuranceExpiresOn: '2026-05-10' })] }, '2026-05-11').status).toBe('missed');
    expect(one('bus.annual_review', { buses: [bus({ reviewDueOn: '2026-01-01', inService: false })] }, '2026-05-11').status).toBe('not_applicable');
  });
});

describe('bus.drivers (001 第14条: 校车驾驶人资格审查，严把准入关)', () => {
  it('a cleared driver with a licence valid through today is met (due soon within 30 days)', () => {
    expect(one('bus.drivers', { buses: [bus()], busDrivers: [driver()] }, '2026-05-11').status).toBe('met');
    expect(one('bus.drivers', { buses: [bus()], busDrivers: [driver({ licenceExpiresOn: '2026-05-11' })] }, '2026-05-11')).toMatchObject({ status: 'due_soon', dueOn: '2026-05-11' });
  });
  it('an expired licence, a pending or unclear background check, none at all are missed', () => {
    expect(one('bus.drivers', { buses: [bus()], busDrivers: [driver({ licenceExpiresOn: '2026-05-10' })] }, '2026-05-11').status).toBe('missed');
    expect(one('bus.drivers', { buses: [bus()], busDrivers: [driver({ backgroundResult: 'pending' })] }, '2026-05-11').explanation).toContain('背景审查结果待出');
    expect(one('bus.drivers', { buses: [bus()], busDrivers: [driver({ backgroundResult: 'not_clear' })] }, '2026-05-11').status).toBe('missed');
    expect(one('bus.drivers', { buses: [bus()], busDrivers: [driver({ backgroundCheckedOn: null, backgroundResult: null })] }, '2026-05-11').status).toBe('missed');
  });
  it('a school running buses with no driver recorded misses it', () => {
    expect(one('bus.drivers', { buses: [bus()], busDrivers: [] }, '2026-05-11').explanation).toContain('未登记校车驾驶人');
    expect(one('bus.drivers', { buses: [], busDrivers: [] }, '2026-05-11').status).toBe('not_applicable');
  });
});

describe('bus.pre_trip_check (001 第14条: 杜绝校车“带病上路”)', () => {
  // May 2026: school days Monday to Friday; the 11th is a Monday.
  const daysBefore = ['2026-05-01', '2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08'];
  const checks = (days: string[], busId = 5) => days.map((d, i) => ({ id: `c${busId}-${i}`, unitId: 1, busId, checkedOn: d }));
  it('every run day checked and today checked is met', () => {
    const f = one('bus.pre_trip_check', { buses: [bus()], busChecks: checks([...daysBefore, '2026-05-11']) }, '2026-05-11');
    expect(f.status).toBe('met');
    expect(f.explanation).toContain('7/7');
  });
  it('today not yet checked is due today; a past school day without a check is missed; a weekend is not a run day', () => {
    expect(one('bus.pre_trip_check', { buses: [bus()], busChecks: checks(daysBefore) }, '2026-05-11')).toMatchObject({ status: 'due_soon', dueOn: '2026-05-11' });
    const miss = one('bus.pre_trip_check', { buses: [bus()], busChecks: checks(daysBefore.filter((d) => d !== '2026-05-06')) }, '2026-05-09');
    expect(miss.status).toBe('missed');
    expect(miss.explanation).toContain('2026-05-06');
  });
  it('each bus is judged: a second bus unchecked misses it; a bus serving from a later day runs only from then', () => {
    const two = [bus(), bus({ id: 6, plate: '沪A·X5678' })];
    expect(one('bus.pre_trip_check', { buses: two, busChecks: checks(daysBefore) }, '2026-05-09').explanation).toContain('沪A·X5678');
    const late = [bus(), bus({ id: 6, plate: '沪A·X5678', servesFrom: '2026-05-08' })];
    expect(one('bus.pre_trip_check', { buses: late, busChecks: [...checks(daysBefore), ...checks(['2026-05-08'], 6)] }, '2026-05-09').status).toBe('met');
  });
  it('a school without school buses is not judged', () => {
    expect(one('bus.pre_trip_check', { buses: [bus()], busChecks: [] }, '2026-05-11', noBus).status).toBe('not_applicable');
  });
});
