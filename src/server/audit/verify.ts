import { asc, gt } from 'drizzle-orm';
import { GENESIS_HASH, verifyChain, type ChainBreak } from '../../domain/audit-chain.js';
import type { Executor } from '../db/client.js';
import { auditEvents } from '../db/schema.js';

/** Walks the whole audit trail in id order, a batch at a time, and reports where the chain breaks. */
export async function verifyAuditTrail(db: Executor, batch = 5000): Promise<{ checked: number; broken: ChainBreak | null }> {
  let afterId = 0;
  let prev = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(batch);
    if (!rows.length) return { checked, broken: null };
    const broken = verifyChain(rows, prev);
    if (broken) return { checked: checked + rows.findIndex((r) => r.id === broken.id), broken };
    checked += rows.length;
    prev = rows[rows.length - 1].hash;
    afterId = rows[rows.length - 1].id;
  }
}
