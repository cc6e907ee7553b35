// School buildings and construction sites (校舍与施工, 001 item 18; 000 item 10 on 在建工地; issue 21)
// as pure rules: the building register with its latest safety appraisal (房屋安全鉴定, grades A–D),
// the next appraisal due by the pack's cadence, what stops a building from being used (a kindergarten
// in old or idle premises without a risk assessment; a new or refitted building without a passed
// indoor-air test and acceptance: 不得迁入和招生), when a building is a major hazard by itself (C or D
// and in use), and the weekly check of a construction site while works run. Pure: today comes in.
import { addDays, daysBetween, weekStart } from './dates.js';
import type { FieldProblem } from './ledger-checks.js';

export const buildingUses = ['teaching', 'dormitory', 'canteen', 'gym', 'office', 'kindergarten', 'library_lab', 'other'] as const;
export type BuildingUse = (typeof buildingUses)[number];
export const buildingUseLabels: Record<BuildingUse, string> = {
  teaching: '教学用房',
  dormitory: '学生宿舍',
  canteen: '食堂',
  gym: '体育馆',
  office: '行政办公用房',
  kindergarten: '幼儿园活动用房',
  library_lab: '图书馆、实验楼',
  other: '其他',
};

export const buildingStructures = ['frame', 'brick_concrete', 'steel', 'shear_wall', 'masonry_timber', 'other'] as const;
export type BuildingStructure = (typeof buildingStructures)[number];
export const buildingStructureLabels: Record<BuildingStructure, string> = {
  frame: '框架结构',
  brick_concrete: '砖混结构',
  steel: '钢结构',
  shear_wall: '剪力墙结构',
  masonry_timber: '砖木结构',
  other: '其他',
};

/** The grades of a housing safety appraisal (房屋安全鉴定): C is partly dangerous, D dangerous as a whole. */
export const appraisalGrades = ['A', 'B', 'C', 'D'] as const;
export type AppraisalGrade = (typeof appraisalGrades)[number];
export const appraisalGradeLabels: Record<AppraisalGrade, string> = {
  A: 'A级（安全）',
  B: 'B级（基本安全）',
  C: 'C级（局部危房）',
  D: 'D级（整幢危房）',
};
export const unsafeGrades: readonly AppraisalGrade[] = ['C', 'D'];

/**
 * How often a building is appraised, in months, by use: the pack's numbers (the seeds name no
 * cadence: 001 item 18 asks for buildings to be checked in time). Dormitories and kindergarten
 * buildings, where children sleep and play, more often; the bureau may change them in the pack.
 */
export interface AppraisalCadence {
  months: number;
  strictMonths: number;
}
export const DEFAULT_APPRAISAL_CADENCE: AppraisalCadence = { months: 60, strictMonths: 36 };

/** Judged more strictly (where the pack says so): a dormitory, a kindergarten room, any building of a kindergarten. */
export function isStrictBuilding(b: { use: BuildingUse; kindergartenSchool: boolean }): boolean {
  return b.use === 'dormitory' || b.use === 'kindergarten' || b.kindergartenSchool;
}

/** The day the next appraisal falls due after one on `appraisedOn`, by the pack's cadence. */
export function appraisalDueOn(appraisedOn: string, strict: boolean, cadence: AppraisalCadence = DEFAULT_APPRAISAL_CADENCE): string {
  const months = strict ? cadence.strictMonths : cadence.months;
  const y = Number(appraisedOn.slice(0, 4));
  const m = Number(appraisedOn.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = (m % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(appraisedOn.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The appraisal as entered: grade, day, body and the next due day come together; no day in the future; due after the appraisal. */
export interface AppraisalInput {
  appraisalGrade: AppraisalGrade | null;
  appraisedOn: string | null;
  appraisedBy: string | null;
  nextAppraisalDueOn: string | null;
}

/** What is wrong with a building's facts and appraisal, naming the field; null when nothing is. */
export function buildingProblem(b: { yearBuilt: number; floors: number } & AppraisalInput, today: string): FieldProblem | null {
  const year = Number(today.slice(0, 4));
  if (b.yearBuilt > year) return { field: 'yearBuilt', message: `不能晚于今年（${year}）` };
  if (b.floors <= 0) return { field: 'floors', message: '须大于 0' };
  const any = b.appraisalGrade || b.appraisedOn || b.appraisedBy || b.nextAppraisalDueOn;
  if (!any) return null;
  if (!b.appraisalGrade) return { field: 'appraisalGrade', message: '填写了鉴定情况，请选择鉴定等级' };
  if (!b.appraisedOn) return { field: 'appraisedOn', message: '请填写鉴定日期' };
  if (!b.appraisedBy) return { field: 'appraisedBy', message: '请填写鉴定机构' };
  if (b.appraisedOn > today) return { field: 'appraisedOn', message: '不能晚于今天' };
  if (Number(b.appraisedOn.slice(0, 4)) < b.yearBuilt) return { field: 'appraisedOn', message: `不能早于建成年份（${b.yearBuilt}）` };
  if (b.nextAppraisalDueOn && b.nextAppraisalDueOn <= b.appraisedOn) return { field: 'nextAppraisalDueOn', message: '须晚于鉴定日期' };
  return null;
}

/** The facts that decide whether a building may be used. */
export interface UseFacts {
  use: BuildingUse;
  kindergartenSchool: boolean;
  oldOrIdle: boolean;
  riskAssessedOn: string | null;
  newOrRefit: boolean;
  airTestPassedOn: string | null;
  acceptancePassedOn: string | null;
}

/** A kindergarten using old or idle premises (老旧闲置校舍) must have them risk-assessed first (001 item 18). */
export const needsRiskAssessment = (b: UseFacts) => b.oldOrIdle && (b.kindergartenSchool || b.use === 'kindergarten');

/**
 * Why a building may not be marked in use, naming the field; null when it may. 001 item 18: premises
 * not assessed are not used by a kindergarten; a new or refitted building takes no pupils until its
 * indoor-air test and acceptance (竣工验收) are recorded as passed (不得迁入和招生).
 */
export function inUseRefusal(b: UseFacts): FieldProblem | null {
  if (needsRiskAssessment(b) && !b.riskAssessedOn) return { field: 'inUse', message: '幼儿园使用老旧闲置校舍须先进行风险评估，请先登记风险评估（001 第18条）' };
  if (b.newOrRefit && !b.airTestPassedOn) return { field: 'inUse', message: '新建或改扩建校舍室内空气检测合格前不得迁入和招生，请先登记检测合格日期（001 第18条）' };
  if (b.newOrRefit && !b.acceptancePassedOn) return { field: 'inUse', message: '新建或改扩建校舍竣工验收合格前不得迁入和招生，请先登记验收合格日期（001 第18条）' };
  return null;
}

/** A building graded C or D that is still in use is a major hazard by itself (001 item 18). */
export const isUnsafeInUse = (b: { inUse: boolean; appraisalGrade: AppraisalGrade | null }) => b.inUse && !!b.appraisalGrade && unsafeGrades.includes(b.appraisalGrade);

/** Why the system closes a building's hazard, in Chinese, or null while it must stay open. */
export function hazardCloseReason(b: { name: string; inUse: boolean; appraisalGrade: AppraisalGrade | null; appraisedOn: string | null; appraisedBy: string | null }, voided = false): string | null {
  if (voided) return `校舍“${b.name}”的登记已作废，系统销号`;
  if (!b.inUse) return `校舍“${b.name}”已停止使用，系统销号（001 第18条）`;
  if (b.appraisalGrade === 'A' || b.appraisalGrade === 'B') return `校舍“${b.name}”经重新鉴定为${appraisalGradeLabels[b.appraisalGrade]}（${b.appraisedOn}，${b.appraisedBy}），系统销号（001 第18条）`;
  return null;
}

/** The key of the one open hazard of a building (hazards.item_key; unique while open). */
export const buildingHazardKey = (buildingId: number) => `building:${buildingId}`;

// ---- construction sites (施工) ------------------------------------------------------------------

/** A site's days: the end not before the start. */
export function siteProblem(s: { startsOn: string; endsOn: string }): FieldProblem | null {
  if (s.endsOn < s.startsOn) return { field: 'endsOn', message: '不能早于开工日期' };
  return null;
}

// ---- the measures of the rule pack (read by rules/ledger-check.ts) -------------------------------

export interface BuildingRecord {
  id: number;
  unitId: number;
  name: string;
  use: BuildingUse;
  inUse: boolean;
  kindergartenSchool: boolean;
  oldOrIdle: boolean;
  riskAssessedOn: string | null;
  appraisalGrade: AppraisalGrade | null;
  appraisedOn: string | null;
  nextAppraisalDueOn: string | null;
}

export interface SiteRecord {
  id: number;
  unitId: number;
  project: string;
  startsOn: string;
  endsOn: string;
}

export interface SiteCheckRecord {
  id: number;
  unitId: number;
  siteId: number;
  checkedOn: string;
}

export interface BuildingMeasured {
  applicable: boolean;
  ok: boolean;
  lapsed: boolean;
  value: number | null;
  target: number | null;
  dueOn?: string;
  recordIds: number[];
  phrase: string;
}

const na = (phrase: string): BuildingMeasured => ({ applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase });
const few = (items: string[], word: string, max = 3) => (items.length <= max ? items.join('；') : `${items.slice(0, max).join('；')}等 ${items.length} ${word}`);

/**
 * Every building in use appraised and not past its next due day (001 item 18: 及时排查校舍安全隐患);
 * due within dueSoonDays is due soon; a building never appraised is missed.
 */
export function measureAppraisal(buildings: readonly BuildingRecord[], asOf: string, dueSoonDays: number): BuildingMeasured {
  const used = buildings.filter((b) => b.inUse);
  if (!used.length) return na('本校未登记在用校舍');
  const late: string[] = [];
  let soonest: string | undefined;
  let soonName = '';
  for (const b of used) {
    if (!b.appraisedOn || !b.nextAppraisalDueOn) late.push(`${b.name}（未登记房屋安全鉴定）`);
    else if (b.nextAppraisalDueOn < asOf) late.push(`${b.name}（应于 ${b.nextAppraisalDueOn} 前重新鉴定）`);
    else if (daysBetween(asOf, b.nextAppraisalDueOn) <= dueSoonDays && (!soonest || b.nextAppraisalDueOn < soonest)) [soonest, soonName] = [b.nextAppraisalDueOn, b.name];
  }
  const ids = used.map((b) => b.id);
  const n = used.length;
  if (late.length) return { applicable: true, ok: false, lapsed: true, value: n - late.length, target: n, recordIds: ids, phrase: `在用校舍 ${n} 栋中 ${late.length} 栋鉴定过期或未鉴定：${few(late, '栋')}` };
  if (soonest) return { applicable: true, ok: false, lapsed: false, value: n, target: n, dueOn: soonest, recordIds: ids, phrase: `${soonName}房屋安全鉴定将于 ${soonest} 到期` };
  return { applicable: true, ok: true, lapsed: false, value: n, target: n, recordIds: ids, phrase: `在用校舍 ${n} 栋均在鉴定有效期内` };
}

/** No building graded C or D in use (001 item 18: 存在重大安全隐患的不得使用). */
export function measureUnsafeInUse(buildings: readonly BuildingRecord[]): BuildingMeasured {
  const used = buildings.filter((b) => b.inUse);
  if (!used.length) return na('本校未登记在用校舍');
  const unsafe = used.filter((b) => isUnsafeInUse(b));
  const ids = used.map((b) => b.id);
  if (unsafe.length) {
    return { applicable: true, ok: false, lapsed: true, value: used.length - unsafe.length, target: used.length, recordIds: unsafe.map((b) => b.id), phrase: `${unsafe.length} 栋鉴定为C/D级的校舍仍在使用：${few(unsafe.map((b) => `${b.name}（${b.appraisalGrade}级）`), '栋')}` };
  }
  return { applicable: true, ok: true, lapsed: false, value: used.length, target: used.length, recordIds: ids, phrase: `在用校舍 ${used.length} 栋无C/D级危房` };
}

/** A kindergarten's old or idle premises in use are risk-assessed (001 item 18). */
export function measureKindergartenPremises(buildings: readonly BuildingRecord[]): BuildingMeasured {
  const concerned = buildings.filter((b) => b.inUse && needsRiskAssessment({ ...b, newOrRefit: false, airTestPassedOn: null, acceptancePassedOn: null }));
  if (!concerned.length) return na('本园未使用老旧闲置校舍');
  const missing = concerned.filter((b) => !b.riskAssessedOn);
  const n = concerned.length;
  if (missing.length) return { applicable: true, ok: false, lapsed: true, value: n - missing.length, target: n, recordIds: missing.map((b) => b.id), phrase: `使用中的老旧闲置校舍未做风险评估：${few(missing.map((b) => b.name), '栋')}` };
  return { applicable: true, ok: true, lapsed: false, value: n, target: n, recordIds: concerned.map((b) => b.id), phrase: `使用中的老旧闲置校舍 ${n} 栋均已做风险评估` };
}

/** How far back a finished site is still judged: its last weeks stay on the board for a while. */
export const SITE_LOOKBACK_DAYS = 30;

/**
 * The weeks (Monday to Sunday) of a site's works up to a day, each with the days it ran: the pack's
 * weekly check asks for one check in each (000 item 10: 在建工地安全巡查; 001 item 18).
 */
export function siteWeeks(site: { startsOn: string; endsOn: string }, asOf: string): Array<{ monday: string; from: string; to: string; complete: boolean }> {
  const last = site.endsOn < asOf ? site.endsOn : asOf;
  if (last < site.startsOn) return [];
  const out: Array<{ monday: string; from: string; to: string; complete: boolean }> = [];
  // Bounded: a site of years is judged on its last 104 weeks.
  let monday = weekStart(site.startsOn);
  const lastMonday = weekStart(last);
  if (daysBetween(monday, lastMonday) > 7 * 104) monday = addDays(lastMonday, -7 * 104);
  for (; monday <= lastMonday; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    const from = monday < site.startsOn ? site.startsOn : monday;
    const to = sunday > site.endsOn ? site.endsOn : sunday;
    out.push({ monday, from, to, complete: to < asOf });
  }
  return out;
}

/**
 * A check in every week while works run: a past week without one is missed (it cannot be made good);
 * the current week without one is due on its last day (Sunday or the site's end).
 */
export function measureSiteChecks(sites: readonly SiteRecord[], checks: readonly SiteCheckRecord[], asOf: string): BuildingMeasured {
  const judged = sites.filter((s) => s.startsOn <= asOf && daysBetween(s.endsOn, asOf) <= SITE_LOOKBACK_DAYS);
  if (!judged.length) return na('本校没有在建或刚完工的施工项目');
  const missed: string[] = [];
  let lastMissed: string | undefined;
  let weeks = 0;
  let done = 0;
  let dueOn: string | undefined;
  let dueText = '';
  const ids: number[] = [];
  for (const s of judged) {
    const days = checks.filter((c) => c.siteId === s.id).map((c) => c.checkedOn);
    for (const w of siteWeeks(s, asOf)) {
      weeks++;
      const hit = days.some((d) => d >= w.from && d <= w.to);
      if (hit) done++;
      else if (w.complete) {
        missed.push(`${s.project} ${w.from} 至 ${w.to} 当周`);
        if (!lastMissed || w.to > lastMissed) lastMissed = w.to;
      }
      else if (!dueOn || w.to < dueOn) [dueOn, dueText] = [w.to, `${s.project}本周（${w.from} 至 ${w.to}）尚未检查`];
    }
    ids.push(s.id);
  }
  if (missed.length) return { applicable: true, ok: false, lapsed: true, value: done, target: weeks, dueOn: lastMissed, recordIds: ids, phrase: `施工期间每周检查缺 ${missed.length} 周：${few(missed, '周')}` };
  if (dueOn) return { applicable: true, ok: false, lapsed: false, value: done, target: weeks, dueOn, recordIds: ids, phrase: dueText };
  return { applicable: true, ok: true, lapsed: false, value: done, target: weeks, recordIds: ids, phrase: `施工项目 ${judged.length} 个，施工期间 ${weeks} 周均已检查` };
}
