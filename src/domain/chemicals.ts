// The hazardous chemicals ledger (危险化学品台账, 003, 000 item 9, 001 item 19; issue 15 item 4) as
// pure rules: the balance (结存) of a chemical is computed from its movements — purchase (采购入库),
// issue for use (领用), return (归还), disposal (处置) and count (盘点) — never typed. Movements are
// replayed in order of their day, then of their id (a movement recorded later for the same day
// comes after the ones already there). A movement that would take the balance below zero is
// refused (a disposal or an issue larger than the balance, a return larger than what the issue
// still has out); a count does not change the balance, it records what was found on the shelf,
// and a count differing from the computed balance is a finding until the missing movement is
// recorded on its day (003: 全过程、全周期、可追溯).
//
// Quantities are kept in thousandths (integers) so that 0.1 + 0.2 is 0.3: the columns are
// numeric(14,3) and the API speaks decimals.

export const chemicalMovementKinds = ['purchase', 'issue', 'return', 'disposal', 'count'] as const;
export type ChemicalMovementKind = (typeof chemicalMovementKinds)[number];

export interface ChemicalMovement {
  id: number;
  kind: ChemicalMovementKind;
  /** The Shanghai day it happened. */
  day: string;
  /** Thousandths of the chemical's unit; a count's quantity is what was found (may be 0). */
  qty: number;
  /** A return: the issue it returns. */
  issueId?: number | null;
}

export interface CountCheck {
  countId: number;
  day: string;
  counted: number;
  /** The balance computed from the movements up to the count. */
  expected: number;
}

export interface ChemicalState {
  balance: number;
  /** Per issue: what is still out (issued − returned). */
  outstanding: Map<number, number>;
  counts: CountCheck[];
}

export interface MovementProblem {
  field: 'quantity' | 'issueId' | 'kind';
  message: string;
  /** The movement that cannot stand (the new one, or a later one it would break). */
  movementId: number;
}

/** A decimal of the API to thousandths. */
export const toMilli = (q: number) => Math.round(q * 1000);
/** Thousandths back to a decimal. */
export const fromMilli = (m: number) => m / 1000;
/** 1250 → '1.25'. */
export const milliText = (m: number) => String(fromMilli(m));

export const emptyState = (): ChemicalState => ({ balance: 0, outstanding: new Map(), counts: [] });

/** One movement applied to the state, or why it is refused. The state passed in is not changed. */
export function applyMovement(s: ChemicalState, m: ChemicalMovement): { ok: true; state: ChemicalState } | { ok: false; problem: MovementProblem } {
  const next: ChemicalState = { balance: s.balance, outstanding: new Map(s.outstanding), counts: [...s.counts] };
  const problem = applyInPlace(next, m);
  return problem ? { ok: false, problem } : { ok: true, state: next };
}

/**
 * The one implementation of a movement: changes the state given, or says why the movement is
 * refused (leaving the state as it was). replay() keeps one state for the whole ledger: copying the
 * open issues and the counts at every movement made a year of weekly issues quadratic (issue 15's
 * bench: the chemicals rules' replays were seconds of the evaluation).
 */
function applyInPlace(s: ChemicalState, m: ChemicalMovement): MovementProblem | null {
  const refuse = (field: MovementProblem['field'], message: string): MovementProblem => ({ field, message, movementId: m.id });
  if (!Number.isInteger(m.qty) || m.qty < 0 || (m.kind !== 'count' && m.qty === 0)) return refuse('quantity', m.kind === 'count' ? '盘点数量不能为负数' : '数量须大于 0');
  switch (m.kind) {
    case 'purchase':
      s.balance += m.qty;
      return null;
    case 'issue':
      if (m.qty > s.balance) return refuse('quantity', `${m.day} 领用数量超过当时结存（结存 ${milliText(s.balance)}）`);
      s.balance -= m.qty;
      s.outstanding.set(m.id, m.qty);
      return null;
    case 'return': {
      const out = m.issueId == null ? undefined : s.outstanding.get(m.issueId);
      if (out === undefined) return refuse('issueId', '请选择本药品此前的一次领用');
      if (m.qty > out) return refuse('quantity', `归还数量超过该次领用未归还的数量（${milliText(out)}）`);
      s.balance += m.qty;
      s.outstanding.set(m.issueId!, out - m.qty);
      return null;
    }
    case 'disposal':
      if (m.qty > s.balance) return refuse('quantity', `${m.day} 处置数量超过当时结存（结存 ${milliText(s.balance)}）`);
      s.balance -= m.qty;
      return null;
    case 'count':
      s.counts.push({ countId: m.id, day: m.day, counted: m.qty, expected: s.balance });
      return null;
  }
}

/** Movements in the order they are replayed: by day, then by id. */
export function inOrder(movements: readonly ChemicalMovement[]): ChemicalMovement[] {
  return [...movements].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id - b.id));
}

/**
 * Replays a chemical's movements; the first one that cannot stand is the problem. Used for every
 * write: a new movement, a correction and a void are checked against the whole ledger, so a
 * back-dated issue cannot leave a later disposal without stock.
 */
export function replay(movements: readonly ChemicalMovement[]): { state: ChemicalState; problem: MovementProblem | null } {
  const state = emptyState();
  for (const m of inOrder(movements)) {
    // A refused movement leaves the state as it was before it.
    const problem = applyInPlace(state, m);
    if (problem) return { state, problem };
  }
  return { state, problem: null };
}

/** The balance on a day (after that day's movements). */
export function balanceOn(movements: readonly ChemicalMovement[], day: string): number {
  return replay(movements.filter((m) => m.day <= day)).state.balance;
}

/** The latest count and whether it differs from the balance computed at it (a finding: 账实不符). */
export function latestCount(state: ChemicalState): (CountCheck & { difference: number }) | null {
  const c = state.counts.at(-1);
  return c ? { ...c, difference: c.counted - c.expected } : null;
}

// ---- controlled chemicals and keepers ------------------------------------------------------------

/** 易制毒 (precursor chemicals) and 易制爆 (explosive precursors) are controlled (002 area 2). */
export const controlClasses = ['none', 'precursor', 'explosive'] as const;
export type ControlClass = (typeof controlClasses)[number];
export const controlClassLabels: Record<ControlClass, string> = { none: '一般危化品', precursor: '易制毒', explosive: '易制爆' };
export const isControlled = (c: ControlClass) => c !== 'none';

/** 双人双锁: two different keepers hold the two locks of the store. */
export function keepersProblem(keeperA: string, keeperB: string): { field: 'keeperB'; message: string } | null {
  if (keeperA.trim() === keeperB.trim()) return { field: 'keeperB', message: '双人双锁须由两名不同的保管人分别保管' };
  return null;
}
