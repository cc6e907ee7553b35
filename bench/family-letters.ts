// `npm run bench -- family-letters` (issue 22; 000 item 13): 1,000 schools (20 towns), each sending
// this term's letter to families through the HTTP API (300 pupils in 8 classes: 300,000 slips), then
// every guardian confirming from their slip's link without an account, all within the run:
//   send     1,000 POST /family-letters, one per school's safety officer, 20 in flight: p50/p95;
//   confirm  300,000 POST /public/family-letters/:token/confirm, BENCH_LETTER_IN_FLIGHT (50) at a
//            time: p50/p95/max per confirmation, the rate per second (an hour needs 84/s), and the
//            confirmations counted in the database afterwards (nothing acknowledged lost: every
//            answer 200 'alreadyConfirmed: false' is a row; count = answers); then 1,000 second
//            confirmations of confirmed slips: all 200 'alreadyConfirmed: true', no row changed;
//   views    the bureau's rates by town and school (GET /family-letters/rates) and the letters list
//            (GET /family-letters, page 1), one request at a time: p50/p95.
// Each on PGlite and on PostgreSQL; on PostgreSQL beside each the SQL the app sent for one such
// request (captured at the driver) run raw by pgbench -M prepared with one connection (a
// confirmation in a transaction rolled back, so it repeats). The per-address rate limit of the
// guardians' routes is lifted (every request comes from 127.0.0.1; phones come from many).
//
// Environment: BENCH_BACKENDS (pglite,postgres), BENCH_DATABASE_URL or TEST_DATABASE_URL,
// BENCH_LETTER_SCHOOLS (1000), BENCH_LETTER_PUPILS (300 per school), BENCH_LETTER_IN_FLIGHT (50),
// BENCH_LETTER_REQUESTS (100 view requests), BENCH_RAW_SECONDS (5), PGBENCH.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, count, eq, isNotNull } from 'drizzle-orm';
import { createSession } from '../src/server/auth/session.js';
import { familyLetterSlips, userRoles, users } from '../src/server/db/schema.js';
import { shanghaiDate, addDays } from '../src/domain/dates.js';
import { loadDataset } from './dataset.js';
import { benchDatabase } from './databases.js';
import { startInProcess } from './in-process.js';
import { capturing, pct, pgbenchAvg, rolledBackScript, script } from './raw.js';

const env = process.env;
const num = (k: string, d: number) => (env[k] ? Number(env[k]) : d);
type Size = { schools: number; pupils: number; inFlight: number; requests: number; rawSeconds: number };
type Timed = { status: number; json: unknown; ms: number };

async function send(base: string, method: string, p: string, auth: { cookie: string; csrf: string } | null, body?: unknown): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { ...(auth ? { cookie: auth.cookie, 'x-csrf-token': auth.csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, ms: performance.now() - started };
}

/** Runs one request per item, `inFlight` at a time; the answers by status and the times sorted. */
async function burst<T>(items: T[], one: (x: T) => Promise<Timed>, inFlight: number) {
  const started = performance.now();
  const times: number[] = [];
  const byStatus = new Map<number, number>();
  const answers: Array<{ item: T; r: Timed }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const r = await one(item);
        times.push(r.ms);
        byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
        answers.push({ item, r });
      }
    }),
  );
  const wallMs = performance.now() - started;
  times.sort((a, b) => a - b);
  return { answers, statuses: [...byStatus].sort((a, b) => a[0] - b[0]).map(([s, k]) => `${s}×${k}`).join(' '), n: items.length, p50: pct(times, 50), p95: pct(times, 95), max: times[times.length - 1], wallMs };
}

/** 8 classes whose sizes add up to the pupils of a school. */
function classesOf(pupils: number) {
  const base = Math.floor(pupils / 8);
  return Array.from({ length: 8 }, (_, k) => ({ className: `${Math.floor(k / 2) + 1}年级${(k % 2) + 1}班`, pupils: base + (k < pupils % 8 ? 1 : 0) })).filter((k) => k.pupils > 0);
}

async function measure(backend: 'pglite' | 'postgres', serverUrl: string | null, size: Size) {
  const bench = await benchDatabase('letters', backend, serverUrl);
  const { database, dbUrl, dataDir } = bench;
  try {
    const db = database.db;
    const d = await loadDataset(db, { towns: 20, schools: size.schools, peoplePerSchool: 2 });
    const officers = await db
      .select({ id: users.id, unitId: users.unitId })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(and(eq(users.districtId, d.districtId), eq(userRoles.roleKey, 'school_safety_officer')));
    const bySchool = new Map<number, { schoolId: number; cookie: string; csrf: string }>();
    for (const o of officers) {
      if (bySchool.has(o.unitId)) continue;
      const s = await createSession(db, o.id, '127.0.0.1', 'bench');
      bySchool.set(o.unitId, { schoolId: o.unitId, cookie: `anxiao_sid=${s.token}`, csrf: s.csrfToken });
    }
    const { app, base, cookie, csrf } = await startInProcess('family-letters', database, { dataDir, databaseUrl: dbUrl, username: d.accounts.admin, config: { publicRatePerMinute: 1_000_000 } });
    const bureau = { cookie, csrf };
    const today = shanghaiDate(new Date());
    const letter = (schoolId: number) => ({
      schoolId,
      topic: 'holiday',
      title: '寒假安全致家长的一封信（基准）',
      body: '尊敬的家长：寒假将至，请切实履行监护责任……'.repeat(10),
      sentOn: today,
      dueOn: addDays(today, 7),
      classes: classesOf(size.pupils),
      fileIds: [],
    });

    // ---- every school sends its letter
    const sent = await burst([...bySchool.values()], (s) => send(base, 'POST', '/api/v1/family-letters', s, letter(s.schoolId)), 20);
    if (sent.answers.some((a) => a.r.status !== 201)) throw new Error(`bench family-letters: send answered ${sent.statuses}`);
    const tokens = (await db.select({ token: familyLetterSlips.token }).from(familyLetterSlips).orderBy(asc(familyLetterSlips.id))).map((r) => r.token);

    // ---- raw of one confirmation (PostgreSQL): captured on the first slip, then repeated in a rolled-back transaction
    let confirmRaw: number | null = null;
    const confirmBody = { relationship: 'mother', agreed: true };
    const confirm = (token: string) => send(base, 'POST', `/api/v1/public/family-letters/${token}/confirm`, null, confirmBody);
    if (backend === 'postgres' && dbUrl) {
      const probe = tokens.pop()!;
      const { statements } = await capturing(() => confirm(probe));
      await db.update(familyLetterSlips).set({ confirmedAt: null, method: null, relationship: null }).where(eq(familyLetterSlips.token, probe));
      tokens.push(probe);
      const file = path.join(dataDir, 'confirm.sql');
      writeFileSync(file, rolledBackScript(statements) + '\n');
      confirmRaw = await pgbenchAvg(file, dbUrl, size.rawSeconds);
    }

    // ---- every guardian confirms; shuffled, as phones come in any order
    for (let i = tokens.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
    }
    const confirmed = await burst(tokens, confirm, size.inFlight);
    const acknowledged = confirmed.answers.filter((a) => a.r.status === 200 && !(a.r.json as { alreadyConfirmed: boolean }).alreadyConfirmed).length;
    const [{ stored }] = await db.select({ stored: count() }).from(familyLetterSlips).where(isNotNull(familyLetterSlips.confirmedAt));
    // ---- a thousand second confirmations: all answered with the first, nothing written
    const again = await burst(tokens.slice(0, 1000), confirm, size.inFlight);
    const againFirst = again.answers.filter((a) => a.r.status === 200 && (a.r.json as { alreadyConfirmed: boolean }).alreadyConfirmed).length;
    const [{ storedAfter }] = await db.select({ storedAfter: count() }).from(familyLetterSlips).where(isNotNull(familyLetterSlips.confirmedAt));

    // ---- the bureau's views, one request at a time
    const views: Record<string, { p50: number; p95: number; rawMs: number | null }> = {};
    for (const [label, p] of [
      ['rates', '/api/v1/family-letters/rates'],
      ['list', '/api/v1/family-letters?page=1&pageSize=20'],
    ] as const) {
      for (let k = 0; k < 3; k++) await send(base, 'GET', p, bureau);
      const times: number[] = [];
      for (let k = 0; k < size.requests; k++) {
        const r = await send(base, 'GET', p, bureau);
        if (r.status !== 200) throw new Error(`bench family-letters: ${p} answered ${r.status}`);
        times.push(r.ms);
      }
      times.sort((a, b) => a - b);
      let rawMs: number | null = null;
      if (backend === 'postgres' && dbUrl) {
        const { statements } = await capturing(() => send(base, 'GET', p, bureau));
        const file = path.join(dataDir, `${label}.sql`);
        writeFileSync(file, script(statements) + '\n');
        rawMs = await pgbenchAvg(file, dbUrl, size.rawSeconds);
      }
      views[label] = { p50: pct(times, 50), p95: pct(times, 95), rawMs };
    }
    const rates = (await send(base, 'GET', '/api/v1/family-letters/rates', bureau)).json as { total: { confirmed: number; pupils: number } };
    await app.close();
    return { backend, schools: bySchool.size, slips: tokens.length, sent, confirmed, confirmRaw, acknowledged, stored, again, againFirst, storedAfter, views, rates: rates.total };
  } finally {
    await bench.close();
  }
}

const f1 = (x: number) => x.toFixed(1);
const ratio = (api: number, raw: number | null) => (raw ? (api / raw).toFixed(1) : '—');

export async function benchFamilyLetters(): Promise<void> {
  const size: Size = {
    schools: num('BENCH_LETTER_SCHOOLS', 1000),
    pupils: num('BENCH_LETTER_PUPILS', 300),
    inFlight: num('BENCH_LETTER_IN_FLIGHT', 50),
    requests: num('BENCH_LETTER_REQUESTS', 100),
    rawSeconds: num('BENCH_RAW_SECONDS', 5),
  };
  const backends = (env.BENCH_BACKENDS ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const serverUrl = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL ?? null;
  const all = [];
  for (const b of backends) all.push(await measure(b, serverUrl, size));
  console.log(`family-letters: ${size.schools} schools in 20 towns, one letter each to ${size.pupils} pupils, confirmations ${size.inFlight} in flight, ${new Date().toISOString().slice(0, 10)}`);
  console.log('| backend | scenario | requests | answers | confirmed in the database (acknowledged) | API p50 ms | API p95 ms | max ms | wall s | per second | raw SQL avg ms (pgbench -M prepared, 1 conn) | API p50 / raw |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const f of all) {
    const row = (label: string, b: { n: number; statuses: string; p50: number; p95: number; max: number; wallMs: number }, stored: string, raw: number | null) =>
      console.log(`| ${f.backend} | ${label} | ${b.n} | ${b.statuses} | ${stored} | ${f1(b.p50)} | ${f1(b.p95)} | ${f1(b.max)} | ${(b.wallMs / 1000).toFixed(0)} | ${((b.n * 1000) / b.wallMs).toFixed(0)} | ${raw ?? '—'} | ${ratio(b.p50, raw)} |`);
    row(`发送（每校 ${size.pupils} 名学生）`, f.sent, '—', null);
    row('家长确认（无账号）', f.confirmed, `${f.stored} (${f.acknowledged})`, f.confirmRaw);
    row('重复确认（应全部答复首次确认）', f.again, `${f.storedAfter} (${f.againFirst} 答复首次)`, null);
    for (const [label, v] of [
      ['局回执率（各镇街、各学校）', f.views.rates],
      ['告家长书列表第 1 页', f.views.list],
    ] as const)
      console.log(`| ${f.backend} | ${label} | ${size.requests} | 200×${size.requests} | — | ${f1(v.p50)} | ${f1(v.p95)} | — | — | — | ${v.rawMs ?? '—'} | ${ratio(v.p50, v.rawMs)} |`);
  }
  const bad = all.filter((f) => f.stored !== f.acknowledged || f.stored !== f.slips || f.storedAfter !== f.stored || f.againFirst !== f.again.n || f.rates.confirmed !== f.stored);
  if (bad.length) {
    console.error(`bench family-letters: confirmations lost or doubled on ${bad.map((f) => f.backend).join(', ')}`);
    process.exitCode = 1;
  }
}
