// npm run audit:verify — checks the audit trail on the configured database (DATA_DIR's embedded
// database, or DATABASE_URL): the keyed hash chain (AUDIT_KEY, else DATA_DIR/audit.key) and the
// signed checkpoints in DATA_DIR/audit-checkpoints.jsonl. Exits 1 when an event was edited or
// removed, when the newest events are gone or rewritten (up to the last checkpoint), or when
// there is no checkpoint to check against.
import path from 'node:path';
import type { ChainBreak } from '../src/domain/audit-chain.js';
import { checkpointPath, readCheckpoints } from '../src/server/audit/checkpoints.js';
import { loadAuditKey } from '../src/server/audit/key.js';
import { verifyAuditTrail } from '../src/server/audit/verify.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite, openPostgres } from '../src/server/db/client.js';

const why: Record<ChainBreak['reason'], string> = {
  prev_mismatch: 'the event before it was removed or altered',
  hash_mismatch: 'the event itself was altered',
  downgrade: 'the event carries an unkeyed hash where only keyed ones may be: it was rewritten without the key',
  checkpoint_mismatch: 'the event differs from the signed checkpoint taken of it: it was rewritten',
  checkpoint_missing: 'a signed checkpoint names this event, and it is no longer in the chain: the newest events were removed',
  checkpoint_forged: 'the checkpoint naming this event is not signed with the audit key',
};

const config = loadConfig();
const { key } = loadAuditKey(config, { create: false });
const file = checkpointPath(config.dataDir);
const checkpoints = readCheckpoints(file);
const database = config.databaseUrl ? await openPostgres(config.databaseUrl, 1) : await openPglite(path.join(config.dataDir, 'pglite'), undefined, config.pgliteSharedBuffers);
try {
  const { checked, broken } = await verifyAuditTrail(database.db, { key, checkpoints });
  if (broken) {
    console.error(`Audit trail BROKEN at event #${broken.id}: ${why[broken.reason]}. ${checked} events before it verified.`);
    process.exitCode = 1;
  } else if (!checkpoints.length) {
    console.error(`Audit trail chain intact (${checked} events), but there is no checkpoint in ${file}: deleted newest events could not be detected.`);
    process.exitCode = 1;
  } else {
    const last = checkpoints.reduce((a, b) => (b.eventId > a.eventId ? b : a));
    console.log(`Audit trail intact: ${checked} events verified, ${checkpoints.length} checkpoints hold (the last at event #${last.eventId}, ${last.at}).`);
  }
} finally {
  await database.close();
}
