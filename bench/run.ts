// npm run bench: the figures of issues 2, 3 and 4, PGlite and PostgreSQL side by side (BENCHMARKS.md).
//
// Per backend, each on a fresh database (PGlite: a temporary directory; PostgreSQL: a database of
// its own in a throwaway PostgreSQL 15 started with scripts/pg-temp.sh, or in BENCH_DATABASE_URL):
//   startup   what `npm start` runs (dist/server/main.js, compiled by its prestart) on an empty database with the demo district, then
//             restarted on the database it left; wall time from spawn to GET /healthz answering 200;
//   imports   1,000 schools (with 20 towns) and then 20,000 people from .xlsx files through
//             POST /api/v1/imports, to the job's 'done'; then the largest file the limits allow
//             (30,000 rows of the widest template, 16 columns: 480,000 cells) alone, and three such
//             files uploaded at once (two run, one waits: IMPORT_CONCURRENCY); the server child's
//             peak RSS (/proc VmRSS sampled every 20 ms) during each, from its RSS before;
//   platform  the district of bench/dataset.ts (1,000 schools, 20,000 people): login, auth/me and
//             the unit and people lists with filters under autocannon (20 connections);
//   hazards   1,000,000 hazards over 5 years added by SQL (bench/hazard-dataset.ts): the register
//             with two filters (20 connections and one at a time), signed transitions ('confirm'
//             by the bureau admin, each request on a hazard of its own), the register export of
//             ~100,000 hazards (time and the server's RSS growth), campaign progress when the route exists;
//   compliance the district of bench/dataset.ts on a database of its own with a school year of safety
//             ledgers added by SQL (bench/ledger-dataset.ts: staff, trainings, drills, meetings,
//             letters and signatures, duty, security profiles, insurance, fire inspections, calendars;
//             about 2 million records): in the bench process on the loaded database, every rule of the
//             pack for every school (refreshRollup with force: the findings kept in compliance_findings)
//             split into reading (each ledger reader in turn, timed) and the engine, then the same as
//             the app does it (read, engine and writing the findings); a partial refresh after one drill
//             is recorded (the trigger marks the school); the trend's earlier months filled as the
//             scheduler does (backfillTrend, one month per call). Then, through the server, the bureau's
//             compliance page (schools worst first, the finding list, the trend) under autocannon with
//             20 connections and with 1, the raw SQL beside.
// The server under test is a child process (bench/server.ts) so that autocannon does not share its
// event loop. Beside each read the SQL the app sent for that request runs raw: pgbench -M prepared on
// PostgreSQL (the database's real limit: each statement planned once per connection; API/raw is
// against it), with pgbench -M simple beside it, labelled, which replans every call; a loop on the same PGlite instance in the server process for PGlite (no pgbench
// there); for login the raw figure is argon2 verification alone. Latency percentiles are exact,
// from every response time. Medians of BENCH_RUNS runs; tables on stdout, JSON in bench/results/.
//
// Environment: BENCH_RUNS (3), BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_RAW_SECONDS (5),
// BENCH_CONNECTIONS (20), BENCH_BACKENDS (pglite,postgres), BENCH_SUITES (startup,imports,platform,
// hazards,compliance; or name them as arguments: npm run bench -- imports), BENCH_ONLY (comma-separated scenario keys; 'export' the register export,
// 'evaluation' the in-process compliance evaluation), BENCH_HAZARDS (1000000), BENCH_HAZARDS_PGLITE
// (the PGlite size; default BENCH_HAZARDS), BENCH_LEDGER_STAFF (staff per school of the ledgers, 80:
// it scales most of the records), BENCH_TREND_MONTHS (earlier months of the trend filled, 6),
// BENCH_QUICK=1 (1 run of 2 s, raw 1 s, warm-up 1 s, 50,000 hazards, 20 staff per school, 2 trend
// months: a smoke run), BENCH_PROFILE=1 (a V8 CPU profile of the server child per backend,
// in bench/results/profiles/), BENCH_DATABASE_URL (a PostgreSQL server to use instead of a
// throwaway one: the bench creates databases of its own in it and drops them at the end; the role
// needs CREATEDB), PGBENCH (the pgbench binary; default: the newest in /usr/lib/postgresql/*/bin, else PATH).
import { execFile, execFileSync, fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon, { type Options as CannonOptions, type RawRequest, type Result as CannonResult } from 'autocannon';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { IMPORT_MAX_ROWS, unitImportColumns, userImportColumns } from '../src/contracts/imports.js';
import { addDays, shanghaiDate } from '../src/domain/dates.js';
import { evaluate } from '../src/domain/rules/engine.js';
import { openPglite, openPostgres, type Database } from '../src/server/db/client.js';
import { units as unitsTable } from '../src/server/db/schema.js';
import { periodInputs } from '../src/server/rules/calendars.service.js';
import { ledgerReaders, readDemand, readStaff, STAFF_LEDGERS, type EngineRecords, type ReadScope } from '../src/server/compliance/ledger-readers.js';
import { backfillTrend, judgedRules, refreshRollup } from '../src/server/compliance/rollup.service.js';
import { schoolFactsOf } from '../src/server/units/school-facts.js';
import { ledgerOf } from '../src/server/rules/rules.service.js';
import { multipart, xlsx } from '../src/server/imports/testing.js';
import { BENCH_PASSWORD, FULL_SIZE, benchTownNames, loadBureau, loadDataset, type Dataset } from './dataset.js';
import { generateHazards, type HazardDataset } from './hazard-dataset.js';
import { generateLedgers, type LedgerDataset } from './ledger-dataset.js';
import { generatePlan, type PlanDataset } from './plans.js';
import { generateSchoolLife } from './school-life.js';
import { randomBytes } from 'node:crypto';
import { setAuditKey } from '../src/server/audit/key.js';
import { generateLedgersB, withLedgersB } from './ledgers-b.js';
import type { CapturedStatement, Reply, Request } from './server.js';
import { startCommand } from './start-flags.js';
import { runAssessmentBench } from './assessment.js';

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
type Suite = 'startup' | 'imports' | 'platform' | 'hazards' | 'compliance' | 'risks' | 'assessment' | 'care' | 'plans';
const allSuites: Suite[] = ['startup', 'imports', 'platform', 'hazards', 'compliance', 'risks', 'assessment', 'care', 'plans'];
const settings = {
  runs: num('BENCH_RUNS', quick ? 1 : 3),
  seconds: num('BENCH_SECONDS', quick ? 2 : 10),
  warmup: num('BENCH_WARMUP', quick ? 1 : 2),
  rawSeconds: num('BENCH_RAW_SECONDS', quick ? 1 : 5),
  connections: num('BENCH_CONNECTIONS', 20),
  backends: (env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((s) => s.trim()) as Backend[],
  // `npm run bench -- imports compliance`: suites named on the command line, else BENCH_SUITES.
  suites: (process.argv.length > 2
    ? process.argv.slice(2).flatMap((a) => a.split(',')).map((s) => s.trim())
    : env.BENCH_SUITES
      ? env.BENCH_SUITES.split(',').map((s) => s.trim())
      : allSuites) as Suite[],
  only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : null,
  hazards: num('BENCH_HAZARDS', quick ? 50_000 : 1_000_000),
  hazardsPglite: num('BENCH_HAZARDS_PGLITE', num('BENCH_HAZARDS', quick ? 50_000 : 1_000_000)),
  ledgerStaff: num('BENCH_LEDGER_STAFF', quick ? 20 : 80),
  trendMonths: num('BENCH_TREND_MONTHS', quick ? 2 : 6),
  startupRestarts: quick ? 1 : 3,
  exportRuns: quick ? 1 : 3,
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
// Issue 13: the incident list on PostgreSQL, a suite of its own file (bench/incidents.ts), run alone.
if ((settings.suites as string[]).includes('incidents')) await (await import('./incidents.js')).benchIncidents().then(() => process.exit(0));
if ((settings.suites as string[]).includes('ledger-imports')) await (await import('./ledger-imports.js')).benchLedgerImports().then(() => process.exit(0));
if ((settings.suites as string[]).includes('network-security')) await (await import('./network-security.js')).benchNetworkSecurity().then(() => process.exit(0));
if ((settings.suites as string[]).includes('family-letters')) await (await import('./family-letters.js')).benchFamilyLetters().then(() => process.exit(process.exitCode ?? 0));
// Issue 17: IoT ingestion at 2,000 events/s offered (bench/iot.ts), run alone.
if ((settings.suites as string[]).includes('iot')) await (await import('./iot.js')).benchIot().then(() => process.exit(process.exitCode ?? 0));
if ((settings.suites as string[]).includes('warnings')) await (await import('./warnings.js')).benchWarnings().then(() => process.exit(process.exitCode ?? 0));
for (const s of settings.suites) if (!allSuites.includes(s)) throw new Error(`BENCH_SUITES: unknown suite ${s}`);

// ---------------------------------------------------------------- scenarios
type Account = keyof Dataset['accounts'];
interface BenchData {
  d: Dataset;
  h: HazardDataset | null;
  l?: LedgerDataset | null;
  p?: PlanDataset | null;
  today: string;
}
interface Target {
  metric: 'p95' | 'p99' | 'rps';
  below?: number;
  above?: number;
  /** PostgreSQL only (the issues set targets on PostgreSQL; PGlite is reported beside). */
  text: string;
}
interface Scenario {
  key: string;
  what: string;
  suite: 'platform' | 'hazards' | 'compliance' | 'plans';
  account: Account | null;
  kind: 'get' | 'login' | 'transition';
  path: (b: BenchData) => string;
  raw: 'sql' | 'argon2' | null;
  /** Connections for this scenario (default settings.connections). */
  connections?: number;
  targets?: Target[];
  /** A route another session is still writing: a 404 from the router skips the scenario. */
  optional?: boolean;
}

const listTarget: Target[] = [{ metric: 'p99', below: 50, text: 'p99 < 50 ms (issue 2)' }];
const registerTarget: Target[] = [{ metric: 'p95', below: 50, text: 'p95 < 50 ms (issue 3)' }];
const scenarios: Scenario[] = [
  { key: 'login', what: 'POST /auth/login (rotating 20,000 people)', suite: 'platform', account: null, kind: 'login', path: () => '/api/v1/auth/login', raw: 'argon2' },
  { key: 'me', what: 'GET /auth/me (school safety officer)', suite: 'platform', account: 'school', kind: 'get', path: () => '/api/v1/auth/me', raw: 'sql' },
  {
    key: 'units.district.filter',
    what: 'GET /units?kind=school&stage=primary&page=2 (bureau admin)',
    suite: 'platform',
    account: 'admin',
    kind: 'get',
    path: () => '/api/v1/units?kind=school&stage=primary&page=2&pageSize=20',
    raw: 'sql',
    targets: listTarget,
  },
  {
    key: 'units.district.q',
    what: 'GET /units?q=实验 (bureau admin)',
    suite: 'platform',
    account: 'admin',
    kind: 'get',
    path: () => `/api/v1/units?q=${encodeURIComponent('实验')}&pageSize=20`,
    raw: 'sql',
    targets: listTarget,
  },
  {
    key: 'units.town.filter',
    what: 'GET /units?kind=school&ownership=public (town officer)',
    suite: 'platform',
    account: 'town',
    kind: 'get',
    path: () => '/api/v1/units?kind=school&ownership=public&pageSize=20',
    raw: 'sql',
    targets: listTarget,
  },
  {
    key: 'users.district.role-under',
    what: 'GET /users?role=teacher&under=<town> (bureau admin)',
    suite: 'platform',
    account: 'admin',
    kind: 'get',
    path: (b) => `/api/v1/users?role=teacher&under=${b.d.townIds[3]}&pageSize=20`,
    raw: 'sql',
    targets: listTarget,
  },
  {
    key: 'users.district.q',
    what: 'GET /users?q=王芳 (bureau admin)',
    suite: 'platform',
    account: 'admin',
    kind: 'get',
    path: () => `/api/v1/users?q=${encodeURIComponent('王芳')}&pageSize=20`,
    raw: 'sql',
    targets: listTarget,
  },
  {
    key: 'users.town.role',
    what: 'GET /users?role=teacher&page=3 (town officer)',
    suite: 'platform',
    account: 'town',
    kind: 'get',
    path: () => '/api/v1/users?role=teacher&page=3&pageSize=20',
    raw: 'sql',
    targets: listTarget,
  },
  // Issue 3: the register with two filters, 20 clients and one client.
  ...[20, 1].flatMap((c): Scenario[] => [
    {
      key: `hazards.status-area@${c}`,
      what: `GET /hazards?status=rectifying&area=fire_chemicals (bureau admin, ${c} client${c > 1 ? 's' : ''})`,
      suite: 'hazards',
      account: 'admin',
      kind: 'get',
      path: () => '/api/v1/hazards?status=rectifying&area=fire_chemicals&pageSize=20',
      raw: 'sql',
      connections: c,
      targets: registerTarget,
    },
    {
      key: `hazards.town-overdue@${c}`,
      what: `GET /hazards?townId=<town>&overdue=true (bureau admin, ${c} client${c > 1 ? 's' : ''})`,
      suite: 'hazards',
      account: 'admin',
      kind: 'get',
      path: (b) => `/api/v1/hazards?townId=${b.d.townIds[5]}&overdue=true&pageSize=20`,
      raw: 'sql',
      connections: c,
      targets: registerTarget,
    },
  ]),
  {
    key: 'hazards.transition',
    what: "POST /hazards/:id/transitions 'confirm' on 'reported' hazards (bureau admin, each request its own hazard)",
    suite: 'hazards',
    account: 'admin',
    kind: 'transition',
    path: () => '/api/v1/hazards/:id/transitions',
    raw: null,
    targets: [
      { metric: 'rps', above: 500, text: '> 500/s (issue 3)' },
      { metric: 'p99', below: 100, text: 'p99 < 100 ms (issue 3)' },
    ],
  },
  {
    key: 'campaigns.progress@1',
    what: 'GET /campaigns/:id/progress, the current campaign (bureau admin, 1 client)',
    suite: 'hazards',
    account: 'admin',
    kind: 'get',
    path: (b) => `/api/v1/campaigns/${b.h?.currentCampaignId ?? 0}/progress`,
    raw: 'sql',
    connections: 1,
    optional: true,
    targets: [{ metric: 'p95', below: 300, text: 'p95 < 300 ms (issue 3)' }],
  },
  // Issue 4: the bureau's compliance page over the rollup of 1,000 schools, 20 clients and one client.
  ...[20, 1].flatMap((c): Scenario[] => {
    const clients = `${c} client${c > 1 ? 's' : ''}`;
    const target: Target[] = [{ metric: 'p95', below: 300, text: 'p95 < 300 ms (issue 4)' }];
    return [
      {
        key: `compliance.schools-missed@${c}`,
        what: `GET /compliance?per=school&sort=missed (bureau admin, ${clients})`,
        suite: 'compliance',
        account: 'admin',
        kind: 'get',
        path: () => '/api/v1/compliance?per=school&sort=missed&pageSize=20',
        raw: 'sql',
        connections: c,
        targets: target,
      },
      {
        // What the board page and the bureau's home page request since issue 19: the same page of schools, in brief.
        key: `compliance.matrix-missed@${c}`,
        what: `GET /compliance/matrix?sort=missed (bureau admin, ${clients})`,
        suite: 'compliance',
        account: 'admin',
        kind: 'get',
        path: () => '/api/v1/compliance/matrix?sort=missed&pageSize=20',
        raw: 'sql',
        connections: c,
        targets: target,
      },
      {
        key: `compliance.findings@${c}`,
        what: `GET /compliance, the finding list (bureau admin, ${clients})`,
        suite: 'compliance',
        account: 'admin',
        kind: 'get',
        path: () => '/api/v1/compliance?pageSize=20',
        raw: 'sql',
        connections: c,
        targets: target,
      },
      {
        key: `compliance.trend@${c}`,
        what: `GET /compliance/trend (bureau admin, ${clients})`,
        suite: 'compliance',
        account: 'admin',
        kind: 'get',
        path: () => '/api/v1/compliance/trend',
        raw: 'sql',
        connections: c,
        targets: target,
      },
    ];
  }),
  // The work plan's matrix (issue 14): the bureau's first page of units × the quarter's tasks, one at a time.
  { key: 'plans.matrix@1', what: 'GET /plans/:id/matrix?quarter=1 (bureau admin, one at a time)', suite: 'plans', account: 'admin', kind: 'get', path: (b) => `/api/v1/plans/${b.p!.planId}/matrix?quarter=1&pageSize=20`, raw: 'sql', connections: 1, targets: [{ metric: 'p95', below: 200, text: 'p95 < 200 ms one at a time (issue 14)' }] },
];
const selected = settings.only ? scenarios.filter((s) => settings.only!.includes(s.key)) : scenarios;
if (settings.only && !selected.length && !settings.only.includes('export') && !settings.only.includes('evaluation'))
  throw new Error(`BENCH_ONLY matches no scenario (${scenarios.map((s) => s.key).join(', ')}, export, evaluation)`);
const wants = (s: Scenario) => settings.suites.includes(s.suite) && selected.includes(s);
const wantExport = settings.suites.includes('hazards') && (!settings.only || settings.only.includes('export'));
const wantEvaluation = settings.suites.includes('compliance') && (!settings.only || settings.only.includes('evaluation'));

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
  // An array goes as node-postgres sends it: a PostgreSQL array literal (db/prepared.ts anyOf).
  const s = typeof v === 'string' ? v : Array.isArray(v) ? arrayLiteral(v) : JSON.stringify(v);
  return `'${s.replace(/'/g, "''")}'`;
}
function arrayLiteral(a: unknown[]): string {
  const item = (x: unknown): string =>
    x === null || x === undefined ? 'NULL' : Array.isArray(x) ? arrayLiteral(x) : typeof x === 'number' || typeof x === 'boolean' ? String(x) : `"${String(x).replace(/["\\]/g, '\\$&')}"`;
  return `{${a.map(item).join(',')}}`;
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

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
/** Resident set size of a process in MiB (/proc/<pid>/status VmRSS). */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
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
      execArgv: ['--import', 'tsx', ...startCommand(!dbEnv.DATABASE_URL).flags, ...(env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(here, 'results', 'profiles')}`] : [])],
      cwd: root,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...startCommand(!dbEnv.DATABASE_URL).env,
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
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** pgbench -M prepared on PostgreSQL (the limit API/raw compares against); otherwise the raw figure. */
  raw: number | null;
  /** pgbench -M simple on PostgreSQL: the same SQL replanned on every call. */
  rawSimple: number | null;
}
interface ScenarioResult {
  scenario: string;
  what: string;
  suite: Scenario['suite'];
  backend: Backend;
  connections: number;
  url: string;
  check: { status: number; total: number | null; bytes: number };
  statements: string[];
  runs: RunFigures[];
  median: { rps: number; p50: number; p95: number; p99: number; raw: number | null; rawSimple: number | null; ratio: number | null; cpu: RunFigures['cpu'] };
  rawKind: string | null;
  targets: Array<{ text: string; met: boolean; value: number }>;
  skipped?: string;
}

interface Session {
  cookie: string;
  csrf: string;
}
async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.getSetCookie()[0].split(';')[0], csrf: me.csrfToken };
}

/** What a transition run takes: the next 'reported' hazard for each request, and the body. */
interface TransitionPool {
  ids: number[];
  next: number;
  deadline: string;
}

async function cannon(
  base: string,
  s: Scenario,
  data: BenchData,
  seconds: number,
  session: Session | null,
  names: string[],
  pool: TransitionPool | null,
): Promise<{ res: CannonResult; latencies: number[] }> {
  const connections = s.connections ?? settings.connections;
  let opts: CannonOptions;
  if (s.kind === 'login') {
    let i = 0;
    opts = {
      url: base,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: s.path(data),
          headers: { 'content-type': 'application/json' },
          setupRequest: (req: RawRequest) => ({ ...req, body: JSON.stringify({ username: names[i++ % names.length], password: BENCH_PASSWORD }) }),
        },
      ],
    };
  } else if (s.kind === 'transition') {
    const p = pool!;
    opts = {
      url: base,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/json', cookie: session!.cookie, 'x-csrf-token': session!.csrf },
          setupRequest: (req: RawRequest) => {
            // Each request its own hazard: no two clients ever sign the same one (no 409 races).
            const id = p.ids[p.next++] ?? 0;
            return {
              ...req,
              path: `/api/v1/hazards/${id}/transitions`,
              body: JSON.stringify({ action: 'confirm', version: 1, measures: '按标准更换并加强日常巡查', deadline: p.deadline, interimControls: '设置警示标志，专人看守' }),
            };
          },
        },
      ],
    };
  } else {
    opts = { url: base + s.path(data), connections, duration: seconds, method: 'GET', headers: session ? { cookie: session.cookie } : {} };
  }
  const latencies: number[] = [];
  const instance = autocannon(opts);
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const res = await instance;
  latencies.sort((a, b) => a - b);
  return { res, latencies };
}

async function pgbench(url: string, scriptFile: string, seconds: number, connections: number, mode: 'prepared' | 'simple'): Promise<{ tps: number; latencyMs: number | null }> {
  const { stdout } = await run(
    PGBENCH,
    ['-n', '-M', mode, '-c', String(connections), '-j', String(Math.min(2, connections)), '-T', String(seconds), '-f', scriptFile, url],
    { env: { ...process.env, PGCLIENTENCODING: 'UTF8' }, maxBuffer: 10 * 1024 * 1024 },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  const failed = /number of failed transactions: (\d+)/.exec(stdout);
  if (!tps) throw new Error(`pgbench: no tps in output:\n${stdout}`);
  if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} failed transactions:\n${stdout}`);
  const lat = /latency average = ([\d.]+) ms/.exec(stdout);
  return { tps: Number(tps[1]), latencyMs: lat ? Number(lat[1]) : null };
}

// ---------------------------------------------------------------- databases
/** The PostgreSQL server of this run: BENCH_DATABASE_URL, or a throwaway one (scripts/pg-temp.sh). */
async function postgresServer(): Promise<{ url: string; postmaster: number | null }> {
  if (env.BENCH_DATABASE_URL) return { url: env.BENCH_DATABASE_URL, postmaster: null };
  const state = path.join(os.tmpdir(), `anxiao-bench-pg.${process.pid}`);
  const pgEnv = { ...process.env, ANXIAO_PG_STATE: state };
  const started = spawnSync('bash', [path.join(root, 'scripts/pg-temp.sh'), 'start'], { env: pgEnv, encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`scripts/pg-temp.sh start failed: ${started.stderr}`);
  cleanups.push(() => {
    spawnSync('bash', [path.join(root, 'scripts/pg-temp.sh'), 'stop'], { env: pgEnv, stdio: 'inherit' });
  });
  const url = started.stdout.trim().split('\n').pop()!;
  const pgDir = readFileSync(state, 'utf8').trim();
  return { url, postmaster: Number(readFileSync(path.join(pgDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) };
}

/** A fresh database in the server, dropped on the way out; the postmaster's pid through /proc when local. */
async function createDatabase(serverUrl: string, purpose: string): Promise<{ url: string; postmaster: number | null }> {
  const name = `anxiao_bench_${process.pid}_${purpose}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  let postmaster: number | null = null;
  try {
    const backendPid = (await admin.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    try {
      const stat = readFileSync(`/proc/${backendPid}/stat`, 'utf8');
      postmaster = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      // a server elsewhere: its CPU is not measured
    }
    await admin.query(`drop database if exists ${name} with (force)`);
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

interface FreshDb {
  /** Environment for a server on it. */
  env: Record<string, string>;
  open: () => Promise<Database>;
  pgUrl: string | null;
  postmaster: number | null;
}
async function freshDb(backend: Backend, pgServer: { url: string } | null, purpose: string): Promise<FreshDb> {
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `anxiao-bench-${purpose}-`));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    return { env: { DATA_DIR: dataDir, DATABASE_URL: '' }, open: () => openPglite(path.join(dataDir, 'pglite')), pgUrl: null, postmaster: null };
  }
  const { url, postmaster } = await createDatabase(pgServer!.url, purpose);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `anxiao-bench-${purpose}-`));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return { env: { DATABASE_URL: url, DATA_DIR: dataDir }, open: () => openPostgres(url), pgUrl: url, postmaster };
}

// ---------------------------------------------------------------- one scenario
async function measureScenario(
  s: Scenario,
  backend: Backend,
  server: ServerChild,
  data: BenchData,
  sessions: Record<Account, Session>,
  pgUrl: string | null,
  postmaster: number | null,
  outDir: string,
  hash: string,
): Promise<ScenarioResult> {
  const session = s.account ? sessions[s.account] : null;
  const connections = s.connections ?? settings.connections;
  const url = s.path(data);
  const base: Omit<ScenarioResult, 'runs' | 'median' | 'targets'> = {
    scenario: s.key,
    what: s.what,
    suite: s.suite,
    backend,
    connections,
    url,
    check: { status: 0, total: null, bytes: 0 },
    statements: [],
    rawKind: s.raw === 'argon2' ? 'argon2 verify/s' : s.raw === 'sql' ? (backend === 'postgres' ? 'pgbench -M prepared tps' : 'PGlite in-process loop/s') : null,
  };
  // One checked request, with the SQL it sends captured.
  let statements: CapturedStatement[] = [];
  await server.ask({ type: 'idle' }, 'ok');
  let pool: TransitionPool | null = null;
  if (s.kind === 'get') {
    await server.ask({ type: 'capture-start' }, 'ok');
    const res = await fetch(server.base + url, { headers: session ? { cookie: session.cookie } : {} });
    const text = await res.text();
    statements = (await server.ask({ type: 'capture-stop' }, 'captured')).statements;
    if (res.status === 404 && s.optional && /Route GET:/.test(text)) {
      log(`${backend} ${s.key}: the route is not there yet (${text.slice(0, 120)}); skipped`);
      return { ...base, runs: [], median: { rps: NaN, p50: NaN, p95: NaN, p99: NaN, raw: null, rawSimple: null, ratio: null, cpu: { server: NaN, database: null, loadgen: NaN, other: NaN } }, targets: [], skipped: 'route not there yet' };
    }
    if (res.status !== 200) throw new Error(`${s.key} on ${backend}: ${res.status} ${text}`);
    const body = JSON.parse(text) as { total?: number };
    base.check = { status: res.status, total: typeof body.total === 'number' ? body.total : null, bytes: Buffer.byteLength(text) };
    if (base.check.total === 0) throw new Error(`${s.key} on ${backend}: the filter matches nothing; the scenario would measure an empty page`);
  } else if (s.kind === 'login') {
    const res = await fetch(server.base + url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: data.d.loginUsernames[0], password: BENCH_PASSWORD }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${s.key} on ${backend}: ${res.status} ${text}`);
    base.check = { status: res.status, total: null, bytes: Buffer.byteLength(text) };
  } else {
    const rows = (await server.ask({ type: 'query', text: `select id from hazards where district_id = ${data.d.districtId} and status = 'reported' and version = 1 order by id` }, 'rows')).rows;
    pool = { ids: rows.map((r) => Number(r.id)), next: 0, deadline: addDays(data.today, 30) };
    // The checked request uses the first hazard of the pool.
    const id = pool.ids[pool.next++];
    const res = await fetch(`${server.base}/api/v1/hazards/${id}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session!.cookie, 'x-csrf-token': session!.csrf },
      body: JSON.stringify({ action: 'confirm', version: 1, measures: '按标准更换并加强日常巡查', deadline: pool.deadline, interimControls: '设置警示标志，专人看守' }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${s.key} on ${backend}: ${res.status} ${text}`);
    base.check = { status: res.status, total: pool.ids.length, bytes: Buffer.byteLength(text) };
  }
  const inlined = statements.filter((x) => /^\s*(select|with)\b/i.test(x.text)).map(inlineParams);
  base.statements = inlined;
  let scriptFile: string | null = null;
  if (s.raw === 'sql') {
    scriptFile = path.join(outDir, `${backend}-${s.key.replace(/@/g, "-c")}.sql`);
    writeFileSync(scriptFile, inlined.map((q) => `${q};\n`).join(''));
  }
  log(
    `${backend} ${s.key}: ${base.check.status}${base.check.total !== null ? `, total ${base.check.total}` : ''}, ${base.check.bytes} bytes` +
      `${s.raw === 'sql' ? `, ${inlined.length} SELECTs` : ''}; ${connections} connection(s); warming up ${settings.warmup} s`,
  );
  await cannon(server.base, s, data, settings.warmup, session, data.d.loginUsernames, pool);

  const runs: RunFigures[] = [];
  for (let r = 1; r <= settings.runs; r++) {
    await server.ask({ type: 'idle' }, 'ok');
    const before = { server: (await server.ask({ type: 'cpu' }, 'cpu')).seconds, db: postmaster ? pgCpuSeconds(postmaster) : 0, self: process.cpuUsage(), machine: machineBusySeconds(), t: performance.now() };
    const { res, latencies } = await cannon(server.base, s, data, settings.seconds, session, data.d.loginUsernames, pool);
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
    let rawSimple: number | null = null;
    if (s.raw === 'argon2') {
      raw = (await server.ask({ type: 'argon2', hash, password: BENCH_PASSWORD, seconds: settings.rawSeconds, concurrency: connections }, 'rate')).rate;
    } else if (s.raw === 'sql' && backend === 'postgres') {
      raw = (await pgbench(pgUrl!, scriptFile!, settings.rawSeconds, connections, 'prepared')).tps;
      rawSimple = (await pgbench(pgUrl!, scriptFile!, settings.rawSeconds, connections, 'simple')).tps;
    } else if (s.raw === 'sql') {
      raw = (await server.ask({ type: 'raw', seconds: settings.rawSeconds }, 'rate')).rate;
    }
    const fig: RunFigures = {
      cpu,
      rps,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      requests: res.requests.total,
      non2xx: res.non2xx,
      errors: res.errors,
      raw,
      rawSimple,
    };
    runs.push(fig);
    log(
      `${backend} ${s.key} run ${r}/${settings.runs}: ${fmtRate(rps)} req/s, p50 ${fmt(fig.p50, 1)} ms, p95 ${fmt(fig.p95, 1)} ms, p99 ${fmt(fig.p99, 1)} ms` +
        `${fig.non2xx || fig.errors ? ` (NON-2XX ${fig.non2xx}, ERRORS ${fig.errors})` : ''}; raw ${fmtRate(raw)}/s${rawSimple !== null ? ` (-M simple ${fmtRate(rawSimple)}/s)` : ''}; ` +
        `cores: server ${fmt(cpu.server, 2)}${cpu.database !== null ? `, postgres ${fmt(cpu.database, 2)}` : ''}, autocannon ${fmt(cpu.loadgen, 2)}, others ${fmt(cpu.other, 2)} (of ${os.cpus().length})`,
    );
    if (pool) log(`${backend} ${s.key}: ${pool.next} of ${pool.ids.length} 'reported' hazards used so far`);
  }
  const mRaw = runs.every((x) => x.raw !== null) ? median(runs.map((x) => x.raw!)) : null;
  const mRps = median(runs.map((x) => x.rps));
  const m = {
    rps: mRps,
    p50: median(runs.map((x) => x.p50)),
    p95: median(runs.map((x) => x.p95)),
    p99: median(runs.map((x) => x.p99)),
    raw: mRaw,
    rawSimple: runs.every((x) => x.rawSimple !== null) ? median(runs.map((x) => x.rawSimple!)) : null,
    ratio: mRaw ? mRps / mRaw : null,
    cpu: {
      server: median(runs.map((x) => x.cpu.server)),
      database: runs.every((x) => x.cpu.database !== null) ? median(runs.map((x) => x.cpu.database!)) : null,
      loadgen: median(runs.map((x) => x.cpu.loadgen)),
      other: median(runs.map((x) => x.cpu.other)),
    },
  };
  const targets = (s.targets ?? []).map((t) => {
    const value = m[t.metric];
    return { text: t.text, value, met: t.below !== undefined ? value < t.below : value > t.above! };
  });
  return { ...base, runs, median: m, targets };
}

// ---------------------------------------------------------------- export
interface ExportResult {
  backend: Backend;
  url: string;
  hazards: number;
  runs: Array<{ seconds: number; bytes: number; rssBeforeMiB: number; rssPeakMiB: number; rssDeltaMiB: number; status: number }>;
  median: { seconds: number; rssDeltaMiB: number };
  maxRssDeltaMiB: number;
  targets: Array<{ text: string; met: boolean; value: number }>;
}
async function measureExport(backend: Backend, server: ServerChild, session: Session): Promise<ExportResult> {
  // closed_campus is 10% of the register: ~100,000 of 1,000,000.
  const filter = 'area=closed_campus';
  const total = ((await (await fetch(`${server.base}/api/v1/hazards?${filter}&pageSize=1`, { headers: { cookie: session.cookie } })).json()) as { total: number }).total;
  const url = `/api/v1/hazards/export?${filter}`;
  const runs: ExportResult['runs'] = [];
  for (let r = 1; r <= settings.exportRuns; r++) {
    await server.ask({ type: 'idle' }, 'ok');
    const pid = server.child.pid!;
    const rssBefore = rssMiB(pid);
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(pid));
    }, 10);
    const t0 = performance.now();
    const res = await fetch(server.base + url, { headers: { cookie: session.cookie } });
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB(pid));
    if (res.status !== 200) throw new Error(`export on ${backend}: ${res.status}`);
    runs.push({ seconds, bytes, rssBeforeMiB: rssBefore, rssPeakMiB: peak, rssDeltaMiB: peak - rssBefore, status: res.status });
    log(`${backend} export run ${r}/${settings.exportRuns}: ${total} hazards, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${seconds.toFixed(2)} s; server RSS ${rssBefore.toFixed(0)} → peak ${peak.toFixed(0)} MiB (+${(peak - rssBefore).toFixed(0)})`);
  }
  const m = { seconds: median(runs.map((x) => x.seconds)), rssDeltaMiB: median(runs.map((x) => x.rssDeltaMiB)) };
  const maxDelta = Math.max(...runs.map((x) => x.rssDeltaMiB));
  return {
    backend,
    url,
    hazards: total,
    runs,
    median: m,
    maxRssDeltaMiB: maxDelta,
    targets: [
      { text: 'time < 10 s (issue 3)', value: m.seconds, met: m.seconds < 10 },
      { text: 'server RSS growth < 300 MB (issue 3, largest of the runs)', value: maxDelta, met: maxDelta * 1.048576 < 300 },
    ],
  };
}

// ---------------------------------------------------------------- start-up
interface StartupResult {
  backend: Backend;
  /** Empty database, demo district loaded: spawn → /healthz 200. */
  firstMs: number;
  /** Restarts on the database the first start left. */
  restartsMs: number[];
  /** Which restarts rebuilt the web UI (left out of the median). */
  restartsRebuilt: boolean[];
  restartMedianMs: number;
  /** What the server itself logs ("started in N ms": after Node has loaded the code). */
  serverReportedMs: { first: number | null; restarts: Array<number | null> };
  targets: Array<{ text: string; met: boolean; value: number }>;
}
async function startOnce(db: FreshDb, demo: boolean): Promise<{ ms: number; reported: number | null; rebuilt: boolean }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...startCommand(!db.env.DATABASE_URL).flags, 'dist/server/main.js'], {
    cwd: root,
    env: { ...process.env, ...startCommand(!db.env.DATABASE_URL).env, ...db.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ANXIAO_DEMO: demo ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ms = 0;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) {
          ms = performance.now() - t0;
          break;
        }
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 300_000) throw new Error(`npm start: no /healthz after 300 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  const m = /started in (\d+) ms/.exec(out);
  return { ms, reported: m ? Number(m[1]) : null, rebuilt: /rebuilding|Building the web UI/.test(out) };
}
async function measureStartup(backend: Backend, db: FreshDb): Promise<StartupResult> {
  const first = await startOnce(db, true);
  log(`${backend} start-up, empty database with the demo district: ${(first.ms / 1000).toFixed(2)} s to /healthz (server says ${first.reported} ms)${first.rebuilt ? ' — REBUILT THE WEB UI' : ''}`);
  const restarts: Array<{ ms: number; reported: number | null; rebuilt: boolean }> = [];
  for (let i = 1; i <= settings.startupRestarts; i++) {
    const r = await startOnce(db, true);
    restarts.push(r);
    log(`${backend} restart ${i}/${settings.startupRestarts} on the existing database: ${(r.ms / 1000).toFixed(2)} s to /healthz (server says ${r.reported} ms)${r.rebuilt ? ' — REBUILT THE WEB UI' : ''}`);
  }
  // A start that rebuilt the web UI (someone changed its sources meanwhile) measures the build: left out.
  const clean = restarts.filter((r) => !r.rebuilt);
  const restartMedianMs = median((clean.length ? clean : restarts).map((r) => r.ms));
  return {
    backend,
    firstMs: first.ms,
    restartsMs: restarts.map((r) => r.ms),
    restartsRebuilt: restarts.map((r) => r.rebuilt),
    restartMedianMs,
    serverReportedMs: { first: first.reported, restarts: restarts.map((r) => r.reported) },
    targets: [{ text: 'restart on an existing database < 5 s (issue 2, embedded)', value: restartMedianMs, met: restartMedianMs < 5000 }],
  };
}

// ---------------------------------------------------------------- imports
interface RssFigures {
  /** The server child's RSS before the step, and the highest seen during it (MiB). */
  beforeMiB: number;
  peakMiB: number;
}
interface ImportResult {
  backend: Backend;
  units: { rows: number; fileKiB: number; seconds: number; status: string } & RssFigures;
  people: { rows: number; fileKiB: number; seconds: number; status: string } & RssFigures;
  /** The largest file the limits allow, alone. */
  largest: { rows: number; cells: number; fileKiB: number; seconds: number; status: string } & RssFigures;
  /** Three of them uploaded at once. */
  parallel: { files: number; seconds: number; statuses: string[]; concurrency: number } & RssFigures;
  targets: Array<{ text: string; met: boolean; value: number }>;
}

/** Runs `work` while sampling the server child's RSS every 20 ms. */
async function withRss<T>(pid: number, work: () => Promise<T>): Promise<T & RssFigures> {
  const beforeMiB = rssMiB(pid);
  let peakMiB = beforeMiB;
  const timer = setInterval(() => {
    try {
      peakMiB = Math.max(peakMiB, rssMiB(pid));
    } catch {
      // the child exited: the import will fail and say so
    }
  }, 20);
  try {
    const result = await work();
    peakMiB = Math.max(peakMiB, rssMiB(pid));
    return { ...result, beforeMiB, peakMiB };
  } finally {
    clearInterval(timer);
  }
}
async function importFile(server: ServerChild, session: Session, fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const { payload, headers } = multipart(fields, file);
  const t0 = performance.now();
  const res = await fetch(`${server.base}/api/v1/imports`, { method: 'POST', headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf }, body: payload });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`import upload: ${res.status} ${text}`);
  const id = (JSON.parse(text) as { job: { id: number } }).job.id;
  for (;;) {
    const job = ((await (await fetch(`${server.base}/api/v1/imports/${id}`, { headers: { cookie: session.cookie } })).json()) as { job: { status: string; errors: unknown[]; processed: number } }).job;
    if (job.status === 'done' || job.status === 'failed') {
      if (job.status === 'failed' || job.errors.length) throw new Error(`import ${fields.kind}: ${job.status} ${JSON.stringify(job.errors).slice(0, 500)}`);
      return { seconds: (performance.now() - t0) / 1000, status: job.status };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function measureImports(backend: Backend, db: FreshDb): Promise<ImportResult> {
  const database = await db.open();
  let admin: string;
  try {
    await database.migrate();
    ({ admin } = await loadBureau(database.db));
  } finally {
    await database.close();
  }
  const server = await ServerChild.start(backend, db.env);
  cleanups.push(() => server.stop());
  try {
    const session = await login(server.base, admin);
    const stages = ['幼儿园', '小学', '初中', '高中', '九年一贯制'];
    const schoolName = (i: number) => `导入测试第${i + 1}学校`;
    const unitRows: unknown[][] = [];
    for (const name of benchTownNames) {
      const v: Record<string, unknown> = { 单位名称: name, 单位类型: '镇街', 上级单位: '基准区教育局' };
      unitRows.push(unitImportColumns.map((c) => v[c] ?? null));
    }
    for (let i = 0; i < FULL_SIZE.schools; i++) {
      const v: Record<string, unknown> = {
        单位名称: schoolName(i),
        单位类型: '学校/机构',
        上级单位: benchTownNames[i % benchTownNames.length],
        编码: `S${String(i + 1).padStart(4, '0')}`,
        学段: stages[i % stages.length],
        办学性质: i % 7 === 0 ? '民办' : '公办',
        寄宿制: i % 5 === 0 ? '是' : '否',
        使用校车: i % 3 === 0 ? '是' : '否',
        农村学校: i % 2 === 0 ? '是' : '否',
        校门数: 1 + (i % 4),
        学生数: 200 + i,
        教职工数: 20 + (i % 50),
        地址: `基准区第${i + 1}路 ${i + 1} 号`,
        校长: `校长${i + 1}`,
        联系电话: `139${String(i).padStart(8, '0')}`,
      };
      unitRows.push(unitImportColumns.map((c) => v[c] ?? null));
    }
    const unitsFile = { name: '单位.xlsx', data: await xlsx(unitImportColumns, unitRows, '单位') };
    const people = FULL_SIZE.schools * FULL_SIZE.peoplePerSchool;
    const peopleRows: unknown[][] = [];
    for (let i = 0; i < people; i++) {
      const v: Record<string, unknown> = {
        用户名: `imp${i + 1}`,
        姓名: `教师${i + 1}`,
        联系电话: `138${String(i).padStart(8, '0')}`,
        所属单位: schoolName(i % FULL_SIZE.schools),
        角色: i < FULL_SIZE.schools ? '校长、学校安全员' : '教师',
      };
      peopleRows.push(userImportColumns.map((c) => v[c] ?? null));
    }
    const peopleFile = { name: '人员.xlsx', data: await xlsx(userImportColumns, peopleRows, '人员') };
    const pid = server.child.pid!;
    const u = await withRss(pid, () => importFile(server, session, { kind: 'units' }, unitsFile));
    log(`${backend} import of ${unitRows.length} units (${(unitsFile.data.length / 1024).toFixed(0)} KiB): ${u.seconds.toFixed(1)} s, RSS ${fmt(u.beforeMiB)} → ${fmt(u.peakMiB)} MiB`);
    const p = await withRss(pid, () => importFile(server, session, { kind: 'users', initialPassword: 'Bench#2026ok' }, peopleFile));
    log(`${backend} import of ${people} people (${(peopleFile.data.length / 1024).toFixed(0)} KiB): ${p.seconds.toFixed(1)} s, RSS ${fmt(p.beforeMiB)} → ${fmt(p.peakMiB)} MiB`);

    // The largest file the limits allow (issue 11 item 2): IMPORT_MAX_ROWS schools with every one
    // of the 16 columns of the units template filled, under the towns above.
    const largestFile = async (tag: string) => {
      const rows: unknown[][] = [];
      for (let i = 0; i < IMPORT_MAX_ROWS; i++) {
        const v: Record<string, unknown> = {
          单位名称: `上限测试${tag}第${i + 1}学校`,
          单位类型: '学校/机构',
          上级单位: benchTownNames[i % benchTownNames.length],
          编码: `${tag}${String(i + 1).padStart(5, '0')}`,
          学段: stages[i % stages.length],
          办学性质: i % 7 === 0 ? '民办' : '公办',
          寄宿制: i % 5 === 0 ? '是' : '否',
          使用校车: i % 3 === 0 ? '是' : '否',
          农村学校: i % 2 === 0 ? '是' : '否',
          校门数: 1 + (i % 4),
          学生数: 200 + (i % 3000),
          教职工数: 20 + (i % 50),
          地址: `基准区上限路 ${i + 1} 号`,
          校长: `校长${tag}${i + 1}`,
          联系电话: `137${String(i).padStart(8, '0')}`,
          负责安全领域: null,
        };
        rows.push(unitImportColumns.map((c) => v[c] ?? null));
      }
      return { name: `上限${tag}.xlsx`, data: await xlsx(unitImportColumns, rows, '单位') };
    };
    const big = await largestFile('A');
    const cells = (IMPORT_MAX_ROWS + 1) * unitImportColumns.length;
    const l = await withRss(pid, () => importFile(server, session, { kind: 'units' }, big));
    log(`${backend} largest allowed import, ${IMPORT_MAX_ROWS} rows × ${unitImportColumns.length} columns (${(big.data.length / 1024).toFixed(0)} KiB): ${l.seconds.toFixed(1)} s, RSS ${fmt(l.beforeMiB)} → ${fmt(l.peakMiB)} MiB`);
    const three = [await largestFile('B'), await largestFile('C'), await largestFile('D')];
    const par = await withRss(pid, async () => {
      const t0 = performance.now();
      const done = await Promise.all(three.map((f) => importFile(server, session, { kind: 'units' }, f)));
      return { files: three.length, seconds: (performance.now() - t0) / 1000, statuses: done.map((d) => d.status), concurrency: Number(env.IMPORT_CONCURRENCY || 2) };
    });
    log(`${backend} three largest files at once: ${par.seconds.toFixed(1)} s, RSS ${fmt(par.beforeMiB)} → ${fmt(par.peakMiB)} MiB`);
    return {
      backend,
      units: { rows: unitRows.length, fileKiB: unitsFile.data.length / 1024, ...u },
      people: { rows: people, fileKiB: peopleFile.data.length / 1024, ...p },
      largest: { rows: IMPORT_MAX_ROWS, cells, fileKiB: big.data.length / 1024, ...l },
      parallel: par,
      targets: [
        { text: 'units < 60 s (issue 2)', value: u.seconds, met: u.seconds < 60 },
        { text: 'people < 60 s (issue 2)', value: p.seconds, met: p.seconds < 60 },
      ],
    };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------- compliance evaluation (in process)
interface EvaluationRun {
  /** Reading: the rule pack, the schools, each ledger reader in turn, the staff, the calendars. */
  readMs: number;
  /** The engine (evaluate) over what was read. */
  engineMs: number;
  /** refreshRollup(force): read, engine, and the findings and month counts written, in one transaction. */
  refreshMs: number;
  /** refreshRollup after one drill was recorded: the school the trigger marked, alone. */
  partialMs: number;
  readers: Record<string, { ms: number; rows: number }>;
}
interface EvaluationResult {
  backend: Backend;
  schools: number;
  records: number;
  findings: number;
  byStatus: Record<string, number>;
  /** Record ids the findings carry (what the engine counted), and the findings table's size. */
  recordIds: number;
  findingsBytes: number;
  /** The first refreshRollup on the loaded database (a cold cache; it also seeds the rule pack). */
  firstMs: number;
  runs: EvaluationRun[];
  median: { readMs: number; engineMs: number; refreshMs: number; writeMs: number; partialMs: number; readers: Record<string, { ms: number; rows: number }> };
  /** backfillTrend, one month per call: every school evaluated at the month's end and counted. */
  backfill: Array<{ month: string; ms: number }>;
  targets: Array<{ text: string; met: boolean; value: number }>;
}

async function measureEvaluation(backend: Backend, database: Database, d: Dataset, today: string, records: number): Promise<EvaluationResult> {
  const db = database.db;
  const D = d.districtId;
  const rows = async <T>(q: string) => ((await db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows;

  let t = performance.now();
  const first = await refreshRollup(db, D, today, { force: true });
  const firstMs = performance.now() - t;
  log(`${backend} compliance: first full evaluation ${(firstMs / 1000).toFixed(2)} s (${first.mode}, ${first.evaluatedSchools} schools, ${first.judged.length} rules)`);

  const runs: EvaluationRun[] = [];
  for (let r = 1; r <= settings.runs; r++) {
    // 1. Reading and the engine, timed apart: what evaluateSchools does, each reader in turn (inside
    // refreshRollup's transaction they share one connection, so they run one after another there too).
    const readers: EvaluationRun['readers'] = {};
    const t0 = performance.now();
    const { judged } = await judgedRules(db, D);
    const schools = await db.select().from(unitsTable).where(and(eq(unitsTable.districtId, D), eq(unitsTable.kind, 'school'), eq(unitsTable.status, 'active')));
    const { calendars, keyPeriods } = await periodInputs(db, D);
    const scope: ReadScope = { db, districtId: D, asOf: today, ...readDemand(judged, today, { calendars, keyPeriods }), schools: (x) => eq(x.districtId, D) };
    const out: EngineRecords = { records: {}, staff: [] };
    const ledgers = [...new Set(judged.map(ledgerOf))].filter((l) => ledgerReaders[l]);
    for (const l of ledgers) {
      t = performance.now();
      await ledgerReaders[l]!(scope, out);
      const got = Object.values(out.records).reduce((a, x) => a + (Array.isArray(x) ? x.length : 0), 0) - Object.values(readers).reduce((a, x) => a + x.rows, 0);
      readers[l] = { ms: performance.now() - t, rows: got };
    }
    if (ledgers.some((l) => STAFF_LEDGERS.has(l))) {
      t = performance.now();
      out.staff = await readStaff(scope);
      readers.staff = { ms: performance.now() - t, rows: out.staff.length };
    }
    const readMs = performance.now() - t0;
    t = performance.now();
    const facts = schools.map(schoolFactsOf);
    const findings = evaluate({ rules: judged, units: facts, staff: out.staff, records: out.records, calendars, keyPeriods, asOf: today });
    const engineMs = performance.now() - t;
    out.records = {};
    out.staff = [];

    // 2. The app's full evaluation: read, engine, findings written.
    t = performance.now();
    const full = await refreshRollup(db, D, today, { force: true });
    const refreshMs = performance.now() - t;
    if (full.mode !== 'full' || full.evaluatedSchools !== schools.length) throw new Error(`full refresh: ${full.mode}, ${full.evaluatedSchools} schools`);

    // 3. One drill recorded at a school (the trigger marks it), then the refresh a read would do.
    const school = d.schoolIds[(r * 97) % d.schoolIds.length];
    await db.execute(
      sql.raw(
        `insert into drills (district_id, school_id, school_path, held_on, kind, participants, created_by, created_by_name)
         select ${D}, u.id, u.path, '${today}', 'fire', 500, (select id from users where username = '${d.accounts.admin}'), '基准管理员' from units u where u.id = ${school}`,
      ),
    );
    t = performance.now();
    const partial = await refreshRollup(db, D, today);
    const partialMs = performance.now() - t;
    if (partial.mode !== 'partial' || partial.evaluatedSchools !== 1) throw new Error(`partial refresh: ${partial.mode}, ${partial.evaluatedSchools} schools`);

    runs.push({ readMs, engineMs, refreshMs, partialMs, readers });
    log(
      `${backend} compliance run ${r}/${settings.runs}: read ${(readMs / 1000).toFixed(2)} s, engine ${(engineMs / 1000).toFixed(2)} s (${findings.length} findings); ` +
        `refreshRollup(force) ${(refreshMs / 1000).toFixed(2)} s; partial after one drill ${partialMs.toFixed(0)} ms; readers ` +
        Object.entries(readers)
          .map(([k, v]) => `${k} ${v.ms.toFixed(0)} ms/${v.rows}`)
          .join(', '),
    );
  }

  // The trend's earlier months, as the scheduler fills them (one month per call).
  const backfill: EvaluationResult['backfill'] = [];
  for (let m = 0; m < settings.trendMonths; m++) {
    t = performance.now();
    const done = await backfillTrend(db, D, today, { monthsBack: settings.trendMonths, limit: 1 });
    if (!done.length) break;
    backfill.push({ month: done[0], ms: performance.now() - t });
    log(`${backend} compliance: trend month ${done[0]} filled in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }

  const byStatus = Object.fromEntries(
    (await rows<{ status: string; n: number }>(`select status, count(*)::int as n from compliance_findings where district_id = ${D} group by status order by status`)).map((x) => [x.status, x.n]),
  );
  const [size] = await rows<{ ids: number; bytes: number }>(
    `select coalesce(sum(cardinality(record_ids)), 0)::int as ids, pg_total_relation_size('compliance_findings')::int as bytes from compliance_findings where district_id = ${D}`,
  );
  const readerNames = Object.keys(runs[0].readers);
  const m = {
    readMs: median(runs.map((x) => x.readMs)),
    engineMs: median(runs.map((x) => x.engineMs)),
    refreshMs: median(runs.map((x) => x.refreshMs)),
    writeMs: median(runs.map((x) => x.refreshMs - x.readMs - x.engineMs)),
    partialMs: median(runs.map((x) => x.partialMs)),
    readers: Object.fromEntries(readerNames.map((k) => [k, { ms: median(runs.map((x) => x.readers[k].ms)), rows: runs[0].readers[k].rows }])),
  };
  return {
    backend,
    schools: d.schoolIds.length,
    records,
    findings: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    recordIds: size.ids,
    findingsBytes: size.bytes,
    firstMs,
    runs,
    median: m,
    backfill,
    targets: [{ text: 'every rule for every school < 5 s (issue 4)', value: m.refreshMs / 1000, met: m.refreshMs < 5000 }],
  };
}

// ---------------------------------------------------------------- one backend
interface BackendInfo {
  backend: Backend;
  serverVersion: string | null;
  dataset: Omit<Dataset, 'loginUsernames' | 'schoolIds'> | null;
  hazards: HazardDataset | null;
  ledgers: LedgerDataset | null;
}
interface BackendResults {
  info: BackendInfo;
  results: ScenarioResult[];
  exports: ExportResult | null;
  evaluation: EvaluationResult | null;
  startup: StartupResult | null;
  imports: ImportResult | null;
}

async function measureBackend(backend: Backend, outDir: string, hash: string): Promise<BackendResults> {
  const pgServer = backend === 'postgres' ? await postgresServer() : null;
  const out: BackendResults = { info: { backend, serverVersion: null, dataset: null, hazards: null, ledgers: null }, results: [], exports: null, evaluation: null, startup: null, imports: null };

  if (settings.suites.includes('startup')) out.startup = await measureStartup(backend, await freshDb(backend, pgServer, 'startup'));
  if (settings.suites.includes('imports')) out.imports = await measureImports(backend, await freshDb(backend, pgServer, 'imports'));

  const platform = selected.filter((s) => s.suite === 'platform' && wants(s));
  const hazardScenarios = selected.filter((s) => s.suite === 'hazards' && wants(s));
  if (platform.length || hazardScenarios.length || wantExport) await measureMain(backend, pgServer, outDir, hash, out, platform, hazardScenarios);
  const complianceScenarios = selected.filter((s) => s.suite === 'compliance' && wants(s));
  if (complianceScenarios.length || wantEvaluation) await measureCompliance(backend, pgServer, outDir, hash, out, complianceScenarios);
  if (settings.suites.includes('risks')) await freshDb(backend, pgServer, 'risks').then(async (f) => { const database = await f.open(); try { await database.migrate(); await (await import('./risks.js')).benchRisks(database, backend, f.pgUrl, log); } finally { await database.close(); } });
  if (settings.suites.includes('assessment')) Object.assign(out, { assessment: await runAssessmentBench(backend, pgServer?.url) });
  const planScenarios = selected.filter((s) => s.suite === 'plans' && wants(s));
  if (planScenarios.length) await measurePlans(backend, pgServer, outDir, hash, out, planScenarios);
  return out;
}

/** The server under test on a loaded database, logged in as the three bench accounts. */
async function startServer(backend: Backend, db: FreshDb, dataset: Dataset) {
  const server = await ServerChild.start(backend, db.env);
  cleanups.push(() => server.stop());
  const sessions: Record<Account, Session> = {
    admin: await login(server.base, dataset.accounts.admin),
    town: await login(server.base, dataset.accounts.town),
    school: await login(server.base, dataset.accounts.school),
  };
  return { server, sessions };
}

/** The platform and hazard suites: one database with the district, later the hazard register. */
async function measureMain(
  backend: Backend,
  pgServer: { url: string; postmaster: number | null } | null,
  outDir: string,
  hash: string,
  out: BackendResults,
  platform: Scenario[],
  hazardScenarios: Scenario[],
) {
  // 1. A fresh database with the district.
  const db = await freshDb(backend, pgServer, 'main');
  const postmaster = db.postmaster ?? pgServer?.postmaster ?? null;
  log(`${backend}: migrating and loading the district`);
  let dataset: Dataset;
  let database = await db.open();
  try {
    await database.migrate();
    dataset = await loadDataset(database.db, FULL_SIZE);
  } finally {
    await database.close();
  }
  log(`${backend}: ${dataset.units} units (${dataset.schoolIds.length} schools), ${dataset.people} people loaded in ${(dataset.loadMs / 1000).toFixed(1)} s`);
  const data: BenchData = { d: dataset, h: null, today: shanghaiDate(new Date()) };
  const { loginUsernames, schoolIds, ...rest } = dataset;
  out.info.dataset = rest;

  // 2. The server under test.
  let { server, sessions } = await startServer(backend, db, dataset);
  out.info.serverVersion = (await server.ask({ type: 'version' }, 'version')).version;
  log(`${backend}: server up at ${server.base} (${out.info.serverVersion.split(' on ')[0]})`);
  for (const s of platform) out.results.push(await measureScenario(s, backend, server, data, sessions, db.pgUrl, postmaster, outDir, hash));

  // 3. The hazard register, added while the server is down (PGlite has one owner).
  if (hazardScenarios.length || wantExport) {
    await server.stop();
    const total = backend === 'pglite' ? settings.hazardsPglite : settings.hazards;
    log(`${backend}: generating ${total.toLocaleString('en')} hazards`);
    database = await db.open();
    try {
      const [{ id: adminId }] = ((await database.db.execute(sql.raw(`select id from users where username = '${dataset.accounts.admin}'`))) as unknown as { rows: Array<{ id: number }> }).rows;
      data.h = await generateHazards(database.db, { districtId: dataset.districtId, adminId, total, today: data.today });
    } finally {
      await database.close();
    }
    out.info.hazards = data.h;
    log(`${backend}: ${data.h.hazards} hazards, ${data.h.steps} steps in ${(data.h.loadMs / 1000).toFixed(1)} s (${JSON.stringify(data.h.byStatus)})`);
    ({ server, sessions } = await startServer(backend, db, dataset));
    for (const s of hazardScenarios) out.results.push(await measureScenario(s, backend, server, data, sessions, db.pgUrl, postmaster, outDir, hash));
    if (wantExport) out.exports = await measureExport(backend, server, sessions.admin);
  }
  await server.stop();
}

/** The compliance suite: a database of its own with the district and a school year of ledgers. */
async function measureCompliance(
  backend: Backend,
  pgServer: { url: string; postmaster: number | null } | null,
  outDir: string,
  hash: string,
  out: BackendResults,
  complianceScenarios: Scenario[],
) {
  // The rollup seeds the rule pack in this process, which writes an audit event: it needs a key.
  setAuditKey(randomBytes(32));
  const db = await freshDb(backend, pgServer, 'compliance');
  const postmaster = db.postmaster ?? pgServer?.postmaster ?? null;
  const today = shanghaiDate(new Date());
  log(`${backend}: migrating and loading the district for compliance`);
  const database = await db.open();
  let dataset: Dataset;
  let ledgers: LedgerDataset;
  try {
    await database.migrate();
    dataset = await loadDataset(database.db, FULL_SIZE);
    log(`${backend}: generating a school year of ledgers (${settings.ledgerStaff} staff per school on average)`);
    const [{ id: adminId }] = ((await database.db.execute(sql.raw(`select id from users where username = '${dataset.accounts.admin}'`))) as unknown as { rows: Array<{ id: number }> }).rows;
    ledgers = await generateLedgers(database.db, { districtId: dataset.districtId, bureauId: dataset.bureauId, adminId, today, staffPerSchool: settings.ledgerStaff });
    // Issue 15: a school year of food, gate, health-check and education records (BENCH_SCHOOL_LIFE_DAYS, 365; quick 60).
    { const sl = await generateSchoolLife(database.db, { districtId: dataset.districtId, adminId, today, days: num('BENCH_SCHOOL_LIFE_DAYS', quick ? 60 : 365) }); Object.assign(ledgers.counts, sl.counts); ledgers.total += sl.total; ledgers.steps.schoolLife = sl.loadMs / 1000; }
    ledgers = withLedgersB(ledgers, await generateLedgersB(database.db, { districtId: dataset.districtId, adminId, today }));
    ledgers = withLedgersB(ledgers, await (await import('./ledgers.js')).generateStaffChecks(database.db, { districtId: dataset.districtId, adminId, today }));
    out.info.ledgers = ledgers;
    log(
      `${backend}: ${ledgers.total.toLocaleString('en')} ledger records from ${ledgers.from} to ${today} in ${(ledgers.loadMs / 1000).toFixed(1)} s: ` +
        Object.entries(ledgers.counts)
          .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
          .join(', ') +
        `; seconds per step ${JSON.stringify(ledgers.steps)}`,
    );
    if (!out.info.dataset) {
      const { loginUsernames, schoolIds, ...rest } = dataset;
      out.info.dataset = rest;
    }
    // The rollup is evaluated here (also when only the pages are measured: they read a fresh rollup).
    if (wantEvaluation) out.evaluation = await measureEvaluation(backend, database, dataset, today, ledgers.total);
    else await refreshRollup(database.db, dataset.districtId, today, { force: true });
  } finally {
    await database.close();
  }
  if (!complianceScenarios.length) return;
  const data: BenchData = { d: dataset, h: null, l: ledgers, today };
  const { server, sessions } = await startServer(backend, db, dataset);
  if (!out.info.serverVersion) out.info.serverVersion = (await server.ask({ type: 'version' }, 'version')).version;
  for (const s of complianceScenarios) out.results.push(await measureScenario(s, backend, server, data, sessions, db.pgUrl, postmaster, outDir, hash));
  await server.stop();
}

/** The work plan suite (issue 14): the district and this year's plan with every unit's progress. */
async function measurePlans(backend: Backend, pgServer: { url: string; postmaster: number | null } | null, outDir: string, hash: string, out: BackendResults, scenarios: Scenario[]) {
  const db = await freshDb(backend, pgServer, 'plans');
  const today = shanghaiDate(new Date());
  const database = await db.open();
  let dataset: Dataset;
  let plan: PlanDataset;
  try {
    await database.migrate();
    dataset = await loadDataset(database.db, FULL_SIZE);
    const [{ id: adminId }] = ((await database.db.execute(sql.raw(`select id from users where username = '${dataset.accounts.admin}'`))) as unknown as { rows: Array<{ id: number }> }).rows;
    plan = await generatePlan(database.db, { districtId: dataset.districtId, adminId, today });
    log(`${backend}: plan of ${plan.tasks} tasks, ${plan.taskUnits.toLocaleString('en')} task units in ${(plan.loadMs / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
  const { server, sessions } = await startServer(backend, db, dataset);
  if (!out.info.serverVersion) out.info.serverVersion = (await server.ask({ type: 'version' }, 'version')).version;
  const data: BenchData = { d: dataset, h: null, p: plan, today };
  for (const s of scenarios) out.results.push(await measureScenario(s, backend, server, data, sessions, db.pgUrl, db.postmaster ?? pgServer?.postmaster ?? null, outDir, hash));
  await server.stop();
}

// ---------------------------------------------------------------- main
let startupSkipped: string | null = null;
async function main() {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const resultsDir = path.join(here, 'results');
  const outDir = path.join(resultsDir, `${stamp}-sql`);
  mkdirSync(outDir, { recursive: true });
  const { hashPassword } = await import('../src/server/auth/passwords.js');
  const hash = await hashPassword(BENCH_PASSWORD);
  if (settings.suites.includes('startup')) {
    // npm start compiles the server (its prestart) and builds the web UI when their sources are newer;
    // both first, so that start-up measures starting.
    const { ensureWebBuilt } = await import('../src/server/web.js');
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root, stdio: 'inherit' });
      await ensureWebBuilt((m) => log(m));
    } catch (err) {
      // npm start would fail the same way: nothing to measure until the UI builds again.
      startupSkipped = `the server or the web UI does not build (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
      log(`start-up skipped: ${startupSkipped}`);
      settings.suites = settings.suites.filter((x) => x !== 'startup');
    }
  }

  const pgliteVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    pgliteVersion,
    autocannonVersion: (JSON.parse(readFileSync(path.join(root, 'node_modules/autocannon/package.json'), 'utf8')) as { version: string }).version,
    loadAverageAtStart: os.loadavg(),
  };
  log(
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; suites ${settings.suites.join(',')}; ` +
      `runs ${settings.runs} × ${settings.seconds} s (warm-up ${settings.warmup} s, raw ${settings.rawSeconds} s), ${settings.connections} connections; ` +
      `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  );

  // Students of concern (issue 16, bench/care.ts): in this process, on databases of its own.
  if (settings.suites.includes('care')) {
    await (await import('./care.js')).runCareBench(settings.backends, log, quick);
    settings.suites = settings.suites.filter((x) => x !== 'care');
    if (!settings.suites.length) return;
  }
  const byBackend: BackendResults[] = [];
  const started = Date.now();
  for (const backend of settings.backends) {
    try {
      byBackend.push(await measureBackend(backend, outDir, hash));
    } finally {
      await cleanupAll();
    }
  }
  const all = byBackend.flatMap((b) => b.results);

  // ---------------------------------------------------------------- report
  const bs = settings.backends;
  const cell = (b: Backend, k: string, f: (r: ScenarioResult) => string) => {
    const r = all.find((x) => x.scenario === k && x.backend === b);
    return r ? (r.skipped ? `skipped: ${r.skipped}` : f(r)) : '–';
  };
  const lines: string[] = [];
  lines.push(`Medians of ${settings.runs} run(s) of ${settings.seconds} s.\n`);
  lines.push(`| scenario | clients | ${bs.map((b) => `${b} req/s | p50 | p95 | p99 | raw/s | API/raw | raw -M simple/s`).join(' | ')} |`);
  lines.push(`|---|---:|${bs.map(() => '---:|---:|---:|---:|---:|---:|---:').join('|')}|`);
  for (const s of selected.filter(wants)) {
    const any = all.find((x) => x.scenario === s.key);
    if (!any) continue;
    const cells = bs.map((b) =>
      cell(b, s.key, (r) => `${fmtRate(r.median.rps)} | ${fmt(r.median.p50, 1)} | ${fmt(r.median.p95, 1)} | ${fmt(r.median.p99, 1)} | ${fmtRate(r.median.raw)} | ${fmt(r.median.ratio, 2)} | ${fmtRate(r.median.rawSimple)}${r.runs.some((x) => x.non2xx || x.errors) ? ' ⚠ non-2xx' : ''}`),
    );
    lines.push(`| ${s.key} | ${any.connections} | ${cells.join(' | ')} |`);
  }
  lines.push('\nCores busy (server / postgres / autocannon / others):\n');
  for (const r of all.filter((x) => !x.skipped)) lines.push(`- ${r.backend} ${r.scenario}: ${fmt(r.median.cpu.server, 2)} / ${fmt(r.median.cpu.database, 2)} / ${fmt(r.median.cpu.loadgen, 2)} / ${fmt(r.median.cpu.other, 2)}`);
  lines.push('\nTargets:\n');
  for (const r of all) for (const t of r.targets) lines.push(`- ${r.backend} ${r.scenario}: ${t.text}: ${fmt(t.value, 1)} → ${t.met ? 'met' : 'NOT met'}`);
  for (const b of byBackend) {
    if (b.exports) {
      const e = b.exports;
      lines.push(`- ${b.info.backend} export of ${e.hazards} hazards: ${fmt(e.median.seconds, 2)} s (median), RSS growth median ${fmt(e.median.rssDeltaMiB)} MiB, largest ${fmt(e.maxRssDeltaMiB)} MiB → ${e.targets.map((t) => `${t.text} ${t.met ? 'met' : 'NOT met'}`).join('; ')}`);
    }
    if (b.startup) {
      const st = b.startup;
      lines.push(`- ${b.info.backend} start-up: empty database with demo ${fmt(st.firstMs / 1000, 2)} s; restart median ${fmt(st.restartMedianMs / 1000, 2)} s (${st.restartsMs.map((x) => fmt(x / 1000, 2)).join(', ')}) → ${st.targets[0].met ? 'met' : 'NOT met'}`);
    }
    if (b.imports) {
      const im = b.imports;
      lines.push(`- ${b.info.backend} imports: ${im.units.rows} units ${fmt(im.units.seconds, 1)} s; ${im.people.rows} people ${fmt(im.people.seconds, 1)} s → ${im.targets.map((t) => `${t.text} ${t.met ? 'met' : 'NOT met'}`).join('; ')}`);
      const rss = (r: RssFigures) => `RSS ${fmt(r.beforeMiB)} → peak ${fmt(r.peakMiB)} MiB (+${fmt(r.peakMiB - r.beforeMiB)})`;
      lines.push(`- ${b.info.backend} import memory: ${im.units.rows} units ${rss(im.units)}; ${im.people.rows} people ${rss(im.people)}`);
      lines.push(`- ${b.info.backend} largest allowed import (${im.largest.rows} rows, ${im.largest.cells} cells, ${fmt(im.largest.fileKiB)} KiB): ${fmt(im.largest.seconds, 1)} s, ${rss(im.largest)}`);
      lines.push(`- ${b.info.backend} three of them at once (${im.parallel.concurrency} run, the rest wait): ${fmt(im.parallel.seconds, 1)} s, ${rss(im.parallel)}`);
    }
  }
  const evals = byBackend.filter((b) => b.evaluation);
  if (evals.length) {
    const ev = (b: Backend) => byBackend.find((x) => x.info.backend === b)?.evaluation ?? null;
    const s2 = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);
    const first = evals[0].evaluation!;
    lines.push(`\nCompliance: ${first.schools} schools, ${first.records.toLocaleString('en')} ledger records, ${first.findings.toLocaleString('en')} findings (${JSON.stringify(first.byStatus)}) carrying ${first.recordIds.toLocaleString('en')} record ids (${fmt(first.findingsBytes / 1024 / 1024, 1)} MiB); medians of ${settings.runs} run(s).\n`);
    lines.push(`| | ${bs.join(' | ')} |`);
    lines.push(`|---|${bs.map(() => '---:').join('|')}|`);
    lines.push(`| every rule for every school: refreshRollup(force) | ${bs.map((b) => s2(ev(b)?.median.refreshMs)).join(' | ')} |`);
    lines.push(`| – reading (the readers one after another) | ${bs.map((b) => s2(ev(b)?.median.readMs)).join(' | ')} |`);
    lines.push(`| – engine | ${bs.map((b) => s2(ev(b)?.median.engineMs)).join(' | ')} |`);
    lines.push(`| – the rest: findings written (refresh − read − engine) | ${bs.map((b) => s2(ev(b)?.median.writeMs)).join(' | ')} |`);
    lines.push(`| first evaluation on the loaded database | ${bs.map((b) => s2(ev(b)?.firstMs)).join(' | ')} |`);
    lines.push(`| partial refresh after one drill (1 school) | ${bs.map((b) => (ev(b) ? `${fmt(ev(b)!.median.partialMs)} ms` : '–')).join(' | ')} |`);
    lines.push(`| trend: one earlier month filled (median) | ${bs.map((b) => (ev(b)?.backfill.length ? s2(median(ev(b)!.backfill.map((x) => x.ms))) : '–')).join(' | ')} |`);
    for (const k of Object.keys(first.median.readers)) {
      lines.push(`| reader ${k} (${first.median.readers[k].rows.toLocaleString('en')} rows) | ${bs.map((b) => (ev(b) ? `${fmt(ev(b)!.median.readers[k]?.ms)} ms` : '–')).join(' | ')} |`);
    }
    for (const b of evals) for (const t of b.evaluation!.targets) lines.push(`- ${b.info.backend}: ${t.text}: ${fmt(t.value, 2)} s → ${t.met ? 'met' : 'NOT met'}`);
  }
  for (const b of byBackend) {
    if (b.info.ledgers) lines.push(`- ${b.info.backend} ledgers: ${b.info.ledgers.total.toLocaleString('en')} records in ${fmt(b.info.ledgers.loadMs / 1000, 1)} s (${JSON.stringify(b.info.ledgers.counts)})`);
  }
  console.log(`\n${lines.join('\n')}`);

  const file = path.join(resultsDir, `${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        command: 'npm run bench',
        date: new Date().toISOString(),
        elapsedSeconds: Math.round((Date.now() - started) / 1000),
        settings,
        machine,
        backends: byBackend.map((b) => b.info),
        results: all,
        exports: byBackend.map((b) => b.exports).filter(Boolean),
        compliance: byBackend.map((b) => b.evaluation).filter(Boolean),
        startup: byBackend.map((b) => b.startup).filter(Boolean),
        startupSkipped,
        imports: byBackend.map((b) => b.imports).filter(Boolean),
      },
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
