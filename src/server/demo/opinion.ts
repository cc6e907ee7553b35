// The demo district's public opinion events (舆情处置, issue 22; 000 item 13, 003, 002), so the page,
// its summary and the response flow show something:
//   - 示范区实验小学 (DEMO_OPINION_IN_TIME): a 较大 Weibo post about the school gate found yesterday,
//     the response drafted by the school, approved by the bureau and published 1 h 35 min after it was
//     found — within the 2-hour target;
//   - 东湖中学 (DEMO_OPINION_OVERDUE): a 重大 Douyin video pushed by the monitoring service three hours
//     ago, its response drafted but not yet approved — past the 1-hour target, shown red.
// Written directly, each with its audit event, dated back from now.
import { and, eq, inArray } from 'drizzle-orm';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { opinionEvents, units, userRoles, users } from '../db/schema.js';

export const DEMO_OPINION_IN_TIME = '示范区实验小学';
export const DEMO_OPINION_OVERDUE = '东湖中学';

const MINUTE = 60_000;

export async function loadDemoOpinion(db: Db, districtId: number, now: Date): Promise<void> {
  const schools = await db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(and(eq(units.districtId, districtId), inArray(units.name, [DEMO_OPINION_IN_TIME, DEMO_OPINION_OVERDUE])));
  const people = await db.select({ id: users.id, unitId: users.unitId, displayName: users.displayName }).from(users).where(eq(users.districtId, districtId));
  const [approver] = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.districtId, districtId), inArray(userRoles.roleKey, ['bureau_leader', 'bureau_admin'])))
    .limit(1);
  const inTime = schools.find((s) => s.name === DEMO_OPINION_IN_TIME);
  const overdue = schools.find((s) => s.name === DEMO_OPINION_OVERDUE);
  const by = (unitId: number | undefined) => people.find((p) => p.unitId === unitId);
  const ago = (min: number) => new Date(now.getTime() - min * MINUTE);

  const rows: Array<typeof opinionEvents.$inferInsert> = [];
  const writer = by(inTime?.id);
  if (inTime && writer && approver) {
    const foundAt = ago(26 * 60);
    rows.push({
      districtId,
      unitId: inTime.id,
      unitPath: inTime.path,
      source: 'weibo',
      title: '网友发帖称学校放学时段校门口拥堵、家长车辆乱停',
      link: 'https://weibo.com/demo/opinion-1',
      summary: '帖文配图为放学时段校门口，转发评论约 400 次，部分评论质疑学校管理',
      foundAt,
      level: 'major',
      origin: 'manual',
      reach: 420,
      draft: '学校已会同属地派出所、交警中队调整放学时段，增设护学岗和临时停车区，欢迎家长监督。',
      draftedBy: writer.id,
      draftedByName: writer.displayName,
      draftedAt: new Date(foundAt.getTime() + 40 * MINUTE),
      approvedBy: approver.id,
      approvedByName: approver.displayName,
      approvedAt: new Date(foundAt.getTime() + 70 * MINUTE),
      publishedAt: new Date(foundAt.getTime() + 95 * MINUTE),
      publishedChannel: '学校微信公众号',
      publishedLink: 'https://mp.weixin.qq.com/s/demo-opinion-1',
      createdBy: writer.id,
      createdByName: writer.displayName,
      // Registered when found, as the flow shows it.
      createdAt: new Date(foundAt.getTime() + 5 * MINUTE),
    });
  }
  const drafter = by(overdue?.id);
  if (overdue && drafter) {
    rows.push({
      districtId,
      unitId: overdue.id,
      unitPath: overdue.path,
      source: 'douyin',
      title: '短视频称学生在校内体育课受伤后未及时送医',
      link: 'https://www.douyin.com/video/demo-opinion-2',
      summary: '视频播放量快速上升，评论区出现不实信息',
      foundAt: ago(3 * 60),
      // Pushed by the monitoring service as it found it.
      createdAt: ago(3 * 60),
      level: 'severe',
      origin: 'webhook',
      externalId: 'demo-monitor-0001',
      reach: 56000,
      draft: '经核实，学生受伤后学校第一时间联系家长并由校医陪同送医，目前学生情况稳定。',
      draftedBy: drafter.id,
      draftedByName: drafter.displayName,
      draftedAt: ago(2 * 60),
    });
  }
  for (const values of rows) {
    await db.transaction(async (tx) => {
      const [row] = await tx.insert(opinionEvents).values(values).returning();
      await writeAudit(tx, { actor: null, ip: null }, { action: 'create', objectType: 'opinion_event', objectId: row.id, districtId, actorName: row.createdByName ?? '舆情监测服务', after: { unitId: row.unitId, level: row.level, foundAt: row.foundAt.toISOString() } });
    });
  }
}
