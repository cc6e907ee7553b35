// npm run audit:verify — checks the hash chain of the audit trail on the configured database
// (DATA_DIR's embedded database, or DATABASE_URL). Exits 1 when an event was edited or removed.
import path from 'node:path';
import { verifyAuditTrail } from '../src/server/audit/verify.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite, openPostgres } from '../src/server/db/client.js';

const config = loadConfig();
const database = config.databaseUrl ? await openPostgres(config.databaseUrl, 1) : await openPglite(path.join(config.dataDir, 'pglite'));
try {
  const { checked, broken } = await verifyAuditTrail(database.db);
  if (broken) {
    const why = broken.reason === 'prev_mismatch' ? 'the event before it was removed or altered' : 'the event itself was altered';
    console.error(`Audit trail BROKEN at event #${broken.id}: ${why}. ${checked} events before it verified.`);
    process.exitCode = 1;
  } else {
    console.log(`Audit trail intact: ${checked} events verified.`);
  }
} finally {
  await database.close();
}
