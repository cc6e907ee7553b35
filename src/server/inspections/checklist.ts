// The checklist (排查表) an inspection fills in, read from the template tables. An inspection
// keeps the version it started with, so later edits of the template do not change a filled form.
import { and, asc, eq } from 'drizzle-orm';
import type { ChecklistSection } from '../../contracts/inspections.js';
import type { Executor } from '../db/client.js';
import { checklistTemplates, checklistVersions } from '../db/schema.js';

export interface ChecklistVersionRef {
  id: number;
  templateId: number;
  templateName: string;
  number: number;
  sections: ChecklistSection[];
}

const columns = {
  id: checklistVersions.id,
  templateId: checklistVersions.templateId,
  templateName: checklistTemplates.name,
  number: checklistVersions.number,
  sections: checklistVersions.sections,
};

/** The current version of an active template of the district, or null. */
export async function currentChecklistVersion(db: Executor, districtId: number, templateId: number): Promise<ChecklistVersionRef | null> {
  const [row] = await db
    .select(columns)
    .from(checklistVersions)
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, checklistVersions.templateId))
    .where(
      and(
        eq(checklistTemplates.id, templateId),
        eq(checklistTemplates.districtId, districtId),
        eq(checklistTemplates.status, 'active'),
        eq(checklistVersions.number, checklistTemplates.currentVersion),
      ),
    );
  return row ? { ...row, sections: row.sections as ChecklistSection[] } : null;
}

/** One version of a template of the district, whatever the template's state now. */
export async function checklistVersionById(db: Executor, districtId: number, versionId: number): Promise<ChecklistVersionRef | null> {
  const [row] = await db
    .select(columns)
    .from(checklistVersions)
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, checklistVersions.templateId))
    .where(and(eq(checklistVersions.id, versionId), eq(checklistTemplates.districtId, districtId)));
  return row ? { ...row, sections: row.sections as ChecklistSection[] } : null;
}

/** The district's built-in template (the first active one), used by a one-tap self-check. */
export async function builtinTemplateId(db: Executor, districtId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: checklistTemplates.id })
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.districtId, districtId), eq(checklistTemplates.builtin, true), eq(checklistTemplates.status, 'active')))
    .orderBy(asc(checklistTemplates.id))
    .limit(1);
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
