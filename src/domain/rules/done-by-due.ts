// The measure of a ledger whose records each carry their own due day (a bullying case's inquiry, a
// petition's reply …): every record begun in the period is done by its day. One still open past its
// day is missed, one done late stays lapsed for the period, and one whose day has not come is not
// yet due. The words are the caller's; the engine judges met / due soon / missed from the result.

export interface DueRecord {
  id: number;
  /** The day the record began (reported, received): it falls in the period by this day. */
  on: string;
  dueOn: string;
  /** The day it was done, null while open. */
  doneOn: string | null;
}

export interface DueWords {
  /** Nothing begun in the period. */
  none: string;
  /** `${total} 起…中 ${late} 起未…` followed by the first examples. */
  late: (total: number, late: number) => string;
  /** How one late record is named in the examples. */
  example: (r: DueRecord) => string;
  pending: (open: number, earliestDue: string) => string;
  allOnTime: (total: number) => string;
}

export function measureDoneByDue(records: readonly DueRecord[], period: { startsOn: string; endsOn: string }, asOf: string, words: DueWords) {
  const inPeriod = records.filter((r) => r.on >= period.startsOn && r.on <= period.endsOn && r.on <= asOf);
  const late = inPeriod.filter((r) => (r.doneOn ? r.doneOn > r.dueOn : r.dueOn < asOf));
  const pending = inPeriod.filter((r) => !r.doneOn && r.dueOn >= asOf);
  const ids = (late.length ? late : inPeriod).map((r) => r.id);
  if (!inPeriod.length) return { applicable: true, ok: true, lapsed: false, value: 0, target: 0, recordIds: [] as number[], phrase: words.none };
  if (late.length)
    return {
      applicable: true,
      ok: false,
      lapsed: true,
      value: inPeriod.length - late.length,
      target: inPeriod.length,
      recordIds: ids,
      phrase: `${words.late(inPeriod.length, late.length)}（${late.slice(0, 3).map(words.example).join('；')}${late.length > 3 ? ' 等' : ''}）`,
    };
  if (pending.length) {
    const next = pending.reduce((a, b) => (b.dueOn < a.dueOn ? b : a));
    // Not ok yet: the engine shows it due soon within the rule's window, else met with the day to come.
    return { applicable: true, ok: false, lapsed: false, value: inPeriod.length - pending.length, target: inPeriod.length, dueOn: next.dueOn, recordIds: ids, phrase: words.pending(pending.length, next.dueOn) };
  }
  return { applicable: true, ok: true, lapsed: false, value: inPeriod.length, target: inPeriod.length, recordIds: ids, phrase: words.allOnTime(inPeriod.length) };
}
