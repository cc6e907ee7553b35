import { describe, expect, it } from 'vitest';
import { DEFAULT_INQUIRY_DAYS, handlingProblem, inquiryDueOn, inquiryOverdueDays, measureBullyingInquiries, measureBullyingScreenings, opensIncident, pupilsProblem, reportedOnProblem, screeningCountsProblem, stepFrom } from './bullying.js';

describe('the inquiry deadline (001 item 10 早处置; default 10 days from the 2017 national plan, the pack may change it)', () => {
  it('is the report day plus the days of the pack, across a month end', () => {
    expect(DEFAULT_INQUIRY_DAYS).toBe(10);
    expect(inquiryDueOn('2026-06-01', 10)).toBe('2026-06-11');
    expect(inquiryDueOn('2026-06-25', 10)).toBe('2026-07-05');
  });
  it('is not overdue on the due day, one day overdue the day after', () => {
    expect(inquiryOverdueDays('inquiry', '2026-06-11', '2026-06-10')).toBe(0);
    expect(inquiryOverdueDays('inquiry', '2026-06-11', '2026-06-11')).toBe(0);
    expect(inquiryOverdueDays('inquiry', '2026-06-11', '2026-06-12')).toBe(1);
  });
  it('is never overdue once determined', () => {
    expect(inquiryOverdueDays('determined', '2026-06-11', '2026-07-30')).toBe(0);
  });
});

describe('the report and the pupils', () => {
  it('refuses a report before the event or in the future, naming the field', () => {
    expect(reportedOnProblem('2026-06-02', '2026-06-01', '2026-06-05')).toBeNull();
    expect(reportedOnProblem('2026-06-01', '2026-06-01', '2026-06-01')).toBeNull();
    expect(reportedOnProblem('2026-05-31', '2026-06-01', '2026-06-05')?.field).toBe('reportedOn');
    expect(reportedOnProblem('2026-06-06', '2026-06-01', '2026-06-05')?.field).toBe('reportedOn');
    expect(reportedOnProblem('2026-06-06', '2026-06-06', '2026-06-05')?.field).toBe('occurredOn');
  });
  it('needs a pupil bullied and no pupil twice', () => {
    expect(pupilsProblem([{ careRecordId: 1, pupilRole: 'actor' }])).toMatch('被欺凌');
    expect(pupilsProblem([{ careRecordId: 1, pupilRole: 'target' }, { careRecordId: 1, pupilRole: 'actor' }])).toMatch('重复');
    expect(pupilsProblem([{ careRecordId: 1, pupilRole: 'target' }, { careRecordId: 2, pupilRole: 'actor' }])).toBeNull();
  });
  it('opens an incident for injury or violence only', () => {
    expect(opensIncident({ injury: false, violence: false })).toBe(false);
    expect(opensIncident({ injury: true, violence: false })).toBe(true);
    expect(opensIncident({ injury: false, violence: true })).toBe(true);
  });
});

describe('the handling (002 area 4: 训诫 by the 法治副校长; ④ a youth social worker)', () => {
  it('needs a measure', () => {
    expect(handlingProblem({ isBullying: true, measures: [] })?.field).toBe('handlingMeasures');
  });
  it('an admonition names the 法治副校长 and only follows a determination of bullying', () => {
    expect(handlingProblem({ isBullying: true, measures: ['admonition'] })?.field).toBe('admonishedBy');
    expect(handlingProblem({ isBullying: true, measures: ['admonition'], admonishedBy: '  ' })?.field).toBe('admonishedBy');
    expect(handlingProblem({ isBullying: false, measures: ['admonition'], admonishedBy: '周检察官' })?.field).toBe('handlingMeasures');
    expect(handlingProblem({ isBullying: true, measures: ['education', 'admonition'], admonishedBy: '周检察官' })).toBeNull();
  });
  it('a social worker is named', () => {
    expect(handlingProblem({ isBullying: true, measures: ['social_worker'] })?.field).toBe('socialWorker');
    expect(handlingProblem({ isBullying: false, measures: ['social_worker'], socialWorker: '阳光社工站' })).toBeNull();
  });
  it('steps follow the order inquiry → determined → handled → closed', () => {
    expect(stepFrom.determine).toEqual(['inquiry']);
    expect(stepFrom.handle).toEqual(['determined']);
    expect(stepFrom.close).toEqual(['handled']);
  });
});

describe('screening of early signs (000 item 13 苗头性事件的排摸)', () => {
  it('counts within counts, at the boundary', () => {
    expect(screeningCountsProblem({ pupils: 40, signsFound: 40, followUpNeeded: 40 })).toBeNull();
    expect(screeningCountsProblem({ pupils: 40, signsFound: 41, followUpNeeded: 0 })?.field).toBe('signsFound');
    expect(screeningCountsProblem({ pupils: 40, signsFound: 2, followUpNeeded: 3 })?.field).toBe('followUpNeeded');
  });
});

describe('the compliance rules (pack bullying.screening: 000 item 13, 001 item 10 早摸排; bullying.inquiry: 001 item 10 早处置)', () => {
  const term = { startsOn: '2026-02-23', endsOn: '2026-07-10', label: '2025-2026学年第二学期' };
  const screening = (id: number, screenedOn: string) => ({ id, unitId: 1, screenedOn });
  it('screening: met with the pack’s number of class screenings in the semester, due until its last day, missed after', () => {
    expect(measureBullyingScreenings([], term, '2026-05-01', 1)).toMatchObject({ ok: false, lapsed: false, value: 0, target: 1, dueOn: '2026-07-10' });
    expect(measureBullyingScreenings([], term, '2026-07-10', 1)).toMatchObject({ ok: false, lapsed: false });
    expect(measureBullyingScreenings([], term, '2026-07-11', 1)).toMatchObject({ ok: false, lapsed: true, dueOn: undefined });
    // The day before the semester and a day not yet come do not count.
    expect(measureBullyingScreenings([screening(1, '2026-02-22'), screening(2, '2026-05-02')], term, '2026-05-01', 1)).toMatchObject({ ok: false, value: 0 });
    const met = measureBullyingScreenings([screening(1, '2026-02-23')], term, '2026-05-01', 1);
    expect(met).toMatchObject({ ok: true, value: 1, recordIds: [1] });
    expect(met.phrase).toContain('1 个班次');
    expect(measureBullyingScreenings([screening(1, '2026-03-01')], term, '2026-05-01', 2)).toMatchObject({ ok: false, value: 1, target: 2 });
  });
  const year = { startsOn: '2026-01-01', endsOn: '2026-12-31', label: '2026年' };
  const kase = (id: number, reportedOn: string, inquiryDueOn: string, determinedOn: string | null) => ({ id, unitId: 1, reportedOn, inquiryDueOn, determinedOn });
  it('inquiry: determined on the due day is in time, the day after is late and stays late; in inquiry it is due on its day', () => {
    expect(measureBullyingInquiries([], year, '2026-06-20')).toMatchObject({ ok: true, target: 0 });
    expect(measureBullyingInquiries([kase(1, '2026-06-01', '2026-06-11', '2026-06-11')], year, '2026-06-20')).toMatchObject({ ok: true, lapsed: false, value: 1, target: 1 });
    expect(measureBullyingInquiries([kase(1, '2026-06-01', '2026-06-11', '2026-06-12')], year, '2026-06-20')).toMatchObject({ ok: false, lapsed: true, value: 0, recordIds: [1] });
    // Still in inquiry: not ok and due on its day (the engine shows it due soon), missed the day after.
    expect(measureBullyingInquiries([kase(1, '2026-06-01', '2026-06-11', null)], year, '2026-06-11')).toMatchObject({ ok: false, lapsed: false, dueOn: '2026-06-11' });
    const late = measureBullyingInquiries([kase(1, '2026-06-01', '2026-06-11', null), kase(2, '2026-06-05', '2026-06-15', '2026-06-06')], year, '2026-06-12');
    expect(late).toMatchObject({ ok: false, lapsed: true, value: 1, target: 2, recordIds: [1] });
    expect(late.phrase).toContain('2026-06-01 报告，限 2026-06-11');
    // A case reported in another year is not judged in this one.
    expect(measureBullyingInquiries([kase(1, '2025-12-30', '2026-01-09', null)], year, '2026-06-12')).toMatchObject({ ok: true, target: 0 });
  });
});
