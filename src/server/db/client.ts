import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { isDatabaseUnavailable } from './errors.js';
import { schema } from './schema.js';

type Schema = typeof schema;
// One Db type over both drivers: PGlite (embedded) and node-postgres (a server).
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repositories take this. */
export type Executor = Db | Tx;

/**
 * Whether reads through this executor can run at the same time: a PostgreSQL pool can (one
 * connection each), a transaction or PGlite (one connection, in this thread) cannot.
 */
export function readsInParallel(db: Executor): boolean {
  return (db as { $client?: unknown }).$client instanceof pg.Pool;
}

/** Whether this executor is an open transaction (its reads must stay on its connection). */
export function inTransaction(db: Executor): boolean {
  return db instanceof PgTransaction;
}

/** Size of the pool that long evaluations read on, apart from the app's (evaluationReader). */
export const EVALUATION_READ_CONNECTIONS = 3;
const evaluationReaders = new WeakMap<object, () => Db>();

/**
 * The database handle a long evaluation reads its ledgers through while it holds a lock in a
 * transaction of `db`: a small pool of its own on PostgreSQL (opened on first use), none on PGlite.
 * Not the app's pool: requests waiting for that lock in their own transactions can hold every
 * connection of it, and reads queued behind them would never run (a deadlock until timeouts).
 */
export function evaluationReader(db: Executor): Db | null {
  return evaluationReaders.get(db)?.() ?? null;
}

/** The package's folder: the nearest one above this file holding package.json (src/server/db under tsx, dist/server when compiled). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const migrationsFolder = path.join(packageRoot(), 'migrations');

export interface Database {
  db: Db;
  /**
   * Where pure reads may go (lists, exports, dashboards, the compliance board): a pool on the read
   * replica (DATABASE_READ_URL) that falls back to the primary while the replica is away; `db`
   * itself without a replica and on PGlite. Never for a write or a read a write depends on.
   */
  reads: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /**
   * Runs `fn` while holding the start-up lock (a PostgreSQL advisory lock; PGlite has one process):
   * N instances started together on one database migrate and bootstrap one after another, so one
   * migrates and the others wait and then find nothing to do (issue 18). migrate() takes it itself.
   */
  withStartupLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Refresh planner statistics: PGlite has no autovacuum. */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

/**
 * PGlite's start-up arguments: its own, with fewer shared buffers. PostgreSQL's default 128 MB of
 * buffers live in PGlite's WebAssembly memory, which is held for the life of the process and never
 * shrinks: most of what the embedded server held when idle (issue 19). The demo district's whole
 * database is about 80 MB and the operating system caches its files as well; PGLITE_SHARED_BUFFERS
 * (validated in config.ts) sets another size (`64MB`, `128MB`).
 */
function pgliteStartParams(sharedBuffers: string): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`];
}

/**
 * Creates an empty embedded database in a short-lived child process. PGlite's initdb runs a second
 * PostgreSQL and an initdb WebAssembly instance beside the first, about 600 MB that the server would
 * otherwise carry through its first start (issue 19); the child returns it to the system on exit.
 */
async function initialiseDataDir(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const module = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  const script = `const m = await import(${JSON.stringify(module)}); const { PGlite } = m.PGlite ? m : m.default; await (await PGlite.create(${JSON.stringify(dataDir)})).close();`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
}

export async function openPglite(dataDir: string | null, existing?: PGlite, sharedBuffers = '32MB'): Promise<Database> {
  let client = existing;
  if (!client) {
    if (dataDir) await initialiseDataDir(dataDir);
    client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), startParams: pgliteStartParams(sharedBuffers) });
  }
  const c = client;
  const db = drizzlePglite(c, { schema }) as unknown as Db;
  return {
    db,
    reads: db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    withStartupLock: (fn) => fn(),
    analyze: async () => {
      await c.exec('ANALYZE');
    },
    close: () => c.close(),
  };
}

/**
 * Whether the database lacks a migration of the folder, by drizzle's own rule (a migration newer
 * than the last one applied). Read-only, so the app's least-privilege role can ask it.
 */
async function migrationsPending(pool: pg.Pool): Promise<boolean> {
  const newest = Math.max(...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis));
  try {
    const { rows } = await pool.query<{ last: string | null }>('select max(created_at) as last from drizzle.__drizzle_migrations');
    return rows[0]?.last == null || Number(rows[0].last) < newest;
  } catch {
    return true; // no migrations table yet
  }
}

/** The advisory lock key of the start-up (migrations and bootstrap): "anxiao" in a bigint. */
const STARTUP_LOCK = 0x616e7869616f;

/**
 * Applies the pending migrations on a connection of its own without a statement timeout (an index
 * built on a large table may take longer than any request should).
 */
async function migrateUnlocked(url: string, pool: pg.Pool, connectTimeoutMs: number): Promise<void> {
  // The app may connect as a role that cannot create anything (ARCHITECTURE.md, "Database
  // roles"): with nothing pending it must not try. Pending ones need the owner role.
  if (!(await migrationsPending(pool))) return;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', (err) => process.emitWarning(`PostgreSQL migration connection lost: ${err.message}`));
  await client.connect();
  try {
    await client.query('set statement_timeout = 0');
    await migratePg(drizzlePg(client, { schema }) as never, { migrationsFolder });
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
    if (code !== '42501') throw err;
    throw new Error('Database migrations are pending and this role may not apply them: run `npm run db:migrate` with DATABASE_URL of the owner role', { cause: err });
  } finally {
    await client.end().catch(() => {});
  }
}

/** The pool's limits (issue 18); config.ts reads them from DATABASE_* variables. */
export interface PoolLimits {
  poolSize?: number;
  /** A statement running longer is cancelled (SQLSTATE 57014 → 503); 0: no limit. */
  statementTimeoutMs?: number;
  /** A connection not made within this fails the request (503) instead of holding it. */
  connectTimeoutMs?: number;
  /** A transaction idle this long is ended by the server, so a stuck request cannot hold locks; 0: no limit. */
  idleInTransactionTimeoutMs?: number;
  /** A streaming standby (or any read-only copy) for `Database.reads`; absent: reads go to the primary. */
  readUrl?: string | null;
}

// The server-side timeouts apply only when given: the app gets them from config.ts (30 s and 60 s by
// default); scripts and benches that load large datasets are not cut short.
const poolDefaults = { poolSize: 10, statementTimeoutMs: 0, connectTimeoutMs: 10_000, idleInTransactionTimeoutMs: 0, readUrl: null as string | null };

/** After the replica failed to answer, how long reads go straight to the primary before it is tried again. */
export const REPLICA_RETRY_MS = 30_000;

/** What the read pool's connections are: read-only, and named so an operator sees them in pg_stat_activity. */
export const REPLICA_APPLICATION_NAME = 'anxiao-replica';

/**
 * Makes the replica's pool answer from the primary while the replica cannot: a query that fails with
 * a connection-class error (refused, reset, timed out, the standby shutting down or still starting,
 * class 08, 57P0x) or that the standby cancels for a conflict with recovery (40001: the WAL it
 * replays removed rows the query needed) runs again on the primary; a read may run twice. Then for
 * REPLICA_RETRY_MS every query and checkout goes to the primary without waiting for the replica's
 * connect timeout each time. One warning per outage, another when the replica answers again.
 */
function fallBackToPrimary(replica: pg.Pool, primary: pg.Pool, warn: (message: string) => void): void {
  const query = replica.query.bind(replica) as (...args: unknown[]) => Promise<unknown>;
  const connect = replica.connect.bind(replica) as (...args: unknown[]) => Promise<pg.PoolClient>;
  let downUntil = 0;
  const failed = (err: unknown) => {
    if (downUntil === 0) warn(`PostgreSQL read replica unavailable, reading from the primary: ${(err as Error).message}`);
    downUntil = Date.now() + REPLICA_RETRY_MS;
  };
  const answered = () => {
    if (downUntil !== 0) warn('PostgreSQL read replica answers again: reads go to it');
    downUntil = 0;
  };
  const recoveryConflict = (err: unknown) => (err as { code?: string }).code === '40001';
  replica.query = (async (...args: unknown[]) => {
    // The callback form is not drizzle's; it passes straight through.
    if (typeof args[args.length - 1] === 'function') return query(...args);
    if (Date.now() < downUntil) return (primary.query as (...a: unknown[]) => Promise<unknown>)(...args);
    try {
      const result = await query(...args);
      answered();
      return result;
    } catch (err) {
      if (isDatabaseUnavailable(err)) failed(err);
      else if (!recoveryConflict(err)) throw err;
      return (primary.query as (...a: unknown[]) => Promise<unknown>)(...args);
    }
  }) as typeof replica.query;
  // A checkout (a read-only transaction on the read handle): the same fallback for getting a
  // connection; what runs on it afterwards is the caller's. pg-pool's own query() checks out with a
  // callback, which passes straight through.
  replica.connect = (async (...args: unknown[]) => {
    if (typeof args[0] === 'function') return connect(...args);
    if (Date.now() < downUntil) return primary.connect();
    try {
      const client = await connect();
      answered();
      return client;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      failed(err);
      return primary.connect();
    }
  }) as typeof replica.connect;
}

/**
 * A transaction is one connection, and code inside it may start two reads at once (Promise.all
 * over readers that take any executor). node-postgres queues such a second query itself but warns
 * that it will refuse it from pg 9; this queue does the same in order, so the readers stay free to
 * run in parallel on the pool and one after another inside a transaction.
 */
function queueQueries(client: pg.PoolClient) {
  // Looked up on the prototype at each call, not bound once: the benches capture the statements by
  // wrapping Client.prototype.query (bench/raw.ts), which a bound copy would bypass.
  const query = (...args: unknown[]) => (Object.getPrototypeOf(client).query as (...a: unknown[]) => unknown).apply(client, args);
  let tail: Promise<unknown> = Promise.resolve();
  client.query = ((...args: unknown[]) => {
    // The callback form (the pool's own pool.query) and submittables (cursors) pass straight through.
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args[args.length - 1] === 'function' || typeof first?.submit === 'function') return query(...args);
    const run = tail.then(() => query(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as typeof client.query;
}

export async function openPostgres(url: string, poolSizeOrLimits: number | PoolLimits = {}): Promise<Database> {
  const limits = { ...poolDefaults, ...(typeof poolSizeOrLimits === 'number' ? { poolSize: poolSizeOrLimits } : poolSizeOrLimits) };
  // A server that does not answer (restarting, unreachable) fails a request after the connect
  // timeout with 503 (db/errors.ts) rather than holding it open until the client gives up. The
  // server-side timeouts are sent as start-up options of every connection.
  // The app's pool, and the evaluation's (evaluationReader) when it is first used.
  // The read replica's pool (Database.reads) too: the same timeouts and listeners, so a standby that
  // goes away never ends the process.
  const newPool = (max: number, on: { url: string; readOnly?: boolean } = { url }) => {
    const p = new pg.Pool({
      connectionString: on.url,
      max,
      connectionTimeoutMillis: limits.connectTimeoutMs,
      statement_timeout: limits.statementTimeoutMs || undefined,
      idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs || undefined,
      // A half-open socket (the server's host gone without a FIN) is found by the kernel, not after hours.
      keepAlive: true,
      // The replica's connections refuse writes whatever they point at (a primary's address by mistake,
      // a standby after promotion): a write routed there by a bug fails instead of landing.
      ...(on.readOnly ? { options: '-c default_transaction_read_only=on', application_name: REPLICA_APPLICATION_NAME } : {}),
    });
    // An idle connection closed by the server (restart, pg_terminate_backend, DROP … WITH (FORCE))
    // is an 'error' event on the pool; unheard it would end the process. The pool opens a new one
    // on the next query, so a warning is all it needs.
    p.on('error', (err) => process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`));
    // A connection checked out (inside a transaction) that the server closes emits 'error' on the
    // client itself, which the pool does not hear while it is out: without a listener the process
    // ends ("Unhandled 'error' event"). The query under way fails, the request answers 503, and the
    // pool drops the broken client when it is released.
    p.on('connect', (client) => {
      client.on('error', (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`));
      queueQueries(client);
    });
    return p;
  };
  const pool = newPool(limits.poolSize);
  // Fail early with a clear error when the server is not reachable.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  let evaluationPool: pg.Pool | null = null;
  let evaluationDb: Db | null = null;
  evaluationReaders.set(db, () => {
    if (!evaluationDb) {
      evaluationPool = newPool(EVALUATION_READ_CONNECTIONS);
      evaluationDb = drizzlePg(evaluationPool, { schema }) as unknown as Db;
    }
    return evaluationDb;
  });
  // Not probed at start: a replica that is away must not keep the primary's instance from serving.
  const replicaPool = limits.readUrl ? newPool(limits.poolSize, { url: limits.readUrl, readOnly: true }) : null;
  if (replicaPool) fallBackToPrimary(replicaPool, pool, (m) => process.emitWarning(m));
  const reads = replicaPool ? (drizzlePg(replicaPool, { schema }) as unknown as Db) : db;
  // The session-level lock lives on a connection of its own, held for the whole of `fn`; a call
  // made while this process already holds it (migrate() inside the start-up) runs straight away.
  let held = 0;
  const withStartupLock = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (held > 0) return fn();
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: limits.connectTimeoutMs });
    client.on('error', (err) => process.emitWarning(`PostgreSQL start-up lock connection lost: ${err.message}`));
    await client.connect();
    held++;
    try {
      await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
      return await fn();
    } finally {
      held--;
      // Ending the session releases the lock even if the unlock cannot be sent.
      await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => {});
      await client.end().catch(() => {});
    }
  };
  return {
    db,
    reads,
    kind: 'postgres',
    migrate: () => withStartupLock(() => migrateUnlocked(url, pool, limits.connectTimeoutMs)),
    withStartupLock,
    analyze: async () => {
      await pool.query('ANALYZE');
    },
    close: async () => {
      await pool.end();
      await (evaluationPool as pg.Pool | null)?.end();
      await replicaPool?.end();
    },
  };
}
