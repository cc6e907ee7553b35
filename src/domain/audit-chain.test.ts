import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainWalker,
  checkpointTracker,
  districtEventHash,
  eventHash,
  GENESIS_HASH,
  keyedEventHash,
  SEALED_FIELDS,
  signCheckpoint,
  verifyChain,
  type ChainedFields,
  type SealedFields,
} from './audit-chain.js';

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

const KEY = Buffer.from('unit-test-audit-key-0123456789abcdef');
const sealed = (i: number): SealedFields => ({ ...base(i), actorUnitName: '示范区教育局', actorUnitPath: '/1/' });

type Stored = SealedFields & { prevHash: string; hash: string };
/** `old` v1 events, then `keyed` v2 events, chained. */
function mixed(old: number, keyed: number, key: Uint8Array = KEY) {
  const out: Stored[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= old + keyed; i++) {
    const e = sealed(i);
    const hash = i <= old ? eventHash(prev, e) : keyedEventHash(key, prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('keyed audit chain (issue 11 item 5)', () => {
  it('hashes every content field: changing any one changes the hash', () => {
    const e = sealed(1);
    const h = keyedEventHash(KEY, GENESIS_HASH, e);
    expect(h).toMatch(/^v2:[0-9a-f]{64}$/);
    const other: Record<string, unknown> = {
      at: new Date(0), districtId: 2, actorId: 8, actorName: '他人', actorUnitId: 2, actorUnitName: '他校', actorUnitPath: '/1/9/',
      action: 'delete', objectType: 'user', objectId: 'x', before: { a: 1 }, after: null, result: 'failure', ip: '10.0.0.1',
    };
    expect(Object.keys(other).sort()).toEqual([...SEALED_FIELDS].sort());
    for (const field of SEALED_FIELDS) expect(keyedEventHash(KEY, GENESIS_HASH, { ...e, [field]: other[field] }), field).not.toBe(h);
  });
  it('refuses to hash an event with a field missing', () => {
    const { actorUnitPath: _, ...rest } = sealed(1);
    expect(() => keyedEventHash(KEY, GENESIS_HASH, rest as SealedFields)).toThrow(/actorUnitPath/);
  });
  it('detects an edited actor unit path', () => {
    const events = mixed(0, 4);
    events[1] = { ...events[1], actorUnitPath: '/1/99/' };
    expect(verifyChain(events, GENESIS_HASH, KEY)).toEqual({ id: 2, reason: 'hash_mismatch' });
  });
  it('detects a tail rewritten and re-chained without the key: another key, or the unkeyed hash', () => {
    const events = mixed(0, 5);
    const guessed = Buffer.from('attacker-guess-0123456789abcdef012345');
    const rewritten = (hashOf: (prev: string, e: SealedFields) => string) => {
      const out = events.slice(0, 3);
      let prev = out[2].hash;
      for (const e of events.slice(3)) {
        const edited = { ...e, actorUnitPath: '/1/99/', prevHash: prev };
        const hash = hashOf(prev, edited);
        out.push({ ...edited, hash });
        prev = hash;
      }
      return out;
    };
    expect(verifyChain(rewritten((p, e) => keyedEventHash(guessed, p, e)), GENESIS_HASH, KEY)).toEqual({ id: 4, reason: 'hash_mismatch' });
    expect(verifyChain(rewritten((p, e) => eventHash(p, e)), GENESIS_HASH, KEY)).toEqual({ id: 4, reason: 'downgrade' });
  });
  it('verifies old unkeyed events followed by keyed ones', () => {
    expect(verifyChain(mixed(3, 3), GENESIS_HASH, KEY)).toBeNull();
    expect(verifyChain(mixed(3, 3), GENESIS_HASH, Buffer.from('another-key-0123456789abcdef0123456'))).toEqual({ id: 4, reason: 'hash_mismatch' });
  });
  it('refuses unkeyed events after the switch-over checkpoint', () => {
    const walk = chainWalker({ key: KEY, keyedAfterId: 2 });
    const events = mixed(3, 0);
    expect(walk.push(events[0])).toBeNull();
    expect(walk.push(events[1])).toBeNull();
    expect(walk.push(events[2])).toEqual({ id: 3, reason: 'downgrade' });
  });
  it('checkpoints: each names an event that must still be there with its hash', () => {
    const events = mixed(2, 4);
    const at = new Date('2026-01-01T00:00:00Z');
    const marks = [signCheckpoint(KEY, { eventId: 0, hash: GENESIS_HASH }, at), signCheckpoint(KEY, { eventId: 5, hash: events[4].hash }, at)];
    const run = (list: Stored[], checkpoints = marks) => {
      const t = checkpointTracker(KEY, checkpoints);
      const start = t.start();
      if (start) return start;
      for (const e of list) {
        const b = t.seen(e);
        if (b) return b;
      }
      return t.end();
    };
    expect(run(events)).toBeNull();
    // The newest events deleted, back to before the checkpoint.
    expect(run(events.slice(0, 4))).toEqual({ id: 5, reason: 'checkpoint_missing' });
    // After the checkpoint: not detectable.
    expect(run(events.slice(0, 5))).toBeNull();
    expect(run(events.map((e) => (e.id === 5 ? { ...e, hash: 'v2:' + '1'.repeat(64) } : e)))).toEqual({ id: 5, reason: 'checkpoint_mismatch' });
    expect(run(events, [{ ...marks[1], eventId: 4 }])).toEqual({ id: 4, reason: 'checkpoint_forged' });
    expect(run(events, [signCheckpoint(Buffer.from('another-key-0123456789abcdef0123456'), { eventId: 5, hash: events[4].hash }, at)])).toEqual({
      id: 5,
      reason: 'checkpoint_forged',
    });
  });
});

describe('one chain per district (issue 18)', () => {
  /** `keyed` v2 events of district 1, then v3 events of the districts given, each chained in its own district. */
  function perDistrict(keyed: number, districts: Array<number | null>) {
    const out: Stored[] = mixed(0, keyed);
    const heads = new Map<number | null, string>(out.length ? [[1, out.at(-1)!.hash]] : []);
    districts.forEach((d, k) => {
      const e = { ...sealed(keyed + k + 1), districtId: d };
      const prevHash = heads.get(d) ?? GENESIS_HASH;
      const hash = districtEventHash(KEY, prevHash, e);
      out.push({ ...e, prevHash, hash });
      heads.set(d, hash);
    });
    return out;
  }

  it("verifies interleaved districts, each going on from its own last event (the first from the shared chain's)", () => {
    const events = perDistrict(2, [1, 2, 1, null, 2, 1]);
    expect(events[2].prevHash).toBe(events[1].hash); // district 1 goes on from its last v2 event
    expect(events[3].prevHash).toBe(GENESIS_HASH); // district 2 had none
    expect(events[4].prevHash).toBe(events[2].hash); // not from district 2's event between
    expect(verifyChain(events, GENESIS_HASH, KEY)).toBeNull();
  });

  it("finds a district's event removed, or linked to another district's event", () => {
    const events = perDistrict(0, [1, 2, 1, 2]);
    expect(verifyChain(events.filter((e) => e.id !== 1), GENESIS_HASH, KEY)).toEqual({ id: 3, reason: 'prev_mismatch' });
    const crossed = { ...events[2], prevHash: events[1].hash };
    crossed.hash = districtEventHash(KEY, crossed.prevHash, crossed);
    expect(verifyChain([events[0], events[1], crossed, events[3]], GENESIS_HASH, KEY)).toEqual({ id: 3, reason: 'prev_mismatch' });
  });

  it('does not take a v2 hash for a v3 one, nor a shared-chain event after a district one', () => {
    const events = perDistrict(1, [1, 1]);
    const asV2 = { ...events[2], hash: keyedEventHash(KEY, events[2].prevHash, events[2]) };
    expect(verifyChain([events[0], events[1], asV2], GENESIS_HASH, KEY)).toEqual({ id: 3, reason: 'downgrade' });
    const forged = { ...events[2], hash: 'v3:' + keyedEventHash(KEY, events[2].prevHash, events[2]).slice(3) };
    expect(verifyChain([events[0], events[1], forged], GENESIS_HASH, KEY)).toEqual({ id: 3, reason: 'hash_mismatch' });
    expect(verifyChain(events, GENESIS_HASH, Buffer.from('another-key-0123456789abcdef0123456'))).toEqual({ id: 1, reason: 'hash_mismatch' });
  });

  it('takes the first checkpoint in the file as the switch-over, not the smallest', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const events = mixed(3, 0);
    // One run of checkpoints names every chain's head, the newest first: here event 3, then event 2.
    const marks = [signCheckpoint(KEY, { eventId: 3, hash: events[2].hash }, at), signCheckpoint(KEY, { eventId: 2, hash: events[1].hash }, at)];
    expect(checkpointTracker(KEY, marks).keyedAfterId).toBe(3);
  });
});
