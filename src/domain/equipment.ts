// The special equipment ledger (特种设备台账, 001 item 19, 000 item 9; issue 15 item 3) as pure rules:
// 三落实、两有证、一检验、一预案 — a person responsible, a maintenance unit and a safety manager
// assigned (三落实); the equipment's registration certificate (使用登记证) and the operator's or
// manager's certificate (作业人员证) valid (两有证); the periodic inspection (定期检验) not past its
// due day (一检验); an emergency plan on file (一预案). Pure: today comes in.

export const equipmentKinds = ['boiler', 'pressure_vessel', 'lift', 'gas_equipment', 'pressure_piping', 'other'] as const;
export type EquipmentKind = (typeof equipmentKinds)[number];
export const equipmentKindLabels: Record<EquipmentKind, string> = {
  boiler: '锅炉',
  pressure_vessel: '压力容器',
  lift: '电梯',
  gas_equipment: '食堂燃气设备',
  pressure_piping: '压力管道',
  other: '其他特种设备',
};

export const equipmentLogKinds = ['maintenance', 'inspection'] as const;
export type EquipmentLogKind = (typeof equipmentLogKinds)[number];
export const equipmentLogKindLabels: Record<EquipmentLogKind, string> = { maintenance: '维护保养', inspection: '定期检验' };

/** An inspection recorded for the equipment: the day it was done and the next due day it set. */
export interface InspectionEntry {
  id: number;
  inspectedOn: string;
  nextDueOn: string;
}

/**
 * The day the next periodic inspection is due: set by the latest inspection recorded (by its day),
 * else the due day entered when the equipment was registered.
 */
export function inspectionDueOf(registeredDueOn: string, inspections: readonly InspectionEntry[]): string {
  let latest: InspectionEntry | undefined;
  for (const i of inspections) if (!latest || i.inspectedOn > latest.inspectedOn || (i.inspectedOn === latest.inspectedOn && i.id > latest.id)) latest = i;
  return latest ? latest.nextDueOn : registeredDueOn;
}

/**
 * An inspection's days: done after its due day cannot be recorded as on time (001 item 19: 一检验);
 * the next due day comes after the inspection.
 */
export function inspectionProblem(i: { inspectedOn: string; dueOn: string; onTime: boolean; nextDueOn: string }): { field: 'onTime' | 'nextDueOn'; message: string } | null {
  if (i.onTime && i.inspectedOn > i.dueOn) return { field: 'onTime', message: `检验日期（${i.inspectedOn}）晚于应检日期（${i.dueOn}），不能登记为按期检验` };
  if (i.nextDueOn <= i.inspectedOn) return { field: 'nextDueOn', message: '须晚于本次检验日期' };
  return null;
}

/** What an item of equipment lacks of 三落实 and 一预案, in Chinese. */
export function missingAssignments(e: { responsiblePerson: string | null; maintenanceUnit: string | null; safetyManager: string | null; planFileCount: number }): string[] {
  const out: string[] = [];
  if (!e.responsiblePerson) out.push('安全责任人');
  if (!e.maintenanceUnit) out.push('维保单位');
  if (!e.safetyManager) out.push('安全管理员');
  if (e.planFileCount <= 0) out.push('应急预案');
  return out;
}

/** What an item of equipment lacks of 两有证 on a day: a certificate missing or expired. */
export function certificateGaps(e: { registrationNo: string | null; operatorCertNo: string | null; operatorCertExpiresOn: string | null }, day: string): string[] {
  const out: string[] = [];
  if (!e.registrationNo) out.push('无使用登记证');
  if (!e.operatorCertNo) out.push('无作业人员证');
  else if (e.operatorCertExpiresOn && e.operatorCertExpiresOn < day) out.push(`作业人员证 ${e.operatorCertExpiresOn} 已过期`);
  return out;
}
