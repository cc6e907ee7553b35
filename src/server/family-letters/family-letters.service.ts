// Letters to families (告家长书, issue 22; 000 item 13 家校): a school sends a safety letter to its
// classes; every pupil gets a numbered slip whose link (or QR code) the guardian opens without an
// account to confirm it. The class teacher sees which seats have not confirmed and records signed
// paper slips; above the school only the counts and rates are seen (rates by town and school).
// A letter is a recorded school ledger record (corrected with a version, voided = withdrawn, which
// stops its links); its classes and slips are rows of their own.
//
// A guardian's confirmation is not an audit event: the guardian has no account, the slip row is
// written once (confirmed_at only from null) and keeps when and how, and at 300,000 guardians in an
// hour one chained audit write each would serialise the district on the audit chain's lock.
import { and, asc, desc, eq, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import type {
  AddLetterClass,
  ConfirmLetter,
  CreateFamilyLetter,
  FamilyLetterListQuery,
  FamilyLetterRates,
  FamilyLetterRatesQuery,
  FamilyLetterTopic,
  FamilyLetterView,
  GuardianRelationship,
  LetterClassInput,
  LetterClassSlips,
  LetterClassView,
  PaperSlip,
  PublicLetterView,
  UpdateFamilyLetter,
} from '../../contracts/family-letters.js';
import { shanghaiDate } from '../../domain/dates.js';
import { isLetterToken, letterDaysProblem, letterState, linkRefusal } from '../../domain/family-letters.js';
import { can, requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { familyLetterClasses, familyLetters, familyLetterSlips, units, users } from '../db/schema.js';
import { AppError, badRequest, conflict, fieldError, forbidden, notFound } from '../errors.js';
import { placeFilters, schoolForRecord, stageFilter } from '../ledger/ledger-helpers.js';
import { completedReads, recordedLedger, school, town, townOfSchool, type OwnView } from '../ledger/recorded-ledger.js';
import { containing } from '../db/like.js';

type LetterRow = typeof familyLetters.$inferSelect;
type StoredClass = Omit<LetterClassView, 'mine'>;

const l = familyLetters;
const c = familyLetterClasses;
const s = familyLetterSlips;

export const familyLetterScope = (actor: Actor) => schoolLedgerScope(actor, l);

// The classes of a letter with their confirmed counts, in the row's select: one query for a page of letters.
const classesOf = sql<StoredClass[]>`(select coalesce(json_agg(json_build_object(
    'id', c.id, 'className', c.class_name, 'pupils', c.pupils, 'teacherName', c.teacher_name, 'teacherUserId', c.teacher_user_id,
    'confirmed', (select count(*) from family_letter_slips fs where fs.class_id = c.id and fs.confirmed_at is not null)::int
  ) order by c.id), '[]'::json) from family_letter_classes c where c.letter_id = ${l.id})`;

type Placed = { record: LetterRow; schoolName: string; townName: string | null; classes: StoredClass[] };

const own = (r: Placed): OwnView<FamilyLetterView> => ({
  topic: r.record.topic as FamilyLetterTopic,
  title: r.record.title,
  body: r.record.body,
  sentOn: r.record.sentOn,
  dueOn: r.record.dueOn,
  // As of the request: complete() sets the state and which classes are the person's.
  state: 'open',
  pupils: r.classes.reduce((n, k) => n + k.pupils, 0),
  confirmed: r.classes.reduce((n, k) => n + k.confirmed, 0),
  classes: r.classes.map((k) => ({ ...k, mine: false })),
});

const ledger = recordedLedger({
  table: l,
  name: '告家长书',
  objectType: 'family_letter',
  scope: familyLetterScope,
  select: (db: Executor) =>
    db
      .select({ record: l, schoolName: school.name, townName: town.name, classes: classesOf })
      .from(l)
      .innerJoin(school, eq(school.id, l.schoolId))
      .leftJoin(town, townOfSchool) as never,
  orderBy: [desc(l.sentOn), desc(l.id)],
  present: (r: Placed) => own(r),
  snapshot: (m: LetterRow) => ({ schoolId: m.schoolId, topic: m.topic, title: m.title, sentOn: m.sentOn, dueOn: m.dueOn, fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
  writePermission: 'family_letter.manage',
  readPermission: 'family_letter.read',
});

/** A manager at the letter's own school (a town or the bureau sees counts only). */
const managesAtSchool = (actor: Actor) => actor.unitKind === 'school' && can(actor, 'family_letter.manage');
const seesClass = (actor: Actor, k: { teacherUserId: number | null }) => managesAtSchool(actor) || (actor.unitKind === 'school' && k.teacherUserId === actor.id);

const complete = (ctx: Ctx, v: FamilyLetterView): FamilyLetterView => ({
  ...v,
  state: letterState(v.dueOn, todayOf(ctx)),
  classes: v.classes.map((k) => ({ ...k, mine: seesClass(ctx.actor, k) })),
});

export async function familyLetterFilter(ctx: Ctx, q: Partial<FamilyLetterListQuery>): Promise<SQL> {
  requireAccess(ctx.actor, 'family_letter.read');
  const today = todayOf(ctx);
  const conds: Array<SQL | undefined> = [familyLetterScope(ctx.actor), ...(await placeFilters(ctx, l, q)), stageFilter(l, q.stage)];
  if (q.topic) conds.push(eq(l.topic, q.topic));
  if (q.from) conds.push(gte(l.sentOn, q.from));
  if (q.to) conds.push(lte(l.sentOn, q.to));
  if (q.state === 'open') conds.push(gte(l.dueOn, today));
  if (q.state === 'closed') conds.push(sql`${l.dueOn} < ${today}`);
  if (q.q) conds.push(ilike(l.title, containing(q.q)));
  conds.push(eq(l.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

const reads = completedReads<FamilyLetterView>(ledger, complete);
export const listFamilyLetters = async (ctx: Ctx, q: FamilyLetterListQuery) => reads.list(ctx, await familyLetterFilter(ctx, q), q);
export const getFamilyLetter = reads.get;
export const voidFamilyLetter = reads.void;
export const familyLetterBatchFetcher = reads.batchFetcher;

function checkDays(ctx: Ctx, sentOn: string, dueOn: string) {
  const p = letterDaysProblem(sentOn, dueOn, todayOf(ctx));
  if (p) throw fieldError(p.field, p.message, p.field === 'dueOn' ? '回执截止日期' : '发送日期');
}

/** The class teacher's account, when given, is an active person of the letter's school. */
async function checkTeachers(tx: Executor, schoolId: number, classes: Array<{ teacherUserId?: number | null }>, field: (i: number) => string) {
  for (const [i, k] of classes.entries()) {
    if (!k.teacherUserId) continue;
    const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, k.teacherUserId), eq(users.unitId, schoolId), eq(users.status, 'active')));
    if (!u) throw fieldError(field(i), '班主任账号须为本校在用账号', '班主任账号');
  }
}

/** The people of a school who may be named as a class teacher: its active accounts, by name. */
export async function letterTeachers(ctx: Ctx, schoolId: number) {
  requireAccess(ctx.actor, 'family_letter.manage');
  const sch = await schoolForRecord(ctx.db, ctx.actor, schoolId);
  const items = await ctx.db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.unitId, sch.id), eq(users.status, 'active')))
    .orderBy(users.displayName);
  return { items };
}

/** The classes and one slip per pupil, each with its random token, in one statement for all. */
async function addClasses(tx: Executor, letterId: number, classes: LetterClassInput[]) {
  const rows = await tx
    .insert(c)
    .values(classes.map((k) => ({ letterId, className: k.className, pupils: k.pupils, teacherName: k.teacherName?.trim() || null, teacherUserId: k.teacherUserId ?? null })))
    .returning({ id: c.id });
  await tx.execute(sql`insert into family_letter_slips (letter_id, class_id, seat, token)
    select ${letterId}::int, k.id, g, replace(gen_random_uuid()::text, '-', '')
    from family_letter_classes k, generate_series(1, k.pupils) g
    where k.id = any(${sql.param(rows.map((r) => r.id))}::int[])`);
}

export async function createFamilyLetter(ctx: Ctx, input: CreateFamilyLetter): Promise<FamilyLetterView> {
  requireAccess(ctx.actor, 'family_letter.manage');
  checkDays(ctx, input.sentOn, input.dueOn);
  const seen = new Set<string>();
  for (const [i, k] of input.classes.entries()) {
    if (seen.has(k.className)) throw fieldError(`classes.${i}.className`, `班级“${k.className}”重复`, '班级名称');
    seen.add(k.className);
  }
  const v = await ledger.create(
    ctx,
    async (tx) => {
      const sch = await schoolForRecord(tx, ctx.actor, input.schoolId);
      await checkTeachers(tx, sch.id, input.classes, (i) => `classes.${i}.teacherUserId`);
      return {
        schoolId: sch.id,
        schoolPath: sch.path,
        topic: input.topic,
        title: input.title,
        body: input.body,
        sentOn: input.sentOn,
        dueOn: input.dueOn,
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
      };
    },
    (tx, row) => addClasses(tx, row.id, input.classes),
  );
  return complete(ctx, v);
}

export async function updateFamilyLetter(ctx: Ctx, id: number, input: UpdateFamilyLetter): Promise<FamilyLetterView> {
  const v = await ledger.update(ctx, id, input.version, async (row, tx) => {
    const set: Partial<typeof l.$inferInsert> = {};
    if (input.dueOn !== undefined) {
      checkDays(ctx, row.sentOn, input.dueOn);
      set.dueOn = input.dueOn;
    }
    if (input.topic !== undefined) set.topic = input.topic;
    if (input.title !== undefined) set.title = input.title;
    if (input.body !== undefined) set.body = input.body;
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
  return complete(ctx, v);
}

/** A class the letter missed (a new class, a split one): its slips are made at once; the letter must still be open. */
export async function addLetterClass(ctx: Ctx, id: number, input: AddLetterClass): Promise<FamilyLetterView> {
  const v = await ledger.update(
    ctx,
    id,
    input.version,
    async (row, tx) => {
      if (letterState(row.dueOn, todayOf(ctx)) === 'closed') throw badRequest('LETTER_CLOSED', '回执已截止，不能再增加班级');
      const [dup] = await tx.select({ id: c.id }).from(c).where(and(eq(c.letterId, row.id), eq(c.className, input.className)));
      if (dup) throw fieldError('className', `班级“${input.className}”已在发送范围内`, '班级名称');
      await checkTeachers(tx, row.schoolId, [input], () => 'teacherUserId');
      return {};
    },
    (tx, row) => addClasses(tx, row.id, [input]),
  );
  return complete(ctx, v);
}

/** A class of a letter in the person's scope whose seats they may see: a manager at the school or its teacher. */
async function classForSeats(ctx: Ctx, letterId: number, classId: number) {
  const letter = await getFamilyLetter(ctx, letterId);
  const k = letter.classes.find((x) => x.id === classId);
  if (!k) throw notFound('班级');
  // Above the school only the counts (issue 22); at the school, the class's own teacher or a manager.
  if (!k.mine) throw ctx.actor.unitKind === 'school' ? forbidden('只有本班班主任和学校安全管理人员可以查看回执明细') : notFound('班级');
  return { letter, k };
}

export async function letterClassSlips(ctx: Ctx, letterId: number, classId: number): Promise<LetterClassSlips> {
  const { letter, k } = await classForSeats(ctx, letterId, classId);
  const rows = await ctx.db.select().from(s).where(eq(s.classId, classId)).orderBy(asc(s.seat));
  return {
    letter: { id: letter.id, title: letter.title, schoolName: letter.schoolName, dueOn: letter.dueOn, state: letter.state, version: letter.version },
    class: k,
    slips: rows.map((r) => ({
      id: r.id,
      seat: r.seat,
      token: r.token,
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      method: r.method as 'link' | 'paper' | null,
      relationship: r.relationship as GuardianRelationship | null,
    })),
  };
}

/** The teacher records a signed paper slip (a guardian without a phone): once, audited. */
export async function recordPaperSlip(ctx: Ctx, letterId: number, slipId: number, input: PaperSlip): Promise<LetterClassSlips> {
  const [slip] = await ctx.db.select({ classId: s.classId }).from(s).where(and(eq(s.id, slipId), eq(s.letterId, letterId)));
  if (!slip) throw notFound('回执');
  const { letter } = await classForSeats(ctx, letterId, slip.classId);
  if (letter.status !== 'recorded') throw badRequest('RECORD_VOIDED', '告家长书已撤回');
  await ctx.db.transaction(async (tx) => {
    const [done] = await tx
      .update(s)
      .set({ confirmedAt: ctx.now, method: 'paper', relationship: input.relationship ?? null, recordedBy: ctx.actor.id })
      .where(and(eq(s.id, slipId), sql`${s.confirmedAt} is null`))
      .returning({ seat: s.seat });
    if (!done) throw conflict('SLIP_CONFIRMED', '该回执已确认，无需再登记');
    await writeAudit(tx, ctx, { action: 'update', objectType: 'family_letter', objectId: letterId, after: { paperSlip: { slipId, classId: slip.classId, seat: done.seat } } });
  });
  return letterClassSlips(ctx, letterId, slip.classId);
}

/** Above the school: the rates by town and by school over the letters of the filter. */
export async function familyLetterRates(ctx: Ctx, q: FamilyLetterRatesQuery): Promise<FamilyLetterRates> {
  requireAccess(ctx.actor, 'family_letter.read');
  const where = and(
    familyLetterScope(ctx.actor),
    eq(l.status, 'recorded'),
    q.topic ? eq(l.topic, q.topic) : undefined,
    q.from ? gte(l.sentOn, q.from) : undefined,
    q.to ? lte(l.sentOn, q.to) : undefined,
    ...(await placeFilters(ctx, l, { townId: q.townId })),
  );
  // Every slip of the letters of the filter, counted by school (a letter counted once).
  const rows = await ctx.db
    .select({
      schoolId: school.id,
      schoolName: school.name,
      townId: town.id,
      townName: town.name,
      letters: sql<number>`count(distinct ${l.id})`.mapWith(Number),
      pupils: sql<number>`count(${s.id})`.mapWith(Number),
      confirmed: sql<number>`count(${s.confirmedAt})`.mapWith(Number),
      paper: sql<number>`count(*) filter (where ${s.method} = 'paper')`.mapWith(Number),
    })
    .from(l)
    .innerJoin(s, eq(s.letterId, l.id))
    .innerJoin(school, eq(school.id, l.schoolId))
    .leftJoin(town, townOfSchool)
    .where(where)
    .groupBy(school.id, school.name, town.id, town.name)
    .orderBy(sql`${town.name} nulls last`, school.name);
  const counts = ['letters', 'pupils', 'confirmed', 'paper'] as const;
  const zero = () => ({ letters: 0, pupils: 0, confirmed: 0, paper: 0 });
  const towns = new Map<number | null, FamilyLetterRates['towns'][number]>();
  const total = zero();
  for (const r of rows) {
    const t = towns.get(r.townId) ?? { townId: r.townId, townName: r.townName ?? '局属学校', ...zero() };
    for (const k of counts) {
      t[k] += r[k];
      total[k] += r[k];
    }
    towns.set(r.townId, t);
  }
  return {
    total,
    towns: [...towns.values()],
    schools: rows.map((r) => ({ schoolId: r.schoolId, schoolName: r.schoolName, townName: r.townName, letters: r.letters, pupils: r.pupils, confirmed: r.confirmed, paper: r.paper })),
  };
}

// ---- the guardian's side: no account, the token is the credential ---------------------------------

const linkNotFound = () => new AppError(404, 'LINK_INVALID', '链接无效：请核对回执单上的二维码，或联系班主任');
const refusals = {
  withdrawn: () => new AppError(410, 'LETTER_WITHDRAWN', '学校已撤回这份告家长书，无需回执'),
  expired: () => new AppError(410, 'LINK_EXPIRED', '回执已截止：如需补交回执，请联系班主任'),
};

/** The letter behind a token, or why it opens nothing (a guessed and a malformed token look the same). */
async function openSlip(db: Executor, token: string, today: string) {
  if (!isLetterToken(token)) throw linkNotFound();
  const [row] = await prepared(
    db
      .select({
        letterStatus: l.status,
        dueOn: l.dueOn,
        topic: l.topic,
        title: l.title,
        body: l.body,
        sentOn: l.sentOn,
        schoolName: units.name,
        className: c.className,
        seat: s.seat,
        confirmedAt: s.confirmedAt,
        relationship: s.relationship,
      })
      .from(s)
      .innerJoin(c, eq(c.id, s.classId))
      .innerJoin(l, eq(l.id, s.letterId))
      .innerJoin(units, eq(units.id, l.schoolId))
      .where(eq(s.token, token)),
  );
  if (!row) throw linkNotFound();
  const refusal = linkRefusal({ status: row.letterStatus, dueOn: row.dueOn }, today);
  if (refusal === 'withdrawn' || refusal === 'expired') throw refusals[refusal]();
  return row;
}

function publicView(row: Awaited<ReturnType<typeof openSlip>>): PublicLetterView {
  return {
    schoolName: row.schoolName,
    className: row.className,
    seat: row.seat,
    topic: row.topic as FamilyLetterTopic,
    title: row.title,
    body: row.body,
    sentOn: row.sentOn,
    dueOn: row.dueOn,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    relationship: row.relationship as GuardianRelationship | null,
  };
}

export async function openLetterLink(db: Executor, now: Date, token: string): Promise<PublicLetterView> {
  return publicView(await openSlip(db, token, shanghaiDate(now)));
}

/**
 * The guardian confirms: one statement writes the slip only while the letter is open and the slip
 * not yet confirmed. Confirming again answers with the first confirmation and writes nothing.
 */
export async function confirmLetterLink(db: Executor, now: Date, token: string, input: ConfirmLetter): Promise<PublicLetterView & { alreadyConfirmed: boolean }> {
  if (!isLetterToken(token)) throw linkNotFound();
  const today = shanghaiDate(now);
  const [done] = await prepared(
    db
      .update(s)
      .set({ confirmedAt: now, method: 'link', relationship: input.relationship })
      .where(
        and(
          eq(s.token, token),
          sql`${s.confirmedAt} is null`,
          sql`exists (select 1 from family_letters fl where fl.id = ${s.letterId} and fl.status = 'recorded' and fl.due_on >= ${today}::date)`,
        ),
      )
      .returning({ id: s.id }),
  );
  const row = await openSlip(db, token, today);
  return { ...publicView(row), alreadyConfirmed: !done };
}
