// The safety education and boarding care ledger through the API (issue 15 item 9; 000 第15条 and the
// task table, 001 第8条, 001 第12条): an activity for an education day held within 7 days meets the
// rule, late is missed; the roll call's counts add up and every parent is told; the drowning letter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../db/schema.js';
import { eq } from 'drizzle-orm';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

// Ten days after the 5.12 disaster-prevention day.
const TODAY = '2026-05-22';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tr) => {
    const p = ledgerPeople(tr);
    return { officerA1: p.officerA1, officerB1: p.officerB1, bureau: p.bureau, teacher: p.teacher };
  }));
  await t.database.db.update(units).set({ boarding: true }).where(eq(units.id, tree.schoolB1.id));
});
afterAll(() => t.close());

const activity = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/education-records', { schoolId: tree.schoolA1.id, kind: 'activity', heldOn: '2026-05-12', person: '德育处张主任', educationDay: 'disaster_prevention_day:2026', topic: '防灾减灾主题班会和地震疏散演练', classesReached: 24, participants: 1050, ...over });

describe('safety education days and boarding care (000 第15条, 001 第8条, 001 第12条)', () => {
  it('the education days of the year are offered; an activity within 7 days counts, 8 days late does not', async () => {
    const days = await ok(c.officerA1.get('/api/v1/education-records/days?year=2026'));
    expect(days.items.map((d: any) => d.key)).toContain('disaster_prevention_day:2026');
    // 9.18, 11.9, 12.2, the national safety education day (last Monday of March) and 5.12 have come this school year.
    const f0 = await findingOf(c.officerA1, tree.schoolA1.id, 'education.safety_days');
    expect(f0).toMatchObject({ status: 'missed', value: 0, target: 5 });
    expect(f0.explanation).toContain('000 第15条');
    const late = await ok(activity(c.officerA1, { heldOn: '2026-05-20' }), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'education.safety_days')).value).toBe(0);
    await ok(c.officerA1.patch(`/api/v1/education-records/${late.id}`, { version: 1, heldOn: '2026-05-19' }));
    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'education.safety_days')).toMatchObject({ value: 1, recordIds: [late.id] });
    expect((await refused(activity(c.officerA1, { educationDay: 'whatever' }))).details[0].field).toBe('educationDay');
  });

  it('roll call: counts add up, parents told of every absence without leave; a boarding school misses days without one', async () => {
    const call = (over: Record<string, unknown> = {}) =>
      c.officerB1.post('/api/v1/education-records', { schoolId: tree.schoolB1.id, kind: 'roll_call', heldOn: '2026-05-21', person: '宿管刘阿姨', dormitory: '男生宿舍3号楼', expected: 120, present: 119, absentWithoutLeave: 1, parentsNotified: 1, ...over });
    expect((await refused(call({ present: 121 }))).message).toBe('实到人数：不能多于应到人数（120 人）');
    expect((await refused(call({ parentsNotified: 2 }))).message).toBe('当天已通知家长人数：不能多于未请假缺勤人数');
    expect((await refused(call({ expected: -1 }))).message).toBe('应到人数：不能为负数');
    await ok(call(), 201);
    const f = await findingOf(c.officerB1, tree.schoolB1.id, 'education.boarding_roll_call');
    expect(f.status).toBe('missed');
    expect(f.explanation).toContain('001 第8条');
    const none = await ok(c.officerA1.get(`/api/v1/compliance?unitId=${tree.schoolA1.id}&ruleCode=education.boarding_roll_call`));
    expect(none.items).toHaveLength(0);
  });

  it('drowning letter: acknowledgements not more than sent; all classes acknowledged meets the rule; scope and stage filter', async () => {
    const letter = (over: Record<string, unknown> = {}) =>
      c.officerA1.post('/api/v1/education-records', { schoolId: tree.schoolA1.id, kind: 'drowning_letter', heldOn: '2026-05-20', person: '德育处张主任', classesTotal: 24, classesAcknowledged: 24, studentsTotal: 1050, studentsAcknowledged: 1050, ...over });
    expect((await refused(letter({ classesAcknowledged: 25 }))).details[0].field).toBe('classesAcknowledged');
    const part = await ok(letter({ classesAcknowledged: 20 }), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'education.drowning_letter')).value).toBe(0);
    await ok(c.officerA1.patch(`/api/v1/education-records/${part.id}`, { version: 1, classesAcknowledged: 24 }));
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'education.drowning_letter')).status).toBe('met');
    await refused(c.officerB1.get(`/api/v1/education-records/${part.id}`), 404);
    await refused(activity(c.teacher), 403);
    expect((await ok(c.bureau.get(`/api/v1/education-records?townId=${tree.townA.id}&stage=primary&kind=drowning_letter`))).total).toBe(1);
  });
});
