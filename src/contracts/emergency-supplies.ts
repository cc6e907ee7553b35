// Requests and responses of the emergency supplies and their stock checks (应急物资、盘点; issue 21,
// 000 items 4 and 10, 004 item 4), and the bureau's readiness by town.
import { z } from 'zod';
import { daySchema, pageOf, pageQuery } from './common.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

export { supplyStateLabels } from '../domain/emergency-supplies.js';
export const supplyStates = ['ok', 'short', 'expired', 'expiring'] as const;

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');
const count = (what: string) => z.number({ error: `请填写${what}` }).int('须为整数').min(0, '不能为负数').max(1_000_000, '不能超过 1000000');

export const supplyBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  depot: z.string(),
  itemName: z.string(),
  quantity: z.number().int(),
  unit: z.string(),
  minimum: z.number().int(),
  shelf: z.string().nullable(),
  purchasedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  lastCheckedOn: z.string().nullable(),
  state: z.enum(supplyStates),
  ...recordedFields,
});
export type SupplyView = z.infer<typeof supplyBody>;
export const supplyPage = pageOf(supplyBody);

const supplyFields = {
  depot: text('存放库点', 50),
  itemName: text('物资名称', 100),
  quantity: count('数量'),
  unit: text('计量单位', 10),
  minimum: count('最低储备'),
  shelf: optionalText(100),
  purchasedOn: day.nullish(),
  expiresOn: day.nullish(),
  fileIds,
};
export const createSupplyBody = z.object({ schoolId: z.number().int().positive(), ...supplyFields, fileIds: fileIds.default([]) });
export type CreateSupply = z.infer<typeof createSupplyBody>;
export const updateSupplyBody = z.object({
  version,
  depot: supplyFields.depot.optional(),
  itemName: supplyFields.itemName.optional(),
  quantity: supplyFields.quantity.optional(),
  unit: supplyFields.unit.optional(),
  minimum: supplyFields.minimum.optional(),
  shelf: supplyFields.shelf,
  purchasedOn: supplyFields.purchasedOn,
  expiresOn: supplyFields.expiresOn,
  fileIds: fileIds.optional(),
});
export type UpdateSupply = z.infer<typeof updateSupplyBody>;
export const supplyListQuery = z.object({
  ...recordListFilters,
  depot: z.string().trim().max(50).optional(),
  itemName: z.string().trim().max(100).optional(),
  state: z.enum(supplyStates).optional(),
});
export type SupplyListQuery = z.infer<typeof supplyListQuery>;

// ---- stock checks (盘点) ------------------------------------------------------------------

export const stockCheckBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  countedOn: z.string(),
  lines: z.array(z.object({ supplyId: z.number().int(), itemName: z.string(), before: z.number().int(), counted: z.number().int() })),
  note: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type StockCheckView = z.infer<typeof stockCheckBody>;
export const stockCheckPage = pageOf(stockCheckBody);
export const createStockCheckBody = z.object({
  schoolId: z.number().int().positive(),
  countedOn: day,
  lines: z
    .array(z.object({ supplyId: z.number().int().positive(), counted: count('实盘数量') }))
    .min(1, '请至少盘点一项物资')
    .max(500, '最多 500 项'),
  note: optionalText(500),
});
export type CreateStockCheck = z.infer<typeof createStockCheckBody>;
export const stockCheckListQuery = z.object({ ...pageQuery, schoolId: z.coerce.number().int().positive().optional() });

// ---- the bureau's readiness by town (区级查看各镇物资储备情况) ------------------------------

export const supplyReadinessRow = z.object({
  townId: z.number().int().nullable(),
  townName: z.string(),
  schools: z.number().int(),
  /** Schools with no supplies registered. */
  none: z.number().int(),
  /** Schools with an item under its minimum (not expired). */
  short: z.number().int(),
  /** Schools with an expired item. */
  expired: z.number().int(),
  ready: z.number().int(),
});
export const supplyReadinessBody = z.object({ asOf: z.string(), rows: z.array(supplyReadinessRow) });
export type SupplyReadiness = z.infer<typeof supplyReadinessBody>;
export const supplyReadinessQuery = z.object({ townId: z.coerce.number().int().positive().optional() });
