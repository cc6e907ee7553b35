import dayjs, { type Dayjs } from 'dayjs';
import { beijing } from './format.js';

/** Today in Beijing, YYYY-MM-DD (the day the server's rules use). */
export function todayBeijing(): string {
  return beijing(new Date().toISOString()).format('YYYY-MM-DD');
}

export const toDay = (d: Dayjs | null | undefined): string | undefined => (d ? d.format('YYYY-MM-DD') : undefined);
export const fromDay = (s: string | null | undefined): Dayjs | undefined => (s ? dayjs(s, 'YYYY-MM-DD') : undefined);

/** Whole days from today to a YYYY-MM-DD date (negative: in the past). */
export function daysUntil(day: string, today = todayBeijing()): number {
  return dayjs(day, 'YYYY-MM-DD').diff(dayjs(today, 'YYYY-MM-DD'), 'day');
}
