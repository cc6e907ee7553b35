// A helper for reading the figures of npm run bench: loads the same data set into a fresh database
// and prints EXPLAIN (ANALYZE, BUFFERS) and the mean time of each statement of the SQL scripts that
// a bench run wrote (bench/results/<stamp>-sql/<backend>-<scenario>.sql).
//
//   node --import tsx bench/explain.ts postgres bench/results/<stamp>-sql/postgres-users.district.q.sql …
//   node --import tsx bench/explain.ts pglite  bench/results/<stamp>-sql/pglite-*.sql
//
// EXPLAIN_PRELUDE='create index …; analyze' runs SQL after the load, to try a fix; EXPLAIN_LOOPS
// (default 50) sets how often each statement is timed; EXPLAIN_HAZARDS=N adds the hazard register
// of bench/hazard-dataset.ts (N hazards) for the scripts of the hazard scenarios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
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
  let cleanup = () => {};
  if (backend === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-explain-'));
    cleanup = () => rmSync(dir, { recursive: true, force: true });
    database = await openPglite(path.join(dir, 'pglite'));
  } else {
    const pgEnv = { ...process.env, ANXIAO_PG_STATE: path.join(os.tmpdir(), `anxiao-explain-pg.${process.pid}`) };
    const started = spawnSync('bash', [path.join(root, 'scripts/pg-temp.sh'), 'start'], { env: pgEnv, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(started.stderr);
    cleanup = () => void spawnSync('bash', [path.join(root, 'scripts/pg-temp.sh'), 'stop'], { env: pgEnv });
    database = await openPostgres(started.stdout.trim().split('\n').pop()!);
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
    for (const file of files) {
      console.log(`\n=== ${path.basename(file)}`);
      const statements = readFileSync(file, 'utf8')
        .split(';\n')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const stmt of statements) {
        console.log(`\n--- ${stmt.length > 400 ? `${stmt.slice(0, 400)}…` : stmt}`);
        const plan = (await database.db.execute(sql.raw(`explain (analyze, buffers) ${stmt}`))) as unknown as { rows: Array<Record<string, string>> };
        for (const r of plan.rows) console.log(Object.values(r)[0]);
        const t0 = performance.now();
        for (let i = 0; i < loops; i++) await database.db.execute(sql.raw(stmt));
        console.log(`mean over ${loops} runs, one at a time: ${((performance.now() - t0) / loops).toFixed(2)} ms`);
      }
    }
  } finally {
    await database.close();
    cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
