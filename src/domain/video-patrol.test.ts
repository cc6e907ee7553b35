import { describe, expect, it } from 'vitest';
import { isCanteenItem, judgeCoverage, MIN_CANTEEN_PATROLS_PER_MONTH, MIN_VIDEO_PATROLS_PER_MONTH, monthRange } from './video-patrol.js';

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
