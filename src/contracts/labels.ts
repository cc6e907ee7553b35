// Requests and responses of the QR labels on places and equipment (二维码标签, issue 17): each
// building, floor, canteen, lab store, gate and item of special equipment of a school carries a
// printed label whose QR code opens the thing in the app: its checklist items, its due inspection,
// and a hazard report with the place filled in.
import { z } from 'zod';
import { labelled } from './common.js';
import { safetyAreas } from './enums.js';
import { checklistItem } from './checklists.js';
import { equipmentBody } from './equipment.js';

export const labelKinds = ['building', 'floor', 'canteen', 'lab_store', 'gate', 'equipment'] as const;
export type LabelKind = (typeof labelKinds)[number];
export const labelKindLabels: Record<LabelKind, string> = {
  building: '校舍',
  floor: '楼层',
  canteen: '食堂',
  lab_store: '药品室',
  gate: '校门',
  equipment: '特种设备',
};

/** A label's code: 32 hex digits (128 random bits). Anything else is refused before a lookup. */
export const labelCodePattern = /^[0-9a-f]{32}$/;
export const labelCodeParam = z.object({
  code: labelled('标签码', z.string({ error: '请提供标签码' }).regex(labelCodePattern, '标签码应为 32 位十六进制字符')),
});

export const labelListQuery = z.object({
  schoolId: labelled('学校', z.coerce.number({ error: '请选择学校' }).int('请选择学校').positive('请选择学校')),
  kind: labelled('标签类型', z.enum(labelKinds, '标签类型不正确').optional()),
});
export type LabelListQuery = z.infer<typeof labelListQuery>;

export const labelBody = z.object({
  kind: z.enum(labelKinds),
  /** The thing's Chinese name as printed (a floor: its building's name and the floor). */
  name: z.string(),
  code: z.string(),
  /** What the QR code encodes: the app's scan page for this code. */
  url: z.string(),
  issuedAt: z.string(),
});
export type LabelView = z.infer<typeof labelBody>;

export const labelListBody = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  items: z.array(labelBody),
  /** The caller may revoke a label and print its replacement. */
  canRevoke: z.boolean(),
});
export type LabelList = z.infer<typeof labelListBody>;

export const revokeLabelBody = z.object({
  reason: labelled('撤销原因', z.string({ error: '请填写撤销原因' }).trim().min(1, '请填写撤销原因').max(200, '最多 200 字')),
});
export type RevokeLabel = z.infer<typeof revokeLabelBody>;

/** One checklist item that applies at the place: the checklist, its section and the item. */
export const placeChecklistItem = checklistItem.extend({ checklistId: z.number().int(), checklistName: z.string(), sectionTitle: z.string(), area: z.enum(safetyAreas) });

/** What a scanned code opens. */
export const scannedLabelBody = z.object({
  kind: z.enum(labelKinds),
  name: z.string(),
  code: z.string(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  /** The hazard report's prefill: its area and location (隐患位置). */
  hazard: z.object({ area: z.enum(safetyAreas), location: z.string() }),
  /** The items of the district's active checklists in the place's areas (none for equipment). */
  checklistItems: z.array(placeChecklistItem),
  /** The equipment's record with its next inspection due day; null for a place. */
  equipment: equipmentBody.nullable(),
  canReportHazard: z.boolean(),
});
export type ScannedLabel = z.infer<typeof scannedLabelBody>;
