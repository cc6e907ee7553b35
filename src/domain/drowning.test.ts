// The pure rules of drowning prevention (001 item 12; issue 22), each at its boundary.
import { describe, expect, it } from 'vitest';
import { classGap, coverageOf, gridClassProblem, gridMet, mapPointProblems, patrolDueOn, patrolStanding, seasonAround, seasonOf } from './drowning.js';
import { DEFAULT_RISK_REVIEW } from './rules/risk-review.js';

const W = DEFAULT_RISK_REVIEW.seasons.flood_drowning; // 06-01 … 09-30, the risk calendar's window

describe('the season comes from the risk calendar (001 item 12)', () => {
  it('is the flood_drowning window of the year, inclusive at both ends', () => {
    expect(seasonOf(2026, W)).toEqual({ startsOn: '2026-06-01', endsOn: '2026-09-30' });
    expect(seasonAround('2026-05-31', W)).toBeNull();
    expect(seasonAround('2026-06-01', W)?.startsOn).toBe('2026-06-01');
    expect(seasonAround('2026-09-30', W)?.endsOn).toBe('2026-09-30');
    expect(seasonAround('2026-10-01', W)).toBeNull();
  });
  it('a window past the new year belongs to the year it started in', () => {
    const winter = { from: '11-01', to: '03-31' };
    expect(seasonAround('2027-02-01', winter)).toEqual({ startsOn: '2026-11-01', endsOn: '2027-03-31' });
  });
});

describe('map point', () => {
  it('refuses a latitude or longitude out of range, at the boundary', () => {
    expect(mapPointProblems({ lat: 90, lng: 180 })).toEqual([]);
    expect(mapPointProblems({ lat: -90, lng: -180 })).toEqual([]);
    expect(mapPointProblems({ lat: 90.0001, lng: 0 }).map((p) => p.field)).toEqual(['lat']);
    expect(mapPointProblems({ lat: 0, lng: -180.5 }).map((p) => p.field)).toEqual(['lng']);
  });
});

describe('the grid, by class with counts (001 item 12: 网格化包靠)', () => {
  it('a class is covered only with a teacher and every pupil covered', () => {
    expect(classGap({ pupils: 40, teacherId: 7, covered: 40 })).toBeNull();
    expect(classGap({ pupils: 40, teacherId: 7, covered: 39 })).toBe('short');
    expect(classGap({ pupils: 40, teacherId: null, covered: 0 })).toBe('no_teacher');
  });
  it('refuses covered above pupils, and covered pupils without a teacher', () => {
    expect(gridClassProblem({ pupils: 40, teacherId: 7, covered: 40 })).toBeNull();
    expect(gridClassProblem({ pupils: 40, teacherId: 7, covered: 41 })?.field).toBe('covered');
    expect(gridClassProblem({ pupils: 40, teacherId: null, covered: 1 })?.field).toBe('covered');
  });
  it('the rule drowning.grid_covered: 100 % of classes, boundary at one pupil short', () => {
    expect(gridMet([{ pupils: 40, teacherId: 1, covered: 40 }, { pupils: 38, teacherId: 2, covered: 38 }])).toBe(true);
    expect(gridMet([{ pupils: 40, teacherId: 1, covered: 40 }, { pupils: 38, teacherId: 2, covered: 37 }])).toBe(false);
    expect(gridMet([{ pupils: 40, teacherId: 1, covered: 40 }, { pupils: 38, teacherId: null, covered: 0 }])).toBe(false);
    // No grid at all in season is not coverage.
    expect(gridMet([])).toBe(false);
  });
  it('coverage counts pupils and fully covered classes, floors the percent', () => {
    const c = coverageOf([
      { pupils: 40, teacherId: 1, covered: 40 },
      { pupils: 35, teacherId: 2, covered: 34 },
      { pupils: 25, teacherId: null, covered: 0 },
    ]);
    expect(c).toEqual({ classes: 3, classesCovered: 1, pupils: 100, covered: 74, percent: 74 });
    expect(coverageOf([{ pupils: 3, teacherId: 1, covered: 2 }]).percent).toBe(66.6);
    expect(coverageOf([]).percent).toBeNull();
  });
});

describe('the patrol cadence of the pack (001 item 12; drowning.patrol_cadence, 14 days)', () => {
  const season = seasonOf(2026, W);
  it('the clock starts at the season; a patrol before it does not count', () => {
    expect(patrolDueOn(null, season, 14)).toBe('2026-06-15');
    expect(patrolDueOn('2026-05-20', season, 14)).toBe('2026-06-15');
    expect(patrolDueOn('2026-06-10', season, 14)).toBe('2026-06-24');
  });
  it('is overdue the day after the due day, not on it', () => {
    expect(patrolStanding(['2026-06-10'], '2026-06-24', W, 14)).toEqual({ inSeason: true, dueOn: '2026-06-24', overdue: false });
    expect(patrolStanding(['2026-06-10'], '2026-06-25', W, 14).overdue).toBe(true);
  });
  it('nothing is due outside the season', () => {
    expect(patrolStanding([], '2026-10-20', W, 14)).toEqual({ inSeason: false, dueOn: null, overdue: false });
  });
  it('a patrol entered for a later day does not count before it', () => {
    expect(patrolStanding(['2026-07-30'], '2026-07-01', W, 14).dueOn).toBe('2026-06-15');
  });
});
