import { createHash } from 'node:crypto';

// Each audit event stores the hash of the one before it, so editing or removing a row breaks
// the chain from that row on.
export const GENESIS_HASH = '0'.repeat(64);

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

export interface ChainBreak {
  id: number;
  reason: 'hash_mismatch' | 'prev_mismatch';
}

/** Walks events in id order and reports the first place the chain does not hold. */
export function verifyChain(events: Array<ChainedFields & { prevHash: string; hash: string }>, startHash = GENESIS_HASH): ChainBreak | null {
  let prev = startHash;
  for (const e of events) {
    if (e.prevHash !== prev) return { id: e.id, reason: 'prev_mismatch' };
    if (eventHash(e.prevHash, e) !== e.hash) return { id: e.id, reason: 'hash_mismatch' };
    prev = e.hash;
  }
  return null;
}
