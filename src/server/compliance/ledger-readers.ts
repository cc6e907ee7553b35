// What the rule engine reads from each stored ledger: one reader per ledger, mapping its recorded
// rows of the schools being evaluated onto the engine's plain records (src/domain/rules/records.ts).
// A ledger is judged by compliance only once it is in STORED_LEDGER_KINDS (rules/stored-ledgers.ts) with a reader here.
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { LedgerKind, DrillKind, MeetingLevel } from '../../contracts/rules.js';
import { addDays } from '../../domain/dates.js';
import { column, dayColumn, readColumns } from '../db/columns.js';
import type { DrillRecord, LedgerRecords, MeetingRecord, RecordId, StaffMember, TrainingRecord, TrainingSums } from '../../domain/rules/records.js';
import { judgedPeriods, trainingDemand, type TrainingDemand } from '../../domain/rules/engine.js';
import type { PeriodContext } from '../../domain/rules/periods.js';
import type { Rule } from '../../domain/rules/pack.js';
import type { Executor } from '../db/client.js';
import { drills, insurancePolicies, riskPoints, safetyMeetings, securityProfiles, staffMembers, trainings } from '../db/schema.js';
import { readRiskReviews } from '../risks/risks.service.js';
import { latestProfiles, profileRecordOf } from '../security-profiles/security-records.js';
import { readLetters } from '../letters/letter-records.js';
import { readDuties, readInspections } from '../duty/duty-records.js';
import { staffPresentOn } from '../staff/staff.service.js';
import { STORED_LEDGERS, type StoredLedger } from '../rules/stored-ledgers.js';
import { readCareDue, readScreenings } from '../care/care-readers.js';
import { readFoodEntries } from '../food/food-entries.js';
import { readGateEntries } from '../gate/gate-entries.js';
import { readHealthCheckEntries } from '../health-checks/health-check-entries.js';
import { readEducationEntries } from '../education/education-entries.js';
import { readChemicals, readEquipment, readStaffChecks } from './ledgers-b-records.js';
import { readNetworkSecurity } from '../network-security/netsec-records.js';
import { readSchoolBuses } from '../buses/bus-records.js';
import { readFireAcceptances } from '../fire-standard/fire-records.js';
import { readBuildings } from '../buildings/building-records.js';
import { readWarningSigns } from '../warnings/warning-records.js';
import { readBullying } from '../bullying/bullying-records.js';
import { readEmergencyPlans, readEmergencySupplies } from '../emergency-plans/emergency-records.js';
import { readDrowning } from '../drowning/drowning-records.js';
import { readOccurrences } from '../inspection-schedules/occurrence-records.js';
import { readBudgets } from '../budget/budget-records.js';
import { readDisputes } from '../disputes/dispute-records.js';
import { readVideoPatrols } from '../video-patrol/video-patrol-records.js';

/** How far back the ledgers are read: the previous school or calendar year is the longest period judged. */
export const LOOKBACK_DAYS = 800;
/**
 * Record ids kept per finding. A training finding counts every training of every teacher (hundreds);
 * keeping them all made the rollup of 1,000 schools write a million ids (BENCHMARKS.md, issue 4).
 * The count is in `value`; the card lists a drill finding's few drills.
 */
export const KEPT_RECORD_IDS = 50;
/** Appointment training counts up to a year before an appointment made up to two years ago. */
export const TRAINING_LOOKBACK_DAYS = 1100;

export interface ReadScope {
  db: Executor;
  districtId: number;
  /** The Shanghai day judged: nothing recorded after it counts. */
  asOf: string;
  /** Narrows a ledger table to the schools being evaluated (the district, a subtree or a list of schools). */
  schools: (t: { districtId: AnyPgColumn; schoolId: AnyPgColumn; schoolPath: AnyPgColumn }) => SQL;
  /** What the training rules judged ask for (engine.ts trainingDemand), worked out once for all batches. */
  training: TrainingDemand;
  /** The periods the duty rules judge (engine.ts judgedPeriods): the only duty days read. */
  dutyPeriods: ReadonlyArray<{ startsOn: string; endsOn: string }>;
}

/** What the rules judged ask the readers for as of a day, worked out once for every batch of schools. */
export function readDemand(judged: Rule[], asOf: string, ctx: PeriodContext): Pick<ReadScope, 'training' | 'dutyPeriods'> {
  const duty = judged.filter((r) => r.measure.kind === 'duty_cover');
  return { training: trainingDemand(judged, asOf, ctx), dutyPeriods: judgedPeriods(duty, asOf, ctx) };
}

export interface EngineRecords {
  records: LedgerRecords;
  /** Staff present on the as-of day with their posts: the training and letter rules count people. */
  staff: StaffMember[];
}

export type LedgerReader = (s: ReadScope, out: EngineRecords) => Promise<void>;

/** Ledgers whose rules count staff: the staff are read once when any of them is judged. */
export const STAFF_LEDGERS: ReadonlySet<LedgerKind> = new Set<LedgerKind>(['trainings', 'letters']);

export async function readStaff(s: ReadScope): Promise<StaffMember[]> {
  // Read as columns (db/columns.ts): 80 people a school.
  const m = staffMembers;
  const c = await readColumns<{ ids: number[]; units: number[]; names: string[]; posts: StaffMember['posts'][] }>(
    s.db,
    sql`select ${column(m.id, 'ids')}, ${column(m.schoolId, 'units')}, ${column(m.name, 'names')}, ${column(m.posts, 'posts')}
        from ${m} where ${and(s.schools(m), staffPresentOn(s.asOf))}`,
  );
  const list: StaffMember[] = new Array(c.ids.length);
  for (let i = 0; i < c.ids.length; i++) list[i] = { id: c.ids[i], unitId: c.units[i], name: c.names[i], posts: c.posts[i] };
  return list;
}

const lookbackFrom = (s: ReadScope, days = LOOKBACK_DAYS) => addDays(s.asOf, -days);

/**
 * Hours per person over each window of the demand, in one pass over the trainings: a sum per window
 * (FILTER), grouped by school and person in the order of trainings_school_staff_idx, so PostgreSQL
 * neither sorts nor hashes the rows (a join to the windows had read each training once per window
 * and sorted the product on disk: BENCHMARKS.md, issue 15). Summed as numeric, exactly: the hours
 * have one decimal.
 */
async function readTrainingSums(s: ReadScope): Promise<TrainingSums> {
  const windows: TrainingSums['windows'] = new Map();
  const list = s.training.windows;
  if (!list.length) return { windows };
  const t = trainings;
  const from = list.reduce((d, w) => (w.from < d ? w.from : d), list[0].from);
  const sums = sql.join(
    list.map((w) => sql`sum(${t.hours}) filter (where ${t.endsOn} between ${w.from}::date and ${w.to}::date)::float8`),
    sql`, `,
  );
  const c = await readColumns<{ persons: number[]; hours: Array<Array<number | null>> }>(
    s.db,
    sql`select ${column(sql`x.person`, 'persons')}, ${column(sql`x.hours`, 'hours')}
        from (select ${t.staffId} as person, array[${sums}] as hours
              from ${t}
              where ${and(s.schools(t), eq(t.status, 'recorded'), gte(t.endsOn, from), lte(t.endsOn, s.asOf))}
              group by ${t.schoolId}, ${t.staffId}) x`,
  );
  const maps = list.map((w) => {
    const m = new Map<RecordId, number>();
    windows.set(`${w.from}..${w.to}`, m);
    return m;
  });
  for (let i = 0; i < c.persons.length; i++) {
    const hours = c.hours[i];
    // A person with no training in a window has no sum there (null), and no entry.
    for (let k = 0; k < maps.length; k++) if (hours[k] !== null) maps[k].set(c.persons[i], hours[k]!);
  }
  return { windows };
}

/**
 * Every training of the people holding a post of the appointment and pre-post rules since the
 * demand's day (a superset of who is new). The few people are found first (`= any(array(…))`): as a
 * join, PostgreSQL expected thousands of them and read every training of the schools to match.
 */
async function readNewInPostTrainings(s: ReadScope): Promise<TrainingRecord[]> {
  const who = s.training.newInPost;
  if (!who || !who.posts.length) return [];
  const t = trainings;
  const m = staffMembers;
  const since = who.since === null ? sql`(p->>'since') is not null` : sql`(p->>'since') >= ${who.since}`;
  const c = await readColumns<{ ids: number[]; units: number[]; persons: number[]; dates: string[]; hours: number[] }>(
    s.db,
    sql`select ${column(t.id, 'ids')}, ${column(t.schoolId, 'units')}, ${column(t.staffId, 'persons')}, ${dayColumn(t.endsOn, 'dates')}, ${column(sql`${t.hours}::float8`, 'hours')}
        from ${t} where ${and(s.schools(t), eq(t.status, 'recorded'), gte(t.endsOn, lookbackFrom(s, TRAINING_LOOKBACK_DAYS)), lte(t.endsOn, s.asOf))}
          and ${t.staffId} = any(array(select ${m.id} from ${m} where ${s.schools(m)}
            and exists (select 1 from jsonb_array_elements(${m.posts}) p where p->>'post' = any(${sql.param(who.posts)}::text[]) and ${since})))`,
    ['dates'],
  );
  const list: TrainingRecord[] = new Array(c.ids.length);
  for (let i = 0; i < c.ids.length; i++) list[i] = { id: c.ids[i], unitId: c.units[i], personId: c.persons[i], date: c.dates[i], hours: c.hours[i] };
  return list;
}

// One reader per stored ledger, no more and no fewer (the list is declared in rules/, whose rule pack view
// says which rules are judged).
export const ledgerReaders: Record<StoredLedger, LedgerReader> = {
  async drills(s, out) {
    const rows = await s.db
      .select({ id: drills.id, unitId: drills.schoolId, date: drills.heldOn, kind: drills.kind })
      .from(drills)
      .where(and(s.schools(drills), eq(drills.status, 'recorded'), gte(drills.heldOn, lookbackFrom(s)), lte(drills.heldOn, s.asOf)));
    out.records.drills = rows.map((d): DrillRecord => ({ ...d, kind: d.kind as DrillKind }));
  },

  // Trainings: the rules counting a period need hours per person over it, summed here in SQL (a
  // district's year is ~20 trainings a person, 1.5 million rows for 1,000 schools, which the engine
  // used to receive one by one: BENCHMARKS.md, issue 15); the few people new in post have windows of
  // their own (a year before the appointment to a year after it, or up to the first day in post),
  // and their trainings are read as records, far enough back for an appointment two years ago.
  async trainings(s, out) {
    await Promise.all([
      (async () => void (out.records.trainingSums = await readTrainingSums(s)))(),
      (async () => void (out.records.trainings = await readNewInPostTrainings(s)))(),
    ]);
  },

  async meetings(s, out) {
    const rows = await s.db
      .select({ id: safetyMeetings.id, unitId: safetyMeetings.schoolId, date: safetyMeetings.meetingOn, level: safetyMeetings.level })
      .from(safetyMeetings)
      .where(and(s.schools(safetyMeetings), eq(safetyMeetings.status, 'recorded'), gte(safetyMeetings.meetingOn, lookbackFrom(s)), lte(safetyMeetings.meetingOn, s.asOf)));
    out.records.meetings = rows.map((r): MeetingRecord => ({ ...r, level: r.level as MeetingLevel }));
  },

  // Policies starting later count too: cover ahead of the day decides "due soon".
  async insurance_policies(s, out) {
    out.records.insurancePolicies = await s.db
      .select({ id: insurancePolicies.id, unitId: insurancePolicies.schoolId, insurer: insurancePolicies.insurer, startsOn: insurancePolicies.startsOn, endsOn: insurancePolicies.endsOn, studentsCovered: insurancePolicies.studentsCovered })
      .from(insurancePolicies)
      .where(and(s.schools(insurancePolicies), eq(insurancePolicies.status, 'recorded'), gte(insurancePolicies.endsOn, lookbackFrom(s))));
  },

  // Responsibility letters (000 item 1, 001 item 3): the bureau's and the schools' own, with the schools' signatures.
  async letters(s, out) {
    await readLetters(s, out, LOOKBACK_DAYS);
  },

  // 人防、物防、技防 (002 areas 8 and 9): the school's latest profile on or before the day is judged.
  async security_profiles(s, out) {
    out.records.securityProfiles = (await latestProfiles(s.db, s.schools(securityProfiles), s.asOf)).map(profileRecordOf);
  },

  // Duty entries (值班带班, 000 item 4, 003), confirmed or not, of the periods judged, the days
  // ahead of the as-of day included.
  async duties(s, out) {
    out.records.duties = await readDuties(s);
  },

  // Completed inspections of the hazard loop with their areas: fire special inspections in a key period (003).
  async inspections(s, out) {
    out.records.inspections = await readInspections(s, lookbackFrom(s));
  },

  // The risk list (003, 004): each active risk with the day its review is due (cadence and windows of the pack).
  async risks(s, out) {
    out.records.riskReviews = await readRiskReviews(s.db, s.districtId, s.asOf, s.schools(riskPoints));
  },

  // Mental health screenings by grade (001 item 9) and the open care records' next follow-up day (001 item 20): no names.
  async care_screenings(s, out) {
    out.records.screenings = await readScreenings(s, lookbackFrom(s));
  },
  async care_follow_ups(s, out) {
    out.records.careDue = await readCareDue(s);
  },

  // Issue 15: food safety (日管控、周排查、月调度、陪餐、证照、明厨亮灶与追溯平台), the gate (护学岗, visitors
  // without staff), daily health checks (晨午检) and safety education with boarding care.
  async food_safety(s, out) {
    await readFoodEntries(s, out, LOOKBACK_DAYS);
  },
  async gate(s, out) {
    await readGateEntries(s, out);
  },
  async health_checks(s, out) {
    await readHealthCheckEntries(s, out);
  },
  async education(s, out) {
    await readEducationEntries(s, out, LOOKBACK_DAYS);
  },

  // Special equipment with its inspections (001 item 19: 三落实、两有证、一检验、一预案).
  async special_equipment(s, out) {
    await readEquipment(s, out);
  },

  // Hazardous chemicals with every movement (003): the balance is computed from the whole history.
  async chemicals(s, out) {
    await readChemicals(s, out);
  },

  // Everyone on post on the day with their entry check (准入查询, 001 item 11).
  async staff_checks(s, out) {
    await readStaffChecks(s, out);
  },

  // Network security (000 item 8): the red and yellow cards and the monthly reports.
  async network_security(s, out) {
    await readNetworkSecurity(s, out, LOOKBACK_DAYS);
  },

  // School buses (001 item 14, 000 Q1 task): buses, drivers on duty, pre-trip checks.
  async school_buses(s, out) {
    await readSchoolBuses(s, out, LOOKBACK_DAYS);
  },

  // Fire-safety standardisation (000 item 5, 001 item 13): the decided acceptances.
  async fire_standard(s, out) {
    await readFireAcceptances(s, out);
  },

  // Buildings and construction sites (001 item 18, 000 item 10): buildings, sites and their weekly checks.
  async buildings(s, out) {
    await readBuildings(s, out);
  },

  // Warnings (000 item 10): each warning to each school, signed within its hours or not.
  async warnings(s, out) {
    await readWarningSigns(s, out);
  },

  // Emergency plans and supplies (issue 21): the current plans with the staff walked through them, the supplies.
  async emergency_plans(s, out) {
    await readEmergencyPlans(s, out);
  },
  async emergency_supplies(s, out) {
    await readEmergencySupplies(s, out);
  },

  // Bullying (001 item 10, 000 item 13): the screenings and the cases' days; nothing sealed is read.
  async bullying(s, out) {
    await readBullying(s, out, LOOKBACK_DAYS);
  },

  // Drowning prevention (001 item 12): the grids of the season, the towns' waters and patrols.
  async drowning(s, out) {
    await readDrowning(s, out);
  },

  // Recurring self-checks (issue 17; 001 item 13): the occurrences and the day each was submitted.
  async inspection_schedules(s, out) {
    await readOccurrences(s, out, LOOKBACK_DAYS);
  },

  // The safety budget (001 item 25): budgets of this year and last, and the guards on the latest profile.
  async safety_budgets(s, out) {
    await readBudgets(s, out);
  },

  // Disputes and petitions (000 item 3, 003 第三部分之六): each record's received, due and concluded days.
  async disputes(s, out) {
    await readDisputes(s, out, LOOKBACK_DAYS);
  },

  // Online video patrols (001 item 4, 000 item 7, 001 item 17): the submitted patrols, canteen ones marked.
  async video_patrols(s, out) {
    await readVideoPatrols(s, out, LOOKBACK_DAYS);
  },
};

export { STORED_LEDGERS };

/**
 * Reads the given ledgers (and the staff when one of them counts people) for the schools of the
 * scope, at most `concurrency` readers at a time: on a pool each takes a connection (inside a
 * transaction they queue on its one anyway).
 */
export async function readLedgers(s: ReadScope, ledgers: Iterable<LedgerKind>, concurrency = Infinity): Promise<EngineRecords> {
  const out: EngineRecords = { records: {}, staff: [] };
  const wanted = [...new Set(ledgers)].filter((l): l is StoredLedger => STORED_LEDGERS.has(l));
  const staffCounted = wanted.some((l) => STAFF_LEDGERS.has(l));
  // The entry-check rule reads the same people: one read gives both.
  const checksToo = staffCounted && wanted.includes('staff_checks');
  const tasks = wanted.filter((l) => !(checksToo && l === 'staff_checks')).map((l) => () => ledgerReaders[l](s, out));
  if (checksToo) tasks.push(() => readStaffChecks(s, out, true));
  else if (staffCounted) tasks.push(async () => void (out.staff = await readStaff(s)));
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return out;
}
