// The demo district's buildings and construction sites (001 item 18, 000 item 10; issue 21), made
// through the service as each school's safety officer would: every school's teaching building, the
// boarding schools' dormitories, a few canteens, appraised in the last years. So the screens show
// something:
//   - 南山中学's 2号学生宿舍楼 is graded C and still in use: a major hazard in the register by itself;
//   - 北河第二小学's teaching building was last appraised six years ago (overdue), 西城小学's falls due within 30 days;
//   - 南山村幼儿园 uses the old village school's rooms, risk-assessed;
//   - 示范区实验小学 (demo.school) is building a 综合楼 (not in use: acceptance pending) behind a hard
//     fence; the site is checked every week except one (missed on the board and the calendar).
import { and, asc, eq } from 'drizzle-orm';
import type { CreateBuilding } from '../../contracts/buildings.js';
import { addDays, addYears, shanghaiDate, weekStart } from '../../domain/dates.js';
import type { Actor } from '../access/access.js';
import { createBuilding, createSite, createSiteCheck } from '../buildings/buildings.service.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { units } from '../db/schema.js';
import { demoPeople } from './people.js';

export const DEMO_UNSAFE_DORM = { school: '南山中学', building: '2号学生宿舍楼' };
export const DEMO_SITE_SCHOOL = '示范区实验小学';

const BODIES = ['市房屋安全鉴定所', '省建筑科学研究院', '市建设工程质量检测中心'];

export async function loadDemoBuildings(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  const today = shanghaiDate(now);
  const ctxAt = (actor: Actor, day: string): Ctx => ({ db, actor, ip: null, roleTable: table, now: new Date(`${day}T02:00:00Z`) });

  const schools = await db.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'))).orderBy(asc(units.id));
  for (const [i, s] of schools.entries()) {
    if (s.stage === 'off_campus') continue;
    const officer = people.find((p) => p.unitId === s.id && (rolesOf(p.id).includes('school_safety_officer') || rolesOf(p.id).includes('principal')));
    if (!officer) continue;
    const ctx = ctxAt(actorOf(officer), today);
    const kg = s.stage === 'kindergarten';
    const appraised = addDays(today, -(120 + (i % 7) * 90));
    const base = (over: Partial<CreateBuilding>): CreateBuilding => ({
      schoolId: s.id,
      name: '',
      use: 'teaching',
      yearBuilt: 1998 + (i % 20),
      structure: 'frame',
      floors: 4,
      floorArea: 3200,
      inUse: true,
      appraisalGrade: 'B',
      appraisedOn: appraised,
      appraisedBy: BODIES[i % BODIES.length],
      appraisalFileIds: [],
      oldOrIdle: false,
      newOrRefit: false,
      fileIds: [],
      ...over,
    });
    const main = kg ? base({ name: '幼儿活动楼', use: 'kindergarten', floors: 3, floorArea: 1850 }) : base({ name: '1号教学楼', floors: 5, floorArea: 6400 });
    if (s.name === '北河第二小学') Object.assign(main, { appraisedOn: addYears(today, -6), yearBuilt: 1989, structure: 'brick_concrete' });
    if (s.name === '西城小学') Object.assign(main, { appraisedOn: addYears(today, -5), nextAppraisalDueOn: addDays(today, 18) });
    if (s.name === '南山村幼儿园') Object.assign(main, { name: '原村小教学楼', yearBuilt: 1986, structure: 'brick_concrete', floors: 2, floorArea: 720, oldOrIdle: true, riskAssessedOn: addDays(today, -200), riskAssessment: '经评估结构基本安全，已加固楼梯栏杆、更换老化电线，二楼仅作办公使用' });
    await createBuilding(ctx, main);
    if (s.boarding) {
      const unsafe = s.name === DEMO_UNSAFE_DORM.school;
      await createBuilding(
        ctx,
        base({
          name: unsafe ? DEMO_UNSAFE_DORM.building : '1号学生宿舍楼',
          use: 'dormitory',
          structure: unsafe ? 'brick_concrete' : 'frame',
          yearBuilt: unsafe ? 1991 : 2008,
          floors: unsafe ? 4 : 6,
          floorArea: unsafe ? 2150 : 4800,
          appraisalGrade: unsafe ? 'C' : 'A',
          appraisedOn: unsafe ? addDays(today, -21) : appraised,
          appraisedBy: unsafe ? '市房屋安全鉴定所' : BODIES[(i + 1) % BODIES.length],
        }),
      );
    }
    if (!kg && i % 3 === 0) await createBuilding(ctx, base({ name: '学生食堂', use: 'canteen', floors: 2, floorArea: 1500, appraisalGrade: 'A' }));
    if (s.name === DEMO_SITE_SCHOOL) await loadDemoSite(ctx, s.id, today);
  }
}

/** demo.school's 综合楼 under construction: started five weeks ago, one week without a check. */
async function loadDemoSite(ctx: Ctx, schoolId: number, today: string) {
  const start = addDays(weekStart(today), -35 + 2);
  const building = await createBuilding(ctx, {
    schoolId,
    name: '综合楼（新建）',
    use: 'library_lab',
    yearBuilt: Number(today.slice(0, 4)),
    structure: 'frame',
    floors: 5,
    floorArea: 5600,
    inUse: false,
    newOrRefit: true,
    airTestPassedOn: null,
    acceptancePassedOn: null,
    appraisalFileIds: [],
    oldOrIdle: false,
    fileIds: [],
  });
  const site = await createSite(ctx, {
    schoolId,
    project: '综合楼新建工程',
    constructionUnit: '市第三建筑工程有限公司',
    startsOn: start,
    endsOn: addDays(today, 75),
    buildingId: building.id,
    hardFence: true,
    separateEntrance: true,
    isolationNote: '施工区四周2.5米彩钢板硬隔离，施工车辆走北侧独立出入口，避开上下学时段',
    fileIds: [],
  });
  // A check each week, Wednesday or the start day, except the third week.
  for (let week = 0; week < 5; week++) {
    if (week === 2) continue;
    const day = week === 0 ? start : addDays(weekStart(start), week * 7 + 2);
    if (day > today) break;
    await createSiteCheck(ctx, { siteId: site.id, checkedOn: day, checkedBy: '周安全', fenceIntact: true, entranceSeparate: week !== 3, checkNote: week === 3 ? '北侧出入口有学生家长车辆穿行，已与施工单位约定上下学时段封闭' : null, fileIds: [] });
  }
}
