import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_OPINION_WEBHOOK_SECRET, loadConfig } from './config.js';

describe('configuration', () => {
  it('has defaults: port 3000, ./data, embedded database with the demo on', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toMatch(/\/data$/);
    expect(c.databaseUrl).toBeNull();
    expect(c.demo).toBe(true);
    expect(c.sessionIdleMinutes).toBe(30);
  });
  it('turns the demo off by default on PostgreSQL, and on when asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', ANXIAO_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ ANXIAO_DEMO: 'off' }).demo).toBe(false);
  });
  it('takes TRUST_PROXY as the proxies\' addresses or a hop count, never on (issue 18)', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY.*hop count/);
    expect(() => loadConfig({ TRUST_PROXY: 'nginx; rm' })).toThrow(/TRUST_PROXY/);
  });
  it('sets the database timeouts and the drain after SIGTERM, with defaults (issue 18)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({
      database: { statementTimeoutMs: 30_000, connectTimeoutMs: 10_000, idleInTransactionTimeoutMs: 60_000, poolSize: 10 },
      shutdownDrainMs: 5_000,
    });
    expect(loadConfig({}).shutdownDrainMs).toBe(0);
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '0', SHUTDOWN_DRAIN_MS: '100' })).toMatchObject({ database: { statementTimeoutMs: 0 }, shutdownDrainMs: 100 });
    expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(/DATABASE_CONNECT_TIMEOUT_MS/);
  });
  it('takes a read replica only beside a PostgreSQL primary, with a read-after-write window (issue 18)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toMatchObject({ readUrl: null, readAfterWriteMs: 5_000 });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_READ_URL: 'postgresql://u@standby/db', DATABASE_READ_AFTER_WRITE_MS: '2000' }).database).toMatchObject({
      readUrl: 'postgresql://u@standby/db',
      readAfterWriteMs: 2_000,
    });
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://u@standby/db' })).toThrow(/DATABASE_READ_URL is set without DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_READ_URL: 'mysql://u:secret@standby/db' })).toThrow(/DATABASE_READ_URL=\(hidden\): must be a postgres/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_READ_URL: 'mysql://u:secret@standby/db' })).not.toThrow(/secret/);
    expect(() => loadConfig({ DATABASE_READ_AFTER_WRITE_MS: 'soon' })).toThrow(/DATABASE_READ_AFTER_WRITE_MS/);
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ANXIAO_DEMO: 'maybe' })).toThrow(/ANXIAO_DEMO/);
  });
  it('sizes the embedded database’s shared buffers from PGLITE_SHARED_BUFFERS, 32MB by default (issue 19)', () => {
    expect(loadConfig({}).pgliteSharedBuffers).toBe('32MB');
    expect(loadConfig({ PGLITE_SHARED_BUFFERS: '128MB' }).pgliteSharedBuffers).toBe('128MB');
    // A bad size would otherwise reach PGlite's start and fail there without naming the variable.
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(/PGLITE_SHARED_BUFFERS="lots": must be a size/);
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: '0MB' })).toThrow(/PGLITE_SHARED_BUFFERS/);
  });
  it('takes the audit key from AUDIT_KEY, at least 32 characters, and never prints it', () => {
    expect(loadConfig({}).auditKey).toBeNull();
    expect(loadConfig({ AUDIT_KEY: 'k'.repeat(32) }).auditKey).toBe('k'.repeat(32));
    expect(() => loadConfig({ AUDIT_KEY: 'short-secret' })).toThrow(/AUDIT_KEY=\(hidden\): must be at least 32/);
    expect(() => loadConfig({ AUDIT_KEY: 'short-secret' })).not.toThrow(/short-secret/);
  });
  it('the opinion webhook secret (issue 22): the demo default in demo mode, none (webhook off) otherwise, never printed', () => {
    expect(loadConfig({}).opinionWebhookSecret).toBe(DEMO_OPINION_WEBHOOK_SECRET);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).opinionWebhookSecret).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', ANXIAO_OPINION_WEBHOOK_SECRET: 's'.repeat(32) }).opinionWebhookSecret).toBe('s'.repeat(32));
    expect(() => loadConfig({ ANXIAO_OPINION_WEBHOOK_SECRET: 'short-secret' })).toThrow(/ANXIAO_OPINION_WEBHOOK_SECRET=\(hidden\)/);
  });
});

describe('the file store (issue 18)', () => {
  const s3 = { S3_BUCKET: 'anxiao-files', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret-key' };
  it('is the local directory embedded, the database with DATABASE_URL, or what FILE_STORE names', () => {
    expect(loadConfig({}).fileStore).toMatchObject({ kind: 'local', s3: null, orphanGraceMs: 24 * 3_600_000 });
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' }).fileStore?.kind).toBe('database');
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', FILE_STORE: 'local' }).fileStore?.kind).toBe('local');
    expect(loadConfig({ FILE_STORE: 's3', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: '1', FILE_ORPHAN_GRACE_HOURS: '2', ...s3 }).fileStore).toEqual({
      kind: 's3',
      s3: { endpoint: 'http://minio:9000', region: 'us-east-1', bucket: 'anxiao-files', accessKeyId: 'id', secretAccessKey: 'secret-key', forcePathStyle: true },
      orphanGraceMs: 2 * 3_600_000,
    });
  });

  it('names a bad FILE_STORE, a bad S3 setting, and the S3 settings missing for s3', () => {
    expect(() => loadConfig({ FILE_STORE: 'disk' })).toThrow(/FILE_STORE="disk": must be local, database or s3/);
    expect(() => loadConfig({ FILE_STORE: 's3', S3_BUCKET: 'anxiao-files' })).toThrow(/S3_ACCESS_KEY_ID: required when FILE_STORE=s3\n {2}S3_SECRET_ACCESS_KEY: required when FILE_STORE=s3/);
    expect(() => loadConfig({ ...s3, S3_BUCKET: 'A', S3_SECRET_ACCESS_KEY: 'x' })).toThrow(/S3_BUCKET="A"/);
    expect(() => loadConfig({ ...s3, S3_ENDPOINT: 'nope' })).toThrow(/S3_ENDPOINT="nope": must be a URL/);
  });
});
