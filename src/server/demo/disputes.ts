// The demo district's disputes and petitions (issue 22; 000 item 3, 003), so the register, the town
// counts and the reminders show something:
//   - 示范区实验小学 (demo.school): a group petition of six parents being handled; a staff dispute that
//     may become an over-the-level petition, overdue and not yet on the risk list (demo.school can put
//     it there); a pupils' quarrel between parents resolved;
//   - 东湖中学: a hotline petition due within the week;
//   - 西城小学: a petition replied to, the petitioner satisfied.
//   - 示范区实验小学 again: yesterday, in the demo key period, parents organising over the after-school
//     fee; the school's daily report of yesterday (seeded by demo/incidents.ts as "none") names it, as
//     the school would have reported it (000 item 3 敏感时段).
// Written directly, each with its audit event, dated back from today.
import { and, eq, inArray } from 'drizzle-orm';
import type { DisputeKind, DisputeParties, DisputeStep, PetitionChannel, PetitionerView } from '../../contracts/disputes.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { disputeDueOn } from '../../domain/disputes.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { disputes, incidentDailyReports, units, users } from '../db/schema.js';

interface Demo {
  school: string;
  kind: DisputeKind;
  parties: DisputeParties;
  channel?: PetitionChannel;
  daysAgo: number;
  petitioners?: number;
  petitionerName?: string;
  summary: string;
  handlerName: string;
  mayEscalate?: boolean;
  steps?: Array<[number, string]>;
  concluded?: [number, string, PetitionerView | null];
  /** Named in the school's daily report (零报告) of its received day, when there is one. */
  inDailyReport?: true;
}

const demos: Demo[] = [
  { school: '示范区实验小学', kind: 'petition', parties: 'school_parent', channel: 'visit', daysAgo: 20, petitioners: 6, petitionerName: '三年级家长代表王先生等', summary: '家长对校门口接送区调整、早高峰临时停车位减少有意见', handlerName: '郑校长', steps: [[18, '召开家长座谈会，说明接送区调整原因和交警意见'], [12, '与街道、交警中队协商增设临时停车点']] },
  { school: '示范区实验小学', kind: 'dispute', parties: 'school_staff', daysAgo: 40, summary: '两名教师对职称评聘结果有异议，扬言向区里、市里反映', handlerName: '郑校长', mayEscalate: true, steps: [[38, '校长分别约谈两名教师，复核评聘程序']] },
  { school: '示范区实验小学', kind: 'dispute', parties: 'parent_parent', daysAgo: 60, summary: '两名学生课间推搡，双方家长在校门口争执', handlerName: '周安全', steps: [[58, '班主任、德育主任组织双方家长调解']], concluded: [55, '双方家长达成和解，学校加强课间巡查', null] },
  { school: '东湖中学', kind: 'petition', parties: 'other', channel: 'hotline', daysAgo: 55, petitioners: 1, summary: '12345 热线转办：反映学校周边夜间施工噪音影响学生休息', handlerName: '东湖中学办公室', steps: [[50, '联系施工单位和街道城管核实情况']] },
  { school: '示范区实验小学', kind: 'dispute', parties: 'school_parent', daysAgo: 1, summary: '部分家长对课后服务收费调整不满，在家长群中串联，准备集体到校反映', handlerName: '郑校长', mayEscalate: true, steps: [[1, '班主任在家长群说明收费依据，校长约见家长代表']], inDailyReport: true },
  { school: '西城小学', kind: 'petition', parties: 'school_parent', channel: 'online', daysAgo: 45, petitioners: 2, petitionerName: '李女士', summary: '反映午餐分量不足、饭菜偏凉', handlerName: '西城小学总务处', steps: [[43, '膳食委员会家长代表陪餐核查'], [40, '调整送餐保温措施和分量标准']], concluded: [38, '已书面答复：增配保温箱，分量按标准执行并公示', 'satisfied'] },
];

export async function loadDemoDisputes(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const schools = await db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(and(eq(units.districtId, districtId), inArray(units.name, [...new Set(demos.map((d) => d.school))])));
  const people = await db.select({ id: users.id, unitId: users.unitId, displayName: users.displayName }).from(users).where(eq(users.districtId, districtId));
  for (const d of demos) {
    const s = schools.find((x) => x.name === d.school);
    const by = people.find((p) => p.unitId === s?.id);
    if (!s || !by) continue;
    const receivedOn = addDays(today, -d.daysAgo);
    const steps: DisputeStep[] = (d.steps ?? []).map(([ago, note]) => ({ on: addDays(today, -ago), note, byName: by.displayName }));
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(disputes)
        .values({
          districtId,
          schoolId: s.id,
          schoolPath: s.path,
          kind: d.kind,
          parties: d.parties,
          channel: d.channel ?? null,
          receivedOn,
          petitioners: d.petitioners ?? null,
          petitionerName: d.petitionerName ?? null,
          summary: d.summary,
          handlerName: d.handlerName,
          dueOn: disputeDueOn(d.kind, receivedOn),
          mayEscalate: d.mayEscalate ?? false,
          steps,
          concludedOn: d.concluded ? addDays(today, -d.concluded[0]) : null,
          conclusion: d.concluded?.[1] ?? null,
          petitionerView: d.concluded?.[2] ?? null,
          createdBy: by.id,
          createdByName: by.displayName,
        })
        .returning();
      await writeAudit(tx, { actor: null, ip: null }, { action: 'create', objectType: 'dispute', objectId: row.id, districtId, actorName: by.displayName, after: { schoolId: s.id, kind: d.kind, receivedOn, dueOn: row.dueOn } });
      if (d.inDailyReport)
        await tx
          .update(incidentDailyReports)
          .set({ disputesNothing: false, disputeIds: [row.id] })
          .where(and(eq(incidentDailyReports.schoolId, s.id), eq(incidentDailyReports.reportDay, receivedOn)));
    });
  }
}
