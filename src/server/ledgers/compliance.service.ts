// Compliance (达标情况): the rule engine (src/domain/rules/engine.ts) run over the district's rule
// pack in force, its school calendars and key periods, the schools in the caller's scope with their
// attributes, and the ledgers kept so far. Rules whose ledger is not kept yet are not judged: they
// are listed under pendingLedgers, never reported met, missed or not applicable.
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Ownership, SchoolStage } from '../../contracts/enums.js';
import type { ComplianceQuery, ComplianceView, FindingView, LedgerKind } from '../../contracts/ledgers.js';
import type { DrillKind, FindingStatus, MeetingLevel } from '../../contracts/rules.js';
import { addDays } from '../../domain/dates.js';
import { evaluate } from '../../domain/rules/engine.js';
import { appliesTo } from '../../domain/rules/pack.js';
import type { DrillRecord, LedgerRecords, MeetingRecord, StaffMember, TrainingRecord, UnitFacts } from '../../domain/rules/records.js';
import { drillScope, requireAccess, schoolLedgerScope, unitScope } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import { drills, insurancePolicies, safetyMeetings, staffMembers, trainings, units } from '../db/schema.js';
import { notFound } from '../errors.js';
import { periodInputs } from './calendars.service.js';
import { ledgerLabel, ledgerOf, loadRulePack, STORED_LEDGERS } from './rules.service.js';
import { staffPresentOn } from './staff.service.js';

const town = alias(units, 'town');

/** How far back the ledgers are read: the previous school or calendar year is the longest period judged. */
const LOOKBACK_DAYS = 800;
/** Appointment training counts up to a year before an appointment made up to two years ago. */
const TRAINING_LOOKBACK_DAYS = 1100;

export async function compliance(ctx: Ctx, q: ComplianceQuery): Promise<ComplianceView> {
  requireAccess(ctx.actor, 'compliance.read');
  const asOf = todayOf(ctx);
  const districtId = ctx.actor.districtId;

  // The schools: in scope, narrowed by unit (a school's card, a town's or the bureau's schools), town and stage.
  const conds: Array<SQL | undefined> = [unitScope(ctx.actor), eq(units.kind, 'school'), eq(units.status, 'active')];
  let under: string | null = null;
  for (const [id, what] of [[q.unitId, '单位'], [q.townId, '镇街']] as const) {
    if (!id) continue;
    const [u] = await ctx.db.select({ path: units.path }).from(units).where(and(eq(units.id, id), unitScope(ctx.actor)));
    if (!u) throw notFound(what);
    conds.push(sql`${units.path} like ${`${u.path}%`}`);
    if (!under || u.path.length > under.length) under = u.path;
  }
  if (q.stage) conds.push(eq(units.stage, q.stage));
  const schools = await ctx.db
    .select({ unit: units, townId: town.id, townName: town.name })
    .from(units)
    .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
    .where(and(...conds))
    .orderBy(units.path);

  const { pack } = await loadRulePack(ctx.db, districtId);
  const enabled = pack.rules.filter((r) => r.enabled);
  const judged = enabled.filter((r) => STORED_LEDGERS.has(ledgerOf(r)) && (!q.ruleCode || r.code === q.ruleCode));
  const pending = new Map<LedgerKind, string[]>();
  for (const r of enabled) {
    const l = ledgerOf(r);
    if (STORED_LEDGERS.has(l)) continue;
    if (q.ruleCode && r.code !== q.ruleCode) continue;
    pending.set(l, [...(pending.get(l) ?? []), r.code]);
  }

  const facts: UnitFacts[] = schools.map(({ unit: u }) => ({
    id: u.id,
    kind: 'school',
    name: u.name,
    stage: u.stage as SchoolStage | null,
    ownership: u.ownership as Ownership | null,
    boarding: u.boarding,
    schoolBus: u.schoolBus,
    rural: u.rural,
    gateCount: u.gateCount,
    studentCount: u.studentCount,
  }));

  // The recorded ledgers of those schools over the periods that can be judged, each read only
  // when a judged rule reads it.
  const reads = new Set(judged.map(ledgerOf));
  const want = (l: LedgerKind) => schools.length > 0 && reads.has(l);
  const from = addDays(asOf, -LOOKBACK_DAYS);
  const under_ = (path: AnyPgColumn) => (under ? sql`${path} like ${`${under}%`}` : undefined);
  const records: LedgerRecords = {};
  let staff: StaffMember[] = [];
  if (want('drills')) {
    const drillConds: Array<SQL | undefined> = [drillScope(ctx.actor), eq(drills.status, 'recorded'), gte(drills.heldOn, from), lte(drills.heldOn, asOf), under_(drills.schoolPath)];
    const drillRows = await ctx.db.select({ id: drills.id, unitId: drills.schoolId, date: drills.heldOn, kind: drills.kind }).from(drills).where(and(...drillConds));
    records.drills = drillRows.map((d): DrillRecord => ({ id: d.id, unitId: d.unitId, date: d.date, kind: d.kind as DrillKind }));
  }
  if (want('trainings')) {
    // Staff still at the school, with their posts; trainings counted on the day the course ended,
    // read back far enough for appointment training (up to 2 years in post + 1 year before it).
    const staffRows = await ctx.db
      .select({ id: staffMembers.id, unitId: staffMembers.schoolId, name: staffMembers.name, posts: staffMembers.posts })
      .from(staffMembers)
      .where(and(schoolLedgerScope(ctx.actor, staffMembers), staffPresentOn(asOf), under_(staffMembers.schoolPath)));
    staff = staffRows.map((p): StaffMember => ({ id: p.id, unitId: p.unitId, name: p.name, posts: p.posts as StaffMember['posts'] }));
    const trainingRows = await ctx.db
      .select({ id: trainings.id, unitId: trainings.schoolId, personId: trainings.staffId, date: trainings.endsOn, hours: trainings.hours })
      .from(trainings)
      .where(and(schoolLedgerScope(ctx.actor, trainings), eq(trainings.status, 'recorded'), gte(trainings.endsOn, addDays(asOf, -TRAINING_LOOKBACK_DAYS)), lte(trainings.endsOn, asOf), under_(trainings.schoolPath)));
    records.trainings = trainingRows.map((r): TrainingRecord => ({ ...r, hours: Number(r.hours) }));
  }
  if (want('meetings')) {
    const rows = await ctx.db
      .select({ id: safetyMeetings.id, unitId: safetyMeetings.schoolId, date: safetyMeetings.meetingOn, level: safetyMeetings.level })
      .from(safetyMeetings)
      .where(and(schoolLedgerScope(ctx.actor, safetyMeetings), eq(safetyMeetings.status, 'recorded'), gte(safetyMeetings.meetingOn, from), lte(safetyMeetings.meetingOn, asOf), under_(safetyMeetings.schoolPath)));
    records.meetings = rows.map((r): MeetingRecord => ({ ...r, level: r.level as MeetingLevel }));
  }
  if (want('insurance_policies')) {
    // Policies starting later count too: cover ahead of the day decides "due soon".
    records.insurancePolicies = await ctx.db
      .select({ id: insurancePolicies.id, unitId: insurancePolicies.schoolId, insurer: insurancePolicies.insurer, startsOn: insurancePolicies.startsOn, endsOn: insurancePolicies.endsOn, studentsCovered: insurancePolicies.studentsCovered })
      .from(insurancePolicies)
      .where(and(schoolLedgerScope(ctx.actor, insurancePolicies), eq(insurancePolicies.status, 'recorded'), gte(insurancePolicies.endsOn, from), under_(insurancePolicies.schoolPath)));
  }

  const { calendars, keyPeriods } = await periodInputs(ctx.db, districtId);
  const findings = evaluate({ rules: judged, units: facts, staff, records, calendars, keyPeriods, asOf });

  const byUnit = new Map(schools.map((s) => [s.unit.id, s]));
  const byCode = new Map(judged.map((r) => [r.code, r]));
  const factsById = new Map(facts.map((f) => [f.id, f]));
  const summary: Record<FindingStatus, number> = { met: 0, due_soon: 0, missed: 0, not_applicable: 0 };
  const items: FindingView[] = [];
  for (const f of findings) {
    const rule = byCode.get(f.ruleCode)!;
    // A rule that does not apply to the school (a kindergarten's rule at a primary school) is no finding.
    if (!appliesTo(rule.appliesTo, factsById.get(f.unitId)!)) continue;
    if (q.status && f.status !== q.status) continue;
    summary[f.status] += 1;
    const s = byUnit.get(f.unitId)!;
    items.push({
      unitId: f.unitId,
      unitName: s.unit.name,
      townId: s.townId,
      townName: s.townName,
      stage: s.unit.stage as SchoolStage | null,
      ruleCode: f.ruleCode,
      ruleDescription: rule.description,
      ledger: ledgerOf(rule),
      status: f.status,
      period: f.period,
      value: f.value,
      target: f.target,
      dueOn: f.dueOn,
      recordIds: f.recordIds.map(Number),
      explanation: f.explanation,
    });
  }
  return {
    asOf,
    packVersion: pack.version,
    evaluatedRules: judged.map((r) => ({ code: r.code, description: r.description, ledger: ledgerOf(r) })),
    pendingLedgers: [...pending].map(([ledger, ruleCodes]) => ({ ledger, label: ledgerLabel(ledger), ruleCodes })),
    summary,
    items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
    total: items.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}
