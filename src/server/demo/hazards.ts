// Demo hazards: a few months of the loop in the demo district, walked through the real service
// (createHazardTx / transitionHazardTx) by the people who would sign each step, each step dated
// when it would have happened. So the register, the to-do lists and the home pages show a
// district at work: hazards in every status, some overdue, a few major ones under supervision.
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { HazardGrade, HazardSource, RoleKey, SafetyArea, UnitKind } from '../../contracts/enums.js';
import type { TransitionInput } from '../../contracts/hazards.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { buildActor, loadRoleTable, type Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { files, userRoles, units, users } from '../db/schema.js';
import type { FileStorage } from '../files/storage.js';
import { createHazardTx, transitionHazardTx } from '../hazards/hazards.service.js';
import { createInspectionTx } from '../inspections/inspections.service.js';

const DEMO_EVIDENCE_KEY = 'demo/rectified-evidence';

type Stage = 'reported' | 'assigned' | 'rectifying' | 'submitted' | 'accepted' | 'closed';

interface Story {
  school: string;
  area: SafetyArea;
  location: string;
  description: string;
  measures: string;
  grade?: HazardGrade;
  source: HazardSource;
  /** Days before today it was found. */
  ago: number;
  /** Days from finding to the deadline. */
  days: number;
  reach: Stage;
}

const stories: Story[] = [
  { school: '示范区实验小学', area: 'fire_chemicals', location: '教学楼三楼东侧走廊', description: '2 具干粉灭火器压力指针在红区，已过期', measures: '更换过期灭火器，建立月度巡检记录', source: 'self_check', ago: 20, days: 14, reach: 'rectifying' },
  { school: '示范区实验小学', area: 'guards', location: '南门', description: '放学高峰时段门岗仅 2 名保安，未按“一门两保安”叠加 2 名（002 第8条）', measures: '与保安公司签订补充协议，高峰时段增派 2 名保安', source: 'spot_check', ago: 35, days: 20, reach: 'submitted' },
  { school: '示范区实验小学', area: 'defences', location: '监控室', description: '校门口视频录像仅保存 15 天，不足 30 天', measures: '扩容硬盘，录像保存不少于 30 天', source: 'town_check', ago: 50, days: 15, reach: 'closed' },
  { school: '示范区实验小学', area: 'closed_campus', location: '西侧围墙', description: '周界报警系统西段故障，未 24 小时布防', measures: '维修周界报警主机与西段探测器', source: 'school_report', ago: 3, days: 10, reach: 'reported' },
  { school: '示范区第一幼儿园', area: 'food_disease', location: '厨房', description: '留样冰箱无温度记录，留样不足 48 小时', measures: '配置温度记录仪，严格执行 48 小时留样', source: 'self_check', ago: 25, days: 7, reach: 'rectifying' },
  { school: '示范区第一幼儿园', area: 'fire_chemicals', location: '午睡室', description: '午睡室疏散通道堆放床垫杂物', measures: '清理杂物，划定疏散通道标线', source: 'town_check', ago: 12, days: 5, reach: 'accepted' },
  { school: '东湖中学', area: 'fire_chemicals', location: '化学实验室', description: '危化品柜未实行双人双锁，领用台账不全', measures: '更换双锁危化品柜，完善领用、归还台账', source: 'specialist', ago: 40, days: 30, reach: 'assigned' },
  { school: '东湖明德双语学校', area: 'fire_chemicals', location: '学生宿舍 3 号楼', description: '宿舍楼层私拉电线给电动自行车电池充电', measures: '拆除私拉电线，设置集中充电点', grade: 'major', source: 'joint', ago: 30, days: 21, reach: 'rectifying' },
  { school: '东湖明德双语学校', area: 'guards', location: '宿舍区', description: '寄宿制学校夜间仅 1 名保安，未按双倍配置（002 第8条）', measures: '夜间增配保安至 2 名并建立巡逻记录', source: 'unannounced', ago: 45, days: 14, reach: 'rectifying' },
  { school: '西城小学', area: 'defences', location: '传达室', description: '一键式紧急报警按钮测试无响应', measures: '联系安防公司维修并每月测试', source: 'self_check', ago: 8, days: 7, reach: 'submitted' },
  { school: '西城实验中学', area: 'mental_bullying', location: '德育处', description: '学生心理档案未覆盖初一新生', measures: '完成初一新生心理测评，一生一档', source: 'spot_check', ago: 60, days: 30, reach: 'closed' },
  { school: '西城育才学校', area: 'food_disease', location: '食堂', description: '“阳光午餐”追溯平台近两周未上传原料信息', measures: '指定专人每日上传，月度核查', source: 'spot_check', ago: 18, days: 10, reach: 'rectifying' },
  { school: '西城阳光小学', area: 'traffic', location: '校车停车场', description: '1 辆校车年检过期仍在运营', measures: '立即停运并完成年检，建立校车证照台账', grade: 'major', source: 'specialist', ago: 15, days: 10, reach: 'submitted' },
  { school: '南山中学', area: 'fire_chemicals', location: '食堂后厨', description: '燃气管道软管老化，无燃气报警装置', measures: '更换金属软管，安装燃气泄漏报警器', source: 'town_check', ago: 28, days: 10, reach: 'rectifying' },
  { school: '南山中心幼儿园', area: 'closed_campus', location: '大门', description: '外来人员未逐一登记即进入园区', measures: '执行“四个一律”，启用访客登记本', source: 'unannounced', ago: 22, days: 3, reach: 'closed' },
  { school: '南山九年一贯制学校', area: 'surroundings', location: '校门外 100 米', description: '校门口无家长接送等待区，上下学时段交通拥堵', measures: '会同交警设置接送区并安排交通协管员', source: 'joint', ago: 33, days: 45, reach: 'assigned' },
  { school: '南山启明民办小学', area: 'management', location: '校长室', description: '未与教职工签订安全责任书', measures: '逐级签订安全责任书，签订率 100%', source: 'spot_check', ago: 40, days: 20, reach: 'rectifying' },
  { school: '北河中学', area: 'emergency', location: '学生宿舍', description: '本学期未开展夜间疏散演练（001 第6条）', measures: '本月内组织夜间疏散演练并留存记录', source: 'self_check', ago: 10, days: 20, reach: 'assigned' },
  { school: '北河希望小学', area: 'defences', location: '校门口', description: '校门口视频监控未接入区教育局安全管理中心', measures: '完成视频接入并联调', source: 'town_check', ago: 70, days: 30, reach: 'accepted' },
  { school: '北河九年一贯制学校', area: 'education', location: '教务处', description: '未配备公共安全教育专（兼）职教师', measures: '指定 1 名专（兼）职安全教育教师', source: 'spot_check', ago: 5, days: 30, reach: 'reported' },
  { school: '示范区第一中学', area: 'fire_chemicals', location: '图书馆', description: '应急照明灯 4 盏不亮，疏散指示标志缺失', measures: '更换应急照明，补设疏散指示', source: 'self_check', ago: 26, days: 10, reach: 'rectifying' },
  { school: '示范区职业技术学校', area: 'fire_chemicals', location: '实训车间', description: '实训车间消防栓被设备遮挡', measures: '移位设备，保持消防栓前 1.5 米无遮挡', source: 'specialist', ago: 14, days: 7, reach: 'closed' },
  { school: '示范区外国语学校', area: 'guards', location: '东门', description: '保安员未持械上岗，防暴器材不全', measures: '配齐防暴盾牌、警棍，上下学时段持械上岗', source: 'unannounced', ago: 9, days: 7, reach: 'rectifying' },
];

const stageOrder: Stage[] = ['reported', 'assigned', 'rectifying', 'submitted', 'accepted', 'closed'];

export async function loadDemoHazards(db: Db, districtId: number, now: Date, storage: FileStorage | null): Promise<number> {
  await storage?.put(DEMO_EVIDENCE_KEY, demoPdf);
  const table = await loadRoleTable(db);
  const today = shanghaiDate(now);
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, unitId: users.unitId, unitName: units.name, unitKind: units.kind, unitPath: units.path, unitAreas: units.areas })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.districtId, districtId));
  const roleRows = await db.select().from(userRoles).where(inArray(userRoles.userId, rows.map((r) => r.id)));
  const actorOf = (username: string): Actor => {
    const r = rows.find((x) => x.username === username);
    if (!r) throw new Error(`demo hazards: no user ${username}`);
    return buildActor(table, {
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      districtId,
      unitId: r.unitId,
      unitName: r.unitName,
      unitKind: r.unitKind as UnitKind,
      unitPath: r.unitPath,
      unitAreas: r.unitAreas as SafetyArea[],
      roles: roleRows.filter((x) => x.userId === r.id).map((x) => x.roleKey as RoleKey),
      mustChangePassword: false,
    });
  };
  const inSchool = (school: string, role: RoleKey) => {
    const person = rows.find((r) => r.unitName === school && roleRows.some((x) => x.userId === r.id && x.roleKey === role));
    return person ? actorOf(person.username) : null;
  };

  let count = 0;
  await db.transaction(async (tx) => {
    for (const s of stories) {
      const [school] = await tx.select({ id: units.id, path: units.path }).from(units).where(and(eq(units.districtId, districtId), eq(units.name, s.school)));
      const officer = inSchool(s.school, 'school_safety_officer');
      if (!officer) throw new Error(`demo hazards: no safety officer at ${s.school}`);
      const principal = inSchool(s.school, 'principal');
      // Major hazards are supervised by the bureau (挂牌督办); the rest by the school's principal,
      // except those of the safety centre's areas, which demo.dept accepts.
      const dept = actorOf('demo.dept');
      const supervisor =
        s.grade === 'major'
          ? actorOf('demo.bureau')
          : principal && ['self_check', 'school_report'].includes(s.source)
            ? principal
            : dept.unitAreas.includes(s.area)
              ? dept
              : actorOf('demo.bureau');
      const foundOn = addDays(today, -s.ago);
      // Every step on or before today.
      const at = (day: number) => new Date(Date.parse(`${addDays(foundOn, Math.min(day, s.ago))}T02:00:00Z`) + count * 60_000);
      const ctxAt = (actor: Actor, day: number): Ctx => ({ db, actor, ip: null, roleTable: table, now: at(day) });
      const reporter = ['self_check', 'school_report'].includes(s.source) ? officer : actorOf('demo.inspector');
      const { id } = await createHazardTx(tx, ctxAt(reporter, 0), { schoolId: school.id, area: s.area, location: s.location, description: s.description, grade: s.grade ?? 'general', source: s.source, foundOn });
      count++;
      let version = 1;
      const step = async (actor: Actor, day: number, input: Omit<TransitionInput, 'version' | 'fileIds'> & { fileIds?: number[] }) => {
        await transitionHazardTx(tx, ctxAt(actor, day), id, { fileIds: [], ...input, version });
        version++;
      };
      const reach = stageOrder.indexOf(s.reach);
      if (reach >= 1) {
        await step(supervisor, 1, {
          action: 'confirm',
          measures: s.measures,
          deadline: addDays(foundOn, s.days),
          interimControls: s.grade === 'major' ? '划定警戒区域，专人值守，每日巡查' : null,
          responsibleUserId: officer.id,
          comment: '请按期整改，整改完成后上传照片提交验收',
        });
      }
      if (reach >= 2) await step(officer, 2, { action: 'start', comment: '已制定整改方案' });
      if (reach >= 3) {
        const [photo] = await tx
          .insert(files)
          .values({ districtId, unitId: school.id, unitPath: school.path, name: '整改完成.pdf', mime: 'application/pdf', size: demoPdf.length, sha256: demoPdfSha, storageKey: DEMO_EVIDENCE_KEY, uploadedBy: officer.id })
          .returning({ id: files.id });
        await step(officer, Math.max(3, s.days - 2), { action: 'submit', evidence: `已完成：${s.measures}`, fileIds: [photo.id] });
      }
      if (reach >= 4) await step(supervisor, Math.max(4, s.days - 1), { action: 'accept', comment: '现场查验，整改到位' });
      if (reach >= 5) await step(supervisor, Math.max(4, s.days - 1), { action: 'close', comment: '同意销号' });
    }
    // The inspector's day: a spot check of two schools planned for today, on demo.inspector's home.
    const spot = await tx.select({ id: units.id }).from(units).where(and(eq(units.districtId, districtId), inArray(units.name, ['示范区实验小学', '示范区第一幼儿园'])));
    const bureau = actorOf('demo.bureau');
    await createInspectionTx(tx, { db, actor: bureau, ip: null, roleTable: table, now }, {
      kind: 'spot_check',
      title: '秋冬季消防安全抽查',
      plannedOn: today,
      schoolIds: spot.map((u) => u.id),
      inspectorIds: [actorOf('demo.inspector').id],
    });
  });
  return count;
}

// The evidence file every demo fix points to: a one-page PDF saying it is demo data.
export const demoPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj 4 0 obj<</Length 44>>stream\nBT /F1 14 Tf 20 50 Td (Anxiao demo evidence) Tj ET\nendstream endobj 5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const demoPdfSha = createHash('sha256').update(demoPdf).digest('hex');
