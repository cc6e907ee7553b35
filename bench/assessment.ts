// The yearly assessment's benchmark (issue 14): 1,000 schools (bench/dataset.ts) with a year of the
// bench ledgers (bench/ledger-dataset.ts) and a year of hazards added by SQL; the assessment of
// every unit must take < 10 s on PostgreSQL, PGlite measured beside it.
//
// Measured in process, through the app (app.inject, the real routes and services):
//   periods   the year's compliance record: the district evaluated as of each period-end day of the
//             year so far (the scheduler's job does this one day per run, ahead of the assessment);
//   compute   POST /assessment/compute once the record is there: every school, town and department
//             scored from every source and written (the < 10 s target);
//   scores    GET /assessment/scores (the bureau's first page), 30 requests one at a time: p50, p95;
//   unit      GET /assessment/scores/:id (a school opened down to its records), 10 requests: p50, p95;
//   raw       the periods and hazards statements alone in their full form (as a unit's drill-down
//             sends them, here for the whole district): what the compute's brief reads save.
//
// Run alone: `npx tsx bench/assessment.ts [pglite|postgres]` (PostgreSQL from BENCH_DATABASE_URL, a
// database of its own created and dropped), or as the suite `assessment` of npm run bench.
// BENCH_LEDGER_STAFF (staff per school, 80) and BENCH_ASSESSMENT_SCHOOLS (1000) scale the data set.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { shanghaiDate } from '../src/domain/dates.js';
import { DEFAULT_SCHEME } from '../src/domain/assessment.js';
import { buildApp } from '../src/server/app.js';
import { loadAuditKey, setAuditKey } from '../src/server/audit/key.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite, openPostgres, type Database } from '../src/server/db/client.js';
import { recordPeriods } from '../src/server/compliance/periods.service.js';
import { BENCH_PASSWORD, FULL_SIZE, loadDataset } from './dataset.js';
import { generateLedgers } from './ledger-dataset.js';

export interface AssessmentBenchResult {
  backend: string;
  schools: number;
  ledgerRecords: number;
  hazards: number;
  periodDays: number;
  periodRows: number;
  periodsMs: number;
  computeMs: number;
  scores: { p50: number; p95: number };
  unit: { p50: number; p95: number };
  rawSourcesMs: number;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const log = (s: string) => console.log(`[assessment] ${s}`);

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, Math.round(performance.now() - t)];
}

/** A year of hazards per school (about 20 each): most closed in time, some late, some open past their deadline, a few major. */
async function addHazards(database: Database, districtId: number, year: number, today: string): Promise<number> {
  await database.db.execute(sql`
    insert into hazards (district_id, code, school_id, school_path, area, location, description, grade, source, found_on, found_by_name, deadline, status, closed_at)
    select s.district_id, 'BA-' || s.id || '-' || g, s.id, s.path,
      (array['fire_chemicals','food_disease','closed_campus','guards','defences','surroundings'])[1 + (hashint4(s.id * 31 + g) & 2147483647) % 6],
      '教学楼', '基准隐患 ' || g, case when (hashint4(s.id * 7 + g) & 2147483647) % 33 = 0 then 'major' else 'general' end, 'report',
      d.found, '基准检查员', least(d.found + 14, ${today}::date - 1),
      case when (hashint4(s.id * 13 + g) & 2147483647) % 10 < 8 then 'closed' else 'rectifying' end,
      case when (hashint4(s.id * 13 + g) & 2147483647) % 10 < 8
        then (d.found + ((hashint4(s.id * 17 + g) & 2147483647) % 20))::timestamp + interval '10 hours' end
    from units s, generate_series(1, 20) g,
      lateral (select (${`${year}-01-01`}::date + ((hashint4(s.id * 3 + g) & 2147483647) % greatest(1, ${today}::date - ${`${year}-01-01`}::date - 15)))::date as found) d
    where s.district_id = ${districtId} and s.kind = 'school'`);
  const { rows } = (await database.db.execute(sql`select count(*)::int as n from hazards where district_id = ${districtId}`)) as unknown as { rows: Array<{ n: number }> };
  return rows[0].n;
}

export async function measureAssessment(backend: 'pglite' | 'postgres', database: Database, dataDir: string): Promise<AssessmentBenchResult> {
  const today = shanghaiDate(new Date());
  const year = Number(today.slice(0, 4));
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), demo: false };
  setAuditKey(loadAuditKey(config, { create: true }).key);
  await database.migrate();
  const schools = Number(process.env.BENCH_ASSESSMENT_SCHOOLS ?? FULL_SIZE.schools);
  log(`${backend}: loading ${schools} schools and a year of ledgers`);
  const dataset = await loadDataset(database.db, { ...FULL_SIZE, schools });
  const [{ id: adminId }] = ((await database.db.execute(sql`select id from users where username = ${dataset.accounts.admin}`)) as unknown as { rows: Array<{ id: number }> }).rows;
  const ledgers = await generateLedgers(database.db, { districtId: dataset.districtId, bureauId: dataset.bureauId, adminId, today, staffPerSchool: Number(process.env.BENCH_LEDGER_STAFF ?? 80) });
  // The bench units were created today: they have been the district's schools since before the year.
  await database.db.execute(sql`update units set created_at = ${`${year - 1}-08-01T00:00:00Z`}::timestamptz where district_id = ${dataset.districtId}`);
  const hazards = await addHazards(database, dataset.districtId, year, today);
  if (backend === 'postgres') await database.db.execute(sql`analyze`);
  log(`${backend}: ${ledgers.total} ledger records, ${hazards} hazards; recording the year's compliance periods`);

  const [days, periodsMs] = await timed(() => recordPeriods(database.db, dataset.districtId, `${year}-01-01`, `${year}-12-31`, today));
  const { rows: pr } = (await database.db.execute(sql`select count(*)::int as n from compliance_periods where district_id = ${dataset.districtId}`)) as unknown as { rows: Array<{ n: number }> };
  log(`${backend}: ${days.length} period-end days, ${pr[0].n} period findings in ${(periodsMs / 1000).toFixed(1)} s`);

  const app = await buildApp({ database, config, logger: false });
  await app.ready();
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: dataset.accounts.admin, password: BENCH_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`login ${login.statusCode} ${login.body}`);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const csrf = login.json().csrfToken as string;
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const r = await app.inject({ method, url, payload: payload as never, headers: { cookie, 'x-csrf-token': csrf } });
      if (r.statusCode !== 200) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r.json();
    };
    await call('PUT', '/api/v1/assessment/scheme', { year, indicators: DEFAULT_SCHEME.indicators, grades: DEFAULT_SCHEME.grades, reason: '基准测试方案' });
    const [, computeMs] = await timed(() => call('POST', '/api/v1/assessment/compute', { year }));
    log(`${backend}: every unit assessed in ${(computeMs / 1000).toFixed(2)} s (target < 10 s on PostgreSQL)`);

    const lat = async (n: number, url: () => string) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) xs.push((await timed(() => call('GET', url())))[1]);
      return { p50: pct(xs, 50), p95: pct(xs, 95) };
    };
    const scores = await lat(30, () => `/api/v1/assessment/scores?year=${year}&pageSize=20`);
    const ids = dataset.schoolIds;
    let k = 0;
    const unit = await lat(10, () => `/api/v1/assessment/scores/${ids[(k++ * 97) % ids.length]}?year=${year}`);

    // The sources' heaviest statements alone, in full form: the year's periods and the hazards due of every school.
    const [, rawSourcesMs] = await timed(async () => {
      await database.db.execute(sql`select unit_id, rule_code, period_key, period->>'label', ends_on::text, status from compliance_periods where district_id = ${dataset.districtId} and ends_on between ${`${year}-01-01`} and ${today} and status in ('met','missed')`);
      await database.db.execute(sql`select h.school_id, h.id, h.code, h.area, h.description, h.deadline::text, h.status, (h.closed_at at time zone 'Asia/Shanghai')::date::text from hazards h where h.district_id = ${dataset.districtId} and h.deadline between ${`${year}-01-01`} and ${today}`);
    });
    const result = { backend, schools, ledgerRecords: ledgers.total, hazards, periodDays: days.length, periodRows: pr[0].n, periodsMs, computeMs, scores, unit, rawSourcesMs };
    log(JSON.stringify(result));
    return result;
  } finally {
    await app.close();
  }
}

/** Runs the suite on one backend, on a database of its own. */
export async function runAssessmentBench(backend: 'pglite' | 'postgres', pgUrl = process.env.BENCH_DATABASE_URL): Promise<AssessmentBenchResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-assessment-'));
  let database: Database;
  let drop: (() => Promise<void>) | null = null;
  if (backend === 'pglite') database = await openPglite(path.join(dataDir, 'pglite'));
  else {
    if (!pgUrl) throw new Error('BENCH_DATABASE_URL is needed for PostgreSQL');
    const name = `anxiao_bench_assessment_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    database = await openPostgres(url.toString());
    drop = async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  try {
    return await measureAssessment(backend, database, dataDir);
  } finally {
    await database.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const backends = (process.argv.slice(2).length ? process.argv.slice(2) : ['pglite', 'postgres']) as Array<'pglite' | 'postgres'>;
  for (const b of backends) await runAssessmentBench(b);
}
