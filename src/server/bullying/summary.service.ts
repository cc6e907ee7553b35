// Counts upward, names never (issue 22: the same protection as students of concern): towns and the
// bureau see per school the committee's size and meetings, whether a help line is set, this
// semester's screenings of early signs, and the cases by status and determination with the overdue
// inquiries. Every query here reads codes and counts; none selects a sealed column or a pupil.
import { and, eq, gte, inArray, isNull, like, lte, sql, type SQL } from 'drizzle-orm';
import { caseStatuses, type BullyingSummary, type BullyingSummaryRow } from '../../contracts/bullying.js';
import { requireAccess, unitScope } from '../access/access.js';
import { currentSemester } from '../care/summary.service.js';
import { todayOf, type Ctx } from '../context.js';
import { bullyingCases, bullyingCommitteeMembers, bullyingHelpLines, bullyingMeetings, bullyingScreenings } from '../db/schema.js';
import { unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { school, town, townOfSchool } from '../ledger/recorded-ledger.js';

export async function bullyingSummary(ctx: Ctx, q: { townId?: number }): Promise<BullyingSummary> {
  requireAccess(ctx.actor, 'bullying.summary');
  const today = todayOf(ctx);
  const semester = await currentSemester(ctx);
  const to = semester.endsOn < today ? semester.endsOn : today;
  const conds: SQL[] = [unitScope(ctx.actor, school), eq(school.kind, 'school'), eq(school.status, 'active')];
  if (q.townId) conds.push(like(school.path, `${(await unitInScopeOr404(ctx.db, ctx.actor, q.townId, '镇街')).path}%`));
  const schools = await ctx.db.select({ id: school.id, name: school.name, townName: town.name }).from(school).leftJoin(town, townOfSchool).where(and(...conds)).orderBy(school.path);
  const ids = schools.map((s) => s.id);
  const rows = new Map<number, BullyingSummaryRow>(
    schools.map((s) => [
      s.id,
      { schoolId: s.id, schoolName: s.name, townName: s.townName, committeeMembers: 0, meetings: 0, helpLine: false, screenedClasses: 0, signsFound: 0, byStatus: Object.fromEntries(caseStatuses.map((k) => [k, 0])), bullying: 0, notBullying: 0, overdueInquiries: 0, incidents: 0 },
    ]),
  );
  if (ids.length) {
    const perStatus = Object.fromEntries(caseStatuses.map((k) => [`s_${k}`, sql<number>`count(*) filter (where ${bullyingCases.status} = ${k})::int`]));
    const [cases, members, meetings, lines, screens] = await Promise.all([
      ctx.db
        .select({
          schoolId: bullyingCases.schoolId,
          bullying: sql<number>`count(*) filter (where ${bullyingCases.isBullying})::int`,
          notBullying: sql<number>`count(*) filter (where not ${bullyingCases.isBullying})::int`,
          overdue: sql<number>`count(*) filter (where ${bullyingCases.status} = 'inquiry' and ${bullyingCases.inquiryDueOn} < ${today})::int`,
          incidents: sql<number>`count(${bullyingCases.incidentId})::int`,
          ...perStatus,
        })
        .from(bullyingCases)
        .where(inArray(bullyingCases.schoolId, ids))
        .groupBy(bullyingCases.schoolId),
      ctx.db
        .select({ schoolId: bullyingCommitteeMembers.schoolId, n: sql<number>`count(*)::int` })
        .from(bullyingCommitteeMembers)
        .where(and(inArray(bullyingCommitteeMembers.schoolId, ids), isNull(bullyingCommitteeMembers.removedAt)))
        .groupBy(bullyingCommitteeMembers.schoolId),
      ctx.db
        .select({ schoolId: bullyingMeetings.schoolId, n: sql<number>`count(*)::int` })
        .from(bullyingMeetings)
        .where(and(inArray(bullyingMeetings.schoolId, ids), gte(bullyingMeetings.heldOn, semester.startsOn), lte(bullyingMeetings.heldOn, to)))
        .groupBy(bullyingMeetings.schoolId),
      ctx.db.select({ schoolId: bullyingHelpLines.schoolId }).from(bullyingHelpLines).where(inArray(bullyingHelpLines.schoolId, ids)),
      ctx.db
        .select({ schoolId: bullyingScreenings.schoolId, n: sql<number>`count(*)::int`, signs: sql<number>`sum(${bullyingScreenings.signsFound})::int` })
        .from(bullyingScreenings)
        .where(and(inArray(bullyingScreenings.schoolId, ids), gte(bullyingScreenings.screenedOn, semester.startsOn), lte(bullyingScreenings.screenedOn, to)))
        .groupBy(bullyingScreenings.schoolId),
    ]);
    for (const c of cases) {
      const row = rows.get(c.schoolId)!;
      const counts = c as unknown as Record<string, number>;
      for (const k of caseStatuses) row.byStatus[k] = counts[`s_${k}`] ?? 0;
      Object.assign(row, { bullying: c.bullying, notBullying: c.notBullying, overdueInquiries: c.overdue, incidents: c.incidents });
    }
    for (const m of members) rows.get(m.schoolId)!.committeeMembers = m.n;
    for (const m of meetings) rows.get(m.schoolId)!.meetings = m.n;
    for (const l of lines) rows.get(l.schoolId)!.helpLine = true;
    for (const s of screens) Object.assign(rows.get(s.schoolId)!, { screenedClasses: s.n, signsFound: s.signs ?? 0 });
  }
  return { semester: { startsOn: semester.startsOn, endsOn: semester.endsOn, label: semester.label }, items: [...rows.values()] };
}
