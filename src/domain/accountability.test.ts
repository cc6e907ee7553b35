import { describe, expect, it } from 'vitest';
import { awardCheck, commitmentState, commitmentSummary, majorHazardLateDays, noticeStepProblem, replyState, type AwardBar } from './accountability.js';

describe('notice steps: drafted, approved by the bureau, then published', () => {
  it('a draft is edited and approved, not published', () => {
    expect(noticeStepProblem('draft', 'edit')).toBeNull();
    expect(noticeStepProblem('draft', 'approve')).toBeNull();
    expect(noticeStepProblem('draft', 'publish')).toBe('通报须经区教育局审核签发后才能发布');
  });
  it('an approved notice is published and no longer edited; a published one is final', () => {
    expect(noticeStepProblem('approved', 'publish')).toBeNull();
    expect(noticeStepProblem('approved', 'edit')).toBe('通报已审核签发，不能再修改');
    expect(noticeStepProblem('approved', 'approve')).toBe('通报已审核签发');
    expect(noticeStepProblem('published', 'publish')).toBe('通报已发布');
    expect(noticeStepProblem('published', 'edit')).not.toBeNull();
  });
});

describe('a named unit reply against its deadline', () => {
  const due = '2026-06-10';
  it('nothing is due before publication', () => {
    expect(replyState({ published: false, dueOn: due, repliedOn: null }, '2026-07-01')).toBe('not_due');
  });
  it('the deadline day itself is still on time; the next day is overdue', () => {
    expect(replyState({ published: true, dueOn: due, repliedOn: null }, '2026-06-10')).toBe('pending');
    expect(replyState({ published: true, dueOn: due, repliedOn: null }, '2026-06-11')).toBe('overdue');
  });
  it('a reply on the deadline is on time, a day after it late', () => {
    expect(replyState({ published: true, dueOn: due, repliedOn: '2026-06-10' }, '2026-06-20')).toBe('replied');
    expect(replyState({ published: true, dueOn: due, repliedOn: '2026-06-11' }, '2026-06-20')).toBe('replied_late');
  });
});

describe('interview commitments followed up like a hazard', () => {
  const due = '2026-06-10';
  it('open, due within 3 days, overdue the day after the deadline', () => {
    expect(commitmentState({ dueOn: due, doneOn: null }, '2026-06-06')).toBe('open');
    expect(commitmentState({ dueOn: due, doneOn: null }, '2026-06-07')).toBe('due_soon');
    expect(commitmentState({ dueOn: due, doneOn: null }, '2026-06-10')).toBe('due_soon');
    expect(commitmentState({ dueOn: due, doneOn: null }, '2026-06-11')).toBe('overdue');
  });
  it('done on time or late', () => {
    expect(commitmentState({ dueOn: due, doneOn: '2026-06-10' }, '2026-07-01')).toBe('done');
    expect(commitmentState({ dueOn: due, doneOn: '2026-06-12' }, '2026-07-01')).toBe('done_late');
  });
  it('an interview summary counts done and overdue', () => {
    const s = commitmentSummary(
      [
        { dueOn: '2026-06-01', doneOn: '2026-05-30' },
        { dueOn: '2026-06-01', doneOn: null },
        { dueOn: '2026-07-01', doneOn: null },
      ],
      '2026-06-05',
    );
    expect(s).toEqual({ total: 3, done: 1, overdue: 1 });
  });
});

describe('what bars a unit from awards (前置审核, 001 第27条)', () => {
  it('a major hazard closed after its deadline bars; closed on the deadline does not', () => {
    expect(majorHazardLateDays({ grade: 'major', deadline: '2026-03-31', closedOn: '2026-04-02' }, '2026-12-01')).toBe(2);
    expect(majorHazardLateDays({ grade: 'major', deadline: '2026-03-31', closedOn: '2026-03-31' }, '2026-12-01')).toBeNull();
  });
  it('a major hazard still open bars from the day after its deadline, counted to today', () => {
    expect(majorHazardLateDays({ grade: 'major', deadline: '2026-03-31', closedOn: null }, '2026-03-31')).toBeNull();
    expect(majorHazardLateDays({ grade: 'major', deadline: '2026-03-31', closedOn: null }, '2026-04-01')).toBe(1);
  });
  it('a general hazard, or a major one with no deadline yet, does not bar', () => {
    expect(majorHazardLateDays({ grade: 'general', deadline: '2026-03-31', closedOn: null }, '2026-12-01')).toBeNull();
    expect(majorHazardLateDays({ grade: 'major', deadline: null, closedOn: null }, '2026-12-01')).toBeNull();
  });
  it('barred when any source found something; items by day', () => {
    expect(awardCheck([])).toEqual({ barred: false, items: [] });
    const a: AwardBar = { kind: 'notice', reason: '被通报', on: '2026-05-01', link: '/accountability/notices/1' };
    const b: AwardBar = { kind: 'major_hazard_late', reason: '重大隐患', on: '2026-03-01', link: '/hazards/2' };
    const r = awardCheck([a, b]);
    expect(r.barred).toBe(true);
    expect(r.items.map((i) => i.kind)).toEqual(['major_hazard_late', 'notice']);
  });
});
