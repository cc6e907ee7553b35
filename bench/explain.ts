// A helper for reading the figures of npm run bench: loads the same data set into a fresh database
// and prints EXPLAIN (ANALYZE, BUFFERS) and the mean time of each statement of the SQL scripts that
// a bench run wrote (bench/results/<stamp>-sql/<backend>-<scenario>.sql). At the end a table of
// every statement's planning and execution time (EXPLAIN ANALYZE, second run: warm) and its mean
// time one at a time sent unprepared (planned every call) and, on PostgreSQL, as a named prepared
// statement on one connection (planned once: what db/prepared.ts gives the app, issue 19).
//
//   node --import tsx bench/explain.ts postgres bench/results/<stamp>-sql/postgres-users.district.q.sql …
//   node --import tsx bench/explain.ts pglite  bench/results/<stamp>-sql/pglite-*.sql
//
// EXPLAIN_PRELUDE='create index …; analyze' runs SQL after the load, to try a fix; EXPLAIN_LOOPS
// (default 50) sets how often each statement is timed; EXPLAIN_HAZARDS=N adds the hazard register
// of bench/hazard-dataset.ts (N hazards) for the scripts of the hazard scenarios. BENCH_DATABASE_URL:
// a PostgreSQL server to use (a database of its own in it) instead of a throwaway one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../src/server/db/client.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { FULL_SIZE, loadDataset } from './dataset.js';
import { generateHazards } from './hazard-dataset.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [backend, ...files] = process.argv.slice(2);
if ((backend !== 'pglite' && backend !== 'postgres') || !files.length) {
  console.error('usage: bench/explain.ts pglite|postgres script.sql …');
  process.exit(2);
}
const loops = Number(process.env.EXPLAIN_LOOPS ?? 50);

async function main() {
  let database: Database;
  let pgUrl: string | null = null;
  let cleanup = () => {};
  if (backend === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-explain-'));
    cleanup = () => rmSync(dir, { recursive: true, force: true });
    database = await openPglite(path.join(dir, 'pglite'));
  } else if (process.env.BENCH_DATABASE_URL) {
    // A server already running (the shared one): a database of its own, dropped at the end.
    const admin = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
    await admin.connect();
    const name = `anxiao_explain_${process.pid}`;
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.BENCH_DATABASE_URL);
    url.pathname = `/${name}`;
    pgUrl = url.toString();
    database = await openPostgres(pgUrl);
    cleanup = () => {
      const c = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
      void c.connect().then(() => c.query(`drop database if exists ${name} with (force)`)).finally(() => c.end());
    };
  } else {
    const pgEnv = { ...process.env, ANXIAO_PG_STATE: path.join(os.tmpdir(), `anxiao-explain-pg.${process.pid}`) };
    const started = spawnSync('bash', [path.join(root, 'scripts/pg-temp.sh'), 'start'], { env: pgEnv, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(started.stderr);
    cleanup = () => void spawnSync('bash', [path.join(root, 'scripts/pg-temp.sh'), 'stop'], { env: pgEnv });
    pgUrl = started.stdout.trim().split('\n').pop()!;
    database = await openPostgres(pgUrl);
  }
  try {
    await database.migrate();
    const d = await loadDataset(database.db, FULL_SIZE);
    if (process.env.EXPLAIN_HAZARDS) {
      const r = (await database.db.execute(sql`select id from users where username = ${d.accounts.admin}`)) as unknown as { rows: Array<{ id: number }> };
      const h = await generateHazards(database.db, { districtId: d.districtId, adminId: r.rows[0].id, total: Number(process.env.EXPLAIN_HAZARDS), today: shanghaiDate(new Date()) });
      console.log(`${h.hazards} hazards in ${(h.loadMs / 1000).toFixed(1)} s`);
    }
    if (process.env.EXPLAIN_PRELUDE) {
      for (const stmt of process.env.EXPLAIN_PRELUDE.split(';').map((s) => s.trim()).filter(Boolean)) {
        console.log(`prelude: ${stmt}`);
        await database.db.execute(sql.raw(stmt));
      }
    }
    // One connection for the prepared timings: a named statement lives on the connection that parsed it.
    const client = pgUrl ? new pg.Client({ connectionString: pgUrl }) : null;
    await client?.connect();
    const summary: Array<{ file: string; stmt: string; planning: number | null; execution: number | null; unprepared: number; prepared: number | null }> = [];
    const timeOf = (lines: string[], label: string) => {
      const m = lines.map((l) => new RegExp(`^${label} Time: ([\\d.]+) ms`).exec(l.trim())).find(Boolean);
      return m ? Number(m[1]) : null;
    };
    for (const file of files) {
      console.log(`\n=== ${path.basename(file)}`);
      const statements = readFileSync(file, 'utf8')
        .split(';\n')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const [i, stmt] of statements.entries()) {
        console.log(`\n--- ${stmt.length > 400 ? `${stmt.slice(0, 400)}…` : stmt}`);
        const explain = async () => ((await database.db.execute(sql.raw(`explain (analyze, buffers) ${stmt}`))) as unknown as { rows: Array<Record<string, string>> }).rows.map((r) => String(Object.values(r)[0]));
        await explain(); // the first run reads the catalog and the pages: the second is the warm figure
        const plan = await explain();
        for (const line of plan) console.log(line);
        const t0 = performance.now();
        for (let n = 0; n < loops; n++) await database.db.execute(sql.raw(stmt));
        const unprepared = (performance.now() - t0) / loops;
        let preparedMs: number | null = null;
        if (client) {
          const named = { name: `explain_${summary.length}`, text: stmt };
          await client.query(named);
          const t1 = performance.now();
          for (let n = 0; n < loops; n++) await client.query(named);
          preparedMs = (performance.now() - t1) / loops;
        }
        console.log(`mean over ${loops} runs, one at a time: ${unprepared.toFixed(2)} ms unprepared${preparedMs === null ? '' : `, ${preparedMs.toFixed(2)} ms prepared`}`);
        summary.push({ file: `${path.basename(file)} #${i + 1}`, stmt: stmt.replace(/\s+/g, ' ').slice(0, 60), planning: timeOf(plan, 'Planning'), execution: timeOf(plan, 'Execution'), unprepared, prepared: preparedMs });
      }
    }
    await client?.end();
    const ms = (v: number | null) => (v === null ? '–' : v.toFixed(2));
    console.log(`\n| statement | starts | planning ms | execution ms | mean unprepared ms | mean prepared ms |\n|---|---|---:|---:|---:|---:|`);
    for (const r of summary) console.log(`| ${r.file} | \`${r.stmt.replace(/\|/g, '\\|')}…\` | ${ms(r.planning)} | ${ms(r.execution)} | ${ms(r.unprepared)} | ${ms(r.prepared)} |`);
  } finally {
    await database.close();
    cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
