// The checklist (排查表) an inspection fills in, read from the template tables. An inspection
// keeps the version it started with, so later edits of the template do not change a filled form.
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { ChecklistSection } from '../../contracts/inspections.js';
import { VIDEO_PATROL_CHECKLIST } from '../../domain/checklists/builtin.js';
import { currentVersionOf, loadChecklistVersion, type LoadedChecklistVersion } from '../checklists/checklists.service.js';
import type { Executor } from '../db/client.js';
import { checklistTemplates, checklistVersions } from '../db/schema.js';
import { AppError } from '../errors.js';

export interface ChecklistVersionRef {
  id: number;
  templateId: number;
  templateName: string;
  number: number;
  sections: ChecklistSection[];
}

/** The current version of an active template of the district, or null. */
export async function currentChecklistVersion(db: Executor, districtId: number, templateId: number): Promise<ChecklistVersionRef | null> {
  const v = await currentVersionOf(db, districtId, templateId).catch(notFoundAsNull);
  return v && v.templateStatus === 'active' ? refOf(v) : null;
}

/** One version of a template of the district, whatever the template's state now. */
export async function checklistVersionById(db: Executor, districtId: number, versionId: number): Promise<ChecklistVersionRef | null> {
  const v = await loadChecklistVersion(db, districtId, versionId).catch(notFoundAsNull);
  return v ? refOf(v) : null;
}

const refOf = (v: LoadedChecklistVersion): ChecklistVersionRef => ({
  id: v.versionId,
  templateId: v.templateId,
  templateName: v.templateName,
  number: v.number,
  sections: v.sections as ChecklistSection[],
});

function notFoundAsNull(err: unknown): null {
  if (err instanceof AppError && err.statusCode === 404) return null;
  throw err;
}

/**
 * The built-in template a one-tap self-check uses: for a kindergarten the built-in kindergarten
 * checklist (幼儿园安全检查表) when there is one, otherwise the district's first built-in template.
 */
export async function builtinTemplateId(db: Executor, districtId: number, stage?: string | null): Promise<number | null> {
  const base = and(eq(checklistTemplates.districtId, districtId), eq(checklistTemplates.builtin, true), eq(checklistTemplates.status, 'active'));
  if (stage === 'kindergarten') {
    const [kg] = await db
      .select({ id: checklistTemplates.id })
      .from(checklistTemplates)
      .where(and(base, like(checklistTemplates.name, '%幼儿园%')))
      .orderBy(asc(checklistTemplates.id))
      .limit(1);
    if (kg) return kg.id;
  }
  const [row] = await db
    .select({ id: checklistTemplates.id })
    .from(checklistTemplates)
    .where(and(base, sql`${checklistTemplates.name} not like '%幼儿园%'`))
    .orderBy(asc(checklistTemplates.id))
    .limit(1);
  if (row) return row.id;
  const [any] = await db.select({ id: checklistTemplates.id }).from(checklistTemplates).where(base).orderBy(asc(checklistTemplates.id)).limit(1);
  return any?.id ?? null;
}

/** The district's built-in video patrol checklist (视频巡查检查表): a video patrol uses it without a choice. */
export async function videoPatrolTemplateId(db: Executor, districtId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: checklistTemplates.id })
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.districtId, districtId), eq(checklistTemplates.builtin, true), eq(checklistTemplates.status, 'active'), eq(checklistTemplates.name, VIDEO_PATROL_CHECKLIST)));
  return row?.id ?? null;
}

/** The active templates of the district, for the create form. */
export async function checklistOptions(db: Executor, districtId: number) {
  const rows = await db
    .select({
      id: checklistTemplates.id,
      name: checklistTemplates.name,
      builtin: checklistTemplates.builtin,
      currentVersion: checklistTemplates.currentVersion,
      itemCount: checklistVersions.itemCount,
    })
    .from(checklistTemplates)
    .innerJoin(checklistVersions, and(eq(checklistVersions.templateId, checklistTemplates.id), eq(checklistVersions.number, checklistTemplates.currentVersion)))
    .where(and(eq(checklistTemplates.districtId, districtId), eq(checklistTemplates.status, 'active')))
    .orderBy(asc(checklistTemplates.builtin), asc(checklistTemplates.name));
  // Built-in templates first.
  return rows.sort((a, b) => Number(b.builtin) - Number(a.builtin));
}

/** Every item of a version with its section and its number on the form (1-based). */
export function itemsOf(sections: ChecklistSection[]) {
  const out: Array<{ no: number; section: ChecklistSection; item: ChecklistSection['items'][number] }> = [];
  for (const section of sections) for (const item of section.items) out.push({ no: out.length + 1, section, item });
  return out;
}
