import { describe, expect, it } from 'vitest';
import { beijingHour, dutyReminderStages } from './duty-reminders.js';

// 2026-10-01 10:00 Beijing is 02:00 UTC.
const at = (iso: string) => new Date(iso);

describe('duty confirmation reminders (000 item 4, 003)', () => {
  it('reads the hour in Beijing time', () => {
    expect(beijingHour('2026-10-01', 10).toISOString()).toBe('2026-10-01T02:00:00.000Z');
    expect(beijingHour('2026-10-01', 0).toISOString()).toBe('2026-09-30T16:00:00.000Z');
  });

  it('reminds the person from 10:00 of the day, the school from 10:00 the next day', () => {
    expect(dutyReminderStages('2026-10-01', false, at('2026-10-01T01:59:59Z'))).toEqual([]);
    expect(dutyReminderStages('2026-10-01', false, at('2026-10-01T02:00:00Z'))).toEqual(['person']);
    expect(dutyReminderStages('2026-10-01', false, at('2026-10-02T01:59:59Z'))).toEqual(['person']);
    expect(dutyReminderStages('2026-10-01', false, at('2026-10-02T02:00:00Z'))).toEqual(['person', 'school']);
    // A day ahead: nothing yet.
    expect(dutyReminderStages('2026-10-02', false, at('2026-10-01T12:00:00Z'))).toEqual([]);
  });

  it('says nothing once confirmed, nor after the two days the compliance board takes over', () => {
    expect(dutyReminderStages('2026-10-01', true, at('2026-10-02T05:00:00Z'))).toEqual([]);
    // 2026-10-03 in Beijing (two days after): still; 2026-10-04: no longer.
    expect(dutyReminderStages('2026-10-01', false, at('2026-10-03T15:59:59Z'))).toEqual(['person', 'school']);
    expect(dutyReminderStages('2026-10-01', false, at('2026-10-03T16:00:00Z'))).toEqual([]);
  });
});
