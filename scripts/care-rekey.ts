// npm run care:rekey — after starting with a new CARE_KEY and the old one in CARE_KEYS_PREVIOUS,
// re-seals every value sealed with the students-of-concern key ring still under an old key: the
// records, follow-ups and files (src/server/care/rekey.ts) and the bullying cases (src/server/bullying/rekey.ts);
// then the old key can be removed from CARE_KEYS_PREVIOUS (keep it while backups made under it are kept).
import path from 'node:path';
import { rekeyBullying } from '../src/server/bullying/rekey.js';
import { rekeyCare } from '../src/server/care/rekey.js';
import { loadCareKeys } from '../src/server/care/key.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite, openPostgres } from '../src/server/db/client.js';

const config = loadConfig();
const { sealer } = loadCareKeys({ ...config, demo: false });
if (!sealer) {
  console.error('CARE_KEY is not set: nothing to re-seal with');
  process.exit(1);
}
const database = config.databaseUrl ? await openPostgres(config.databaseUrl, 1) : await openPglite(path.join(config.dataDir, 'pglite'), undefined, config.pgliteSharedBuffers);
try {
  const n = await rekeyCare(database.db, sealer);
  const b = await rekeyBullying(database.db, sealer);
  console.log(`Re-sealed ${n.records} records, ${n.followUps} follow-ups and ${n.files} files of students of concern, and ${b.cases} bullying cases with ${b.followUps} follow-ups, under key ${sealer.keyId}.`);
} finally {
  await database.close();
}
