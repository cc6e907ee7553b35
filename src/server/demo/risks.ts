// The demo district's risk list (安全风险清单, 003, 004): every school has its risk points by area,
// chosen by what the school is (a boarding school's dormitory, a secondary school's laboratory, a
// kindergarten's play equipment, the rivers around rural schools), each identified months ago by the
// school's safety officer and reviewed since, so that its reviews are on time. A few are not:
//   - 南山中学: the dormitory fire risk (red) was last reviewed two months ago (due every 30 days);
//   - 西城育才学校: the laboratory chemicals risk (orange) missed its 90-day review;
//   - 北河中心小学: the school-gate traffic risk (orange) missed its 90-day review.
// 南山中学's drowning risk is escalated to the town. Written in bulk to keep the bootstrap fast.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { SafetyArea } from '../../contracts/enums.js';
import type { RiskKind, RiskLevel, RiskSeason } from '../../contracts/risks.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { reviewDemand, riskLevelOf } from '../../domain/risks.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { riskPoints, riskSteps, units, users } from '../db/schema.js';
import { periodInputs } from '../rules/calendars.service.js';
import { riskSectionOf } from '../risks/risks.service.js';

/** Schools with an overdue review, and the risk that is overdue. */
export const DEMO_OVERDUE_RISKS: Record<string, string> = {
  南山中学: '宿舍违规用电引发火灾',
  西城育才学校: '实验室危险化学品存放不当泄漏',
  北河中心小学: '上下学高峰校门口交通拥堵、车辆伤人',
};
export const DEMO_ESCALATED_RISK = { school: '南山中学', risk: '学生私自下河塘游泳溺水' };

interface Template {
  area: SafetyArea;
  place: string;
  name: string;
  likelihood: number;
  severity: number;
  kind: RiskKind;
  season?: RiskSeason;
  controls: string;
  when?: (s: { stage: string | null; boarding: boolean; rural: boolean }) => boolean;
}

const SECONDARY = new Set(['junior', 'senior', 'complete_secondary', 'nine_year', 'twelve_year', 'vocational']);
const notKg = (s: { stage: string | null }) => s.stage !== 'kindergarten';

const templates: Template[] = [
  { area: 'traffic', place: '校门口', name: '上下学高峰校门口交通拥堵、车辆伤人', likelihood: 3, severity: 4, kind: 'baseline', controls: '设置护学岗，交警、家长志愿者协助疏导；分年级错峰放学；校门口施划禁停区' },
  { area: 'food_disease', place: '学校食堂', name: '食堂食材变质引发食物中毒', likelihood: 2, severity: 5, kind: 'baseline', controls: '食材索证索票、留样48小时；每日晨检；校长陪餐；明厨亮灶接入平台' },
  { area: 'fire_chemicals', place: '学生宿舍', name: '宿舍违规用电引发火灾', likelihood: 4, severity: 5, kind: 'baseline', controls: '宿舍安装限电器；宿管每晚查寝清查大功率电器；每月夜间疏散演练', when: (s) => s.boarding },
  { area: 'fire_chemicals', place: '化学实验室', name: '实验室危险化学品存放不当泄漏', likelihood: 3, severity: 4, kind: 'baseline', controls: '危化品双人双锁、台账登记；实验员持证上岗；通风与应急喷淋每周检查', when: (s) => SECONDARY.has(s.stage ?? '') },
  { area: 'mental_bullying', place: '教室及宿舍', name: '学生心理危机与校园欺凌', likelihood: 2, severity: 4, kind: 'baseline', controls: '每学期心理筛查、一生一档；班主任谈心谈话；欺凌治理委员会定期排查', when: notKg },
  { area: 'education', place: '户外活动场地', name: '幼儿攀爬大型玩具摔伤', likelihood: 3, severity: 2, kind: 'baseline', controls: '活动时教师站位看护；玩具每日晨检，松动立即停用报修', when: (s) => s.stage === 'kindergarten' },
  { area: 'surroundings', place: '周边河塘沟渠', name: '学生私自下河塘游泳溺水', likelihood: 3, severity: 5, kind: 'seasonal', season: 'flood_drowning', controls: '“六不”教育、告家长书签收；班主任网格化包靠；汛期联合村居巡查危险水域', when: notKg },
  { area: 'fire_chemicals', place: '教学楼及配电室', name: '冬季取暖用电线路过载引发火灾', likelihood: 2, severity: 4, kind: 'seasonal', season: 'winter_fire', controls: '入冬前电气线路检测；禁止私拉乱接；消防设施每月检查' },
  { area: 'education', place: '操场', name: '高温天气户外活动中暑', likelihood: 2, severity: 3, kind: 'seasonal', season: 'heat', controls: '高温时段停止户外活动；备足防暑药品与饮水', when: (s) => s.stage === 'primary' || s.stage === 'kindergarten' },
  { area: 'management', place: '校园全域', name: '节假日校舍无人值守被盗、失火', likelihood: 2, severity: 3, kind: 'holiday', controls: '节假日领导带班、24小时值班；放假前全面安全检查并断电关窗' },
  { area: 'closed_campus', place: '校门及围墙', name: '重点时段外来人员闯入校园', likelihood: 2, severity: 4, kind: 'special', controls: '重点时段“四个一律”；一键报警每日测试；周界报警24小时设防' },
];

export async function loadDemoRisks(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const schools = await db
    .select({ id: units.id, name: units.name, path: units.path, stage: units.stage, boarding: units.boarding, rural: units.rural })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), isNotNull(units.stage)))
    .orderBy(units.id);
  const accounts = await db.select({ id: users.id, unitId: users.unitId, displayName: users.displayName, username: users.username }).from(users).where(eq(users.districtId, districtId));
  const [{ section }, ctx] = await Promise.all([riskSectionOf(db, districtId), periodInputs(db, districtId)]);
  const unitNames = new Map((await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.districtId, districtId))).map((u) => [u.id, u.name]));

  type Row = typeof riskPoints.$inferInsert & { ownerName: string; ownerUnit: string };
  const rows: Row[] = [];
  let n = 0;
  for (const s of schools) {
    const mine = accounts.filter((u) => u.unitId === s.id);
    const owner = mine.find((u) => /safety$|^demo\.(school|kg)$/.test(u.username)) ?? mine.find((u) => /principal$/.test(u.username)) ?? mine[0];
    if (!owner) continue;
    const facts = { stage: s.stage, boarding: s.boarding, rural: s.rural };
    for (const t of templates) {
      if (t.when && !t.when(facts)) continue;
      n++;
      // Rural schools by rivers: drowning is likelier there (001 item 12).
      const likelihood = t.season === 'flood_drowning' && s.rural ? t.likelihood + 1 : t.likelihood;
      const level: RiskLevel = riskLevelOf(likelihood, t.severity, section.bands);
      const identifiedOn = addDays(today, -(160 + (n % 40)));
      let lastReviewedOn = addDays(today, -(2 + (n % 9)));
      const facts2 = { level, kind: t.kind, season: t.season ?? null };
      if (DEMO_OVERDUE_RISKS[s.name] === t.name) lastReviewedOn = addDays(today, -(section.days[level] + 25));
      else if (reviewDemand({ ...facts2, lastReviewedOn }, section, ctx, today).dueOn < today) lastReviewedOn = addDays(today, -1);
      const escalated = DEMO_ESCALATED_RISK.school === s.name && DEMO_ESCALATED_RISK.risk === t.name;
      rows.push({
        districtId,
        schoolId: s.id,
        schoolPath: s.path,
        area: t.area,
        place: t.place,
        name: t.name,
        likelihood,
        severity: t.severity,
        level,
        kind: t.kind,
        season: t.season ?? null,
        controls: t.controls,
        controlOwnerId: owner.id,
        identifiedOn,
        lastReviewedOn,
        escalatedOn: escalated ? addDays(today, -3) : null,
        escalationNote: escalated ? '学校东侧河塘无护栏，需镇政府协调设置护栏和警示牌' : null,
        createdBy: owner.id,
        createdAt: new Date(`${identifiedOn}T02:00:00Z`),
        ownerName: owner.displayName,
        ownerUnit: unitNames.get(s.id) ?? '',
      });
    }
  }
  if (!rows.length) return;
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(riskPoints)
      .values(rows.map(({ ownerName: _n, ownerUnit: _u, ...r }) => r))
      .returning({ id: riskPoints.id });
    const steps: Array<typeof riskSteps.$inferInsert> = [];
    inserted.forEach(({ id }, i) => {
      const r = rows[i];
      const base = { riskId: id, districtId, actorId: r.controlOwnerId, actorName: r.ownerName, actorUnitName: r.ownerUnit, level: r.level };
      steps.push({ ...base, action: 'identify', on: r.identifiedOn, note: '学期初安全风险辨识评估', at: new Date(`${r.identifiedOn}T02:00:00Z`) });
      if (r.lastReviewedOn > r.identifiedOn) steps.push({ ...base, action: 'review', on: r.lastReviewedOn, note: '管控措施落实到位，风险等级不变', at: new Date(`${r.lastReviewedOn}T02:00:00Z`) });
      if (r.escalatedOn) steps.push({ ...base, action: 'escalate', on: r.escalatedOn, note: r.escalationNote ?? '', at: new Date(`${r.escalatedOn}T02:00:00Z`) });
    });
    await tx.insert(riskSteps).values(steps);
    await writeAudit(tx, { actor: null, ip: null }, { action: 'import', objectType: 'risk', districtId, actorName: '系统', after: { demo: true, records: rows.length } });
  });
}
