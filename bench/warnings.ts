// `npm run bench -- warnings` (issue 21; 000 item 10): 1,000 schools (20 towns), a typhoon warning
// issued by the bureau to all of them through the HTTP API, then every school's safety officer
// signing for it (签收) at once, and reporting at once:
//   issue    POST /warnings with target 'all' (the 1,000 targets resolved in its transaction);
//   sign     1,000 POST /warnings/:id/sign sent together (at most 200 in flight at a time):
//            p50/p95/max per receipt, the wall time, and
//            the receipts counted in the database afterwards (nothing lost: count = 1,000); then 100
//            second signatures sent together, every one a 409 and no row added;
//   report   1,000 POST /warnings/:id/report sent together, the same figures;
//   board    the bureau's live view (GET /warnings/:id/board, 1,000 schools by town) one request at a
//            time, p50/p95.
// Each on PGlite and on PostgreSQL. On PostgreSQL, beside each, the SQL the app sent for one such
// request (captured at the driver) run raw by pgbench -M prepared with one connection: the board's
// reads as they are, a receipt's statements in a transaction rolled back (so it repeats); API/raw
// is the ratio of the medians. The officers' sessions are made directly (createSession), as a login
// is not what is measured (the platform suite measures it).
//
// Environment: BENCH_BACKENDS (pglite,postgres), BENCH_DATABASE_URL or TEST_DATABASE_URL (a
// PostgreSQL server; a database of its own is created and dropped), BENCH_WARNING_SCHOOLS (1000),
// BENCH_WARNING_REQUESTS (200 board requests), BENCH_WARNING_IN_FLIGHT (200), BENCH_RAW_SECONDS (5), PGBENCH.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, isNotNull } from 'drizzle-orm';
import { createSession } from '../src/server/auth/session.js';
import { userRoles, users, warningReceipts } from '../src/server/db/schema.js';
import { loadDataset } from './dataset.js';
import { benchDatabase } from './databases.js';
import { startInProcess } from './in-process.js';
import { capturing, pct, pgbenchAvg, rolledBackScript, script } from './raw.js';

const env = process.env;
const num = (k: string, d: number) => (env[k] ? Number(env[k]) : d);

interface Burst {
  /** The answers by status, e.g. '200×990 503×10'. */
  answers: string;
  n: number;
  ok: number;
  p50: number;
  p95: number;
  max: number;
  wallMs: number;
  /** Answered 200 but not in the database (must be 0). */
  lost: number;
  retried: number;
  stored: number;
  storedAfterRetry: number;
  rawMs: number | null;
}
interface Figures {
  backend: 'pglite' | 'postgres';
  schools: number;
  issueMs: number;
  sign: Burst;
  duplicates: { n: number; conflicts: number; storedAfter: number; answers: string };
  report: Burst;
  board: { n: number; p50: number; p95: number; rawMs: number | null };
}

type Send = (method: string, p: string, cookie: string, csrf: string, body?: unknown) => Promise<{ status: number; json: unknown; ms: number }>;

function sender(base: string): Send {
  return async (method, p, cookie, csrf, body) => {
    const started = performance.now();
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    return { status: res.status, json: text ? JSON.parse(text) : null, ms };
  };
}

/**
 * Sends the requests together, at most `inFlight` at a time (a thousand new connections in the same
 * millisecond overflow the listen backlog and are reset; phones across a district are not that
 * synchronised), and waits for all: the figures per request (from its sending) and for the whole.
 */
async function burst<T>(items: T[], one: (x: T) => Promise<{ status: number; ms: number }>, expected: number, inFlight: number) {
  const started = performance.now();
  const results: Array<{ status: number; ms: number; item: T }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        results.push({ ...(await one(item)), item });
      }
    }),
  );
  const wallMs = performance.now() - started;
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const bad = results.filter((r) => r.status !== expected);
  const byStatus = new Map<number, number>();
  for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const answers = [...byStatus].sort((a, b) => a[0] - b[0]).map(([st, k]) => `${st}×${k}`).join(' ');
  return { answers, answered: results.filter((r) => r.status === expected).map((r) => r.item), refused: bad.map((r) => r.item), n: items.length, ok: results.length - bad.length, p50: pct(times, 50), p95: pct(times, 95), max: times[times.length - 1], wallMs };
}

type Size = { schools: number; requests: number; rawSeconds: number; inFlight: number };

async function measure(backend: 'pglite' | 'postgres', serverUrl: string | null, size: Size): Promise<Figures> {
  const bench = await benchDatabase('warnings', backend, serverUrl);
  const { database, dbUrl, dataDir } = bench;
  try {
    const db = database.db;
    const d = await loadDataset(db, { towns: 20, schools: size.schools, peoplePerSchool: 2 });
    // One safety officer per school, signed in directly.
    const officers = await db
      .select({ id: users.id, unitId: users.unitId })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(and(eq(users.districtId, d.districtId), eq(userRoles.roleKey, 'school_safety_officer')));
    const signedIn = new Map<number, { schoolId: number; cookie: string; csrf: string }>();
    for (const o of officers) {
      if (signedIn.has(o.unitId)) continue;
      const s = await createSession(db, o.id, '127.0.0.1', 'bench');
      signedIn.set(o.unitId, { schoolId: o.unitId, cookie: `anxiao_sid=${s.token}`, csrf: s.csrfToken });
    }
    const sessions = [...signedIn.values()];

    const { app, base, cookie, csrf } = await startInProcess('warnings', database, { dataDir, databaseUrl: dbUrl, username: d.accounts.admin });
    const send = sender(base);
    const issueBody = (title: string, targetMode: 'all' | 'schools', targetUnitIds: number[]) => ({
      warningKind: 'typhoon',
      warningLevel: 'orange',
      warningTitle: title,
      warningActions: ['waterlogging_points', 'construction_sites', 'suspend_outdoor'],
      requirements: '各校于今日 18:00 前完成校园巡查，加固门窗和临时设施，清理排水沟；明日暂停户外活动。',
      targetMode,
      targetUnitIds,
      deadlineAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
    });
    const reportBody = (version: number) => ({
      version,
      actionResults: ['waterlogging_points', 'construction_sites', 'suspend_outdoor'].map((action) => ({ action, done: true, note: null, fileIds: [] })),
      reportNote: null,
    });

    // The raw side (PostgreSQL): one receipt and one report captured on a warning to one school,
    // then that receipt removed so the rolled-back script can insert it again.
    let signRaw: number | null = null;
    let reportRaw: number | null = null;
    if (backend === 'postgres' && dbUrl) {
      const [firstSchool] = [...signedIn.keys()];
      const probe = await send('POST', '/api/v1/warnings', cookie, csrf, issueBody('基准探测预警', 'schools', [firstSchool]));
      const probeId = (probe.json as { id: number }).id;
      const me = signedIn.get(firstSchool)!;
      const signed = await capturing(() => send('POST', `/api/v1/warnings/${probeId}/sign`, me.cookie, me.csrf, {}));
      const reported = await capturing(() => send('POST', `/api/v1/warnings/${probeId}/report`, me.cookie, me.csrf, reportBody(1)));
      if (signed.result.status !== 200 || reported.result.status !== 200) throw new Error(`bench warnings: probe answered ${signed.result.status}/${reported.result.status}`);
      const signFile = path.join(dataDir, 'sign.sql');
      const reportFile = path.join(dataDir, 'report.sql');
      writeFileSync(reportFile, rolledBackScript(reported.statements) + '\n');
      reportRaw = await pgbenchAvg(reportFile, dbUrl, size.rawSeconds);
      await db.delete(warningReceipts).where(eq(warningReceipts.warningId, probeId));
      writeFileSync(signFile, rolledBackScript(signed.statements) + '\n');
      signRaw = await pgbenchAvg(signFile, dbUrl, size.rawSeconds);
    }

    // ---- issue to all
    const issued = await send('POST', '/api/v1/warnings', cookie, csrf, issueBody('第12号台风“海葵”橙色预警（基准）', 'all', []));
    if (issued.status !== 201) throw new Error(`bench warnings: issue answered ${issued.status} ${JSON.stringify(issued.json)}`);
    const id = (issued.json as { id: number; targets: number }).id;
    const storedSchools = async (reported: boolean) =>
      new Set((await db.select({ schoolId: warningReceipts.schoolId }).from(warningReceipts).where(and(eq(warningReceipts.warningId, id), reported ? isNotNull(warningReceipts.reportedAt) : undefined))).map((r) => r.schoolId));
    const stored = async (reported: boolean) => (await storedSchools(reported)).size;
    // Every school answered 200 is in the database (nothing acknowledged lost); the refused ones
    // (a busy pool answers 503 "请稍后重试") send again one at a time, as the phone does.
    const settle = async (b: { answered: Array<{ schoolId: number }>; refused: Array<{ schoolId: number; cookie: string; csrf: string }> }, reported: boolean, again: (s: { cookie: string; csrf: string }) => Promise<{ status: number }>) => {
      const inDb = await storedSchools(reported);
      const lost = b.answered.filter((x) => !inDb.has(x.schoolId)).length;
      let retried = 0;
      for (const x of b.refused) if (!inDb.has(x.schoolId) && (await again(x)).status === 200) retried++;
      return { lost, retried, stored: inDb.size, storedAfterRetry: await stored(reported) };
    };

    // ---- every school signs at once
    const signSend = (s: { cookie: string; csrf: string }) => send('POST', `/api/v1/warnings/${id}/sign`, s.cookie, s.csrf, {});
    const sign = await burst(sessions, signSend, 200, size.inFlight);
    const signSettled = await settle(sign, false, signSend);
    // ---- a hundred second signatures at once: every one refused, nothing added
    const again = sessions.slice(0, Math.min(100, sessions.length));
    const dup = await burst(again, (s) => send('POST', `/api/v1/warnings/${id}/sign`, s.cookie, s.csrf, {}), 409, size.inFlight);
    const storedAfter = await stored(false);
    // ---- every school reports at once (each receipt at version 1 after its signature)
    const reportSend = (s: { cookie: string; csrf: string }) => send('POST', `/api/v1/warnings/${id}/report`, s.cookie, s.csrf, reportBody(1));
    const report = await burst(sessions, reportSend, 200, size.inFlight);
    const reportSettled = await settle(report, true, reportSend);

    // ---- the bureau's live view
    const boardPath = `/api/v1/warnings/${id}/board`;
    for (let k = 0; k < 5; k++) await send('GET', boardPath, cookie, csrf);
    const times: number[] = [];
    for (let k = 0; k < size.requests; k++) times.push((await send('GET', boardPath, cookie, csrf)).ms);
    times.sort((a, b) => a - b);
    let boardRaw: number | null = null;
    if (backend === 'postgres' && dbUrl) {
      const { statements } = await capturing(() => send('GET', boardPath, cookie, csrf));
      const file = path.join(dataDir, 'board.sql');
      writeFileSync(file, script(statements) + '\n');
      boardRaw = await pgbenchAvg(file, dbUrl, size.rawSeconds);
    }
    const board = (await send('GET', boardPath, cookie, csrf)).json as { schools: unknown[] };
    if (board.schools.length !== sessions.length) throw new Error(`bench warnings: the board shows ${board.schools.length} schools of ${sessions.length}`);
    await app.close();
    return {
      backend,
      schools: sessions.length,
      issueMs: issued.ms,
      sign: { ...sign, ...signSettled, rawMs: signRaw },
      duplicates: { n: dup.n, conflicts: dup.ok, storedAfter, answers: dup.answers },
      report: { ...report, ...reportSettled, rawMs: reportRaw },
      board: { n: times.length, p50: pct(times, 50), p95: pct(times, 95), rawMs: boardRaw },
    };
  } finally {
    await bench.close();
  }
}

const f1 = (x: number) => x.toFixed(1);
const ratio = (api: number, raw: number | null) => (raw ? (api / raw).toFixed(1) : '—');

export async function benchWarnings(): Promise<void> {
  const size: Size = { schools: num('BENCH_WARNING_SCHOOLS', 1000), requests: num('BENCH_WARNING_REQUESTS', 200), rawSeconds: num('BENCH_RAW_SECONDS', 5), inFlight: num('BENCH_WARNING_IN_FLIGHT', 200) };
  const backends = (env.BENCH_BACKENDS ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const serverUrl = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL ?? null;
  const all: Figures[] = [];
  for (const b of backends) all.push(await measure(b, serverUrl, size));
  console.log(`warnings: ${size.schools} schools in 20 towns, one warning to all, receipts ${size.inFlight} in flight at a time, ${new Date().toISOString().slice(0, 10)}`);
  console.log('| backend | scenario | requests | answers | acknowledged but lost | stored (after the refused retried) | API p50 ms | API p95 ms | max ms | wall ms | raw SQL avg ms (pgbench -M prepared, 1 conn) | API p50 / raw |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const f of all) {
    console.log(`| ${f.backend} | 发布（全部 ${f.schools} 所学校） | 1 | 201×1 | — | — | ${f1(f.issueMs)} | — | — | — | — | — |`);
    for (const [label, b] of [['签收（同时）', f.sign], ['上报（同时）', f.report]] as const)
      console.log(`| ${f.backend} | ${label} | ${b.n} | ${b.answers} | ${b.lost} | ${b.stored} (${b.storedAfterRetry}) | ${f1(b.p50)} | ${f1(b.p95)} | ${f1(b.max)} | ${f1(b.wallMs)} | ${b.rawMs ?? '—'} | ${ratio(b.p50, b.rawMs)} |`);
    console.log(`| ${f.backend} | 重复签收（同时，应全部 409） | ${f.duplicates.n} | ${f.duplicates.answers} | — | ${f.duplicates.storedAfter} | — | — | — | — | — | — |`);
    console.log(`| ${f.backend} | 局实时看板（逐个请求） | ${f.board.n} | 200×${f.board.n} | — | — | ${f1(f.board.p50)} | ${f1(f.board.p95)} | — | — | ${f.board.rawMs ?? '—'} | ${ratio(f.board.p50, f.board.rawMs)} |`);
  }
  const lost = all.filter((f) => f.sign.lost || f.report.lost || f.sign.storedAfterRetry !== f.schools || f.report.storedAfterRetry !== f.schools || f.duplicates.storedAfter !== f.schools);
  if (lost.length) {
    console.error(`bench warnings: receipts lost or doubled on ${lost.map((f) => f.backend).join(', ')}`);
    process.exitCode = 1;
  }
}
