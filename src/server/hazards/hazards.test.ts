// The hazard register through the API: the signed loop (001 item 24: 部署→检查→反馈→整改→查验→评价;
// 001: 挂账销号, 签字压责), scope, bad input and concurrency.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../db/client.js';
import { files, notifications } from '../db/schema.js';
import { buildTree, buildUnit, buildUser, login, xlsxColumn, type Client, type UnitRef } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { markOverdue } from './hazards.service.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let people: Record<'officer' | 'principal' | 'officerB' | 'town' | 'townB' | 'dept' | 'foodDept' | 'bureau' | 'leader', { id: number; username: string }>;
let c: Record<keyof typeof people, Client>;

const TODAY = '2026-03-10';

async function buildFile(db: Executor, unit: UnitRef, userId: number) {
  const [f] = await db
    .insert(files)
    .values({ districtId: unit.districtId, unitId: unit.id, unitPath: unit.path, name: '整改后.jpg', mime: 'image/jpeg', size: 1234, sha256: 'a'.repeat(64), storageKey: `test/${Math.random()}`, uploadedBy: userId })
    .returning();
  return f.id;
}

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  const db = t.database.db;
  tree = await buildTree(db);
  const foodDept = await buildUnit(db, tree.bureau, 'department', { name: `食品安全科${Date.now()}`, areas: ['food_disease'] });
  people = {
    officer: await buildUser(db, tree.schoolA1, ['school_safety_officer']),
    principal: await buildUser(db, tree.schoolA1, ['principal']),
    officerB: await buildUser(db, tree.schoolB1, ['school_safety_officer']),
    town: await buildUser(db, tree.townA, ['town_officer']),
    townB: await buildUser(db, tree.townB, ['town_officer']),
    dept: await buildUser(db, tree.department, ['department_officer']),
    foodDept: await buildUser(db, foodDept, ['department_officer']),
    bureau: await buildUser(db, tree.bureau, ['bureau_admin']),
    leader: await buildUser(db, tree.bureau, ['bureau_leader']),
  };
  c = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([k, p]) => [k, await login(t.app, p.username)]))) as typeof c;
});
afterAll(() => t.close());

const report = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '教学楼三楼', description: '灭火器过期', grade: 'general', foundOn: TODAY, ...over });

const step = (client: Client, h: { id: number; version: number }, action: string, body: Record<string, unknown> = {}) =>
  client.post(`/api/v1/hazards/${h.id}/transitions`, { action, version: h.version, ...body });

async function reported(over: Record<string, unknown> = {}) {
  const res = await report(c.officer, over);
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function ok(p: Promise<{ statusCode: number; body: string; json: () => any }>) {
  const res = await p;
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}

describe('the signed loop to close-out (001 item 24; 001 挂账销号、签字压责)', () => {
  it('a school reports, the department confirms and assigns, the school fixes with a photo, the department accepts and closes', async () => {
    const h0 = await reported();
    expect(h0.code).toMatch(/^YH-2026-\d{6}$/);
    expect(h0).toMatchObject({ status: 'reported', overdue: false, schoolId: tree.schoolA1.id, responsibleDepartmentId: tree.department.id });
    expect(h0.steps).toHaveLength(1);
    expect(h0.steps[0]).toMatchObject({ action: 'report', toStatus: 'reported' });
    expect(h0.actions).toEqual([]); // a safety officer does not confirm

    const asDept = await ok(c.dept.get(`/api/v1/hazards/${h0.id}`));
    expect(asDept.actions).toEqual(['confirm']);
    const h1 = await ok(step(c.dept, h0, 'confirm', { measures: '更换过期灭火器', deadline: '2026-03-31', responsibleUserId: people.officer.id, comment: '请按期整改' }));
    expect(h1).toMatchObject({ status: 'assigned', deadline: '2026-03-31', responsibleUserName: expect.any(String), measures: '更换过期灭火器' });

    const h2 = await ok(step(c.officer, h1, 'start'));
    expect(h2.status).toBe('rectifying');

    const noEvidence = await step(c.officer, h2, 'submit', { evidence: '已更换', fileIds: [] });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().error.message).toContain('照片');
    const fileId = await buildFile(t.database.db, tree.schoolA1, people.officer.id);
    const h3 = await ok(step(c.officer, h2, 'submit', { evidence: '已更换 12 具灭火器', fileIds: [fileId] }));
    expect(h3.status).toBe('submitted');

    // The officer who submitted sees nothing to accept; the department does.
    expect((await ok(c.dept.get(`/api/v1/hazards?mine=true`))).items.map((x: { id: number }) => x.id)).toContain(h0.id);
    const h4 = await ok(step(c.dept, h3, 'accept', { comment: '现场查验合格' }));
    const h5 = await ok(step(c.dept, h4, 'close'));
    expect(h5.status).toBe('closed');
    expect(h5.closedAt).not.toBeNull();
    expect(h5.steps.map((s: { action: string }) => s.action)).toEqual(['report', 'confirm', 'start', 'submit', 'accept', 'close']);
    const submitStep = h5.steps[3];
    expect(submitStep).toMatchObject({ comment: null, data: { evidence: '已更换 12 具灭火器' } });
    expect(submitStep.files.map((f: { id: number }) => f.id)).toEqual([fileId]);
    expect(h5.steps.every((s: { actorName: string; at: string }) => s.actorName && s.at)).toBe(true);

    // Each step is in the audit trail; the assignee was reminded.
    const audit = (await ok(c.bureau.get(`/api/v1/audit-events?objectType=hazard&objectId=${h0.id}`))).items;
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'transition', 'transition', 'transition', 'transition', 'transition']);
    const mine = await ok(c.officer.get('/api/v1/notifications'));
    expect(mine.items.some((n: { kind: string; link: string }) => n.kind === 'assigned' && n.link === `/hazards/${h0.id}`)).toBe(true);
  });

  it('acceptance can send the fix back with a reason, and the submitter hears of it', async () => {
    let h = await reported();
    h = await ok(step(c.principal, h, 'confirm', { measures: '修复', deadline: '2026-03-20' }));
    h = await ok(step(c.officer, h, 'start'));
    h = await ok(step(c.officer, h, 'submit', { evidence: '已修复', fileIds: [await buildFile(t.database.db, tree.schoolA1, people.officer.id)] }));
    type Reminder = { kind: string; link: string; readAt: string | null };
    const waiting = async () => ((await ok(c.principal.get('/api/v1/notifications'))).items as Reminder[]).find((x) => x.kind === 'acceptance_waiting' && x.link === `/hazards/${h.id}`);
    expect((await waiting())?.readAt).toBeNull();
    // The officer submitted: the 交办给您 reminder about this hazard has been dealt with (issue 17).
    const assigned = ((await ok(c.officer.get('/api/v1/notifications'))).items as Reminder[]).find((x) => x.kind === 'assigned' && x.link === `/hazards/${h.id}`);
    expect(assigned?.readAt).not.toBeNull();
    const noReason = await step(c.town, h, 'return', {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0]).toMatchObject({ field: 'comment' });
    h = await ok(step(c.town, h, 'return', { comment: '照片看不清，请补拍' }));
    expect(h.status).toBe('rectifying');
    // The town decided the acceptance: the principal's 待您查验 no longer waits (issue 17).
    expect((await waiting())?.readAt).not.toBeNull();
    const n = await ok(c.officer.get('/api/v1/notifications'));
    expect(n.items.some((x: { kind: string; title: string }) => x.kind === 'returned' && x.title.includes(h.code))).toBe(true);
  });

  it('a deadline extension is asked with a reason and decided; approval moves the deadline', async () => {
    let h = await reported();
    h = await ok(step(c.principal, h, 'confirm', { measures: '修复', deadline: '2026-03-20' }));
    const early = await step(c.officer, h, 'request_extension', { comment: '材料未到', requestedDeadline: '2026-03-15' });
    expect(early.statusCode).toBe(400);
    h = await ok(step(c.officer, h, 'request_extension', { comment: '材料未到', requestedDeadline: '2026-04-10' }));
    expect(h.pendingDeadline).toBe('2026-04-10');
    const twice = await step(c.officer, h, 'request_extension', { comment: '再延', requestedDeadline: '2026-04-20' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('已有待审批');
    h = await ok(step(c.town, h, 'approve_extension', {}));
    expect(h).toMatchObject({ deadline: '2026-04-10', pendingDeadline: null });
    expect((await ok(c.officer.get('/api/v1/notifications'))).items.some((x: { kind: string }) => x.kind === 'extension_decided')).toBe(true);
  });

  it('a major hazard needs interim controls and is accepted by the bureau or its department, not the town or school (挂牌督办)', async () => {
    let h = await reported({ grade: 'major', description: '教学楼外墙空鼓' });
    const byTown = await step(c.town, h, 'confirm', { measures: '加固', deadline: '2026-04-30', interimControls: '围挡' });
    expect(byTown.statusCode).toBe(403);
    expect(byTown.json().error.message).toContain('挂牌督办');
    const noInterim = await step(c.bureau, h, 'confirm', { measures: '加固', deadline: '2026-04-30' });
    expect(noInterim.statusCode).toBe(400);
    expect(noInterim.json().error.details[0]).toMatchObject({ field: 'interimControls', label: '临时管控措施' });
    h = await ok(step(c.bureau, h, 'confirm', { measures: '加固', deadline: '2026-04-30', interimControls: '围挡并禁止通行' }));
    h = await ok(step(c.officer, h, 'start'));
    h = await ok(step(c.officer, h, 'submit', { evidence: '已加固', fileIds: [await buildFile(t.database.db, tree.schoolA1, people.officer.id)] }));
    expect((await step(c.principal, h, 'accept', { comment: '合格' })).statusCode).toBe(403);
    h = await ok(step(c.bureau, h, 'accept', { comment: '合格' }));
    expect(h.status).toBe('accepted');
  });
});

describe('bad input', () => {
  it('a deadline before the found date is refused, naming the field', async () => {
    const h = await reported({ foundOn: '2026-03-05' });
    const res = await step(c.dept, h, 'confirm', { measures: 'x', deadline: '2026-03-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ message: '整改时限：整改时限不能早于发现日期' });
  });

  it('a found date in the future, a missing description, an unknown area are refused', async () => {
    expect((await report(c.officer, { foundOn: '2026-03-11' })).json().error.message).toContain('发现日期');
    const empty = await report(c.officer, { description: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('隐患描述');
    expect((await report(c.officer, { area: 'nonsense' })).statusCode).toBe(400);
  });

  it('an impossible step is 409 with the reason in Chinese; a stale version is 409; nothing is written', async () => {
    const h = await reported();
    const res = await step(c.officer, h, 'submit', { evidence: 'x', fileIds: [await buildFile(t.database.db, tree.schoolA1, people.officer.id)] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'HAZARD_INVALID_TRANSITION', message: '当前状态为“待确认”，不能执行“提交验收”' });
    const stale = await step(c.dept, { ...h, version: h.version + 5 }, 'confirm', { measures: 'x', deadline: '2026-03-31' });
    expect(stale.statusCode).toBe(409);
    const after = await ok(c.dept.get(`/api/v1/hazards/${h.id}`));
    expect(after).toMatchObject({ status: 'reported', version: h.version });
    expect(after.steps).toHaveLength(1);
  });

  it('a file of another school cannot be attached (404)', async () => {
    let h = await reported();
    h = await ok(step(c.principal, h, 'confirm', { measures: 'x', deadline: '2026-03-31' }));
    h = await ok(step(c.officer, h, 'start'));
    const foreign = await buildFile(t.database.db, tree.schoolB1, people.officerB.id);
    const res = await step(c.officer, h, 'submit', { evidence: 'x', fileIds: [foreign] });
    expect(res.statusCode).toBe(404);
    expect((await ok(c.officer.get(`/api/v1/hazards/${h.id}`))).status).toBe('rectifying');
  });
});

describe('two people at once', () => {
  it('exactly one of two simultaneous steps wins; the other gets 409', async () => {
    const h = await reported();
    const [a, b] = await Promise.all([
      step(c.dept, h, 'confirm', { measures: '甲方案', deadline: '2026-03-31' }),
      step(c.town, h, 'confirm', { measures: '乙方案', deadline: '2026-03-30' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const after = await ok(c.dept.get(`/api/v1/hazards/${h.id}`));
    expect(after.steps.filter((s: { action: string }) => s.action === 'confirm')).toHaveLength(1);
  });
});

describe('a step sent again from a phone (issue 17)', () => {
  it('the rectification sent again with its key (the answer lost on the way) is signed once; the same key twice at once too', async () => {
    let h = await reported();
    h = await ok(step(c.principal, h, 'confirm', { measures: '修复', deadline: '2026-03-20' }));
    h = await ok(step(c.officer, h, 'start'));
    const body = { evidence: '已更换灭火器', fileIds: [await buildFile(t.database.db, tree.schoolA1, people.officer.id)], stepKey: 'phone-7d2e4b1a-0001' };
    const first = await ok(step(c.officer, h, 'submit', body));
    expect(first.status).toBe('submitted');
    // The same write again, with the version the phone still holds: the same hazard comes back, 200.
    expect(await ok(step(c.officer, h, 'submit', body))).toEqual(first);
    const [a, b] = await Promise.all([step(c.officer, h, 'submit', body), step(c.officer, h, 'submit', body)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const after = await ok(c.officer.get(`/api/v1/hazards/${h.id}`));
    expect(after.version).toBe(first.version);
    expect(after.steps.filter((s: { action: string }) => s.action === 'submit')).toHaveLength(1);
    // Another key is another step: made on the old version, it is stale (409), as is one with no key.
    const other = await step(c.officer, h, 'submit', { ...body, stepKey: 'phone-7d2e4b1a-0002' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('STALE_VERSION');
    expect((await step(c.officer, h, 'submit', { evidence: body.evidence, fileIds: body.fileIds })).statusCode).toBe(409);
    // Someone else sending that key signs nothing in the officer's name: their own stale step is refused.
    expect((await step(c.principal, h, 'submit', body)).statusCode).toBe(409);
    const audit = (await ok(c.bureau.get(`/api/v1/audit-events?objectType=hazard&objectId=${h.id}`))).items;
    expect(audit.filter((e: { action: string }) => e.action === 'transition')).toHaveLength(3);
  });

  it('a key shorter than 8 characters is refused, naming the field', async () => {
    const h = await reported();
    const res = await step(c.principal, h, 'confirm', { measures: '修复', deadline: '2026-03-20', stepKey: 'short' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^离线提交标识：/);
  });
});

describe('scope: another unit\'s hazards are simply not there', () => {
  it('by id, by list filter, by transition and by export', async () => {
    const h = await reported({ description: `范围测试${Date.now()}` });
    expect((await c.officerB.get(`/api/v1/hazards/${h.id}`)).statusCode).toBe(404);
    expect((await c.townB.get(`/api/v1/hazards/${h.id}`)).statusCode).toBe(404);
    expect((await step(c.townB, h, 'confirm', { measures: 'x', deadline: '2026-03-31' })).statusCode).toBe(404);
    expect((await c.officerB.get(`/api/v1/hazards?schoolId=${tree.schoolA1.id}`)).json().total).toBe(0);
    expect((await c.townB.get(`/api/v1/hazards?q=${encodeURIComponent(h.description)}`)).json().total).toBe(0);
    const exported = await c.townB.get(`/api/v1/hazards/export?q=${encodeURIComponent(h.description)}`);
    expect(exported.statusCode).toBe(200);
    expect(await xlsxColumn(exported.rawPayload, '隐患编号')).toEqual([]);
    // The town above the school and the bureau see it.
    expect((await c.town.get(`/api/v1/hazards/${h.id}`)).statusCode).toBe(200);
    expect((await c.leader.get(`/api/v1/hazards/${h.id}`)).statusCode).toBe(200);
  });

  it('a department sees the hazards of its own areas only', async () => {
    const fire = await reported({ area: 'fire_chemicals' });
    const food = await reported({ area: 'food_disease', description: '食堂留样不全' });
    expect((await c.dept.get(`/api/v1/hazards/${food.id}`)).statusCode).toBe(404);
    expect((await c.foodDept.get(`/api/v1/hazards/${food.id}`)).statusCode).toBe(200);
    expect((await c.foodDept.get(`/api/v1/hazards/${fire.id}`)).statusCode).toBe(404);
    expect((await c.foodDept.get(`/api/v1/hazards?area=fire_chemicals`)).json().total).toBe(0);
  });

  it('a school cannot report a hazard of another school (404)', async () => {
    expect((await report(c.officer, { schoolId: tree.schoolB1.id })).statusCode).toBe(404);
  });
});

describe('the register in pages (issue 19: the page\'s ids first, then its rows with their names)', () => {
  it('pages follow each other newest first without gaps or repeats, each row with its school and town', async () => {
    const tag = `分页${Date.now()}`;
    const made: number[] = [];
    for (let i = 0; i < 5; i++) made.push((await reported({ description: `${tag} ${i}` })).id);
    const page = (n: number) => ok(c.town.get(`/api/v1/hazards?q=${encodeURIComponent(tag)}&pageSize=2&page=${n}`));
    const pages = [await page(1), await page(2), await page(3), await page(4)];
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1, 0]);
    expect(pages.flatMap((p) => p.items.map((x: { id: number }) => x.id))).toEqual([...made].reverse());
    for (const x of pages[0].items) expect([x.schoolName, x.townName]).toEqual([tree.schoolA1.name, tree.townA.name]);
  });
});

describe('the history cannot be edited', () => {
  it('the database refuses to change or remove a signed step', async () => {
    const h = await reported();
    const refusal = (q: Promise<unknown>) => q.then(() => 'allowed', (e: { message: string; cause?: { message: string } }) => e.cause?.message ?? e.message);
    expect(await refusal(t.database.db.execute(sql`update hazard_steps set comment = 'x' where hazard_id = ${h.id}`))).toMatch(/append-only/);
    expect(await refusal(t.database.db.execute(sql`delete from hazard_steps where hazard_id = ${h.id}`))).toMatch(/append-only/);
  });
});

describe('overdue is computed; the daily job reminds once', () => {
  it('marks a hazard past its deadline overdue and reminds the assignee once; due-soon reminders three days ahead', async () => {
    let h = await reported({ description: `逾期测试${Date.now()}` });
    h = await ok(step(c.principal, h, 'confirm', { measures: 'x', deadline: '2026-03-12', responsibleUserId: people.officer.id }));
    const db = t.database.db;
    await markOverdue(db, new Date('2026-03-10T02:00:00Z'));
    const dueSoon = await db.select().from(notifications).where(sql`${notifications.dedupeKey} = ${`due_soon:${h.id}:2026-03-12`}`);
    expect(dueSoon).toHaveLength(1);
    await markOverdue(db, new Date('2026-03-13T02:00:00Z'));
    await markOverdue(db, new Date('2026-03-14T02:00:00Z'));
    const overdue = await db.select().from(notifications).where(sql`${notifications.dedupeKey} = ${`overdue:${h.id}:2026-03-12`}`);
    expect(overdue.map((n) => n.userId)).toEqual([people.officer.id]);
    // Overdue follows the clock, not the job: as of today it is not yet overdue.
    expect((await ok(c.officer.get(`/api/v1/hazards/${h.id}`))).overdue).toBe(false);
    t.now.value = new Date('2026-03-13T02:00:00Z');
    try {
      const relogged = await login(t.app, people.officer.username);
      const list = await ok(relogged.get(`/api/v1/hazards?overdue=true&q=${encodeURIComponent(h.description)}`));
      expect(list.items.map((x: { id: number; overdue: boolean }) => [x.id, x.overdue])).toEqual([[h.id, true]]);
      expect((await ok(relogged.get(`/api/v1/hazards?overdue=false&q=${encodeURIComponent(h.description)}`))).items).toEqual([]);
    } finally {
      t.now.value = new Date(`${TODAY}T02:00:00Z`);
    }
  });
});

describe('exports in the seeds\' forms', () => {
  it('the register (隐患清单) and the three lists (三清单, 004) of a school', async () => {
    const h = await reported({ description: `导出测试${Date.now()}` });
    const reg = await c.principal.get(`/api/v1/hazards/export?q=${encodeURIComponent(h.description)}`);
    expect(reg.statusCode).toBe(200);
    expect(await xlsxColumn(reg.rawPayload, '隐患编号')).toEqual([h.code]);
    const three = await c.principal.get(`/api/v1/hazards/three-lists/export?unitId=${tree.schoolA1.id}`);
    expect(three.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(three.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['问题隐患清单', '整改措施清单', '责任落实清单']);
    const codes: string[] = [];
    wb.worksheets[0].eachRow((row, n) => n > 3 && codes.push(String(row.getCell(1).value)));
    expect(codes).toContain(h.code);
    // Another school's lists are not found.
    expect((await c.officerB.get(`/api/v1/hazards/three-lists/export?unitId=${tree.schoolA1.id}`)).statusCode).toBe(404);
  });
});
