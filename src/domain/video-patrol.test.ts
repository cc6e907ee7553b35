import { describe, expect, it } from 'vitest';
import { evaluate } from './rules/engine.js';
import { DEFAULT_RULES } from './rules/pack.js';
import type { UnitFacts } from './rules/records.js';
import { isCanteenItem, judgeCoverage, measureVideoPatrols, MIN_CANTEEN_PATROLS_PER_MONTH, MIN_VIDEO_PATROLS_PER_MONTH, monthRange, type VideoPatrolRecord } from './video-patrol.js';

describe('video patrol coverage', () => {
  it('001 item 4: a school patrolled once in the month meets the patrol number, none does not', () => {
    expect(MIN_VIDEO_PATROLS_PER_MONTH).toBe(1);
    const canteenOk = { canteenPatrols: MIN_CANTEEN_PATROLS_PER_MONTH, hasCanteen: true };
    expect(judgeCoverage({ patrols: 1, ...canteenOk, canteenPatrols: 2 }).met).toBe(true);
    const none = judgeCoverage({ patrols: 0, canteenPatrols: 2, hasCanteen: true });
    expect(none.met).toBe(false);
    expect(none.shortBy).toEqual(['本月视频巡查 0 次，应不少于 1 次']);
  });

  it('000 item 7 / 001 item 17: the canteen at exactly the minimum meets it, one fewer does not', () => {
    const n = { minPatrols: 1, minCanteenPatrols: 2 };
    expect(judgeCoverage({ patrols: 2, canteenPatrols: 2, hasCanteen: true }, n)).toEqual({ met: true, shortBy: [] });
    const one = judgeCoverage({ patrols: 2, canteenPatrols: 1, hasCanteen: true }, n);
    expect(one.met).toBe(false);
    expect(one.shortBy).toEqual(['本月明厨亮灶巡查 1 次，应不少于 2 次']);
  });

  it('000 item 7 / 001 item 17: a school without a canteen is not judged on the canteen number', () => {
    expect(judgeCoverage({ patrols: 1, canteenPatrols: 0, hasCanteen: false }, undefined, false)).toEqual({ met: true, shortBy: [] });
    expect(judgeCoverage({ patrols: 0, canteenPatrols: 0, hasCanteen: false }, undefined, false).shortBy).toEqual(['本月视频巡查 0 次，应不少于 1 次']);
  });

  it('a school without a canteen camera is told so, and both shortfalls are listed', () => {
    const r = judgeCoverage({ patrols: 0, canteenPatrols: 0, hasCanteen: false }, { minPatrols: 1, minCanteenPatrols: 1 });
    expect(r.met).toBe(false);
    expect(r.shortBy).toHaveLength(2);
    expect(r.shortBy[1]).toContain('未登记食堂后厨视频点位');
  });

  it('canteen items are the vp-canteen- keys only', () => {
    expect(isCanteenItem('vp-canteen-01')).toBe(true);
    expect(isCanteenItem('vp-gate-01')).toBe(false);
  });

  it('month range is half-open and rolls over December', () => {
    expect(monthRange('2026-11')).toEqual({ from: '2026-11-01', until: '2026-12-01' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', until: '2027-01-01' });
  });
});

// The board's rules video_patrol.monthly and video_patrol.canteen: the measure, then through the engine.
const NOV = { startsOn: '2026-11-01', endsOn: '2026-11-30', label: '2026年11月' };
const patrol = (id: number, patrolledOn: string, canteen = false, unitId = 1): VideoPatrolRecord => ({ id, unitId, patrolledOn, canteen });

describe('the measure of video patrols (rules video_patrol.monthly, video_patrol.canteen)', () => {
  it('001 item 4: 0 patrols in the month is short, due on its last day, missed once it has ended; 1 meets', () => {
    expect(measureVideoPatrols([], NOV, '2026-11-20', 1, false)).toMatchObject({ applicable: true, ok: false, lapsed: false, value: 0, target: 1, dueOn: '2026-11-30' });
    expect(measureVideoPatrols([], NOV, '2026-12-01', 1, false)).toMatchObject({ ok: false, lapsed: true, dueOn: undefined });
    const one = measureVideoPatrols([patrol(7, '2026-11-03')], NOV, '2026-11-20', 1, false);
    expect(one).toMatchObject({ ok: true, value: 1, recordIds: [7] });
    expect(one.phrase).toBe('2026年11月视频巡查 1 次，应不少于 1 次');
    // Another month's patrol, or one after the day judged, does not count.
    expect(measureVideoPatrols([patrol(7, '2026-10-31'), patrol(8, '2026-11-21')], NOV, '2026-11-20', 1, false).value).toBe(0);
  });

  it('000 item 7 / 001 item 17: 1 canteen patrol is short of 2, 2 meet; a patrol without a canteen item does not count', () => {
    const ps = [patrol(1, '2026-11-02', true), patrol(2, '2026-11-09'), patrol(3, '2026-11-16', true)];
    expect(measureVideoPatrols(ps.slice(0, 2), NOV, '2026-11-20', 2, true)).toMatchObject({ ok: false, value: 1, target: 2, recordIds: [1] });
    expect(measureVideoPatrols(ps, NOV, '2026-11-20', 2, true)).toMatchObject({ ok: true, value: 2, recordIds: [1, 3] });
    expect(measureVideoPatrols(ps, NOV, '2026-11-20', 2, true).phrase).toBe('2026年11月明厨亮灶视频巡查 2 次，应不少于 2 次');
  });
});

describe('the board judges video patrols from the pack (001 item 4, 000 item 7, 001 item 17)', () => {
  const rule = (code: string) => DEFAULT_RULES.find((r) => r.code === code)!;
  const withCanteen: UnitFacts = { id: 1, kind: 'school', name: '示范中学', stage: 'junior', canteen: true };
  const noCanteen: UnitFacts = { id: 2, kind: 'school', name: '走读小学', stage: 'primary', canteen: false };
  const judge = (code: string, unit: UnitFacts, patrols: VideoPatrolRecord[], asOf: string, min?: number) => {
    const r = rule(code);
    const [f] = evaluate({ rules: [min === undefined ? r : { ...r, threshold: { ...r.threshold, min } }], units: [unit], records: { ledgersB: { videoPatrols: patrols } }, asOf });
    return f;
  };

  it('001 item 4 (video_patrol.monthly, 1 a month): no patrol is due soon in the last week and missed after the month; one meets', () => {
    expect(rule('video_patrol.monthly')).toMatchObject({ period: 'month', threshold: { min: MIN_VIDEO_PATROLS_PER_MONTH, unit: 'count' } });
    expect(judge('video_patrol.monthly', withCanteen, [], '2026-11-25').status).toBe('due_soon');
    expect(judge('video_patrol.monthly', withCanteen, [], '2026-12-01')).toMatchObject({ status: 'missed' });
    expect(judge('video_patrol.monthly', withCanteen, [patrol(5, '2026-11-03')], '2026-11-25').status).toBe('met');
    // The pack's number decides: at 2 a month the same patrol is short.
    expect(judge('video_patrol.monthly', withCanteen, [patrol(5, '2026-11-03')], '2026-11-25', 2).status).toBe('due_soon');
  });

  it('000 item 7 / 001 item 17 (video_patrol.canteen, 2 a month): 1 canteen patrol short, 2 met; a school without a canteen is not judged', () => {
    expect(rule('video_patrol.canteen')).toMatchObject({ period: 'month', appliesTo: { canteen: true }, threshold: { min: MIN_CANTEEN_PATROLS_PER_MONTH, unit: 'count' } });
    const one = [patrol(5, '2026-11-03', true)];
    expect(judge('video_patrol.canteen', withCanteen, one, '2026-11-25').status).toBe('due_soon');
    expect(judge('video_patrol.canteen', withCanteen, [...one, patrol(6, '2026-11-10', true)], '2026-11-25').status).toBe('met');
    expect(judge('video_patrol.canteen', noCanteen, [], '2026-12-01').status).toBe('not_applicable');
    expect(judge('video_patrol.monthly', noCanteen, [], '2026-12-01').status).toBe('missed');
    // 000 item 2: off-campus institutions (校外办学机构) are patrolled too, their canteens not judged.
    const centre: UnitFacts = { id: 3, kind: 'school', name: '青少年活动中心', stage: 'off_campus', canteen: false };
    expect(judge('video_patrol.monthly', centre, [], '2026-12-01').status).toBe('missed');
    expect(judge('video_patrol.canteen', centre, [], '2026-12-01').status).toBe('not_applicable');
  });
});
