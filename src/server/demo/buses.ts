// The demo district's school bus ledger (001 item 14, 000 Q1 task; issue 15 item 5): the schools using
// school buses get one or two buses, their drivers, a route per bus with its stops (counts only) and a
// pre-trip check of every bus on every school day of the last 45 days (today is left to the drivers).
// A few are short so the board shows them:
//   - 南山中心小学: a bus whose annual review (年审) ran out 5 days ago (bus.annual_review missed);
//   - 南山中心幼儿园: a new driver whose background check is still pending (bus.drivers missed);
//   - 西城阳光小学: no pre-trip check on the last two school days (bus.pre_trip_check missed);
//   - 东湖明德双语学校: a review due in 20 days (due soon);
//   - 南山中学: yesterday's check found the brakes worn, not yet turned into a hazard (生成隐患).
// Written in bulk (one audit event per table), like the other demo ledgers.
import { and, eq } from 'drizzle-orm';
import { preTripItems } from '../../domain/buses.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { isSchoolDay } from '../../domain/rules/entries.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { busChecks, busDrivers, busRoutes, schoolBuses, units, users } from '../db/schema.js';
import { periodInputs } from '../rules/calendars.service.js';

export const DEMO_BUS_REVIEW_OVERDUE = '南山中心小学';
export const DEMO_BUS_DRIVER_PENDING = '南山中心幼儿园';
export const DEMO_BUS_CHECKS_MISSED = '西城阳光小学';
export const DEMO_BUS_REVIEW_SOON = '东湖明德双语学校';
export const DEMO_BUS_FAILED_ITEM = '南山中学';

const DAYS_BACK = 45;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const STOPS = ['镇政府', '中心村', '新苑小区', '东湖村', '农贸市场', '卫生院', '南桥', '西河村', '工业园'];

export async function loadDemoBuses(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const { calendars } = await periodInputs(db, districtId);
  const days: string[] = [];
  for (let d = addDays(today, -DAYS_BACK); d < today; d = addDays(d, 1)) if (isSchoolDay(d, calendars)) days.push(d);
  await db.transaction(async (tx) => {
    const schools = await tx.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'), eq(units.schoolBus, true)));
    if (!schools.length) return;
    const [creator] = await tx.select({ id: users.id }).from(users).where(and(eq(users.districtId, districtId), eq(users.username, 'demo.bureau')));
    const by = { districtId, createdBy: creator.id, createdByName: '系统导入' };

    let n = 0;
    const busRows: Array<typeof schoolBuses.$inferInsert> = [];
    const driverRows: Array<typeof busDrivers.$inferInsert> = [];
    for (const [i, s] of schools.entries()) {
      const count = (s.studentCount ?? 0) > 1000 ? 2 : 1;
      for (let k = 0; k < count; k++) {
        n++;
        const plate = `沪${String.fromCharCode(65 + (n % 6))}·X${String(2000 + s.id * 7 + k).slice(-4)}`;
        let reviewDueOn = addDays(today, 120 + n * 11);
        if (s.name === DEMO_BUS_REVIEW_OVERDUE && k === 0) reviewDueOn = addDays(today, -5);
        if (s.name === DEMO_BUS_REVIEW_SOON && k === 0) reviewDueOn = addDays(today, 20);
        busRows.push({ ...by, schoolId: s.id, schoolPath: s.path, plate, seats: s.stage === 'kindergarten' ? 19 : 35, licenceNo: `3101${String(100000 + s.id * 10 + k)}`, insuranceExpiresOn: addDays(today, 200 + n * 5), reviewedOn: addDays(reviewDueOn, -365), reviewDueOn, servesFrom: addDays(today, -400) });
        const pending = s.name === DEMO_BUS_DRIVER_PENDING && k === 0;
        driverRows.push({
          ...by,
          schoolId: s.id,
          schoolPath: s.path,
          name: `${SURNAMES[(i * 3 + k) % SURNAMES.length]}师傅`,
          licenceClass: s.stage === 'kindergarten' ? 'B1' : 'A1',
          licenceExpiresOn: addDays(today, 500 + n * 30),
          backgroundCheckedOn: addDays(today, pending ? -3 : -200),
          backgroundResult: pending ? 'pending' : 'clear',
          healthCheckedOn: addDays(today, -150),
        });
      }
    }
    const buses = await tx.insert(schoolBuses).values(busRows).returning();
    const drivers = await tx.insert(busDrivers).values(driverRows).returning();

    const routes = buses.map((b, i) => {
      const stops = [0, 1, 2].map((j) => ({ name: STOPS[(i + j * 2) % STOPS.length], students: Math.min(8, 3 + ((i + j) % 6)) }));
      return { ...by, schoolId: b.schoolId, schoolPath: b.schoolPath, busId: b.id, name: i % 2 ? '西线' : '东线', stops };
    });
    await tx.insert(busRoutes).values(routes);

    const nameOf = new Map(schools.map((s) => [s.id, s.name]));
    const checks: Array<typeof busChecks.$inferInsert> = [];
    for (const [i, b] of buses.entries()) {
      const driver = drivers[i];
      const school = nameOf.get(b.schoolId);
      for (const [j, d] of days.entries()) {
        if (school === DEMO_BUS_CHECKS_MISSED && j >= days.length - 2) continue;
        const failed = school === DEMO_BUS_FAILED_ITEM && i === buses.findIndex((x) => nameOf.get(x.schoolId) === DEMO_BUS_FAILED_ITEM) && j === days.length - 1;
        const items = preTripItems.map((name) => ({ name, ok: !(failed && name === '制动'), note: failed && name === '制动' ? '刹车片磨损，已停运待修' : null }));
        checks.push({ ...by, createdByName: driver.name, schoolId: b.schoolId, schoolPath: b.schoolPath, busId: b.id, driverId: driver.id, checkedOn: d, items, failedCount: failed ? 1 : 0 });
      }
    }
    for (let k = 0; k < checks.length; k += 1000) await tx.insert(busChecks).values(checks.slice(k, k + 1000));

    const system = { actor: null, ip: null };
    for (const [objectType, count] of [
      ['school_bus', buses.length],
      ['bus_driver', drivers.length],
      ['bus_route', routes.length],
      ['bus_check', checks.length],
    ] as const) {
      await writeAudit(tx, system, { action: 'import', objectType, districtId, actorName: '系统', after: { demo: true, records: count } });
    }
  });
}
