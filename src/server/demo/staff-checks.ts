// The demo district's entry checks (准入查询, 001 item 11; issue 15 item 7) and its outsourced staff:
// every staff member of the staff ledger (demo/school-ledgers.ts) was checked, clear, in the weeks
// before the school year they were recorded in; each school has two guards from a security company
// and a cleaner from a property company (a driver from a bus company where the school runs buses),
// checked clear when they came. Two schools fall short of staff.entry_check:
//   - 东湖第二小学: a guard who started last week, the check asked for and not yet back (pending);
//   - 北河第二小学: a cleaner who started a month ago and was never checked.
// Written in bulk with one audit event, like the other demo ledgers; run after loadDemoSchoolLedgers.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { StaffPost } from '../../contracts/rules.js';
import type { outsourcedKinds } from '../../contracts/staff.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { staffMembers, units } from '../db/schema.js';

/** A new guard whose check is still pending. */
export const DEMO_ENTRY_CHECK_PENDING = '东湖第二小学';
/** A cleaner never checked. */
export const DEMO_ENTRY_CHECK_MISSING = '北河第二小学';

const surnames = ['王', '李', '张', '刘', '杨', '赵', '孙', '周', '吴', '郑', '马', '朱', '胡', '郭', '何', '罗'];
const given = ['国强', '建军', '秀兰', '桂芳', '德明', '永福', '淑珍', '长林', '凤英', '宝山', '春梅', '金生'];
const nameOf = (k: number) => `${surnames[(k * 5 + 1) % surnames.length]}${given[(k * 7 + 2) % given.length]}`;
const guardCompanies = ['示范区平安保安服务有限公司', '东方盾保安服务有限公司', '安泰保安服务有限公司'];
const cleanCompanies = ['洁美物业管理有限公司', '城市之家物业服务有限公司'];
const busCompany = '顺达校车运营有限公司';

type Kind = (typeof outsourcedKinds)[number];

export async function loadDemoStaffChecks(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  await db.transaction(async (tx) => {
    const staff = await tx
      .select({ id: staffMembers.id, schoolId: staffMembers.schoolId, createdAt: staffMembers.createdAt, createdBy: staffMembers.createdBy, createdByName: staffMembers.createdByName })
      .from(staffMembers)
      .where(eq(staffMembers.districtId, districtId))
      .orderBy(staffMembers.id);
    // The school's own staff: checked in the one to three weeks before they were recorded.
    await tx.execute(
      sql`update staff_members set entry_check_on = (created_at at time zone 'Asia/Shanghai')::date - (7 + id % 14), entry_check_result = 'clear' where district_id = ${districtId} and entry_check_result is null`,
    );
    const recorder = new Map(staff.map((s) => [s.schoolId, s]));
    const schools = await tx
      .select({ id: units.id, name: units.name, path: units.path, schoolBus: units.schoolBus })
      .from(units)
      .where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), isNotNull(units.stage)))
      .orderBy(units.id);
    const rows: Array<typeof staffMembers.$inferInsert> = [];
    schools.forEach((s, i) => {
      const by = recorder.get(s.id);
      if (!by) return;
      const add = (k: number, kind: Kind, employer: string, posts: Array<{ post: StaffPost; since: string | null }>, startedAgo: number, check: 'clear' | 'pending' | null) => {
        const since = addDays(today, -startedAgo);
        const at = new Date(`${since}T08:00:00Z`);
        rows.push({
          districtId,
          schoolId: s.id,
          schoolPath: s.path,
          userId: null,
          name: nameOf(i * 13 + k),
          posts,
          outsourcedKind: kind,
          employer,
          entryCheckOn: check ? addDays(since, check === 'pending' ? 2 : -5) : null,
          entryCheckResult: check,
          createdBy: by.createdBy,
          createdByName: by.createdByName,
          createdAt: at,
          updatedAt: at,
        });
      };
      const guardCo = guardCompanies[i % guardCompanies.length];
      add(1, 'guard', guardCo, [{ post: 'guard', since: addDays(today, -400 - i * 3) }], 400 + i * 3, 'clear');
      const newGuard = s.name === DEMO_ENTRY_CHECK_PENDING;
      add(2, 'guard', guardCo, [{ post: 'guard', since: addDays(today, newGuard ? -6 : -200 - i) }], newGuard ? 6 : 200 + i, newGuard ? 'pending' : 'clear');
      const neverChecked = s.name === DEMO_ENTRY_CHECK_MISSING;
      add(3, 'cleaner', cleanCompanies[i % cleanCompanies.length], [], neverChecked ? 30 : 300 + i, neverChecked ? null : 'clear');
      if (s.schoolBus) add(4, 'driver', busCompany, [], 500 + i, 'clear');
    });
    if (rows.length) await tx.insert(staffMembers).values(rows);
    await writeAudit(tx, { actor: null, ip: null }, {
      action: 'import',
      objectType: 'staff_member',
      districtId,
      actorName: '系统',
      after: { demo: true, records: rows.length, entryChecks: staff.length + rows.length },
    });
  });
}
