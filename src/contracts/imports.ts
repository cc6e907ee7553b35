import { z } from 'zod';

// Batch import of units and people from Excel: all rows are checked first, and either every row
// goes in (one transaction) or none does.

export const importKinds = ['units', 'users'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKindLabels: Record<ImportKind, string> = { units: '单位', users: '人员' };

export const importStatuses = ['validating', 'importing', 'done', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importStatusLabels: Record<ImportStatus, string> = { validating: '校验中', importing: '导入中', done: '已完成', failed: '失败' };

/** Data rows (without the header) one file may hold. */
export const IMPORT_MAX_ROWS = 30_000;

// The header row of the files, in template order. Every column must be present; extra columns
// are ignored.
export const unitImportColumns = [
  '单位名称',
  '单位类型',
  '上级单位',
  '编码',
  '学段',
  '办学性质',
  '寄宿制',
  '使用校车',
  '农村学校',
  '校门数',
  '学生数',
  '教职工数',
  '地址',
  '校长',
  '联系电话',
  '负责安全领域',
] as const;
export type UnitImportColumn = (typeof unitImportColumns)[number];

export const userImportColumns = ['用户名', '姓名', '联系电话', '所属单位', '角色'] as const;
export type UserImportColumn = (typeof userImportColumns)[number];

export const importColumns: Record<ImportKind, readonly string[]> = { units: unitImportColumns, users: userImportColumns };

/**
 * One problem found in the file: the Excel row number and the column header it concerns.
 * Row 0 (column '') means the file as a whole (unreadable, empty, too long, interrupted).
 */
export const importErrorBody = z.object({
  row: z.number().int().min(0),
  column: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorBody>;

export const importJobBody = z.object({
  id: z.number().int(),
  kind: z.enum(importKinds),
  fileName: z.string(),
  status: z.enum(importStatuses),
  // Data rows in the file (0 until the file has been read). Checking counts as the first half of
  // `processed`, writing as the second half; `processed` equals `total` when the job is done.
  total: z.number().int(),
  processed: z.number().int(),
  createdCount: z.number().int(),
  errors: z.array(importErrorBody),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  // Who started the import.
  actorName: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobBody>;

export const importJobResponse = z.object({ job: importJobBody });
export const importJobList = z.object({ items: z.array(importJobBody) });

export const importTemplateQuery = z.object({
  kind: z.enum(importKinds, { error: '导入类型只能是 units（单位）或 users（人员）' }),
});

/** The form fields sent with the file (multipart/form-data: kind, initialPassword, then file). */
export const importFields = z.object({
  kind: z.enum(importKinds, { error: '导入类型只能是 units（单位）或 users（人员）' }),
  // People only: the password every imported account starts with (policy-checked by the server).
  initialPassword: z.string().max(128, '初始密码最多 128 位').optional(),
});
export type ImportFields = z.infer<typeof importFields>;
