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

/**
 * The years between revisions of the other kinds when the school proposes none: the district's
 * choice, not a seed number (004 item 4 only asks to revise 根据学校实际和情势变化，适时修订): the
 * form pre-fills it and the school may set any later day; the rule emergency.plan_revision judges the
 * day the school set, and its note in the pack says so.
 */
export const DEFAULT_OTHER_REVISION_YEARS = 3;

/** The default next revision: a year after approval for the seasonal kinds (000 item 10), the district's choice otherwise. */
export function defaultRevisionDue(kind: EmergencyPlanKind, approvedOn: string, otherYears = DEFAULT_OTHER_REVISION_YEARS): string {
  return addYears(approvedOn, YEARLY_REVISION_KINDS.includes(kind) ? 1 : otherYears);
}

export interface EmergencyPlanRecord {
  id: number;
  unitId: number;
  kind: EmergencyPlanKind;
  approvedOn: string;
  revisionDue: string;
  /** Voided plans are not counted. */
  current: boolean;
  /** The staff members walked through the plan (001 item 6). */
  walkedStaffIds?: readonly number[];
}

/** Cross-field problems of a plan: the field named, the Chinese message. */
export function planProblems(p: { kind: EmergencyPlanKind; approvedOn: string; revisionDue: string; walkedOn?: string | null }, today?: string): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (p.revisionDue <= p.approvedOn) out.push({ field: 'revisionDue', message: '下次修订日期须晚于批准日期' });
  // 000 item 10: 及时修订年度防汛防台、冰冻雨雪天气的应急预案 — these are revised every year.
  else if (YEARLY_REVISION_KINDS.includes(p.kind) && p.revisionDue > addYears(p.approvedOn, 1))
    out.push({ field: 'revisionDue', message: `${emergencyPlanKindLabels[p.kind]}应急预案须每年修订，下次修订日期不能晚于 ${addYears(p.approvedOn, 1)}` });
  if (today && p.approvedOn > today) out.push({ field: 'approvedOn', message: '批准日期不能晚于今天' });
  if (p.walkedOn && p.walkedOn < p.approvedOn) out.push({ field: 'walkedOn', message: '培训（熟悉）日期不能早于批准日期' });
  if (today && p.walkedOn && p.walkedOn > today) out.push({ field: 'walkedOn', message: '培训（熟悉）日期不能晚于今天' });
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


/**
 * 001 item 6 (提高…师生对应急预案的熟悉程度): each current plan has been walked through by at least
 * the pack's share of the school's current staff. The share is the district's choice (the seed gives
 * no number); a school with no staff registered or no plan is not judged here (the kinds rule is).
 */
export function measurePlanFamiliarity(plans: readonly EmergencyPlanRecord[], staffIds: readonly number[], asOf: string, minShare: number): CheckMeasured {
  const held = plans.filter((p) => p.current && p.approvedOn <= asOf);
  if (held.length === 0 || staffIds.length === 0) return { applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase: '尚无应急预案或教职工名册' };
  const staff = new Set(staffIds);
  const need = Math.ceil(staffIds.length * minShare);
  const short = held
    .map((p) => ({ p, n: new Set((p.walkedStaffIds ?? []).filter((id) => staff.has(id))).size }))
    .filter((x) => x.n < need);
  if (short.length === 0) return { applicable: true, ok: true, lapsed: false, value: need, target: need, recordIds: held.map((p) => p.id), phrase: `各应急预案均已组织不少于 ${need} 名教职工熟悉` };
  const worst = Math.min(...short.map((x) => x.n));
  return {
    applicable: true,
    ok: false,
    lapsed: false,
    value: worst,
    target: need,
    recordIds: short.map((x) => x.p.id),
    phrase: short.map((x) => `${emergencyPlanKindLabels[x.p.kind]}应急预案仅 ${x.n}/${staffIds.length} 名教职工熟悉（应不少于 ${need} 名）`).join('；'),
  };
}
