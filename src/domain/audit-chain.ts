import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Each audit event stores the hash of the one before it, so editing or removing a row breaks
// the chain from that row on. Two versions of the event hash live in one chain (issue 11 item 5):
// - v1, the first: SHA-256 over most columns, no secret. Anyone who can write the table can
//   recompute it, and it left out the actor's unit name and path. Kept only to verify old events.
// - v2: HMAC-SHA256 with a key kept outside the database, over every content column
//   (SEALED_FIELDS). Its hash is stored as `v2:<hex>`, so each event names its own version.
// A v1 event after a v2 event, or after the switch-over checkpoint, is a downgrade and a break.
// - v3 (issue 18): the same keyed hash, but one chain per district instead of one for all: its
//   prev_hash is the hash of the district's previous event (of any version), so writers of two
//   districts never wait for each other. Stored as `v3:<hex>`; a v1 or v2 event after a v3 event
//   is a downgrade. Events without a district form a chain of their own.
export const GENESIS_HASH = '0'.repeat(64);
export const KEYED_PREFIX = 'v2:';
export const DISTRICT_PREFIX = 'v3:';

/** JSON with object keys sorted at every depth: jsonb reorders keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The columns the v1 hash covered. */
export interface ChainedFields {
  id: number;
  at: Date;
  districtId: number | null;
  actorId: number | null;
  actorName: string | null;
  actorUnitId: number | null;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  result: string;
  ip: string | null;
}

/** Every content column of audit_events: the v2 hash covers all of them. */
export interface SealedFields extends ChainedFields {
  actorUnitName: string | null;
  // The path decides who may read the event, so it must not change unseen.
  actorUnitPath: string | null;
}

/**
 * The fields of the v2 hash, by name. Not hashed: `id` (the prev_hash link fixes each event's
 * place) and the chain columns themselves. A test compares this list with the table's columns, so
 * a column added to audit_events and left out here fails the build's tests.
 */
export const SEALED_FIELDS = [
  'at',
  'districtId',
  'actorId',
  'actorName',
  'actorUnitId',
  'actorUnitName',
  'actorUnitPath',
  'action',
  'objectType',
  'objectId',
  'before',
  'after',
  'result',
  'ip',
] as const satisfies ReadonlyArray<Exclude<keyof SealedFields, 'id'>>;

// Compile-time: every field of SealedFields but the id is in SEALED_FIELDS.
type Missing = Exclude<keyof SealedFields, 'id' | (typeof SEALED_FIELDS)[number]>;
const _allSealed: [Missing] extends [never] ? true : Missing = true;
void _allSealed;

/** v1: kept to verify events written before the keyed chain. */
export function eventHash(prevHash: string, e: ChainedFields): string {
  // The id is not hashed: the prev_hash link already fixes each event's place in the chain.
  const body = canonicalJson({
    at: e.at.toISOString(),
    districtId: e.districtId,
    actorId: e.actorId,
    actorName: e.actorName,
    actorUnitId: e.actorUnitId,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    before: e.before ?? null,
    after: e.after ?? null,
    result: e.result,
    ip: e.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** The canonical text of an event for the v2 hash: every sealed field, a missing one is an error. */
export function sealedBody(e: SealedFields, chain: 2 | 3 = 2): string {
  const body: Record<string, unknown> = { chain };
  for (const field of SEALED_FIELDS) {
    const value: unknown = e[field];
    // undefined would vanish from the JSON: a caller that forgot a column must not hash less.
    if (value === undefined) throw new Error(`audit event: ${field} is missing`);
    body[field] = value instanceof Date ? value.toISOString() : value;
  }
  return canonicalJson(body);
}

/** v2: HMAC-SHA256 with the audit key over the previous hash and every content column. */
export function keyedEventHash(key: Uint8Array, prevHash: string, e: SealedFields): string {
  return KEYED_PREFIX + createHmac('sha256', key).update(prevHash).update('\n').update(sealedBody(e)).digest('hex');
}

/** v3: as v2, in the district's own chain (the body says so, so a v2 hash can never pass for it). */
export function districtEventHash(key: Uint8Array, prevHash: string, e: SealedFields): string {
  return DISTRICT_PREFIX + createHmac('sha256', key).update(prevHash).update('\n').update(sealedBody(e, 3)).digest('hex');
}

export const isKeyedHash = (hash: string) => hash.startsWith(KEYED_PREFIX);
export const isDistrictHash = (hash: string) => hash.startsWith(DISTRICT_PREFIX);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type ChainBreakReason =
  | 'hash_mismatch'
  | 'prev_mismatch'
  /** An unkeyed (v1) event where only keyed ones may be: rewritten without the key. */
  | 'downgrade'
  /** A checkpoint's event has another hash now. */
  | 'checkpoint_mismatch'
  /** A checkpoint's event is no longer in the chain (the newest events were deleted). */
  | 'checkpoint_missing'
  /** A checkpoint whose signature does not hold. */
  | 'checkpoint_forged';

export interface ChainBreak {
  id: number;
  reason: ChainBreakReason;
}

export type StoredEvent = SealedFields & { prevHash: string; hash: string };

export interface ChainWalkOptions {
  startHash?: string;
  /** Needed once a keyed event is met. */
  key?: Uint8Array | null;
  /** Events with a greater id must be keyed: the first checkpoint, written when the key came in. */
  keyedAfterId?: number | null;
}

/** Verifies events one at a time in id order, so a long trail can be read in batches. */
export function chainWalker(opts: ChainWalkOptions = {}) {
  // The shared chain of v1 and v2 events.
  let prev = opts.startHash ?? GENESIS_HASH;
  // The newest hash of each district's events (any version): where its v3 chain goes on from.
  const heads = new Map<number | null, string>();
  let keyedSeen = false;
  let districtSeen = false;
  const keyedAfterId = opts.keyedAfterId ?? null;
  return {
    push(e: ChainedFields & Partial<SealedFields> & { prevHash: string; hash: string }): ChainBreak | null {
      if (isDistrictHash(e.hash)) {
        if (!opts.key) throw new Error('The audit trail has keyed events: the audit key is needed to verify them');
        if (e.prevHash !== (heads.get(e.districtId) ?? GENESIS_HASH)) return { id: e.id, reason: 'prev_mismatch' };
        if (!sameText(districtEventHash(opts.key, e.prevHash, e as SealedFields), e.hash)) return { id: e.id, reason: 'hash_mismatch' };
        districtSeen = true;
        heads.set(e.districtId, e.hash);
        return null;
      }
      if (districtSeen) return { id: e.id, reason: 'downgrade' };
      if (e.prevHash !== prev) return { id: e.id, reason: 'prev_mismatch' };
      if (isKeyedHash(e.hash)) {
        if (!opts.key) throw new Error('The audit trail has keyed events: the audit key is needed to verify them');
        if (!sameText(keyedEventHash(opts.key, e.prevHash, e as SealedFields), e.hash)) return { id: e.id, reason: 'hash_mismatch' };
        keyedSeen = true;
      } else {
        if (keyedSeen || (keyedAfterId !== null && e.id > keyedAfterId)) return { id: e.id, reason: 'downgrade' };
        if (eventHash(e.prevHash, e) !== e.hash) return { id: e.id, reason: 'hash_mismatch' };
      }
      prev = e.hash;
      heads.set(e.districtId, e.hash);
      return null;
    },
  };
}

/** Walks events in id order and reports the first place the chain does not hold. */
export function verifyChain(
  events: Array<ChainedFields & Partial<SealedFields> & { prevHash: string; hash: string }>,
  startHash = GENESIS_HASH,
  key: Uint8Array | null = null,
): ChainBreak | null {
  const walk = chainWalker({ startHash, key });
  for (const e of events) {
    const broken = walk.push(e);
    if (broken) return broken;
  }
  return null;
}

// ---- checkpoints ---------------------------------------------------------------------------
// The newest event's id and hash, signed with the audit key and written outside the database. An
// attacker with only the database cannot delete or rewrite events up to the last checkpoint unseen.

export interface Checkpoint {
  /** 0 with GENESIS_HASH: the trail was empty. */
  eventId: number;
  hash: string;
  at: string;
  mac: string;
}

function checkpointMac(key: Uint8Array, c: Pick<Checkpoint, 'eventId' | 'hash' | 'at'>): string {
  // Its own prefix: a checkpoint's signature can never pass for an event's hash or the reverse.
  return createHmac('sha256', key)
    .update('anxiao-audit-checkpoint\n')
    .update(canonicalJson({ eventId: c.eventId, hash: c.hash, at: c.at }))
    .digest('hex');
}

export function signCheckpoint(key: Uint8Array, last: { eventId: number; hash: string }, at: Date): Checkpoint {
  const c = { eventId: last.eventId, hash: last.hash, at: at.toISOString() };
  return { ...c, mac: checkpointMac(key, c) };
}

export function checkpointSigned(key: Uint8Array, c: Checkpoint): boolean {
  return sameText(checkpointMac(key, c), c.mac);
}

/**
 * Checks a walk of the chain against the checkpoints: call `seen` with each verified event in
 * id order, then `end`. Each checkpoint's event must be met with the same hash; one not met (or
 * met with another hash) means the events were deleted or rewritten.
 */
export function checkpointTracker(key: Uint8Array, checkpoints: Checkpoint[]) {
  const forged = checkpoints.find((c) => !checkpointSigned(key, c));
  const sorted = [...checkpoints].sort((a, b) => a.eventId - b.eventId);
  let i = 0;
  // The empty-trail checkpoint has no event to meet.
  while (i < sorted.length && sorted[i].eventId === 0 && sorted[i].hash === GENESIS_HASH) i++;
  return {
    /**
     * Events after it must be keyed: the first checkpoint is written when the key comes in. The
     * first in the file, not the smallest: a run of checkpoints names every chain's head, the
     * newest event of all first (checkpoints.ts).
     */
    keyedAfterId: checkpoints.length ? checkpoints[0].eventId : null,
    start(): ChainBreak | null {
      return forged ? { id: forged.eventId, reason: 'checkpoint_forged' } : null;
    },
    seen(e: { id: number; hash: string }): ChainBreak | null {
      if (i < sorted.length && sorted[i].eventId < e.id) return { id: sorted[i].eventId, reason: 'checkpoint_missing' };
      while (i < sorted.length && sorted[i].eventId === e.id) {
        if (!sameText(sorted[i].hash, e.hash)) return { id: e.id, reason: 'checkpoint_mismatch' };
        i++;
      }
      return null;
    },
    end(): ChainBreak | null {
      return i < sorted.length ? { id: sorted[i].eventId, reason: 'checkpoint_missing' } : null;
    },
    get count() {
      return sorted.length;
    },
  };
}
