// The probe of issue 11 ("Proof") as a test: every write endpoint of the OpenAPI document gets the
// malformed bodies of a fixed, seeded generator built from its JSON schema (wrong types, NUL and lone
// surrogates, huge texts and numbers, far and impossible dates, foreign and huge ids), as a bureau
// administrator and as a school's safety officer. No answer may be a 5xx, and the server must still
// answer (health, a list) after each endpoint. Bounded: at most MAX_PER_ENDPOINT bodies per endpoint
// and account, and each request gets a timeout so a hang fails the test instead of holding it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, login, signedInUsers, type Client, type TestUser } from './test/factories.js';
import { startTestApp, type TestContext } from './test/harness.js';

type Schema = Record<string, any>;
type Who = 'bureau' | 'school';

const SEED = 20261104;
const MAX_PER_ENDPOINT = 28;
const REQUEST_TIMEOUT_MS = 10_000;
const TODAY = '2026-05-10';

// ---- a seeded generator ---------------------------------------------------------------------------

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const nonNull = (s: Schema): Schema => {
  // JSON Schema allows true/false as a schema (anything/nothing).
  if (!s || typeof s !== 'object') return {};
  const options = s.anyOf ?? s.oneOf;
  if (!options) return s;
  return nonNull(options.find((o: Schema) => o.type !== 'null') ?? options[0]);
};
const isDate = (s: Schema, name: string) =>
  s.type === 'string' && (s.format === 'date' || String(s.pattern ?? '').includes('\\d{4}-\\d{2}-\\d{2}') || /On$|^deadline$|Due$|^requestedDeadline$/.test(name));
const isId = (s: Schema, name: string) => s.type === 'integer' && /(Id|Ids)$|^id$/.test(name);

interface Context {
  today: string;
  ids: Record<string, number>;
}

/** A plausible value for a schema: what a form would send. */
function base(schema: Schema, name: string, ctx: Context, depth = 0): unknown {
  const s = nonNull(schema);
  if ('const' in s) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined && depth > 0) return s.default;
  switch (s.type) {
    case 'object': {
      // The required fields, and the optional ones that do not point to a record (which may not be there).
      const out: Record<string, unknown> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) {
        const points = /(Id|Ids)$/.test(k) && !(k in ctx.ids);
        if (required.has(k) || !points) out[k] = base(v, k, ctx, depth + 1);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(1, s.minItems ?? 0);
      return Array.from({ length: n }, () => base(s.items ?? {}, name.replace(/s$/, ''), ctx, depth + 1));
    }
    case 'string': {
      if (isDate(s, name)) return ctx.today;
      if (s.format === 'date-time') return `${ctx.today}T08:00:00.000Z`;
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const candidates = ['13800000000', 'fuzz.user01', '2025-2026', '2026-05', '2026-W19', '08:00', '2026', 'A1', 'abc', '1'];
        return candidates.find((c) => re.test(c)) ?? '1';
      }
      const text = '测试内容'.padEnd(Math.max(4, s.minLength ?? 0), '测');
      return s.maxLength ? text.slice(0, s.maxLength) : text;
    }
    case 'integer':
    case 'number': {
      if (name in ctx.ids) return ctx.ids[name];
      if (isId(s, name) || isId(s, `${name}Id`)) return ctx.ids[`${name}Id`] ?? ctx.ids.default;
      if (typeof s.minimum === 'number') return Math.max(s.minimum, 1);
      if (typeof s.exclusiveMinimum === 'number') return s.exclusiveMinimum + 1;
      return 1;
    }
    case 'boolean':
      return false;
    default:
      return null;
  }
}

interface Mutation {
  label: string;
  body: unknown;
}

const HUGE_TEXT = 'x'.repeat(1_000_000);

/** The malformed variants of one field's value. */
function variants(schema: Schema, name: string): Array<[kind: string, value: unknown]> {
  const s = nonNull(schema);
  const out: Array<[string, unknown]> = [];
  switch (s.type) {
    case 'string':
      out.push(['type', 12345], ['nul', 'a\u0000b'], ['surrogate', '\ud800'], ['lowsurrogate', 'x\udfffy'], ['control', '\u0007\u001b'], ['huge', HUGE_TEXT]);
      if (isDate(s, name)) out.push(['far', '9999-12-31'], ['far', '9999-12-30'], ['ancient', '0001-01-01'], ['impossible', '2026-02-30'], ['impossible', '2026-13-01']);
      break;
    case 'integer':
    case 'number':
      out.push(['type', 'abc'], ['nan', 'NaN'], ['huge', 1e308], ['negative', -1], ['int4', 2147483648], ['int4neg', -2147483649], ['float', 1.5]);
      if (isId(s, name)) out.push(['foreign', 999999999]);
      break;
    case 'boolean':
      out.push(['type', 'yes'], ['type', 1]);
      break;
    case 'array': {
      out.push(['type', 'x'], ['nulitem', ['\u0000']], ['hugeitem', [2147483648]], ['many', Array.from({ length: 5000 }, (_v, i) => i + 1)]);
      const item = nonNull(s.items ?? {});
      if (item.type === 'object') {
        // The first text field of an item: NUL, a lone surrogate; the first number: past int4.
        const props = Object.entries<Schema>(item.properties ?? {});
        const text = props.find(([, v]) => nonNull(v).type === 'string' && !nonNull(v).enum);
        const num = props.find(([, v]) => ['integer', 'number'].includes(nonNull(v).type));
        const date = props.find(([k, v]) => isDate(nonNull(v), k));
        if (text) out.push([`item.${text[0]}:nul`, text[0]], [`item.${text[0]}:surrogate`, text[0]]);
        if (num) out.push([`item.${num[0]}:int4`, num[0]]);
        if (date) out.push([`item.${date[0]}:far`, date[0]], [`item.${date[0]}:impossible`, date[0]]);
      }
      break;
    }
    case 'object':
      out.push(['type', 'x'], ['type', [1]]);
      break;
  }
  out.push(['null', null]);
  return out;
}

/** The malformed bodies for one endpoint: every field's variants, and a few whole bodies, sampled with the seed. */
function mutations(bodySchema: Schema | undefined, ctx: Context, random: () => number): Mutation[] {
  const whole: Mutation[] = [
    { label: 'body=empty', body: {} },
    { label: 'body=array', body: [] },
    { label: 'body=string', body: 'x' },
  ];
  if (!bodySchema) return whole;
  const s = nonNull(bodySchema);
  const good = base(s, 'body', ctx) as Record<string, unknown>;
  const perField: Mutation[] = [];
  for (const [field, fs] of Object.entries<Schema>(s.properties ?? {})) {
    for (const [kind, value] of variants(fs, field)) {
      let v = value;
      if (kind.startsWith('item.')) {
        // Variants of a field inside the first item of a list of objects.
        const [, what] = kind.split(':');
        const item = { ...((good[field] as unknown[])?.[0] as Record<string, unknown>) };
        item[value as string] = { nul: 'a\u0000b', surrogate: '\ud800', int4: 2147483648, far: '9999-12-31', impossible: '2026-02-30' }[what];
        v = [item];
      }
      perField.push({ label: `${field}=${kind}:${typeof v === 'string' && v.length > 40 ? `${v.length} chars` : JSON.stringify(v)?.slice(0, 40)}`, body: { ...good, [field]: v } });
    }
  }
  // Every date of the body far at once: a range from 9999-12-30 to 9999-12-31 (issue 11 item 1) or from year 1.
  const dates = Object.entries<Schema>(s.properties ?? {}).filter(([k, v]) => isDate(nonNull(v), k)).map(([k]) => k);
  if (dates.length > 1) {
    whole.push(
      { label: `dates=far-range:${dates.join(',')}`, body: { ...good, ...Object.fromEntries(dates.map((k, i) => [k, i === 0 ? '9999-12-30' : '9999-12-31'])) } },
      { label: `dates=ancient-range:${dates.join(',')}`, body: { ...good, ...Object.fromEntries(dates.map((k, i) => [k, i === 0 ? '0001-01-01' : '0001-01-02'])) } },
    );
  }
  // Seeded shuffle, then the first ones: every run sends the same bodies.
  for (let i = perField.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [perField[i], perField[j]] = [perField[j], perField[i]];
  }
  // One huge text per endpoint is enough to prove the cap; more only costs time.
  const huge = perField.filter((m) => m.label.includes('=huge:1000000 chars'));
  const rest = perField.filter((m) => !m.label.includes('=huge:1000000 chars'));
  return [...whole, { label: 'body=valid', body: good }, ...huge.slice(0, 1), ...rest].slice(0, MAX_PER_ENDPOINT);
}

// ---- the run ----------------------------------------------------------------------------------

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let people: Record<Who, TestUser>;
let clients: Record<Who, Client>;

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  tree = await buildTree(t.database.db);
  ({ people, c: clients } = await signedInUsers(t.app, t.database.db, {
    bureau: [tree.bureau, ['bureau_admin']],
    school: [tree.schoolA1, ['school_safety_officer']],
  }));
});
afterAll(() => t.close());

const timeout = <T,>(p: Promise<T>, what: string) =>
  Promise.race([p, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms: ${what}`)), REQUEST_TIMEOUT_MS).unref())]);

interface Endpoint {
  method: string;
  path: string;
  body?: Schema;
  params: Array<{ name: string; schema: Schema }>;
}

function writeEndpoints(doc: Schema): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [path, ops] of Object.entries<Schema>(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries<Schema>(ops)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      out.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        params: (op.parameters ?? []).filter((p: Schema) => p.in === 'path').map((p: Schema) => ({ name: p.name, schema: p.schema })),
      });
    }
  }
  // Creations first (they give the later endpoints records to act on), then the rest; the session's own endpoints last.
  const rank = (e: Endpoint) => (e.path.startsWith('/api/v1/auth/') ? 2 : e.params.length ? 1 : 0);
  return out.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

describe('fuzz: malformed bodies on every write endpoint (issue 11 Proof)', () => {
  it('no 5xx, and the server still answers after each endpoint', { timeout: 600_000 }, async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const endpoints = writeEndpoints(doc);
    expect(endpoints.length).toBeGreaterThan(50);
    const random = mulberry32(SEED);
    const failures: string[] = [];
    let sent = 0;
    const started = Date.now();

    // Our own accounts and units are not acted on by path (disabling oneself ends the run, not the server).
    const ownUsers = new Set([people.bureau.id, people.school.id]);
    const ownUnits = new Set([tree.bureau.id, tree.schoolA1.id]);

    /** The records a list gives the account (an empty list when it may not read it). */
    async function listed(client: Client, collection: string): Promise<Array<{ id: number; version?: number }>> {
      const res = await client.get(`${collection}?pageSize=50`);
      if (res.statusCode !== 200) return [];
      const json = res.json();
      return json.items ?? (Array.isArray(json) ? json : []);
    }

    /** A record the account may act on, for a path's {id}: the first of the collection's list, with its version. */
    async function pathRecord(client: Client, ep: Endpoint, name: string): Promise<{ id: string; version?: number }> {
      const p = ep.params.find((x) => x.name === name)!;
      if (nonNull(p.schema).type === 'string') return { id: String(base(p.schema, name, { today: TODAY, ids: {} })) };
      if (name !== 'id') return { id: '1' };
      const collection = ep.path.slice(0, ep.path.indexOf('/{id}'));
      const own = collection.endsWith('/users') ? ownUsers : collection.endsWith('/units') ? ownUnits : new Set<number>();
      const item = (await listed(client, collection)).find((i) => !own.has(i.id));
      return { id: String(item?.id ?? 1), version: item?.version };
    }

    /** Records a body may point to, as the account sees them. */
    async function pointed(client: Client): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      const lists: Array<[string, string]> = [
        ['checklistTemplateId', '/api/v1/checklists'],
        ['keyPeriodId', '/api/v1/key-periods'],
        ['staffId', '/api/v1/staff'],
        ['campaignId', '/api/v1/campaigns'],
      ];
      for (const [field, url] of lists) {
        const first = (await listed(client, url))[0];
        if (first) out[field] = first.id;
      }
      return out;
    }

    // FUZZ_ONLY=<regex> sends only the endpoints whose path matches (to look into one failure).
    const only = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;
    for (const ep of endpoints.filter((e) => !only || only.test(e.path))) {
      for (const who of ['bureau', 'school'] as const) {
        let client = clients[who];
        const ctx: Context = {
          today: TODAY,
          ids: {
            default: who === 'school' ? tree.schoolA1.id : tree.townA.id,
            schoolId: tree.schoolA1.id,
            schoolIds: tree.schoolA1.id,
            unitId: who === 'school' ? tree.schoolA1.id : tree.townA.id,
            parentId: tree.townA.id,
            userId: people[who].id,
            responsibleUserId: people.school.id,
            townId: tree.townA.id,
            departmentId: tree.department.id,
            responsibleDepartmentId: tree.department.id,
            ...(await pointed(client)),
          },
        };
        let url = ep.path;
        for (const p of ep.params) {
          const record = await pathRecord(client, ep, p.name);
          url = url.replace(`{${p.name}}`, record.id);
          if (record.version !== undefined) ctx.ids.version = record.version;
        }
        const cases = mutations(ep.body, ctx, random);
        // Huge and foreign ids in the path too.
        if (ep.params.some((p) => nonNull(p.schema).type === 'integer')) {
          const first = ep.params.find((p) => nonNull(p.schema).type === 'integer')!;
          const good = cases.find((m) => m.label === 'body=valid')?.body ?? {};
          for (const id of ['2147483648', '999999999', '-1', '1e308']) cases.push({ label: `path.${first.name}=${id}`, body: good, url: ep.path.replace(`{${first.name}}`, id) } as Mutation);
        }
        for (const m of cases) {
          const target = ((m as Mutation & { url?: string }).url ?? url).replace(/\{(\w+)\}/g, '1');
          const what = `${who} ${ep.method} ${target} ${m.label}`;
          // FUZZ_TRACE=1 writes each request before it is sent (the last line names a hang) and its status.
          if (process.env.FUZZ_TRACE) process.stderr.write(`${what}`);
          sent++;
          try {
            const res = await timeout(client.request(ep.method as 'POST', target, m.body as never, { 'content-type': 'application/json' }), what);
            if (process.env.FUZZ_TRACE) process.stderr.write(` → ${res.statusCode} ${res.statusCode < 300 ? '' : res.body.slice(0, 120)}\n`);
            if (res.statusCode >= 500) failures.push(`${what} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          } catch (err) {
            failures.push(`${what} → ${(err as Error).message}`);
          }
        }
        // Still answering: health, a list, and the account's session (logout ends it: sign in again).
        const health = await timeout(t.app.inject({ method: 'GET', url: '/healthz' }), 'healthz');
        if (health.statusCode !== 200) failures.push(`after ${ep.method} ${ep.path} as ${who}: /healthz ${health.statusCode}`);
        const list = await timeout(clients.bureau.get('/api/v1/units?pageSize=1'), 'list');
        if (list.statusCode === 401) clients.bureau = await login(t.app, people.bureau.username);
        else if (list.statusCode !== 200) failures.push(`after ${ep.method} ${ep.path} as ${who}: GET /units ${list.statusCode}`);
        // What the malformed writes stored reads back: the endpoint's own list, if it has one.
        const collection = ep.path.split('/{')[0];
        if (doc.paths[collection]?.get && !collection.startsWith('/api/v1/auth')) {
          const back = await timeout(client.get(collection), `GET ${collection}`).catch((err: Error) => ({ statusCode: 0, body: err.message }));
          if (back.statusCode === 0 || back.statusCode >= 500) failures.push(`after ${ep.method} ${ep.path} as ${who}: GET ${collection} ${back.statusCode} ${back.body.slice(0, 200)}`);
        }
        const me = await timeout(client.get('/api/v1/auth/me'), 'me');
        if (me.statusCode === 401) client = clients[who] = await login(t.app, people[who].username).catch(() => client);
      }
    }
    console.log(`fuzz: ${endpoints.length} endpoints, ${sent} requests in ${Math.round((Date.now() - started) / 1000)} s`);
    expect(failures).toEqual([]);
  });
});
