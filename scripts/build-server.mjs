// `npm start`'s prestart: compiles the server (src/server/main.ts and what it imports) into one
// JavaScript file, dist/server/main.js, which `npm start` runs. Run through tsx, the server held
// about 75 MB more when idle (tsx's loader and the transformed sources it keeps, issue 19,
// BENCHMARKS.md). Packages stay external (loaded from node_modules as they are). Vite is already
// a dependency (it builds the web UI), so this adds nothing to install. Skipped when the output is
// newer than every source; tests, scripts and benches still run the TypeScript through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/server/main.js');
// What the server is built from: its folders, this script and the dependency versions.
const sources = ['src/server', 'src/domain', 'src/contracts', 'scripts/build-server.mjs', 'package-lock.json'].map((p) => path.join(root, p));

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

if (!existsSync(out) || sources.some((s) => newestMtime(s) > statSync(out).mtimeMs)) {
  const { build } = await import('vite'); // only when building: loading it takes longer than the check
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: 'src/server/main.ts',
      outDir: path.dirname(out),
      emptyOutDir: true,
      target: 'node20',
      // Readable stack traces without source maps (which Node would keep in memory).
      minify: false,
      copyPublicDir: false,
      rolldownOptions: { output: { entryFileNames: 'main.js' } },
    },
  });
}
