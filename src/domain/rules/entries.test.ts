// The rules of the food, gate, health-check and education ledgers (issue 15) at their boundaries,
// through the engine as /compliance runs them; each test names the seed item its rule comes from.
import { describe, expect, it } from 'vitest';
import { evaluate, type Finding } from './engine.js';
import { isSchoolDay } from './entries.js';
import { DEFAULT_RULES } from './pack.js';
import type { SchoolCalendar } from './periods.js';
import type { EntryDays, EntryRecord, UnitFacts } from './records.js';

const calendar: SchoolCalendar = {
  schoolYear: '2024-2025',
  semesters: [
    { startsOn: '2024-09-02', endsOn: '2025-01-17' },
    { startsOn: '2025-02-17', endsOn: '2025-06-30' },
  ],
  holidays: [
    { name: '国庆节', startsOn: '2024-10-01', endsOn: '2024-10-07' },
    { name: '寒假', startsOn: '2025-01-18', endsOn: '2025-02-16' },
  ],
};

const canteen: UnitFacts = { id: 1, kind: 'school', name: '示范小学', stage: 'primary', canteen: true, boarding: false };
const noCanteen: UnitFacts = { id: 2, kind: 'school', name: '走读小学', stage: 'primary', canteen: false, boarding: false };
const boarding: UnitFacts = { id: 3, kind: 'school', name: '寄宿中学', stage: 'junior', canteen: true, boarding: true };

let nextId = 1;
const entry = (ledger: EntryRecord['ledger'], tag: string, date: string, more: Partial<EntryRecord> = {}, unitId = canteen.id): EntryRecord => ({ id: nextId++, unitId, ledger, tag, date, ...more });
/** An entry on every school day from..to (the calendar above). */
const everySchoolDay = (ledger: EntryRecord['ledger'], tag: string, from: string, to: string, unitId = canteen.id) => {
  const out: EntryRecord[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    if (isSchoolDay(day, [calendar])) out.push(entry(ledger, tag, day, {}, unitId));
  }
  return out;
};

function one(code: string, unit: UnitFacts, entries: EntryRecord[], asOf: string): Finding {
  const rule = DEFAULT_RULES.find((r) => r.code === code);
  if (!rule) throw new Error(code);
  const found = evaluate({ rules: [rule], units: [unit], records: { entries }, calendars: [calendar], asOf });
  expect(found).toHaveLength(1);
  return found[0];
}

describe('school days', () => {
  it('are weekdays within a semester and outside the holidays; without a calendar every weekday', () => {
    expect(isSchoolDay('2025-03-03', [calendar])).toBe(true); // Monday
    expect(isSchoolDay('2025-03-08', [calendar])).toBe(false); // Saturday
    expect(isSchoolDay('2024-10-02', [calendar])).toBe(false); // 国庆节
    expect(isSchoolDay('2025-02-14', [calendar])).toBe(false); // 寒假
    expect(isSchoolDay('2025-07-15', [calendar])).toBe(false); // after the second semester
    expect(isSchoolDay('2026-07-15', [calendar])).toBe(true); // 2025-2026 has no calendar here
  });
});

describe('entries given as days (the daily ledgers, grouped by their readers)', () => {
  /** The same entries as one list of days per school and tag. */
  const asDays = (list: EntryRecord[]): EntryDays[] => {
    const g = new Map<string, EntryDays>();
    for (const e of [...list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : Number(a.id) - Number(b.id)))) {
      const k = `${e.ledger}|${e.tag}|${e.unitId}`;
      if (!g.has(k)) g.set(k, { ledger: e.ledger, tag: e.tag, unitId: e.unitId, dates: [], ids: [] });
      g.get(k)!.dates.push(e.date);
      g.get(k)!.ids.push(e.id);
    }
    return [...g.values()];
  };
  const both = (code: string, list: EntryRecord[], asOf: string) => {
    const rule = DEFAULT_RULES.find((r) => r.code === code)!;
    const input = { rules: [rule], units: [canteen], calendars: [calendar], asOf };
    return [evaluate({ ...input, records: { entries: list } })[0], evaluate({ ...input, records: { entryDays: asDays(list) } })[0]];
  };
  it('000 第7条, 002 第7项, 001 第16条: a day, a week, a month and none allowed judge the same as from the entries', () => {
    const daily = everySchoolDay('food_safety', 'daily_check', '2025-03-01', '2025-03-20').filter((e) => e.date !== '2025-03-12');
    const visitors = [entry('gate', 'visitor_unescorted', '2025-03-04'), entry('gate', 'visitor_unescorted', '2025-03-04'), entry('gate', 'visitor_unescorted', '2025-03-18')];
    const cases: Array<[string, EntryRecord[], string]> = [
      ['food.daily_control', daily, '2025-03-20'],
      ['food.daily_control', daily, '2025-03-11'],
      ['food.weekly_check', [entry('food_safety', 'weekly_check', '2025-03-05'), entry('food_safety', 'weekly_check', '2025-03-16')], '2025-03-28'],
      ['food.monthly_dispatch', [entry('food_safety', 'monthly_dispatch', '2025-03-03')], '2025-03-28'],
      ['gate.visitors_escorted', visitors, '2025-03-20'],
      ['health.daily_checks', everySchoolDay('health_checks', 'checked', '2025-03-03', '2025-03-19'), '2025-03-20'],
    ];
    for (const [code, list, asOf] of cases) {
      const [records, days] = both(code, list, asOf);
      expect(days).toEqual(records);
    }
    expect(both('gate.visitors_escorted', visitors, '2025-03-20')[1]).toMatchObject({ status: 'missed', value: 3 });
  });
  it('a school and tag given both ways, or days out of order, is the reader\'s mistake: refused', () => {
    const list = [entry('food_safety', 'daily_check', '2025-03-03'), entry('food_safety', 'daily_check', '2025-03-04')];
    expect(() => evaluate({ rules: DEFAULT_RULES.filter((r) => r.code === 'food.daily_control'), units: [canteen], records: { entries: list, entryDays: asDays(list) }, asOf: '2025-03-05' })).toThrow('given twice');
    const [d] = asDays(list);
    expect(() => evaluate({ rules: DEFAULT_RULES.filter((r) => r.code === 'food.daily_control'), units: [canteen], records: { entryDays: [{ ...d, dates: [...d.dates].reverse() }] }, asOf: '2025-03-05' })).toThrow('not sorted');
  });
  it('001 第17条 证照: a measure reading more than the day refuses days', () => {
    const [d] = asDays([entry('food_safety', 'certificate', '2025-03-03')]);
    expect(() => evaluate({ rules: DEFAULT_RULES.filter((r) => r.code === 'food.certificates_valid'), units: [canteen], records: { entryDays: [d] }, asOf: '2025-03-05' })).toThrow('needs the entries as records');
  });
});

describe('food safety (000 第7条, 001 第17条, 002 第3项)', () => {
  it('000 第7条 日管控: every school day up to today recorded is met; weekends are not asked', () => {
    const f = one('food.daily_control', canteen, everySchoolDay('food_safety', 'daily_check', '2025-03-01', '2025-03-10'), '2025-03-10');
    expect(f).toMatchObject({ status: 'met', value: 6, target: 6 });
    expect(f.explanation).toBe('本月食品安全日管控记录：6/6 个上学日已登记（000 第7条）');
  });
  it('000 第7条 日管控: a past school day without a record is missed, naming the day', () => {
    const entries = everySchoolDay('food_safety', 'daily_check', '2025-03-01', '2025-03-10').filter((e) => e.date !== '2025-03-05');
    const f = one('food.daily_control', canteen, entries, '2025-03-10');
    expect(f).toMatchObject({ status: 'missed', value: 5, target: 6 });
    expect(f.explanation).toContain('缺 2025-03-05');
  });
  it('000 第7条 日管控: only today not yet recorded is due today', () => {
    const entries = everySchoolDay('food_safety', 'daily_check', '2025-03-01', '2025-03-07');
    const f = one('food.daily_control', canteen, entries, '2025-03-10');
    expect(f).toMatchObject({ status: 'due_soon', dueOn: '2025-03-10' });
    expect(f.explanation).toContain('今天（2025-03-10）尚未登记');
  });
  it('001 第17条: a school without a canteen is not judged for food', () => {
    expect(one('food.daily_control', noCanteen, [], '2025-03-10').status).toBe('not_applicable');
    expect(one('food.certificates_valid', noCanteen, [], '2025-03-10').status).toBe('not_applicable');
  });
  it('000 第7条 周排查: a finished week without a check is missed; the open week falls due on its Sunday', () => {
    const feb = [entry('food_safety', 'weekly_check', '2025-02-18'), entry('food_safety', 'weekly_check', '2025-02-26')];
    const week1 = entry('food_safety', 'weekly_check', '2025-03-05');
    // The week of 3 March checked, the week of 10 March still open: nothing due yet.
    const open = one('food.weekly_check', canteen, [...feb, week1], '2025-03-12');
    expect(open).toMatchObject({ status: 'met', dueOn: '2025-03-16' });
    expect(open.explanation).toContain('本周尚未开展');
    // Two days before that Sunday it is due soon.
    expect(one('food.weekly_check', canteen, [...feb, week1], '2025-03-14')).toMatchObject({ status: 'due_soon', dueOn: '2025-03-16' });
    // Without the week of 3 March, missed once that week is over.
    const missed = one('food.weekly_check', canteen, feb, '2025-03-10');
    expect(missed.status).toBe('missed');
    expect(missed.explanation).toContain('缺 2025-03-03 当周');
    // A check on the Saturday still counts for its week.
    expect(one('food.weekly_check', canteen, [...feb, entry('food_safety', 'weekly_check', '2025-03-08')], '2025-03-10').status).toBe('met');
  });
  it('000 第7条 月调度: one dispatch in the month is met; none by the month end is missed', () => {
    expect(one('food.monthly_dispatch', canteen, [entry('food_safety', 'monthly_dispatch', '2025-03-28')], '2025-03-31').status).toBe('met');
    expect(one('food.monthly_dispatch', canteen, [], '2025-03-31')).toMatchObject({ status: 'due_soon', dueOn: '2025-03-31' });
    expect(one('food.monthly_dispatch', canteen, [], '2025-04-01')).toMatchObject({ status: 'missed', value: 0, target: 1 });
  });
  it('001 第17条 陪餐: the pack\'s number (4 a month) — 3 is short, 4 is met', () => {
    const meals = ['2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24'].map((d) => entry('food_safety', 'accompanied_meal', d));
    expect(one('food.accompanied_meals', canteen, meals.slice(0, 3), '2025-04-01')).toMatchObject({ status: 'missed', value: 3, target: 4 });
    expect(one('food.accompanied_meals', canteen, meals, '2025-03-31')).toMatchObject({ status: 'met', value: 4, target: 4 });
  });
  it('001 第17条 证照: expired the day before is missed, expiring within 30 days due soon, a renewal of the same key fixes it', () => {
    const asOf = '2025-03-10';
    const cert = (date: string, expiresOn: string, key = '张三 健康证') => entry('food_safety', 'certificate', date, { expiresOn, key });
    expect(one('food.certificates_valid', canteen, [], asOf).status).toBe('missed');
    const expired = one('food.certificates_valid', canteen, [cert('2024-03-01', '2025-03-09')], asOf);
    expect(expired).toMatchObject({ status: 'missed', value: 0, target: 1 });
    expect(expired.explanation).toContain('已过期：张三 健康证（2025-03-09）');
    expect(one('food.certificates_valid', canteen, [cert('2024-03-01', '2025-03-10')], asOf)).toMatchObject({ status: 'due_soon', dueOn: '2025-03-10' });
    expect(one('food.certificates_valid', canteen, [cert('2024-03-01', '2025-04-09')], asOf)).toMatchObject({ status: 'due_soon', dueOn: '2025-04-09' });
    expect(one('food.certificates_valid', canteen, [cert('2024-03-01', '2025-04-10')], asOf).status).toBe('met');
    expect(one('food.certificates_valid', canteen, [cert('2024-03-01', '2025-03-09'), cert('2025-03-08', '2026-03-07')], asOf).status).toBe('met');
  });
  it('002 第3项: the traceability platform as last recorded decides', () => {
    const off = entry('food_safety', 'traceability', '2025-03-01', { flag: false });
    const on = entry('food_safety', 'traceability', '2025-03-05', { flag: true });
    expect(one('food.traceability_online', canteen, [], '2025-03-10').status).toBe('missed');
    expect(one('food.traceability_online', canteen, [off], '2025-03-10').status).toBe('missed');
    expect(one('food.traceability_online', canteen, [off, on], '2025-03-10')).toMatchObject({ status: 'met', recordIds: [on.id] });
    expect(one('food.traceability_online', canteen, [off, on], '2025-03-04').status).toBe('missed');
  });
});

describe('gate (002 第7项, 001 第15条)', () => {
  it('002 第7项: no visitor without staff in the month is met; one is missed and named by its record', () => {
    expect(one('gate.visitors_escorted', canteen, [], '2025-03-10')).toMatchObject({ status: 'met', value: 0, target: 0 });
    const v = entry('gate', 'visitor_unescorted', '2025-03-06');
    const f = one('gate.visitors_escorted', canteen, [v], '2025-03-10');
    expect(f).toMatchObject({ status: 'missed', value: 1, recordIds: [v.id] });
    expect(f.explanation).toContain('无教职工带领的来访 1 人次');
    // Last month's is last month's.
    expect(one('gate.visitors_escorted', canteen, [v], '2025-04-02').status).toBe('met');
  });
  it('001 第15条 护学岗: every school day covered is met; a day without is missed', () => {
    const posts = everySchoolDay('gate', 'guard_post', '2025-03-01', '2025-03-10');
    expect(one('gate.guard_post_daily', canteen, posts, '2025-03-10').status).toBe('met');
    expect(one('gate.guard_post_daily', canteen, posts.slice(1), '2025-03-10').status).toBe('missed');
  });
});

describe('daily health checks (001 第16条)', () => {
  it('001 第16条: 晨午检 every school day; a school day missed is missed', () => {
    const checks = everySchoolDay('health_checks', 'checked', '2025-02-17', '2025-02-28');
    expect(one('health.daily_checks', canteen, checks, '2025-02-28')).toMatchObject({ status: 'met', value: 10, target: 10 });
    expect(one('health.daily_checks', canteen, checks.filter((c) => c.date !== '2025-02-17'), '2025-02-28').status).toBe('missed');
  });
});

describe('safety education and boarding care (000 第15条, 001 第8条, 001 第12条)', () => {
  const act = (key: string, date: string) => entry('education', 'activity', date, { key });
  const held = [act('first_lesson:2024-2025-1', '2024-09-02'), act('drill_day:2024', '2024-09-18')];
  it('000 第15条: the 11.9 fire day held within 7 days is met; on the 8th day after it is too late', () => {
    expect(one('education.safety_days', canteen, [...held, act('fire_day:2024', '2024-11-16')], '2024-11-17')).toMatchObject({ status: 'met', value: 3, target: 3 });
    const late = one('education.safety_days', canteen, [...held, act('fire_day:2024', '2024-11-17')], '2024-11-17');
    expect(late.status).toBe('missed');
    expect(late.explanation).toContain('未开展：“11.9”全国消防日');
  });
  it('000 第15条: while the window is open the day is due soon on its close', () => {
    expect(one('education.safety_days', canteen, held, '2024-11-10')).toMatchObject({ status: 'due_soon', dueOn: '2024-11-16' });
  });
  it('000 任务分解表: the first lesson of the term is the semester\'s first day', () => {
    const f = one('education.safety_days', canteen, [act('drill_day:2024', '2024-09-18')], '2024-09-20');
    expect(f.status).toBe('missed');
    expect(f.explanation).toContain('秋季“开学第一课”');
  });
  it('001 第8条: boarding roll call every school day, boarding schools only', () => {
    const calls = everySchoolDay('education', 'roll_call', '2025-03-01', '2025-03-10', boarding.id);
    expect(one('education.boarding_roll_call', boarding, calls, '2025-03-10').status).toBe('met');
    expect(one('education.boarding_roll_call', boarding, calls.slice(2), '2025-03-10').status).toBe('missed');
    expect(one('education.boarding_roll_call', canteen, [], '2025-03-10').status).toBe('not_applicable');
  });
  it('001 第12条: the drowning letter acknowledged by every class once in the school year', () => {
    expect(one('education.drowning_letter', canteen, [], '2025-07-10')).toMatchObject({ status: 'due_soon', dueOn: '2025-08-31' });
    expect(one('education.drowning_letter', canteen, [entry('education', 'drowning_letter', '2025-06-20')], '2025-07-10').status).toBe('met');
    expect(one('education.drowning_letter', canteen, [], '2025-09-02').status).toBe('missed');
  });
});
