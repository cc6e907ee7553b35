// Deadlines and checks of disputes and petitions at their boundaries (issue 22; 000 第3条, 003 第三部分之六;
// 信访工作条例 for the petition's 60 days and the five-person group).
import { describe, expect, it } from 'vitest';
import { conclusionProblem, DEFAULT_DISPUTE_DEADLINES as D, disputeDueOn, disputeProblem, disputeState, isGroupPetition, measureDisputesOnTime, stepProblem } from './disputes.js';

describe('disputes and petitions (000 第3条, 003 第三部分之六)', () => {
  it('a petition is due 60 days after it is received (信访工作条例), a dispute 30 (the district’s default)', () => {
    expect(disputeDueOn('petition', '2026-05-10')).toBe('2026-07-09');
    expect(disputeDueOn('dispute', '2026-05-10')).toBe('2026-06-09');
    expect(disputeDueOn('dispute', '2026-05-10', { ...D, disputeResolveDays: 15 })).toBe('2026-05-25');
  });

  it('is open until 7 days before its due day, due soon from then through the due day, overdue the day after, concluded once concluded', () => {
    const r = { dueOn: '2026-06-09', concludedOn: null };
    expect(disputeState(r, '2026-06-01')).toBe('open');
    expect(disputeState(r, '2026-06-02')).toBe('due_soon');
    expect(disputeState(r, '2026-06-09')).toBe('due_soon');
    expect(disputeState(r, '2026-06-10')).toBe('overdue');
    expect(disputeState({ ...r, concludedOn: '2026-06-20' }, '2026-07-01')).toBe('concluded');
  });

  it('a petition of five people or more is a group petition (信访工作条例: 代表人数不超过 5 人); a dispute never is', () => {
    expect(isGroupPetition('petition', 4)).toBe(false);
    expect(isGroupPetition('petition', 5)).toBe(true);
    expect(isGroupPetition('petition', null)).toBe(false);
    expect(isGroupPetition('dispute', 50)).toBe(false);
  });

  it('names the field of a bad record, step or conclusion', () => {
    const today = '2026-05-13';
    expect(disputeProblem({ kind: 'petition', channel: 'visit', receivedOn: today, petitioners: 1 }, today)).toBeNull();
    expect(disputeProblem({ kind: 'petition', channel: 'visit', receivedOn: '2026-05-14', petitioners: 1 }, today)?.field).toBe('receivedOn');
    expect(disputeProblem({ kind: 'petition', channel: null, receivedOn: today, petitioners: 1 }, today)?.field).toBe('channel');
    expect(disputeProblem({ kind: 'petition', channel: 'letter', receivedOn: today }, today)?.field).toBe('petitioners');
    expect(disputeProblem({ kind: 'dispute', channel: 'visit', receivedOn: today }, today)?.field).toBe('channel');
    expect(disputeProblem({ kind: 'dispute', receivedOn: today, petitioners: 3 }, today)?.field).toBe('petitioners');
    expect(stepProblem({ receivedOn: '2026-05-10' }, '2026-05-09', today)?.field).toBe('on');
    expect(stepProblem({ receivedOn: '2026-05-10' }, '2026-05-10', today)).toBeNull();
    expect(stepProblem({ receivedOn: '2026-05-10' }, '2026-05-14', today)?.field).toBe('on');
    const p = { kind: 'petition' as const, receivedOn: '2026-05-10', lastStepOn: '2026-05-12' };
    expect(conclusionProblem(p, { concludedOn: '2026-05-12', petitionerView: 'satisfied' }, today)).toBeNull();
    expect(conclusionProblem(p, { concludedOn: '2026-05-11', petitionerView: 'satisfied' }, today)?.field).toBe('concludedOn');
    expect(conclusionProblem(p, { concludedOn: '2026-05-14', petitionerView: 'satisfied' }, today)?.field).toBe('concludedOn');
    expect(conclusionProblem(p, { concludedOn: '2026-05-12' }, today)?.field).toBe('petitionerView');
    expect(conclusionProblem({ ...p, kind: 'dispute' }, { concludedOn: '2026-05-12', petitionerView: 'basic' }, today)?.field).toBe('petitionerView');
  });
});

describe('on the compliance board: concluded by the due day kept on the record (rules disputes.petition_reply: 003 第三部分之六; disputes.dispute_resolve: 000 第3条)', () => {
  const year = { startsOn: '2026-01-01', endsOn: '2026-12-31', label: '2026年' };
  const rec = (id: number, kind: 'petition' | 'dispute', receivedOn: string, dueOn: string, concludedOn: string | null) => ({ id, unitId: 1, kind, receivedOn, dueOn, concludedOn });

  it('nothing recorded of the kind is met; the other kind is not counted', () => {
    const m = measureDisputesOnTime([rec(1, 'dispute', '2026-03-01', '2026-03-31', null)], 'petition', year, '2026-05-13');
    expect(m).toMatchObject({ ok: true, lapsed: false, value: 0, phrase: '本期没有登记信访事项' });
  });

  it('open on its due day is not yet due; the day after it is missed', () => {
    const r = [rec(1, 'dispute', '2026-04-01', '2026-05-01', null)];
    expect(measureDisputesOnTime(r, 'dispute', year, '2026-05-01')).toMatchObject({ ok: false, lapsed: false, dueOn: '2026-05-01' });
    const late = measureDisputesOnTime(r, 'dispute', year, '2026-05-02');
    expect(late).toMatchObject({ ok: false, lapsed: true, value: 0, target: 1, recordIds: [1] });
    expect(late.phrase).toContain('2026-04-01 登记，限 2026-05-01');
  });

  it('concluded on its due day is met; a day late stays lapsed for the period', () => {
    expect(measureDisputesOnTime([rec(1, 'petition', '2026-03-01', '2026-04-30', '2026-04-30')], 'petition', year, '2026-12-01')).toMatchObject({ ok: true, value: 1, target: 1 });
    expect(measureDisputesOnTime([rec(1, 'petition', '2026-03-01', '2026-04-30', '2026-05-01')], 'petition', year, '2026-12-01')).toMatchObject({ ok: false, lapsed: true });
  });

  it('a record received outside the period, or after the as-of day, is not judged in it', () => {
    const r = [rec(1, 'dispute', '2025-12-20', '2026-01-19', null), rec(2, 'dispute', '2026-05-14', '2026-06-13', null)];
    expect(measureDisputesOnTime(r, 'dispute', year, '2026-05-13')).toMatchObject({ ok: true, value: 0 });
  });
});
