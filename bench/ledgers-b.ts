// The ledgers of issue 15 items 3 and 4 in the benchmark district: a school year of special equipment
// (canteen gas equipment everywhere, a lift at secondary schools, a monthly maintenance entry and a
// yearly inspection each) and of hazardous chemicals (eight per school with a lab: a purchase each
// term, an issue every school week, half of them returned the same day, a count at each month's
// end), written by SQL generate_series like bench/ledger-dataset.ts: deterministic, every date
// relative to today. A few schools fall short on purpose: i % 30 = 4 a lift past its inspection;
// i % 30 = 9 a chemical's last count 10 units short; i % 30 = 14 no plan on file.
//
// The compliance suite of bench/run.ts calls generateLedgersB after the other ledgers, so its rollup
// evaluation and board pages include these rules. `node --import tsx bench/ledgers-b.ts` runs it on
// its own: a district of BENCH_LB_SCHOOLS schools (default 1,000) on PGlite, and on PostgreSQL when
// BENCH_PG_URL is set (a database it may create and drop), then times the rollup of every rule for
// every school with the API's own code (refreshRollup) beside the raw reading SQL of the two
// readers run through pgbench -M prepared (PostgreSQL only).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../src/domain/dates.js';
import type { Db } from '../src/server/db/client.js';

export interface LedgersBDataset {
  counts: Record<string, number>;
  total: number;
  loadMs: number;
}

export async function generateLedgersB(db: Db, opts: { districtId: number; adminId: number; today: string }): Promise<LedgersBDataset> {
  const started = Date.now();
  const { districtId: D, adminId: A, today: T } = opts;
  const from = addDays(T, -300);
  const by = `${D}, ${A}, '基准数据'`;
  await db.transaction(async (tx) => {
    const exec = (q: string) => tx.execute(sql.raw(q));
    // Schools in id order with their index i.
    await exec(`create temporary table bench_schools on commit drop as
      select id, path, stage, (row_number() over (order by id) - 1)::int as i from units where district_id = ${D} and kind = 'school' and status = 'active'`);
    // ---- special equipment
    await exec(`insert into special_equipment (district_id, created_by, created_by_name, school_id, school_path, kind, name, location, responsible_person, maintenance_unit, safety_manager,
        registration_no, operator_name, operator_cert_no, operator_cert_expires_on, inspection_due_on, plan_file_ids)
      select ${by}, s.id, s.path, e.kind, e.name, e.loc, '分管副校长', '特种设备维保公司', '专职安全员', 'REG' || s.id || e.kind, '设备管理员', 'OP' || s.id,
        '${addDays(T, 400)}'::date,
        case when s.i % 30 = 4 and e.kind = 'lift' then '${addDays(T, -10)}'::date else '${addDays(T, 45)}'::date + (s.i % 200) end,
        case when s.i % 30 = 14 then '{}'::int[] else '{1}'::int[] end
      from bench_schools s
      cross join lateral (values ('gas_equipment', '食堂燃气设备', '食堂'), ('lift', '教学楼电梯', '教学楼')) e(kind, name, loc)
      where s.stage <> 'off_campus' and (e.kind = 'gas_equipment' or s.stage in ('junior','senior','nine_year','twelve_year','complete_secondary','vocational'))`);
    await exec(`insert into equipment_logs (district_id, created_by, created_by_name, school_id, school_path, equipment_id, kind, done_on, done_by, result)
      select ${by}, e.school_id, e.school_path, e.id, 'maintenance', '${from}'::date + m * 30, '维保公司', '例行维护保养'
      from special_equipment e cross join generate_series(0, 9) m where e.district_id = ${D}`);
    await exec(`insert into equipment_logs (district_id, created_by, created_by_name, school_id, school_path, equipment_id, kind, done_on, done_by, due_on, on_time, next_due_on)
      select ${by}, e.school_id, e.school_path, e.id, 'inspection', '${addDays(T, -200)}'::date, '特种设备检验研究院', '${addDays(T, -195)}'::date, true, e.inspection_due_on
      from special_equipment e where e.district_id = ${D}`);
    // ---- hazardous chemicals
    await exec(`insert into chemicals (district_id, created_by, created_by_name, school_id, school_path, store, name, unit, control_class, storage_place, keeper_a, keeper_b)
      select ${by}, s.id, s.path, '化学药品室', '试剂' || k, 'mL', case when k = 3 then 'precursor' when k = 5 then 'explosive' else 'none' end, '药品柜', '王磊', '李娜'
      from bench_schools s cross join generate_series(1, 8) k
      where s.stage in ('junior','senior','nine_year','twelve_year','complete_secondary','vocational')`);
    // Two purchases of 5,000, an issue of 60 every week (id order follows days), half returned (30) the same day.
    await exec(`insert into chemical_movements (district_id, created_by, created_by_name, school_id, school_path, chemical_id, kind, occurred_on, quantity, handled_by, approved_by, supplier)
      select ${by}, c.school_id, c.school_path, c.id, 'purchase', '${from}'::date + p * 150, 5000, '王磊', '副校长', '试剂站'
      from chemicals c cross join generate_series(0, 1) p where c.district_id = ${D}`);
    await exec(`insert into chemical_movements (district_id, created_by, created_by_name, school_id, school_path, chemical_id, kind, occurred_on, quantity, handled_by, recipient, class_name)
      select ${by}, c.school_id, c.school_path, c.id, 'issue', '${from}'::date + 1 + w * 7, 60, '王磊', '化学教师', '初三'
      from chemicals c cross join generate_series(0, 41) w where c.district_id = ${D} order by c.id, w`);
    await exec(`insert into chemical_movements (district_id, created_by, created_by_name, school_id, school_path, chemical_id, kind, occurred_on, quantity, handled_by, issue_id)
      select ${D}, ${A}, '基准数据', m.school_id, m.school_path, m.chemical_id, 'return', m.occurred_on, 30, '王磊', m.id
      from chemical_movements m where m.district_id = ${D} and m.kind = 'issue' and extract(dow from m.occurred_on) in (0, 1, 2, 3, 4, 5, 6) and m.id % 2 = 0`);
    // Counts at each month's end: the balance computed by SQL (the same sums the domain replays).
    await exec(`insert into chemical_movements (district_id, created_by, created_by_name, school_id, school_path, chemical_id, kind, occurred_on, quantity, handled_by)
      select ${by}, c.school_id, c.school_path, c.id, 'count', d.day,
        (select coalesce(sum(case when m.kind in ('purchase','return') then m.quantity when m.kind in ('issue','disposal') then -m.quantity else 0 end), 0)
           from chemical_movements m where m.chemical_id = c.id and m.occurred_on <= d.day)
        - case when s.i % 30 = 9 and c.name = '试剂1' and d.day = (date_trunc('month', '${T}'::date) - interval '1 day')::date then 10 else 0 end,
        '王磊'
      from chemicals c join bench_schools s on s.id = c.school_id
      cross join lateral (select (date_trunc('month', g) + interval '1 month - 1 day')::date as day from generate_series(date_trunc('month', '${from}'::date), date_trunc('month', '${T}'::date) - interval '1 month', interval '1 month') g) d
      where c.district_id = ${D}`);
  });
  const counts: Record<string, number> = {};
  for (const t of ['special_equipment', 'equipment_logs', 'chemicals', 'chemical_movements']) {
    const r = (await db.execute(sql.raw(`select count(*)::int as n from ${t} where district_id = ${D}`))) as unknown as { rows: Array<{ n: number }> };
    counts[t] = r.rows[0].n;
  }
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), loadMs: Date.now() - started };
}

/** The compliance suite's ledger figures with these added (counts, total, load time). */
export function withLedgersB<L extends { counts: Record<string, number>; total: number; loadMs: number }>(l: L, b: LedgersBDataset): L {
  return { ...l, counts: { ...l.counts, ...b.counts }, total: l.total + b.total, loadMs: l.loadMs + b.loadMs };
}

// ---------------------------------------------------------------- standalone run
async function standalone() {
  const { openPglite, openPostgres } = await import('../src/server/db/client.js');
  const { loadDataset } = await import('./dataset.js');
  const { generateLedgers } = await import('./ledger-dataset.js');
  const { refreshRollup } = await import('../src/server/compliance/rollup.service.js');
  const { setAuditKey } = await import('../src/server/audit/key.js');
  // The rule pack is seeded on the first read, with its audit event: the key must be set (as the test harness does).
  setAuditKey(Buffer.alloc(32, 7));
  const schools = Number(process.env.BENCH_LB_SCHOOLS ?? 1000);
  const today = shanghaiDate(new Date());
  const backends: Array<'pglite' | 'postgres'> = process.env.BENCH_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
  for (const backend of backends) {
    const dir = mkdtempSync(path.join(tmpdir(), 'anxiao-bench-lb-'));
    const dbName = `bench_lb_${process.pid}`;
    let pgUrl: string | null = null;
    if (backend === 'postgres') {
      const admin = await openPostgres(process.env.BENCH_PG_URL!);
      await admin.db.execute(sql.raw(`create database ${dbName}`));
      await admin.close();
      pgUrl = process.env.BENCH_PG_URL!.replace(/\/[^/]*$/, `/${dbName}`);
    }
    const database = backend === 'pglite' ? await openPglite(path.join(dir, 'pglite')) : await openPostgres(pgUrl!);
    try {
      await database.migrate();
      const d = await loadDataset(database.db, { towns: Math.max(2, Math.round(schools / 50)), schools, peoplePerSchool: 5 });
      const [{ id: adminId }] = ((await database.db.execute(sql.raw(`select id from users where username = '${d.accounts.admin}'`))) as unknown as { rows: Array<{ id: number }> }).rows;
      const base = await generateLedgers(database.db, { districtId: d.districtId, bureauId: d.bureauId, adminId, today, staffPerSchool: 10 });
      const b = await generateLedgersB(database.db, { districtId: d.districtId, adminId, today });
      await database.analyze();
      const runs: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        const r = await refreshRollup(database.db, d.districtId, today, { force: true });
        runs.push(performance.now() - t0);
        if (k === 0) console.log(`${backend}: ${r.evaluatedSchools} schools × ${r.judged.length} rules`);
      }
      const counts = await database.db.execute(
        sql.raw(`select rule_code, status, count(*)::int as n from compliance_findings where district_id = ${d.districtId} and (rule_code like 'equipment.%' or rule_code like 'chemicals.%') group by 1, 2 order by 1, 2`),
      );
      console.log(`${backend}: ${schools} schools, ${base.total.toLocaleString('en')} other ledger records, ${b.total.toLocaleString('en')} of these (${JSON.stringify(b.counts)}) in ${(b.loadMs / 1000).toFixed(1)} s`);
      console.log(`${backend}: every rule for every school (refreshRollup, force) ms: ${runs.map((x) => x.toFixed(0)).join(', ')}`);
      console.log(`${backend}: findings of these rules: ${JSON.stringify((counts as unknown as { rows: unknown[] }).rows)}`);
      if (backend === 'postgres' && pgUrl) {
        // The two readers' SQL as pgbench runs it (-M prepared), for the whole district.
        const script = path.join(dir, 'readers.sql');
        writeFileSync(
          script,
          `select m.id, m.chemical_id, m.kind, m.occurred_on, m.quantity, m.issue_id from chemical_movements m where m.district_id = ${d.districtId} and m.status = 'recorded' and m.occurred_on <= '${today}';\n` +
            `select e.*, (select count(*) from equipment_logs l where l.equipment_id = e.id and l.kind = 'inspection') from special_equipment e where e.district_id = ${d.districtId} and e.status = 'recorded';\n`,
        );
        const pgbench = process.env.PGBENCH ?? 'pgbench';
        const outText = execFileSync(pgbench, ['-n', '-M', 'prepared', '-T', '10', '-c', '1', '-f', script, pgUrl], { encoding: 'utf8' });
        console.log(`postgres: raw reader SQL (pgbench -M prepared, 1 client, 10 s): ${outText.split('\n').filter((l) => /latency average|tps/.test(l)).join('; ')}`);
      }
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
      if (backend === 'postgres') {
        const admin = await openPostgres(process.env.BENCH_PG_URL!);
        await admin.db.execute(sql.raw(`drop database if exists ${dbName}`));
        await admin.close();
      }
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.dirname, 'ledgers-b.ts')) {
  await standalone();
}
