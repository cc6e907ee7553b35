// npm run bench:cluster — the city-scale proof (issue 18). On 127.0.0.1, under one temporary folder:
// PostgreSQL 15 with a synchronous streaming standby (pg_basebackup -R, a replication slot), HAProxy
// in front of the primary as the one stable address the instances use as DATABASE_URL, two Anxiao
// instances (the compiled server, each with its own DATA_DIR, the demo district loaded by whichever
// takes the start-up lock first) and nginx round-robin in front of them. A mixed workload of demo
// accounts runs through nginx for the whole time while the script
//   1. sends nginx to one instance, then to both, in turns (throughput side by side in one run);
//   2. kills an instance (SIGKILL) and starts it again;
//   3. restarts PostgreSQL;
//   4. fails over: stops the primary dead (immediate), promotes the standby, repoints HAProxy by a
//      reload, so the stable address reaches the new primary;
// and then checks that every acknowledged write (hazard reports, signed steps, photos and their
// SHA-256) is in the database and readable through the API, and that the audit chain verifies with
// the instances' AUDIT_KEY and both instances' checkpoints. Exits 1 when a target is missed.
// Settings: CLUSTER_PHASE_SECONDS (20), CLUSTER_CLIENTS (8: readers, reporters and a signer in turn),
// CLUSTER_KEEP=1 (keep the folder with the servers' logs), CLUSTER_LOG_LEVEL (the instances', warn).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import pg from 'pg';
import { checkpointPath, readCheckpoints } from '../src/server/audit/checkpoints.js';
import { loadAuditKey } from '../src/server/audit/key.js';
import { verifyAuditTrail } from '../src/server/audit/verify.js';
import { openPostgres } from '../src/server/db/client.js';
import { ensureWebBuilt } from '../src/server/web.js';
import { DEMO_PASSWORD } from '../src/server/auth/demo-accounts.js';
import { startCommand } from './start-flags.js';

const root = path.resolve(import.meta.dirname, '..');
const PHASE_S = Number(process.env.CLUSTER_PHASE_SECONDS ?? 20);
const CLIENTS = Number(process.env.CLUSTER_CLIENTS ?? 8);
const isRoot = process.getuid?.() === 0;
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

// ---------------------------------------------------------------------------------------------
// Tools: PostgreSQL's binaries, HAProxy, nginx. Installed when run as root (like .ci/run does for
// Chromium), otherwise named.
function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
function pgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => Number(v) >= 15 && existsSync(path.join(base, v, 'bin/pg_basebackup')));
  versions.sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(base, versions[versions.length - 1], 'bin') : null;
}
function ensureTools(): { pgbin: string; haproxy: string; nginx: string } {
  const missing = () => [...(pgBin() ? [] : ['postgresql']), ...(which('haproxy') || existsSync('/usr/sbin/haproxy') ? [] : ['haproxy']), ...(which('nginx') || existsSync('/usr/sbin/nginx') ? [] : ['nginx'])];
  let need = missing();
  if (need.length && isRoot) {
    log(`installing ${need.join(' ')} (apt-get)`);
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...need], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error('apt-get install failed');
    need = missing();
  }
  if (need.length) {
    console.error(`bench:cluster needs ${need.join(', ')}: sudo apt-get install -y ${need.join(' ')} (PostgreSQL 15 or newer; or run this as root to have them installed)`);
    process.exit(2);
  }
  const sbin = (c: string) => which(c) ?? `/usr/sbin/${c}`;
  return { pgbin: pgBin()!, haproxy: sbin('haproxy'), nginx: sbin('nginx') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops a proxy's master process and waits (synchronously: clean-up runs on exit) up to 3 s. Never
 * SIGKILL first: nginx's workers outlive a master killed outright.
 */
function stopMaster(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  child.kill('SIGTERM');
  for (let i = 0; i < 30; i++) {
    // Gone, or a zombie this process has not reaped yet (the event loop is not turning here).
    let state = 'Z';
    try {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch {
      // no such process
    }
    if (state === 'Z') return;
    spawnSync('sleep', ['0.1']);
  }
  child.kill('SIGKILL');
}

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started is stopped and the folder removed, also on Ctrl-C and on failure.
const cleanups: Array<() => void> = [];
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      // keep going: the rest must still be stopped
    }
  }
}
process.on('SIGINT', () => {
  log('interrupted: stopping everything');
  cleanup();
  process.exit(130);
});
process.on('SIGTERM', () => {
  cleanup();
  process.exit(143);
});
process.on('exit', cleanup);

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a primary and a streaming standby, both run as the postgres user (initdb refuses root).
const postgresUser = (cmd: string, args: string[]): [string, string[]] => (isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
/** Blocking: for set-up and clean-up only, while no workload runs. */
function asPostgres(cmd: string, args: string[]) {
  const r = spawnSync(...postgresUser(cmd, args), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}
/** The same without blocking: the workload's clients live in this process and must keep sending. */
function asPostgresAsync(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(...postgresUser(cmd, args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${out}`))));
  });
}

class PgServer {
  constructor(
    readonly pgbin: string,
    readonly dataDir: string,
    readonly port: number,
    readonly sockDir: string,
  ) {}
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/anxiao`;
  }
  private ctl(action: 'start' | 'stop' | 'promote', mode?: 'fast' | 'immediate'): [string, string[]] {
    // Primary and standby alike; synchronous replication is switched on for the primary alone with
    // ALTER SYSTEM after the base backup, so a promoted standby does not wait for a standby of its own.
    const opts = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.sockDir} -c max_connections=200 -c shared_buffers=128MB -c wal_level=replica -c max_wal_senders=5 -c max_replication_slots=5 -c hot_standby=on`;
    const args = ['-D', this.dataDir, '-w', '-t', '60'];
    if (action === 'start') args.push('-l', `${this.dataDir}.log`, '-o', opts);
    if (mode) args.push('-m', mode);
    return [path.join(this.pgbin, 'pg_ctl'), [...args, action]];
  }
  start() {
    asPostgres(...this.ctl('start'));
  }
  stop(mode: 'fast' | 'immediate') {
    asPostgres(...this.ctl('stop', mode));
  }
  /** While the workload runs. */
  async restart() {
    await asPostgresAsync(...this.ctl('stop', 'fast'));
    await asPostgresAsync(...this.ctl('start'));
  }
  crash() {
    return asPostgresAsync(...this.ctl('stop', 'immediate'));
  }
  promote() {
    return asPostgresAsync(...this.ctl('promote'));
  }
  running() {
    return existsSync(path.join(this.dataDir, 'postmaster.pid'));
  }
  postmasterPid(): number | null {
    try {
      return Number(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  }
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  c.on('error', () => {});
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Process CPU from /proc: a process and its children (PostgreSQL's backends exit into the
// postmaster's cutime), in seconds.
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
function procStat(pid: number): { ppid: number; self: number; children: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17, ppid 4.
    return { ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) / TICK, children: (Number(f[13]) + Number(f[14])) / TICK };
  } catch {
    return null;
  }
}
function treeCpu(pid: number | null): number {
  if (!pid) return 0;
  const me = procStat(pid);
  if (!me) return 0;
  let total = me.self + me.children;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (st && st.ppid === pid) total += st.self + st.children;
  }
  return total;
}

/** CPU seconds per phase of a set of processes, sampled every half second (deltas, per pid). */
class CpuMeter {
  private last = new Map<string, { pid: number; cpu: number }>();
  readonly byPhase = new Map<string, Map<string, number>>();
  constructor(private readonly sources: Record<string, () => number | null>, private readonly tree: Set<string>) {}
  sample(phase: string) {
    for (const [name, pidOf] of Object.entries(this.sources)) {
      const pid = pidOf();
      if (!pid) continue;
      const cpu = this.tree.has(name) ? treeCpu(pid) : (procStat(pid)?.self ?? 0);
      const prev = this.last.get(name);
      this.last.set(name, { pid, cpu });
      if (!prev || prev.pid !== pid || cpu < prev.cpu) continue; // a new process: its baseline
      const m = this.byPhase.get(phase) ?? new Map<string, number>();
      m.set(name, (m.get(name) ?? 0) + cpu - prev.cpu);
      this.byPhase.set(phase, m);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A small valid PNG with random pixels, so that every photo has its own bytes and SHA-256.
function pngChunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function randomPng(side = 32): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.concat(Array.from({ length: side }, () => Buffer.concat([Buffer.from([0]), randomBytes(side * 3)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0))]);
}
const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

// ---------------------------------------------------------------------------------------------
// The workload's record: every request by phase and status, and every acknowledged write.
interface Phase {
  name: string;
  startedAt: number;
  endedAt: number;
}
const phases: Phase[] = [];
let phase = 'start-up';
interface Tally {
  requests: number;
  ok: number;
  byStatus: Map<string, number>;
}
const tallies = new Map<string, Tally>();
function tally(p: string): Tally {
  let t = tallies.get(p);
  if (!t) tallies.set(p, (t = { requests: 0, ok: 0, byStatus: new Map() }));
  return t;
}
/** A failed request: kept to show, per phase, which requests failed and how, second by second. */
interface Failure {
  phase: string;
  at: number;
  what: string;
  status: string;
}
const failures: Failure[] = [];
function record(what: string, r: { status: number | string; json?: any }) {
  const t = tally(phase);
  t.requests++;
  if (r.status === 200 || r.status === 201) {
    t.ok++;
    return;
  }
  const key = String(r.status);
  t.byStatus.set(key, (t.byStatus.get(key) ?? 0) + 1);
  failures.push({ phase, at: Date.now(), what, status: `${key}${r.json?.error?.code ? ` ${r.json.error.code}` : ''}` });
}

const acked = {
  files: new Map<number, { sha256: string; session: Session }>(),
  hazards: new Map<number, { fileId: number; session: Session }>(),
  /** Hazards whose 'confirm' step was acknowledged: at least 'assigned' now. */
  confirmed: new Set<number>(),
};
/** Photos read back through the instance that did not take the upload, and what was found. */
const crossReads = { ok: 0, mismatch: 0, missing: 0, skipped: 0 };
const toSign: Array<{ id: number; version: number }> = [];

interface Session {
  username: string;
  cookie: string;
  csrf: string;
  unitId: number;
}

let base = '';
let instancePorts: number[] = [];
let stopping = false;

async function request(method: string, url: string, session: Session | null, body?: unknown, raw?: FormData): Promise<{ status: number | string; json?: any; bytes?: Buffer; upstream?: string }> {
  const headers: Record<string, string> = {};
  if (session) headers.cookie = session.cookie;
  if (session && method !== 'GET') headers['x-csrf-token'] = session.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // A GET cut off on a kept-alive connection (nginx's old worker closing it after a reload) is sent
  // once more, as browsers do for idempotent requests; a write is never resent.
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)), signal: AbortSignal.timeout(20_000) });
      const bytes = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      // Like a person told to retry in a moment: the clients do not hammer an instance that said 503.
      if (res.status >= 500) await sleep(1000);
      return { status: res.status, json: type.includes('json') && bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined, bytes, upstream: res.headers.get('x-anxiao-upstream') ?? undefined };
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') return { status: 'timeout' };
      if (method === 'GET' && attempt < 2) continue;
      await sleep(1000);
      return { status: 'network' };
    }
  }
}

async function login(username: string): Promise<Session> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    }).catch(() => null);
    if (res?.status === 200) {
      const me = (await res.json()) as { csrfToken: string; unit: { id: number } };
      return { username, cookie: res.headers.getSetCookie()[0].split(';')[0], csrf: me.csrfToken, unitId: me.unit.id };
    }
    if (attempt > 60) throw new Error(`login ${username}: ${res?.status} ${await res?.text()}`);
    await sleep(1000);
  }
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

async function reader(s: Session) {
  const paths = ['/api/v1/auth/me', '/api/v1/hazards?page=1&pageSize=20', '/api/v1/drills?page=1&pageSize=20', '/api/v1/compliance/matrix'];
  for (let i = 0; !stopping; i++) {
    const r = await request('GET', base + paths[i % paths.length], s);
    record(`GET ${paths[i % paths.length].split('?')[0]}`, r);
    if (r.status === 401) Object.assign(s, await login(s.username));
  }
}

async function reporter(s: Session) {
  while (!stopping) {
    // A photo, read back through the other instance, then a hazard report naming it.
    const png = randomPng();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), '现场照片.png');
    const up = await request('POST', `${base}/api/v1/files`, s, undefined, form);
    record('POST /files', up);
    if (up.status === 401) Object.assign(s, await login(s.username));
    if (up.status !== 201) continue;
    const fileId = up.json.id as number;
    const hash = sha256(png);
    if (up.json.sha256 !== hash) throw new Error(`upload ${fileId}: the server's SHA-256 ${up.json.sha256} is not the bytes' ${hash}`);
    acked.files.set(fileId, { sha256: hash, session: s });
    const other = instancePorts.find((p) => up.upstream && !up.upstream.endsWith(`:${p}`));
    if (other) {
      const down = await request('GET', `http://127.0.0.1:${other}/api/v1/files/${fileId}`, s);
      record('GET /files/:id on the other instance', down);
      if (down.status === 200) down.bytes && sha256(down.bytes) === hash ? crossReads.ok++ : crossReads.mismatch++;
      else if (down.status === 404) crossReads.missing++;
      else crossReads.skipped++; // the other instance is down (killed) or the database away
    }
    const hz = await request('POST', `${base}/api/v1/hazards`, s, {
      schoolId: s.unitId,
      area: 'fire_chemicals',
      location: '教学楼三楼东侧走廊',
      description: `灭火器压力不足（集群压测 ${fileId}）`,
      grade: 'general',
      foundOn: today(),
      fileIds: [fileId],
    });
    record('POST /hazards', hz);
    if (hz.status === 201) {
      acked.hazards.set(hz.json.id, { fileId, session: s });
      toSign.push({ id: hz.json.id, version: hz.json.version });
    }
  }
}

async function signer(s: Session) {
  while (!stopping) {
    const next = toSign.shift();
    if (!next) {
      const r = await request('GET', `${base}/api/v1/hazards?page=1&pageSize=20&status=reported`, s);
      record('GET /hazards', r);
      continue;
    }
    const r = await request('POST', `${base}/api/v1/hazards/${next.id}/transitions`, s, {
      action: 'confirm',
      version: next.version,
      measures: '更换灭火器并加强日常巡查',
      deadline: inDays(30),
      interimControls: '设置警示标志',
    });
    record('POST /hazards/:id/transitions', r);
    if (r.status === 200) acked.confirmed.add(next.id);
    // Not acknowledged (503, 502, cut off): it may or may not have committed. Ask again by reading
    // the hazard later; a retry with the same version answers 409 when it did.
    else if (typeof r.status !== 'number' || r.status >= 500) toSign.push(next);
  }
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const tools = ensureTools();
  log('building the server (dist/server/main.js) and the web UI when their sources changed');
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('scripts/build-server.mjs failed');
  await ensureWebBuilt(log);

  const dir = mkdtempSync('/tmp/anxiao-cluster-');
  // CLUSTER_KEEP=1 leaves the folder (the servers' logs) to read afterwards; the processes still stop.
  cleanups.push(() => (process.env.CLUSTER_KEEP === '1' ? log(`kept ${dir}`) : rmSync(dir, { recursive: true, force: true })));
  chmodSync(dir, 0o755);
  const pgDir = path.join(dir, 'pg');
  mkdirSync(pgDir);
  if (isRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(pgDir, uid, gid);
  }
  log(`working in ${dir}`);
  const [pPrimary, pStandby, pHaproxy, pNginx, pA, pB] = await Promise.all(Array.from({ length: 6 }, freePort));
  instancePorts = [pA, pB];

  // Primary, its database, the standby from a base backup with a slot, then synchronous commit.
  const primary = new PgServer(tools.pgbin, path.join(pgDir, 'primary'), pPrimary, pgDir);
  const standby = new PgServer(tools.pgbin, path.join(pgDir, 'standby'), pStandby, pgDir);
  asPostgres(path.join(tools.pgbin, 'initdb'), ['-D', primary.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  primary.start();
  cleanups.push(() => primary.running() && primary.stop('immediate'));
  log('primary initialised and started');
  await query(primary.url.replace(/\/anxiao$/, '/postgres'), 'create database anxiao');
  asPostgres(path.join(tools.pgbin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(pPrimary), '-U', 'postgres', '-D', standby.dataDir, '-R', '-X', 'stream', '-C', '-S', 'anxiao_standby', '--checkpoint=fast']);
  log('base backup taken');
  standby.start();
  cleanups.push(() => standby.running() && standby.stop('immediate'));
  // An acknowledged commit is on the standby's disk too: the failover below must lose nothing.
  await query(primary.url, "alter system set synchronous_standby_names = '*'");
  await query(primary.url, 'select pg_reload_conf()');
  for (let i = 0; ; i++) {
    const rows = await query<{ sync_state: string }>(primary.url, 'select sync_state from pg_stat_replication');
    if (rows[0]?.sync_state === 'sync') break;
    if (i > 60) throw new Error(`the standby did not become synchronous: ${JSON.stringify(rows)}`);
    await sleep(500);
  }
  log(`PostgreSQL primary :${pPrimary}, synchronous standby :${pStandby}`);

  // HAProxy: the stable address. Master-worker mode; SIGUSR2 reloads the file (a soft reload).
  const haproxyCfg = path.join(dir, 'haproxy.cfg');
  const writeHaproxy = (backendPort: number) =>
    writeFileSync(
      haproxyCfg,
      `global\n  maxconn 2000\ndefaults\n  mode tcp\n  timeout connect 2s\n  timeout client 1h\n  timeout server 1h\nlisten postgres\n  bind 127.0.0.1:${pHaproxy}\n  server db 127.0.0.1:${backendPort} check inter 1s on-marked-down shutdown-sessions\n`,
    );
  writeHaproxy(pPrimary);
  const haproxy = spawn(tools.haproxy, ['-W', '-db', '-f', haproxyCfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  const haproxyLog: string[] = [];
  haproxy.stderr!.on('data', (d) => haproxyLog.push(String(d)));
  cleanups.push(() => stopMaster(haproxy));
  const stableUrl = `postgres://postgres@127.0.0.1:${pHaproxy}/anxiao`;
  for (let i = 0; ; i++) {
    try {
      await query(stableUrl, 'select 1');
      break;
    } catch (err) {
      if (i > 40) throw new Error(`HAProxy does not reach the primary: ${(err as Error).message} ${haproxyLog.join('')}`);
      await sleep(250);
    }
  }
  log(`HAProxy :${pHaproxy} → primary`);

  // The instances: the same keys, their own data directories.
  const auditKey = randomBytes(32).toString('hex');
  const careKey = randomBytes(32).toString('hex');
  const readReplica = readFileSync(path.join(root, 'src/server/config.ts'), 'utf8').includes('DATABASE_READ_URL');
  const instances = [pA, pB].map((port, i) => ({ name: i === 0 ? 'A' : 'B', port, dataDir: path.join(dir, `instance-${i === 0 ? 'a' : 'b'}`), proc: null as ChildProcess | null, starts: 0, killedByUs: false }));
  let crashes = 0;
  const crashLogs: string[] = [];
  const startInstance = (inst: (typeof instances)[number]) => {
    mkdirSync(inst.dataDir, { recursive: true });
    const logFile = path.join(inst.dataDir, `server-${++inst.starts}.log`);
    const out: string[] = [];
    const proc = spawn(process.execPath, [...startCommand(false).flags, path.join(root, 'dist/server/main.js')], {
      env: {
        ...process.env,
        ...startCommand(false).env,
        PORT: String(inst.port),
        HOST: '127.0.0.1',
        DATA_DIR: inst.dataDir,
        DATABASE_URL: stableUrl,
        ...(readReplica ? { DATABASE_READ_URL: standby.url } : {}),
        ANXIAO_DEMO: '1',
        TRUST_PROXY: '127.0.0.1',
        AUDIT_KEY: auditKey,
        CARE_KEY: careKey,
        // Every client is 127.0.0.1 and logs in once; the throttle is not what is measured.
        LOGIN_RATE_PER_MINUTE: '10000',
        LOG_LEVEL: process.env.CLUSTER_LOG_LEVEL ?? 'warn',
        // A failover takes a few seconds: fail a request quickly (503) rather than hold it.
        DATABASE_CONNECT_TIMEOUT_MS: '3000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const file = createWriteStream(logFile);
    const keep = (d: Buffer) => {
      file.write(d);
      out.push(String(d));
      if (out.length > 400) out.shift();
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    proc.on('exit', (code, signal) => {
      file.end();
      if (inst.proc === proc) inst.proc = null;
      if (inst.killedByUs || cleaned) return;
      crashes++;
      crashLogs.push(`instance ${inst.name} exited by itself (${signal ?? `code ${code}`}) in phase "${phase}":\n${out.join('').slice(-3000)}`);
      log(`CRASH: instance ${inst.name} exited by itself (${signal ?? `code ${code}`})`);
    });
    inst.killedByUs = false;
    inst.proc = proc;
    cleanups.push(() => {
      inst.killedByUs = true;
      proc.kill('SIGKILL');
    });
  };
  const ready = async (inst: (typeof instances)[number], timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!inst.proc) throw new Error(`instance ${inst.name} exited while starting`);
      const r = await fetch(`http://127.0.0.1:${inst.port}/readyz`).catch(() => null);
      if (r?.status === 200) return;
      await sleep(250);
    }
    throw new Error(`instance ${inst.name} not ready after ${timeoutMs / 1000} s`);
  };
  // Both at once on the empty database: one migrates and loads the demo district under the
  // start-up lock, the other waits and finds it done.
  let started = Date.now();
  instances.forEach(startInstance);
  await Promise.all(instances.map((i) => ready(i, 600_000)));
  const startupS = (Date.now() - started) / 1000;
  const demoLoads = await query<{ n: string }>(stableUrl, "select count(*) as n from units where name = '示范区教育局'");
  log(`instances A :${pA} and B :${pB} ready in ${startupS.toFixed(1)} s (both started together on an empty database; bureaus named 示范区教育局: ${demoLoads[0].n})`);

  // nginx, round-robin; it names the instance that answered, so a photo can be read back through the other.
  const ngDir = path.join(dir, 'nginx');
  mkdirSync(ngDir);
  chmodSync(ngDir, 0o777);
  const nginxConf = path.join(ngDir, 'nginx.conf');
  const writeNginx = (ports: number[]) =>
    writeFileSync(
      nginxConf,
      `worker_processes 1;\npid ${ngDir}/nginx.pid;\nerror_log ${ngDir}/error.log warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n` +
        ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${ngDir}/${t};\n`).join('') +
        `  client_max_body_size 25m;\n  upstream anxiao {\n${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;\n`).join('')}    keepalive 32;\n  }\n` +
        `  server {\n    listen 127.0.0.1:${pNginx};\n    location / {\n      proxy_pass http://anxiao;\n      proxy_http_version 1.1;\n      proxy_set_header Connection "";\n      proxy_set_header Host $host;\n` +
        `      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n      proxy_next_upstream error timeout;\n      add_header X-Anxiao-Upstream $upstream_addr always;\n    }\n  }\n}\n`,
    );
  writeNginx([pA, pB]);
  const nginx = spawn(tools.nginx, ['-p', ngDir, '-e', `${ngDir}/error.log`, '-c', nginxConf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  cleanups.push(() => stopMaster(nginx));
  base = `http://127.0.0.1:${pNginx}`;
  for (let i = 0; ; i++) {
    const r = await fetch(`${base}/readyz`).catch(() => null);
    if (r?.status === 200) break;
    if (i > 40) throw new Error(`nginx does not answer: ${readFileSync(`${ngDir}/error.log`, 'utf8')}`);
    await sleep(250);
  }
  const reloadNginx = async (ports: number[]) => {
    writeNginx(ports);
    nginx.kill('SIGHUP');
    await sleep(500); // the new worker takes over; the old one finishes its requests
  };
  log(`nginx :${pNginx} → A, B`);

  // The clients: log in once each (through nginx), then run until told to stop.
  const roles: Array<['reader' | 'reporter' | 'signer', string]> = [];
  const readers = ['demo.leader', 'demo.town', 'demo.inspector', 'demo.dept'];
  const reporters = ['demo.school', 'demo.kg'];
  for (let i = 0; roles.length < CLIENTS; i++) {
    roles.push(['reader', readers[i % readers.length]]);
    if (roles.length < CLIENTS) roles.push(['reporter', reporters[i % reporters.length]]);
    if (roles.length < CLIENTS && i % 3 === 0) roles.push(['signer', 'demo.bureau']);
  }
  const sessions = await Promise.all(roles.map(([, u]) => login(u)));
  log(`${CLIENTS} clients: ${roles.map(([r, u]) => `${u} (${r})`).join(', ')}`);

  // Measures: the instances' CPU, PostgreSQL's (primary and standby trees), nginx, HAProxy; the
  // databases' committed transactions (the replica's share of reads).
  const cpu = new CpuMeter(
    {
      A: () => instances[0].proc?.pid ?? null,
      B: () => instances[1].proc?.pid ?? null,
      postgres: () => primary.postmasterPid(),
      standby: () => standby.postmasterPid(),
      nginx: () => nginx.pid ?? null,
      haproxy: () => haproxy.pid ?? null,
    },
    new Set(['postgres', 'standby', 'nginx', 'haproxy']),
  );
  let benchCpu = process.cpuUsage();
  const benchCpuByPhase = new Map<string, number>();
  const sampler = setInterval(() => {
    cpu.sample(phase);
    const u = process.cpuUsage(benchCpu);
    benchCpu = process.cpuUsage();
    benchCpuByPhase.set(phase, (benchCpuByPhase.get(phase) ?? 0) + (u.user + u.system) / 1e6);
  }, 500);
  cleanups.push(() => clearInterval(sampler));
  const xacts = async (url: string) => Number((await query<{ n: string }>(url, "select xact_commit as n from pg_stat_database where datname = 'anxiao'"))[0].n);

  const workers = roles.map(([role], i) => (role === 'reader' ? reader : role === 'reporter' ? reporter : signer)(sessions[i]));
  const begin = (name: string) => {
    const now = Date.now();
    if (phases.length) phases[phases.length - 1].endedAt = now;
    phases.push({ name, startedAt: now, endedAt: now });
    phase = name;
    log(`phase: ${name}`);
  };
  /** Seconds until a request through nginx that needs the database succeeds again. */
  const untilServing = async (since: number) => {
    for (;;) {
      const r = await request('GET', `${base}/api/v1/auth/me`, sessions[0]);
      if (r.status === 200) return (Date.now() - since) / 1000;
      await sleep(100);
    }
  };

  // 1 and 2: one instance, then two, side by side.
  // Both instances warm (JIT, prepared statements, caches) before either is measured.
  begin('warm-up');
  await sleep(PHASE_S * 1000);
  await reloadNginx([pA]);
  const x0 = { primary: await xacts(primary.url), standby: await xacts(standby.url) };
  // Taken in turns, half a phase each, twice: the other work on a shared machine drifts over
  // minutes, and one long phase of each would measure the drift as much as the instances.
  for (let round = 0; round < 2; round++) {
    begin('one instance');
    await sleep((PHASE_S * 1000) / 2);
    await reloadNginx([pA, pB]);
    begin('two instances');
    await sleep((PHASE_S * 1000) / 2);
    if (round === 0) await reloadNginx([pA]);
  }

  // 3: an instance killed outright, started again.
  begin('instance killed');
  let phaseStart = Date.now();
  instances[1].killedByUs = true;
  instances[1].proc?.kill('SIGKILL');
  await sleep(3000);
  started = Date.now();
  startInstance(instances[1]);
  await ready(instances[1], 120_000);
  const restartS = (Date.now() - started) / 1000;
  log(`instance B back in ${restartS.toFixed(1)} s`);
  await sleep(Math.max(0, PHASE_S * 1000 - (Date.now() - phaseStart)));
  const x1 = { primary: await xacts(primary.url), standby: await xacts(standby.url) };

  // 4: PostgreSQL restarted (fast: sessions cut, then back).
  begin('DB restart');
  phaseStart = Date.now();
  await primary.restart();
  const dbRestartS = await untilServing(phaseStart);
  log(`serving again ${dbRestartS.toFixed(1)} s after the restart began`);
  await sleep(Math.max(0, PHASE_S * 1000 - (Date.now() - phaseStart)));

  // 5: failover. The primary dies (immediate: no shutdown checkpoint), the standby is promoted,
  // HAProxy is pointed at it by a reload.
  begin('failover');
  phaseStart = Date.now();
  await primary.crash();
  await standby.promote();
  writeHaproxy(pStandby);
  haproxy.kill('SIGUSR2');
  const failoverS = await untilServing(phaseStart);
  log(`serving again ${failoverS.toFixed(1)} s after the primary died (standby promoted, HAProxy reloaded)`);
  await sleep(Math.max(0, PHASE_S * 1000 - (Date.now() - phaseStart)));

  begin('after failover');
  await sleep(PHASE_S * 1000);
  stopping = true;
  await Promise.all(workers);
  phases[phases.length - 1].endedAt = Date.now();
  phase = 'check';
  clearInterval(sampler);

  // The check: through the stable address (now the promoted standby) and through the API.
  log('checking every acknowledged write');
  await Promise.all(instances.map((i) => ready(i, 60_000)));
  const hazardIds = [...acked.hazards.keys()];
  const fileIds = [...acked.files.keys()];
  const hz = await query<{ id: number; status: string }>(stableUrl, 'select id, status from hazards where id = any($1::int[])', [hazardIds]);
  const hzById = new Map(hz.map((r) => [r.id, r]));
  const lostHazards = hazardIds.filter((id) => !hzById.has(id));
  const lostSteps = [...acked.confirmed].filter((id) => hzById.get(id)?.status === 'reported' || !hzById.has(id));
  const files = await query<{ id: number; sha256: string }>(stableUrl, 'select id, sha256 from files where id = any($1::int[])', [fileIds]);
  const fileById = new Map(files.map((r) => [r.id, r.sha256]));
  const lostFileRows = fileIds.filter((id) => fileById.get(id) !== acked.files.get(id)!.sha256);
  // The bytes, through nginx (either instance).
  let apiFilesOk = 0;
  const apiFilesBad: string[] = [];
  const queue = [...fileIds];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const f = acked.files.get(id)!;
        const r = await request('GET', `${base}/api/v1/files/${id}`, f.session);
        if (r.status === 200 && r.bytes && sha256(r.bytes) === f.sha256) apiFilesOk++;
        else apiFilesBad.push(`${id}: ${r.status} via ${r.upstream ?? '?'}`);
      }
    }),
  );
  // The audit chain, with the instances' key and both instances' checkpoints.
  const checkpoints = instances.flatMap((i) => readCheckpoints(checkpointPath(i.dataDir)));
  const verifyDb = await openPostgres(stableUrl, 1);
  // The key as the instances read it from AUDIT_KEY (audit/key.ts), as npm run audit:verify does.
  const { key } = loadAuditKey({ auditKey, dataDir: instances[0].dataDir }, { create: false });
  const audit = await verifyAuditTrail(verifyDb.db, { key, checkpoints }).finally(() => verifyDb.close());

  // ---------------------------------------------------------------------------------------------
  // A phase taken in turns (one instance, two instances) is summed over its turns.
  const names = [...new Set(phases.map((p) => p.name))];
  const cpuRows = names.map((name) => {
    const turns = phases.filter((p) => p.name === name);
    const t = tally(name);
    const seconds = turns.reduce((n, p) => n + (p.endedAt - p.startedAt) / 1000, 0);
    const c = cpu.byPhase.get(name) ?? new Map<string, number>();
    const inst = (c.get('A') ?? 0) + (c.get('B') ?? 0);
    const errs = [...t.byStatus.entries()].map(([k, v]) => `${k}×${v}`).join(' ') || '-';
    const spans = turns.flatMap((p) => {
      const mine = failures.filter((f) => f.at >= p.startedAt && f.at <= p.endedAt && f.phase === name);
      return mine.length ? [`${((mine[0].at - p.startedAt) / 1000).toFixed(1)}–${((mine[mine.length - 1].at - p.startedAt) / 1000).toFixed(1)} s`] : [];
    });
    return {
      phase: name,
      seconds: seconds.toFixed(0),
      requests: t.requests,
      'req/s': (t.ok / seconds).toFixed(1),
      errors: errs,
      'errors at': spans.join(', ') || '-',
      'instance CPU ms/req': t.ok ? ((inst * 1000) / t.ok).toFixed(2) : '-',
      'CPU s (A+B / PG / standby / nginx / HAProxy / bench)': [inst, c.get('postgres') ?? 0, c.get('standby') ?? 0, c.get('nginx') ?? 0, c.get('haproxy') ?? 0, benchCpuByPhase.get(name) ?? 0].map((v) => v.toFixed(1)).join(' / '),
    };
  });
  const one = cpuRows.find((r) => r.phase === 'one instance')!;
  const two = cpuRows.find((r) => r.phase === 'two instances')!;
  const standbyDelta = x1.standby - x0.standby;
  const primaryDelta = x1.primary - x0.primary;
  const replicaShare = readReplica
    ? `${((100 * standbyDelta) / Math.max(1, standbyDelta + primaryDelta)).toFixed(1)}% of committed transactions on the standby (pg_stat_database.xact_commit, phases one instance … instance killed)`
    : `n/a: this build has no DATABASE_READ_URL (every read goes to the primary; standby xact_commit +${standbyDelta}, primary +${primaryDelta})`;
  const steadyErrors = ['warm-up', 'one instance', 'two instances', 'after failover'].reduce((n, p) => n + [...tally(p).byStatus.values()].reduce((a, b) => a + b, 0), 0);
  const totalRequests = [...tallies.values()].reduce((n, t) => n + t.requests, 0);

  console.log('\n== bench:cluster summary ==');
  console.log(`date ${new Date().toISOString()}, ${CLIENTS} clients, ${PHASE_S} s phases, ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores, PostgreSQL ${(await query<{ server_version: string }>(stableUrl, 'show server_version'))[0].server_version}`);
  console.log(`start-up: both instances on an empty database ready in ${startupS.toFixed(1)} s, demo district loaded ${demoLoads[0].n}×`);
  console.table(cpuRows);
  console.log(`requests ${totalRequests}; two instances vs one: ${(Number(two['req/s']) / Number(one['req/s'])).toFixed(2)}× the throughput, ${(Number(two['instance CPU ms/req']) / Number(one['instance CPU ms/req'])).toFixed(2)}× the instance CPU per request`);
  console.log(`recovery: instance B restarted and ready in ${restartS.toFixed(1)} s; serving ${dbRestartS.toFixed(1)} s after the DB restart began; ${failoverS.toFixed(1)} s after the primary died (failover)`);
  console.log(`replica share of reads: ${replicaShare}`);
  console.log(`photos read back through the other instance: ${crossReads.ok} same bytes, ${crossReads.mismatch} different, ${crossReads.missing} not found (404), ${crossReads.skipped} not tried (instance or database away)`);
  console.log(`acknowledged writes: ${hazardIds.length} hazard reports, ${acked.confirmed.size} signed steps, ${fileIds.length} photos`);
  console.log(`lost acknowledged writes: ${lostHazards.length + lostSteps.length + lostFileRows.length} (hazards ${lostHazards.length}, steps ${lostSteps.length}, file rows ${lostFileRows.length}); photo bytes through the API: ${apiFilesOk} of ${fileIds.length} intact`);
  if (apiFilesBad.length) console.log(`  unreadable photos: ${apiFilesBad.slice(0, 10).join('; ')}${apiFilesBad.length > 10 ? ' …' : ''}`);
  console.log(`audit chain: ${audit.broken ? `BROKEN at #${audit.broken.id} (${audit.broken.reason})` : 'intact'}, ${audit.checked} events, ${checkpoints.length} checkpoints of both instances`);
  console.log(`process crashes: ${crashes}; errors outside the killed-instance and database phases: ${steadyErrors}`);
  for (const c of crashLogs) console.log(c);
  console.log('failed requests by phase (what, status and error code; then failures in each second of the phase):');
  for (const p of phases) {
    const mine = failures.filter((f) => f.phase === p.name && f.at >= p.startedAt && f.at <= p.endedAt);
    if (!mine.length) continue;
    const kinds = new Map<string, number>();
    for (const f of mine) kinds.set(`${f.what} → ${f.status}`, (kinds.get(`${f.what} → ${f.status}`) ?? 0) + 1);
    const perSecond = new Map<number, number>();
    for (const f of mine) perSecond.set(Math.floor((f.at - p.startedAt) / 1000), (perSecond.get(Math.floor((f.at - p.startedAt) / 1000)) ?? 0) + 1);
    console.log(`  ${p.name}: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join('; ')}`);
    console.log(`    per second: ${[...perSecond].map(([sec, n]) => `${sec}s:${n}`).join(' ')}`);
  }

  const missed = [
    lostHazards.length + lostSteps.length + lostFileRows.length > 0 && 'acknowledged writes lost',
    apiFilesBad.length > 0 && 'photos unreadable through the API',
    crossReads.missing + crossReads.mismatch > 0 && 'photos not readable through the other instance',
    audit.broken && 'audit chain broken',
    crashes > 0 && 'process crashes',
    steadyErrors > 0 && 'errors while nothing was failing',
  ].filter(Boolean);
  console.log(missed.length ? `TARGETS MISSED: ${missed.join(', ')}` : 'all targets met');
  process.exitCode = missed.length ? 1 : 0;
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    cleanup();
    process.exit();
  });
