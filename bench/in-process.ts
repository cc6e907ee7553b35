// The app inside a bench suite's own process (the suites that load their data set there and time
// requests over HTTP on 127.0.0.1): the bench's config, the audit key set, listening on a free
// port, and the district administrator signed in. One place for what three suites had copied.
import { setAuditKey } from '../src/server/audit/key.js';
import { buildApp } from '../src/server/app.js';
import type { Config } from '../src/server/config.js';
import type { Database } from '../src/server/db/client.js';
import { BENCH_PASSWORD } from './dataset.js';

export async function startInProcess(suite: string, database: Database, o: { dataDir: string; databaseUrl?: string; username: string; config?: Partial<Config> }) {
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: o.dataDir,
    databaseUrl: o.databaseUrl,
    demo: false,
    sessionIdleMinutes: 30,
    // Every request comes from 127.0.0.1.
    loginRatePerMinute: 10_000,
    bodyLimitBytes: 1024 * 1024,
    uploadLimitBytes: 20 * 1024 * 1024,
    importConcurrency: 2,
    importQueueLimit: 10,
    trustProxy: false,
    cookieSecure: false,
    logLevel: 'silent',
    auditKey: 'anxiao-bench-audit-key-0123456789abcdef',
    ...o.config,
  } as Config;
  setAuditKey(Buffer.from(config.auditKey!, 'utf8'));
  const app = await buildApp({ database, config, logger: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: o.username, password: BENCH_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`bench ${suite}: login ${login.status}`);
  const cookie = String(login.headers.get('set-cookie')).split(';')[0];
  const csrf = ((await login.json()) as { csrfToken?: string }).csrfToken ?? '';
  return { app, base, cookie, csrf };
}
