// `npm run bench -- incidents` (issue 13): 1,000 schools and 20,000 incidents over two years with
// their reports, added by SQL on PostgreSQL; the bureau's incident list (first page, and filtered by
// 迟报) requested one at a time through the HTTP API, p50/p95 from every response, beside the same
// SQL the list sends, run raw by pgbench -M prepared with one connection. Target: p95 < 100 ms.
//
// Environment: BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server; a database of its own
// is created and dropped), BENCH_INCIDENTS (20000), BENCH_INCIDENT_SCHOOLS (1000),
// BENCH_INCIDENT_REQUESTS (300 per scenario), BENCH_RAW_SECONDS (5), PGBENCH.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../src/server/db/client.js';
import { loadDataset } from './dataset.js';
import { startInProcess } from './in-process.js';
import { pct, pgbenchBinary } from './raw.js';

const run = promisify(execFile);
const env = process.env;
const num = (k: string, d: number) => (env[k] ? Number(env[k]) : d);



/** Incidents, their reports and the clock columns by SQL: a third late, a tenth entered above (some missing). */
async function addIncidents(client: pg.Client, districtId: number, n: number) {
  await client.query(
    `insert into incidents (district_id, code, unit_id, unit_path, headline, occurred_at, known_at, place, category, subtype, severity, dead, injured, missing_persons,
       actions_taken, source, entered_by_id, entered_by_unit_id, status, first_due_at, written_due_at, first_reported_at, written_reported_at, fixed_flags, closed_at)
     select $1, 'SJ-B-' || lpad(g::text, 6, '0'), s.id, s.path, '基准事件' || g, t.occurred, t.occurred + interval '10 minutes', '校内', 'accident_disaster', 'other',
       case when g % 50 = 0 then 'larger' else 'general' end, 0, 1 + g % 3, 0, '已处置',
       case when g % 10 = 0 then 'higher' else 'self' end, u.id, s.id, case when g % 7 = 0 then 'open' else 'closed' end,
       t.occurred + interval '130 minutes', t.occurred + interval '1450 minutes',
       case when g % 10 = 0 and g % 20 = 0 then null else t.occurred + (case when g % 3 = 0 then interval '150 minutes' else interval '40 minutes' end) end,
       t.occurred + interval '8 hours',
       case when g % 97 = 0 then array['concealed']::text[] else '{}'::text[] end,
       case when g % 7 = 0 then null else t.occurred + interval '3 days' end
     from generate_series(1, $2::int) g
     cross join lateral (select now() - (g % 730) * interval '1 day' - (g % 600) * interval '1 minute' as occurred) t
     join lateral (select id, path from units where district_id = $1 and kind = 'school' order by id offset (g % (select count(*) from units where district_id = $1 and kind = 'school')) limit 1) s on true
     cross join lateral (select id from users where district_id = $1 order by id limit 1) u`,
    [districtId, n],
  );
  // A first report for every incident its unit reported, a written one, and a final one for the closed.
  for (const [kind, at] of [
    ['first', 'first_reported_at'],
    ['written', 'written_reported_at'],
    ['final', 'closed_at'],
  ] as const) {
    await client.query(
      `insert into incident_reports (district_id, incident_id, kind, channel, by_own_unit, reported_at, content, severity, dead, injured, missing_persons, actor_id, actor_name, actor_unit_id, actor_unit_name)
       select i.district_id, i.id, $2, 'system', true, i.${at}, '基准报告', i.severity, i.dead, i.injured, i.missing_persons, i.entered_by_id, '基准安全员', i.unit_id, '基准学校'
       from incidents i where i.district_id = $1 and i.${at} is not null and ($2 <> 'written' or i.first_reported_at is not null)`,
      [districtId, kind],
    );
  }
  // As autovacuum leaves a table after a load: statistics and the visibility map (index-only scans).
  await client.query('vacuum analyze incidents');
  await client.query('analyze');
}

export async function benchIncidents(): Promise<void> {
  const serverUrl = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('bench incidents: set BENCH_DATABASE_URL (a PostgreSQL server)');
  const size = { incidents: num('BENCH_INCIDENTS', 20_000), schools: num('BENCH_INCIDENT_SCHOOLS', 1000), requests: num('BENCH_INCIDENT_REQUESTS', 300), rawSeconds: num('BENCH_RAW_SECONDS', 5) };
  const name = `anxiao_bench_incidents_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-incidents-'));
  let database: Awaited<ReturnType<typeof openPostgres>> | null = null;
  try {
    database = await openPostgres(dbUrl);
    await database.migrate();
    const t0 = Date.now();
    const d = await loadDataset(database.db, { towns: 20, schools: size.schools, peoplePerSchool: 2 });
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await addIncidents(client, d.districtId, size.incidents);
    const loadMs = Date.now() - t0;

    const { app, base, cookie } = await startInProcess('incidents', database, { dataDir, databaseUrl: dbUrl, username: d.accounts.admin });

    const scenarios = [
      { key: 'list', label: '局突发事件列表（第1页，20条）', path: '/api/v1/incidents?page=1&pageSize=20', rawWhere: `i.district_id = ${d.districtId}` },
      {
        key: 'late',
        label: '局突发事件列表，筛选迟报',
        path: '/api/v1/incidents?page=1&pageSize=20&flag=late',
        rawWhere: `i.district_id = ${d.districtId} and (i.source = 'self' and (i.first_reported_at > i.first_due_at or i.written_reported_at > i.written_due_at or (i.written_reported_at is null and i.written_due_at < now())))`,
      },
    ];
    const results = [];
    for (const s of scenarios) {
      const times: number[] = [];
      for (let k = 0; k < 20; k++) await fetch(`${base}${s.path}`, { headers: { cookie } }).then((r) => r.arrayBuffer());
      for (let k = 0; k < size.requests; k++) {
        const started = performance.now();
        const res = await fetch(`${base}${s.path}`, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`bench incidents: ${s.path} answered ${res.status}`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      // The statements the list sends: the page, the count, the units' names, the reports and determinations of the page, the rule pack's deadlines.
      const script = path.join(dataDir, `${s.key}.sql`);
      writeFileSync(
        script,
        [
          `select * from incidents i where ${s.rawWhere} order by i.occurred_at desc, i.id desc limit 20 offset 0;`,
          `select count(*) from incidents i where ${s.rawWhere};`,
          `select r.* from incident_reports r where r.incident_id in (select i.id from incidents i where ${s.rawWhere} order by i.occurred_at desc, i.id desc limit 20) order by r.reported_at, r.id;`,
          `select d.* from incident_determinations d where d.incident_id in (select i.id from incidents i where ${s.rawWhere} order by i.occurred_at desc, i.id desc limit 20) order by d.id;`,
          `select u.id, u.name from units u where u.id in (select i.unit_id from incidents i where ${s.rawWhere} order by i.occurred_at desc, i.id desc limit 20);`,
          `select v.incident_deadlines from rule_packs p join rule_pack_versions v on v.pack_id = p.id and v.number = p.current_version where p.district_id = ${d.districtId};`,
          '',
        ].join('\n'),
      );
      const { stdout } = await run(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', '1', '-j', '1', '-T', String(size.rawSeconds), '-f', script, dbUrl], { env: { ...process.env, PGCLIENTENCODING: 'UTF8' } });
      const raw = /latency average = ([\d.]+) ms/.exec(stdout);
      results.push({ scenario: s.label, requests: times.length, p50: +pct(times, 50).toFixed(1), p95: +pct(times, 95).toFixed(1), max: +times.at(-1)!.toFixed(1), rawAvgMs: raw ? Number(raw[1]) : null });
    }
    await app.close();
    await client.end();
    console.log(`incidents: ${size.schools} schools, ${size.incidents} incidents (dataset ${loadMs} ms), one request at a time on PostgreSQL`);
    console.log('| scenario | requests | API p50 ms | API p95 ms | API max ms | raw SQL avg ms (pgbench -M prepared, 1 conn) |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.scenario} | ${r.requests} | ${r.p50} | ${r.p95} | ${r.max} | ${r.rawAvgMs ?? '—'} |`);
    const over = results.filter((r) => r.p95 >= 100);
    if (over.length) console.log(`p95 over 100 ms: ${over.map((r) => r.scenario).join(', ')}`);
  } finally {
    await database?.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
