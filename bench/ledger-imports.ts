// `npm run bench -- ledger-imports` (issue 15, the ledgers' Excel import): 1,000 schools with a
// chemical each, then the largest files the import takes (IMPORT_MAX_ROWS rows) of two of the new
// ledgers through POST /api/v1/imports, from upload to the job's 'done': the chemical movements
// (a purchase and issues per chemical, every one replayed through the balance rule with the recorded
// ones) and the gate log (visitors). Beside each, the same rows inserted raw by one INSERT … SELECT
// (pgbench -M prepared, one transaction, on PostgreSQL; the same statement timed in process on
// PGlite, which has no pgbench). PGlite and PostgreSQL side by side.
//
// Environment: BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server; a database of its own
// is created and dropped), BENCH_IMPORT_ROWS (IMPORT_MAX_ROWS), BENCH_IMPORT_SCHOOLS (1000),
// BENCH_BACKENDS (pglite,postgres), PGBENCH.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { chemicalMovementImportColumns, gateImportColumns, IMPORT_MAX_ROWS, type ImportJob } from '../src/contracts/imports.js';
import { addDays, shanghaiDate } from '../src/domain/dates.js';
import { openPglite, openPostgres, type Database } from '../src/server/db/client.js';
import { multipart, xlsx } from '../src/server/imports/testing.js';
import { loadDataset } from './dataset.js';
import { startInProcess } from './in-process.js';
import { pgbenchBinary } from './raw.js';

const run = promisify(execFile);
const env = process.env;
const num = (k: string, d: number) => (env[k] ? Number(env[k]) : d);


interface Row {
  backend: string;
  scenario: string;
  rows: number;
  apiMs: number;
  rawMs: number | null;
}

/** The rows of each file, and the raw statement that inserts the same rows. */
function scenarios(districtId: number, schools: Array<{ id: number; name: string; path: string }>, rows: number, userId: number) {
  const today = shanghaiDate(new Date());
  const perSchool = Math.max(1, Math.floor(rows / schools.length));
  const movements: Array<Record<string, unknown>> = [];
  for (let i = 0; movements.length < rows; i++) {
    const s = schools[i % schools.length];
    const k = Math.floor(i / schools.length);
    // A purchase first, then issues of 1 each: the balance never goes below zero.
    movements.push(
      k === 0
        ? { 学校: s.name, 药品室: '化学药品室', 药品名称: '基准乙醇', 类型: '采购入库', 日期: addDays(today, -200), 数量: perSchool + 10, 经办人: '基准老师', 审批人: '基准校长', 供应单位: '基准试剂公司' }
        : { 学校: s.name, 药品室: '化学药品室', 药品名称: '基准乙醇', 类型: '领用', 日期: addDays(today, -200 + (k % 190)), 数量: 1, 经办人: '基准老师', 领用人: '基准教师', 使用班级: '初二（1）班' },
    );
  }
  const gate: Array<Record<string, unknown>> = [];
  for (let i = 0; gate.length < rows; i++) {
    const s = schools[i % schools.length];
    const day = addDays(today, -1 - (i % 180));
    gate.push({ 学校: s.name, 登记类型: '来访人员', 值班门卫: '基准门卫', 来访人: `访客${i}`, 已核验证件: '是', 事由: '送教材', 被访人: '教务处', 带领教职工: '基准老师', 是否准入: '是', 到达时间: `${day} 09:30`, 离开时间: `${day} 10:00` });
  }
  const n = schools.length;
  return [
    {
      key: 'chemical_movements',
      label: `危化品出入库 ${rows} 行（按结存规则重算）`,
      columns: chemicalMovementImportColumns,
      rows: movements,
      raw: `insert into chemical_movements (district_id, school_id, school_path, chemical_id, kind, occurred_on, quantity, handled_by, recipient, class_name, created_by, created_by_name)
            select c.district_id, c.school_id, c.school_path, c.id, 'issue', current_date - 100, 1, '基准老师', '基准教师', '初二（1）班', ${userId}, '基准'
            from generate_series(1, ${rows}) g
            join (select *, row_number() over (order by id) - 1 as k from chemicals where district_id = ${districtId}) c on c.k = g % ${n}`,
    },
    {
      key: 'gate',
      label: `门卫来访 ${rows} 行`,
      columns: gateImportColumns,
      rows: gate,
      raw: `insert into gate_records (district_id, school_id, school_path, kind, recorded_on, guard_name, visitor_name, id_checked, purpose, host_name, escort_name, admitted, arrived_at, left_at, created_by, created_by_name)
            select u.district_id, u.id, u.path, 'visitor', current_date - 1, '基准门卫', '访客' || g, true, '送教材', '教务处', '基准老师', true, now() - interval '1 day', now() - interval '23 hours', ${userId}, '基准'
            from generate_series(1, ${rows}) g
            join (select *, row_number() over (order by id) - 1 as k from units where district_id = ${districtId} and kind = 'school') u on u.k = g % ${n}`,
    },
  ];
}

async function measure(backend: 'pglite' | 'postgres', database: Database, dbUrl: string | null, dataDir: string, size: { rows: number; schools: number }): Promise<Row[]> {
  await database.migrate();
  const d = await loadDataset(database.db, { towns: 20, schools: size.schools, peoplePerSchool: 2 });
  const admin = (await database.db.execute(sql`select id from users where username = ${d.accounts.admin}`)) as unknown as { rows: Array<{ id: number }> };
  const userId = Number((admin.rows ?? (admin as unknown as Array<{ id: number }>))[0].id);
  // One chemical per school, recorded by SQL.
  await database.db.execute(
    sql.raw(`insert into chemicals (district_id, school_id, school_path, store, name, unit, storage_place, keeper_a, keeper_b, created_by, created_by_name)
             select district_id, id, path, '化学药品室', '基准乙醇', 'mL', '专柜', '甲老师', '乙老师', ${userId}, '基准' from units where district_id = ${d.districtId} and kind = 'school'`),
  );
  const found = (await database.db.execute(sql.raw(`select id, name, path from units where district_id = ${d.districtId} and kind = 'school' order by id`))) as unknown as { rows: Array<{ id: number; name: string; path: string }> };
  const schools = found.rows ?? (found as unknown as Array<{ id: number; name: string; path: string }>);

  const { app, base, cookie, csrf } = await startInProcess('ledger-imports', database, { dataDir, databaseUrl: dbUrl ?? undefined, username: d.accounts.admin });

  const out: Row[] = [];
  try {
    for (const s of scenarios(d.districtId, schools, size.rows, userId)) {
      const file = await xlsx(s.columns, s.rows.map((r) => s.columns.map((c) => r[c] ?? null)));
      const { payload, headers } = multipart({ kind: s.key }, { name: `${s.key}.xlsx`, data: file });
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/imports`, { method: 'POST', headers: { ...headers, cookie, 'x-csrf-token': csrf }, body: payload });
      if (res.status !== 202) throw new Error(`bench ledger-imports: upload ${res.status} ${await res.text()}`);
      const id = ((await res.json()) as { job: ImportJob }).job.id;
      let job: ImportJob;
      for (;;) {
        // A poll may meet a kept-alive connection the busy server has just closed: asked again.
        const polled = await fetch(`${base}/api/v1/imports/${id}`, { headers: { cookie, connection: 'close' } }).catch(() => null);
        if (!polled) continue;
        job = ((await polled.json()) as { job: ImportJob }).job;
        if (job.status === 'done' || job.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const apiMs = performance.now() - started;
      if (job.status !== 'done') throw new Error(`bench ledger-imports: ${s.key} failed: ${JSON.stringify(job.errors.slice(0, 3))}`);

      let rawMs: number | null = null;
      if (backend === 'postgres' && dbUrl) {
        const script = path.join(dataDir, `${s.key}.sql`);
        writeFileSync(script, `${s.raw.replace(/\s+/g, ' ')};\n`);
        const { stdout } = await run(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', '1', '-j', '1', '-t', '1', '-f', script, dbUrl], { env: { ...process.env, PGCLIENTENCODING: 'UTF8' } });
        const m = /latency average = ([\d.]+) ms/.exec(stdout);
        rawMs = m ? Number(m[1]) : null;
      } else {
        const t0 = performance.now();
        await database.db.execute(sql.raw(s.raw));
        rawMs = performance.now() - t0;
      }
      out.push({ backend, scenario: s.label, rows: s.rows.length, apiMs: Math.round(apiMs), rawMs: rawMs === null ? null : Math.round(rawMs) });
    }
  } finally {
    await app.close();
  }
  return out;
}

export async function benchLedgerImports(): Promise<void> {
  const size = { rows: num('BENCH_IMPORT_ROWS', IMPORT_MAX_ROWS), schools: num('BENCH_IMPORT_SCHOOLS', 1000) };
  const backends = (env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim());
  const results: Row[] = [];
  if (backends.includes('pglite')) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-ledger-imports-'));
    const database = await openPglite(path.join(dataDir, 'pglite'));
    try {
      results.push(...(await measure('pglite', database, null, dataDir, size)));
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (backends.includes('postgres')) {
    const serverUrl = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('bench ledger-imports: set BENCH_DATABASE_URL (a PostgreSQL server)');
    const name = `anxiao_bench_ledger_imports_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-ledger-imports-'));
    const database = await openPostgres(url.toString());
    try {
      results.push(...(await measure('postgres', database, url.toString(), dataDir, size)));
    } finally {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(`ledger-imports: ${size.schools} schools, files of ${size.rows} rows through POST /api/v1/imports (upload to done)`);
  console.log('| backend | file | rows | API upload → done ms | raw INSERT … SELECT ms |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.backend} | ${r.scenario} | ${r.rows} | ${r.apiMs} | ${r.rawMs ?? '—'} |`);
}
