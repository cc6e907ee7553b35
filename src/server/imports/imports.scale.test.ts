// The size a district brings on its first day: 1,000 schools, then 20,000 people, each file
// imported in under 60 s on the embedded database.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unitImportColumns, userImportColumns } from '../../contracts/imports.js';
import { units, userRoles, users } from '../db/schema.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { buildDistrict, buildUser, login, type Client } from '../test/factories.js';
import { runImport, xlsx } from './testing.js';

const TOWNS = 4;
const SCHOOLS = 1000;
const PEOPLE = 20_000;
const LIMIT_MS = 60_000;

let t: TestContext;
let district: Awaited<ReturnType<typeof buildDistrict>>;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  district = await buildDistrict(t.database.db);
  admin = await login(t.app, (await buildUser(t.database.db, district.bureau, ['bureau_admin'])).username);
});
afterAll(() => t.close());

const stages = ['幼儿园', '小学', '初中', '高中', '九年一贯制'];
const schoolName = (i: number) => `规模测试第${i + 1}学校`;

it(`imports ${TOWNS} towns and ${SCHOOLS} schools, then ${PEOPLE} people, each in under 60 s`, async () => {
  const unitRows: unknown[][] = [];
  for (let i = 0; i < TOWNS; i++) {
    const v: Record<string, unknown> = { 单位名称: `规模测试镇${i + 1}`, 单位类型: '镇街', 上级单位: district.bureau.name };
    unitRows.push(unitImportColumns.map((c) => v[c] ?? null));
  }
  for (let i = 0; i < SCHOOLS; i++) {
    const v: Record<string, unknown> = {
      单位名称: schoolName(i),
      单位类型: '学校/机构',
      上级单位: `规模测试镇${(i % TOWNS) + 1}`,
      编码: `S${String(i + 1).padStart(4, '0')}`,
      学段: stages[i % stages.length],
      办学性质: i % 7 === 0 ? '民办' : '公办',
      寄宿制: i % 5 === 0 ? '是' : '否',
      使用校车: i % 3 === 0 ? '是' : '否',
      农村学校: i % 2 === 0 ? '是' : '否',
      校门数: 1 + (i % 4),
      学生数: 200 + i,
      教职工数: 20 + (i % 50),
      地址: `测试市测试区第${i + 1}路 ${i + 1} 号`,
      校长: `校长${i + 1}`,
      联系电话: `139${String(i).padStart(8, '0')}`,
    };
    unitRows.push(unitImportColumns.map((c) => v[c] ?? null));
  }
  const unitsFile = { name: '单位.xlsx', data: await xlsx(unitImportColumns, unitRows, '单位') };

  let started = Date.now();
  const unitJob = await runImport(admin, { kind: 'units' }, unitsFile);
  const unitsMs = Date.now() - started;
  expect(unitJob.errors).toEqual([]);
  expect(unitJob).toMatchObject({ status: 'done', total: TOWNS + SCHOOLS, processed: TOWNS + SCHOOLS, createdCount: TOWNS + SCHOOLS });
  const [{ n: schools }] = await t.database.db
    .select({ n: count() })
    .from(units)
    .where(and(eq(units.districtId, district.districtId), eq(units.kind, 'school')));
  expect(schools).toBe(SCHOOLS);

  const peopleRows: unknown[][] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const school = i % SCHOOLS;
    // The first person of each school is its principal and safety officer; the rest teach.
    const roles = i < SCHOOLS ? '校长、学校安全员' : '教师';
    const v: Record<string, unknown> = {
      用户名: `scale${i + 1}`,
      姓名: `教师${i + 1}`,
      联系电话: `138${String(i).padStart(8, '0')}`,
      所属单位: schoolName(school),
      角色: roles,
    };
    peopleRows.push(userImportColumns.map((c) => v[c] ?? null));
  }
  const peopleFile = { name: '人员.xlsx', data: await xlsx(userImportColumns, peopleRows, '人员') };

  started = Date.now();
  const peopleJob = await runImport(admin, { kind: 'users', initialPassword: 'Scale#2024ok' }, peopleFile);
  const peopleMs = Date.now() - started;
  expect(peopleJob.errors).toEqual([]);
  expect(peopleJob).toMatchObject({ status: 'done', total: PEOPLE, processed: PEOPLE, createdCount: PEOPLE });
  const [{ n: people }] = await t.database.db.select({ n: count() }).from(users).where(eq(users.districtId, district.districtId));
  expect(people).toBe(PEOPLE + 1);
  const [{ n: grants }] = await t.database.db
    .select({ n: count() })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(eq(users.districtId, district.districtId));
  expect(grants).toBe(PEOPLE + SCHOOLS + 1);
  await login(t.app, 'scale20000', 'Scale#2024ok');

  console.log(
    `[import timing, ${t.database.kind}] ${TOWNS + SCHOOLS} units: ${(unitsMs / 1000).toFixed(1)} s (${(unitsFile.data.length / 1024).toFixed(0)} KiB); ` +
      `${PEOPLE} people: ${(peopleMs / 1000).toFixed(1)} s (${(peopleFile.data.length / 1024).toFixed(0)} KiB)`,
  );
  expect(unitsMs).toBeLessThan(LIMIT_MS);
  expect(peopleMs).toBeLessThan(LIMIT_MS);
}, 300_000);
