// The compliance reader of the buildings and construction sites (校舍与施工, 001 item 18, 000 item 10;
// issue 21): the recorded buildings with the school's stage, the sites running or recently ended, and
// their checks, as the engine's plain records (src/domain/rules/records.ts, LedgerRecordsB).
// Registered in compliance/ledger-readers.ts.
import { and, eq, gte, lte } from 'drizzle-orm';
import { SITE_LOOKBACK_DAYS, type AppraisalGrade, type BuildingUse } from '../../domain/buildings.js';
import { addDays } from '../../domain/dates.js';
import { buildings, constructionChecks, constructionSites, units } from '../db/schema.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';

export async function readBuildings(s: ReadScope, out: EngineRecords) {
  const rows = await s.db
    .select({
      id: buildings.id,
      unitId: buildings.schoolId,
      name: buildings.name,
      use: buildings.use,
      inUse: buildings.inUse,
      stage: units.stage,
      oldOrIdle: buildings.oldOrIdle,
      riskAssessedOn: buildings.riskAssessedOn,
      appraisalGrade: buildings.appraisalGrade,
      appraisedOn: buildings.appraisedOn,
      nextAppraisalDueOn: buildings.nextAppraisalDueOn,
    })
    .from(buildings)
    .innerJoin(units, eq(units.id, buildings.schoolId))
    .where(and(s.schools(buildings), eq(buildings.status, 'recorded')));
  // A site is judged while running and for a while after its end (its last weeks).
  const since = addDays(s.asOf, -SITE_LOOKBACK_DAYS);
  const sites = await s.db
    .select({ id: constructionSites.id, unitId: constructionSites.schoolId, project: constructionSites.project, startsOn: constructionSites.startsOn, endsOn: constructionSites.endsOn })
    .from(constructionSites)
    .where(and(s.schools(constructionSites), eq(constructionSites.status, 'recorded'), lte(constructionSites.startsOn, s.asOf), gte(constructionSites.endsOn, since)));
  const checks = sites.length
    ? await s.db
        .select({ id: constructionChecks.id, unitId: constructionChecks.schoolId, siteId: constructionChecks.siteId, checkedOn: constructionChecks.checkedOn })
        .from(constructionChecks)
        .where(and(s.schools(constructionChecks), eq(constructionChecks.status, 'recorded'), lte(constructionChecks.checkedOn, s.asOf)))
    : [];
  const b = (out.records.ledgersB ??= {});
  b.buildings = rows.map((r) => ({
    id: r.id,
    unitId: r.unitId,
    name: r.name,
    use: r.use as BuildingUse,
    inUse: r.inUse,
    kindergartenSchool: r.stage === 'kindergarten',
    oldOrIdle: r.oldOrIdle,
    riskAssessedOn: r.riskAssessedOn !== null && r.riskAssessedOn <= s.asOf ? r.riskAssessedOn : null,
    appraisalGrade: r.appraisalGrade as AppraisalGrade | null,
    appraisedOn: r.appraisedOn,
    nextAppraisalDueOn: r.nextAppraisalDueOn,
  }));
  b.constructionSites = sites;
  b.constructionChecks = checks;
}
