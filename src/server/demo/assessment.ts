// The demo district's yearly assessment (issue 14): the year's scheme, saved by the bureau's clerk
// as version 1, so that 年度考核 can be computed from the demo's hazards, campaign, ledgers and
// letters. The district's units have been on the books since before the year; one kindergarten
// joined this year, so its score counts only what fell due after it joined.
import { and, eq, sql } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { DEFAULT_SCHEME } from '../../domain/assessment.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { assessmentSchemes, users } from '../db/schema.js';

/** Joined the district this year (three months before the demo's day, or on 1 January). */
export const DEMO_JOINED_MID_YEAR = '东湖小天使幼儿园';

export async function loadDemoAssessment(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const [clerk] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(and(eq(users.districtId, districtId), eq(users.username, 'demo.bureau')));
  if (!clerk) return;
  const joined = addDays(today, -90) > `${year}-01-01` ? addDays(today, -90) : `${year}-01-01`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`update units set created_at = ${`${year - 1}-08-01T00:00:00Z`}::timestamptz where district_id = ${districtId}`);
    await tx.execute(sql`update units set created_at = ${`${joined}T00:00:00Z`}::timestamptz where district_id = ${districtId} and name = ${DEMO_JOINED_MID_YEAR}`);
    const reason = `依据《${year}年学校安全工作要点》（001 第22条：将安全工作纳入绩效考核）制定本年度考核方案`;
    await tx.insert(assessmentSchemes).values({ districtId, year, version: 1, indicators: DEFAULT_SCHEME.indicators, grades: DEFAULT_SCHEME.grades, reason, savedBy: clerk.id, savedByName: clerk.displayName });
    await writeAudit(tx, { actor: null, ip: null }, { action: 'create', objectType: 'assessment_scheme', objectId: `${year}`, districtId, actorName: '系统', after: { demo: true, version: 1, ...DEFAULT_SCHEME, reason } });
  });
}
