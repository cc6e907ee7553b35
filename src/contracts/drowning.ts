// Requests and responses of drowning prevention (防溺水, 001 item 12; issue 22): dangerous waters
// (危险水域) of the towns, the grid of each school by class (网格化包靠: counts only, no pupil's name
// anywhere), patrols of waters (防溺水督查) with findings that become hazards, coverage by school and
// town, and each town's 零溺亡 status for the year.
import { z } from 'zod';
import { daySchema, phoneSchema, yearQuery, yearSchema } from './common.js';
import { fileRef } from './hazards.js';
import { classGaps, findingKinds, waterKinds } from '../domain/drowning.js';

export { classGapLabels, findingKindLabels, waterKindLabels, waterKinds, findingKinds } from '../domain/drowning.js';
export type { ClassGap, FindingKind, WaterKind } from '../domain/drowning.js';

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');
const id = z.number().int().positive();

// ---- dangerous waters (危险水域) -------------------------------------------------------------------

export const waterBody = z.object({
  id: z.number().int(),
  townId: z.number().int(),
  townName: z.string(),
  kind: z.enum(waterKinds),
  name: z.string(),
  place: z.string(),
  lat: z.number(),
  lng: z.number(),
  warningSign: z.boolean(),
  rescueKit: z.boolean(),
  village: z.string(),
  villageContact: z.string(),
  villagePhone: z.string(),
  schools: z.array(z.object({ id: z.number().int(), name: z.string() })),
  files: z.array(fileRef),
  /** The last patrol that visited it, if any. */
  lastPatrolledOn: z.string().nullable(),
  status: z.enum(['recorded', 'voided']),
  voidReason: z.string().nullable(),
  createdByName: z.string(),
  version: z.number().int(),
});
export type WaterView = z.infer<typeof waterBody>;
export const waterList = z.object({ items: z.array(waterBody) });

const waterFields = {
  kind: z.enum(waterKinds, { error: '请选择水域类型' }),
  name: text('水域名称', 100),
  place: text('具体位置', 200),
  lat: z.number({ error: '请填写纬度' }).min(-90, '纬度须在 -90 到 90 之间').max(90, '纬度须在 -90 到 90 之间'),
  lng: z.number({ error: '请填写经度' }).min(-180, '经度须在 -180 到 180 之间').max(180, '经度须在 -180 到 180 之间'),
  warningSign: z.boolean({ error: '请选择是否设置警示标志' }),
  rescueKit: z.boolean({ error: '请选择是否配备救生圈、竹竿、绳索' }),
  village: text('责任村（居）', 100),
  villageContact: text('村（居）联系人', 50),
  villagePhone: phoneSchema,
  schoolIds: z.array(id).max(50, '最多 50 所学校').default([]),
  fileIds: fileIds.default([]),
};

export const createWaterBody = z.object({ townId: id, ...waterFields });
export type CreateWater = z.infer<typeof createWaterBody>;
export const updateWaterBody = z.object({
  version,
  kind: waterFields.kind.optional(),
  name: waterFields.name.optional(),
  place: waterFields.place.optional(),
  lat: waterFields.lat.optional(),
  lng: waterFields.lng.optional(),
  warningSign: waterFields.warningSign.optional(),
  rescueKit: waterFields.rescueKit.optional(),
  village: waterFields.village.optional(),
  villageContact: waterFields.villageContact.optional(),
  villagePhone: waterFields.villagePhone.optional(),
  schoolIds: z.array(id).max(50, '最多 50 所学校').optional(),
  fileIds: fileIds.optional(),
});
export type UpdateWater = z.infer<typeof updateWaterBody>;
export const waterListQuery = z.object({
  townId: z.coerce.number().int().positive().optional(),
  kind: z.enum(waterKinds).optional(),
  /** Only waters lacking a sign or a rescue kit. */
  lacking: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

// ---- the grid (网格化包靠), by class with counts --------------------------------------------------

export const gridClassBody = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  seasonYear: z.number().int(),
  className: z.string(),
  pupils: z.number().int(),
  teacherId: z.number().int().nullable(),
  /** A staff member of the school (教职工), never a pupil. */
  teacherName: z.string().nullable(),
  covered: z.number().int(),
  gap: z.enum(classGaps).nullable(),
  version: z.number().int(),
});
export type GridClassView = z.infer<typeof gridClassBody>;

export const coverageBody = z.object({
  classes: z.number().int(),
  classesCovered: z.number().int(),
  pupils: z.number().int(),
  covered: z.number().int(),
  percent: z.number().nullable(),
});

export const schoolGridBody = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  seasonYear: z.number().int(),
  season: z.object({ startsOn: z.string(), endsOn: z.string() }),
  coverage: coverageBody,
  classes: z.array(gridClassBody),
});
export type SchoolGrid = z.infer<typeof schoolGridBody>;

// Strict: a class carries counts and a teacher, nothing else (no pupils' names can ride along).
const gridFields = {
  className: text('班级', 50),
  pupils: z.number({ error: '请填写班级学生数' }).int('须为整数').min(1, '至少 1 人').max(200, '不能超过 200 人'),
  teacherId: id.nullable().default(null),
  covered: z.number({ error: '请填写已包靠人数' }).int('须为整数').min(0, '不能为负数').max(200, '不能超过 200 人'),
};
export const createGridClassBody = z.strictObject({ schoolId: id, seasonYear: yearSchema, ...gridFields });
export type CreateGridClass = z.infer<typeof createGridClassBody>;
export const updateGridClassBody = z.strictObject({
  version,
  className: gridFields.className.optional(),
  pupils: gridFields.pupils.optional(),
  teacherId: id.nullable().optional(),
  covered: gridFields.covered.optional(),
});
export type UpdateGridClass = z.infer<typeof updateGridClassBody>;
export const deleteGridClassBody = z.object({ version });
export const gridQuery = z.object({ schoolId: z.coerce.number().int().positive().optional(), year: yearQuery.optional() });

/** Above the school only counts: coverage by school and by town. */
export const coverageSummaryBody = z.object({
  seasonYear: z.number().int(),
  season: z.object({ startsOn: z.string(), endsOn: z.string() }),
  inSeason: z.boolean(),
  total: coverageBody,
  towns: z.array(z.object({ townId: z.number().int().nullable(), townName: z.string(), schools: z.number().int(), schoolsCovered: z.number().int(), coverage: coverageBody })),
  schools: z.array(z.object({ schoolId: z.number().int(), schoolName: z.string(), townName: z.string().nullable(), covered100: z.boolean(), coverage: coverageBody })),
});
export type CoverageSummary = z.infer<typeof coverageSummaryBody>;
export const summaryQuery = z.object({ year: yearQuery.optional() });

// ---- patrols (防溺水督查) --------------------------------------------------------------------------

export const findingBody = z.object({
  id: z.number().int(),
  waterId: z.number().int(),
  waterName: z.string(),
  kind: z.enum(findingKinds),
  description: z.string(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  hazard: z.object({ id: z.number().int(), code: z.string(), status: z.string() }),
});

export const patrolBody = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  townId: z.number().int(),
  townName: z.string(),
  patrolledOn: z.string(),
  waters: z.array(z.object({ id: z.number().int(), name: z.string() })),
  patrollers: z.string(),
  summary: z.string().nullable(),
  files: z.array(fileRef),
  findings: z.array(findingBody),
  createdByName: z.string(),
});
export type PatrolView = z.infer<typeof patrolBody>;
export const patrolList = z.object({ items: z.array(patrolBody) });

export const createPatrolBody = z.object({
  patrolledOn: daySchema,
  waterIds: z.array(id).min(1, '请选择督查的水域').max(50, '最多 50 处水域'),
  patrollers: text('督查人员', 200),
  summary: optionalText(2000),
  fileIds: fileIds.default([]),
  findings: z
    .array(
      z.object({
        waterId: id,
        kind: z.enum(findingKinds, { error: '请选择问题类型' }),
        description: text('问题描述', 1000),
        /** The school near the water the hazard is for; the patrolling school itself when a school patrols. */
        schoolId: id.optional(),
      }),
    )
    .max(50, '最多 50 个问题')
    .default([]),
});
export type CreatePatrol = z.infer<typeof createPatrolBody>;
export const patrolQuery = z.object({ townId: z.coerce.number().int().positive().optional(), year: yearQuery.optional() });

/** A draft 通报 from a season's patrol findings, reusing the notices service (accountability/). */
export const patrolNoticeBody = z.object({ year: yearSchema });

// ---- 零溺亡 by town --------------------------------------------------------------------------------

export const zeroDrowningBody = z.object({
  year: z.number().int(),
  towns: z.array(
    z.object({
      townId: z.number().int(),
      townName: z.string(),
      drownings: z.number().int(),
      zero: z.boolean(),
      waters: z.number().int(),
      watersLacking: z.number().int(),
      lastPatrolledOn: z.string().nullable(),
      patrolDueOn: z.string().nullable(),
      patrolOverdue: z.boolean(),
    }),
  ),
  cadenceDays: z.number().int(),
  season: z.object({ startsOn: z.string(), endsOn: z.string() }),
});
export type ZeroDrowning = z.infer<typeof zeroDrowningBody>;
