// Far-future and impossible dates (issue 11 item 1): every day a request carries is a real
// calendar day within 2000-01-01..2099-12-31, refused with a 400 naming the field (never a 500),
// spans are bounded by their meaning (a roster or key period at most 100 days, a policy at most
// 5 years, a campaign at most 3 years), and every walk over days ends even on rows stored before
// these checks: a far-future roster and key period written straight into the database are listed,
// read and judged by the compliance rollup without hanging (each test has a short timeout, and a
// walk without end would exhaust the heap first).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutyRosters, keyPeriods, schoolCalendars } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, signedInUsers, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { refreshRollup } from '../compliance/rollup.service.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'bureau';
let c: Record<Who, Client>;
let people: Record<Who, { id: number; username: string }>;

const TODAY = '2026-10-20';
// A hang is a failure: far below the API tier's 30 s default, far above what each request needs.
const QUICK = 20_000;

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  tree = await buildTree(t.database.db);
  ({ people, c } = await signedInUsers(t.app, t.database.db, {
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
  }));
});
afterAll(() => t.close());

const roster = (body: Record<string, unknown>) => c.officerA1.post('/api/v1/duty-rosters', { schoolId: tree.schoolA1.id, title: '值班安排', ...body });
const keyPeriod = (body: Record<string, unknown>) => c.bureau.post('/api/v1/key-periods', { name: '重点时段', ...body });

describe('far and impossible days in requests are a 400 naming the field', () => {
  it('a duty roster: far-future, impossible, before 2000 and longer than 100 days are refused; one at the upper bound answers', { timeout: QUICK }, async () => {
    expect((await refused(roster({ startsOn: '9999-12-30', endsOn: '9999-12-31' }))).message).toBe('开始日期：不能晚于 2099-12-31');
    expect((await refused(roster({ startsOn: '2026-02-30', endsOn: '2026-03-02' }))).message).toBe('开始日期：日期无效');
    expect((await refused(roster({ startsOn: '1999-12-31', endsOn: '2000-01-02' }))).message).toBe('开始日期：不能早于 2000-01-01');
    expect((await refused(roster({ startsOn: '2026-11-01', endsOn: '2027-02-09' }))).message).toBe('结束日期：一张排班表最多 100 天，请分段排班');
    expect((await refused(roster({ startsOn: '2026-11-01', endsOn: 'tomorrow' }))).message).toBe('结束日期：请填写日期（YYYY-MM-DD）');
    // The last days the system takes: walked to the end and no further.
    const r = await ok(roster({ startsOn: '2099-12-30', endsOn: '2099-12-31' }), 201);
    expect(r.dayList.map((d: any) => d.date)).toEqual(['2099-12-30', '2099-12-31']);
    expect(r.days).toBe(2);
  });

  it('a key period: far-future, impossible and longer than 100 days are refused, on creation and on change', { timeout: QUICK }, async () => {
    expect((await refused(keyPeriod({ startsOn: TODAY, endsOn: '9999-12-31' }))).message).toBe('结束日期：不能晚于 2099-12-31');
    expect((await refused(keyPeriod({ startsOn: '2026-02-30', endsOn: '2026-03-10' }))).message).toBe('开始日期：日期无效');
    expect((await refused(keyPeriod({ startsOn: '2026-10-01', endsOn: '2027-01-09' }))).message).toBe('结束日期：重点时段最长 100 天');
    const kp = await ok(keyPeriod({ startsOn: '2026-10-01', endsOn: '2027-01-08' }), 201);
    expect((await refused(c.bureau.patch(`/api/v1/key-periods/${kp.id}`, { version: 1, endsOn: '2027-06-30' }))).message).toBe('结束日期：重点时段最长 100 天');
    expect((await refused(c.bureau.patch(`/api/v1/key-periods/${kp.id}`, { version: 1, endsOn: '2027-02-29' }))).message).toBe('结束日期：日期无效');
  });

  it('a drill: not in the future, not before 2000, a real day', { timeout: QUICK }, async () => {
    const drill = (heldOn: string) => c.officerA1.post('/api/v1/drills', { schoolId: tree.schoolA1.id, heldOn, kind: 'fire', participants: 100 });
    expect((await refused(drill('9999-12-31'))).message).toBe('演练日期：不能晚于 2099-12-31');
    expect((await refused(drill('2027-01-01'))).message).toBe('演练日期：不能晚于今天');
    expect((await refused(drill('1999-12-31'))).message).toBe('演练日期：不能早于 2000-01-01');
    expect((await refused(drill('2026-02-29'))).message).toBe('演练日期：日期无效');
    expect((await refused(drill('2026-13-01'))).message).toBe('演练日期：日期无效');
    await ok(drill(TODAY), 201);
  });

  it('an insurance policy: far-future and impossible days refused, at most 5 years', { timeout: QUICK }, async () => {
    const policy = (over: Record<string, unknown>) =>
      c.officerA1.post('/api/v1/insurance-policies', { schoolId: tree.schoolA1.id, policyNo: `P${Math.random().toString().slice(2, 12)}`, insurer: '中国人民财产保险', startsOn: '2026-09-01', endsOn: '2027-08-31', studentsCovered: 800, ...over });
    expect((await refused(policy({ endsOn: '9999-12-31' }))).message).toBe('结束日期：不能晚于 2099-12-31');
    expect((await refused(policy({ startsOn: '2026-09-31' }))).message).toBe('开始日期：日期无效');
    expect((await refused(policy({ endsOn: '2031-09-02' }))).message).toBe('结束日期：保险期不能超过 5 年');
    await ok(policy({}), 201);
  });

  it('a hazard found on an impossible day is a 400, not a database error', { timeout: QUICK }, async () => {
    const report = (foundOn: string) =>
      c.officerA1.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '教学楼三楼', description: '灭火器过期', grade: 'general', foundOn });
    expect((await refused(report('2026-02-30'))).message).toBe('发现日期：日期无效');
    expect((await refused(report('9999-12-31'))).message).toBe('发现日期：不能晚于 2099-12-31');
  });

  it('a campaign runs at most 3 years and its days are real days', { timeout: QUICK }, async () => {
    const campaign = (over: Record<string, unknown>) =>
      c.bureau.post('/api/v1/campaigns', {
        name: '校园安全专项整治',
        startsOn: '2027-01-01',
        endsOn: '2027-06-30',
        phases: [{ kind: 'rectification', name: '专项整治', startsOn: '2027-01-01', endsOn: '2027-06-30' }],
        areas: [{ area: 'fire_chemicals', responsibleSubject: '各学校', responsibleDepartmentIds: [tree.department.id] }],
        ...over,
      });
    expect((await refused(campaign({ endsOn: '2030-01-01', phases: [{ kind: 'rectification', name: '专项整治', startsOn: '2027-01-01', endsOn: '2030-01-01' }] }))).message).toContain('专项整治最长 3 年');
    expect((await refused(campaign({ endsOn: '9999-12-31' }))).message).toBe('结束日期：不能晚于 2099-12-31');
    expect((await refused(campaign({ startsOn: '2027-02-30' }))).message).toBe('开始日期：日期无效');
  });

  it('query parameters: days, months, years and school years out of range or impossible', { timeout: QUICK }, async () => {
    const msg = async (client: Client, url: string) => (await refused(client.get(url))).message;
    expect(await msg(c.officerA1, '/api/v1/drills?from=9999-12-31')).toBe('开始日期：不能晚于 2099-12-31');
    expect(await msg(c.officerA1, '/api/v1/drills?to=2026-02-30')).toBe('结束日期：日期无效');
    expect(await msg(c.officerA1, '/api/v1/duty-rosters?from=2026-04-31')).toBe('开始日期：日期无效');
    expect(await msg(c.officerA1, '/api/v1/trainings?to=9999-01-01')).toBe('结束日期：不能晚于 2099-12-31');
    expect(await msg(c.bureau, '/api/v1/audit-events?from=2026-02-30')).toBe('开始日期：日期无效');
    expect(await msg(c.officerA1, `/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=9999-12`)).toBe('月份：不能晚于 2099 年');
    expect(await msg(c.officerA1, `/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=2026-00`)).toBe('月份：月份无效');
    expect(await msg(c.officerA1, '/api/v1/responsibility-letters?year=9999')).toBe('年度：不能晚于 2099 年');
    expect(await msg(c.officerA1, '/api/v1/school-calendars/9999-10000')).toBe('学年：学年格式应为“2024-2025”');
    expect(await msg(c.officerA1, '/api/v1/school-calendars/2099-2100')).toBe('学年：须在 2000-2001 至 2098-2099 学年之间');
    // Within range: answered.
    await ok(c.officerA1.get('/api/v1/drills?from=2000-01-01&to=2099-12-31'));
    await ok(c.officerA1.get(`/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=2099-12`));
  });

  it('a school calendar: a holiday outside its school year or longer than a roster is refused', { timeout: QUICK }, async () => {
    const cal = (holidays: Array<Record<string, unknown>>) =>
      c.bureau.put('/api/v1/school-calendars/2027-2028', {
        semesters: [
          { startsOn: '2027-09-01', endsOn: '2028-01-20' },
          { startsOn: '2028-02-20', endsOn: '2028-07-05' },
        ],
        holidays,
      });
    expect((await refused(cal([{ name: '国庆节', startsOn: '2027-10-01', endsOn: '9999-12-31' }]))).message).toContain('不能晚于 2099-12-31');
    expect((await refused(cal([{ name: '国庆节', startsOn: '2027-10-01', endsOn: '2029-10-07' }]))).message).toBe('节假日：节假日“国庆节”不在2027-2028学年内');
    expect((await refused(cal([{ name: '长假', startsOn: '2027-10-01', endsOn: '2028-03-01' }]))).message).toBe('节假日：节假日“长假”最长 100 天（须能排进一张值班表）');
  });
});

describe('rows stored before the ranges were enforced are still read and judged', () => {
  let farRoster: number;
  let longRoster: number;
  let farKeyPeriod: number;

  beforeAll(async () => {
    const db = t.database.db;
    const base = { districtId: tree.districtId, schoolId: tree.schoolA1.id, schoolPath: tree.schoolA1.path, createdBy: people.officerA1.id, createdByName: '测试' };
    [{ id: farRoster }] = await db.insert(dutyRosters).values({ ...base, title: '远期值班', startsOn: '9999-12-30', endsOn: '9999-12-31' }).returning({ id: dutyRosters.id });
    [{ id: longRoster }] = await db.insert(dutyRosters).values({ ...base, title: '超长值班', startsOn: '2026-10-01', endsOn: '9999-12-31' }).returning({ id: dutyRosters.id });
    // The key period under way today and the school calendar's holiday, both running to the end of time
    // (the only key period: the engine judges the one under way that ends first).
    await db.delete(keyPeriods).where(eq(keyPeriods.districtId, tree.districtId));
    [{ id: farKeyPeriod }] = await db
      .insert(keyPeriods)
      .values({ districtId: tree.districtId, name: '无限重点时段', startsOn: '2026-10-15', endsOn: '9999-12-31', createdBy: people.bureau.id })
      .returning({ id: keyPeriods.id });
    await db.insert(schoolCalendars).values({
      districtId: tree.districtId,
      schoolYear: '2026-2027',
      semesters: [
        { startsOn: '2026-09-01', endsOn: '2027-01-20' },
        { startsOn: '2027-02-20', endsOn: '2027-07-05' },
      ],
      holidays: [{ name: '无尽假期', startsOn: '2026-10-18', endsOn: '9999-12-31' }],
      updatedBy: people.bureau.id,
    });
  });

  it('listing rosters answers', { timeout: QUICK }, async () => {
    const list = await ok(c.officerA1.get('/api/v1/duty-rosters?pageSize=50'));
    const far = list.items.find((r: any) => r.id === farRoster);
    expect(far).toMatchObject({ startsOn: '9999-12-30', endsOn: '9999-12-31', days: 2 });
    // A span of millions of days shows its first 100.
    expect(list.items.find((r: any) => r.id === longRoster)).toMatchObject({ endsOn: '9999-12-31', days: 100 });
  });

  it('reading the far and the endless roster answers', { timeout: QUICK }, async () => {
    const far = await ok(c.officerA1.get(`/api/v1/duty-rosters/${farRoster}`));
    expect(far.dayList.map((d: any) => d.date)).toEqual(['9999-12-30', '9999-12-31']);
    const long = await ok(c.officerA1.get(`/api/v1/duty-rosters/${longRoster}`));
    expect(long.dayList).toHaveLength(100);
    expect(long.dayList[0].date).toBe('2026-10-01');
    expect(long.dayList[1].holiday).toBe(null);
    expect(long.dayList.find((d: any) => d.date === '2026-10-18').holiday).toBe('无尽假期');
  });

  it('the key period cover answers', { timeout: QUICK }, async () => {
    const cover = await ok(c.bureau.get(`/api/v1/duty-rosters/key-period-cover?keyPeriodId=${farKeyPeriod}`));
    expect(cover.keyPeriod).toMatchObject({ id: farKeyPeriod, endsOn: '9999-12-31' });
    expect(cover.items.find((i: any) => i.schoolId === tree.schoolA1.id).days).toBe(100);
  });

  it('the compliance rollup judges the endless key period and holiday, and a changed key period is refused', { timeout: QUICK }, async () => {
    const r = await refreshRollup(t.database.db, tree.districtId, TODAY, { force: true });
    expect(r.mode).toBe('full');
    const kp = await findingOf(c.bureau, tree.schoolA1.id, 'duty.key_period_24h');
    expect(kp).toMatchObject({ status: 'missed', period: { label: '无限重点时段', endsOn: '9999-12-31' } });
    const holiday = await findingOf(c.bureau, tree.schoolA1.id, 'duty.holiday_leader');
    expect(holiday.period).toMatchObject({ label: '无尽假期' });
    // Touching the bad row through the API means bringing it within bounds.
    expect((await refused(c.bureau.patch(`/api/v1/key-periods/${farKeyPeriod}`, { version: 1, name: '国庆' }))).message).toBe('结束日期：重点时段最长 100 天');
    await ok(c.bureau.patch(`/api/v1/key-periods/${farKeyPeriod}`, { version: 1, endsOn: '2026-10-25' }));
    const [row] = await t.database.db.select().from(keyPeriods).where(eq(keyPeriods.id, farKeyPeriod));
    expect(row.endsOn).toBe('2026-10-25');
  });
});
