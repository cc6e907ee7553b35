// Emergency plans (应急预案, 000 items 4 and 10, task table item 7; 001 item 6): which kinds of plan a
// school must hold (the common list plus its type's own), when a plan falls due for revision, and the
// rules judged on the compliance board. Pure: plain data in, problems or measurements out.
import { addDays, addYears } from './dates.js';
import type { CheckMeasured } from './rules/ledger-check.js';
import type { UnitFacts } from './rules/records.js';

/** 000 task table item 7: the kinds every school holds; the last three only schools of that type. */
export const emergencyPlanKinds = [
  'fire',
  'earthquake',
  'flood_typhoon',
  'ice_snow',
  'stampede',
  'public_health',
  'food_poisoning',
  'violence_intrusion',
  'network_security',
  'boarding_night',
  'school_bus',
  'kindergarten_nap',
] as const;
export type EmergencyPlanKind = (typeof emergencyPlanKinds)[number];
export const emergencyPlanKindLabels: Record<EmergencyPlanKind, string> = {
  fire: '火灾',
  earthquake: '地震',
  flood_typhoon: '防汛防台风',
  ice_snow: '冰雪灾害',
  stampede: '踩踏',
  public_health: '公共卫生事件',
  food_poisoning: '食物中毒',
  violence_intrusion: '暴力侵害与不法侵入',
  network_security: '网络安全',
  boarding_night: '寄宿生夜间疏散',
  school_bus: '校车安全',
  kindergarten_nap: '幼儿午睡时段疏散',
};

/** The kinds a school of this type must hold (000 task table item 7: 各类专项应急预案). */
export function requiredPlanKinds(u: Pick<UnitFacts, 'stage' | 'boarding' | 'schoolBus'>): EmergencyPlanKind[] {
  const kinds: EmergencyPlanKind[] = ['fire', 'earthquake', 'flood_typhoon', 'ice_snow', 'stampede', 'public_health', 'food_poisoning', 'violence_intrusion', 'network_security'];
  if (u.boarding) kinds.push('boarding_night');
  if (u.schoolBus) kinds.push('school_bus');
  if (u.stage === 'kindergarten') kinds.push('kindergarten_nap');
  return kinds;
}

/** 000 item 10: the flood and typhoon and ice and snow plans are revised before each season, i.e. yearly. */
export const YEARLY_REVISION_KINDS: readonly EmergencyPlanKind[] = ['flood_typhoon', 'ice_snow'];

/** The default next revision: a year after approval for the seasonal kinds (000 item 10), three years otherwise. */
export function defaultRevisionDue(kind: EmergencyPlanKind, approvedOn: string): string {
  return addYears(approvedOn, YEARLY_REVISION_KINDS.includes(kind) ? 1 : 3);
}

export interface EmergencyPlanRecord {
  id: number;
  unitId: number;
  kind: EmergencyPlanKind;
  approvedOn: string;
  revisionDue: string;
  /** Retired plans (a newer version replaced them) are not counted. */
  current: boolean;
}

/** Cross-field problems of a plan: the field named, the Chinese message. */
export function planProblems(p: { approvedOn: string; revisionDue: string }): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (p.revisionDue <= p.approvedOn) out.push({ field: 'revisionDue', message: '下次修订日期须晚于批准日期' });
  return out;
}

/** 000 task table item 7: every kind the school's type requires has a current plan approved on or before the day. */
export function measureRequiredPlans(unit: UnitFacts, plans: readonly EmergencyPlanRecord[], asOf: string): CheckMeasured {
  const required = requiredPlanKinds(unit);
  const held = plans.filter((p) => p.current && p.approvedOn <= asOf);
  const missing = required.filter((k) => !held.some((p) => p.kind === k));
  const ids = held.filter((p) => required.includes(p.kind)).map((p) => p.id);
  const value = required.length - missing.length;
  if (missing.length === 0) return { applicable: true, ok: true, lapsed: false, value, target: required.length, recordIds: ids, phrase: `已制定全部 ${required.length} 类应急预案` };
  return {
    applicable: true,
    ok: false,
    lapsed: true,
    value,
    target: required.length,
    recordIds: ids,
    phrase: `缺少${missing.map((k) => emergencyPlanKindLabels[k]).join('、')}应急预案`,
  };
}

/** 000 item 10: no current plan past its revision day; due soon within the rule's window. */
export function measurePlanRevision(plans: readonly EmergencyPlanRecord[], asOf: string, dueSoonDays: number): CheckMeasured {
  const held = plans.filter((p) => p.current && p.approvedOn <= asOf);
  if (held.length === 0) return { applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase: '尚无应急预案' };
  const overdue = held.filter((p) => p.revisionDue < asOf);
  if (overdue.length > 0) {
    return {
      applicable: true,
      ok: false,
      lapsed: true,
      value: overdue.length,
      target: 0,
      recordIds: overdue.map((p) => p.id),
      phrase: `${overdue.map((p) => `${emergencyPlanKindLabels[p.kind]}应急预案（应于 ${p.revisionDue} 修订）`).join('；')}已过修订期`,
    };
  }
  const next = [...held].sort((a, b) => a.revisionDue.localeCompare(b.revisionDue))[0]!;
  const soon = next.revisionDue <= addDays(asOf, dueSoonDays);
  if (soon) return { applicable: true, ok: false, lapsed: false, value: 0, target: 0, dueOn: next.revisionDue, recordIds: [next.id], phrase: `${emergencyPlanKindLabels[next.kind]}应急预案须于 ${next.revisionDue} 前修订` };
  return { applicable: true, ok: true, lapsed: false, value: 0, target: 0, recordIds: held.map((p) => p.id), phrase: '应急预案均在修订期内' };
}

