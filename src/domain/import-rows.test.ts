import { describe, expect, it } from 'vitest';
import type { RoleKey, UnitKind } from '../contracts/enums.js';
import { unitImportColumns, userImportColumns } from '../contracts/imports.js';
import {
  cellText,
  missingColumns,
  rowUsernames,
  splitList,
  validateUnitRows,
  validateUserRows,
  type Cell,
  type ExistingUnit,
  type PlacementUnit,
  type SheetRow,
  type UserLookups,
} from './import-rows.js';

const bureau: ExistingUnit = { id: 1, kind: 'bureau', status: 'active', path: '/1/', inScope: true };
const town: ExistingUnit = { id: 2, kind: 'town', status: 'active', path: '/1/2/', inScope: true };
const closedTown: ExistingUnit = { id: 3, kind: 'town', status: 'disabled', path: '/1/3/', inScope: true };
const hiddenTown: ExistingUnit = { id: 4, kind: 'town', status: 'active', path: '/1/4/', inScope: false };
const dept: ExistingUnit = { id: 5, kind: 'department', status: 'active', path: '/1/5/', inScope: true };
const existing = new Map<string, ExistingUnit>([
  ['区教育局', bureau],
  ['东镇', town],
  ['停用镇', closedTown],
  ['别人的镇', hiddenTown],
  ['安全科', dept],
]);

const school = {
  单位名称: '东镇一小',
  单位类型: '学校/机构',
  上级单位: '东镇',
  学段: '小学',
  办学性质: '公办',
  校门数: 2,
  学生数: 800,
};

let nextRow = 2;
function rows(...cells: Array<Record<string, Cell>>): SheetRow[] {
  nextRow = 2;
  return cells.map((c) => ({ row: nextRow++, cells: c }));
}

describe('file shape', () => {
  it('names the missing columns', () => {
    expect(missingColumns(unitImportColumns, [...unitImportColumns])).toEqual([]);
    expect(missingColumns(userImportColumns, ['用户名', ' 姓名 ', '所属单位'])).toEqual(['联系电话', '角色']);
  });
  it('reads cells and lists', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(13800000000)).toBe('13800000000');
    expect(cellText(true)).toBe('是');
    expect(splitList('校长、学校安全员 , 教师；')).toEqual(['校长', '学校安全员', '教师']);
  });
});

describe('unit rows', () => {
  it('accepts good rows, with parents existing or earlier in the file, and drops attributes that do not fit the kind', () => {
    const { errors, drafts } = validateUnitRows(
      rows(
        { 单位名称: '西镇', 单位类型: '镇街', 上级单位: '区教育局', 学段: '小学', 联系电话: '010-12345678' },
        { ...school, 单位名称: '西镇一小', 上级单位: '西镇', 寄宿制: '是', 使用校车: true, 教职工数: '60', 编码: 1001 },
        { 单位名称: '应急中心', 单位类型: '科室/中心', 上级单位: '区教育局', 负责安全领域: '消防安全与危化品、应急处置' },
        { ...school, 单位名称: '直属高中', 上级单位: '区教育局', 学段: '高中' },
      ),
      existing,
    );
    expect(errors).toEqual([]);
    expect(drafts.map((d) => d.parent)).toEqual([{ unit: bureau }, { row: 2 }, { unit: bureau }, { unit: bureau }]);
    expect(drafts[0].values).toMatchObject({ kind: 'town', stage: null, contactPhone: '010-12345678' });
    expect(drafts[1].values).toMatchObject({
      kind: 'school',
      stage: 'primary',
      ownership: 'public',
      boarding: true,
      schoolBus: true,
      rural: false,
      gateCount: 2,
      studentCount: 800,
      staffCount: 60,
      code: '1001',
    });
    expect(drafts[2].values.areas).toEqual(['fire_chemicals', 'emergency']);
  });

  it('reports each bad cell with its row, column and a Chinese reason', () => {
    const { errors, drafts } = validateUnitRows(
      rows(
        { ...school, 单位名称: '甲校', 上级单位: '北镇' },
        { ...school, 单位名称: '乙校', 学段: '大学' },
        { ...school, 单位名称: '东镇', 上级单位: '区教育局' },
        { ...school, 单位名称: '丙校', 办学性质: null, 学生数: null },
        { ...school, 单位名称: '丁校', 联系电话: '12345' },
        { ...school, 单位名称: '甲校' },
        { ...school, 单位名称: '戊校', 寄宿制: '可能', 校门数: 2.5, 教职工数: -1 },
        { 单位名称: '区', 单位类型: '区教育局', 上级单位: '' },
        { 单位名称: '北镇中学', 单位类型: '学校/机构', 上级单位: '安全科', 学段: '初中', 办学性质: '民办', 校门数: 1, 学生数: 10 },
      ),
      existing,
    );
    expect(drafts).toHaveLength(0);
    expect(errors).toEqual([
      { row: 2, column: '上级单位', message: '上级单位“北镇”不存在或无权访问' },
      { row: 3, column: '学段', message: expect.stringContaining('学段只能是：幼儿园、小学') },
      { row: 4, column: '单位名称', message: '本区已有名为“东镇”的单位' },
      { row: 5, column: '办学性质', message: '学校必须填写此项' },
      { row: 5, column: '学生数', message: '学校必须填写此项' },
      { row: 6, column: '联系电话', message: '请输入手机号（11 位）或带区号的固定电话' },
      { row: 7, column: '单位名称', message: '与第 2 行的单位重名' },
      { row: 8, column: '寄宿制', message: '只能填“是”或“否”' },
      { row: 8, column: '校门数', message: '须为 0 到 50 之间的整数' },
      { row: 8, column: '教职工数', message: '须为 0 到 20000 之间的整数' },
      { row: 9, column: '单位名称', message: '名称至少 2 个字' },
      { row: 9, column: '单位类型', message: '单位类型只能是：科室/中心、镇街、学校/机构' },
      { row: 9, column: '上级单位', message: '请填写上级单位' },
      { row: 10, column: '上级单位', message: '学校/机构不能设在科室/中心“安全科”之下' },
    ]);
  });

  it('treats a parent outside the scope as not there, and refuses a disabled one', () => {
    const { errors } = validateUnitRows(rows({ ...school, 上级单位: '别人的镇' }, { ...school, 单位名称: '东镇二小', 上级单位: '停用镇' }), existing);
    expect(errors).toEqual([
      { row: 2, column: '上级单位', message: '上级单位“别人的镇”不存在或无权访问' },
      { row: 3, column: '上级单位', message: '上级单位“停用镇”已停用' },
    ]);
  });

  it('wants a parent from the file above its children', () => {
    const { errors } = validateUnitRows(
      rows({ ...school, 上级单位: '南镇' }, { 单位名称: '南镇', 单位类型: '镇街', 上级单位: '区教育局' }, { ...school, 单位名称: '南镇', 上级单位: '南镇' }),
      existing,
    );
    expect(errors).toEqual([
      { row: 2, column: '上级单位', message: '上级单位“南镇”在第 3 行，须排在本行之前' },
      { row: 4, column: '单位名称', message: '与第 3 行的单位重名' },
      { row: 4, column: '上级单位', message: '上级单位不能是本单位' },
    ]);
  });

  it('checks text lengths, codes and safety areas', () => {
    const { errors } = validateUnitRows(
      rows({ 单位名称: '宣传科', 单位类型: '科室/中心', 上级单位: '区教育局', 编码: 'A B', 校长: '张'.repeat(31), 负责安全领域: '消防、应急处置' }),
      existing,
    );
    expect(errors).toEqual([
      { row: 2, column: '编码', message: '编码只能包含字母、数字、下划线和短横线' },
      { row: 2, column: '校长', message: '最多 30 个字符' },
      { row: 2, column: '负责安全领域', message: expect.stringMatching(/^未知的安全领域：消防；可选：安全管理机制/) },
    ]);
  });
});

describe('people rows', () => {
  const units = new Map<string, PlacementUnit>([
    ['东镇一小', { id: 10, kind: 'school', status: 'active', inScope: true }],
    ['东镇', { id: 2, kind: 'town', status: 'active', inScope: true }],
    ['停办学校', { id: 11, kind: 'school', status: 'disabled', inScope: true }],
    ['别人的学校', { id: 12, kind: 'school', status: 'active', inScope: false }],
  ]);
  const grantRefusal = (role: RoleKey, kind: UnitKind) =>
    role === 'bureau_admin' ? '无权授予角色“局安全管理员”' : role === 'principal' && kind !== 'school' ? '角色“校长”不适用于该类单位' : null;
  const lookups: UserLookups = { units, takenUsernames: new Set(['taken']), grantRefusal, initialPassword: 'Init@2024x' };
  const person = { 用户名: 'wang', 姓名: '王老师', 所属单位: '东镇一小', 角色: '教师' };

  it('accepts good rows and reads several roles', () => {
    const r = rows(person, { 用户名: 'li.si', 姓名: '李四', 联系电话: 13800000000, 所属单位: '东镇一小', 角色: '校长、学校安全员、校长' });
    expect(rowUsernames(r)).toEqual(['wang', 'li.si']);
    const { errors, drafts } = validateUserRows(r, lookups);
    expect(errors).toEqual([]);
    expect(drafts[1]).toEqual({ row: 3, username: 'li.si', displayName: '李四', phone: '13800000000', unitId: 10, roles: ['principal', 'school_safety_officer'] });
  });

  it('reports usernames, units and roles that will not do', () => {
    const { errors, drafts } = validateUserRows(
      rows(
        { ...person, 用户名: 'Taken' },
        { ...person, 用户名: '9lives' },
        { ...person, 用户名: 'zhao' },
        { ...person, 用户名: 'ZHAO' },
        { ...person, 用户名: 'qian', 所属单位: '别人的学校' },
        { ...person, 用户名: 'sun', 所属单位: '停办学校' },
        { ...person, 用户名: 'zhou', 角色: '校长、门卫' },
        { ...person, 用户名: 'wuyi', 所属单位: '东镇', 角色: '校长' },
        { ...person, 用户名: 'zheng', 角色: '局安全管理员' },
        { 用户名: 'feng', 姓名: null, 联系电话: '110', 所属单位: null, 角色: null },
      ),
      lookups,
    );
    expect(drafts.map((d) => d.username)).toEqual(['zhao']);
    expect(errors).toEqual([
      { row: 2, column: '用户名', message: '用户名“Taken”已被使用' },
      { row: 3, column: '用户名', message: '用户名以字母开头，只能包含字母、数字、点、下划线和短横线' },
      { row: 5, column: '用户名', message: '与第 4 行的用户名重复' },
      { row: 6, column: '所属单位', message: '所属单位“别人的学校”不存在或无权访问' },
      { row: 7, column: '所属单位', message: '所属单位“停办学校”已停用' },
      { row: 8, column: '角色', message: expect.stringMatching(/^未知角色：门卫；可选：局领导、/) },
      { row: 9, column: '角色', message: '角色“校长”不适用于该类单位' },
      { row: 10, column: '角色', message: '无权授予角色“局安全管理员”' },
      { row: 11, column: '姓名', message: '请填写姓名' },
      { row: 11, column: '联系电话', message: '请输入手机号（11 位）或带区号的固定电话' },
      { row: 11, column: '所属单位', message: '请填写所属单位' },
      { row: 11, column: '角色', message: '请填写角色' },
    ]);
  });

  it('refuses a username equal to the initial password', () => {
    const { errors } = validateUserRows(rows({ ...person, 用户名: 'Abc.defg1' }), { ...lookups, initialPassword: 'abc.DEFG1' });
    expect(errors).toEqual([{ row: 2, column: '用户名', message: '初始密码不能与用户名相同' }]);
  });
});
