// Issue 11 item 4: every id a write takes from its body is checked against the caller's scope and
// the record it is attached to (access/references.ts). This walks every write endpoint that takes an
// id from its body with a foreign one — of another school, another town, another district — and
// asserts a 4xx with nothing written and nobody notified.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../db/client.js';
import { checklistTemplates, checklistVersions, files, keyPeriods, notifications } from '../db/schema.js';
import { buildTree, buildUser, login, ok, refused, type Client, type UnitRef } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';

const TODAY = '2026-05-10';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let far: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'principalA1' | 'teacherA1' | 'principalA2' | 'principalB1' | 'officerB1' | 'townA' | 'dept' | 'bureau' | 'farPrincipal' | 'farBureau';
let p: Record<Who, { id: number; username: string }>;
let c: Record<Who, Client>;
/** Ids the walk attaches: the caller's own and the foreign ones. */
const ids: Record<string, number> = {};

async function buildFile(db: Executor, unit: UnitRef, userId: number) {
  const [f] = await db
    .insert(files)
    .values({ districtId: unit.districtId, unitId: unit.id, unitPath: unit.path, name: '照片.jpg', mime: 'image/jpeg', size: 1234, sha256: 'b'.repeat(64), storageKey: `test/${Math.random()}`, uploadedBy: userId })
    .returning();
  return f.id;
}

const sections = [
  {
    title: '消防安全与危化品',
    area: 'fire_chemicals',
    items: [{ key: 'fire-1', text: '疏散通道畅通', method: '现场查看', standard: '疏散通道保持畅通', source: '002 第二项' }],
  },
];
async function buildTemplate(db: Executor, districtId: number) {
  const [tpl] = await db.insert(checklistTemplates).values({ districtId, name: `排查表${Math.random()}`, builtin: true, currentVersion: 1 }).returning();
  await db.insert(checklistVersions).values({ templateId: tpl.id, number: 1, sections, itemCount: 1 });
  return tpl.id;
}

/**
 * What a refused write must leave untouched: the rows (and versions) of every table, so nothing was
 * inserted or changed, notifications and audit events included. Sessions are left out: every
 * request moves the caller's last-seen time.
 */
async function fingerprint(): Promise<string> {
  const db = t.database.db;
  const tables = (await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('sessions', 'login_attempts') order by table_name`)) as unknown as { rows: Array<{ name: string }> };
  const versioned = (await db.execute(sql`select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'version'`)) as unknown as { rows: Array<{ name: string }> };
  const hasVersion = new Set(versioned.rows.map((r) => r.name));
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const v = hasVersion.has(name) ? sql`coalesce(sum(version), 0)` : sql`0`;
    const res = (await db.execute(sql`select count(*)::int as n, ${v}::bigint as v from ${sql.identifier(name)}`)) as unknown as { rows: Array<{ n: number; v: string | number }> };
    parts.push(`${name}:${res.rows[0].n}:${res.rows[0].v}`);
  }
  return parts.join(' ');
}

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  const db = t.database.db;
  tree = await buildTree(db);
  far = await buildTree(db);
  p = {
    officerA1: await buildUser(db, tree.schoolA1, ['school_safety_officer']),
    principalA1: await buildUser(db, tree.schoolA1, ['principal']),
    teacherA1: await buildUser(db, tree.schoolA1, ['teacher']),
    principalA2: await buildUser(db, tree.schoolA2, ['principal']),
    principalB1: await buildUser(db, tree.schoolB1, ['principal']),
    officerB1: await buildUser(db, tree.schoolB1, ['school_safety_officer']),
    townA: await buildUser(db, tree.townA, ['town_officer']),
    dept: await buildUser(db, tree.department, ['department_officer']),
    bureau: await buildUser(db, tree.bureau, ['bureau_admin']),
    farPrincipal: await buildUser(db, far.schoolA1, ['principal']),
    farBureau: await buildUser(db, far.bureau, ['bureau_admin']),
  };
  c = Object.fromEntries(await Promise.all(Object.entries(p).map(async ([k, u]) => [k, await login(t.app, u.username)]))) as typeof c;

  // Files: the caller's own, a colleague's at the same school, another school's, another district's.
  ids.fileOwn = await buildFile(db, tree.schoolA1, p.officerA1.id);
  ids.fileColleague = await buildFile(db, tree.schoolA1, p.principalA1.id);
  ids.fileB1 = await buildFile(db, tree.schoolB1, p.officerB1.id);
  ids.fileFar = await buildFile(db, far.schoolA1, p.farPrincipal.id);
  ids.fileTown = await buildFile(db, tree.townA, p.townA.id);
  ids.templateFar = await buildTemplate(db, far.districtId);
  ids.template = await buildTemplate(db, tree.districtId);
  [{ id: ids.keyPeriodFar }] = await db.insert(keyPeriods).values({ districtId: far.districtId, name: '国庆', startsOn: '2026-10-01', endsOn: '2026-10-07' }).returning({ id: keyPeriods.id });

  // Records of school A1 the walk attaches foreign ids to.
  ids.hazard = (await ok(c.officerA1.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '教学楼', description: '灭火器过期', foundOn: TODAY }), 201)).id;
  ids.drillA1 = (await ok(c.officerA1.post('/api/v1/drills', drillBody(tree.schoolA1.id)), 201)).id;
  ids.drillB1 = (await ok(c.officerB1.post('/api/v1/drills', drillBody(tree.schoolB1.id)), 201)).id;
  ids.staffA1 = (await ok(c.officerA1.post('/api/v1/staff', { schoolId: tree.schoolA1.id, name: '王老师', posts: [{ post: 'principal', since: '2025-03-01' }] }), 201)).id;
  ids.staffB1 = (await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '钱老师', posts: [{ post: 'principal', since: '2025-03-01' }] }), 201)).id;
  ids.staffA2 = (await ok(c.principalA2.post('/api/v1/staff', { schoolId: tree.schoolA2.id, name: '孙老师', posts: [{ post: 'principal', since: '2025-03-01' }] }), 201)).id;
  ids.training = (await ok(c.officerA1.post('/api/v1/trainings', trainingBody(ids.staffA1)), 201)).id;
  ids.meeting = (await ok(c.officerA1.post('/api/v1/meetings', meetingBody(tree.schoolA1.id)), 201)).id;
  ids.policy = (await ok(c.officerA1.post('/api/v1/insurance-policies', policyBody(tree.schoolA1.id)), 201)).id;
  ids.roster = (await ok(c.officerA1.post('/api/v1/duty-rosters', { schoolId: tree.schoolA1.id, title: '国庆值班', startsOn: '2026-10-01', endsOn: '2026-10-03' }), 201)).id;
  ids.letter = (await ok(c.principalA1.post('/api/v1/responsibility-letters', { level: 'unit_to_staff', year: 2026, title: '教职工安全责任书', body: '一、……', publishedOn: '2026-05-01' }), 201)).id;
  // A campaign of school A2 only, and one of all schools with a hazard of school A1 to classify.
  ids.campaignA2 = (await ok(c.bureau.post('/api/v1/campaigns', campaignBody({ allSchools: false, schoolIds: [tree.schoolA2.id] })), 201)).id;
  ids.campaignAll = (await ok(c.bureau.post('/api/v1/campaigns', campaignBody({ name: '全区专项整治' })), 201)).id;
  ids.campaignHazard = (await ok(c.officerA1.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '食堂', description: '燃气管老化', foundOn: TODAY, campaignId: ids.campaignAll }), 201)).id;
  ids.campaignFar = (await ok(c.farBureau.post('/api/v1/campaigns', campaignBody({ departmentId: far.department.id })), 201)).id;
  // A self-check under way at school A1 with the safety officer as its inspector.
  const insp = await ok(c.officerA1.post('/api/v1/inspections', { kind: 'self_check', title: '自查', plannedOn: TODAY, inspectorIds: [p.officerA1.id], checklistTemplateId: ids.template }), 201);
  const started = await ok(c.officerA1.post(`/api/v1/inspections/${insp.id}/start`, { version: insp.version }));
  ids.inspection = started.id;
  ids.target = started.targets[0].id;
  ids.targetVersion = started.targets[0].version;
  // Another district's hazard and inspection.
  ids.hazardFar = (await ok(c.farPrincipal.post('/api/v1/hazards', { schoolId: far.schoolA1.id, area: 'fire_chemicals', location: '门卫室', description: '监控损坏', foundOn: TODAY }), 201)).id;
  ids.inspectionFar = (await ok(c.farPrincipal.post('/api/v1/inspections', { kind: 'self_check', title: '自查', plannedOn: TODAY, inspectorIds: [p.farPrincipal.id], checklistTemplateId: ids.templateFar }), 201)).id;
});
afterAll(() => t.close());

const drillBody = (schoolId: number, over: Record<string, unknown> = {}) => ({ schoolId, heldOn: TODAY, kind: 'fire', participants: 300, evacuationSeconds: 150, ...over });
const trainingBody = (staffId: number, over: Record<string, unknown> = {}) => ({ staffId, course: '安全管理专题培训', hours: 8, startsOn: '2026-04-20', provider: '区教师进修学院', ...over });
const meetingBody = (schoolId: number, over: Record<string, unknown> = {}) => ({
  schoolId,
  meetingOn: '2026-03-16',
  level: 'leadership_team',
  chair: '王校长',
  attendees: ['王校长', '张副校长'],
  minutes: '研究部署校园安全工作',
  decisions: '开展消防设施检查',
  ...over,
});
const policyBody = (schoolId: number, over: Record<string, unknown> = {}) => ({ schoolId, policyNo: `P${Math.random().toString().slice(2, 12)}`, insurer: '中国人民财产保险', startsOn: '2025-09-01', endsOn: '2026-08-31', studentsCovered: 800, ...over });
const securityBody = (schoolId: number, over: Record<string, unknown> = {}) => ({
  schoolId,
  recordedOn: '2026-05-06',
  gates: [{ name: '东门', guards: { school_hours: 2, arrival_peak: 4, dismissal_peak: 4, night: 1 } }],
  alarms: { installed: 4, working: 4, lastTestedOn: '2026-02-20' },
  video: { retentionDays: 30, linkedToBureau: true },
  perimeterAlarm: { installed: true, armed24h: true },
  ...over,
});
function campaignBody(over: Record<string, unknown> & { departmentId?: number } = {}) {
  const { departmentId, ...rest } = over;
  return {
    name: '校园安全专项整治',
    allSchools: true,
    startsOn: '2026-04-01',
    endsOn: '2026-12-31',
    phases: [{ kind: 'investigation', name: '集中排查', startsOn: '2026-04-01', endsOn: '2026-12-31' }],
    areas: [{ area: 'fire_chemicals', responsibleSubject: '各学校', responsibleDepartmentIds: [departmentId ?? tree.department.id] }],
    ...rest,
  };
}

async function current(client: Client, url: string) {
  return ok(client.get(url));
}

type Case = { name: string; send: () => Promise<{ statusCode: number; body: string; json: () => any }>; status: 400 | 404; field?: string };

/** Each refused with the status named, the field named on a 400, and nothing written, nobody notified. */
async function walk(cases: Case[]) {
  for (const k of cases) {
    const before = await fingerprint();
    const res = await k.send();
    if (res.statusCode !== k.status) throw new Error(`${k.name}: expected ${k.status}, got ${res.statusCode} ${res.body}`);
    if (k.field) expect(res.json().error.details?.[0]?.field, k.name).toBe(k.field);
    expect(await fingerprint(), `${k.name}: something was written`).toBe(before);
  }
}

describe('a hazard assigned to a person of another school (issue 11 item 4)', () => {
  it('a principal confirming a hazard with another school’s principal as responsible is refused; nothing is written and nobody is told', async () => {
    const h = await current(c.principalA1, `/api/v1/hazards/${ids.hazard}`);
    expect(h.actions).toContain('confirm');
    const noticesBefore = (await t.database.db.select().from(notifications).where(sql`${notifications.userId} = ${p.principalB1.id}`)).length;
    const before = await fingerprint();
    const body = { action: 'confirm', version: h.version, measures: '更换灭火器', deadline: '2026-05-31' };
    // Another town's principal is outside the caller's scope: not found, as if there were no such person.
    await refused(c.principalA1.post(`/api/v1/hazards/${ids.hazard}/transitions`, { ...body, responsibleUserId: p.principalB1.id }), 404);
    // Seen by the bureau, but not of the hazard's school: refused, naming the field.
    const err = await refused(c.bureau.post(`/api/v1/hazards/${ids.hazard}/transitions`, { ...body, responsibleUserId: p.principalB1.id }), 400);
    expect(err.message).toBe('整改责任人：须为隐患所在学校的人员');
    expect(err.details[0].field).toBe('responsibleUserId');
    expect(await fingerprint()).toBe(before);
    expect((await t.database.db.select().from(notifications).where(sql`${notifications.userId} = ${p.principalB1.id}`)).length).toBe(noticesBefore);
    expect((await refused(c.principalB1.get(`/api/v1/hazards/${ids.hazard}`), 404)).code).toBe('NOT_FOUND');
    // A person of the school is accepted and told.
    const done = await ok(c.principalA1.post(`/api/v1/hazards/${ids.hazard}/transitions`, { ...body, responsibleUserId: p.teacherA1.id }));
    expect(done).toMatchObject({ status: 'assigned', responsibleUserId: p.teacherA1.id });
    const told = await t.database.db.select().from(notifications).where(sql`${notifications.userId} = ${p.teacherA1.id}`);
    expect(told.map((n) => n.kind)).toContain('assigned');
  });
});

describe('every write endpoint with an id from its body, given a foreign one', () => {
  it('hazards: school, campaign, drill, files, responsible person and department, coordination department', async () => {
    const report = (client: Client, over: Record<string, unknown>) =>
      client.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '操场', description: '围栏松动', foundOn: TODAY, ...over });
    const h = await ok(c.officerA1.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '楼道', description: '应急灯损坏', foundOn: TODAY }), 201);
    const confirm = (client: Client, over: Record<string, unknown>) =>
      client.post(`/api/v1/hazards/${h.id}/transitions`, { action: 'confirm', version: h.version, measures: '更换', deadline: '2026-05-31', ...over });
    const ch = await current(c.dept, `/api/v1/hazards/${ids.campaignHazard}`);
    const classify = (over: Record<string, unknown>) =>
      c.dept.post(`/api/v1/campaigns/${ids.campaignAll}/hazards/${ids.campaignHazard}/classify`, { version: ch.version, summaryClass: 'hard', ...over });
    await walk([
      { name: 'report at another town’s school', send: () => report(c.officerA1, { schoolId: tree.schoolB1.id }), status: 404 },
      { name: 'report at another district’s school', send: () => report(c.officerA1, { schoolId: far.schoolA1.id }), status: 404 },
      { name: 'report at a town', send: () => report(c.townA, { schoolId: tree.townA.id }), status: 400, field: 'schoolId' },
      { name: 'report with another district’s campaign', send: () => report(c.officerA1, { campaignId: ids.campaignFar }), status: 404 },
      { name: 'report with a campaign the school is not in', send: () => report(c.townA, { campaignId: ids.campaignA2 }), status: 400, field: 'campaignId' },
      { name: 'report with another school’s drill', send: () => report(c.officerA1, { source: 'drill', drillId: ids.drillB1 }), status: 404 },
      { name: 'report with another school’s file', send: () => report(c.officerA1, { fileIds: [ids.fileB1] }), status: 404 },
      { name: 'report with another district’s file', send: () => report(c.officerA1, { fileIds: [ids.fileFar] }), status: 404 },
      { name: 'report with a colleague’s file', send: () => report(c.officerA1, { fileIds: [ids.fileOwn, ids.fileColleague] }), status: 400, field: 'fileIds' },
      { name: 'confirm with another district’s person', send: () => confirm(c.bureau, { responsibleUserId: p.farPrincipal.id }), status: 404 },
      { name: 'confirm with a person of the same town’s other school', send: () => confirm(c.townA, { responsibleUserId: p.principalA2.id }), status: 400, field: 'responsibleUserId' },
      { name: 'confirm with another district’s department', send: () => confirm(c.bureau, { responsibleDepartmentId: far.department.id }), status: 404 },
      { name: 'confirm with a school as department', send: () => confirm(c.bureau, { responsibleDepartmentId: tree.schoolA2.id }), status: 400, field: 'responsibleDepartmentId' },
      { name: 'confirm with another school’s file', send: () => confirm(c.principalA1, { responsibleUserId: p.teacherA1.id, fileIds: [ids.fileB1] }), status: 404 },
      { name: 'classify with another district’s department', send: () => classify({ coordinationDepartmentId: far.department.id }), status: 404 },
      { name: 'classify with a school as department', send: () => classify({ coordinationDepartmentId: tree.schoolA1.id }), status: 400, field: 'coordinationDepartmentId' },
    ]);
  });

  it('ledgers: drills, staff, trainings, meetings, insurance, security profiles', async () => {
    const drill = await current(c.officerA1, `/api/v1/drills/${ids.drillA1}`);
    const training = await current(c.officerA1, `/api/v1/trainings/${ids.training}`);
    const meeting = await current(c.officerA1, `/api/v1/meetings/${ids.meeting}`);
    const policy = await current(c.officerA1, `/api/v1/insurance-policies/${ids.policy}`);
    await walk([
      { name: 'drill at another school', send: () => c.officerA1.post('/api/v1/drills', drillBody(tree.schoolB1.id)), status: 404 },
      { name: 'drill at another district’s school', send: () => c.bureau.post('/api/v1/drills', drillBody(far.schoolA1.id)), status: 404 },
      { name: 'drill with another school’s file', send: () => c.officerA1.post('/api/v1/drills', drillBody(tree.schoolA1.id, { fileIds: [ids.fileB1] })), status: 404 },
      { name: 'drill with a colleague’s file', send: () => c.officerA1.post('/api/v1/drills', drillBody(tree.schoolA1.id, { fileIds: [ids.fileColleague] })), status: 400, field: 'fileIds' },
      { name: 'drill corrected with another district’s file', send: () => c.officerA1.patch(`/api/v1/drills/${drill.id}`, { version: drill.version, fileIds: [ids.fileFar] }), status: 404 },
      { name: 'staff with another town’s account', send: () => c.officerA1.post('/api/v1/staff', { schoolId: tree.schoolA1.id, userId: p.principalB1.id, posts: [{ post: 'principal', since: '2025-03-01' }] }), status: 404 },
      { name: 'staff with another school’s account', send: () => c.townA.post('/api/v1/staff', { schoolId: tree.schoolA1.id, userId: p.principalA2.id, posts: [{ post: 'principal', since: '2025-03-01' }] }), status: 400, field: 'userId' },
      { name: 'training of another school’s staff', send: () => c.officerA1.post('/api/v1/trainings', trainingBody(ids.staffB1)), status: 404 },
      { name: 'training with another school’s certificate', send: () => c.officerA1.post('/api/v1/trainings', trainingBody(ids.staffA1, { certificateFileId: ids.fileB1 })), status: 404 },
      { name: 'training with a colleague’s certificate', send: () => c.officerA1.post('/api/v1/trainings', trainingBody(ids.staffA1, { certificateFileId: ids.fileColleague })), status: 400, field: 'certificateFileId' },
      { name: 'training corrected with another school’s file', send: () => c.officerA1.patch(`/api/v1/trainings/${training.id}`, { version: training.version, fileIds: [ids.fileB1] }), status: 404 },
      { name: 'meeting at another school', send: () => c.officerA1.post('/api/v1/meetings', meetingBody(tree.schoolB1.id)), status: 404 },
      { name: 'meeting with another district’s file', send: () => c.officerA1.post('/api/v1/meetings', meetingBody(tree.schoolA1.id, { fileIds: [ids.fileFar] })), status: 404 },
      { name: 'meeting corrected with a colleague’s file', send: () => c.officerA1.patch(`/api/v1/meetings/${meeting.id}`, { version: meeting.version, fileIds: [ids.fileColleague] }), status: 400, field: 'fileIds' },
      { name: 'insurance at another school', send: () => c.officerA1.post('/api/v1/insurance-policies', policyBody(tree.schoolB1.id)), status: 404 },
      { name: 'insurance with another school’s file', send: () => c.officerA1.post('/api/v1/insurance-policies', policyBody(tree.schoolA1.id, { fileIds: [ids.fileB1] })), status: 404 },
      { name: 'insurance corrected with another school’s file', send: () => c.officerA1.patch(`/api/v1/insurance-policies/${policy.id}`, { version: policy.version, fileIds: [ids.fileB1] }), status: 404 },
      { name: 'security profile at another school', send: () => c.officerA1.post('/api/v1/security-profiles', securityBody(tree.schoolB1.id)), status: 404 },
      { name: 'security profile with another school’s file', send: () => c.officerA1.post('/api/v1/security-profiles', securityBody(tree.schoolA1.id, { fileIds: [ids.fileB1] })), status: 404 },
      { name: 'security profile with a colleague’s file', send: () => c.officerA1.post('/api/v1/security-profiles', securityBody(tree.schoolA1.id, { fileIds: [ids.fileColleague] })), status: 400, field: 'fileIds' },
    ]);
  });

  it('duty rosters and responsibility letters: school, key period, people on duty, signing staff and unit, files', async () => {
    const roster = await current(c.officerA1, `/api/v1/duty-rosters/${ids.roster}`);
    const letter = await current(c.principalA1, `/api/v1/responsibility-letters/${ids.letter}`);
    const entries = (e: Record<string, unknown>) => ({ entries: [{ dutyOn: '2026-10-01', role: 'staff', hours: 8, ...e }] });
    const sign = (client: Client, over: Record<string, unknown>) =>
      client.post(`/api/v1/responsibility-letters/${ids.letter}/signatures`, { method: 'file', signedOn: TODAY, fileId: ids.fileOwn, ...over });
    await walk([
      { name: 'roster at another school', send: () => c.officerA1.post('/api/v1/duty-rosters', { schoolId: tree.schoolB1.id, title: '值班', startsOn: '2026-10-01', endsOn: '2026-10-03' }), status: 404 },
      { name: 'roster with another district’s key period', send: () => c.officerA1.post('/api/v1/duty-rosters', { schoolId: tree.schoolA1.id, title: '值班', keyPeriodId: ids.keyPeriodFar }), status: 404 },
      { name: 'roster moved to another district’s key period', send: () => c.officerA1.patch(`/api/v1/duty-rosters/${roster.id}`, { version: roster.version, keyPeriodId: ids.keyPeriodFar }), status: 404 },
      { name: 'on duty: another town’s account', send: () => c.officerA1.post(`/api/v1/duty-rosters/${roster.id}/entries`, entries({ userId: p.principalB1.id })), status: 404 },
      { name: 'on duty: another town’s staff', send: () => c.officerA1.post(`/api/v1/duty-rosters/${roster.id}/entries`, entries({ staffId: ids.staffB1 })), status: 404 },
      { name: 'on duty: another school’s account', send: () => c.townA.post(`/api/v1/duty-rosters/${roster.id}/entries`, entries({ userId: p.principalA2.id })), status: 400, field: 'entries.0.userId' },
      { name: 'on duty: another school’s staff', send: () => c.townA.post(`/api/v1/duty-rosters/${roster.id}/entries`, entries({ staffId: ids.staffA2 })), status: 400, field: 'entries.0.staffId' },
      { name: 'letter with another district’s file', send: () => c.bureau.post('/api/v1/responsibility-letters', { level: 'bureau_to_unit', year: 2026, title: '责任书', fileId: ids.fileFar, publishedOn: TODAY }), status: 404 },
      { name: 'letter with a school’s file', send: () => c.bureau.post('/api/v1/responsibility-letters', { level: 'bureau_to_unit', year: 2026, title: '责任书', fileId: ids.fileB1, publishedOn: TODAY }), status: 400, field: 'fileId' },
      { name: 'letter revised with a colleague’s file', send: () => c.principalA1.post(`/api/v1/responsibility-letters/${letter.id}/revisions`, { version: letter.version, fileId: ids.fileOwn }), status: 400, field: 'fileId' },
      { name: 'signed by another town’s staff', send: () => sign(c.principalA1, { staffIds: [ids.staffB1], fileId: ids.fileColleague }), status: 404 },
      { name: 'signed by another school’s staff', send: () => sign(c.townA, { staffIds: [ids.staffA2], fileId: ids.fileTown }), status: 400, field: 'staffIds' },
      { name: 'signed with another school’s scan', send: () => sign(c.principalA1, { staffIds: [ids.staffA1], fileId: ids.fileB1 }), status: 404 },
    ]);
  });

  it('inspections and campaigns: schools, inspectors, checklist, campaign, earlier inspection, hazards, inspecting unit, departments, files', async () => {
    const create = (client: Client, body: Record<string, unknown>) => client.post('/api/v1/inspections', { title: '检查', plannedOn: TODAY, checklistTemplateId: ids.template, ...body });
    const campaign = await current(c.bureau, `/api/v1/campaigns/${ids.campaignA2}`);
    await walk([
      { name: 'self-check by another school’s inspector', send: () => create(c.officerA1, { kind: 'self_check', inspectorIds: [p.officerB1.id] }), status: 404 },
      { name: 'self-check by another district’s person', send: () => create(c.officerA1, { kind: 'self_check', inspectorIds: [p.farPrincipal.id] }), status: 404 },
      { name: 'self-check on another district’s checklist', send: () => create(c.officerA1, { kind: 'self_check', inspectorIds: [p.officerA1.id], checklistTemplateId: ids.templateFar }), status: 404 },
      { name: 'self-check for a campaign the school does not see', send: () => create(c.officerA1, { kind: 'self_check', inspectorIds: [p.officerA1.id], campaignId: ids.campaignA2 }), status: 404 },
      { name: 'town check for a campaign the school is not in', send: () => create(c.townA, { kind: 'town_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.townA.id], campaignId: ids.campaignA2 }), status: 400, field: 'campaignId' },
      { name: 'self-check for another district’s campaign', send: () => create(c.officerA1, { kind: 'self_check', inspectorIds: [p.officerA1.id], campaignId: ids.campaignFar }), status: 404 },
      { name: 'bureau check of another district’s school', send: () => create(c.bureau, { kind: 'spot_check', schoolIds: [far.schoolA1.id], inspectorIds: [p.bureau.id] }), status: 404 },
      { name: 'cross check from another district’s unit', send: () => create(c.bureau, { kind: 'cross', schoolIds: [tree.schoolB1.id], inspectorUnitId: far.townA.id, inspectorIds: [p.townA.id] }), status: 404 },
      { name: 'follow-up of another district’s hazard', send: () => create(c.bureau, { kind: 'follow_up', hazardIds: [ids.hazardFar], inspectorIds: [p.bureau.id] }), status: 404 },
      { name: 'follow-up of another district’s inspection', send: () => create(c.bureau, { kind: 'follow_up', followUpOfId: ids.inspectionFar, inspectorIds: [p.bureau.id] }), status: 404 },
      {
        name: 'marks with another school’s photo',
        send: () => c.officerA1.put(`/api/v1/inspections/${ids.inspection}/targets/${ids.target}/results`, { version: ids.targetVersion, results: [{ itemKey: 'fire-1', result: 'fail', note: '堵塞', fileIds: [ids.fileB1] }] }),
        status: 404,
      },
      {
        name: 'marks with a colleague’s photo',
        send: () => c.officerA1.put(`/api/v1/inspections/${ids.inspection}/targets/${ids.target}/results`, { version: ids.targetVersion, results: [{ itemKey: 'fire-1', result: 'fail', note: '堵塞', fileIds: [ids.fileColleague] }] }),
        status: 400,
      },
      { name: 'campaign of another district’s schools', send: () => c.bureau.post('/api/v1/campaigns', campaignBody({ allSchools: false, schoolIds: [far.schoolA1.id] })), status: 404 },
      { name: 'campaign with a town for a school', send: () => c.bureau.post('/api/v1/campaigns', campaignBody({ allSchools: false, schoolIds: [tree.townA.id] })), status: 400, field: 'schoolIds' },
      { name: 'campaign with another district’s department', send: () => c.bureau.post('/api/v1/campaigns', campaignBody({ departmentId: far.department.id })), status: 404 },
      { name: 'campaign on another district’s checklist', send: () => c.bureau.post('/api/v1/campaigns', campaignBody({ checklistTemplateId: ids.templateFar })), status: 404 },
      { name: 'campaign moved to another district’s schools', send: () => c.bureau.patch(`/api/v1/campaigns/${campaign.id}`, { version: campaign.version, schoolIds: [far.schoolB1.id] }), status: 404 },
    ]);
  });

  it('compliance actions, units and people: the school, the parent unit, the unit a person is placed in', async () => {
    const teacher = await current(c.bureau, `/api/v1/users/${p.teacherA1.id}`);
    await walk([
      { name: 'notice to another town’s school', send: () => c.townA.post('/api/v1/compliance/actions', { unitId: tree.schoolB1.id, ruleCode: 'drill.monthly', action: 'notice' }), status: 404 },
      { name: 'notice to another district’s school', send: () => c.bureau.post('/api/v1/compliance/actions', { unitId: far.schoolA1.id, ruleCode: 'drill.monthly', action: 'notice' }), status: 404 },
      { name: 'unit under another district’s town', send: () => c.bureau.post('/api/v1/units', { kind: 'school', name: '新学校', parentId: far.townA.id, stage: 'primary', ownership: 'public' }), status: 404 },
      { name: 'person placed in another district’s school', send: () => c.bureau.post('/api/v1/users', { username: 'foreignplaced', displayName: '外区', unitId: far.schoolA1.id, roles: ['teacher'] }), status: 404 },
      { name: 'person moved to another district’s school', send: () => c.bureau.patch(`/api/v1/users/${teacher.id}`, { version: teacher.version, unitId: far.schoolA1.id }), status: 404 },
      { name: 'person placed in another town by a town', send: () => c.townA.post('/api/v1/users', { username: 'othertown', displayName: '他镇', unitId: tree.schoolB1.id, roles: ['teacher'] }), status: 404 },
    ]);
  });
});
