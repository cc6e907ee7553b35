// Buildings and construction sites (issue 21) at their boundaries, citing their seed: 001 第18条
// (严格校舍及施工安全监管: appraisal, no C/D building in use, 不得迁入和招生, the kindergarten's old or idle
// premises risk-assessed, construction isolated from pupils) and 000 第10条 (在建工地安全巡查), the
// rules through the engine like every rule.
import { describe, expect, it } from 'vitest';
import {
  appraisalDueOn,
  buildingProblem,
  hazardCloseReason,
  inUseRefusal,
  isStrictBuilding,
  isUnsafeInUse,
  siteProblem,
  siteWeeks,
  type BuildingRecord,
  type SiteCheckRecord,
  type SiteRecord,
  type UseFacts,
} from './buildings.js';
import { evaluate } from './rules/engine.js';
import { DEFAULT_RULES } from './rules/pack.js';
import type { UnitFacts } from './rules/records.js';

const TODAY = '2026-05-10';
const facts = { yearBuilt: 2001, floors: 4, appraisalGrade: null, appraisedOn: null, appraisedBy: null, nextAppraisalDueOn: null };

describe('a building’s facts and appraisal (001 第18条), each problem naming its field', () => {
  it('refuses a year built after this year, floors ≤ 0; this year and one floor pass', () => {
    expect(buildingProblem({ ...facts, yearBuilt: 2027 }, TODAY)).toEqual({ field: 'yearBuilt', message: '不能晚于今年（2026）' });
    expect(buildingProblem({ ...facts, yearBuilt: 2026, floors: 1 }, TODAY)).toBeNull();
    expect(buildingProblem({ ...facts, floors: 0 }, TODAY)?.field).toBe('floors');
  });
  it('an appraisal carries grade, day and body; not in the future; the next due after it', () => {
    const a = { ...facts, appraisalGrade: 'B' as const, appraisedOn: TODAY, appraisedBy: '市房屋安全鉴定所', nextAppraisalDueOn: '2031-05-10' };
    expect(buildingProblem(a, TODAY)).toBeNull();
    expect(buildingProblem({ ...a, appraisedOn: '2026-05-11' }, TODAY)).toEqual({ field: 'appraisedOn', message: '不能晚于今天' });
    expect(buildingProblem({ ...a, nextAppraisalDueOn: TODAY }, TODAY)).toEqual({ field: 'nextAppraisalDueOn', message: '须晚于鉴定日期' });
    expect(buildingProblem({ ...a, appraisalGrade: null }, TODAY)?.field).toBe('appraisalGrade');
    expect(buildingProblem({ ...a, appraisedBy: null }, TODAY)?.field).toBe('appraisedBy');
    expect(buildingProblem({ ...a, appraisedOn: '2000-12-31' }, TODAY)?.field).toBe('appraisedOn');
  });
  it('the next due day by the pack’s cadence: 60 months, 36 for dormitories and kindergarten buildings; 29 February falls back', () => {
    expect(appraisalDueOn('2026-05-10', false)).toBe('2031-05-10');
    expect(appraisalDueOn('2026-05-10', true)).toBe('2029-05-10');
    expect(appraisalDueOn('2024-02-29', true)).toBe('2027-02-28');
    expect(appraisalDueOn('2026-05-10', false, { months: 12, strictMonths: 6 })).toBe('2027-05-10');
    expect(isStrictBuilding({ use: 'dormitory', kindergartenSchool: false })).toBe(true);
    expect(isStrictBuilding({ use: 'teaching', kindergartenSchool: true })).toBe(true);
    expect(isStrictBuilding({ use: 'teaching', kindergartenSchool: false })).toBe(false);
  });
});

describe('what keeps a building out of use (001 第18条: 不得迁入和招生; 老旧闲置校舍风险评估)', () => {
  const base: UseFacts = { use: 'teaching', kindergartenSchool: false, oldOrIdle: false, riskAssessedOn: null, newOrRefit: false, airTestPassedOn: null, acceptancePassedOn: null };
  it('a kindergarten’s old or idle premises need a risk assessment; a primary school’s teaching block does not', () => {
    expect(inUseRefusal({ ...base, kindergartenSchool: true, oldOrIdle: true })?.message).toContain('须先进行风险评估');
    expect(inUseRefusal({ ...base, use: 'kindergarten', oldOrIdle: true })?.field).toBe('inUse');
    expect(inUseRefusal({ ...base, kindergartenSchool: true, oldOrIdle: true, riskAssessedOn: '2026-04-01' })).toBeNull();
    expect(inUseRefusal({ ...base, oldOrIdle: true })).toBeNull();
  });
  it('a new or refitted building needs both the indoor-air test and the acceptance passed', () => {
    expect(inUseRefusal({ ...base, newOrRefit: true })?.message).toContain('室内空气检测合格前不得迁入和招生');
    expect(inUseRefusal({ ...base, newOrRefit: true, airTestPassedOn: '2026-04-01' })?.message).toContain('竣工验收合格前不得迁入和招生');
    expect(inUseRefusal({ ...base, newOrRefit: true, airTestPassedOn: '2026-04-01', acceptancePassedOn: '2026-04-20' })).toBeNull();
  });
  it('C or D in use is a major hazard by itself; the system closes it when out of use or appraised A/B again, saying why', () => {
    expect(isUnsafeInUse({ inUse: true, appraisalGrade: 'C' })).toBe(true);
    expect(isUnsafeInUse({ inUse: true, appraisalGrade: 'B' })).toBe(false);
    expect(isUnsafeInUse({ inUse: false, appraisalGrade: 'D' })).toBe(false);
    const b = { name: '3号宿舍楼', inUse: true, appraisalGrade: 'D' as const, appraisedOn: '2026-04-01', appraisedBy: '鉴定所' };
    expect(hazardCloseReason(b)).toBeNull();
    expect(hazardCloseReason({ ...b, inUse: false })).toBe('校舍“3号宿舍楼”已停止使用，系统销号（001 第18条）');
    expect(hazardCloseReason({ ...b, appraisalGrade: 'B' })).toContain('重新鉴定为B级（基本安全）（2026-04-01，鉴定所）');
    expect(hazardCloseReason(b, true)).toContain('作废');
  });
  it('a site ending before it starts is refused naming endsOn; one day is a site', () => {
    expect(siteProblem({ startsOn: '2026-05-10', endsOn: '2026-05-09' })).toEqual({ field: 'endsOn', message: '不能早于开工日期' });
    expect(siteProblem({ startsOn: '2026-05-10', endsOn: '2026-05-10' })).toBeNull();
  });
});

describe('the rules through the engine (001 第18条, 000 第10条)', () => {
  const school: UnitFacts = { id: 1, kind: 'school', name: '示范区实验小学', stage: 'primary', studentCount: 800 };
  const rule = (code: string) => DEFAULT_RULES.find((r) => r.code === code)!;
  const judge = (code: string, ledgersB: Record<string, unknown>, asOf = TODAY) => evaluate({ rules: [rule(code)], units: [school], records: { ledgersB }, asOf })[0];
  const building = (over: Partial<BuildingRecord> = {}): BuildingRecord => ({
    id: 1,
    unitId: 1,
    name: '1号教学楼',
    use: 'teaching',
    inUse: true,
    kindergartenSchool: false,
    oldOrIdle: false,
    riskAssessedOn: null,
    appraisalGrade: 'B',
    appraisedOn: '2024-05-10',
    nextAppraisalDueOn: '2029-05-10',
    ...over,
  });

  it('each cites 001 第18条; the weekly check also 000 第10条', () => {
    for (const code of ['building.appraisal', 'building.no_unsafe_in_use', 'building.kindergarten_premises', 'construction.weekly_check']) expect(rule(code).sources[0]).toMatchObject({ seed: '001', item: '第18条' });
    expect(rule('construction.weekly_check').sources[1]).toMatchObject({ seed: '000', item: '第10条' });
  });
  it('building.appraisal: 31 days ahead met, 30 due soon, past due or never appraised missed, nothing in use not applicable', () => {
    expect(judge('building.appraisal', { buildings: [building({ nextAppraisalDueOn: '2026-06-10' })] }).status).toBe('met');
    const soon = judge('building.appraisal', { buildings: [building({ nextAppraisalDueOn: '2026-06-09' })] });
    expect(soon).toMatchObject({ status: 'due_soon', dueOn: '2026-06-09' });
    expect(soon.explanation).toContain('001 第18条');
    expect(judge('building.appraisal', { buildings: [building({ nextAppraisalDueOn: '2026-05-09' })] }).status).toBe('missed');
    expect(judge('building.appraisal', { buildings: [building({ appraisalGrade: null, appraisedOn: null, nextAppraisalDueOn: null })] }).explanation).toContain('未登记房屋安全鉴定');
    expect(judge('building.appraisal', { buildings: [building({ inUse: false, nextAppraisalDueOn: '2020-01-01' })] }).status).toBe('not_applicable');
  });
  it('building.no_unsafe_in_use: a C in use is missed, a D out of use is not', () => {
    const f = judge('building.no_unsafe_in_use', { buildings: [building(), building({ id: 2, name: '3号宿舍楼', appraisalGrade: 'C' })] });
    expect(f).toMatchObject({ status: 'missed', recordIds: [2] });
    expect(f.explanation).toContain('3号宿舍楼（C级）');
    expect(judge('building.no_unsafe_in_use', { buildings: [building(), building({ id: 2, appraisalGrade: 'D', inUse: false })] }).status).toBe('met');
  });
  it('building.kindergarten_premises: old premises of a kindergarten in use without assessment missed; assessed met; none not applicable', () => {
    const old = building({ kindergartenSchool: true, oldOrIdle: true });
    expect(judge('building.kindergarten_premises', { buildings: [old] }).status).toBe('missed');
    expect(judge('building.kindergarten_premises', { buildings: [{ ...old, riskAssessedOn: '2026-03-01' }] }).status).toBe('met');
    expect(judge('building.kindergarten_premises', { buildings: [building()] }).status).toBe('not_applicable');
  });

  describe('construction.weekly_check: a check each week (Monday to Sunday) from start to end', () => {
    // 2026-05-10 is a Sunday; the site started on Wednesday 2026-04-22.
    const site: SiteRecord = { id: 7, unitId: 1, project: '风雨操场改造', startsOn: '2026-04-22', endsOn: '2026-07-31' };
    const check = (checkedOn: string, id = 1): SiteCheckRecord => ({ id, unitId: 1, siteId: 7, checkedOn });
    it('the weeks are cut at the site’s start and end and at the day judged', () => {
      expect(siteWeeks(site, '2026-05-10')).toEqual([
        { monday: '2026-04-20', from: '2026-04-22', to: '2026-04-26', complete: true },
        { monday: '2026-04-27', from: '2026-04-27', to: '2026-05-03', complete: true },
        { monday: '2026-05-04', from: '2026-05-04', to: '2026-05-10', complete: false },
      ]);
      expect(siteWeeks(site, '2026-04-21')).toEqual([]);
    });
    it('every past week checked and this week not yet: due soon on Sunday, shown on the calendar day', () => {
      const f = judge('construction.weekly_check', { constructionSites: [site], constructionChecks: [check('2026-04-22'), check('2026-05-03', 2)] });
      expect(f).toMatchObject({ status: 'due_soon', dueOn: '2026-05-10' });
    });
    it('every week checked is met; a week missed cannot be made good (missed, naming the week)', () => {
      expect(judge('construction.weekly_check', { constructionSites: [site], constructionChecks: [check('2026-04-26'), check('2026-04-27', 2), check('2026-05-10', 3)] }).status).toBe('met');
      const f = judge('construction.weekly_check', { constructionSites: [site], constructionChecks: [check('2026-04-22'), check('2026-05-10', 3)] });
      expect(f).toMatchObject({ status: 'missed', dueOn: '2026-05-03' });
      expect(f.explanation).toContain('风雨操场改造 2026-04-27 至 2026-05-03 当周');
    });
    it('a site not started, or ended more than 30 days ago, is not judged', () => {
      expect(judge('construction.weekly_check', { constructionSites: [{ ...site, startsOn: '2026-05-11' }], constructionChecks: [] }).status).toBe('not_applicable');
      expect(judge('construction.weekly_check', { constructionSites: [{ ...site, startsOn: '2026-01-05', endsOn: '2026-04-09' }], constructionChecks: [] }).status).toBe('not_applicable');
      expect(judge('construction.weekly_check', { constructionSites: [{ ...site, startsOn: '2026-01-05', endsOn: '2026-04-10' }], constructionChecks: [] }).status).toBe('missed');
    });
  });
});
