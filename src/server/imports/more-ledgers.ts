// The Excel import of the ledgers of issue 15 (food, gate, daily health checks, safety education,
// special equipment and its log, hazardous chemicals and their movements), in the columns of each
// ledger's own export so that an exported file imports again. Every row goes through the ledger's
// create contract (zod, Chinese messages) and the same record checks its endpoints run (the pure
// rules of src/domain/<ledger>.ts); a problem names its row and column. Hazardous chemical movements
// are replayed through the balance rule (domain/chemicals.ts) with the chemical's recorded ones, so
// a file that would drive a balance negative is refused naming the row. Nothing is written unless
// every row passes; imports.service.ts opens the one transaction and writes the audit event.
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { fieldLabels } from '../../contracts/common.js';
import { createChemicalBody, createMovementBody, chemicalMovementKindLabels, controlClassLabels, type CreateMovement } from '../../contracts/chemicals.js';
import { createEducationBody, educationKindLabels } from '../../contracts/education.js';
import { createEquipmentBody, createEquipmentLogBody, equipmentKindLabels, equipmentLogKindLabels } from '../../contracts/equipment.js';
import { certificateTypeLabels, createFoodBody, foodKindLabels, mealLabels } from '../../contracts/food.js';
import { createGateBody, gateKindLabels } from '../../contracts/gate.js';
import { checkSessionLabels, createHealthCheckBody } from '../../contracts/health-checks.js';
import {
  chemicalImportColumns,
  chemicalMovementImportColumns,
  educationImportColumns,
  equipmentImportColumns,
  equipmentLogImportColumns,
  foodImportColumns,
  gateImportColumns,
  healthCheckImportColumns,
  healthCheckSymptomColumns,
  netsecSystemImportColumns,
  busImportColumns,
  driverImportColumns,
} from '../../contracts/imports.js';
import { createNetsecSystemBody, netsecSystemKindLabels } from '../../contracts/network-security.js';
import { backgroundResultLabels, createBusBody, createDriverBody, licenceClasses } from '../../contracts/buses.js';
import { busDaysProblems, driverDaysProblems } from '../../domain/buses.js';
import { replay, toMilli, type ChemicalMovement, type ChemicalMovementKind } from '../../domain/chemicals.js';
import { addDays } from '../../domain/dates.js';
import { educationRecordProblem } from '../../domain/education.js';
import { inspectionProblem } from '../../domain/equipment.js';
import { foodRecordProblem } from '../../domain/food.js';
import { idNumberProblem, maskIdNumber, gateRecordProblem } from '../../domain/gate.js';
import { healthCheckProblem, symptomLabels, symptoms, type IllCase, type Symptom } from '../../domain/health-checks.js';
import { byLabel, cellText, type ExistingUnit, type RowError, type SheetRow } from '../../domain/import-rows.js';
import { keepersProblem } from '../../domain/chemicals.js';
import { cellDay, cellNumber, check, FirstRows, LedgerRow, type LedgerLookups, type Placed } from '../../domain/ledger-import-rows.js';
import { REQUIRED as MOVEMENT_REQUIRED } from '../chemicals/chemicals.service.js';
import { columnsOf as educationColumnsOf } from '../education/education.service.js';
import { columnsOf as foodColumnsOf } from '../food/food.service.js';
import { columnsOf as gateColumnsOf, type Merged as GateMerged } from '../gate/gate.service.js';
import { signalOutbreaks } from '../health-checks/health-checks.service.js';
import { schoolLedgerScope } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { busDrivers, chemicalMovements, chemicals, educationRecords, equipmentLogs, foodRecords, gateRecords, healthChecks, netsecSystems, schoolBuses, specialEquipment } from '../db/schema.js';

/** A record ready to insert: where it goes and its own columns (as the ledger's create endpoint builds them). */
export interface RecordDraft extends Placed {
  values: Record<string, unknown>;
}

/** A movement ready to insert; a return of an issue in the same file links to that row. */
export interface MovementDraft extends Placed {
  chemicalId: number;
  values: Record<string, unknown>;
  kind: ChemicalMovementKind;
  day: string;
  qty: number;
  /** A recorded issue of the system it returns. */
  issueId: number | null;
  /** Or the row of the file's issue it returns. */
  issueRow: number | null;
}

export type MoreLedgerDrafts =
  | { kind: 'food' | 'gate' | 'health_checks' | 'education' | 'equipment' | 'equipment_logs' | 'chemicals' | 'netsec_systems' | 'school_buses' | 'bus_drivers'; drafts: RecordDraft[] }
  | { kind: 'chemical_movements'; drafts: MovementDraft[] };
export type MoreLedgerKind = MoreLedgerDrafts['kind'];
export const moreLedgerKinds: readonly MoreLedgerKind[] = ['food', 'gate', 'health_checks', 'education', 'equipment', 'equipment_logs', 'chemicals', 'chemical_movements', 'netsec_systems', 'school_buses', 'bus_drivers'];
export const isMoreLedgerKind = (k: string): k is MoreLedgerKind => (moreLedgerKinds as readonly string[]).includes(k);

/** The tables written, for the audit event's object type and the statistics refreshed after a bulk load. */
export const moreLedgerTables = {
  food: foodRecords,
  gate: gateRecords,
  health_checks: healthChecks,
  education: educationRecords,
  equipment: specialEquipment,
  equipment_logs: equipmentLogs,
  chemicals,
  chemical_movements: chemicalMovements,
  netsec_systems: netsecSystems,
  school_buses: schoolBuses,
  bus_drivers: busDrivers,
} as const;

// ---- cells -------------------------------------------------------------------------------------

const yesNoWords = new Map<string, boolean>([
  ['是', true],
  ['否', false],
]);

/** 是/否 (an export writes them); blank is null. */
function yesNo(r: LedgerRow, column: string): boolean | null | undefined {
  const c = r.cell(column);
  if (typeof c === 'boolean') return c;
  const t = r.text(column);
  if (!t) return null;
  const v = yesNoWords.get(t);
  if (v === undefined) r.e.add(column, `${column}只能填“是”或“否”`);
  return v;
}

/** A number cell for a schema that checks it: blank is null, unreadable is reported and left out. */
function num(r: LedgerRow, column: string): number | null | undefined {
  const n = cellNumber(r.cell(column));
  if (n === 'bad') {
    r.e.add(column, '须为数字');
    return undefined;
  }
  return n;
}

/** An optional label of an enum: blank is null. */
function optionalChoice<K extends string>(r: LedgerRow, column: string, byText: ReadonlyMap<string, K>): K | null | undefined {
  if (!r.text(column)) return null;
  return r.choice(column, byText);
}

/** An optional day: blank is null, unreadable reported. */
function optionalDay(r: LedgerRow, column: string): string | null | undefined {
  if (cellDay(r.cell(column)) === null) return null;
  return r.day(column, false);
}

const TIME_TEXT = /^(\d{4}-\d{1,2}-\d{1,2}|\d{4}\/\d{1,2}\/\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A Beijing time from a cell, as the export writes it ('2026-05-10 08:30'), or an Excel date-time
 * serial number; an instant with its +08:00 offset. Blank is null.
 */
function beijingTime(r: LedgerRow, column: string): string | null | undefined {
  const c = r.cell(column);
  const bad = () => {
    r.e.add(column, '请填写时间，如 2026-05-10 08:30');
    return undefined;
  };
  if (c === null || c === undefined || cellText(c) === '') return null;
  if (typeof c === 'number') {
    // An Excel serial: days since 1899-12-30, the fraction the time of day.
    const whole = Math.floor(c);
    const day = cellDay(whole);
    if (day === 'bad' || day === null) return bad();
    const minutes = Math.round((c - whole) * 24 * 60);
    return `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`;
  }
  const m = TIME_TEXT.exec(cellText(c));
  if (!m) return bad();
  const day = cellDay(m[1]);
  const h = Number(m[2]);
  const min = Number(m[3]);
  const s = Number(m[4] ?? 0);
  if (day === 'bad' || day === null || h > 23 || min > 59 || s > 59) return bad();
  return `${day}T${String(h).padStart(2, '0')}:${m[3]}:${String(s).padStart(2, '0')}+08:00`;
}

/** Field → column header: the shared field labels, with the headers this template words its own way. */
function headersOf(fields: readonly string[], own: Record<string, string>): Record<string, string> {
  return { ...Object.fromEntries(fields.map((f) => [f, fieldLabels[f]])), ...own };
}

/** Each problem of a ledger's record check goes to its column. */
function problemAt(r: LedgerRow, columnOf: Record<string, string>, p: { field: string; message: string } | null, fallback: string) {
  if (!p) return;
  const column = columnOf[p.field] ?? fallback;
  if (!r.e.has(column)) r.e.add(column, p.message);
}

const placeOf = (r: LedgerRow, school: ExistingUnit) => ({ row: r.r.row, schoolId: school.id, schoolPath: school.path });

// ---- food safety (食品安全) ------------------------------------------------------------------------

const foodKindByLabel = byLabel(foodKindLabels);
const mealByLabel = byLabel(mealLabels);
const certificateTypeByLabel = byLabel(certificateTypeLabels);
const foodColumnOf = headersOf(['schoolId', 'person', 'staffChecked', 'staffUnwell', 'samplesKept', 'sampleGrams', 'sampleHours', 'findingCount', 'meal', 'certificateType', 'certificateNo', 'expiresOn', 'brightKitchenOnline', 'traceabilityOnline'], { kind: '记录类型', recordedOn: '日期', content: '记录内容' });

export function validateFoodRows(rows: readonly SheetRow[], lookups: LedgerLookups) {
  return check(rows, lookups, foodImportColumns, (r) => {
    const school = r.school();
    const input = {
      schoolId: school?.id,
      kind: r.choice('记录类型', foodKindByLabel),
      recordedOn: r.day('日期', true),
      person: r.text('负责人'),
      staffChecked: num(r, '晨检从业人员数'),
      staffUnwell: num(r, '身体不适人员数'),
      samplesKept: num(r, '留样份数'),
      sampleGrams: num(r, '每份留样克数'),
      sampleHours: num(r, '留样时长（小时）'),
      findingCount: num(r, '发现问题数'),
      meal: optionalChoice(r, '餐次', mealByLabel),
      certificateType: optionalChoice(r, '证照类型', certificateTypeByLabel),
      certificateNo: r.optional('证照编号'),
      expiresOn: optionalDay(r, '有效期至'),
      brightKitchenOnline: yesNo(r, '明厨亮灶在线'),
      traceabilityOnline: yesNo(r, '追溯平台在线'),
      content: r.optional('记录内容'),
    };
    const d = r.schema(createFoodBody, input, foodColumnOf);
    if (!d || !school) return undefined;
    // As registering by hand: an expired certificate is not registered as valid.
    problemAt(r, foodColumnOf, foodRecordProblem(d, lookups.today, true), '记录内容');
    return {
      ...placeOf(r, school),
      values: { kind: d.kind, recordedOn: d.recordedOn, person: d.person, ...foodColumnsOf(d), certificateNo: d.kind === 'certificate' ? d.certificateNo || null : null },
    };
  });
}

// ---- the gate log (门卫来访) ------------------------------------------------------------------------

const gateKindByLabel = byLabel(gateKindLabels);
const gateColumnOf = headersOf(['schoolId', 'guardName', 'visitorName', 'idChecked', 'phone', 'organisation', 'hostName', 'escortName', 'plate', 'driverName', 'admitted', 'refusalReason', 'arrivedAt', 'leftAt', 'arrivalTeachers', 'arrivalGuards', 'dismissalTeachers', 'dismissalGuards', 'onDuty', 'note'], { kind: '登记类型', recordedOn: '日期', idNumber: '身份证号（脱敏）', purpose: '事由' });
/** The masked number the export writes (first 6 and last 4 kept). */
const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/;

export function validateGateRows(rows: readonly SheetRow[], lookups: LedgerLookups & { now: Date }) {
  return check(rows, lookups, gateImportColumns, (r) => {
    const school = r.school();
    const kind = r.choice('登记类型', gateKindByLabel);
    // The identity number: a full one is checked and masked; an exported (masked) one is kept as it is.
    const idText = r.text('身份证号（脱敏）').toUpperCase();
    let idNumberMasked: string | null = null;
    if (idText && kind === 'visitor') {
      if (MASKED_ID.test(idText)) idNumberMasked = idText;
      else {
        const p = idNumberProblem(idText);
        if (p) r.e.add('身份证号（脱敏）', p);
        else idNumberMasked = maskIdNumber(idText);
      }
    }
    const input = {
      schoolId: school?.id,
      kind,
      guardName: r.text('值班门卫'),
      recordedOn: optionalDay(r, '日期'),
      visitorName: r.optional('来访人'),
      idChecked: yesNo(r, '已核验证件'),
      phone: r.optional('联系电话'),
      organisation: r.optional('来访单位'),
      purpose: r.optional('事由'),
      hostName: r.optional('被访人'),
      escortName: r.optional('带领教职工'),
      plate: r.optional('车牌号'),
      driverName: r.optional('驾驶人'),
      admitted: yesNo(r, '是否准入'),
      refusalReason: r.optional('拒绝理由'),
      arrivedAt: beijingTime(r, '到达时间'),
      leftAt: beijingTime(r, '离开时间'),
      arrivalTeachers: num(r, '上学时段教师数'),
      arrivalGuards: num(r, '上学时段保安数'),
      dismissalTeachers: num(r, '放学时段教师数'),
      dismissalGuards: num(r, '放学时段保安数'),
      onDuty: r.optional('到岗人员'),
      note: r.optional('备注'),
    };
    const d = r.schema(createGateBody, input, gateColumnOf);
    if (!d || !school) return undefined;
    problemAt(r, gateColumnOf, gateRecordProblem(d, lookups.now, lookups.today), '备注');
    if (!r.ok()) return undefined;
    const columns = gateColumnsOf(d as GateMerged);
    // A visitor's or vehicle's day is its arrival's; a 日期 that says otherwise is a mistake.
    if (d.kind !== 'guard_post' && d.recordedOn && d.recordedOn !== columns.recordedOn) {
      r.e.add('日期', `须与到达时间同一天（${columns.recordedOn}）`);
      return undefined;
    }
    return { ...placeOf(r, school), values: { kind: d.kind, guardName: d.guardName, idNumberMasked, ...columns } };
  });
}

// ---- daily health checks (晨午检) -----------------------------------------------------------------

const sessionByLabel = byLabel(checkSessionLabels);
const symptomByLabel = byLabel(symptomLabels);
const healthColumnOf: Record<string, string> = {
  schoolId: '学校',
  checkedOn: '检查日期',
  session: '检查时段',
  className: '班级',
  checkerName: '检查人',
  enrolled: '应到人数',
  absent: '缺勤人数',
  absentIll: '因病缺勤人数',
  symptoms: '因病缺课追踪',
  illCases: '因病缺课追踪',
  note: '备注',
  ...Object.fromEntries(symptoms.map((s, i) => [`symptoms.${s}`, healthCheckSymptomColumns[i]])),
};
/** One case as the export writes it: 学生（症状）：追踪情况. */
const ILL_CASE = /^(.+?)[（(]\s*(.+?)\s*[）)]\s*[：:]\s*([\s\S]+)$/;

function illCasesOf(r: LedgerRow): IllCase[] | undefined {
  const t = r.text('因病缺课追踪');
  if (!t) return [];
  const cases: IllCase[] = [];
  for (const part of t.split(/[；;\n]+/).map((s) => s.trim()).filter(Boolean)) {
    const m = ILL_CASE.exec(part);
    const symptom = m ? symptomByLabel.get(m[2]) : undefined;
    if (!m || !symptom) {
      r.e.add('因病缺课追踪', `“${part}”应写作“学生姓名（症状）：追踪情况”，多人用“；”分隔；症状可填：${Object.values(symptomLabels).join('、')}`);
      return undefined;
    }
    cases.push({ student: m[1].trim(), symptom, followUp: m[3].trim() });
  }
  return cases;
}

/** A class's check of a session on a day: one recorded at most (health_checks_class_uq). */
export const healthCheckKey = (schoolId: number, day: string, session: string, className: string) => `${schoolId}|${day}|${session}|${className}`;

export function validateHealthCheckRows(rows: readonly SheetRow[], lookups: LedgerLookups & { taken: ReadonlySet<string> }) {
  const seen = new FirstRows();
  return check(rows, lookups, healthCheckImportColumns, (r) => {
    const school = r.school();
    const counts: Partial<Record<Symptom, number | undefined>> = {};
    symptoms.forEach((s, i) => {
      const n = num(r, healthCheckSymptomColumns[i]);
      // 0 is what the export writes for a symptom nobody had.
      if (n !== null && n !== 0) counts[s] = n;
    });
    const input = {
      schoolId: school?.id,
      checkedOn: r.day('检查日期', true),
      session: r.choice('检查时段', sessionByLabel),
      className: r.text('班级'),
      checkerName: r.text('检查人'),
      enrolled: num(r, '应到人数') ?? undefined,
      absent: num(r, '缺勤人数') ?? undefined,
      absentIll: num(r, '因病缺勤人数') ?? undefined,
      symptoms: counts,
      illCases: illCasesOf(r) ?? [],
      note: r.optional('备注'),
    };
    const d = r.schema(createHealthCheckBody, input, healthColumnOf);
    if (!d || !school || !r.ok()) return undefined;
    problemAt(r, healthColumnOf, healthCheckProblem(d, lookups.today), '备注');
    const key = healthCheckKey(school.id, d.checkedOn, d.session, d.className);
    const earlier = seen.earlier(key, r.r.row);
    const when = `${d.checkedOn}${checkSessionLabels[d.session]}`;
    if (earlier !== undefined) r.e.add('班级', `与第 ${earlier} 行重复：同一班级同一天的${checkSessionLabels[d.session]}只登记一次`);
    else if (lookups.taken.has(key)) r.e.add('班级', `该班级 ${when} 已有记录，请在台账中修改，或先作废原记录`);
    return {
      ...placeOf(r, school),
      values: { checkedOn: d.checkedOn, session: d.session, className: d.className, checkerName: d.checkerName, enrolled: d.enrolled, absent: d.absent, absentIll: d.absentIll, symptoms: d.symptoms, illCases: d.illCases, note: d.note ?? null },
    };
  });
}

// ---- safety education (安全教育活动) ---------------------------------------------------------------

const educationKindByLabel = byLabel(educationKindLabels);
const educationColumnOf = headersOf(['schoolId', 'person', 'educationDay', 'topic', 'classesReached', 'participants', 'dormitory', 'expected', 'present', 'absentWithoutLeave', 'parentsNotified', 'classesTotal', 'classesAcknowledged', 'studentsTotal', 'studentsAcknowledged'], { kind: '记录类型', heldOn: '日期', content: '记录内容' });

export function validateEducationRows(rows: readonly SheetRow[], lookups: LedgerLookups) {
  return check(rows, lookups, educationImportColumns, (r) => {
    const school = r.school();
    const input = {
      schoolId: school?.id,
      kind: r.choice('记录类型', educationKindByLabel),
      heldOn: r.day('日期', true),
      person: r.text('负责人'),
      educationDay: r.optional('教育日'),
      topic: r.optional('活动主题'),
      classesReached: num(r, '覆盖班级数'),
      participants: num(r, '参加人数'),
      dormitory: r.optional('宿舍'),
      expected: num(r, '应到人数'),
      present: num(r, '实到人数'),
      absentWithoutLeave: num(r, '未请假缺勤人数'),
      parentsNotified: num(r, '当天已通知家长人数'),
      classesTotal: num(r, '班级数'),
      classesAcknowledged: num(r, '已回执班级数'),
      studentsTotal: num(r, '学生数'),
      studentsAcknowledged: num(r, '已回执学生数'),
      content: r.optional('记录内容'),
    };
    const d = r.schema(createEducationBody, input, educationColumnOf);
    if (!d || !school) return undefined;
    problemAt(r, educationColumnOf, educationRecordProblem(d, lookups.today), '记录内容');
    return { ...placeOf(r, school), values: { kind: d.kind, heldOn: d.heldOn, person: d.person, ...educationColumnsOf(d) } };
  });
}

// ---- special equipment (特种设备) and its log -------------------------------------------------------

const equipmentKindByLabel = byLabel(equipmentKindLabels);
const equipmentColumnOf = headersOf(['schoolId', 'inService', 'responsiblePerson', 'maintenanceUnit', 'safetyManager', 'registrationNo', 'operatorName', 'operatorCertNo', 'operatorCertExpiresOn'], { kind: '设备类别', name: '设备名称', location: '安装位置', inspectionDueOn: '登记时下次检验日期' });

export function validateEquipmentRows(rows: readonly SheetRow[], lookups: LedgerLookups) {
  return check(rows, lookups, equipmentImportColumns, (r) => {
    const school = r.school();
    const input = {
      schoolId: school?.id,
      kind: r.choice('设备类别', equipmentKindByLabel),
      name: r.text('设备名称'),
      location: r.optional('安装位置'),
      // Blank is in service, as in the form.
      inService: yesNo(r, '在用') ?? undefined,
      responsiblePerson: r.optional('安全责任人'),
      maintenanceUnit: r.optional('维保单位'),
      safetyManager: r.optional('安全管理员'),
      registrationNo: r.optional('使用登记证编号'),
      operatorName: r.optional('作业人员'),
      operatorCertNo: r.optional('作业人员证编号'),
      operatorCertExpiresOn: optionalDay(r, '作业人员证有效期至'),
      inspectionDueOn: r.day('登记时下次检验日期', true),
    };
    const d = r.schema(createEquipmentBody, input, equipmentColumnOf);
    if (!d || !school) return undefined;
    // As registering by hand (equipment.service.ts checkCertificate; 001 item 19 两有证): an expired
    // operator's licence is not registered as valid, and an expiry needs its number.
    if (d.operatorCertExpiresOn && !d.operatorCertNo) r.e.add('作业人员证编号', '填写了有效期，请同时填写证书编号');
    else if (d.operatorCertExpiresOn && d.operatorCertExpiresOn < lookups.today) r.e.add('作业人员证有效期至', `证书已于 ${d.operatorCertExpiresOn} 过期，请登记有效的作业人员证`);
    return {
      ...placeOf(r, school),
      values: {
        kind: d.kind,
        name: d.name,
        location: d.location ?? null,
        inService: d.inService,
        responsiblePerson: d.responsiblePerson ?? null,
        maintenanceUnit: d.maintenanceUnit ?? null,
        safetyManager: d.safetyManager ?? null,
        registrationNo: d.registrationNo ?? null,
        operatorName: d.operatorName ?? null,
        operatorCertNo: d.operatorCertNo ?? null,
        operatorCertExpiresOn: d.operatorCertExpiresOn ?? null,
        inspectionDueOn: d.inspectionDueOn,
        planFileIds: [],
      },
    };
  });
}

/** Recorded items (or chemicals) of the schools named, by school and name. */
export interface NamedRef {
  id: number;
  schoolId: number;
  schoolPath: string;
  name: string;
  store?: string;
}
const nameKey = (schoolId: number, name: string) => `${schoolId}\u0000${name}`;

/** The one recorded item of the school with the name, or a message. */
function oneNamed(list: NamedRef[] | undefined, what: string, name: string): NamedRef | string {
  if (!list?.length) return `本校没有已登记的${what}“${name}”，请先在台账中登记`;
  if (list.length > 1) return `本校有 ${list.length} 条名为“${name}”的${what}，请先在台账中改名加以区分`;
  return list[0];
}

const logKindByLabel = byLabel(equipmentLogKindLabels);
const logColumnOf = headersOf(['doneOn', 'doneBy', 'result', 'dueOn', 'onTime', 'nextDueOn', 'reportNo'], { equipmentId: '设备名称', kind: '记录类型' });

export function validateEquipmentLogRows(rows: readonly SheetRow[], lookups: LedgerLookups & { equipment: ReadonlyMap<string, NamedRef[]> }) {
  return check(rows, lookups, equipmentLogImportColumns, (r) => {
    const school = r.school();
    const name = r.required('设备名称');
    let item: NamedRef | undefined;
    if (school && name) {
      const found = oneNamed(lookups.equipment.get(nameKey(school.id, name)), '特种设备', name);
      if (typeof found === 'string') r.e.add('设备名称', found);
      else item = found;
    }
    const input = {
      equipmentId: item?.id ?? 1,
      kind: r.choice('记录类型', logKindByLabel),
      doneOn: r.day('日期', true),
      doneBy: r.text('实施单位或人员'),
      result: r.optional('结果'),
      dueOn: optionalDay(r, '应检日期'),
      onTime: yesNo(r, '按期检验'),
      nextDueOn: optionalDay(r, '下次检验日期'),
      reportNo: r.optional('检验报告编号'),
    };
    const d = r.schema(createEquipmentLogBody, input, logColumnOf);
    if (!d || !item) return undefined;
    // As recording one by hand (equipment.service.ts checkLog): no future day; an inspection carries
    // its due day, on time and the next due day, and one done after its due day is not on time.
    r.pastDay('日期', d.doneOn, lookups.today);
    const inspection = d.kind === 'inspection';
    if (inspection) {
      if (!d.dueOn) r.e.add('应检日期', '定期检验请填写应检日期');
      else if (d.onTime === null || d.onTime === undefined) r.e.add('按期检验', '请选择是否按期检验');
      else if (!d.nextDueOn) r.e.add('下次检验日期', '定期检验请填写下次检验日期');
      else problemAt(r, logColumnOf, inspectionProblem({ inspectedOn: d.doneOn, dueOn: d.dueOn, onTime: d.onTime, nextDueOn: d.nextDueOn }), '按期检验');
    }
    return {
      row: r.r.row,
      schoolId: item.schoolId,
      schoolPath: item.schoolPath,
      values: {
        equipmentId: item.id,
        kind: d.kind,
        doneOn: d.doneOn,
        doneBy: d.doneBy,
        result: d.result ?? null,
        dueOn: inspection ? d.dueOn! : null,
        onTime: inspection ? d.onTime! : null,
        nextDueOn: inspection ? d.nextDueOn! : null,
        reportNo: d.reportNo ?? null,
      },
    };
  });
}

// ---- hazardous chemicals (危险化学品) and their movements -------------------------------------------

const controlClassByLabel = byLabel(controlClassLabels);
const chemicalColumnOf = headersOf(['schoolId', 'store', 'unit', 'controlClass', 'storagePlace', 'expiresOn'], { name: '药品名称', casNo: 'CAS号', keeperA: '保管人一', keeperB: '保管人二' });

export function validateChemicalRows(rows: readonly SheetRow[], lookups: LedgerLookups) {
  return check(rows, lookups, chemicalImportColumns, (r) => {
    const school = r.school();
    const input = {
      schoolId: school?.id,
      store: r.text('药品室'),
      name: r.text('药品名称'),
      casNo: r.optional('CAS号'),
      unit: r.text('计量单位'),
      controlClass: optionalChoice(r, '管制类别', controlClassByLabel) ?? undefined,
      storagePlace: r.text('存放位置'),
      keeperA: r.text('保管人一'),
      keeperB: r.text('保管人二'),
      expiresOn: optionalDay(r, '有效期至'),
    };
    const d = r.schema(createChemicalBody, input, chemicalColumnOf);
    if (!d || !school) return undefined;
    // 双人双锁 (003): two different keepers.
    problemAt(r, chemicalColumnOf, keepersProblem(d.keeperA, d.keeperB), '保管人二');
    return {
      ...placeOf(r, school),
      values: {
        store: d.store,
        name: d.name,
        casNo: d.casNo ?? null,
        unit: d.unit,
        controlClass: d.controlClass,
        storagePlace: d.storagePlace,
        keeperA: d.keeperA,
        keeperB: d.keeperB,
        expiresOn: d.expiresOn ?? null,
      },
    };
  });
}

const movementKindByLabel = byLabel(chemicalMovementKindLabels);
const movementColumnOf = headersOf(['kind', 'occurredOn', 'quantity', 'handledBy', 'approvedBy', 'supplier', 'recipient', 'contractor', 'manifestNo', 'note'], { chemicalId: '药品名称', className: '使用班级', purpose: '用途', issueId: '对应领用编号' });
const replayColumnOf = { quantity: '数量', issueId: '对应领用编号', kind: '类型' } as const;

/** Where the file's movements are replayed: after every recorded one (ids grow), in the file's order. */
export const FILE_MOVEMENT_BASE = 2 ** 40;

export interface ChemicalLookups extends LedgerLookups {
  /** Recorded chemicals of the schools named, by school and name. */
  chemicals: ReadonlyMap<string, NamedRef[]>;
  /** The recorded movements of those chemicals, by chemical. */
  movements: ReadonlyMap<number, ChemicalMovement[]>;
}

export function validateMovementRows(rows: readonly SheetRow[], lookups: ChemicalLookups): { errors: RowError[]; drafts: MovementDraft[] } {
  // First each row by itself; the 编号 of the file's issues, for the returns that name them.
  const first = check(rows, lookups, chemicalMovementImportColumns, (r) => {
    const school = r.school();
    const name = r.required('药品名称');
    const store = r.text('药品室');
    let chemical: NamedRef | undefined;
    if (school && name) {
      const all = lookups.chemicals.get(nameKey(school.id, name));
      const found = oneNamed(store ? all?.filter((c) => c.store === store) : all, '危险化学品', store ? `${store}/${name}` : name);
      if (typeof found === 'string') r.e.add('药品名称', found);
      else chemical = found;
    }
    const no = num(r, '编号');
    if (typeof no === 'number' && (!Number.isInteger(no) || no <= 0)) r.e.add('编号', '须为正整数');
    const issueNo = num(r, '对应领用编号');
    if (typeof issueNo === 'number' && (!Number.isInteger(issueNo) || issueNo <= 0)) r.e.add('对应领用编号', '须为正整数');
    const input = {
      chemicalId: chemical?.id ?? 1,
      kind: r.choice('类型', movementKindByLabel),
      occurredOn: r.day('日期', true),
      quantity: num(r, '数量') ?? undefined,
      handledBy: r.text('经办人'),
      approvedBy: r.optional('审批人'),
      supplier: r.optional('供应单位'),
      recipient: r.optional('领用人'),
      className: r.optional('使用班级'),
      purpose: r.optional('用途'),
      issueId: issueNo,
      contractor: r.optional('危废处置单位'),
      manifestNo: r.optional('转移联单号'),
      note: r.optional('备注'),
    };
    const d = r.schema(createMovementBody, input, movementColumnOf);
    if (!d || !chemical) return undefined;
    // As recording one by hand (chemicals.service.ts checkMovementFields; 003 全程可追溯).
    r.pastDay('日期', d.occurredOn, lookups.today);
    if (d.kind !== 'count' && d.quantity <= 0 && !r.e.has('数量')) r.e.add('数量', '须大于 0');
    for (const [field, message] of MOVEMENT_REQUIRED[d.kind]) {
      const v = (d as CreateMovement)[field];
      if ((v === undefined || v === null || v === '') && !r.e.has(movementColumnOf[field])) r.e.add(movementColumnOf[field], message);
    }
    return {
      row: r.r.row,
      no: typeof no === 'number' ? no : null,
      schoolId: chemical.schoolId,
      schoolPath: chemical.schoolPath,
      chemicalId: chemical.id,
      kind: d.kind,
      day: d.occurredOn,
      qty: toMilli(d.quantity),
      issueNo: d.kind === 'return' ? (d.issueId ?? null) : null,
      values: {
        kind: d.kind,
        occurredOn: d.occurredOn,
        quantity: d.quantity,
        handledBy: d.handledBy,
        approvedBy: d.approvedBy ?? null,
        supplier: d.supplier ?? null,
        recipient: d.recipient ?? null,
        className: d.className ?? null,
        purpose: d.purpose ?? null,
        contractor: d.contractor ?? null,
        manifestNo: d.manifestNo ?? null,
        note: d.note ?? null,
      },
    };
  });
  const errors = [...first.errors];
  if (errors.length) return { errors, drafts: [] };

  // A return names its issue: one of the file by 编号 (an exported file carries them), else a
  // recorded issue of the same chemical by its number.
  const fileIssues = new Map<string, (typeof first.drafts)[number]>();
  for (const d of first.drafts) if (d.kind === 'issue' && d.no !== null) fileIssues.set(`${d.chemicalId}:${d.no}`, d);
  const drafts: MovementDraft[] = [];
  for (const d of first.drafts) {
    let issueId: number | null = null;
    let issueRow: number | null = null;
    if (d.kind === 'return') {
      const inFile = d.issueNo === null ? undefined : fileIssues.get(`${d.chemicalId}:${d.issueNo}`);
      const recorded = d.issueNo === null ? undefined : lookups.movements.get(d.chemicalId)?.find((m) => m.id === d.issueNo && m.kind === 'issue');
      if (inFile) {
        issueRow = inFile.row;
        if (d.day < inFile.day) errors.push({ row: d.row, column: '日期', message: `不能早于领用日期（${inFile.day}，第 ${inFile.row} 行）` });
      } else if (recorded) {
        issueId = recorded.id;
        if (d.day < recorded.day) errors.push({ row: d.row, column: '日期', message: `不能早于领用日期（${recorded.day}）` });
      } else {
        errors.push({ row: d.row, column: '对应领用编号', message: '请填写本药品此前一次领用的编号（本文件中领用行的“编号”，或系统中已登记的领用记录编号）' });
      }
    }
    drafts.push({ row: d.row, schoolId: d.schoolId, schoolPath: d.schoolPath, chemicalId: d.chemicalId, values: d.values, kind: d.kind, day: d.day, qty: d.qty, issueId, issueRow });
  }
  if (errors.length) return { errors, drafts: [] };
  errors.push(...replayProblems(drafts, lookups.movements, (i) => FILE_MOVEMENT_BASE + i));
  return { errors, drafts: errors.length ? [] : drafts };
}

/**
 * The file's movements replayed with each chemical's recorded ones (domain/chemicals.ts: no issue or
 * disposal beyond the balance, no return beyond what the issue has out); `idOf` gives the file's
 * i-th movement its id, after every recorded one. The first movement of the file that cannot stand
 * is named by its row, also when what it breaks is a later recorded movement.
 */
export function replayProblems(drafts: readonly MovementDraft[], recorded: ReadonlyMap<number, readonly ChemicalMovement[]>, idOf: (i: number) => number): RowError[] {
  const idByRow = new Map(drafts.map((d, i) => [d.row, idOf(i)]));
  const byChemical = new Map<number, Array<{ d: MovementDraft; m: ChemicalMovement }>>();
  drafts.forEach((d, i) => {
    const m: ChemicalMovement = { id: idOf(i), kind: d.kind, day: d.day, qty: d.qty, issueId: d.issueRow !== null ? idByRow.get(d.issueRow)! : d.issueId };
    byChemical.set(d.chemicalId, [...(byChemical.get(d.chemicalId) ?? []), { d, m }]);
  });
  const errors: RowError[] = [];
  for (const [chemicalId, mine] of byChemical) {
    const base = recorded.get(chemicalId) ?? [];
    const all = replay([...base, ...mine.map((x) => x.m)]);
    if (!all.problem) continue;
    // Which of the file's movements breaks it: the first whose addition (in the file's order) does.
    const rowOfId = new Map(mine.map((x) => [x.m.id, x.d.row]));
    let culprit = rowOfId.get(all.problem.movementId);
    let problem = all.problem;
    if (culprit === undefined) {
      for (let n = 1; n <= mine.length; n++) {
        const p = replay([...base, ...mine.slice(0, n).map((x) => x.m)]).problem;
        if (p) {
          culprit = mine[n - 1].d.row;
          problem = rowOfId.has(p.movementId) ? p : { ...p, message: `会使系统中已登记的记录（编号 ${p.movementId}）无法成立：${p.message}` };
          break;
        }
      }
    }
    errors.push({ row: culprit ?? mine[0].d.row, column: replayColumnOf[problem.field], message: problem.message });
  }
  return errors.sort((a, b) => a.row - b.row);
}

// ---- the network security registry (网络系统与网站, 000 item 8) ----------------------------------------

const systemKindByLabel = byLabel(netsecSystemKindLabels);
const systemColumnOf = headersOf(['schoolId'], { kind: '类别', name: '名称', address: '网址或入口', responsiblePerson: '责任人', protectionLevel: '等保级别', filingNo: '备案号' });
/** A school's registered systems by name, `${schoolId}\u0000${name}`. */
const systemKey = nameKey;

export function validateNetsecSystemRows(rows: readonly SheetRow[], lookups: LedgerLookups & { taken: ReadonlySet<string> }) {
  const inFile = new FirstRows();
  return check(rows, lookups, netsecSystemImportColumns, (r) => {
    const school = r.school();
    const input = {
      schoolId: school?.id,
      kind: r.choice('类别', systemKindByLabel),
      name: r.text('名称'),
      address: r.optional('网址或入口'),
      responsiblePerson: r.text('责任人'),
      protectionLevel: num(r, '等保级别'),
      filingNo: r.optional('备案号'),
    };
    const d = r.schema(createNetsecSystemBody, input, systemColumnOf);
    // The registry names each system once per school: an export imported again, or a row repeated,
    // would register it twice.
    if (d && school) {
      const key = systemKey(school.id, d.name);
      const earlier = inFile.earlier(key, r.r.row);
      if (lookups.taken.has(key)) r.e.add('名称', `本校已登记名为“${d.name}”的系统或网站，请勿重复导入`);
      else if (earlier !== undefined) r.e.add('名称', `与第 ${earlier} 行重复（同一学校同名）`);
    }
    if (!d || !school) return undefined;
    return {
      ...placeOf(r, school),
      values: { kind: d.kind, name: d.name, address: d.address ?? null, responsiblePerson: d.responsiblePerson, protectionLevel: d.protectionLevel ?? null, filingNo: d.filingNo ?? null, fileIds: [] },
    };
  });
}

// ---- school buses and their drivers (校车, 001 item 14) --------------------------------------------

const busColumnOf = headersOf(['schoolId'], {
  plate: '车牌号',
  seats: '座位数',
  licenceNo: '行驶证号',
  insuranceExpiresOn: '保险到期日',
  reviewedOn: '年审日期',
  reviewDueOn: '年审到期日',
  servesFrom: '开始运营日期',
  inService: '在用',
});

/**
 * The checks of createBus row by row (busDaysProblems: the review not ahead and its due day after
 * it, no lapsed insurance on a bus in service, 001 item 14), and a plate once in the district
 * (`taken`: the plates recorded) and once in the file.
 */
export function validateBusRows(rows: readonly SheetRow[], lookups: LedgerLookups & { taken: ReadonlySet<string>; today: string }) {
  const inFile = new FirstRows();
  return check(rows, lookups, busImportColumns, (r) => {
    const school = r.school();
    const inService = yesNo(r, '在用');
    const input = {
      schoolId: school?.id,
      plate: r.text('车牌号'),
      seats: num(r, '座位数'),
      licenceNo: r.text('行驶证号'),
      insuranceExpiresOn: r.day('保险到期日', true),
      reviewedOn: optionalDay(r, '年审日期'),
      reviewDueOn: r.day('年审到期日', true),
      servesFrom: r.day('开始运营日期', true),
      inService: inService ?? true,
    };
    const d = r.schema(createBusBody, input, busColumnOf);
    if (!d) return undefined;
    for (const p of busDaysProblems(d, lookups.today, { insurance: true })) problemAt(r, busColumnOf, p, '年审到期日');
    const earlier = inFile.earlier(d.plate, r.r.row);
    if (lookups.taken.has(d.plate)) r.e.add('车牌号', `车牌号“${d.plate}”的校车已登记，请勿重复导入`);
    else if (earlier !== undefined) r.e.add('车牌号', `与第 ${earlier} 行重复（同一车牌号）`);
    if (!school) return undefined;
    return {
      ...placeOf(r, school),
      values: { plate: d.plate, seats: d.seats, licenceNo: d.licenceNo, insuranceExpiresOn: d.insuranceExpiresOn, reviewedOn: d.reviewedOn ?? null, reviewDueOn: d.reviewDueOn, servesFrom: d.servesFrom, inService: d.inService, fileIds: [] },
    };
  });
}

const backgroundByLabel = byLabel(backgroundResultLabels);
const licenceClassByText = new Map(licenceClasses.map((k) => [k, k]));
const driverColumnOf = headersOf(['schoolId'], {
  name: '姓名',
  licenceClass: '准驾车型',
  licenceExpiresOn: '驾驶证有效期至',
  backgroundCheckedOn: '背景审查日期',
  backgroundResult: '背景审查结果',
  healthCheckedOn: '体检日期',
  active: '在岗',
});

/**
 * The checks of createDriver row by row (driverDaysProblems: no check day ahead, a background result
 * with its day and a day with its result, no licence already past for a driver on duty, 001 item 14).
 */
export function validateDriverRows(rows: readonly SheetRow[], lookups: LedgerLookups & { today: string }) {
  return check(rows, lookups, driverImportColumns, (r) => {
    const school = r.school();
    const active = yesNo(r, '在岗');
    const input = {
      schoolId: school?.id,
      name: r.text('姓名'),
      licenceClass: r.choice('准驾车型', licenceClassByText),
      licenceExpiresOn: r.day('驾驶证有效期至', true),
      backgroundCheckedOn: optionalDay(r, '背景审查日期'),
      backgroundResult: optionalChoice(r, '背景审查结果', backgroundByLabel),
      healthCheckedOn: optionalDay(r, '体检日期'),
      active: active ?? true,
    };
    const d = r.schema(createDriverBody, input, driverColumnOf);
    if (!d) return undefined;
    for (const p of driverDaysProblems(d, lookups.today, { licence: true })) problemAt(r, driverColumnOf, p, '驾驶证有效期至');
    if (!school) return undefined;
    return {
      ...placeOf(r, school),
      values: {
        name: d.name,
        licenceClass: d.licenceClass,
        licenceExpiresOn: d.licenceExpiresOn,
        backgroundCheckedOn: d.backgroundCheckedOn ?? null,
        backgroundResult: d.backgroundResult ?? null,
        healthCheckedOn: d.healthCheckedOn ?? null,
        onDuty: d.active,
        fileIds: [],
      },
    };
  });
}

// ---- loading what the checks need --------------------------------------------------------------

const CHUNK = 5000;
async function inChunks<T, R>(values: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await run(values.slice(i, i + CHUNK))));
  return out;
}

/** Ids of the schools the rows name that the person may write to. */
function schoolIdsOf(schools: ReadonlyMap<string, ExistingUnit>, rows: readonly SheetRow[]): number[] {
  const ids = new Set<number>();
  for (const r of rows) {
    const u = schools.get(cellText(r.cells['学校']));
    if (u && u.inScope && u.kind === 'school') ids.add(u.id);
  }
  return [...ids];
}

/** Each chemical's recorded movements, in the form the balance rule replays. */
export async function recordedMovements(db: Executor, chemicalIds: number[]): Promise<Map<number, ChemicalMovement[]>> {
  const out = new Map<number, ChemicalMovement[]>(chemicalIds.map((id) => [id, []]));
  const rows = await inChunks(chemicalIds, (ids) =>
    db
      .select({ id: chemicalMovements.id, chemicalId: chemicalMovements.chemicalId, kind: chemicalMovements.kind, day: chemicalMovements.occurredOn, quantity: chemicalMovements.quantity, issueId: chemicalMovements.issueId })
      .from(chemicalMovements)
      .where(and(inArray(chemicalMovements.chemicalId, ids), eq(chemicalMovements.status, 'recorded'))),
  );
  for (const r of rows) out.get(r.chemicalId)!.push({ id: r.id, kind: r.kind as ChemicalMovementKind, day: r.day, qty: toMilli(Number(r.quantity)), issueId: r.issueId });
  return out;
}

export async function checkMoreLedgerRows(
  ctx: Ctx,
  kind: MoreLedgerKind,
  rows: readonly SheetRow[],
  schools: ReadonlyMap<string, ExistingUnit>,
): Promise<{ errors: RowError[]; ledger: MoreLedgerDrafts }> {
  const lookups: LedgerLookups = { schools, today: todayOf(ctx) };
  const recordsOf = (r: { errors: RowError[]; drafts: RecordDraft[] }, k: Exclude<MoreLedgerKind, 'chemical_movements'>) => ({ errors: r.errors, ledger: { kind: k, drafts: r.drafts } });
  switch (kind) {
    case 'food':
      return recordsOf(validateFoodRows(rows, lookups), kind);
    case 'gate':
      return recordsOf(validateGateRows(rows, { ...lookups, now: ctx.now }), kind);
    case 'health_checks': {
      const days = rows.map((r) => cellDay(r.cells['检查日期'])).filter((d): d is string => typeof d === 'string' && d !== 'bad').sort();
      const found = days.length
        ? await inChunks(schoolIdsOf(schools, rows), (ids) =>
            ctx.db
              .select({ schoolId: healthChecks.schoolId, day: healthChecks.checkedOn, session: healthChecks.session, className: healthChecks.className })
              .from(healthChecks)
              .where(and(inArray(healthChecks.schoolId, ids), eq(healthChecks.status, 'recorded'), gte(healthChecks.checkedOn, days[0]), lte(healthChecks.checkedOn, days[days.length - 1]))),
          )
        : [];
      const taken = new Set(found.map((f) => healthCheckKey(f.schoolId, f.day, f.session, f.className)));
      return recordsOf(validateHealthCheckRows(rows, { ...lookups, taken }), kind);
    }
    case 'education':
      return recordsOf(validateEducationRows(rows, lookups), kind);
    case 'equipment':
      return recordsOf(validateEquipmentRows(rows, lookups), kind);
    case 'chemicals':
      return recordsOf(validateChemicalRows(rows, lookups), kind);
    case 'equipment_logs': {
      const found = await inChunks(schoolIdsOf(schools, rows), (ids) =>
        ctx.db
          .select({ id: specialEquipment.id, schoolId: specialEquipment.schoolId, schoolPath: specialEquipment.schoolPath, name: specialEquipment.name })
          .from(specialEquipment)
          .where(and(inArray(specialEquipment.schoolId, ids), eq(specialEquipment.status, 'recorded'), schoolLedgerScope(ctx.actor, specialEquipment))),
      );
      const equipment = new Map<string, NamedRef[]>();
      for (const e of found) equipment.set(nameKey(e.schoolId, e.name), [...(equipment.get(nameKey(e.schoolId, e.name)) ?? []), e]);
      return recordsOf(validateEquipmentLogRows(rows, { ...lookups, equipment }), kind);
    }
    case 'chemical_movements': {
      const found = await inChunks(schoolIdsOf(schools, rows), (ids) =>
        ctx.db
          .select({ id: chemicals.id, schoolId: chemicals.schoolId, schoolPath: chemicals.schoolPath, name: chemicals.name, store: chemicals.store })
          .from(chemicals)
          .where(and(inArray(chemicals.schoolId, ids), eq(chemicals.status, 'recorded'), schoolLedgerScope(ctx.actor, chemicals))),
      );
      const byName = new Map<string, NamedRef[]>();
      for (const c of found) byName.set(nameKey(c.schoolId, c.name), [...(byName.get(nameKey(c.schoolId, c.name)) ?? []), c]);
      const movements = await recordedMovements(ctx.db, found.map((c) => c.id));
      const { errors, drafts } = validateMovementRows(rows, { ...lookups, chemicals: byName, movements });
      return { errors, ledger: { kind, drafts } };
    }
    case 'netsec_systems': {
      const found = await inChunks(schoolIdsOf(schools, rows), (ids) =>
        ctx.db
          .select({ schoolId: netsecSystems.schoolId, name: netsecSystems.name })
          .from(netsecSystems)
          .where(and(inArray(netsecSystems.schoolId, ids), eq(netsecSystems.status, 'recorded'))),
      );
      return recordsOf(validateNetsecSystemRows(rows, { ...lookups, taken: new Set(found.map((s) => systemKey(s.schoolId, s.name))) }), kind);
    }
    case 'school_buses': {
      // Plates are unique in the district among recorded buses, whoever registered them.
      const plates = [...new Set(rows.map((row) => cellText(row.cells['车牌号'])).filter(Boolean))];
      const found = await inChunks(plates, (chunk) =>
        ctx.db
          .select({ plate: schoolBuses.plate })
          .from(schoolBuses)
          .where(and(eq(schoolBuses.districtId, ctx.actor.districtId), inArray(schoolBuses.plate, chunk), eq(schoolBuses.status, 'recorded'))),
      );
      return recordsOf(validateBusRows(rows, { ...lookups, taken: new Set(found.map((b) => b.plate)), today: todayOf(ctx) }), kind);
    }
    case 'bus_drivers':
      return recordsOf(validateDriverRows(rows, { ...lookups, today: todayOf(ctx) }), kind);
  }
}

// ---- writing -------------------------------------------------------------------------------------

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest of these tables (about 35 columns). */
const BATCH = 500;

/** Ids for n new rows of a table, taken from its sequence up front (a return links to an issue of the same file). */
async function nextIds(tx: Executor, table: string, n: number): Promise<number[]> {
  const rows = await tx.select({ id: sql<number>`nextval(pg_get_serial_sequence(${table}, 'id'))::int` }).from(sql`generate_series(1, ${n})`);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export class MoreLedgerAbort extends Error {}

/**
 * Inserts the checked records inside the caller's transaction, reporting progress after each batch;
 * returns the new ids. Movements are checked again under the chemicals' locks, as recording one by
 * hand locks its chemical, and the outbreak signals of the last three days are raised as a form does.
 */
export async function insertMoreLedgerRows(tx: Executor, ctx: Ctx, ledger: MoreLedgerDrafts, report: (written: number) => void): Promise<number[]> {
  const by = { districtId: ctx.actor.districtId, createdBy: ctx.actor.id, createdByName: ctx.actor.displayName };
  const ids: number[] = [];
  const table = moreLedgerTables[ledger.kind];

  if (ledger.kind === 'chemical_movements') {
    const drafts = ledger.drafts;
    const chemicalIds = [...new Set(drafts.map((d) => d.chemicalId))].sort((a, b) => a - b);
    const locked = await inChunks(chemicalIds, (chunk) => tx.select({ id: chemicals.id, status: chemicals.status }).from(chemicals).where(inArray(chemicals.id, chunk)).for('update'));
    const gone = drafts.find((d) => locked.find((c) => c.id === d.chemicalId)?.status !== 'recorded');
    if (gone) throw new MoreLedgerAbort(`第 ${gone.row} 行的危险化学品在导入期间被作废，未导入任何数据，请检查后重新上传`);
    const newIds = await nextIds(tx, 'chemical_movements', drafts.length);
    const problems = replayProblems(drafts, await recordedMovements(tx, chemicalIds), (i) => newIds[i]);
    if (problems.length) throw new MoreLedgerAbort(`第 ${problems[0].row} 行：${problems[0].message}（出入库记录在导入期间有变动），未导入任何数据，请检查后重新上传`);
    const idByRow = new Map(drafts.map((d, i) => [d.row, newIds[i]]));
    for (let i = 0; i < drafts.length; i += BATCH) {
      const values = drafts.slice(i, i + BATCH).map((d, j) => ({
        ...by,
        id: newIds[i + j],
        schoolId: d.schoolId,
        schoolPath: d.schoolPath,
        chemicalId: d.chemicalId,
        ...(d.values as Omit<typeof chemicalMovements.$inferInsert, 'districtId' | 'schoolId' | 'schoolPath' | 'chemicalId' | 'createdBy' | 'createdByName'>),
        issueId: d.kind === 'return' ? (d.issueRow !== null ? idByRow.get(d.issueRow)! : d.issueId) : null,
      }));
      await tx.insert(chemicalMovements).values(values);
      ids.push(...values.map((v) => v.id));
      report(Math.min(i + BATCH, drafts.length));
    }
    return ids;
  }

  const drafts = ledger.drafts;
  for (let i = 0; i < drafts.length; i += BATCH) {
    const values = drafts.slice(i, i + BATCH).map((d) => ({ ...by, schoolId: d.schoolId, schoolPath: d.schoolPath, ...d.values }));
    // One table per kind; the values are built by the checks from that table's create endpoint.
    const rows = (await tx
      .insert(table as typeof foodRecords)
      .values(values as Array<typeof foodRecords.$inferInsert>)
      .returning({ id: (table as typeof foodRecords).id })) as Array<{ id: number }>;
    ids.push(...rows.map((r) => r.id));
    report(Math.min(i + BATCH, drafts.length));
  }
  if (ledger.kind === 'health_checks') {
    // As a form does (health-checks.service.ts): a cluster in the last three days is signalled.
    const since = addDays(todayOf(ctx), -2);
    const recent = new Set(drafts.filter((d) => String(d.values.checkedOn) >= since).map((d) => `${d.schoolId}|${d.values.checkedOn}`));
    for (const key of recent) {
      const [schoolId, day] = key.split('|');
      await signalOutbreaks(tx, ctx, Number(schoolId), day);
    }
  }
  return ids;
}
