// The server as a newcomer runs it: what `npm start` runs, in its own process: the server compiled by
// its prestart (scripts/build-server.mjs) into dist/server/main.js, so the compiled build is what is
// tested here (paths found from dist/, modules loaded when first used).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoints } from '../src/server/audit/checkpoints.js';
import { ensureWebBuilt } from '../src/server/web.js';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-proc-'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverEntry], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return { child, port, output: () => out, exited };
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer /healthz: ${out}`);
}

const serverEntry = path.join(root, 'dist/server/main.js');

beforeAll(() => {
  ensureWebBuilt(() => {});
  // npm start's prestart: builds dist/server/main.js when the sources are newer.
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: root, stdio: 'inherit' });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('refuses a bad variable, naming it', async () => {
    const child = spawn(process.execPath, [serverEntry], { cwd: root, env: { ...process.env, PORT: 'eighty' } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('PORT="eighty"');
  });

  it('with the demo off on an empty database creates admin with a one-time password printed once', async () => {
    const s = await start({ ANXIAO_DEMO: '0' });
    const match = /one-time password: (\S+?)"/.exec(s.output()) ?? /one-time password: (\S+)/.exec(s.output());
    expect(match).not.toBeNull();
    const password = match![1].replace(/["\\].*$/, '');
    const login = await fetch(`http://127.0.0.1:${s.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    expect((await login.json()).user.mustChangePassword).toBe(true);
    // Serves the UI from the same process: at the bare address a newcomer types, and at any page's address.
    for (const at of ['/', '/?from=bookmark', '/units']) {
      const page = await fetch(`http://127.0.0.1:${s.port}${at}`);
      expect(page.status, at).toBe(200);
      expect(await page.text(), at).toContain('<div id="root">');
    }
    // SIGTERM: a request in flight still gets its answer, then the process exits cleanly.
    const inflight = fetch(`http://127.0.0.1:${s.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Wrong@1234' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    s.child.kill('SIGTERM');
    expect((await inflight).status).toBe(401);
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('SIGTERM');
    // Issue 11 item 5: without AUDIT_KEY the chain's key is made in DATA_DIR for the owner only, and
    // the log says production should set it; a checkpoint at start (the empty trail) and at shutdown.
    expect(s.output()).toContain('in production set AUDIT_KEY');
    expect(statSync(path.join(dataDir, 'audit.key')).mode & 0o777).toBe(0o600);
    const checkpoints = readCheckpoints(path.join(dataDir, 'audit-checkpoints.jsonl'));
    expect(checkpoints[0]).toMatchObject({ eventId: 0 });
    expect(checkpoints.at(-1)!.eventId).toBeGreaterThan(0);
  });

  it('starts again on the existing database without printing a new password, and drains under load on SIGTERM', async () => {
    const s = await start({ ANXIAO_DEMO: '0', SHUTDOWN_DRAIN_MS: '1500' });
    // The log line follows the listen: /healthz may answer before it is read from the pipe.
    await expect.poll(() => s.output(), { timeout: 10_000 }).toMatch(/started in \d+ ms/);
    expect(s.output()).not.toContain('one-time password');
    // Issue 18: four clients keep asking while SIGTERM arrives. During the drain every request is
    // still answered (the UI and the API alike), each answer closes its connection, and /readyz
    // says draining; once the process is gone the connection is refused, never answered with an error.
    const url = `http://127.0.0.1:${s.port}`;
    const statuses: Array<{ at: string; status: number }> = [];
    const closing: string[] = [];
    let refused = 0;
    let stop = false;
    const client = async (at: string) => {
      while (!stop) {
        try {
          const res = await fetch(`${url}${at}`);
          await res.arrayBuffer();
          statuses.push({ at, status: res.status });
          if (res.headers.get('connection') === 'close') closing.push(at);
        } catch {
          refused++;
          return; // the server is gone
        }
      }
    };
    const clients = Promise.all(['/livez', '/api/v1/auth/me', '/', '/livez'].map(client));
    await new Promise((r) => setTimeout(r, 300));
    const before = statuses.length;
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 400));
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'draining' });
    expect(await s.exited).toBe(0);
    stop = true;
    await clients;
    expect(statuses.length).toBeGreaterThan(before); // answered during the drain too
    // /api/v1/auth/me without a session is 401; nothing else but 200, and no 5xx at all.
    expect(statuses.filter((x) => x.status !== 200 && !(x.at === '/api/v1/auth/me' && x.status === 401))).toEqual([]);
    expect(closing.length).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    // The stopped server's trail checks out with its key and checkpoints.
    const verified = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(verified).toMatch(/Audit trail intact: \d+ events verified, \d+ checkpoints hold/);
  });
});
