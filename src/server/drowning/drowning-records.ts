// The compliance reader of drowning prevention (001 item 12; rules drowning.grid_covered and
// drowning.patrol_cadence): the grids of the evaluated schools, the recorded waters with the schools
// near them, the patrols since a season ago, and the flood_drowning window of the district's risk
// calendar. Registered in compliance/ledger-readers.ts.
import { and, eq, gte, lte } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';
import { drowningGridClasses, drowningPatrols, drowningWaters } from '../db/schema.js';
import { riskSectionOf } from '../risks/risks.service.js';

export async function readDrowning(s: ReadScope, out: EngineRecords) {
  const year = Number(s.asOf.slice(0, 4));
  const [grid, waters, patrols, section] = await Promise.all([
    s.db
      .select({ id: drowningGridClasses.id, unitId: drowningGridClasses.schoolId, seasonYear: drowningGridClasses.seasonYear, className: drowningGridClasses.className, pupils: drowningGridClasses.pupils, teacherId: drowningGridClasses.teacherId, covered: drowningGridClasses.covered })
      .from(drowningGridClasses)
      .where(and(s.schools(drowningGridClasses), gte(drowningGridClasses.seasonYear, year - 1), lte(drowningGridClasses.seasonYear, year))),
    // The waters of the district are few (tens per town): read whole, then fanned out to the schools near each.
    s.db.select({ id: drowningWaters.id, name: drowningWaters.name, schoolIds: drowningWaters.schoolIds }).from(drowningWaters).where(and(eq(drowningWaters.districtId, s.districtId), eq(drowningWaters.status, 'recorded'))),
    s.db
      .select({ id: drowningPatrols.id, waterIds: drowningPatrols.waterIds, patrolledOn: drowningPatrols.patrolledOn })
      .from(drowningPatrols)
      .where(and(eq(drowningPatrols.districtId, s.districtId), gte(drowningPatrols.patrolledOn, addDays(s.asOf, -400)), lte(drowningPatrols.patrolledOn, s.asOf))),
    riskSectionOf(s.db, s.districtId),
  ]);
  const b = (out.records.ledgersB ??= {});
  b.drowningGrid = grid;
  b.drowningWaters = waters.flatMap((w) => w.schoolIds.map((unitId) => ({ id: w.id, name: w.name, unitId })));
  b.drowningPatrols = patrols;
  b.drowningSeason = section.section.seasons.flood_drowning;
}
