// The demo district's network security ledger (000 item 8; issue 15 item 6): every school's portal
// website and public account; the monthly reports of the last twelve months from every school, a few
// schools short; and three cards issued by 督导安全中心 (the task table's network-security owner):
//   - 示范区实验小学 (demo.school): a red card for a weak password on the portal's back end, its fix-by day a week past
//     and not answered (netsec.red_cards missed);
//   - 南山中学: a red card answered with evidence, waiting for the bureau to close it (due in 5 days);
//   - 西城实验中学: a yellow card closed last month.
// Schools short of monthly reports: 南山九年一贯制学校 missed last month, 西城育才学校 the month before.
// Written in bulk (one audit event per table), like the other demo ledgers.
import { and, eq } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { netsecCards, netsecReports, netsecSystems, units, users } from '../db/schema.js';

export const DEMO_RED_OVERDUE = '示范区实验小学';
export const DEMO_RED_ANSWERED = '南山中学';
export const DEMO_REPORT_MISSED_LAST = '南山九年一贯制学校';
export const DEMO_REPORT_MISSED_EARLIER = '西城育才学校';

const monthBack = (today: string, n: number) => {
  const [y, m] = today.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

export async function loadDemoNetworkSecurity(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  await db.transaction(async (tx) => {
    const schools = (await tx.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active')))).filter((s) => s.stage !== 'off_campus');
    const [creator] = await tx.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.districtId, districtId), eq(users.username, 'demo.bureau')));
    const by = { districtId, createdBy: creator.id, createdByName: '系统导入' };

    const systems = schools.flatMap((s, i) => [
      { ...by, schoolId: s.id, schoolPath: s.path, kind: 'website', name: `${s.name}门户网站`, address: `https://www.school${s.id}.example.edu.cn`, responsiblePerson: '信息技术老师', protectionLevel: i % 3 === 0 ? 2 : null, filingNo: `沪ICP备2024${String(10000 + s.id).slice(-5)}号` },
      { ...by, schoolId: s.id, schoolPath: s.path, kind: 'public_account', name: `${s.name}微信公众号`, address: null, responsiblePerson: '办公室主任', protectionLevel: null, filingNo: null },
    ]);
    await tx.insert(netsecSystems).values(systems);

    // Reports for the last twelve ended months; the current month is left to the schools.
    const reports: Array<typeof netsecReports.$inferInsert> = [];
    for (const [i, s] of schools.entries()) {
      for (let n = 1; n <= 12; n++) {
        if (s.name === DEMO_REPORT_MISSED_LAST && n === 1) continue;
        if (s.name === DEMO_REPORT_MISSED_EARLIER && n === 2) continue;
        const some = (i + n) % 17 === 0;
        reports.push({ ...by, schoolId: s.id, schoolPath: s.path, month: monthBack(today, n), checksDone: 2 + ((i + n) % 4), incidents: some ? 'some' : 'none', incidentCount: some ? 1 : 0, summary: some ? '公众号被仿冒一次，已向网信部门举报并发布声明' : '网站、公众号、系统运行正常，未发现篡改和攻击' });
      }
    }
    if (reports.length) await tx.insert(netsecReports).values(reports);

    const at = (name: string) => schools.find((s) => s.name === name);
    const issuer = { ...by, createdByName: creator.name, issuerUnitName: '督导安全中心' };
    const cards: Array<typeof netsecCards.$inferInsert> = [];
    const east = at(DEMO_RED_OVERDUE);
    if (east) cards.push({ ...issuer, schoolId: east.id, schoolPath: east.path, color: 'red', issuedOn: addDays(today, -21), fixBy: addDays(today, -7), reason: '学校门户网站后台使用弱口令，存在被篡改风险' });
    const south = at(DEMO_RED_ANSWERED);
    if (south)
      cards.push({ ...issuer, schoolId: south.id, schoolPath: south.path, color: 'red', issuedOn: addDays(today, -9), fixBy: addDays(today, 5), reason: '学校办公系统服务器存在高危漏洞（未及时打补丁）', state: 'answered', answer: '已安装安全补丁并完成漏洞复扫，附复扫报告', answeredByName: '学校安全员', answeredAt: now });
    const west = schools.find((s) => s.name === '西城实验中学');
    if (west)
      cards.push({ ...issuer, schoolId: west.id, schoolPath: west.path, color: 'yellow', issuedOn: addDays(today, -45), fixBy: addDays(today, -31), reason: '学校公众号发布内容未经审核', state: 'closed', answer: '已建立“三审三校”制度并下线该文章', answeredByName: '学校安全员', answeredAt: now, closedBy: creator.id, closedByName: creator.name, closedAt: now, closeNote: '整改到位' });
    if (cards.length) await tx.insert(netsecCards).values(cards);

    const system = { actor: null, ip: null };
    for (const [objectType, n] of [
      ['netsec_system', systems.length],
      ['netsec_report', reports.length],
      ['netsec_card', cards.length],
    ] as const) {
      await writeAudit(tx, system, { action: 'import', objectType, districtId, actorName: '系统', after: { demo: true, records: n } });
    }
  });
}
