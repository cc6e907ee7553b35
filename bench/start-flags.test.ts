// `npm start` runs the embedded server with the memory settings of issue 19 (BENCHMARKS.md, "the
// embedded footprint again") and a server on PostgreSQL with Node's defaults; the bench reads the
// same settings for its server children.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStartScript, startCommand } from './start-flags.js';

const root = path.resolve(import.meta.dirname, '..');
const script = readFileSync(path.join(root, 'scripts', 'start.sh'), 'utf8');

describe("npm start's memory settings (issue 19)", () => {
  it('are what the bench starts its servers with: on the embedded database only', () => {
    expect((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start).toBe('sh scripts/start.sh');
    expect(startCommand(true)).toEqual({ env: { MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072' }, flags: ['--optimize-for-size'] });
    expect(startCommand(false)).toEqual({ env: {}, flags: [] });
    expect(() => parseStartScript('exec tsx src/server/main.ts')).toThrow(/start\.sh/);
  });

  it('reach the node process through the shell npm runs the script with, and only without DATABASE_URL', () => {
    // The start script with the server replaced by a probe: a young generation kept at V8's smallest
    // by --optimize-for-size (32 MiB without it once a million objects were made) and glibc's malloc
    // settings in the environment.
    const probe =
      `-e "const a = []; for (let i = 0; i < 1e6; i++) a.push({ i }); ` +
      `const s = require('v8').getHeapSpaceStatistics().find((x) => x.space_name === 'new_space'); ` +
      `console.log(JSON.stringify({ newSpace: s.space_size, trim: process.env.MALLOC_TRIM_THRESHOLD_ ?? null, mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? null }))"`;
    const probed = script.replaceAll('dist/server/main.js', probe);
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.MALLOC_TRIM_THRESHOLD_;
    delete env.MALLOC_MMAP_THRESHOLD_;
    delete env.NODE_OPTIONS;
    delete env.DATABASE_URL;
    const run = (extra: Record<string, string>) =>
      JSON.parse(execFileSync('sh', ['-c', probed], { cwd: root, env: { ...env, ...extra }, encoding: 'utf8' })) as { newSpace: number; trim: string | null; mmap: string | null };
    const embedded = run({});
    expect(embedded.newSpace).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(embedded).toMatchObject({ trim: '131072', mmap: '131072' });
    const server = run({ DATABASE_URL: 'postgres://example.invalid/anxiao' });
    expect(server.newSpace).toBeGreaterThan(2 * 1024 * 1024);
    expect(server).toMatchObject({ trim: null, mmap: null });
  }, 60_000); // node processes started on a shared machine
});
