// QR labels on places and equipment (二维码标签, issue 17). The things labelled are those other
// mechanisms already keep, read here and nowhere stored twice: buildings and their floors
// (buildings.floors), the canteen (the school's `canteen` fact), lab stores (the `store` of the
// school's chemicals), gates (the latest security profile's gates) and special equipment. A code is
// issued when the thing is recorded, by the database's triggers (migration 0056 labels_issue, on
// every write path: services, imports, the demo), so listing and printing only read (a replica can
// answer them). One valid code per thing (a partial unique index); it stays valid until revoked,
// and revoking issues the next one. A renamed lab store or gate keeps its code (the same triggers).
// Resolving a code answers only within the caller's scope: another school's code is 404.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { LabelKind, LabelList, LabelListQuery, LabelView, ScannedLabel } from '../../contracts/labels.js';
import type { checklistSection } from '../../contracts/checklists.js';
import type { z } from 'zod';

type ChecklistSection = z.infer<typeof checklistSection>;
import { floorName, floorRef, hazardAreaOf, labelUrl, placeAreas } from '../../domain/labels.js';
import { can, requireAccess, schoolLedgerScope } from '../access/access.js';
import { schoolRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { buildings, checklistTemplates, checklistVersions, chemicals, labels, securityProfiles, specialEquipment, units } from '../db/schema.js';
import { notFound } from '../errors.js';
import { getEquipment } from '../equipment/equipment.service.js';

/** A thing a label may be put on: its kind, its key within the school and kind, its printed name. */
interface Thing {
  kind: LabelKind;
  ref: string;
  name: string;
}

/** The school's things of one kind or all, in the order they are printed. */
async function thingsOf(db: Executor, schoolId: number, kind?: LabelKind): Promise<Thing[]> {
  const want = (k: LabelKind) => !kind || kind === k;
  const out: Thing[] = [];
  if (want('building') || want('floor')) {
    const rows = await db
      .select({ id: buildings.id, name: buildings.name, floors: buildings.floors })
      .from(buildings)
      .where(and(eq(buildings.schoolId, schoolId), eq(buildings.status, 'recorded')))
      .orderBy(asc(buildings.id));
    for (const b of rows) {
      if (want('building')) out.push({ kind: 'building', ref: String(b.id), name: b.name });
      if (want('floor')) for (let f = 1; f <= b.floors; f++) out.push({ kind: 'floor', ref: floorRef(b.id, f), name: floorName(b.name, f) });
    }
  }
  if (want('canteen')) {
    const [u] = await db.select({ canteen: units.canteen }).from(units).where(eq(units.id, schoolId));
    if (u?.canteen) out.push({ kind: 'canteen', ref: 'canteen', name: '学校食堂' });
  }
  if (want('lab_store')) {
    const rows = await db
      .selectDistinct({ store: chemicals.store })
      .from(chemicals)
      .where(and(eq(chemicals.schoolId, schoolId), eq(chemicals.status, 'recorded')))
      .orderBy(asc(chemicals.store));
    for (const r of rows) out.push({ kind: 'lab_store', ref: r.store, name: r.store });
  }
  if (want('gate')) {
    // The gates of the school's latest security profile (a new profile is how a school records a change).
    const [p] = await db
      .select({ gates: securityProfiles.gates })
      .from(securityProfiles)
      .where(eq(securityProfiles.schoolId, schoolId))
      .orderBy(desc(securityProfiles.recordedOn), desc(securityProfiles.id))
      .limit(1);
    const names = new Set(((p?.gates ?? []) as { name: string }[]).map((g) => g.name));
    for (const name of names) out.push({ kind: 'gate', ref: name, name });
  }
  if (want('equipment')) {
    const rows = await db
      .select({ id: specialEquipment.id, name: specialEquipment.name })
      .from(specialEquipment)
      .where(and(eq(specialEquipment.schoolId, schoolId), eq(specialEquipment.status, 'recorded')))
      .orderBy(asc(specialEquipment.id));
    for (const e of rows) out.push({ kind: 'equipment', ref: String(e.id), name: e.name });
  }
  return out;
}

const keyOf = (kind: string, ref: string) => `${kind}\u0000${ref}`;

/** The school's labels with their codes (a pure read: the codes were issued when the things were recorded). */
async function labelsOf(ctx: Ctx, q: LabelListQuery, base: string) {
  requireAccess(ctx.actor, 'ledger.read');
  const school = await schoolRef(ctx.db, ctx.actor, q.schoolId);
  const things = await thingsOf(ctx.db, school.id, q.kind);
  const rows = await ctx.db
    .select({ kind: labels.kind, ref: labels.ref, code: labels.code, issuedAt: labels.issuedAt })
    .from(labels)
    .where(and(eq(labels.schoolId, school.id), isNull(labels.revokedAt), q.kind ? eq(labels.kind, q.kind) : inArray(labels.kind, [...new Set(things.map((t) => t.kind))])));
  const byKey = new Map(rows.map((r) => [keyOf(r.kind, r.ref), r]));
  const items: LabelView[] = things.flatMap((t) => {
    const r = byKey.get(keyOf(t.kind, t.ref));
    return r ? [{ kind: t.kind, name: t.name, code: r.code, url: labelUrl(base, r.code), issuedAt: r.issuedAt.toISOString() }] : [];
  });
  return { school, items };
}

export async function listLabels(ctx: Ctx, q: LabelListQuery, base: string): Promise<LabelList> {
  const { school, items } = await labelsOf(ctx, q, base);
  return { schoolId: school.id, schoolName: school.name, items, canRevoke: can(ctx.actor, 'ledger.write') };
}

/** The labels to print, the printing audited like any export. */
export async function labelsToPrint(ctx: Ctx, q: LabelListQuery, base: string) {
  const { school, items } = await labelsOf(ctx, q, base);
  await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'label', after: { filter: q, labels: items.length } }));
  return { schoolName: school.name, items };
}

/** A valid code in the caller's scope, else 404 (another school's, revoked or never issued alike). */
async function labelOr404(db: Executor, ctx: Ctx, code: string, lock = false) {
  const query = db
    .select({ label: labels, schoolName: units.name })
    .from(labels)
    .innerJoin(units, eq(units.id, labels.schoolId))
    .where(and(eq(labels.code, code), isNull(labels.revokedAt), schoolLedgerScope(ctx.actor, labels)));
  const [row] = lock ? await query.for('update', { of: labels }) : await query;
  if (!row) throw notFound('标签');
  return row;
}

/** The items of the district's active checklists (current versions) in the given areas. */
async function checklistItemsIn(db: Executor, districtId: number, areas: readonly string[]): Promise<ScannedLabel['checklistItems']> {
  if (!areas.length) return [];
  const rows = await db
    .select({ id: checklistTemplates.id, name: checklistTemplates.name, sections: checklistVersions.sections })
    .from(checklistTemplates)
    .innerJoin(checklistVersions, and(eq(checklistVersions.templateId, checklistTemplates.id), eq(checklistVersions.number, checklistTemplates.currentVersion)))
    .where(and(eq(checklistTemplates.districtId, districtId), eq(checklistTemplates.status, 'active')))
    .orderBy(asc(checklistTemplates.id));
  return rows.flatMap((r) =>
    (r.sections as ChecklistSection[])
      .filter((s) => areas.includes(s.area))
      .flatMap((s) => s.items.map((i) => ({ ...i, checklistId: r.id, checklistName: r.name, sectionTitle: s.title, area: s.area }))),
  );
}

/** What a scanned code opens: the place's checklist items, or the equipment with its due inspection; the hazard report's prefill. */
export async function resolveLabel(ctx: Ctx, code: string): Promise<ScannedLabel> {
  requireAccess(ctx.actor, 'ledger.read');
  const { label, schoolName } = await labelOr404(ctx.db, ctx, code);
  const kind = label.kind as LabelKind;
  const thing = (await thingsOf(ctx.db, label.schoolId, kind)).find((t) => t.ref === label.ref);
  // The building was voided, the gate left the latest profile …: the label opens nothing any more.
  if (!thing) throw notFound('标签对应的地点或设备');
  const equipment = kind === 'equipment' ? await getEquipment(ctx, Number(label.ref)) : null;
  const location = equipment?.location ? `${thing.name}（${equipment.location}）` : thing.name;
  return {
    kind,
    name: thing.name,
    code: label.code,
    schoolId: label.schoolId,
    schoolName,
    hazard: { area: hazardAreaOf(kind), location },
    checklistItems: await checklistItemsIn(ctx.db, label.districtId, placeAreas[kind]),
    equipment,
    canReportHazard: can(ctx.actor, 'hazard.report'),
  };
}

/** Revoke a code (a label lost, damaged or copied) and issue the next one for the same thing. */
export async function revokeLabel(ctx: Ctx, code: string, reason: string, base: string): Promise<LabelView> {
  requireAccess(ctx.actor, 'ledger.write');
  return ctx.db.transaction(async (tx) => {
    const { label } = await labelOr404(tx, ctx, code, true);
    const thing = (await thingsOf(tx, label.schoolId, label.kind as LabelKind)).find((t) => t.ref === label.ref);
    if (!thing) throw notFound('标签对应的地点或设备');
    await tx.update(labels).set({ revokedAt: ctx.now, revokedBy: ctx.actor.id, revokeReason: reason }).where(eq(labels.id, label.id));
    const [next] = await tx
      .insert(labels)
      .values({ districtId: label.districtId, schoolId: label.schoolId, schoolPath: label.schoolPath, kind: label.kind, ref: label.ref })
      .returning();
    // The codes themselves stay out of the audit trail: anyone reading it could open the place.
    await writeAudit(tx, ctx, { action: 'void', objectType: 'label', objectId: label.id, before: { kind: label.kind, name: thing.name }, after: { reason, next: next.id } });
    return { kind: thing.kind, name: thing.name, code: next.code, url: labelUrl(base, next.code), issuedAt: next.issuedAt.toISOString() };
  });
}
