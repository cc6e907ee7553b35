// Oversight of compliance (issue 4): from a missed finding, the bureau, a department or a town
// opens a hazard in the hazard loop or sends the school a rectification notice (整改通知); and a
// school's calendar of what falls due in a month (findings, safety education days, key periods,
// holidays). The finding is always evaluated again here, never taken from the client.
import { and, eq, ne, sql } from 'drizzle-orm';
import {
  complianceQuery,
  type FindingView,
  type ComplianceActionInput,
  type ComplianceActionResult,
  type ComplianceActionsView,
  type DueCalendar,
  type DueItem,
} from '../../contracts/compliance.js';
import { findingStatusLabels } from '../../contracts/rules.js';
import type { HazardStatus } from '../../contracts/enums.js';
import { areaOfRule, findingKey, hazardDescription, sourcesOf } from '../../domain/compliance-actions.js';
import { deadlineProblem } from '../../domain/day-ranges.js';
import { educationDaysInMonth } from '../../domain/education-days.js';
import { holidaysOf, keyPeriodsOf, monthOf, semestersOf } from '../../domain/rules/periods.js';
import type { Rule } from '../../domain/rules/pack.js';
import { complianceActionRefusal, hazardScope, requireAccess, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { hazards, units } from '../db/schema.js';
import { badRequest, conflict, forbidden, notFound, fieldError } from '../errors.js';
import { createHazardTx } from '../hazards/hazards.service.js';
import { notify, schoolContacts } from '../notifications/notifications.service.js';
import { periodInputs } from '../rules/calendars.service.js';
import { compliance } from './compliance.service.js';
import { unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { ledgerLabel, loadRulePack } from '../rules/rules.service.js';

// Any 32-bit constant, with the school id as the second key: one action per school at a time, so
// two clicks at once cannot open two hazards for the same finding.
const ACTION_LOCK = 0x436f6d01;

/** A school the person can see, else 404 (a town or department id is not a school either). */
async function schoolInScope(db: Executor, actor: Actor, id: number) {
  const s = await unitInScopeOr404(db, actor, id, '学校');
  if (s.kind !== 'school') throw notFound('学校');
  return s;
}

async function ruleOf(ctx: Ctx, ruleCode: string): Promise<Rule> {
  const { pack } = await loadRulePack(ctx.db, ctx.actor.districtId);
  const rule = pack.rules.find((r) => r.code === ruleCode);
  if (!rule) throw fieldError('ruleCode', '本区规则包中没有这条规则');
  return rule;
}

/** The school's finding for the rule today, evaluated here. */
async function findingOf(ctx: Ctx, unitId: number, ruleCode: string): Promise<FindingView> {
  const view = await compliance(ctx, complianceQuery.parse({ unitId, ruleCode, pageSize: 10 }));
  const f = view.items.find((i) => i.unitId === unitId && i.ruleCode === ruleCode);
  if (!f) throw badRequest('FINDING_NOT_JUDGED', '这条规则目前不评价本校（不适用、已停用或其台账尚未上线），无法督办');
  return f;
}

const openComplianceHazard = (schoolId: number, key: string) =>
  and(eq(hazards.schoolId, schoolId), eq(hazards.source, 'compliance'), eq(hazards.itemKey, key), ne(hazards.status, 'closed'));

export async function actOnFinding(ctx: Ctx, input: ComplianceActionInput): Promise<ComplianceActionResult> {
  const { actor } = ctx;
  requireAccess(actor, 'compliance.act');
  if (actor.unitKind === 'school') throw forbidden('学校不能督办本校的未达标项');
  const school = await schoolInScope(ctx.db, actor, input.unitId);
  const rule = await ruleOf(ctx, input.ruleCode);
  const area = areaOfRule(rule);
  const refusal = complianceActionRefusal(actor, input.action, area);
  if (refusal) throw forbidden(refusal);
  const today = todayOf(ctx);
  const late = input.deadline ? deadlineProblem(input.deadline, today) : null;
  if (late) throw fieldError('deadline', late);

  const f = await findingOf(ctx, school.id, rule.code);
  if (f.status !== 'missed') {
    throw badRequest('FINDING_NOT_MISSED', `该项目前为“${findingStatusLabels[f.status]}”，不是未达标，无需${input.action === 'hazard' ? '生成隐患' : '发整改通知'}：${f.explanation}`);
  }
  const periodLabel = f.period?.label ?? null;
  const key = findingKey(rule.code, f.period?.key);

  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ACTION_LOCK}::int, ${school.id}::int)`);
    if (input.action === 'hazard') {
      const [existing] = await tx.select({ id: hazards.id, code: hazards.code }).from(hazards).where(openComplianceHazard(school.id, key)).limit(1);
      if (existing) {
        throw conflict('HAZARD_EXISTS', `本校这一项（${periodLabel ?? rule.description}）已有未销号的隐患 ${existing.code}，请在隐患台账中跟进，不要重复生成`, {
          hazardId: existing.id,
          code: existing.code,
        });
      }
      const created = await createHazardTx(tx, ctx, {
        schoolId: school.id,
        area,
        location: `全校（${ledgerLabel(f.ledger)}）`,
        description: hazardDescription(rule, { ruleCode: rule.code, explanation: f.explanation, periodLabel }, { note: input.note, deadline: input.deadline }),
        grade: input.grade,
        source: 'compliance',
        foundOn: today,
        itemKey: key,
      });
      await writeAudit(tx, ctx, {
        action: 'create',
        objectType: 'compliance_action',
        objectId: created.id,
        after: { action: 'hazard', unitId: school.id, ruleCode: rule.code, period: f.period?.key ?? null, hazardCode: created.code, area, explanation: f.explanation, note: input.note ?? null, deadline: input.deadline ?? null },
      });
      return { action: 'hazard', unitId: school.id, ruleCode: rule.code, periodLabel, hazard: created, notice: null };
    }

    const to = await schoolContacts(tx, school.id);
    if (!to.length) throw badRequest('NO_RECIPIENTS', '该校没有启用的校长或安全员账号，整改通知无人接收；请先在人员账号中为学校开通账号');
    const title = [
      `整改通知（${actor.unitName}）：${rule.description}未达标${periodLabel ? `（${periodLabel}）` : ''}`,
      input.deadline ? `请于 ${input.deadline} 前完成整改` : '请尽快整改',
      input.note?.trim() ? `说明：${input.note.trim()}` : null,
      `依据：${sourcesOf(rule)}`,
    ]
      .filter(Boolean)
      .join('；');
    const month = (input.deadline ?? today).slice(0, 7);
    await notify(tx, actor.districtId, to, { kind: 'compliance_notice', title, link: `/due-calendar?month=${month}` });
    await writeAudit(tx, ctx, {
      action: 'create',
      objectType: 'compliance_action',
      objectId: school.id,
      after: { action: 'notice', unitId: school.id, ruleCode: rule.code, period: f.period?.key ?? null, recipients: to, title, note: input.note ?? null, deadline: input.deadline ?? null },
    });
    return { action: 'notice', unitId: school.id, ruleCode: rule.code, periodLabel, hazard: null, notice: { title, recipients: to.length } };
  });
}

/** What the caller may do on a school's findings (allowed actions travel with the data). */
export async function complianceActions(ctx: Ctx, unitId: number): Promise<ComplianceActionsView> {
  const { actor } = ctx;
  requireAccess(actor, 'compliance.read');
  const school = await schoolInScope(ctx.db, actor, unitId);
  const { pack } = await loadRulePack(ctx.db, actor.districtId);
  const rules = pack.rules.map((r) => {
    const area = areaOfRule(r);
    const refusal = complianceActionRefusal(actor, 'hazard', area);
    return { ruleCode: r.code, area, mayOpenHazard: !refusal, refusal };
  });
  const rows = await ctx.db
    .select({
      id: hazards.id,
      code: hazards.code,
      itemKey: hazards.itemKey,
      status: hazards.status,
      visible: sql<boolean>`${hazardScope(actor)}`,
    })
    .from(hazards)
    .where(and(eq(hazards.schoolId, school.id), eq(hazards.source, 'compliance'), ne(hazards.status, 'closed')));
  return {
    unitId: school.id,
    mayNotice: !complianceActionRefusal(actor, 'notice', 'management'),
    rules,
    openHazards: rows.flatMap((h) => {
      const m = /^compliance:(.+):([^:]+)$/.exec(h.itemKey ?? '');
      return m ? [{ id: h.id, code: h.code, ruleCode: m[1], periodKey: m[2], status: h.status as HazardStatus, visible: Boolean(h.visible) }] : [];
    }),
  };
}

// ---- the school's calendar -------------------------------------------------------------------

const KEY_PERIOD_DUTY = '重点时段：每天 1 名领导 24 小时带班、1 名工作人员 24 小时值班，期间至少开展 2 次消防安全专项检查（003）';
const HOLIDAY_DUTY = '节假日领导带班（000 第4条）';

export async function dueCalendar(ctx: Ctx, unitId: number, monthParam?: string): Promise<DueCalendar> {
  requireAccess(ctx.actor, 'compliance.read');
  const school = await schoolInScope(ctx.db, ctx.actor, unitId);
  const asOf = todayOf(ctx);
  const month = monthOf(`${monthParam ?? asOf.slice(0, 7)}-01`);
  const within = (d: string | null) => !!d && d >= month.startsOn && d <= month.endsOn;
  const overlaps = (p: { startsOn: string; endsOn: string }) => p.startsOn <= month.endsOn && p.endsOn >= month.startsOn;

  const [view, { pack }, { calendars, keyPeriods }] = await Promise.all([
    compliance(ctx, complianceQuery.parse({ unitId: school.id, pageSize: 1000 })),
    loadRulePack(ctx.db, ctx.actor.districtId),
    periodInputs(ctx.db, ctx.actor.districtId),
  ]);
  const rules = new Map(pack.rules.map((r) => [r.code, r]));
  const unitName = view.items[0]?.unitName ?? (await unitNameOf(ctx.db, school.id));

  const findingItem = (f: FindingView): DueItem => {
    const rule = rules.get(f.ruleCode);
    return {
      key: `finding:${f.ruleCode}:${f.period?.key ?? 'current'}`,
      kind: 'finding',
      startsOn: f.dueOn!,
      endsOn: f.dueOn!,
      title: f.ruleDescription,
      detail: f.explanation,
      status: f.status,
      ruleCode: f.ruleCode,
      source: rule ? sourcesOf(rule) : null,
    };
  };
  const items: DueItem[] = view.items.filter((f) => f.status !== 'not_applicable' && within(f.dueOn)).map(findingItem);
  // Today's month also lists what was missed before it and is still to be made good.
  const overdue = month.startsOn <= asOf && asOf <= month.endsOn ? view.items.filter((f) => f.status === 'missed' && f.dueOn && f.dueOn < month.startsOn).map(findingItem) : [];

  for (const d of educationDaysInMonth(month.key, calendars)) {
    items.push({ key: d.key, kind: 'education_day', startsOn: d.startsOn, endsOn: d.endsOn, title: d.name, detail: d.activity, status: null, ruleCode: null, source: d.source });
  }
  for (const p of keyPeriodsOf(keyPeriods).filter(overlaps)) {
    items.push({ key: p.key, kind: 'key_period', startsOn: p.startsOn, endsOn: p.endsOn, title: `重点时段：${p.label}`, detail: KEY_PERIOD_DUTY, status: null, ruleCode: null, source: '003' });
  }
  for (const p of holidaysOf(calendars).filter(overlaps)) {
    items.push({ key: p.key, kind: 'holiday', startsOn: p.startsOn, endsOn: p.endsOn, title: p.label, detail: HOLIDAY_DUTY, status: null, ruleCode: null, source: '000 第4条' });
  }
  for (const s of semestersOf(calendars)) {
    if (within(s.startsOn)) items.push({ key: `${s.key}:start`, kind: 'semester', startsOn: s.startsOn, endsOn: s.startsOn, title: `${s.label}开学`, detail: null, status: null, ruleCode: null, source: null });
    if (within(s.endsOn)) items.push({ key: `${s.key}:end`, kind: 'semester', startsOn: s.endsOn, endsOn: s.endsOn, title: `${s.label}结束`, detail: null, status: null, ruleCode: null, source: null });
  }
  const kindOrder = { finding: 0, education_day: 1, key_period: 2, holiday: 3, semester: 4 } as const;
  items.sort((a, b) => a.startsOn.localeCompare(b.startsOn) || kindOrder[a.kind] - kindOrder[b.kind] || a.key.localeCompare(b.key));
  overdue.sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  return {
    unitId: school.id,
    unitName,
    month: month.key,
    asOf,
    items,
    overdue,
    pendingLedgers: view.pendingLedgers.map((p) => p.label),
  };
}

async function unitNameOf(db: Executor, id: number): Promise<string> {
  const [u] = await db.select({ name: units.name }).from(units).where(eq(units.id, id));
  return u?.name ?? '';
}
