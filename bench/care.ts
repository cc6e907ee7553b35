// The care suite (issue 16): 1,000 schools × 30 students of concern, sealed as the app seals them
// (AES-256-GCM, name, note, measures, contact; a keyed hash of the name), 3 carers per school.
// Measured in the bench process on the loaded database, through the app (app.inject, no HTTP):
//   - the carer's list (GET /care/records, ~10 rows, each name opened and masked): p50/p95/mean of
//     sequential requests; target p95 < 50 ms;
//   - the principal's list (30 rows) and opening one record with a purpose (an audited read);
//   - the decryption cost: one AES-256-GCM open of a name, and the share of a list request it is;
//   - beside it on PostgreSQL, the list's SQL raw with pgbench -M prepared.
// `npm run bench -- care` (BENCH_CARE_SCHOOLS, default 1000; BENCH_QUICK=1: 50).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addDays } from '../src/domain/dates.js';
import { buildApp } from '../src/server/app.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { setAuditKey } from '../src/server/audit/key.js';
import { aad, NAME_INDEX, nameHashInput } from '../src/server/care/care-records.service.js';
import { Sealer } from '../src/server/care/crypto.js';
import { setCareSealer } from '../src/server/care/key.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite, openPostgres, type Database } from '../src/server/db/client.js';
import { careCarers, careRecords, districts, units, userRoles, users } from '../src/server/db/schema.js';

const PASSWORD = 'Bench@12345';
const surnames = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const given = ['晓明', '雨桐', '子涵', '一鸣', '浩然', '欣怡', '思远', '梓萱', '俊熙', '诗涵', '宇轩', '可馨'];

interface Figures {
  backend: string;
  schools: number;
  records: number;
  loadMs: number;
  carerList: Stats;
  principalList: Stats;
  openRecord: Stats;
  decryptMicros: number;
  decryptShareOfCarerList: number;
  rawListMs: number | null;
}
interface Stats {
  p50: number;
  p95: number;
  mean: number;
  n: number;
}

const stats = (ms: number[]): Stats => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: round(at(0.5)), p95: round(at(0.95)), mean: round(s.reduce((a, b) => a + b, 0) / s.length), n: s.length };
};
const round = (x: number) => Math.round(x * 100) / 100;

async function load(db: Database['db'], schools: number, sealer: Sealer, hash: string) {
  const [d] = await db.insert(districts).values({ code: `care${Date.now()}`, name: '关爱基准区' }).returning();
  const [b] = await db.insert(units).values({ districtId: d.id, kind: 'bureau', name: '关爱基准区教育局', path: '' }).returning();
  await db.update(units).set({ path: `/${b.id}/` }).where((await import('drizzle-orm')).eq(units.id, b.id));
  const today = new Date().toISOString().slice(0, 10);
  const accounts: { carer: string; principal: string } = { carer: '', principal: '' };
  for (let start = 0; start < schools; start += 100) {
    const n = Math.min(100, schools - start);
    const rows = await db
      .insert(units)
      .values(Array.from({ length: n }, (_, i) => ({ districtId: d.id, parentId: b.id, kind: 'school' as const, name: `基准小学${start + i + 1}`, path: '', stage: 'primary' as const })))
      .returning({ id: units.id });
    for (const r of rows) await db.update(units).set({ path: `/${b.id}/${r.id}/` }).where((await import('drizzle-orm')).eq(units.id, r.id));
    const people = await db
      .insert(users)
      .values(rows.flatMap((r, i) => ['principal', 'c1', 'c2', 'c3'].map((k) => ({ districtId: d.id, unitId: r.id, username: `care.s${start + i + 1}.${k}`, displayName: `教师${start + i + 1}${k}`, passwordHash: hash, mustChangePassword: false }))))
      .returning({ id: users.id, unitId: users.unitId, username: users.username });
    await db.insert(userRoles).values(people.map((p) => ({ userId: p.id, roleKey: p.username.endsWith('.principal') ? ('principal' as const) : ('teacher' as const) })));
    if (!accounts.carer) accounts.carer = people[1].username;
    if (!accounts.principal) accounts.principal = people[0].username;
    const records: Array<typeof careRecords.$inferInsert> = [];
    for (const r of rows) {
      for (let k = 0; k < 30; k++) {
        const name = `${surnames[(r.id + k) % surnames.length]}${given[(r.id * 7 + k) % given.length]}`;
        records.push({
          districtId: d.id,
          schoolId: r.id,
          schoolPath: `/${b.id}/${r.id}/`,
          nameEnc: sealer.seal(name, aad.name(r.id)),
          nameHash: sealer.blindIndex(nameHashInput(r.id, name), NAME_INDEX),
          noteEnc: sealer.seal('情绪低落，需要每周谈心，关注课堂表现和同伴关系', aad.note(r.id)),
          measuresEnc: sealer.seal('包靠教师每周谈心一次，心理老师每月辅导', aad.measures(r.id)),
          contactEnc: sealer.seal(JSON.stringify({ name: '监护人', relation: '母亲', phone: '13900000000' }), aad.contact(r.id)),
          grade: 4 + (k % 3),
          className: `${1 + (k % 4)}班`,
          kinds: [k % 2 ? 'mental_concern' : 'family_difficulty'],
          openedOn: addDays(today, -60),
          followUpDays: 30,
          nextDueOn: addDays(today, (k % 40) - 10),
          createdBy: people[0].id,
        });
      }
    }
    const inserted = await db.insert(careRecords).values(records).returning({ id: careRecords.id, schoolId: careRecords.schoolId });
    const carersBySchool = new Map<number, number[]>();
    for (const p of people) if (!p.username.endsWith('.principal')) carersBySchool.set(p.unitId, [...(carersBySchool.get(p.unitId) ?? []), p.id]);
    await db.insert(careCarers).values(inserted.map((x, i) => ({ recordId: x.id, userId: carersBySchool.get(x.schoolId)![i % 3], districtId: d.id, schoolId: x.schoolId, assignedBy: people[0].id })));
  }
  return { districtId: d.id, accounts };
}

async function measure(backend: 'pglite' | 'postgres', schools: number, log: (m: string) => void, pgUrl: string | null): Promise<Figures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-bench-care-'));
  let dbName: string | null = null;
  let database: Database;
  if (backend === 'postgres') {
    dbName = `anxiao_bench_care_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl! });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(pgUrl!);
    u.pathname = `/${dbName}`;
    database = await openPostgres(u.toString(), 5);
  } else database = await openPglite(path.join(dataDir, 'pglite'));
  const url = dbName ? Object.assign(new URL(pgUrl!), { pathname: `/${dbName}` }).toString() : null;
  try {
    await database.migrate();
    const key = randomBytes(32);
    const sealer = new Sealer(key);
    setCareSealer(sealer);
    setAuditKey(randomBytes(32));
    const started = Date.now();
    const { accounts } = await load(database.db, schools, sealer, await hashPassword(PASSWORD));
    const loadMs = Date.now() - started;
    await database.analyze();
    log(`care: ${backend} loaded ${schools} schools × 30 students in ${(loadMs / 1000).toFixed(1)} s`);
    const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', LOGIN_RATE_PER_MINUTE: '10000' }), demo: false };
    const app = await buildApp({ database, config, logger: false });
    await app.ready();
    const loginAs = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
      return { cookie: String(res.headers['set-cookie']).split(';')[0], csrf: res.json().csrfToken as string };
    };
    const time = async (s: { cookie: string; csrf: string }, url: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n + 5; i++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        if (i >= 5) out.push(ms); // the first five warm up
      }
      return out;
    };
    const carer = await loginAs(accounts.carer);
    const principal = await loginAs(accounts.principal);
    const carerList = stats(await time(carer, '/api/v1/care/records', 200));
    const principalList = stats(await time(principal, '/api/v1/care/records?pageSize=50', 100));
    const first = (await app.inject({ method: 'GET', url: '/api/v1/care/records', headers: { cookie: carer.cookie } })).json().items[0];
    const openRecord = stats(await time(carer, `/api/v1/care/records/${first.id}?purpose=follow_up`, 100));
    // The cost of opening one sealed name, and of the ten a carer's page opens.
    const { eq } = await import('drizzle-orm');
    const [row] = await database.db.select().from(careRecords).where(eq(careRecords.id, first.id));
    const N = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < N; i++) sealer.open(row.nameEnc!, aad.name(row.schoolId));
    const decryptMicros = round(((performance.now() - t0) * 1000) / N);
    const rowsPerPage = (await app.inject({ method: 'GET', url: '/api/v1/care/records', headers: { cookie: carer.cookie } })).json().items.length;
    const decryptShareOfCarerList = round((100 * (decryptMicros * rowsPerPage)) / 1000 / carerList.mean); // per cent
    let rawListMs: number | null = null;
    if (url) {
      const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, accounts.carer));
      const script = path.join(dataDir, 'care-list.sql');
      writeFileSync(
        script,
        `select r.*, s.name from care_records r join units s on s.id = r.school_id where r.district_id = (select district_id from users where id = ${u.id}) and exists (select 1 from care_carers c where c.record_id = r.id and c.user_id = ${u.id}) and r.status = 'open' order by r.next_due_on, r.id limit 20;\n`,
      );
      const res = spawnSync(process.env.PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench', ['-n', '-M', 'prepared', '-T', '5', '-c', '1', '-f', script, url], { encoding: 'utf8' });
      const m = /latency average = ([\d.]+) ms/.exec(res.stdout ?? '');
      rawListMs = m ? Number(m[1]) : null;
      if (!m) log(`care: pgbench did not run (${(res.stderr || res.error?.message || '').slice(0, 200)})`);
    }
    await app.close();
    return { backend, schools, records: schools * 30, loadMs, carerList, principalList, openRecord, decryptMicros, decryptShareOfCarerList, rawListMs };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: pgUrl! });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

/** Runs the suite on the backends asked for; PostgreSQL needs BENCH_DATABASE_URL (or TEST_DATABASE_URL), a server where it may create a database. */
export async function runCareBench(backends: string[], log: (m: string) => void, quick: boolean): Promise<Figures[]> {
  const schools = Number(process.env.BENCH_CARE_SCHOOLS ?? (quick ? 50 : 1000));
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
  const out: Figures[] = [];
  for (const b of backends) {
    if (b === 'postgres' && !pgUrl) {
      log('care: postgres skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
      continue;
    }
    const f = await measure(b as 'pglite' | 'postgres', schools, log, pgUrl);
    out.push(f);
    log(
      `care ${f.backend}, ${f.records} students of concern: carer's list p50 ${f.carerList.p50} ms, p95 ${f.carerList.p95} ms (target < 50 ms); ` +
        `principal's list (30 rows) p95 ${f.principalList.p95} ms; opening one record (audited read) p95 ${f.openRecord.p95} ms; ` +
        `one AES-256-GCM open ${f.decryptMicros} µs, ${f.decryptShareOfCarerList}% of the carer's list (mean); raw list SQL (pgbench -M prepared) ${f.rawListMs ?? '—'} ms`,
    );
  }
  return out;
}

// Alone: npx tsx bench/care.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const backends = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',');
  runCareBench(backends, (m) => console.log(`[bench care] ${m}`), process.env.BENCH_QUICK === '1').then(
    (f) => (console.log(JSON.stringify(f, null, 2)), process.exit(0)),
    (err) => (console.error(err), process.exit(1)),
  );
}
