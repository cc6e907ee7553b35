// What the rule engine reads for the duty rules (duty.holiday_leader, 000 item 4; duty.key_period_24h,
// 003) and the fire special inspections of a key period (inspection.key_period_fire, 003): the duty
// entries, and the completed inspections of the hazard loop with the safety areas they checked.
import { and, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { SafetyArea } from '../../contracts/enums.js';
import type { DutyRole } from '../../contracts/rules.js';
import { shanghaiDate } from '../../domain/dates.js';
import type { DutyRecord, InspectionRecord } from '../../domain/rules/records.js';
import { campaignAreas, checklistVersions, dutyEntries, hazards, inspections, inspectionTargets } from '../db/schema.js';
import { column, dayColumn, readColumns } from '../db/columns.js';
import type { ReadScope } from '../compliance/ledger-readers.js';

/**
 * Every entry of the periods judged, ahead of the as-of day too: a key period or holiday still
 * under way is "due soon" when its coming days are rostered and missed when they are not.
 */
export async function readDuties(s: ReadScope): Promise<DutyRecord[]> {
  const periods = s.dutyPeriods;
  if (!periods.length) return [];
  // Read as columns (db/columns.ts): a school's year of holidays and key periods is ~270
  // entries, and the drivers spent most of a read on each row, then on parsing `array_agg` text
  // (BENCHMARKS.md, issues 4 and 15). Only the days of the periods judged: 800 days back and 400
  // ahead were ten times as many rows.
  const d = dutyEntries;
  const c = await readColumns<{ ids: number[]; units: number[]; dates: string[]; roles: string[]; hours: number[]; confirmed: boolean[] }>(
    s.db,
    sql`select ${column(d.id, 'ids')}, ${column(d.schoolId, 'units')}, ${dayColumn(d.dutyOn, 'dates')}, ${column(d.role, 'roles')},
               ${column(sql`${d.hours}::float8`, 'hours')}, ${column(sql`${d.confirmedAt} is not null`, 'confirmed')}
        from ${d} where ${and(s.schools(d), or(...periods.map((p) => and(gte(d.dutyOn, p.startsOn), lte(d.dutyOn, p.endsOn)))))}`,
    ['dates'],
  );
  const list: DutyRecord[] = new Array(c.ids.length);
  for (let i = 0; i < c.ids.length; i++) list[i] = { id: c.ids[i], unitId: c.units[i], date: c.dates[i], role: c.roles[i] as DutyRole, hours: c.hours[i], confirmed: c.confirmed[i] };
  return list;
}

/** The areas a checklist version's sections check (sections without items check nothing). */
function areasOfSections(sections: unknown): SafetyArea[] {
  const list = Array.isArray(sections) ? (sections as Array<{ area?: SafetyArea; items?: unknown[] }>) : [];
  return [...new Set(list.filter((x) => x.area && (x.items?.length ?? 0) > 0).map((x) => x.area!))];
}

/**
 * The inspections completed (the school's form submitted and signed) at the schools, counted on
 * the Shanghai day of submission, with their areas: the checklist version's sections; for a
 * follow-up (回头看) the areas of the hazards it checked again at that school; for an inspection
 * with neither, its campaign's areas. One record per inspection and school, by inspection id.
 */
export async function readInspections(s: ReadScope, from: string): Promise<InspectionRecord[]> {
  const rows = await s.db
    .select({
      inspectionId: inspections.id,
      kind: inspections.kind,
      checklistVersionId: inspections.checklistVersionId,
      campaignId: inspections.campaignId,
      followUpHazardIds: inspections.followUpHazardIds,
      schoolId: inspectionTargets.schoolId,
      submittedAt: inspectionTargets.submittedAt,
    })
    .from(inspectionTargets)
    .innerJoin(inspections, eq(inspections.id, inspectionTargets.inspectionId))
    .where(and(s.schools(inspectionTargets), eq(inspectionTargets.status, 'submitted'), gte(inspectionTargets.submittedAt, new Date(`${from}T00:00:00+08:00`))));
  const done = rows.filter((r) => r.submittedAt && shanghaiDate(r.submittedAt) <= s.asOf);
  if (!done.length) return [];

  const versionIds = [...new Set(done.flatMap((r) => (r.checklistVersionId ? [r.checklistVersionId] : [])))];
  const hazardIds = [...new Set(done.flatMap((r) => (r.kind === 'follow_up' ? r.followUpHazardIds : [])))];
  const campaignIds = [...new Set(done.flatMap((r) => (r.kind !== 'follow_up' && !r.checklistVersionId && r.campaignId ? [r.campaignId] : [])))];
  const [versions, checked, campaigns] = await Promise.all([
    versionIds.length ? s.db.select({ id: checklistVersions.id, sections: checklistVersions.sections }).from(checklistVersions).where(inArray(checklistVersions.id, versionIds)) : [],
    hazardIds.length ? s.db.select({ id: hazards.id, schoolId: hazards.schoolId, area: hazards.area }).from(hazards).where(inArray(hazards.id, hazardIds)) : [],
    campaignIds.length ? s.db.select({ campaignId: campaignAreas.campaignId, area: campaignAreas.area }).from(campaignAreas).where(inArray(campaignAreas.campaignId, campaignIds)) : [],
  ]);
  const versionAreas = new Map(versions.map((v) => [v.id, areasOfSections(v.sections)]));

  return done.map((r): InspectionRecord => {
    let areas: SafetyArea[];
    if (r.kind === 'follow_up') {
      const ids = new Set(r.followUpHazardIds);
      areas = [...new Set(checked.filter((h) => ids.has(h.id) && h.schoolId === r.schoolId).map((h) => h.area as SafetyArea))];
    } else if (r.checklistVersionId) {
      areas = versionAreas.get(r.checklistVersionId) ?? [];
    } else {
      areas = campaigns.filter((c) => c.campaignId === r.campaignId).map((c) => c.area as SafetyArea);
    }
    return { id: r.inspectionId, unitId: r.schoolId, date: shanghaiDate(r.submittedAt!), areas };
  });
}
