// Issue 15's benchmark: the 1,000 schools of bench/dataset.ts with a school year of the older ledgers
// (bench/ledger-dataset.ts) and of issue 15's (bench/school-life.ts: food, gate, health checks,
// education; bench/ledgers-b.ts: equipment, chemicals; and here the staff entry checks with the
// outsourced guards, cleaners and drivers), then "every rule for every school" as the scheduler runs
// it (refreshRollup, force), split into each reader and the engine, and the engine rule by rule.
// The compliance suite of bench/run.ts loads the same data (it calls generateStaffChecks after the
// others) and measures the board pages through the server.
//
//   node --import tsx bench/ledgers.ts               PGlite in a temporary directory
//   BENCH_PG_URL=postgres://… node --import tsx bench/ledgers.ts
//                                                    PostgreSQL: a database of its own, dropped after
// BENCH_LEDGERS_KEEP=1 keeps the PostgreSQL database (its URL is printed) and BENCH_LEDGERS_DB=<url>
// measures an existing one without loading; BENCH_LEDGER_STAFF (80) and BENCH_SCHOOL_LIFE_DAYS (365)
// size the data like the compliance suite; BENCH_RUNS (3); BENCH_LEDGERS_PER_RULE=1 times the engine
// rule by rule as well. Run it under `node --cpu-prof` to see where the engine spends its time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../src/domain/dates.js';
import { evaluate } from '../src/domain/rules/engine.js';
import type { Db } from '../src/server/db/client.js';

/**
 * The entry checks (准入查询, 001 item 11) of every staff member of the bench district, and its
 * outsourced staff: two guards and a cleaner per school, a driver where the school runs buses.
 * Deterministic; i % 25 = 6 has a guard whose check is pending, i % 40 = 11 a cleaner never checked.
 */
export async function generateStaffChecks(db: Db, opts: { districtId: number; adminId: number; today: string }) {
  const started = Date.now();
  const { districtId: D, adminId: A, today: T } = opts;
  let outsourced = 0;
  await db.transaction(async (tx) => {
    const exec = (q: string) => tx.execute(sql.raw(q));
    await exec(`update staff_members set entry_check_on = (created_at at time zone 'Asia/Shanghai')::date - (7 + id % 14), entry_check_result = 'clear' where district_id = ${D}`);
    await exec(`create temporary table bench_sc_schools on commit drop as
      select id, path, school_bus, (row_number() over (order by id) - 1)::int as i from units where district_id = ${D} and kind = 'school' and status = 'active'`);
    const r = (await exec(`insert into staff_members (district_id, school_id, school_path, name, posts, outsourced_kind, employer, entry_check_on, entry_check_result, created_by, created_by_name)
      select ${D}, s.id, s.path, '外包人员' || s.i || '-' || k.n, k.posts::jsonb, k.kind, k.employer,
             case when (k.n = 3 and s.i % 40 = 11) then null else date '${T}' - 200 - s.i % 100 end,
             case when (k.n = 3 and s.i % 40 = 11) then null when (k.n = 2 and s.i % 25 = 6) then 'pending' else 'clear' end,
             ${A}, '基准数据'
      from bench_sc_schools s
      cross join (values (1, 'guard', '基准保安服务公司', '[{"post":"guard","since":null}]'), (2, 'guard', '基准保安服务公司', '[{"post":"guard","since":null}]'),
                         (3, 'cleaner', '基准物业公司', '[]'), (4, 'driver', '基准校车公司', '[]')) as k(n, kind, employer, posts)
      where k.n < 4 or s.school_bus`)) as unknown as { rowCount?: number; affectedRows?: number };
    outsourced = r.rowCount ?? r.affectedRows ?? 0;
  });
  return { counts: { outsourced_staff: outsourced }, total: outsourced, loadMs: Date.now() - started };
}

async function standalone() {
  const { openPglite, openPostgres } = await import('../src/server/db/client.js');
  const { setAuditKey } = await import('../src/server/audit/key.js');
  const { loadDataset, FULL_SIZE } = await import('./dataset.js');
  const { generateLedgers } = await import('./ledger-dataset.js');
  const { generateSchoolLife } = await import('./school-life.js');
  const { generateLedgersB } = await import('./ledgers-b.js');
  const { refreshRollup, judgedRules, EVALUATION_BATCH } = await import('../src/server/compliance/rollup.service.js');
  const { ledgerReaders, readDemand, readStaff, STAFF_LEDGERS } = await import('../src/server/compliance/ledger-readers.js');
  const { periodInputs } = await import('../src/server/rules/calendars.service.js');
  const { ledgerOf } = await import('../src/server/rules/rules.service.js');
  const { schoolFactsOf } = await import('../src/server/units/school-facts.js');
  const { units } = await import('../src/server/db/schema.js');
  setAuditKey(Buffer.alloc(32, 7));
  const env = process.env;
  const today = shanghaiDate(new Date());
  const runs = Number(env.BENCH_RUNS ?? 3);
  const log = (m: string) => console.log(`[ledgers ${new Date().toISOString().slice(11, 19)}] ${m}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'anxiao-bench-ledgers-'));
  const backend = env.BENCH_PG_URL || env.BENCH_LEDGERS_DB ? 'postgres' : 'pglite';
  const dbName = `bench_ledgers_${process.pid}`;
  let pgUrl: string | null = env.BENCH_LEDGERS_DB ?? null;
  if (!pgUrl && env.BENCH_PG_URL) {
    const admin = await openPostgres(env.BENCH_PG_URL);
    await admin.db.execute(sql.raw(`create database ${dbName}`));
    await admin.close();
    pgUrl = env.BENCH_PG_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const database = pgUrl ? await openPostgres(pgUrl) : await openPglite(path.join(dir, 'pglite'));
  const db = database.db;
  const one = async <T>(q: string) => ((await db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows[0];
  try {
    let districtId: number;
    if (!env.BENCH_LEDGERS_DB) {
      await database.migrate();
      const d = await loadDataset(db, FULL_SIZE);
      districtId = d.districtId;
      const { id: adminId } = await one<{ id: number }>(`select id from users where username = '${d.accounts.admin}'`);
      const l = await generateLedgers(db, { districtId, bureauId: d.bureauId, adminId, today, staffPerSchool: Number(env.BENCH_LEDGER_STAFF ?? 80) });
      log(`${backend}: older ledgers ${l.total.toLocaleString('en')} records in ${(l.loadMs / 1000).toFixed(1)} s`);
      const parts = [
        await generateSchoolLife(db, { districtId, adminId, today, days: Number(env.BENCH_SCHOOL_LIFE_DAYS ?? 365) }),
        await generateLedgersB(db, { districtId, adminId, today }),
        await generateStaffChecks(db, { districtId, adminId, today }),
      ];
      await database.analyze();
      const counts = Object.assign({}, ...parts.map((p) => p.counts));
      log(`${backend}: issue 15's ledgers ${parts.reduce((a, p) => a + p.total, 0).toLocaleString('en')} records (${JSON.stringify(counts)}) in ${(parts.reduce((a, p) => a + p.loadMs, 0) / 1000).toFixed(1)} s`);
    } else {
      await database.migrate(); // a database kept by an earlier commit may lack later migrations
      ({ id: districtId } = await one<{ id: number }>(`select district_id as id from units where kind = 'school' group by district_id order by count(*) desc limit 1`));
    }
    const D = districtId;
    // Each run evaluates another day than the findings kept (yesterday, then today, in turn), so it
    // writes what a day changes, as the first evaluation of a school day does; a last refresh of the
    // same day again writes nothing that did not change.
    const yesterday = addDays(today, -1);
    for (let r = 1; r <= runs; r++) {
      let t = performance.now();
      const day = r % 2 ? yesterday : today;
      const full = await refreshRollup(db, D, day, { force: true });
      const refreshMs = performance.now() - t;
      // The same work split by reader and engine, batch by batch as evaluateSchools does it.
      const t0 = performance.now();
      const { judged } = await judgedRules(db, D);
      const schools = await db.select().from(units).where(and(eq(units.districtId, D), eq(units.kind, 'school'), eq(units.status, 'active'))).orderBy(units.id);
      const { calendars, keyPeriods } = await periodInputs(db, D);
      const demand = readDemand(judged, today, { calendars, keyPeriods });
      const ledgers = [...new Set(judged.map(ledgerOf))].filter((l) => ledgerReaders[l]);
      const readerMs = new Map<string, number>();
      const add = (k: string, ms: number) => readerMs.set(k, (readerMs.get(k) ?? 0) + ms);
      let engineMs = 0;
      let findings = 0;
      const perRule = new Map<string, number>();
      for (let b = 0; b < schools.length; b += EVALUATION_BATCH) {
        const batch = schools.slice(b, b + EVALUATION_BATCH);
        const ids = batch.map((x) => x.id);
        const scope = { db, districtId: D, asOf: today, ...demand, schools: (x: { districtId: unknown; schoolId: unknown }) => and(eq(x.districtId as typeof units.districtId, D), inArray(x.schoolId as typeof units.id, ids)) };
        const out: Parameters<NonNullable<(typeof ledgerReaders)[keyof typeof ledgerReaders]>>[1] = { records: {}, staff: [] };
        for (const l of ledgers) {
          t = performance.now();
          await ledgerReaders[l]!(scope as never, out);
          add(l, performance.now() - t);
        }
        if (ledgers.some((l) => STAFF_LEDGERS.has(l))) {
          t = performance.now();
          out.staff = await readStaff(scope as never);
          add('staff', performance.now() - t);
        }
        const input = { units: batch.map(schoolFactsOf), staff: out.staff, records: out.records, calendars, keyPeriods, asOf: today };
        t = performance.now();
        findings += evaluate({ ...input, rules: judged }).length;
        engineMs += performance.now() - t;
        // The engine rule by rule, with BENCH_LEDGERS_PER_RULE=1 (each call builds every index again,
        // which is most of a call: the figures show that fixed cost more than the rule's own).
        if (env.BENCH_LEDGERS_PER_RULE === '1') {
          for (const rule of judged) {
            const s = performance.now();
            evaluate({ ...input, rules: [rule] });
            perRule.set(rule.code, (perRule.get(rule.code) ?? 0) + performance.now() - s);
          }
        }
      }
      const readMs = performance.now() - t0 - engineMs - [...perRule.values()].reduce((a, x) => a + x, 0);
      const readers = [...readerMs].map(([k, ms]) => `${k} ${ms.toFixed(0)}`);
      const slowest = [...perRule].map(([code, ms]) => ({ code, ms })).sort((a, b) => b.ms - a.ms);
      log(
        `${backend} run ${r}/${runs}: refreshRollup(force) as of ${day} ${(refreshMs / 1000).toFixed(2)} s (${full.evaluatedSchools} schools × ${full.judged.length} rules, ${full.changedFindings} findings changed); ` +
          `read ${(readMs / 1000).toFixed(2)} s, engine ${(engineMs / 1000).toFixed(2)} s (${findings} findings, batches of ${EVALUATION_BATCH})`,
      );
      log(`  readers ms: ${readers.join(', ')}`);
      if (slowest.length) log(`  engine per rule ms (slowest 12): ${slowest.slice(0, 12).map((x) => `${x.code} ${x.ms.toFixed(0)}`).join(', ')}`);
    }
    const last = runs % 2 ? yesterday : today;
    const t = performance.now();
    const again = await refreshRollup(db, D, last, { force: true });
    log(`${backend} the same day again: refreshRollup(force) as of ${last} ${((performance.now() - t) / 1000).toFixed(2)} s (${again.changedFindings} findings changed)`);
    if (env.BENCH_LEDGERS_KEEP === '1' && pgUrl) log(`kept: ${pgUrl}`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    if (env.BENCH_PG_URL && !env.BENCH_LEDGERS_DB && env.BENCH_LEDGERS_KEEP !== '1') {
      const admin = await openPostgres(env.BENCH_PG_URL);
      await admin.db.execute(sql.raw(`drop database if exists ${dbName}`));
      await admin.close();
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.dirname, 'ledgers.ts')) {
  await standalone();
}
