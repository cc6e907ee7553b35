// The work plan's pure rules (issue 14): quarters and their ends, overdue, and the resolution of
// a task's unit words (000's 任务分解表) to units by name and by group.
import { describe, expect, it } from 'vitest';
import { isDue, isOverdue, parseQuarter, quarterEnd, quarterOf, resolveTask, resolveWord, splitUnitWords, type UnitFacts } from './plans.js';

let nextId = 1;
const unit = (name: string, kind: UnitFacts['kind'], over: Partial<UnitFacts> = {}): UnitFacts => ({ id: nextId++, name, kind, stage: null, schoolBus: false, status: 'active', ...over });
const school = (name: string, stage: UnitFacts['stage'], over: Partial<UnitFacts> = {}) => unit(name, 'school', { stage, ...over });

const office = unit('局安办', 'department');
const centre = unit('督导安全中心', 'department');
const moral = unit('德育科', 'department');
const basic = unit('基教科', 'department');
const town = unit('东湖街道', 'town');
const primary = school('东湖小学', 'primary', { schoolBus: true });
const kg = school('东湖幼儿园', 'kindergarten');
const junior = school('东湖中学', 'junior');
const nine = school('东湖九年一贯制学校', 'nine_year', { schoolBus: true });
const vocational = school('示范区职业学校', 'vocational');
const special = school('示范区培智学校', 'special');
const offCampus = school('少年宫', 'off_campus');
const closed = school('已撤并小学', 'primary', { status: 'disabled' });
const all = [office, centre, moral, basic, town, primary, kg, junior, nine, vocational, special, offCampus, closed];
const ids = (...us: UnitFacts[]) => us.map((u) => u.id).sort((a, b) => a - b);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('quarters (000 task table: 第一季度 … 第四季度)', () => {
  it('reads the quarter cell in the forms a bureau writes, and a month as its quarter', () => {
    expect(parseQuarter('第一季度')).toBe(1);
    expect(parseQuarter('第二季度')).toBe(2);
    expect(parseQuarter('三季度')).toBe(3);
    // 000 task 33/34: the page break split the cell into 第 and 四季度; joined it reads.
    expect(parseQuarter('第 四季度')).toBe(4);
    expect(parseQuarter('Q2')).toBe(2);
    expect(parseQuarter(3)).toBe(3);
    expect(parseQuarter('9月')).toBe(3);
    expect(parseQuarter('2024年12月')).toBe(4);
    expect(parseQuarter('')).toBeNull();
    expect(parseQuarter(null)).toBeNull();
    expect(parseQuarter('第五季度')).toBeNull();
    expect(parseQuarter('13月')).toBeNull();
    expect(parseQuarter('全年')).toBeNull();
  });

  it('a quarter ends on its last day; the day after, its tasks are due', () => {
    expect(quarterEnd(2024, 1)).toBe('2024-03-31');
    expect(quarterEnd(2024, 2)).toBe('2024-06-30');
    expect(quarterEnd(2024, 3)).toBe('2024-09-30');
    expect(quarterEnd(2024, 4)).toBe('2024-12-31');
    expect(quarterOf('2024-03-31')).toBe(1);
    expect(quarterOf('2024-04-01')).toBe(2);
    expect(isDue(2024, 1, '2024-03-31')).toBe(false);
    expect(isDue(2024, 1, '2024-04-01')).toBe(true);
    expect(isDue(2024, 4, '2025-01-01')).toBe(true);
  });

  it('overdue: not done by the quarter end; done is never overdue', () => {
    expect(isOverdue(2024, 2, 'in_progress', '2024-06-30')).toBe(false);
    expect(isOverdue(2024, 2, 'in_progress', '2024-07-01')).toBe(true);
    expect(isOverdue(2024, 2, 'not_started', '2024-07-01')).toBe(true);
    expect(isOverdue(2024, 2, 'done', '2024-12-31')).toBe(false);
  });
});

describe('unit words (000 task table, 责任单位)', () => {
  it('splits at 、 and 及, keeping a parenthesis with its word', () => {
    expect(splitUnitWords('局安办、中小幼、其他单位')).toEqual(['局安办', '中小幼', '其他单位']); // 000 task 1
    expect(splitUnitWords('局安办、中学、一贯制学校及其他单位')).toEqual(['局安办', '中学', '一贯制学校', '其他单位']); // 000 task 39
    expect(splitUnitWords('宣传科、基教科(信息化科)、督导安全中心、中小幼')).toEqual(['宣传科', '基教科(信息化科)', '督导安全中心', '中小幼']); // 000 task 31
    expect(splitUnitWords('德育科， 中小学；德育科')).toEqual(['德育科', '中小学']);
  });

  it('a department by its name; "A(B)" by A; groups by the schools attributes; disabled units never', () => {
    expect(resolveWord('督导安全中心', all)).toMatchObject({ how: 'name', unitIds: [centre.id] });
    expect(resolveWord('基教科(信息化科)', all)).toMatchObject({ how: 'name', unitIds: [basic.id] }); // 000 task 31
    // 中小幼: primary and secondary schools and kindergartens (000 tasks 1, 2 …); nine-year schools are both.
    expect(sorted(resolveWord('中小幼', all).unitIds)).toEqual(ids(primary, kg, junior, nine));
    expect(sorted(resolveWord('中小学', all).unitIds)).toEqual(ids(primary, junior, nine)); // 000 task 5
    // 其他单位: the schools and institutions that are not 中小幼 (000 tasks 1, 9, 10).
    expect(sorted(resolveWord('其他单位', all).unitIds)).toEqual(ids(vocational, special, offCampus));
    expect(sorted(resolveWord('使用校车学校', all).unitIds)).toEqual(ids(primary, nine)); // 000 tasks 3, 25
    expect(sorted(resolveWord('全系统基层单位', all).unitIds)).toEqual(ids(primary, kg, junior, nine, vocational, special, offCampus)); // 000 task 40
    expect(resolveWord('各镇街', all).unitIds).toEqual([town.id]);
    expect(resolveWord('小学', all).unitIds).toEqual([primary.id]); // 000 task 21
    expect(resolveWord('一贯制学校', all).unitIds).toEqual([nine.id]); // 000 task 39
  });

  it('an unknown word is unresolved, never matched to a near name; the bureau answer resolves it', () => {
    // 000 task 18 names 考试中心; a district without it must be asked, not given 督导安全中心.
    expect(resolveWord('考试中心', all)).toEqual({ word: '考试中心', how: 'unresolved', unitIds: [] });
    expect(resolveWord('德育处', all).how).toBe('unresolved');
    expect(resolveWord('考试中心', all, { 考试中心: [centre.id] })).toMatchObject({ how: 'answer', unitIds: [centre.id] });
    // An answer naming a unit that no longer exists leaves the word unresolved.
    expect(resolveTask('考试中心', all, { 考试中心: [9999] }).unresolved).toEqual(['考试中心']);
  });

  it('a task: its units once in order, the lead is the first word when it names one unit, unresolved words listed', () => {
    const r = resolveTask('德育科、督导安全中心、使用校车学校', all); // 000 task 3
    expect(r.unitIds).toEqual([moral.id, centre.id, primary.id, nine.id]);
    expect(r.leadUnitId).toBe(moral.id);
    expect(r.unresolved).toEqual([]);
    // 000 task 38: only a group, no lead unit.
    expect(resolveTask('中小幼', all).leadUnitId).toBeNull();
    const bad = resolveTask('局安办、考试中心', all); // 000 task 18
    expect(bad.unresolved).toEqual(['考试中心']);
    expect(bad.leadUnitId).toBe(office.id);
    // A group matching no unit today is known, not unresolved (a district without buses).
    expect(resolveTask('使用校车学校', [office, kg]).unresolved).toEqual([]);
  });
});
