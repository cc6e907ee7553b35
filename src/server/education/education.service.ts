// The safety education and boarding care ledger (安全教育活动台账, issue 15 item 9): activities for the
// safety education days and the first lesson of each term (judged "held on or near the day"), boarding
// schools' evening roll call, the drowning-prevention letter acknowledged by class. Corrected with a
// version, voided with a reason; the bureau lists and exports it by town and stage.
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { CreateEducation, EducationKind, EducationListQuery, EducationView, UpdateEducation } from '../../contracts/education.js';
import { educationRecordProblem, type EducationDraft } from '../../domain/education.js';
import { educationDaysOf } from '../../domain/education-days.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import { educationRecords } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { placeFilters, schoolForRecord, stageFilter } from '../ledger/ledger-helpers.js';
import { recordedLedger, type OwnView } from '../ledger/recorded-ledger.js';
import { periodInputs } from '../rules/calendars.service.js';

type Row = typeof educationRecords.$inferSelect;
type Insert = typeof educationRecords.$inferInsert;

export const educationScope = (actor: Actor) => schoolLedgerScope(actor, educationRecords);

const OWN: Record<EducationKind, readonly (keyof EducationDraft)[]> = {
  activity: ['educationDay', 'topic', 'classesReached', 'participants'],
  roll_call: ['dormitory', 'expected', 'present', 'absentWithoutLeave', 'parentsNotified'],
  drowning_letter: ['classesTotal', 'classesAcknowledged', 'studentsTotal', 'studentsAcknowledged'],
};
const ALL = Object.values(OWN).flat();

const own = (m: Row): OwnView<EducationView> => ({
  kind: m.kind as EducationKind,
  heldOn: m.heldOn,
  person: m.person,
  educationDay: m.educationDay,
  topic: m.title,
  classesReached: m.classesReached,
  participants: m.participants,
  dormitory: m.dormitory,
  expected: m.expected,
  present: m.present,
  absentWithoutLeave: m.absentWithoutLeave,
  parentsNotified: m.parentsNotified,
  classesTotal: m.classesTotal,
  classesAcknowledged: m.classesAcknowledged,
  studentsTotal: m.studentsTotal,
  studentsAcknowledged: m.studentsAcknowledged,
  content: m.summary,
});

const ledger = recordedLedger({
  table: educationRecords,
  name: '安全教育记录',
  objectType: 'education_record',
  scope: educationScope,
  orderBy: [desc(educationRecords.heldOn), desc(educationRecords.id)],
  present: ({ record }) => own(record),
  snapshot: (m: Row) => ({ schoolId: m.schoolId, ...own(m), fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
});

export async function educationFilter(ctx: Ctx, q: Partial<EducationListQuery>): Promise<SQL> {
  const e = educationRecords;
  const conds: Array<SQL | undefined> = [educationScope(ctx.actor), ...(await placeFilters(ctx, e, q)), stageFilter(e, q.stage)];
  if (q.kind) conds.push(eq(e.kind, q.kind));
  if (q.educationDay) conds.push(eq(e.educationDay, q.educationDay));
  if (q.from) conds.push(gte(e.heldOn, q.from));
  if (q.to) conds.push(lte(e.heldOn, q.to));
  conds.push(eq(e.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listEducation = async (ctx: Ctx, q: EducationListQuery) => ledger.list(ctx, await educationFilter(ctx, q), q);
export const educationBatchFetcher = ledger.batchFetcher;
export const getEducation = ledger.get;
export const voidEducation = ledger.void;

/** The kind's own columns (the others empty); the API's topic and content are the table's title and summary. */
export function columnsOf(d: EducationDraft & { content?: string | null }): Partial<Insert> {
  const out: Record<string, unknown> = {};
  for (const f of ALL) out[f === 'topic' ? 'title' : f] = OWN[d.kind].includes(f) ? (d[f] ?? null) : null;
  out.summary = d.content || null;
  return out as Partial<Insert>;
}

function check(ctx: Ctx, d: EducationDraft) {
  const p = educationRecordProblem(d, todayOf(ctx));
  if (p) throw fieldError(p.field, p.message);
}

export function createEducation(ctx: Ctx, input: CreateEducation): Promise<EducationView> {
  requireAccess(ctx.actor, 'ledger.write');
  check(ctx, input);
  return ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    return {
      schoolId: s.id,
      schoolPath: s.path,
      kind: input.kind,
      heldOn: input.heldOn,
      person: input.person,
      ...columnsOf(input),
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateEducation(ctx: Ctx, id: number, input: UpdateEducation): Promise<EducationView> {
  return ledger.update(ctx, id, input.version, async (row, tx) => {
    const merged = { ...own(row) } as EducationDraft & Record<string, unknown>;
    for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'version' && k !== 'fileIds') merged[k] = v;
    check(ctx, merged);
    const set: Partial<Insert> = { heldOn: merged.heldOn, person: merged.person as string, ...columnsOf(merged) };
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}

/** The education days of a year for the district's calendar (the form's choices). */
export async function educationDays(ctx: Ctx, year: number) {
  requireAccess(ctx.actor, 'ledger.read');
  const { calendars } = await periodInputs(ctx.db, ctx.actor.districtId);
  return { items: educationDaysOf(year, calendars) };
}
