// What the engine reads: units with their attributes, their staff, and the ledgers as plain
// objects (the database part maps its rows onto these). Dates are Shanghai days 'YYYY-MM-DD'.
import type { SafetyArea, SchoolStage, UnitKind, Ownership } from '../../contracts/enums.js';
import type { DrillKind, DutyRole, GuardSlot, LetterLevel, MeetingLevel, StaffPost } from '../../contracts/rules.js';
import type { CardRecord, ReportRecord } from '../network-security.js';
import type { BusDriverRecord, BusRecord, PreTripRecord } from '../buses.js';
import type { FireAcceptanceRecord } from '../fire-standard.js';
import type { BuildingRecord, SiteCheckRecord, SiteRecord } from '../buildings.js';
import type { WarningSignRecord } from '../warnings.js';
import type { BullyingCaseRecord, BullyingScreeningRecord } from '../bullying.js';
import type { DisputeRecord } from '../disputes.js';
import type { EmergencyPlanRecord } from '../emergency-plans.js';
import type { SupplyRecord } from '../emergency-supplies.js';
import type { GridClassRecord, PatrolRecord, WaterRecord } from '../drowning.js';
import type { OccurrenceRecord } from '../inspection-schedules.js';
import type { BudgetRecord } from '../budget.js';
import type { VideoPatrolRecord } from '../video-patrol.js';

export type RecordId = number | string;

export interface UnitFacts {
  id: number;
  kind: UnitKind;
  name?: string;
  stage?: SchoolStage | null;
  ownership?: Ownership | null;
  boarding?: boolean;
  schoolBus?: boolean;
  rural?: boolean;
  gateCount?: number | null;
  studentCount?: number | null;
  /** The school runs a canteen (食堂): the food-safety rules judge only such schools (001 item 17). */
  canteen?: boolean;
  /** The school takes in evacuees (担负应急疏散安置任务): judged for the shelter drill (000 item 10). */
  shelter?: boolean;
}

export interface StaffMember {
  id: RecordId;
  unitId: number;
  name?: string;
  /** Each post with the day the person took it (任职): appointment training and pre-post training count from it. */
  posts: Array<{ post: StaffPost; since?: string | null }>;
}

export interface DrillRecord {
  id: RecordId;
  unitId: number;
  date: string;
  kind: DrillKind;
}

export interface TrainingRecord {
  id: RecordId;
  unitId: number;
  personId: RecordId;
  date: string;
  hours: number;
}

export interface MeetingRecord {
  id: RecordId;
  unitId: number;
  date: string;
  level: MeetingLevel;
}

/** A fire special inspection or any other inspection of the hazard loop, by its areas. */
export interface InspectionRecord {
  id: RecordId;
  unitId: number;
  date: string;
  areas: SafetyArea[];
}

/** A published responsibility letter: the bureau's to every unit, or a unit's to its staff. */
export interface LetterRecord {
  id: RecordId;
  /** The bureau for 'bureau_to_unit', the school for 'unit_to_staff'. */
  issuerUnitId: number;
  level: LetterLevel;
  year: number;
  /** A new version asks everyone to sign again. */
  version: number;
  publishedOn: string;
}

export interface SignatureRecord {
  id: RecordId;
  letterId: RecordId;
  /** The signing unit (its principal signs the bureau's letter) … */
  unitId: number;
  /** … or the staff member signing the unit's letter. */
  personId?: RecordId | null;
  signedOn: string;
}

/** One person's duty on one day (值班带班), confirmed by that person once done. */
export interface DutyRecord {
  id: RecordId;
  unitId: number;
  date: string;
  role: DutyRole;
  hours: number;
  confirmed: boolean;
}

/** The security profile as last recorded (人防、物防、技防). */
export interface SecurityProfileRecord {
  id: RecordId;
  unitId: number;
  recordedOn: string;
  gates: Array<{ name: string; guards: Record<GuardSlot, number> }>;
  alarms: { installed: number; working: number; lastTestedOn?: string | null };
  video: { retentionDays: number; linkedToBureau: boolean };
  perimeterAlarm: { installed: boolean; armed24h: boolean };
}

export interface InsurancePolicyRecord {
  id: RecordId;
  unitId: number;
  insurer?: string;
  startsOn: string;
  endsOn: string;
  studentsCovered: number;
}

/** A risk under control (安全风险清单) with the day its next review is due (domain/risks.ts reviewDemand). */
export interface RiskReviewRecord {
  id: RecordId;
  unitId: number;
  name: string;
  dueOn: string;
}

/** One class's mental health screening (001 item 9): the grade screened and the day. */
export interface ScreeningRecord {
  id: RecordId;
  unitId: number;
  date: string;
  grade: number;
}

/** An open record of a student of concern (001 item 20) with the day its next follow-up falls due: no name, no note. */
export interface CareDueRecord {
  id: RecordId;
  unitId: number;
  nextDueOn: string;
}

/**
 * Training hours summed by the database per person over the windows the rules counting a period ask
 * for (engine.ts trainingDemand): a district's year is 1.5 million trainings, and those rules need
 * one number a person (BENCHMARKS.md, issue 15).
 */
export interface TrainingSums {
  /** `${from}..${to}` (both days counted) → person → the hours (a person with none is absent). */
  windows: Map<string, Map<RecordId, number>>;
}

export interface LedgerRecords {
  drills?: DrillRecord[];
  /**
   * The trainings themselves: with `trainingSums`, only those of the people new in post (whose own
   * windows the appointment and pre-post rules work out); without, every one.
   */
  trainings?: TrainingRecord[];
  trainingSums?: TrainingSums;
  meetings?: MeetingRecord[];
  inspections?: InspectionRecord[];
  letters?: LetterRecord[];
  signatures?: SignatureRecord[];
  duties?: DutyRecord[];
  securityProfiles?: SecurityProfileRecord[];
  insurancePolicies?: InsurancePolicyRecord[];
  riskReviews?: RiskReviewRecord[];
  screenings?: ScreeningRecord[];
  careDue?: CareDueRecord[];
  /** The entries of the ledgers of issue 15 (food, gate, health checks, education), tagged by their readers. */
  entries?: EntryRecord[];
  /**
   * The same as days: the entries of a school and tag with nothing but their day, grouped by the
   * reader (the daily ledgers: a district's year is hundreds of thousands of entries, which the
   * engine used to receive one object each; BENCHMARKS.md, issue 15). A school and tag comes one
   * way or the other, never both.
   */
  entryDays?: EntryDays[];
  /** Issue 15 items 3–7 (./ledger-check.ts). */
  ledgersB?: LedgerRecordsB;
}

// ---- issue 15 items 3–7: special equipment, hazardous chemicals (school buses, network security
// and staff checks follow the same way). Read by the general measure of ./ledger-check.ts.

/** An item of special equipment with its assignments, certificates and inspections (001 item 19). */
export interface EquipmentRecord {
  id: RecordId;
  unitId: number;
  name: string;
  inService: boolean;
  /** The due day entered at registration; a recorded inspection sets the next one. */
  registeredDueOn: string;
  inspections: Array<{ id: number; inspectedOn: string; nextDueOn: string }>;
  responsiblePerson: string | null;
  maintenanceUnit: string | null;
  safetyManager: string | null;
  planFileCount: number;
  registrationNo: string | null;
  operatorCertNo: string | null;
  operatorCertExpiresOn: string | null;
}

/** A hazardous chemical of a lab store with its movements (003, 000 item 9). */
export interface ChemicalRecord {
  id: RecordId;
  unitId: number;
  name: string;
  expiresOn: string | null;
  movements: Array<{ id: number; kind: 'purchase' | 'issue' | 'return' | 'disposal' | 'count'; day: string; qty: number; issueId?: number | null }>;
}

/** A staff member on post (outsourced included) with the entry check (准入查询, 001 item 11). */
export interface StaffCheckRecord {
  id: RecordId;
  unitId: number;
  name: string;
  outsourced: boolean;
  result: 'clear' | 'not_clear' | 'pending' | null;
}

export interface LedgerRecordsB {
  equipment?: EquipmentRecord[];
  chemicals?: ChemicalRecord[];
  staffChecks?: StaffCheckRecord[];
  /** Network security (000 item 8): the red and yellow cards and the monthly reports. */
  netsecCards?: CardRecord[];
  netsecReports?: ReportRecord[];
  /** School buses (001 item 14, 000 Q1 task): the buses, the drivers on duty, the pre-trip checks. */
  buses?: BusRecord[];
  busDrivers?: BusDriverRecord[];
  busChecks?: PreTripRecord[];
  /** Fire-safety standardisation (000 item 5, 001 item 13): each school's decided acceptances (达标验收). */
  fireAcceptances?: FireAcceptanceRecord[];
  /** Buildings and construction sites (001 item 18, 000 item 10): buildings, sites and their weekly checks. */
  buildings?: BuildingRecord[];
  constructionSites?: SiteRecord[];
  constructionChecks?: SiteCheckRecord[];
  /** Warnings (000 item 10): each warning to each school, signed in time or not. */
  warningSigns?: WarningSignRecord[];
  /** Emergency plans (issue 21): each school's current plans, and its current staff (familiarity, 001 item 6). */
  emergencyPlans?: EmergencyPlanRecord[];
  emergencyStaff?: Array<{ id: number; unitId: number }>;
  /** Emergency supplies (000 item 4): each school's recorded items. */
  emergencySupplies?: SupplyRecord[];
  /** Bullying (001 item 10, 000 item 13): the screenings of early signs and the cases' days, never a pupil. */
  bullyingScreenings?: BullyingScreeningRecord[];
  bullyingCases?: BullyingCaseRecord[];
  /** Disputes and petitions (issue 22; 000 item 3): each record's received, due and concluded days. */
  disputes?: DisputeRecord[];
  /** Drowning prevention (001 item 12): the grid by class, the towns' waters and patrols, the season window of the risk calendar. */
  drowningGrid?: GridClassRecord[];
  drowningWaters?: WaterRecord[];
  drowningPatrols?: PatrolRecord[];
  drowningSeason?: { from: string; to: string };
  /** Recurring self-checks (issue 17; 001 item 13): each school's occurrences with the day it submitted. */
  occurrences?: OccurrenceRecord[];
  /** The safety budget (001 item 25): each school's budgets and its guards on the latest security profile. */
  budgets?: BudgetRecord[];
  /** Online video patrols (issue 22; 001 item 4, 000 item 7, 001 item 17): each school's submitted patrols, canteen ones marked. */
  videoPatrols?: VideoPatrolRecord[];
  guards?: Array<{ unitId: number; guards: number }>;
}

/**
 * One entry of a ledger of issue 15 as the engine reads it: the reader tags it with what it counts
 * as (a daily check, a weekly check, a visitor without staff, a full 护学岗 day …), so one general
 * measure ('entries' in pack.ts) judges them all.
 */
export interface EntryRecord {
  id: RecordId;
  unitId: number;
  ledger: EntryLedger;
  tag: string;
  date: string;
  /** A certificate's expiry day. */
  expiresOn?: string | null;
  /** What the entry is about (a certificate's holder and type): only the latest entry of a key counts. */
  key?: string | null;
  /** A yes/no state recorded on the day (the meal traceability platform online). */
  flag?: boolean | null;
}

/** The entries of one school and tag as their days, sorted by day then id, with their ids alongside. */
export interface EntryDays {
  ledger: EntryLedger;
  tag: string;
  unitId: number;
  dates: string[];
  ids: RecordId[];
}

export type EntryLedger = 'food_safety' | 'gate' | 'health_checks' | 'education';
