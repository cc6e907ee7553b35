// The demo district's security profiles (人防、物防、技防, 002 areas 8 and 9): every school has an
// older profile from last term and a current one, with its gates (as many as the school has on
// record), guards per time slot as 002 area 8 asks (2 a gate in school hours, 4 at the peaks for
// primary schools and kindergartens, night guards doubled at boarding schools), its one-key alarms
// tested, video kept 30 days or more and linked to the bureau, the perimeter armed. Two fall short:
//   - 南山中学 (boarding): 1 night guard instead of 2 (guards.night_boarding);
//   - 东湖中学: one of its 6 one-key alarms broken (alarms.one_key_working).
// Written in bulk (two inserts, one audit event) to keep the bootstrap fast.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { GuardSlot } from '../../contracts/rules.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { securityProfiles, units, users } from '../db/schema.js';

/** A boarding school with one night guard where 002 area 8 asks for two. */
export const DEMO_SHORT_OF_NIGHT_GUARDS = '南山中学';
/** One of its six one-key alarms is broken. */
export const DEMO_ALARM_BROKEN = '东湖中学';

const gateNames = ['东门', '西门', '南门', '北门', '后门', '侧门'];
const PEAK_STAGES = new Set(['primary', 'kindergarten', 'nine_year', 'twelve_year']);

export async function loadDemoSecurityProfiles(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const schools = await db
    .select({ id: units.id, name: units.name, path: units.path, stage: units.stage, boarding: units.boarding, gateCount: units.gateCount })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), isNotNull(units.stage)))
    .orderBy(units.id);
  const accounts = await db.select({ id: users.id, unitId: users.unitId, displayName: users.displayName, username: users.username }).from(users).where(eq(users.districtId, districtId));
  const bureauAdmin = accounts.find((u) => u.username === 'demo.bureau') ?? accounts[0];
  if (!bureauAdmin) return;

  // Last term's profiles, then the current ones: one row per school in each insert.
  const earlierRows: Array<typeof securityProfiles.$inferInsert> = [];
  const currentRows: Array<typeof securityProfiles.$inferInsert> = [];
  schools.forEach((s, i) => {
    const mine = accounts.filter((u) => u.unitId === s.id);
    const recorder = mine.find((u) => /safety$|^demo\.(school|kg)$/.test(u.username)) ?? mine.find((u) => /principal$/.test(u.username)) ?? mine[0] ?? bureauAdmin;
    const n = Math.max(1, Math.min(gateNames.length, s.gateCount ?? 1));
    const peak = PEAK_STAGES.has(s.stage ?? '') ? 4 : 2;
    const shortAtNight = s.name === DEMO_SHORT_OF_NIGHT_GUARDS;
    const gates = Array.from({ length: n }, (_, g) => {
      // Night guards: one at each gate; a boarding school with one gate doubles it (002 area 8).
      let night = s.boarding && n === 1 ? 2 : 1;
      if (shortAtNight) night = g === 0 ? 1 : 0;
      const guards: Record<GuardSlot, number> = { school_hours: 2, arrival_peak: peak, dismissal_peak: peak, night };
      return { name: gateNames[g], guards };
    });
    const alarms = 2 + n * 2;
    const base = {
      districtId,
      schoolId: s.id,
      schoolPath: s.path,
      createdBy: recorder.id,
      createdByName: recorder.displayName,
      perimeterInstalled: true,
    };
    // Last term: the same gates, video kept 15 days at every third school (upgraded since), the perimeter not yet armed round the clock at every fourth.
    const earlier = addDays(today, -150 - (i % 20));
    earlierRows.push({
      ...base,
      recordedOn: earlier,
      gates,
      alarmsInstalled: alarms,
      alarmsWorking: alarms,
      alarmsLastTestedOn: addDays(earlier, -7),
      videoRetentionDays: i % 3 === 0 ? 15 : 30,
      videoLinkedToBureau: true,
      perimeterArmed24h: i % 4 !== 0,
      note: '学期初人防物防技防核查',
      createdAt: new Date(`${earlier}T02:00:00Z`),
    });
    const current = addDays(today, -10 - (i % 15));
    const broken = s.name === DEMO_ALARM_BROKEN ? 1 : 0;
    currentRows.push({
      ...base,
      recordedOn: current,
      gates,
      alarmsInstalled: alarms,
      alarmsWorking: alarms - broken,
      alarmsLastTestedOn: addDays(current, -3),
      videoRetentionDays: i % 5 === 0 ? 90 : 30,
      videoLinkedToBureau: true,
      perimeterArmed24h: true,
      note: broken ? `${broken} 台一键报警装置测试无响应，已报修` : null,
      createdAt: new Date(`${current}T02:00:00Z`),
    });
  });

  await db.transaction(async (tx) => {
    for (const rows of [earlierRows, currentRows]) if (rows.length) await tx.insert(securityProfiles).values(rows);
    await writeAudit(tx, { actor: null, ip: null }, { action: 'import', objectType: 'security_profile', districtId, actorName: '系统', after: { demo: true, records: earlierRows.length + currentRows.length } });
  });
}
