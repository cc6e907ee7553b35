// Drowning prevention through the API (防溺水, 001 item 12; issue 22): waters registered by a town
// and read by the schools near them, the grid by class with counts (no name of a pupil anywhere,
// counts only above the school), patrols whose findings become hazards in one transaction, 零溺亡 by
// town from the incidents, and a draft 通报 through the notices service. Bad input as the brief names it.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drowningPatrols, hazards } from '../db/schema.js';
import { findingOf, ok, refused, startWithTree, xlsxColumn, type Client, type PersonSpec, type Tree } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

const TODAY = '2026-06-20'; // in the flood_drowning season of the risk calendar (06-01 … 09-30)

const people = (tree: Tree) => ({
  townA: [tree.townA, ['town_officer'], { displayName: '镇街刘' }] as PersonSpec,
  townB: [tree.townB, ['town_officer']] as PersonSpec,
  principal: [tree.schoolA1, ['principal'], { displayName: '王校长' }] as PersonSpec,
  officerB1: [tree.schoolB1, ['school_safety_officer']] as PersonSpec,
  bureau: [tree.bureau, ['bureau_admin']] as PersonSpec,
});
type Who = keyof ReturnType<typeof people>;

let t: TestContext;
let tree: Tree;
let c: Record<Who, Client>;
let waterId: number;
let teacherA1: number;
let teacherB1: number;

const water = (over: Record<string, unknown> = {}) => ({
  townId: tree.townA.id,
  kind: 'pond',
  name: '东村大水塘',
  place: '东村村委会南 200 米',
  lat: 30.25,
  lng: 120.16,
  warningSign: false,
  rescueKit: true,
  village: '东村',
  villageContact: '赵主任',
  villagePhone: '13900000001',
  schoolIds: [tree.schoolA1.id],
  ...over,
});
const hazardCount = async () => (await t.database.db.select({ n: count() }).from(hazards).where(eq(hazards.source, 'drowning_patrol')))[0].n;

beforeAll(async () => {
  const s = await startWithTree(TODAY, people);
  ({ t, tree, c } = s);
  teacherA1 = (await ok(c.principal.post('/api/v1/staff', { schoolId: tree.schoolA1.id, name: '李班主任', posts: [{ post: 'teacher' }] }), 201)).id;
  teacherB1 = (await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '钱老师', posts: [{ post: 'teacher' }] }), 201)).id;
});
afterAll(() => t.close());

describe('dangerous waters (危险水域): a town registers, the schools near them read', () => {
  it('refuses bad input naming the field, other units and schools', async () => {
    const lat = await refused(c.townA.post('/api/v1/drowning/waters', water({ lat: 90.5 })));
    expect(lat.details[0].field).toBe('lat');
    expect(lat.message).toContain('纬度');
    expect((await refused(c.townA.post('/api/v1/drowning/waters', water({ lng: -181 })))).details[0].field).toBe('lng');
    expect((await refused(c.townA.post('/api/v1/drowning/waters', water({ villagePhone: '123' })))).details[0].field).toBe('villagePhone');
    // Another town's school, another town: 404; the bureau naming a school of another town: 400.
    await refused(c.townA.post('/api/v1/drowning/waters', water({ schoolIds: [tree.schoolB1.id] })), 404);
    await refused(c.townA.post('/api/v1/drowning/waters', water({ townId: tree.townB.id })), 404);
    expect((await refused(c.bureau.post('/api/v1/drowning/waters', water({ schoolIds: [tree.schoolB1.id] })))).details[0].field).toBe('schoolIds');
    // A school reads waters but never registers them.
    await refused(c.principal.post('/api/v1/drowning/waters', water()), 403);
  });

  it('registers with a version and an audit; the school near it reads it, another school and town do not', async () => {
    const w = await ok(c.townA.post('/api/v1/drowning/waters', water()), 201);
    waterId = w.id;
    expect(w).toMatchObject({ kind: 'pond', warningSign: false, rescueKit: true, townName: tree.townA.name, schools: [{ id: tree.schoolA1.id }], version: 1, lastPatrolledOn: null });
    expect((await ok(c.principal.get('/api/v1/drowning/waters'))).items.map((x: { id: number }) => x.id)).toEqual([waterId]);
    expect((await ok(c.officerB1.get('/api/v1/drowning/waters'))).items).toEqual([]);
    await refused(c.townB.get(`/api/v1/drowning/waters/${waterId}`), 404);
    expect((await ok(c.bureau.get('/api/v1/drowning/waters?lacking=true'))).items).toHaveLength(1);
    const xlsx = await c.principal.get('/api/v1/drowning/waters/export');
    expect(await xlsxColumn(xlsx.rawPayload, '水域名称')).toEqual(['东村大水塘']);
    // A school editing waters: 403; another town: 404; a stale version: 409.
    await refused(c.principal.patch(`/api/v1/drowning/waters/${waterId}`, { version: 1, warningSign: true }), 403);
    await refused(c.townB.patch(`/api/v1/drowning/waters/${waterId}`, { version: 1, warningSign: true }), 404);
    const fixed = await ok(c.townA.patch(`/api/v1/drowning/waters/${waterId}`, { version: 1, rescueKit: false }));
    expect(fixed).toMatchObject({ rescueKit: false, version: 2 });
    await refused(c.townA.patch(`/api/v1/drowning/waters/${waterId}`, { version: 1, rescueKit: true }), 409);
    const audits = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'drowning_water'), eq(auditEvents.objectId, String(waterId))));
    expect(audits.map((a) => a.action).sort()).toEqual(['create', 'update']);
  });
});

describe('the grid (网格化包靠): by class, counts only, the school its own', () => {
  const cls = (over: Record<string, unknown> = {}) => ({ schoolId: tree.schoolA1.id, seasonYear: 2026, className: '三年级（1）班', pupils: 42, teacherId: teacherA1, covered: 42, ...over });

  it('refuses covered above pupils, a teacher of another school, pupils named, and anyone above the school', async () => {
    const over = await refused(c.principal.post('/api/v1/drowning/grid', cls({ covered: 43 })));
    expect(over.details[0].field).toBe('covered');
    expect(over.message).toContain('已包靠人数');
    expect((await refused(c.principal.post('/api/v1/drowning/grid', cls({ teacherId: null, covered: 5 })))).details[0].field).toBe('covered');
    await refused(c.principal.post('/api/v1/drowning/grid', cls({ teacherId: teacherB1 })), 404);
    // Nothing can carry a pupil's name: unknown fields are refused, not stored.
    await refused(c.principal.post('/api/v1/drowning/grid', cls({ pupilNames: ['张小明', '李小红'] })));
    await refused(c.principal.post('/api/v1/drowning/grid', cls({ schoolId: tree.schoolB1.id })), 404);
    await refused(c.townA.post('/api/v1/drowning/grid', cls()), 403);
    await refused(c.townA.get(`/api/v1/drowning/grid?schoolId=${tree.schoolA1.id}`), 403);
  });

  it('the school sees the classes not yet covered; above the school only numbers', async () => {
    await ok(c.principal.post('/api/v1/drowning/grid', cls()), 201);
    const short = await ok(c.principal.post('/api/v1/drowning/grid', cls({ className: '三年级（2）班', pupils: 40, covered: 38 })), 201);
    await ok(c.principal.post('/api/v1/drowning/grid', cls({ className: '四年级（1）班', pupils: 45, teacherId: null, covered: 0 })), 201);
    expect((await refused(c.principal.post('/api/v1/drowning/grid', cls()))).details[0].field).toBe('className');
    const grid = await ok(c.principal.get('/api/v1/drowning/grid?year=2026'));
    expect(grid.season).toEqual({ startsOn: '2026-06-01', endsOn: '2026-09-30' });
    expect(grid.coverage).toEqual({ classes: 3, classesCovered: 1, pupils: 127, covered: 80, percent: 62.9 });
    expect(grid.classes.filter((x: { gap: string | null }) => x.gap).map((x: { className: string; gap: string }) => [x.className, x.gap])).toEqual([
      ['三年级（2）班', 'short'],
      ['四年级（1）班', 'no_teacher'],
    ]);
    expect(grid.classes[0].teacherName).toBe('李班主任');

    const summary = await ok(c.townA.get('/api/v1/drowning/coverage?year=2026'));
    const a1 = summary.schools.find((s: { schoolId: number }) => s.schoolId === tree.schoolA1.id);
    expect(a1).toMatchObject({ covered100: false, coverage: { classes: 3, classesCovered: 1, pupils: 127, covered: 80 } });
    expect(summary.schools.map((s: { schoolId: number }) => s.schoolId)).not.toContain(tree.schoolB1.id);
    expect(summary.towns).toMatchObject([{ townId: tree.townA.id, schools: 2, schoolsCovered: 0 }]);
    // Above the school: no class, no teacher, no name at all.
    const text = JSON.stringify(summary) + JSON.stringify(await ok(c.bureau.get('/api/v1/drowning/coverage?year=2026')));
    for (const word of ['三年级', '四年级', '李班主任', 'className', 'teacher']) expect(text).not.toContain(word);
    const xlsx = await c.townA.get('/api/v1/drowning/coverage/export?year=2026');
    expect(xlsx.statusCode).toBe(200);
    expect(await xlsxColumn(xlsx.rawPayload, '已包靠人数')).toContain('80');
    await expect(xlsxColumn(xlsx.rawPayload, '包靠教师')).rejects.toThrow();

    // Stale 409; then the short class covered.
    await refused(c.principal.patch(`/api/v1/drowning/grid/${short.id}`, { version: 2, covered: 40 }), 409);
    expect((await refused(c.principal.patch(`/api/v1/drowning/grid/${short.id}`, { version: 1, pupils: 37 }))).details[0].field).toBe('covered');
    expect(await ok(c.principal.patch(`/api/v1/drowning/grid/${short.id}`, { version: 1, covered: 40 }))).toMatchObject({ gap: null, version: 2 });
  });
});

describe('patrols (防溺水督查): findings become hazards in one step', () => {
  const patrol = (over: Record<string, unknown> = {}) => ({
    patrolledOn: '2026-06-19',
    waterIds: [waterId],
    patrollers: '镇街刘、东村赵主任',
    summary: '汛期第二次巡查',
    findings: [{ waterId, kind: 'sign_missing', description: '塘边无警示牌' }],
    ...over,
  });

  it('refuses a future day, a water of another town, a finding elsewhere, with nothing written', async () => {
    expect((await refused(c.townA.post('/api/v1/drowning/patrols', patrol({ patrolledOn: '2026-06-21' })))).details[0].field).toBe('patrolledOn');
    await refused(c.townB.post('/api/v1/drowning/patrols', patrol()), 404);
    await refused(c.officerB1.post('/api/v1/drowning/patrols', patrol()), 404);
    const other = await ok(c.bureau.post('/api/v1/drowning/waters', water({ townId: tree.townB.id, name: '西河', kind: 'river', schoolIds: [tree.schoolB1.id] })), 201);
    expect((await refused(c.bureau.post('/api/v1/drowning/patrols', patrol({ waterIds: [waterId, other.id] })))).details[0].field).toBe('waterIds');
    // The second finding is bad: the first one's hazard is not left behind.
    const bad = await refused(c.townA.post('/api/v1/drowning/patrols', patrol({ findings: [patrol().findings[0], { waterId: other.id, kind: 'kit_missing', description: '无救生圈' }] })));
    expect(bad.details[0].field).toBe('findings.1.waterId');
    expect(await hazardCount()).toBe(0);
    expect(await t.database.db.select().from(drowningPatrols)).toHaveLength(0);
  });

  it('a town patrol registers its finding as a hazard of the school near the water', async () => {
    const p = await ok(c.townA.post('/api/v1/drowning/patrols', patrol()), 201);
    expect(p).toMatchObject({ unitName: tree.townA.name, townId: tree.townA.id, waters: [{ id: waterId, name: '东村大水塘' }], findings: [{ kind: 'sign_missing', schoolId: tree.schoolA1.id, hazard: { status: 'reported' } }] });
    const [h] = await t.database.db.select().from(hazards).where(eq(hazards.id, p.findings[0].hazard.id));
    expect(h).toMatchObject({ source: 'drowning_patrol', area: 'surroundings', schoolId: tree.schoolA1.id, foundOn: '2026-06-19', itemKey: `drowning:${p.id}:0` });
    expect(h.description).toContain('警示标志缺失');
    // The school near the water sees the hazard in its register; the water shows the patrol.
    const mine = await ok(c.principal.get('/api/v1/hazards?source=drowning_patrol'));
    expect(mine.items.map((x: { id: number }) => x.id)).toContain(h.id);
    expect((await ok(c.principal.get(`/api/v1/drowning/waters/${waterId}`))).lastPatrolledOn).toBe('2026-06-19');
    // A school patrols the water near it: the hazard is its own.
    const s = await ok(c.principal.post('/api/v1/drowning/patrols', patrol({ patrolledOn: '2026-06-20', findings: [{ waterId, kind: 'pupils_swimming', description: '傍晚有学生在塘边戏水' }] })), 201);
    expect(s.findings[0].schoolId).toBe(tree.schoolA1.id);
    expect((await ok(c.townA.get('/api/v1/drowning/patrols'))).items).toHaveLength(2);
    expect((await ok(c.townB.get('/api/v1/drowning/patrols'))).items).toHaveLength(0);
  });
});

describe('零溺亡 by town, the patrol cadence, and the 通报', () => {
  it('a drowning incident ends a town zero for the year; the next patrol is due at the pack cadence', async () => {
    let z = await ok(c.bureau.get('/api/v1/drowning/zero?year=2026'));
    expect(z.cadenceDays).toBe(14);
    expect(z.towns.map((x: { zero: boolean }) => x.zero)).toEqual([true, true]);
    await ok(
      c.principal.post('/api/v1/incidents', {
        unitId: tree.schoolA1.id,
        headline: '学生周末在河塘溺水',
        occurredAt: '2026-06-14T16:30:00+08:00',
        knownAt: '2026-06-14T17:00:00+08:00',
        place: '东村大水塘',
        category: 'accident_disaster',
        subtype: 'drowning',
        severity: 'general',
        dead: 0,
        injured: 1,
        missingPersons: 0,
        actionsTaken: '村民施救后送医，已脱离危险，通知家长',
      }),
      201,
    );
    z = await ok(c.bureau.get('/api/v1/drowning/zero?year=2026'));
    const a = z.towns.find((x: { townId: number }) => x.townId === tree.townA.id);
    const b = z.towns.find((x: { townId: number }) => x.townId === tree.townB.id);
    expect(a).toMatchObject({ drownings: 1, zero: false, waters: 1, watersLacking: 1, lastPatrolledOn: '2026-06-20', patrolDueOn: '2026-07-04', patrolOverdue: false });
    // Town B's water was never patrolled in season: due 14 days after 06-01, overdue on 06-20.
    expect(b).toMatchObject({ drownings: 0, zero: true, waters: 1, lastPatrolledOn: null, patrolDueOn: '2026-06-15', patrolOverdue: true });
    // A school sees its own town only; the year before had no drowning.
    expect((await ok(c.principal.get('/api/v1/drowning/zero'))).towns.map((x: { townId: number }) => x.townId)).toEqual([tree.townA.id]);
    expect((await ok(c.bureau.get('/api/v1/drowning/zero?year=2025'))).towns.every((x: { zero: boolean }) => x.zero)).toBe(true);
  });

  it('the pack rules are judged on the compliance board: the grid short, the waters near school B1 never patrolled', async () => {
    const grid = await findingOf(c.bureau, tree.schoolA1.id, 'drowning.grid_covered');
    expect(grid).toMatchObject({ status: 'missed', value: 2, target: 3 });
    expect(grid.explanation).toContain('未落实包靠教师');
    expect(grid.explanation).toContain('001 第12条');
    expect(await findingOf(c.bureau, tree.schoolA1.id, 'drowning.patrol_cadence')).toMatchObject({ status: 'met', dueOn: '2026-07-04' });
    expect(await findingOf(c.bureau, tree.schoolB1.id, 'drowning.patrol_cadence')).toMatchObject({ status: 'missed', dueOn: '2026-06-15' });
    expect((await findingOf(c.bureau, tree.schoolA2.id, 'drowning.patrol_cadence')).status).toBe('not_applicable');
  });

  it('the bureau drafts a 通报 from the season findings through the notices service', async () => {
    await refused(c.townA.post('/api/v1/drowning/notice-draft', { year: 2026 }), 403);
    expect((await refused(c.bureau.post('/api/v1/drowning/notice-draft', { year: 2025 }))).code).toBe('NOTHING_TO_NOTIFY');
    const n = await ok(c.bureau.post('/api/v1/drowning/notice-draft', { year: 2026 }), 201);
    expect(n.title).toContain('2026年汛期防溺水督查');
    expect(n.reason).toContain('警示标志缺失');
    expect(n.units.map((u: { unitId: number }) => u.unitId)).toEqual([tree.schoolA1.id]);
    expect(n.records).toHaveLength(2);
  });
});
