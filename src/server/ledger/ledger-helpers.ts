// Helpers shared by the ledgers kept per school (staff, trainings, safety meetings, insurance):
// field errors naming the field in Chinese, units in scope or 404, the school/town filters.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FileRef } from '../../contracts/hazards.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { unitScope, type Actor } from '../access/access.js';
import { schoolRef } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { units } from '../db/schema.js';
import { fieldError, notFound } from '../errors.js';
import { fileRefs } from '../files/files.service.js';


/** A unit the person can see, else 404. */
export async function unitInScopeOr404(db: Executor, actor: Actor, id: number, what: string) {
  const [u] = await db.select({ id: units.id, path: units.path, kind: units.kind, studentCount: units.studentCount }).from(units).where(and(eq(units.id, id), unitScope(actor)));
  if (!u) throw notFound(what);
  return u;
}

/** The school a new record is for: in scope (else 404) and a school (else 400 naming schoolId); see access/references.ts. */
export const schoolForRecord = (db: Executor, actor: Actor, id: number) => schoolRef(db, actor, id);

/** schoolId / townId list filters on a ledger's school columns; outside the caller's scope → 404. */
export async function placeFilters(ctx: Ctx, t: { schoolId: AnyPgColumn; schoolPath: AnyPgColumn }, q: { schoolId?: number; townId?: number }): Promise<SQL[]> {
  const out: SQL[] = [];
  if (q.schoolId) {
    await unitInScopeOr404(ctx.db, ctx.actor, q.schoolId, '学校');
    out.push(eq(t.schoolId, q.schoolId));
  }
  if (q.townId) {
    const town = await unitInScopeOr404(ctx.db, ctx.actor, q.townId, '镇街');
    out.push(sql`${t.schoolPath} like ${`${town.path}%`}`);
  }
  return out;
}

/** A day that must not be after today (a training or meeting is recorded once held). */
export function checkPastDay(ctx: Ctx, field: string, value: string | null | undefined, label?: string) {
  if (value === undefined || value === null) return;
  const problem = pastDayProblem(value, todayOf(ctx));
  if (problem) throw fieldError(field, problem, label);
}

export async function fileMapOf(db: Executor, ids: number[]): Promise<Map<number, FileRef>> {
  const refs = await fileRefs(db, ids);
  return new Map(refs.map((f) => [f.id, f]));
}

export const filesOf = (ids: number[], m: Map<number, FileRef>) => ids.map((id) => m.get(id)).filter((f): f is FileRef => !!f);

/** The bureau's view of a ledger across the district by school stage (issue 15 oversight): schools of that stage. */
export const stageFilter = (t: { schoolId: AnyPgColumn }, stage: string | undefined): SQL | undefined =>
  stage ? sql`${t.schoolId} in (select ${units.id} from ${units} where ${units.stage} = ${stage})` : undefined;
