// Disputes and petitions (矛盾纠纷排查与信访, issue 22): their deadlines, state and checks, pure.
// 000 item 3 asks for regular screening of disputes among the school, staff, parents and pupils,
// resolved in time, with no group or over-the-level petitions (避免群访、越级上访); 003 第三部分之六
// asks for petitions to be screened and settled at the grass roots. The seeds set no number of
// days: the petition's comes from the national regulation, the dispute's is the district's own.
import { addDays } from './dates.js';
import { measureDoneByDue } from './rules/done-by-due.js';

export interface DisputeDeadlines {
  /** A petition is concluded within this many days of being received. */
  petitionReplyDays: number;
  /** A dispute is resolved within this many days of being found. */
  disputeResolveDays: number;
  /** Reminders start this many days before the deadline. */
  remindDays: number;
  /** A petition brought by this many people or more is a group petition (群访). */
  groupPetitioners: number;
  notes: string[];
}

export const DEFAULT_DISPUTE_DEADLINES: DisputeDeadlines = {
  petitionReplyDays: 60,
  disputeResolveDays: 30,
  remindDays: 7,
  groupPetitioners: 5,
  notes: [
    '信访事项办结时限（默认 60 日）：规则 disputes.petition_reply，《信访工作条例》（2022）——信访事项应当自受理之日起 60 日内办结；本系统自登记之日起计，偏严',
    '矛盾纠纷化解时限（默认 30 日）：规则 disputes.dispute_resolve，000 第3条、003 第三部分之六要求“及时调处、化解”未规定天数，为本区默认',
    '两项时限由教育局在“规则配置”中修改（生成规则包新版本），只影响此后登记的记录',
    '群访 5 人：《信访工作条例》——多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过 5 人；5 人及以上视为群体访',
    '到期前 7 日起提醒承办学校：本区默认',
  ],
};

export type DisputeKind = 'dispute' | 'petition';
export type DisputeState = 'open' | 'due_soon' | 'overdue' | 'concluded';

/** The day by which a dispute is resolved or a petition concluded. */
export function disputeDueOn(kind: DisputeKind, receivedOn: string, d: DisputeDeadlines = DEFAULT_DISPUTE_DEADLINES): string {
  return addDays(receivedOn, kind === 'petition' ? d.petitionReplyDays : d.disputeResolveDays);
}

/** Concluded, or by today against the deadline: overdue after the due day, due soon within remindDays of it. */
export function disputeState(r: { dueOn: string; concludedOn: string | null }, today: string, d: DisputeDeadlines = DEFAULT_DISPUTE_DEADLINES): DisputeState {
  if (r.concludedOn) return 'concluded';
  if (today > r.dueOn) return 'overdue';
  if (today >= addDays(r.dueOn, -d.remindDays)) return 'due_soon';
  return 'open';
}

export function isGroupPetition(kind: DisputeKind, petitioners: number | null, d: DisputeDeadlines = DEFAULT_DISPUTE_DEADLINES): boolean {
  return kind === 'petition' && petitioners !== null && petitioners >= d.groupPetitioners;
}

export interface DisputeDraft {
  kind: DisputeKind;
  channel?: string | null;
  receivedOn: string;
  petitioners?: number | null;
}

/** The first problem of a record, naming its field: a petition has a channel and a count, a dispute neither; no day in the future. */
export function disputeProblem(d: DisputeDraft, today: string): { field: string; message: string } | null {
  if (d.receivedOn > today) return { field: 'receivedOn', message: '登记日期不能晚于今天' };
  if (d.kind === 'petition') {
    if (!d.channel) return { field: 'channel', message: '请选择信访渠道' };
    if (d.petitioners === null || d.petitioners === undefined) return { field: 'petitioners', message: '请填写信访人数' };
  } else {
    if (d.channel) return { field: 'channel', message: '矛盾纠纷不填信访渠道' };
    if (d.petitioners !== null && d.petitioners !== undefined) return { field: 'petitioners', message: '矛盾纠纷不填信访人数' };
  }
  return null;
}

/** The conclusion's problem: not before the record or any step, not in the future; a petition's needs the petitioner's view. */
export function conclusionProblem(
  r: { kind: DisputeKind; receivedOn: string; lastStepOn: string | null },
  c: { concludedOn: string; petitionerView?: string | null },
  today: string,
): { field: string; message: string } | null {
  if (c.concludedOn > today) return { field: 'concludedOn', message: '办结日期不能晚于今天' };
  if (c.concludedOn < r.receivedOn) return { field: 'concludedOn', message: `办结日期不能早于登记日期（${r.receivedOn}）` };
  if (r.lastStepOn && c.concludedOn < r.lastStepOn) return { field: 'concludedOn', message: `办结日期不能早于最后一次办理（${r.lastStepOn}）` };
  if (r.kind === 'petition' && !c.petitionerView) return { field: 'petitionerView', message: '请选择信访人对答复的评价' };
  if (r.kind === 'dispute' && c.petitionerView) return { field: 'petitionerView', message: '矛盾纠纷不填信访人评价' };
  return null;
}

/** A step's day: not before the record, not in the future. */
export function stepProblem(r: { receivedOn: string }, on: string, today: string): { field: string; message: string } | null {
  if (on > today) return { field: 'on', message: '办理日期不能晚于今天' };
  if (on < r.receivedOn) return { field: 'on', message: `办理日期不能早于登记日期（${r.receivedOn}）` };
  return null;
}

// ---- the rule pack (rules disputes.petition_reply and disputes.dispute_resolve) -----------------------

/** The rules whose thresholds are the days of each kind: read when a record is made (its due day stays). */
export const DISPUTE_RULES: Record<DisputeKind, string> = { petition: 'disputes.petition_reply', dispute: 'disputes.dispute_resolve' };

/** One record as the compliance board reads it. */
export interface DisputeRecord {
  id: number;
  unitId: number;
  kind: DisputeKind;
  receivedOn: string;
  dueOn: string;
  concludedOn: string | null;
}

/**
 * 000 item 3 (及时调处、化解) and 003 第三部分之六 (将矛盾解决在基层和萌芽状态): every record of the kind
 * received in the period is concluded by its due day (the pack's days when it was recorded). One
 * still open past its day is missed, one concluded late stays lapsed for the period, and one whose
 * day has not come is not yet due.
 */
export function measureDisputesOnTime(records: readonly DisputeRecord[], kind: DisputeKind, period: { startsOn: string; endsOn: string }, asOf: string) {
  const what = kind === 'petition' ? '信访事项' : '矛盾纠纷';
  return measureDoneByDue(
    records.filter((r) => r.kind === kind).map((r) => ({ id: r.id, on: r.receivedOn, dueOn: r.dueOn, doneOn: r.concludedOn })),
    period,
    asOf,
    {
      none: `本期没有登记${what}`,
      late: (total, late) => `${total} 件${what}中 ${late} 件未在期限内办结`,
      example: (r) => `${r.on} 登记，限 ${r.dueOn}`,
      pending: (open, due) => `${open} 件${what}办理中，最早须在 ${due} 前办结`,
      allOnTime: (total) => `${total} 件${what}均在期限内办结`,
    },
  );
}
