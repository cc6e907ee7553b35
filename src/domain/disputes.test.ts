// Deadlines and checks of disputes and petitions at their boundaries (issue 22; 000 第3条, 003 第六部分;
// 信访工作条例 for the petition's 60 days and the five-person group).
import { describe, expect, it } from 'vitest';
import { conclusionProblem, DEFAULT_DISPUTE_DEADLINES as D, disputeDueOn, disputeProblem, disputeState, isGroupPetition, stepProblem } from './disputes.js';

describe('disputes and petitions (000 第3条, 003 第六部分)', () => {
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
