// Start-up of students of concern (issue 16), kept here so main.ts calls it in one line: the key
// ring from CARE_KEY (or, in demo mode, DATA_DIR/care.key), the refusal to start without a key
// when sealed records exist, what the log says about the key, and the daily jobs.
import type { Config } from '../config.js';
import type { Executor } from '../db/client.js';
import { shanghaiDate } from '../../domain/dates.js';
import { purgeExpiredCare, remindCareFollowUps } from './care-jobs.js';
import { assertCareKeyReady, CareKeyMissingError, loadCareKeys, setCareSealer } from './key.js';

type Log = (level: 'info' | 'warn', msg: string) => void;

/** Sets the key ring; exits the process with the reason when sealed records exist without a key. Returns what to log once the logger is up. */
export async function startCare(config: Config, db: Executor): Promise<(log: Log) => void> {
  const keys = loadCareKeys(config);
  try {
    await assertCareKeyReady(db, keys.sealer);
  } catch (err) {
    if (err instanceof CareKeyMissingError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  setCareSealer(keys.sealer);
  return (log) => {
    if (keys.source === 'env') return;
    if (keys.source === 'none') log('warn', 'CARE_KEY is not set: the students-of-concern ledger (学生关爱) refuses reads and writes until it is (see ARCHITECTURE.md)');
    else
      log(
        'warn',
        `The students-of-concern key is ${keys.source === 'created' ? 'a new file' : 'the file'} ${keys.file} (demo mode): in production set CARE_KEY ` +
          'and keep it apart from the database and its backups; a lost key makes the sealed records unreadable',
      );
  };
}

/** Purge after retention and follow-up reminders: hourly, each under the scheduler's advisory lock. */
export const careJobs = [
  { name: 'care-purge', everyMs: 60 * 60_000, run: (tx: Executor) => purgeExpiredCare(tx, shanghaiDate(new Date())).then(() => {}) },
  { name: 'care-follow-up-reminders', everyMs: 60 * 60_000, run: (tx: Executor) => remindCareFollowUps(tx, shanghaiDate(new Date())).then(() => {}) },
];
