// Notices, interviews, accountability and the award check through the API (issue 13), for each role:
// a department drafts, only the bureau approves and publishes, a named school replies (another unit
// cannot: 404), a town sees its schools' notices, stale edits are 409, records behind a notice are
// resolved in the caller's scope; the award check lists the late major hazard, the notice and the decision.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, hazards, notices, notifications } from '../db/schema.js';
import { ok, refused, startWithTree, xlsxColumn, type Client, type Tree } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { incidentSource, runAwardCheck, type DisciplineItem } from './award-sources.js';

let t: TestContext;
let tree: Tree;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'leader' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, { id: number }>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c, people } = await startWithTree(TODAY, (tr) => ({
    officerA1: [tr.schoolA1, ['school_safety_officer']],
    officerB1: [tr.schoolB1, ['school_safety_officer']],
    kg: [tr.schoolA2, ['principal']],
    townA: [tr.townA, ['town_officer']],
    dept: [tr.department, ['department_officer']],
    bureau: [tr.bureau, ['bureau_admin']],
    leader: [tr.bureau, ['bureau_leader']],
    teacher: [tr.schoolA1, ['teacher']],
  })));
});
afterAll(() => t.close());

const draft = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/notices', {
    title: '关于消防隐患整改不力的通报',
    reason: '重大火灾隐患逾期未整改',
    requirement: '立即整改，书面报告整改情况',
    replyDueOn: '2026-05-20',
    units: [{ unitId: tree.schoolA1.id, personName: '张三', personPost: '分管安全副校长' }, { unitId: tree.schoolA2.id }],
    records: [],
    ...over,
  });

let majorHazardId: number;

describe('notices (通报)', () => {
  it('a department drafts with a record behind it; the bureau approves and publishes; the named units are told', async () => {
    const h = await ok(c.officerA1.post('/api/v1/hazards', { schoolId: tree.schoolA1.id, area: 'fire_chemicals', location: '食堂', description: '燃气管道老化', grade: 'major', foundOn: '2026-03-01' }), 201);
    majorHazardId = h.id;
    // Assigned with a deadline that has passed (as if the bureau had set it in March).
    await t.database.db.update(hazards).set({ status: 'assigned', deadline: '2026-04-01' }).where(eq(hazards.id, h.id));

    const n = await ok(draft(c.dept, { records: [{ kind: 'hazard', id: h.id }] }), 201);
    expect(n).toMatchObject({ status: 'draft', version: 1, actions: { edit: true, approve: false, publish: false } });
    expect(n.code).toMatch(/^TB-2026-\d{6}$/);
    expect(n.records).toEqual([expect.objectContaining({ kind: 'hazard', refId: h.id, unitId: tree.schoolA1.id, link: `/hazards/${h.id}`, occurredOn: '2026-04-01' })]);
    expect(n.records[0].label).toContain('重大隐患');
    expect(n.units.map((u: any) => u.replyState)).toEqual(['not_due', 'not_due']);

    // Not published: a school does not see the draft at all.
    await refused(c.officerA1.get(`/api/v1/notices/${n.id}`), 404);
    expect((await ok(c.officerA1.get('/api/v1/notices'))).total).toBe(0);

    // Only the bureau publishes, and only once approved.
    expect((await refused(c.dept.post(`/api/v1/notices/${n.id}/approve`, { version: 1 }), 403)).message).toContain('区教育局');
    expect((await refused(c.bureau.post(`/api/v1/notices/${n.id}/publish`, { version: 1 }), 409)).message).toBe('通报须经区教育局审核签发后才能发布');
    const approved = await ok(c.leader.post(`/api/v1/notices/${n.id}/approve`, { version: 1, comment: '同意发布' }));
    expect(approved).toMatchObject({ status: 'approved', approvedByName: expect.any(String), approvalComment: '同意发布', version: 2 });
    // Approved is signed: no more editing.
    expect((await refused(c.dept.patch(`/api/v1/notices/${n.id}`, { version: 2, title: '改', reason: '改', replyDueOn: '2026-05-20', units: [{ unitId: tree.schoolA1.id }] }), 409)).code).toBe('NOTICE_STATUS');
    await refused(c.bureau.post(`/api/v1/notices/${n.id}/publish`, { version: 1 }), 409);
    const published = await ok(c.bureau.post(`/api/v1/notices/${n.id}/publish`, { version: 2 }));
    expect(published).toMatchObject({ status: 'published', publishedOn: TODAY });
    expect(published.units.map((u: any) => u.replyState)).toEqual(['pending', 'pending']);

    const bell = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, people.officerA1.id), eq(notifications.kind, 'notice_published')));
    expect(bell).toHaveLength(1);
    expect(bell[0].link).toBe(`/accountability/notices/${n.id}`);

    // The school sees the notice and only its own row; another town's school does not see it.
    const seen = await ok(c.officerA1.get(`/api/v1/notices/${n.id}`));
    expect(seen.units.map((u: any) => [u.unitId, u.canReply])).toEqual([[tree.schoolA1.id, true]]);
    expect(seen.records).toHaveLength(1);
    await refused(c.officerB1.get(`/api/v1/notices/${n.id}`), 404);
    // The town sees both of its named schools.
    expect((await ok(c.townA.get(`/api/v1/notices/${n.id}`))).units).toHaveLength(2);

    // A reply: by the named unit itself; another unit (even the town above) is 404.
    const row = seen.units[0];
    await refused(c.officerB1.post(`/api/v1/notices/${n.id}/units/${tree.schoolB1.id}/reply`, { version: 1, replyText: '已整改' }), 404);
    await refused(c.townA.post(`/api/v1/notices/${n.id}/units/${tree.schoolA1.id}/reply`, { version: 1, replyText: '已整改' }), 404);
    await refused(c.teacher.post(`/api/v1/notices/${n.id}/units/${tree.schoolA1.id}/reply`, { version: 1, replyText: '已整改' }), 403);
    const bad = await refused(c.officerA1.post(`/api/v1/notices/${n.id}/units/${tree.schoolA1.id}/reply`, { version: 1, replyText: ' ' }));
    expect(bad.message).toBe('整改情况：请填写整改情况');
    const up = await ok(c.officerA1.upload('/api/v1/files', { name: '整改报告.pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), type: 'application/pdf' }), 201);
    const replied = await ok(c.officerA1.post(`/api/v1/notices/${n.id}/units/${tree.schoolA1.id}/reply`, { version: row.version, replyText: '已更换燃气管道并验收', fileIds: [up.id] }));
    expect(replied.units[0]).toMatchObject({ replyState: 'replied', repliedOn: TODAY, replyFiles: [expect.objectContaining({ name: '整改报告.pdf' })], version: 2 });
    // Stale: the same version again.
    expect((await refused(c.officerA1.post(`/api/v1/notices/${n.id}/units/${tree.schoolA1.id}/reply`, { version: row.version, replyText: '再次回复' }), 409)).code).toBe('STALE_VERSION');

    // The bureau sees the reply and the kindergarten still pending.
    const view = await ok(c.bureau.get(`/api/v1/notices/${n.id}`));
    expect(view.units.map((u: any) => u.replyState)).toEqual(['replied', 'pending']);
    expect(view.replies).toEqual({ total: 2, replied: 1, overdue: 0 });

    // A day after the deadline the kindergarten is overdue, visible in the list filter.
    t.now.value = new Date('2026-05-21T02:00:00Z');
    try {
      const late = await ok(c.bureau.get('/api/v1/notices?overdue=true'));
      expect(late.items.map((x: any) => [x.id, x.replies.overdue])).toEqual([[n.id, 1]]);
      expect((await ok(c.kg.get(`/api/v1/notices/${n.id}`))).units[0].replyState).toBe('overdue');
      expect((await ok(c.officerA1.get('/api/v1/notices?overdue=true'))).total).toBe(0);
    } finally {
      t.now.value = new Date(`${TODAY}T02:00:00Z`);
    }

    const events = await t.database.db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.objectType, 'notice'), eq(auditEvents.objectId, String(n.id))));
    expect(events.map((e) => e.action)).toEqual(['create', 'approve', 'publish']);
  });

  it('the export follows the scope of the caller and the filters, and is audited', async () => {
    const school = await c.officerA1.get('/api/v1/notices/export');
    expect(school.statusCode).toBe(200);
    expect(await xlsxColumn(school.rawPayload, '被通报单位')).toEqual([expect.stringContaining(tree.schoolA1.name)]);
    expect(await xlsxColumn((await c.officerB1.get('/api/v1/notices/export')).rawPayload, '编号')).toEqual([]);
    expect(await xlsxColumn((await c.bureau.get('/api/v1/notices/export?status=published')).rawPayload, '已回复')).toEqual(['1']);
    const events = await t.database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'notice'), eq(auditEvents.action, 'export')));
    expect(events[0].n).toBe(3);
    // A notice belongs to the year it was published in.
    expect((await ok(c.officerA1.get('/api/v1/notices?year=2026'))).total).toBe(1);
    expect((await ok(c.officerA1.get('/api/v1/notices?year=2025'))).total).toBe(0);
  });

  it('bad input names the field; out-of-scope units and records are 404; a record must belong to a named unit', async () => {
    const before = (await t.database.db.select({ n: count() }).from(notices))[0].n;
    expect((await refused(draft(c.dept, { title: '' }))).message).toBe('通报标题：请填写通报标题');
    expect((await refused(draft(c.dept, { units: [] }))).message).toBe('被通报单位：请至少选择一个被通报单位');
    expect((await refused(draft(c.dept, { replyDueOn: '2026-05-01' }))).message).toBe('回复期限：不能早于今天');
    expect((await refused(draft(c.dept, { replyDueOn: '2026-02-30' }))).message).toContain('回复期限');
    expect((await refused(draft(c.dept, { units: [{ unitId: tree.bureau.id }] }))).message).toBe('被通报单位：被通报单位须为学校、镇街或科室');
    expect((await refused(draft(c.dept, { units: [{ unitId: 999999 }] }), 404)).code).toBe('NOT_FOUND');
    expect((await refused(draft(c.dept, { records: [{ kind: 'hazard', id: 999999 }] }), 404)).message).toContain('隐患');
    expect((await refused(draft(c.dept, { records: [{ kind: 'petition', id: 1 }] }))).message).toContain('通报依据');
    // A hazard of schoolA1 behind a notice naming only schoolB1.
    const e = await refused(draft(c.dept, { units: [{ unitId: tree.schoolB1.id }], records: [{ kind: 'hazard', id: majorHazardId }] }));
    expect(e.message).toContain('不属于被通报单位');
    // Not a false fix; a missed rule needs its rule.
    expect((await refused(draft(c.dept, { records: [{ kind: 'false_fix', id: majorHazardId }] }))).message).toContain('不是回头看发现的虚假整改');
    expect((await refused(draft(c.dept, { records: [{ kind: 'compliance_finding', id: tree.schoolA1.id }] }))).message).toContain('请选择未达标的规则');
    // Schools and towns do not draft.
    await refused(draft(c.officerA1), 403);
    await refused(draft(c.townA), 403);
    expect((await t.database.db.select({ n: count() }).from(notices))[0].n).toBe(before);
  });

  it('a missed rule of the compliance board is cited by school and rule', async () => {
    const board = await ok(c.bureau.get(`/api/v1/compliance?unitId=${tree.schoolA2.id}&status=missed`));
    const missed = board.items[0];
    expect(missed).toBeDefined();
    const n = await ok(draft(c.bureau, { units: [{ unitId: tree.schoolA2.id }], records: [{ kind: 'compliance_finding', id: tree.schoolA2.id, ruleCode: missed.ruleCode }] }), 201);
    expect(n.records[0]).toMatchObject({ kind: 'compliance_finding', refKey: missed.ruleCode, label: missed.explanation });
    await refused(draft(c.bureau, { units: [{ unitId: tree.schoolA2.id }], records: [{ kind: 'compliance_finding', id: tree.schoolA2.id, ruleCode: 'no.such.rule' }] }), 404);
    // Editing a draft: with its version; a stale one is 409.
    const body = { title: '改后的标题', reason: n.reason, replyDueOn: '2026-05-25', units: [{ unitId: tree.schoolA2.id }], records: [] };
    const edited = await ok(c.bureau.patch(`/api/v1/notices/${n.id}`, { version: 1, ...body }));
    expect(edited).toMatchObject({ title: '改后的标题', version: 2, records: [] });
    expect((await refused(c.dept.patch(`/api/v1/notices/${n.id}`, { version: 1, ...body }), 409)).code).toBe('STALE_VERSION');
  });
});

describe('an incident behind a notice', () => {
  it('is cited in the caller\'s scope and must be of a named unit (000 item 4: 迟报、漏报、谎报、瞒报 lead to a notice)', async () => {
    const incident = (unitId: number) => ({
      unitId,
      headline: '学生课间摔伤',
      occurredAt: '2026-05-09T09:30:00+08:00',
      knownAt: '2026-05-09T09:40:00+08:00',
      place: '教学楼二楼走廊',
      category: 'accident_disaster',
      subtype: 'other',
      severity: 'general',
      dead: 0,
      injured: 1,
      missingPersons: 0,
      actionsTaken: '校医现场处置，通知家长',
    });
    const a1 = await ok(c.officerA1.post('/api/v1/incidents', incident(tree.schoolA1.id)), 201);
    const b1 = await ok(c.officerB1.post('/api/v1/incidents', incident(tree.schoolB1.id)), 201);
    const n = await ok(draft(c.bureau, { records: [{ kind: 'incident', id: a1.id }] }), 201);
    expect(n.records[0]).toMatchObject({ kind: 'incident', refId: a1.id, unitId: tree.schoolA1.id, link: `/incidents/${a1.id}` });
    expect(n.records[0].label).toContain(a1.code);
    // Another school's incident is not of a unit the notice names: 400 naming the record.
    const notNamed = await refused(draft(c.bureau, { records: [{ kind: 'incident', id: b1.id }] }), 400);
    expect(notNamed.details[0].field).toBe('records.0.id');
    // An incident that is not there (or not in the caller's scope) is 404.
    await refused(draft(c.bureau, { records: [{ kind: 'incident', id: 999999 }] }), 404);
  });
});

let interviewId: number;

describe('interviews (约谈) and their commitments', () => {
  it('the bureau records an interview; the school reports a commitment done; overdue shows', async () => {
    const bad = await refused(
      c.bureau.post('/api/v1/interviews', { unitId: tree.schoolA1.id, heldOn: '2026-05-11', interviewees: '王校长', interviewers: '李局长', reason: '隐患整改不力', minutes: '……', commitments: [{ content: '一周内完成整改', dueOn: '2026-05-17' }] }),
    );
    expect(bad.message).toContain('约谈日期');
    const noCommitment = await refused(c.bureau.post('/api/v1/interviews', { unitId: tree.schoolA1.id, heldOn: '2026-05-08', interviewees: '王校长', interviewers: '李局长', reason: '隐患整改不力', minutes: '……', commitments: [] }));
    expect(noCommitment.message).toBe('整改承诺：请至少填写一项整改承诺');
    const early = await refused(c.bureau.post('/api/v1/interviews', { unitId: tree.schoolA1.id, heldOn: '2026-05-08', interviewees: '王校长', interviewers: '李局长', reason: '隐患整改不力', minutes: '……', commitments: [{ content: 'x', dueOn: '2026-05-01' }] }));
    expect(early.message).toBe('第 1 项承诺的完成时限：不能早于约谈日期 2026-05-08');
    await refused(c.officerA1.post('/api/v1/interviews', { unitId: tree.schoolA1.id, heldOn: '2026-05-08', interviewees: '王校长', interviewers: '李局长', reason: 'x', minutes: 'x', commitments: [{ content: 'x', dueOn: '2026-05-20' }] }), 403);

    const i = await ok(
      c.bureau.post('/api/v1/interviews', {
        unitId: tree.schoolA1.id,
        heldOn: '2026-05-08',
        place: '区教育局302会议室',
        interviewees: '王校长（校长）',
        interviewers: '李局长（分管副局长）',
        reason: '重大火灾隐患逾期未整改',
        minutes: '指出问题，提出要求',
        commitments: [
          { content: '更换燃气管道', dueOn: '2026-05-09' },
          { content: '开展全员消防培训', dueOn: '2026-06-30' },
        ],
      }),
      201,
    );
    interviewId = i.id;
    expect(i.commitments.map((x: any) => x.state)).toEqual(['overdue', 'open']);
    expect(i.followUp).toEqual({ total: 2, done: 0, overdue: 1 });
    // The bureau's side may record a commitment done for the unit.
    expect(i.commitments[1].canComplete).toBe(true);
    // Another school: not found; the school itself reports it done.
    await refused(c.officerB1.get(`/api/v1/interviews/${i.id}`), 404);
    await refused(c.officerB1.post(`/api/v1/interviews/${i.id}/commitments/${i.commitments[0].id}/complete`, { version: 1, doneNote: '已完成' }), 404);
    const mine = await ok(c.officerA1.get(`/api/v1/interviews/${i.id}`));
    expect(mine.commitments[0].canComplete).toBe(true);
    const done = await ok(c.officerA1.post(`/api/v1/interviews/${i.id}/commitments/${i.commitments[0].id}/complete`, { version: 1, doneNote: '已更换' }));
    expect(done.commitments[0]).toMatchObject({ state: 'done_late', doneOn: TODAY, doneNote: '已更换' });
    expect((await refused(c.officerA1.post(`/api/v1/interviews/${i.id}/commitments/${i.commitments[0].id}/complete`, { version: 1, doneNote: '再报' }), 409)).code).toBe('STALE_VERSION');
    expect((await ok(c.townA.get('/api/v1/interviews?overdue=true'))).total).toBe(0);
  });
});

describe('accountability decisions (问责) and the award check (前置审核)', () => {
  it('only the bureau records a decision; the measure is a code', async () => {
    const body = { unitId: tree.schoolA1.id, measure: 'criticism_notice', decidedOn: '2026-05-09', documentNo: '示教安〔2026〕12号', subjectName: '王某', subjectPost: '校长', reason: '重大隐患逾期未整改', interviewId };
    await refused(c.dept.post('/api/v1/accountability-decisions', body), 403);
    await refused(c.officerA1.post('/api/v1/accountability-decisions', body), 403);
    expect((await refused(c.bureau.post('/api/v1/accountability-decisions', { ...body, measure: '开除' }))).message).toBe('问责方式：请选择问责方式');
    expect((await refused(c.bureau.post('/api/v1/accountability-decisions', { ...body, unitId: tree.schoolB1.id }))).message).toBe('相关约谈：须为约谈该单位的记录');
    const d = await ok(c.bureau.post('/api/v1/accountability-decisions', body), 201);
    expect(d).toMatchObject({ unitName: tree.schoolA1.name, measure: 'criticism_notice', documentNo: '示教安〔2026〕12号' });
    expect((await ok(c.officerA1.get('/api/v1/accountability-decisions'))).total).toBe(1);
    expect((await ok(c.officerB1.get('/api/v1/accountability-decisions'))).total).toBe(0);
  });

  it('interviews and decisions export to Excel in the caller\'s scope and filters, audited; a bad filter names the field', async () => {
    const interviewsOf = async (client: Client, q = '') => (await client.get(`/api/v1/interviews/export${q}`)).rawPayload;
    expect(await xlsxColumn(await interviewsOf(c.bureau), '被约谈单位')).toEqual([tree.schoolA1.name]);
    const promises = await xlsxColumn(await interviewsOf(c.officerA1), '整改承诺');
    expect(promises[0]).toContain('1. 更换燃气管道（期限 2026-05-09，');
    expect(promises[0]).toContain('2. 开展全员消防培训（期限 2026-06-30，');
    expect(await xlsxColumn(await interviewsOf(c.officerA1), '逾期未完成')).toEqual(['0']);
    expect(await xlsxColumn(await interviewsOf(c.officerB1), '被约谈单位')).toEqual([]);
    expect(await xlsxColumn(await interviewsOf(c.bureau, '?year=2025'), '被约谈单位')).toEqual([]);
    await refused(c.officerB1.get(`/api/v1/interviews/export?unitId=${tree.schoolA1.id}`), 404);
    expect((await refused(c.bureau.get('/api/v1/interviews/export?overdue=maybe'))).details[0].field).toBe('overdue');
    const decisionsOf = async (client: Client, q = '') => (await client.get(`/api/v1/accountability-decisions/export${q}`)).rawPayload;
    expect(await xlsxColumn(await decisionsOf(c.officerA1), '问责方式')).toEqual(['通报批评']);
    expect(await xlsxColumn(await decisionsOf(c.officerA1), '文号')).toEqual(['示教安〔2026〕12号']);
    expect(await xlsxColumn(await decisionsOf(c.officerB1), '问责方式')).toEqual([]);
    expect(await xlsxColumn(await decisionsOf(c.bureau, '?measure=admonishment'), '问责方式')).toEqual([]);
    const exports = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'export'));
    expect(exports.map((e) => e.objectType)).toEqual(expect.arrayContaining(['interview', 'accountability_decision']));
  });

  it('lists the late major hazard, the published notice and the decision for the school and year; another year is clean', async () => {
    const r = await ok(c.bureau.get(`/api/v1/award-checks?unitId=${tree.schoolA1.id}&year=2026`));
    expect(r.barred).toBe(true);
    expect(r.items.map((x: any) => x.kind)).toEqual(['major_hazard_late', 'accountability', 'notice']);
    expect(r.items[0]).toMatchObject({ on: '2026-04-01', link: `/hazards/${majorHazardId}` });
    expect(r.items[0].reason).toContain('至今未销号');
    expect(r.items[2].reason).toContain('被通报');
    expect(r.sources.length).toBeGreaterThanOrEqual(3);
    expect((await ok(c.bureau.get(`/api/v1/award-checks?unitId=${tree.schoolA1.id}&year=2025`))).barred).toBe(false);
    // The kindergarten was named by a published notice too.
    expect((await ok(c.townA.get(`/api/v1/award-checks?unitId=${tree.schoolA2.id}&year=2026`))).items.map((x: any) => x.kind)).toEqual(['notice']);
    // Scope: another town's school is not found; a unit is required.
    await refused(c.townA.get(`/api/v1/award-checks?unitId=${tree.schoolB1.id}&year=2026`), 404);
    expect((await refused(c.bureau.get('/api/v1/award-checks?year=2026'))).message).toContain('所属单位');
    await refused(c.teacher.get(`/api/v1/award-checks?unitId=${tree.schoolA1.id}&year=2026`), 403);
  });

  it('an incidents source bars a responsibility accident and a concealed incident, not a late report', async () => {
    const items: DisciplineItem[] = [
      { incidentId: 7, code: 'SJ-2026-000007', unitId: tree.schoolB1.id, flag: 'concealed', occurredOn: '2026-03-02', evidence: '局认定瞒报' },
      { incidentId: 8, code: 'SJ-2026-000008', unitId: tree.schoolB1.id, flag: 'late', occurredOn: '2026-03-05', evidence: '首报晚 20 分钟' },
      { incidentId: 9, code: 'SJ-2026-000009', unitId: tree.schoolB1.id, flag: 'responsibility_accident', occurredOn: '2026-04-01', evidence: '责任事故' },
    ];
    const source = incidentSource(async (_db, districtId, range, unitIds) => {
      expect({ districtId, range, unitIds }).toEqual({ districtId: tree.districtId, range: { from: '2026-01-01', to: '2026-12-31' }, unitIds: [tree.schoolB1.id] });
      return items;
    });
    const r = await runAwardCheck(t.database.db, { id: tree.schoolB1.id, districtId: tree.districtId, name: 'B1' }, 2026, TODAY, [source]);
    expect(r.items.map((x) => [x.kind, x.link])).toEqual([
      ['concealed_incident', '/incidents/7'],
      ['responsibility_accident', '/incidents/9'],
    ]);
  });
});
