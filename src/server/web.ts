import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Builds the web UI when it has not been built, or when its sources changed since (npm start after a pull). */
export async function ensureWebBuilt(log: (m: string) => void) {
  const index = path.join(webDir, 'index.html');
  if (existsSync(index)) {
    const built = statSync(index).mtimeMs;
    if (!sources.some((d) => existsSync(d) && newestMtime(d) > built)) return;
    log('The web UI sources changed: rebuilding…');
  } else {
    log('Building the web UI (first start only)…');
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'src/web/vite.config.ts'), logLevel: 'warn' });
}
