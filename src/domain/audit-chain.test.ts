import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH, verifyChain, type ChainedFields } from './audit-chain.js';

const base = (i: number): ChainedFields => ({
  id: i,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  districtId: 1,
  actorId: 7,
  actorName: '赵安平',
  actorUnitId: 1,
  action: 'update',
  objectType: 'unit',
  objectId: String(i),
  before: { name: '旧名', gateCount: 1 },
  after: { gateCount: 2, name: '新名' },
  result: 'success',
  ip: '127.0.0.1',
});

function chain(n: number) {
  const out: Array<ChainedFields & { prevHash: string; hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = base(i);
    const hash = eventHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('ignores key order, as jsonb does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('verifies an intact chain', () => {
    expect(verifyChain(chain(5))).toBeNull();
  });
  it('detects an edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2], after: { gateCount: 3, name: '新名' } };
    expect(verifyChain(events)).toEqual({ id: 3, reason: 'hash_mismatch' });
  });
  it('detects a removed event', () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyChain(events)).toEqual({ id: 3, reason: 'prev_mismatch' });
  });
  it('detects a re-hashed edit, because the next event still points at the old hash', () => {
    const events = chain(5);
    const edited = { ...events[1], actorName: '他人' };
    events[1] = { ...edited, hash: eventHash(edited.prevHash, edited) };
    expect(verifyChain(events)).toEqual({ id: 3, reason: 'prev_mismatch' });
  });
});
