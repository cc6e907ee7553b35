// The school ledgers' part of the Excel import (issue 4): load what the row checks need in a few
// queries (schools by name, the staff of the schools named, policy numbers taken), check every row
// with the pure rules of src/domain/ledger-import-rows.ts, and insert the records in batches inside
// the import's one transaction (imports.service.ts opens it and writes the audit event).
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { AuditObjectType } from '../../contracts/enums.js';
import type { LedgerImportKind } from '../../contracts/imports.js';
import { cellText, type ExistingUnit, type RowError, type SheetRow } from '../../domain/import-rows.js';
import {
  cellDay,
  dutyKey,
  rowPolicyNos,
  rowRosterTitles,
  rowSchoolNames,
  staffKey,
  validateDrillRows,
  validateDutyRows,
  validateSecurityRows,
  validateInsuranceRows,
  validateMeetingRows,
  validateStaffRows,
  validateTrainingRows,
  type DrillDraft,
  type DutyDraft,
  type DutyStaffRef,
  type InsuranceDraft,
  type RosterRef,
  type SecurityProfileDraft,
  type LedgerLookups,
  type MeetingDraft,
  type StaffDraft,
  type StaffRef,
  type TrainingDraft,
} from '../../domain/ledger-import-rows.js';
import { schoolLedgerScope } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { drills, dutyEntries, dutyRosters, insurancePolicies, safetyMeetings, securityProfiles, staffMembers, trainings, users } from '../db/schema.js';
import { checkMoreLedgerRows, insertMoreLedgerRows, isMoreLedgerKind, MoreLedgerAbort, type MoreLedgerDrafts } from './more-ledgers.js';

export type LedgerDrafts =
  | { kind: 'drills'; drafts: DrillDraft[] }
  | { kind: 'staff'; drafts: StaffDraft[] }
  | { kind: 'trainings'; drafts: TrainingDraft[] }
  | { kind: 'meetings'; drafts: MeetingDraft[] }
  | { kind: 'insurance'; drafts: InsuranceDraft[] }
  | { kind: 'duty'; drafts: DutyDraft[] }
  | { kind: 'security'; drafts: SecurityProfileDraft[] }
  | MoreLedgerDrafts;

/** What changed under the import while it was checked: nothing is written, the message says why. */
export class ImportAbort extends Error {}

/** The audit object type of each ledger, named in the import's audit event. */
export const ledgerObjectType: Record<LedgerImportKind, AuditObjectType> = {
  drills: 'drill',
  staff: 'staff_member',
  trainings: 'training',
  meetings: 'safety_meeting',
  insurance: 'insurance_policy',
  duty: 'duty_entry',
  security: 'security_profile',
  food: 'food_record',
  gate: 'gate_record',
  health_checks: 'health_check',
  education: 'education_record',
  equipment: 'special_equipment',
  equipment_logs: 'equipment_log',
  chemicals: 'chemical',
  chemical_movements: 'chemical_movement',
  netsec_systems: 'netsec_system',
  school_buses: 'school_bus',
  bus_drivers: 'bus_driver',
};

/** Ids of the schools the rows name that the person may write to (others are refused by the checks). */
function schoolIdsOf(lookups: LedgerLookups, rows: readonly SheetRow[]): number[] {
  const ids = new Set<number>();
  for (const name of rowSchoolNames(rows)) {
    const u = lookups.schools.get(name);
    if (u && u.inScope && u.kind === 'school') ids.add(u.id);
  }
  return [...ids];
}

const CHUNK = 5000;
async function inChunks<T, R>(values: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await run(values.slice(i, i + CHUNK))));
  return out;
}

/**
 * Checks every row of a ledger file against the district's units by name (marked in or out of the
 * person's scope); the drafts are what to insert when there are no errors.
 */
export async function checkLedgerRows(
  ctx: Ctx,
  kind: LedgerImportKind,
  rows: readonly SheetRow[],
  schools: ReadonlyMap<string, ExistingUnit>,
): Promise<{ errors: RowError[]; ledger: LedgerDrafts }> {
  // The ledgers of issue 15 (more-ledgers.ts).
  if (isMoreLedgerKind(kind)) return checkMoreLedgerRows(ctx, kind, rows, schools);
  const lookups: LedgerLookups = { schools, today: todayOf(ctx) };
  switch (kind) {
    case 'drills': {
      const { errors, drafts } = validateDrillRows(rows, lookups);
      return { errors, ledger: { kind, drafts } };
    }
    case 'meetings': {
      const { errors, drafts } = validateMeetingRows(rows, lookups);
      return { errors, ledger: { kind, drafts } };
    }
    case 'staff': {
      const names = [...new Set(rows.map((r) => cellText(r.cells['姓名'])).filter(Boolean))];
      const found = await inChunks(schoolIdsOf(lookups, rows), (ids) =>
        ctx.db
          .select({ schoolId: staffMembers.schoolId, name: staffMembers.name })
          .from(staffMembers)
          .where(and(inArray(staffMembers.schoolId, ids), names.length <= CHUNK ? inArray(staffMembers.name, names) : undefined)),
      );
      const staffNames = new Set(found.map((s) => staffKey(s.schoolId, s.name)));
      const { errors, drafts } = validateStaffRows(rows, { ...lookups, staffNames });
      return { errors, ledger: { kind, drafts } };
    }
    case 'trainings': {
      // Everyone ever registered at the schools named (someone who left keeps their past trainings).
      const found = await inChunks(schoolIdsOf(lookups, rows), (ids) =>
        ctx.db
          .select({ id: staffMembers.id, schoolId: staffMembers.schoolId, name: staffMembers.name, leftOn: staffMembers.leftOn })
          .from(staffMembers)
          .where(and(inArray(staffMembers.schoolId, ids), schoolLedgerScope(ctx.actor, staffMembers))),
      );
      const staff = new Map<string, StaffRef[]>();
      for (const s of found) {
        const key = staffKey(s.schoolId, s.name);
        staff.set(key, [...(staff.get(key) ?? []), { id: s.id, leftOn: s.leftOn }]);
      }
      const { errors, drafts } = validateTrainingRows(rows, { ...lookups, staff });
      return { errors, ledger: { kind, drafts } };
    }
    case 'insurance': {
      // Like registering by hand: a number recorded anywhere in the district is taken.
      const taken = await inChunks(rowPolicyNos(rows), (nos) =>
        ctx.db
          .select({ policyNo: insurancePolicies.policyNo })
          .from(insurancePolicies)
          .where(and(eq(insurancePolicies.districtId, ctx.actor.districtId), eq(insurancePolicies.status, 'recorded'), inArray(insurancePolicies.policyNo, nos))),
      );
      const { errors, drafts } = validateInsuranceRows(rows, { ...lookups, takenPolicyNos: new Set(taken.map((t) => t.policyNo)) });
      return { errors, ledger: { kind, drafts } };
    }
    case 'duty': {
      const ids = schoolIdsOf(lookups, rows);
      const titles = rowRosterTitles(rows);
      const days = rows.map((r) => cellDay(r.cells['值班日期'])).filter((d): d is string => typeof d === 'string' && d !== 'bad').sort();
      const [rosterRows, staffRows, takenRows] = await Promise.all([
        inChunks(ids, (chunk) =>
          ctx.db
            .select({ id: dutyRosters.id, schoolId: dutyRosters.schoolId, title: dutyRosters.title, startsOn: dutyRosters.startsOn, endsOn: dutyRosters.endsOn, phone: dutyRosters.phone })
            .from(dutyRosters)
            .where(and(inArray(dutyRosters.schoolId, chunk), schoolLedgerScope(ctx.actor, dutyRosters), titles.length && titles.length <= CHUNK ? inArray(dutyRosters.title, titles) : undefined)),
        ),
        inChunks(ids, (chunk) =>
          ctx.db
            .select({ id: staffMembers.id, schoolId: staffMembers.schoolId, name: staffMembers.name, userId: staffMembers.userId, leftOn: staffMembers.leftOn, phone: users.phone })
            .from(staffMembers)
            .leftJoin(users, eq(users.id, staffMembers.userId))
            .where(and(inArray(staffMembers.schoolId, chunk), schoolLedgerScope(ctx.actor, staffMembers))),
        ),
        days.length
          ? inChunks(ids, (chunk) =>
              ctx.db
                .select({ schoolId: dutyEntries.schoolId, dutyOn: dutyEntries.dutyOn, role: dutyEntries.role, personName: dutyEntries.personName, rosterTitle: dutyRosters.title })
                .from(dutyEntries)
                .innerJoin(dutyRosters, eq(dutyRosters.id, dutyEntries.rosterId))
                .where(and(inArray(dutyEntries.schoolId, chunk), gte(dutyEntries.dutyOn, days[0]), lte(dutyEntries.dutyOn, days[days.length - 1]))),
            )
          : Promise.resolve([]),
      ]);
      const rosters = new Map<number, RosterRef[]>();
      for (const k of rosterRows) rosters.set(k.schoolId, [...(rosters.get(k.schoolId) ?? []), k]);
      const staff = new Map<string, DutyStaffRef[]>();
      for (const s of staffRows) {
        const key = staffKey(s.schoolId, s.name);
        staff.set(key, [...(staff.get(key) ?? []), { id: s.id, userId: s.userId, leftOn: s.leftOn, phone: s.phone }]);
      }
      const taken = new Map(takenRows.map((e) => [dutyKey(e.schoolId, e.dutyOn, e.role), { personName: e.personName, rosterTitle: e.rosterTitle }]));
      const { errors, drafts } = validateDutyRows(rows, { ...lookups, rosters, staff, taken });
      return { errors, ledger: { kind, drafts } };
    }
    case 'security': {
      const { errors, drafts } = validateSecurityRows(rows, lookups);
      return { errors, ledger: { kind, drafts } };
    }
  }
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest ledger (14 columns). */
const BATCH = 500;

/** Ids as runs [first, last], for the audit event (a batch takes consecutive ids as a rule). */
export function idRuns(ids: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else runs.push([id, id]);
  }
  return runs;
}

/**
 * Inserts the checked records inside the caller's transaction, reporting progress after each batch
 * (the database's triggers mark their schools for the compliance rollup). Returns what the audit
 * event records.
 */
export async function insertLedgerRows(
  tx: Executor,
  ctx: Ctx,
  ledger: LedgerDrafts,
  report: (written: number) => void,
): Promise<{ createdCount: number; after: Record<string, unknown> }> {
  const by = { districtId: ctx.actor.districtId, createdBy: ctx.actor.id, createdByName: ctx.actor.displayName };
  const ids: number[] = [];
  async function batches<D, V>(drafts: D[], value: (d: D) => V, insert: (values: V[]) => Promise<Array<{ id: number }>>) {
    for (let i = 0; i < drafts.length; i += BATCH) {
      const rows = await insert(drafts.slice(i, i + BATCH).map(value));
      ids.push(...rows.map((r) => r.id));
      report(Math.min(i + BATCH, drafts.length));
    }
  }
  const place = (d: { schoolId: number; schoolPath: string }) => ({ ...by, schoolId: d.schoolId, schoolPath: d.schoolPath });

  switch (ledger.kind) {
    case 'food':
    case 'gate':
    case 'health_checks':
    case 'education':
    case 'equipment':
    case 'equipment_logs':
    case 'chemicals':
    case 'chemical_movements':
    case 'netsec_systems':
    case 'school_buses':
    case 'bus_drivers':
      try {
        ids.push(...(await insertMoreLedgerRows(tx, ctx, ledger, report)));
      } catch (err) {
        if (err instanceof MoreLedgerAbort) throw new ImportAbort(err.message);
        throw err;
      }
      break;
    case 'drills':
      await batches(
        ledger.drafts,
        (d) => ({ ...place(d), heldOn: d.heldOn, kind: d.kind, participants: d.participants, evacuationSeconds: d.evacuationSeconds, observers: d.observers, problems: d.problems }),
        (v) => tx.insert(drills).values(v).returning({ id: drills.id }),
      );
      break;
    case 'staff':
      await batches(
        ledger.drafts,
        (d) => ({
          ...place(d),
          name: d.name,
          posts: d.posts,
          leftOn: d.leftOn,
          outsourcedKind: d.outsourcedKind,
          employer: d.employer,
          entryCheckOn: d.entryCheckOn,
          entryCheckResult: d.entryCheckResult,
        }),
        (v) => tx.insert(staffMembers).values(v).returning({ id: staffMembers.id }),
      );
      break;
    case 'trainings': {
      // The people trained must still be there when writing; locked against change until commit.
      const staffIds = [...new Set(ledger.drafts.map((d) => d.staffId))];
      await inChunks(staffIds, (chunk) => tx.select({ id: staffMembers.id }).from(staffMembers).where(inArray(staffMembers.id, chunk)).for('share'));
      await batches(
        ledger.drafts,
        (d) => ({ ...place(d), staffId: d.staffId, course: d.course, hours: d.hours, startsOn: d.startsOn, endsOn: d.endsOn, provider: d.provider }),
        (v) => tx.insert(trainings).values(v).returning({ id: trainings.id }),
      );
      break;
    }
    case 'meetings':
      await batches(
        ledger.drafts,
        (d) => ({ ...place(d), meetingOn: d.meetingOn, level: d.level, chair: d.chair, attendees: d.attendees, minutes: d.minutes, decisions: d.decisions }),
        (v) => tx.insert(safetyMeetings).values(v).returning({ id: safetyMeetings.id }),
      );
      break;
    case 'insurance':
      await batches(
        ledger.drafts,
        (d) => ({ ...place(d), policyNo: d.policyNo, insurer: d.insurer, startsOn: d.startsOn, endsOn: d.endsOn, studentsCovered: d.studentsCovered }),
        (v) => tx.insert(insurancePolicies).values(v).returning({ id: insurancePolicies.id }),
      );
      break;
    case 'duty': {
      // The rosters must still hold their days when writing (locked as adding entries by hand locks them).
      const rosterIds = [...new Set(ledger.drafts.map((d) => d.rosterId))];
      const locked = await inChunks(rosterIds, (chunk) =>
        tx.select({ id: dutyRosters.id, title: dutyRosters.title, startsOn: dutyRosters.startsOn, endsOn: dutyRosters.endsOn }).from(dutyRosters).where(inArray(dutyRosters.id, chunk)).for('update'),
      );
      const span = new Map(locked.map((k) => [k.id, k]));
      for (const d of ledger.drafts) {
        const k = span.get(d.rosterId);
        if (!k || d.dutyOn < k.startsOn || d.dutyOn > k.endsOn) {
          throw new ImportAbort(`第 ${d.row} 行的值班表在导入期间被修改或删除，未导入任何数据，请检查后重新上传`);
        }
      }
      await batches(
        ledger.drafts,
        (d) => ({
          districtId: ctx.actor.districtId,
          rosterId: d.rosterId,
          schoolId: d.schoolId,
          schoolPath: d.schoolPath,
          dutyOn: d.dutyOn,
          role: d.role,
          staffId: d.staffId,
          userId: d.userId,
          personName: d.personName,
          phone: d.phone,
          hours: d.hours,
          note: null,
        }),
        (v) => tx.insert(dutyEntries).values(v).returning({ id: dutyEntries.id }),
      );
      break;
    }
    case 'security':
      await batches(
        ledger.drafts,
        ({ profile: p, ...d }) => ({
          ...place(d),
          recordedOn: p.recordedOn,
          gates: p.gates.map((g) => ({ name: g.name.trim(), guards: { ...g.guards } })),
          alarmsInstalled: p.alarms.installed,
          alarmsWorking: p.alarms.working,
          alarmsLastTestedOn: p.alarms.lastTestedOn ?? null,
          videoRetentionDays: p.video.retentionDays,
          videoLinkedToBureau: p.video.linkedToBureau,
          perimeterInstalled: p.perimeterAlarm.installed,
          perimeterArmed24h: p.perimeterAlarm.armed24h,
          note: null,
          fileIds: [],
        }),
        (v) => tx.insert(securityProfiles).values(v).returning({ id: securityProfiles.id }),
      );
      break;
  }

  const drafts: Array<{ schoolId: number }> = ledger.drafts;
  const bySchool = new Map<number, number>();
  for (const d of drafts) bySchool.set(d.schoolId, (bySchool.get(d.schoolId) ?? 0) + 1);
  return {
    createdCount: ids.length,
    after: { objectType: ledgerObjectType[ledger.kind], ids: idRuns(ids), schoolCount: bySchool.size },
  };
}
