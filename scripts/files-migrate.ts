// npm run files:migrate -- --from local --to database — copies every file the files table names
// from one store to another (src/server/files/migrate.ts), verifying each by its SHA-256; run it
// with the app's environment (DATABASE_URL, DATA_DIR, the S3_* settings). Idempotent: run it again
// after an interruption and it finishes the rest. Then set FILE_STORE to the target and restart.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type FileStoreKind } from '../src/server/config.js';
import { openPglite, openPostgres } from '../src/server/db/client.js';
import { migrateFiles } from '../src/server/files/migrate.js';
import { openStorage } from '../src/server/files/storage.js';

const kinds: FileStoreKind[] = ['local', 'database', 's3'];
const usage = 'usage: npm run files:migrate -- --from local|database|s3 --to local|database|s3';
const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
const from = values.from as FileStoreKind;
const to = values.to as FileStoreKind;
if (!kinds.includes(from) || !kinds.includes(to) || from === to) {
  console.error(usage);
  process.exit(2);
}
let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(2);
}
if ((from === 's3' || to === 's3') && !config.fileStore?.s3) {
  console.error('S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required to move files to or from s3');
  process.exit(2);
}
const database = config.databaseUrl ? await openPostgres(config.databaseUrl, 2) : await openPglite(path.join(config.dataDir, 'pglite'), undefined, config.pgliteSharedBuffers);
try {
  const report = await migrateFiles(database.db, openStorage(config, database.db, from), openStorage(config, database.db, to), (line) => console.log(line));
  console.log(`From ${from} to ${to}: ${report.copied} copied, ${report.present} already there, ${report.missing.length} missing in ${from}, ${report.corrupt.length} not matching their SHA-256.`);
  if (report.missing.length || report.corrupt.length) process.exitCode = 1;
} finally {
  await database.close();
}
