// Reminders for a duty entry not confirmed (issue 17: "a missed duty confirmation"). The person on
// duty confirms their own entry from its day on (签字压责, src/server/duty/duty.service.ts), and a day
// counts as covered only once confirmed (000 item 4: a leader in charge every holiday day; 003: a
// leader and a staff member on 24-hour duty every day of a key period; domain/duty-cover.ts gives
// two days before an unconfirmed day is a shortfall, a 24-hour shift being confirmed the morning
// after). So: the person is reminded on the morning of the day, once the shift is under way; if it
// is still unconfirmed the next morning, when a 24-hour shift has ended, the school's principal and
// safety officers are told; after the two days the compliance board carries it instead.
// Pure: the instant is passed in, days and hours are Beijing time.
import { addDays, shanghaiDate } from './dates.js';

/** The hour (Beijing time) of the duty day from which the person on duty is reminded. */
export const DUTY_REMIND_HOUR = 10;
/** Days after the duty day on which reminders still go out (domain/duty-cover.ts's two days). */
export const DUTY_REMIND_DAYS = 2;

export type DutyReminderStage = 'person' | 'school';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The instant the duty day `day` reaches `hour` o'clock Beijing time. */
export function beijingHour(day: string, hour: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + hour * 3_600_000);
}

/** The oldest duty day still reminded about at this instant. */
export const oldestRemindedDay = (now: Date) => addDays(shanghaiDate(now), -DUTY_REMIND_DAYS);

/** The reminders due at `now` for an unconfirmed entry of `dutyOn`, none once confirmed or too old. */
export function dutyReminderStages(dutyOn: string, confirmed: boolean, now: Date): DutyReminderStage[] {
  if (confirmed || dutyOn < oldestRemindedDay(now)) return [];
  const out: DutyReminderStage[] = [];
  if (now >= beijingHour(dutyOn, DUTY_REMIND_HOUR)) out.push('person');
  if (now >= beijingHour(addDays(dutyOn, 1), DUTY_REMIND_HOUR)) out.push('school');
  return out;
}
