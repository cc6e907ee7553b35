// Letters to families (issue 22; 000 item 13 家校): the days a letter and its links are open.
import { describe, expect, it } from 'vitest';
import { confirmRate, isLetterToken, letterDaysProblem, letterState, linkRefusal } from './family-letters.js';

describe('a letter’s days (issue 22: the link expires)', () => {
  it('is open through its due day and closed the day after', () => {
    expect(letterState('2026-07-10', '2026-07-10')).toBe('open');
    expect(letterState('2026-07-10', '2026-07-11')).toBe('closed');
  });
  it('is sent today or before, due on or after it is sent, and open at most 30 days', () => {
    expect(letterDaysProblem('2026-07-02', '2026-07-10', '2026-07-01')?.field).toBe('sentOn');
    expect(letterDaysProblem('2026-07-01', '2026-06-30', '2026-07-01')?.field).toBe('dueOn');
    expect(letterDaysProblem('2026-07-01', '2026-07-01', '2026-07-01')).toBeNull();
    expect(letterDaysProblem('2026-07-01', '2026-07-31', '2026-07-01')).toBeNull();
    expect(letterDaysProblem('2026-07-01', '2026-08-01', '2026-07-01')).toMatchObject({ field: 'dueOn', message: expect.stringContaining('2026-07-31') });
  });
});

describe('a guardian’s link (issue 22: unguessable, expires, withdrawn with the letter)', () => {
  it('opens a recorded letter through its due day only', () => {
    expect(linkRefusal({ status: 'recorded', dueOn: '2026-07-10' }, '2026-07-10')).toBeNull();
    expect(linkRefusal({ status: 'recorded', dueOn: '2026-07-10' }, '2026-07-11')).toBe('expired');
    expect(linkRefusal({ status: 'voided', dueOn: '2026-07-10' }, '2026-07-01')).toBe('withdrawn');
  });
  it('takes a token of 32 hex digits and nothing else', () => {
    expect(isLetterToken('0123456789abcdef0123456789abcdef')).toBe(true);
    expect(isLetterToken('0123456789abcdef0123456789abcde')).toBe(false);
    expect(isLetterToken('0123456789ABCDEF0123456789abcdef')).toBe(false);
    expect(isLetterToken("' or 1=1 --")).toBe(false);
  });
  it('rounds the rate down, so 299 of 300 is not shown as 100 %', () => {
    expect(confirmRate(299, 300)).toBe(99);
    expect(confirmRate(0, 0)).toBe(0);
    expect(confirmRate(300, 300)).toBe(100);
  });
});
