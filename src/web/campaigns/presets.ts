// Moving a seed's preset (002 闵行 or 004 三年行动, from GET /campaigns/presets) to the day the
// bureau wants to start: every date moves by the same number of days, so phases keep their lengths.
import { addDays, daysBetween } from '../../domain/dates.js';

interface Dated {
  name: string;
  startsOn: string;
  endsOn: string;
  selfCheckDue: string | null;
  phases: Array<{ startsOn: string; endsOn: string }>;
}

export function shiftPreset<P extends Dated>(p: P, startsOn: string): P {
  const by = daysBetween(p.startsOn, startsOn);
  if (!by) return p;
  const mv = (d: string) => addDays(d, by);
  // "2026年校园安全专项整治" moved into 2027 is named for 2027.
  const from = p.startsOn.slice(0, 4);
  const to = startsOn.slice(0, 4);
  return {
    ...p,
    name: p.name.startsWith(`${from}年`) ? `${to}年${p.name.slice(from.length + 1)}` : p.name,
    startsOn: mv(p.startsOn),
    endsOn: mv(p.endsOn),
    selfCheckDue: p.selfCheckDue ? mv(p.selfCheckDue) : null,
    phases: p.phases.map((ph) => ({ ...ph, startsOn: mv(ph.startsOn), endsOn: mv(ph.endsOn) })),
  };
}

/**
 * Where a preset starts by default: its own start when that is today or later, otherwise the same
 * month and day next year (a campaign is planned ahead, not in the past).
 */
export function defaultStart(presetStart: string, today: string): string {
  if (presetStart >= today) return presetStart;
  const md = presetStart.slice(4);
  const thisYear = `${today.slice(0, 4)}${md}`;
  return thisYear >= today ? thisYear : `${Number(today.slice(0, 4)) + 1}${md}`;
}
