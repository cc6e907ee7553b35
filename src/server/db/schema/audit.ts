// The audit trail.
import { bigint, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

// Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained: the HMAC covers every
// column but id (SEALED_FIELDS in domain/audit-chain.ts; a test fails on a column left out of it).
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    districtId: integer('district_id'),
    at: ts('at').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    actorUnitId: integer('actor_unit_id'),
    actorUnitName: text('actor_unit_name'),
    // Path of the actor's unit, so a scoped reader sees the events of its subtree.
    actorUnitPath: text('actor_unit_path'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    result: text('result').notNull(),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_district_at_idx').on(t.districtId, t.at),
    // The head of each district's chain (writeAudit, the checkpoints).
    index('audit_events_chain_idx').on(t.districtId, t.id),
    index('audit_events_object_idx').on(t.objectType, t.objectId),
    index('audit_events_actor_idx').on(t.actorId),
  ],
);
