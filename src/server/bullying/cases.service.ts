// The case register (欺凌事件, issue 22; 001 item 10, 002 area 4): the report, the pupils by reference to
// students of concern of the same school (never a copied name), the inquiry with its deadline from the
// district's pack, the determination signed by a committee member, the handling (education, 训诫 by
// the 法治副校长, a youth social worker), follow-ups and the close. A case with injury or violence opens
// an incident in the same transaction. What a case says is sealed (care/crypto.ts); opening a case is
// an audited read with a purpose (care/audited-read.ts); audit events carry ids and codes, never text.
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, type SQL } from 'drizzle-orm';
import type { BullyingCaseView, CaseListQuery, CaseReadPurpose, CaseRow, CommitteeRole, CreateCase, HandleCase, HandlingMeasure, PupilRole, ReportChannel } from '../../contracts/bullying.js';
import { caseStatusLabels } from '../../contracts/bullying.js';
import { handlingProblem, inquiryDueOn, inquiryOverdueDays, opensIncident, pupilsProblem, reportedOnProblem, stepFrom, type CaseStatus } from '../../domain/bullying.js';
import { maskName } from '../../domain/care.js';
import { can } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { readAudited } from '../care/audited-read.js';
import { aad as careAad } from '../care/care-records.service.js';
import type { Sealer } from '../care/crypto.js';
import { careKeyReady, careSealer } from '../care/key.js';
import { auditCtx, todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { bullyingCasePupils, bullyingCases, bullyingCommitteeMembers, bullyingFollowUps, careRecords, units } from '../db/schema.js';
import { conflict, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { deadlinesFor } from '../incidents/deadlines.js';
import { createIncidentIn } from '../incidents/incidents.service.js';
import { bullyingCircleOf, caseCircle, type BullyingCircle } from './circle.js';
import { inquiryDaysFor } from './inquiry-days.js';

type CaseRowDb = typeof bullyingCases.$inferSelect;

// Where each sealed value belongs: a ciphertext moved to another school's row or column does not open.
export const caseAad = {
  reporter: (schoolId: number) => `bullying_cases.reporter:${schoolId}`,
  summary: (schoolId: number) => `bullying_cases.summary:${schoolId}`,
  reasons: (schoolId: number) => `bullying_cases.reasons:${schoolId}`,
  handling: (schoolId: number) => `bullying_cases.handling:${schoolId}`,
  followUp: (caseId: number) => `bullying_follow_ups.note:${caseId}`,
};

// ---- who am I ----------------------------------------------------------------------------------------

export async function bullyingMe(ctx: Ctx) {
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  const ids = [...c.schools];
  const names = ids.length ? await ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids)) : [];
  return {
    schools: names.map((s) => ({ id: s.id, name: s.name, member: c.member.has(s.id) })),
    canManage: can(ctx.actor, 'bullying.manage') && ctx.actor.unitKind === 'school',
    canSummary: can(ctx.actor, 'bullying.summary'),
    keyReady: careKeyReady(),
  };
}

// ---- presenting -----------------------------------------------------------------------------------------

async function pupilsOf(db: Executor, sealer: Sealer, caseIds: number[], full: boolean) {
  const out = new Map<number, Array<{ careRecordId: number; pupilRole: PupilRole; maskedName: string; grade: number | null; className: string | null; studentName: string }>>();
  if (!caseIds.length) return out;
  const rows = await db
    .select({ caseId: bullyingCasePupils.caseId, role: bullyingCasePupils.pupilRole, id: bullyingCasePupils.careRecordId, schoolId: bullyingCasePupils.schoolId, nameEnc: careRecords.nameEnc, grade: careRecords.grade, className: careRecords.className })
    .from(bullyingCasePupils)
    .leftJoin(careRecords, eq(careRecords.id, bullyingCasePupils.careRecordId))
    .where(inArray(bullyingCasePupils.caseId, caseIds))
    .orderBy(asc(bullyingCasePupils.pupilRole), asc(bullyingCasePupils.careRecordId));
  for (const r of rows) {
    // A record purged after its retention (care-jobs.ts) leaves the role and no name.
    const name = r.nameEnc ? sealer.open(r.nameEnc, careAad.name(r.schoolId)) : '';
    const list = out.get(r.caseId) ?? [];
    list.push({ careRecordId: r.id, pupilRole: r.role as PupilRole, maskedName: name ? maskName(name) : '（已清除）', grade: r.grade, className: r.className, studentName: full ? name : '' });
    out.set(r.caseId, list);
  }
  return out;
}

function rowOf(r: CaseRowDb, schoolName: string, pupils: CaseRow['pupils'], today: string): CaseRow {
  return {
    id: r.id,
    schoolId: r.schoolId,
    schoolName,
    reportedOn: r.reportedOn,
    reportChannel: r.reportChannel as ReportChannel,
    occurredOn: r.occurredOn,
    place: r.place,
    injury: r.injury,
    violence: r.violence,
    incidentId: r.incidentId,
    inquiryDueOn: r.inquiryDueOn,
    inquiryOverdueDays: inquiryOverdueDays(r.status as CaseStatus, r.inquiryDueOn, today),
    status: r.status as CaseStatus,
    isBullying: r.isBullying,
    pupils: pupils.map(({ careRecordId, pupilRole, maskedName, grade, className }) => ({ careRecordId, pupilRole, maskedName, grade, className })),
    version: r.version,
  };
}

function actionsOf(r: CaseRowDb, c: BullyingCircle): BullyingCaseView['actions'] {
  const status = r.status as CaseStatus;
  const out: BullyingCaseView['actions'] = [];
  // Only a member of the school's committee signs the determination (001 item 10).
  if (stepFrom.determine.includes(status) && c.member.has(r.schoolId)) out.push('determine');
  if (stepFrom.handle.includes(status)) out.push('handle');
  if (stepFrom.follow_up.includes(status)) out.push('follow_up');
  if (stepFrom.close.includes(status)) out.push('close');
  return out;
}

async function fullView(db: Executor, ctx: Ctx, c: BullyingCircle, r: CaseRowDb): Promise<BullyingCaseView> {
  const sealer = careSealer();
  const [school] = await db.select({ name: units.name }).from(units).where(eq(units.id, r.schoolId));
  const pupils = (await pupilsOf(db, sealer, [r.id], true)).get(r.id) ?? [];
  const fus = await db.select().from(bullyingFollowUps).where(eq(bullyingFollowUps.caseId, r.id)).orderBy(desc(bullyingFollowUps.heldOn), desc(bullyingFollowUps.id));
  return {
    ...rowOf(r, school.name, pupils, todayOf(ctx)),
    pupils,
    reporter: sealer.open(r.reporterEnc, caseAad.reporter(r.schoolId)),
    caseSummary: sealer.open(r.summaryEnc, caseAad.summary(r.schoolId)),
    inquiryDays: r.inquiryDays,
    determination:
      r.isBullying === null
        ? null
        : { isBullying: r.isBullying, reasons: sealer.openNullable(r.reasonsEnc, caseAad.reasons(r.schoolId)) ?? '', byName: r.determinedByName ?? '', committeeRole: r.determinedRole as CommitteeRole, at: r.determinedAt!.toISOString() },
    handling: r.handledOn
      ? { handledOn: r.handledOn, measures: r.measures as HandlingMeasure[], admonishedBy: r.admonishedBy, socialWorker: r.socialWorker, note: sealer.openNullable(r.handlingEnc, caseAad.handling(r.schoolId)) ?? '' }
      : null,
    followUps: fus.map((f) => ({ id: f.id, heldOn: f.heldOn, note: sealer.open(f.noteEnc, caseAad.followUp(r.id)), byName: f.byName })),
    closedOn: r.closedOn,
    createdByName: r.createdByName,
    actions: actionsOf(r, c),
  };
}

/** What an audit event may say about a case: ids, codes and days, never what was written. */
function snapshot(r: CaseRowDb) {
  return {
    schoolId: r.schoolId,
    reportedOn: r.reportedOn,
    reportChannel: r.reportChannel,
    occurredOn: r.occurredOn,
    injury: r.injury,
    violence: r.violence,
    incidentId: r.incidentId,
    inquiryDueOn: r.inquiryDueOn,
    status: r.status,
    isBullying: r.isBullying,
    measures: r.measures,
    handledOn: r.handledOn,
    closedOn: r.closedOn,
  };
}

// ---- lists ----------------------------------------------------------------------------------------------

export async function listCases(ctx: Ctx, q: CaseListQuery) {
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  if (!c.schools.size) throw notFound('欺凌事件台账');
  const today = todayOf(ctx);
  const conds: Array<SQL | undefined> = [caseCircle(ctx.actor, c)];
  if (q.schoolId) conds.push(eq(bullyingCases.schoolId, q.schoolId));
  if (q.status) conds.push(eq(bullyingCases.status, q.status));
  if (q.overdue === 'true') conds.push(and(eq(bullyingCases.status, 'inquiry'), lt(bullyingCases.inquiryDueOn, today)));
  if (q.overdue === 'false') conds.push(and(eq(bullyingCases.status, 'inquiry'), gte(bullyingCases.inquiryDueOn, today)));
  if (q.determination === 'bullying') conds.push(eq(bullyingCases.isBullying, true));
  if (q.determination === 'not_bullying') conds.push(eq(bullyingCases.isBullying, false));
  if (q.determination === 'pending') conds.push(isNull(bullyingCases.isBullying));
  const where = and(...conds);
  const sealer = careSealer();
  const [{ total }] = await ctx.db.select({ total: count() }).from(bullyingCases).where(where);
  const rows = await ctx.db
    .select({ r: bullyingCases, schoolName: units.name })
    .from(bullyingCases)
    .innerJoin(units, eq(units.id, bullyingCases.schoolId))
    .where(where)
    .orderBy(desc(bullyingCases.reportedOn), desc(bullyingCases.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const pupils = await pupilsOf(ctx.db, sealer, rows.map((x) => x.r.id), false);
  return { items: rows.map((x) => rowOf(x.r, x.schoolName, pupils.get(x.r.id) ?? [], today)), total, page: q.page, pageSize: q.pageSize };
}

/** Students of concern of a school a case may name: masked, for the school's bullying circle only. */
export async function pupilCandidates(ctx: Ctx, schoolId: number) {
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  if (!c.schools.has(schoolId)) throw notFound('学校');
  const sealer = careSealer();
  const rows = await ctx.db
    .select({ id: careRecords.id, schoolId: careRecords.schoolId, nameEnc: careRecords.nameEnc, grade: careRecords.grade, className: careRecords.className })
    .from(careRecords)
    .where(and(eq(careRecords.schoolId, schoolId), eq(careRecords.districtId, ctx.actor.districtId), eq(careRecords.status, 'open'), isNotNull(careRecords.nameEnc)))
    .orderBy(asc(careRecords.grade), asc(careRecords.className), asc(careRecords.id));
  return { items: rows.map((r) => ({ careRecordId: r.id, maskedName: maskName(sealer.open(r.nameEnc!, careAad.name(r.schoolId))), grade: r.grade, className: r.className })) };
}

// ---- one case -------------------------------------------------------------------------------------------

async function caseFor(db: Executor, ctx: Ctx, c: BullyingCircle, id: number, lock = false): Promise<CaseRowDb> {
  const q = db.select().from(bullyingCases).where(and(eq(bullyingCases.id, id), caseCircle(ctx.actor, c)));
  const [r] = lock ? await q.for('update') : await q;
  if (!r) throw notFound('欺凌事件');
  return r;
}

/** Opens a case with a purpose: the read is written to the audit trail in the same transaction. */
export async function getCase(ctx: Ctx, id: number, purpose: CaseReadPurpose): Promise<BullyingCaseView> {
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  return readAudited(ctx, (v) => ({ objectType: 'bullying_case', objectId: id, purpose, detail: { schoolId: v.schoolId } }), async (tx) => fullView(tx, ctx, c, await caseFor(tx, ctx, c, id)));
}

export async function createCase(ctx: Ctx, input: CreateCase): Promise<BullyingCaseView> {
  const sealer = careSealer();
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  const today = todayOf(ctx);
  const p = reportedOnProblem(input.reportedOn, input.occurredOn, today);
  if (p) throw fieldError(p.field, p.message);
  const pp = pupilsProblem(input.pupils);
  if (pp) throw fieldError('pupils', pp);
  if (!c.schools.has(input.schoolId)) throw notFound('学校');
  const days = await inquiryDaysFor(ctx.db, ctx.actor.districtId);
  const incidentDeadlines = opensIncident(input) ? await deadlinesFor(ctx.db, ctx.actor.districtId) : null;
  return ctx.db.transaction(async (tx) => {
    const [s] = await tx.select({ id: units.id, path: units.path, name: units.name }).from(units).where(and(eq(units.id, input.schoolId), eq(units.districtId, ctx.actor.districtId)));
    if (!s) throw notFound('学校');
    // Pupils by reference: records of this school only; any other (another school's, a made-up id) is 404.
    // Held with a share lock until commit: the link has no foreign key (a purge leaves it), so this
    // keeps a purge from deleting a record between the check and the insert.
    const ids = input.pupils.map((x) => x.careRecordId);
    const found = await tx
      .select({ id: careRecords.id })
      .from(careRecords)
      .where(and(inArray(careRecords.id, ids), eq(careRecords.schoolId, s.id), eq(careRecords.districtId, ctx.actor.districtId)))
      .for('share');
    if (found.length !== new Set(ids).size) throw notFound('学生');
    let incidentId: number | null = null;
    if (incidentDeadlines) {
      const knownAt = input.reportedOn === today ? ctx.now.toISOString() : `${input.reportedOn}T12:00:00+08:00`;
      incidentId = await createIncidentIn(
        tx,
        ctx,
        {
          unitId: s.id,
          // No pupil's name in the incident: it is seen up the chain.
          headline: `${s.name}学生${input.violence ? '暴力' : '欺凌'}事件（欺凌事件登记）`,
          occurredAt: `${input.occurredOn}T00:00:00+08:00`,
          knownAt,
          place: input.place,
          category: 'social_security',
          subtype: 'bullying_violence',
          severity: 'general',
          dead: 0,
          // The case records whether someone was hurt; the incident's reports correct the count.
          injured: input.injury ? 1 : 0,
          missingPersons: 0,
          actionsTaken: '已登记为欺凌事件，由学校欺凌治理委员会调查认定',
          fileIds: [],
        },
        incidentDeadlines,
      );
    }
    const [r] = await tx
      .insert(bullyingCases)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        reportedOn: input.reportedOn,
        reportChannel: input.reportChannel,
        reporterEnc: sealer.seal(input.reporter, caseAad.reporter(s.id)),
        occurredOn: input.occurredOn,
        place: input.place,
        summaryEnc: sealer.seal(input.caseSummary, caseAad.summary(s.id)),
        injury: input.injury,
        violence: input.violence,
        incidentId,
        inquiryDays: days,
        inquiryDueOn: inquiryDueOn(input.reportedOn, days),
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await tx.insert(bullyingCasePupils).values(input.pupils.map((x) => ({ caseId: r.id, careRecordId: x.careRecordId, districtId: r.districtId, schoolId: r.schoolId, pupilRole: x.pupilRole })));
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'bullying_case', objectId: r.id, after: { ...snapshot(r), pupils: input.pupils } });
    return fullView(tx, ctx, c, r);
  });
}

async function lockForStep(tx: Executor, ctx: Ctx, c: BullyingCircle, id: number, version: number, step: keyof typeof stepFrom): Promise<CaseRowDb> {
  const r = await caseFor(tx, ctx, c, id, true);
  if (r.version !== version) throw staleVersion();
  if (!stepFrom[step].includes(r.status as CaseStatus)) throw conflict('BULLYING_CASE_STATUS', `该事件当前为“${caseStatusLabels[r.status as CaseStatus]}”，不能进行此操作`);
  return r;
}

/** The committee's determination: bullying or not, with reasons, signed by a member of the school's committee. */
export async function determineCase(ctx: Ctx, id: number, input: { version: number; isBullying: boolean; reasons: string }): Promise<BullyingCaseView> {
  const sealer = careSealer();
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const r = await lockForStep(tx, ctx, c, id, input.version, 'determine');
    // Read again under the case's lock: a member removed a moment ago does not sign.
    const [m] = await tx
      .select({ role: bullyingCommitteeMembers.committeeRole })
      .from(bullyingCommitteeMembers)
      .where(and(eq(bullyingCommitteeMembers.schoolId, r.schoolId), eq(bullyingCommitteeMembers.userId, ctx.actor.id), isNull(bullyingCommitteeMembers.removedAt)));
    if (!m) throw forbidden('只有本校欺凌治理委员会成员可以签署认定（001 第10条），请由委员会成员签署');
    const [after] = await tx
      .update(bullyingCases)
      .set({
        status: 'determined',
        isBullying: input.isBullying,
        reasonsEnc: sealer.seal(input.reasons, caseAad.reasons(r.schoolId)),
        determinedBy: ctx.actor.id,
        determinedByName: ctx.actor.displayName,
        determinedRole: m.role,
        determinedAt: ctx.now,
        version: r.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(bullyingCases.id, r.id))
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'transition', objectType: 'bullying_case', objectId: r.id, before: snapshot(r), after: { ...snapshot(after), signedBy: ctx.actor.id, committeeRole: m.role } });
    return fullView(tx, ctx, c, after);
  });
}

export async function handleCase(ctx: Ctx, id: number, input: HandleCase): Promise<BullyingCaseView> {
  const sealer = careSealer();
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const r = await lockForStep(tx, ctx, c, id, input.version, 'handle');
    const p = handlingProblem({ isBullying: Boolean(r.isBullying), measures: input.handlingMeasures, admonishedBy: input.admonishedBy, socialWorker: input.socialWorker });
    if (p) throw fieldError(p.field, p.message);
    if (input.handledOn > today) throw fieldError('handledOn', '不能晚于今天');
    if (input.handledOn < r.reportedOn) throw fieldError('handledOn', `不能早于报告日期（${r.reportedOn}）`);
    const [after] = await tx
      .update(bullyingCases)
      .set({
        status: 'handled',
        measures: [...new Set(input.handlingMeasures)],
        admonishedBy: input.handlingMeasures.includes('admonition') ? input.admonishedBy!.trim() : null,
        socialWorker: input.handlingMeasures.includes('social_worker') ? input.socialWorker!.trim() : null,
        handlingEnc: sealer.seal(input.handlingNote, caseAad.handling(r.schoolId)),
        handledOn: input.handledOn,
        version: r.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(bullyingCases.id, r.id))
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'transition', objectType: 'bullying_case', objectId: r.id, before: snapshot(r), after: snapshot(after) });
    return fullView(tx, ctx, c, after);
  });
}

export async function addCaseFollowUp(ctx: Ctx, id: number, input: { version: number; followUpOn: string; caseFollowUpNote: string }): Promise<BullyingCaseView> {
  const sealer = careSealer();
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const r = await lockForStep(tx, ctx, c, id, input.version, 'follow_up');
    if (input.followUpOn > today) throw fieldError('followUpOn', '不能晚于今天');
    if (input.followUpOn < r.reportedOn) throw fieldError('followUpOn', `不能早于报告日期（${r.reportedOn}）`);
    const [f] = await tx
      .insert(bullyingFollowUps)
      .values({ caseId: r.id, districtId: r.districtId, schoolId: r.schoolId, heldOn: input.followUpOn, noteEnc: sealer.seal(input.caseFollowUpNote, caseAad.followUp(r.id)), byUserId: ctx.actor.id, byName: ctx.actor.displayName })
      .returning();
    const [after] = await tx.update(bullyingCases).set({ version: r.version + 1, updatedAt: new Date() }).where(eq(bullyingCases.id, r.id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'bullying_case', objectId: r.id, after: { followUpId: f.id, followUpOn: f.heldOn } });
    return fullView(tx, ctx, c, after);
  });
}

export async function closeCase(ctx: Ctx, id: number, input: { version: number; closedOn: string }): Promise<BullyingCaseView> {
  careSealer();
  const c = await bullyingCircleOf(ctx.db, ctx.actor);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const r = await lockForStep(tx, ctx, c, id, input.version, 'close');
    if (input.closedOn > today) throw fieldError('closedOn', '不能晚于今天');
    if (input.closedOn < r.handledOn!) throw fieldError('closedOn', `不能早于处置日期（${r.handledOn}）`);
    const [after] = await tx.update(bullyingCases).set({ status: 'closed', closedOn: input.closedOn, version: r.version + 1, updatedAt: new Date() }).where(eq(bullyingCases.id, r.id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'transition', objectType: 'bullying_case', objectId: r.id, before: snapshot(r), after: snapshot(after) });
    return fullView(tx, ctx, c, after);
  });
}
