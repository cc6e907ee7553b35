// npm run bench: builds the benchmark district on PGlite and on a throwaway PostgreSQL 15, starts
// the app as a child process on each (bench/server.ts), and measures login, auth/me and the unit
// and people lists with filters under autocannon (20 connections). Beside each API figure it runs
// the SQL the app sent for that request raw: with pgbench on PostgreSQL, in a loop on the same
// PGlite instance in the server process for PGlite (no pgbench there); for login the raw figure is
// argon2 verification alone. Medians of BENCH_RUNS runs; a table on stdout and JSON in bench/results/.
//
// Environment: BENCH_RUNS (3), BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_RAW_SECONDS (5),
// BENCH_CONNECTIONS (20), BENCH_BACKENDS (pglite,postgres), BENCH_ONLY (comma-separated scenario
// keys), BENCH_QUICK=1 (1 run of 2 s, raw 1 s, warm-up 1 s: a smoke run), BENCH_PROFILE=1 (a V8 CPU
// profile of the server child per backend, in bench/results/profiles/), BENCH_DATABASE_URL (a
// PostgreSQL server to use instead of a throwaway one started with scripts/pg-temp.sh: the bench
// creates a database of its own in it and drops it at the end; the role needs CREATEDB), PGBENCH
// (the pgbench binary; default: the newest in /usr/lib/postgresql/*/bin, else PATH).
import { execFile, fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../src/server/db/client.js';
import { BENCH_PASSWORD, FULL_SIZE, loadDataset, type Dataset } from './dataset.js';
import type { CapturedStatement, Reply, Request } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const run = promisify(execFile);

// ---------------------------------------------------------------- settings
const env = process.env;
const quick = env.BENCH_QUICK === '1';
const num = (name: string, fallback: number) => {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${v}: must be a positive number`);
  return n;
};
const settings = {
  runs: num('BENCH_RUNS', quick ? 1 : 3),
  seconds: num('BENCH_SECONDS', quick ? 2 : 10),
  warmup: num('BENCH_WARMUP', quick ? 1 : 2),
  rawSeconds: num('BENCH_RAW_SECONDS', quick ? 1 : 5),
  connections: num('BENCH_CONNECTIONS', 20),
  backends: (env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((s) => s.trim()) as Backend[],
  only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : null,
  loginRatePerMinute: 10000,
};
/** pgbench: $PGBENCH, else the newest /usr/lib/postgresql/<n>/bin/pgbench (Debian's postgresql package), else PATH. */
function findPgbench(): string {
  if (env.PGBENCH) return env.PGBENCH;
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const p = `/usr/lib/postgresql/${v}/bin/pgbench`;
      if (existsSync(p)) return p;
    }
  } catch {
    // no Debian PostgreSQL: fall back to PATH
  }
  return 'pgbench';
}
const PGBENCH = findPgbench();

type Backend = 'pglite' | 'postgres';
for (const b of settings.backends) if (b !== 'pglite' && b !== 'postgres') throw new Error(`BENCH_BACKENDS: unknown backend ${b}`);

// ---------------------------------------------------------------- scenarios
type Account = keyof Dataset['accounts'];
interface Scenario {
  key: string;
  what: string;
  account: Account | null;
  path: (d: Dataset) => string;
  method: 'GET' | 'POST';
  raw: 'sql' | 'argon2';
}

const scenarios: Scenario[] = [
  { key: 'login', what: 'POST /auth/login (rotating 20,000 people)', account: null, method: 'POST', path: () => '/api/v1/auth/login', raw: 'argon2' },
  { key: 'me', what: 'GET /auth/me (school safety officer)', account: 'school', method: 'GET', path: () => '/api/v1/auth/me', raw: 'sql' },
  {
    key: 'units.district.filter',
    what: 'GET /units?kind=school&stage=primary&page=2 (bureau admin)',
    account: 'admin',
    method: 'GET',
    path: () => '/api/v1/units?kind=school&stage=primary&page=2&pageSize=20',
    raw: 'sql',
  },
  {
    key: 'units.district.q',
    what: 'GET /units?q=实验 (bureau admin)',
    account: 'admin',
    method: 'GET',
    path: () => `/api/v1/units?q=${encodeURIComponent('实验')}&pageSize=20`,
    raw: 'sql',
  },
  {
    key: 'units.town.filter',
    what: 'GET /units?kind=school&ownership=public (town officer)',
    account: 'town',
    method: 'GET',
    path: () => '/api/v1/units?kind=school&ownership=public&pageSize=20',
    raw: 'sql',
  },
  {
    key: 'users.district.role-under',
    what: 'GET /users?role=teacher&under=<town> (bureau admin)',
    account: 'admin',
    method: 'GET',
    path: (d) => `/api/v1/users?role=teacher&under=${d.townIds[3]}&pageSize=20`,
    raw: 'sql',
  },
  {
    key: 'users.district.q',
    what: 'GET /users?q=王芳 (bureau admin)',
    account: 'admin',
    method: 'GET',
    path: () => `/api/v1/users?q=${encodeURIComponent('王芳')}&pageSize=20`,
    raw: 'sql',
  },
  {
    key: 'users.town.role',
    what: 'GET /users?role=teacher&page=3 (town officer)',
    account: 'town',
    method: 'GET',
    path: () => '/api/v1/users?role=teacher&page=3&pageSize=20',
    raw: 'sql',
  },
];
const selected = settings.only ? scenarios.filter((s) => settings.only!.includes(s.key)) : scenarios;
if (!selected.length) throw new Error(`BENCH_ONLY matches no scenario (${scenarios.map((s) => s.key).join(', ')})`);

// ---------------------------------------------------------------- helpers
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const fmtRate = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const log = (m: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A SQL literal for a driver parameter, so pgbench runs the same statement (simple protocol). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return `'${v.toISOString()}'`;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return `'${s.replace(/'/g, "''")}'`;
}
export function inlineParams(s: CapturedStatement): string {
  return s.text.replace(/\$(\d+)/g, (_m, n: string) => literal(s.params[Number(n) - 1]));
}

/** CPU seconds used so far by a PostgreSQL postmaster and its children (Linux /proc). */
function pgCpuSeconds(postmasterPid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command name (which may contain spaces): state ppid … utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(f[1]);
    if (pid === postmasterPid || ppid === postmasterPid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100; // CLK_TCK is 100 on Linux
}

/** Busy CPU seconds of the whole machine so far (/proc/stat): the rest is other people's load. */
function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - f[3] - f[4]) / 100;
}

// Everything to undo on the way out, newest first, also on an error or Ctrl-C.
const cleanups: Array<() => Promise<void> | void> = [];
async function cleanupAll() {
  while (cleanups.length) {
    const c = cleanups.pop()!;
    try {
      await c();
    } catch (err) {
      console.error('cleanup:', err);
    }
  }
}
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${sig}: cleaning up`);
    void cleanupAll().then(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- the server child
type NoId<T> = T extends unknown ? Omit<T, 'id'> : never;
class ServerChild {
  private nextId = 1;
  private waiting = new Map<number, (r: Reply) => void>();
  private exited: Promise<void>;
  constructor(
    readonly child: ChildProcess,
    readonly base: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (r: Reply) => {
      const w = this.waiting.get(r.id);
      if (w) {
        this.waiting.delete(r.id);
        w(r);
      }
    });
  }
  static async start(backend: Backend, dbEnv: Record<string, string>): Promise<ServerChild> {
    const port = await freePort();
    const child = fork(path.join(here, 'server.ts'), [], {
      // BENCH_PROFILE=1: a V8 CPU profile of each server child, written into bench/results/.
      execArgv: ['--import', 'tsx', ...(env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(here, 'results', 'profiles')}`] : [])],
      cwd: root,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...dbEnv,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ANXIAO_DEMO: '0',
        // The login route is rate-limited per IP (30/min by default); every bench client is 127.0.0.1.
        LOGIN_RATE_PER_MINUTE: String(settings.loginRatePerMinute),
        SESSION_IDLE_MINUTES: '1440',
      },
    });
    const s = new ServerChild(child, `http://127.0.0.1:${port}`);
    const ready = new Promise<void>((resolve, reject) => {
      s.waiting.set(0, () => resolve());
      child.once('exit', (code) => reject(new Error(`bench server (${backend}) exited with ${code} before it was ready`)));
    });
    await ready;
    return s;
  }
  ask<T extends Reply['type']>(msg: NoId<Request>, expect: T): Promise<Extract<Reply, { type: T }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (r) => {
        if (r.type === 'error') reject(new Error(`bench server: ${r.message}`));
        else if (r.type !== expect) reject(new Error(`bench server answered ${r.type}, expected ${expect}`));
        else resolve(r as Extract<Reply, { type: T }>);
      });
      this.child.send({ ...msg, id });
    });
  }
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- measuring
interface RunFigures {
  /** Cores busy during the API run (CPU seconds / wall seconds): the server child, the database
   * server (PostgreSQL only; PGlite runs inside the server), and this process (autocannon). */
  cpu: { server: number; database: number | null; loadgen: number; other: number };
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  raw: number | null;
}
interface ScenarioResult {
  scenario: string;
  what: string;
  backend: Backend;
  url: string;
  check: { status: number; total: number | null; bytes: number };
  statements: string[];
  runs: RunFigures[];
  median: { rps: number; p50: number; p99: number; raw: number | null; ratio: number | null; cpu: RunFigures['cpu'] };
  rawKind: string;
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie()[0].split(';')[0];
}

function cannon(base: string, s: Scenario, seconds: number, cookie: string | null, names: string[]): Promise<Result> {
  if (s.key === 'login') {
    let i = 0;
    return autocannon({
      url: base,
      connections: settings.connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: s.path({} as Dataset),
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ username: names[i++ % names.length], password: BENCH_PASSWORD }) }),
        },
      ],
    });
  }
  return autocannon({
    url: base + s.path(currentDataset!),
    connections: settings.connections,
    duration: seconds,
    method: s.method,
    headers: cookie ? { cookie } : {},
  });
}
let currentDataset: Dataset | null = null;

async function pgbench(url: string, scriptFile: string, seconds: number): Promise<{ tps: number; latencyMs: number | null }> {
  const { stdout } = await run(
    PGBENCH,
    ['-n', '-M', 'simple', '-c', String(settings.connections), '-j', '2', '-T', String(seconds), '-f', scriptFile, url],
    { env: { ...process.env, PGCLIENTENCODING: 'UTF8' }, maxBuffer: 10 * 1024 * 1024 },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  const failed = /number of failed transactions: (\d+)/.exec(stdout);
  if (!tps) throw new Error(`pgbench: no tps in output:\n${stdout}`);
  if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} failed transactions:\n${stdout}`);
  const lat = /latency average = ([\d.]+) ms/.exec(stdout);
  return { tps: Number(tps[1]), latencyMs: lat ? Number(lat[1]) : null };
}

/** A fresh database for the bench in a server given by BENCH_DATABASE_URL, dropped on the way out.
 * The postmaster's pid is found through /proc when the server runs on this machine (for its CPU). */
async function benchDatabaseOn(serverUrl: string): Promise<{ url: string; postmaster: number | null }> {
  const name = `anxiao_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  let postmaster: number | null = null;
  try {
    const backendPid = (await admin.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    try {
      // The backend's parent, read while the backend lives.
      const stat = readFileSync(`/proc/${backendPid}/stat`, 'utf8');
      postmaster = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      // a server elsewhere: its CPU is not measured
    }
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(`drop database if exists ${name} with (force)`);
    } finally {
      await c.end();
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), postmaster };
}

interface BackendInfo {
  backend: Backend;
  serverVersion: string;
  dataset: Omit<Dataset, 'loginUsernames' | 'schoolIds'>;
}

async function measureBackend(backend: Backend, outDir: string): Promise<{ info: BackendInfo; results: ScenarioResult[] }> {
  // 1. A fresh database with the data set.
  let dbEnv: Record<string, string>;
  let pgUrl: string | null = null;
  let postmaster: number | null = null;
  let database: Database;
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    dbEnv = { DATA_DIR: dataDir, DATABASE_URL: '' };
    database = await openPglite(path.join(dataDir, 'pglite'));
  } else {
    if (env.BENCH_DATABASE_URL) {
      ({ url: pgUrl, postmaster } = await benchDatabaseOn(env.BENCH_DATABASE_URL));
    } else {
      const state = path.join(os.tmpdir(), `anxiao-bench-pg.${process.pid}`);
      const pgEnv = { ...process.env, ANXIAO_PG_STATE: state };
      const started = spawnSync('bash', [path.join(root, 'scripts/pg-temp.sh'), 'start'], { env: pgEnv, encoding: 'utf8' });
      if (started.status !== 0) throw new Error(`scripts/pg-temp.sh start failed: ${started.stderr}`);
      cleanups.push(() => {
        spawnSync('bash', [path.join(root, 'scripts/pg-temp.sh'), 'stop'], { env: pgEnv, stdio: 'inherit' });
      });
      pgUrl = started.stdout.trim().split('\n').pop()!;
      const pgDir = readFileSync(state, 'utf8').trim();
      postmaster = Number(readFileSync(path.join(pgDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    }
    dbEnv = { DATABASE_URL: pgUrl };
    database = await openPostgres(pgUrl);
  }
  log(`${backend}: migrating and loading the data set`);
  let dataset: Dataset;
  try {
    await database.migrate();
    dataset = await loadDataset(database.db, FULL_SIZE);
  } finally {
    await database.close();
  }
  currentDataset = dataset;
  log(`${backend}: ${dataset.units} units (${dataset.schoolIds.length} schools), ${dataset.people} people loaded in ${(dataset.loadMs / 1000).toFixed(1)} s`);

  // 2. The server under test.
  const server = await ServerChild.start(backend, dbEnv);
  cleanups.push(() => server.stop());
  const serverVersion = (await server.ask({ type: 'version' }, 'version')).version;
  log(`${backend}: server up at ${server.base} (${serverVersion.split(' on ')[0]})`);
  const cookies: Record<Account, string> = {
    admin: await login(server.base, dataset.accounts.admin),
    town: await login(server.base, dataset.accounts.town),
    school: await login(server.base, dataset.accounts.school),
  };
  // The login scenario signs people in round-robin; the argon2 floor verifies a hash of the same password.
  const hash = benchHash!;

  const results: ScenarioResult[] = [];
  for (const s of selected) {
    const cookie = s.account ? cookies[s.account] : null;
    const url = s.path(dataset);
    // One checked request, with the SQL it sends captured.
    let check: ScenarioResult['check'] = { status: 0, total: null, bytes: 0 };
    let statements: CapturedStatement[] = [];
    await server.ask({ type: 'idle' }, 'ok');
    if (s.raw === 'sql') {
      await server.ask({ type: 'capture-start' }, 'ok');
      const res = await fetch(server.base + url, { headers: cookie ? { cookie } : {} });
      const text = await res.text();
      statements = (await server.ask({ type: 'capture-stop' }, 'captured')).statements;
      if (res.status !== 200) throw new Error(`${s.key} on ${backend}: ${res.status} ${text}`);
      const body = JSON.parse(text) as { total?: number };
      check = { status: res.status, total: typeof body.total === 'number' ? body.total : null, bytes: Buffer.byteLength(text) };
      if (check.total === 0) throw new Error(`${s.key} on ${backend}: the filter matches nothing; the scenario would measure an empty page`);
    } else {
      const res = await fetch(server.base + url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: dataset.loginUsernames[0], password: BENCH_PASSWORD }),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${s.key} on ${backend}: ${res.status} ${text}`);
      check = { status: res.status, total: null, bytes: Buffer.byteLength(text) };
    }
    const inlined = statements.map(inlineParams);
    let scriptFile: string | null = null;
    if (s.raw === 'sql') {
      scriptFile = path.join(outDir, `${backend}-${s.key}.sql`);
      writeFileSync(scriptFile, inlined.map((q) => `${q};\n`).join(''));
    }
    log(`${backend} ${s.key}: ${check.status}${check.total !== null ? `, total ${check.total}` : ''}, ${check.bytes} bytes${s.raw === 'sql' ? `, ${statements.length} SELECTs` : ''}; warming up ${settings.warmup} s`);
    await cannon(server.base, s, settings.warmup, cookie, dataset.loginUsernames);

    const runs: RunFigures[] = [];
    for (let r = 1; r <= settings.runs; r++) {
      await server.ask({ type: 'idle' }, 'ok');
      const before = { server: (await server.ask({ type: 'cpu' }, 'cpu')).seconds, db: postmaster ? pgCpuSeconds(postmaster) : 0, self: process.cpuUsage(), machine: machineBusySeconds(), t: performance.now() };
      const res = await cannon(server.base, s, settings.seconds, cookie, dataset.loginUsernames);
      const wall = (performance.now() - before.t) / 1000;
      const selfCpu = process.cpuUsage(before.self);
      const cpu = {
        server: ((await server.ask({ type: 'cpu' }, 'cpu')).seconds - before.server) / wall,
        database: postmaster ? (pgCpuSeconds(postmaster) - before.db) / wall : null,
        loadgen: (selfCpu.user + selfCpu.system) / 1e6 / wall,
        other: 0,
      };
      cpu.other = Math.max(0, (machineBusySeconds() - before.machine) / wall - cpu.server - (cpu.database ?? 0) - cpu.loadgen);
      await server.ask({ type: 'idle' }, 'ok');
      const rps = res.requests.total / res.duration;
      let raw: number | null = null;
      if (s.raw === 'argon2') {
        raw = (await server.ask({ type: 'argon2', hash, password: BENCH_PASSWORD, seconds: settings.rawSeconds, concurrency: settings.connections }, 'rate')).rate;
      } else if (backend === 'postgres') {
        raw = (await pgbench(pgUrl!, scriptFile!, settings.rawSeconds)).tps;
      } else {
        raw = (await server.ask({ type: 'raw', seconds: settings.rawSeconds }, 'rate')).rate;
      }
      const fig: RunFigures = { cpu, rps, p50: res.latency.p50, p99: res.latency.p99, requests: res.requests.total, non2xx: res.non2xx, errors: res.errors, raw };
      runs.push(fig);
      log(
        `${backend} ${s.key} run ${r}/${settings.runs}: ${fmtRate(rps)} req/s, p50 ${fmt(fig.p50, 1)} ms, p99 ${fmt(fig.p99, 1)} ms` +
          `${fig.non2xx || fig.errors ? ` (NON-2XX ${fig.non2xx}, ERRORS ${fig.errors})` : ''}; raw ${fmtRate(raw)}/s; ` +
          `cores: server ${fmt(cpu.server, 2)}${cpu.database !== null ? `, postgres ${fmt(cpu.database, 2)}` : ''}, autocannon ${fmt(cpu.loadgen, 2)}, others ${fmt(cpu.other, 2)} (of ${os.cpus().length})`,
      );
    }
    const mRaw = runs.every((x) => x.raw !== null) ? median(runs.map((x) => x.raw!)) : null;
    const mRps = median(runs.map((x) => x.rps));
    results.push({
      scenario: s.key,
      what: s.what,
      backend,
      url,
      check,
      statements: inlined,
      runs,
      median: {
        rps: mRps,
        p50: median(runs.map((x) => x.p50)),
        p99: median(runs.map((x) => x.p99)),
        raw: mRaw,
        ratio: mRaw ? mRps / mRaw : null,
        cpu: {
          server: median(runs.map((x) => x.cpu.server)),
          database: runs.every((x) => x.cpu.database !== null) ? median(runs.map((x) => x.cpu.database!)) : null,
          loadgen: median(runs.map((x) => x.cpu.loadgen)),
          other: median(runs.map((x) => x.cpu.other)),
        },
      },
      rawKind: s.raw === 'argon2' ? 'argon2 verify/s' : backend === 'postgres' ? 'pgbench tps' : 'PGlite in-process loop/s',
    });
  }

  await server.stop();
  await cleanupAll();
  const { loginUsernames, schoolIds, ...rest } = dataset;
  return { info: { backend, serverVersion, dataset: rest }, results };
}

let benchHash: string | null = null;

// ---------------------------------------------------------------- main
async function main() {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const resultsDir = path.join(here, 'results');
  const outDir = path.join(resultsDir, `${stamp}-sql`);
  mkdirSync(outDir, { recursive: true });
  const { hashPassword } = await import('../src/server/auth/passwords.js');
  benchHash = await hashPassword(BENCH_PASSWORD);

  const pgliteVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    pgliteVersion,
    autocannonVersion: (JSON.parse(readFileSync(path.join(root, 'node_modules/autocannon/package.json'), 'utf8')) as { version: string }).version,
  };
  log(
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `runs ${settings.runs} × ${settings.seconds} s (warm-up ${settings.warmup} s, raw ${settings.rawSeconds} s), ${settings.connections} connections; ` +
      `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  );

  const infos: BackendInfo[] = [];
  const all: ScenarioResult[] = [];
  const started = Date.now();
  for (const backend of settings.backends) {
    try {
      const { info, results } = await measureBackend(backend, outDir);
      infos.push(info);
      all.push(...results);
    } finally {
      await cleanupAll();
    }
  }

  // ---------------------------------------------------------------- report
  const lines: string[] = [];
  lines.push('| scenario | backend | req/s | p50 ms | p99 ms | raw SQL rate | API/raw | cores: server / postgres / autocannon / others |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---|');
  for (const r of all) {
    const bad = r.runs.some((x) => x.non2xx || x.errors) ? ' ⚠ non-2xx' : '';
    lines.push(
      `| ${r.scenario}${bad} | ${r.backend} | ${fmtRate(r.median.rps)} | ${fmt(r.median.p50, 1)} | ${fmt(r.median.p99, 1)} | ${fmtRate(r.median.raw)} (${r.rawKind}) | ${fmt(r.median.ratio, 2)} | ${fmt(r.median.cpu.server, 2)} / ${fmt(r.median.cpu.database, 2)} / ${fmt(r.median.cpu.loadgen, 2)} / ${fmt(r.median.cpu.other, 2)} |`,
    );
  }
  const side: string[] = [];
  const bs = settings.backends;
  side.push(`| scenario | ${bs.map((b) => `${b} req/s | ${b} p50 | ${b} p99 | ${b} raw/s | ${b} API/raw`).join(' | ')} |`);
  side.push(`|---|${bs.map(() => '---:|---:|---:|---:|---:').join('|')}|`);
  for (const s of selected) {
    const cells = bs.map((b) => {
      const r = all.find((x) => x.scenario === s.key && x.backend === b);
      return r ? `${fmtRate(r.median.rps)} | ${fmt(r.median.p50, 1)} | ${fmt(r.median.p99, 1)} | ${fmtRate(r.median.raw)} | ${fmt(r.median.ratio, 2)}` : '– | – | – | – | –';
    });
    side.push(`| ${s.key} | ${cells.join(' | ')} |`);
  }
  const pgLists = all.filter((r) => r.backend === 'postgres' && /^(units|users)\./.test(r.scenario));
  const target = pgLists.length
    ? pgLists.map((r) => `${r.scenario} p99 ${fmt(r.median.p99, 1)} ms ${r.median.p99 < 50 ? 'MET' : 'NOT MET'}`).join('; ')
    : 'no PostgreSQL list scenario measured';

  console.log(`\nMedians of ${settings.runs} run(s), ${settings.connections} connections, ${settings.seconds} s each:\n`);
  console.log(lines.join('\n'));
  console.log(`\nSide by side:\n\n${side.join('\n')}`);
  console.log(`\nTarget (PostgreSQL, authenticated list p99 < 50 ms at ${settings.connections} clients): ${target}`);
  console.log(`Aim: API/raw >= 0.33 for the list scenarios.`);

  const file = path.join(resultsDir, `${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { command: 'npm run bench', date: new Date().toISOString(), elapsedSeconds: Math.round((Date.now() - started) / 1000), settings, machine, backends: infos, results: all },
      null,
      2,
    ),
  );
  console.log(`\nResults: ${path.relative(root, file)}; SQL scripts in ${path.relative(root, outDir)}/ (${Math.round((Date.now() - started) / 1000)} s)`);
}

main().catch(async (err) => {
  console.error(err);
  await cleanupAll();
  process.exit(1);
});
