// `npm start` runs the server with the memory settings of issue 19 (BENCHMARKS.md, "the embedded
// footprint again"), and the bench reads the same settings for its server children.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStartScript, startCommand } from './start-flags.js';

const root = path.resolve(import.meta.dirname, '..');
const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;

describe("npm start's memory settings (issue 19)", () => {
  it('are what the bench starts its servers with', () => {
    expect(startCommand()).toEqual({ env: { MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072' }, flags: ['--optimize-for-size'] });
    expect(parseStartScript('node dist/server/main.js')).toEqual({ env: {}, flags: [] });
    expect(() => parseStartScript('tsx src/server/main.ts')).toThrow(/start script/);
  });

  it('reach the node process through the shell npm runs the script with', () => {
    // The start script with the server replaced by a probe: a young generation kept at V8's smallest
    // by --optimize-for-size (32 MiB without it once a million objects were made) and glibc's malloc
    // settings in the environment.
    const probe =
      `-e "const a = []; for (let i = 0; i < 1e6; i++) a.push({ i }); ` +
      `const s = require('v8').getHeapSpaceStatistics().find((x) => x.space_name === 'new_space'); ` +
      `console.log(JSON.stringify({ newSpace: s.space_size, trim: process.env.MALLOC_TRIM_THRESHOLD_, mmap: process.env.MALLOC_MMAP_THRESHOLD_ }))"`;
    const script = start.replace('dist/server/main.js', probe);
    const env = { ...process.env };
    delete env.MALLOC_TRIM_THRESHOLD_;
    delete env.MALLOC_MMAP_THRESHOLD_;
    delete env.NODE_OPTIONS;
    const out = JSON.parse(execFileSync('sh', ['-c', script], { cwd: root, env, encoding: 'utf8' })) as { newSpace: number; trim?: string; mmap?: string };
    expect(out.newSpace).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(out).toMatchObject({ trim: '131072', mmap: '131072' });
  }, 60_000); // a node process started on a shared machine
});
