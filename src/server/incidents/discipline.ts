// The incidents' discipline flags as the notices, the assessment and 前置审核 read them (issue 13):
// one item per incident and flag, in a range of days on which the failure happened, computed by
// the same pure function as the incident's page (src/domain/incidents.ts), never stored by hand.
import { and, asc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { shanghaiDate } from '../../domain/dates.js';
import { incidentFlags, type IncidentLevel, type ReportKind } from '../../domain/incidents.js';
import type { Executor } from '../db/client.js';
import { incidentDeterminations, incidentReports, incidents, units } from '../db/schema.js';
import { deadlinesFor } from './deadlines.js';

export interface IncidentDisciplineItem {
  incidentId: number;
  code: string;
  unitId: number;
  flag: 'late' | 'missing' | 'false' | 'concealed' | 'responsibility_accident';
  /** The Shanghai day the failure happened: the deadline passed, the late report came, the bureau signed. */
  occurredOn: string;
  /** One Chinese sentence. */
  evidence: string;
}

const DAY_MS = 86_400_000;

/**
 * The flags of the district's incidents (of the given units, or all) whose failure happened within
 * range.from..range.to (Shanghai days, inclusive), judged now. Incidents known up to a year before
 * the range are read: a flag falls at most a week after knowing, or when the bureau signs.
 */
export async function incidentDiscipline(
  db: Executor,
  districtId: number,
  range: { from: string; to: string },
  unitIds?: number[],
  /** Judged at this instant (tests pass their clock). */
  now: Date = new Date(),
): Promise<IncidentDisciplineItem[]> {
  if (unitIds && !unitIds.length) return [];
  const fromAt = new Date(`${range.from}T00:00:00+08:00`);
  const toAt = new Date(Date.parse(`${range.to}T00:00:00+08:00`) + DAY_MS);
  const deadlines = await deadlinesFor(db, districtId);
  const conds: Array<SQL | undefined> = [
    eq(incidents.districtId, districtId),
    lt(incidents.knownAt, toAt),
    or(
      gte(incidents.knownAt, new Date(fromAt.getTime() - 8 * DAY_MS)),
      sql`exists (select 1 from ${incidentDeterminations} d where d.incident_id = ${incidents.id} and d.created_at >= ${fromAt})`,
    ),
  ];
  if (unitIds) conds.push(inArray(incidents.unitId, unitIds));
  const rows = await db.select().from(incidents).where(and(...conds)).orderBy(asc(incidents.id));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [reports, dets, names] = await Promise.all([
    db.select().from(incidentReports).where(inArray(incidentReports.incidentId, ids)).orderBy(asc(incidentReports.reportedAt), asc(incidentReports.id)),
    db.select().from(incidentDeterminations).where(inArray(incidentDeterminations.incidentId, ids)).orderBy(asc(incidentDeterminations.id)),
    db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, [...new Set(rows.map((r) => r.unitId))])),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const out: IncidentDisciplineItem[] = [];
  for (const r of rows) {
    const flags = incidentFlags(
      {
        level: r.severity as IncidentLevel,
        dead: r.dead,
        injured: r.injured,
        missingPersons: r.missingPersons,
        knownAt: r.knownAt,
        source: r.source as 'self' | 'higher',
        unitName: nameOf.get(r.unitId) ?? '',
        reports: reports
          .filter((x) => x.incidentId === r.id)
          .map((x) => ({ id: x.id, kind: x.kind as ReportKind, reportedAt: x.reportedAt, byOwnUnit: x.byOwnUnit, level: x.severity as IncidentLevel, dead: x.dead, injured: x.injured, missingPersons: x.missingPersons })),
        determinations: dets
          .filter((d) => d.incidentId === r.id)
          .map((d) => ({
            id: d.id,
            findings: d.findings as Array<'false' | 'concealed' | 'responsibility_accident'>,
            reasons: d.reasons,
            facts: d.severity ? { level: d.severity as IncidentLevel, dead: d.dead ?? 0, injured: d.injured ?? 0, missingPersons: d.missingPersons ?? 0 } : null,
            signedByName: d.actorName,
            signedAt: d.createdAt,
          })),
      },
      deadlines,
      now,
    );
    for (const f of flags) {
      if (f.at < fromAt || f.at >= toAt) continue;
      out.push({ incidentId: r.id, code: r.code, unitId: r.unitId, flag: f.flag, occurredOn: shanghaiDate(f.at), evidence: f.evidence });
    }
  }
  return out;
}
