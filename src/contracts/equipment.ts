// Requests and responses of the special equipment ledger (特种设备台账, issue 15 item 3; 001 item 19,
// 000 item 9): the registry with 三落实、两有证、一检验、一预案, and its maintenance and inspection
// log. Shaped like the other school ledgers (./insurance.ts); the shared parts are in ./ledger.ts.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { schoolStages } from './enums.js';
import { fileRef } from './hazards.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { equipmentKinds, equipmentLogKinds } from '../domain/equipment.js';

export { equipmentKinds, equipmentKindLabels, equipmentLogKinds, equipmentLogKindLabels } from '../domain/equipment.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

/** The bureau's oversight: a stage filter beside the town and school ones. */
export const stageFilter = { stage: z.enum(schoolStages).optional() };

export const equipmentBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  kind: z.enum(equipmentKinds),
  name: z.string(),
  location: z.string().nullable(),
  inService: z.boolean(),
  responsiblePerson: z.string().nullable(),
  maintenanceUnit: z.string().nullable(),
  safetyManager: z.string().nullable(),
  registrationNo: z.string().nullable(),
  operatorName: z.string().nullable(),
  operatorCertNo: z.string().nullable(),
  operatorCertExpiresOn: z.string().nullable(),
  /** The due day entered at registration. */
  inspectionDueOn: z.string(),
  /** The next due day: set by the latest inspection recorded, else the one entered (computed). */
  nextInspectionDueOn: z.string(),
  lastInspectedOn: z.string().nullable(),
  planFiles: z.array(fileRef),
  /** What is missing of 三落实、两有证、一预案 today, in Chinese (computed). */
  gaps: z.array(z.string()),
  ...recordedFields,
});
export type EquipmentView = z.infer<typeof equipmentBody>;
export const equipmentPage = pageOf(equipmentBody);

const equipmentFields = {
  kind: z.enum(equipmentKinds, { error: '请选择设备类别' }),
  name: text('设备名称', 100),
  location: optionalText(100),
  inService: z.boolean().default(true),
  responsiblePerson: optionalText(50),
  maintenanceUnit: optionalText(100),
  safetyManager: optionalText(50),
  registrationNo: optionalText(64),
  operatorName: optionalText(50),
  operatorCertNo: optionalText(64),
  operatorCertExpiresOn: day.nullish(),
  inspectionDueOn: day,
  planFileIds: fileIds.default([]),
  fileIds: fileIds.default([]),
};

export const createEquipmentBody = z.object({ schoolId: z.number().int().positive(), ...equipmentFields });
export type CreateEquipment = z.infer<typeof createEquipmentBody>;

export const updateEquipmentBody = z.object({
  version,
  kind: equipmentFields.kind.optional(),
  name: equipmentFields.name.optional(),
  location: equipmentFields.location,
  inService: z.boolean().optional(),
  responsiblePerson: equipmentFields.responsiblePerson,
  maintenanceUnit: equipmentFields.maintenanceUnit,
  safetyManager: equipmentFields.safetyManager,
  registrationNo: equipmentFields.registrationNo,
  operatorName: equipmentFields.operatorName,
  operatorCertNo: equipmentFields.operatorCertNo,
  operatorCertExpiresOn: day.nullish(),
  inspectionDueOn: day.optional(),
  planFileIds: fileIds.optional(),
  fileIds: fileIds.optional(),
});
export type UpdateEquipment = z.infer<typeof updateEquipmentBody>;

/** Inspection status filter: overdue, due within 30 days. */
export const equipmentDueFilters = ['overdue', 'due_soon'] as const;
export const equipmentListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  kind: z.enum(equipmentKinds).optional(),
  due: z.enum(equipmentDueFilters).optional(),
  q: z.string().trim().max(50).optional(),
});
export type EquipmentListQuery = z.infer<typeof equipmentListQuery>;

// ---- the maintenance and inspection log -------------------------------------------------------

export const equipmentLogBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  equipmentId: z.number().int(),
  equipmentName: z.string(),
  kind: z.enum(equipmentLogKinds),
  doneOn: z.string(),
  doneBy: z.string(),
  result: z.string().nullable(),
  dueOn: z.string().nullable(),
  onTime: z.boolean().nullable(),
  nextDueOn: z.string().nullable(),
  reportNo: z.string().nullable(),
  ...recordedFields,
});
export type EquipmentLogView = z.infer<typeof equipmentLogBody>;
export const equipmentLogPage = pageOf(equipmentLogBody);

const logFields = {
  kind: z.enum(equipmentLogKinds, { error: '请选择记录类型' }),
  doneOn: day,
  doneBy: text('实施单位或人员', 100),
  result: optionalText(1000),
  dueOn: day.nullish(),
  onTime: z.boolean().nullish(),
  nextDueOn: day.nullish(),
  reportNo: optionalText(64),
  fileIds: fileIds.default([]),
};
export const createEquipmentLogBody = z.object({ equipmentId: z.number().int().positive(), ...logFields });
export type CreateEquipmentLog = z.infer<typeof createEquipmentLogBody>;
export const updateEquipmentLogBody = z.object({
  version,
  doneOn: day.optional(),
  doneBy: logFields.doneBy.optional(),
  result: logFields.result,
  dueOn: day.nullish(),
  onTime: z.boolean().nullish(),
  nextDueOn: day.nullish(),
  reportNo: logFields.reportNo,
  fileIds: fileIds.optional(),
});
export type UpdateEquipmentLog = z.infer<typeof updateEquipmentLogBody>;
export const equipmentLogListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  equipmentId: z.coerce.number().int().positive().optional(),
  kind: z.enum(equipmentLogKinds).optional(),
});
export type EquipmentLogListQuery = z.infer<typeof equipmentLogListQuery>;
