// Who sees bullying cases (issue 22: the same protection as students of concern). A case names pupils
// of the care ledger, so its circle starts from the care circle (care/circle.ts: the principal and the
// care staff the principal named) and adds the members of the school's governance committee, who
// inquire and determine. Anyone else — the safety officer, other teachers, towns, the bureau — finds
// nothing (404, as for another school's record); counts go upward through bullying.summary.
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { CommitteeRole } from '../../contracts/bullying.js';
import type { Actor } from '../access/access.js';
import { circleOf } from '../care/circle.js';
import type { Executor } from '../db/client.js';
import { bullyingCases, bullyingCommitteeMembers } from '../db/schema.js';

export interface BullyingCircle {
  /** Schools whose cases the person sees. */
  schools: Set<number>;
  /** The person's committee role per school: who may sign a determination. */
  member: Map<number, CommitteeRole>;
}

export async function bullyingCircleOf(db: Executor, actor: Actor): Promise<BullyingCircle> {
  const care = await circleOf(db, actor);
  const rows = await db
    .select({ schoolId: bullyingCommitteeMembers.schoolId, role: bullyingCommitteeMembers.committeeRole })
    .from(bullyingCommitteeMembers)
    .where(and(eq(bullyingCommitteeMembers.userId, actor.id), eq(bullyingCommitteeMembers.districtId, actor.districtId), isNull(bullyingCommitteeMembers.removedAt)));
  const member = new Map(rows.map((r) => [r.schoolId, r.role as CommitteeRole]));
  return { schools: new Set([...care.full.keys(), ...member.keys()]), member };
}

/** The cases the person may see; with no school at all, nothing (the caller answers 404). */
export function caseCircle(actor: Actor, c: BullyingCircle): SQL {
  return and(eq(bullyingCases.districtId, actor.districtId), inArray(bullyingCases.schoolId, c.schools.size ? [...c.schools] : [-1]))!;
}
