// The one-to-one care ledger (包靠台账, 001 item 20) and one file per student (一生一档, 001 item 9):
// students of concern with their carers, measures, guardian contact and follow-ups (issue 16).
// Names, notes, measures and contacts are sealed (crypto.ts) before they reach the database;
// lists show the masked name; opening a record is a read audited with its purpose (readAudited);
// audit events carry ids, codes and which fields changed, never what they hold.
import { and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type {
  CareMe,
  CareRecordListQuery,
  CareRecordRow,
  CareRecordView,
  CloseReason,
  ConcernKind,
  ConsentStatus,
  CreateCareRecord,
  CreateFollowUp,
  FollowUpMethod,
  GuardianContact,
  ReadPurpose,
  ScreeningBand,
  UpdateCareRecord,
} from '../../contracts/care.js';
import { followUpDayProblem, followUpOverdueDays, gradeProblem, maskName, nextFollowUpDue, normalizeName, openedOnProblem, retentionDay } from '../../domain/care.js';
import { can, requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { auditEvents, careCarers, careFollowUps, careRecords, careSettings, careStaff, units, users } from '../db/schema.js';
import { conflict, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { notify } from '../notifications/notifications.service.js';
import { readAudited } from './audited-read.js';
import { circleOf, circleSchool, fullSchools, recordCircle, schoolStaffRefs, type Circle } from './circle.js';
import { filesOfRecord } from './care-files.js';
import { careKeyReady, careSealer } from './key.js';
import type { Sealer } from './crypto.js';

type RecordRow = typeof careRecords.$inferSelect;

// Where each sealed value belongs: a ciphertext moved to another school's row or column does not open.
export const aad = {
  name: (schoolId: number) => `care_records.name:${schoolId}`,
  note: (schoolId: number) => `care_records.note:${schoolId}`,
  measures: (schoolId: number) => `care_records.measures:${schoolId}`,
  contact: (schoolId: number) => `care_records.contact:${schoolId}`,
  followUp: (recordId: number) => `care_follow_ups.note:${recordId}`,
};
export const NAME_INDEX = 'care_records.name';
/** The keyed hash of a name, per school: the same name at two schools does not link in a dump. */
export const nameHashInput = (schoolId: number, name: string) => `${schoolId}:${normalizeName(name)}`;

// ---- who am I -------------------------------------------------------------------------------------

export async function careMe(ctx: Ctx): Promise<CareMe> {
  const c = await circleOf(ctx.db, ctx.actor);
  const ids = fullSchools(c);
  const names = ids.length ? await ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids)) : [];
  const [{ n }] = await ctx.db
    .select({ n: count() })
    .from(careCarers)
    .innerJoin(careRecords, eq(careRecords.id, careCarers.recordId))
    .where(and(eq(careCarers.userId, ctx.actor.id), eq(careRecords.status, 'open')));
  return {
    schools: names.map((s) => ({ id: s.id, name: s.name, role: c.full.get(s.id)! })),
    carerOf: n,
    canManage: can(ctx.actor, 'care.manage') && ctx.actor.unitKind === 'school',
    canSummary: can(ctx.actor, 'care.summary'),
    keyReady: careKeyReady(),
  };
}

// ---- presenting ------------------------------------------------------------------------------------

async function carersOf(db: Executor, recordIds: number[]) {
  const out = new Map<number, Array<{ userId: number; displayName: string }>>();
  if (!recordIds.length) return out;
  const rows = await db
    .select({ recordId: careCarers.recordId, userId: careCarers.userId, displayName: users.displayName })
    .from(careCarers)
    .innerJoin(users, eq(users.id, careCarers.userId))
    .where(inArray(careCarers.recordId, recordIds))
    .orderBy(asc(careCarers.assignedAt), asc(careCarers.userId));
  for (const r of rows) {
    let g = out.get(r.recordId);
    if (!g) out.set(r.recordId, (g = []));
    g.push({ userId: r.userId, displayName: r.displayName });
  }
  return out;
}

function rowOf(sealer: Sealer, r: RecordRow, schoolName: string, carers: Array<{ userId: number; displayName: string }>, today: string): CareRecordRow {
  return {
    id: r.id,
    schoolId: r.schoolId,
    schoolName,
    maskedName: r.nameEnc ? maskName(sealer.open(r.nameEnc, aad.name(r.schoolId))) : '*',
    studentGrade: r.grade,
    className: r.className,
    concernKinds: r.kinds as ConcernKind[],
    concernBand: (r.band as ScreeningBand | null) ?? null,
    carers,
    openedOn: r.openedOn,
    lastFollowUpOn: r.lastFollowUpOn,
    nextDueOn: r.nextDueOn,
    overdueDays: r.status === 'open' ? followUpOverdueDays(r.nextDueOn, today) : 0,
    consent: r.consent as ConsentStatus,
    status: r.status as 'open' | 'closed',
    closedOn: r.closedOn,
    closeReason: (r.closeReason as CloseReason | null) ?? null,
    purgeOn: r.purgeOn,
    version: r.version,
  };
}

function actionsOf(r: RecordRow, c: Circle): CareRecordView['actions'] {
  if (r.status !== 'open') return [];
  // Carers attach files (a note from a home visit); only the principal and care staff remove one.
  return c.full.has(r.schoolId) ? ['edit', 'assign', 'follow_up', 'close', 'attach', 'remove_file'] : ['follow_up', 'attach'];
}

async function fullView(db: Executor, ctx: Ctx, c: Circle, r: RecordRow): Promise<CareRecordView> {
  const sealer = careSealer();
  const [school] = await db.select({ name: units.name }).from(units).where(eq(units.id, r.schoolId));
  const carers = (await carersOf(db, [r.id])).get(r.id) ?? [];
  const fus = await db.select().from(careFollowUps).where(eq(careFollowUps.recordId, r.id)).orderBy(desc(careFollowUps.heldOn), desc(careFollowUps.id));
  const contact = sealer.openNullable(r.contactEnc, aad.contact(r.schoolId));
  return {
    ...rowOf(sealer, r, school.name, carers, todayOf(ctx)),
    studentName: r.nameEnc ? sealer.open(r.nameEnc, aad.name(r.schoolId)) : '',
    careNote: sealer.openNullable(r.noteEnc, aad.note(r.schoolId)),
    careMeasures: sealer.openNullable(r.measuresEnc, aad.measures(r.schoolId)),
    guardianContact: contact ? (JSON.parse(contact) as GuardianContact) : null,
    consentOn: r.consentOn,
    followUpDays: r.followUpDays,
    followUps: fus.map((f) => ({
      id: f.id,
      followedUpOn: f.heldOn,
      followUpMethod: f.method as FollowUpMethod,
      followUpNote: sealer.open(f.noteEnc, aad.followUp(r.id)),
      byName: f.byName,
      createdAt: f.createdAt.toISOString(),
    })),
    files: await filesOfRecord(db, sealer, r.id),
    actions: actionsOf(r, c),
  };
}

/** What an audit event may say about a record: ids, codes and days, never a name, note or contact. */
function snapshot(r: RecordRow, carerIds?: number[]) {
  return {
    schoolId: r.schoolId,
    studentGrade: r.grade,
    className: r.className,
    concernKinds: r.kinds,
    concernBand: r.band,
    consent: r.consent,
    openedOn: r.openedOn,
    followUpDays: r.followUpDays,
    status: r.status,
    closedOn: r.closedOn,
    closeReason: r.closeReason,
    ...(carerIds ? { carerIds } : {}),
  };
}

// ---- lists -----------------------------------------------------------------------------------------

/**
 * The records the person may see (404 for anyone outside every circle), masked. A search by whole
 * name goes through the keyed hash and is itself an audited read with a purpose.
 */
export async function listCareRecords(ctx: Ctx, q: CareRecordListQuery) {
  const c = await circleOf(ctx.db, ctx.actor);
  const scope = recordCircle(ctx.actor, c);
  const conds: Array<SQL | undefined> = [scope, eq(careRecords.status, q.status ?? 'open')];
  if (q.schoolId) conds.push(eq(careRecords.schoolId, q.schoolId));
  const today = todayOf(ctx);
  if (q.overdue === 'true') conds.push(lt(careRecords.nextDueOn, today));
  if (q.overdue === 'false') conds.push(sql`${careRecords.nextDueOn} >= ${today}`);
  if (q.carer === 'me') conds.push(sql`exists (select 1 from ${careCarers} where ${careCarers.recordId} = ${careRecords.id} and ${careCarers.userId} = ${ctx.actor.id})`);
  const load = async (db: Executor) => {
    const sealer = careSealer();
    if (q.studentName) {
      const schools = q.schoolId ? [q.schoolId] : fullSchools(c);
      const all = (await db.select({ schoolId: careRecords.schoolId }).from(careRecords).where(and(scope)).groupBy(careRecords.schoolId)).map((r) => r.schoolId);
      const hashes = [...new Set([...schools, ...all])].flatMap((s) => sealer.blindIndexes(nameHashInput(s, q.studentName!), NAME_INDEX));
      conds.push(inArray(careRecords.nameHash, hashes.length ? hashes : ['']));
    }
    const where = and(...conds);
    const rows = await db
      .select({ r: careRecords, schoolName: units.name })
      .from(careRecords)
      .innerJoin(units, eq(units.id, careRecords.schoolId))
      .where(where)
      .orderBy(asc(careRecords.nextDueOn), asc(careRecords.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    // The carer's list is one short page: its length is the total, no count query (bench/care.ts).
    const total = q.page === 1 && rows.length < q.pageSize ? rows.length : (await db.select({ total: count() }).from(careRecords).where(where))[0].total;
    if (!total && !c.full.size) {
      // Outside every circle there is no ledger to list: as for a record of another school. Asked
      // only when the page is empty, so a carer's list costs no query for it.
      const [{ n }] = await db.select({ n: count() }).from(careCarers).where(eq(careCarers.userId, ctx.actor.id));
      if (!n) throw notFound('重点学生台账');
    }
    const carers = await carersOf(db, rows.map((x) => x.r.id));
    return { items: rows.map((x) => rowOf(sealer, x.r, x.schoolName, carers.get(x.r.id) ?? [], today)), total, page: q.page, pageSize: q.pageSize };
  };
  if (!q.studentName) return load(ctx.db);
  if (!q.purpose) throw fieldError('purpose', '按姓名查找学生须选择查阅目的');
  // A search by name reads who is in the ledger: audited like an opening, the name searched is not kept.
  return readAudited(
    ctx,
    (page) => ({ objectType: 'care_record', objectId: null, purpose: q.purpose!, detail: { search: true, schoolId: page.items[0]?.schoolId ?? q.schoolId ?? fullSchools(c)[0] ?? null, matched: page.items.map((i) => i.id) } }),
    load,
  );
}

// ---- one record ------------------------------------------------------------------------------------

export async function recordFor(db: Executor, ctx: Ctx, c: Circle, id: number, lock = false): Promise<RecordRow> {
  const q = db.select().from(careRecords).where(and(eq(careRecords.id, id), recordCircle(ctx.actor, c)));
  const [r] = lock ? await q.for('update') : await q;
  if (!r) throw notFound('重点学生档案');
  return r;
}

/** Opens a record with a purpose: the read is written to the audit trail in the same transaction. */
export async function getCareRecord(ctx: Ctx, id: number, purpose: ReadPurpose): Promise<CareRecordView> {
  const c = await circleOf(ctx.db, ctx.actor);
  return readAudited(
    ctx,
    (v) => ({ objectType: 'care_record', objectId: id, purpose, detail: { schoolId: v.schoolId } }),
    async (tx) => fullView(tx, ctx, c, await recordFor(tx, ctx, c, id)),
  );
}

function checkConsent(consent: ConsentStatus, consentOn: string | null | undefined, today: string) {
  if (consent === 'given' && !consentOn) throw fieldError('consentOn', '监护人已同意时请填写同意日期');
  if (consentOn && consentOn > today) throw fieldError('consentOn', '不能晚于今天');
}

export async function createCareRecord(ctx: Ctx, input: CreateCareRecord): Promise<CareRecordView> {
  const sealer = careSealer();
  const c = await circleOf(ctx.db, ctx.actor);
  const today = todayOf(ctx);
  const opened = openedOnProblem(input.openedOn, today);
  if (opened) throw fieldError('openedOn', opened);
  checkConsent(input.consent, input.consentOn, today);
  return ctx.db.transaction(async (tx) => {
    const s = await circleSchool(tx, ctx.actor, c, input.schoolId);
    const g = gradeProblem(s.stage as never, input.studentGrade);
    if (g) throw fieldError('studentGrade', g);
    const carers = await schoolStaffRefs(tx, ctx.actor, s.id, input.carerIds, 'carerIds');
    const [r] = await tx
      .insert(careRecords)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        nameEnc: sealer.seal(input.studentName, aad.name(s.id)),
        nameHash: sealer.blindIndex(nameHashInput(s.id, input.studentName), NAME_INDEX),
        noteEnc: sealer.sealNullable(input.careNote, aad.note(s.id)),
        measuresEnc: sealer.sealNullable(input.careMeasures, aad.measures(s.id)),
        contactEnc: input.guardianContact ? sealer.seal(JSON.stringify(input.guardianContact), aad.contact(s.id)) : null,
        grade: input.studentGrade,
        className: input.className,
        kinds: [...new Set(input.concernKinds)],
        band: input.concernBand ?? null,
        consent: input.consent,
        consentOn: input.consentOn ?? null,
        openedOn: input.openedOn,
        followUpDays: input.followUpDays,
        nextDueOn: nextFollowUpDue(input.openedOn, null, input.followUpDays),
        createdBy: ctx.actor.id,
      })
      .returning();
    await tx.insert(careCarers).values(carers.map((u) => ({ recordId: r.id, userId: u.id, districtId: r.districtId, schoolId: r.schoolId, assignedBy: ctx.actor.id })));
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'care_record', objectId: r.id, after: snapshot(r, carers.map((u) => u.id)) });
    await notifyCarers(tx, r, carers.map((u) => u.id));
    return fullView(tx, ctx, c, r);
  });
}

/** A carer hears of the assignment: grade and class, never the name (a notification may show on a shared screen). */
async function notifyCarers(tx: Executor, r: RecordRow, userIds: number[]) {
  await notify(tx, r.districtId, userIds, {
    kind: 'assigned',
    title: `您被指定为${r.grade}年级${r.className}一名学生的包靠人（001 第20条）`,
    link: `/care/records/${r.id}`,
    dedupeKey: `care-assigned:${r.id}`,
  });
}

async function lockForChange(tx: Executor, ctx: Ctx, c: Circle, id: number, version: number, fullOnly: boolean): Promise<RecordRow> {
  const r = await recordFor(tx, ctx, c, id, true);
  if (fullOnly && !c.full.has(r.schoolId)) throw forbidden('包靠人只能记录随访，修改档案请联系校长或关爱专干');
  if (r.version !== version) throw staleVersion();
  if (r.status !== 'open') throw conflict('CARE_RECORD_CLOSED', '该档案已结案，不能再修改');
  return r;
}

export async function updateCareRecord(ctx: Ctx, id: number, input: UpdateCareRecord): Promise<CareRecordView> {
  const sealer = careSealer();
  const c = await circleOf(ctx.db, ctx.actor);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const r = await lockForChange(tx, ctx, c, id, input.version, true);
    const set: Partial<typeof careRecords.$inferInsert> = { version: r.version + 1, updatedAt: new Date() };
    const changed: string[] = [];
    if (input.studentName !== undefined) {
      set.nameEnc = sealer.seal(input.studentName, aad.name(r.schoolId));
      set.nameHash = sealer.blindIndex(nameHashInput(r.schoolId, input.studentName), NAME_INDEX);
      changed.push('studentName');
    }
    if (input.careNote !== undefined) (set.noteEnc = sealer.sealNullable(input.careNote, aad.note(r.schoolId))), changed.push('careNote');
    if (input.careMeasures !== undefined) (set.measuresEnc = sealer.sealNullable(input.careMeasures, aad.measures(r.schoolId))), changed.push('careMeasures');
    if (input.guardianContact !== undefined) {
      set.contactEnc = input.guardianContact ? sealer.seal(JSON.stringify(input.guardianContact), aad.contact(r.schoolId)) : null;
      changed.push('guardianContact');
    }
    if (input.studentGrade !== undefined) {
      const [s] = await tx.select({ stage: units.stage }).from(units).where(eq(units.id, r.schoolId));
      const g = gradeProblem(s.stage as never, input.studentGrade);
      if (g) throw fieldError('studentGrade', g);
      set.grade = input.studentGrade;
    }
    if (input.className !== undefined) set.className = input.className;
    if (input.concernKinds !== undefined) set.kinds = [...new Set(input.concernKinds)];
    if (input.concernBand !== undefined) set.band = input.concernBand;
    const consent = input.consent ?? (r.consent as ConsentStatus);
    const consentOn = input.consentOn !== undefined ? input.consentOn : r.consentOn;
    checkConsent(consent, consentOn, today);
    set.consent = consent;
    set.consentOn = consentOn ?? null;
    if (input.followUpDays !== undefined) {
      set.followUpDays = input.followUpDays;
      set.nextDueOn = nextFollowUpDue(r.openedOn, r.lastFollowUpOn, input.followUpDays);
    }
    const [after] = await tx.update(careRecords).set(set).where(eq(careRecords.id, r.id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'care_record', objectId: r.id, before: snapshot(r), after: { ...snapshot(after), sealedFieldsChanged: changed } });
    return fullView(tx, ctx, c, after);
  });
}

/** The principal or care staff assign the carers (包靠人): staff of the school, one to five. */
export async function assignCarers(ctx: Ctx, id: number, version: number, carerIds: number[]): Promise<CareRecordView> {
  careSealer();
  const c = await circleOf(ctx.db, ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const r = await lockForChange(tx, ctx, c, id, version, true);
    const carers = await schoolStaffRefs(tx, ctx.actor, r.schoolId, carerIds, 'carerIds');
    const before = (await tx.select({ userId: careCarers.userId }).from(careCarers).where(eq(careCarers.recordId, r.id))).map((x) => x.userId);
    const want = carers.map((u) => u.id);
    const added = want.filter((u) => !before.includes(u));
    const removed = before.filter((u) => !want.includes(u));
    if (removed.length) await tx.delete(careCarers).where(and(eq(careCarers.recordId, r.id), inArray(careCarers.userId, removed)));
    if (added.length) await tx.insert(careCarers).values(added.map((u) => ({ recordId: r.id, userId: u, districtId: r.districtId, schoolId: r.schoolId, assignedBy: ctx.actor.id })));
    const [after] = await tx.update(careRecords).set({ version: r.version + 1, updatedAt: new Date() }).where(eq(careRecords.id, r.id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'care_record', objectId: r.id, before: { carerIds: before }, after: { carerIds: want } });
    await notifyCarers(tx, r, added);
    return fullView(tx, ctx, c, after);
  });
}

/** A carer (or the principal, care staff) records a follow-up; the next one falls due the cadence after it. */
export async function addFollowUp(ctx: Ctx, id: number, input: CreateFollowUp): Promise<CareRecordView> {
  const sealer = careSealer();
  const c = await circleOf(ctx.db, ctx.actor);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const r = await lockForChange(tx, ctx, c, id, input.version, false);
    const problem = followUpDayProblem(input.followedUpOn, r.openedOn, today);
    if (problem) throw fieldError('followedUpOn', problem);
    const [f] = await tx
      .insert(careFollowUps)
      .values({
        recordId: r.id,
        districtId: r.districtId,
        schoolId: r.schoolId,
        heldOn: input.followedUpOn,
        method: input.followUpMethod,
        noteEnc: sealer.seal(input.followUpNote, aad.followUp(r.id)),
        byUserId: ctx.actor.id,
        byName: ctx.actor.displayName,
      })
      .returning();
    const last = r.lastFollowUpOn && r.lastFollowUpOn > input.followedUpOn ? r.lastFollowUpOn : input.followedUpOn;
    const [after] = await tx
      .update(careRecords)
      .set({ lastFollowUpOn: last, nextDueOn: nextFollowUpDue(r.openedOn, last, r.followUpDays), version: r.version + 1, updatedAt: new Date() })
      .where(eq(careRecords.id, r.id))
      .returning();
    await writeAudit(tx, auditCtx(ctx), {
      action: 'create',
      objectType: 'care_record',
      objectId: r.id,
      after: { followUpId: f.id, followedUpOn: f.heldOn, followUpMethod: f.method, nextDueOn: after.nextDueOn },
    });
    return fullView(tx, ctx, c, after);
  });
}

export async function retentionExtraYears(db: Executor, districtId: number): Promise<number> {
  const [s] = await db.select({ y: careSettings.retentionExtraYears }).from(careSettings).where(eq(careSettings.districtId, districtId));
  return s?.y ?? 0;
}

/** Closed on graduation, transfer or when care ends; purged after the district's retention. */
export async function closeCareRecord(ctx: Ctx, id: number, version: number, closedOn: string, reason: CloseReason): Promise<CareRecordView> {
  careSealer();
  const c = await circleOf(ctx.db, ctx.actor);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const r = await lockForChange(tx, ctx, c, id, version, true);
    if (closedOn < r.openedOn) throw fieldError('closedOn', `不能早于建档日期（${r.openedOn}）`);
    if (closedOn > today) throw fieldError('closedOn', '不能晚于今天');
    const purgeOn = retentionDay(closedOn, await retentionExtraYears(tx, r.districtId));
    const [after] = await tx
      .update(careRecords)
      .set({ status: 'closed', closedOn, closeReason: reason, purgeOn, version: r.version + 1, updatedAt: new Date() })
      .where(eq(careRecords.id, r.id))
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'care_record', objectId: r.id, before: snapshot(r), after: { ...snapshot(after), purgeOn } });
    return fullView(tx, ctx, c, after);
  });
}

// ---- carers the principal may choose, named care staff ----------------------------------------------

async function managedSchool(ctx: Ctx) {
  requireAccess(ctx.actor, 'care.manage');
  if (ctx.actor.unitKind !== 'school') throw notFound('学校');
  return ctx.actor.unitId;
}

/** Active users of a school the person keeps whole: whom they may name as carers. */
export async function carerCandidates(ctx: Ctx, schoolId: number) {
  const c = await circleOf(ctx.db, ctx.actor);
  if (!c.full.has(schoolId)) throw notFound('学校');
  const items = await ctx.db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.unitId, schoolId), eq(users.status, 'active')))
    .orderBy(asc(users.displayName));
  return { items };
}

export async function listCareStaff(ctx: Ctx) {
  const schoolId = await managedSchool(ctx);
  const granter = sql<string>`(select display_name from users g where g.id = ${careStaff.grantedBy})`;
  const rows = await ctx.db
    .select({ id: careStaff.id, schoolId: careStaff.schoolId, userId: careStaff.userId, displayName: users.displayName, grantedByName: granter, grantedAt: careStaff.grantedAt })
    .from(careStaff)
    .innerJoin(users, eq(users.id, careStaff.userId))
    .where(and(eq(careStaff.schoolId, schoolId), isNull(careStaff.revokedAt)))
    .orderBy(asc(careStaff.id));
  const { items: candidates } = await carerCandidates(ctx, schoolId);
  return { items: rows.map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() })), candidates: candidates.filter((u) => u.id !== ctx.actor.id) };
}

/** The principal names one person as the school's care staff (a permission of its own, per person, audited). */
export async function grantCareStaff(ctx: Ctx, userId: number) {
  const schoolId = await managedSchool(ctx);
  return ctx.db.transaction(async (tx) => {
    const [u] = await schoolStaffRefs(tx, ctx.actor, schoolId, [userId], 'userId');
    const [s] = await tx.select({ path: units.path }).from(units).where(eq(units.id, schoolId));
    const [existing] = await tx.select({ id: careStaff.id }).from(careStaff).where(and(eq(careStaff.schoolId, schoolId), eq(careStaff.userId, u.id), isNull(careStaff.revokedAt)));
    if (existing) throw conflict('CARE_STAFF_EXISTS', `${u.displayName}已是本校关爱专干`, { field: 'userId' });
    const [row] = await tx.insert(careStaff).values({ districtId: ctx.actor.districtId, schoolId, schoolPath: s.path, userId: u.id, grantedBy: ctx.actor.id }).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'care_staff', objectId: row.id, after: { schoolId, userId: u.id, grant: 'care_staff' } });
    await notify(tx, ctx.actor.districtId, [u.id], { kind: 'assigned', title: '您已被校长指定为本校学生关爱专干，可查看本校重点学生台账', link: '/care/records', dedupeKey: `care-staff:${row.id}` });
    return { id: row.id };
  });
}

export async function revokeCareStaff(ctx: Ctx, id: number) {
  const schoolId = await managedSchool(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(careStaff)
      .set({ revokedAt: new Date(), revokedBy: ctx.actor.id })
      .where(and(eq(careStaff.id, id), eq(careStaff.schoolId, schoolId), isNull(careStaff.revokedAt)))
      .returning();
    if (!row) throw notFound('关爱专干');
    await writeAudit(tx, auditCtx(ctx), { action: 'disable', objectType: 'care_staff', objectId: row.id, before: { schoolId, userId: row.userId, grant: 'care_staff' } });
    return { id: row.id };
  });
}

// ---- who read what (the principal) -------------------------------------------------------------------

export async function listCareReads(ctx: Ctx, q: { page: number; pageSize: number; recordId?: number }) {
  const schoolId = await managedSchool(ctx);
  const conds = [
    eq(auditEvents.districtId, ctx.actor.districtId),
    eq(auditEvents.objectType, 'care_record'),
    eq(auditEvents.action, 'read'),
    sql`${auditEvents.after}->>'schoolId' = ${String(schoolId)}`,
  ];
  if (q.recordId) conds.push(eq(auditEvents.objectId, String(q.recordId)));
  const where = and(...conds);
  const [{ total }] = await ctx.db.select({ total: count() }).from(auditEvents).where(where);
  const rows = await ctx.db
    .select({ id: auditEvents.id, at: auditEvents.at, actorName: auditEvents.actorName, objectId: auditEvents.objectId, after: auditEvents.after })
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const ids = [...new Set(rows.map((r) => Number(r.objectId)).filter((n) => Number.isInteger(n) && n > 0))];
  const names = new Map<number, string>();
  if (ids.length && careKeyReady()) {
    const sealer = careSealer();
    for (const r of await ctx.db.select({ id: careRecords.id, schoolId: careRecords.schoolId, nameEnc: careRecords.nameEnc }).from(careRecords).where(and(inArray(careRecords.id, ids), eq(careRecords.schoolId, schoolId)))) {
      if (r.nameEnc) names.set(r.id, maskName(sealer.open(r.nameEnc, aad.name(r.schoolId))));
    }
  }
  return {
    items: rows.map((r) => {
      const after = (r.after ?? {}) as { purpose?: ReadPurpose; search?: boolean; fileId?: number };
      const recordId = r.objectId ? Number(r.objectId) : null;
      return { id: r.id, at: r.at.toISOString(), actorName: r.actorName, recordId, maskedName: recordId ? (names.get(recordId) ?? '（已清除）') : null, purpose: after.purpose ?? null, search: Boolean(after.search), fileId: after.fileId ?? null };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
