// Checklist templates (排查表): per district, content in immutable numbered versions, so an
// inspection keeps the version it used however the template changes later. Built-in templates
// (written from the seeds) are read-only; the bureau copies one and edits the copy.
import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import { fieldLabels } from '../../contracts/common.js';
import type { ChecklistAction, ChecklistDetail, ChecklistListQuery, ChecklistStatus, ChecklistTemplate, ChecklistVersion, CopyChecklist, UpdateChecklist } from '../../contracts/checklists.js';
import { builtinChecklists, type BuiltinChecklist } from '../../domain/checklists/builtin.js';
import { checklistProblems, itemCount, sameSections, type ChecklistSection } from '../../domain/checklists/checklist.js';
import { can, requireAccess, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Db, Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { checklistTemplates, checklistVersions, districts, users } from '../db/schema.js';
import { badRequest, conflict, notFound, staleVersion } from '../errors.js';
import { containing } from '../db/like.js';

type TemplateRow = typeof checklistTemplates.$inferSelect;
type VersionRow = typeof checklistVersions.$inferSelect;

const WHAT = '检查表模板';

// ---- for other features (inspections, campaigns) ---------------------------------------------

export interface LoadedChecklistVersion {
  versionId: number;
  templateId: number;
  templateName: string;
  templateStatus: ChecklistStatus;
  number: number;
  itemCount: number;
  sections: ChecklistSection[];
}

const versionColumns = {
  versionId: checklistVersions.id,
  templateId: checklistVersions.templateId,
  templateName: checklistTemplates.name,
  templateStatus: checklistTemplates.status,
  number: checklistVersions.number,
  itemCount: checklistVersions.itemCount,
  sections: checklistVersions.sections,
};
const asLoaded = (r: { templateStatus: string; sections: unknown } & Omit<LoadedChecklistVersion, 'templateStatus' | 'sections'>): LoadedChecklistVersion => ({
  ...r,
  templateStatus: r.templateStatus as ChecklistStatus,
  sections: r.sections as ChecklistSection[],
});

/** One version of one of the district's templates, whatever the template's state now; else 404. */
export async function loadChecklistVersion(db: Executor, districtId: number, versionId: number): Promise<LoadedChecklistVersion> {
  const [row] = await db
    .select(versionColumns)
    .from(checklistVersions)
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, checklistVersions.templateId))
    .where(and(eq(checklistVersions.id, versionId), eq(checklistTemplates.districtId, districtId)));
  if (!row) throw notFound('检查表');
  return asLoaded(row);
}

/** The version new inspections of a template use; 404 when the template is not the district's. */
export async function currentVersionOf(db: Executor, districtId: number, templateId: number): Promise<LoadedChecklistVersion> {
  const [row] = await db
    .select(versionColumns)
    .from(checklistTemplates)
    .innerJoin(checklistVersions, and(eq(checklistVersions.templateId, checklistTemplates.id), eq(checklistVersions.number, checklistTemplates.currentVersion)))
    .where(and(eq(checklistTemplates.id, templateId), eq(checklistTemplates.districtId, districtId)));
  if (!row) throw notFound(WHAT);
  return asLoaded(row);
}

// ---- presenting ----------------------------------------------------------------------------

export function checklistActions(actor: Actor, row: TemplateRow): ChecklistAction[] {
  if (!can(actor, 'checklist.manage')) return [];
  const actions: ChecklistAction[] = ['copy'];
  if (row.status === 'active' && !row.builtin) actions.push('update');
  actions.push(row.status === 'active' ? 'archive' : 'restore');
  return actions;
}

function presentTemplate(actor: Actor, row: TemplateRow, current: { id: number; itemCount: number; sectionCount: number }): ChecklistTemplate {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    builtin: row.builtin,
    status: row.status as ChecklistStatus,
    copiedFromId: row.copiedFromId,
    currentVersion: row.currentVersion,
    currentVersionId: current.id,
    itemCount: current.itemCount,
    sectionCount: current.sectionCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    actions: checklistActions(actor, row),
  };
}

function presentVersion(template: TemplateRow, v: VersionRow): ChecklistVersion {
  return {
    id: v.id,
    templateId: template.id,
    templateName: template.name,
    number: v.number,
    current: v.number === template.currentVersion,
    itemCount: v.itemCount,
    createdAt: v.createdAt.toISOString(),
    sections: v.sections as ChecklistSection[],
  };
}

// ---- reading --------------------------------------------------------------------------------

async function findTemplate(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<TemplateRow> {
  const q = db
    .select()
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.id, id), eq(checklistTemplates.districtId, actor.districtId)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound(WHAT);
  return row;
}

async function versionOf(db: Executor, templateId: number, number: number): Promise<VersionRow | undefined> {
  const [v] = await db
    .select()
    .from(checklistVersions)
    .where(and(eq(checklistVersions.templateId, templateId), eq(checklistVersions.number, number)));
  return v;
}

function listFilter(actor: Actor, q: Partial<ChecklistListQuery>): SQL {
  const conds: Array<SQL | undefined> = [eq(checklistTemplates.districtId, actor.districtId)];
  if (q.q) conds.push(ilike(checklistTemplates.name, containing(q.q)));
  if (q.status) conds.push(eq(checklistTemplates.status, q.status));
  if (q.builtin !== undefined) conds.push(eq(checklistTemplates.builtin, q.builtin));
  return and(...conds)!;
}

export async function listChecklists(ctx: Ctx, q: ChecklistListQuery) {
  requireAccess(ctx.actor, 'checklist.read');
  const where = listFilter(ctx.actor, q);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        t: checklistTemplates,
        versionId: checklistVersions.id,
        itemCount: checklistVersions.itemCount,
        sectionCount: sql<number>`jsonb_array_length(${checklistVersions.sections})`.mapWith(Number),
      })
      .from(checklistTemplates)
      .innerJoin(checklistVersions, and(eq(checklistVersions.templateId, checklistTemplates.id), eq(checklistVersions.number, checklistTemplates.currentVersion)))
      .where(where)
      // Active before archived, built-in before the district's own, then by name.
      .orderBy(asc(checklistTemplates.status), desc(checklistTemplates.builtin), asc(checklistTemplates.name), asc(checklistTemplates.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(checklistTemplates).where(where),
  ]);
  return {
    items: rows.map((r) => presentTemplate(ctx.actor, r.t, { id: r.versionId, itemCount: r.itemCount, sectionCount: r.sectionCount })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function detail(db: Executor, actor: Actor, row: TemplateRow, versionNumber?: number): Promise<ChecklistDetail> {
  const [versions, source] = await Promise.all([
    db
      .select({ v: checklistVersions, createdByName: users.displayName })
      .from(checklistVersions)
      .leftJoin(users, eq(users.id, checklistVersions.createdBy))
      .where(eq(checklistVersions.templateId, row.id))
      .orderBy(desc(checklistVersions.number)),
    row.copiedFromId
      ? db
          .select({ name: checklistTemplates.name })
          .from(checklistTemplates)
          .where(and(eq(checklistTemplates.id, row.copiedFromId), eq(checklistTemplates.districtId, row.districtId)))
      : Promise.resolve([]),
  ]);
  const current = versions.find((x) => x.v.number === row.currentVersion)!.v;
  const wanted = versionNumber ?? row.currentVersion;
  const shown = versions.find((x) => x.v.number === wanted)?.v;
  if (!shown) throw notFound(`${WHAT}第 ${wanted} 版`);
  return {
    ...presentTemplate(actor, row, { id: current.id, itemCount: current.itemCount, sectionCount: (current.sections as unknown[]).length }),
    shown: presentVersion(row, shown),
    versions: versions.map(({ v, createdByName }) => ({
      id: v.id,
      number: v.number,
      itemCount: v.itemCount,
      createdAt: v.createdAt.toISOString(),
      createdByName,
    })),
    copiedFromName: source[0]?.name ?? null,
  };
}

export async function getChecklist(ctx: Ctx, id: number, versionNumber?: number) {
  requireAccess(ctx.actor, 'checklist.read');
  const row = await findTemplate(ctx.db, ctx.actor, id);
  return detail(ctx.db, ctx.actor, row, versionNumber);
}

export async function getChecklistVersion(ctx: Ctx, versionId: number): Promise<ChecklistVersion> {
  requireAccess(ctx.actor, 'checklist.read');
  const [row] = await ctx.db
    .select({ t: checklistTemplates, v: checklistVersions })
    .from(checklistVersions)
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, checklistVersions.templateId))
    .where(and(eq(checklistVersions.id, versionId), eq(checklistTemplates.districtId, ctx.actor.districtId)));
  if (!row) throw notFound('检查表');
  return presentVersion(row.t, row.v);
}

// ---- writing --------------------------------------------------------------------------------

function checkContent(sections: ChecklistSection[]) {
  const problems = checklistProblems(sections);
  if (problems.length) {
    throw badRequest(
      'VALIDATION_FAILED',
      `${fieldLabels.sections}：${problems[0].message}`,
      problems.map((p) => ({ field: p.field, label: fieldLabels.sections, message: p.message })),
    );
  }
}

const nameTaken = (name: string) => conflict('CHECKLIST_NAME_TAKEN', `本区已有名为“${name}”的检查表模板，请换一个名称`);

async function insertVersion(tx: Executor, templateId: number, number: number, sections: ChecklistSection[], createdBy: number | null) {
  const [v] = await tx
    .insert(checklistVersions)
    .values({ templateId, number, sections, itemCount: itemCount(sections), createdBy })
    .returning();
  return v;
}

const snapshot = (row: TemplateRow) => ({
  name: row.name,
  description: row.description,
  builtin: row.builtin,
  status: row.status,
  currentVersion: row.currentVersion,
  copiedFromId: row.copiedFromId,
});

/** A new, editable template from the current version of another (built-in or not). */
export async function copyChecklist(ctx: Ctx, id: number, input: CopyChecklist) {
  requireAccess(ctx.actor, 'checklist.manage');
  return ctx.db.transaction(async (tx) => {
    const source = await findTemplate(tx, ctx.actor, id);
    const from = (await versionOf(tx, source.id, source.currentVersion))!;
    let row: TemplateRow;
    try {
      [row] = await tx
        .insert(checklistTemplates)
        .values({
          districtId: ctx.actor.districtId,
          name: input.name,
          description: input.description === undefined ? source.description : input.description || null,
          builtin: false,
          copiedFromId: source.id,
          currentVersion: 1,
          createdBy: ctx.actor.id,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(input.name);
      throw err;
    }
    const v = await insertVersion(tx, row.id, 1, from.sections as ChecklistSection[], ctx.actor.id);
    await writeAudit(tx, ctx, {
      action: 'create',
      objectType: 'checklist',
      objectId: row.id,
      after: { ...snapshot(row), copiedFromVersionId: from.id, versionId: v.id, itemCount: v.itemCount },
    });
    return detail(tx, ctx.actor, row);
  });
}

/**
 * Saves a template: name and description in place; changed content as a NEW version that becomes
 * current, so inspections that used an earlier version keep it unchanged.
 */
export async function updateChecklist(ctx: Ctx, id: number, input: UpdateChecklist) {
  requireAccess(ctx.actor, 'checklist.manage');
  const sections = input.sections as ChecklistSection[];
  checkContent(sections);
  return ctx.db.transaction(async (tx) => {
    const current = await findTemplate(tx, ctx.actor, id, true);
    if (current.builtin) throw conflict('CHECKLIST_BUILTIN', '内置检查表不能修改，请先“复制”一份再编辑');
    if (current.status !== 'active') throw conflict('CHECKLIST_ARCHIVED', '已归档的检查表不能修改，请先恢复');
    if (current.version !== input.version) throw staleVersion();
    const was = (await versionOf(tx, current.id, current.currentVersion))!;
    const changed = !sameSections(was.sections as ChecklistSection[], sections);
    const nextNumber = changed ? current.currentVersion + 1 : current.currentVersion;
    const v = changed ? await insertVersion(tx, current.id, nextNumber, sections, ctx.actor.id) : was;
    let row: TemplateRow;
    try {
      [row] = await tx
        .update(checklistTemplates)
        .set({
          name: input.name,
          description: input.description === undefined ? current.description : input.description || null,
          currentVersion: nextNumber,
          version: current.version + 1,
          updatedAt: ctx.now,
        })
        .where(eq(checklistTemplates.id, id))
        .returning();
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(input.name);
      throw err;
    }
    await writeAudit(tx, ctx, {
      action: 'update',
      objectType: 'checklist',
      objectId: id,
      before: { ...snapshot(current), versionId: was.id, itemCount: was.itemCount },
      after: { ...snapshot(row), versionId: v.id, itemCount: v.itemCount, newVersion: changed },
    });
    return detail(tx, ctx.actor, row);
  });
}

/** Archived templates are not offered for new inspections; their versions stay readable. */
export async function setChecklistStatus(ctx: Ctx, id: number, version: number, status: ChecklistStatus) {
  requireAccess(ctx.actor, 'checklist.manage');
  return ctx.db.transaction(async (tx) => {
    const current = await findTemplate(tx, ctx.actor, id, true);
    if (current.version !== version) throw staleVersion();
    if (current.status === status) throw conflict('CHECKLIST_STATUS_UNCHANGED', status === 'archived' ? '该检查表已归档' : '该检查表已是启用状态');
    const [row] = await tx
      .update(checklistTemplates)
      .set({ status, version: current.version + 1, updatedAt: ctx.now })
      .where(eq(checklistTemplates.id, id))
      .returning();
    await writeAudit(tx, ctx, {
      action: status === 'archived' ? 'archive' : 'restore',
      objectType: 'checklist',
      objectId: id,
      before: { status: current.status },
      after: { status },
    });
    return detail(tx, ctx.actor, row);
  });
}

/** The rows of the blank form (or a chosen version), for the Excel export; audits the export. */
export async function checklistForExport(ctx: Ctx, id: number, versionNumber?: number) {
  requireAccess(ctx.actor, 'checklist.read');
  const row = await findTemplate(ctx.db, ctx.actor, id);
  const number = versionNumber ?? row.currentVersion;
  const v = await versionOf(ctx.db, row.id, number);
  if (!v) throw notFound(`${WHAT}第 ${number} 版`);
  await ctx.db.transaction((tx) =>
    writeAudit(tx, ctx, { action: 'export', objectType: 'checklist', objectId: row.id, after: { versionId: v.id, number } }),
  );
  return { template: row, version: v, sections: v.sections as ChecklistSection[] };
}

// ---- built-in templates ---------------------------------------------------------------------

// Any 32-bit constant, with the district id as the second key: one seeder per district at a time.
const BUILTIN_LOCK = 0x436b6c01;

export type BuiltinOutcome = { name: string; id: number | null; outcome: 'created' | 'updated' | 'unchanged' | 'name_taken' };

/**
 * Makes the district's built-in templates match the shipped ones: creates what is missing, and
 * when the shipped content changed writes it as a new version (inspections keep theirs).
 * Idempotent; a custom template that already has a built-in's name is left alone.
 */
export async function ensureBuiltinChecklists(tx: Executor, districtId: number, shipped: BuiltinChecklist[] = builtinChecklists): Promise<BuiltinOutcome[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${BUILTIN_LOCK}::int, ${districtId}::int)`);
  const system = { actor: null, ip: null };
  const out: BuiltinOutcome[] = [];
  for (const b of shipped) {
    const [existing] = await tx
      .select()
      .from(checklistTemplates)
      .where(and(eq(checklistTemplates.districtId, districtId), eq(checklistTemplates.name, b.name)));
    if (!existing) {
      const [row] = await tx
        .insert(checklistTemplates)
        .values({ districtId, name: b.name, description: b.description, builtin: true, currentVersion: 1 })
        .returning();
      const v = await insertVersion(tx, row.id, 1, b.sections, null);
      await writeAudit(tx, system, {
        action: 'create',
        objectType: 'checklist',
        objectId: row.id,
        districtId,
        actorName: '系统',
        after: { ...snapshot(row), versionId: v.id, itemCount: v.itemCount },
      });
      out.push({ name: b.name, id: row.id, outcome: 'created' });
      continue;
    }
    if (!existing.builtin) {
      out.push({ name: b.name, id: null, outcome: 'name_taken' });
      continue;
    }
    const was = (await versionOf(tx, existing.id, existing.currentVersion))!;
    if (sameSections(was.sections as ChecklistSection[], b.sections) && existing.description === b.description) {
      out.push({ name: b.name, id: existing.id, outcome: 'unchanged' });
      continue;
    }
    const changed = !sameSections(was.sections as ChecklistSection[], b.sections);
    const number = changed ? existing.currentVersion + 1 : existing.currentVersion;
    const v = changed ? await insertVersion(tx, existing.id, number, b.sections, null) : was;
    const [row] = await tx
      .update(checklistTemplates)
      .set({ description: b.description, currentVersion: number, version: existing.version + 1, updatedAt: new Date() })
      .where(eq(checklistTemplates.id, existing.id))
      .returning();
    await writeAudit(tx, system, {
      action: 'update',
      objectType: 'checklist',
      objectId: row.id,
      districtId,
      actorName: '系统',
      before: { ...snapshot(existing), versionId: was.id },
      after: { ...snapshot(row), versionId: v.id, itemCount: v.itemCount, newVersion: changed },
    });
    out.push({ name: b.name, id: row.id, outcome: 'updated' });
  }
  return out;
}

/** At start: every district gets (or catches up with) the built-in templates. */
export async function ensureBuiltinChecklistsEverywhere(db: Db): Promise<void> {
  const all = await db.select({ id: districts.id }).from(districts).orderBy(asc(districts.id));
  for (const d of all) await db.transaction((tx) => ensureBuiltinChecklists(tx, d.id));
}
