import { asc, gt } from 'drizzle-orm';
import { chainWalker, checkpointTracker, type ChainBreak, type Checkpoint } from '../../domain/audit-chain.js';
import type { Executor } from '../db/client.js';
import { auditEvents } from '../db/schema.js';
import { auditKey } from './key.js';

export interface VerifyOptions {
  /** The audit key; by default the one this process was started with. */
  key?: Buffer;
  /**
   * The signed checkpoints: each one's event must still be in the chain with the same hash, so
   * the newest events cannot be deleted or rewritten unseen (up to the last checkpoint). Without
   * them only the chain itself is checked.
   */
  checkpoints?: Checkpoint[];
  batch?: number;
}

/** Walks the whole audit trail in id order, a batch at a time, and reports where the chain breaks. */
export async function verifyAuditTrail(db: Executor, opts: VerifyOptions = {}): Promise<{ checked: number; broken: ChainBreak | null }> {
  const key = opts.key ?? auditKey();
  const batch = opts.batch ?? 5000;
  const marks = opts.checkpoints ? checkpointTracker(key, opts.checkpoints) : null;
  const forged = marks?.start();
  if (forged) return { checked: 0, broken: forged };
  const walk = chainWalker({ key, keyedAfterId: marks?.keyedAfterId ?? null });
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(batch);
    if (!rows.length) return { checked, broken: marks?.end() ?? null };
    for (const row of rows) {
      const broken = walk.push(row) ?? marks?.seen(row) ?? null;
      if (broken) return { checked, broken };
      checked++;
    }
    afterId = rows[rows.length - 1].id;
  }
}
