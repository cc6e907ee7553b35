// Compliance (达标情况): the rule engine (src/domain/rules/engine.ts) run over the district's rule
// pack in force, its school calendars and key periods, the schools in the caller's scope with their
// attributes, and the ledgers kept so far. Rules whose ledger is not kept yet are not judged: they
// are listed under pendingLedgers, never reported met, missed or not applicable.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Ownership, SchoolStage } from '../../contracts/enums.js';
import type { ComplianceQuery, ComplianceView, FindingView, LedgerKind } from '../../contracts/ledgers.js';
import type { FindingStatus } from '../../contracts/rules.js';
import { evaluate } from '../../domain/rules/engine.js';
import { appliesTo } from '../../domain/rules/pack.js';
import type { UnitFacts } from '../../domain/rules/records.js';
import { requireAccess, unitScope } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import { units } from '../db/schema.js';
import { notFound } from '../errors.js';
import { periodInputs } from './calendars.service.js';
import { readLedgers, STORED_LEDGERS } from './ledger-readers.js';
import { ledgerLabel, ledgerOf, loadRulePack } from './rules.service.js';

const town = alias(units, 'town');


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

  const within = under ?? (ctx.actor.scope === 'unit' ? ctx.actor.unitPath : null);
  // The recorded ledgers of those schools over the periods that can be judged, each read only
  // when a judged rule reads it.
  const { records, staff } =
    schools.length === 0
      ? { records: {}, staff: [] }
      : await readLedgers(
          { db: ctx.db, districtId, asOf, schools: (t) => and(eq(t.districtId, districtId), within ? sql`${t.schoolPath} like ${`${within}%`}` : undefined)! },
          judged.map(ledgerOf),
        );

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
