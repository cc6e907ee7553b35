// The food safety ledger's checks (issue 15 item 1): which fields each kind of record carries and
// what each must hold, as pure functions the endpoints and the Excel import share. 000 item 7
// (月调度、周排查、日管控), 001 item 17 (陪餐, certificates), 002 area 3 (the traceability platform).
import type { FoodKind } from '../contracts/food.js';
import { pastDayProblem } from './ledger-checks.js';

export interface FieldProblem {
  field: string;
  message: string;
}

/** The own fields of each kind (the others are left empty). */
export const FOOD_KIND_FIELDS: Record<FoodKind, readonly string[]> = {
  daily_check: ['staffChecked', 'staffUnwell', 'samplesKept', 'sampleGrams', 'sampleHours', 'content'],
  weekly_check: ['findingCount', 'content'],
  monthly_dispatch: ['content'],
  accompanied_meal: ['meal', 'content'],
  certificate: ['certificateType', 'certificateNo', 'expiresOn', 'content'],
  platform_status: ['brightKitchenOnline', 'traceabilityOnline', 'content'],
};

export interface FoodDraft {
  kind: FoodKind;
  recordedOn: string;
  staffChecked?: number | null;
  staffUnwell?: number | null;
  samplesKept?: number | null;
  sampleGrams?: number | null;
  sampleHours?: number | null;
  findingCount?: number | null;
  meal?: string | null;
  certificateType?: string | null;
  expiresOn?: string | null;
  brightKitchenOnline?: boolean | null;
  traceabilityOnline?: boolean | null;
  content?: string | null;
}

const missing = (v: unknown) => v === undefined || v === null || v === '';

/**
 * What is wrong with a record of its kind, naming the field; null when nothing is.
 * `newExpiry`: the certificate's expiry is being entered now, so it must not have passed (an expired
 * certificate is not registered as valid); a correction that leaves it alone is not refused for it.
 */
export function foodRecordProblem(d: FoodDraft, today: string, newExpiry = true): FieldProblem | null {
  const day = pastDayProblem(d.recordedOn, today);
  if (day) return { field: 'recordedOn', message: day };
  switch (d.kind) {
    case 'daily_check':
      if (missing(d.staffChecked)) return { field: 'staffChecked', message: '请填写晨检从业人员数' };
      if (missing(d.staffUnwell)) return { field: 'staffUnwell', message: '请填写身体不适人员数（没有填 0）' };
      if (d.staffUnwell! > d.staffChecked!) return { field: 'staffUnwell', message: '不能多于晨检从业人员数' };
      if (missing(d.samplesKept)) return { field: 'samplesKept', message: '请填写留样份数' };
      if (d.samplesKept! > 0 && missing(d.sampleGrams)) return { field: 'sampleGrams', message: '请填写每份留样克数' };
      if (d.samplesKept! > 0 && missing(d.sampleHours)) return { field: 'sampleHours', message: '请填写留样时长' };
      return null;
    case 'weekly_check':
      if (missing(d.findingCount)) return { field: 'findingCount', message: '请填写发现问题数（没有填 0）' };
      if (d.findingCount! > 0 && missing(d.content)) return { field: 'content', message: '发现问题时请写明问题和整改要求' };
      return null;
    case 'monthly_dispatch':
      if (missing(d.content)) return { field: 'content', message: '请填写月调度会议报告' };
      return null;
    case 'accompanied_meal':
      if (missing(d.meal)) return { field: 'meal', message: '请选择餐次' };
      return null;
    case 'certificate':
      if (missing(d.certificateType)) return { field: 'certificateType', message: '请选择证照类型' };
      if (missing(d.expiresOn)) return { field: 'expiresOn', message: '请填写有效期至' };
      if (newExpiry && d.expiresOn! < today) return { field: 'expiresOn', message: `证照已于 ${d.expiresOn} 过期，不能登记为有效证照，请登记换发后的新证` };
      if (d.expiresOn! < d.recordedOn) return { field: 'expiresOn', message: '不能早于发证日期' };
      return null;
    case 'platform_status':
      if (missing(d.brightKitchenOnline)) return { field: 'brightKitchenOnline', message: '请选择明厨亮灶是否在线' };
      if (missing(d.traceabilityOnline)) return { field: 'traceabilityOnline', message: '请选择追溯平台是否在线' };
      return null;
  }
}

/** A daily check's samples short of the standard (at least 125 g a dish, kept 48 h), for the list's flag. */
export function sampleShortfall(d: Pick<FoodDraft, 'samplesKept' | 'sampleGrams' | 'sampleHours'>, minGrams: number, minHours: number): string | null {
  if (!d.samplesKept) return '未留样';
  const out: string[] = [];
  if ((d.sampleGrams ?? 0) < minGrams) out.push(`每份不足 ${minGrams} 克`);
  if ((d.sampleHours ?? 0) < minHours) out.push(`留样不足 ${minHours} 小时`);
  return out.length ? out.join('，') : null;
}
