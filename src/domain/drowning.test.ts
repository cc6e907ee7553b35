// The pure rules of drowning prevention (001 item 12; issue 22), each at its boundary.
import { describe, expect, it } from 'vitest';
import { classGap, coverageOf, gridClassProblem, gridMet, mapPointProblems, measureGridCovered, measurePatrolCadence, patrolDueOn, patrolStanding, seasonAround, seasonOf } from './drowning.js';
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

describe('the pack rules on the compliance board (001 item 12)', () => {
  const cls = (id: number, covered: number, teacherId: number | null = 1) => ({ id, unitId: 9, seasonYear: 2026, className: `${id}班`, pupils: 40, teacherId, covered });
  it('drowning.grid_covered: 100 % of classes in season, boundary at one pupil; not judged outside the season', () => {
    expect(measureGridCovered([cls(1, 40), cls(2, 40)], W, '2026-06-01')).toMatchObject({ applicable: true, ok: true, value: 2, target: 2 });
    const short = measureGridCovered([cls(1, 40), cls(2, 39)], W, '2026-06-01');
    expect(short).toMatchObject({ ok: false, lapsed: false, dueOn: '2026-06-01', value: 1, target: 2 });
    expect(short.phrase).toContain('2班（包靠人数少于学生数）');
    expect(measureGridCovered([cls(1, 0, null)], W, '2026-07-01').phrase).toContain('未落实包靠教师');
    // Last season's grid does not cover this one; before the season nothing is judged.
    expect(measureGridCovered([{ ...cls(1, 40), seasonYear: 2025 }], W, '2026-06-02')).toMatchObject({ ok: false, value: 0, dueOn: '2026-06-01' });
    expect(measureGridCovered([], W, '2026-05-31').applicable).toBe(false);
  });
  it('drowning.patrol_cadence: every water near the school within the pack cadence, boundary at the due day', () => {
    const waters = [{ id: 1, name: '东村大水塘', unitId: 9 }, { id: 2, name: '西河', unitId: 9 }];
    const patrols = [{ id: 10, waterIds: [1, 2], patrolledOn: '2026-06-10' }, { id: 11, waterIds: [1], patrolledOn: '2026-06-20' }];
    const onDue = measurePatrolCadence(waters, patrols, W, '2026-06-24', 14);
    expect(onDue).toMatchObject({ applicable: true, ok: false, lapsed: false, dueOn: '2026-06-24', value: 2, target: 2 });
    expect(onDue.phrase).toContain('西河');
    const late = measurePatrolCadence(waters, patrols, W, '2026-06-25', 14);
    expect(late).toMatchObject({ lapsed: true, dueOn: '2026-06-24', value: 1, target: 2 });
    // The pack's number decides: at 21 days the same patrols are on time.
    expect(measurePatrolCadence(waters, patrols, W, '2026-06-25', 21).lapsed).toBe(false);
    expect(measurePatrolCadence([], patrols, W, '2026-06-25', 14).applicable).toBe(false);
    expect(measurePatrolCadence(waters, [], W, '2026-10-01', 14).applicable).toBe(false);
  });
});
