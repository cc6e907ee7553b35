import { z } from 'zod';
import { boolQuery, pageOf, pageQuery, phoneSchema } from './common.js';
import { ownerships, safetyAreas, schoolStages, unitKinds, unitStatuses } from './enums.js';

export const unitActions = ['update', 'disable', 'enable', 'createChild'] as const;

export const unitBody = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: z.enum(unitKinds),
  name: z.string(),
  code: z.string().nullable(),
  status: z.enum(unitStatuses),
  stage: z.enum(schoolStages).nullable(),
  ownership: z.enum(ownerships).nullable(),
  boarding: z.boolean(),
  schoolBus: z.boolean(),
  rural: z.boolean(),
  gateCount: z.number().int().nullable(),
  studentCount: z.number().int().nullable(),
  staffCount: z.number().int().nullable(),
  address: z.string().nullable(),
  principalName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  areas: z.array(z.enum(safetyAreas)),
  /** The school runs a canteen: judged for food safety (issue 15). */
  canteen: z.boolean(),
  /** The school takes in evacuees (担负应急疏散安置任务, 000 item 10): asked a warning's shelter checks. */
  shelter: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(z.enum(unitActions)),
});
export type Unit = z.infer<typeof unitBody>;

export const unitDetailBody = unitBody.extend({
  ancestors: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(unitKinds) })),
  childCount: z.number().int(),
  userCount: z.number().int(),
});

export const unitTreeNode = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: z.enum(unitKinds),
  name: z.string(),
  stage: z.enum(schoolStages).nullable(),
  status: z.enum(unitStatuses),
});
export const unitTreeBody = z.object({ items: z.array(unitTreeNode) });

export const unitListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  kind: z.enum(unitKinds).optional(),
  stage: z.enum(schoolStages).optional(),
  parentId: z.coerce.number().int().positive().optional(),
  // Any unit below this one (a town's schools, say).
  under: z.coerce.number().int().positive().optional(),
  ownership: z.enum(ownerships).optional(),
  boarding: boolQuery,
  schoolBus: boolQuery,
  rural: boolQuery,
  status: z.enum(unitStatuses).optional(),
});
export const unitPage = pageOf(unitBody);

const count = (max: number) => z.number().int().min(0).max(max);

// The attributes a person edits. School attributes are required for schools (checked in the service
// with the kind in hand) and ignored for other kinds.
export const unitFields = z.object({
  name: z.string().trim().min(2, '名称至少 2 个字').max(60, '名称最多 60 个字'),
  code: z.string().trim().max(30).regex(/^[A-Za-z0-9_-]*$/, '编码只能包含字母、数字、下划线和短横线').nullable().optional(),
  stage: z.enum(schoolStages).nullable().optional(),
  ownership: z.enum(ownerships).nullable().optional(),
  boarding: z.boolean().optional(),
  schoolBus: z.boolean().optional(),
  rural: z.boolean().optional(),
  canteen: z.boolean().optional(),
  shelter: z.boolean().optional(),
  gateCount: count(50).nullable().optional(),
  studentCount: count(100000).nullable().optional(),
  staffCount: count(20000).nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  principalName: z.string().trim().max(30).nullable().optional(),
  contactPhone: phoneSchema.nullable().optional().or(z.literal('').transform(() => null)),
  areas: z.array(z.enum(safetyAreas)).max(safetyAreas.length).optional(),
});

export const createUnitBody = unitFields.extend({
  kind: z.enum(unitKinds),
  parentId: z.number().int().positive(),
});
export type CreateUnit = z.infer<typeof createUnitBody>;

export const updateUnitBody = unitFields.partial().extend({ version: z.number().int().positive() });
export type UpdateUnit = z.infer<typeof updateUnitBody>;

export const versionBody = z.object({ version: z.number().int().positive() });
