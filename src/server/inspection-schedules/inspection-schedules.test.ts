// Recurring inspections through the API (issue 17; 001 item 13 消防安全检查日): a school schedules
// its monthly self-check and today's occurrence is a planned inspection at once; the job makes each
// day once however often it runs; a town schedules its own weekly check of its schools; bad shapes
// are refused naming the field; another town's school is 404; a stale change 409; a missed
// occurrence is a finding of inspection.recurring on the board, one done on its day is met.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltinChecklists } from '../checklists/checklists.service.js';
import { auditEvents, inspectionOccurrences, inspections } from '../db/schema.js';
import { findingOf, ledgerPeople, login, ok, refused, startWithTree, type Client, type PersonSpec, type TestUser, type Tree } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { loadRoleTable } from '../access/access.js';
import { generateOccurrences } from './inspection-schedules.service.js';

let t: TestContext;
let tree: Tree;
type Who = keyof ReturnType<typeof ledgerPeople> | 'townB';
let c: Record<Who, Client>;
let people: Record<Who, TestUser>;

// A Thursday. The days are before any day this suite runs on: the sessions' last-seen time is the
// database's clock, so a test clock moved beyond today would expire them.
const TODAY = '2025-11-20';

beforeAll(async () => {
  ({ t, tree, c, people } = await startWithTree(TODAY, (tr) => ({ ...ledgerPeople(tr), townB: [tr.townB, ['town_officer']] as PersonSpec })));
  await t.database.db.transaction((tx) => ensureBuiltinChecklists(tx, tree.districtId));
});
afterAll(() => t.close());

const run = async () => generateOccurrences(t.database.db, await loadRoleTable(t.database.db), t.now.value);
/** Moves the clock, and signs in again the people the step needs (sessions expire when idle). */
async function moveTo(day: string) {
  t.now.value = new Date(`${day}T02:00:00Z`);
  for (const k of ['officerA1', 'bureau'] as const) c[k] = await login(t.app, people[k].username);
}
const occurrences = (client: Client, id: number) => ok(client.get(`/api/v1/inspection-schedules/${id}/occurrences?pageSize=50`));

describe('recurring inspections (定期检查)', () => {
  let monthly: any;

  it("a school's monthly 消防安全检查日: today's occurrence is a planned self-check at once, made once however often the job runs", async () => {
    monthly = await ok(
      c.officerA1.post('/api/v1/inspection-schedules', { title: '消防安全检查日', kind: 'self_check', cadence: 'monthly', monthDay: 20, startsOn: '2025-11-01', schoolIds: [tree.schoolB1.id] }),
      201,
    );
    // A school schedules only for itself, whatever it names.
    expect(monthly).toMatchObject({ kind: 'self_check', cadenceText: '每月 20 日', schoolIds: [tree.schoolA1.id], status: 'active', nextOn: '2025-12-20', canEdit: true, version: 1 });
    const occ = await occurrences(c.officerA1, monthly.id);
    expect(occ.items).toHaveLength(1);
    expect(occ.items[0]).toMatchObject({ occursOn: TODAY, schoolId: tree.schoolA1.id, state: 'planned', problem: null });
    const insp = await ok(c.officerA1.get(`/api/v1/inspections/${occ.items[0].inspectionId}`));
    expect(insp).toMatchObject({ kind: 'self_check', title: '消防安全检查日', plannedOn: TODAY, status: 'planned' });

    expect(await run()).toBe(0);
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    const [{ n }] = await t.database.db.select({ n: count() }).from(inspectionOccurrences).where(eq(inspectionOccurrences.scheduleId, monthly.id));
    expect(n).toBe(1);
    const [{ a }] = await t.database.db.select({ a: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'inspection_schedule'), eq(auditEvents.objectId, String(monthly.id))));
    expect(a).toBe(1);
  });

  it('bad shapes are refused naming the field; another town and school see 404; a stale change 409', async () => {
    const post = (client: Client, body: Record<string, unknown>) => client.post('/api/v1/inspection-schedules', { title: '食堂每日检查', kind: 'self_check', cadence: 'daily', startsOn: TODAY, ...body });
    expect(JSON.stringify(await refused(post(c.officerA1, { cadence: 'weekly' })))).toContain('weekday');
    expect(JSON.stringify(await refused(post(c.officerA1, { cadence: 'monthly', monthDay: 31 })))).toContain('monthDay');
    expect(JSON.stringify(await refused(post(c.officerA1, { endsOn: '2025-11-19' })))).toContain('endsOn');
    expect(JSON.stringify(await refused(post(c.officerA1, { kind: 'town_check' })))).toContain('kind');
    expect(JSON.stringify(await refused(post(c.officerA1, { cadence: 'fortnightly' })))).toContain('cadence');
    expect(JSON.stringify(await refused(post(c.officerA1, { startsOn: '2025-02-30' })))).toContain('startsOn');
    // A town names only its own schools.
    expect((await post(c.townA, { schoolIds: [tree.schoolB1.id] })).statusCode).toBe(404);
    expect((await post(c.teacher, {})).statusCode).toBe(403);

    expect((await c.officerB1.get(`/api/v1/inspection-schedules/${monthly.id}`)).statusCode).toBe(404);
    expect((await c.townB.get(`/api/v1/inspection-schedules/${monthly.id}/occurrences`)).statusCode).toBe(404);
    expect((await ok(c.townB.get('/api/v1/inspection-schedules'))).total).toBe(0);
    // The town sees its school's schedule but does not change it.
    expect((await ok(c.townA.get(`/api/v1/inspection-schedules/${monthly.id}`))).canEdit).toBe(false);
    expect((await c.townA.patch(`/api/v1/inspection-schedules/${monthly.id}`, { version: 1, title: 'x' })).statusCode).toBe(403);

    const renamed = await ok(c.officerA1.patch(`/api/v1/inspection-schedules/${monthly.id}`, { version: 1, title: '每月消防安全检查日' }));
    expect(renamed.version).toBe(2);
    expect((await refused(c.officerA1.patch(`/api/v1/inspection-schedules/${monthly.id}`, { version: 1, status: 'stopped' }), 409)).code).toBe('STALE_VERSION');
  });

  it("a town's weekly check of its schools: one inspection for both, with the town's inspector", async () => {
    const me = await ok(c.townA.get('/api/v1/auth/me'));
    expect(JSON.stringify(await refused(c.townA.post('/api/v1/inspection-schedules', { title: '周检', kind: 'town_check', cadence: 'weekly', weekday: 4, startsOn: TODAY, schoolIds: [tree.schoolA1.id] })))).toContain('inspectorIds');
    const weekly = await ok(
      c.townA.post('/api/v1/inspection-schedules', { title: '镇街每周安全检查', kind: 'town_check', cadence: 'weekly', weekday: 4, startsOn: TODAY, schoolIds: [tree.schoolA1.id, tree.schoolA2.id], inspectorIds: [me.user.id] }),
      201,
    );
    expect(weekly).toMatchObject({ cadenceText: '每周四', schoolCount: 2, nextOn: '2025-11-27' });
    const occ = await occurrences(c.townA, weekly.id);
    expect(occ.items).toHaveLength(2);
    expect(new Set(occ.items.map((o: any) => o.inspectionId)).size).toBe(1);
    const [row] = await t.database.db.select().from(inspections).where(eq(inspections.id, occ.items[0].inspectionId));
    expect(row).toMatchObject({ kind: 'town_check', organizerUnitId: tree.townA.id, plannedOn: TODAY });
    // The school sees its own occurrence only.
    expect((await occurrences(c.officerA1, weekly.id)).items.map((o: any) => o.schoolId)).toEqual([tree.schoolA1.id]);
  });

  it('a missed occurrence is a finding of inspection.recurring; the days while stopped are not made', async () => {
    // The school does not submit on the 20th; a month later the job makes December's.
    await moveTo('2025-12-21');
    expect(await run()).toBeGreaterThan(0);
    const occ = await occurrences(c.officerA1, monthly.id);
    expect(occ.items.map((o: any) => [o.occursOn, o.state])).toEqual([
      ['2025-12-20', 'missed'],
      ['2025-11-20', 'missed'],
    ]);
    const f = await findingOf(c.bureau, tree.schoolA1.id, 'inspection.recurring');
    expect(f.status).toBe('missed');
    expect(f.phrase ?? JSON.stringify(f)).toContain('漏检');

    // Stopped over January's day: nothing is made for it, and resuming does not make it afterwards.
    const cur = await ok(c.officerA1.get(`/api/v1/inspection-schedules/${monthly.id}`));
    const stopped = await ok(c.officerA1.patch(`/api/v1/inspection-schedules/${monthly.id}`, { version: cur.version, status: 'stopped' }));
    expect(stopped.nextOn).toBeNull();
    await moveTo('2026-01-21');
    await run();
    await ok(c.officerA1.patch(`/api/v1/inspection-schedules/${monthly.id}`, { version: stopped.version, status: 'active' }));
    await run();
    expect((await occurrences(c.officerA1, monthly.id)).total).toBe(2);
  });
});
