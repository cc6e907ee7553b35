// The general measure of the ledgers of issue 15 items 3–7 (`{ kind: 'ledger_check' }` in pack.ts):
// each check is a pure function over one school's plain records (./records.ts, LedgerRecordsB),
// the period judged and the as-of day, returning what the engine's other measures return — met or
// short, lapsed (can no longer be made good: an inspection past due, a count that differs), the
// day the shortfall falls due, the records counted and one Chinese phrase. The engine decides
// met / due soon / missed from it as for every rule (engine.ts, judge).
import { addDays, daysBetween } from '../dates.js';
import { certificateGaps, inspectionDueOf, missingAssignments } from '../equipment.js';
import { latestCount, milliText, replay, type ChemicalMovement } from '../chemicals.js';
import { measureMonthlyReport, measureRedCards, type CardRecord, type ReportRecord } from '../network-security.js';
import { measureBusDrivers, measureBusReview, measurePreTrip, type BusDriverRecord, type BusRecord, type PreTripRecord } from '../buses.js';
import { measureFireStandard, type FireAcceptanceRecord } from '../fire-standard.js';
import { measureAppraisal, measureKindergartenPremises, measureSiteChecks, measureUnsafeInUse, type BuildingRecord, type SiteCheckRecord, type SiteRecord } from '../buildings.js';
import { measureWarningSigns, type WarningSignRecord } from '../warnings.js';
import { measureBullyingInquiries, measureBullyingScreenings, type BullyingCaseRecord, type BullyingScreeningRecord } from '../bullying.js';
import { measurePlanFamiliarity, measurePlanRevision, measureRequiredPlans, type EmergencyPlanRecord } from '../emergency-plans.js';
import { measureSupplies, type SupplyRecord } from '../emergency-supplies.js';
import { DEFAULT_PATROL_CADENCE_DAYS, measureGridCovered, measurePatrolCadence, type GridClassRecord, type PatrolRecord, type WaterRecord } from '../drowning.js';
import { measureDisputesOnTime, type DisputeRecord } from '../disputes.js';
import { measureRecurring, type OccurrenceRecord } from '../inspection-schedules.js';
import { measureGuardsFunded, type BudgetRecord } from '../budget.js';
import { measureVideoPatrols, type VideoPatrolRecord } from '../video-patrol.js';
import { DEFAULT_RISK_REVIEW } from './risk-review.js';
import { schoolDaysIn } from './entries.js';
import type { Period, SchoolCalendar } from './periods.js';
import type { Rule } from './pack.js';
import type { ChemicalRecord, EquipmentRecord, LedgerRecords, RecordId, StaffCheckRecord, UnitFacts } from './records.js';

export const ledgerCheckCodes = [
  'equipment.inspection',
  'equipment.certificates',
  'equipment.assignments',
  'chemicals.monthly_count',
  'chemicals.balance',
  'chemicals.waste_disposal',
  'staff.entry_check',
  'netsec.monthly_report',
  'netsec.red_cards',
  'bus.annual_review',
  'bus.drivers',
  'bus.pre_trip_check',
  'fire.standard_accepted',
  'building.appraisal',
  'building.no_unsafe_in_use',
  'building.kindergarten_premises',
  'construction.weekly_check',
  'warning.signed_on_time',
  'emergency.plan_kinds',
  'emergency.plan_revision',
  'emergency.plan_familiarity',
  'emergency.supplies',
  'bullying.screening',
  'bullying.inquiry',
  'disputes.petition_reply',
  'disputes.dispute_resolve',
  'drowning.grid_covered',
  'drowning.patrol_cadence',
  'inspection.recurring',
  'budget.guards_funded',
  'video_patrol.monthly',
  'video_patrol.canteen',
] as const;
export type LedgerCheckCode = (typeof ledgerCheckCodes)[number];

/** The same shape as the engine's own measures. */
export interface CheckMeasured {
  applicable: boolean;
  ok: boolean;
  lapsed: boolean;
  value: number | null;
  target: number | null;
  dueOn?: string;
  recordIds: RecordId[];
  phrase: string;
}

export interface CheckIndex {
  equipment: Map<number, EquipmentRecord[]>;
  chemicals: Map<number, ChemicalRecord[]>;
  staffChecks: Map<number, StaffCheckRecord[]>;
  netsecCards: Map<number, CardRecord[]>;
  netsecReports: Map<number, ReportRecord[]>;
  buses: Map<number, BusRecord[]>;
  busDrivers: Map<number, BusDriverRecord[]>;
  busChecks: Map<number, PreTripRecord[]>;
  /** The district's school calendars, and the school days per period worked out once (the pre-trip check). */
  calendars: SchoolCalendar[];
  schoolDays: Map<string, string[]>;
  fireAcceptances: Map<number, FireAcceptanceRecord[]>;
  buildings: Map<number, BuildingRecord[]>;
  constructionSites: Map<number, SiteRecord[]>;
  constructionChecks: Map<number, SiteCheckRecord[]>;
  warningSigns: Map<number, WarningSignRecord[]>;
  emergencyPlans: Map<number, EmergencyPlanRecord[]>;
  emergencyStaff: Map<number, Array<{ id: number; unitId: number }>>;
  emergencySupplies: Map<number, SupplyRecord[]>;
  bullyingScreenings: Map<number, BullyingScreeningRecord[]>;
  bullyingCases: Map<number, BullyingCaseRecord[]>;
  disputes: Map<number, DisputeRecord[]>;
  drowningGrid: Map<number, GridClassRecord[]>;
  drowningWaters: Map<number, WaterRecord[]>;
  drowningPatrols: PatrolRecord[];
  /** The flood_drowning window of the district's risk calendar (the reader's), else the default. */
  drowningSeason: { from: string; to: string };
  occurrences: Map<number, OccurrenceRecord[]>;
  budgets: Map<number, BudgetRecord[]>;
  videoPatrols: Map<number, VideoPatrolRecord[]>;
  guards: Map<number, number>;
}

function byUnit<T extends { unitId: number }>(list: readonly T[] | undefined): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const x of list ?? []) {
    let g = m.get(x.unitId);
    if (!g) m.set(x.unitId, (g = []));
    g.push(x);
  }
  return m;
}

/** Built once per evaluation, like the engine's own index. */
export function buildCheckIndex(r: LedgerRecords, calendars: SchoolCalendar[] = []): CheckIndex {
  return {
    equipment: byUnit(r.ledgersB?.equipment),
    chemicals: byUnit(r.ledgersB?.chemicals),
    staffChecks: byUnit(r.ledgersB?.staffChecks),
    netsecCards: byUnit(r.ledgersB?.netsecCards),
    netsecReports: byUnit(r.ledgersB?.netsecReports),
    buses: byUnit(r.ledgersB?.buses),
    busDrivers: byUnit(r.ledgersB?.busDrivers),
    busChecks: byUnit(r.ledgersB?.busChecks),
    calendars,
    schoolDays: new Map(),
    fireAcceptances: byUnit(r.ledgersB?.fireAcceptances),
    buildings: byUnit(r.ledgersB?.buildings),
    constructionSites: byUnit(r.ledgersB?.constructionSites),
    constructionChecks: byUnit(r.ledgersB?.constructionChecks),
    warningSigns: byUnit(r.ledgersB?.warningSigns),
    emergencyPlans: byUnit(r.ledgersB?.emergencyPlans),
    emergencyStaff: byUnit(r.ledgersB?.emergencyStaff),
    emergencySupplies: byUnit(r.ledgersB?.emergencySupplies),
    bullyingScreenings: byUnit(r.ledgersB?.bullyingScreenings),
    bullyingCases: byUnit(r.ledgersB?.bullyingCases),
    disputes: byUnit(r.ledgersB?.disputes),
    drowningGrid: byUnit(r.ledgersB?.drowningGrid),
    drowningWaters: byUnit(r.ledgersB?.drowningWaters),
    drowningPatrols: r.ledgersB?.drowningPatrols ?? [],
    drowningSeason: r.ledgersB?.drowningSeason ?? DEFAULT_RISK_REVIEW.seasons.flood_drowning,
    occurrences: byUnit(r.ledgersB?.occurrences),
    budgets: byUnit(r.ledgersB?.budgets),
    videoPatrols: byUnit(r.ledgersB?.videoPatrols),
    guards: new Map((r.ledgersB?.guards ?? []).map((g) => [g.unitId, g.guards])),
  };
}

function schoolDaysOf(ix: CheckIndex, p: Period): string[] {
  const k = `${p.startsOn}..${p.endsOn}`;
  let days = ix.schoolDays.get(k);
  if (!days) ix.schoolDays.set(k, (days = schoolDaysIn(p.startsOn, p.endsOn, ix.calendars)));
  return days;
}

export interface CheckArgs {
  rule: Rule;
  unit: UnitFacts;
  period: Period;
  asOf: string;
  ix: CheckIndex;
}

const na = (phrase: string): CheckMeasured => ({ applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase });

function list(items: string[], word: string, max = 3): string {
  return items.length <= max ? items.join('；') : `${items.slice(0, max).join('；')}等 ${items.length} ${word}`;
}

export function measureLedgerCheck(check: LedgerCheckCode, a: CheckArgs): CheckMeasured {
  switch (check) {
    case 'equipment.inspection':
      return equipmentInspection(a);
    case 'equipment.certificates':
      return equipmentCertificates(a);
    case 'equipment.assignments':
      return equipmentAssignments(a);
    case 'chemicals.monthly_count':
      return chemicalsMonthlyCount(a);
    case 'chemicals.balance':
      return chemicalsBalance(a);
    case 'chemicals.waste_disposal':
      return chemicalsWaste(a);
    case 'staff.entry_check':
      return staffEntryCheck(a);
    // Network security (000 item 8): ../network-security.ts.
    case 'netsec.monthly_report':
      return measureMonthlyReport(a.ix.netsecReports.get(a.unit.id) ?? [], a.period, a.asOf);
    case 'netsec.red_cards':
      return measureRedCards(a.ix.netsecCards.get(a.unit.id) ?? [], a.asOf);
    // School buses (001 item 14, 000 Q1 task): ../buses.ts.
    case 'bus.annual_review':
      return measureBusReview(a.ix.buses.get(a.unit.id) ?? [], a.asOf, a.rule.dueSoonDays);
    case 'bus.drivers':
      return measureBusDrivers(a.ix.busDrivers.get(a.unit.id) ?? [], a.ix.buses.get(a.unit.id) ?? [], a.asOf, a.rule.dueSoonDays);
    case 'bus.pre_trip_check':
      return measurePreTrip(a.ix.buses.get(a.unit.id) ?? [], a.ix.busChecks.get(a.unit.id) ?? [], schoolDaysOf(a.ix, a.period), a.period, a.asOf);
    // Fire-safety standardisation (000 item 5, 001 item 13): ../fire-standard.ts; the day is the pack's.
    // Warnings signed within the pack's hours (000 item 10): ../warnings.ts.
    case 'warning.signed_on_time':
      return measureWarningSigns(a.ix.warningSigns.get(a.unit.id) ?? [], a.period, a.asOf);
    case 'fire.standard_accepted':
      return measureFireStandard(a.ix.fireAcceptances.get(a.unit.id) ?? [], a.period, a.asOf, a.rule.measure.kind === 'ledger_check' ? (a.rule.measure.dueBy ?? '12-31') : '12-31');
    // Buildings and construction sites (001 item 18, 000 item 10): ../buildings.ts.
    case 'building.appraisal':
      return measureAppraisal(a.ix.buildings.get(a.unit.id) ?? [], a.asOf, a.rule.dueSoonDays);
    case 'building.no_unsafe_in_use':
      return measureUnsafeInUse(a.ix.buildings.get(a.unit.id) ?? []);
    case 'building.kindergarten_premises':
      return measureKindergartenPremises(a.ix.buildings.get(a.unit.id) ?? []);
    case 'construction.weekly_check':
      return measureSiteChecks(a.ix.constructionSites.get(a.unit.id) ?? [], a.ix.constructionChecks.get(a.unit.id) ?? [], a.asOf);
    // Emergency plans and supplies (issue 21; 000 items 4 and 10, task table item 7; 001 item 6): ../emergency-plans.ts, ../emergency-supplies.ts.
    // Bullying (001 item 10, 000 item 13): ../bullying.ts; the threshold of the screening is the times per semester.
    case 'bullying.screening':
      return measureBullyingScreenings(a.ix.bullyingScreenings.get(a.unit.id) ?? [], a.period, a.asOf, Math.max(1, Math.round(a.rule.threshold.min)));
    case 'bullying.inquiry':
      return measureBullyingInquiries(a.ix.bullyingCases.get(a.unit.id) ?? [], a.period, a.asOf);
    // Disputes and petitions (000 item 3, 003 第三部分之六): ../disputes.ts; the threshold is read when a record is made.
    case 'disputes.petition_reply':
      return measureDisputesOnTime(a.ix.disputes.get(a.unit.id) ?? [], 'petition', a.period, a.asOf);
    case 'disputes.dispute_resolve':
      return measureDisputesOnTime(a.ix.disputes.get(a.unit.id) ?? [], 'dispute', a.period, a.asOf);
    case 'emergency.plan_kinds':
      return measureRequiredPlans(a.unit, a.ix.emergencyPlans.get(a.unit.id) ?? [], a.asOf);
    case 'emergency.plan_revision':
      return measurePlanRevision(a.ix.emergencyPlans.get(a.unit.id) ?? [], a.asOf, a.rule.dueSoonDays);
    case 'emergency.plan_familiarity':
      return measurePlanFamiliarity(a.ix.emergencyPlans.get(a.unit.id) ?? [], (a.ix.emergencyStaff.get(a.unit.id) ?? []).map((s) => s.id), a.asOf, a.rule.threshold.min);
    case 'emergency.supplies':
      return measureSupplies(a.ix.emergencySupplies.get(a.unit.id) ?? [], a.asOf, a.rule.dueSoonDays);
    // Drowning prevention (001 item 12): ../drowning.ts; the season is the risk calendar's, the cadence the pack's.
    case 'drowning.grid_covered':
      return measureGridCovered(a.ix.drowningGrid.get(a.unit.id) ?? [], a.ix.drowningSeason, a.asOf);
    case 'drowning.patrol_cadence':
      return measurePatrolCadence(a.ix.drowningWaters.get(a.unit.id) ?? [], a.ix.drowningPatrols, a.ix.drowningSeason, a.asOf, a.rule.measure.kind === 'ledger_check' ? (a.rule.measure.cadenceDays ?? DEFAULT_PATROL_CADENCE_DAYS) : DEFAULT_PATROL_CADENCE_DAYS);
    // Recurring self-checks (issue 17; 001 item 13): ../inspection-schedules.ts; the threshold is the days of grace after each day.
    case 'inspection.recurring':
      return measureRecurring(a.ix.occurrences.get(a.unit.id) ?? [], a.period, a.asOf, Math.max(0, Math.round(a.rule.threshold.min)));
    // The safety budget (001 item 25): ../budget.ts; the day is the pack's (dueBy on the measure).
    case 'budget.guards_funded':
      return measureGuardsFunded(a.ix.guards.get(a.unit.id) ?? null, a.ix.budgets.get(a.unit.id) ?? [], a.period, a.rule.measure.kind === 'ledger_check' ? (a.rule.measure.dueBy ?? '03-31') : '03-31');
    // Online video patrols (001 item 4; 000 item 7, 001 item 17): ../video-patrol.ts; the threshold is the patrols a month.
    case 'video_patrol.monthly':
      return measureVideoPatrols(a.ix.videoPatrols.get(a.unit.id) ?? [], a.period, a.asOf, Math.max(0, Math.round(a.rule.threshold.min)), false);
    case 'video_patrol.canteen':
      return measureVideoPatrols(a.ix.videoPatrols.get(a.unit.id) ?? [], a.period, a.asOf, Math.max(0, Math.round(a.rule.threshold.min)), true);
  }
}

// ---- special equipment (001 item 19: 三落实、两有证、一检验、一预案) ---------------------------

const inService = (a: CheckArgs) => (a.ix.equipment.get(a.unit.id) ?? []).filter((e) => e.inService);

/** 一检验: every item in service inspected by its due day; due soon within the rule's window. */
function equipmentInspection(a: CheckArgs): CheckMeasured {
  const items = inService(a);
  if (!items.length) return na('本校未登记在用特种设备');
  const overdue: string[] = [];
  let nextDue: string | undefined;
  let nextName = '';
  let ok = 0;
  for (const e of items) {
    const due = inspectionDueOf(e.registeredDueOn, e.inspections);
    if (due < a.asOf) overdue.push(`${e.name}（应于 ${due} 前检验）`);
    else {
      if (daysBetween(a.asOf, due) > a.rule.dueSoonDays) ok++;
      if (!nextDue || due < nextDue) [nextDue, nextName] = [due, e.name];
    }
  }
  const ids = items.map((e) => e.id);
  if (overdue.length) {
    return { applicable: true, ok: false, lapsed: true, value: items.length - overdue.length, target: items.length, recordIds: ids, phrase: `在用特种设备 ${items.length} 台中 ${overdue.length} 台超期未检验：${list(overdue, '台')}` };
  }
  const soon = ok < items.length;
  return {
    applicable: true,
    ok: !soon,
    lapsed: false,
    value: ok,
    target: items.length,
    dueOn: soon ? nextDue : undefined,
    recordIds: ids,
    phrase: soon ? `${nextName}定期检验将于 ${nextDue} 到期` : `在用特种设备 ${items.length} 台均在检验有效期内（最近 ${nextDue} 到期）`,
  };
}

/** 两有证: the registration certificate and the operator's certificate, valid on the day. */
function equipmentCertificates(a: CheckArgs): CheckMeasured {
  const items = inService(a);
  if (!items.length) return na('本校未登记在用特种设备');
  const gaps: string[] = [];
  let soonest: string | undefined;
  let soonName = '';
  for (const e of items) {
    const g = certificateGaps(e, a.asOf);
    if (g.length) gaps.push(`${e.name}${g.join('、')}`);
    else if (e.operatorCertExpiresOn && daysBetween(a.asOf, e.operatorCertExpiresOn) <= a.rule.dueSoonDays && (!soonest || e.operatorCertExpiresOn < soonest)) {
      [soonest, soonName] = [e.operatorCertExpiresOn, e.name];
    }
  }
  const ids = items.map((e) => e.id);
  if (gaps.length) return { applicable: true, ok: false, lapsed: true, value: items.length - gaps.length, target: items.length, recordIds: ids, phrase: `特种设备证照不全或过期：${list(gaps, '台')}` };
  if (soonest) return { applicable: true, ok: false, lapsed: false, value: items.length, target: items.length, dueOn: soonest, recordIds: ids, phrase: `${soonName}作业人员证将于 ${soonest} 到期` };
  return { applicable: true, ok: true, lapsed: false, value: items.length, target: items.length, recordIds: ids, phrase: `在用特种设备 ${items.length} 台使用登记证、作业人员证齐全有效` };
}

/** 三落实、一预案: a person responsible, a maintenance unit, a safety manager and a plan on file. */
function equipmentAssignments(a: CheckArgs): CheckMeasured {
  const items = inService(a);
  if (!items.length) return na('本校未登记在用特种设备');
  const short: string[] = [];
  for (const e of items) {
    const m = missingAssignments(e);
    if (m.length) short.push(`${e.name}缺${m.join('、')}`);
  }
  const ids = items.map((e) => e.id);
  const done = items.length - short.length;
  return short.length
    ? { applicable: true, ok: false, lapsed: true, value: done, target: items.length, recordIds: ids, phrase: `特种设备“三落实、一预案”${done}/${items.length} 台落实：${list(short, '台')}` }
    : { applicable: true, ok: true, lapsed: false, value: done, target: items.length, recordIds: ids, phrase: `在用特种设备 ${items.length} 台均已落实责任人、维保单位、安全管理员和应急预案` };
}

// ---- hazardous chemicals (003, 000 item 9, 001 item 19) ----------------------------------------

const movementsOf = (c: ChemicalRecord): ChemicalMovement[] => c.movements.map((m) => ({ ...m, issueId: m.issueId ?? null }));

/**
 * A count (盘点) of every chemical held in the month: held means a balance above zero at the start
 * of the month or a movement in it (up to the day judged). A chemical used up and never bought
 * again is not counted for ever.
 */
function chemicalsMonthlyCount(a: CheckArgs): CheckMeasured {
  const to = a.period.endsOn < a.asOf ? a.period.endsOn : a.asOf;
  const before = addDays(a.period.startsOn, -1);
  const held: string[] = [];
  const uncounted: string[] = [];
  const ids: RecordId[] = [];
  for (const c of a.ix.chemicals.get(a.unit.id) ?? []) {
    const ms = movementsOf(c);
    const upTo = (d: string) => ms.filter((m) => m.day <= d);
    const inPeriod = ms.filter((m) => m.day >= a.period.startsOn && m.day <= to);
    if (replay(upTo(before)).state.balance <= 0 && !inPeriod.length) continue;
    held.push(c.name);
    const counts = inPeriod.filter((m) => m.kind === 'count');
    if (counts.length) ids.push(...counts.map((m) => m.id));
    else uncounted.push(c.name);
  }
  if (!held.length) return na('本校本月没有在库的危险化学品');
  const done = held.length - uncounted.length;
  const head = `危险化学品盘点 ${done}/${held.length} 种`;
  return {
    applicable: true,
    ok: !uncounted.length,
    lapsed: false,
    value: done,
    target: held.length,
    recordIds: ids,
    phrase: uncounted.length ? `${head}，未盘点：${list(uncounted, '种')}` : `${head}，均已盘点`,
  };
}

/** No negative balance, and the latest count of every chemical equal to the balance computed at it (账实相符). */
function chemicalsBalance(a: CheckArgs): CheckMeasured {
  const chems = a.ix.chemicals.get(a.unit.id) ?? [];
  if (!chems.length) return na('本校未登记危险化学品');
  const bad: string[] = [];
  const ids: RecordId[] = [];
  for (const c of chems) {
    const { state, problem } = replay(movementsOf(c).filter((m) => m.day <= a.asOf));
    if (problem) {
      bad.push(`${c.name}结存出现负数（${problem.message}）`);
      ids.push(c.id);
      continue;
    }
    const last = latestCount(state);
    if (last && last.difference !== 0) {
      bad.push(`${c.name} ${last.day} 盘点 ${milliText(last.counted)}，账面 ${milliText(last.expected)}`);
      ids.push(last.countId);
    }
  }
  return bad.length
    ? { applicable: true, ok: false, lapsed: true, value: chems.length - bad.length, target: chems.length, recordIds: ids, phrase: `危险化学品账实不符：${list(bad, '种')}` }
    : { applicable: true, ok: true, lapsed: false, value: chems.length, target: chems.length, recordIds: ids, phrase: `危险化学品 ${chems.length} 种账实相符，无负结存` };
}

/**
 * Waste (危废): a chemical past its expiry day with stock left is waste and is disposed of through
 * the hazardous-waste contractor within the pack's days (threshold.min) of expiring.
 */
function chemicalsWaste(a: CheckArgs): CheckMeasured {
  const chems = a.ix.chemicals.get(a.unit.id) ?? [];
  if (!chems.length) return na('本校未登记危险化学品');
  const days = a.rule.threshold.min;
  const late: string[] = [];
  let soonest: string | undefined;
  let soonName = '';
  const ids: RecordId[] = [];
  let waste = 0;
  for (const c of chems) {
    if (!c.expiresOn || c.expiresOn >= a.asOf) continue;
    const balance = replay(movementsOf(c).filter((m) => m.day <= a.asOf)).state.balance;
    if (balance <= 0) continue;
    waste++;
    ids.push(c.id);
    const by = addDays(c.expiresOn, days);
    if (by < a.asOf) late.push(`${c.name}（${c.expiresOn} 过期，结存 ${milliText(balance)}）`);
    else if (!soonest || by < soonest) [soonest, soonName] = [by, c.name];
  }
  if (late.length) return { applicable: true, ok: false, lapsed: true, value: waste - late.length, target: waste, recordIds: ids, phrase: `过期危险化学品超过 ${days} 天未处置：${list(late, '种')}` };
  if (soonest) return { applicable: true, ok: false, lapsed: false, value: waste, target: waste, dueOn: soonest, recordIds: ids, phrase: `${soonName}已过期，须在 ${soonest} 前交危废处置单位处置` };
  return { applicable: true, ok: true, lapsed: false, value: 0, target: 0, recordIds: ids, phrase: '没有待处置的过期危险化学品' };
}

// ---- staff checks (001 item 11: 准入查询性侵违法犯罪信息) --------------------------------------

/**
 * Nobody on post without a check: every staff member present, outsourced guards, drivers and
 * cleaners included, has an entry check that came back clear. A check still pending, missing, or
 * not clear is a miss on the day (someone is on post now).
 */
function staffEntryCheck(a: CheckArgs): CheckMeasured {
  const people = a.ix.staffChecks.get(a.unit.id) ?? [];
  if (!people.length) return na('本单位没有登记教职工');
  const missing = people.filter((p) => p.result === null).map((p) => p.name);
  const pending = people.filter((p) => p.result === 'pending').map((p) => p.name);
  const notClear = people.filter((p) => p.result === 'not_clear').map((p) => p.name);
  const clear = people.length - missing.length - pending.length - notClear.length;
  const head = `在岗人员准入查询 ${clear}/${people.length} 人无记录`;
  const parts: string[] = [];
  if (missing.length) parts.push(`未查询：${list(missing, '人', 5)}`);
  if (pending.length) parts.push(`查询结果未回：${list(pending, '人', 5)}`);
  if (notClear.length) parts.push(`有记录仍在岗：${list(notClear, '人', 5)}`);
  return {
    applicable: true,
    ok: clear === people.length,
    lapsed: clear < people.length,
    value: clear,
    target: people.length,
    recordIds: people.filter((p) => p.result !== 'clear').map((p) => p.id),
    phrase: parts.length ? `${head}，${parts.join('；')}` : `${head}（含外包保安、司机、保洁）`,
  };
}
