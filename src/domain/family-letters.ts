// Letters to families (告家长书, issue 22; 000 item 13 家校): the pure rules of a letter's days and of a
// guardian's link. A link works from the day the letter is sent to the end of its due day (Asia/Shanghai)
// and then expires; a withdrawn letter's links stop at once.
import { MAX_LETTER_OPEN_DAYS, type FamilyLetterState } from '../contracts/family-letters.js';
import { addDays } from './dates.js';

export function letterState(dueOn: string, today: string): FamilyLetterState {
  return today > dueOn ? 'closed' : 'open';
}

/** The days of a letter, checked when it is sent or corrected; the field at fault and why. */
export function letterDaysProblem(sentOn: string, dueOn: string, today: string): { field: 'sentOn' | 'dueOn'; message: string } | null {
  if (sentOn > today) return { field: 'sentOn', message: '发送日期不能晚于今天' };
  if (dueOn < sentOn) return { field: 'dueOn', message: '回执截止日期不能早于发送日期' };
  // The links expire (issue 22): a letter stays open at most MAX_LETTER_OPEN_DAYS days.
  if (dueOn > addDays(sentOn, MAX_LETTER_OPEN_DAYS)) return { field: 'dueOn', message: `回执截止日期最晚为发送后 ${MAX_LETTER_OPEN_DAYS} 天（${addDays(sentOn, MAX_LETTER_OPEN_DAYS)}）` };
  return null;
}

export type LinkRefusal = 'not_found' | 'withdrawn' | 'expired';

/** Why a guardian's link opens nothing: a withdrawn letter, a day past its due day. */
export function linkRefusal(letter: { status: string; dueOn: string }, today: string): LinkRefusal | null {
  if (letter.status !== 'recorded') return 'withdrawn';
  if (letterState(letter.dueOn, today) === 'closed') return 'expired';
  return null;
}

/** A slip's token: 32 lowercase hex digits (gen_random_uuid without its dashes). */
export const isLetterToken = (s: string) => /^[0-9a-f]{32}$/.test(s);

/** The share confirmed, as a whole percentage for display (0 of 0 is 0). */
export function confirmRate(confirmed: number, pupils: number): number {
  return pupils === 0 ? 0 : Math.floor((confirmed * 100) / pupils);
}
