import { describe, expect, it } from 'vitest';
import { defaultRevisionDue, measurePlanFamiliarity, measurePlanRevision, measureRequiredPlans, planProblems, requiredPlanKinds, type EmergencyPlanRecord } from './emergency-plans.js';
import { measureSupplies, supplyProblems, supplyState } from './emergency-supplies.js';

const plan = (id: number, kind: EmergencyPlanRecord['kind'], approvedOn = '2026-03-01', revisionDue = '2027-03-01'): EmergencyPlanRecord => ({ id, unitId: 1, kind, approvedOn, revisionDue, current: true });

describe('emergency plans (000 task table item 7, 000 item 10)', () => {
  it('000 task table item 7: a boarding bus kindergarten needs its type’s own kinds', () => {
    expect(requiredPlanKinds({ stage: 'primary' })).toHaveLength(9);
    expect(requiredPlanKinds({ stage: 'kindergarten', boarding: true, schoolBus: true })).toEqual(expect.arrayContaining(['boarding_night', 'school_bus', 'kindergarten_nap']));
  });
  it('000 task table item 7: a missing kind is named; all kinds held is met', () => {
    const unit = { id: 1, kind: 'school' as const, stage: 'primary' as const };
    const all = requiredPlanKinds(unit).map((k, i) => plan(i + 1, k));
    expect(measureRequiredPlans(unit, all, '2026-06-01').ok).toBe(true);
    const m = measureRequiredPlans(unit, all.filter((p) => p.kind !== 'stampede'), '2026-06-01');
    expect(m.ok).toBe(false);
    expect(m.phrase).toContain('踩踏');
  });
  it('000 item 10: flood and typhoon plans are revised yearly; a plan past its day is a miss', () => {
    expect(defaultRevisionDue('flood_typhoon', '2026-03-01')).toBe('2027-03-01');
    expect(defaultRevisionDue('fire', '2026-03-01')).toBe('2029-03-01');
    expect(measurePlanRevision([plan(1, 'fire', '2025-01-01', '2026-01-01')], '2026-06-01', 30).lapsed).toBe(true);
    expect(measurePlanRevision([plan(1, 'fire', '2026-01-01', '2026-06-20')], '2026-06-01', 30).dueOn).toBe('2026-06-20');
    expect(measurePlanRevision([plan(1, 'fire')], '2026-06-01', 30).ok).toBe(true);
    expect(planProblems({ kind: 'fire', approvedOn: '2026-03-01', revisionDue: '2026-02-01' })[0]?.field).toBe('revisionDue');
  });
  it('000 item 10: a flood and typhoon plan due more than a year after approval is refused; the other kinds take the district’s years', () => {
    expect(planProblems({ kind: 'flood_typhoon', approvedOn: '2026-03-01', revisionDue: '2027-03-01' })).toEqual([]);
    expect(planProblems({ kind: 'ice_snow', approvedOn: '2026-03-01', revisionDue: '2027-03-02' })[0]).toMatchObject({ field: 'revisionDue' });
    expect(planProblems({ kind: 'fire', approvedOn: '2026-03-01', revisionDue: '2030-03-01' })).toEqual([]);
    expect(defaultRevisionDue('fire', '2026-03-01', 2)).toBe('2028-03-01');
    expect(planProblems({ kind: 'fire', approvedOn: '2026-03-01', revisionDue: '2027-03-01', walkedOn: '2026-02-01' })[0]?.field).toBe('walkedOn');
    expect(planProblems({ kind: 'fire', approvedOn: '2026-07-01', revisionDue: '2027-07-01' }, '2026-06-01')[0]?.field).toBe('approvedOn');
  });
  it('001 item 6: each plan walked through by the pack’s share of current staff; at the boundary it is met', () => {
    const staff = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const p = (id: number, walked: number[]) => ({ ...plan(id, 'fire'), walkedStaffIds: walked });
    expect(measurePlanFamiliarity([p(1, [1, 2, 3, 4, 5, 6, 7, 8])], staff, '2026-06-01', 0.8).ok).toBe(true);
    const m = measurePlanFamiliarity([p(1, [1, 2, 3, 4, 5, 6, 7, 8]), { ...p(2, [1, 2, 3, 4, 5, 6, 7, 99]), kind: 'stampede' }], staff, '2026-06-01', 0.8);
    expect(m).toMatchObject({ ok: false, value: 7, target: 8, recordIds: [2] });
    expect(m.phrase).toContain('踩踏应急预案仅 7/10');
    expect(measurePlanFamiliarity([], staff, '2026-06-01', 0.8).applicable).toBe(false);
  });
});

describe('emergency supplies (000 item 4)', () => {
  const s = (id: number, quantity: number, minimum: number, expiresOn: string | null) => ({ id, unitId: 1, item: `物资${id}`, quantity, minimum, expiresOn });
  it('000 item 4: expired or under the minimum is a miss; none registered is a miss', () => {
    expect(supplyState(s(1, 5, 10, null), '2026-06-01')).toBe('short');
    expect(supplyState(s(1, 50, 10, '2026-05-01'), '2026-06-01')).toBe('expired');
    expect(measureSupplies([s(1, 50, 10, '2027-01-01')], '2026-06-01', 30).ok).toBe(true);
    expect(measureSupplies([s(1, 5, 10, null), s(2, 50, 10, '2026-05-01')], '2026-06-01', 30).recordIds).toEqual([2, 1]);
    expect(measureSupplies([], '2026-06-01', 30).ok).toBe(false);
    expect(supplyProblems({ purchasedOn: '2026-03-01', expiresOn: '2026-01-01' })[0]?.field).toBe('expiresOn');
  });
  it('000 item 4: at the minimum is enough, expiring on the day itself is not yet expired', () => {
    expect(supplyState(s(1, 10, 10, '2026-06-01'), '2026-06-01')).toBe('expiring');
    expect(supplyState(s(1, 10, 10, '2026-12-01'), '2026-06-01')).toBe('ok');
    expect(measureSupplies([s(1, 10, 10, '2026-06-20')], '2026-06-01', 30)).toMatchObject({ ok: false, lapsed: false, dueOn: '2026-06-20' });
  });
});
