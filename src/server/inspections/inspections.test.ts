// Inspections through the API (001 item 24: 自查、普查、抽查, 联合、专业、交叉检查, 四不两直, 回头看;
// 002: the checklist filled by each school, failed items registered as hazards, false fixes found
// by the follow-up), with scope, bad input and concurrency.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../db/client.js';
import { checklistTemplates, checklistVersions, hazards, inspectionResults } from '../db/schema.js';
import { pngBytes, jpegBytes } from '../files/testing.js';
import { buildTree, buildUser, login, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'principalA1' | 'teacherA1' | 'officerA2' | 'officerB1' | 'townA' | 'townB' | 'dept' | 'admin' | 'leader' | 'insp1' | 'insp2';
let p: Record<Who, { id: number; username: string }>;
let c: Record<Who, Client>;
let templateId: number;

const TODAY = '2026-03-10';

const sections = [
  {
    title: '消防安全与危化品',
    area: 'fire_chemicals',
    items: [
      { key: 'fire-1', text: '疏散通道、安全出口畅通，无堆放杂物', method: '现场查看', standard: '疏散通道保持畅通', source: '002 第二项' },
      { key: 'fire-2', text: '灭火器在有效期内', method: '抽查灭火器压力表', standard: '压力表指针在绿区', source: '002 第二项' },
    ],
  },
  {
    title: '安保力量（人防）',
    area: 'guards',
    items: [{ key: 'guard-1', text: '在校期间每个校门至少 2 名保安', method: '现场清点', standard: '每校门≥2 人', source: '002 area 8' }],
  },
];

async function buildTemplate(db: Executor, districtId: number, name: string, builtin: boolean, secs: unknown[] = sections) {
  const [tpl] = await db.insert(checklistTemplates).values({ districtId, name, builtin, currentVersion: 1 }).returning();
  await db.insert(checklistVersions).values({ templateId: tpl.id, number: 1, sections: secs, itemCount: 3 });
  return tpl.id;
}

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  const db = t.database.db;
  tree = await buildTree(db);
  p = {
    officerA1: await buildUser(db, tree.schoolA1, ['school_safety_officer']),
    principalA1: await buildUser(db, tree.schoolA1, ['principal']),
    teacherA1: await buildUser(db, tree.schoolA1, ['teacher']),
    officerA2: await buildUser(db, tree.schoolA2, ['school_safety_officer']),
    officerB1: await buildUser(db, tree.schoolB1, ['school_safety_officer']),
    townA: await buildUser(db, tree.townA, ['town_officer']),
    townB: await buildUser(db, tree.townB, ['town_officer']),
    dept: await buildUser(db, tree.department, ['department_officer']),
    admin: await buildUser(db, tree.bureau, ['bureau_admin']),
    leader: await buildUser(db, tree.bureau, ['bureau_leader']),
    insp1: await buildUser(db, tree.bureau, ['inspector']),
    insp2: await buildUser(db, tree.bureau, ['inspector']),
  };
  c = Object.fromEntries(await Promise.all(Object.entries(p).map(async ([k, u]) => [k, await login(t.app, u.username)]))) as typeof c;
  templateId = await buildTemplate(db, tree.districtId, '校园安全风险隐患排查表', true);
});
afterAll(() => t.close());

type Res = { statusCode: number; body: string; json: () => any };
async function ok(req: Promise<Res>, status = 200) {
  const res = await req;
  if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}

const create = (client: Client, body: Record<string, unknown>) =>
  client.post('/api/v1/inspections', { title: '检查', plannedOn: TODAY, ...body });
const start = (client: Client, insp: { id: number; version: number }) => client.post(`/api/v1/inspections/${insp.id}/start`, { version: insp.version });
const save = (client: Client, insp: { id: number }, target: { id: number; version: number }, results: unknown[]) =>
  client.put(`/api/v1/inspections/${insp.id}/targets/${target.id}/results`, { version: target.version, results });
const submit = (client: Client, insp: { id: number }, target: { id: number; version: number }, body: Record<string, unknown> = {}) =>
  client.post(`/api/v1/inspections/${insp.id}/targets/${target.id}/submit`, { version: target.version, ...body });
const allPass = [
  { itemKey: 'fire-1', result: 'pass' },
  { itemKey: 'fire-2', result: 'pass' },
  { itemKey: 'guard-1', result: 'pass' },
];

/** A started inspection and its first target. */
async function started(client: Client, body: Record<string, unknown>, starter: Client = client) {
  const created = await ok(create(client, body), 201);
  const insp = await ok(start(starter, created));
  return { insp, target: insp.targets[0] };
}

describe('a school self-check (自查, 001 item 24; 002 集中排查)', () => {
  it('one tap: the own school, the built-in checklist; a failed item becomes a hazard with fields from the item and its report step', async () => {
    const created = await ok(create(c.officerA1, { kind: 'self_check', title: '三月安全自查', inspectorIds: [p.officerA1.id] }), 201);
    expect(created.code).toMatch(/^JC-2026-\d{6}$/);
    expect(created).toMatchObject({ kind: 'self_check', status: 'planned', organizerUnitId: tree.schoolA1.id, checklistName: '校园安全风险隐患排查表', checklistVersionNumber: 1 });
    expect(created.schools).toEqual([{ id: tree.schoolA1.id, name: tree.schoolA1.name }]);
    expect(created.sections).toEqual(sections);
    expect(created.actions).toEqual(['start']);

    const insp = await ok(start(c.officerA1, created));
    expect(insp.status).toBe('in_progress');
    let target = insp.targets[0];
    expect(target.actions).toEqual(['fill', 'submit', 'export']);

    const photo = await ok(c.officerA1.upload('/api/v1/files', { name: '通道.jpg', bytes: jpegBytes() }), 201);
    target = await ok(
      save(c.officerA1, insp, target, [
        { itemKey: 'fire-1', result: 'fail', note: '一楼东侧通道堆放桌椅', fileIds: [photo.id] },
        { itemKey: 'fire-2', result: 'pass' },
      ]),
    );
    expect(target.results).toHaveLength(2);
    target = await ok(save(c.officerA1, insp, target, [{ itemKey: 'guard-1', result: 'na', note: '本校区无独立校门' }]));

    target = await ok(submit(c.officerA1, insp, target, { summary: '总体良好', failed: [{ itemKey: 'fire-1', location: '教学楼一楼东侧通道' }] }));
    expect(target.status).toBe('submitted');
    expect(target.signatures).toEqual([{ userId: p.officerA1.id, name: expect.any(String), at: new Date(`${TODAY}T02:00:00Z`).toISOString() }]);
    const failed = target.results.find((r: { itemKey: string }) => r.itemKey === 'fire-1');
    expect(failed.hazardCode).toMatch(/^YH-2026-\d{6}$/);

    const h = await ok(c.officerA1.get(`/api/v1/hazards/${failed.hazardId}`));
    expect(h).toMatchObject({
      schoolId: tree.schoolA1.id,
      area: 'fire_chemicals',
      location: '教学楼一楼东侧通道',
      description: '疏散通道、安全出口畅通，无堆放杂物：一楼东侧通道堆放桌椅',
      grade: 'general',
      source: 'self_check',
      status: 'reported',
      inspectionId: insp.id,
      inspectionCode: insp.code,
      foundOn: TODAY,
    });
    expect(h.files.map((f: { id: number }) => f.id)).toEqual([photo.id]);
    expect(h.steps.map((s: { action: string }) => s.action)).toEqual(['report']);
    const [row] = await t.database.db.select().from(hazards).where(eq(hazards.id, failed.hazardId));
    expect(row).toMatchObject({ inspectionTargetId: target.id, itemKey: 'fire-1' });

    const after = await ok(c.officerA1.get(`/api/v1/inspections/${insp.id}`));
    expect(after.status).toBe('submitted');
    expect(after.submittedCount).toBe(1);

    // A second submit is refused.
    const again = await submit(c.officerA1, insp, target);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已提交签字');
  });

  it('keeps the checklist version it started with when the template changes', async () => {
    const tpl = await buildTemplate(t.database.db, tree.districtId, '会改版的排查表', false);
    const created = await ok(create(c.officerA1, { kind: 'self_check', checklistTemplateId: tpl, inspectorIds: [p.officerA1.id] }), 201);
    const changed = [{ ...sections[0], items: [{ key: 'new-1', text: '新增检查项' }] }];
    await t.database.db.insert(checklistVersions).values({ templateId: tpl, number: 2, sections: changed, itemCount: 1 });
    await t.database.db.update(checklistTemplates).set({ currentVersion: 2 }).where(eq(checklistTemplates.id, tpl));
    const again = await ok(c.officerA1.get(`/api/v1/inspections/${created.id}`));
    expect(again.sections).toEqual(sections);
    const next = await ok(create(c.officerA1, { kind: 'self_check', checklistTemplateId: tpl, inspectorIds: [p.officerA1.id] }), 201);
    expect(next.sections).toEqual(changed);
    expect(next.checklistVersionNumber).toBe(2);
  });

  it('a kindergarten’s one-tap self-check uses the built-in kindergarten checklist; an archived template is not offered', async () => {
    const kgSections = [{ title: '卫生保健', area: 'food_disease', items: [{ key: 'kg-1', text: '午睡室有人值守', method: '现场查看', standard: '', source: '000 第5条' }] }];
    await buildTemplate(t.database.db, tree.districtId, '幼儿园安全检查表', true, kgSections);
    const kg = await ok(create(c.officerA2, { kind: 'self_check', inspectorIds: [p.officerA2.id] }), 201);
    expect(kg).toMatchObject({ checklistName: '幼儿园安全检查表', sections: kgSections });
    expect((await ok(c.officerA2.get('/api/v1/inspections/options'))).builtinChecklistId).not.toBe(templateId);
    const archived = await buildTemplate(t.database.db, tree.districtId, '已归档的表', false);
    await t.database.db.update(checklistTemplates).set({ status: 'archived' }).where(eq(checklistTemplates.id, archived));
    expect((await create(c.officerA1, { kind: 'self_check', checklistTemplateId: archived, inspectorIds: [p.officerA1.id] })).statusCode).toBe(404);
  });

  it('a school cannot start anything but its own self-check', async () => {
    const town = await create(c.officerA1, { kind: 'town_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.officerA1.id] });
    expect(town.statusCode).toBe(400);
    expect(town.json().error.message).toMatch(/^类型：学校只能发起本校自查/);
    const other = await create(c.officerA1, { kind: 'self_check', schoolIds: [tree.schoolA2.id], inspectorIds: [p.officerA1.id] });
    expect(other.statusCode).toBe(404);
    const outsider = await create(c.officerA1, { kind: 'self_check', inspectorIds: [p.officerA2.id] });
    expect(outsider.statusCode).toBe(404);
  });
});

describe('validation and refusals', () => {
  it('names the field in Chinese for bad input', async () => {
    const noTitle = await create(c.admin, { kind: 'spot_check', title: '', schoolIds: [tree.schoolA1.id], inspectorIds: [p.insp1.id] });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.message).toBe('检查名称：请填写检查名称');
    const badDate = await create(c.admin, { kind: 'spot_check', plannedOn: '2026-02-30', schoolIds: [tree.schoolA1.id], inspectorIds: [p.insp1.id] });
    expect(badDate.json().error.message).toMatch(/^检查日期：/);
    const noInspectors = await create(c.admin, { kind: 'spot_check', schoolIds: [tree.schoolA1.id], inspectorIds: [] });
    expect(noInspectors.json().error.message).toBe('检查人员：请至少选择一名检查人员');
    const noSchools = await create(c.admin, { kind: 'spot_check', inspectorIds: [p.insp1.id] });
    expect(noSchools.json().error.message).toBe('被检查学校：请选择被检查学校');
    const teacher = await create(c.admin, { kind: 'spot_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.teacherA1.id] });
    expect(teacher.statusCode).toBe(400);
    expect(teacher.json().error.message).toContain('不是可以执行检查的在岗人员');
    const twoSchools = await create(c.admin, { kind: 'self_check', schoolIds: [tree.schoolA1.id, tree.schoolA2.id], inspectorIds: [p.officerA1.id] });
    expect(twoSchools.json().error.message).toBe('被检查学校：学校自查只检查本校一所学校');
    const foreignInspector = await create(c.admin, { kind: 'self_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.officerA2.id] });
    expect(foreignInspector.json().error.message).toContain('学校自查的检查人员须为本校人员');
    const hazardsOnSpot = await create(c.admin, { kind: 'spot_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.insp1.id], hazardIds: [1] });
    expect(hazardsOnSpot.json().error.details[0].field).toBe('hazardIds');
    expect((await create(c.admin, { kind: 'spot_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.insp1.id], checklistTemplateId: 999999 })).statusCode).toBe(404);
    expect((await create(c.admin, { kind: 'spot_check', schoolIds: [tree.department.id], inspectorIds: [p.insp1.id] })).statusCode).toBe(404);
    // An inspector fills inspections but does not start them; a teacher neither.
    expect((await create(c.insp1, { kind: 'spot_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.insp1.id] })).statusCode).toBe(403);
    expect((await create(c.teacherA1, { kind: 'self_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.officerA1.id] })).statusCode).toBe(403);
  });

  it('refuses to submit with an unmarked item, naming it; a failed item needs its location', async () => {
    const { insp, target } = await started(c.admin, { kind: 'spot_check', schoolIds: [tree.schoolA1.id], inspectorIds: [p.insp1.id] }, c.insp1);
    let tg = await ok(save(c.insp1, insp, target, [allPass[0], allPass[1]]));
    const unmarked = await submit(c.insp1, insp, tg);
    expect(unmarked.statusCode).toBe(400);
    expect(unmarked.json().error.message).toBe('第 3 项“在校期间每个校门至少 2 名保安”尚未检查，请标记合格、不合格或不适用后再提交');
    expect(unmarked.json().error.details[0].itemKey).toBe('guard-1');

    tg = await ok(save(c.insp1, insp, tg, [{ itemKey: 'guard-1', result: 'fail', note: '东门只有 1 名保安' }]));
    const noLocation = await submit(c.insp1, insp, tg);
    expect(noLocation.statusCode).toBe(400);
    expect(noLocation.json().error.message).toBe('不合格项：第 3 项“在校期间每个校门至少 2 名保安”不合格，请填写隐患位置');
    const notFailed = await submit(c.insp1, insp, tg, { failed: [{ itemKey: 'fire-1', location: 'x' }] });
    expect(notFailed.statusCode).toBe(400);
    const unknown = await save(c.insp1, insp, tg, [{ itemKey: 'nope', result: 'pass' }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/^检查结果：/);
    // Nothing half-written: no hazard from the refused submits.
    expect(await t.database.db.select().from(hazards).where(eq(hazards.inspectionId, insp.id))).toHaveLength(0);

    // A major hazard, in another area than its section (002 area 8).
    tg = await ok(submit(c.insp1, insp, tg, { failed: [{ itemKey: 'guard-1', location: '东校门', grade: 'major', description: '东门上下学高峰仅 1 名保安' }] }));
    const hz = await ok(c.admin.get(`/api/v1/hazards/${tg.results.find((r: { itemKey: string }) => r.itemKey === 'guard-1').hazardId}`));
    expect(hz).toMatchObject({ area: 'guards', grade: 'major', description: '东门上下学高峰仅 1 名保安', source: 'spot_check' });
  });

  it('a submission sent again with its key (the answer lost on the way to an offline phone) registers its hazards once', async () => {
    const { insp, target } = await started(c.admin, { kind: 'spot_check', schoolIds: [tree.schoolB1.id], inspectorIds: [p.insp1.id] });
    const tg = await ok(save(c.insp1, insp, target, [{ itemKey: 'fire-1', result: 'fail' }, allPass[1], allPass[2]]));
    const body = { failed: [{ itemKey: 'fire-1', location: '地下室配电间' }], submitKey: 'phone-4f1c2a9e-0001' };
    const first = await ok(submit(c.insp1, insp, tg, body));
    // The same write again, with the version the phone still holds: the same form comes back, 200.
    const repeat = await ok(submit(c.insp1, insp, tg, body));
    expect(repeat).toEqual(first);
    const made = await t.database.db.select().from(hazards).where(eq(hazards.inspectionTargetId, tg.id));
    expect(made).toHaveLength(1);
    expect(made[0].location).toBe('地下室配电间');
    // Another key (another submission) is still refused: the form was already submitted.
    const other = await submit(c.insp1, insp, tg, { ...body, submitKey: 'phone-4f1c2a9e-0002' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('INSPECTION_TARGET_SUBMITTED');
    const unkeyed = await submit(c.insp1, insp, tg, { failed: body.failed });
    expect(unkeyed.statusCode).toBe(409);
  });

  it('answers 409 for a stale version, and refuses marks before the start', async () => {
    const created = await ok(create(c.admin, { kind: 'spot_check', schoolIds: [tree.schoolA2.id], inspectorIds: [p.insp1.id] }), 201);
    const early = await save(c.insp1, created, created.targets[0], allPass);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('检查尚未开始');
    expect((await start(c.insp1, { ...created, version: created.version + 1 })).statusCode).toBe(409);
    const insp = await ok(start(c.insp1, created));
    expect((await start(c.insp1, insp)).statusCode).toBe(409);
    const target = insp.targets[0];
    await ok(save(c.insp1, insp, target, [allPass[0]]));
    const stale = await save(c.insp1, insp, target, [allPass[1]]);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    expect((await submit(c.insp1, insp, target)).statusCode).toBe(409);
  });

  it('only a named inspector fills in and submits (403)', async () => {
    const { insp, target } = await started(c.officerA1, { kind: 'self_check', inspectorIds: [p.officerA1.id] });
    for (const other of [c.principalA1, c.townA, c.admin]) {
      expect((await save(other, insp, target, allPass)).statusCode).toBe(403);
      expect((await submit(other, insp, target)).statusCode).toBe(403);
    }
    const filled = await ok(save(c.officerA1, insp, target, allPass));
    expect((await submit(c.principalA1, insp, filled)).statusCode).toBe(403);
    expect((await submit(c.officerA1, insp, filled)).statusCode).toBe(200);
  });
});

describe('scope (404 outside it)', () => {
  it('by id, by list filter and by export', async () => {
    const { insp, target } = await started(c.officerA1, { kind: 'self_check', inspectorIds: [p.officerA1.id] });
    for (const outsider of [c.officerB1, c.townB, c.officerA2]) {
      expect((await outsider.get(`/api/v1/inspections/${insp.id}`)).statusCode).toBe(404);
      expect((await outsider.get(`/api/v1/inspections/${insp.id}/targets/${target.id}/export`)).statusCode).toBe(404);
      expect((await save(outsider, insp, target, allPass)).statusCode).toBe(404);
      const list = await ok(outsider.get('/api/v1/inspections?pageSize=200'));
      expect(list.items.map((i: { id: number }) => i.id)).not.toContain(insp.id);
    }
    expect((await c.officerB1.get(`/api/v1/inspections?schoolId=${tree.schoolA1.id}`)).statusCode).toBe(404);
    for (const insider of [c.townA, c.dept, c.leader, c.principalA1]) {
      expect((await insider.get(`/api/v1/inspections/${insp.id}`)).statusCode).toBe(200);
      const list = await ok(insider.get(`/api/v1/inspections?schoolId=${tree.schoolA1.id}&kind=self_check&pageSize=200`));
      expect(list.items.map((i: { id: number }) => i.id)).toContain(insp.id);
    }
  });

  it('a town sees only its own schools among the targets of a district check', async () => {
    const created = await ok(create(c.admin, { kind: 'joint', schoolIds: [tree.schoolA1.id, tree.schoolB1.id], inspectorIds: [p.insp1.id, p.dept.id] }), 201);
    expect(created.targets).toHaveLength(2);
    const asTownA = await ok(c.townA.get(`/api/v1/inspections/${created.id}`));
    expect(asTownA.targets.map((x: { schoolId: number }) => x.schoolId)).toEqual([tree.schoolA1.id]);
    expect(asTownA.schools.map((x: { id: number }) => x.id)).toEqual([tree.schoolA1.id]);
    const other = created.targets.find((x: { schoolId: number }) => x.schoolId === tree.schoolB1.id);
    expect((await c.townA.get(`/api/v1/inspections/${created.id}/targets/${other.id}/export`)).statusCode).toBe(404);
  });
});

describe('unannounced checks (四不两直)', () => {
  it('the target school and its town cannot see it until it has started', async () => {
    const created = await ok(create(c.admin, { kind: 'unannounced', title: '四不两直暗访', schoolIds: [tree.schoolA1.id], inspectorIds: [p.insp1.id] }), 201);
    for (const blind of [c.officerA1, c.principalA1, c.townA]) {
      expect((await blind.get(`/api/v1/inspections/${created.id}`)).statusCode).toBe(404);
      const list = await ok(blind.get('/api/v1/inspections?kind=unannounced'));
      expect(list.items.map((i: { id: number }) => i.id)).not.toContain(created.id);
    }
    expect((await ok(c.insp1.get('/api/v1/inspections?mine=true'))).items.map((i: { id: number }) => i.id)).toContain(created.id);
    // The school cannot start it either: it does not know it.
    expect((await start(c.officerA1, created)).statusCode).toBe(404);
    await ok(start(c.insp1, created));
    expect((await c.officerA1.get(`/api/v1/inspections/${created.id}`)).statusCode).toBe(200);
    expect((await ok(c.townA.get('/api/v1/inspections?kind=unannounced'))).items.map((i: { id: number }) => i.id)).toContain(created.id);
  });
});

describe('cross checks (交叉检查)', () => {
  it('a town sends one school’s people to check another school; never their own', async () => {
    const created = await ok(
      create(c.townA, { kind: 'cross', inspectorUnitId: tree.schoolA1.id, schoolIds: [tree.schoolA2.id], inspectorIds: [p.officerA1.id] }),
      201,
    );
    expect(created).toMatchObject({ kind: 'cross', inspectorUnitId: tree.schoolA1.id, inspectorUnitName: tree.schoolA1.name });
    const own = await create(c.townA, { kind: 'cross', inspectorUnitId: tree.schoolA1.id, schoolIds: [tree.schoolA1.id], inspectorIds: [p.officerA1.id] });
    expect(own.statusCode).toBe(400);
    expect(own.json().error.message).toContain('交叉检查不能检查检查单位本身或其下属学校');
    const wrongPeople = await create(c.townA, { kind: 'cross', inspectorUnitId: tree.schoolA1.id, schoolIds: [tree.schoolA2.id], inspectorIds: [p.officerA2.id] });
    expect(wrongPeople.json().error.message).toContain('交叉检查的检查人员须来自检查单位');
    const noUnit = await create(c.townA, { kind: 'cross', schoolIds: [tree.schoolA2.id], inspectorIds: [p.officerA1.id] });
    expect(noUnit.json().error.details[0].field).toBe('inspectorUnitId');
    const foreignUnit = await create(c.townA, { kind: 'cross', inspectorUnitId: tree.schoolB1.id, schoolIds: [tree.schoolA2.id], inspectorIds: [p.officerB1.id] });
    expect(foreignUnit.statusCode).toBe(404);
    // The inspecting school sees it; the checked school too.
    expect((await c.officerA1.get(`/api/v1/inspections/${created.id}`)).statusCode).toBe(200);
    expect((await c.officerA2.get(`/api/v1/inspections/${created.id}`)).statusCode).toBe(200);
  });

  it('the district sends town A’s officer to a school of town B; the photo is filed under the checked school', async () => {
    const { insp, target } = await started(
      c.admin,
      { kind: 'cross', inspectorUnitId: tree.townA.id, schoolIds: [tree.schoolB1.id], inspectorIds: [p.townA.id] },
      c.townA,
    );
    expect(insp.targets).toHaveLength(1);
    const photo = await ok(c.townA.upload('/api/v1/files', { name: 'b.png', bytes: pngBytes() }, { unitId: String(tree.schoolB1.id) }), 201);
    expect(photo.unitId).toBe(tree.schoolB1.id);
    // Town B's people were never checking: they cannot file under a school of town A.
    expect((await c.townB.upload('/api/v1/files', { name: 'x.png', bytes: pngBytes() }, { unitId: String(tree.schoolA1.id) })).statusCode).toBe(404);
    let tg = await ok(save(c.townA, insp, target, [{ itemKey: 'fire-1', result: 'fail', note: '楼梯间堆物', fileIds: [photo.id] }, allPass[1], allPass[2]]));
    tg = await ok(submit(c.townA, insp, tg, { failed: [{ itemKey: 'fire-1', location: '二号楼楼梯间' }] }));
    const hazardId = tg.results.find((r: { itemKey: string }) => r.itemKey === 'fire-1').hazardId;
    const seenBySchool = await ok(c.officerB1.get(`/api/v1/hazards/${hazardId}`));
    expect(seenBySchool).toMatchObject({ source: 'cross', schoolId: tree.schoolB1.id });
    expect((await c.officerB1.get(`/api/v1/files/${photo.id}`)).statusCode).toBe(200);
    expect((await c.townA.get(`/api/v1/files/${photo.id}`)).statusCode).toBe(200);
  });
});

describe('follow-ups (回头看, 002: a false fix is reopened and published)', () => {
  async function closedHazard() {
    const { insp, target } = await started(c.officerA1, { kind: 'self_check', inspectorIds: [p.officerA1.id] });
    let tg = await ok(save(c.officerA1, insp, target, [{ itemKey: 'fire-2', result: 'fail', note: '3 具灭火器过期' }, allPass[0], allPass[2]]));
    tg = await ok(submit(c.officerA1, insp, tg, { failed: [{ itemKey: 'fire-2', location: '实验楼二楼' }] }));
    let h = await ok(c.dept.get(`/api/v1/hazards/${tg.results.find((r: { itemKey: string }) => r.itemKey === 'fire-2').hazardId}`));
    const step = async (who: Client, action: string, body: Record<string, unknown> = {}) =>
      (h = await ok(who.post(`/api/v1/hazards/${h.id}/transitions`, { action, version: h.version, ...body })));
    await step(c.dept, 'confirm', { measures: '更换过期灭火器', deadline: '2026-03-31' });
    await step(c.officerA1, 'start');
    const photo = await ok(c.officerA1.upload('/api/v1/files', { name: '新灭火器.jpg', bytes: jpegBytes() }), 201);
    await step(c.officerA1, 'submit', { evidence: '已更换 3 具', fileIds: [photo.id] });
    await step(c.dept, 'accept', { comment: '已更换' });
    await step(c.dept, 'close');
    expect(h.status).toBe('closed');
    return { earlier: insp, hazard: h };
  }

  it('a failed re-check reopens the hazard as a false fix (弄虚作假); a passed one leaves it closed', async () => {
    const one = await closedHazard();
    const two = await closedHazard();
    const created = await ok(create(c.admin, { kind: 'follow_up', title: '回头看', hazardIds: [one.hazard.id, two.hazard.id], inspectorIds: [p.insp1.id] }), 201);
    expect(created.schools).toEqual([{ id: tree.schoolA1.id, name: tree.schoolA1.name }]);
    expect(created.followUpHazards.map((h: { id: number }) => h.id)).toEqual([one.hazard.id, two.hazard.id]);
    expect(created.sections).toEqual([]);
    const insp = await ok(start(c.insp1, created));
    let tg = insp.targets[0];
    const na = await save(c.insp1, insp, tg, [{ itemKey: `hazard-${one.hazard.id}`, result: 'na' }]);
    expect(na.statusCode).toBe(400);
    tg = await ok(
      save(c.insp1, insp, tg, [
        { itemKey: `hazard-${one.hazard.id}`, result: 'fail' },
        { itemKey: `hazard-${two.hazard.id}`, result: 'pass' },
      ]),
    );
    const noNote = await submit(c.insp1, insp, tg);
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toContain('请在备注中写明回头看发现的问题');
    tg = await ok(save(c.insp1, insp, tg, [{ itemKey: `hazard-${one.hazard.id}`, result: 'fail', note: '现场仍有 2 具过期灭火器' }]));
    tg = await ok(submit(c.insp1, insp, tg));
    expect(tg.status).toBe('submitted');

    const reopened = await ok(c.dept.get(`/api/v1/hazards/${one.hazard.id}`));
    expect(reopened).toMatchObject({ status: 'rectifying', falseFix: true });
    const last = reopened.steps[reopened.steps.length - 1];
    expect(last).toMatchObject({ action: 'reopen', fromStatus: 'closed', toStatus: 'rectifying' });
    expect(last.comment).toBe(`回头看（${insp.code}）未通过：现场仍有 2 具过期灭火器`);
    expect(await ok(c.dept.get(`/api/v1/hazards/${two.hazard.id}`))).toMatchObject({ status: 'closed', falseFix: false });
    const [r] = await t.database.db.select().from(inspectionResults).where(eq(inspectionResults.itemKey, `hazard-${one.hazard.id}`));
    expect(r.checkedHazardId).toBe(one.hazard.id);
  });

  it('a follow-up of an earlier inspection re-checks the hazards it found that were declared fixed', async () => {
    const one = await closedHazard();
    const created = await ok(create(c.admin, { kind: 'follow_up', followUpOfId: one.earlier.id, inspectorIds: [p.insp2.id] }), 201);
    expect(created).toMatchObject({ followUpOfId: one.earlier.id, followUpOfCode: one.earlier.code });
    expect(created.followUpHazards.map((h: { id: number }) => h.id)).toEqual([one.hazard.id]);
    const none = await create(c.admin, { kind: 'follow_up', inspectorIds: [p.insp2.id] });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('复查的隐患：回头看须选择原检查或要复查的隐患');
    // A hazard outside the creator's scope: a town cannot run follow-ups at all, and cannot see B's hazards.
    expect((await create(c.townB, { kind: 'follow_up', hazardIds: [one.hazard.id], inspectorIds: [p.townB.id] })).statusCode).toBe(400);
  });
});

describe('signatures and the filled form', () => {
  it('a second inspector countersigns; the export carries the items, results, hazard codes and signatures', async () => {
    const { insp, target } = await started(c.admin, { kind: 'specialist', title: '消防专业检查', schoolIds: [tree.schoolA2.id], inspectorIds: [p.insp1.id, p.insp2.id] }, c.insp2);
    let tg = await ok(save(c.insp2, insp, target, [{ itemKey: 'fire-1', result: 'fail', note: '堆放杂物' }, allPass[1], { itemKey: 'guard-1', result: 'na' }]));
    tg = await ok(submit(c.insp2, insp, tg, { failed: [{ itemKey: 'fire-1', location: '幼儿园午睡室走廊' }] }));
    expect(tg.actions).toEqual(['export']);
    const asOther = await ok(c.insp1.get(`/api/v1/inspections/${insp.id}`));
    expect(asOther.targets[0].actions).toEqual(['sign', 'export']);
    expect((await c.insp1.post(`/api/v1/inspections/${insp.id}/targets/${tg.id}/sign`, { version: tg.version - 1 })).statusCode).toBe(409);
    tg = await ok(c.insp1.post(`/api/v1/inspections/${insp.id}/targets/${tg.id}/sign`, { version: tg.version }));
    expect(tg.signatures.map((s: { userId: number }) => s.userId)).toEqual([p.insp2.id, p.insp1.id]);
    expect((await c.insp1.post(`/api/v1/inspections/${insp.id}/targets/${tg.id}/sign`, { version: tg.version })).statusCode).toBe(409);

    const res = await c.officerA2.get(`/api/v1/inspections/${insp.id}/targets/${tg.id}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`排查表-${insp.code}`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const head = rows.findIndex((r) => r[0] === '序号');
    expect(rows[head]).toEqual(['序号', '检查领域', '检查内容', '检查方法', '标准/依据', '检查结果', '备注', '隐患编号']);
    expect(rows[head + 1]).toEqual(['1', '消防安全与危化品', sections[0].items[0].text, '现场查看', '疏散通道保持畅通；002 第二项', '不合格', '堆放杂物', tg.results.find((r: { itemKey: string }) => r.itemKey === 'fire-1').hazardCode]);
    expect(rows[head + 3][5]).toBe('不适用');
    expect(rows[rows.length - 1][0]).toMatch(/^检查人员签字：.+（2026-03-10 10:00:00）；.+（2026-03-10 10:00:00）$/);
    const audit = await ok(c.admin.get(`/api/v1/audit-events?objectType=inspection&objectId=${insp.id}&action=export`));
    expect(audit.total).toBe(1);
  });
});

describe('what the create form offers', () => {
  it('lists the kinds a person may start and the people who may inspect', async () => {
    expect((await ok(c.officerA1.get('/api/v1/inspections/options'))).kinds).toEqual(['self_check']);
    expect((await ok(c.townA.get('/api/v1/inspections/options'))).kinds).toEqual(['town_check', 'cross', 'video_patrol']);
    const opts = await ok(c.admin.get('/api/v1/inspections/options'));
    expect(opts.kinds).toHaveLength(9);
    expect(opts.builtinChecklistId).toBe(templateId);
    const people = await ok(c.officerA1.get('/api/v1/inspections/inspector-candidates'));
    expect(people.items.map((x: { id: number }) => x.id).sort()).toEqual([p.officerA1.id, p.principalA1.id].sort());
    expect((await c.officerA1.get(`/api/v1/inspections/inspector-candidates?unitId=${tree.schoolB1.id}`)).statusCode).toBe(404);
  });
});
