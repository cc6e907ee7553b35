// `npm run bench -- network-security` (issue 15 item 6; 000 item 8): 1,000 schools with a year of
// network security records added by SQL on PostgreSQL — a monthly report from each school for twelve
// months (a few schools short: i % 20 = 7 missed last month, i % 20 = 13 the month before) and two
// red or yellow cards a school (one red card in ten open past its deadline) — then:
//   cards    the bureau's card list (first page of 20, and filtered to overdue red cards) through the
//            HTTP API one request at a time, p50/p95 from every response;
//   monthly  the monthly-report rule (netsec.monthly_report) evaluated for every school with the app's
//            own code in this process: the ledger's compliance reader (netsec-records.ts) on the whole
//            district, then the engine on that rule alone; medians of BENCH_NETSEC_RUNS runs;
//   board    the compliance board filtered to that rule (GET /compliance?ruleCode=…) after the rollup,
//            through the HTTP API one request at a time.
// Beside each, the SQL the app sent for it (captured at the driver) run raw by pgbench -M prepared
// with one connection; API/raw is the ratio of the medians.
//
// Environment: BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server; a database of its own is
// created and dropped), BENCH_NETSEC_SCHOOLS (1000), BENCH_NETSEC_REQUESTS (200 per API scenario),
// BENCH_NETSEC_RUNS (7), BENCH_RAW_SECONDS (5), PGBENCH.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { shanghaiDate } from '../src/domain/dates.js';
import { evaluate } from '../src/domain/rules/engine.js';
import type { EngineRecords, ReadScope } from '../src/server/compliance/ledger-readers.js';
import { judgedRules, refreshRollup } from '../src/server/compliance/rollup.service.js';
import { openPostgres } from '../src/server/db/client.js';
import { units } from '../src/server/db/schema.js';
import { readNetworkSecurity } from '../src/server/network-security/netsec-records.js';
import { periodInputs } from '../src/server/rules/calendars.service.js';
import { schoolFactsOf } from '../src/server/units/school-facts.js';
import { and, eq } from 'drizzle-orm';
import { loadDataset } from './dataset.js';
import { startInProcess } from './in-process.js';
import { capturing, median, pct, pgbenchAvg, script } from './raw.js';

const env = process.env;
const num = (k: string, d: number) => (env[k] ? Number(env[k]) : d);
const RULE = 'netsec.monthly_report';

// ---- the dataset ----------------------------------------------------------------------------------

async function addNetworkSecurity(client: pg.Client, districtId: number, adminId: number, today: string) {
  const by = `${districtId}, ${adminId}, '基准数据'`;
  await client.query(`create temporary table bench_schools as
    select id, path, (row_number() over (order by id) - 1)::int as i from units where district_id = ${districtId} and kind = 'school' and status = 'active'`);
  // Twelve months of reports up to last month; i % 20 = 7 missed last month, i % 20 = 13 the month before.
  await client.query(`insert into netsec_reports (district_id, created_by, created_by_name, school_id, school_path, month, checks_done, incidents, incident_count, summary)
    select ${by}, s.id, s.path, to_char(date_trunc('month', '${today}'::date) - m * interval '1 month', 'YYYY-MM'), 2 + s.i % 3,
      case when (s.i + m) % 40 = 0 then 'some' else 'none' end, case when (s.i + m) % 40 = 0 then 1 else 0 end, '本月开展网络安全自查，未发现异常'
    from bench_schools s cross join generate_series(1, 12) m
    where not (s.i % 20 = 7 and m = 1) and not (s.i % 20 = 13 and m = 2)`);
  // Two cards a school over the year: most closed; one red card in ten still open past its deadline.
  await client.query(`insert into netsec_cards (district_id, created_by, created_by_name, school_id, school_path, color, issued_on, issuer_unit_name, reason, fix_by, state, answer, closed_by, closed_by_name, closed_at)
    select ${by}, s.id, s.path, case when (s.i + k) % 3 = 0 then 'red' else 'yellow' end, d.issued, '基准区教育局', '网站后台弱口令，存在被篡改风险', d.issued + 14,
      case when (s.i + k) % 3 = 0 and s.i % 10 = 0 and k = 1 then 'issued' else 'closed' end,
      case when (s.i + k) % 3 = 0 and s.i % 10 = 0 and k = 1 then null else '已整改并复测' end,
      case when (s.i + k) % 3 = 0 and s.i % 10 = 0 and k = 1 then null else ${adminId} end,
      case when (s.i + k) % 3 = 0 and s.i % 10 = 0 and k = 1 then null else '基准管理员' end,
      case when (s.i + k) % 3 = 0 and s.i % 10 = 0 and k = 1 then null else (d.issued + 10)::timestamptz end
    from bench_schools s cross join generate_series(1, 2) k
    cross join lateral (select '${today}'::date - (30 + (s.i * 7 + k * 131) % 300) as issued) d`);
  await client.query('drop table bench_schools');
  await client.query('analyze');
  const counts = await client.query(`select (select count(*)::int from netsec_reports where district_id = $1) as reports, (select count(*)::int from netsec_cards where district_id = $1) as cards`, [districtId]);
  return counts.rows[0] as { reports: number; cards: number };
}

// ---- the run ------------------------------------------------------------------------------------

export async function benchNetworkSecurity(): Promise<void> {
  const serverUrl = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('bench network-security: set BENCH_DATABASE_URL (a PostgreSQL server)');
  const size = { schools: num('BENCH_NETSEC_SCHOOLS', 1000), requests: num('BENCH_NETSEC_REQUESTS', 200), runs: num('BENCH_NETSEC_RUNS', 7), rawSeconds: num('BENCH_RAW_SECONDS', 5) };
  const name = `anxiao_bench_netsec_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-netsec-'));
  let database: Awaited<ReturnType<typeof openPostgres>> | null = null;
  try {
    database = await openPostgres(dbUrl);
    await database.migrate();
    const today = shanghaiDate(new Date());
    const t0 = Date.now();
    const d = await loadDataset(database.db, { towns: 20, schools: size.schools, peoplePerSchool: 2 });
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const adminId = (await client.query('select id from users where username = $1', [d.accounts.admin])).rows[0].id as number;
    const counts = await addNetworkSecurity(client, d.districtId, adminId, today);
    const loadMs = Date.now() - t0;

    const { app, base, cookie } = await startInProcess('network-security', database, { dataDir, databaseUrl: dbUrl, username: d.accounts.admin });
    const get = async (p: string) => {
      const res = await fetch(`${base}${p}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`bench network-security: ${p} answered ${res.status} ${Buffer.from(body).toString()}`);
    };

    // The rollup holds the board's findings (a read refreshes it when stale; here once up front).
    await refreshRollup(database.db, d.districtId, today, { force: true });

    const results: Array<{ scenario: string; n: number; p50: number; p95: number; rawMs: number | null }> = [];
    const apiScenario = async (key: string, label: string, p: string) => {
      for (let k = 0; k < 10; k++) await get(p);
      const { statements } = await capturing(() => get(p));
      const times: number[] = [];
      for (let k = 0; k < size.requests; k++) {
        const started = performance.now();
        await get(p);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const file = path.join(dataDir, `${key}.sql`);
      writeFileSync(file, script(statements) + '\n');
      results.push({ scenario: label, n: times.length, p50: pct(times, 50), p95: pct(times, 95), rawMs: await pgbenchAvg(file, dbUrl, size.rawSeconds) });
    };
    await apiScenario('cards', '局红黄牌列表（第1页，20条）', '/api/v1/netsec-cards?page=1&pageSize=20');
    await apiScenario('cards-overdue', '局红黄牌列表，筛选逾期红牌', '/api/v1/netsec-cards?page=1&pageSize=20&color=red&overdue=true');

    // The monthly-report rule for every school, in this process with the app's own code.
    const db = database.db;
    const { judged } = await judgedRules(db, d.districtId);
    const rule = judged.filter((r) => r.code === RULE);
    if (rule.length !== 1) throw new Error(`bench network-security: rule ${RULE} not in the pack`);
    const schools = (await db.select().from(units).where(and(eq(units.districtId, d.districtId), eq(units.kind, 'school'), eq(units.status, 'active')))).map(schoolFactsOf);
    const { calendars, keyPeriods } = await periodInputs(db, d.districtId);
    const scope: ReadScope = { db, districtId: d.districtId, asOf: today, training: { windows: [], newInPost: null }, dutyPeriods: [], schools: (x) => eq(x.districtId, d.districtId) };
    const read = async () => {
      const out: EngineRecords = { records: {}, staff: [] };
      await readNetworkSecurity(scope, out, 400);
      return out;
    };
    const { statements: readerSql } = await capturing(read);
    const readMs: number[] = [];
    const engineMs: number[] = [];
    let missed = 0;
    for (let k = 0; k < size.runs; k++) {
      let t = performance.now();
      const out = await read();
      readMs.push(performance.now() - t);
      t = performance.now();
      const findings = evaluate({ rules: rule, units: schools, staff: [], records: out.records, calendars, keyPeriods, asOf: today });
      engineMs.push(performance.now() - t);
      missed = findings.filter((f) => f.status === 'missed').length;
    }
    const readerFile = path.join(dataDir, 'reader.sql');
    writeFileSync(readerFile, script(readerSql) + '\n');
    const readerRaw = await pgbenchAvg(readerFile, dbUrl, size.rawSeconds);

    await apiScenario('board', '达标看板按规则筛选（网络安全月报告，100条）', `/api/v1/compliance?ruleCode=${RULE}&pageSize=100`);
    await app.close();
    await client.end();

    console.log(`network-security: ${size.schools} schools, ${counts.reports} monthly reports, ${counts.cards} cards (dataset ${loadMs} ms) on PostgreSQL, ${today}`);
    console.log('| scenario | requests | API p50 ms | API p95 ms | raw SQL avg ms (pgbench -M prepared, 1 conn) | API p50 / raw |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.scenario} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.rawMs ?? '—'} | ${r.rawMs ? (r.p50 / r.rawMs).toFixed(1) : '—'} |`);
    console.log(
      `monthly-report rule (${RULE}), every school, in process, median of ${size.runs}: reading ${median(readMs).toFixed(1)} ms (raw reader SQL ${readerRaw ?? '—'} ms, ratio ${readerRaw ? (median(readMs) / readerRaw).toFixed(1) : '—'}), engine ${median(engineMs).toFixed(1)} ms; ${missed} of ${schools.length} schools missed`,
    );
  } finally {
    await database?.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
