// Letters to families through the API (issue 22; 000 item 13 家校): a school sends a letter to its
// classes, a guardian confirms from the slip's link without an account (once, even if sent twice),
// the class teacher sees the seats not yet confirmed and records a paper slip; a guessed, malformed,
// expired or withdrawn link opens nothing; flooding is refused; the town and the bureau see the
// rates and never a seat; another town's letter is not found; bad input is refused naming the field.
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyLetterSlips } from '../db/schema.js';
import { buildTree, buildUser, ledgerPeople, login, ok, refused, startWithTree, type Client, type TestUser } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'townA' | 'bureau' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, TestUser>;
let otherTeacher: Client;

const TODAY = '2026-07-01';
let ip = 0;
/** A guardian's request: no cookie, no CSRF token, from an address of its own (the rate limit counts per address). */
const guardian = (method: 'GET' | 'POST', url: string, payload?: unknown, remoteAddress = `10.0.0.${++ip % 250}`) =>
  t.app.inject({ method, url, payload: payload as never, remoteAddress });

beforeAll(async () => {
  ({ t, tree, c, people } = await startWithTree(TODAY, (tr) => {
    const p = ledgerPeople(tr);
    return { officerA1: p.officerA1, officerB1: p.officerB1, townA: p.townA, bureau: p.bureau, teacher: p.teacher };
  }));
  const other = await buildUser(t.database.db, tree.schoolA1, ['teacher'], { displayName: '王老师' });
  otherTeacher = await login(t.app, other.username);
});
afterAll(() => t.close());

const send = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/family-letters', {
    schoolId: tree.schoolA1.id,
    topic: 'drowning',
    title: '暑假防溺水致家长的一封信',
    body: '各位家长：暑假将至，请切实履行监护责任，做到“六不”……',
    sentOn: '2026-07-01',
    dueOn: '2026-07-05',
    classes: [
      { className: '三年级1班', pupils: 3, teacherName: '李老师', teacherUserId: people.teacher.id },
      { className: '三年级2班', pupils: 2, teacherName: '王老师' },
    ],
    ...over,
  });

describe('letters to families (issue 22; 000 第13条 家校)', () => {
  it('a letter makes one slip per pupil; a guardian confirms from the link without an account, once; the teacher sees the seats left and records a paper slip', async () => {
    const letter = await ok(send(c.officerA1), 201);
    expect(letter).toMatchObject({ pupils: 5, confirmed: 0, state: 'open', version: 1 });
    const [k1, k2] = letter.classes;
    expect(k1).toMatchObject({ className: '三年级1班', pupils: 3, confirmed: 0, mine: true });

    // The class teacher sees their class's slips, not the other class's; the school's officer sees both.
    const mineAsTeacher = await ok(c.teacher.get(`/api/v1/family-letters/${letter.id}`));
    expect(mineAsTeacher.classes.map((k: { mine: boolean }) => k.mine)).toEqual([true, false]);
    const slips = await ok(c.teacher.get(`/api/v1/family-letters/${letter.id}/classes/${k1.id}/slips`));
    expect(slips.slips.map((x: { seat: number }) => x.seat)).toEqual([1, 2, 3]);
    expect(new Set(slips.slips.map((x: { token: string }) => x.token)).size).toBe(3);
    expect(slips.slips[0].token).toMatch(/^[0-9a-f]{32}$/);
    expect((await refused(c.teacher.get(`/api/v1/family-letters/${letter.id}/classes/${k2.id}/slips`), 403)).code).toBe('FORBIDDEN');
    await ok(c.officerA1.get(`/api/v1/family-letters/${letter.id}/classes/${k2.id}/slips`));

    // The guardian of seat 2 opens the letter and confirms; nothing names the pupil.
    const token = slips.slips[1].token;
    const opened = await ok(guardian('GET', `/api/v1/public/family-letters/${token}`));
    expect(opened).toMatchObject({ className: '三年级1班', seat: 2, title: '暑假防溺水致家长的一封信', confirmedAt: null, dueOn: '2026-07-05' });
    const missing = await refused(guardian('POST', `/api/v1/public/family-letters/${token}/confirm`, { relationship: 'mother' }));
    expect(missing.details[0]).toMatchObject({ field: 'agreed', label: '阅读确认' });
    const first = await ok(guardian('POST', `/api/v1/public/family-letters/${token}/confirm`, { relationship: 'mother', agreed: true }));
    expect(first).toMatchObject({ seat: 2, relationship: 'mother', alreadyConfirmed: false });
    t.now.value = new Date('2026-07-02T02:00:00Z');
    const again = await ok(guardian('POST', `/api/v1/public/family-letters/${token}/confirm`, { relationship: 'father', agreed: true }));
    expect(again).toMatchObject({ alreadyConfirmed: true, relationship: 'mother', confirmedAt: first.confirmedAt });
    const [{ n }] = await t.database.db.select({ n: count() }).from(familyLetterSlips).where(and(eq(familyLetterSlips.letterId, letter.id), isNotNull(familyLetterSlips.confirmedAt)));
    expect(n).toBe(1);

    // The teacher's count moved; seat 1's guardian has no phone: a paper slip, once.
    const after = await ok(c.teacher.get(`/api/v1/family-letters/${letter.id}/classes/${k1.id}/slips`));
    expect(after.class.confirmed).toBe(1);
    expect(after.slips.filter((x: { confirmedAt: string | null }) => !x.confirmedAt).map((x: { seat: number }) => x.seat)).toEqual([1, 3]);
    const paper = await ok(c.teacher.post(`/api/v1/family-letters/${letter.id}/slips/${after.slips[0].id}/paper`, { relationship: 'grandparent' }));
    expect(paper.slips[0]).toMatchObject({ method: 'paper', relationship: 'grandparent' });
    expect((await refused(c.teacher.post(`/api/v1/family-letters/${letter.id}/slips/${after.slips[0].id}/paper`, {}), 409)).code).toBe('SLIP_CONFIRMED');
    // Another teacher of the school may not record a slip of a class not theirs.
    await refused(otherTeacher.post(`/api/v1/family-letters/${letter.id}/slips/${after.slips[2].id}/paper`, {}), 403);

    // Above the school: counts and rates only; no seat, no token.
    const rates = await ok(c.townA.get('/api/v1/family-letters/rates'));
    expect(rates.total).toEqual({ letters: 1, pupils: 5, confirmed: 2, paper: 1 });
    expect(rates.schools).toEqual([expect.objectContaining({ schoolId: tree.schoolA1.id, pupils: 5, confirmed: 2 })]);
    await refused(c.townA.get(`/api/v1/family-letters/${letter.id}/classes/${k1.id}/slips`), 404);
    await refused(c.bureau.get(`/api/v1/family-letters/${letter.id}/classes/${k1.id}/slips`), 404);
    const asBureau = await ok(c.bureau.get(`/api/v1/family-letters/${letter.id}`));
    expect(asBureau).toMatchObject({ pupils: 5, confirmed: 2 });
    expect(JSON.stringify(asBureau)).not.toContain(token);
    // Another town's school officer: not found.
    await refused(c.officerB1.get(`/api/v1/family-letters/${letter.id}`), 404);
    expect((await ok(c.officerB1.get('/api/v1/family-letters/rates'))).total.letters).toBe(0);

    // The export carries the rate, audited like every export.
    const xlsx = await c.townA.get('/api/v1/family-letters/export');
    expect(xlsx.statusCode).toBe(200);
  });

  it('a guessed, malformed, expired or withdrawn link opens nothing and writes nothing', async () => {
    t.now.value = new Date(`${TODAY}T02:00:00Z`);
    const letter = await ok(send(c.officerA1, { title: '交通安全告家长书', topic: 'traffic', classes: [{ className: '一年级1班', pupils: 2 }] }), 201);
    const slips = await ok(c.officerA1.get(`/api/v1/family-letters/${letter.id}/classes/${letter.classes[0].id}/slips`));
    const [a, b] = slips.slips.map((x: { token: string }) => x.token);

    for (const bad of ['0'.repeat(32), a.slice(0, 31), `${a.slice(0, 31)}G`, "x' or '1'='1", a.toUpperCase()]) {
      const e = await refused(guardian('POST', `/api/v1/public/family-letters/${encodeURIComponent(bad)}/confirm`, { relationship: 'father', agreed: true }), 404);
      expect(e).toMatchObject({ code: 'LINK_INVALID' });
      expect(e.message).not.toContain('交通');
    }
    // Past the due day: refused, and the slip is still unconfirmed.
    t.now.value = new Date('2026-07-06T02:00:00Z');
    expect((await refused(guardian('POST', `/api/v1/public/family-letters/${a}/confirm`, { relationship: 'father', agreed: true }), 410)).code).toBe('LINK_EXPIRED');
    expect((await refused(guardian('GET', `/api/v1/public/family-letters/${a}`), 410)).code).toBe('LINK_EXPIRED');
    t.now.value = new Date(`${TODAY}T02:00:00Z`);
    // Withdrawn: the links stop at once.
    await ok(c.officerA1.post(`/api/v1/family-letters/${letter.id}/void`, { version: 1, voidReason: '内容有误，重新发送' }));
    expect((await refused(guardian('POST', `/api/v1/public/family-letters/${b}/confirm`, { relationship: 'father', agreed: true }), 410)).code).toBe('LETTER_WITHDRAWN');
    const [{ n }] = await t.database.db.select({ n: count() }).from(familyLetterSlips).where(and(eq(familyLetterSlips.letterId, letter.id), isNotNull(familyLetterSlips.confirmedAt)));
    expect(n).toBe(0);
  });

  it('a flood from one address is refused (429) while another address still gets through', async () => {
    const from = '10.9.9.9';
    const answers = [];
    for (let i = 0; i < 61; i++) answers.push((await guardian('GET', `/api/v1/public/family-letters/${'f'.repeat(32)}`, undefined, from)).statusCode);
    expect(answers.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(answers[60]).toBe(429);
    expect((await guardian('GET', `/api/v1/public/family-letters/${'f'.repeat(32)}`, undefined, '10.9.9.10')).statusCode).toBe(404);
  });

  it('refuses bad input naming the field, a teacher of another school, and a stale version', async () => {
    expect((await refused(send(c.officerA1, { title: '' }))).details[0]).toMatchObject({ field: 'title', label: '告家长书标题' });
    expect((await refused(send(c.officerA1, { dueOn: '2026-08-15' }))).details[0]).toMatchObject({ field: 'dueOn', message: expect.stringContaining('30 天') });
    expect((await refused(send(c.officerA1, { sentOn: '2026-07-02' }))).details[0].field).toBe('sentOn');
    expect((await refused(send(c.officerA1, { classes: [] }))).details[0].field).toBe('classes');
    expect((await refused(send(c.officerA1, { classes: [{ className: '1班', pupils: 101 }] }))).details[0]).toMatchObject({ field: 'classes.0.pupils', label: '学生人数' });
    expect((await refused(send(c.officerA1, { classes: [{ className: '1班', pupils: 3 }, { className: '1班', pupils: 4 }] }))).details[0].field).toBe('classes.1.className');
    expect((await refused(send(c.officerA1, { classes: [{ className: '1班', pupils: 3, teacherUserId: people.officerB1.id }] }))).details[0].field).toBe('classes.0.teacherUserId');
    // Another town's school, and a teacher who may not send: 404 and 403.
    await refused(send(c.officerA1, { schoolId: tree.schoolB1.id }), 404);
    await refused(send(c.teacher), 403);

    const letter = await ok(send(c.officerA1, { title: '防范电信网络诈骗告家长书', topic: 'anti_fraud', classes: [{ className: '五年级1班', pupils: 1 }] }), 201);
    const added = await ok(c.officerA1.post(`/api/v1/family-letters/${letter.id}/classes`, { version: 1, className: '五年级2班', pupils: 2 }));
    expect(added).toMatchObject({ pupils: 3, version: 2 });
    expect((await refused(c.officerA1.post(`/api/v1/family-letters/${letter.id}/classes`, { version: 2, className: '五年级2班', pupils: 2 }))).details[0].field).toBe('className');
    expect((await refused(c.officerA1.patch(`/api/v1/family-letters/${letter.id}`, { version: 1, title: '改' }), 409)).code).toBe('STALE_VERSION');
    const fixed = await ok(c.officerA1.patch(`/api/v1/family-letters/${letter.id}`, { version: 2, dueOn: '2026-07-10' }));
    expect(fixed).toMatchObject({ dueOn: '2026-07-10', version: 3 });
  });
});
