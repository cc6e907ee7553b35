// Requests and responses of the school bus ledger (校车台账, issue 15 item 5; 001 item 14, 000 item 6
// and the Q1 task): buses with their annual review, drivers with licence, background and health
// checks, routes with their stops (student counts only, no pupil names), and the daily pre-trip
// check with photos, a failed item of which becomes a hazard in one step. Shaped like the other
// school ledgers (./equipment.ts); rules that need today (a licence past entered as valid, a check
// day in the future) are in ../domain/buses.ts and applied by the service.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { hazardGrades } from './enums.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { stageFilter } from './equipment.js';
import { backgroundResults, licenceClasses, reviewStates } from '../domain/buses.js';

export { backgroundResults, backgroundResultLabels, licenceClasses, preTripItems, reviewStates, reviewStateLabels } from '../domain/buses.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

// ---- buses ----------------------------------------------------------------------------------------

export const busBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  plate: z.string(),
  seats: z.number().int(),
  licenceNo: z.string(),
  insuranceExpiresOn: z.string(),
  reviewedOn: z.string().nullable(),
  reviewDueOn: z.string(),
  servesFrom: z.string(),
  inService: z.boolean(),
  /** The annual review today: fine, due within 30 days, past due (computed). */
  reviewState: z.enum(reviewStates),
  /** What keeps the bus off the road today, in Chinese (computed). */
  gaps: z.array(z.string()),
  ...recordedFields,
});
export type BusView = z.infer<typeof busBody>;
export const busPage = pageOf(busBody);

const busFields = {
  plate: text('车牌号', 16),
  seats: z.number({ error: '请填写座位数' }).int('座位数须为整数').positive('座位数须为正整数').max(100, '座位数最多 100'),
  licenceNo: text('行驶证号', 64),
  insuranceExpiresOn: day,
  reviewedOn: day.nullish(),
  reviewDueOn: day,
  servesFrom: day,
  inService: z.boolean().default(true),
  fileIds: fileIds.default([]),
};
export const createBusBody = z.object({ schoolId: z.number({ error: '请选择学校' }).int().positive(), ...busFields });
export type CreateBus = z.infer<typeof createBusBody>;
export const updateBusBody = z.object({
  version,
  plate: busFields.plate.optional(),
  seats: busFields.seats.optional(),
  licenceNo: busFields.licenceNo.optional(),
  insuranceExpiresOn: day.optional(),
  reviewedOn: day.nullish(),
  reviewDueOn: day.optional(),
  servesFrom: day.optional(),
  inService: z.boolean().optional(),
  fileIds: fileIds.optional(),
});
export type UpdateBus = z.infer<typeof updateBusBody>;

export const busListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  review: z.enum(['overdue', 'due_soon']).optional(),
  q: z.string().trim().max(50).optional(),
});
export type BusListQuery = z.infer<typeof busListQuery>;

// ---- drivers --------------------------------------------------------------------------------------

export const driverBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  name: z.string(),
  licenceClass: z.enum(licenceClasses),
  licenceExpiresOn: z.string(),
  backgroundCheckedOn: z.string().nullable(),
  backgroundResult: z.enum(backgroundResults).nullable(),
  healthCheckedOn: z.string().nullable(),
  active: z.boolean(),
  /** What keeps the driver from driving today, in Chinese (computed). */
  gaps: z.array(z.string()),
  ...recordedFields,
});
export type DriverView = z.infer<typeof driverBody>;
export const driverPage = pageOf(driverBody);

const driverFields = {
  name: text('姓名', 50),
  licenceClass: z.enum(licenceClasses, { error: '请选择准驾车型' }),
  licenceExpiresOn: day,
  backgroundCheckedOn: day.nullish(),
  backgroundResult: z.enum(backgroundResults, { error: '请选择背景审查结果' }).nullish(),
  healthCheckedOn: day.nullish(),
  active: z.boolean().default(true),
  fileIds: fileIds.default([]),
};
export const createDriverBody = z.object({ schoolId: z.number({ error: '请选择学校' }).int().positive(), ...driverFields });
export type CreateDriver = z.infer<typeof createDriverBody>;
export const updateDriverBody = z.object({
  version,
  name: driverFields.name.optional(),
  licenceClass: driverFields.licenceClass.optional(),
  licenceExpiresOn: day.optional(),
  backgroundCheckedOn: day.nullish(),
  backgroundResult: driverFields.backgroundResult,
  healthCheckedOn: day.nullish(),
  active: z.boolean().optional(),
  fileIds: fileIds.optional(),
});
export type UpdateDriver = z.infer<typeof updateDriverBody>;
export const driverListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  /** Only drivers who may not drive today (licence past, background check missing, pending or not clear). */
  gaps: z.enum(['true']).optional(),
  q: z.string().trim().max(50).optional(),
});
export type DriverListQuery = z.infer<typeof driverListQuery>;

// ---- routes ---------------------------------------------------------------------------------------

const stop = z.object({ name: text('站点名称', 50), students: z.number({ error: '请填写乘车人数' }).int('人数须为整数').min(0, '人数不能为负').max(100, '人数最多 100') });
export const routeBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  busId: z.number().int(),
  busPlate: z.string(),
  name: z.string(),
  /** In riding order; counts only (no pupil names). */
  stops: z.array(z.object({ name: z.string(), students: z.number().int() })),
  studentCount: z.number().int(),
  ...recordedFields,
});
export type RouteView = z.infer<typeof routeBody>;
export const routePage = pageOf(routeBody);
export const createRouteBody = z.object({
  name: text('线路名称', 50),
  busId: z.number({ error: '请选择校车' }).int().positive(),
  stops: z.array(stop).min(1, '至少一个站点').max(50, '最多 50 个站点'),
  fileIds: fileIds.default([]),
});
export type CreateRoute = z.infer<typeof createRouteBody>;
export const updateRouteBody = z.object({ version, name: text('线路名称', 50).optional(), stops: z.array(stop).min(1, '至少一个站点').max(50, '最多 50 个站点').optional(), fileIds: fileIds.optional() });
export type UpdateRoute = z.infer<typeof updateRouteBody>;
export const routeListQuery = z.object({ ...recordListFilters, ...stageFilter, busId: z.coerce.number().int().positive().optional() });
export type RouteListQuery = z.infer<typeof routeListQuery>;

// ---- the daily pre-trip check (出车前检查) ------------------------------------------------------

const checkItem = z.object({ name: text('检查项目', 50), ok: z.boolean({ error: '请选择是否正常' }), note: z.string().trim().max(200, '最多 200 字').nullish() });
export const checkBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  busId: z.number().int(),
  busPlate: z.string(),
  driverId: z.number().int(),
  driverName: z.string(),
  checkedOn: z.string(),
  items: z.array(z.object({ name: z.string(), ok: z.boolean(), note: z.string().nullable().optional() })),
  failedCount: z.number().int(),
  /** The hazards raised from failed items, by item. */
  hazards: z.array(z.object({ item: z.string(), hazardId: z.number().int(), hazardCode: z.string() })),
  ...recordedFields,
});
export type CheckView = z.infer<typeof checkBody>;
export const checkPage = pageOf(checkBody);
export const createCheckBody = z.object({
  busId: z.number({ error: '请选择校车' }).int().positive(),
  driverId: z.number({ error: '请选择驾驶人' }).int().positive(),
  checkedOn: day,
  items: z.array(checkItem).min(1, '至少一个检查项目').max(40, '最多 40 个检查项目'),
  /** Photos of the check. */
  fileIds: fileIds.default([]),
});
export type CreateCheck = z.infer<typeof createCheckBody>;
export const updateCheckBody = z.object({ version, driverId: z.number().int().positive().optional(), items: z.array(checkItem).min(1, '至少一个检查项目').max(40, '最多 40 个检查项目').optional(), fileIds: fileIds.optional() });
export type UpdateCheck = z.infer<typeof updateCheckBody>;
export const checkListQuery = z.object({
  ...recordListFilters,
  ...stageFilter,
  busId: z.coerce.number().int().positive().optional(),
  /** Only checks with a failed item. */
  failed: z.enum(['true']).optional(),
});
export type CheckListQuery = z.infer<typeof checkListQuery>;

/** A failed item turned into a hazard of the register in one step. */
export const checkHazardBody = z.object({
  version,
  item: text('检查项目', 50),
  grade: z.enum(hazardGrades, { error: '请选择隐患等级' }),
  note: z.string().trim().max(1000, '最多 1000 字').nullish(),
});
export type CheckHazard = z.infer<typeof checkHazardBody>;
