// The demo district's special equipment and hazardous chemicals (issue 15 items 3 and 4), and its lab
// technician (demo.lab, 东湖中学). Every school has its canteen gas equipment; the secondary and
// nine-year schools a lift, and a chemistry store with a few chemicals bought last term, issued and
// returned week by week and counted at each month's end. A few schools fall short, one rule each:
//   - 东湖中学: the lift's periodic inspection is past due (equipment.inspection);
//   - 西城育才学校: the boiler has no emergency plan on file (equipment.assignments);
//   - 南山中学: the operator's certificate of the gas equipment expires in 20 days (equipment.certificates, due soon);
//   - 西城实验中学: last month's count of hydrochloric acid found 20 mL less than the ledger (chemicals.balance);
//   - 南山九年一贯制学校: expired potassium permanganate not disposed of for months (chemicals.waste_disposal),
//     and no count last month (chemicals.monthly_count).
// Written in bulk (one audit event per table), like the other demo ledgers.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { writeAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_PASSWORD } from '../auth/demo-accounts.js';
import type { Db } from '../db/client.js';
import { chemicalMovements, chemicals, equipmentLogs, files, specialEquipment, units, userRoles, users } from '../db/schema.js';
import type { FileStorage } from '../files/storage.js';
import { demoPdf } from './hazards.js';

export const DEMO_LAB_SCHOOL = '东湖中学';
export const DEMO_LIFT_OVERDUE = '东湖中学';
export const DEMO_NO_PLAN = '西城育才学校';
export const DEMO_CERT_EXPIRING = '南山中学';
export const DEMO_COUNT_MISMATCH = '西城实验中学';
export const DEMO_WASTE_LATE = '南山九年一贯制学校';

const LAB_STAGES = ['junior', 'senior', 'nine_year', 'twelve_year', 'complete_secondary', 'vocational'];
const PLAN_KEY = 'demo/equipment-plan';
const planSha = createHash('sha256').update(demoPdf).digest('hex');

export async function loadDemoLedgersB(db: Db, districtId: number, now: Date, storage: FileStorage | null = null): Promise<void> {
  const today = shanghaiDate(now);
  await storage?.put(PLAN_KEY, demoPdf);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const schools = await tx.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active')));
    const [creator] = await tx.select({ id: users.id }).from(users).where(and(eq(users.districtId, districtId), eq(users.username, 'demo.bureau')));
    const by = { districtId, createdBy: creator.id, createdByName: '系统导入' };

    // The lab technician of 东湖中学: records the store's issues and returns on the phone.
    const lab = schools.find((s) => s.name === DEMO_LAB_SCHOOL)!;
    const [tech] = await tx
      .insert(users)
      .values({ districtId, unitId: lab.id, username: 'demo.lab', displayName: '赵实验员', passwordHash, mustChangePassword: false })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: tech.id, roleKey: 'lab_technician' });

    // ---- special equipment (001 item 19)
    const equipmentRows: Array<typeof specialEquipment.$inferInsert> = [];
    schools.forEach((s, i) => {
      if (s.stage === 'off_campus') return;
      const place = { ...by, schoolId: s.id, schoolPath: s.path };
      const due = addDays(today, 60 + ((i * 37) % 280));
      equipmentRows.push({
        ...place,
        kind: 'gas_equipment',
        name: '食堂燃气灶具及管道',
        location: '食堂操作间',
        responsiblePerson: '后勤主任',
        maintenanceUnit: '区燃气工程有限公司',
        safetyManager: '食堂管理员',
        registrationNo: `燃${String(1000 + i)}`,
        operatorName: '食堂厨师长',
        operatorCertNo: `RQ2025${String(100 + i)}`,
        operatorCertExpiresOn: s.name === DEMO_CERT_EXPIRING ? addDays(today, 20) : addDays(today, 400 + i),
        inspectionDueOn: due,
        planFileIds: [],
        fileIds: [],
      });
      if (LAB_STAGES.includes(s.stage ?? '')) {
        equipmentRows.push({
          ...place,
          kind: s.name === DEMO_NO_PLAN ? 'boiler' : 'lift',
          name: s.name === DEMO_NO_PLAN ? '宿舍热水锅炉' : '教学楼1号电梯',
          location: s.name === DEMO_NO_PLAN ? '锅炉房' : '教学楼东侧',
          responsiblePerson: '分管安全副校长',
          maintenanceUnit: '市特种设备维保有限公司',
          safetyManager: '专职安全员',
          registrationNo: `梯11${String(2000 + i)}`,
          operatorName: '设备管理员',
          operatorCertNo: `T2025${String(300 + i)}`,
          operatorCertExpiresOn: addDays(today, 500),
          inspectionDueOn: s.name === DEMO_LIFT_OVERDUE ? addDays(today, -12) : addDays(today, 90 + i * 3),
          planFileIds: [],
          fileIds: [],
        });
      }
    });
    const savedEquipment = await tx.insert(specialEquipment).values(equipmentRows).returning({ id: specialEquipment.id, schoolId: specialEquipment.schoolId, name: specialEquipment.name });
    // 一预案: each item's emergency plan as a file of its school (the shared demo PDF), but for 西城育才学校's boiler.
    const planRows = savedEquipment
      .filter((e) => !(schools.find((x) => x.id === e.schoolId)!.name === DEMO_NO_PLAN && e.name === '宿舍热水锅炉'))
      .map((e) => {
        const s = schools.find((x) => x.id === e.schoolId)!;
        return { districtId, unitId: s.id, unitPath: s.path, name: `${e.name}专项应急预案.pdf`, mime: 'application/pdf', size: demoPdf.length, sha256: planSha, storageKey: PLAN_KEY, uploadedBy: creator.id, equipmentId: e.id };
      });
    for (let i = 0; i < planRows.length; i += 500) {
      const chunk = planRows.slice(i, i + 500);
      const saved = await tx.insert(files).values(chunk.map(({ equipmentId: _e, ...f }) => f)).returning({ id: files.id });
      for (let k = 0; k < chunk.length; k++) await tx.update(specialEquipment).set({ planFileIds: [saved[k].id] }).where(eq(specialEquipment.id, chunk[k].equipmentId));
    }
    const logs: Array<typeof equipmentLogs.$inferInsert> = [];
    for (const e of savedEquipment) {
      const s = schools.find((x) => x.id === e.schoolId)!;
      for (let k = 1; k <= 3; k++) {
        logs.push({ ...by, schoolId: s.id, schoolPath: s.path, equipmentId: e.id, kind: 'maintenance', doneOn: addDays(today, -k * 30), doneBy: e.name.includes('燃气') ? '区燃气工程有限公司' : '市特种设备维保有限公司', result: '例行维护保养，运行正常', fileIds: [] });
      }
    }
    await tx.insert(equipmentLogs).values(logs);

    // ---- hazardous chemicals (003)
    const stock: Array<{ name: string; cas: string; unit: string; control: 'none' | 'precursor' | 'explosive'; bought: number; use: number }> = [
      { name: '无水乙醇', cas: '64-17-5', unit: 'mL', control: 'none', bought: 5000, use: 200 },
      { name: '盐酸（36%）', cas: '7647-01-0', unit: 'mL', control: 'precursor', bought: 2500, use: 100 },
      { name: '高锰酸钾', cas: '7722-64-7', unit: 'g', control: 'explosive', bought: 1000, use: 25 },
      { name: '氢氧化钠', cas: '1310-73-2', unit: 'g', control: 'none', bought: 2000, use: 50 },
    ];
    const chemRows: Array<typeof chemicals.$inferInsert> = [];
    const labSchools = schools.filter((s) => LAB_STAGES.includes(s.stage ?? ''));
    for (const s of labSchools) {
      for (const c of stock) {
        chemRows.push({
          ...by,
          schoolId: s.id,
          schoolPath: s.path,
          store: '化学药品室',
          name: c.name,
          casNo: c.cas,
          unit: c.unit,
          controlClass: c.control,
          storagePlace: c.control === 'none' ? '2号药品柜' : '易制毒易制爆专柜',
          keeperA: '王磊',
          keeperB: '李娜',
          expiresOn: s.name === DEMO_WASTE_LATE && c.name === '高锰酸钾' ? addDays(today, -150) : addDays(today, 700),
          fileIds: [],
        });
      }
    }
    const savedChems = chemRows.length ? await tx.insert(chemicals).values(chemRows).returning({ id: chemicals.id, schoolId: chemicals.schoolId, name: chemicals.name }) : [];
    const moves: Array<typeof chemicalMovements.$inferInsert> = [];
    const start = addDays(today, -100);
    const thisMonth = today.slice(0, 7);
    for (const ch of savedChems) {
      const s = schools.find((x) => x.id === ch.schoolId)!;
      const c = stock.find((x) => x.name === ch.name)!;
      const place = { ...by, schoolId: s.id, schoolPath: s.path, chemicalId: ch.id };
      let balance = c.bought;
      moves.push({ ...place, kind: 'purchase', occurredOn: start, quantity: c.bought, handledBy: '王磊', approvedBy: '分管安全副校长', supplier: '市化学试剂供应站' });
      // Issued on Tuesdays for class, half of it returned the same day; a count at each month's end.
      let day = addDays(start, 7);
      let month = start.slice(0, 7);
      const pending: Array<typeof chemicalMovements.$inferInsert> = [];
      while (day < today) {
        if (day.slice(0, 7) !== month) {
          // The month just ended is counted on its last day (not at 南山九年一贯制学校 last month).
          const last = addDays(`${day.slice(0, 7)}-01`, -1);
          const skip = s.name === DEMO_WASTE_LATE && day.slice(0, 7) === thisMonth;
          const short = s.name === DEMO_COUNT_MISMATCH && c.name === '盐酸（36%）' && day.slice(0, 7) === thisMonth ? 20 : 0;
          if (!skip) pending.push({ ...place, kind: 'count', occurredOn: last, quantity: balance - short, handledBy: '王磊', note: short ? '清点发现少于账面，待查' : null });
          month = day.slice(0, 7);
        }
        if (balance >= c.use * 2) {
          balance -= c.use;
          pending.push({ ...place, kind: 'issue', occurredOn: day, quantity: c.use, handledBy: '王磊', recipient: '化学教师', className: '初三化学兴趣小组', purpose: '分组实验' });
        }
        day = addDays(day, 7);
      }
      moves.push(...pending);
    }
    // Inserted in order so that ids follow days within a chemical; returns then point at their issues.
    const savedMoves = moves.length ? await tx.insert(chemicalMovements).values(moves).returning({ id: chemicalMovements.id, kind: chemicalMovements.kind, chemicalId: chemicalMovements.chemicalId, occurredOn: chemicalMovements.occurredOn, quantity: chemicalMovements.quantity, schoolId: chemicalMovements.schoolId, schoolPath: chemicalMovements.schoolPath }) : [];
    const returns = savedMoves
      .filter((m, i) => m.kind === 'issue' && i % 2 === 0)
      .map((m) => ({ ...by, schoolId: m.schoolId, schoolPath: m.schoolPath, chemicalId: m.chemicalId, kind: 'return', occurredOn: m.occurredOn, quantity: m.quantity / 2, issueId: m.id, handledBy: '王磊' }));
    // A return on the day of its issue comes after it (a larger id), and adds back what the month's count missed:
    // the counts were taken on the balance without returns, so returns are only made after the last count.
    const lastCount = new Map<number, string>();
    for (const m of savedMoves) if (m.kind === 'count' && (lastCount.get(m.chemicalId) ?? '') < m.occurredOn) lastCount.set(m.chemicalId, m.occurredOn);
    const lateReturns = returns.filter((r) => r.occurredOn > (lastCount.get(r.chemicalId) ?? ''));
    if (lateReturns.length) await tx.insert(chemicalMovements).values(lateReturns);

    const system = { actor: null, ip: null };
    for (const [objectType, n] of [
      ['special_equipment', savedEquipment.length],
      ['equipment_log', logs.length],
      ['chemical', savedChems.length],
      ['chemical_movement', savedMoves.length + lateReturns.length],
    ] as const) {
      await writeAudit(tx, system, { action: 'import', objectType, districtId, actorName: '系统', after: { demo: true, records: n } });
    }
  });
}
