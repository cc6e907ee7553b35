// The reporting clock and the discipline flags at their boundaries (issue 13; 003 第五部分之三
// "坚决杜绝迟报、漏报、谎报、瞒报", 001 第27条).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INCIDENT_DEADLINES as D,
  applyDeadlineChanges,
  dailyReportDueAt,
  deadlineChangeProblems,
  incidentFlags,
  missingDailyReportDays,
  notifiesLeaders,
  reportClock,
  reportKindProblem,
  instantProblem,
  type IncidentInput,
  type ReportInput,
} from './incidents.js';

const KNOWN = new Date('2026-05-10T09:00:00+08:00');
const min = (m: number) => new Date(KNOWN.getTime() + m * 60_000);
let nextId = 1;
const report = (over: Partial<ReportInput> & Pick<ReportInput, 'reportedAt'>): ReportInput => ({ id: nextId++, kind: 'first', byOwnUnit: true, level: 'general', dead: 0, injured: 1, missingPersons: 0, ...over });
const incident = (over: Partial<IncidentInput> = {}): IncidentInput => ({ level: 'general', dead: 0, injured: 1, missingPersons: 0, knownAt: KNOWN, source: 'self', unitName: '实验小学', reports: [], determinations: [], ...over });
const flagsOf = (i: IncidentInput, now: Date) => incidentFlags(i, D, now).map((f) => f.flag);

describe('the rule pack section (seeds give no number: 002 第6项 "第一时间报告", 003 第五部分之二/之三)', () => {
  it('has every level, cites its sources and says the number is the system default', () => {
    expect(D.levels.map((l) => l.level)).toEqual(['especially_major', 'major', 'larger', 'general']);
    for (const l of D.levels) {
      expect(l.sources.map((s) => s.seed)).toContain('002');
      expect(l.note).toContain('系统默认值');
      expect(l.writtenReportHours * 60).toBeGreaterThanOrEqual(l.firstReportMinutes);
    }
    expect(D.dailyReport.note).toContain('系统默认值');
  });
  it('refuses bad changes naming the field and applies good ones as data', () => {
    expect(deadlineChangeProblems([{ level: 'general', firstReportMinutes: 0 }])[0]).toMatchObject({ field: 'changes.0.firstReportMinutes' });
    expect(deadlineChangeProblems([{ level: 'general' }])[0].field).toBe('changes.0');
    expect(deadlineChangeProblems([{ level: 'general', firstReportMinutes: 120, writtenReportHours: 1 }])[0].field).toBe('changes.0.writtenReportHours');
    expect(deadlineChangeProblems([{ level: 'major', firstReportMinutes: 20 }, { level: 'major', followUpHours: 2 }])[0].field).toBe('changes.1.level');
    const next = applyDeadlineChanges(D, [{ level: 'general', firstReportMinutes: 60 }]);
    expect(next.levels.find((l) => l.level === 'general')!.firstReportMinutes).toBe(60);
    expect(D.levels.find((l) => l.level === 'general')!.firstReportMinutes).toBe(120);
  });
});

describe('the reporting clock', () => {
  it('counts from when the unit knew, by level', () => {
    expect(reportClock(KNOWN, 'general', D)).toEqual({ firstDueAt: min(120), writtenDueAt: min(24 * 60) });
    expect(reportClock(KNOWN, 'larger', D).firstDueAt).toEqual(min(60));
    expect(reportClock(KNOWN, 'major', D).firstDueAt).toEqual(min(30));
  });
  it('较大 and above notify the leaders; 一般 does not', () => {
    expect(notifiesLeaders('larger')).toBe(true);
    expect(notifiesLeaders('especially_major')).toBe(true);
    expect(notifiesLeaders('general')).toBe(false);
  });
});

describe('late (迟报)', () => {
  const written = (m: number) => report({ kind: 'written', reportedAt: min(m) });
  it('a first report exactly at the deadline is on time; one minute after is late, with the evidence', () => {
    expect(flagsOf(incident({ reports: [report({ reportedAt: min(120) }), written(60 * 3)] }), min(60 * 30))).toEqual([]);
    const f = incidentFlags(incident({ reports: [report({ reportedAt: min(121) }), written(60 * 3)] }), D, min(60 * 30));
    expect(f.map((x) => x.flag)).toEqual(['late']);
    expect(f[0].evidence).toBe('实验小学迟报：一般事件首报于 2026-05-10 11:01，超过时限（2026-05-10 11:00）1 分钟。');
    expect(f[0].at).toEqual(min(121));
  });
  it('the written report not sent by its deadline is late only once the deadline passed', () => {
    const i = incident({ reports: [report({ reportedAt: min(10) })] });
    expect(flagsOf(i, min(24 * 60))).toEqual([]);
    const late = incidentFlags(i, D, min(24 * 60 + 1));
    expect(late.map((x) => x.flag)).toEqual(['late']);
    expect(late[0].evidence).toContain('至书面报告时限（2026-05-11 09:00）未报书面报告');
  });
  it('a level raised by a later report puts the incident on the higher level\'s clock', () => {
    // A first report at 70 minutes is on time for 一般 (120) but late for 较大 (60).
    const first = report({ reportedAt: min(70) });
    expect(flagsOf(incident({ reports: [first] }), min(80))).toEqual([]);
    const i = incident({ reports: [first, report({ kind: 'written', reportedAt: min(90), level: 'larger' })] });
    const f = incidentFlags(i, D, min(100));
    expect(f.map((x) => x.flag)).toEqual(['late']);
    expect(f[0].evidence).toBe('实验小学迟报：较大事件首报于 2026-05-10 10:10，超过时限（2026-05-10 10:00）10 分钟。');
  });
});

describe('missing (漏报)', () => {
  it('a school reporting nothing while the town entered it is missing once the first-report deadline passed', () => {
    const i = incident({ source: 'higher', reports: [] });
    expect(flagsOf(i, min(120))).toEqual([]);
    const f = incidentFlags(i, D, min(121));
    expect(f.map((x) => x.flag)).toEqual(['missing']);
    expect(f[0].evidence).toContain('实验小学至首报时限（2026-05-10 11:00');
    expect(f[0].at).toEqual(min(120));
  });
  it('the school reporting before the deadline is not missing; after it, missing (never late too)', () => {
    expect(flagsOf(incident({ source: 'higher', reports: [report({ reportedAt: min(119) })] }), min(60 * 48))).toEqual([]);
    expect(flagsOf(incident({ source: 'higher', reports: [report({ reportedAt: min(121) })] }), min(60 * 48))).toEqual(['missing']);
  });
  it('a higher unit\'s own note is not the school\'s report', () => {
    expect(flagsOf(incident({ source: 'higher', reports: [report({ reportedAt: min(5), byOwnUnit: false })] }), min(121))).toEqual(['missing']);
  });
});

describe('false (谎报) and the bureau\'s determination', () => {
  const onTime = [report({ reportedAt: min(10), injured: 3 }), report({ kind: 'written', reportedAt: min(60), injured: 3 })];
  it('a later report lowering the injured is false; raising them (a development) is not', () => {
    expect(flagsOf(incident({ reports: [...onTime, report({ kind: 'follow_up', reportedAt: min(90), injured: 5 })] }), min(100))).toEqual([]);
    const f = incidentFlags(incident({ reports: [...onTime, report({ kind: 'follow_up', reportedAt: min(90), injured: 1 })] }), D, min(100));
    expect(f.map((x) => x.flag)).toEqual(['false']);
    expect(f[0].evidence).toContain('受伤人数由 3 减为 1');
  });
  it('a determination stating other facts than the last report is false; findings give concealed and responsibility accident', () => {
    const det = { id: 1, findings: ['concealed' as const, 'responsibility_accident' as const], reasons: '学校未报告一名学生送医', facts: { level: 'general' as const, dead: 0, injured: 4, missingPersons: 0 }, signedByName: '王局长', signedAt: min(600) };
    const f = incidentFlags(incident({ reports: onTime, determinations: [det] }), D, min(700));
    expect(f.map((x) => x.flag)).toEqual(['false', 'concealed', 'responsibility_accident']);
    expect(f[0].evidence).toContain('受伤人数由 3 改为 4');
    expect(f[1].evidence).toBe('局认定实验小学瞒报（王局长，2026-05-10 19:00）：学校未报告一名学生送医。');
    // The same facts as reported: nothing false.
    const same = { ...det, findings: [], facts: { level: 'general' as const, dead: 0, injured: 3, missingPersons: 0 } };
    expect(flagsOf(incident({ reports: onTime, determinations: [same] }), min(700))).toEqual([]);
  });
});

describe('reports in order and instants', () => {
  it('first, then written, then follow-ups, final closes', () => {
    expect(reportKindProblem('written', [], 'open')).toBe('请先报送首报');
    expect(reportKindProblem('first', ['first'], 'open')).toContain('首报已报送');
    expect(reportKindProblem('final', ['first'], 'open')).toBe('请先报送书面报告');
    expect(reportKindProblem('final', ['first', 'written'], 'open')).toBeNull();
    expect(reportKindProblem('follow_up', ['first', 'written'], 'closed')).toContain('已终报');
  });
  it('refuses a time in the future (a minute of grace) and before when it happened', () => {
    const now = KNOWN;
    expect(instantProblem(new Date(now.getTime() + 60_000), now)).toBeNull();
    expect(instantProblem(new Date(now.getTime() + 61_000), now)).toBe('不能晚于当前时间');
    expect(instantProblem(min(-10), now, { at: min(-5), what: '发生时间' })).toBe('不能早于发生时间');
  });
});

describe('daily reports in key periods (零报告, 003)', () => {
  it('a day\'s report is missing from 08:00 the next morning', () => {
    expect(dailyReportDueAt('2026-10-01', D.dailyReport)).toEqual(new Date('2026-10-02T08:00:00+08:00'));
    const days = ['2026-10-01', '2026-10-02'];
    expect(missingDailyReportDays(days, new Set(), D.dailyReport, new Date('2026-10-02T07:59:59+08:00'))).toEqual([]);
    expect(missingDailyReportDays(days, new Set(), D.dailyReport, new Date('2026-10-02T08:00:00+08:00'))).toEqual(['2026-10-01']);
    expect(missingDailyReportDays(days, new Set(['2026-10-01']), D.dailyReport, new Date('2026-10-03T09:00:00+08:00'))).toEqual(['2026-10-02']);
  });
});
