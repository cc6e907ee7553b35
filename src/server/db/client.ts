import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { schema } from './schema.js';

type Schema = typeof schema;
// One Db type over both drivers: PGlite (embedded) and node-postgres (a server).
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repositories take this. */
export type Executor = Db | Tx;

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /** Refresh planner statistics: PGlite has no autovacuum. */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

export async function openPglite(dataDir: string | null, existing?: PGlite): Promise<Database> {
  let client = existing;
  if (!client) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    client = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  }
  const c = client;
  const db = drizzlePglite(c, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
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

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  // A server that does not answer (restarting, unreachable) fails a request after 10 s with 503
  // (db/errors.ts) rather than holding it open until the client gives up.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle connection closed by the server (restart, pg_terminate_backend, DROP … WITH (FORCE))
  // is an 'error' event on the pool; unheard it would end the process. The pool opens a new one
  // on the next query, so a warning is all it needs.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`));
  // Fail early with a clear error when the server is not reachable.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    migrate: async () => {
      // The app may connect as a role that cannot create anything (ARCHITECTURE.md, "Database
      // roles"): with nothing pending it must not try. Pending ones need the owner role.
      if (!(await migrationsPending(pool))) return;
      try {
        await migratePg(db as never, { migrationsFolder });
      } catch (err) {
        const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
        if (code !== '42501') throw err;
        throw new Error('Database migrations are pending and this role may not apply them: run `npm run db:migrate` with DATABASE_URL of the owner role', { cause: err });
      }
    },
    analyze: async () => {
      await pool.query('ANALYZE');
    },
    close: () => pool.end(),
  };
}
