import { describe, expect, it } from 'vitest';
import { deadlineProblem, measureWarningSigns, receiptState, remindRefusal, reportProblems, requiredActionsFor, signOverdue, tallyByTown } from './warnings.js';

const at = (s: string) => new Date(s);

describe('000 item 10: shelter schools are asked the shelter checks', () => {
  it('adds the three shelter checks only for a shelter school', () => {
    expect(requiredActionsFor(['evacuate_shacks'], false)).toEqual(['evacuate_shacks']);
    expect(requiredActionsFor(['evacuate_shacks'], true)).toEqual(['evacuate_shacks', 'shelter_site_check', 'shelter_supplies', 'shelter_reception']);
  });
});

describe('000 item 10: signing within the hours the pack sets', () => {
  const issued = at('2026-07-01T08:00:00Z');
  it('is overdue one millisecond after the hours, not at them', () => {
    expect(signOverdue(issued, 2, null, at('2026-07-01T10:00:00Z'))).toBe(false);
    expect(signOverdue(issued, 2, null, at('2026-07-01T10:00:00.001Z'))).toBe(true);
  });
  it('a late signature stays late; a signature in time is not overdue later', () => {
    expect(signOverdue(issued, 2, at('2026-07-01T10:30:00Z'), at('2026-07-02T00:00:00Z'))).toBe(true);
    expect(signOverdue(issued, 2, at('2026-07-01T09:59:00Z'), at('2026-07-02T00:00:00Z'))).toBe(false);
  });
});

describe('a warning’s deadline', () => {
  const now = at('2026-07-01T08:00:00Z');
  it('is refused in the past or at now, and beyond 30 days', () => {
    expect(deadlineProblem(now, now)?.field).toBe('deadlineAt');
    expect(deadlineProblem(at('2026-07-01T07:59:00Z'), now)?.message).toBe('报送截止时间不能早于现在');
    expect(deadlineProblem(at('2026-07-01T08:01:00Z'), now)).toBeNull();
    expect(deadlineProblem(at('2026-07-31T08:00:00Z'), now)).toBeNull();
    expect(deadlineProblem(at('2026-07-31T08:00:01Z'), now)?.message).toBe('报送截止时间不能晚于 30 天后');
  });
});

describe('a report (000 item 10: each required action accounted for)', () => {
  const req = requiredActionsFor(['evacuate_shacks', 'suspend_outdoor'], false);
  it('accepts every action once, with a reason where not done', () => {
    expect(reportProblems(req, [{ action: 'evacuate_shacks', done: false, note: '本校无危棚简屋', fileIds: [] }, { action: 'suspend_outdoor', done: true, fileIds: [1] }])).toEqual([]);
  });
  it('names the missing, the foreign, the repeated and the unexplained', () => {
    expect(reportProblems(req, [{ action: 'evacuate_shacks', done: true, fileIds: [] }])).toEqual([{ field: 'actions', message: '还有 1 项要求未填报' }]);
    expect(reportProblems(req, [{ action: 'evacuate_shacks', done: true, fileIds: [] }, { action: 'shelter_supplies', done: true, fileIds: [] }, { action: 'suspend_outdoor', done: true, fileIds: [] }])[0]).toEqual({ field: 'actions.1.action', message: '该项不在本次预警的要求中' });
    expect(reportProblems(req, [{ action: 'evacuate_shacks', done: true, fileIds: [] }, { action: 'evacuate_shacks', done: true, fileIds: [] }, { action: 'suspend_outdoor', done: true, fileIds: [] }])[0].field).toBe('actions.1.action');
    expect(reportProblems(req, [{ action: 'evacuate_shacks', done: false, note: '  ', fileIds: [] }, { action: 'suspend_outdoor', done: true, fileIds: [] }])).toEqual([{ field: 'actions.0.note', message: '未落实的要求请说明原因' }]);
  });
});

describe('states, the tally by town and the reminder gap', () => {
  it('missing until signed, reported once reported', () => {
    expect(receiptState(null)).toBe('missing');
    expect(receiptState({ signedAt: null, reportedAt: null })).toBe('missing');
    expect(receiptState({ signedAt: at('2026-07-01T00:00:00Z'), reportedAt: null })).toBe('signed');
    expect(receiptState({ signedAt: at('2026-07-01T00:00:00Z'), reportedAt: at('2026-07-01T01:00:00Z') })).toBe('reported');
  });
  it('tallies by town, most missing first, schools without a town under 局直属', () => {
    const t = tallyByTown([
      { townId: 1, townName: '甲镇', state: 'reported' },
      { townId: 2, townName: '乙镇', state: 'missing' },
      { townId: 2, townName: '乙镇', state: 'signed' },
      { townId: null, townName: null, state: 'missing' },
      { townId: 2, townName: '乙镇', state: 'missing' },
    ]);
    expect(t).toEqual([
      { townId: 2, townName: '乙镇', reported: 0, signed: 1, missing: 2 },
      { townId: null, townName: '局直属', reported: 0, signed: 0, missing: 1 },
      { townId: 1, townName: '甲镇', reported: 1, signed: 0, missing: 0 },
    ]);
  });
  it('refuses a second reminder within ten minutes, saying how long to wait', () => {
    const last = at('2026-07-01T08:00:00Z');
    expect(remindRefusal(null, last)).toBeNull();
    expect(remindRefusal(last, at('2026-07-01T08:09:01Z'))).toBe('10 分钟内已提醒过，请 1 分钟后再提醒');
    expect(remindRefusal(last, at('2026-07-01T08:10:00Z'))).toBeNull();
  });
});

describe('the pack rule warning.signed_on_time (000 item 10)', () => {
  const rec = (issuedOn: string, late: boolean, id = Number(issuedOn.replaceAll('-', ''))) => ({ id, unitId: 1, warningId: 1, issuedOn, title: '台风预警', late });
  const year = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
  it('is met with no warning, and with every one signed in time', () => {
    expect(measureWarningSigns([], year, '2026-07-01')).toMatchObject({ ok: true, value: 0, target: 0, phrase: '本期无预警提示' });
    expect(measureWarningSigns([rec('2026-06-01', false)], year, '2026-07-01')).toMatchObject({ ok: true, lapsed: false, value: 1, target: 1 });
  });
  it('is missed, for good, by one late signature in the period; one after the as-of day or outside the period does not count', () => {
    const m = measureWarningSigns([rec('2026-06-01', false), rec('2026-06-20', true)], year, '2026-07-01');
    expect(m).toMatchObject({ ok: false, lapsed: true, value: 1, target: 2, recordIds: [20260620] });
    expect(m.phrase).toBe('2 次预警中 1 次未按时签收（2026-06-20 台风预警）');
    expect(measureWarningSigns([rec('2026-07-02', true), rec('2025-12-31', true)], year, '2026-07-01').ok).toBe(true);
  });
});
