// The security profile ledger (人防、物防、技防, 002 areas 8 and 9): guards per gate and time slot,
// one-key alarms, video retention and link to the bureau, the perimeter alarm. A profile is never
// changed or deleted: a correction or a change is recorded as a new profile and the latest (by
// recorded day, then id) counts, so the history shows what the school declared and when.
// The list judges each school's latest profile with the guard, alarm, video and perimeter rules
// of the district's pack in force, exactly as /compliance does.
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SchoolStage } from '../../contracts/enums.js';
import type {
  CreateSecurityProfile,
  ProfileFinding,
  ProfileState,
  SchoolProfilePage,
  SchoolProfileView,
  SecurityHistoryQuery,
  SecurityProfileListQuery,
  SecurityProfileView,
} from '../../contracts/security-profiles.js';
import { evaluate } from '../../domain/rules/engine.js';
import { appliesTo } from '../../domain/rules/pack.js';
import { securityProfileProblems } from '../../domain/security-profile.js';
import { requireAccess, schoolLedgerScope, unitScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { securityProfiles, units } from '../db/schema.js';
import { notFound, fieldError } from '../errors.js';
import { attachableFileIds } from '../access/references.js';
import { fileMapOf, filesOf, schoolForRecord, unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { ledgerOf, loadRulePack } from '../rules/rules.service.js';
import { schoolFactsOf } from '../units/school-facts.js';
import { latestProfiles, profileRecordOf, type ProfileRow, type StoredGate } from './security-records.js';

const school = alias(units, 'school');
const town = alias(units, 'town');

export const securityProfileScope = (actor: Actor) => schoolLedgerScope(actor, securityProfiles);

type Place = { schoolName: string; townName: string | null };

async function present(db: Executor, rows: Array<{ profile: ProfileRow } & Place>): Promise<SecurityProfileView[]> {
  const files = await fileMapOf(db, rows.flatMap((r) => r.profile.fileIds));
  return rows.map(({ profile: p, schoolName, townName }) => ({
    id: p.id,
    schoolId: p.schoolId,
    schoolName,
    townName,
    recordedOn: p.recordedOn,
    gates: p.gates as StoredGate[],
    alarms: { installed: p.alarmsInstalled, working: p.alarmsWorking, lastTestedOn: p.alarmsLastTestedOn },
    video: { retentionDays: p.videoRetentionDays, linkedToBureau: p.videoLinkedToBureau },
    perimeterAlarm: { installed: p.perimeterInstalled, armed24h: p.perimeterArmed24h },
    note: p.note,
    files: filesOf(p.fileIds, files),
    createdByName: p.createdByName,
    createdAt: p.createdAt.toISOString(),
  }));
}

function selectProfiles(db: Executor) {
  return db
    .select({ profile: securityProfiles, schoolName: school.name, townName: town.name })
    .from(securityProfiles)
    .innerJoin(school, eq(school.id, securityProfiles.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')));
}

export async function getSecurityProfile(ctx: Ctx, id: number): Promise<SecurityProfileView> {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await selectProfiles(ctx.db).where(and(eq(securityProfiles.id, id), securityProfileScope(ctx.actor)));
  if (!row) throw notFound('人防物防技防登记');
  return (await present(ctx.db, [row]))[0];
}

/** Every profile a school has recorded, newest first (the first one counts). */
export async function securityProfileHistory(ctx: Ctx, q: SecurityHistoryQuery) {
  requireAccess(ctx.actor, 'ledger.read');
  await unitInScopeOr404(ctx.db, ctx.actor, q.schoolId, '学校');
  const where = and(securityProfileScope(ctx.actor), eq(securityProfiles.schoolId, q.schoolId));
  const [rows, [{ total }]] = await Promise.all([
    selectProfiles(ctx.db).where(where).orderBy(desc(securityProfiles.recordedOn), desc(securityProfiles.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(securityProfiles).where(where),
  ]);
  return { items: await present(ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

const snapshot = (p: ProfileRow) => ({
  schoolId: p.schoolId,
  recordedOn: p.recordedOn,
  gates: p.gates,
  alarms: { installed: p.alarmsInstalled, working: p.alarmsWorking, lastTestedOn: p.alarmsLastTestedOn },
  video: { retentionDays: p.videoRetentionDays, linkedToBureau: p.videoLinkedToBureau },
  perimeterAlarm: { installed: p.perimeterInstalled, armed24h: p.perimeterArmed24h },
  note: p.note,
  fileIds: p.fileIds,
});

/** Records the school's profile as of a day; the previous ones stay as its history. */
export async function createSecurityProfile(ctx: Ctx, input: CreateSecurityProfile): Promise<SecurityProfileView> {
  requireAccess(ctx.actor, 'ledger.write');
  // The schema checked the shape and bounds; the days against today need the clock.
  const [problem] = securityProfileProblems(input, todayOf(ctx));
  if (problem) throw fieldError(problem.field, problem.message, problem.label);
  const id = await ctx.db.transaction(async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    const [row] = await tx
      .insert(securityProfiles)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        recordedOn: input.recordedOn,
        gates: input.gates.map((g) => ({ name: g.name.trim(), guards: { ...g.guards } })),
        alarmsInstalled: input.alarms.installed,
        alarmsWorking: input.alarms.working,
        alarmsLastTestedOn: input.alarms.lastTestedOn ?? null,
        videoRetentionDays: input.video.retentionDays,
        videoLinkedToBureau: input.video.linkedToBureau,
        perimeterInstalled: input.perimeterAlarm.installed,
        perimeterArmed24h: input.perimeterAlarm.armed24h,
        note: input.note || null,
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'security_profile', objectId: row.id, after: snapshot(row) });
    return row.id;
  });
  return getSecurityProfile(ctx, id);
}

/**
 * The schools in scope (filtered by school, town, stage) with their latest profile, its findings
 * under the pack in force and their state, before the state filter and paging.
 */
async function schoolProfiles(ctx: Ctx, q: Partial<SecurityProfileListQuery>) {
  requireAccess(ctx.actor, 'ledger.read');
  const asOf = todayOf(ctx);
  const conds: Array<SQL | undefined> = [unitScope(ctx.actor), eq(units.kind, 'school'), eq(units.status, 'active')];
  const profileConds: Array<SQL | undefined> = [securityProfileScope(ctx.actor)];
  if (q.schoolId) {
    await unitInScopeOr404(ctx.db, ctx.actor, q.schoolId, '学校');
    conds.push(eq(units.id, q.schoolId));
    profileConds.push(eq(securityProfiles.schoolId, q.schoolId));
  }
  if (q.townId) {
    const t = await unitInScopeOr404(ctx.db, ctx.actor, q.townId, '镇街');
    conds.push(sql`${units.path} like ${`${t.path}%`}`);
    profileConds.push(sql`${securityProfiles.schoolPath} like ${`${t.path}%`}`);
  }
  if (q.stage) conds.push(eq(units.stage, q.stage));

  const schools = await ctx.db
    .select({ unit: units, townId: town.id, townName: town.name })
    .from(units)
    .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
    .where(and(...conds))
    .orderBy(units.path, units.id);
  if (!schools.length) return { asOf, items: [] as SchoolProfileView[] };
  const ids = schools.map((s) => s.unit.id);
  const profileWhere = and(...profileConds, inArray(securityProfiles.schoolId, ids));
  const [latest, counts, { pack }] = await Promise.all([
    latestProfiles(ctx.db, profileWhere, asOf),
    ctx.db.select({ schoolId: securityProfiles.schoolId, n: count() }).from(securityProfiles).where(profileWhere).groupBy(securityProfiles.schoolId),
    loadRulePack(ctx.db, ctx.actor.districtId),
  ]);

  const facts = schools.map(({ unit }) => schoolFactsOf(unit));
  const rules = pack.rules.filter((r) => r.enabled && ledgerOf(r) === 'security_profiles');
  const findings = evaluate({ rules, units: facts, records: { securityProfiles: latest.map(profileRecordOf) }, asOf });
  const ruleOf = new Map(rules.map((r) => [r.code, r]));
  const factOf = new Map(facts.map((f) => [f.id, f]));
  const byUnit = new Map<number, ProfileFinding[]>();
  for (const f of findings) {
    const rule = ruleOf.get(f.ruleCode)!;
    // As on /compliance: a rule that does not apply to the school (peaks at a secondary school) is no finding.
    if (!appliesTo(rule.appliesTo, factOf.get(f.unitId)!)) continue;
    const list = byUnit.get(f.unitId) ?? [];
    list.push({ ruleCode: f.ruleCode, subject: rule.subject, status: f.status, value: f.value, target: f.target, explanation: f.explanation });
    byUnit.set(f.unitId, list);
  }

  const latestOf = new Map(latest.map((p) => [p.schoolId, p]));
  const countOf = new Map(counts.map((c) => [c.schoolId, c.n]));
  const presented = new Map(
    (await present(ctx.db, schools.flatMap((s) => (latestOf.has(s.unit.id) ? [{ profile: latestOf.get(s.unit.id)!, schoolName: s.unit.name, townName: s.townName }] : [])))).map((p) => [p.schoolId, p]),
  );
  const items = schools.map(({ unit: u, townId, townName }): SchoolProfileView => {
    const profile = presented.get(u.id) ?? null;
    const fs = byUnit.get(u.id) ?? [];
    const state: ProfileState = !profile ? 'missing' : fs.some((f) => f.status === 'missed') ? 'short' : 'ok';
    return {
      schoolId: u.id,
      schoolName: u.name,
      townId,
      townName,
      stage: u.stage as SchoolStage | null,
      boarding: u.boarding,
      gateCount: u.gateCount,
      state,
      profile,
      recordCount: countOf.get(u.id) ?? 0,
      findings: fs,
    };
  });
  return { asOf, items };
}

/** The latest profile of every school in scope, with its shortfalls; `state` picks the missing, short or compliant ones. */
export async function listSchoolProfiles(ctx: Ctx, q: SecurityProfileListQuery): Promise<SchoolProfilePage> {
  const { asOf, items } = await schoolProfiles(ctx, q);
  const summary: Record<ProfileState, number> = { missing: 0, short: 0, ok: 0 };
  for (const i of items) summary[i.state] += 1;
  const shown = q.state ? items.filter((i) => i.state === q.state) : items;
  return { asOf, summary, items: shown.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: shown.length, page: q.page, pageSize: q.pageSize };
}

/** The export's rows: the same schools as the list (all pages), in the list's order. */
export async function schoolProfilesForExport(ctx: Ctx, q: Omit<SecurityProfileListQuery, 'page' | 'pageSize'>): Promise<SchoolProfileView[]> {
  const { items } = await schoolProfiles(ctx, q);
  return q.state ? items.filter((i) => i.state === q.state) : items;
}
