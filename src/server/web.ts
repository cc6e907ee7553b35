import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = path.join(root, 'dist/web');

/** Builds the web UI once, when it has not been built (npm start on a fresh clone). */
export async function ensureWebBuilt(log: (m: string) => void) {
  if (existsSync(path.join(webDir, 'index.html'))) return;
  log('Building the web UI (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'src/web/vite.config.ts'), logLevel: 'warn' });
}
