// Row checks for the Excel import of the school ledgers (issue 4): drills, staff, trainings,
// meetings, insurance, duty entries and security profiles. Each row is checked with the zod schema of its create endpoint and the
// same record checks (ledger-checks.ts: no future drill, training or meeting, hours at most 24 a
// day of the course, the insurance period), plus what only a file has: schools named by name,
// a training's person named by school and name, rows repeated inside the file.
// Pure: the lookups (schools by name, staff, taken policy numbers, today) come in as data.
import type { z } from 'zod';
import { newDutyEntry } from '../contracts/duty.js';
import {
  drillImportColumns,
  dutyImportColumns,
  insuranceImportColumns,
  meetingImportColumns,
  RECORD_STATUS_COLUMN,
  securityImportColumns,
  staffImportColumns,
  trainingImportColumns,
} from '../contracts/imports.js';
import { createDrillBody } from '../contracts/drills.js';
import { createInsuranceBody } from '../contracts/insurance.js';
import { createMeetingBody } from '../contracts/meetings.js';
import {
  drillKindLabels,
  dutyRoleLabels,
  guardSlots,
  meetingLevelLabels,
  staffPostLabels,
  type DrillKind,
  type DutyRole,
  type GuardSlot,
  type MeetingLevel,
  type StaffPost,
} from '../contracts/rules.js';
import { createStaffBody, createTrainingBody } from '../contracts/staff.js';
import { addDays, dayProblem, isDay } from './dates.js';
import { byLabel, cellText, errorMap, listOf, RowErrors, sortErrors, type Cell, type ExistingUnit, type RowError, type SheetRow } from './import-rows.js';
import { insurancePeriodProblem, pastDayProblem, trainingSpanProblem } from './ledger-checks.js';
import { securityProfileProblems, type GateInput, type SecurityProfileInput } from './security-profile.js';

/** Said of a school that is not there or outside the importing person's scope: the two read alike. */
export const SCHOOL_NOT_FOUND = '学校不存在或不在您的管辖范围内';

// ---- cells ---------------------------------------------------------------------------------

const DAY_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const EXCEL_EPOCH = '1899-12-30';

/**
 * A day from a cell: an Excel date (read as YYYY-MM-DD), an Excel serial number, or text such as
 * 2024-05-06, 2024/5/6 or 2024年5月6日. Blank is null; anything else 'bad'.
 */
export function cellDay(c: Cell | undefined): string | null | 'bad' {
  if (c === null || c === undefined) return null;
  if (typeof c === 'number') {
    // A date cell without a date format shows its serial number (days since 1899-12-30).
    if (!Number.isInteger(c) || c < 1 || c > 2958465) return 'bad';
    return addDays(EXCEL_EPOCH, c);
  }
  const t = cellText(c);
  if (!t) return null;
  const m = DAY_TEXT.exec(t);
  if (!m) return 'bad';
  const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isDay(day) ? day : 'bad';
}

/** A number from a cell (a number, or text holding one). Blank is null; anything else 'bad'. */
export function cellNumber(c: Cell | undefined): number | null | 'bad' {
  if (c === null || c === undefined) return null;
  if (typeof c === 'number') return c;
  const t = cellText(c);
  if (!t) return null;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : 'bad';
}

/** Splits a list of names or posts written with 、 (or commas, semicolons, line breaks). */
function splitItems(text: string): string[] {
  return text
    .split(/[、,，;；\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// ---- what every ledger row has --------------------------------------------------------------

export interface LedgerLookups {
  /** Every unit of the district by name, marked in or out of the importing person's scope. */
  schools: ReadonlyMap<string, ExistingUnit>;
  /** Today in Shanghai. */
  today: string;
}

/** Where a record goes: the school, as the ledgers store it. */
export interface Placed {
  row: number;
  schoolId: number;
  schoolPath: string;
}

/** One row being checked: its cells, its errors and the school it names. */
export class LedgerRow {
  readonly e: RowErrors;
  constructor(
    readonly r: SheetRow,
    private readonly lookups: LedgerLookups,
  ) {
    this.e = new RowErrors(r.row);
  }

  cell(column: string): Cell | undefined {
    return this.r.cells[column];
  }

  text(column: string): string {
    return cellText(this.cell(column));
  }

  /** Optional text: blank is null. */
  optional(column: string): string | null {
    return this.text(column) || null;
  }

  required(column: string, what = column): string | undefined {
    const t = this.text(column);
    if (!t) this.e.add(column, `请填写${what}`);
    return t || undefined;
  }

  day(column: string, required: boolean): string | undefined {
    const d = cellDay(this.cell(column));
    if (d === 'bad') this.e.add(column, '请填写日期（YYYY-MM-DD），或使用 Excel 日期格式');
    else if (d === null && required) this.e.add(column, `请填写${column}`);
    if (d === 'bad' || d === null) return undefined;
    // The range every day the system takes is within, as in the API (issue 11 item 1).
    const problem = dayProblem(d);
    if (problem) {
      this.e.add(column, problem);
      return undefined;
    }
    return d;
  }

  number(column: string, required: boolean, integer: boolean): number | undefined {
    const n = cellNumber(this.cell(column));
    if (n === 'bad' || (integer && typeof n === 'number' && !Number.isInteger(n))) this.e.add(column, integer ? '须为整数' : '须为数字');
    else if (n === null && required) this.e.add(column, `请填写${column}`);
    return typeof n === 'number' ? n : undefined;
  }

  /** A label of an enum, given its labels. */
  choice<K extends string>(column: string, byText: ReadonlyMap<string, K>): K | undefined {
    const t = this.text(column);
    if (!t) {
      this.e.add(column, `请填写${column}`);
      return undefined;
    }
    const k = byText.get(t);
    if (!k) this.e.add(column, `${column}只能是：${listOf(new Set(byText.keys()))}`);
    return k;
  }

  /** The school named in 学校: in the district, in scope and a school; else one message for all. */
  school(): ExistingUnit | undefined {
    const name = this.text('学校');
    if (!name) {
      this.e.add('学校', '请填写学校');
      return undefined;
    }
    const u = this.lookups.schools.get(name);
    if (!u || !u.inScope) {
      this.e.add('学校', SCHOOL_NOT_FOUND);
      return undefined;
    }
    if (u.kind !== 'school') {
      this.e.add('学校', `“${name}”不是学校，请填写学校名称`);
      return undefined;
    }
    return u;
  }

  /** A day that must not be after today, once the cell reads as a day. */
  pastDay(column: string, day: string | undefined, today: string) {
    if (!day || this.e.has(column)) return;
    const problem = pastDayProblem(day, today);
    if (problem) this.e.add(column, problem);
  }

  /** An exported file carries 状态: a voided record is not imported. */
  notVoided() {
    if (this.text(RECORD_STATUS_COLUMN) === '已作废') this.e.add(RECORD_STATUS_COLUMN, '已作废的记录不导入，请删除此行');
  }

  /**
   * Runs the create endpoint's schema; each problem goes to the column of its field unless that
   * column has already been reported.
   */
  schema<T>(schema: z.ZodType<T>, input: unknown, columnOf: Record<string, string>): T | undefined {
    const parsed = schema.safeParse(input, { error: errorMap });
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const column = columnOf[String(issue.path[0])];
      if (column && !this.e.has(column)) this.e.add(column, issue.message);
    }
    return undefined;
  }

  ok(): boolean {
    return this.e.list.length === 0;
  }
}

export interface Result<D> {
  errors: RowError[];
  drafts: D[];
}

export function check<D>(rows: readonly SheetRow[], lookups: LedgerLookups, columns: readonly string[], one: (r: LedgerRow) => D | undefined): Result<D> {
  const errors: RowError[] = [];
  const drafts: D[] = [];
  for (const sheetRow of rows) {
    const r = new LedgerRow(sheetRow, lookups);
    r.notVoided();
    const draft = one(r);
    if (!r.ok() || draft === undefined) errors.push(...r.e.list);
    else drafts.push(draft);
  }
  return { errors: sortErrors(errors, [...columns, RECORD_STATUS_COLUMN]), drafts };
}

/** Repeats inside the file: the first row with each key. */
export class FirstRows {
  private readonly seen = new Map<string, number>();
  /** The earlier row with this key, or undefined (and this row is remembered). */
  earlier(key: string, row: number): number | undefined {
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, row);
    return first;
  }
}

// ---- drills (应急疏散演练) -------------------------------------------------------------------

const drillKindByLabel = byLabel(drillKindLabels);

export interface DrillDraft extends Placed {
  heldOn: string;
  kind: DrillKind;
  participants: number;
  evacuationSeconds: number | null;
  observers: string | null;
  problems: string | null;
}

const drillColumnOf = {
  schoolId: '学校',
  heldOn: '演练日期',
  kind: '演练类型',
  participants: '参加人数',
  evacuationSeconds: '疏散用时（秒）',
  observers: '外部观摩人员',
  problems: '发现的问题',
};

export function validateDrillRows(rows: readonly SheetRow[], lookups: LedgerLookups): Result<DrillDraft> {
  return check(rows, lookups, drillImportColumns, (r) => {
    const school = r.school();
    const input = {
      schoolId: school?.id ?? 1,
      heldOn: r.day('演练日期', true),
      kind: r.choice('演练类型', drillKindByLabel),
      participants: r.number('参加人数', true, true),
      evacuationSeconds: r.number('疏散用时（秒）', false, true) ?? null,
      observers: r.optional('外部观摩人员'),
      problems: r.optional('发现的问题'),
    };
    const v = r.schema(createDrillBody, input, drillColumnOf);
    r.pastDay('演练日期', input.heldOn, lookups.today);
    if (!school || !v || !r.ok()) return undefined;
    return {
      row: r.r.row,
      schoolId: school.id,
      schoolPath: school.path,
      heldOn: v.heldOn,
      kind: v.kind,
      participants: v.participants,
      evacuationSeconds: v.evacuationSeconds ?? null,
      observers: v.observers || null,
      problems: v.problems || null,
    };
  });
}

// ---- staff and their posts (教职工岗位) -------------------------------------------------------

// A post by its label, and by the label without （园）: 校长, 副校长, 分管安全副校长.
const postByText = new Map<string, StaffPost>();
for (const [post, label] of Object.entries(staffPostLabels) as Array<[StaffPost, string]>) {
  postByText.set(label, post);
  postByText.set(label.replace('（园）', ''), post);
}
const POST_WITH_DAY = /^(.+?)\s*[（(]\s*([^（）()]+?)\s*[）)]$/;

/**
 * 岗位及任职日期 as the export writes it: posts separated by 、, each with its appointment day in
 * brackets when known, e.g. “校（园）长（2024-09-01）、班主任”.
 */
export function parsePosts(text: string): { posts: Array<{ post: StaffPost; since: string | null }> } | { problem: string } {
  const posts: Array<{ post: StaffPost; since: string | null }> = [];
  const items = splitItems(text);
  for (const [i, item] of items.entries()) {
    const whole = postByText.get(item);
    if (whole) {
      posts.push({ post: whole, since: null });
      continue;
    }
    const m = POST_WITH_DAY.exec(item);
    const post = m ? postByText.get(m[1].trim()) : undefined;
    if (!m || !post) return { problem: `未知的岗位：${m ? m[1].trim() : item}；可选：${listOf(Object.values(staffPostLabels))}` };
    const since = cellDay(m[2]);
    if (since === 'bad' || since === null) return { problem: `第 ${i + 1} 个岗位的任职日期“${m[2]}”无效，请写成 YYYY-MM-DD` };
    const far = dayProblem(since);
    if (far) return { problem: `第 ${i + 1} 个岗位的任职日期${far}` };
    posts.push({ post, since });
  }
  return { posts };
}

export interface StaffDraft extends Placed {
  name: string;
  posts: Array<{ post: StaffPost; since: string | null }>;
  leftOn: string | null;
}

export interface StaffLookups extends LedgerLookups {
  /** Names already in each school's staff, keyed `${schoolId}/${name}`. */
  staffNames: ReadonlySet<string>;
}

export const staffKey = (schoolId: number, name: string) => `${schoolId}/${name}`;

export function validateStaffRows(rows: readonly SheetRow[], lookups: StaffLookups): Result<StaffDraft> {
  const inFile = new FirstRows();
  return check(rows, lookups, staffImportColumns, (r) => {
    const school = r.school();
    const name = r.required('姓名');
    const postsText = r.required('岗位及任职日期', '岗位');
    let posts: StaffDraft['posts'] | undefined;
    if (postsText) {
      const parsed = parsePosts(postsText);
      if ('problem' in parsed) r.e.add('岗位及任职日期', parsed.problem);
      else posts = parsed.posts;
    }
    const leftOn = r.day('离岗日期', false) ?? null;
    const v = r.schema(createStaffBody, { schoolId: school?.id ?? 1, name, posts: posts ?? [] }, { name: '姓名', posts: '岗位及任职日期' });
    // The same rule as registering by hand: a post once per person.
    if (posts && !r.e.has('岗位及任职日期')) {
      const seen = new Set<StaffPost>();
      for (const [i, p] of posts.entries()) {
        if (seen.has(p.post)) {
          r.e.add('岗位及任职日期', `第 ${i + 1} 个岗位重复`);
          break;
        }
        seen.add(p.post);
      }
    }
    if (leftOn && posts && !r.e.has('离岗日期') && posts.some((p) => p.since && p.since > leftOn)) r.e.add('离岗日期', '不能早于任职日期');
    // A training names its person by school and name, so a name is kept once per school.
    if (school && name && !r.e.has('姓名')) {
      const key = staffKey(school.id, name);
      const earlier = inFile.earlier(key, r.r.row);
      if (lookups.staffNames.has(key)) r.e.add('姓名', `本校已登记姓名为“${name}”的人员，请勿重复导入`);
      else if (earlier !== undefined) r.e.add('姓名', `与第 ${earlier} 行的人员重复（同一学校同名）`);
    }
    if (!school || !v || !r.ok()) return undefined;
    return { row: r.r.row, schoolId: school.id, schoolPath: school.path, name: v.name!, posts: posts!, leftOn };
  });
}

// ---- trainings (安全培训, 001 item 7) --------------------------------------------------------

export interface StaffRef {
  id: number;
  leftOn: string | null;
}

export interface TrainingLookups extends LedgerLookups {
  /** The staff of the schools in scope by `${schoolId}/${name}`: usually one, more when names repeat. */
  staff: ReadonlyMap<string, readonly StaffRef[]>;
}

export interface TrainingDraft extends Placed {
  staffId: number;
  course: string;
  hours: number;
  startsOn: string;
  endsOn: string;
  provider: string;
}

const trainingColumnOf = { staffId: '姓名', course: '培训课程', hours: '学时', startsOn: '开始日期', endsOn: '结束日期', provider: '培训机构' };

export function validateTrainingRows(rows: readonly SheetRow[], lookups: TrainingLookups): Result<TrainingDraft> {
  return check(rows, lookups, trainingImportColumns, (r) => {
    const school = r.school();
    const name = r.required('姓名');
    let staff: StaffRef | undefined;
    if (school && name) {
      const found = lookups.staff.get(staffKey(school.id, name)) ?? [];
      if (found.length === 0) r.e.add('姓名', `本校没有登记姓名为“${name}”的教职工，请先在教职工岗位中登记或导入`);
      else if (found.length > 1) r.e.add('姓名', `本校有 ${found.length} 名教职工叫“${name}”，无法确定是哪一位，请在培训台账中逐条登记`);
      else staff = found[0];
    }
    const input = {
      staffId: staff?.id ?? 1,
      course: r.required('培训课程'),
      hours: r.number('学时', true, false),
      startsOn: r.day('开始日期', true),
      endsOn: r.day('结束日期', false) ?? null,
      provider: r.required('培训机构'),
    };
    const v = r.schema(createTrainingBody, input, trainingColumnOf);
    // The days and hours as the create endpoint checks them, once those cells are readable.
    const { startsOn, hours } = input;
    const endsOn = input.endsOn ?? startsOn;
    if (startsOn && endsOn && hours !== undefined && !['开始日期', '结束日期', '学时'].some((c) => r.e.has(c))) {
      const problem = trainingSpanProblem(startsOn, endsOn, hours, lookups.today);
      if (problem) r.e.add(trainingColumnOf[problem.field as keyof typeof trainingColumnOf], problem.message);
    }
    if (staff?.leftOn && startsOn && startsOn > staff.leftOn) r.e.add('姓名', `该人员已于 ${staff.leftOn} 离岗`);
    if (!school || !staff || !v || !r.ok()) return undefined;
    return {
      row: r.r.row,
      schoolId: school.id,
      schoolPath: school.path,
      staffId: staff.id,
      course: v.course,
      hours: v.hours,
      startsOn: v.startsOn,
      endsOn: v.endsOn ?? v.startsOn,
      provider: v.provider,
    };
  });
}

// ---- safety meetings (安全专题会议, 000 item 1) ----------------------------------------------

const meetingLevelByLabel = byLabel(meetingLevelLabels);

export interface MeetingDraft extends Placed {
  meetingOn: string;
  level: MeetingLevel;
  chair: string;
  attendees: string[];
  minutes: string;
  decisions: string | null;
}

const meetingColumnOf = { schoolId: '学校', meetingOn: '会议日期', level: '会议类别', chair: '主持人', attendees: '参会人员', minutes: '会议纪要', decisions: '议定事项' };

export function validateMeetingRows(rows: readonly SheetRow[], lookups: LedgerLookups): Result<MeetingDraft> {
  return check(rows, lookups, meetingImportColumns, (r) => {
    const school = r.school();
    const attendeesText = r.required('参会人员');
    const input = {
      schoolId: school?.id ?? 1,
      meetingOn: r.day('会议日期', true),
      level: r.choice('会议类别', meetingLevelByLabel),
      chair: r.required('主持人'),
      attendees: attendeesText ? splitItems(attendeesText) : [],
      minutes: r.required('会议纪要'),
      decisions: r.optional('议定事项'),
    };
    const v = r.schema(createMeetingBody, input, meetingColumnOf);
    r.pastDay('会议日期', input.meetingOn, lookups.today);
    if (!school || !v || !r.ok()) return undefined;
    return {
      row: r.r.row,
      schoolId: school.id,
      schoolPath: school.path,
      meetingOn: v.meetingOn,
      level: v.level,
      chair: v.chair,
      attendees: v.attendees,
      minutes: v.minutes,
      decisions: v.decisions || null,
    };
  });
}

// ---- school liability insurance (校方责任保险, 001 item 26) ----------------------------------

export interface InsuranceLookups extends LedgerLookups {
  /** Policy numbers already recorded (not voided) in the district. */
  takenPolicyNos: ReadonlySet<string>;
}

export interface InsuranceDraft extends Placed {
  policyNo: string;
  insurer: string;
  startsOn: string;
  endsOn: string;
  studentsCovered: number;
}

const insuranceColumnOf = { schoolId: '学校', policyNo: '保单号', insurer: '保险公司', startsOn: '开始日期', endsOn: '结束日期', studentsCovered: '承保学生数' };

/** The policy numbers of the rows: what to look up before checking. */
export function rowPolicyNos(rows: readonly SheetRow[]): string[] {
  return [...new Set(rows.map((r) => cellText(r.cells['保单号'])).filter(Boolean))];
}

export function validateInsuranceRows(rows: readonly SheetRow[], lookups: InsuranceLookups): Result<InsuranceDraft> {
  const inFile = new FirstRows();
  return check(rows, lookups, insuranceImportColumns, (r) => {
    const school = r.school();
    const input = {
      schoolId: school?.id ?? 1,
      policyNo: r.required('保单号'),
      insurer: r.required('保险公司'),
      startsOn: r.day('开始日期', true),
      endsOn: r.day('结束日期', true),
      studentsCovered: r.number('承保学生数', true, true),
    };
    const v = r.schema(createInsuranceBody, input, insuranceColumnOf);
    if (input.startsOn && input.endsOn && !r.e.has('开始日期') && !r.e.has('结束日期')) {
      const problem = insurancePeriodProblem(input.startsOn, input.endsOn);
      if (problem) r.e.add(insuranceColumnOf[problem.field as keyof typeof insuranceColumnOf], problem.message);
    }
    if (input.policyNo && !r.e.has('保单号')) {
      // A policy number is recorded once in the district, as when registering by hand.
      const earlier = inFile.earlier(input.policyNo, r.r.row);
      if (lookups.takenPolicyNos.has(input.policyNo)) r.e.add('保单号', `保单号“${input.policyNo}”已登记`);
      else if (earlier !== undefined) r.e.add('保单号', `与第 ${earlier} 行的保单号重复`);
    }
    if (!school || !v || !r.ok()) return undefined;
    return {
      row: r.r.row,
      schoolId: school.id,
      schoolPath: school.path,
      policyNo: v.policyNo,
      insurer: v.insurer,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      studentsCovered: v.studentsCovered,
    };
  });
}

/** Names used by rows of a kind, for loading only the lookups a file needs. */
export function rowSchoolNames(rows: readonly SheetRow[]): string[] {
  return [...new Set(rows.map((r) => cellText(r.cells['学校'])).filter(Boolean))];
}

// ---- duty entries (值班安排, 000 item 4, 003) -------------------------------------------------

export const ROSTER_NOT_FOUND = '值班表不存在或不含该日期';

export interface RosterRef {
  id: number;
  title: string;
  startsOn: string;
  endsOn: string;
  /** The roster's duty phone: an entry's phone when the row and the person have none (as the API does). */
  phone: string | null;
}

export interface DutyStaffRef {
  id: number;
  userId: number | null;
  leftOn: string | null;
  /** The phone of the staff member's account, if any. */
  phone: string | null;
}

export interface DutyLookups extends LedgerLookups {
  /** The rosters of the schools in scope, by school id. */
  rosters: ReadonlyMap<number, readonly RosterRef[]>;
  /** The staff of the schools in scope by `${schoolId}/${name}`. */
  staff: ReadonlyMap<string, readonly DutyStaffRef[]>;
  /** Entries already stored, by dutyKey(schoolId, day, role). */
  taken: ReadonlyMap<string, { personName: string; rosterTitle: string }>;
}

export const dutyKey = (schoolId: number, dutyOn: string, role: string) => `${schoolId}|${dutyOn}|${role}`;

export interface DutyDraft extends Placed {
  rosterId: number;
  dutyOn: string;
  role: DutyRole;
  staffId: number | null;
  userId: number | null;
  personName: string;
  phone: string | null;
  hours: number;
}

const dutyRoleByLabel = byLabel(dutyRoleLabels);
const dutyColumnOf = { dutyOn: '值班日期', role: '值班角色', personName: '姓名', phone: '联系电话', hours: '值班时长（小时）' };

/** The roster titles of the rows: what to look up before checking. */
export function rowRosterTitles(rows: readonly SheetRow[]): string[] {
  return [...new Set(rows.map((r) => cellText(r.cells['值班表'])).filter(Boolean))];
}

/**
 * Each row is one entry of the school's roster named in 值班表 whose span holds the day, checked as
 * POST /duty-rosters/:id/entries checks it: hours above 0 and at most 24, a day and role covered once
 * per school (already stored, or earlier in the file). The person is the school's staff member of
 * that name when exactly one (still there that day) matches, else a named person.
 */
export function validateDutyRows(rows: readonly SheetRow[], lookups: DutyLookups): Result<DutyDraft> {
  const inFile = new FirstRows();
  return check(rows, lookups, dutyImportColumns, (r) => {
    const school = r.school();
    const input = {
      dutyOn: r.day('值班日期', true),
      role: r.choice('值班角色', dutyRoleByLabel),
      personName: r.required('姓名'),
      phone: r.optional('联系电话'),
      hours: r.number('值班时长（小时）', true, false),
    };
    const title = r.required('值班表');
    const v = r.schema(newDutyEntry, input, dutyColumnOf);
    let roster: RosterRef | undefined;
    if (school && title && input.dutyOn && !r.e.has('值班日期')) {
      const day = input.dutyOn;
      const found = (lookups.rosters.get(school.id) ?? []).filter((k) => k.title === title && k.startsOn <= day && day <= k.endsOn);
      if (found.length === 0) r.e.add('值班表', ROSTER_NOT_FOUND);
      else if (found.length > 1) r.e.add('值班表', `本校有 ${found.length} 张名为“${title}”的值班表含该日期，请在值班台账中逐条安排`);
      else roster = found[0];
    }
    if (school && input.dutyOn && input.role && !r.e.has('值班日期')) {
      const key = dutyKey(school.id, input.dutyOn, input.role);
      const label = dutyRoleLabels[input.role];
      const stored = lookups.taken.get(key);
      const earlier = inFile.earlier(key, r.r.row);
      if (stored) {
        const where = roster && stored.rosterTitle === roster.title ? '' : `（值班表“${stored.rosterTitle}”）`;
        r.e.add('值班日期', `${input.dutyOn} 已安排${label}${stored.personName}${where}，同一天同一角色只能安排一人`);
      } else if (earlier !== undefined) r.e.add('值班日期', `${input.dutyOn} 的${label}与第 ${earlier} 行重复，同一天同一角色只能安排一人`);
    }
    if (!school || !roster || !v || !r.ok()) return undefined;
    const day = v.dutyOn;
    const matches = (lookups.staff.get(staffKey(school.id, v.personName!)) ?? []).filter((s) => !s.leftOn || s.leftOn > day);
    const staff = matches.length === 1 ? matches[0] : undefined;
    return {
      row: r.r.row,
      schoolId: school.id,
      schoolPath: school.path,
      rosterId: roster.id,
      dutyOn: day,
      role: v.role,
      staffId: staff?.id ?? null,
      userId: staff?.userId ?? null,
      personName: v.personName!,
      phone: v.phone || staff?.phone || roster.phone || null,
      hours: v.hours,
    };
  });
}

// ---- security profiles (人防物防技防, 002 areas 8 and 9) -------------------------------------

export interface SecurityProfileDraft extends Placed {
  /** The file's rows of the profile, one per gate. */
  rows: number[];
  profile: SecurityProfileInput;
}

const guardColumns: Record<GuardSlot, string> = {
  school_hours: '在校期间保安人数',
  arrival_peak: '上学高峰保安人数',
  dismissal_peak: '放学高峰保安人数',
  night: '夜间保安人数',
};
/** The columns that describe the school, not the gate: the same on every row of a profile. */
const profileColumns = ['一键报警装置数', '正常数', '最近测试日期', '视频保存天数', '视频接入区平台', '周界报警', '周界报警24小时布防'] as const;
const profileFieldColumns: Record<string, string> = {
  recordedOn: '登记日期',
  gates: '校门名称',
  'alarms.installed': '一键报警装置数',
  'alarms.working': '正常数',
  'alarms.lastTestedOn': '最近测试日期',
  'video.retentionDays': '视频保存天数',
  'video.linkedToBureau': '视频接入区平台',
  'perimeterAlarm.installed': '周界报警',
  'perimeterAlarm.armed24h': '周界报警24小时布防',
};
const yesNoByText = new Map<string, 'yes' | 'no'>([
  ['是', 'yes'],
  ['否', 'no'],
]);

interface GateRow {
  r: LedgerRow;
  school?: ExistingUnit;
  recordedOn?: string;
  gate?: GateInput;
  /** The school-level cells as read (undefined when unreadable), to compare across the profile's rows. */
  shared: Partial<Record<(typeof profileColumns)[number], string | number | boolean | null>>;
}

/**
 * One row per gate; the rows of the same school and 登记日期 are one profile, whose school-level
 * columns must agree. Each profile is checked with securityProfileProblems, as POST /security-profiles
 * checks it, each problem reported on the row of its gate (or the profile's first row) and column.
 */
export function validateSecurityRows(rows: readonly SheetRow[], lookups: LedgerLookups): Result<SecurityProfileDraft> {
  const parsed: GateRow[] = rows.map((sheetRow) => {
    const r = new LedgerRow(sheetRow, lookups);
    r.notVoided();
    const school = r.school();
    const recordedOn = r.day('登记日期', true);
    const name = r.required('校门名称');
    const guards = {} as Record<GuardSlot, number>;
    let guardsOk = true;
    for (const slot of guardSlots) {
      const n = r.number(guardColumns[slot], true, true);
      if (n === undefined) guardsOk = false;
      else guards[slot] = n;
    }
    const yesNo = (column: string) => {
      const k = r.choice(column, yesNoByText);
      return k === undefined ? undefined : k === 'yes';
    };
    const lastTested = r.day('最近测试日期', false);
    const shared: GateRow['shared'] = {
      一键报警装置数: r.number('一键报警装置数', true, true),
      正常数: r.number('正常数', true, true),
      最近测试日期: r.e.has('最近测试日期') ? undefined : (lastTested ?? null),
      视频保存天数: r.number('视频保存天数', true, true),
      视频接入区平台: yesNo('视频接入区平台'),
      周界报警: yesNo('周界报警'),
      周界报警24小时布防: yesNo('周界报警24小时布防'),
    };
    return { r, school, recordedOn, gate: name && guardsOk ? { name, guards } : undefined, shared };
  });

  // The profiles: rows of one school and day, in the file's order.
  const groups = new Map<string, GateRow[]>();
  for (const g of parsed) {
    if (!g.school || !g.recordedOn) continue;
    const key = `${g.school.id}|${g.recordedOn}`;
    groups.set(key, [...(groups.get(key) ?? []), g]);
  }
  const drafts: SecurityProfileDraft[] = [];
  for (const group of groups.values()) {
    const [first] = group;
    const gateRowOf = new Map<string, number>();
    for (const g of group) {
      if (g !== first) {
        for (const column of profileColumns) {
          const a = first.shared[column];
          const b = g.shared[column];
          if (a !== undefined && b !== undefined && a !== b) g.r.e.add(column, `与第 ${first.r.r.row} 行不一致：同一学校同一登记日期的各行，此列须相同`);
        }
      }
      const name = g.gate?.name;
      if (name) {
        const earlier = gateRowOf.get(name);
        if (earlier !== undefined) g.r.e.add('校门名称', `与第 ${earlier} 行的校门重名（同一学校同一登记日期）`);
        else gateRowOf.set(name, g.r.r.row);
      }
    }
    if (group.some((g) => !g.r.ok() || !g.gate)) continue;
    const s = first.shared;
    const profile: SecurityProfileInput = {
      recordedOn: first.recordedOn!,
      gates: group.map((g) => g.gate!),
      alarms: { installed: s.一键报警装置数 as number, working: s.正常数 as number, lastTestedOn: s.最近测试日期 as string | null },
      video: { retentionDays: s.视频保存天数 as number, linkedToBureau: s.视频接入区平台 as boolean },
      perimeterAlarm: { installed: s.周界报警 as boolean, armed24h: s.周界报警24小时布防 as boolean },
    };
    for (const problem of securityProfileProblems(profile, lookups.today)) {
      const gate = /^gates\.(\d+)(?:\.(name|guards)\.?(\w+)?)?$/.exec(problem.field);
      if (gate) {
        const g = group[Number(gate[1])];
        const column = gate[2] === 'guards' && gate[3] ? guardColumns[gate[3] as GuardSlot] : '校门名称';
        if (!g.r.e.has(column)) g.r.e.add(column, problem.message);
      } else {
        const column = profileFieldColumns[problem.field] ?? '登记日期';
        if (!first.r.e.has(column)) first.r.e.add(column, problem.message);
      }
    }
    if (group.some((g) => !g.r.ok())) continue;
    drafts.push({ row: first.r.r.row, rows: group.map((g) => g.r.r.row), schoolId: first.school!.id, schoolPath: first.school!.path, profile });
  }
  const errors = parsed.flatMap((g) => g.r.e.list);
  return { errors: sortErrors(errors, [...securityImportColumns, RECORD_STATUS_COLUMN]), drafts: errors.length ? [] : drafts };
}
