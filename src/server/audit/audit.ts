import { sql } from 'drizzle-orm';
import type { AuditAction, AuditObjectType } from '../../contracts/enums.js';
import { GENESIS_HASH, canonicalJson, districtEventHash, type SealedFields } from '../../domain/audit-chain.js';
import type { Executor } from '../db/client.js';
import { placeholdersOf, preparedOnce, preparedSql } from '../db/prepared.js';
import { auditEvents } from '../db/schema.js';
import { auditKey } from './key.js';

// The lock that orders writers of one district's hash chain: (this 32-bit constant, the district
// id; 0 for events without a district). Issue 18: one lock for all districts made every writer
// of a city wait for every other until commit.
const AUDIT_CHAIN_LOCK = 0x616e7801;

export interface AuditContext {
  actor: {
    id: number;
    displayName: string;
    districtId: number;
    unitId: number;
    unitName: string;
    unitPath: string;
  } | null;
  ip: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  objectType: AuditObjectType;
  objectId?: string | number | null;
  before?: unknown;
  after?: unknown;
  result?: 'success' | 'failure';
  /** For events without an actor (a failed login): the district and name concerned. */
  districtId?: number | null;
  actorName?: string | null;
}

/** Round-trips through JSON so that what is hashed is exactly what jsonb gives back. */
function plain(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(canonicalJson(value));
}

/**
 * Appends one event to the chain. Call it inside the transaction that makes the change, so the
 * change and its record commit or roll back together.
 */
export async function writeAudit(tx: Executor, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  const districtId = ctx.actor?.districtId ?? entry.districtId ?? null;
  // The chain's lock and its head in one statement (migration 0059): held until commit, so the
  // fewer round trips while it is held, the less every other writer of the district waits.
  const [{ head }] = await preparedSql<{ head: string | null }>(tx, sql`select audit_chain_head(${AUDIT_CHAIN_LOCK}::int, ${districtId}::int) as head`);
  const prevHash = head ?? GENESIS_HASH;
  const at = new Date();
  const fields: Omit<SealedFields, 'id'> = {
    at,
    districtId,
    actorId: ctx.actor?.id ?? null,
    actorName: ctx.actor?.displayName ?? entry.actorName ?? null,
    actorUnitId: ctx.actor?.unitId ?? null,
    actorUnitName: ctx.actor?.unitName ?? null,
    actorUnitPath: ctx.actor?.unitPath ?? null,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
    before: plain(entry.before),
    after: plain(entry.after),
    result: entry.result ?? 'success',
    ip: ctx.ip,
  };
  // The row is exactly the hashed fields plus the chain: nothing is stored that is not sealed.
  const row = { ...fields, prevHash, hash: districtEventHash(auditKey(), prevHash, { id: 0, ...fields }) };
  await preparedOnce(tx, 'audit-insert', () => tx.insert(auditEvents).values(placeholdersOf(row)), row);
}
