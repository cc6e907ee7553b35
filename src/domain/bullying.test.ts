import { describe, expect, it } from 'vitest';
import { DEFAULT_INQUIRY_DAYS, handlingProblem, inquiryDueOn, inquiryOverdueDays, opensIncident, pupilsProblem, reportedOnProblem, screeningCountsProblem, stepFrom } from './bullying.js';

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
