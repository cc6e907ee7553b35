// Request bodies of the school bus ledger (校车台账, issue 15 item 5; 001 item 14, 000 Q1 task):
// buses, drivers, routes with stops (student counts only), and the daily pre-trip check. Inputs
// only so far: the service and the views are not written yet. Rules that need today (a licence past
// entered as valid, a check day in the future) are in ../domain/buses.ts and applied by the service.
import { z } from 'zod';
import { daySchema } from './common.js';
import { backgroundResults } from '../domain/buses.js';

export { backgroundResults, backgroundResultLabels } from '../domain/buses.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

export const createBusBody = z.object({
  plate: text('车牌号', 16),
  seats: z.number({ error: '请填写座位数' }).int('座位数须为整数').positive('座位数须为正整数').max(100, '座位数最多 100'),
  licenceNo: text('行驶证号', 64),
  insuranceExpiresOn: day,
  reviewedOn: day.nullish(),
  reviewDueOn: day,
  fileIds: fileIds.default([]),
});
export type CreateBus = z.infer<typeof createBusBody>;

export const createDriverBody = z.object({
  name: text('姓名', 50),
  licenceClass: z.enum(['A1', 'A3', 'B1'], { error: '请选择准驾车型' }),
  licenceExpiresOn: day,
  backgroundCheckedOn: day.nullish(),
  backgroundResult: z.enum(backgroundResults, { error: '请选择背景审查结果' }).nullish(),
  healthCheckedOn: day.nullish(),
});
export type CreateDriver = z.infer<typeof createDriverBody>;

export const createRouteBody = z.object({
  name: text('线路名称', 50),
  busId: z.number({ error: '请选择校车' }).int().positive(),
  stops: z
    .array(z.object({ name: text('站点名称', 50), students: z.number({ error: '请填写乘车人数' }).int('人数须为整数').min(0, '人数不能为负') }))
    .min(1, '至少一个站点')
    .max(50, '最多 50 个站点'),
});
export type CreateRoute = z.infer<typeof createRouteBody>;

export const createPreTripCheckBody = z.object({
  busId: z.number({ error: '请选择校车' }).int().positive(),
  driverId: z.number({ error: '请选择驾驶人' }).int().positive(),
  checkedOn: day,
  items: z.array(z.object({ name: text('检查项目', 50), ok: z.boolean({ error: '请选择是否正常' }) })).min(1, '至少一个检查项目').max(40, '最多 40 个检查项目'),
  photoIds: fileIds.default([]),
});
export type CreatePreTripCheck = z.infer<typeof createPreTripCheckBody>;
