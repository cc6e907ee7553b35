import path from 'node:path';
import { buildApp } from './app.js';
import { checkpointPath, writeCheckpoint } from './audit/checkpoints.js';
import { loadAuditKey, setAuditKey } from './audit/key.js';
import { purgeIdleSessions } from './auth/session.js';
import { bootstrap } from './bootstrap.js';
import { ensureBuiltinChecklistsEverywhere } from './checklists/checklists.service.js';
import { ensureDefaultRulePacksEverywhere } from './rules/rules.service.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openPglite, openPostgres, type Executor } from './db/client.js';
import { sql } from 'drizzle-orm';
import { markOverdue } from './hazards/hazards.service.js';
import { flagMissingWeeklyReturns } from './campaigns/weekly-returns.service.js';
import { failInterruptedImports } from './imports/imports.service.js';
import { openStorage } from './files/storage.js';
import { fileJobs } from './files/orphans.js';
import { pruneJobRuns, startScheduler } from './scheduler.js';
import { flagMissingDailyReports } from './incidents/daily.service.js';
import { refreshAllRollups } from './compliance/rollup.service.js';
import { recordAllPeriods } from './compliance/periods.service.js';
import { shanghaiDate } from '../domain/dates.js';
import { ensureWebBuilt, webDir } from './web.js';
import { careJobs, startCare } from './care/start.js';
import { remindDisputesDue } from './disputes/disputes-jobs.js';
import { remindUnconfirmedDuty } from './duty/duty-jobs.js';
import { DEFAULT_MESSAGES_RETENTION_DAYS, purgeMessagesJob } from './messages/retention.js';
import { deliveryJob } from './messages/delivery.js';
import { escalateOverdueAlerts, flagOfflineCameras } from './iot/iot-alerts.js';
import { DEFAULT_OFFLINE_HOURS } from '../domain/iot.js';
import { generateOccurrences } from './inspection-schedules/inspection-schedules.service.js';
import { flagUnsignedWarnings } from './warnings/warnings.service.js';
import { startDraining } from './cluster/health.js';
import { purgeLoginThrottle } from './cluster/login-throttle.js';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const started = Date.now();
  // Before anything writes an audit event: the chain is keyed from the first one (issue 11 item 5).
  const audit = loadAuditKey(config, { create: true });
  setAuditKey(audit.key);
  const checkpointFile = checkpointPath(config.dataDir);
  await ensureWebBuilt((m) => console.log(m));
  const database = config.databaseUrl ? await openPostgres(config.databaseUrl, config.database) : await openPglite(path.join(config.dataDir, 'pglite'), undefined, config.pgliteSharedBuffers);
  // N instances started together on one database (issue 18): migrations and the bootstrap one
  // instance at a time, under the start-up lock; the later ones find everything done.
  // Files shared by every instance (issue 18): the store the config names, over this database.
  const storage = openStorage(config, database.db);
  const { boot, careLog } = await database.withStartupLock(async () => {
    await database.migrate();
    // Students of concern (issue 16): the key ring is set, or the start is refused when sealed records exist without it.
    const careLog = await startCare(config, database.db);
    // A checkpoint at every start. The first one ever is the switch-over to the keyed chain: every
    // event after it must be keyed, so an unkeyed rewrite of newer events cannot pass for an old one.
    await writeCheckpoint(database.db, checkpointFile, audit.key);
    const boot = await bootstrap(database.db, config.demo, storage);
    // Databases made before a built-in checklist shipped (or changed) catch up; idempotent.
    await ensureBuiltinChecklistsEverywhere(database.db);
    // Likewise the shipped default rule pack (a pack the bureau changed is left alone).
    await ensureDefaultRulePacksEverywhere(database.db);
    // An import cut off by a stop never finishes: say so. The embedded database has one process, so
    // every unfinished job is such a one; on a server, a young job may belong to another instance.
    await failInterruptedImports(database.db, new Date(), database.kind === 'pglite' ? 0 : 15 * 60_000);
    return { boot, careLog };
  });
  await database.analyze();

  const app = await buildApp({ database, config, storage, webDir });
  if (boot.kind === 'demo') app.log.info('Loaded the demo district 示范区教育局 (accounts in README.md, password Demo@12345)');
  if (audit.source !== 'env') {
    app.log.warn(
      `The audit chain's key is ${audit.source === 'created' ? 'a new file' : 'the file'} ${audit.file}: in production set AUDIT_KEY ` +
        '(the same on every instance) and keep it apart from the database and its backups',
    );
  }
  careLog((level, msg) => app.log[level](msg));
  if (boot.kind === 'admin') {
    // Printed once: the administrator must change it at first login.
    app.log.warn(`Created the bureau administrator "${boot.username}" with the one-time password: ${boot.password}`);
  }

  const stopJobs = startScheduler(
    database,
    [
      { name: 'fail-interrupted-imports', everyMs: 5 * 60_000, run: (tx) => failInterruptedImports(tx).then(() => {}) },
      // Overdue marking and deadline reminders; hourly, so a day's change is seen within the hour.
      { name: 'hazard-deadlines', everyMs: 60 * 60_000, run: (tx) => markOverdue(tx, new Date()).then(() => {}) },
      // 002: weekly returns not submitted are flagged to the safety centre.
      { name: 'weekly-returns-missing', everyMs: 60 * 60_000, run: (tx) => flagMissingWeeklyReturns(tx, new Date()).then(() => {}) },
      // 003: a key period's daily report (零报告) not in by the next morning reaches the school's bell.
      { name: 'incident-daily-missing', everyMs: 60 * 60_000, run: (tx) => flagMissingDailyReports(tx, new Date()).then(() => {}) },
      // The compliance rollup brought up to the day before anyone asks, and the trend's earlier months filled.
      { name: 'compliance-rollup', everyMs: 10 * 60_000, firstAfterMs: 5_000, run: (tx) => refreshAllRollups(tx, shanghaiDate(new Date())) },
      // Signed checkpoints of the audit chain outside the database: deleting or rewriting the newest
      // events is found by audit:verify, up to the last checkpoint.
      {
        name: 'audit-checkpoint',
        everyMs: 5 * 60_000,
        run: async (tx) => {
          const checkpoints = await writeCheckpoint(tx, checkpointFile, audit.key);
          if (checkpoints.length) app.log.info({ auditCheckpoints: checkpoints }, 'audit checkpoint');
        },
      },
      // 000 item 10: a school not signed for a warning within the pack's hours reaches its town officers once.
      { name: 'warnings-unsigned', everyMs: 5 * 60_000, run: (tx) => flagUnsignedWarnings(tx, new Date()).then(() => {}) },
      ...careJobs,
      // Bytes whose upload never got its files row, after the grace period (issue 18).
      ...fileJobs(config, (msg, counts) => app.log.info(counts, msg)),
      // Issue 17: recurring inspections (001 item 13 消防安全检查日 …) made on their day, once across instances.
      { name: 'inspection-occurrences', everyMs: 60 * 60_000, firstAfterMs: 30_000, run: async (tx) => void (await generateOccurrences(tx, app.deps.roleTable, new Date())) },
      // Issue 17: alerts not cleared in time become hazards; silent cameras raise an offline alert.
      { name: 'iot-escalate', everyMs: 60_000, run: (tx) => escalateOverdueAlerts(tx, new Date()).then(() => {}) },
      { name: 'iot-offline', everyMs: 10 * 60_000, firstAfterMs: 60_000, run: (tx) => flagOfflineCameras(tx, new Date(), config.iotOfflineHours ?? DEFAULT_OFFLINE_HOURS).then(() => {}) },
      // 000 item 3: disputes and petitions falling due or overdue reach the school's bell.
      // Issue 17: a duty entry not confirmed reaches the person on duty, then the school (000 item 4, 003).
      { name: 'duty-unconfirmed', everyMs: 15 * 60_000, firstAfterMs: 60_000, run: (tx) => remindUnconfirmedDuty(tx, new Date()).then(() => {}) },
      { name: 'dispute-reminders', everyMs: 60 * 60_000, run: (tx) => remindDisputesDue(tx, shanghaiDate(new Date())).then(() => {}) },
      { name: 'purge-idle-sessions', everyMs: 10 * 60_000, run: (tx) => purgeIdleSessions(tx, config.sessionIdleMinutes, new Date()) },
      // The login throttle's past windows (issue 18).
      { name: 'purge-login-throttle', everyMs: 10 * 60_000, run: (tx) => purgeLoginThrottle(tx, new Date()) },
      // The scheduler's own record of runs, kept a month (issue 18).
      { name: 'purge-job-runs', everyMs: 24 * 60 * 60_000, firstAfterMs: 10 * 60_000, run: (tx) => pruneJobRuns(tx, new Date()).then(() => {}) },
      // The year's compliance record (issue 14): one more period-end day of each district evaluated and kept.
      { name: 'compliance-periods', everyMs: 10 * 60_000, firstAfterMs: 60_000, run: (tx) => recordAllPeriods(tx, shanghaiDate(new Date())) },
      // Issue 17: reminders out through WeCom, DingTalk, Feishu, a webhook and SMS, once across instances.
      deliveryJob(database.db, { publicUrl: config.publicUrl }),
      // Sent and given-up messages and the send log after MESSAGES_RETENTION_DAYS.
      purgeMessagesJob(config.messagesRetentionDays ?? DEFAULT_MESSAGES_RETENTION_DAYS, (counts) => app.log.info(counts, 'purged old messages')),
      // PGlite has no autovacuum: keep planner statistics fresh.
      ...(database.kind === 'pglite' ? [{ name: 'analyze', everyMs: 60 * 60_000, run: async (tx: Executor) => void (await tx.execute(sql`ANALYZE`)) }] : []),
    ],
    (msg, err) => app.log.error({ err }, msg),
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing in-flight requests and closing`);
    // /readyz answers 503 from now on and every answer says Connection: close, so the load balancer
    // stops sending here while the requests under way finish (issue 18).
    startDraining(app);
    stopJobs();
    // New requests keep being answered until the load balancer has seen /readyz fail; then stop accepting.
    if (config.shutdownDrainMs) await new Promise((r) => setTimeout(r, config.shutdownDrainMs));
    // server.close() reaps only the connections idle at that moment: one whose request was in flight
    // would stay open after its answer for as long as the client keeps it alive (a browser: minutes).
    // Reap each as it goes idle, and cut what is still open after 30 s.
    const reap = setInterval(() => app.server.closeIdleConnections(), 200);
    const cut = setTimeout(() => app.server.closeAllConnections(), 30_000);
    await app.close();
    clearInterval(reap);
    clearTimeout(cut);
    // A scheduled run under way finishes and is logged before the pool closes.
    await stopJobs.drain();
    // The last events of this run are anchored too.
    await writeCheckpoint(database.db, checkpointFile, audit.key).catch((err) => app.log.error({ err }, 'audit checkpoint at shutdown failed'));
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Anxiao ready on http://localhost:${config.port} (${database.kind}, started in ${Date.now() - started} ms)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
