// The district's rule pack (规则包): immutable versions of the rules as data, the one in force
// per district, the shipped default seeded idempotently, threshold changes as new versions.
import { STORED_LEDGERS } from './stored-ledgers.js';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { fieldLabels } from '../../contracts/common.js';
import { ledgerKindLabels, type ChangeThresholds, type LedgerKind, type RulePackView } from '../../contracts/rules.js';
import { canonicalJson } from '../../domain/audit-chain.js';
import { applyThresholdChanges, DEFAULT_PACK, type Rule, type RulePack, type ThresholdChange } from '../../domain/rules/pack.js';
import type { Problem } from '../../domain/rules/periods.js';
import { DEFAULT_INCIDENT_DEADLINES, type IncidentDeadlines } from '../../domain/incidents.js';
import { outbreakOf, type OutbreakSection } from '../../domain/rules/outbreak-signals.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Db, Executor } from '../db/client.js';
import { districts, rulePacks, rulePackVersions } from '../db/schema.js';
import { badRequest, notFound, staleVersion } from '../errors.js';

/** The ledger a rule reads. */
export function ledgerOf(rule: Rule): LedgerKind {
  const m = rule.measure;
  switch (m.kind) {
    case 'count':
      return m.ledger;
    case 'person_hours':
      return 'trainings';
    case 'letter_signed':
      return 'letters';
    case 'duty_cover':
      return 'duties';
    case 'insurance_cover':
      return 'insurance_policies';
    case 'risk_review':
      return 'risks';
    case 'screening_coverage':
      return 'care_screenings';
    case 'care_follow_up':
      return 'care_follow_ups';
    case 'entries':
      return m.ledger;
    case 'ledger_check':
      return m.ledger;
    default:
      return 'security_profiles';
  }
}

export const ledgerLabel = (l: LedgerKind) => ledgerKindLabels[l];

// Any 32-bit constant, with the district id as the second key: one seeder per district at a time.
const RULE_PACK_LOCK = 0x52756c01;

export type RulePackRow = typeof rulePackVersions.$inferSelect;

function sameRules(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The district gets the shipped default pack as version 1 when it has none. When the shipped
 * rules change and the version in force is still the system's (no bureau change on top), the
 * new shipped rules become the next version; a pack the bureau has changed is left alone.
 */
export async function ensureDefaultRulePack(tx: Executor, districtId: number, shipped: RulePack = DEFAULT_PACK): Promise<'created' | 'updated' | 'unchanged' | 'customised'> {
  await tx.execute(sql`select pg_advisory_xact_lock(${RULE_PACK_LOCK}::int, ${districtId}::int)`);
  const system = { actor: null, ip: null };
  const [pack] = await tx.select().from(rulePacks).where(eq(rulePacks.districtId, districtId));
  if (!pack) {
    const [row] = await tx.insert(rulePacks).values({ districtId, currentVersion: 1 }).returning();
    await tx.insert(rulePackVersions).values({
      packId: row.id,
      districtId,
      number: 1,
      name: shipped.name,
      basedOn: null,
      changes: [],
      rules: shipped.rules,
      riskReviewDays: shipped.riskReviewDays ?? null,
      incidentDeadlines: shipped.incidentDeadlines ?? null,
      outbreakSignals: shipped.outbreakSignals ?? null,
      createdBy: null,
      createdByName: '系统',
    });
    await writeAudit(tx, system, { action: 'create', objectType: 'rule_pack', objectId: row.id, districtId, actorName: '系统', after: { version: 1, name: shipped.name, ruleCount: shipped.rules.length } });
    return 'created';
  }
  const [current] = await tx.select().from(rulePackVersions).where(and(eq(rulePackVersions.packId, pack.id), eq(rulePackVersions.number, pack.currentVersion)));
  if (current.createdBy !== null) return 'customised';
  if (sameRules(current.rules, shipped.rules) && sameRules(current.riskReviewDays ?? null, shipped.riskReviewDays ?? null) && sameRules(current.incidentDeadlines, shipped.incidentDeadlines ?? null) && sameRules(current.outbreakSignals, shipped.outbreakSignals ?? null)) return 'unchanged';
  const number = pack.currentVersion + 1;
  await tx.insert(rulePackVersions).values({
    packId: pack.id,
    districtId,
    number,
    name: shipped.name,
    basedOn: pack.currentVersion,
    changes: [],
    rules: shipped.rules,
    riskReviewDays: shipped.riskReviewDays ?? null,
    incidentDeadlines: shipped.incidentDeadlines ?? null,
    outbreakSignals: shipped.outbreakSignals ?? null,
    createdBy: null,
    createdByName: '系统',
  });
  await tx.update(rulePacks).set({ currentVersion: number, version: pack.version + 1, updatedAt: new Date() }).where(eq(rulePacks.id, pack.id));
  await writeAudit(tx, system, {
    action: 'update',
    objectType: 'rule_pack',
    objectId: pack.id,
    districtId,
    actorName: '系统',
    before: { version: pack.currentVersion },
    after: { version: number, reason: '随系统更新的默认规则', ruleCount: shipped.rules.length },
  });
  return 'updated';
}

/** At start: every district gets (or catches up with) the shipped default pack. */
export async function ensureDefaultRulePacksEverywhere(db: Db): Promise<void> {
  const all = await db.select({ id: districts.id }).from(districts).orderBy(asc(districts.id));
  for (const d of all) await db.transaction((tx) => ensureDefaultRulePack(tx, d.id));
}

async function packOf(db: Db, districtId: number) {
  const find = () => db.select().from(rulePacks).where(eq(rulePacks.districtId, districtId));
  let [pack] = await find();
  if (!pack) {
    // A district created without the seeder (an older database, a test): seed it now.
    await db.transaction((tx) => ensureDefaultRulePack(tx, districtId));
    [pack] = await find();
  }
  return pack;
}

/** The rules in force for a district (or of one version), with the version number. */
export async function loadRulePack(db: Db, districtId: number, versionNumber?: number): Promise<{ pack: RulePack; row: RulePackRow; currentVersion: number }> {
  const pack = await packOf(db, districtId);
  const number = versionNumber ?? pack.currentVersion;
  const [row] = await db.select().from(rulePackVersions).where(and(eq(rulePackVersions.packId, pack.id), eq(rulePackVersions.number, number)));
  if (!row) throw notFound('规则包版本');
  return { pack: toPack(row), row, currentVersion: pack.currentVersion };
}

/**
 * Stored versions read by `rulePackOfRow`, per database handle (a test's database, the replica) and
 * keyed by the version row's id and xmin. A version is never updated: a change is the next version,
 * a new row; and a row that were updated would have a new xmin, so a kept pack is never served for
 * a changed row. Bounded: a district has a few versions, and most are never read again.
 */
const versionsKept = new WeakMap<object, Map<string, RulePack>>();
const MAX_VERSIONS_KEPT = 64;

/**
 * The pack of one stored version, read once per database handle and version row (issue 19: the
 * compliance board read the whole rules jsonb, half a millisecond of PostgreSQL and its parsing, on
 * every request). The caller reads the row's id and xmin in a statement it makes anyway (the
 * rollup's freshness, rollup.service.ts), so a new version in force is seen by the next request of
 * every instance. The pack is shared between requests: read it, never change it.
 */
export async function rulePackOfRow(db: Executor, row: { id: number; xmin: string }): Promise<RulePack> {
  let kept = versionsKept.get(db);
  if (!kept) versionsKept.set(db, (kept = new Map()));
  const hit = kept.get(`${row.id}:${row.xmin}`);
  if (hit) return hit;
  const [found] = await db
    .select({ row: rulePackVersions, xmin: sql<string>`${rulePackVersions}.xmin::text` })
    .from(rulePackVersions)
    .where(eq(rulePackVersions.id, row.id));
  if (!found) throw notFound('规则包版本');
  const pack = toPack(found.row);
  if (kept.size >= MAX_VERSIONS_KEPT) kept.clear();
  // Under the xmin read with it: were the row changed since the caller's statement, this is the newer.
  kept.set(`${row.id}:${found.xmin}`, pack);
  return pack;
}

function toPack(row: RulePackRow): RulePack {
  return { name: row.name, version: row.number, basedOn: row.basedOn, changes: row.changes as ThresholdChange[], rules: row.rules as Rule[], riskReviewDays: (row.riskReviewDays as RulePack['riskReviewDays']) ?? undefined, incidentDeadlines: (row.incidentDeadlines as IncidentDeadlines | null) ?? DEFAULT_INCIDENT_DEADLINES, outbreakSignals: outbreakOf({ outbreakSignals: row.outbreakSignals as OutbreakSection | null }) };
}

export async function getRulePack(ctx: Ctx, versionNumber?: number): Promise<RulePackView> {
  requireAccess(ctx.actor, 'ledger.read');
  const { pack, row, currentVersion } = await loadRulePack(ctx.db, ctx.actor.districtId, versionNumber);
  const versions = await ctx.db
    .select({ number: rulePackVersions.number, createdByName: rulePackVersions.createdByName, createdAt: rulePackVersions.createdAt, changes: rulePackVersions.changes })
    .from(rulePackVersions)
    .where(eq(rulePackVersions.packId, row.packId))
    .orderBy(desc(rulePackVersions.number));
  return {
    name: pack.name,
    version: pack.version,
    currentVersion,
    basedOn: pack.basedOn,
    changes: pack.changes,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    rules: pack.rules.map((r) => {
      const ledger = ledgerOf(r);
      return { ...r, appliesTo: { ...r.appliesTo }, measure: { ...r.measure }, ledger, ledgerStored: STORED_LEDGERS.has(ledger) };
    }),
    versions: versions.map((v) => ({ version: v.number, createdByName: v.createdByName, createdAt: v.createdAt.toISOString(), changeCount: (v.changes as unknown[]).length })),
  };
}

function problemsError(problems: Problem[]) {
  const details = problems.map((p) => {
    const head = p.field.split('.')[0];
    return { field: p.field, label: fieldLabels[head] ?? head, message: p.message };
  });
  return badRequest('VALIDATION_FAILED', `${details[0].label}：${details[0].message}`, details);
}

/** The bureau changes thresholds: a new version of the pack, in force at once, audited; stale → 409. */
export async function changeThresholds(ctx: Ctx, input: ChangeThresholds): Promise<RulePackView> {
  requireAccess(ctx.actor, 'rules.manage');
  const districtId = ctx.actor.districtId;
  await packOf(ctx.db, districtId);
  await ctx.db.transaction(async (tx) => {
    const [pack] = await tx.select().from(rulePacks).where(eq(rulePacks.districtId, districtId)).for('update');
    if (pack.currentVersion !== input.version) throw staleVersion();
    const [current] = await tx.select().from(rulePackVersions).where(and(eq(rulePackVersions.packId, pack.id), eq(rulePackVersions.number, pack.currentVersion)));
    const result = applyThresholdChanges(toPack(current), input.changes);
    if (!result.ok) throw problemsError(result.problems);
    const next = result.pack;
    await tx.insert(rulePackVersions).values({
      packId: pack.id,
      districtId,
      number: next.version,
      name: next.name,
      basedOn: next.basedOn,
      changes: next.changes,
      rules: next.rules,
      riskReviewDays: next.riskReviewDays ?? null,
      incidentDeadlines: current.incidentDeadlines,
      outbreakSignals: current.outbreakSignals,
      createdBy: ctx.actor.id,
      createdByName: ctx.actor.displayName,
    });
    await tx.update(rulePacks).set({ currentVersion: next.version, version: pack.version + 1, updatedAt: ctx.now }).where(eq(rulePacks.id, pack.id));
    const before = Object.fromEntries(
      input.changes.map((c) => {
        const r = current && (current.rules as Rule[]).find((x) => x.code === c.code);
        return [c.code, r ? { min: r.threshold.min, dueSoonDays: r.dueSoonDays, enabled: r.enabled } : null];
      }),
    );
    await writeAudit(tx, ctx, { action: 'update', objectType: 'rule_pack', objectId: pack.id, before: { version: pack.currentVersion, rules: before }, after: { version: next.version, changes: next.changes, ...(input.reason ? { reason: input.reason } : {}) } });
  });
  return getRulePack(ctx);
}
