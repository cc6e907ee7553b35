// The demo district's drowning prevention (防溺水, 001 item 12; issue 22), made through the service as
// the people would: each town's dangerous waters (东湖街道's by its town officer, the others by the
// bureau for the town), the grid of every school by class for the latest flood season of the risk
// calendar, and patrols through the season. So the screens show something:
//   - 南山镇's 南山村鱼塘 has no warning sign; a patrol found it and the finding is a hazard of the school near it;
//   - 北河第二小学's grid is short: one class without a teacher, one with two pupils not yet covered;
//   - 北河镇's waters were patrolled only early in the season (overdue on the board while in season).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { CreateWater } from '../../contracts/drowning.js';
import type { RoleKey } from '../../contracts/enums.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { seasonOf } from '../../domain/drowning.js';
import type { Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { staffMembers, units } from '../db/schema.js';
import { createGridClass, createPatrol, createWater } from '../drowning/drowning.service.js';
import { riskSectionOf } from '../risks/risks.service.js';
import { demoPeople } from './people.js';

export const DEMO_WATER_WITHOUT_SIGN = { town: '南山镇', water: '南山村鱼塘' };
export const DEMO_SHORT_GRID_SCHOOL = '北河第二小学';

type Spot = Pick<CreateWater, 'kind' | 'name' | 'place' | 'village' | 'villageContact' | 'villagePhone'> & { dLat: number; dLng: number; sign?: boolean; kit?: boolean };

const WATERS: Record<string, Spot[]> = {
  东湖街道: [{ kind: 'river', name: '东湖河（学校段）', place: '东湖第二小学北侧河堤', village: '东湖社区', villageContact: '陈主任', villagePhone: '13905710001', dLat: 0.004, dLng: 0.002 }],
  西城街道: [{ kind: 'ditch', name: '西城排涝沟渠', place: '西城实验中学西侧农田', village: '西城村', villageContact: '吴书记', villagePhone: '13905710002', dLat: -0.003, dLng: -0.006 }],
  南山镇: [
    { kind: 'pond', name: '南山村鱼塘', place: '南山村委会南 300 米', village: '南山村', villageContact: '赵主任', villagePhone: '13905710003', dLat: -0.021, dLng: 0.011, sign: false },
    { kind: 'reservoir', name: '南山水库', place: '南山中学东 1.5 公里', village: '南山村', villageContact: '赵主任', villagePhone: '13905710003', dLat: -0.026, dLng: 0.024 },
  ],
  北河镇: [
    { kind: 'river', name: '北河（北河桥段）', place: '北河桥上下游各 500 米', village: '北河村', villageContact: '孙主任', villagePhone: '13905710004', dLat: 0.031, dLng: -0.012, kit: false },
    { kind: 'pond', name: '北河村荷塘', place: '北河第二小学东侧', village: '北河村', villageContact: '孙主任', villagePhone: '13905710004', dLat: 0.028, dLng: -0.018 },
  ],
};

export async function loadDemoDrowning(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  const today = shanghaiDate(now);
  const ctxAt = (actor: Actor, day: string): Ctx => ({ db, actor, ip: null, roleTable: table, now: new Date(`${day}T02:00:00Z`) });
  const withRole = (unitId: number, ...roles: RoleKey[]) => people.find((p) => p.unitId === unitId && rolesOf(p.id).some((r) => roles.includes(r)));

  const bureauAdmin = people.find((p) => p.unitKind === 'bureau' && rolesOf(p.id).includes('bureau_admin'));
  if (!bureauAdmin) return;
  // The latest flood season of the risk calendar that has begun.
  const w = (await riskSectionOf(db, districtId)).section.seasons.flood_drowning;
  let year = Number(today.slice(0, 4));
  if (today < seasonOf(year, w).startsOn) year -= 1;
  const season = seasonOf(year, w);
  const lastDay = season.endsOn < today ? season.endsOn : today;

  const all = await db.select().from(units).where(and(eq(units.districtId, districtId), eq(units.status, 'active'))).orderBy(asc(units.id));
  const towns = all.filter((u) => u.kind === 'town');
  const schools = all.filter((u) => u.kind === 'school' && u.stage !== 'off_campus');

  // ---- waters, registered before the season --------------------------------------------------------
  const registerOn = addDays(season.startsOn, -20) < today ? addDays(season.startsOn, -20) : today;
  const watersOf = new Map<number, Array<{ id: number; schoolIds: number[]; name: string }>>();
  for (const [t, town] of towns.entries()) {
    const spots = WATERS[town.name] ?? [];
    const near = schools.filter((s) => s.path.startsWith(town.path) && s.stage !== 'kindergarten').slice(0, 2);
    const registrar = withRole(town.id, 'town_officer') ?? bureauAdmin;
    const ctx = ctxAt(actorOf(registrar), registerOn);
    for (const spot of spots) {
      const v = await createWater(ctx, {
        townId: town.id,
        kind: spot.kind,
        name: spot.name,
        place: spot.place,
        lat: Math.round((30.25 + spot.dLat + t * 0.01) * 1e6) / 1e6,
        lng: Math.round((120.16 + spot.dLng + t * 0.01) * 1e6) / 1e6,
        warningSign: spot.sign ?? true,
        rescueKit: spot.kit ?? true,
        village: spot.village,
        villageContact: spot.villageContact,
        villagePhone: spot.villagePhone,
        schoolIds: near.map((s) => s.id),
        fileIds: [],
      });
      watersOf.set(town.id, [...(watersOf.get(town.id) ?? []), { id: v.id, schoolIds: near.map((s) => s.id), name: v.name }]);
    }
  }

  // ---- the grid by class, counts only, before the season starts ------------------------------------
  const gridOn = season.startsOn < today ? season.startsOn : today;
  for (const s of schools) {
    const officer = withRole(s.id, 'school_safety_officer', 'principal');
    if (!officer) continue;
    const ctx = ctxAt(actorOf(officer), gridOn);
    const teachers = await db
      .select({ id: staffMembers.id })
      .from(staffMembers)
      .where(and(eq(staffMembers.schoolId, s.id), isNull(staffMembers.leftOn), isNull(staffMembers.outsourcedKind)))
      .orderBy(asc(staffMembers.id))
      .limit(6);
    if (!teachers.length) continue;
    const kg = s.stage === 'kindergarten';
    const classes = kg ? ['小班', '中班', '大班'] : ['一年级（1）班', '二年级（1）班', '三年级（1）班', '四年级（1）班', '五年级（1）班', '六年级（1）班'].slice(0, s.stage === 'primary' ? 6 : 4);
    const named = s.stage === 'primary' || kg ? classes : ['七年级（1）班', '七年级（2）班', '八年级（1）班', '九年级（1）班'];
    for (const [i, className] of named.entries()) {
      const pupils = (kg ? 28 : 42) + ((s.id + i) % 7);
      const short = s.name === DEMO_SHORT_GRID_SCHOOL;
      const noTeacher = short && i === named.length - 1;
      const covered = noTeacher ? 0 : short && i === 1 ? pupils - 2 : pupils;
      await createGridClass(ctx, { schoolId: s.id, seasonYear: year, className, pupils, teacherId: noTeacher ? null : teachers[i % teachers.length].id, covered });
    }
  }

  // ---- patrols through the season: every 12 days, 北河镇 only early; one finding ---------------------
  for (const town of towns) {
    const waters = watersOf.get(town.id) ?? [];
    if (!waters.length) continue;
    const patroller = withRole(town.id, 'town_officer') ?? (waters[0].schoolIds.length ? withRole(waters[0].schoolIds[0], 'school_safety_officer', 'principal') : undefined) ?? bureauAdmin;
    const until = town.name === '北河镇' ? addDays(season.startsOn, 20) : lastDay;
    for (let day = addDays(season.startsOn, 2), n = 0; day <= until; day = addDays(day, 12), n++) {
      const ctx = ctxAt(actorOf(patroller), day);
      // A school patrols the waters near it; a town or the bureau all of the town's.
      const visited = ctx.actor.unitKind === 'school' ? waters.filter((x) => x.schoolIds.includes(ctx.actor.unitId)) : waters;
      if (!visited.length) break;
      const unsigned = visited.find((x) => x.name === DEMO_WATER_WITHOUT_SIGN.water);
      const findings =
        n === 1 && unsigned
          ? [{ waterId: unsigned.id, kind: 'sign_missing' as const, description: '塘边警示牌被大风刮倒后未恢复，傍晚有学生在附近逗留', schoolId: ctx.actor.unitKind === 'school' ? undefined : unsigned.schoolIds[0] }]
          : [];
      await createPatrol(ctx, {
        patrolledOn: day,
        waterIds: visited.map((x) => x.id),
        patrollers: `${ctx.actor.displayName}、${town.name === '南山镇' ? '南山村赵主任' : '村（居）网格员'}`,
        summary: findings.length ? '发现警示标志缺失，已通知责任村当天恢复' : '警示标志、救生设施完好，未发现学生下水',
        fileIds: [],
        findings,
      });
    }
  }
}
