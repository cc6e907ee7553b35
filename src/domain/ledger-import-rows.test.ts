import { describe, expect, it } from 'vitest';
import type { Cell, ExistingUnit, SheetRow } from './import-rows.js';
import { insurancePeriodProblem, pastDayProblem, trainingSpanProblem } from './ledger-checks.js';
import {
  cellDay,
  cellNumber,
  dutyKey,
  parsePosts,
  ROSTER_NOT_FOUND,
  SCHOOL_NOT_FOUND,
  staffKey,
  validateDrillRows,
  validateDutyRows,
  validateInsuranceRows,
  validateMeetingRows,
  validateStaffRows,
  validateSecurityRows,
  validateTrainingRows,
  type DutyLookups,
  type LedgerLookups,
} from './ledger-import-rows.js';

const TODAY = '2024-10-15';
const mine: ExistingUnit = { id: 10, kind: 'school', status: 'active', path: '/1/2/10/', inScope: true };
const other: ExistingUnit = { id: 11, kind: 'school', status: 'active', path: '/1/3/11/', inScope: false };
const town: ExistingUnit = { id: 2, kind: 'town', status: 'active', path: '/1/2/', inScope: true };
const lookups: LedgerLookups = {
  schools: new Map([
    ['东镇一小', mine],
    ['西镇一小', other],
    ['东镇', town],
  ]),
  today: TODAY,
};

const rows = (...cells: Array<Record<string, Cell>>): SheetRow[] => cells.map((c, i) => ({ row: i + 2, cells: c }));

describe('cells', () => {
  it('reads days from Excel dates, serial numbers and text', () => {
    expect(cellDay('2024-05-06')).toBe('2024-05-06');
    expect(cellDay('2024/5/6')).toBe('2024-05-06');
    expect(cellDay('2024年5月6日')).toBe('2024-05-06');
    // Excel's serial 45418 is 2024-05-06 (days since 1899-12-30).
    expect(cellDay(45418)).toBe('2024-05-06');
    expect(cellDay(null)).toBeNull();
    expect(cellDay('2024-02-30')).toBe('bad');
    expect(cellDay('下周一')).toBe('bad');
    expect(cellDay(45418.5)).toBe('bad');
  });

  it('reads numbers from numbers and numeric text', () => {
    expect(cellNumber(12)).toBe(12);
    expect(cellNumber(' 1.5 ')).toBe(1.5);
    expect(cellNumber(null)).toBeNull();
    expect(cellNumber('十二')).toBe('bad');
  });

  it('reads posts as the staff export writes them', () => {
    expect(parsePosts('校（园）长（2024-09-01）、班主任')).toEqual({
      posts: [
        { post: 'principal', since: '2024-09-01' },
        { post: 'head_teacher', since: null },
      ],
    });
    // Without （园）, and with ASCII brackets.
    expect(parsePosts('分管安全副校长(2023-9-1)')).toEqual({ posts: [{ post: 'safety_vice_principal', since: '2023-09-01' }] });
    expect(parsePosts('门卫')).toEqual({ problem: expect.stringContaining('未知的岗位：门卫') });
    expect(parsePosts('班主任（去年）')).toEqual({ problem: expect.stringContaining('任职日期“去年”无效') });
  });
});

describe('record checks shared with the create endpoints', () => {
  it('refuses a day after today or before 2000', () => {
    expect(pastDayProblem('2024-10-16', TODAY)).toBe('不能晚于今天');
    expect(pastDayProblem('1999-12-31', TODAY)).toBe('不能早于 2000-01-01');
    expect(pastDayProblem(TODAY, TODAY)).toBeNull();
  });

  it('allows at most 24 training hours a day of the course (001 item 7)', () => {
    expect(trainingSpanProblem('2024-07-08', '2024-07-08', 24, TODAY)).toBeNull();
    expect(trainingSpanProblem('2024-07-08', '2024-07-08', 24.5, TODAY)).toEqual({ field: 'hours', message: '一天不能超过 24 学时' });
    expect(trainingSpanProblem('2024-07-08', '2024-07-09', 49, TODAY)).toEqual({ field: 'hours', message: '每天不能超过 24 学时（2 天最多 48 学时）' });
    expect(trainingSpanProblem('2024-07-09', '2024-07-08', 8, TODAY)).toEqual({ field: 'endsOn', message: '不能早于开始日期' });
    expect(trainingSpanProblem('2024-10-16', '2024-10-16', 8, TODAY)).toEqual({ field: 'startsOn', message: '不能晚于今天' });
  });

  it('wants an insurance period that ends on or after its start, at most five years', () => {
    expect(insurancePeriodProblem('2024-09-01', '2024-08-31')).toEqual({ field: 'endsOn', message: '不能早于开始日期' });
    expect(insurancePeriodProblem('2024-09-01', '2024-09-01')).toBeNull();
    expect(insurancePeriodProblem('2024-09-01', '2029-09-02')).toEqual({ field: 'endsOn', message: '保险期不能超过 5 年' });
  });
});

describe('drill rows', () => {
  const good = { 学校: '东镇一小', 演练日期: '2024-09-18', 演练类型: '防火灾', 参加人数: 800, '疏散用时（秒）': 150, 外部观摩人员: null, 发现的问题: null };

  it('turns a good row into a drill of the school', () => {
    const { errors, drafts } = validateDrillRows(rows(good), lookups);
    expect(errors).toEqual([]);
    expect(drafts).toEqual([
      { row: 2, schoolId: 10, schoolPath: '/1/2/10/', heldOn: '2024-09-18', kind: 'fire', participants: 800, evacuationSeconds: 150, observers: null, problems: null },
    ]);
  });

  it('names the row and column of each problem, a school outside scope like one not there', () => {
    const { errors, drafts } = validateDrillRows(
      rows(
        { ...good, 学校: '西镇一小' },
        { ...good, 学校: '没有这所学校' },
        { ...good, 学校: '东镇' },
        { ...good, 演练日期: '2024-10-16', 演练类型: '防海啸', 参加人数: '很多' },
        { ...good, 参加人数: 0, '疏散用时（秒）': 1.5 },
        { ...good, 演练日期: null, 状态: '已作废' },
      ),
      lookups,
    );
    expect(drafts).toEqual([]);
    expect(errors).toEqual([
      { row: 2, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 3, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 4, column: '学校', message: '“东镇”不是学校，请填写学校名称' },
      { row: 5, column: '演练日期', message: '不能晚于今天' },
      { row: 5, column: '演练类型', message: expect.stringContaining('演练类型只能是：防火灾、防地震、') },
      { row: 5, column: '参加人数', message: '须为整数' },
      { row: 6, column: '参加人数', message: '至少 1 人' },
      { row: 6, column: '疏散用时（秒）', message: '须为整数' },
      { row: 7, column: '演练日期', message: '请填写演练日期' },
      { row: 7, column: '状态', message: '已作废的记录不导入，请删除此行' },
    ]);
  });
});

describe('staff rows', () => {
  const staffLookups = { ...lookups, staffNames: new Set([staffKey(10, '老王')]) };

  it('keeps a name once per school, in the file and against those registered', () => {
    const { errors, drafts } = validateStaffRows(
      rows(
        { 学校: '东镇一小', 姓名: '张三', 岗位及任职日期: '班主任（2024-09-01）、专任教师', 离岗日期: null },
        { 学校: '东镇一小', 姓名: '张三', 岗位及任职日期: '班主任', 离岗日期: null },
        { 学校: '东镇一小', 姓名: '老王', 岗位及任职日期: '保安', 离岗日期: null },
        { 学校: '东镇一小', 姓名: '李四', 岗位及任职日期: '班主任、班主任', 离岗日期: null },
        { 学校: '东镇一小', 姓名: '赵六', 岗位及任职日期: '班主任（2024-09-01）', 离岗日期: '2024-08-01' },
        { 学校: '东镇一小', 姓名: '钱七', 岗位及任职日期: '班主任、专任教师、保安、校医、宿管、实验员', 离岗日期: null },
      ),
      staffLookups,
    );
    expect(drafts.map((d) => d.name)).toEqual(['张三']);
    expect(drafts[0].posts).toEqual([
      { post: 'head_teacher', since: '2024-09-01' },
      { post: 'teacher', since: null },
    ]);
    expect(errors).toEqual([
      { row: 3, column: '姓名', message: '与第 2 行的人员重复（同一学校同名）' },
      { row: 4, column: '姓名', message: '本校已登记姓名为“老王”的人员，请勿重复导入' },
      { row: 5, column: '岗位及任职日期', message: '第 2 个岗位重复' },
      { row: 6, column: '离岗日期', message: '不能早于任职日期' },
      { row: 7, column: '岗位及任职日期', message: '最多 5 个岗位' },
    ]);
  });
});

describe('training rows', () => {
  const trainingLookups = {
    ...lookups,
    staff: new Map([
      [staffKey(10, '张三'), [{ id: 100, leftOn: null }]],
      [staffKey(10, '王五'), [{ id: 101, leftOn: '2024-06-30' }]],
      [staffKey(10, '李雷'), [{ id: 102, leftOn: null }, { id: 103, leftOn: null }]],
    ]),
  };
  const good = { 学校: '东镇一小', 姓名: '张三', 培训课程: '安全管理干部培训', 学时: 16, 开始日期: '2024-07-08', 结束日期: '2024-07-09', 培训机构: '区进修学校' };

  it('finds the person by school and name; the end defaults to the start', () => {
    const { errors, drafts } = validateTrainingRows(rows(good, { ...good, 学时: '2.5', 结束日期: null }), trainingLookups);
    expect(errors).toEqual([]);
    expect(drafts.map((d) => [d.staffId, d.hours, d.startsOn, d.endsOn])).toEqual([
      [100, 16, '2024-07-08', '2024-07-09'],
      [100, 2.5, '2024-07-08', '2024-07-08'],
    ]);
  });

  it('refuses unknown, ambiguous and departed people, and more than 24 hours a day (001 item 7)', () => {
    const { errors } = validateTrainingRows(
      rows(
        { ...good, 姓名: '无名氏' },
        { ...good, 姓名: '李雷' },
        { ...good, 姓名: '王五' },
        { ...good, 学时: 49 },
        { ...good, 学时: 0, 结束日期: '2024-07-01' },
        { ...good, 学时: 1.25 },
        { ...good, 学校: '西镇一小' },
      ),
      trainingLookups,
    );
    expect(errors).toEqual([
      { row: 2, column: '姓名', message: '本校没有登记姓名为“无名氏”的教职工，请先在教职工岗位中登记或导入' },
      { row: 3, column: '姓名', message: '本校有 2 名教职工叫“李雷”，无法确定是哪一位，请在培训台账中逐条登记' },
      { row: 4, column: '姓名', message: '该人员已于 2024-06-30 离岗' },
      { row: 5, column: '学时', message: '每天不能超过 24 学时（2 天最多 48 学时）' },
      { row: 6, column: '学时', message: '须大于 0' },
      { row: 7, column: '学时', message: '最多保留 1 位小数' },
      { row: 8, column: '学校', message: SCHOOL_NOT_FOUND },
    ]);
  });
});

describe('meeting rows', () => {
  const good = { 学校: '东镇一小', 会议日期: '2024-09-02', 会议类别: '领导班子安全专题会议', 主持人: '李校长', 参会人员: '李校长、王副校长', 会议纪要: '部署开学安全工作', 议定事项: null };

  it('splits the attendees and refuses a future meeting or an unknown kind (000 item 1)', () => {
    const { errors, drafts } = validateMeetingRows(rows(good, { ...good, 会议日期: '2025-01-01', 会议类别: '全体会', 会议纪要: null }), lookups);
    expect(drafts).toEqual([expect.objectContaining({ level: 'leadership_team', attendees: ['李校长', '王副校长'], decisions: null })]);
    expect(errors).toEqual([
      { row: 3, column: '会议日期', message: '不能晚于今天' },
      { row: 3, column: '会议类别', message: '会议类别只能是：领导班子安全专题会议、分管领导安全专题会议' },
      { row: 3, column: '会议纪要', message: '请填写会议纪要' },
    ]);
  });
});

describe('insurance rows', () => {
  const good = { 学校: '东镇一小', 保单号: 'P-1', 保险公司: '示例保险', 开始日期: '2024-09-01', 结束日期: '2025-08-31', 承保学生数: 800 };

  it('keeps a policy number once in the district and the period in order (001 item 26)', () => {
    const { errors, drafts } = validateInsuranceRows(
      rows(good, { ...good }, { ...good, 保单号: 'P-OLD' }, { ...good, 保单号: 'P-2', 结束日期: '2024-08-31' }, { ...good, 保单号: 'P-3', 承保学生数: 0 }),
      { ...lookups, takenPolicyNos: new Set(['P-OLD']) },
    );
    expect(drafts.map((d) => d.policyNo)).toEqual(['P-1']);
    expect(errors).toEqual([
      { row: 3, column: '保单号', message: '与第 2 行的保单号重复' },
      { row: 4, column: '保单号', message: '保单号“P-OLD”已登记' },
      { row: 5, column: '结束日期', message: '不能早于开始日期' },
      { row: 6, column: '承保学生数', message: '至少 1 人' },
    ]);
  });
});

describe('duty rows', () => {
  const duty: DutyLookups = {
    ...lookups,
    rosters: new Map([
      [
        10,
        [
          { id: 100, title: '国庆值班表', startsOn: '2024-10-01', endsOn: '2024-10-07', phone: '021-1' },
          { id: 101, title: '重点时段', startsOn: '2024-11-01', endsOn: '2024-11-03', phone: null },
        ],
      ],
    ]),
    staff: new Map([
      [staffKey(10, '李校长'), [{ id: 7, userId: 70, leftOn: null, phone: '139' }]],
      [staffKey(10, '王老师'), [{ id: 8, userId: null, leftOn: '2024-10-01', phone: null }]],
    ]),
    taken: new Map([[dutyKey(10, '2024-10-03', 'leader'), { personName: '赵主任', rosterTitle: '国庆值班表' }]]),
  };
  const good = { 学校: '东镇一小', 值班日期: '2024-10-01', 值班角色: '带班领导', 姓名: '李校长', 联系电话: null, '值班时长（小时）': 24, 值班表: '国庆值班表' };

  it('puts a row into the named roster holding the day, linking a staff member by name (000 item 4, 003)', () => {
    const { errors, drafts } = validateDutyRows(
      rows(good, { ...good, 值班角色: '值班人员', 姓名: '王老师', '值班时长（小时）': '8' }, { ...good, 值班日期: '2024-11-02', 值班表: '重点时段', 姓名: '外聘保安', 联系电话: '138' }),
      duty,
    );
    expect(errors).toEqual([]);
    expect(drafts).toEqual([
      expect.objectContaining({ rosterId: 100, dutyOn: '2024-10-01', role: 'leader', staffId: 7, userId: 70, personName: '李校长', phone: '139', hours: 24 }),
      // 王老师 left on the day: a named person, with the roster's phone.
      expect.objectContaining({ rosterId: 100, role: 'staff', staffId: null, userId: null, personName: '王老师', phone: '021-1', hours: 8 }),
      expect.objectContaining({ rosterId: 101, dutyOn: '2024-11-02', staffId: null, personName: '外聘保安', phone: '138' }),
    ]);
  });

  it('refuses hours out of 0–24, a missing roster, a day covered twice (stored or in the file), a school outside scope', () => {
    const { errors, drafts } = validateDutyRows(
      rows(
        { ...good, '值班时长（小时）': 0 },
        { ...good, 值班日期: '2024-10-02', '值班时长（小时）': 25 },
        { ...good, 值班日期: '2024-10-08' },
        { ...good, 值班日期: '2024-10-05', 值班表: '寒假值班表' },
        { ...good, 值班日期: '2024-10-03' },
        { ...good, 值班日期: '2024-10-04' },
        { ...good, 值班日期: '2024-10-04', 姓名: '赵主任' },
        { ...good, 学校: '西镇一小' },
        { ...good, 值班角色: '校长' },
      ),
      duty,
    );
    // Only the first of the repeated day (row 7) passes; the service writes nothing while errors remain.
    expect(drafts.map((d) => d.row)).toEqual([7]);
    expect(errors).toEqual([
      { row: 2, column: '值班时长（小时）', message: '值班时长须大于 0 小时' },
      { row: 3, column: '值班时长（小时）', message: '值班时长每天不能超过 24 小时' },
      { row: 4, column: '值班表', message: ROSTER_NOT_FOUND },
      { row: 5, column: '值班表', message: ROSTER_NOT_FOUND },
      { row: 6, column: '值班日期', message: '2024-10-03 已安排带班领导赵主任，同一天同一角色只能安排一人' },
      { row: 8, column: '值班日期', message: '2024-10-04 的带班领导与第 7 行重复，同一天同一角色只能安排一人' },
      { row: 9, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 10, column: '值班角色', message: '值班角色只能是：带班领导、值班人员' },
    ]);
  });
});

describe('security profile rows', () => {
  const gate = (name: string, v: Record<string, Cell> = {}) => ({
    学校: '东镇一小',
    登记日期: '2024-09-01',
    校门名称: name,
    在校期间保安人数: 1,
    上学高峰保安人数: 2,
    放学高峰保安人数: 2,
    夜间保安人数: 1,
    一键报警装置数: 2,
    正常数: 2,
    最近测试日期: '2024-08-30',
    视频保存天数: 90,
    视频接入区平台: '是',
    周界报警: '是',
    周界报警24小时布防: '否',
    ...v,
  });

  it('makes one profile of the rows of a school and day, one gate a row (002 areas 8 and 9)', () => {
    const { errors, drafts } = validateSecurityRows(rows(gate('南门'), gate('北门', { 夜间保安人数: 0 }), gate('南门', { 登记日期: '2024-10-01', 最近测试日期: null })), lookups);
    expect(errors).toEqual([]);
    expect(drafts).toEqual([
      {
        row: 2,
        rows: [2, 3],
        schoolId: 10,
        schoolPath: '/1/2/10/',
        profile: {
          recordedOn: '2024-09-01',
          gates: [
            { name: '南门', guards: { school_hours: 1, arrival_peak: 2, dismissal_peak: 2, night: 1 } },
            { name: '北门', guards: { school_hours: 1, arrival_peak: 2, dismissal_peak: 2, night: 0 } },
          ],
          alarms: { installed: 2, working: 2, lastTestedOn: '2024-08-30' },
          video: { retentionDays: 90, linkedToBureau: true },
          perimeterAlarm: { installed: true, armed24h: false },
        },
      },
      expect.objectContaining({ row: 4, rows: [4], profile: expect.objectContaining({ recordedOn: '2024-10-01', alarms: { installed: 2, working: 2, lastTestedOn: null } }) }),
    ]);
  });

  it('refuses school-level columns that disagree, the profile rules, repeated gates and bad cells', () => {
    const { errors, drafts } = validateSecurityRows(
      rows(
        gate('南门', { 正常数: 3 }),
        gate('北门', { 正常数: 2, 视频接入区平台: '否' }),
        gate('南门', { 正常数: 3 }),
        gate('东门', { 学校: '东镇二小', 夜间保安人数: 1.5, 周界报警: '有' }),
        gate('西门', { 登记日期: '2099-01-01', 学校: '西镇一小' }),
        gate('南门', { 登记日期: '2024-10-16', 周界报警: '否', 周界报警24小时布防: '是', 上学高峰保安人数: 51 }),
      ),
      lookups,
    );
    expect(drafts).toEqual([]);
    expect(errors).toEqual([
      { row: 3, column: '正常数', message: '与第 2 行不一致：同一学校同一登记日期的各行，此列须相同' },
      { row: 3, column: '视频接入区平台', message: '与第 2 行不一致：同一学校同一登记日期的各行，此列须相同' },
      { row: 4, column: '校门名称', message: '与第 2 行的校门重名（同一学校同一登记日期）' },
      { row: 5, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 5, column: '夜间保安人数', message: '须为整数' },
      { row: 5, column: '周界报警', message: '周界报警只能是：是、否' },
      { row: 6, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 7, column: '登记日期', message: '不能晚于今天' },
      { row: 7, column: '上学高峰保安人数', message: '不能超过 50 人' },
      { row: 7, column: '周界报警24小时布防', message: '未安装周界入侵报警系统时不能设防' },
    ]);
  });

  it('reports the profile rules on the row of their gate or the profile’s first row', () => {
    const { errors } = validateSecurityRows(rows(gate('南门', { 正常数: 3 }), gate('北门', { 正常数: 3, 放学高峰保安人数: -1 })), lookups);
    expect(errors).toEqual([
      { row: 2, column: '正常数', message: '不能多于安装数量（2 台）' },
      { row: 3, column: '放学高峰保安人数', message: '不能为负数' },
    ]);
  });
});
