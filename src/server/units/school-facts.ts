// A school's unit row as the rule engine reads it. Used by the compliance rollup, the security
// profile list and the bench, so it sits with units rather than in one of them.
import type { Ownership, SchoolStage } from '../../contracts/enums.js';
import type { UnitFacts } from '../../domain/rules/records.js';
import type { units } from '../db/schema.js';

/** A school's attributes as the engine reads them (which rules apply: stage, boarding, buses, gates …). */
export function schoolFactsOf(u: typeof units.$inferSelect): UnitFacts {
  return {
    id: u.id,
    kind: 'school',
    name: u.name,
    stage: u.stage as SchoolStage | null,
    ownership: u.ownership as Ownership | null,
    boarding: u.boarding,
    schoolBus: u.schoolBus,
    rural: u.rural,
    gateCount: u.gateCount,
    studentCount: u.studentCount,
    canteen: u.canteen,
    shelter: u.shelter,
  };
}
