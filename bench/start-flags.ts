// How `npm start` runs the server, read from package.json's start script (issue 19: the embedded
// server's memory, BENCHMARKS.md): the environment it sets and the Node flags. The bench's server
// children (bench/server.ts and dist/server/main.js) run with the same, so that their figures are
// those of the server as it is started; package.json stays the one place they are written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StartCommand {
  env: Record<string, string>;
  flags: string[];
}

/** `[NAME=value …] node [--flag …] dist/server/main.js`, taken apart. */
export function parseStartScript(start: string): StartCommand {
  const m = /^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)node((?:\s+--\S+)*)\s+dist\/server\/main\.js$/.exec(start.trim());
  if (!m) throw new Error(`package.json's start script is not "[NAME=value …] node [--flag …] dist/server/main.js": ${start}`);
  const env = Object.fromEntries(m[1].split(/\s+/).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { env, flags: m[2].split(/\s+/).filter(Boolean) };
}

export function startCommand(): StartCommand {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return parseStartScript(pkg.scripts.start);
}
