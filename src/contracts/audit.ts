import { z } from 'zod';
import { daySchema, pageOf, pageQuery } from './common.js';
import { auditActions, auditObjectTypes } from './enums.js';


export const auditFilter = z.object({
  action: z.enum(auditActions).optional(),
  objectType: z.enum(auditObjectTypes).optional(),
  objectId: z.string().max(64).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  result: z.enum(['success', 'failure']).optional(),
  from: daySchema.optional(),
  to: daySchema.optional(),
});
export const auditListQuery = auditFilter.extend(pageQuery);

export const auditEventBody = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  actorUnitId: z.number().int().nullable(),
  actorUnitName: z.string().nullable(),
  action: z.enum(auditActions),
  objectType: z.enum(auditObjectTypes),
  objectId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  result: z.enum(['success', 'failure']),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventBody>;
export const auditPage = pageOf(auditEventBody);
