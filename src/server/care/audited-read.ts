// Audited reads (issue 16: every read of a student record, not only every change, is in the audit
// trail with who and why). Reusable: issue 22 (bullying cases) opens its records through it too.
//
//   readAudited(ctx, { objectType, objectId, purpose }, (tx) => load(tx))
//
// loads and writes one hash-chained `read` event in the same transaction, so a read that was
// answered is a read that was recorded (if the event cannot be written, nothing is returned). A
// load that throws (404 outside the circle) writes nothing: there was nothing to read. The event
// carries the purpose and ids only, never what was read: the audit list is seen more widely than
// the records.
import type { AuditObjectType } from '../../contracts/enums.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';

export interface ReadEvent {
  objectType: AuditObjectType;
  /** The record read; null for a search (its matches go into `detail`). */
  objectId: number | null;
  purpose: string;
  /** Ids and counts only: never a name or a note. */
  detail?: Record<string, unknown>;
}

export function readAudited<T>(ctx: Ctx, event: ReadEvent | ((value: T) => ReadEvent), load: (tx: Executor) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const value = await load(tx);
    const e = typeof event === 'function' ? event(value) : event;
    await writeAudit(tx, auditCtx(ctx), { action: 'read', objectType: e.objectType, objectId: e.objectId, after: { purpose: e.purpose, ...e.detail } });
    return value;
  });
}
