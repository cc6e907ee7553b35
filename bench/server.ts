// The server under test, run as a child of bench/run.ts so that the load generator does not share
// its event loop. It is the app as src/server/main.ts builds it (buildApp over openPglite or
// openPostgres, the pool size main.ts uses), minus the web UI, the scheduler and bootstrap: the
// data set is already loaded. Over IPC it also:
//   capture-start / capture-stop  record the SQL the app sends (driver level), for the raw runs;
//   raw                           replay a captured request's SELECTs in a loop (PGlite only: no pgbench);
//   idle                          wait until the database has been quiet for a moment;
//   cpu                           this process's CPU time so far;
//   argon2                        verify the bench password hash with N in flight (login's floor);
//   query                         run one SQL statement and return its rows (hazard ids to transition).
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import argon2 from 'argon2';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.js';
import { loadCareKeys, setCareSealer } from '../src/server/care/key.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite, openPostgres, type Database } from '../src/server/db/client.js';

export interface CapturedStatement {
  text: string;
  params: unknown[];
}

export type Request =
  | { id: number; type: 'capture-start' }
  | { id: number; type: 'capture-stop' }
  | { id: number; type: 'raw'; seconds: number }
  | { id: number; type: 'argon2'; hash: string; password: string; seconds: number; concurrency: number }
  | { id: number; type: 'version' }
  | { id: number; type: 'idle' }
  | { id: number; type: 'cpu' }
  | { id: number; type: 'query'; text: string };

export type Reply =
  | { id: number; type: 'ok' }
  | { id: number; type: 'captured'; statements: CapturedStatement[] }
  | { id: number; type: 'rate'; iterations: number; seconds: number; rate: number }
  | { id: number; type: 'version'; version: string }
  | { id: number; type: 'cpu'; seconds: number }
  | { id: number; type: 'rows'; rows: Array<Record<string, unknown>> }
  | { id: number; type: 'error'; message: string };

const isSelect = (text: string) => /^\s*(select|with)\b/i.test(text);

async function main() {
  const config = loadConfig();
  // The device keys of the iot suite are sealed with the care key ring (src/server/iot/iot-keys.ts).
  if (config.careKey) setCareSealer(loadCareKeys(config).sealer);
  let pglite: PGlite | null = null;
  let database: Database;
  if (config.databaseUrl) {
    database = await openPostgres(config.databaseUrl);
  } else {
    pglite = await PGlite.create(path.join(config.dataDir, 'pglite'));
    database = await openPglite(null, pglite);
  }
  await database.migrate();
  const app = await buildApp({ database, config, webDir: null });
  // Work still in flight: autocannon stops on time and drops its sockets, but the server goes on
  // with what it has queued (on PGlite that queue can take a second or more). Capture and raw runs
  // wait until the database has been quiet for QUIET_MS. PGlite: count the driver calls pending.
  // PostgreSQL: ask pg_stat_activity for other active client backends of this database.
  const QUIET_MS = 300;
  let pending = 0;
  let lastActivity = Date.now();
  let activeOnServer: (() => Promise<number>) | null = null;
  let closeProbe = async () => {};
  if (pglite) {
    const client = pglite as unknown as Record<'query' | 'exec' | 'transaction', (...args: unknown[]) => Promise<unknown>>;
    for (const name of ['query', 'exec', 'transaction'] as const) {
      const original = client[name];
      client[name] = function (this: unknown, ...args: unknown[]) {
        pending++;
        lastActivity = Date.now();
        return original.apply(this, args).finally(() => {
          pending--;
          lastActivity = Date.now();
        });
      };
    }
  } else {
    const probe = new pg.Client({ connectionString: config.databaseUrl! });
    await probe.connect();
    closeProbe = () => probe.end();
    activeOnServer = async () =>
      Number(
        (
          await probe.query<{ n: string }>(
            "select count(*) as n from pg_stat_activity where backend_type = 'client backend' and datname = current_database() and state <> 'idle' and pid <> pg_backend_pid()",
          )
        ).rows[0].n,
      );
  }
  const waitQuiet = async () => {
    const deadline = Date.now() + 60_000;
    let quietSince = Date.now();
    for (;;) {
      const busy = activeOnServer ? (await activeOnServer()) > 0 : pending > 0 || Date.now() - lastActivity < QUIET_MS;
      if (busy) quietSince = Date.now();
      else if (Date.now() - quietSince >= QUIET_MS) return;
      if (Date.now() > deadline) throw new Error('the database is still busy after 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  // Capture: the calls as the driver receives them (PGlite: query(text, params, options);
  // node-postgres: Client#query(config, values)). Installed only while capturing.
  let captured: Array<{ text: string; params: unknown[]; options?: unknown }> = [];
  let restore: (() => void) | null = null;
  const startCapture = () => {
    captured = [];
    if (pglite) {
      const client = pglite;
      const original = client.query;
      client.query = function (this: PGlite, text: string, params?: unknown[], options?: unknown) {
        captured.push({ text, params: params ?? [], options });
        return original.call(this, text, params as never, options as never);
      } as typeof client.query;
      restore = () => {
        client.query = original;
      };
    } else {
      const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
      const original = proto.query;
      proto.query = function (this: unknown, ...args: unknown[]) {
        const [first, second] = args;
        if (typeof first === 'string') captured.push({ text: first, params: Array.isArray(second) ? second : [] });
        else if (first && typeof first === 'object' && 'text' in first) {
          const cfg = first as { text: string; values?: unknown[] };
          captured.push({ text: cfg.text, params: Array.isArray(second) ? second : (cfg.values ?? []) });
        }
        return original.apply(this, args);
      };
      restore = () => {
        proto.query = original;
      };
    }
  };
  // The SELECTs of the last capture, replayed by the PGlite raw loop exactly as the driver got them.
  let replay: Array<{ text: string; params: unknown[]; options?: unknown }> = [];

  const handle = async (msg: Request): Promise<Reply> => {
    switch (msg.type) {
      case 'capture-start':
        startCapture();
        return { id: msg.id, type: 'ok' };
      case 'capture-stop': {
        restore?.();
        restore = null;
        replay = captured.filter((c) => isSelect(c.text));
        return { id: msg.id, type: 'captured', statements: replay.map((c) => ({ text: c.text, params: c.params })) };
      }
      case 'raw': {
        if (!pglite) throw new Error('raw replay runs on PGlite only (PostgreSQL uses pgbench)');
        if (!replay.length) throw new Error('nothing captured to replay');
        const until = performance.now() + msg.seconds * 1000;
        const start = performance.now();
        let iterations = 0;
        while (performance.now() < until) {
          for (const c of replay) await pglite.query(c.text, c.params, c.options as never);
          iterations++;
        }
        const seconds = (performance.now() - start) / 1000;
        return { id: msg.id, type: 'rate', iterations, seconds, rate: iterations / seconds };
      }
      case 'argon2': {
        const until = performance.now() + msg.seconds * 1000;
        const start = performance.now();
        let iterations = 0;
        const worker = async () => {
          while (performance.now() < until) {
            if (!(await argon2.verify(msg.hash, msg.password))) throw new Error('argon2 verify failed');
            iterations++;
          }
        };
        await Promise.all(Array.from({ length: msg.concurrency }, worker));
        const seconds = (performance.now() - start) / 1000;
        return { id: msg.id, type: 'rate', iterations, seconds, rate: iterations / seconds };
      }
      case 'idle': {
        await waitQuiet();
        return { id: msg.id, type: 'ok' };
      }
      case 'cpu': {
        const u = process.cpuUsage();
        return { id: msg.id, type: 'cpu', seconds: (u.user + u.system) / 1e6 };
      }
      case 'query': {
        const r = (await database.db.execute(sql.raw(msg.text))) as unknown as { rows: Array<Record<string, unknown>> };
        return { id: msg.id, type: 'rows', rows: r.rows };
      }
      case 'version': {
        const r = (await database.db.execute(sql`select version() as v`)) as unknown as { rows: Array<{ v: string }> };
        return { id: msg.id, type: 'version', version: r.rows[0].v };
      }
    }
  };

  process.on('message', (msg: Request) => {
    handle(msg)
      .catch((err: unknown): Reply => ({ id: msg.id, type: 'error', message: err instanceof Error ? err.message : String(err) }))
      .then((reply) => process.send?.(reply));
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await closeProbe();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  process.on('disconnect', () => void shutdown());

  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.send?.({ id: 0, type: 'ok' } satisfies Reply);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
