import { describe, expect, it } from 'vitest';
import { preset002, preset004 } from './campaign-presets.js';
import {
  campaignShapeProblems,
  decideClassification,
  drawSample,
  isWeeklyReturnWeek,
  mulberry32,
  phaseOn,
  sampleSize,
  selfCheckStatus,
  weeklyFigures,
  weeklyReturnDraftText,
  weeklyReturnWeeks,
  xmur3,
  type WeekHazard,
} from './campaigns.js';

const minhang = preset002(2022);

describe('the shape of a campaign', () => {
  it('002: three phases inside March–June with the self-check due 20 March are accepted', () => {
    expect(campaignShapeProblems(minhang)).toEqual([]);
    expect(minhang.phases.map((p) => [p.kind, p.startsOn, p.endsOn])).toEqual([
      ['investigation', '2022-03-01', '2022-03-31'],
      ['rectification', '2022-04-01', '2022-05-31'],
      ['summary', '2022-06-01', '2022-06-30'],
    ]);
    expect(minhang.selfCheckDue).toBe('2022-03-20');
    expect(minhang.areas).toHaveLength(10); // 002: 重点对以下10个方面
  });
  it('004: four phases that overlap are accepted', () => {
    const p = preset004(2024);
    expect(campaignShapeProblems(p)).toEqual([]);
    expect(p.phases.map((x) => x.kind)).toEqual(['mobilise', 'implement', 'tackle', 'consolidate']);
  });
  it('a phase outside the period is refused, naming the phase', () => {
    const bad = { ...minhang, phases: [...minhang.phases.slice(0, 2), { ...minhang.phases[2], endsOn: '2022-07-15' }] };
    const problems = campaignShapeProblems(bad);
    expect(problems).toEqual([{ field: 'phases.2.startsOn', message: expect.stringContaining('第 3 个阶段“总结评估”') }]);
    expect(problems[0].message).toContain('不在整治期间');
  });
  it('a phase ending before it starts, a backwards period, a late self-check deadline, a repeated area', () => {
    expect(campaignShapeProblems({ ...minhang, phases: [{ kind: 'investigation', name: '排查', startsOn: '2022-03-10', endsOn: '2022-03-01' }] })[0]).toMatchObject({ field: 'phases.0.endsOn' });
    expect(campaignShapeProblems({ ...minhang, endsOn: '2022-02-01', phases: [] })[0]).toMatchObject({ field: 'endsOn' });
    expect(campaignShapeProblems({ ...minhang, selfCheckDue: '2022-07-01' })[0]).toMatchObject({ field: 'selfCheckDue' });
    expect(campaignShapeProblems({ ...minhang, areas: [{ area: 'guards' }, { area: 'guards' }] })[0]).toMatchObject({ field: 'areas.1.area' });
    expect(campaignShapeProblems({ ...minhang, startsOn: '2022-02-30' })[0]).toMatchObject({ field: 'startsOn', message: '不是有效日期' });
  });
});

describe('phases by date (002 四、工作安排)', () => {
  it('finds the phase a day falls in, and none outside', () => {
    expect(phaseOn(minhang.phases, '2022-03-01')?.kind).toBe('investigation');
    expect(phaseOn(minhang.phases, '2022-03-31')?.kind).toBe('investigation');
    expect(phaseOn(minhang.phases, '2022-04-01')?.kind).toBe('rectification');
    expect(phaseOn(minhang.phases, '2022-06-10')?.kind).toBe('summary');
    expect(phaseOn(minhang.phases, '2022-02-28')).toBeNull();
    expect(phaseOn(minhang.phases, '2022-07-01')).toBeNull();
  });
  it('where phases overlap (004) the one that started last is current', () => {
    const p = preset004(2024).phases;
    expect(phaseOn(p, '2024-05-20')?.kind).toBe('mobilise');
    expect(phaseOn(p, '2024-06-15')?.kind).toBe('implement');
    expect(phaseOn(p, '2024-10-01')?.kind).toBe('tackle');
    expect(phaseOn(p, '2024-12-15')?.kind).toBe('consolidate');
  });
  it('weekly returns are due in the weeks of the rectification phase only (002 专项整治阶段 周报机制)', () => {
    const weeks = weeklyReturnWeeks(minhang.phases);
    expect(weeks[0]).toBe('2022-03-28'); // the week of 1 April starts on Monday 28 March
    expect(weeks[weeks.length - 1]).toBe('2022-05-30');
    expect(weeks).toHaveLength(10);
    expect(isWeeklyReturnWeek(minhang.phases, '2022-03-21')).toBe(false);
    expect(isWeeklyReturnWeek(minhang.phases, '2022-04-11')).toBe(true);
    expect(isWeeklyReturnWeek(minhang.phases, '2022-06-06')).toBe(false);
  });
});

describe('the self-check deadline (002: 3月20日前各学校填写排查表)', () => {
  it('on the due day is on time, after it late; not yet submitted is pending until the day has passed', () => {
    expect(selfCheckStatus('2022-03-20', '2022-03-20', '2022-04-01')).toBe('on_time');
    expect(selfCheckStatus('2022-03-21', '2022-03-20', '2022-04-01')).toBe('late');
    expect(selfCheckStatus(null, '2022-03-20', '2022-03-20')).toBe('pending');
    expect(selfCheckStatus(null, '2022-03-20', '2022-03-21')).toBe('missing');
    expect(selfCheckStatus(null, null, '2030-01-01')).toBe('pending');
    expect(selfCheckStatus('2030-01-01', null, '2030-01-01')).toBe('on_time');
  });
});

describe('weekly return figures (002 attachment 4)', () => {
  const DEPT = 7;
  const h = (id: number, area: WeekHazard['area'], steps: WeekHazard['steps'], dept: number | null = null): WeekHazard => ({
    id,
    code: `YH-2022-${String(id).padStart(6, '0')}`,
    schoolName: `学校${id}`,
    area,
    responsibleDepartmentId: dept,
    steps,
  });
  const hazards: WeekHazard[] = [
    // Reported before the week, fixed and accepted in it, closed in it.
    h(1, 'guards', [
      { action: 'report', toStatus: 'reported', day: '2022-03-15' },
      { action: 'confirm', toStatus: 'assigned', day: '2022-03-16', deadline: '2022-04-30' },
      { action: 'start', toStatus: 'rectifying', day: '2022-03-17' },
      { action: 'submit', toStatus: 'submitted', day: '2022-04-04' },
      { action: 'accept', toStatus: 'accepted', day: '2022-04-05' },
      { action: 'close', toStatus: 'closed', day: '2022-04-06' },
    ]),
    // New in the week.
    h(2, 'guards', [{ action: 'report', toStatus: 'reported', day: '2022-04-07' }]),
    // Overdue at the end of the week: deadline 8 April, still rectifying on Sunday 10 April.
    h(3, 'defences', [
      { action: 'report', toStatus: 'reported', day: '2022-03-10' },
      { action: 'confirm', toStatus: 'assigned', day: '2022-03-11', deadline: '2022-04-08' },
      { action: 'start', toStatus: 'rectifying', day: '2022-03-12' },
      // Fixed after the week: the week still shows it overdue.
      { action: 'submit', toStatus: 'submitted', day: '2022-04-12' },
    ]),
    // Deadline extended within the week to after it: not overdue.
    h(4, 'defences', [
      { action: 'report', toStatus: 'reported', day: '2022-03-10' },
      { action: 'confirm', toStatus: 'assigned', day: '2022-03-11', deadline: '2022-04-05' },
      { action: 'approve_extension', toStatus: 'assigned', day: '2022-04-04', deadline: '2022-04-20' },
    ]),
    // Not the department's area, but assigned to it.
    h(5, 'food_disease', [{ action: 'report', toStatus: 'reported', day: '2022-04-08' }], DEPT),
    // Neither its area nor assigned to it.
    h(6, 'food_disease', [{ action: 'report', toStatus: 'reported', day: '2022-04-08' }], 99),
    // Registered after the week.
    h(7, 'guards', [{ action: 'report', toStatus: 'reported', day: '2022-04-11' }]),
  ];

  it('counts new, rectified (accepted), closed and overdue at the week end, in its areas or assigned to it', () => {
    const f = weeklyFigures(hazards, DEPT, ['guards', 'defences'], '2022-04-04');
    expect(f).toMatchObject({
      weekStart: '2022-04-04',
      weekEnd: '2022-04-10',
      newCount: 2, // 2 and 5
      rectifiedCount: 1,
      closedCount: 1,
      totalCount: 5, // 1–5
      closedTotal: 1,
      openCount: 4,
      overdueCount: 1,
    });
    expect(f.overdue).toEqual([{ id: 3, code: 'YH-2022-000003', schoolName: '学校3', deadline: '2022-04-08' }]);
    expect(f.byArea.find((a) => a.area === 'guards')).toMatchObject({ newCount: 1, rectifiedCount: 1, closedCount: 1, openCount: 1 });
    expect(f.byArea.find((a) => a.area === 'food_disease')).toMatchObject({ newCount: 1, openCount: 1 });
  });

  it('an earlier week is read as it was then', () => {
    const f = weeklyFigures(hazards, DEPT, ['guards', 'defences'], '2022-03-28');
    expect(f).toMatchObject({ newCount: 0, rectifiedCount: 0, closedCount: 0, totalCount: 3, openCount: 3, overdueCount: 0 });
  });

  it('drafts the progress text from the figures, and lists the overdue ones as problems', () => {
    const text = weeklyReturnDraftText(weeklyFigures(hazards, DEPT, ['guards', 'defences'], '2022-04-04'));
    expect(text.progress).toContain('本周（4月4日—4月10日）');
    expect(text.progress).toContain('新增隐患 2 条，整改验收 1 条，销号 1 条');
    expect(text.progress).toContain('其中逾期 1 条');
    expect(text.problems).toContain('YH-2022-000003（学校3，整改时限 2022-04-08）');
    expect(weeklyReturnDraftText(weeklyFigures([], DEPT, ['guards'], '2022-04-04')).problems).toBeNull();
  });
});

describe('the three classes (002 总结评估)', () => {
  const today = '2022-06-05';
  it('resolved only once the fix is accepted', () => {
    expect(decideClassification('closed', { summaryClass: 'resolved' }, today)).toEqual({ summaryClass: 'resolved', committedOn: null, coordinationDepartmentId: null });
    expect(decideClassification('accepted', { summaryClass: 'resolved', committedOn: '2022-07-01' }, today)).toMatchObject({ committedOn: null });
    expect(decideClassification('rectifying', { summaryClass: 'resolved' }, today)).toMatchObject({ kind: 'state' });
  });
  it('being resolved needs a committed date, not in the past', () => {
    expect(decideClassification('rectifying', { summaryClass: 'resolving' }, today)).toEqual({ kind: 'input', field: 'committedOn', message: expect.stringContaining('完成时限') });
    expect(decideClassification('rectifying', { summaryClass: 'resolving', committedOn: '2022-06-01' }, today)).toMatchObject({ kind: 'input', field: 'committedOn' });
    expect(decideClassification('rectifying', { summaryClass: 'resolving', committedOn: '2022-09-30', coordinationDepartmentId: 3 }, today)).toEqual({
      summaryClass: 'resolving',
      committedOn: '2022-09-30',
      coordinationDepartmentId: null,
    });
    expect(decideClassification('closed', { summaryClass: 'resolving', committedOn: '2022-09-30' }, today)).toMatchObject({ kind: 'state' });
  });
  it('hard needs the department that takes it to the coordination meeting', () => {
    expect(decideClassification('assigned', { summaryClass: 'hard' }, today)).toMatchObject({ kind: 'input', field: 'coordinationDepartmentId' });
    expect(decideClassification('assigned', { summaryClass: 'hard', coordinationDepartmentId: 3 }, today)).toEqual({ summaryClass: 'hard', committedOn: null, coordinationDepartmentId: 3 });
  });
});

describe('the sample (002: 按比例予以抽查), reproducible from its seed', () => {
  const ids = Array.from({ length: 40 }, (_, i) => 100 + i * 3);

  it('the generators are the published algorithms: pinned outputs', () => {
    // If these change, every recorded sample would draw differently: never change them.
    // mulberry32(1985)'s first outputs as 32-bit integers, as another published implementation's tests give them.
    const r = mulberry32(1985);
    expect([r(), r()].map((x) => x * 4294967296)).toEqual([3527837133, 3112574143]);
    const h = xmur3('minhang-2022');
    expect([h(), h()]).toEqual([573841000, 2894374278]);
    // A recorded draw: the same forever.
    expect(drawSample(ids, 0.1, 'minhang-2022')).toEqual([172, 175, 196, 202]);
  });

  it('the same seed and the same hazards give the same sample, whatever order they are read in', () => {
    const a = drawSample(ids, 0.25, 'seed-1');
    const b = drawSample([...ids].reverse(), 0.25, 'seed-1');
    expect(a).toEqual(b);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(new Set(a).size).toBe(a.length);
    expect(a.every((x) => ids.includes(x))).toBe(true);
  });

  it('another seed gives another sample', () => {
    const samples = new Set(['s1', 's2', 's3', 's4', 's5'].map((s) => drawSample(ids, 0.25, s).join(',')));
    expect(samples.size).toBeGreaterThan(1);
  });

  it('draws the proportion, rounded up, at least one', () => {
    expect(drawSample(ids, 0.25, 'x')).toHaveLength(10);
    expect(drawSample(ids, 0.1, 'x')).toHaveLength(4);
    expect(drawSample(ids, 1, 'x')).toEqual(ids);
    expect(sampleSize(30, 0.1)).toBe(3); // not 4: 0.1 × 30 in floating point is 3.0000000000000004
    expect(sampleSize(7, 0.2)).toBe(2);
    expect(sampleSize(3, 0.01)).toBe(1);
    expect(sampleSize(0, 0.5)).toBe(0);
    expect(drawSample([], 0.5, 'x')).toEqual([]);
  });

  it('every hazard has about the same chance (1,000 seeds, 20%)', () => {
    const hits = new Map<number, number>();
    for (let s = 0; s < 1000; s++) for (const id of drawSample(ids, 0.2, `seed-${s}`)) hits.set(id, (hits.get(id) ?? 0) + 1);
    // Expected 200 each; a fair draw stays well within ±60.
    for (const id of ids) expect(Math.abs((hits.get(id) ?? 0) - 200)).toBeLessThan(60);
  });
});
