// The rules of issue 15 items 3 and 4 at their boundaries, through the engine like every rule:
// special equipment (001 第19条: 三落实、两有证、一检验、一预案; 000 第9条) and hazardous chemicals
// (003 第三部分之二, 000 第9条, 001 第19条).
import { describe, expect, it } from 'vitest';
import { evaluate, type Finding } from './engine.js';
import { DEFAULT_RULES } from './pack.js';
import type { SchoolCalendar } from './periods.js';
import type { ChemicalRecord, EquipmentRecord, LedgerRecordsB, UnitFacts } from './records.js';

const calendar: SchoolCalendar = {
  schoolYear: '2025-2026',
  semesters: [
    { startsOn: '2025-09-01', endsOn: '2026-01-16' },
    { startsOn: '2026-02-23', endsOn: '2026-07-03' },
  ],
  holidays: [],
};
const school: UnitFacts = { id: 1, kind: 'school', name: '示范中学', stage: 'junior', studentCount: 900 };

const rule = (code: string) => DEFAULT_RULES.find((r) => r.code === code)!;
function one(code: string, b: LedgerRecordsB, asOf: string): Finding {
  const [f] = evaluate({ rules: [rule(code)], units: [school], records: { ledgersB: b }, calendars: [calendar], asOf });
  return f;
}

const lift = (over: Partial<EquipmentRecord> = {}): EquipmentRecord => ({
  id: 11,
  unitId: 1,
  name: '教学楼1号电梯',
  inService: true,
  registeredDueOn: '2026-06-30',
  inspections: [],
  responsiblePerson: '张校长',
  maintenanceUnit: '市电梯维保公司',
  safetyManager: '李安全',
  planFileCount: 1,
  registrationNo: '梯11鲁H0001',
  operatorCertNo: 'T2026001',
  operatorCertExpiresOn: '2027-12-31',
  ...over,
});

describe('special equipment: 一检验 (001 第19条), due soon at 30 days', () => {
  it('no equipment in service is not applicable', () => {
    expect(one('equipment.inspection', { equipment: [lift({ inService: false })] }, '2026-05-01').status).toBe('not_applicable');
  });
  it('31 days before the due day is met, 30 is due soon, the due day itself due soon, the day after missed', () => {
    expect(one('equipment.inspection', { equipment: [lift()] }, '2026-05-30').status).toBe('met');
    const soon = one('equipment.inspection', { equipment: [lift()] }, '2026-05-31');
    expect(soon).toMatchObject({ status: 'due_soon', dueOn: '2026-06-30' });
    expect(soon.explanation).toContain('001 第19条');
    expect(one('equipment.inspection', { equipment: [lift()] }, '2026-06-30').status).toBe('due_soon');
    const late = one('equipment.inspection', { equipment: [lift()] }, '2026-07-01');
    expect(late.status).toBe('missed');
    expect(late.explanation).toContain('超期未检验');
  });
  it('a recorded inspection sets the next due day (the latest by day)', () => {
    const inspected = lift({ inspections: [{ id: 1, inspectedOn: '2026-06-20', nextDueOn: '2027-06-19' }] });
    expect(one('equipment.inspection', { equipment: [inspected] }, '2026-07-01').status).toBe('met');
  });
});

describe('special equipment: 两有证 and 三落实、一预案 (001 第19条)', () => {
  it('the operator certificate valid on its last day, missed the day after; due soon 30 days ahead', () => {
    expect(one('equipment.certificates', { equipment: [lift({ operatorCertExpiresOn: '2026-05-31' })] }, '2026-05-01').status).toBe('due_soon');
    expect(one('equipment.certificates', { equipment: [lift({ operatorCertExpiresOn: '2026-05-31' })] }, '2026-05-31').status).toBe('due_soon');
    expect(one('equipment.certificates', { equipment: [lift({ operatorCertExpiresOn: '2026-05-31' })] }, '2026-06-01').status).toBe('missed');
    expect(one('equipment.certificates', { equipment: [lift({ operatorCertExpiresOn: '2026-07-01' })] }, '2026-05-31').status).toBe('met');
    expect(one('equipment.certificates', { equipment: [lift({ registrationNo: null })] }, '2026-05-01').explanation).toContain('无使用登记证');
  });
  it('each of the three assignments and the plan is required', () => {
    expect(one('equipment.assignments', { equipment: [lift()] }, '2026-05-01').status).toBe('met');
    for (const gap of [{ responsiblePerson: null }, { maintenanceUnit: null }, { safetyManager: null }, { planFileCount: 0 }]) {
      expect(one('equipment.assignments', { equipment: [lift(gap)] }, '2026-05-01').status).toBe('missed');
    }
    expect(one('equipment.assignments', { equipment: [lift({ planFileCount: 0 })] }, '2026-05-01').explanation).toContain('缺应急预案');
  });
});

const ethanol = (movements: ChemicalRecord['movements'], over: Partial<ChemicalRecord> = {}): ChemicalRecord => ({ id: 21, unitId: 1, name: '无水乙醇', expiresOn: null, movements, ...over });
const bought: ChemicalRecord['movements'] = [{ id: 1, kind: 'purchase', day: '2026-03-02', qty: 500000 }];

describe('hazardous chemicals: a count every month of term (000 第9条, 003)', () => {
  it('a chemical in stock not counted in the month: met until 7 days before the month ends, then due soon, missed in the next month', () => {
    expect(one('chemicals.monthly_count', { chemicals: [ethanol(bought)] }, '2026-03-23').status).toBe('met');
    expect(one('chemicals.monthly_count', { chemicals: [ethanol(bought)] }, '2026-03-24')).toMatchObject({ status: 'due_soon', dueOn: '2026-03-31' });
    const f = one('chemicals.monthly_count', { chemicals: [ethanol([...bought, { id: 2, kind: 'count', day: '2026-03-31', qty: 500000 }])] }, '2026-04-01');
    expect(f.status).toBe('met'); // April not due yet; March counted on its last day.
    const missed = one('chemicals.monthly_count', { chemicals: [ethanol(bought)] }, '2026-04-01');
    expect(missed.status).toBe('missed');
    expect(missed.explanation).toContain('未盘点：无水乙醇');
  });
  it('a month before any stock is not held: a purchase late in February with no count misses February', () => {
    const feb: ChemicalRecord['movements'] = [{ id: 1, kind: 'purchase', day: '2026-02-25', qty: 500000 }];
    expect(one('chemicals.monthly_count', { chemicals: [ethanol(feb)] }, '2026-03-10').status).toBe('missed');
  });
  it('a school without chemicals in stock is not judged', () => {
    expect(one('chemicals.monthly_count', { chemicals: [] }, '2026-03-24').status).toBe('not_applicable');
  });
});

describe('hazardous chemicals: 账实相符 (003 第三部分之二)', () => {
  it('a count equal to the computed balance is met; one thousandth off is missed', () => {
    expect(one('chemicals.balance', { chemicals: [ethanol([...bought, { id: 2, kind: 'count', day: '2026-03-31', qty: 500000 }])] }, '2026-04-01').status).toBe('met');
    const off = one('chemicals.balance', { chemicals: [ethanol([...bought, { id: 2, kind: 'count', day: '2026-03-31', qty: 499999 }])] }, '2026-04-01');
    expect(off).toMatchObject({ status: 'missed', recordIds: [2] });
    expect(off.explanation).toContain('账实不符');
  });
});

describe('hazardous chemicals: waste disposed within the pack days (001 第19条; default 90)', () => {
  const expired = (movements: ChemicalRecord['movements']) => ethanol(movements, { expiresOn: '2026-03-01' });
  it('expired with stock: due soon within 30 days of expiry + 90, missed the day after, met once disposed', () => {
    expect(one('chemicals.waste_disposal', { chemicals: [expired(bought)] }, '2026-04-29').status).toBe('met');
    expect(one('chemicals.waste_disposal', { chemicals: [expired(bought)] }, '2026-04-29').explanation).toContain('尚未到期');
    expect(one('chemicals.waste_disposal', { chemicals: [expired(bought)] }, '2026-04-30').status).toBe('due_soon');
    expect(one('chemicals.waste_disposal', { chemicals: [expired(bought)] }, '2026-05-30')).toMatchObject({ status: 'due_soon', dueOn: '2026-05-30' });
    expect(one('chemicals.waste_disposal', { chemicals: [expired(bought)] }, '2026-05-31').status).toBe('missed');
    const disposed = expired([...bought, { id: 3, kind: 'disposal', day: '2026-05-20', qty: 500000 }]);
    expect(one('chemicals.waste_disposal', { chemicals: [disposed] }, '2026-05-31').status).toBe('met');
  });
});

describe('staff checks: nobody on post without a check (001 第11条)', () => {
  const person = (id: number, result: 'clear' | 'not_clear' | 'pending' | null, outsourced = false) => ({ id, unitId: 1, name: `人员${id}`, outsourced, result });
  it('everyone clear, outsourced guards, drivers and cleaners included, is met', () => {
    const f = one('staff.entry_check', { staffChecks: [person(1, 'clear'), person(2, 'clear', true)] }, '2026-05-01');
    expect(f).toMatchObject({ status: 'met', value: 2, target: 2 });
    expect(f.explanation).toContain('001 第11条');
  });
  it('one missing, pending or not clear is missed on the day, naming the person', () => {
    for (const r of [null, 'pending', 'not_clear'] as const) {
      const f = one('staff.entry_check', { staffChecks: [person(1, 'clear'), person(2, r, true)] }, '2026-05-01');
      expect(f).toMatchObject({ status: 'missed', value: 1, target: 2, recordIds: [2] });
      expect(f.explanation).toContain('人员2');
    }
  });
  it('a school without staff recorded is not judged', () => {
    expect(one('staff.entry_check', { staffChecks: [] }, '2026-05-01').status).toBe('not_applicable');
  });
});
