// Requests and responses of the hazardous chemicals ledger (危险化学品台账, issue 15 item 4; 003,
// 000 item 9, 001 item 19): the chemicals of each lab store with their keepers (双人双锁) and
// controlled class (易制毒、易制爆), and every movement. The balance is computed, never sent.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { stageFilter } from './equipment.js';
import { chemicalMovementKinds, controlClasses } from '../domain/chemicals.js';

export { chemicalMovementKinds, controlClasses, controlClassLabels } from '../domain/chemicals.js';
export const chemicalMovementKindLabels: Record<(typeof chemicalMovementKinds)[number], string> = {
  purchase: '采购入库',
  issue: '领用',
  return: '归还',
  disposal: '废弃处置',
  count: '盘点',
};

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

export const chemicalBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  store: z.string(),
  name: z.string(),
  casNo: z.string().nullable(),
  unit: z.string(),
  controlClass: z.enum(controlClasses),
  storagePlace: z.string(),
  keeperA: z.string(),
  keeperB: z.string(),
  expiresOn: z.string().nullable(),
  /** Computed from the movements (src/domain/chemicals.ts). */
  balance: z.number(),
  /** Issued and not yet returned. */
  issuedOut: z.number(),
  lastCountOn: z.string().nullable(),
  /** The latest count minus the balance computed at it (0 = 账实相符). */
  lastCountDifference: z.number().nullable(),
  ...recordedFields,
});
export type ChemicalView = z.infer<typeof chemicalBody>;
export const chemicalPage = pageOf(chemicalBody);

const chemicalFields = {
  store: text('药品室', 50),
  name: text('药品名称', 100),
  casNo: z.string().trim().regex(/^\d{2,7}-\d{2}-\d$/, 'CAS 号格式应为 64-17-5').nullish(),
  unit: text('计量单位', 10),
  controlClass: z.enum(controlClasses, { error: '请选择管制类别' }).default('none'),
  storagePlace: text('存放位置', 100),
  keeperA: text('保管人（第一把锁）', 50),
  keeperB: text('保管人（第二把锁）', 50),
  expiresOn: day.nullish(),
  fileIds: fileIds.default([]),
};
export const createChemicalBody = z.object({ schoolId: z.number().int().positive(), ...chemicalFields });
export type CreateChemical = z.infer<typeof createChemicalBody>;
export const updateChemicalBody = z.object({
  version,
  store: chemicalFields.store.optional(),
  name: chemicalFields.name.optional(),
  casNo: chemicalFields.casNo,
  unit: chemicalFields.unit.optional(),
  controlClass: z.enum(controlClasses).optional(),
  storagePlace: chemicalFields.storagePlace.optional(),
  keeperA: chemicalFields.keeperA.optional(),
  keeperB: chemicalFields.keeperB.optional(),
  expiresOn: day.nullish(),
  fileIds: fileIds.optional(),
});
export type UpdateChemical = z.infer<typeof updateChemicalBody>;
export const chemicalListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  controlled: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
});
export type ChemicalListQuery = z.infer<typeof chemicalListQuery>;

// ---- movements --------------------------------------------------------------------------------

const quantity = z.number({ error: '请填写数量' }).min(0, '不能为负数').max(1_000_000, '不能超过 1000000').multipleOf(0.001, '最多 3 位小数');

export const movementBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  chemicalId: z.number().int(),
  chemicalName: z.string(),
  /** The chemical's lab store (药品室), which with the name finds it in an import. */
  store: z.string(),
  unit: z.string(),
  controlClass: z.enum(controlClasses),
  kind: z.enum(chemicalMovementKinds),
  occurredOn: z.string(),
  quantity: z.number(),
  handledBy: z.string(),
  approvedBy: z.string().nullable(),
  supplier: z.string().nullable(),
  recipient: z.string().nullable(),
  className: z.string().nullable(),
  purpose: z.string().nullable(),
  issueId: z.number().int().nullable(),
  contractor: z.string().nullable(),
  manifestNo: z.string().nullable(),
  note: z.string().nullable(),
  ...recordedFields,
});
export type MovementView = z.infer<typeof movementBody>;
export const movementPage = pageOf(movementBody);

const movementFields = {
  kind: z.enum(chemicalMovementKinds, { error: '请选择类型' }),
  occurredOn: day,
  quantity,
  handledBy: text('经办人', 50),
  approvedBy: optionalText(50),
  supplier: optionalText(100),
  recipient: optionalText(50),
  className: optionalText(50),
  purpose: optionalText(200),
  issueId: z.number().int().positive().nullish(),
  contractor: optionalText(100),
  manifestNo: optionalText(64),
  note: optionalText(500),
  fileIds: fileIds.default([]),
};
export const createMovementBody = z.object({ chemicalId: z.number().int().positive(), ...movementFields });
export type CreateMovement = z.infer<typeof createMovementBody>;
export const updateMovementBody = z.object({
  version,
  occurredOn: day.optional(),
  quantity: quantity.optional(),
  handledBy: movementFields.handledBy.optional(),
  approvedBy: movementFields.approvedBy,
  supplier: movementFields.supplier,
  recipient: movementFields.recipient,
  className: movementFields.className,
  purpose: movementFields.purpose,
  contractor: movementFields.contractor,
  manifestNo: movementFields.manifestNo,
  note: movementFields.note,
  fileIds: fileIds.optional(),
});
export type UpdateMovement = z.infer<typeof updateMovementBody>;
export const movementListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  chemicalId: z.coerce.number().int().positive().optional(),
  kind: z.enum(chemicalMovementKinds).optional(),
  controlled: z.enum(['true', 'false']).optional(),
});
export type MovementListQuery = z.infer<typeof movementListQuery>;
