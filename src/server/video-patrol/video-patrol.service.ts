// Online video patrols (网上视频巡查, issue 22; 001 item 4 校园天眼, 000 item 7 and 001 item 17
// 明厨亮灶). The school keeps its video links (a recorded ledger: versioned, voided, audited; the
// platform keeps links only, it does not stream). A patrol is an inspection of the kind
// video_patrol on the built-in 视频巡查检查表, so marks, screenshots and failed items becoming
// hazards are the inspections' own. Here: the links, starting a patrol of one school, coverage per
// school and month, and the monthly canteen notice drafted through the accountability notices.
import { and, asc, count, desc, eq, gte, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import type { CreateNotice } from '../../contracts/accountability.js';
import type { Coverage, CoverageQuery, CreateVideoLink, UpdateVideoLink, VideoLinkListQuery, VideoLinkView } from '../../contracts/video-patrol.js';
import { addDays } from '../../domain/dates.js';
import { isCanteenItem, judgeCoverage, monthRange } from '../../domain/video-patrol.js';
import { createNotice } from '../accountability/notices.service.js';
import { requireAccess, schoolLedgerScope, unitScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import { hazards, inspectionResults, inspections, inspectionTargets, units, videoLinks } from '../db/schema.js';
import { fieldError, notFound } from '../errors.js';
import { createInspectionTx } from '../inspections/inspections.service.js';
import { coverageNumbersFor } from './coverage-numbers.js';
import { placeFilters, schoolForRecord, unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { recordedLedger, type OwnView } from '../ledger/recorded-ledger.js';
import { town } from '../ledger/recorded-ledger.js';

type LinkRow = typeof videoLinks.$inferSelect;

export const videoLinkScope = (actor: Actor) => schoolLedgerScope(actor, videoLinks);

const ledger = recordedLedger({
  table: videoLinks,
  name: '视频点位',
  objectType: 'video_link',
  scope: videoLinkScope,
  // Shown only to people who may patrol the school, and to the school that keeps them.
  readPermission: 'video_link.read',
  writePermission: 'video_link.manage',
  orderBy: [asc(videoLinks.schoolId), asc(videoLinks.area), asc(videoLinks.id)],
  present: ({ record: m }): OwnView<VideoLinkView> => ({
    name: m.name,
    area: m.area as VideoLinkView['area'],
    url: m.url,
    platform: m.platform,
    notes: m.notes,
  }),
  snapshot: (m: LinkRow) => ({ schoolId: m.schoolId, name: m.name, area: m.area, url: m.url, platform: m.platform, notes: m.notes, status: m.status, voidReason: m.voidReason }),
});

export async function videoLinkFilter(ctx: Ctx, q: Partial<VideoLinkListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [videoLinkScope(ctx.actor), ...(await placeFilters(ctx, videoLinks, q))];
  if (q.area) conds.push(eq(videoLinks.area, q.area));
  conds.push(eq(videoLinks.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listVideoLinks = async (ctx: Ctx, q: VideoLinkListQuery) => ledger.list(ctx, await videoLinkFilter(ctx, q), q);
export const videoLinkBatchFetcher = ledger.batchFetcher;

/** The recorded links of a few schools the caller sees (others are simply absent), for one page of the patrol table. */
export async function linksOfSchools(ctx: Ctx, schoolIds: number[]) {
  const where = and(videoLinkScope(ctx.actor), inArray(videoLinks.schoolId, schoolIds), eq(videoLinks.status, 'recorded'))!;
  // A few links a school: 1,000 bounds a page of 50 schools without paging it.
  return (await ledger.list(ctx, where, { page: 1, pageSize: 1000 })).items;
}
export const getVideoLink = ledger.get;
export const voidVideoLink = ledger.void;

export function createVideoLink(ctx: Ctx, input: CreateVideoLink): Promise<VideoLinkView> {
  return ledger.create(ctx, async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    return { schoolId: s.id, schoolPath: s.path, name: input.name, area: input.area, url: input.url, platform: input.platform ?? null, notes: input.notes ?? null, fileIds: [] };
  });
}

export function updateVideoLink(ctx: Ctx, id: number, input: UpdateVideoLink): Promise<VideoLinkView> {
  return ledger.update(ctx, id, input.version, () => {
    const set: Partial<typeof videoLinks.$inferInsert> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.area !== undefined) set.area = input.area;
    if (input.url !== undefined) set.url = input.url;
    if (input.platform !== undefined) set.platform = input.platform ?? null;
    if (input.notes !== undefined) set.notes = input.notes ?? null;
    return set;
  });
}

// ---- a patrol ---------------------------------------------------------------------------------

/**
 * Starts a video patrol of one school by the caller: an inspection of the kind video_patrol on the
 * built-in checklist with the caller as its inspector, under way at once (the officer is at the
 * screen), in one transaction. Who may start it and which schools are the inspections' rules
 * (a town its own schools only: another's is 404).
 */
export async function startVideoPatrol(ctx: Ctx, schoolId: number) {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.perform');
  requireAccess(actor, 'video_link.read');
  return ctx.db.transaction(async (tx) => {
    const [s] = await tx.select({ name: units.name }).from(units).where(and(eq(units.id, schoolId), eq(units.kind, 'school'), unitScope(actor)));
    if (!s) throw notFound('学校');
    const today = todayOf(ctx);
    const { id, code } = await createInspectionTx(tx, ctx, { kind: 'video_patrol', title: `视频巡查：${s.name}`, plannedOn: today, schoolIds: [schoolId], inspectorIds: [actor.id] });
    await tx.update(inspections).set({ status: 'in_progress', startedAt: ctx.now, version: 2, updatedAt: ctx.now }).where(eq(inspections.id, id));
    const [target] = await tx.update(inspectionTargets).set({ status: 'in_progress', updatedAt: ctx.now }).where(eq(inspectionTargets.inspectionId, id)).returning({ id: inspectionTargets.id });
    await writeAudit(tx, ctx, { action: 'update', objectType: 'inspection', objectId: id, before: { status: 'planned' }, after: { status: 'in_progress', code } });
    return { inspectionId: id, targetId: target.id, code };
  });
}

// ---- coverage ---------------------------------------------------------------------------------

/**
 * Each school in the caller's scope with its links and its submitted video patrols of the month,
 * judged against the numbers of the rule pack in force (001 item 4, 000 item 7): the canteen number
 * only for schools with a canteen, as the board's video_patrol.canteen.
 */
export async function videoPatrolCoverage(ctx: Ctx, q: CoverageQuery): Promise<Coverage> {
  const { actor } = ctx;
  requireAccess(actor, 'video_link.read');
  requireAccess(actor, 'inspection.read');
  const { from, until } = monthRange(q.month);
  const conds: SQL[] = [eq(units.kind, 'school'), eq(units.status, 'active'), unitScope(actor)];
  if (q.townId) {
    const t = await unitInScopeOr404(ctx.db, actor, q.townId, '镇街');
    conds.push(like(units.path, `${t.path}%`));
  }
  const schools = await ctx.db
    .select({ id: units.id, name: units.name, canteen: units.canteen, townName: town.name })
    .from(units)
    .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
    .where(and(...conds))
    .orderBy(asc(units.path));
  const ids = schools.map((s) => s.id);
  const links = new Map<number, { links: number; canteen: number }>();
  const patrols = new Map<number, { patrols: number; canteen: number; findings: number; last: string | null }>();
  if (ids.length) {
    const [linkRows, targetRows] = await Promise.all([
      ctx.db
        .select({ schoolId: videoLinks.schoolId, n: count(), canteen: sql<number>`count(*) filter (where ${videoLinks.area} = 'canteen')`.mapWith(Number) })
        .from(videoLinks)
        .where(and(inArray(videoLinks.schoolId, ids), eq(videoLinks.status, 'recorded')))
        .groupBy(videoLinks.schoolId),
      // One row per submitted patrol of a school: the canteen items it marked and its failed items.
      ctx.db
        .select({
          schoolId: inspectionTargets.schoolId,
          plannedOn: inspections.plannedOn,
          canteen: sql<number>`count(${inspectionResults.id}) filter (where ${inspectionResults.itemKey} like 'vp-canteen-%' and ${inspectionResults.result} <> 'na')`.mapWith(Number),
          failed: sql<number>`count(${inspectionResults.id}) filter (where ${inspectionResults.result} = 'fail')`.mapWith(Number),
        })
        .from(inspectionTargets)
        .innerJoin(inspections, eq(inspections.id, inspectionTargets.inspectionId))
        .leftJoin(inspectionResults, eq(inspectionResults.targetId, inspectionTargets.id))
        .where(
          and(
            inArray(inspectionTargets.schoolId, ids),
            eq(inspections.kind, 'video_patrol'),
            eq(inspectionTargets.status, 'submitted'),
            gte(inspections.plannedOn, from),
            lt(inspections.plannedOn, until),
          ),
        )
        .groupBy(inspectionTargets.id, inspectionTargets.schoolId, inspections.plannedOn),
    ]);
    for (const r of linkRows) links.set(r.schoolId, { links: r.n, canteen: r.canteen });
    for (const r of targetRows) {
      const p = patrols.get(r.schoolId) ?? { patrols: 0, canteen: 0, findings: 0, last: null };
      p.patrols += 1;
      if (r.canteen > 0) p.canteen += 1;
      p.findings += r.failed;
      if (!p.last || r.plannedOn > p.last) p.last = r.plannedOn;
      patrols.set(r.schoolId, p);
    }
  }
  const n = await coverageNumbersFor(ctx.db, actor.districtId);
  let rows = schools.map((s) => {
    const l = links.get(s.id) ?? { links: 0, canteen: 0 };
    const p = patrols.get(s.id) ?? { patrols: 0, canteen: 0, findings: 0, last: null };
    const j = judgeCoverage({ patrols: p.patrols, canteenPatrols: p.canteen, hasCanteen: l.canteen > 0 }, n, !!s.canteen);
    return {
      schoolId: s.id,
      schoolName: s.name,
      townName: s.townName,
      canteen: !!s.canteen,
      links: l.links,
      canteenLinks: l.canteen,
      patrols: p.patrols,
      canteenPatrols: p.canteen,
      findings: p.findings,
      lastPatrolOn: p.last,
      met: j.met,
      shortBy: j.shortBy,
    };
  });
  const metSchools = rows.filter((r) => r.met).length;
  const total = rows.length;
  if (q.short === 'true') rows = rows.filter((r) => !r.met);
  return { month: q.month, packVersion: n.packVersion, minPatrols: n.minPatrols, minCanteenPatrols: n.minCanteenPatrols, rows, schools: total, metSchools };
}

// ---- the monthly canteen notice (食堂视频巡查通报, 000 item 7) -----------------------------------

/**
 * Drafts the month's canteen video patrol notice from the hazards its canteen items became: a
 * notice in the accountability flow (draft → approve → publish), prefilled with the findings, the
 * schools named and each hazard cited; the bureau edits and publishes it there.
 */
export async function draftCanteenNotice(ctx: Ctx, month: string) {
  const { actor } = ctx;
  requireAccess(actor, 'accountability.manage');
  const { from, until } = monthRange(month);
  const found = await ctx.db
    .select({ id: hazards.id, code: hazards.code, schoolId: hazards.schoolId, schoolName: units.name, itemKey: hazards.itemKey, description: hazards.description, foundOn: hazards.foundOn })
    .from(hazards)
    .innerJoin(units, eq(units.id, hazards.schoolId))
    .innerJoin(inspections, eq(inspections.id, hazards.inspectionId))
    .where(and(eq(inspections.kind, 'video_patrol'), unitScope(actor), gte(hazards.foundOn, from), lt(hazards.foundOn, until), like(hazards.itemKey, 'vp-canteen-%')))
    .orderBy(asc(units.path), desc(hazards.foundOn))
    .limit(50);
  const canteen = found.filter((h) => h.itemKey && isCanteenItem(h.itemKey));
  if (!canteen.length) throw fieldError('month', `${month} 没有食堂视频巡查发现的问题，无需通报`);
  const [y, m] = month.split('-');
  const n = await coverageNumbersFor(ctx.db, actor.districtId);
  const bySchool = new Map<number, typeof canteen>();
  for (const h of canteen) bySchool.set(h.schoolId, [...(bySchool.get(h.schoolId) ?? []), h]);
  const lines = [...bySchool.values()].map((hs, i) => `${i + 1}. ${hs[0].schoolName}：${hs.map((h) => `${h.description}（${h.foundOn}，${h.code}）`).join('；')}`);
  const input: CreateNotice = {
    title: `关于${y}年${Number(m)}月学校食堂视频巡查情况的通报`,
    reason: `依据“加强校园食堂日常视频巡查和通报”“明厨亮灶线上巡查制”的要求，${y}年${Number(m)}月通过明厨亮灶视频巡查发现以下问题：\n${lines.join('\n')}\n请各校配合落实每月不少于 ${n.minCanteenPatrols} 次的明厨亮灶视频巡查${n.packVersion ? `（区规则包第 ${n.packVersion} 版）` : ''}。`,
    requirement: '请被通报学校立即整改，落实食品安全校长负责制，整改情况连同整改前后照片按期回复。',
    replyDueOn: addDays(todayOf(ctx), 7),
    units: [...bySchool.keys()].map((unitId) => ({ unitId })),
    records: canteen.map((h) => ({ kind: 'hazard' as const, id: h.id })),
  } as CreateNotice;
  const notice = await createNotice(ctx, input);
  return { noticeId: notice.id, findings: canteen.length };
}
