import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.js';

// Health for a load balancer (issue 18):
// - /livez: the process answers (restart it if not); never asks the database, so a database outage
//   does not get every instance restarted;
// - /readyz: send it requests: 503 once SIGTERM arrived (draining) and while the database is away;
// - /healthz: the old address, kept as an alias of /readyz for what already probes it.
// While draining every answer carries `Connection: close`, so keep-alive clients and proxies move
// to another instance instead of sending more requests down a connection that is about to close.

const draining = new WeakSet<object>();

/** From now on the app is not ready and closes each connection after its answer. */
export function startDraining(app: FastifyInstance): void {
  draining.add(app);
}

export const isDraining = (app: FastifyInstance) => draining.has(app);

/** How long readiness waits for the database before calling it away. */
const PROBE_TIMEOUT_MS = 2_000;

async function databaseAnswers(database: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([database.db.execute(sql`select 1`).then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealth(app: FastifyInstance, database: Database): void {
  app.addHook('onSend', async (_req, reply) => {
    if (draining.has(app)) reply.header('connection', 'close');
  });
  app.get('/livez', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  const ready = async (_req: unknown, reply: { code: (n: number) => { send: (b: unknown) => unknown } }) => {
    if (draining.has(app)) return reply.code(503).send({ status: 'draining', database: database.kind });
    if (!(await databaseAnswers(database))) return reply.code(503).send({ status: 'unavailable', database: database.kind });
    return { status: 'ok', database: database.kind };
  };
  app.get('/readyz', { schema: { hide: true } }, ready as never);
  app.get('/healthz', { schema: { hide: true } }, ready as never);
}
