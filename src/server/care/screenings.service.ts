// Mental health screening per class and semester (001 item 9: 每学期开展1次全员心理筛查): the day,
// the instrument, students screened and not screened (with the reason), students per result band.
// Counts only, no names: individual results are entered only for students who need follow-up, as
// records of the care ledger. Kept by the school's care circle; seen upward as counts.
import { and, asc, count, desc, eq, gte, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { CreateScreening, ScreeningListQuery, ScreeningView } from '../../contracts/care.js';
import { gradeProblem, screeningCountsProblem } from '../../domain/care.js';
import { can, schoolLedgerScope } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, todayOf, type Ctx } from '../context.js';
import { careScreenings, units } from '../db/schema.js';
import { conflict, fieldError, notFound, staleVersion } from '../errors.js';
import { circleOf, circleSchool, fullSchools, type Circle } from './circle.js';

type Row = typeof careScreenings.$inferSelect;

function present(r: Row, schoolName: string): ScreeningView {
  return {
    id: r.id,
    schoolId: r.schoolId,
    schoolName,
    studentGrade: r.grade,
    className: r.className,
    screenedOn: r.screenedOn,
    instrument: r.instrument,
    screened: r.screened,
    notScreened: r.notScreened,
    notScreenedReason: r.notScreenedReason,
    bands: r.bands as ScreeningView['bands'],
    status: r.status as ScreeningView['status'],
    voidReason: r.voidReason,
    createdByName: r.createdByName,
    version: r.version,
  };
}

/** Who sees screenings: the care circle of the school, and those with care.summary in their scope (counts). Else 404. */
function screeningScope(ctx: Ctx, c: Circle): SQL {
  const schools = fullSchools(c);
  const mine = schools.length ? inArray(careScreenings.schoolId, schools) : undefined;
  if (can(ctx.actor, 'care.summary')) return mine ? or(mine, schoolLedgerScope(ctx.actor, careScreenings))! : schoolLedgerScope(ctx.actor, careScreenings);
  if (!mine) throw notFound('心理筛查记录');
  return mine;
}

export async function listScreenings(ctx: Ctx, q: ScreeningListQuery) {
  const c = await circleOf(ctx.db, ctx.actor);
  const conds: Array<SQL | undefined> = [screeningScope(ctx, c), eq(careScreenings.status, 'recorded')];
  if (q.schoolId) conds.push(eq(careScreenings.schoolId, q.schoolId));
  if (q.from) conds.push(gte(careScreenings.screenedOn, q.from));
  if (q.to) conds.push(lte(careScreenings.screenedOn, q.to));
  const where = and(...conds);
  const [{ total }] = await ctx.db.select({ total: count() }).from(careScreenings).where(where);
  const rows = await ctx.db
    .select({ r: careScreenings, schoolName: units.name })
    .from(careScreenings)
    .innerJoin(units, eq(units.id, careScreenings.schoolId))
    .where(where)
    .orderBy(desc(careScreenings.screenedOn), asc(careScreenings.grade), asc(careScreenings.className), desc(careScreenings.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map((x) => present(x.r, x.schoolName)), total, page: q.page, pageSize: q.pageSize };
}

export async function createScreening(ctx: Ctx, input: CreateScreening): Promise<ScreeningView> {
  const c = await circleOf(ctx.db, ctx.actor);
  if (input.screenedOn > todayOf(ctx)) throw fieldError('screenedOn', '不能晚于今天');
  const counts = screeningCountsProblem(input);
  if (counts) throw fieldError(counts.field, counts.message);
  return ctx.db.transaction(async (tx) => {
    const s = await circleSchool(tx, ctx.actor, c, input.schoolId);
    const g = gradeProblem(s.stage as never, input.studentGrade);
    if (g) throw fieldError('studentGrade', g);
    const [r] = await tx
      .insert(careScreenings)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        grade: input.studentGrade,
        className: input.className,
        screenedOn: input.screenedOn,
        instrument: input.instrument,
        screened: input.screened,
        notScreened: input.notScreened,
        notScreenedReason: input.notScreenedReason?.trim() || null,
        bands: input.bands,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'care_screening', objectId: r.id, after: present(r, s.name) });
    return present(r, s.name);
  });
}

export async function voidScreening(ctx: Ctx, id: number, version: number, voidReason: string): Promise<ScreeningView> {
  const c = await circleOf(ctx.db, ctx.actor);
  const schools = fullSchools(c);
  return ctx.db.transaction(async (tx) => {
    const [r] = schools.length ? await tx.select().from(careScreenings).where(and(eq(careScreenings.id, id), inArray(careScreenings.schoolId, schools))).for('update') : [];
    if (!r) throw notFound('心理筛查记录');
    if (r.version !== version) throw staleVersion();
    if (r.status !== 'recorded') throw conflict('RECORD_VOIDED', '该记录已作废');
    const [after] = await tx.update(careScreenings).set({ status: 'voided', voidReason, version: r.version + 1, updatedAt: new Date() }).where(eq(careScreenings.id, r.id)).returning();
    const [s] = await tx.select({ name: units.name }).from(units).where(eq(units.id, r.schoolId));
    await writeAudit(tx, auditCtx(ctx), { action: 'void', objectType: 'care_screening', objectId: r.id, before: { status: r.status }, after: { status: 'voided', voidReason } });
    return present(after, s.name);
  });
}
