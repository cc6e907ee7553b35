// The raw-SQL side of the bench suites run in their own file (BENCHMARKS.md: beside each API figure,
// the same SQL run by pgbench -M prepared): where pgbench is, the statements the app sends captured
// at the driver, a capture written as a pgbench script, and pgbench's average latency. One place for
// what the suites had copied.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export function pgbenchBinary(): string {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    for (const v of readdirSync(base).filter((x) => /^\d+$/.test(x)).sort((a, b) => Number(b) - Number(a))) {
      const p = `${base}/${v}/bin/pgbench`;
      if (existsSync(p)) return p;
    }
  }
  return 'pgbench';
}

export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
export const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);

export interface Captured {
  text: string;
  params: unknown[];
}

/** Runs work and returns the statements it sent through node-postgres (PostgreSQL only). */
export async function capturing<T>(work: () => Promise<T>): Promise<{ result: T; statements: Captured[] }> {
  const statements: Captured[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === 'string') statements.push({ text: first, params: Array.isArray(second) ? second : [] });
    else if (first && typeof first === 'object' && 'text' in first) {
      const cfg = first as { text: string; values?: unknown[] };
      statements.push({ text: cfg.text, params: Array.isArray(second) ? second : (cfg.values ?? []) });
    }
    return original.apply(this, args);
  };
  try {
    return { result: await work(), statements };
  } finally {
    proto.query = original;
  }
}

/**
 * A string as an SQL literal that pgbench leaves alone: pgbench takes any `:name` in a script for a
 * variable (a JSON `"done":true`, a time `00:29:53`), quotes or not, so a colon is written as the
 * escape \x3a of an E'' string.
 */
function quote(s: string): string {
  const q = s.replace(/'/g, "''");
  return /[:\\]/.test(q) ? `E'${q.replace(/\\/g, '\\\\').replace(/:/g, '\\x3a')}'` : `'${q}'`;
}

/** A parameter as an SQL literal, for a pgbench script (pgbench prepares each statement once per connection). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return quote(v.toISOString());
  if (Array.isArray(v)) return quote(`{${v.map((x) => (typeof x === 'string' ? `"${x.replace(/(["\\])/g, '\\$1')}"` : String(x))).join(',')}}`);
  return quote(String(v));
}

export const inlined = (s: Captured) => {
  let text = s.text;
  // Highest number first: $10 before $1.
  for (let i = s.params.length; i >= 1; i--) text = text.split(`$${i}`).join(literal(s.params[i - 1]));
  return `${text.replace(/\s+/g, ' ').trim()};`;
};

/** The SELECTs of a capture as one pgbench script, parameters inlined. */
export function script(statements: Captured[]): string {
  return statements
    .filter((s) => /^\s*(with|select)\b/i.test(s.text))
    .map(inlined)
    .join('\n');
}

/**
 * Every statement of a capture, reads and writes, in one transaction that is rolled back: what a
 * write costs the database itself, repeatable because nothing stays (the app's own begin and commit
 * are left out).
 */
export function rolledBackScript(statements: Captured[]): string {
  const body = statements.filter((s) => !/^\s*(begin|commit|rollback)\b/i.test(s.text)).map(inlined);
  return ['begin;', ...body, 'rollback;'].join('\n');
}

export async function pgbenchAvg(file: string, dbUrl: string, seconds: number): Promise<number | null> {
  const { stdout } = await run(pgbenchBinary(), ['-n', '-M', 'prepared', '-c', '1', '-j', '1', '-T', String(seconds), '-f', file, dbUrl], { env: { ...process.env, PGCLIENTENCODING: 'UTF8' } });
  const m = /latency average = ([\d.]+) ms/.exec(stdout);
  return m ? Number(m[1]) : null;
}
