// Runs every test tier and ends with the plain line CI reads: "N passed, N failed".
//   unit → api on PGlite → api on PostgreSQL (when TEST_DATABASE_URL is set) → e2e in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';

const out = mkdtempSync(path.join(tmpdir(), 'anxiao-vitest-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

// Vitest runs one file at a time on a two-core machine (cores - 1); the API files are each on a
// database of their own and wait on it half the time, so two at once nearly halve each API leg
// (measured: 407 → 208 s on PGlite, 185 → 109 s on PostgreSQL). The e2e files stay one at a time:
// Chromium and the server already fill a core, and two at once made clicks time out.
const apiWorkers = Math.max(2, availableParallelism() - 1);

function run(label, projects, env = {}, extra = []) {
  const file = path.join(out, `${label}.json`);
  console.log(`\n━━ ${label} ━━`);
  const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`];
  const res = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (!existsSync(file)) {
    console.log(`${label}: the test run did not finish (exit ${res.status})`);
    broken = true;
    totals.failed += 1;
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
  // A file that failed to load counts as a failure even with no test inside it.
  const suiteFailures = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed')).length;
  totals.failed += suiteFailures;
  if (res.status !== 0 && r.numFailedTests === 0 && suiteFailures === 0) broken = true;
}

const { TEST_DATABASE_URL, ...withoutPg } = process.env;
run('unit + api on PGlite', ['unit', 'api'], { TEST_DATABASE_URL: '' }, [`--maxWorkers=${apiWorkers}`]);
if (TEST_DATABASE_URL) run('api on PostgreSQL', ['api'], { TEST_DATABASE_URL }, [`--maxWorkers=${apiWorkers}`]);
else console.log('\n(api on PostgreSQL skipped: set TEST_DATABASE_URL, or run .ci/run, which starts a server)');

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) run('e2e in Chromium', ['e2e'], { ...withoutPg, TEST_DATABASE_URL: '' });
else if (process.env.CI) {
  console.log(`\ne2e: Chromium not found at ${chromium}`);
  totals.failed += 1;
} else console.log(`\n(e2e skipped: no Chromium at ${chromium}; apt-get install -y chromium fonts-noto-cjk)`);

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
