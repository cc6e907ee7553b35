// The compliance readers of the ledgers of issue 15 items 3 and 4 (special equipment, hazardous
// chemicals): their recorded rows of the schools being evaluated as the engine's plain records
// (src/domain/rules/records.ts, LedgerRecordsB), each with everything the checks need (an item's
// inspections, a chemical's movements up to the day). Registered in ledger-readers.ts.
import { and, eq, lte, sql } from 'drizzle-orm';
import type { ChemicalRecord, EquipmentRecord, StaffCheckRecord, StaffMember } from '../../domain/rules/records.js';
import { column, dayColumn, readColumns } from '../db/columns.js';
import { chemicalMovements, chemicals, equipmentLogs, specialEquipment, staffMembers } from '../db/schema.js';
import { staffPresentOn } from '../staff/staff.service.js';
import type { EngineRecords, ReadScope } from './ledger-readers.js';

export async function readEquipment(s: ReadScope, out: EngineRecords) {
  const items = await s.db.select().from(specialEquipment).where(and(s.schools(specialEquipment), eq(specialEquipment.status, 'recorded')));
  const inspections = await s.db
    .select({ id: equipmentLogs.id, equipmentId: equipmentLogs.equipmentId, inspectedOn: equipmentLogs.doneOn, nextDueOn: equipmentLogs.nextDueOn })
    .from(equipmentLogs)
    .where(and(s.schools(equipmentLogs), eq(equipmentLogs.kind, 'inspection'), eq(equipmentLogs.status, 'recorded'), lte(equipmentLogs.doneOn, s.asOf)));
  const byItem = new Map<number, EquipmentRecord['inspections']>();
  for (const i of inspections) {
    let g = byItem.get(i.equipmentId);
    if (!g) byItem.set(i.equipmentId, (g = []));
    g.push({ id: i.id, inspectedOn: i.inspectedOn, nextDueOn: i.nextDueOn! });
  }
  (out.records.ledgersB ??= {}).equipment = items.map(
    (e): EquipmentRecord => ({
      id: e.id,
      unitId: e.schoolId,
      name: e.name,
      inService: e.inService,
      registeredDueOn: e.inspectionDueOn,
      inspections: byItem.get(e.id) ?? [],
      responsiblePerson: e.responsiblePerson,
      maintenanceUnit: e.maintenanceUnit,
      safetyManager: e.safetyManager,
      planFileCount: e.planFileIds.length,
      registrationNo: e.registrationNo,
      operatorCertNo: e.operatorCertNo,
      operatorCertExpiresOn: e.operatorCertExpiresOn,
    }),
  );
}

// Every movement is read, not a window: the balance is the sum of the chemical's whole history.
// The movements of the batch's schools are read as columns (db/columns.ts), the quantity in
// thousandths as the pure rules count it (numeric(14,3), so exact): 18,000 movements a batch of
// 100 schools, which drizzle mapped row by row.
export async function readChemicals(s: ReadScope, out: EngineRecords) {
  const m = chemicalMovements;
  const [items, c] = await Promise.all([
    s.db
      .select({ id: chemicals.id, unitId: chemicals.schoolId, name: chemicals.name, expiresOn: chemicals.expiresOn })
      .from(chemicals)
      .where(and(s.schools(chemicals), eq(chemicals.status, 'recorded'))),
    readColumns<{ ids: number[]; chemicals: number[]; kinds: string[]; days: string[]; qty: number[]; issues: Array<number | null> }>(
      s.db,
      sql`select ${column(m.id, 'ids')}, ${column(m.chemicalId, 'chemicals')}, ${column(m.kind, 'kinds')}, ${dayColumn(m.occurredOn, 'days')},
                 ${column(sql`(${m.quantity} * 1000)::bigint`, 'qty')}, ${column(m.issueId, 'issues')}
          from ${m} where ${and(s.schools(m), eq(m.status, 'recorded'), lte(m.occurredOn, s.asOf))}`,
      ['days'],
    ),
  ]);
  const byChemical = new Map<number, ChemicalRecord['movements']>(items.map((x) => [x.id, []]));
  // A movement of a chemical no longer recorded has no list, and is not judged.
  for (let i = 0; i < c.ids.length; i++) byChemical.get(c.chemicals[i])?.push({ id: c.ids[i], kind: c.kinds[i] as ChemicalRecord['movements'][number]['kind'], day: c.days[i], qty: c.qty[i], issueId: c.issues[i] });
  (out.records.ledgersB ??= {}).chemicals = items.map((x): ChemicalRecord => ({ ...x, movements: byChemical.get(x.id)! }));
}

/**
 * Everyone on post on the day with their entry check (准入查询, 001 item 11). With `withPosts`, the
 * same read also gives the staff with their posts (`out.staff`) that the training and letter rules
 * count, so a batch judging both reads the staff once.
 */
export async function readStaffChecks(s: ReadScope, out: EngineRecords, withPosts = false) {
  // Read as columns (db/columns.ts): every staff member of the schools, 80 a school.
  const m = staffMembers;
  const c = await readColumns<{ ids: number[]; units: number[]; names: string[]; outsourced: boolean[]; results: Array<string | null>; on: Array<string | null>; posts?: StaffMember['posts'][] }>(
    s.db,
    sql`select ${column(m.id, 'ids')}, ${column(m.schoolId, 'units')}, ${column(m.name, 'names')}, ${column(sql`${m.outsourcedKind} is not null`, 'outsourced')},
               ${column(m.entryCheckResult, 'results')}, ${dayColumn(m.entryCheckOn, 'on')}${withPosts ? sql`, ${column(m.posts, 'posts')}` : sql``}
        from ${m} where ${and(s.schools(m), staffPresentOn(s.asOf))}`,
    ['on'],
  );
  const list: StaffCheckRecord[] = new Array(c.ids.length);
  // A check dated after the day judged did not exist yet on it.
  for (let i = 0; i < c.ids.length; i++) {
    const on = c.on[i];
    list[i] = { id: c.ids[i], unitId: c.units[i], name: c.names[i], outsourced: c.outsourced[i], result: on && on <= s.asOf ? (c.results[i] as StaffCheckRecord['result']) : null };
  }
  (out.records.ledgersB ??= {}).staffChecks = list;
  const posts = c.posts;
  if (posts) out.staff = list.map((p, i): StaffMember => ({ id: p.id, unitId: p.unitId, name: p.name, posts: posts[i] }));
}
