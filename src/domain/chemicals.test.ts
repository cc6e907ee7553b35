// The chemical balance (003: 采购、保存、使用、处置全程可追溯; issue 15 item 4) as a pure function,
// with property tests: whatever sequence of movements is offered, the ones accepted never take the
// balance below zero, a disposal larger than the balance is refused, and the balance is always the
// purchases and returns minus the issues and disposals accepted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.js';
import { applyMovement, balanceOn, emptyState, keepersProblem, latestCount, replay, toMilli, type ChemicalMovement, type ChemicalMovementKind, type ChemicalState } from './chemicals.js';

const kinds: ChemicalMovementKind[] = ['purchase', 'issue', 'return', 'disposal', 'count'];
const movementArb = fc.record({
  kind: fc.constantFrom(...kinds),
  dayOffset: fc.integer({ min: 0, max: 60 }),
  qty: fc.integer({ min: 0, max: 5000 }),
  pick: fc.nat(),
});

/** Offers each movement in turn (ids in order), keeping only those accepted, as the service does. */
function offer(seq: Array<{ kind: ChemicalMovementKind; qty: number; pick: number }>) {
  let s: ChemicalState = emptyState();
  const accepted: ChemicalMovement[] = [];
  const balances: number[] = [];
  seq.forEach((x, i) => {
    const issues = [...s.outstanding.keys()];
    const m: ChemicalMovement = { id: i + 1, kind: x.kind, day: '2026-03-01', qty: x.qty, issueId: issues.length ? issues[x.pick % issues.length] : null };
    const r = applyMovement(s, m);
    if (r.ok) {
      s = r.state;
      accepted.push(m);
    }
    balances.push(s.balance);
  });
  return { s, accepted, balances };
}

describe('chemical balance computed from movements (003; issue 15 item 4)', () => {
  it('property: no sequence of movements offered leaves a negative balance', () => {
    fc.assert(
      fc.property(fc.array(movementArb, { maxLength: 60 }), (seq) => {
        const { balances } = offer(seq);
        expect(balances.every((b) => b >= 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the balance is purchases + returns − issues − disposals of the accepted movements, and replaying them gives it again', () => {
    fc.assert(
      fc.property(fc.array(movementArb, { maxLength: 60 }), (seq) => {
        const { s, accepted } = offer(seq);
        const sign: Record<ChemicalMovementKind, number> = { purchase: 1, return: 1, issue: -1, disposal: -1, count: 0 };
        expect(s.balance).toBe(accepted.reduce((n, m) => n + sign[m.kind] * m.qty, 0));
        const again = replay(accepted);
        expect(again.problem).toBeNull();
        expect(again.state.balance).toBe(s.balance);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a disposal (or an issue) larger than the balance is refused naming the quantity', () => {
    fc.assert(
      fc.property(fc.array(movementArb, { maxLength: 30 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom<ChemicalMovementKind>('disposal', 'issue'), (seq, extra, kind) => {
        const { s } = offer(seq);
        const r = applyMovement(s, { id: 999, kind, day: '2026-03-02', qty: s.balance + extra });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.problem.field).toBe('quantity');
      }),
      { numRuns: 200 },
    );
  });

  it('property: in any day order, removing an accepted purchase is either refused by replay or leaves no negative balance', () => {
    fc.assert(
      fc.property(fc.array(movementArb, { minLength: 1, maxLength: 40 }), (seq) => {
        const ms: ChemicalMovement[] = seq.map((x, i) => ({ id: i + 1, kind: x.kind, day: addDays('2026-03-01', x.dayOffset), qty: x.qty, issueId: null }));
        const { state, problem } = replay(ms);
        if (!problem) expect(state.balance).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('boundaries: disposal of exactly the balance is accepted, one thousandth more is refused', () => {
    const p = applyMovement(emptyState(), { id: 1, kind: 'purchase', day: '2026-03-01', qty: toMilli(500) });
    expect(p.ok).toBe(true);
    const s = (p as { state: ChemicalState }).state;
    expect(applyMovement(s, { id: 2, kind: 'disposal', day: '2026-03-02', qty: toMilli(500) }).ok).toBe(true);
    const over = applyMovement(s, { id: 2, kind: 'disposal', day: '2026-03-02', qty: toMilli(500.001) });
    expect(over).toMatchObject({ ok: false, problem: { field: 'quantity' } });
    expect(applyMovement(s, { id: 3, kind: 'purchase', day: '2026-03-02', qty: 0 })).toMatchObject({ ok: false, problem: { field: 'quantity', message: '数量须大于 0' } });
    expect(applyMovement(s, { id: 3, kind: 'count', day: '2026-03-02', qty: 0 }).ok).toBe(true);
  });

  it('a return is of an issue of the chemical and no larger than what is still out', () => {
    const ms: ChemicalMovement[] = [
      { id: 1, kind: 'purchase', day: '2026-03-01', qty: 1000 },
      { id: 2, kind: 'issue', day: '2026-03-02', qty: 300 },
      { id: 3, kind: 'return', day: '2026-03-02', qty: 200, issueId: 2 },
    ];
    expect(replay(ms).state.balance).toBe(900);
    expect(replay([...ms, { id: 4, kind: 'return', day: '2026-03-03', qty: 101, issueId: 2 }]).problem).toMatchObject({ field: 'quantity', movementId: 4 });
    expect(replay([...ms, { id: 4, kind: 'return', day: '2026-03-03', qty: 100, issueId: 2 }]).state.balance).toBe(1000);
    expect(replay([...ms, { id: 4, kind: 'return', day: '2026-03-03', qty: 1, issueId: 77 }]).problem).toMatchObject({ field: 'issueId' });
  });

  it('a back-dated issue that would leave a later disposal without stock is refused; order is by day then id', () => {
    const ms: ChemicalMovement[] = [
      { id: 1, kind: 'purchase', day: '2026-03-01', qty: 1000 },
      { id: 2, kind: 'disposal', day: '2026-03-10', qty: 800 },
    ];
    const r = replay([...ms, { id: 3, kind: 'issue', day: '2026-03-05', qty: 300 }]);
    expect(r.problem).toMatchObject({ movementId: 2, field: 'quantity' });
    expect(balanceOn(ms, '2026-03-05')).toBe(1000);
    expect(balanceOn(ms, '2026-03-10')).toBe(200);
  });

  it('a count records the balance computed at it: a difference is a finding (账实不符), equal is none', () => {
    const ms: ChemicalMovement[] = [
      { id: 1, kind: 'purchase', day: '2026-03-01', qty: 1000 },
      { id: 2, kind: 'issue', day: '2026-03-02', qty: 250 },
      { id: 3, kind: 'count', day: '2026-03-31', qty: 700 },
    ];
    expect(latestCount(replay(ms).state)).toMatchObject({ countId: 3, expected: 750, counted: 700, difference: -50 });
    // The missing issue recorded on its day: the count now matches.
    const fixed = [...ms, { id: 4, kind: 'issue' as const, day: '2026-03-20', qty: 50 }];
    expect(latestCount(replay(fixed).state)?.difference).toBe(0);
  });

  it('双人双锁: the two keepers are different people (002 area 2)', () => {
    expect(keepersProblem('王磊', '王磊 ')).toMatchObject({ field: 'keeperB' });
    expect(keepersProblem('王磊', '李娜')).toBeNull();
  });
});
