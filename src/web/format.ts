// Dates and numbers as people read them: dates YYYY-MM-DD, times in Beijing time, counts with units.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.locale('zh-cn');

/** Beijing is UTC+8 all year (no daylight saving). */
const BEIJING_OFFSET_MINUTES = 8 * 60;

export const DASH = '—';

export function beijing(iso: string) {
  return dayjs(iso).utcOffset(BEIJING_OFFSET_MINUTES);
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? beijing(iso).format('YYYY-MM-DD') : DASH;
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? beijing(iso).format('YYYY-MM-DD HH:mm:ss') : DASH;
}

const numberFormat = new Intl.NumberFormat('zh-CN');

/** `1,234 人`; a dash when unknown. */
export function withUnit(n: number | null | undefined, unit: string): string {
  return n === null || n === undefined ? DASH : `${numberFormat.format(n)} ${unit}`;
}

export function yesNo(v: boolean | null | undefined): string {
  if (v === null || v === undefined) return DASH;
  return v ? '是' : '否';
}

export function orDash(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? DASH : String(v);
}
