// Who sees which notice, interview and decision, as SQL conditions for the where clause (the access
// module's rule: another unit's record is simply not found).
import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../access/access.js';
import { accountabilityDecisions, interviewCommitments, interviews, notices, noticeUnits } from '../db/schema.js';

/**
 * Notices: the bureau and its departments see every notice of the district, drafts included; a
 * town or school only published notices naming it or a unit below it.
 */
export function noticeScope(actor: Actor): SQL {
  const district = eq(notices.districtId, actor.districtId);
  if (actor.scope !== 'unit') return district;
  return and(
    district,
    eq(notices.status, 'published'),
    sql`exists (select 1 from ${noticeUnits} where ${noticeUnits.noticeId} = ${notices.id} and ${noticeUnits.unitPath} like ${`${actor.unitPath}%`})`,
  )!;
}

/** The named units of a notice the person sees: all for the district, their subtree's otherwise. */
export function noticeUnitScope(actor: Actor): SQL {
  const district = eq(noticeUnits.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(noticeUnits.unitPath, `${actor.unitPath}%`))!;
}

/** Interviews and their commitments, decisions: by the interviewed (or held to account) unit's place in the tree. */
export function interviewScope(actor: Actor): SQL {
  const district = eq(interviews.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(interviews.unitPath, `${actor.unitPath}%`))!;
}

export function commitmentScope(actor: Actor): SQL {
  const district = eq(interviewCommitments.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(interviewCommitments.unitPath, `${actor.unitPath}%`))!;
}

export function decisionScope(actor: Actor): SQL {
  const district = eq(accountabilityDecisions.districtId, actor.districtId);
  return actor.scope !== 'unit' ? district : and(district, like(accountabilityDecisions.unitPath, `${actor.unitPath}%`))!;
}
