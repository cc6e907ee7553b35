// The demo district loads on an empty database with a working hazard loop behind it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import { bootstrap } from '../bootstrap.js';
import { openStorage } from '../files/storage.js';
import { freshDatabase, testConfig } from '../test/harness.js';
import { login } from '../test/factories.js';
import { DEMO_PASSWORD } from '../auth/demo-accounts.js';
import { DEMO_SHORT_OF_INSURANCE } from './school-ledgers.js';
import { DEMO_DUTY_OPEN_SLOT, DEMO_DUTY_SHORT, DEMO_KEY_PERIOD } from './duty.js';
import { DEMO_ALARM_BROKEN, DEMO_SHORT_OF_NIGHT_GUARDS } from './security.js';
import { DEMO_NOTICE_OVERDUE, DEMO_NOTICE_REPLIED } from './accountability.js';
import { DEMO_ESCALATED_RISK, DEMO_OVERDUE_RISKS } from './risks.js';
import { DEMO_JOINED_MID_YEAR } from './assessment.js';
import { DEMO_DAILY_SHORT, DEMO_INCIDENT_LATE, DEMO_INCIDENT_MISSING } from './incidents.js';
import { DEMO_CARE_OVERDUE_SCHOOL } from './care.js';
import { DEMO_ENTRY_CHECK_MISSING, DEMO_ENTRY_CHECK_PENDING } from './staff-checks.js';
import { DEMO_FIRE_DRAFTS, DEMO_FIRE_FAILED, DEMO_FIRE_WAITING } from './fire-standard.js';
import { DEMO_SITE_SCHOOL, DEMO_UNSAFE_DORM } from './buildings.js';
import { DEMO_SHELTERS, DEMO_WARNING_LATE, DEMO_WARNING_UNSIGNED } from './warnings.js';
import { DEMO_SHORT_GRID_SCHOOL, DEMO_WATER_WITHOUT_SIGN } from './drowning.js';
import { DEMO_GUARDS_UNFUNDED, DEMO_NO_BUDGET } from './budget.js';
import { DEMO_CANTEEN_ONCE, DEMO_NO_CANTEEN_LINK, DEMO_VIDEO_UNPATROLLED } from './video-patrol.js';
import { DEMO_LETTER_CLASS, DEMO_LETTER_SCHOOL } from './family-letters.js';
import { DEMO_OPINION_IN_TIME, DEMO_OPINION_OVERDUE } from './opinion.js';
import { DEMO_FIRE_DAY_LATE, DEMO_FIRE_DAY_MISSED, demoFireDayLastMonth } from './inspection-schedules.js';
import { DEMO_BUS_CHECKS_MISSED, DEMO_BUS_DRIVER_PENDING, DEMO_BUS_FAILED_ITEM, DEMO_BUS_REVIEW_OVERDUE, DEMO_BUS_REVIEW_SOON } from './buses.js';
import { DEMO_EXPIRED_CERTIFICATE, DEMO_NO_CANTEEN, DEMO_SHORT_OF_HEALTH_CHECKS, DEMO_TRACEABILITY_OFFLINE, DEMO_UNESCORTED_VISITORS } from './school-life.js';

let app: App;
let close: () => Promise<void>;
beforeAll(async () => {
  const database = await freshDatabase();
  const config = { ...testConfig, dataDir: mkdtempSync(path.join(tmpdir(), 'anxiao-demo-')) };
  expect(await bootstrap(database.db, true, openStorage(config, database.db))).toEqual({ kind: 'demo' });
  app = await buildApp({ database, config, logger: false });
  await app.ready();
  close = async () => {
    await app.close();
    await database.close();
  };
  // The whole demo district is written here, a mechanism at a time: longer than the project's hook
  // limit on a loaded machine (about 70 s at load 10).
}, 240_000);
afterAll(() => close?.());

describe('the demo district', () => {
  it('has hazards in every status, some overdue and major, walked through signed steps', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const all = (await bureau.get('/api/v1/hazards?pageSize=200')).json();
    expect(all.total).toBeGreaterThanOrEqual(20);
    const statuses = new Set(all.items.map((h: { status: string }) => h.status));
    expect([...statuses].sort()).toEqual(['accepted', 'assigned', 'closed', 'rectifying', 'reported', 'submitted']);
    expect(all.items.some((h: { overdue: boolean }) => h.overdue)).toBe(true);
    expect(all.items.some((h: { grade: string }) => h.grade === 'major')).toBe(true);
    const closed = all.items.find((h: { status: string }) => h.status === 'closed');
    const detail = (await bureau.get(`/api/v1/hazards/${closed.id}`)).json();
    expect(detail.steps.map((s: { action: string }) => s.action)).toEqual(['report', 'confirm', 'start', 'submit', 'accept', 'close']);
    // The evidence file of a fix can be opened.
    const file = detail.steps[3].files[0];
    const res = await bureau.get(`/api/v1/files/${file.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
  });

  it('gives each demo account something waiting on it', async () => {
    for (const username of ['demo.school', 'demo.principal', 'demo.dept', 'demo.bureau']) {
      const c = await login(app, username, DEMO_PASSWORD);
      const mine = (await c.get('/api/v1/hazards?mine=true')).json();
      expect(mine.total, username).toBeGreaterThan(0);
    }
  });

  it('runs a campaign from the 002 plan in its rectification phase: self-checks on time, late and missing, campaign hazards, a submitted and a missing weekly return', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const list = (await bureau.get('/api/v1/campaigns')).json();
    expect(list.items).toHaveLength(1);
    const [c] = list.items;
    expect(c).toMatchObject({ status: 'active', currentPhaseName: '专项整治' });
    expect(c.hazardCount).toBeGreaterThan(2);
    const prog = (await bureau.get(`/api/v1/campaigns/${c.id}/progress`)).json();
    expect(prog.selfCheckCounts.on_time).toBeGreaterThan(10);
    expect(prog.selfCheckCounts.late).toBeGreaterThan(0);
    expect(prog.selfCheckCounts.missing).toBeGreaterThan(0);
    const returns = (await bureau.get(`/api/v1/campaigns/${c.id}/weekly-returns`)).json();
    const statuses = new Set(returns.items.map((r: { status: string }) => r.status));
    expect(statuses.has('submitted')).toBe(true);
    expect(statuses.has('missing')).toBe(true);
    const bell = (await bureau.get('/api/v1/notifications')).json();
    expect(bell.items.some((n: { kind: string }) => n.kind === 'weekly_return_missing')).toBe(true);
  });
  it('keeps school calendars and drills: most schools drill, demo.kg\'s kindergarten has missed its quarterly drill (001 item 6)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const cals = (await bureau.get('/api/v1/school-calendars')).json();
    expect(cals.items.length).toBe(2);
    const drills = (await bureau.get('/api/v1/drills?pageSize=100')).json();
    expect(drills.total).toBeGreaterThan(100);
    const drilled = new Set(drills.items.map((d: { schoolId: number }) => d.schoolId));
    expect(drilled.size).toBeGreaterThan(10);

    const kg = await login(app, 'demo.kg', DEMO_PASSWORD);
    const card = (await kg.get('/api/v1/compliance')).json();
    const quarterly = card.items.find((f: { ruleCode: string }) => f.ruleCode === 'drill.quarterly_kindergarten');
    expect(quarterly.unitName).toBe('示范区第一幼儿园');
    // Missed, or due soon in the last two weeks of a quarter.
    expect(['missed', 'due_soon']).toContain(quarterly.status);
    expect(quarterly.explanation).toContain('001');
    // The bureau's page agrees, and other schools meet the rule.
    const all = (await bureau.get('/api/v1/compliance?ruleCode=drill.quarterly_kindergarten')).json();
    const kgRow = all.items.find((f: { unitName: string }) => f.unitName === '示范区第一幼儿园');
    expect(kgRow.status).toBe(quarterly.status);
    expect(all.summary.met).toBeGreaterThan(5);
  });

  it('keeps staff, training, meeting and insurance ledgers: most schools are insured for the whole school year, 南山第二小学 leaves students uncovered (001 第26条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const board = (await bureau.get('/api/v1/compliance?ruleCode=insurance.coverage')).json();
    const rows = board.items.filter((f: { ruleCode: string }) => f.ruleCode === 'insurance.coverage');
    const met = rows.filter((f: { status: string }) => f.status === 'met');
    expect(met.length).toBeGreaterThan(rows.length * 0.8);
    const short = rows.find((f: { unitName: string }) => f.unitName === DEMO_SHORT_OF_INSURANCE);
    expect(short.status).toBe('missed');
    expect(short.explanation).toContain('漏保');
  });

  it('keeps a security profile for every school: 南山中学 short of night guards, 东湖中学 with a broken one-key alarm (002 areas 8 and 9)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const list = (await bureau.get('/api/v1/security-profiles?pageSize=200')).json();
    expect(list.summary.missing).toBe(0);
    const short = list.items.filter((s: { state: string }) => s.state === 'short');
    const missed = (name: string) =>
      short.find((s: { schoolName: string }) => s.schoolName === name)?.findings.filter((f: { status: string }) => f.status === 'missed').map((f: { ruleCode: string }) => f.ruleCode);
    expect(missed(DEMO_SHORT_OF_NIGHT_GUARDS)).toEqual(['guards.night_boarding']);
    expect(missed(DEMO_ALARM_BROKEN)).toEqual(['alarms.one_key_working']);
    expect(short).toHaveLength(2);
    // The board judges the same profiles.
    const board = (await bureau.get('/api/v1/compliance?ruleCode=guards.night_boarding&status=missed')).json();
    expect(board.items.map((f: { unitName: string }) => f.unitName)).toEqual([DEMO_SHORT_OF_NIGHT_GUARDS]);
  });

  it('keeps the duty ledger: a key period under way rostered at every school, 东湖第二小学 with uncovered days (000 第4条, 003)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const cover = (await bureau.get('/api/v1/duty-rosters/key-period-cover')).json();
    expect(cover.keyPeriod.name).toBe(DEMO_KEY_PERIOD);
    const uncovered = cover.items.filter((s: { uncoveredDays: string[] }) => s.uncoveredDays.length > 0).map((s: { schoolName: string }) => s.schoolName);
    // Two past days without a staff member; the open slot ahead; the kindergarten's principal has no account to confirm with.
    expect(uncovered.sort()).toEqual([DEMO_DUTY_SHORT, DEMO_DUTY_OPEN_SLOT, '示范区第一幼儿园'].sort());
    const board = (await bureau.get('/api/v1/compliance?ruleCode=duty.holiday_leader&pageSize=200')).json();
    const holiday = board.items.filter((f: { ruleCode: string }) => f.ruleCode === 'duty.holiday_leader');
    expect(holiday.find((f: { unitName: string }) => f.unitName === DEMO_DUTY_SHORT).status).toBe('missed');
    expect(holiday.filter((f: { status: string }) => f.status === 'met').length).toBeGreaterThan(holiday.length * 0.8);
    const school = await login(app, 'demo.principal', DEMO_PASSWORD);
    const mine = (await school.get('/api/v1/duty-rosters/mine')).json();
    expect(mine.items.some((e: { canConfirm: boolean }) => e.canConfirm)).toBe(true);
  });

  it('has a published notice with one reply and one overdue, an interview with commitments, a decision (issue 13)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const notices = (await bureau.get('/api/v1/notices?status=published')).json();
    expect(notices.total).toBe(1);
    const n = (await bureau.get(`/api/v1/notices/${notices.items[0].id}`)).json();
    expect(Object.fromEntries(n.units.map((u: { unitName: string; replyState: string }) => [u.unitName, u.replyState]))).toEqual({ [DEMO_NOTICE_REPLIED]: 'replied', [DEMO_NOTICE_OVERDUE]: 'overdue' });
    expect(n.records.length).toBeGreaterThanOrEqual(2);
    const interviews = (await bureau.get('/api/v1/interviews')).json();
    expect(interviews.items[0].commitments.map((c: { state: string }) => c.state)).toEqual(['done', 'overdue', 'open']);
    const decisions = (await bureau.get('/api/v1/accountability-decisions')).json();
    expect(decisions.items.map((d: { measure: string }) => d.measure)).toEqual(['criticism_notice']);
    const check = (await bureau.get(`/api/v1/award-checks?unitId=${decisions.items[0].unitId}&year=${new Date().getFullYear()}`)).json();
    expect(check.items.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['notice', 'accountability']));
  });

  it('keeps a risk list for every school, with a few reviews overdue on the compliance board (003, 004)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const m = (await bureau.get('/api/v1/risks/matrix')).json();
    expect(m.rowsAre).toBe('town');
    expect(m.rows.map((r: { name: string }) => r.name).sort()).toEqual(['东湖街道', '北河镇', '南山镇', '直属学校', '西城街道'].sort());
    for (const level of ['red', 'orange', 'yellow']) expect(m.totals[level], level).toBeGreaterThan(0);
    expect(m.escalated).toBe(1);
    const board = (await bureau.get('/api/v1/compliance?ruleCode=risk.review_on_time&pageSize=200')).json();
    const rows = board.items.filter((f: { ruleCode: string }) => f.ruleCode === 'risk.review_on_time');
    const missed = rows.filter((f: { status: string }) => f.status === 'missed');
    expect(missed.map((f: { unitName: string }) => f.unitName).sort()).toEqual(Object.keys(DEMO_OVERDUE_RISKS).sort());
    for (const f of missed) expect(f.explanation).toContain(DEMO_OVERDUE_RISKS[f.unitName]);
    expect(rows.every((f: { status: string }) => f.status !== 'not_applicable')).toBe(true);
    const list = (await bureau.get(`/api/v1/risks?escalated=true`)).json();
    expect(list.items.map((r: { schoolName: string; riskName: string }) => [r.schoolName, r.riskName])).toEqual([[DEMO_ESCALATED_RISK.school, DEMO_ESCALATED_RISK.risk]]);
  });

  it('has the year’s assessment scheme; computed, hazards and self-checks show late units and the kindergarten that joined this year counts less (issue 14)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const year = new Date().getFullYear();
    expect((await bureau.get(`/api/v1/assessment/scheme?year=${year}`)).json().version).toBe(1);
    const run = await bureau.post('/api/v1/assessment/compute', { year });
    expect(run.statusCode, run.body).toBe(200);
    const schools = (await bureau.get(`/api/v1/assessment/scores?year=${year}&pageSize=100`)).json();
    expect(schools.items.length).toBeGreaterThan(30);
    const grades = new Set(schools.items.map((s: { grade: string }) => s.grade));
    expect(grades.size).toBeGreaterThan(1);
    const joined = schools.items.find((s: { unitName: string }) => s.unitName === DEMO_JOINED_MID_YEAR);
    const other = schools.items.find((s: { unitName: string }) => s.unitName === '东湖幼儿园');
    const periods = (r: { figures: Array<{ code: string; total: number }> }) => r.figures.find((f) => f.code === 'compliance')!.total;
    if (new Date().getMonth() >= 3) expect(periods(joined)).toBeLessThan(periods(other));
  });

  it('has incidents over the year, one late and one missing, and daily reports of the key period with one school short (issue 13)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const all = (await bureau.get('/api/v1/incidents?pageSize=50')).json();
    expect(all.total).toBe(4);
    const flagged = (flag: string) => all.items.filter((i: { flags: Array<{ flag: string }> }) => i.flags.some((f) => f.flag === flag)).map((i: { unitName: string }) => i.unitName);
    expect(flagged('late')).toEqual([DEMO_INCIDENT_LATE]);
    expect(flagged('missing')).toEqual([DEMO_INCIDENT_MISSING]);
    expect(all.items.filter((i: { status: string }) => i.status === 'closed')).toHaveLength(2);
    const daily = (await bureau.get('/api/v1/incidents/daily')).json();
    expect(daily.period.name).toBe(DEMO_KEY_PERIOD);
    const short = daily.schools.filter((s: { cells: Array<{ state: string }> }) => s.cells.some((c) => c.state === 'missing')).map((s: { schoolName: string }) => s.schoolName);
    expect(short).toEqual([DEMO_DAILY_SHORT]);
    // Yesterday 示范区实验小学 reported the parents organising over a fee (000 第3条 敏感时段).
    expect(daily.disputeCount).toBe(1);
    const reported = daily.schools.find((s: { cells: Array<{ disputes: string | null }> }) => s.cells.some((c) => c.disputes === 'some'));
    expect(reported.schoolName).toBe('示范区实验小学');
  });

  it('keeps students of concern: 示范区实验小学 has an overdue follow-up (001 第20条); the bureau sees counts, the carer a masked list', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const f = (await bureau.get('/api/v1/compliance?ruleCode=care.follow_up&status=missed')).json();
    expect(f.items.map((x: { unitName: string }) => x.unitName)).toEqual([DEMO_CARE_OVERDUE_SCHOOL]);
    const summary = (await bureau.get('/api/v1/care/summary')).json();
    expect(summary.totals).toMatchObject({ openRecords: 6, overdueFollowUps: 1 });
    expect((await bureau.get('/api/v1/care/records')).statusCode).toBe(404);
    const carer = await login(app, 'demo.carer', DEMO_PASSWORD);
    const mine = (await carer.get('/api/v1/care/records')).json();
    expect(mine.items.map((r: { maskedName: string }) => r.maskedName).sort()).toEqual(['张*明', '李*桐']);
  });

  it('keeps the food, gate, health-check and education ledgers of issue 15 with a few schools short, and demo.guard keeps the gate log', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const missedAt = async (rule: string) =>
      ((await bureau.get(`/api/v1/compliance?ruleCode=${rule}&status=missed&pageSize=100`)).json().items as Array<{ unitName: string }>).map((f) => f.unitName);
    expect(await missedAt('food.certificates_valid')).toEqual([DEMO_EXPIRED_CERTIFICATE]);
    expect(await missedAt('food.traceability_online')).toEqual([DEMO_TRACEABILITY_OFFLINE]);
    expect(await missedAt('gate.visitors_escorted')).toEqual([DEMO_UNESCORTED_VISITORS]);
    const checks = (await bureau.get('/api/v1/compliance?ruleCode=health.daily_checks&pageSize=100')).json().items as Array<{ unitName: string; status: string }>;
    expect(checks.find((f) => f.unitName === DEMO_SHORT_OF_HEALTH_CHECKS)?.status).not.toBe('met');
    const food = (await bureau.get('/api/v1/compliance?ruleCode=food.daily_control&pageSize=100')).json().items as Array<{ unitName: string }>;
    for (const name of DEMO_NO_CANTEEN) expect(food.map((f) => f.unitName)).not.toContain(name);
    const signals = (await bureau.get('/api/v1/health-checks/signals')).json();
    expect(signals.items.map((x: { schoolName: string }) => x.schoolName)).toContain(DEMO_SHORT_OF_HEALTH_CHECKS);
    const guard = await login(app, 'demo.guard', DEMO_PASSWORD);
    expect((await guard.get('/api/v1/gate-records?kind=visitor')).json().total).toBeGreaterThan(0);
  });

  it('checks every staff member, outsourced guards, cleaners and drivers included, with two schools short (001 第11条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const findings = (await bureau.get('/api/v1/compliance?ruleCode=staff.entry_check&pageSize=100')).json().items as Array<{ unitName: string; status: string; explanation: string }>;
    const missed = findings.filter((f) => f.status === 'missed');
    expect(missed.map((f) => f.unitName).sort()).toEqual([DEMO_ENTRY_CHECK_PENDING, DEMO_ENTRY_CHECK_MISSING].sort());
    expect(findings.filter((f) => f.status === 'met').length).toBeGreaterThan(30);
    expect(missed.find((f) => f.unitName === DEMO_ENTRY_CHECK_PENDING)!.explanation).toContain('查询结果未回');
    const outsourced = (await bureau.get('/api/v1/staff?outsourcedKind=driver&pageSize=1')).json();
    expect(outsourced.total).toBeGreaterThan(0);
    expect((await bureau.get('/api/v1/staff?entryCheck=none')).json().items.map((x: { schoolName: string }) => x.schoolName)).toEqual([DEMO_ENTRY_CHECK_MISSING]);
  });

  it('keeps the school bus ledger for the schools using buses, a few short (001 第14条, 000 任务分解表第3项)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const of = async (rule: string) => (await bureau.get(`/api/v1/compliance?ruleCode=${rule}&pageSize=100`)).json().items as Array<{ unitName: string; status: string }>;
    const review = await of('bus.annual_review');
    expect(review.length).toBeGreaterThan(5);
    expect(review.filter((f) => f.status === 'missed').map((f) => f.unitName)).toEqual([DEMO_BUS_REVIEW_OVERDUE]);
    expect(review.find((f) => f.unitName === DEMO_BUS_REVIEW_SOON)!.status).toBe('due_soon');
    expect((await of('bus.drivers')).filter((f) => f.status === 'missed').map((f) => f.unitName)).toEqual([DEMO_BUS_DRIVER_PENDING]);
    expect((await of('bus.pre_trip_check')).find((f) => f.unitName === DEMO_BUS_CHECKS_MISSED)!.status).not.toBe('met');
    const failed = (await bureau.get('/api/v1/bus-checks?failed=true')).json().items as Array<{ schoolName: string; hazards: unknown[] }>;
    expect(failed.map((c) => c.schoolName)).toEqual([DEMO_BUS_FAILED_ITEM]);
    expect((await bureau.get('/api/v1/bus-routes?pageSize=1')).json().total).toBeGreaterThan(5);
  });

  it('has fire-safety standardisation: most schools accepted, some waiting, one failed with its hazards (000 第5条, 001 第13条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const s = (await bureau.get('/api/v1/fire-standard/summary')).json();
    expect(s.accepted).toBeGreaterThan(s.schools / 2);
    const state = (name: string) => s.notAccepted.find((r: { schoolName: string }) => r.schoolName === name)?.state;
    expect(DEMO_FIRE_WAITING.map(state)).toEqual(DEMO_FIRE_WAITING.map(() => 'submitted'));
    expect(DEMO_FIRE_DRAFTS.map(state)).toEqual(DEMO_FIRE_DRAFTS.map(() => 'draft'));
    expect(state(DEMO_FIRE_FAILED)).toBe('failed');
    expect(state('示范区实验小学')).toBe('none');
    const hazards = (await bureau.get('/api/v1/hazards?source=fire_standard')).json().items as Array<{ schoolName: string }>;
    expect(hazards.map((h) => h.schoolName)).toEqual([DEMO_FIRE_FAILED, DEMO_FIRE_FAILED]);
    const kg = await login(app, 'demo.kg', DEMO_PASSWORD);
    expect((await kg.get('/api/v1/fire-standard/assessments')).json().items.map((a: { status: string }) => a.status)).toEqual(['submitted']);
    expect((await bureau.get('/api/v1/fire-standard/patrol-staff')).json().items.length).toBeGreaterThan(10);
  });

  it('keeps buildings and a construction site: a C-graded dormitory in use is a major hazard, one appraisal overdue, a week of checks missed (001 第18条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const h = (await bureau.get('/api/v1/hazards?source=building')).json().items as Array<{ schoolName: string; grade: string; location: string }>;
    expect(h.map((x) => [x.schoolName, x.location, x.grade])).toEqual([[DEMO_UNSAFE_DORM.school, DEMO_UNSAFE_DORM.building, 'major']]);
    const of = async (rule: string) => (await bureau.get(`/api/v1/compliance?ruleCode=${rule}&pageSize=100`)).json().items as Array<{ unitName: string; status: string }>;
    expect((await of('building.no_unsafe_in_use')).filter((f) => f.status === 'missed').map((f) => f.unitName)).toEqual([DEMO_UNSAFE_DORM.school]);
    expect((await of('building.appraisal')).filter((f) => f.status === 'missed').map((f) => f.unitName)).toEqual(['北河第二小学']);
    expect((await of('construction.weekly_check')).filter((f) => f.status !== 'not_applicable').map((f) => [f.unitName, f.status])).toEqual([[DEMO_SITE_SCHOOL, 'missed']]);
    expect((await bureau.get('/api/v1/construction-checks')).json().total).toBe(4);
    // The check that found parents' cars crossing the site's entrance is a hazard of the register.
    const site = (await bureau.get('/api/v1/hazards?source=construction_check')).json().items as Array<{ schoolName: string; grade: string }>;
    expect(site.map((x) => [x.schoolName, x.grade])).toEqual([[DEMO_SITE_SCHOOL, 'general']]);
  });

  it('has a past typhoon warning with receipts: most signed in time and reported, two late, two never signed (000 第10条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const [w] = (await bureau.get('/api/v1/warnings')).json().items as Array<{ id: number; status: string; targets: number; signed: number; reported: number }>;
    expect(w).toMatchObject({ status: 'closed' });
    expect(w.targets - w.signed).toBe(DEMO_WARNING_UNSIGNED.length);
    expect(w.signed - w.reported).toBe(1);
    const board = (await bureau.get(`/api/v1/warnings/${w.id}/board`)).json() as { schools: Array<{ schoolName: string; state: string; overdue: boolean; shelter: boolean }> };
    expect(board.schools.filter((s) => s.state === 'missing').map((s) => s.schoolName).sort()).toEqual([...DEMO_WARNING_UNSIGNED].sort());
    expect(board.schools.filter((s) => s.state !== 'missing' && s.overdue).map((s) => s.schoolName).sort()).toEqual([...DEMO_WARNING_LATE].sort());
    expect(board.schools.filter((s) => s.shelter).map((s) => s.schoolName).sort()).toEqual([...DEMO_SHELTERS].sort());
  });

  it('has drowning prevention: waters in every town (one without a sign), grids with one school short, a patrol finding as a hazard (001 第12条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const lacking = (await bureau.get('/api/v1/drowning/waters?lacking=true')).json().items as Array<{ name: string; townName: string; warningSign: boolean }>;
    expect(lacking.filter((w) => !w.warningSign).map((w) => [w.townName, w.name])).toEqual([[DEMO_WATER_WITHOUT_SIGN.town, DEMO_WATER_WITHOUT_SIGN.water]]);
    const year = (await bureau.get('/api/v1/drowning/patrols')).json().items[0].patrolledOn.slice(0, 4);
    const c = (await bureau.get(`/api/v1/drowning/coverage?year=${year}`)).json();
    expect(c.schools.filter((s: { covered100: boolean; coverage: { classes: number } }) => !s.covered100 && s.coverage.classes > 0).map((s: { schoolName: string }) => s.schoolName)).toEqual([DEMO_SHORT_GRID_SCHOOL]);
    const h = (await bureau.get('/api/v1/hazards?source=drowning_patrol')).json().items as Array<{ location: string }>;
    expect(h.map((x) => x.location)).toEqual([expect.stringContaining(DEMO_WATER_WITHOUT_SIGN.water)]);
  });

  it('has last month’s video patrols: every school but one patrolled, two kitchens short; the board agrees (001 第4条, 000 第7条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const [y, m] = today.split('-').map(Number);
    const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const cov = (await bureau.get(`/api/v1/video-patrols/coverage?month=${last}&short=true`)).json();
    const why = Object.fromEntries(cov.rows.map((r: { schoolName: string; shortBy: string[] }) => [r.schoolName, r.shortBy.join('；')]));
    expect(Object.keys(why).sort()).toEqual([DEMO_VIDEO_UNPATROLLED, DEMO_CANTEEN_ONCE, DEMO_NO_CANTEEN_LINK].sort());
    expect(why[DEMO_VIDEO_UNPATROLLED]).toContain('本月视频巡查 0 次');
    expect(why[DEMO_CANTEEN_ONCE]).toBe('本月明厨亮灶巡查 1 次，应不少于 2 次');
    expect(why[DEMO_NO_CANTEEN_LINK]).toContain('未登记食堂后厨视频点位');
    // The board: last month decides until this month's last week (then every unpatrolled school is due soon).
    const missed = async (code: string) =>
      ((await bureau.get(`/api/v1/compliance?ruleCode=${code}&status=missed&pageSize=200`)).json().items as Array<{ unitName: string; ruleCode: string }>).filter((f) => f.ruleCode === code).map((f) => f.unitName);
    expect([[], [DEMO_VIDEO_UNPATROLLED]]).toContainEqual(await missed('video_patrol.monthly'));
    // The unpatrolled school's kitchen was not looked at either.
    expect([[], [DEMO_VIDEO_UNPATROLLED, DEMO_CANTEEN_ONCE, DEMO_NO_CANTEEN_LINK].sort()]).toContainEqual((await missed('video_patrol.canteen')).sort());
  });

  it("has the bureau's monthly 消防安全检查日 for every school: done on the day, one late, one missed (001 第13条)", async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const [schedule] = (await bureau.get('/api/v1/inspection-schedules')).json().items as Array<{ id: number; title: string; cadenceText: string; schoolCount: number }>;
    expect(schedule).toMatchObject({ title: '消防安全检查日', cadenceText: '每月 9 日' });
    const occ = (await bureau.get(`/api/v1/inspection-schedules/${schedule.id}/occurrences?pageSize=200`)).json().items as Array<{ occursOn: string; schoolName: string; state: string }>;
    const lastMonth = demoFireDayLastMonth(new Date());
    const byState = (state: string) => occ.filter((o) => o.occursOn === lastMonth && o.state === state).map((o) => o.schoolName);
    expect(byState('missed')).toEqual([DEMO_FIRE_DAY_MISSED]);
    expect(byState('late')).toEqual([DEMO_FIRE_DAY_LATE]);
    expect(byState('done')).toHaveLength(schedule.schoolCount - 2);
  });

  it('has this year’s safety budgets: one school budgets no guards’ wages, one has none (001 第25条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const year = new Date().getFullYear();
    const ex = (await bureau.get(`/api/v1/budgets/execution?year=${year}`)).json();
    const withBudget = ex.towns.filter((t: { schoolsWithBudget: number }) => t.schoolsWithBudget > 0);
    expect(withBudget.length).toBeGreaterThanOrEqual(4);
    expect(withBudget.every((t: { budgetFen: number; spentFen: number }) => t.spentFen > 0 && t.spentFen < t.budgetFen)).toBe(true);
    const unfunded = Object.fromEntries(ex.unfundedGuards.map((r: { schoolName: string; budgetId: number | null }) => [r.schoolName, r.budgetId === null ? 'none' : 'no wages']));
    expect(unfunded).toMatchObject({ [DEMO_GUARDS_UNFUNDED]: 'no wages', [DEMO_NO_BUDGET]: 'none' });
  });

  it('has this winter’s letter to families: most guardians confirmed, and the class teacher sees the seats left in their class (000 第13条)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const rates = (await bureau.get('/api/v1/family-letters/rates?topic=holiday')).json();
    expect(rates.total.letters).toBeGreaterThanOrEqual(5);
    expect(rates.total.confirmed / rates.total.pupils).toBeGreaterThan(0.6);
    expect(rates.total.confirmed).toBeLessThan(rates.total.pupils);
    const teacher = await login(app, 'demo.carer', DEMO_PASSWORD);
    const [letter] = (await teacher.get('/api/v1/family-letters?state=open')).json().items;
    expect(letter.schoolName).toBe(DEMO_LETTER_SCHOOL);
    const mine = letter.classes.filter((k: { mine: boolean }) => k.mine);
    expect(mine).toEqual([expect.objectContaining({ className: DEMO_LETTER_CLASS })]);
    const n = mine[0].pupils;
    expect(mine[0].confirmed).toBe(n - 4);
    const slips = (await teacher.get(`/api/v1/family-letters/${letter.id}/classes/${mine[0].id}/slips`)).json();
    expect(slips.slips.filter((x: { confirmedAt: string | null }) => !x.confirmedAt).map((x: { seat: number }) => x.seat)).toEqual([n - 3, n - 2, n - 1, n]);
  });

  it('has public opinion events: one answered within its target, one overdue awaiting approval (000 第13条, 002)', async () => {
    const bureau = await login(app, 'demo.bureau', DEMO_PASSWORD);
    const items = (await bureau.get('/api/v1/opinion-events')).json().items as Array<{ unitName: string; state: string; overdue: boolean; timelinessMinutes: number | null }>;
    expect(items.find((e) => e.unitName === DEMO_OPINION_IN_TIME)).toMatchObject({ state: 'published', overdue: false, timelinessMinutes: 95 });
    expect(items.find((e) => e.unitName === DEMO_OPINION_OVERDUE)).toMatchObject({ state: 'responding', overdue: true, timelinessMinutes: null });
  });
});
