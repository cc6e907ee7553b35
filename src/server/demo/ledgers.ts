// The demo district's school calendars and drill ledger: the previous and current school years'
// calendars, and about six months of drills for most schools — monthly for primary and secondary
// schools (not in the summer holiday), night drills at boarding schools, bus drills where there are
// buses, nap-time drills in kindergartens. 示范区第一幼儿园 (demo.kg) has held no drill in this
// quarter or the last, so its card shows the quarterly drill (001 item 6) missed; 北河第二小学 has
// skipped the last two months; the others' drill of this month may still be to come (due soon).
import { eq } from 'drizzle-orm';
import type { DrillKind } from '../../contracts/rules.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { quarterOf, type SchoolCalendar } from '../../domain/rules/periods.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { drills, schoolCalendars, units, users } from '../db/schema.js';

/** Left without drills this quarter and the last (the kindergarten of demo.kg). */
export const DEMO_KG_WITHOUT_DRILLS = '示范区第一幼儿园';
/** Skipped the last two months' drills. */
const lapsed = '北河第二小学';

/** The school year (YYYY-YYYY) a day falls in: from 1 August. */
const schoolYearStarting = (day: string) => (day.slice(5) >= '08-01' ? Number(day.slice(0, 4)) : Number(day.slice(0, 4)) - 1);

export function demoCalendar(y: number): SchoolCalendar {
  const n = y + 1;
  return {
    schoolYear: `${y}-${n}`,
    semesters: [
      { startsOn: `${y}-09-01`, endsOn: `${n}-01-20` },
      { startsOn: `${n}-02-20`, endsOn: `${n}-07-05` },
    ],
    holidays: [
      { name: '国庆节', startsOn: `${y}-10-01`, endsOn: `${y}-10-07` },
      { name: '元旦', startsOn: `${n}-01-01`, endsOn: `${n}-01-01` },
      { name: '寒假', startsOn: `${n}-01-21`, endsOn: `${n}-02-19` },
      { name: '劳动节', startsOn: `${n}-05-01`, endsOn: `${n}-05-05` },
      { name: '暑假', startsOn: `${n}-07-06`, endsOn: `${n}-08-31` },
    ],
  };
}

const addMonths = (month: string, k: number) => {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
};

export async function loadDemoLedgers(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const y = schoolYearStarting(today);
  const previousQuarterStart = quarterOf(addDays(quarterOf(today).startsOn, -1)).startsOn;

  const schools = await db
    .select({ id: units.id, name: units.name, path: units.path, stage: units.stage, boarding: units.boarding, schoolBus: units.schoolBus, students: units.studentCount })
    .from(units)
    .where(eq(units.districtId, districtId))
    .orderBy(units.id);
  const people = await db.select({ id: users.id, unitId: users.unitId, displayName: users.displayName, username: users.username }).from(users).where(eq(users.districtId, districtId));

  await db.transaction(async (tx) => {
    for (const cal of [demoCalendar(y - 1), demoCalendar(y)]) {
      await tx.insert(schoolCalendars).values({ districtId, schoolYear: cal.schoolYear, semesters: cal.semesters, holidays: cal.holidays });
    }

    const rows: Array<typeof drills.$inferInsert> = [];
    let i = 0;
    for (const s of schools) {
      if (!s.stage) continue; // the bureau, departments, towns
      i++;
      // The school's safety officer records its drills (the principal where there is none).
      const staff = people.filter((p) => p.unitId === s.id);
      const recorder = staff.find((p) => /safety$|^demo\.(school|kg)$/.test(p.username)) ?? staff[0];
      if (!recorder) continue;
      const kindergarten = s.stage === 'kindergarten';
      const dayOfMonth = 3 + ((i * 7) % 22);
      let n = 0;
      for (let k = -6; k <= 0; k++) {
        const month = addMonths(today.slice(0, 7), k);
        const mm = month.slice(5);
        if (mm === '07' || mm === '08') continue; // summer holiday
        const heldOn = `${month}-${String(dayOfMonth).padStart(2, '0')}`;
        if (heldOn > today) continue; // this month's drill is still to come
        if (s.name === DEMO_KG_WITHOUT_DRILLS && heldOn >= previousQuarterStart) continue;
        if (s.name === lapsed && k >= -1) continue;
        // Kindergartens drill every other month (at least once a quarter), the others every month.
        if (kindergarten && n % 2 === 1 && k !== 0) {
          n++;
          continue;
        }
        let kind: DrillKind = (['fire', 'earthquake', 'stampede', 'violent_intrusion', 'flood_typhoon'] as const)[(i + n) % 5];
        if (kindergarten && (mm === '09' || mm === '10' || mm === '03' || mm === '04') ) kind = 'nap_time';
        else if (s.boarding && (mm === '10' || mm === '04' || mm === '05' || mm === '11') && n % 2 === 0) kind = 'night_evacuation';
        else if (s.schoolBus && (mm === '09' || mm === '03')) kind = 'school_bus';
        n++;
        const evacuation = 90 + ((i * 13 + n * 17) % 150);
        rows.push({
          districtId,
          schoolId: s.id,
          schoolPath: s.path,
          heldOn,
          kind,
          participants: Math.max(20, Math.round((s.students ?? 300) * 0.9)),
          evacuationSeconds: evacuation,
          observers: n % 3 === 0 ? '属地消防救援站' : null,
          problems: evacuation > 200 ? '部分班级下楼速度偏慢，楼梯口拥挤，已要求班主任按路线分批疏散' : null,
          createdBy: recorder.id,
          createdByName: recorder.displayName,
          createdAt: new Date(`${heldOn}T09:00:00Z`),
          updatedAt: new Date(`${heldOn}T09:00:00Z`),
        });
      }
    }
    if (rows.length) await tx.insert(drills).values(rows);
    await writeAudit(tx, { actor: null, ip: null }, {
      action: 'import',
      objectType: 'drill',
      districtId,
      actorName: '系统',
      after: { demo: true, drills: rows.length, schoolCalendars: [`${y - 1}-${y}`, `${y}-${y + 1}`] },
    });
  });
}
