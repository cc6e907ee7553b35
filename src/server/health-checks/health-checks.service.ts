// The daily health checks (晨午检台账, issue 15 item 8; 001 item 16): one record per class and session,
// kept by class teachers (health_check.record), corrected with a version and voided with a reason.
// Every write looks at the school's last three days in the same transaction: a cluster of one
// symptom (domain/health-checks.ts) notifies the school doctor and the bureau once per symptom and day.
import { and, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { CreateHealthCheck, HealthCheckListQuery, HealthCheckView, OutbreakSignalList, UpdateHealthCheck } from '../../contracts/health-checks.js';
import { addDays } from '../../domain/dates.js';
import { healthCheckProblem, outbreakSignals, type HealthCheckDraft, type IllCase, type Symptom } from '../../domain/health-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { healthChecks, staffMembers, units, userRoles, users } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { placeFilters, schoolForRecord, stageFilter } from '../ledger/ledger-helpers.js';
import { recordedLedger, school, type OwnView } from '../ledger/recorded-ledger.js';
import { notify, schoolContacts } from '../notifications/notifications.service.js';
import { outbreakFor } from './outbreak-thresholds.js';

type Row = typeof healthChecks.$inferSelect;
type Insert = typeof healthChecks.$inferInsert;

export const healthCheckScope = (actor: Actor) => schoolLedgerScope(actor, healthChecks);

const own = (m: Row): OwnView<HealthCheckView> => ({
  checkedOn: m.checkedOn,
  session: m.session as HealthCheckView['session'],
  className: m.className,
  checkerName: m.checkerName,
  enrolled: m.enrolled,
  absent: m.absent,
  absentIll: m.absentIll,
  symptoms: m.symptoms as Record<string, number>,
  illCases: m.illCases as IllCase[],
  note: m.note,
});

const ledger = recordedLedger({
  table: healthChecks,
  name: '晨午检记录',
  objectType: 'health_check',
  scope: healthCheckScope,
  orderBy: [desc(healthChecks.checkedOn), desc(healthChecks.id)],
  present: ({ record }) => own(record),
  snapshot: (m: Row) => ({ schoolId: m.schoolId, ...own(m), fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
  writePermission: 'health_check.record',
});

export async function healthCheckFilter(ctx: Ctx, q: Partial<HealthCheckListQuery>): Promise<SQL> {
  const h = healthChecks;
  const conds: Array<SQL | undefined> = [healthCheckScope(ctx.actor), ...(await placeFilters(ctx, h, q)), stageFilter(h, q.stage)];
  if (q.session) conds.push(eq(h.session, q.session));
  if (q.className) conds.push(eq(h.className, q.className));
  if (q.ill === true) conds.push(sql`${h.absentIll} > 0`);
  if (q.from) conds.push(gte(h.checkedOn, q.from));
  if (q.to) conds.push(lte(h.checkedOn, q.to));
  conds.push(eq(h.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listHealthChecks = async (ctx: Ctx, q: HealthCheckListQuery) => ledger.list(ctx, await healthCheckFilter(ctx, q), q);
export const healthCheckBatchFetcher = ledger.batchFetcher;
export const getHealthCheck = ledger.get;
export const voidHealthCheck = ledger.void;

function check(ctx: Ctx, d: HealthCheckDraft) {
  const p = healthCheckProblem(d, todayOf(ctx));
  if (p) throw fieldError(p.field, p.message, p.field.startsWith('symptoms.') ? '症状人数' : undefined);
}

/** The school's recorded checks of the pack's days up to the day, as the outbreak rule reads them. */
async function recentChecks(tx: Executor, schoolId: number, day: string, days: number) {
  return tx
    .select({ checkedOn: healthChecks.checkedOn, className: healthChecks.className, symptoms: healthChecks.symptoms, illCases: healthChecks.illCases })
    .from(healthChecks)
    .where(and(eq(healthChecks.schoolId, schoolId), eq(healthChecks.status, 'recorded'), gte(healthChecks.checkedOn, addDays(day, -(days - 1))), lte(healthChecks.checkedOn, day)))
    .then((rows) => rows.map((r) => ({ ...r, symptoms: r.symptoms as Record<string, number>, illCases: r.illCases as IllCase[] })));
}

/** The school doctor(s) with an account, and the district's bureau leaders and safety administrators. */
async function outbreakRecipients(tx: Executor, districtId: number, schoolId: number): Promise<number[]> {
  const [doctors, bureau] = await Promise.all([
    tx
      .select({ id: staffMembers.userId })
      .from(staffMembers)
      .where(and(eq(staffMembers.schoolId, schoolId), isNull(staffMembers.leftOn), sql`${staffMembers.posts} @> '[{"post":"school_doctor"}]'::jsonb`)),
    tx
      .selectDistinct({ id: users.id })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(and(eq(users.districtId, districtId), eq(users.status, 'active'), inArray(userRoles.roleKey, ['bureau_admin', 'bureau_leader']))),
  ]);
  const ids = doctors.map((d) => d.id).filter((id): id is number => id !== null);
  // Without a school doctor's account the principal and safety officers hear of it at the school.
  const atSchool = ids.length ? ids : await schoolContacts(tx, schoolId);
  return [...atSchool, ...bureau.map((b) => b.id)];
}

/** Signals of the day at the school: each notified once per symptom, scope and day (dedupe key). */
export async function signalOutbreaks(tx: Executor, ctx: Ctx, schoolId: number, day: string) {
  const t = await outbreakFor(tx, ctx.actor.districtId);
  const signals = outbreakSignals(await recentChecks(tx, schoolId, day, t.schoolDays), day, t);
  if (!signals.length) return;
  const schoolName = await schoolNameOf(tx, schoolId);
  const to = await outbreakRecipients(tx, ctx.actor.districtId, schoolId);
  for (const s of signals) {
    await notify(tx, ctx.actor.districtId, to, {
      kind: 'outbreak_signal',
      title: `${schoolName}：${s.message}`,
      link: `/health-checks?schoolId=${schoolId}&from=${s.from}&to=${s.to}`,
      dedupeKey: `outbreak:${schoolId}:${s.symptom}:${s.scope}:${s.className ?? ''}:${day}`,
    });
  }
}

async function schoolNameOf(tx: Executor, id: number) {
  const [u] = await tx.select({ name: units.name }).from(units).where(eq(units.id, id));
  return u?.name ?? '';
}

export function createHealthCheck(ctx: Ctx, input: CreateHealthCheck): Promise<HealthCheckView> {
  requireAccess(ctx.actor, 'health_check.record');
  check(ctx, input);
  return ledger.create(
    ctx,
    async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      checkedOn: input.checkedOn,
      session: input.session,
      className: input.className,
      checkerName: input.checkerName,
      enrolled: input.enrolled,
      absent: input.absent,
      absentIll: input.absentIll,
      symptoms: input.symptoms,
      illCases: input.illCases,
      note: input.note ?? null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
    },
    (tx, row) => signalOutbreaks(tx, ctx, row.schoolId, row.checkedOn),
  );
}

export function updateHealthCheck(ctx: Ctx, id: number, input: UpdateHealthCheck): Promise<HealthCheckView> {
  return ledger.update(
    ctx,
    id,
    input.version,
    async (row, tx) => {
      const merged = { ...own(row) } as HealthCheckDraft & Record<string, unknown>;
      for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'version' && k !== 'fileIds') merged[k] = v;
      check(ctx, merged);
      const set: Partial<Insert> = {
        checkedOn: merged.checkedOn,
        session: merged.session as string,
        className: merged.className as string,
        checkerName: merged.checkerName as string,
        enrolled: merged.enrolled,
        absent: merged.absent,
        absentIll: merged.absentIll,
        symptoms: merged.symptoms,
        illCases: merged.illCases,
        note: (merged.note as string | null) ?? null,
      };
      if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
      return set;
    },
    (tx, row) => signalOutbreaks(tx, ctx, row.schoolId, row.checkedOn),
  );
}

/** The possible outbreaks in the caller's scope as of today (the checks of the pack's last days), for the page's banner. */
export async function outbreakSignalsInScope(ctx: Ctx): Promise<OutbreakSignalList> {
  requireAccess(ctx.actor, 'ledger.read');
  const asOf = todayOf(ctx);
  const t = await outbreakFor(ctx.db, ctx.actor.districtId);
  const rows = await ctx.db
    .select({ schoolId: healthChecks.schoolId, schoolName: school.name, checkedOn: healthChecks.checkedOn, className: healthChecks.className, symptoms: healthChecks.symptoms, illCases: healthChecks.illCases })
    .from(healthChecks)
    .innerJoin(school, eq(school.id, healthChecks.schoolId))
    .where(and(healthCheckScope(ctx.actor), eq(healthChecks.status, 'recorded'), gte(healthChecks.checkedOn, addDays(asOf, -(t.schoolDays - 1))), lte(healthChecks.checkedOn, asOf)));
  const bySchool = new Map<number, { name: string; checks: typeof rows }>();
  for (const r of rows) {
    let g = bySchool.get(r.schoolId);
    if (!g) bySchool.set(r.schoolId, (g = { name: r.schoolName, checks: [] }));
    g.checks.push(r);
  }
  const items = [...bySchool].flatMap(([schoolId, g]) =>
    outbreakSignals(g.checks.map((c) => ({ ...c, symptoms: c.symptoms as Record<string, number>, illCases: c.illCases as Array<{ symptom: Symptom }> })), asOf, t).map((s) => ({ schoolId, schoolName: g.name, ...s })),
  );
  return { asOf, items };
}
