// 500s that are 4xx or 503 (issue 11 items 6 and 7): characters no text may hold, bounds no contract
// may forget, database errors by SQLSTATE (a unique index is 409, a database away is 503 with
// Retry-After), one file per upload, zod's messages without English type names.
import net from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { openPostgres } from './db/client.js';
import { httpErrorForDatabase } from './db/errors.js';
import { insurancePolicies } from './db/schema.js';
import { buildTree, login, multipartBody, ok, refused, signedInUsers, type Client } from './test/factories.js';
import { onPostgres, startTestApp, testConfig, type TestContext } from './test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'bureau' | 'school', Client>;
let schoolUserId: number;

beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t.database.db);
  const signed = await signedInUsers(t.app, t.database.db, {
    bureau: [tree.bureau, ['bureau_admin']],
    school: [tree.schoolA1, ['school_safety_officer']],
  });
  c = signed.c;
  schoolUserId = signed.people.school.id;
});
afterAll(() => t.close());

const policy = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/insurance-policies', {
    schoolId: tree.schoolA1.id,
    policyNo: `P${Math.random().toString().slice(2, 12)}`,
    insurer: '中国人民财产保险',
    startsOn: '2025-09-01',
    endsOn: '2026-08-31',
    studentsCovered: 800,
    ...over,
  });

// Any English word of three letters or more: a type name (string, number, object …) leaking through.
const ENGLISH = /[A-Za-z]{3,}/;

describe('characters and bounds at the contract layer (issue 11 item 6)', () => {
  it('a NUL byte or a lone surrogate in a body text is a 400 naming the field', async () => {
    for (const bad of ['东湖\u0000小学', '\ud800', 'a\udc00b', 'bell\u0007']) {
      const err = await refused(policy(c.school, { insurer: bad }));
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.message).toMatch(/^保险公司：/);
      expect(err.details[0].field).toBe('insurer');
    }
    // Deep in a list of objects too, and in an object's keys.
    const deep = await refused(c.bureau.post('/api/v1/units', { kind: 'school', name: '新校', parentId: tree.townA.id, areas: ['x\u0000'] }));
    expect(deep.details[0].field).toBe('areas.0');
    await refused(c.bureau.post('/api/v1/units', { ['na\u0000me']: 1 }));
    // Tab, newline and carriage return are text a person types.
    await ok(policy(c.school, { insurer: '中国人民\t财产\r\n保险' }), 201);
    // A surrogate pair (an emoji) is a character, not a lone surrogate.
    await ok(policy(c.school, { insurer: '平安保险 🛡️' }), 201);
  });

  it('query strings and path parameters are checked the same way', async () => {
    const q = await refused(c.bureau.get('/api/v1/units?q=%00'));
    expect(q.message).toMatch(/^关键字：/);
    expect((await refused(c.bureau.get('/api/v1/units?q=%07'))).code).toBe('VALIDATION_FAILED');
    // An id past PostgreSQL's integer: 400 naming it, never 22003 from the database.
    for (const id of ['2147483648', '99999999999999999999', '1e308']) {
      const err = await refused(c.bureau.get(`/api/v1/units/${id}`));
      expect(err.message).toMatch(/^编号：/);
    }
    expect((await c.bureau.get('/api/v1/units/2147483647')).statusCode).toBe(404);
  });

  it('numbers past int4 and texts past 10,000 characters are refused unless the contract allows them', async () => {
    const tooMany = await refused(c.bureau.post('/api/v1/insurance-policies', { schoolId: 2147483648, policyNo: 'X1', insurer: 'Y', startsOn: '2025-09-01', endsOn: '2026-08-31', studentsCovered: 1 }));
    expect(tooMany.message).toMatch(/^学校：不能超过 2147483647/);
    // 整改资金 declares its own bound (1e12, numeric(14,2)): a value past int4 but within it is not refused for size.
    const funds = await c.bureau.post('/api/v1/hazards', { funds: 5_000_000_000 });
    expect(funds.json().error?.details?.some((d: { field: string }) => d.field === 'funds')).toBeFalsy();
  });
});

describe('database errors by SQLSTATE (issue 11 item 6)', () => {
  it('the same policy number sent at once: one is recorded, the others 409, never 500', async () => {
    const policyNo = `PAR${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => policy(c.school, { policyNo })));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.message).toMatch(/保单号/);
  });

  it('a unique index firing (between a check and an insert) is 409 DUPLICATE naming the field', async () => {
    const first = await ok(policy(c.school), 201);
    const row = { districtId: tree.districtId, schoolId: tree.schoolA1.id, schoolPath: tree.schoolA1.path, policyNo: first.policyNo, insurer: 'x', startsOn: '2025-09-01', endsOn: '2026-08-31', studentsCovered: 5, createdBy: schoolUserId, createdByName: '测试' };
    // The service's own check is passed by: the insert a second request would make after it.
    const err = await t.database.db.insert(insurancePolicies).values(row as never).catch((e: unknown) => e);
    const mapped = httpErrorForDatabase(err);
    expect(mapped?.statusCode).toBe(409);
    expect(mapped?.code).toBe('DUPLICATE');
    expect(mapped?.message).toBe('已存在相同保单号的记录，请勿重复提交');
  });

  it('each SQLSTATE class maps to its status, wrapped by drizzle or not', () => {
    const wrap = (fields: Record<string, unknown>) => new DrizzleQueryError('insert …', [], Object.assign(new Error('db'), fields));
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ code: '23505', detail: 'Key (district_id, name)=(1, x) already exists.' }, 409, 'DUPLICATE'],
      [{ code: '23503', detail: 'Key (unit_id)=(9) is not present in table "units".' }, 400, 'REFERENCE_NOT_FOUND'],
      [{ code: '23503', detail: 'Key (id)=(9) is still referenced from table "users".' }, 409, 'IN_USE'],
      [{ code: '22001' }, 400, 'INVALID_VALUE'],
      [{ code: '22003' }, 400, 'INVALID_VALUE'],
      [{ code: '22007' }, 400, 'INVALID_VALUE'],
      [{ code: '22008' }, 400, 'INVALID_VALUE'],
      [{ code: '22P02' }, 400, 'INVALID_VALUE'],
      [{ code: '22021' }, 400, 'INVALID_VALUE'],
      [{ code: '40001' }, 409, 'CONCURRENT_UPDATE'],
      [{ code: '40P01' }, 409, 'CONCURRENT_UPDATE'],
      [{ code: '57P01' }, 503, 'DATABASE_UNAVAILABLE'],
      [{ code: '57P02' }, 503, 'DATABASE_UNAVAILABLE'],
      [{ code: '57P03' }, 503, 'DATABASE_UNAVAILABLE'],
      [{ code: '08006' }, 503, 'DATABASE_UNAVAILABLE'],
      [{ code: 'ECONNREFUSED' }, 503, 'DATABASE_UNAVAILABLE'],
      [{ code: 'ECONNRESET' }, 503, 'DATABASE_UNAVAILABLE'],
      [{ message: 'timeout exceeded when trying to connect' }, 503, 'DATABASE_UNAVAILABLE'],
      [{ message: 'Connection terminated unexpectedly' }, 503, 'DATABASE_UNAVAILABLE'],
      [{ message: 'PGlite is closed' }, 503, 'DATABASE_UNAVAILABLE'],
    ];
    for (const [fields, status, code] of cases) {
      const mapped = httpErrorForDatabase(wrap(fields));
      expect([fields, mapped?.statusCode, mapped?.code]).toEqual([fields, status, code]);
    }
    expect(httpErrorForDatabase(wrap({ code: '23505', detail: 'Key (district_id, name)=(1, x) already exists.' }))?.message).toBe('已存在相同名称的记录，请勿重复提交');
    expect(httpErrorForDatabase(new TypeError('x is undefined'))).toBeNull();
  });
});

describe('a database away is 503 with Retry-After (issue 11 item 6)', () => {
  it.runIf(!onPostgres)('PGlite closed: 503 数据库暂时不可用, not 500', async () => {
    const own = await startTestApp();
    const tr = await buildTree(own.database.db);
    const { c: cc } = await signedInUsers(own.app, own.database.db, { bureau: [tr.bureau, ['bureau_admin']] });
    await own.database.close();
    const res = await cc.bureau.get('/api/v1/units');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' });
    expect((await own.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);
    await own.app.close();
  });

  it.runIf(onPostgres)('PostgreSQL going away and coming back: 503 with Retry-After while away, answers again after', async () => {
    // The app talks to PostgreSQL through a TCP relay; closing the relay and its sockets is the
    // server restarting (open connections reset, new ones refused), reopening it is the server back.
    const target = new URL((t.database as { superuserUrl?: string }).superuserUrl!);
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    const listen = (port = 0) => new Promise<number>((resolve) => relay.listen(port, '127.0.0.1', () => resolve((relay.address() as net.AddressInfo).port)));
    const port = await listen();
    const via = new URL(target);
    via.host = `127.0.0.1:${port}`;
    const database = await openPostgres(via.toString(), 3);
    const app = await buildApp({ database, config: testConfig, logger: false });
    await app.ready();
    try {
      const bureauUser = await signedInUsers(app, database.db, { bureau: [tree.bureau, ['bureau_admin']] });
      const client = bureauUser.c.bureau;
      await ok(client.get('/api/v1/units'));

      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      for (const url of ['/api/v1/units', '/api/v1/hazards']) {
        const res = await client.get(url);
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.json().error.message).toBe('数据库暂时不可用，请稍后重试');
      }
      const write = await policy(client);
      expect(write.statusCode).toBe(503);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);

      await listen(port);
      await ok(client.get('/api/v1/units'));
      await ok(login(app, bureauUser.people.bureau.username).then((x) => x.get('/api/v1/units')));
    } finally {
      await app.close();
      await database.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});

describe('uploads (issue 11 item 7)', () => {
  const twoFiles = () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const one = multipartBody({ name: 'a.png', bytes: png, type: 'image/png' });
    // A second file part before the closing boundary.
    const boundary = one.contentType.split('boundary=')[1];
    const second = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.png"\r\nContent-Type: image/png\r\n\r\n`);
    const body = Buffer.concat([one.body.subarray(0, one.body.length - `--${boundary}--\r\n`.length), second, png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return { body, contentType: one.contentType };
  };

  it('two small files in one request are 400 one file per request, not 413 文件过大', async () => {
    for (const url of ['/api/v1/files', '/api/v1/imports']) {
      const { body, contentType } = twoFiles();
      const res = await c.bureau.request('POST', url, body, { 'content-type': contentType });
      expect([url, res.statusCode]).toEqual([url, 400]);
      expect(res.json().error.code).toBe('FILE_ONE_AT_A_TIME');
      expect(res.json().error.message).toMatch(/一次只能上传一个文件/);
    }
  });
});

describe("zod's messages in Chinese (issue 11 item 7)", () => {
  it('a wrong type names the expected kind in Chinese, never an English type name', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ insurer: 123 }, /^保险公司：/],
      [{ studentsCovered: '很多' }, /^承保学生数：/],
      [{ fileIds: 'x' }, /须为列表/],
      [{ schoolId: true }, /^学校：须为数字/],
    ];
    for (const [over, message] of cases) {
      const err = await refused(policy(c.school, over));
      expect(err.message).toMatch(message);
      expect(err.message).not.toMatch(ENGLISH);
    }
    const boolErr = await refused(c.bureau.post('/api/v1/units', { kind: 'school', name: '新校', parentId: tree.townA.id, boarding: 'yes' }));
    expect(boolErr.message).not.toMatch(ENGLISH);
    const objErr = await refused(c.bureau.post('/api/v1/units', []));
    expect(objErr.message).toMatch(/须为对象/);
    expect(objErr.message).not.toMatch(ENGLISH);
  });
});
