// Demo recurring inspections (issue 17): since the first of the month before last the bureau has
// scheduled every school's monthly 消防安全检查日 (001 item 13) on the 9th as a self-check. The
// schools did theirs on the day, but for one that did last month's two days late and one that
// missed it, so the schedule's page and the board's inspection.recurring show both.
import { and, eq, inArray } from 'drizzle-orm';
import { shanghaiDate } from '../../domain/dates.js';
import type { Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { inspectionOccurrences, units } from '../db/schema.js';
import { createSchedule, generateOccurrences } from '../inspection-schedules/inspection-schedules.service.js';
import { getInspection, saveResults, startInspection, submitTarget } from '../inspections/inspections.service.js';
import { demoPeople } from './people.js';

export const DEMO_FIRE_DAY_MISSED = '南山第二小学';
export const DEMO_FIRE_DAY_LATE = '东湖中学';
const FIRE_DAY = 9;

const monthBefore = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const k = y * 12 + (m - 1) - n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
};

/** The 9th of last month: the day one school missed and one did two days late. */
export const demoFireDayLastMonth = (now: Date) => `${monthBefore(shanghaiDate(now).slice(0, 7), 1)}-${String(FIRE_DAY).padStart(2, '0')}`;

export async function loadDemoInspectionSchedules(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  const ctx = (actor: Actor, at: Date): Ctx => ({ db, actor, ip: null, roleTable: table, now: at });
  const bureau = people.find((p) => p.username === 'demo.bureau');
  if (!bureau) return;
  const today = shanghaiDate(now);
  const thisMonth = today.slice(0, 7);
  const first = monthBefore(thisMonth, 2);
  const schools = await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active')));
  const withOfficer = schools.filter((s) => people.some((p) => p.unitId === s.id && rolesOf(p.id).includes('school_safety_officer')));
  const schedule = await createSchedule(ctx(actorOf(bureau), new Date(`${first}-01T01:00:00Z`)), {
    title: '消防安全检查日',
    kind: 'self_check',
    cadence: 'monthly',
    monthDay: FIRE_DAY,
    startsOn: `${first}-01`,
    schoolIds: withOfficer.map((s) => s.id),
  });

  // The job as it ran on each past 9th (and today's, should today be the 9th).
  const days = [0, 1, 2].map((n) => `${monthBefore(thisMonth, 2 - n)}-${String(FIRE_DAY).padStart(2, '0')}`).filter((d) => d <= today);
  for (const d of days) await generateOccurrences(db, table, new Date(`${d}T01:00:00Z`));

  const lastMonthDay = demoFireDayLastMonth(now);
  const occ = await db
    .select({ occursOn: inspectionOccurrences.occursOn, schoolId: inspectionOccurrences.schoolId, inspectionId: inspectionOccurrences.inspectionId, targetId: inspectionOccurrences.targetId })
    .from(inspectionOccurrences)
    .where(and(eq(inspectionOccurrences.scheduleId, schedule.id), inArray(inspectionOccurrences.schoolId, withOfficer.map((s) => s.id))));
  for (const o of occ) {
    if (!o.inspectionId || !o.targetId || o.occursOn === today) continue;
    const school = withOfficer.find((s) => s.id === o.schoolId)!;
    if (school.name === DEMO_FIRE_DAY_MISSED && o.occursOn === lastMonthDay) continue;
    const officer = people.find((p) => p.unitId === o.schoolId && rolesOf(p.id).includes('school_safety_officer'))!;
    const late = school.name === DEMO_FIRE_DAY_LATE && o.occursOn === lastMonthDay;
    const at = new Date(`${o.occursOn}T0${late ? 3 : 2}:30:00Z`);
    if (late) at.setUTCDate(at.getUTCDate() + 2);
    const c = ctx(actorOf(officer), at);
    const insp = await getInspection(c, o.inspectionId);
    const begun = await startInspection(c, o.inspectionId, insp.version);
    const target = begun.targets.find((t) => t.id === o.targetId)!;
    const keys = begun.sections.flatMap((sec) => sec.items.map((it) => it.key));
    const marked = await saveResults(c, o.inspectionId, target.id, { version: target.version, results: keys.map((itemKey) => ({ itemKey, result: 'pass' as const })) });
    await submitTarget(c, o.inspectionId, target.id, { version: marked.version, summary: '消防安全检查日：疏散通道、消防器材、电气线路检查未发现问题', failed: [] });
  }
}
