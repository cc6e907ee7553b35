// The outbreak signal of the daily health checks (issue 15 item 8; 001 第16条 gives no number, the
// default thresholds are those of 《学校和托幼机构传染病疫情报告工作规范（试行）》: 3 in a class in a
// day, 5 within 3 days), at its boundaries, with the default section of the pack and with a bureau's own.
import { describe, expect, it } from 'vitest';
import { outbreakSignals, type CheckForSignals } from './health-checks.js';
import { DEFAULT_PACK } from './rules/pack.js';
import { applyOutbreakChange, DEFAULT_OUTBREAK, outbreakChangeProblems, outbreakOf } from './rules/outbreak-signals.js';

const check = (checkedOn: string, className: string, fever: number, ill = 0): CheckForSignals => ({
  checkedOn,
  className,
  symptoms: { fever },
  illCases: Array.from({ length: ill }, () => ({ symptom: 'fever' })),
});

describe('outbreak signal: class threshold (默认同一班级 1 天 3 例)', () => {
  it('2 in a class on the day is nothing; 3 (present and absent ill together) flags the class', () => {
    expect(outbreakSignals([check('2026-05-13', '一班', 2)], '2026-05-13')).toEqual([]);
    expect(outbreakSignals([check('2026-05-13', '一班', 2, 1)], '2026-05-13')).toEqual([expect.objectContaining({ scope: 'class', className: '一班', cases: 3, symptom: 'fever' })]);
  });
  it('the morning and noon checks of one class count once (the larger)', () => {
    expect(outbreakSignals([check('2026-05-13', '一班', 2), check('2026-05-13', '一班', 2)], '2026-05-13')).toEqual([]);
  });
  it('a class cluster of an earlier day is not flagged again as of today', () => {
    expect(outbreakSignals([check('2026-05-12', '一班', 3)], '2026-05-13').filter((s) => s.scope === 'class')).toEqual([]);
  });
});

describe('outbreak signal: school threshold (默认 3 天内 5 例以上)', () => {
  it('4 across the school within 3 days is nothing, 5 flags; a case 3 days back is out of the window', () => {
    const four = [check('2026-05-11', '一班', 2), check('2026-05-12', '二班', 1), check('2026-05-13', '三班', 1)];
    expect(outbreakSignals(four, '2026-05-13')).toEqual([]);
    expect(outbreakSignals([...four, check('2026-05-13', '四班', 1)], '2026-05-13')).toEqual([expect.objectContaining({ scope: 'school', cases: 5, from: '2026-05-11', to: '2026-05-13' })]);
    expect(outbreakSignals([...four, check('2026-05-10', '四班', 1)], '2026-05-13')).toEqual([]);
  });
});

describe("the section of the rule pack: the bureau's thresholds", () => {
  it('the default pack carries the default section, citing 001 第16条 and the national rule', () => {
    expect(DEFAULT_PACK.outbreakSignals).toBe(DEFAULT_OUTBREAK);
    expect(DEFAULT_OUTBREAK.sources.map((s) => `${s.seed} ${s.item}`)).toEqual(['001 第16条']);
    expect(outbreakOf({})).toBe(DEFAULT_OUTBREAK);
  });
  it('a class count of 2 and a window of 5 days flag sooner', () => {
    const t = applyOutbreakChange(DEFAULT_OUTBREAK, { classCases: 2, schoolDays: 5 });
    expect(outbreakSignals([check('2026-05-13', '一班', 2)], '2026-05-13', t)).toEqual([expect.objectContaining({ scope: 'class', cases: 2 })]);
    const spread = [check('2026-05-09', '一班', 1), check('2026-05-10', '二班', 1), check('2026-05-11', '三班', 1), check('2026-05-12', '四班', 1), check('2026-05-13', '五班', 1)];
    expect(outbreakSignals(spread, '2026-05-13')).toEqual([]);
    expect(outbreakSignals(spread, '2026-05-13', t)).toEqual([expect.objectContaining({ scope: 'school', cases: 5, from: '2026-05-09' })]);
    expect(t.notes.at(-1)).toContain('教育局已调整');
  });
  it('refuses a change out of bounds, naming the field', () => {
    expect(outbreakChangeProblems(DEFAULT_OUTBREAK, { classCases: 1 })[0].field).toBe('classCases');
    expect(outbreakChangeProblems(DEFAULT_OUTBREAK, { classCases: 2.5 })[0].field).toBe('classCases');
    expect(outbreakChangeProblems(DEFAULT_OUTBREAK, { schoolDays: 0 })[0].field).toBe('schoolDays');
    expect(outbreakChangeProblems(DEFAULT_OUTBREAK, { schoolDays: 14 })).toEqual([]);
    expect(outbreakChangeProblems(DEFAULT_OUTBREAK, { classCases: 6 })).toEqual([{ field: 'schoolCases', message: '全校累计人数不能少于单个班级人数（6 人）' }]);
    expect(outbreakChangeProblems(DEFAULT_OUTBREAK, {})[0].message).toBe('没有要修改的人数或天数');
  });
});
