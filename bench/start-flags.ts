// How `npm start` runs the server, read from scripts/start.sh (issue 19: the embedded
// server's memory, BENCHMARKS.md): the environment it sets and the Node flags. The bench's server
// children (bench/server.ts and dist/server/main.js) run with the same, so that their figures are
// those of the server as it is started; scripts/start.sh stays the one place they are written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StartCommand {
  env: Record<string, string>;
  flags: string[];
}

/**
 * scripts/start.sh taken apart: the environment and Node flags it runs the server with on the
 * embedded database (`embedded`, no DATABASE_URL) and on PostgreSQL (`server`).
 */
export function parseStartScript(script: string): { embedded: StartCommand; server: StartCommand } {
  const m =
    /if \[ -z "\$DATABASE_URL" \]; then\s+export((?:\s+[A-Z_][A-Z0-9_]*=\S+)*)\s+exec node((?:\s+--\S+)*)\s+dist\/server\/main\.js\s+fi\s+exec node((?:\s+--\S+)*)\s+dist\/server\/main\.js\s*$/.exec(
      script.replace(/^#.*$/gm, '').trim(),
    );
  if (!m) throw new Error('scripts/start.sh is not "if [ -z \"$DATABASE_URL\" ]; then export … exec node … fi exec node …"');
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  const env = Object.fromEntries(words(m[1]).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { embedded: { env, flags: words(m[2]) }, server: { env: {}, flags: words(m[3]) } };
}

/** How `npm start` runs the server on the embedded database or on PostgreSQL. */
export function startCommand(embedded: boolean): StartCommand {
  const commands = parseStartScript(readFileSync(path.join(root, 'scripts', 'start.sh'), 'utf8'));
  return embedded ? commands.embedded : commands.server;
}
