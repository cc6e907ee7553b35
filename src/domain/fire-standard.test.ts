// Fire-safety standardisation (issue 21) at its boundaries: the default standard (000 第5条, 001 第13条),
// the self-assessment and acceptance checks, and the rule fire.standard_accepted through the engine
// like every rule (000 第5条: 消防安全标准化管理评估和验收; 001 第13条: 全面开展消防标准化达标验收).
import { describe, expect, it } from 'vitest';
import { checklistProblems } from './checklists/checklist.js';
import { acceptProblems, answerProblems, DEFAULT_FIRE_STANDARD, failingKeys, fireSchoolState, standardKeys, submitProblems, type FireAcceptanceRecord, type FireAnswer } from './fire-standard.js';
import { evaluate } from './rules/engine.js';
import { DEFAULT_RULES } from './rules/pack.js';
import type { UnitFacts } from './rules/records.js';

const sections = DEFAULT_FIRE_STANDARD.sections;
const keys = standardKeys(sections);
const all = (result: FireAnswer['result'] = 'meets'): FireAnswer[] => keys.map((key) => ({ key, result }));

describe('the default standard (000 第5条, 001 第13条)', () => {
  it('is a well-formed checklist grouped by the guide’s sections, every item citing its seed', () => {
    expect(checklistProblems(sections)).toEqual([]);
    expect(sections.map((s) => s.title)).toEqual(['一、组织管理', '二、制度建设', '三、消防设施', '四、安全疏散', '五、宣传培训', '六、检查巡查']);
    for (const s of sections) for (const i of s.items) expect(i.source).toMatch(/^00[01] 第\d+条$/);
  });
  it('carries 001 第13条’s patrol staff, 消防安全检查日, gas (占压, 燃气泄漏报警器) and the four abilities', () => {
    const text = sections.flatMap((s) => s.items.map((i) => i.text)).join('\n');
    for (const words of ['消防巡查人员', '消防安全检查日', '占压', '燃气泄漏报警器', '四个能力', '夜间应急逃生疏散演练']) expect(text).toContain(words);
  });
});

describe('self-assessment (自评)', () => {
  it('a draft may leave items unanswered; a 不符合 needs a note; an unknown or repeated key is named', () => {
    expect(answerProblems(sections, [{ key: 'org-01', result: 'meets' }])).toEqual([]);
    expect(answerProblems(sections, [{ key: 'fac-03', result: 'fails', note: ' ' }])).toEqual([{ field: 'answers.0.note', message: '不符合的条目请写明存在的问题' }]);
    expect(answerProblems(sections, [{ key: 'nope', result: 'meets' }])[0].field).toBe('answers.0.key');
    expect(answerProblems(sections, [{ key: 'org-01', result: 'meets' }, { key: 'org-01', result: 'na' }])[0]).toEqual({ field: 'answers.1.key', message: '条目“org-01”重复填写' });
  });
  it('submitting needs every item answered, naming how many are left', () => {
    expect(submitProblems(sections, all())).toEqual([]);
    const short = submitProblems(sections, all().slice(1));
    expect(short).toHaveLength(1);
    expect(short[0].message).toMatch(/^还有 1 项未自评/);
    expect(failingKeys([{ key: 'a', result: 'fails' }, { key: 'b', result: 'na' }])).toEqual(['a']);
  });
});

describe('acceptance (达标验收)', () => {
  const ok = { result: 'pass' as const, acceptedOn: '2026-05-10', failedKeys: [] };
  it('达标 on the day of submission up to today', () => {
    expect(acceptProblems(sections, ok, '2026-05-10', '2026-05-10')).toEqual([]);
  });
  it('a day in the future or before the school submitted is refused naming acceptedOn', () => {
    expect(acceptProblems(sections, { ...ok, acceptedOn: '2026-05-11' }, '2026-05-10', '2026-05-01')[0].field).toBe('acceptedOn');
    expect(acceptProblems(sections, { ...ok, acceptedOn: '2026-04-30' }, '2026-05-10', '2026-05-01')[0].message).toContain('2026-05-01');
  });
  it('达标 with a failing item, 不达标 without one, and an unknown item are refused naming failedKeys', () => {
    expect(acceptProblems(sections, { ...ok, failedKeys: ['fac-03'] }, '2026-05-10', '2026-05-01')[0].field).toBe('failedKeys');
    expect(acceptProblems(sections, { ...ok, result: 'fail' }, '2026-05-10', '2026-05-01')[0].field).toBe('failedKeys');
    expect(acceptProblems(sections, { ...ok, result: 'fail', failedKeys: ['fac-03'] }, '2026-05-10', '2026-05-01')).toEqual([]);
    expect(acceptProblems(sections, { ...ok, result: 'fail', failedKeys: ['zz'] }, '2026-05-10', '2026-05-01')[0].field).toBe('failedKeys');
  });
});

describe('where a school stands', () => {
  it('the latest decided acceptance says accepted; the latest assessment what is under way', () => {
    expect(fireSchoolState(null, null)).toEqual({ state: 'none', accepted: false });
    expect(fireSchoolState({ status: 'submitted' }, null)).toEqual({ state: 'submitted', accepted: false });
    expect(fireSchoolState({ status: 'failed' }, { result: 'fail' })).toEqual({ state: 'failed', accepted: false });
    expect(fireSchoolState({ status: 'draft' }, { result: 'pass' })).toEqual({ state: 'accepted', accepted: true });
    expect(fireSchoolState({ status: 'draft' }, { result: 'fail' })).toEqual({ state: 'draft', accepted: false });
  });
});

describe('fire.standard_accepted (000 第5条, 001 第13条; due by the pack’s day, 12-31 by default)', () => {
  const school: UnitFacts = { id: 1, kind: 'school', name: '示范区实验小学', stage: 'primary', studentCount: 800 };
  const rule = DEFAULT_RULES.find((r) => r.code === 'fire.standard_accepted')!;
  const one = (records: FireAcceptanceRecord[], asOf: string, unit = school, r = rule) => evaluate({ rules: [r], units: [unit], records: { ledgersB: { fireAcceptances: records } }, asOf })[0];
  const pass = (acceptedOn: string, id = 1): FireAcceptanceRecord => ({ id, unitId: 1, result: 'pass', acceptedOn });
  const fail = (acceptedOn: string, id = 2): FireAcceptanceRecord => ({ id, unitId: 1, result: 'fail', acceptedOn });

  it('cites both seeds and does not judge off-campus institutions', () => {
    expect(rule.sources.map((s) => `${s.seed} ${s.item}`)).toEqual(['000 第5条', '001 第13条']);
    expect(one([], '2026-05-10', { ...school, stage: 'off_campus' }).status).toBe('not_applicable');
  });
  it('accepted (达标) is met, citing the day', () => {
    const f = one([pass('2026-04-20')], '2026-05-10');
    expect(f).toMatchObject({ status: 'met', recordIds: [1] });
    expect(f.explanation).toContain('已通过消防安全标准化达标验收（2026-04-20）');
    expect(f.explanation).toContain('000 第5条');
  });
  it('not accepted: not yet due before the window, due soon 60 days before 12-31, still due soon on the day, missed after', () => {
    expect(one([], '2026-10-31').explanation).toContain('尚未到期');
    expect(one([], '2026-11-01')).toMatchObject({ status: 'due_soon', dueOn: '2026-12-31' });
    expect(one([], '2026-12-31').status).toBe('due_soon');
    const pack = { ...rule, measure: { ...rule.measure, dueBy: '06-30' } } as typeof rule;
    expect(one([], '2026-07-01', school, pack)).toMatchObject({ status: 'missed', dueOn: '2026-06-30' });
  });
  it('a failed acceptance is not met; a later 达标 is; an acceptance dated after the day judged does not count yet', () => {
    const pack = { ...rule, measure: { ...rule.measure, dueBy: '03-31' } } as typeof rule;
    const f = one([fail('2026-03-01')], '2026-05-10', school, pack);
    expect(f.status).toBe('missed');
    expect(f.explanation).toContain('验收不达标（2026-03-01）');
    expect(one([fail('2026-03-01'), pass('2026-04-01', 3)], '2026-05-10', school, pack).status).toBe('met');
    expect(one([pass('2026-03-01'), fail('2026-04-01', 3)], '2026-05-10', school, pack).status).toBe('missed');
    expect(one([pass('2026-05-11')], '2026-05-10', school, pack).status).toBe('missed');
  });
});
