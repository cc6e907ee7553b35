// The fictional demo district 示范区教育局: the bureau, the departments named in the seeds, four
// towns and about forty schools covering every stage, with the demo accounts of the README.
import { eq } from 'drizzle-orm';
import type { Ownership, RoleKey, SafetyArea, SchoolStage } from '../../contracts/enums.js';
import { childPath } from '../../domain/units.js';
import { writeAudit } from '../audit/audit.js';
import { ensureBuiltinChecklists } from '../checklists/checklists.service.js';
import { ensureDefaultRulePack } from '../rules/rules.service.js';
import { hashPassword } from '../auth/passwords.js';
import type { Db, Executor } from '../db/client.js';
import { districts, units, userRoles, users } from '../db/schema.js';
import { DEMO_PASSWORD } from '../auth/demo-accounts.js';

// Seed 002 names the responsible department of each area; 000 and 001 add 德育科 and 基教科.
const departments: Array<{ name: string; code: string; areas: SafetyArea[] }> = [
  { name: '安全管理中心', code: 'AQ', areas: ['management', 'fire_chemicals', 'food_disease', 'emergency', 'closed_campus', 'guards', 'defences'] },
  { name: '督导安全中心', code: 'DD', areas: ['management'] },
  { name: '德育科', code: 'DY', areas: ['mental_bullying', 'education'] },
  { name: '法制科', code: 'FZ', areas: ['management', 'surroundings'] },
  { name: '普教一科', code: 'PJ1', areas: ['food_disease', 'mental_bullying'] },
  { name: '普教二科', code: 'PJ2', areas: ['fire_chemicals', 'education'] },
  { name: '学前科', code: 'XQ', areas: ['food_disease'] },
  { name: '基教科', code: 'JJ', areas: ['traffic', 'education'] },
  // 000's task table names these too (局安办, 考试中心, 事业服务中心, 宣传科; issue 14).
  { name: '局安办', code: 'AB', areas: ['management'] },
  { name: '考试中心', code: 'KS', areas: [] },
  { name: '事业服务中心', code: 'SF', areas: [] },
  { name: '宣传科', code: 'XC', areas: [] },
];

const towns = [
  { name: '东湖街道', code: 'T01', rural: false },
  { name: '西城街道', code: 'T02', rural: false },
  { name: '南山镇', code: 'T03', rural: true },
  { name: '北河镇', code: 'T04', rural: true },
];

interface SchoolSeed {
  name: string;
  town: string | null; // null: directly under the bureau
  stage: SchoolStage;
  ownership?: Ownership;
  boarding?: boolean;
  schoolBus?: boolean;
  gates: number;
  students: number;
  staff: number;
}

const schools: SchoolSeed[] = [
  { name: '示范区实验小学', town: '东湖街道', stage: 'primary', gates: 2, students: 1860, staff: 112 },
  { name: '示范区第一幼儿园', town: '东湖街道', stage: 'kindergarten', gates: 1, students: 420, staff: 58 },
  { name: '东湖第二小学', town: '东湖街道', stage: 'primary', gates: 2, students: 1320, staff: 86 },
  { name: '东湖中学', town: '东湖街道', stage: 'junior', gates: 2, students: 1450, staff: 120 },
  { name: '东湖幼儿园', town: '东湖街道', stage: 'kindergarten', gates: 1, students: 310, staff: 41 },
  { name: '东湖明德双语学校', town: '东湖街道', stage: 'nine_year', ownership: 'private', boarding: true, schoolBus: true, gates: 3, students: 2100, staff: 176 },
  { name: '东湖小天使幼儿园', town: '东湖街道', stage: 'kindergarten', ownership: 'private', gates: 1, students: 180, staff: 26 },
  { name: '东湖青少年活动中心', town: '东湖街道', stage: 'off_campus', gates: 1, students: 650, staff: 35 },
  { name: '西城小学', town: '西城街道', stage: 'primary', gates: 2, students: 1540, staff: 98 },
  { name: '西城实验中学', town: '西城街道', stage: 'junior', gates: 2, students: 1280, staff: 105 },
  { name: '西城幼儿园', town: '西城街道', stage: 'kindergarten', gates: 1, students: 360, staff: 47 },
  { name: '西城第二幼儿园', town: '西城街道', stage: 'kindergarten', gates: 2, students: 280, staff: 38 },
  { name: '西城育才学校', town: '西城街道', stage: 'nine_year', gates: 3, students: 2380, staff: 190 },
  { name: '西城阳光小学', town: '西城街道', stage: 'primary', ownership: 'private', schoolBus: true, gates: 2, students: 960, staff: 70 },
  { name: '西城艺术培训中心', town: '西城街道', stage: 'off_campus', ownership: 'private', gates: 1, students: 240, staff: 18 },
  { name: '南山中心小学', town: '南山镇', stage: 'primary', schoolBus: true, gates: 2, students: 880, staff: 64 },
  { name: '南山中学', town: '南山镇', stage: 'junior', boarding: true, schoolBus: true, gates: 2, students: 1020, staff: 92 },
  { name: '南山中心幼儿园', town: '南山镇', stage: 'kindergarten', schoolBus: true, gates: 1, students: 260, staff: 34 },
  { name: '南山第二小学', town: '南山镇', stage: 'primary', gates: 1, students: 420, staff: 36 },
  { name: '南山九年一贯制学校', town: '南山镇', stage: 'nine_year', boarding: true, schoolBus: true, gates: 2, students: 1150, staff: 101 },
  { name: '南山村幼儿园', town: '南山镇', stage: 'kindergarten', gates: 1, students: 95, staff: 14 },
  { name: '南山启明民办小学', town: '南山镇', stage: 'primary', ownership: 'private', boarding: true, schoolBus: true, gates: 1, students: 540, staff: 44 },
  { name: '北河中心小学', town: '北河镇', stage: 'primary', schoolBus: true, gates: 2, students: 760, staff: 58 },
  { name: '北河中学', town: '北河镇', stage: 'junior', boarding: true, gates: 2, students: 890, staff: 84 },
  { name: '北河中心幼儿园', town: '北河镇', stage: 'kindergarten', gates: 1, students: 230, staff: 30 },
  { name: '北河第二小学', town: '北河镇', stage: 'primary', gates: 1, students: 380, staff: 33 },
  { name: '北河希望小学', town: '北河镇', stage: 'primary', boarding: true, schoolBus: true, gates: 1, students: 310, staff: 29 },
  { name: '北河新苗幼儿园', town: '北河镇', stage: 'kindergarten', ownership: 'private', gates: 1, students: 150, staff: 21 },
  { name: '北河九年一贯制学校', town: '北河镇', stage: 'nine_year', boarding: true, schoolBus: true, gates: 2, students: 980, staff: 88 },
  { name: '示范区第一中学', town: null, stage: 'complete_secondary', boarding: true, gates: 3, students: 2650, staff: 236 },
  { name: '示范区第二中学', town: null, stage: 'senior', boarding: true, gates: 2, students: 1980, staff: 170 },
  { name: '示范区第三中学', town: null, stage: 'senior', gates: 2, students: 1620, staff: 142 },
  { name: '示范区外国语学校', town: null, stage: 'twelve_year', ownership: 'private', boarding: true, schoolBus: true, gates: 3, students: 3100, staff: 280 },
  { name: '示范区职业技术学校', town: null, stage: 'vocational', boarding: true, gates: 3, students: 2400, staff: 210 },
  { name: '示范区培智学校', town: null, stage: 'special', schoolBus: true, gates: 1, students: 160, staff: 62 },
  { name: '示范区新华职业学校', town: null, stage: 'vocational', ownership: 'private', boarding: true, gates: 2, students: 1300, staff: 96 },
  { name: '示范区实验初级中学', town: null, stage: 'junior', gates: 2, students: 1500, staff: 128 },
  { name: '示范区少年宫', town: null, stage: 'off_campus', gates: 1, students: 800, staff: 40 },
  { name: '示范区第二实验小学', town: null, stage: 'primary', gates: 2, students: 1700, staff: 104 },
  { name: '示范区机关幼儿园', town: null, stage: 'kindergarten', gates: 1, students: 330, staff: 45 },
];

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const givenNames = ['建国', '海燕', '志强', '丽华', '明', '静', '伟', '芳', '晓东', '红梅', '国庆', '秀英', '立新', '雪梅', '春生', '文杰', '慧敏', '永刚', '玉兰', '振华'];
const personName = (i: number) => `${surnames[(i * 7) % surnames.length]}${givenNames[(i * 3) % givenNames.length]}`;

interface PersonSeed {
  username: string;
  displayName: string;
  unit: string;
  roles: RoleKey[];
}

const demoPeople: PersonSeed[] = [
  { username: 'demo.bureau', displayName: '赵安平', unit: '示范区教育局', roles: ['bureau_admin'] },
  { username: 'demo.leader', displayName: '钱正明', unit: '示范区教育局', roles: ['bureau_leader'] },
  { username: 'demo.dept', displayName: '孙卫东', unit: '安全管理中心', roles: ['department_officer'] },
  { username: 'demo.town', displayName: '李东湖', unit: '东湖街道', roles: ['town_officer'] },
  { username: 'demo.school', displayName: '周安全', unit: '示范区实验小学', roles: ['school_safety_officer'] },
  { username: 'demo.kg', displayName: '吴幼安', unit: '示范区第一幼儿园', roles: ['school_safety_officer'] },
  { username: 'demo.principal', displayName: '郑校长', unit: '示范区实验小学', roles: ['principal'] },
  { username: 'demo.inspector', displayName: '王督查', unit: '督导安全中心', roles: ['inspector'] },
];

export async function loadDemoDistrict(db: Db): Promise<{ districtId: number }> {
  // Every demo account has the same documented password: one hash serves them all.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [district] = await tx.insert(districts).values({ code: 'demo', name: '示范区' }).returning();
    const byName = new Map<string, { id: number; path: string }>();
    const addUnit = async (parent: { id: number; path: string } | null, values: Omit<typeof units.$inferInsert, 'districtId' | 'path' | 'parentId'>) => {
      const [row] = await tx
        .insert(units)
        .values({ ...values, districtId: district.id, parentId: parent?.id ?? null, path: '' })
        .returning({ id: units.id });
      const path = childPath(parent?.path ?? '/', row.id);
      await tx.update(units).set({ path }).where(eq(units.id, row.id));
      const ref = { id: row.id, path };
      byName.set(values.name, ref);
      return ref;
    };
    const bureau = await addUnit(null, {
      kind: 'bureau',
      name: '示范区教育局',
      code: 'SFQ',
      address: '示范区人民路 100 号',
      contactPhone: '021-60000000',
    });
    for (const d of departments) await addUnit(bureau, { kind: 'department', name: d.name, code: d.code, areas: d.areas });
    for (const t of towns) await addUnit(bureau, { kind: 'town', name: t.name, code: t.code, contactPhone: '021-6000' + t.code.slice(1).padStart(4, '0') });
    let i = 0;
    for (const s of schools) {
      i++;
      const parent = s.town ? byName.get(s.town)! : bureau;
      const rural = s.town ? towns.find((t) => t.name === s.town)!.rural : false;
      await addUnit(parent, {
        kind: 'school',
        name: s.name,
        code: `S${String(i).padStart(3, '0')}`,
        stage: s.stage,
        ownership: s.ownership ?? 'public',
        boarding: s.boarding ?? false,
        schoolBus: s.schoolBus ?? false,
        rural,
        gateCount: s.gates,
        studentCount: s.students,
        staffCount: s.staff,
        address: `示范区${s.town ?? ''}${s.name.replace(/^示范区/, '')}路 ${i * 3} 号`,
        principalName: personName(i),
        contactPhone: `1390000${String(1000 + i)}`,
      });
    }

    // Demo accounts, and for every other school a principal and a safety officer.
    const people: PersonSeed[] = [...demoPeople];
    schools.forEach((s, idx) => {
      if (s.name === '示范区实验小学' || s.name === '示范区第一幼儿园') return;
      const n = String(idx + 1).padStart(3, '0');
      people.push({ username: `s${n}.principal`, displayName: personName(idx + 1), unit: s.name, roles: ['principal'] });
      people.push({ username: `s${n}.safety`, displayName: personName(idx + 61), unit: s.name, roles: ['school_safety_officer'] });
    });
    for (const p of people) {
      const [u] = await tx
        .insert(users)
        .values({
          districtId: district.id,
          unitId: byName.get(p.unit)!.id,
          username: p.username,
          displayName: p.displayName,
          passwordHash,
          mustChangePassword: false,
        })
        .returning({ id: users.id });
      await tx.insert(userRoles).values(p.roles.map((roleKey) => ({ userId: u.id, roleKey })));
    }
    await writeAudit(tx, { actor: null, ip: null }, {
      action: 'import',
      objectType: 'unit',
      districtId: district.id,
      actorName: '系统',
      after: { demo: true, units: byName.size, users: people.length },
    });
    // The built-in checklists, so demo inspections and campaigns have their forms.
    await ensureBuiltinChecklists(tx, district.id);
    // The seeds' numbers as the district's rule pack, version 1.
    await ensureDefaultRulePack(tx, district.id);
    return { districtId: district.id };
  });
}

export async function isEmpty(db: Executor): Promise<boolean> {
  const rows = await db.select({ id: districts.id }).from(districts).limit(1);
  return rows.length === 0;
}
