// npm run db:migrate — applies pending migrations to DATABASE_URL (the embedded database when not
// set). On PostgreSQL run it as the owner role; the app itself may then connect as the
// least-privilege app role (ARCHITECTURE.md, "Database roles").
import path from 'node:path';
import { loadConfig } from '../src/server/config.js';
import { openPglite, openPostgres } from '../src/server/db/client.js';

const config = loadConfig();
const database = config.databaseUrl ? await openPostgres(config.databaseUrl, 1) : await openPglite(path.join(config.dataDir, 'pglite'), undefined, config.pgliteSharedBuffers);
try {
  await database.migrate();
  console.log('Migrations applied.');
} finally {
  await database.close();
}
