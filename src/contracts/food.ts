// Requests and responses of the food safety ledger (食品安全, issue 15 item 1; 000 item 7, 001 item 17,
// 002 area 3): 日管控 (the canteen's daily check sheet, the morning check of kitchen staff, samples
// kept 48 h with weight), 周排查 with findings, 月调度 with its report, 陪餐 per meal, supplier and
// staff certificates with expiry, and the state of 明厨亮灶 and the traceability platform.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { schoolStages } from './enums.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullable().optional();
const count = (what: string, max = 100000) => z.number({ error: `请填写${what}` }).int('须为整数').min(0, '不能为负数').max(max, `不能超过 ${max}`);
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

export const foodKinds = ['daily_check', 'weekly_check', 'monthly_dispatch', 'accompanied_meal', 'certificate', 'platform_status'] as const;
export type FoodKind = (typeof foodKinds)[number];
export const foodKindLabels: Record<FoodKind, string> = {
  daily_check: '日管控',
  weekly_check: '周排查',
  monthly_dispatch: '月调度',
  accompanied_meal: '陪餐',
  certificate: '证照',
  platform_status: '明厨亮灶与追溯平台',
};
/** Who the person of a record is, by kind. */
export const foodPersonLabels: Record<FoodKind, string> = {
  daily_check: '检查人',
  weekly_check: '排查人',
  monthly_dispatch: '主持人',
  accompanied_meal: '陪餐人',
  certificate: '持证人/单位',
  platform_status: '登记人',
};

export const meals = ['breakfast', 'lunch', 'dinner'] as const;
export type Meal = (typeof meals)[number];
export const mealLabels: Record<Meal, string> = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' };

export const certificateTypes = ['food_business_licence', 'supplier_licence', 'health_certificate', 'other'] as const;
export type CertificateType = (typeof certificateTypes)[number];
export const certificateTypeLabels: Record<CertificateType, string> = {
  food_business_licence: '食品经营许可证',
  supplier_licence: '供应商资质',
  health_certificate: '从业人员健康证',
  other: '其他证照',
};

/** 留样 (samples kept): at least 125 g a dish for 48 hours. */
export const SAMPLE_MIN_GRAMS = 125;
export const SAMPLE_MIN_HOURS = 48;

export const foodBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  kind: z.enum(foodKinds),
  recordedOn: z.string(),
  person: z.string(),
  staffChecked: z.number().int().nullable(),
  staffUnwell: z.number().int().nullable(),
  samplesKept: z.number().int().nullable(),
  sampleGrams: z.number().int().nullable(),
  sampleHours: z.number().int().nullable(),
  findingCount: z.number().int().nullable(),
  meal: z.enum(meals).nullable(),
  certificateType: z.enum(certificateTypes).nullable(),
  certificateNo: z.string().nullable(),
  expiresOn: z.string().nullable(),
  brightKitchenOnline: z.boolean().nullable(),
  traceabilityOnline: z.boolean().nullable(),
  content: z.string().nullable(),
  ...recordedFields,
});
export type FoodView = z.infer<typeof foodBody>;
export const foodPage = pageOf(foodBody);

/** Every field a record may carry; which ones a kind needs is checked by foodFieldsOf. */
export const foodFields = {
  recordedOn: daySchema,
  person: text('负责人', 50),
  staffChecked: count('晨检从业人员数', 1000).nullable().optional(),
  staffUnwell: count('身体不适人员数', 1000).nullable().optional(),
  samplesKept: count('留样份数', 200).nullable().optional(),
  sampleGrams: count('每份留样克数', 5000).nullable().optional(),
  sampleHours: count('留样时长', 720).nullable().optional(),
  findingCount: count('发现问题数', 1000).nullable().optional(),
  meal: z.enum(meals, { error: '请选择餐次' }).nullable().optional(),
  certificateType: z.enum(certificateTypes, { error: '请选择证照类型' }).nullable().optional(),
  certificateNo: optText(64),
  expiresOn: daySchema.nullable().optional(),
  brightKitchenOnline: z.boolean({ error: '请选择明厨亮灶是否在线' }).nullable().optional(),
  traceabilityOnline: z.boolean({ error: '请选择追溯平台是否在线' }).nullable().optional(),
  content: optText(2000),
  fileIds: fileIds.optional(),
};

export const createFoodBody = z.object({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  kind: z.enum(foodKinds, { error: '请选择记录类型' }),
  ...foodFields,
  fileIds: fileIds.default([]),
});
export type CreateFood = z.infer<typeof createFoodBody>;

export const updateFoodBody = z.object(foodFields).partial().extend({ version });
export type UpdateFood = z.infer<typeof updateFoodBody>;

export const foodListQuery = z.object({
  ...recordListFilters,
  kind: z.enum(foodKinds).optional(),
  /** The bureau's view across the district: schools of one stage. */
  stage: z.enum(schoolStages).optional(),
});
export type FoodListQuery = z.infer<typeof foodListQuery>;
