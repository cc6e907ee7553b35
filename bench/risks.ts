// The risk list's bench (issue 13): the district of bench/dataset.ts (1,000 schools in 20 towns)
// with 100,000 risk points added by SQL (100 a school, every colour, kind and area, some escalated),
// then the bureau's four-colour matrix (GET /api/v1/risks/matrix: by town and colour, the
// likelihood × severity grid, the escalated count) requested one at a time through a real HTTP
// server in this process, p50/p95/p99 exact over every request; beside it the same SQL raw: pgbench
// -M prepared with one client on PostgreSQL, a loop of the statements on the same PGlite instance
// otherwise. Target: p95 < 100 ms on PostgreSQL.
//
// From npm run bench (suite 'risks', on a fresh database of the run), or alone:
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/risks.ts   (a database of its own, dropped after)
// Environment: BENCH_RISK_SCHOOLS (1000), BENCH_RISKS_PER_SCHOOL (100), BENCH_RISK_REQUESTS (300),
// BENCH_RAW_SECONDS (5), PGBENCH.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { loadAuditKey, setAuditKey } from '../src/server/audit/key.js';
import { loadConfig } from '../src/server/config.js';
import { openPostgres, type Database } from '../src/server/db/client.js';
import { BENCH_PASSWORD, loadDataset } from './dataset.js';
import { pct, pgbenchBinary } from './raw.js';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export interface RiskBenchResult {
  backend: 'pglite' | 'postgres';
  schools: number;
  risks: number;
  loadMs: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  /** Requests a second, one at a time. */
  apiRate: number;
  /** pgbench transactions a second (one client, -M prepared), or PGlite loop iterations a second. */
  rawRate: number;
  rawKind: string;
  ratio: number;
  targetMet: boolean | null;
  /** GET /auth/me measured the same way just before: what every signed-in request costs. */
  floorP50: number;
  floorP95: number;
}

/** 100 risk points a school by SQL: colours from likelihood × severity by the default bands (rules/risk-review.ts). */
export async function addRisks(db: Database['db'], districtId: number, perSchool: number): Promise<number> {
  await db.execute(sql`
    insert into risk_points (district_id, school_id, school_path, area, place, name, likelihood, severity, level, kind, season, controls, control_owner_id, identified_on, last_reviewed_on, escalated_on, escalation_note, status, created_by)
    select s.district_id, s.id, s.path,
      (array['management','fire_chemicals','food_disease','mental_bullying','education','emergency','closed_campus','guards','defences','surroundings','traffic'])[1 + (s.id * 7 + g) % 11],
      '部位' || g, '风险' || g, l, v,
      case when l * v >= 20 then 'red' when l * v >= 12 then 'orange' when l * v >= 6 then 'yellow' else 'blue' end,
      k, case when k = 'seasonal' then (array['flood_drowning','winter_fire','heat','exams'])[1 + g % 4] end,
      '管控措施' || g, o.id, date '2026-01-05' + (g % 60), date '2026-03-10' + (g % 60),
      case when g % 97 = 0 then date '2026-05-01' end, case when g % 97 = 0 then '需上级协调' end, 'active', o.id
    from units s
    cross join generate_series(1, ${perSchool}) g
    cross join lateral (select 1 + (s.id * 13 + g * 7) % 5 as l, 1 + (s.id * 3 + g * 11) % 5 as v, (array['baseline','baseline','seasonal','holiday','special'])[1 + g % 5] as k) x
    cross join lateral (select min(u.id) as id from users u where u.unit_id = s.id) o
    where s.district_id = ${districtId} and s.kind = 'school' and o.id is not null`);
  await db.execute(sql`analyze risk_points`);
  await db.execute(sql`analyze risk_counts`);
  const r = await db.execute(sql`select count(*)::int as n from risk_points where district_id = ${districtId}`);
  return (r as unknown as { rows: Array<{ n: number }> }).rows?.[0]?.n ?? (r as unknown as Array<{ n: number }>)[0].n;
}

/** The statements the matrix sends for a district-wide person (risks.service.ts riskMatrix), with $1 the district. */
export const MATRIX_SQL = [
  `select split_part(c.school_path, '/', 3)::int, c.level, c.likelihood, c.severity, sum(c.n)::int, sum(c.escalated)::int from risk_counts c where c.district_id = $1 group by 1, c.level, c.likelihood, c.severity`,
  `select id, name, kind from units where district_id = $1 and kind = 'town'`,
  `select v.risk_review_days, v.number from rule_packs p join rule_pack_versions v on v.pack_id = p.id and v.number = p.current_version where p.district_id = $1`,
]



/** Loads the district and the risks into `database` (migrated, empty), measures, and returns the figures. */
export async function benchRisks(database: Database, backend: 'pglite' | 'postgres', pgUrl: string | null, log: (m: string) => void = console.log): Promise<RiskBenchResult> {
  const schools = num('BENCH_RISK_SCHOOLS', 1000);
  const perSchool = num('BENCH_RISKS_PER_SCHOOL', 100);
  const requests = num('BENCH_RISK_REQUESTS', 300);
  const rawSeconds = num('BENCH_RAW_SECONDS', 5);
  const started = Date.now();
  const d = await loadDataset(database.db, { towns: 20, schools, peoplePerSchool: 20 });
  const risks = await addRisks(database.db, d.districtId, perSchool);
  const loadMs = Date.now() - started;
  log(`risks: ${schools} schools, ${risks} risk points loaded in ${(loadMs / 1000).toFixed(1)} s`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-risks-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), demo: false };
  setAuditKey(loadAuditKey(config, { create: true }).key);
  const app = await buildApp({ database, config, logger: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: d.accounts.admin, password: BENCH_PASSWORD }) });
    if (login.status !== 200) throw new Error(`risks bench: login ${login.status} ${await login.text()}`);
    const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    const get = async () => {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/risks/matrix`, { headers: { cookie } });
      const body = (await res.json()) as { rows?: unknown[] };
      if (res.status !== 200 || !body.rows?.length) throw new Error(`risks bench: matrix ${res.status}`);
      return performance.now() - t0;
    };
    // The floor of any signed-in request on this machine at this minute (session lookup, JSON): the
    // matrix's own cost is what it takes above this.
    const floor = async () => {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`risks bench: auth/me ${res.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++) await floor();
    const floorTimes: number[] = [];
    for (let i = 0; i < requests; i++) floorTimes.push(await floor());
    floorTimes.sort((a, b) => a - b);
    log(`risks ${backend}: floor GET /auth/me one at a time: p50 ${pct(floorTimes, 50).toFixed(1)} ms, p95 ${pct(floorTimes, 95).toFixed(1)} ms`);
    for (let i = 0; i < 20; i++) await get(); // warm-up
    const times: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < requests; i++) times.push(await get());
    const apiRate = requests / ((performance.now() - t0) / 1000);
    times.sort((a, b) => a - b);

    let rawRate: number;
    let rawKind: string;
    if (backend === 'postgres' && pgUrl) {
      const file = path.join(dataDir, 'matrix.sql');
      writeFileSync(file, `\\set d ${d.districtId}\n${MATRIX_SQL.map((q) => q.replaceAll('$1', ':d')).join(';\n')};\n`);
      const { stdout } = await run(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', '1', '-T', String(rawSeconds), '-f', file, pgUrl], { env: { ...process.env, PGCLIENTENCODING: 'UTF8' } });
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
      if (!tps) throw new Error(`pgbench: no tps in output:\n${stdout}`);
      rawRate = Number(tps[1]);
      rawKind = 'pgbench -M prepared, 1 client, tps';
    } else {
      const until = performance.now() + rawSeconds * 1000;
      let n = 0;
      while (performance.now() < until) {
        for (const q of MATRIX_SQL) await database.db.execute(sql.raw(q.replaceAll('$1', String(d.districtId))));
        n++;
      }
      rawRate = n / rawSeconds;
      rawKind = 'PGlite in-process loop/s';
    }
    const p95 = pct(times, 95);
    const result: RiskBenchResult = {
      backend,
      schools,
      risks,
      loadMs,
      requests,
      p50: pct(times, 50),
      p95,
      p99: pct(times, 99),
      apiRate,
      rawRate,
      rawKind,
      ratio: apiRate / rawRate,
      targetMet: backend === 'postgres' ? p95 < 100 : null,
      floorP50: pct(floorTimes, 50),
      floorP95: pct(floorTimes, 95),
    };
    log(
      `risks ${backend}: GET /risks/matrix one at a time: p50 ${result.p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${apiRate.toFixed(1)} req/s; ` +
        `raw ${rawRate.toFixed(1)} (${rawKind}); API/raw ${result.ratio.toFixed(2)}` +
        (result.targetMet === null ? '' : `; target p95 < 100 ms → ${result.targetMet ? 'met' : 'NOT met'}`),
    );
    const outDir = path.join(here, 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, `risks-${backend}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`), JSON.stringify({ ...result, loadAverage: os.loadavg() }, null, 2));
    return result;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Alone: a database of its own in BENCH_DATABASE_URL's server, migrated, measured, dropped.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) throw new Error('BENCH_DATABASE_URL: a PostgreSQL server (the role needs CREATEDB)');
  const name = `anxiao_bench_risks_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  try {
    await database.migrate();
    await benchRisks(database, 'postgres', url.toString());
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
