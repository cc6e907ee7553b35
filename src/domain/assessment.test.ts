// The scoring rules of the yearly assessment (issue 14): 001 item 22 (safety in every unit's
// performance assessment), 001 item 27 (responsibility accidents and concealed reports held to
// account: the one-vote veto), 004 (the year's evaluation).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEME,
  countedItems,
  gradeOf,
  rankWithin,
  schemeProblems,
  scoreIndicator,
  scoreUnit,
  townScore,
  type EvidenceItem,
  type Indicator,
  type SchemeRules,
} from './assessment.js';

const item = (ok: boolean, on: string | null = '2025-06-30', id: number | string = Math.random()): EvidenceItem => ({ ok, kind: 'x', id, label: 'x', on });
const ratio: Indicator = { code: 'c', label: '达标率', source: 'compliance', weight: 40, scoring: { kind: 'ratio' } };
const deduct: Indicator = { code: 'm', label: '重大隐患', source: 'major_hazards', weight: 10, scoring: { kind: 'deduct', perItem: 4 } };
const scheme: SchemeRules = {
  indicators: [ratio, { ...deduct, weight: 10 }, { code: 'i', label: '报送纪律', source: 'incidents', weight: 50, scoring: { kind: 'deduct', perItem: 10 } }],
  grades: { excellent: 90, good: 80, pass: 60 },
};

describe('the scheme (001 item 22: the bureau sets the weights)', () => {
  it('the default scheme is valid and its weights sum to 100', () => {
    expect(schemeProblems(DEFAULT_SCHEME)).toEqual([]);
  });
  it('weights that do not sum to 100 are refused naming the field', () => {
    const p = schemeProblems({ ...scheme, indicators: [ratio, deduct] });
    expect(p).toEqual([{ field: 'indicators', message: '各项指标权重之和须为 100，现为 50' }]);
  });
  it('sums are compared to the hundredth (33.33 + 33.33 + 33.34 passes)', () => {
    const three = [33.33, 33.33, 33.34].map((w, k) => ({ ...ratio, code: `c${k}`, weight: w }));
    expect(schemeProblems({ ...scheme, indicators: three })).toEqual([]);
  });
  it('a duplicate code, a zero weight and grades out of order are each named', () => {
    const p = schemeProblems({ indicators: [{ ...ratio, weight: 100 }, { ...ratio, weight: 0 }], grades: { excellent: 80, good: 80, pass: 60 } });
    expect(p.map((x) => x.field)).toEqual(['indicators.1.code', 'indicators.1.weight', 'grades']);
  });
});

describe('an indicator', () => {
  it('ratio: the weight times the share met', () => {
    expect(scoreIndicator(ratio, { available: true, items: [item(true), item(true), item(true), item(false)] })).toMatchObject({ hasData: true, total: 4, met: 3, points: 30, ratio: 0.75 });
  });
  it('missing data: a source not built yet says 暂无数据 and scores nothing (not zero)', () => {
    expect(scoreIndicator(ratio, undefined)).toMatchObject({ hasData: false, points: null, note: '暂无数据' });
    expect(scoreIndicator(ratio, { available: false, items: [] })).toMatchObject({ hasData: false, points: null });
  });
  it('ratio without any item due this year has no data', () => {
    expect(scoreIndicator(ratio, { available: true, items: [] })).toMatchObject({ hasData: false, note: '本年度无应考核事项' });
  });
  it('deduct: nothing wrong is full points; each item not met takes perItem, never below 0', () => {
    expect(scoreIndicator(deduct, { available: true, items: [] })).toMatchObject({ hasData: true, points: 10 });
    expect(scoreIndicator(deduct, { available: true, items: [item(false), item(true)] })).toMatchObject({ points: 6 });
    expect(scoreIndicator(deduct, { available: true, items: [item(false), item(false), item(false)] })).toMatchObject({ points: 0 });
  });
});

describe('a school that joined mid-year', () => {
  const items = [item(false, '2025-01-31'), item(false, '2025-02-28'), item(true, '2025-09-30'), item(true, '2025-10-31'), item(true, null)];
  it('is judged only on what fell due after it joined', () => {
    expect(countedItems(items, '2025-09-01')).toHaveLength(3);
    expect(scoreIndicator(ratio, { available: true, items }, '2025-09-01')).toMatchObject({ total: 3, met: 3, points: 40 });
  });
  it('without a joining day every item counts', () => {
    expect(scoreIndicator(ratio, { available: true, items })).toMatchObject({ total: 5, met: 3, points: 24 });
  });
});

describe('a unit', () => {
  it('the score is scaled to 100 over the indicators that have data', () => {
    // compliance 30/40, major hazards 10/10, incidents no data: 40/50 → 80.
    const s = scoreUnit(scheme, { compliance: { available: true, items: [item(true), item(true), item(true), item(false)] }, major_hazards: { available: true, items: [] } });
    expect(s.score).toBe(80);
    expect(s.grade).toBe('good');
    expect(s.indicators.find((i) => i.code === 'i')).toMatchObject({ hasData: false, note: '暂无数据' });
  });
  it('no indicator with data: no score and no grade', () => {
    expect(scoreUnit(scheme, {})).toMatchObject({ score: null, grade: null, vetoed: false });
  });
  it('001 item 27 one-vote veto: a responsibility accident fails the unit whatever its score', () => {
    const s = scoreUnit(scheme, { compliance: { available: true, items: [item(true)] }, major_hazards: { available: true, items: [] } }, { veto: [{ kind: 'incident', id: 7, label: 'S-1 安全责任事故' }] });
    expect(s.score).toBe(100);
    expect(s.vetoed).toBe(true);
    expect(s.grade).toBe('fail');
  });
});

describe('grades and ranks', () => {
  const g = { excellent: 90, good: 80, pass: 60 };
  it('grades at their thresholds (优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60)', () => {
    expect([90, 89.9, 80, 60, 59.9].map((x) => gradeOf(x, g, false))).toEqual(['excellent', 'good', 'good', 'pass', 'fail']);
    expect(gradeOf(95, g, true)).toBe('fail');
    expect(gradeOf(null, g, false)).toBeNull();
  });
  it('ranks within each group, ties share a rank, a vetoed unit after the others, no score unranked', () => {
    const r = rankWithin([
      { id: 1, group: 'a', score: 90, vetoed: false },
      { id: 2, group: 'a', score: 95, vetoed: true },
      { id: 3, group: 'a', score: 90, vetoed: false },
      { id: 4, group: 'a', score: 70, vetoed: false },
      { id: 5, group: 'b', score: 50, vetoed: false },
      { id: 6, group: 'a', score: null, vetoed: false },
    ]);
    expect(Object.fromEntries(r)).toEqual({ 1: 1, 3: 1, 4: 3, 2: 4, 5: 1 });
  });
  it('a town scores the mean of its schools that have a score', () => {
    expect(townScore([80, 90, null])).toBe(85);
    expect(townScore([null])).toBeNull();
  });
});
