// Drowning prevention (防溺水, 001 item 12; issue 22): the pure rules of the mechanism. The season is
// the risk calendar's flood_drowning window (rules/risk-review.ts, one calendar for the district);
// the grid (网格化包靠) is kept by class with counts only, never pupils' names; the patrol cadence is
// a number of the rule pack (rule drowning.patrol_cadence), 14 days unless the bureau changes it.
import { addDays } from './dates.js';
import type { SeasonWindow } from './rules/risk-review.js';

export const waterKinds = ['river', 'pond', 'reservoir', 'ditch', 'other'] as const;
export type WaterKind = (typeof waterKinds)[number];
export const waterKindLabels: Record<WaterKind, string> = { river: '河道', pond: '水塘', reservoir: '水库', ditch: '沟渠', other: '其他' };

/** What a patrol may find at a water; each becomes a hazard of the register. */
export const findingKinds = ['sign_missing', 'kit_missing', 'pupils_swimming', 'fence_broken', 'other'] as const;
export type FindingKind = (typeof findingKinds)[number];
export const findingKindLabels: Record<FindingKind, string> = {
  sign_missing: '警示标志缺失',
  kit_missing: '救生设施缺失',
  pupils_swimming: '发现学生私自下水游泳',
  fence_broken: '防护栏缺损',
  other: '其他问题',
};

/** 001 item 12: the days between two patrols of a town's waters in season, unless the pack says otherwise. */
export const DEFAULT_PATROL_CADENCE_DAYS = 14;

// ---- the season ----------------------------------------------------------------------------------

export interface SeasonDays {
  startsOn: string;
  endsOn: string;
}

/** The flood_drowning window that starts in `year` (a window running past 12-31 ends the next year). */
export function seasonOf(year: number, w: Pick<SeasonWindow, 'from' | 'to'>): SeasonDays {
  return { startsOn: `${year}-${w.from}`, endsOn: w.to >= w.from ? `${year}-${w.to}` : `${year + 1}-${w.to}` };
}

/** The season a day falls in (its year's or, for a window into the next year, last year's), else null. */
export function seasonAround(day: string, w: Pick<SeasonWindow, 'from' | 'to'>): SeasonDays | null {
  const year = Number(day.slice(0, 4));
  for (const y of [year, year - 1]) {
    const s = seasonOf(y, w);
    if (s.startsOn <= day && day <= s.endsOn) return s;
  }
  return null;
}

// ---- map point -----------------------------------------------------------------------------------

/** A map point's problems, each naming its field: latitude −90…90, longitude −180…180. */
export function mapPointProblems(p: { lat: number; lng: number }): Array<{ field: 'lat' | 'lng'; message: string }> {
  const out: Array<{ field: 'lat' | 'lng'; message: string }> = [];
  if (!Number.isFinite(p.lat) || p.lat < -90 || p.lat > 90) out.push({ field: 'lat', message: '纬度须在 -90 到 90 之间' });
  if (!Number.isFinite(p.lng) || p.lng < -180 || p.lng > 180) out.push({ field: 'lng', message: '经度须在 -180 到 180 之间' });
  return out;
}

// ---- the grid (网格化包靠), counts only ------------------------------------------------------------

export interface GridClass {
  className: string;
  pupils: number;
  /** The named teacher covering the class, if any (a staff record of the school). */
  teacherId: number | null;
  covered: number;
}

export const classGaps = ['no_teacher', 'short'] as const;
export type ClassGap = (typeof classGaps)[number];
export const classGapLabels: Record<ClassGap, string> = { no_teacher: '未落实包靠教师', short: '包靠人数少于学生数' };

/** Why a class is not fully covered (001 item 12: every pupil covered by a named teacher), or null. */
export function classGap(c: Pick<GridClass, 'pupils' | 'teacherId' | 'covered'>): ClassGap | null {
  if (c.teacherId === null) return 'no_teacher';
  if (c.covered < c.pupils) return 'short';
  return null;
}

/** A class's counts must hold together: covered within 0…pupils, and none covered without a teacher. */
export function gridClassProblem(c: Pick<GridClass, 'pupils' | 'teacherId' | 'covered'>): { field: 'covered'; message: string } | null {
  if (c.covered > c.pupils) return { field: 'covered', message: `已包靠人数（${c.covered}）不能多于班级学生数（${c.pupils}）` };
  if (c.teacherId === null && c.covered > 0) return { field: 'covered', message: '未指定包靠教师时已包靠人数应为 0' };
  return null;
}

export interface Coverage {
  classes: number;
  /** Classes with a teacher and every pupil covered. */
  classesCovered: number;
  pupils: number;
  covered: number;
  /** Pupils covered ÷ pupils, in percent with one decimal; null without classes. */
  percent: number | null;
}

export function coverageOf(classes: ReadonlyArray<Pick<GridClass, 'pupils' | 'teacherId' | 'covered'>>): Coverage {
  let pupils = 0;
  let covered = 0;
  let classesCovered = 0;
  for (const c of classes) {
    pupils += c.pupils;
    // Pupils of a class without a teacher are not covered, whatever was typed.
    covered += c.teacherId === null ? 0 : Math.min(c.covered, c.pupils);
    if (classGap(c) === null) classesCovered++;
  }
  return { classes: classes.length, classesCovered, pupils, covered, percent: pupils ? Math.floor((covered / pupils) * 1000) / 10 : null };
}

/**
 * 001 item 12, the pack's rule drowning.grid_covered: in season a school's grid covers all of its
 * classes — at least one class recorded and none without a teacher or short of pupils.
 */
export function gridMet(classes: ReadonlyArray<Pick<GridClass, 'pupils' | 'teacherId' | 'covered'>>): boolean {
  return classes.length > 0 && classes.every((c) => classGap(c) === null);
}

// ---- patrols -------------------------------------------------------------------------------------

/**
 * 001 item 12, the pack's rule drowning.patrol_cadence: in season a town's waters are patrolled at
 * least every `cadenceDays`. The clock starts at the season's first day (a patrol before it does not
 * count); the next patrol is due `cadenceDays` after the later of the season's start and the last
 * patrol in season. Outside the season nothing is due.
 */
export function patrolDueOn(lastPatrolOn: string | null, season: SeasonDays, cadenceDays: number): string {
  const from = lastPatrolOn && lastPatrolOn >= season.startsOn ? lastPatrolOn : season.startsOn;
  return addDays(from, cadenceDays);
}

export interface PatrolStanding {
  inSeason: boolean;
  dueOn: string | null;
  overdue: boolean;
}

export function patrolStanding(patrolDays: readonly string[], asOf: string, w: Pick<SeasonWindow, 'from' | 'to'>, cadenceDays: number): PatrolStanding {
  const season = seasonAround(asOf, w);
  if (!season) return { inSeason: false, dueOn: null, overdue: false };
  const last = patrolDays.filter((d) => d >= season.startsOn && d <= asOf).sort().at(-1) ?? null;
  const dueOn = patrolDueOn(last, season, cadenceDays);
  return { inSeason: true, dueOn, overdue: asOf > dueOn };
}

/** The item key of a finding's hazard: the patrol and the finding's place in it (one hazard per finding). */
export const findingHazardKey = (patrolId: number, n: number) => `drowning:${patrolId}:${n}`;

/** 零溺亡: a town keeps it for the year while no drowning incident of its schools or of itself occurred in it. */
export function zeroDrowning(drownings: number): boolean {
  return drownings === 0;
}

// ---- the pack's rules, judged on the compliance board (rules/ledger-check.ts) -----------------------

/** The same shape as the engine's measures (rules/ledger-check.ts, CheckMeasured). */
export interface DrowningMeasured {
  applicable: boolean;
  ok: boolean;
  lapsed: boolean;
  value: number | null;
  target: number | null;
  dueOn?: string;
  recordIds: Array<number | string>;
  phrase: string;
}

export interface GridClassRecord extends Pick<GridClass, 'className' | 'pupils' | 'teacherId' | 'covered'> {
  id: number;
  unitId: number;
  seasonYear: number;
}
/** A water near a school (one record per water and school near it). */
export interface WaterRecord {
  id: number;
  name: string;
  /** The school near the water. */
  unitId: number;
}
export interface PatrolRecord {
  id: number;
  waterIds: number[];
  patrolledOn: string;
}

const na = (phrase: string): DrowningMeasured => ({ applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase });
const outOfSeason = (w: Pick<SeasonWindow, 'from' | 'to'>) => na(`汛期（${w.from} 至 ${w.to}）外不评价`);

/**
 * 001 item 12, rule drowning.grid_covered: in season every class of the school is covered — a named
 * teacher and every pupil. The grid is due by the season's first day.
 */
export function measureGridCovered(classes: readonly GridClassRecord[], w: Pick<SeasonWindow, 'from' | 'to'>, asOf: string): DrowningMeasured {
  const season = seasonAround(asOf, w);
  if (!season) return outOfSeason(w);
  const year = Number(season.startsOn.slice(0, 4));
  const mine = classes.filter((c) => c.seasonYear === year);
  if (!mine.length) return { applicable: true, ok: false, lapsed: false, value: 0, target: null, dueOn: season.startsOn, recordIds: [], phrase: `${year} 年汛期尚未登记网格化包靠` };
  const short = mine.filter((c) => classGap(c) !== null);
  const ids = mine.map((c) => c.id);
  const cov = coverageOf(mine);
  if (short.length) {
    const names = short.map((c) => `${c.className}（${classGapLabels[classGap(c)!]}）`);
    const listed = names.length <= 3 ? names.join('、') : `${names.slice(0, 3).join('、')}等 ${names.length} 个班级`;
    return { applicable: true, ok: false, lapsed: false, value: cov.classesCovered, target: cov.classes, dueOn: season.startsOn, recordIds: ids, phrase: `${cov.classes} 个班级中 ${short.length} 个未全覆盖：${listed}` };
  }
  return { applicable: true, ok: true, lapsed: false, value: cov.classes, target: cov.classes, recordIds: ids, phrase: `${cov.classes} 个班级、${cov.pupils} 名学生全部落实包靠教师` };
}

/**
 * 001 item 12, rule drowning.patrol_cadence: in season every dangerous water near the school is
 * patrolled — by its town or by the school — at least every `cadenceDays` (the pack's number). The
 * compliance board judges schools, so the town's duty shows at the schools near its waters; a school
 * with no water near it is not judged.
 */
export function measurePatrolCadence(waters: readonly WaterRecord[], patrols: readonly PatrolRecord[], w: Pick<SeasonWindow, 'from' | 'to'>, asOf: string, cadenceDays: number): DrowningMeasured {
  if (!seasonAround(asOf, w)) return outOfSeason(w);
  if (!waters.length) return na('学校附近未登记危险水域');
  const ids: number[] = [];
  let worst: { name: string; last: string | undefined; dueOn: string; overdue: boolean } | null = null;
  let kept = 0;
  for (const water of waters) {
    const mine = patrols.filter((p) => p.waterIds.includes(water.id));
    ids.push(...mine.map((p) => p.id));
    const days = mine.map((p) => p.patrolledOn);
    const s = patrolStanding(days, asOf, w, cadenceDays);
    if (!s.overdue) kept++;
    if (!worst || s.dueOn! < worst.dueOn) worst = { name: water.name, last: days.filter((d) => d <= asOf).sort().at(-1), dueOn: s.dueOn!, overdue: s.overdue };
  }
  const lastText = worst!.last ? `最近一次督查 ${worst!.last}` : '汛期尚未督查';
  const recordIds = [...new Set(ids)];
  if (worst!.overdue)
    return { applicable: true, ok: false, lapsed: true, value: kept, target: waters.length, dueOn: worst!.dueOn, recordIds, phrase: `附近危险水域“${worst!.name}”${lastText}，应每 ${cadenceDays} 天至少督查一次（应于 ${worst!.dueOn} 前）` };
  return { applicable: true, ok: false, lapsed: false, value: kept, target: waters.length, dueOn: worst!.dueOn, recordIds, phrase: `附近 ${waters.length} 处危险水域按期督查，“${worst!.name}”${lastText}，下次督查` };
}
