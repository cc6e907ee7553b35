// `npm run bench -- iot` (issue 17; 004 (四)3): IoT ingestion at a district's scale. 1,000 schools
// (20 towns) with 20 devices each (8 smoke detectors, 4 temperature sensors, 5 cameras, 2 one-key
// alarms, 1 perimeter alarm) and one gateway each, registered with their sealed keys. Then, for
// BENCH_IOT_SECONDS (60), against the app in a child process (bench/server.ts, as `npm start` builds
// it) over real HTTP on 127.0.0.1:
//   device   every device posts one event every 10 s at its own phase (2,000 events/s offered, open
//            loop: a send is not held back by a slow answer, up to BENCH_IOT_IN_FLIGHT in flight,
//            beyond that it is counted as not sent), signed as a device signs (HMAC-SHA256 over
//            `${timestamp}.${body}` with its key); heartbeats, readings under the limit, and about
//            one smoke alarm a second (an alert opened, the rule path);
//   gateway  every school's gateway posts its 20 devices' events every 10 s in one signed body
//            (100 requests/s, the same 2,000 events/s).
// Figures: events accepted per second, p50/p99 of a request's latency (sent → answered), the answers
// by status, and nothing lost: every event answered 'accepted' is looked up in iot_events afterwards
// (count and set). CPU per event: the server child (node), the PostgreSQL backends of the app's
// connections (/proc), this process (the load generator), the machine's load average. On
// PostgreSQL, beside it, the app's insert statement as captured at the driver run raw by
// `pgbench -M prepared` (a fresh event id each time), one event and a gateway's 20.
// BENCH_PROFILE=1: a V8 CPU profile of the server child per run, summarised (self time by function).
//
// Environment: BENCH_BACKENDS (pglite,postgres), BENCH_DATABASE_URL or TEST_DATABASE_URL (a
// PostgreSQL server; a database of its own is created and dropped), BENCH_IOT_SCHOOLS (1000),
// BENCH_IOT_SECONDS (60), BENCH_IOT_WARMUP (10 s at the same load before each run, not counted), BENCH_IOT_PERIOD (10 s between a device's events), BENCH_IOT_MODES
// (device,gateway), BENCH_IOT_IN_FLIGHT (1000), BENCH_RAW_SECONDS (10 here), PGBENCH.
import { fork, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { parseKey, Sealer } from '../src/server/care/crypto.js';
import { setCareSealer } from '../src/server/care/key.js';
import type { Database } from '../src/server/db/client.js';
import { iotDevices, users } from '../src/server/db/schema.js';
import { newDeviceKey } from '../src/server/iot/iot-keys.js';
import { signBody } from '../src/domain/signed-body.js';
import { benchDatabase } from './databases.js';
import { loadDataset } from './dataset.js';
import { inlined, pct, pgbenchBinary, type Captured } from './raw.js';
import type { Reply, Request } from './server.js';
import { startCommand } from './start-flags.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const run = promisify(execFile);
const env = process.env;
const num = (k: string, d: number) => (env[k] ? Number(env[k]) : d);
const log = (m: string) => console.error(`[bench iot ${new Date().toISOString().slice(11, 19)}] ${m}`);

type Backend = 'pglite' | 'postgres';
type Mode = 'device' | 'gateway';
const MIX: Array<[kind: string, n: number]> = [
  ['smoke', 8],
  ['temperature', 4],
  ['camera', 5],
  ['alarm_button', 2],
  ['perimeter', 1],
];
/** About one smoke alarm a second at the full load: 8,000 smoke detectors × 0.1 event/s × p. */
const SMOKE_ALARM_P = 1 / 800;

interface Dev {
  uid: string;
  key: string;
  kind: string;
  school: number;
}
interface RunFigures {
  backend: Backend;
  mode: Mode;
  seconds: number;
  offeredEvents: number;
  sentEvents: number;
  notSent: number;
  requests: number;
  answers: string;
  acceptedEvents: number;
  acceptedPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  storedOfRun: number;
  lost: number;
  alertsOpened: number;
  cpu: { serverCores: number; databaseCores: number | null; loadgenCores: number; serverMsPerEvent: number; databaseMsPerEvent: number | null; loadAvg: number[] };
  profile: string[] | null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The app as a child (bench/server.ts), with IPC for its CPU time, SQL capture and queries. */
class Server {
  private next = 1;
  private waiting = new Map<number, (r: Reply) => void>();
  private exited: Promise<void>;
  constructor(
    readonly child: ChildProcess,
    readonly base: URL,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (r: Reply) => {
      this.waiting.get(r.id)?.(r);
      this.waiting.delete(r.id);
    });
  }
  static async start(dbEnv: Record<string, string>, profileDir: string | null): Promise<Server> {
    const port = await freePort();
    const child = fork(path.join(here, 'server.ts'), [], {
      execArgv: ['--import', 'tsx', ...startCommand(!dbEnv.DATABASE_URL).flags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
      cwd: root,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...startCommand(!dbEnv.DATABASE_URL).env, ...dbEnv, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', ANXIAO_DEMO: '0' },
    });
    const s = new Server(child, new URL(`http://127.0.0.1:${port}`));
    await new Promise<void>((resolve, reject) => {
      s.waiting.set(0, () => resolve());
      child.once('exit', (code) => reject(new Error(`bench iot: the server exited with ${code} before it was ready`)));
    });
    return s;
  }
  ask<T extends Reply['type']>(msg: Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never, expect: T): Promise<Extract<Reply, { type: T }>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (r) => (r.type === 'error' ? reject(new Error(`bench server: ${r.message}`)) : r.type !== expect ? reject(new Error(`bench server answered ${r.type}`)) : resolve(r as Extract<Reply, { type: T }>)));
      this.child.send({ ...msg, id });
    });
  }
  async rows<T>(text: string): Promise<T[]> {
    return (await this.ask({ type: 'query', text }, 'rows')).rows as T[];
  }
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** CPU seconds of these processes so far (/proc/<pid>/stat utime + stime; 0 for one gone). */
function procCpu(pids: number[]): Map<number, number> {
  const tick = 100;
  const m = new Map<number, number>();
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      m.set(pid, (Number(rest[11]) + Number(rest[12])) / tick);
    } catch {
      m.set(pid, 0);
    }
  }
  return m;
}

/** The top functions by self time of a V8 CPU profile. */
function summariseProfile(file: string, top = 15): string[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] };
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const n = byNode.get(id)!;
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const url = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
    const k = `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    self.set(k, (self.get(k) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1)}% ${k}`);
}

/** 1,000 schools, 20 devices and a gateway each, their keys sealed as the app seals them. */
async function loadDevices(database: Database, schools: number) {
  const db = database.db;
  const d = await loadDataset(db, { towns: 20, schools, peoplePerSchool: 1 });
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, d.accounts.admin));
  const schoolRows = (await db.execute(`select id, path from units where district_id = ${d.districtId} and kind = 'school' order by id`)) as unknown as { rows: Array<{ id: number; path: string }> };
  const devices: Dev[] = [];
  const gateways: Dev[] = [];
  const rows: Array<typeof iotDevices.$inferInsert> = [];
  const now = new Date();
  schoolRows.rows.forEach((s, si) => {
    const kinds = [...MIX.flatMap(([k, n]) => Array.from({ length: n }, () => k)), 'gateway'];
    kinds.forEach((kind, k) => {
      const uid = randomBytes(8).toString('hex');
      const { key, sealed } = newDeviceKey(uid);
      (kind === 'gateway' ? gateways : devices).push({ uid, key, kind, school: si });
      rows.push({ districtId: d.districtId, schoolId: s.id, schoolPath: s.path, uid, kind, name: `${kind}-${k + 1}`, place: '基准', tempLimitC: kind === 'temperature' ? 60 : null, keyEnc: sealed, keyRotatedAt: now, createdBy: admin.id, createdByName: '基准', createdAt: now, updatedAt: now });
    });
  });
  for (let i = 0; i < rows.length; i += 1000) await db.insert(iotDevices).values(rows.slice(i, i + 1000));
  await database.analyze();
  return { devices, gateways };
}

/** One event as the device makes it: heartbeats, readings under the limit, now and then a smoke alarm. */
function eventOf(dev: Dev, id: string, at: string) {
  if (dev.kind === 'temperature') return { id, kind: 'temperature', at, value: Math.round((18 + Math.random() * 15) * 10) / 10 };
  if (dev.kind === 'smoke' && Math.random() < SMOKE_ALARM_P) return { id, kind: 'smoke', at };
  if (dev.kind === 'camera') return { id, kind: 'heartbeat', at, retentionDays: 30 };
  return { id, kind: 'heartbeat', at };
}

async function measure(backend: Backend, mode: Mode, server: Server, fleet: { devices: Dev[]; gateways: Dev[] }, o: { seconds: number; period: number; inFlight: number; tag: string; pgPids: () => Promise<number[]> }): Promise<Omit<RunFigures, 'profile'>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const pathOf = mode === 'device' ? '/api/v1/iot/events' : '/api/v1/iot/gateway-events';
  const senders = mode === 'device' ? fleet.devices : fleet.gateways;
  const bySchool = new Map<number, Dev[]>();
  for (const d of fleet.devices) bySchool.set(d.school, [...(bySchool.get(d.school) ?? []), d]);
  // Every send of the run, at its sender's phase, in time order.
  const periodMs = o.period * 1000;
  const sends: Array<{ t: number; s: number }> = [];
  senders.forEach((_, s) => {
    const phase = Math.random() * periodMs;
    for (let t = phase; t < o.seconds * 1000; t += periodMs) sends.push({ t, s });
  });
  sends.sort((a, b) => a.t - b.t);
  const perSend = mode === 'device' ? 1 : bySchool.get(0)!.length;
  let seq = 0;
  let inFlight = 0;
  let notSent = 0;
  let requests = 0;
  const status = new Map<string, number>();
  const latencies: number[] = [];
  const accepted: string[] = [];
  const post = (sender: Dev) => {
    const at = new Date().toISOString();
    const events = mode === 'device' ? [eventOf(sender, `${o.tag}-${seq++}`, at)] : bySchool.get(sender.school)!.map((d) => ({ device: d.uid, ...eventOf(d, `${o.tag}-${seq++}`, at) }));
    const raw = JSON.stringify({ events });
    const ts = String(Math.floor(Date.now() / 1000));
    const started = performance.now();
    inFlight++;
    requests++;
    const req = http.request(
      { agent, host: server.base.hostname, port: server.base.port, path: pathOf, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw), 'x-anxiao-device': sender.uid, 'x-anxiao-timestamp': ts, 'x-anxiao-signature': `sha256=${signBody(sender.key, ts, raw)}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          inFlight--;
          latencies.push(performance.now() - started);
          status.set(String(res.statusCode), (status.get(String(res.statusCode)) ?? 0) + 1);
          if (res.statusCode !== 200) return;
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { results: Array<{ id: string; device?: string; status: string }> };
          for (const r of answer.results) if (r.status === 'accepted') accepted.push(`${r.device ?? sender.uid}|${r.id}`);
        });
      },
    );
    req.on('error', (err) => {
      inFlight--;
      status.set(err.message, (status.get(err.message) ?? 0) + 1);
    });
    req.end(raw);
  };
  const pids = await o.pgPids();
  const cpu0 = { server: (await server.ask({ type: 'cpu' }, 'cpu')).seconds, db: procCpu(pids), me: process.cpuUsage() };
  const started = performance.now();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - started;
      for (; i < sends.length && sends[i].t <= elapsed; i++) {
        if (inFlight >= o.inFlight) notSent += perSend;
        else post(senders[sends[i].s]);
      }
      if (i < sends.length) setTimeout(tick, 2);
      else resolve();
    };
    tick();
  });
  const drainUntil = Date.now() + 120_000;
  while (inFlight > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const wall = (performance.now() - started) / 1000;
  const pidsAfter = await o.pgPids();
  const cpu1 = { server: (await server.ask({ type: 'cpu' }, 'cpu')).seconds, db: procCpu([...new Set([...pids, ...pidsAfter])]), me: process.cpuUsage(cpu0.me) };
  agent.destroy();
  const dbSeconds = backend === 'postgres' ? [...cpu1.db].reduce((s, [pid, v]) => s + v - (cpu0.db.get(pid) ?? 0), 0) : null;

  // Nothing lost: every event answered 'accepted' is a row.
  const stored = new Set((await server.rows<{ k: string }>(`select d.uid || '|' || e.event_id as k from iot_events e join iot_devices d on d.id = e.device_id where e.event_id like '${o.tag}-%'`)).map((r) => r.k));
  const lost = accepted.filter((k) => !stored.has(k)).length;
  const [{ n: alerts }] = await server.rows<{ n: number }>(`select count(*)::int as n from iot_alerts where opened_at >= now() - interval '${Math.ceil(wall) + 60} seconds'`);
  latencies.sort((a, b) => a - b);
  const offered = sends.length * perSend;
  return {
    backend,
    mode,
    seconds: o.seconds,
    offeredEvents: offered,
    sentEvents: offered - notSent,
    notSent,
    requests,
    answers: [...status].map(([k, v]) => `${k}×${v}`).join(' '),
    acceptedEvents: accepted.length,
    acceptedPerSecond: accepted.length / o.seconds,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    max: latencies[latencies.length - 1],
    storedOfRun: stored.size,
    lost,
    alertsOpened: alerts,
    cpu: {
      serverCores: (cpu1.server - cpu0.server) / wall,
      databaseCores: dbSeconds === null ? null : dbSeconds / wall,
      loadgenCores: (cpu1.me.user + cpu1.me.system) / 1e6 / wall,
      serverMsPerEvent: ((cpu1.server - cpu0.server) * 1000) / Math.max(1, accepted.length),
      databaseMsPerEvent: dbSeconds === null ? null : (dbSeconds * 1000) / Math.max(1, accepted.length),
      loadAvg: os.loadavg(),
    },
  };
}

/** The app's insert statement of one request, captured at the driver, as a pgbench script with a fresh event id per run. */
async function rawInsert(server: Server, sender: Dev, events: Array<Record<string, unknown>>, pathOf: string, dbUrl: string, dir: string, seconds: number) {
  await server.ask({ type: 'capture-start' }, 'ok');
  const raw = JSON.stringify({ events });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(new URL(pathOf, server.base), { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-anxiao-device': sender.uid, 'x-anxiao-timestamp': ts, 'x-anxiao-signature': `sha256=${signBody(sender.key, ts, raw)}` } });
  await res.text();
  const { statements } = await server.ask({ type: 'capture-stop' }, 'captured');
  const insert = (statements as Captured[]).find((s) => /^\s*with ins as/i.test(s.text));
  if (res.status !== 200 || !insert) throw new Error(`bench iot: the raw capture answered ${res.status} with ${statements.length} statements`);
  const ids = events.map((e) => e.id);
  const p = insert.params.findIndex((x) => Array.isArray(x) && x.length === ids.length && x.every((v, k) => v === ids[k]));
  // The event ids: new ones each run (pgbench's :n), else ON CONFLICT makes every later run a no-op.
  // pgbench takes any `:name` for a variable: the colons of the statement's own literals (a time format) escaped.
  // The device ids (the parameter before): each pgbench client posts for another school's devices
  // (21 registered per school, in order), as the gateways do, not all eight for the same rows.
  if (!insert.params[p - 1] || !(insert.params[p - 1] as unknown[]).every((x) => typeof x === 'number')) throw new Error('bench iot: the device ids are no longer the parameter before the event ids');
  const text = insert.text
    .replace(/'([^']*:[^']*)'/g, (_, lit: string) => `E'${lit.replace(/:/g, '\\x3a')}'`)
    .split(`$${p + 1}`)
    .join(`array(select 'raw-' || :n || '-' || g from generate_series(1, ${ids.length}) g)`)
    .split(`$${p}`)
    .join(`array(select v + :client_id * 21 from unnest('{${(insert.params[p - 1] as number[]).join(',')}}'::int[]) v)`);
  const file = path.join(dir, `iot-insert-${ids.length}.sql`);
  writeFileSync(file, `\\set n random(1, 2000000000)\n${inlined({ text, params: insert.params.map((x, k) => (k === p || k === p - 1 ? null : x)) })}\n`);
  const clients = 8;
  const { stdout } = await run(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', file, dbUrl], { env: { ...process.env, PGCLIENTENCODING: 'UTF8' } });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? NaN);
  return { events: ids.length, clients, statementsPerSecond: tps, eventsPerSecond: tps * ids.length, latencyMs: latency };
}

export async function benchIot(): Promise<void> {
  const size = { schools: num('BENCH_IOT_SCHOOLS', 1000), seconds: num('BENCH_IOT_SECONDS', 60), period: num('BENCH_IOT_PERIOD', 10), inFlight: num('BENCH_IOT_IN_FLIGHT', 1000), rawSeconds: num('BENCH_RAW_SECONDS', 10), warmup: num('BENCH_IOT_WARMUP', 10) };
  const modes = (env.BENCH_IOT_MODES ?? 'device,gateway').split(',') as Mode[];
  const backends = (env.BENCH_BACKENDS ?? 'pglite,postgres').split(',') as Backend[];
  const serverUrl = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL ?? null;
  const careKey = randomBytes(32).toString('hex');
  setCareSealer(new Sealer(parseKey(careKey), []));
  const profileRoot = env.BENCH_PROFILE === '1' ? path.join(here, 'results', 'profiles', `iot-${Date.now()}`) : null;
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAvgAtStart: os.loadavg() };
  log(`${machine.cpus} × ${machine.model}, Node ${machine.node}, load average ${machine.loadAvgAtStart.map((x) => x.toFixed(2)).join(' ')}`);
  const figures: RunFigures[] = [];
  const raws: Array<Awaited<ReturnType<typeof rawInsert>>> = [];
  let pgSettings = '';
  for (const backend of backends) {
    const bench = await benchDatabase('iot', backend, serverUrl);
    const { database, dbUrl, dataDir } = bench;
    if (backend === 'postgres')
      pgSettings = ((await database.db.execute(sql`select string_agg(name || '=' || setting, ', ' order by name) as v from pg_settings where name in ('synchronous_commit','fsync','shared_buffers','max_connections')`)) as unknown as { rows: Array<{ v: string }> }).rows[0].v;
    let server: Server | null = null;
    try {
      const started = Date.now();
      const fleet = await loadDevices(database, size.schools);
      log(`${backend}: ${size.schools} schools, ${fleet.devices.length} devices and ${fleet.gateways.length} gateways registered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      // PGlite has one owner: the server child opens the directory.
      await bench.closeDatabase();
      const dbEnv: Record<string, string> = { CARE_KEY: careKey, ...(dbUrl ? { DATABASE_URL: dbUrl } : { DATA_DIR: dataDir }) };
      for (const mode of modes) {
        const profileDir = profileRoot ? path.join(profileRoot, `${backend}-${mode}`) : null;
        if (profileDir) mkdirSync(profileDir, { recursive: true });
        server = await Server.start(dbEnv, profileDir);
        const pgPids = async () => (backend === 'postgres' ? (await server!.rows<{ pid: number }>("select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()")).map((r) => r.pid) : []);
        log(`${backend} ${mode}: ${size.seconds} s at ${((fleet.devices.length / size.period) | 0).toLocaleString('en')} events/s offered`);
        // Warm-up at the same load, not counted: the JIT, the pool's connections, the devices cached.
        await measure(backend, mode, server, fleet, { ...size, seconds: size.warmup, tag: `warm${mode}${Date.now().toString(36)}`, pgPids });
        const f = await measure(backend, mode, server, fleet, { ...size, tag: `${mode}${Date.now().toString(36)}`, pgPids });
        log(`${backend} ${mode}: ${Math.round(f.acceptedPerSecond)} accepted/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, lost ${f.lost}, ${f.answers}`);
        if (backend === 'postgres' && dbUrl && mode === 'device') {
          const dev = fleet.devices[0];
          raws.push(await rawInsert(server, dev, [{ id: 'raw-probe-1', kind: 'heartbeat', at: new Date().toISOString() }], '/api/v1/iot/events', dbUrl, dataDir, size.rawSeconds));
          const gw = fleet.gateways[0];
          const mine = fleet.devices.filter((d) => d.school === gw.school);
          raws.push(await rawInsert(server, gw, mine.map((d, k) => ({ device: d.uid, id: `raw-probe-g${k}`, kind: 'heartbeat', at: new Date().toISOString() })), '/api/v1/iot/gateway-events', dbUrl, dataDir, size.rawSeconds));
        }
        await server.stop();
        server = null;
        let profile: string[] | null = null;
        if (profileDir) {
          const file = readdirSync(profileDir).find((x) => x.endsWith('.cpuprofile'));
          if (file) profile = summariseProfile(path.join(profileDir, file));
        }
        figures.push({ ...f, profile });
      }
    } finally {
      await server?.stop();
      await bench.close();
    }
  }

  const f1 = (x: number | null) => (x === null ? '—' : x.toFixed(1));
  const f2 = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  console.log(`\niot: ${size.schools} schools × 20 devices (+1 gateway each), an event every ${size.period} s per device for ${size.seconds} s (open loop, ≤ ${size.inFlight} in flight); ${new Date().toISOString()}; ${machine.cpus} × ${machine.model}, Node ${machine.node}; load average at start ${machine.loadAvgAtStart.map((x) => x.toFixed(2)).join(' ')}${pgSettings ? `; PostgreSQL ${pgSettings}` : ''}\n`);
  console.log('| backend | form | events offered | sent | requests | answers | accepted events/s | p50 ms | p99 ms | max ms | accepted but not stored | server cores | PostgreSQL cores | load generator cores | server CPU ms/event | PostgreSQL CPU ms/event | alerts opened | load average after |');
  console.log('| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const f of figures)
    console.log(
      `| ${f.backend} | ${f.mode === 'device' ? 'device (1 event/request)' : 'gateway (20 events/request)'} | ${f.offeredEvents} | ${f.sentEvents} | ${f.requests} | ${f.answers} | ${Math.round(f.acceptedPerSecond)} | ${f1(f.p50)} | ${f1(f.p99)} | ${f1(f.max)} | ${f.lost} (stored ${f.storedOfRun}) | ${f2(f.cpu.serverCores)} | ${f2(f.cpu.databaseCores)} | ${f2(f.cpu.loadgenCores)} | ${f2(f.cpu.serverMsPerEvent)} | ${f2(f.cpu.databaseMsPerEvent)} | ${f.alertsOpened} | ${f.cpu.loadAvg.map((x) => x.toFixed(2)).join(' ')} |`,
    );
  if (raws.length) {
    console.log('\nThe insert statement raw (pgbench -M prepared, 8 clients, each run a fresh event id):\n');
    console.log('| events per statement | statements/s | events/s | latency avg ms |');
    console.log('| ---: | ---: | ---: | ---: |');
    for (const r of raws) console.log(`| ${r.events} | ${Math.round(r.statementsPerSecond)} | ${Math.round(r.eventsPerSecond)} | ${f2(r.latencyMs)} |`);
  }
  for (const f of figures.filter((x) => x.profile)) console.log(`\nServer CPU profile, ${f.backend} ${f.mode} (self time):\n${f.profile!.map((l) => `- ${l}`).join('\n')}`);
  const file = path.join(here, 'results', `iot-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ command: 'npm run bench -- iot', date: new Date().toISOString(), size, machine, pgSettings, figures, raws }, null, 2));
  console.log(`\nResults: ${path.relative(root, file)}`);
  if (figures.some((f) => f.lost > 0)) {
    console.error('bench iot: events answered accepted are missing from iot_events');
    process.exitCode = 1;
  }
}
