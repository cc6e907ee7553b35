// Oversight of compliance through the API (issue 4): from a missed finding the bureau opens a
// hazard or a town sends the school a rectification notice — evaluated again on the server, once
// per school, rule and period, in scope, audited — and a school's calendar of what falls due.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, hazards, notifications } from '../db/schema.js';
import { buildTree, buildUser, ok, startWithTree, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'bureau' | 'townA' | 'townB' | 'dept' | 'kgPrincipal' | 'kgOfficer' | 'officerA1' | 'leader';
let c: Record<Who, Client>;
let people: Record<Who, { id: number; username: string }>;

const TODAY = '2026-05-10';
const KG_RULE = 'drill.quarterly_kindergarten';

beforeAll(async () => {
  ({ t, tree, people, c } = await startWithTree(TODAY, (tree) => ({
    bureau: [tree.bureau, ['bureau_admin']],
    leader: [tree.bureau, ['bureau_leader']],
    townA: [tree.townA, ['town_officer']],
    townB: [tree.townB, ['town_officer']],
    dept: [tree.department, ['department_officer']],
    // The kindergarten (schoolA2) has no drill at all, like the demo's 示范区第一幼儿园.
    kgPrincipal: [tree.schoolA2, ['principal']],
    kgOfficer: [tree.schoolA2, ['school_safety_officer']],
    officerA1: [tree.schoolA1, ['school_safety_officer']],
  })));
});
afterAll(() => t.close());

type Res = { statusCode: number; body: string; json: () => any };
async function fails(p: Promise<Res>, code: number) {
  const res = await p;
  expect(res.statusCode, res.body).toBe(code);
  return res.json().error;
}
const act = (client: Client, body: Record<string, unknown>) => client.post('/api/v1/compliance/actions', body);
const hazardCount = async () => (await t.database.db.select({ n: count() }).from(hazards))[0].n;
const auditsOf = (type: 'compliance_action' | 'hazard') => t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, type)).orderBy(auditEvents.id);

describe('acting on a missed finding', () => {
  it('the bureau opens a hazard from the kindergarten missing its quarterly drill (001 第6条); the hazard names the rule', async () => {
    const before = await ok(c.bureau.get(`/api/v1/compliance?unitId=${tree.schoolA2.id}&ruleCode=${KG_RULE}`));
    expect(before.items[0]).toMatchObject({ status: 'missed', period: { key: '2026-Q1' } });

    const res = await ok(act(c.bureau, { unitId: tree.schoolA2.id, ruleCode: KG_RULE, action: 'hazard', note: '请尽快补做午睡时段疏散演练', deadline: '2026-05-31' }), 201);
    expect(res).toMatchObject({ action: 'hazard', unitId: tree.schoolA2.id, ruleCode: KG_RULE, periodLabel: '2026年第一季度', notice: null });
    expect(res.hazard.code).toMatch(/^YH-2026-\d+$/);

    const h = await ok(c.bureau.get(`/api/v1/hazards/${res.hazard.id}`));
    expect(h).toMatchObject({ schoolId: tree.schoolA2.id, source: 'compliance', area: 'education', grade: 'general', status: 'reported', foundOn: TODAY, location: '全校（应急疏散演练台账）' });
    expect(h.description).toContain('幼儿园每季度至少开展1次应急疏散演练'.slice(0, 3));
    expect(h.description).toContain('上季度应急疏散演练 0 次');
    expect(h.description).toContain('001 第6条');
    expect(h.description).toContain(`规则 ${KG_RULE}`);
    expect(h.description).toContain('建议整改时限：2026-05-31');
    expect(h.description).toContain('说明：请尽快补做午睡时段疏散演练');
    expect(h.steps.map((s: any) => s.action)).toEqual(['report']);
    // The school sees it in its register, to rectify once it is confirmed.
    const list = await ok(c.kgPrincipal.get('/api/v1/hazards?source=compliance'));
    expect(list.items.map((x: any) => x.code)).toEqual([res.hazard.code]);

    // Audited: the hazard's creation and the action on the finding.
    const [ev] = await auditsOf('compliance_action');
    expect(ev).toMatchObject({ action: 'create', actorId: people.bureau.id, objectId: String(res.hazard.id) });
    expect(ev.after).toMatchObject({ action: 'hazard', unitId: tree.schoolA2.id, ruleCode: KG_RULE, period: '2026-Q1', hazardCode: res.hazard.code });
    expect((await auditsOf('hazard')).some((e) => e.objectId === String(res.hazard.id) && e.action === 'create')).toBe(true);

    // The card knows the hazard is open.
    const view = await ok(c.bureau.get(`/api/v1/compliance/actions?unitId=${tree.schoolA2.id}`));
    expect(view.openHazards).toEqual([{ id: res.hazard.id, code: res.hazard.code, ruleCode: KG_RULE, periodKey: '2026-Q1', status: 'reported', visible: true }]);
    expect(view.mayNotice).toBe(true);
    expect(view.rules.find((r: any) => r.ruleCode === KG_RULE)).toMatchObject({ area: 'education', mayOpenHazard: true });
  });

  it('a second open hazard for the same school, rule and period is refused with the first one’s code (409), nothing written', async () => {
    const [first] = await t.database.db.select().from(hazards).where(and(eq(hazards.schoolId, tree.schoolA2.id), eq(hazards.source, 'compliance')));
    const n = await hazardCount();
    const audits = (await auditsOf('compliance_action')).length;
    const err = await fails(act(c.townA, { unitId: tree.schoolA2.id, ruleCode: KG_RULE, action: 'hazard' }), 409);
    expect(err.code).toBe('HAZARD_EXISTS');
    expect(err.message).toContain(first.code);
    expect(err.details).toMatchObject({ hazardId: first.id, code: first.code });
    expect(await hazardCount()).toBe(n);
    expect((await auditsOf('compliance_action')).length).toBe(audits);
  });

  it('a hazard opened from a state’s finding (a rule of no period) is found again the next day; a second one is refused', async () => {
    const all = await ok(c.bureau.get(`/api/v1/compliance?unitId=${tree.schoolB1.id}&pageSize=200`));
    const state = all.items.find((f: any) => f.status === 'missed' && f.period === null);
    expect(state, 'a missed state finding at school B1').toBeDefined();
    const res = await ok(act(c.bureau, { unitId: tree.schoolB1.id, ruleCode: state.ruleCode, action: 'hazard' }), 201);
    t.now.value = new Date('2026-05-11T02:00:00Z');
    try {
      const next = await ok(c.bureau.get(`/api/v1/compliance?unitId=${tree.schoolB1.id}&ruleCode=${state.ruleCode}`));
      expect(next.items[0]).toMatchObject({ status: 'missed', period: null });
      const view = await ok(c.bureau.get(`/api/v1/compliance/actions?unitId=${tree.schoolB1.id}`));
      expect(view.openHazards).toContainEqual(expect.objectContaining({ id: res.hazard.id, ruleCode: state.ruleCode, periodKey: 'current' }));
      expect((await fails(act(c.bureau, { unitId: tree.schoolB1.id, ruleCode: state.ruleCode, action: 'hazard' }), 409)).code).toBe('HAZARD_EXISTS');
    } finally {
      t.now.value = new Date(`${TODAY}T02:00:00Z`);
    }
  });

  it('a town sends the school a rectification notice; it reaches the principal and the safety officer', async () => {
    const res = await ok(act(c.townA, { unitId: tree.schoolA2.id, ruleCode: KG_RULE, action: 'notice', deadline: '2026-05-20', note: '本周内补做' }), 201);
    expect(res).toMatchObject({ action: 'notice', hazard: null, notice: { recipients: 2 } });
    expect(res.notice.title).toContain('整改通知');
    expect(res.notice.title).toContain('2026-05-20');
    for (const who of ['kgPrincipal', 'kgOfficer'] as const) {
      const mine = await ok(c[who].get('/api/v1/notifications'));
      const n = mine.items.find((x: any) => x.kind === 'compliance_notice');
      expect(n, who).toBeTruthy();
      expect(n.title).toContain('2026年第一季度');
      expect(n.title).toContain('本周内补做');
      expect(n.title).toContain('001 第6条');
      expect(n.link).toBe('/due-calendar?month=2026-05');
    }
    // Nobody else at another school hears of it.
    expect((await ok(c.officerA1.get('/api/v1/notifications'))).items.some((x: any) => x.kind === 'compliance_notice')).toBe(false);
    const ev = (await auditsOf('compliance_action')).at(-1)!;
    expect(ev).toMatchObject({ actorId: people.townA.id, objectId: String(tree.schoolA2.id) });
    expect(ev.after).toMatchObject({ action: 'notice', ruleCode: KG_RULE, recipients: expect.arrayContaining([people.kgPrincipal.id, people.kgOfficer.id]) });
  });

  it('refused when the finding is not missed: the server evaluates it again (000 第17条)', async () => {
    // schoolA1 missed April's drill; recording one makes the monthly rule met (May not due yet).
    await ok(c.officerA1.post('/api/v1/drills', { schoolId: tree.schoolA1.id, heldOn: '2026-04-20', kind: 'fire', participants: 500 }), 201);
    const n = await hazardCount();
    const err = await fails(act(c.bureau, { unitId: tree.schoolA1.id, ruleCode: 'drill.monthly', action: 'hazard' }), 400);
    expect(err.code).toBe('FINDING_NOT_MISSED');
    expect(err.message).toContain('已达标');
    expect(err.message).toContain('不是未达标');
    await fails(act(c.townA, { unitId: tree.schoolA1.id, ruleCode: 'drill.monthly', action: 'notice' }), 400);
    expect(await hazardCount()).toBe(n);
    // A rule the pack does not have, a rule that does not apply, a deadline in the past, a bad action.
    expect((await fails(act(c.bureau, { unitId: tree.schoolA1.id, ruleCode: 'drill.nope', action: 'hazard' }), 400)).message).toContain('规则');
    expect((await fails(act(c.bureau, { unitId: tree.schoolA1.id, ruleCode: KG_RULE, action: 'hazard' }), 400)).code).toBe('FINDING_NOT_JUDGED');
    expect((await fails(act(c.bureau, { unitId: tree.schoolB1.id, ruleCode: 'drill.monthly', action: 'notice', deadline: '2026-05-01' }), 400)).message).toContain('整改时限');
    expect((await fails(act(c.bureau, { unitId: tree.schoolB1.id, ruleCode: 'drill.monthly', action: 'close' }), 400)).message).toMatch(/生成隐患/);
    expect(await hazardCount()).toBe(n);
  });

  it('a school out of scope is not found (404): another town, a unit that is not a school', async () => {
    await fails(act(c.townB, { unitId: tree.schoolA2.id, ruleCode: KG_RULE, action: 'notice' }), 404);
    await fails(act(c.townB, { unitId: tree.schoolA2.id, ruleCode: KG_RULE, action: 'hazard' }), 404);
    await fails(c.townB.get(`/api/v1/compliance/actions?unitId=${tree.schoolA2.id}`), 404);
    await fails(act(c.bureau, { unitId: tree.townA.id, ruleCode: KG_RULE, action: 'notice' }), 404);
    await fails(c.townB.get(`/api/v1/schools/${tree.schoolA2.id}/due-calendar`), 404);
    await fails(c.officerA1.get(`/api/v1/schools/${tree.schoolA2.id}/due-calendar`), 404);
  });

  it('permission: a school does not act on its own findings, a leader only looks, a department opens hazards only in its areas', async () => {
    const n = await hazardCount();
    expect((await fails(act(c.kgPrincipal, { unitId: tree.schoolA2.id, ruleCode: KG_RULE, action: 'notice' }), 403)).code).toBe('FORBIDDEN');
    await fails(act(c.kgOfficer, { unitId: tree.schoolA2.id, ruleCode: KG_RULE, action: 'hazard' }), 403);
    await fails(act(c.leader, { unitId: tree.schoolB1.id, ruleCode: 'drill.monthly', action: 'hazard' }), 403);
    // The test department owns fire safety only: a drill rule (safety education) is not its hazard to open…
    const err = await fails(act(c.dept, { unitId: tree.schoolB1.id, ruleCode: 'drill.monthly', action: 'hazard' }), 403);
    expect(err.message).toContain('安全教育');
    const view = await ok(c.dept.get(`/api/v1/compliance/actions?unitId=${tree.schoolB1.id}`));
    expect(view.rules.find((r: any) => r.ruleCode === 'drill.monthly')).toMatchObject({ mayOpenHazard: false });
    expect(view.mayNotice).toBe(true);
    // … but it may send the notice, once the school has someone to receive it.
    expect((await fails(act(c.dept, { unitId: tree.schoolB1.id, ruleCode: 'drill.monthly', action: 'notice' }), 400)).code).toBe('NO_RECIPIENTS');
    const b1 = await buildUser(t.database.db, tree.schoolB1, ['principal']);
    expect((await ok(act(c.dept, { unitId: tree.schoolB1.id, ruleCode: 'drill.monthly', action: 'notice' }), 201)).notice.recipients).toBe(1);
    const got = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, b1.id), eq(notifications.kind, 'compliance_notice')));
    expect(got).toHaveLength(1);
    const school = await ok(c.kgPrincipal.get(`/api/v1/compliance/actions?unitId=${tree.schoolA2.id}`));
    expect(school.mayNotice).toBe(false);
    expect(school.rules.every((r: any) => !r.mayOpenHazard)).toBe(true);
    expect(await hazardCount()).toBe(n);
    const notices = await t.database.db.select({ n: count() }).from(notifications).where(eq(notifications.kind, 'compliance_notice'));
    expect(notices[0].n).toBeGreaterThan(0);
  });
});

describe('the school’s calendar of what falls due', () => {
  beforeAll(async () => {
    await ok(
      c.bureau.put('/api/v1/school-calendars/2025-2026', {
        semesters: [
          { startsOn: '2025-09-01', endsOn: '2026-01-23' },
          { startsOn: '2026-02-23', endsOn: '2026-07-03' },
        ],
        holidays: [{ name: '劳动节', startsOn: '2026-05-01', endsOn: '2026-05-05' }],
      }),
    );
    await ok(c.bureau.post('/api/v1/key-periods', { name: '中考期间', startsOn: '2026-05-28', endsOn: '2026-06-20' }), 201);
  });

  it('a month lists the findings falling due, the safety education days, holidays and key periods (000 第15条, 003)', async () => {
    const cal = await ok(c.officerA1.get(`/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=2026-05`));
    expect(cal).toMatchObject({ unitId: tree.schoolA1.id, unitName: tree.schoolA1.name, month: '2026-05', asOf: TODAY });
    const byKind = (k: string) => cal.items.filter((i: any) => i.kind === k);
    // May's drill is due by the month's end; not yet due, so met.
    expect(byKind('finding').find((i: any) => i.ruleCode === 'drill.monthly')).toMatchObject({ startsOn: '2026-05-31', status: 'met', source: expect.stringContaining('000 第17条') });
    expect(byKind('finding').every((i: any) => i.startsOn >= '2026-05-01' && i.startsOn <= '2026-05-31')).toBe(true);
    expect(byKind('education_day')).toEqual([expect.objectContaining({ startsOn: '2026-05-12', title: '“5.12”全国防灾减灾日', source: expect.stringContaining('000 第15条') })]);
    expect(byKind('holiday')).toEqual([expect.objectContaining({ title: '劳动节', startsOn: '2026-05-01', endsOn: '2026-05-05', source: '000 第4条' })]);
    expect(byKind('key_period')).toEqual([expect.objectContaining({ title: '重点时段：中考期间', startsOn: '2026-05-28', source: '003' })]);
    expect(cal.items.map((i: any) => i.startsOn)).toEqual([...cal.items.map((i: any) => i.startsOn)].sort());
    // What was missed before May and is still missed (April's drill was made good).
    expect(cal.overdue.every((i: any) => i.status === 'missed' && i.startsOn < '2026-05-01')).toBe(true);
    expect(cal.overdue.some((i: any) => i.ruleCode === 'drill.monthly')).toBe(false);

    // June: the work-safety month, 6.16 and 6.26, and the key period still running.
    const june = await ok(c.officerA1.get(`/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=2026-06`));
    expect(june.items.filter((i: any) => i.kind === 'education_day').map((i: any) => i.startsOn)).toEqual(['2026-06-01', '2026-06-16', '2026-06-26']);
    expect(june.items.some((i: any) => i.kind === 'key_period')).toBe(true);
    // February: the spring term's first lesson on its first day (000 任务分解表第5项).
    const feb = await ok(c.officerA1.get(`/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=2026-02`));
    expect(feb.items.find((i: any) => i.kind === 'education_day')).toMatchObject({ startsOn: '2026-02-23', title: '春季“开学第一课”' });
    expect(feb.items.find((i: any) => i.kind === 'semester')).toMatchObject({ startsOn: '2026-02-23', title: '2025-2026学年第二学期开学' });
  });

  it('a missed finding stays listed this month as overdue; in its own month it sits on its deadline; a town sees its school', async () => {
    const may = await ok(c.townA.get(`/api/v1/schools/${tree.schoolA2.id}/due-calendar`));
    expect(may.month).toBe('2026-05');
    expect(may.overdue.find((i: any) => i.ruleCode === KG_RULE)).toMatchObject({ status: 'missed', startsOn: '2026-03-31' });
    const march = await ok(c.kgPrincipal.get(`/api/v1/schools/${tree.schoolA2.id}/due-calendar?month=2026-03`));
    expect(march.items.find((i: any) => i.ruleCode === KG_RULE)).toMatchObject({ status: 'missed', startsOn: '2026-03-31' });
    expect(march.items.find((i: any) => i.kind === 'education_day')).toMatchObject({ title: '全国中小学生安全教育日', startsOn: '2026-03-30' });
    expect(march.overdue).toEqual([]);
    const err = await fails(c.kgPrincipal.get(`/api/v1/schools/${tree.schoolA2.id}/due-calendar?month=2026-13`), 400);
    expect(err.message).toContain('月份');
  });
});
