// The compiled response serialiser (serializer.ts, issue 19): it writes what the contract names and
// nothing else, byte for byte as zod did, and a response that lacks a field the contract requires is
// still an error.
import Fastify from 'fastify';
import { serializerCompiler as zodSerializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerialisers } from './serializer.js';
import { startTestApp, type TestContext } from './test/harness.js';

const pupil = z.object({ id: z.number().int(), grade: z.string(), status: z.enum(['enrolled', 'left']) });
const contract = z.object({
  school: z.object({ id: z.number().int(), name: z.string() }),
  pupils: z.array(pupil),
  guardian: pupil.nullable(),
  absent: pupil.nullable(),
  byClass: z.record(z.string(), pupil),
  minutes: z.record(z.enum(['blue', 'red']), z.number()),
  events: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('visit'), pupil }),
      z.object({ kind: z.literal('note'), text: z.string().nullable() }),
    ]),
  ),
  ref: z.union([z.number(), z.string()]),
  level: z.enum(['low', 'high']).nullable(),
  count: z.number().int().default(0),
  payload: z.record(z.string(), z.unknown()).nullable(),
  at: z.string(),
  ratio: z.number(),
  // Optional keys come last: fast-json-stringify writes the required ones first (see below).
  maybe: pupil.optional(),
  missing: pupil.optional(),
});

// What a careless service might return: the contract's fields and, at every depth, a name and a hash.
const secret = { studentName: '张小明', passwordHash: '$argon2id$v=19$secret' };
const row = (id: number) => ({ id, grade: '三年级', status: 'enrolled', ...secret });
const returned = {
  school: { id: 1, name: '第一小学', ...secret },
  pupils: [row(1), row(2)],
  guardian: row(3),
  absent: null,
  byClass: { '三(1)班': row(5), '三(2)班': row(6) },
  minutes: { red: 2, blue: 1 },
  events: [
    { kind: 'visit', pupil: row(7), ...secret },
    { kind: 'note', text: null, ...secret },
  ],
  ref: 'A-1',
  level: null,
  count: 3,
  payload: { free: { form: [1, '二', null] } },
  at: new Date(Date.UTC(2026, 11, 5, 6, 7, 8, 9)).toISOString(),
  ratio: 0.1 + 0.2,
  maybe: row(4),
  ...secret,
};

async function smallApp(schema: z.ZodType, send: unknown) {
  const serialisers = responseSerialisers({ check: false });
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serialisers.compiler);
  app.get('/x', { schema: { response: { 200: schema } } }, async () => send as never);
  await app.ready();
  return { app, serialisers };
}

describe('the compiled response serialiser', () => {
  it('writes only what the contract names, at every depth, byte for byte as zod did', async () => {
    const { app, serialisers } = await smallApp(contract, returned);
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(200);
    expect(serialisers.zodSerialised).toEqual([]);
    expect(res.body).not.toContain('studentName');
    expect(res.body).not.toContain('张小明');
    expect(res.body).not.toContain('passwordHash');
    expect(res.body).not.toContain('argon2');
    expect(res.body).toBe(zodSerializerCompiler({ schema: contract, method: 'GET', url: '/x' } as never)(returned));
    expect(res.json()).toMatchObject({ pupils: [{ id: 1, grade: '三年级', status: 'enrolled' }, { id: 2 }], absent: null, minutes: { blue: 1, red: 2 } });
    expect(res.json()).not.toHaveProperty('missing');
    await app.close();
  });

  // A service that forgets a field the contract requires has a bug: the person gets a 500 (and the log
  // the route), as zod's serialiser answered, never a response that silently lacks the field. The
  // compiled serialiser does not check what zod's refinements and types refused (a null where the
  // contract says string is written as ""); the API tests run with ANXIAO_SERIALISER_CHECK=1, which
  // writes every response both ways and fails where they differ.
  it('answers 500 when a required field is missing, nested or at the top, and sends none of the data', async () => {
    for (const broken of [
      { ...returned, school: { id: 1 } },
      { ...returned, pupils: [row(1), { id: 2, status: 'enrolled', ...secret }] },
      { ...returned, at: undefined },
    ]) {
      const { app } = await smallApp(contract, broken);
      const res = await app.inject({ method: 'GET', url: '/x' });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('第一小学');
      expect(res.body).not.toContain('张小明');
      await app.close();
    }
  });

  it('keeps zod for a response whose contract changes the value on the way out, or whose keys would change order, and says so', async () => {
    const trimmed = z.object({ items: z.array(z.object({ title: z.string().trim() })) });
    const t = await smallApp(trimmed, { items: [{ title: '  一 ', ...secret }] });
    expect((await t.app.inject({ method: 'GET', url: '/x' })).body).toBe('{"items":[{"title":"一"}]}');
    expect(t.serialisers.zodSerialised.filter((r) => r.method === 'GET')).toEqual([{ method: 'GET', url: '/x', status: '200', reason: expect.stringContaining('$.items[].title') }]);
    await t.app.close();

    const ordered = z.object({ a: z.string().optional(), b: z.string() });
    const o = await smallApp(ordered, { a: '1', b: '2', ...secret });
    expect((await o.app.inject({ method: 'GET', url: '/x' })).body).toBe('{"a":"1","b":"2"}');
    expect(o.serialisers.zodSerialised.filter((r) => r.method === 'GET')).toEqual([{ method: 'GET', url: '/x', status: '200', reason: expect.stringContaining('an optional key before a required one') }]);
    await o.app.close();
  });
});

describe('the app’s response serialisers', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp();
  });
  afterAll(() => ctx.close());

  it('compiles every response schema, the hot routes among them', () => {
    const serialisers = ctx.app.responseSerialisers;
    expect(serialisers.buildAll()).toBeGreaterThan(300);
    const kept = new Set(serialisers.zodSerialised.map((r) => `${r.method} ${r.url}`));
    for (const hot of ['GET /api/v1/auth/me', 'GET /api/v1/hazards', 'GET /api/v1/users', 'GET /api/v1/units']) expect(kept).not.toContain(hot);
    // Today only contracts that trim a string on the way out or put an optional key before a required
    // one keep zod (the list in BENCHMARKS.md, issue 19).
    for (const r of serialisers.zodSerialised) expect(r.reason).toMatch(/overwrite check|optional key before a required one/);
  });
});
