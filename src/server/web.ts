import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = path.join(root, 'dist/web');
// What the UI is built from: its own folder and the contracts and rules it imports.
const sources = ['src/web', 'src/contracts', 'src/domain'].map((d) => path.join(root, d));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild(): 'first' | 'changed' | null {
  const index = path.join(webDir, 'index.html');
  if (!existsSync(index)) return 'first';
  const built = statSync(index).mtimeMs;
  return sources.some((d) => existsSync(d) && newestMtime(d) > built) ? 'changed' : null;
}

// Several instances started together on one machine must not build into dist/web at once
// (issue 18): the first takes a lock file (created exclusively), the others wait for it to go
// and then find the UI built. A lock older than 10 minutes is taken as left by a dead build.
const lockFile = path.join(root, 'dist/.web-build.lock');
const STALE_LOCK_MS = 10 * 60_000;

function tryLock(): boolean {
  mkdirSync(path.dirname(lockFile), { recursive: true });
  try {
    closeSync(openSync(lockFile, 'wx'));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    try {
      if (Date.now() - statSync(lockFile).mtimeMs > STALE_LOCK_MS) rmSync(lockFile, { force: true });
    } catch {
      // gone meanwhile: the next try takes it
    }
    return false;
  }
}

/** Builds the web UI when it has not been built, or when its sources changed since (npm start after a pull). */
export async function ensureWebBuilt(log: (m: string) => void) {
  if (!needsBuild()) return;
  while (!tryLock()) {
    await new Promise((r) => setTimeout(r, 500));
    if (!existsSync(lockFile) && !needsBuild()) return; // another instance built it
  }
  try {
    const need = needsBuild();
    if (!need) return;
    log(need === 'changed' ? 'The web UI sources changed: rebuilding…' : 'Building the web UI (first start only)…');
    const { build } = await import('vite');
    // Always React's production build: Vite takes NODE_ENV as it finds it, and a test runner sets it
    // to `test` (the e2e tier built the UI with React's development build, several times slower).
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.join(root, 'src/web/vite.config.ts'), logLevel: 'warn', mode: 'production' });
    } finally {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    }
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/**
 * Headers for the built UI's files. The service worker and the manifest are checked on every
 * visit (a long-cached sw.js would keep phones on an old app for days, issue 17); the hashed
 * assets under /assets never change under their name, so they are cached for a year.
 */
export function setWebHeaders(reply: { header(name: string, value: string): unknown }, filePath: string) {
  const name = path.basename(filePath);
  if (name === 'sw.js' || name === 'registerSW.js' || name === 'manifest.webmanifest' || /^workbox-[\w-]+\.js$/.test(name)) {
    reply.header('cache-control', 'no-cache');
    if (name === 'manifest.webmanifest') reply.header('content-type', 'application/manifest+json; charset=utf-8');
  } else if (filePath.includes(`${path.sep}assets${path.sep}`)) {
    reply.header('cache-control', 'public, max-age=31536000, immutable');
  }
}
