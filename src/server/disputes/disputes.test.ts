// Disputes and petitions through the API (issue 22; 000 第3条 矛盾纠纷排查, 003 第三部分之六 信访矛盾排查化解):
// a school registers a petition and a dispute with due days from the district's numbers, records
// the steps and concludes them (a petition with the petitioner's view); a dispute that may become a
// group petition goes on the risk list in one step; the town sees its schools', another town's are
// not found; a teacher reads nothing; bad input is refused naming the field; stale writes get 409;
// the hourly job reminds the school once per record and stage.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disputes, notifications, riskPoints } from '../db/schema.js';
import { buildTree, findingOf, ledgerPeople, ok, refused, startWithTree, type Client, type TestUser } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { remindDisputesDue } from './disputes-jobs.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'townA' | 'bureau' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, TestUser>;

const TODAY = '2026-05-13';

beforeAll(async () => {
  ({ t, tree, c, people } = await startWithTree(TODAY, (tr) => {
    const p = ledgerPeople(tr);
    return { officerA1: p.officerA1, officerB1: p.officerB1, townA: p.townA, bureau: p.bureau, teacher: p.teacher };
  }));
});
afterAll(() => t.close());

const petition = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/disputes', {
    schoolId: tree.schoolA1.id,
    kind: 'petition',
    parties: 'school_parent',
    channel: 'visit',
    receivedOn: '2026-05-10',
    petitioners: 6,
    petitionerName: '王先生等',
    summary: '家长对食堂餐费调整有意见',
    handlerName: '张副校长',
    ...over,
  });

describe('disputes and petitions (000 第3条, 003 第三部分之六)', () => {
  it('a petition is due 60 days after it is received (信访工作条例), six people make it a group petition, and it concludes with the petitioner’s view', async () => {
    const p = await ok(petition(c.officerA1), 201);
    expect(p).toMatchObject({ kind: 'petition', dueOn: '2026-07-09', state: 'open', group: true, steps: [], version: 1 });

    const step = await ok(c.officerA1.post(`/api/v1/disputes/${p.id}/steps`, { version: 1, on: '2026-05-12', note: '召开家长座谈会说明餐费构成' }));
    expect(step.steps).toEqual([{ on: '2026-05-12', note: '召开家长座谈会说明餐费构成', byName: expect.any(String) }]);
    // A step before the last one, or in the future, is refused naming its day.
    expect((await refused(c.officerA1.post(`/api/v1/disputes/${p.id}/steps`, { version: 2, on: '2026-05-11', note: '补记' }))).details[0].field).toBe('on');
    expect((await refused(c.officerA1.post(`/api/v1/disputes/${p.id}/steps`, { version: 2, on: '2026-05-14', note: '补记' }))).details[0].field).toBe('on');
    // A stale version: 409, nothing written.
    expect((await refused(c.officerA1.post(`/api/v1/disputes/${p.id}/steps`, { version: 1, on: '2026-05-13', note: '再次沟通' }), 409)).code).toBe('STALE_VERSION');

    // A petition's conclusion needs the petitioner's view; not before the last step.
    expect((await refused(c.officerA1.post(`/api/v1/disputes/${p.id}/conclude`, { version: 2, concludedOn: '2026-05-13', conclusion: '已书面答复' }))).details[0].field).toBe('petitionerView');
    expect((await refused(c.officerA1.post(`/api/v1/disputes/${p.id}/conclude`, { version: 2, concludedOn: '2026-05-11', conclusion: '已书面答复', petitionerView: 'basic' }))).details[0].field).toBe('concludedOn');
    const done = await ok(c.officerA1.post(`/api/v1/disputes/${p.id}/conclude`, { version: 2, concludedOn: '2026-05-13', conclusion: '已书面答复，餐费维持原价', petitionerView: 'basic' }));
    expect(done).toMatchObject({ state: 'concluded', petitionerView: 'basic', version: 3 });
    expect((await refused(c.officerA1.post(`/api/v1/disputes/${p.id}/steps`, { version: 3, on: '2026-05-13', note: '回访' }))).code).toBe('DISPUTE_CONCLUDED');
  });

  it('refuses a petition without a channel, a dispute with one, a day in the future and an empty summary, naming the field; nothing is written', async () => {
    const before = (await t.database.db.select({ n: count() }).from(disputes))[0].n;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ channel: null }, 'channel'],
      [{ petitioners: null }, 'petitioners'],
      [{ kind: 'dispute', petitioners: null }, 'channel'],
      [{ receivedOn: '2026-05-14' }, 'receivedOn'],
      [{ summary: '  ' }, 'summary'],
      [{ petitioners: 0 }, 'petitioners'],
    ];
    for (const [over, field] of cases) {
      const e = await refused(petition(c.officerA1, over));
      expect(e.details[0].field, JSON.stringify(over)).toBe(field);
    }
    expect((await t.database.db.select({ n: count() }).from(disputes))[0].n).toBe(before);
  });

  it('a dispute that may become a group petition goes on the risk list once, its source this record (000 第3条 避免群访、越级上访)', async () => {
    const d = await ok(petition(c.officerA1, { kind: 'dispute', parties: 'school_staff', channel: null, petitioners: null, petitionerName: null, receivedOn: '2026-04-01', summary: '教师对绩效分配有意见，扬言集体上访', mayEscalate: true }), 201);
    // 30 days from 2026-04-01: overdue by today.
    expect(d).toMatchObject({ kind: 'dispute', dueOn: '2026-05-01', state: 'overdue', group: false });
    const bad = await refused(c.officerA1.post(`/api/v1/disputes/${d.id}/risk`, { version: 1, likelihood: 6, severity: 4, controls: '校长约谈', controlOwnerId: people.officerA1.id }));
    expect(bad.details[0].field).toBe('likelihood');
    // The person responsible must be of the school: another school's is not found, and nothing is raised.
    expect((await refused(c.officerA1.post(`/api/v1/disputes/${d.id}/risk`, { version: 1, likelihood: 3, severity: 4, controls: '校长约谈', controlOwnerId: people.officerB1.id }), 404)).message).toContain('管控责任人');
    expect((await t.database.db.select({ n: count() }).from(riskPoints).where(eq(riskPoints.sourceType, 'dispute')))[0].n).toBe(0);
    const raised = await ok(c.officerA1.post(`/api/v1/disputes/${d.id}/risk`, { version: 1, likelihood: 3, severity: 4, controls: '校长约谈，工会介入', controlOwnerId: people.officerA1.id }));
    expect(raised.riskId).toEqual(expect.any(Number));
    const [risk] = await t.database.db.select().from(riskPoints).where(eq(riskPoints.id, raised.riskId));
    expect(risk).toMatchObject({ schoolId: tree.schoolA1.id, kind: 'special', sourceType: 'dispute', sourceId: String(d.id) });
    expect((await refused(c.officerA1.post(`/api/v1/disputes/${d.id}/risk`, { version: 2, likelihood: 3, severity: 4, controls: '再列一次', controlOwnerId: people.officerA1.id }))).code).toBe('DISPUTE_RISK_RAISED');

    const overdue = await ok(c.officerA1.get('/api/v1/disputes?state=overdue'));
    expect(overdue.items.map((x: { id: number }) => x.id)).toContain(d.id);
    expect((await ok(c.officerA1.get('/api/v1/disputes?state=concluded'))).items.every((x: { state: string }) => x.state === 'concluded')).toBe(true);
  });

  it('the town sees its schools’ records and counts, another town’s school reads nothing of them, a teacher is refused', async () => {
    const town = await ok(c.townA.get('/api/v1/disputes'));
    expect(town.total).toBeGreaterThanOrEqual(2);
    const id = town.items[0].id;
    expect((await refused(c.officerB1.get(`/api/v1/disputes/${id}`), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.officerB1.get('/api/v1/disputes'))).total).toBe(0);
    await refused(c.officerB1.post(`/api/v1/disputes/${id}/steps`, { version: 1, on: '2026-05-13', note: '越权' }), 404);
    // A school outside the writer's scope: not found.
    await refused(petition(c.officerB1), 404);
    await refused(c.teacher.get('/api/v1/disputes'), 403);
    await refused(c.teacher.get('/api/v1/disputes/export'), 403);
    const summary = await ok(c.bureau.get('/api/v1/disputes/summary'));
    const a = summary.towns.find((x: { townId: number }) => x.townId === tree.townA.id);
    expect(a).toMatchObject({ overdue: 1, group: 1, mayEscalate: 1, concluded: 1 });
    const xlsx = await c.bureau.get('/api/v1/disputes/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('the hourly job reminds the school of a record due within 7 days and again once overdue, once each', async () => {
    const p = await ok(petition(c.officerA1, { receivedOn: '2026-03-16', petitioners: 1, summary: '反映校门口交通拥堵' }), 201);
    expect(p).toMatchObject({ dueOn: '2026-05-15', state: 'due_soon' });
    const mine = () => t.database.db.select({ title: notifications.title }).from(notifications).where(and(eq(notifications.userId, people.officerA1.id), eq(notifications.kind, 'dispute_due')));
    await t.database.db.transaction((tx) => remindDisputesDue(tx, TODAY));
    await t.database.db.transaction((tx) => remindDisputesDue(tx, TODAY));
    const titles = (await mine()).map((n) => n.title);
    expect(titles.filter((x) => x.includes('将于 2026-05-15 到期'))).toHaveLength(1);
    expect(titles.filter((x) => x.includes('已超期'))).toHaveLength(1); // the overdue dispute of the risk test
    await t.database.db.transaction((tx) => remindDisputesDue(tx, '2026-05-16'));
    expect((await mine()).filter((n) => n.title.includes('已超期')).length).toBe(2);
  });
});

describe('the days come from the rule pack and the board judges them (disputes.petition_reply: 003 第三部分之六; disputes.dispute_resolve: 000 第3条)', () => {
  it('the overdue dispute is missed for its school, with days only; the petition still open is due soon', async () => {
    const resolve = await findingOf(c.townA, tree.schoolA1.id, 'disputes.dispute_resolve');
    expect(resolve).toMatchObject({ status: 'missed' });
    expect(resolve.explanation).toContain('2026-04-01 登记，限 2026-05-01');
    expect(resolve.explanation).not.toContain('绩效');
    const reply = await findingOf(c.townA, tree.schoolA1.id, 'disputes.petition_reply');
    expect(reply).toMatchObject({ status: 'due_soon' });
    expect(reply.explanation).toContain('2026-05-15');
  });

  it('a bureau shortens the petition days as a new pack version: later petitions are due sooner, earlier ones keep their day', async () => {
    const before = await ok(c.bureau.get('/api/v1/disputes/deadlines'));
    expect(before).toMatchObject({ petitionReplyDays: 60, disputeResolveDays: 30, packVersion: expect.any(Number) });
    const earlier = await ok(petition(c.officerA1, { receivedOn: '2026-05-12', summary: '反映校车接送时间' }), 201);
    const rules = await ok(c.bureau.get('/api/v1/rules'));
    await ok(c.bureau.patch('/api/v1/rules', { version: rules.currentVersion, changes: [{ code: 'disputes.petition_reply', min: 30 }], reason: '本区要求信访事项 30 日内办结' }));
    const after = await ok(c.officerA1.get('/api/v1/disputes/deadlines'));
    expect(after).toMatchObject({ petitionReplyDays: 30, disputeResolveDays: 30, packVersion: before.packVersion + 1 });
    const later = await ok(petition(c.officerA1, { receivedOn: '2026-05-12', summary: '反映食堂饭菜质量' }), 201);
    expect([earlier.dueOn, later.dueOn]).toEqual(['2026-07-11', '2026-06-11']);
    expect((await ok(c.officerA1.get(`/api/v1/disputes/${earlier.id}`))).dueOn).toBe('2026-07-11');
  });
});
