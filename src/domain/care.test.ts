// The pure rules of students of concern (issue 16): screening coverage (001 第9条), follow-up
// overdue and the follow-up day (001 第20条), the retention day, masking.
import { describe, expect, it } from 'vitest';
import { evaluate } from './rules/engine.js';
import { DEFAULT_RULES } from './rules/pack.js';
import { followUpDayProblem, followUpOverdueDays, gradeProblem, maskName, nextFollowUpDue, normalizeName, purgeDue, requiredGrades, retentionDay, screeningCountsProblem, screeningCoverage } from './care.js';

describe('screening coverage (001 第9条: 小学高年级及初中、高中段学生每学期开展1次全员心理筛查)', () => {
  const semester = { startsOn: '2026-02-16', endsOn: '2026-07-10' };
  it('requires upper primary, junior and senior grades by stage, none for kindergartens', () => {
    expect(requiredGrades('primary')).toEqual([4, 5, 6]);
    expect(requiredGrades('junior')).toEqual([7, 8, 9]);
    expect(requiredGrades('nine_year')).toEqual([4, 5, 6, 7, 8, 9]);
    expect(requiredGrades('twelve_year')).toHaveLength(9);
    expect(requiredGrades('vocational')).toEqual([10, 11, 12]);
    expect(requiredGrades('kindergarten')).toEqual([]);
  });
  it('counts a grade once one of its classes is screened within the semester up to the day', () => {
    const s = [
      { grade: 4, screenedOn: '2026-03-01' },
      { grade: 4, screenedOn: '2026-03-02' },
      { grade: 5, screenedOn: '2026-01-10' }, // last semester
      { grade: 6, screenedOn: '2026-05-20' }, // after the day judged
    ];
    expect(screeningCoverage('primary', s, semester, '2026-05-01')).toEqual({ required: [4, 5, 6], covered: [4], missing: [5, 6] });
    expect(screeningCoverage('primary', s, semester, '2026-06-01').covered).toEqual([4, 6]);
  });
  it('refuses a grade outside the school, bands not adding up, missing reasons', () => {
    expect(gradeProblem('primary', 7)).toBe('本校年级为 1–6 年级');
    expect(gradeProblem('primary', 5)).toBeNull();
    expect(gradeProblem('kindergarten', 1)).toBe('幼儿园不开展学生心理筛查');
    expect(screeningCountsProblem({ screened: 40, notScreened: 0, bands: { none: 30, attention: 5, concern: 4, crisis: 0 } })?.field).toBe('bands');
    expect(screeningCountsProblem({ screened: 40, notScreened: 2, bands: { none: 35, attention: 5, concern: 0, crisis: 0 } })?.field).toBe('notScreenedReason');
    expect(screeningCountsProblem({ screened: 40, notScreened: 2, notScreenedReason: '病假', bands: { none: 35, attention: 5, concern: 0, crisis: 0 } })).toBeNull();
  });
});

describe('follow-ups of the one-to-one care ledger (001 第20条: 建立包靠台账，“一对一”落实包靠措施)', () => {
  it('falls due the cadence after the last follow-up, or after opening', () => {
    expect(nextFollowUpDue('2026-03-01', null, 30)).toBe('2026-03-31');
    expect(nextFollowUpDue('2026-03-01', '2026-03-20', 30)).toBe('2026-04-19');
  });
  it('is overdue the day after it falls due, not on the day', () => {
    expect(followUpOverdueDays('2026-04-19', '2026-04-19')).toBe(0);
    expect(followUpOverdueDays('2026-04-19', '2026-04-20')).toBe(1);
    expect(followUpOverdueDays('2026-04-19', '2026-05-19')).toBe(30);
  });
  it('refuses a follow-up before the record opened or in the future', () => {
    expect(followUpDayProblem('2026-02-28', '2026-03-01', '2026-05-01')).toBe('不能早于建档日期（2026-03-01）');
    expect(followUpDayProblem('2026-05-02', '2026-03-01', '2026-05-01')).toBe('不能晚于今天');
    expect(followUpDayProblem('2026-03-01', '2026-03-01', '2026-05-01')).toBeNull();
  });
});

describe('retention (issue 16: purged after the end of the school year after closing)', () => {
  it('keeps a record closed in the school year until its 31 August', () => {
    expect(retentionDay('2026-06-30')).toBe('2026-08-31');
    expect(retentionDay('2026-08-31')).toBe('2026-08-31');
    expect(retentionDay('2026-09-01')).toBe('2027-08-31');
    expect(retentionDay('2026-12-01', 2)).toBe('2029-08-31');
  });
  it('purges the day after the retention day', () => {
    expect(purgeDue('2026-06-30', 0, '2026-08-31')).toBe(false);
    expect(purgeDue('2026-06-30', 0, '2026-09-01')).toBe(true);
  });
});

describe('masking (issue 16: lists show 张*明, never a whole name)', () => {
  it('keeps the first and last character', () => {
    expect(maskName('张晓明')).toBe('张*明');
    expect(maskName('欧阳文华')).toBe('欧**华');
    expect(maskName('李娜')).toBe('李*');
    expect(maskName('王')).toBe('*');
    expect(maskName('𠮷田一郎')).toBe('𠮷**郎');
  });
  it('normalises a name for the keyed hash', () => {
    expect(normalizeName(' 张 晓明 ')).toBe(normalizeName('张晓明'));
    expect(normalizeName('ＺＨＡＮＧ')).toBe('zhang');
  });
});

describe('the engine judges both rules (001 第9条, 001 第20条)', () => {
  const rules = DEFAULT_RULES.filter((r) => r.code.startsWith('care.'));
  const calendars = [{ schoolYear: '2025-2026', semesters: [{ startsOn: '2025-09-01', endsOn: '2026-01-23' }, { startsOn: '2026-02-23', endsOn: '2026-07-03' }] as [any, any], holidays: [] }];
  const school = { id: 1, kind: 'school' as const, stage: 'junior' as const };
  const run = (records: Parameters<typeof evaluate>[0]['records'], asOf: string) =>
    Object.fromEntries(evaluate({ rules, units: [school], records, calendars, asOf }).map((f) => [f.ruleCode, f]));
  it('screening: short grades are due soon near the semester end, all three met', () => {
    const some = run({ screenings: [{ id: 1, unitId: 1, date: '2026-03-01', grade: 7 }] }, '2026-06-20');
    expect(some['care.screening']).toMatchObject({ status: 'due_soon', value: 1 / 3 });
    expect(some['care.screening'].explanation).toContain('8 年级、9 年级未筛查');
    const all = run({ screenings: [7, 8, 9].map((g) => ({ id: g, unitId: 1, date: '2026-03-01', grade: g })) }, '2026-06-20');
    expect(all['care.screening'].status).toBe('met');
  });
  it('follow-up: an overdue record is missed at once, one due within 3 days is due soon, none open is met', () => {
    expect(run({ careDue: [{ id: 5, unitId: 1, nextDueOn: '2026-06-19' }, { id: 6, unitId: 1, nextDueOn: '2026-07-19' }] }, '2026-06-20')['care.follow_up']).toMatchObject({ status: 'missed', value: 0.5, recordIds: [5] });
    expect(run({ careDue: [{ id: 5, unitId: 1, nextDueOn: '2026-06-22' }] }, '2026-06-20')['care.follow_up']).toMatchObject({ status: 'due_soon', dueOn: '2026-06-22' });
    expect(run({ careDue: [] }, '2026-06-20')['care.follow_up'].status).toBe('met');
  });
});
