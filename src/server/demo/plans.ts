// The demo district's work plan (issue 14): this year's plan with seed 000's 41 tasks, published,
// with progress — past quarters mostly done, a few schools short (overdue), the current quarter
// under way; a half-year summary collected with two schools late; the leader's and a department's
// patches with a few visits. Written in bulk with one audit event, to keep the bootstrap fast.
import { and, eq } from 'drizzle-orm';
import { shanghaiDate } from '../../domain/dates.js';
import { parseQuarter, quarterEnd, quarterOf, resolveTask, type Quarter, type UnitFacts } from '../../domain/plans.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { leaderPatches, leaderPatchSchools, patchVisits, planSummaries, planSummaryReturns, planTasks, planTaskUnits, units, userRoles, users, workPlans } from '../db/schema.js';
import { seedTasks } from '../plans/seed-000-table.js';

/** Schools that left some of last quarter's tasks undone (overdue on the matrix). */
export const DEMO_PLAN_SHORT = ['南山第二小学', '北河新苗幼儿园', '西城艺术培训中心'];

const points = `一、压实主体责任，健全校园安全工作机制
1. 强力落实校园安全主体责任：区教育局与各基层单位签订安全生产工作责任书，签约率 100%；落实“领导班子每季度一次、分管领导每月一次安全专题会议”制度。
2. 深入推进校园安全工作网络建设：常态化、全覆盖工作巡查，网上视频巡查与网下实地检查融合。
3. 加强校园安全隐患及矛盾纠纷排查：重点加强安全检查过程性资料留存和隐患治理闭环管理。
4. 加强应急值守和突发事件处置报备：节假日领导带班应急值守。
二、夯实管理基础，加强校园安全综合治理（消防安全标准化、交通安全、食品安全、网络和数据安全、特种设备与危险化学品、防汛防台）
三、突出防范重点，优化校园及周边安全环境（“三防”建设、周边环境治理、家庭宣传指导与舆情引导、协同联动）
四、强化安全教育，增强师生安全意识（主题教育、干部教工培训、公共安全演练：中小学每月至少 1 次、幼儿园每季度至少 1 次应急疏散演练）`;

/** A stable pseudo-random choice, so the demo looks the same every time it loads. */
const hash = (a: number, b: number) => ((a * 2654435761) ^ (b * 40503)) >>> 0;

export async function loadDemoPlans(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const current = quarterOf(today);
  await db.transaction(async (tx) => {
    const all = await tx
      .select({ id: units.id, name: units.name, kind: units.kind, stage: units.stage, schoolBus: units.schoolBus, status: units.status, path: units.path })
      .from(units)
      .where(eq(units.districtId, districtId));
    const byId = new Map(all.map((u) => [u.id, u]));
    const [bureauUser] = await tx.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.districtId, districtId), eq(users.username, 'demo.bureau')));
    const [plan] = await tx
      .insert(workPlans)
      .values({ districtId, year, title: `${year}年示范区教育系统安全工作要点`, points, status: 'published', publishedAt: now, createdBy: bureauUser.id })
      .returning();
    const tasks = await tx
      .insert(planTasks)
      .values(
        seedTasks().map((t) => {
          const r = resolveTask(t.units, all as UnitFacts[]);
          return { districtId, planId: plan.id, seq: t.seq, quarter: parseQuarter(t.quarter)!, text: t.text.replace(/^[(（]\d+[)）]\s*/, '').replace('2025', String(year + 1)).replace('2024', String(year)), unitWords: t.units, leadUnitId: r.leadUnitId };
        }),
      )
      .returning();
    const rows: Array<typeof planTaskUnits.$inferInsert> = [];
    for (const t of tasks) {
      const r = resolveTask(t.unitWords, all as UnitFacts[]);
      for (const unitId of r.unitIds) {
        const u = byId.get(unitId)!;
        const h = hash(t.id, unitId) % 100;
        let status: 'not_started' | 'in_progress' | 'done' = 'not_started';
        if (t.quarter < current) status = DEMO_PLAN_SHORT.includes(u.name) && h < 60 ? (h < 30 ? 'in_progress' : 'not_started') : 'done';
        else if (t.quarter === current) status = h < 35 ? 'done' : h < 70 ? 'in_progress' : 'not_started';
        // demo.school's own tasks of this quarter stay open, for it to report.
        if (u.name === '示范区实验小学' && t.quarter === current) status = 'not_started';
        const done = status === 'done';
        const end = quarterEnd(year, t.quarter as Quarter);
        rows.push({
          districtId,
          planId: plan.id,
          taskId: t.id,
          unitId,
          unitPath: u.path,
          lead: unitId === r.leadUnitId,
          status,
          note: status === 'not_started' ? null : done ? `已按要求完成：${t.text.slice(0, 30)}` : '正在推进，已完成部分工作',
          reportedAt: status === 'not_started' ? null : now,
          reportedByName: status === 'not_started' ? null : '示范区填报人',
          doneOn: done ? (end < today ? end : today) : null,
          version: status === 'not_started' ? 1 : 2,
        });
      }
    }
    for (let i = 0; i < rows.length; i += 2000) await tx.insert(planTaskUnits).values(rows.slice(i, i + 2000));

    // The half-year summary (000 task 20), due 10 July: all schools, two late once it has passed.
    const schools = all.filter((u) => u.kind === 'school' && u.status === 'active');
    const dueOn = `${year}-07-10`;
    const [summary] = await tx.insert(planSummaries).values({ districtId, planId: plan.id, kind: 'half', title: '上半年安全工作总结', dueOn, unitWords: '各基层单位', createdBy: bureauUser.id }).returning();
    const passed = today > dueOn;
    await tx.insert(planSummaryReturns).values(
      schools.map((s, i) => {
        const submitted = passed && i % 13 !== 5;
        return {
          districtId,
          summaryId: summary.id,
          unitId: s.id,
          unitPath: s.path,
          status: submitted ? 'submitted' : 'pending',
          text: submitted ? `${s.name}上半年开展安全检查、应急疏散演练和安全教育活动，隐患均已整改。` : null,
          submittedAt: submitted ? new Date(`${dueOn}T02:00:00Z`) : null,
          submittedByName: submitted ? '示范区填报人' : null,
          version: submitted ? 2 : 1,
        };
      }),
    );

    // Patches: the leader (demo.leader) and 安全管理中心 (demo.dept), each with a few schools and visits.
    const [leader] = await tx
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.roleKey, 'bureau_leader')))
      .where(eq(users.districtId, districtId))
      .limit(1);
    const dept = all.find((u) => u.name === '安全管理中心')!;
    const patchSchools = [
      { holder: { holderUserId: leader.id, holderName: leader.name }, names: ['南山中学', '南山九年一贯制学校', '南山启明民办小学', '南山村幼儿园'] },
      { holder: { holderUnitId: dept.id, holderName: dept.name }, names: ['北河中学', '北河希望小学', '北河新苗幼儿园'] },
    ];
    for (const [k, p] of patchSchools.entries()) {
      const [patch] = await tx.insert(leaderPatches).values({ districtId, year, ...p.holder }).returning();
      const ids = p.names.map((n) => all.find((u) => u.name === n)!);
      await tx.insert(leaderPatchSchools).values(ids.map((s) => ({ patchId: patch.id, schoolId: s.id })));
      const visitor = k === 0 ? leader : (await tx.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.districtId, districtId), eq(users.username, 'demo.dept'))))[0];
      await tx.insert(patchVisits).values(
        ids.slice(0, 2).map((s, i) => ({
          districtId,
          patchId: patch.id,
          schoolId: s.id,
          schoolPath: s.path,
          visitedOn: [`${year}-${String(Math.max(1, Number(today.slice(5, 7)) - i - 1)).padStart(2, '0')}-15`, today].sort()[0],
          note: i === 0 ? '查看校门安保、食堂和宿舍，督促消防通道清理' : '检查寄宿生夜间管理和校车接送',
          createdBy: visitor.id,
          createdByName: visitor.name,
        })),
      );
    }
    await writeAudit(tx, { actor: null, ip: null }, {
      action: 'import',
      objectType: 'work_plan',
      objectId: plan.id,
      districtId,
      actorName: '系统',
      after: { demo: true, year, tasks: tasks.length, taskUnits: rows.length },
    });
  });
}
