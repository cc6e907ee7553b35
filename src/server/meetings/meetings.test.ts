// The safety meeting ledger through the API (issue 4): the rules of 000 第1条 turn from missed to
// met in /compliance once the meetings are kept; correct with a version, void; bad input naming the
// field, and nothing written.
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, safetyMeetings } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, ledgerPeople));
});
afterAll(() => t.close());

const rows = async (table: typeof safetyMeetings | typeof auditEvents) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

const meeting = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/meetings', {
    schoolId,
    meetingOn: '2026-03-16',
    level: 'leadership_team',
    chair: '王校长',
    attendees: ['王校长', '张副校长', '刘主任'],
    minutes: '研究部署春季开学校园安全工作',
    decisions: '开展消防设施全面检查',
    ...over,
  });

describe('safety meetings (000 第1条)', () => {
  it('no leadership-team meeting last quarter and none of the leader in charge last month is missed; recording them makes both met', async () => {
    const q0 = await findingOf(c.kg, tree.schoolA2.id, 'meeting.leadership_quarterly');
    expect(q0).toMatchObject({ status: 'missed', period: { key: '2026-Q1' }, value: 0, ledger: 'meetings' });
    expect(q0.explanation).toContain('000 第1条');
    const m0 = await findingOf(c.kg, tree.schoolA2.id, 'meeting.leader_monthly');
    expect(m0).toMatchObject({ status: 'missed', period: { key: '2026-04' }, value: 0 });

    const team = await ok(meeting(c.kg, tree.schoolA2.id), 201);
    expect(team).toMatchObject({ level: 'leadership_team', chair: '王校长', attendees: ['王校长', '张副校长', '刘主任'], status: 'recorded', version: 1 });
    expect(await findingOf(c.kg, tree.schoolA2.id, 'meeting.leadership_quarterly')).toMatchObject({ status: 'met', period: { key: '2026-Q2' } });
    // A March meeting is no April meeting.
    expect((await findingOf(c.kg, tree.schoolA2.id, 'meeting.leader_monthly')).status).toBe('missed');
    const leader = await ok(meeting(c.kg, tree.schoolA2.id, { meetingOn: '2026-04-20', level: 'leader_in_charge', chair: '张副校长' }), 201);
    const m1 = await findingOf(c.kg, tree.schoolA2.id, 'meeting.leader_monthly');
    expect(m1).toMatchObject({ status: 'met', period: { key: '2026-05' } });
    expect(m1.explanation).toContain('000 第1条');

    // Correct, stale, void, list by level and month.
    const fixed = await ok(c.kg.patch(`/api/v1/meetings/${leader.id}`, { version: 1, decisions: null, attendees: ['张副校长', '各班主任'] }));
    expect(fixed).toMatchObject({ version: 2, decisions: null, attendees: ['张副校长', '各班主任'] });
    expect((await refused(c.kg.patch(`/api/v1/meetings/${leader.id}`, { version: 1, chair: 'x' }), 409)).code).toBe('STALE_VERSION');
    expect((await ok(c.kg.get('/api/v1/meetings?level=leader_in_charge&from=2026-04-01&to=2026-04-30'))).items.map((x: any) => x.id)).toEqual([leader.id]);
    await ok(c.kg.post(`/api/v1/meetings/${leader.id}/void`, { version: 2, voidReason: '会议未实际召开' }));
    expect((await findingOf(c.kg, tree.schoolA2.id, 'meeting.leader_monthly')).status).toBe('missed');
    expect((await refused(c.kg.post(`/api/v1/meetings/${leader.id}/void`, { version: 3, voidReason: '再次' }))).code).toBe('RECORD_VOIDED');
    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'safety_meeting'), eq(auditEvents.objectId, String(leader.id)))).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'void']);
  });

  it('refuses a meeting in the future, an unknown level, no attendees, no minutes — and writes nothing', async () => {
    const [n, e] = [await rows(safetyMeetings), await rows(auditEvents)];
    expect((await refused(meeting(c.kg, tree.schoolA2.id, { meetingOn: '2026-05-11' }))).message).toBe('会议日期：不能晚于今天');
    expect((await refused(meeting(c.kg, tree.schoolA2.id, { level: 'staff_meeting' }))).message).toBe('会议类别：请选择会议类别');
    expect((await refused(meeting(c.kg, tree.schoolA2.id, { attendees: [] }))).message).toBe('参会人员：请至少填写一名参会人员');
    expect((await refused(meeting(c.kg, tree.schoolA2.id, { minutes: '' }))).message).toBe('会议纪要：请填写会议纪要');
    expect((await refused(meeting(c.townA, tree.townA.id))).message).toBe('学校：请选择学校');
    expect([await rows(safetyMeetings), await rows(auditEvents)]).toEqual([n, e]);
  });
});
