// The benchmark district: a bureau, 8 departments, 20 towns, 1,000 schools and 20,000 people,
// written straight into the tables (as src/server/test/factories.ts does) with multi-row inserts.
// Deterministic: the same seed gives the same district, so PGlite and PostgreSQL get identical data.
import { and, eq, sql } from 'drizzle-orm';
import type { Ownership, RoleKey, SafetyArea, SchoolStage } from '../src/contracts/enums.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import type { Db } from '../src/server/db/client.js';
import { districts, units, userRoles, users } from '../src/server/db/schema.js';

export const BENCH_PASSWORD = 'Bench@12345';

export interface DatasetSize {
  towns: number;
  schools: number;
  peoplePerSchool: number;
}
export const FULL_SIZE: DatasetSize = { towns: 20, schools: 1000, peoplePerSchool: 20 };

export interface Dataset {
  districtId: number;
  bureauId: number;
  townIds: number[];
  schoolIds: number[];
  units: number;
  people: number;
  accounts: { admin: string; town: string; school: string };
  /** Usernames of the generated people, for the login scenario. */
  loginUsernames: string[];
  loadMs: number;
}

/** mulberry32: a small seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const departments: Array<{ name: string; code: string; areas: SafetyArea[] }> = [
  { name: '安全管理中心', code: 'AQ', areas: ['management', 'fire_chemicals', 'emergency', 'closed_campus', 'guards', 'defences'] },
  { name: '督导安全中心', code: 'DD', areas: ['management'] },
  { name: '德育科', code: 'DY', areas: ['mental_bullying', 'education'] },
  { name: '法制科', code: 'FZ', areas: ['surroundings'] },
  { name: '普教一科', code: 'PJ1', areas: ['food_disease'] },
  { name: '普教二科', code: 'PJ2', areas: ['fire_chemicals', 'education'] },
  { name: '学前科', code: 'XQ', areas: ['food_disease'] },
  { name: '基教科', code: 'JJ', areas: ['traffic'] },
];

const townNames = [
  '东湖街道', '西城街道', '南山镇', '北河镇', '青石镇', '白塔镇', '柳林街道', '桃源镇', '松江街道', '梅园街道',
  '金沙镇', '银杏镇', '长安街道', '永宁镇', '新桥街道', '古城街道', '清水镇', '龙泉镇', '凤凰街道', '花溪镇',
];

// Stage, its weight among the district's schools, and the word that ends a school's name.
const stages: Array<[SchoolStage, number, string]> = [
  ['kindergarten', 30, '幼儿园'],
  ['primary', 35, '小学'],
  ['junior', 14, '中学'],
  ['nine_year', 5, '九年一贯制学校'],
  ['senior', 5, '高级中学'],
  ['complete_secondary', 2, '完全中学'],
  ['twelve_year', 1, '十二年一贯制学校'],
  ['vocational', 4, '职业学校'],
  ['special', 1, '特殊教育学校'],
  ['off_campus', 3, '青少年活动中心'],
];

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const givenNames = ['建国', '海燕', '志强', '丽华', '明', '静', '伟', '芳', '晓东', '红梅', '国庆', '秀英', '立新', '雪梅', '春生', '文杰', '慧敏', '永刚', '玉兰', '振华'];

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Sets path = parent's path || id || '/' for every unit of the district still without a path. */
async function fillPaths(db: Db, districtId: number) {
  await db.execute(sql`
    update units u set path = p.path || u.id || '/'
    from units p
    where p.id = u.parent_id and u.path = '' and p.path <> '' and u.district_id = ${districtId}`);
}

export async function loadDataset(db: Db, size: DatasetSize = FULL_SIZE): Promise<Dataset> {
  const started = Date.now();
  const random = rng(20261124);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  const [district] = await db.insert(districts).values({ code: 'bench', name: '基准区' }).returning();
  const districtId = district.id;
  const [bureau] = await db
    .insert(units)
    .values({ districtId, kind: 'bureau', name: '基准区教育局', code: 'JZQ', path: '', address: '基准区人民路 1 号', contactPhone: '021-60000000' })
    .returning({ id: units.id });
  await db.update(units).set({ path: `/${bureau.id}/` }).where(eq(units.id, bureau.id));

  await db.insert(units).values(
    departments.map((d) => ({ districtId, parentId: bureau.id, kind: 'department', name: d.name, code: d.code, areas: d.areas, path: '' })),
  );
  const towns = await db
    .insert(units)
    .values(
      townNames.slice(0, size.towns).map((name, i) => ({
        districtId,
        parentId: bureau.id,
        kind: 'town',
        name,
        code: `T${String(i + 1).padStart(2, '0')}`,
        contactPhone: `021-6100${String(i + 1).padStart(4, '0')}`,
        path: '',
      })),
    )
    .returning({ id: units.id, name: units.name });
  towns.sort((a, b) => a.id - b.id);
  await fillPaths(db, districtId);

  // 4% of schools sit directly under the bureau (区直), the rest are spread evenly over the towns.
  const direct = Math.round(size.schools * 0.04);
  const weightTotal = stages.reduce((s, [, w]) => s + w, 0);
  const stageOf = () => {
    let r = random() * weightTotal;
    for (const s of stages) if ((r -= s[1]) < 0) return s;
    return stages[0];
  };
  const perParent = new Map<number, number>();
  const schoolValues: Array<typeof units.$inferInsert> = [];
  for (let i = 0; i < size.schools; i++) {
    const town = i < direct ? null : towns[(i - direct) % towns.length];
    const parentId = town?.id ?? bureau.id;
    const n = (perParent.get(parentId) ?? 0) + 1;
    perParent.set(parentId, n);
    const [stage, , word] = stageOf();
    const rural = town ? town.name.endsWith('镇') : false;
    const ownership: Ownership = random() < 0.2 ? 'private' : 'public';
    const big = ['senior', 'complete_secondary', 'twelve_year', 'vocational', 'nine_year'].includes(stage);
    const students = Math.round((stage === 'kindergarten' ? 120 : 400) + random() * (big ? 2600 : 1400));
    const prefix = town?.name ?? '基准区';
    schoolValues.push({
      districtId,
      parentId,
      kind: 'school',
      // Every ninth school is an 实验 school: the q= search finds them anywhere in the name.
      name: `${prefix}第${n}${n % 9 === 0 ? '实验' : ''}${word}`,
      code: `S${String(i + 1).padStart(4, '0')}`,
      path: '',
      stage,
      ownership,
      boarding: random() < (big ? 0.5 : 0.08),
      schoolBus: random() < (rural ? 0.5 : 0.1),
      rural,
      gateCount: 1 + Math.floor(random() * 3),
      studentCount: students,
      staffCount: Math.max(8, Math.round(students / 12)),
      address: `基准区${prefix}${pick(['人民路', '解放路', '建设路', '学府路', '文化路'])} ${1 + Math.floor(random() * 300)} 号`,
      principalName: `${pick([...surnames])}${pick(givenNames)}`,
      contactPhone: `1390${String(i + 1).padStart(7, '0')}`,
    });
  }
  const schoolIds: number[] = [];
  for (const batch of chunks(schoolValues, 250)) {
    const rows = await db.insert(units).values(batch).returning({ id: units.id });
    schoolIds.push(...rows.map((r) => r.id));
  }
  schoolIds.sort((a, b) => a - b);
  await fillPaths(db, districtId);

  // People: per school one principal, one safety officer, the rest teachers.
  type Person = { username: string; displayName: string; phone: string; unitId: number; role: RoleKey };
  const people: Person[] = [];
  let p = 0;
  for (const unitId of schoolIds) {
    for (let k = 0; k < size.peoplePerSchool; k++) {
      p++;
      people.push({
        username: `p${String(p).padStart(5, '0')}`,
        displayName: `${pick([...surnames])}${pick(givenNames)}`,
        phone: `138${String(10_000_000 + p * 37).slice(-8)}`,
        unitId,
        role: k === 0 ? 'principal' : k === 1 ? 'school_safety_officer' : 'teacher',
      });
    }
  }
  const accounts = { admin: 'bench.admin', town: 'bench.town', school: 'bench.school' };
  people.push(
    { username: accounts.admin, displayName: '基准管理员', phone: '13800000001', unitId: bureau.id, role: 'bureau_admin' },
    { username: accounts.town, displayName: '基准镇街', phone: '13800000002', unitId: towns[0].id, role: 'town_officer' },
    { username: accounts.school, displayName: '基准安全员', phone: '13800000003', unitId: schoolIds[0], role: 'school_safety_officer' },
  );
  for (const batch of chunks(people, 1000)) {
    const rows = await db
      .insert(users)
      .values(batch.map((x) => ({ districtId, unitId: x.unitId, username: x.username, displayName: x.displayName, phone: x.phone, passwordHash, mustChangePassword: false })))
      .returning({ id: users.id, username: users.username });
    const roleOf = new Map(batch.map((x) => [x.username, x.role]));
    await db.insert(userRoles).values(rows.map((r) => ({ userId: r.id, roleKey: roleOf.get(r.username)! })));
  }

  // Planner statistics and the visibility map, as autovacuum would leave them (PGlite has none).
  await db.execute(sql`VACUUM ANALYZE`);

  const [{ n: unitCount }] = await db.select({ n: sql<number>`count(*)::int` }).from(units).where(eq(units.districtId, districtId));
  const [{ n: peopleCount }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.districtId, districtId)));
  return {
    districtId,
    bureauId: bureau.id,
    townIds: towns.map((t) => t.id),
    schoolIds,
    units: unitCount,
    people: peopleCount,
    accounts,
    loginUsernames: people.filter((x) => x.username.startsWith('p')).map((x) => x.username),
    loadMs: Date.now() - started,
  };
}

/** An empty district for the import scenario: the bureau, its departments and the bench admin. */
export async function loadBureau(db: Db): Promise<{ districtId: number; bureauName: string; admin: string }> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const [district] = await db.insert(districts).values({ code: 'bench', name: '基准区' }).returning();
  const bureauName = '基准区教育局';
  const [bureau] = await db
    .insert(units)
    .values({ districtId: district.id, kind: 'bureau', name: bureauName, code: 'JZQ', path: '' })
    .returning({ id: units.id });
  await db.update(units).set({ path: `/${bureau.id}/` }).where(eq(units.id, bureau.id));
  await db.insert(units).values(departments.map((d) => ({ districtId: district.id, parentId: bureau.id, kind: 'department', name: d.name, code: d.code, areas: d.areas, path: '' })));
  await fillPaths(db, district.id);
  const [admin] = await db
    .insert(users)
    .values({ districtId: district.id, unitId: bureau.id, username: 'bench.admin', displayName: '基准管理员', phone: '13800000001', passwordHash, mustChangePassword: false })
    .returning({ id: users.id });
  await db.insert(userRoles).values({ userId: admin.id, roleKey: 'bureau_admin' });
  return { districtId: district.id, bureauName, admin: 'bench.admin' };
}

/** The towns of the district (names), for files that place schools under them. */
export const benchTownNames = townNames;
