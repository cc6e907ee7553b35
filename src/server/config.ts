import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], { message: 'must be one of 1/0, true/false, on/off, yes/no' })
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  // A streaming standby for lists, exports, dashboards and the compliance board (issue 18).
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  // After a person's write, how long their reads go to the primary rather than the replica.
  DATABASE_READ_AFTER_WRITE_MS: z.coerce.number({ message: 'must be a number of milliseconds' }).int().min(0).max(600_000).default(5_000),
  ANXIAO_DEMO: flag.optional(),
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'must be a number of minutes' }).int().min(1).max(1440).default(30),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  // Requests a minute from one address to the pages without an account (a guardian's letter link):
  // enough for a family behind one carrier address, too few to guess a token (issue 22).
  PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  // IoT (issue 17): a camera silent this long is offline; events a minute one device may post.
  IOT_OFFLINE_HOURS: z.coerce.number({ message: 'must be a number of hours' }).int().min(1).max(168).default(2),
  IOT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  IOT_GATEWAY_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  IOT_DEVICE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // Messages out (issue 17): sent and given-up messages and the send log are kept this many days.
  MESSAGES_RETENTION_DAYS: z.coerce.number({ message: 'must be a number of days' }).int().min(7).max(3650).default(180),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  IMPORT_CONCURRENCY: z.coerce.number({ message: 'must be a number of imports' }).int().min(1).max(16).default(2),
  IMPORT_QUEUE_LIMIT: z.coerce.number({ message: 'must be a number of imports' }).int().min(0).max(1000).default(10),
  // The reverse proxies whose X-Forwarded-For is believed (issue 18): their addresses or CIDR ranges
  // (comma-separated), or the number of proxy hops in front. "true" would believe any client's
  // header, letting it pick the address the login throttle counts, so it is refused.
  TRUST_PROXY: z
    .string()
    .trim()
    .refine((v) => !/^(true|on|yes)$/i.test(v), 'give the proxy address(es) (e.g. 127.0.0.1,10.0.0.0/8) or the hop count (e.g. 1), not on/off')
    .refine(
      (v) => /^(false|off|no|0|\d{1,2})$/i.test(v) || v.split(',').every((a) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/.test(a.trim())),
      'must be proxy addresses or CIDR ranges, comma-separated, or a hop count',
    )
    .optional(),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number({ message: 'must be a number of milliseconds' }).int().min(0).default(30_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number({ message: 'must be a number of milliseconds' }).int().min(100).default(10_000),
  DATABASE_IDLE_TX_TIMEOUT_MS: z.coerce.number({ message: 'must be a number of milliseconds' }).int().min(0).default(60_000),
  // After SIGTERM, how long to keep answering (with Connection: close, /readyz 503) before closing.
  SHUTDOWN_DRAIN_MS: z.coerce.number({ message: 'must be a number of milliseconds' }).int().min(0).max(300_000).optional(),
  DATABASE_POOL_SIZE: z.coerce.number({ message: 'must be a number of connections' }).int().min(1).max(500).default(10),
  COOKIE_SECURE: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The key of the audit chain's HMAC, kept outside the database (issue 11 item 5).
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  // The key sealing students-of-concern records (issue 16), and earlier keys still opening them.
  CARE_KEY: z.string().min(32, 'must be 32 bytes as 64 hex characters or base64 (e.g. openssl rand -hex 32)').optional(),
  CARE_KEYS_PREVIOUS: z.string().optional(),
  // The shared secret of the opinion monitoring service's signed webhook (issue 22). Absent: the
  // webhook is off (404), except in demo mode, which uses DEMO_OPINION_WEBHOOK_SECRET (README).
  ANXIAO_OPINION_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)').optional(),
  // The address people open the platform at ('https://anxiao.example.gov.cn'): messages sent out
  // through WeCom, DingTalk, Feishu, a webhook or SMS link to the record under it (issue 17).
  ANXIAO_PUBLIC_URL: z.url({ message: 'must be an http:// or https:// address', protocol: /^https?$/ }).optional(),
  // Where the bytes of photos and evidence are kept (issue 18): local (DATA_DIR/files), database
  // (PostgreSQL, shared by every instance; the default with DATABASE_URL) or s3 (an S3-compatible
  // store: Aliyun OSS, MinIO). files/storage.ts opens the one chosen.
  FILE_STORE: z.enum(['local', 'database', 's3'], { message: 'must be local, database or s3' }).optional(),
  S3_ENDPOINT: z.string().url('must be a URL such as https://oss-cn-hangzhou.aliyuncs.com or http://minio:9000').optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3–63 lower-case letters, digits, dots, hyphens)').optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // MinIO and s3rver want path-style URLs (endpoint/bucket/key); Aliyun OSS wants virtual-hosted ones.
  S3_FORCE_PATH_STYLE: flag.default(false),
  // Bytes stored without a files row (an upload whose transaction failed) are removed after this.
  FILE_ORPHAN_GRACE_HOURS: z.coerce.number({ message: 'must be a number of hours' }).int().min(1).max(24 * 365).default(24),
  // The embedded database's shared buffers, in PostgreSQL's units (issue 19: PGlite holds them for
  // the life of the process).
  // The CJK font the label sheets are set in (Debian's fonts-noto-cjk by default).
  LABEL_FONT: z.string().min(1).optional(),
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d*(kB|MB|GB)$/, 'must be a size such as 32MB, 128MB or 1GB')
    .default('32MB'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demo: boolean;
  sessionIdleMinutes: number;
  loginRatePerMinute: number;
  /** Requests a minute from one address to the routes without an account. */
  publicRatePerMinute?: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Imports read and written at once by this process; more wait in line (issue 11 item 2). */
  importConcurrency: number;
  /** Imports that may wait in line; past that an upload is refused. */
  importQueueLimit: number;
  /** false, a hop count, or the proxies' addresses / CIDR ranges (Fastify's trustProxy). */
  trustProxy: boolean | number | string[];
  /** PostgreSQL only: the pool's limits (issue 18). Absent: client.ts's defaults. */
  database?: DatabaseLimits;
  /** After SIGTERM, ms of still answering (draining) before the server stops accepting. */
  shutdownDrainMs?: number;
  cookieSecure: boolean;
  logLevel: string;
  /** null: the key is kept in DATA_DIR/audit.key, made at first start. */
  auditKey: string | null;
  /** null: none from the environment (care/key.ts decides: a file in DATA_DIR in demo mode, else none). */
  careKey?: string | null;
  /** Earlier care keys, comma-separated: they open, never seal. */
  careKeysPrevious?: string | null;
  /** The opinion webhook's HMAC secret; null: the webhook is off. */
  opinionWebhookSecret?: string | null;
  /** Where the bytes of files live; absent: the local directory DATA_DIR/files. */
  fileStore?: FileStoreConfig;
  /** IoT: hours without a heartbeat before a camera is offline (domain/iot.ts DEFAULT_OFFLINE_HOURS). */
  iotOfflineHours?: number;
  /** IoT: requests a minute one device (X-Anxiao-Device) may make to the ingestion endpoint. */
  iotRatePerMinute?: number;
  /** IoT: requests a minute one gateway may make to the gateway endpoint (each up to 500 events). */
  iotGatewayRatePerMinute?: number;
  /** IoT: how long an instance keeps a device and its opened key in memory; 0 reads it on every request. */
  iotDeviceCacheSeconds?: number;
  /** Messages out: days that delivered or given-up messages and the send log are kept (messages/retention.ts). */
  messagesRetentionDays?: number;
  /** The embedded database's shared_buffers (`32MB`); unused on a PostgreSQL server. */
  pgliteSharedBuffers?: string;
  /** The address people open the platform at: where messages sent out link to, what QR labels encode (issue 17); null: messages say to log in, labels take the printing request's address. */
  publicUrl?: string | null;
  /** The font file (.ttc or .ttf with CJK) of the label sheets; absent: labels/sheet.ts's default. */
  labelFont?: string | null;
}

export type FileStoreKind = 'local' | 'database' | 's3';

export interface S3Settings {
  /** Absent: AWS itself. */
  endpoint: string | null;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export interface FileStoreConfig {
  kind: FileStoreKind;
  /** Set when S3_BUCKET and its credentials are: required for kind s3, and for files:migrate to or from s3. */
  s3: S3Settings | null;
  /** Stored bytes without a files row this old are orphans (files/orphans.ts). */
  orphanGraceMs: number;
}

export interface DatabaseLimits {
  /** A statement running longer is cancelled (0: no limit). */
  statementTimeoutMs: number;
  /** A new connection not made within this fails the request with 503. */
  connectTimeoutMs: number;
  /** A transaction left idle this long is ended by the server, freeing its locks (0: no limit). */
  idleInTransactionTimeoutMs: number;
  poolSize: number;
  /** The read replica (Database.reads); null: every read on the primary. */
  readUrl?: string | null;
  /** After a person's write, ms during which their reads go to the primary (cluster/read-after-write). */
  readAfterWriteMs?: number;
}

function trustProxyOf(v: string | undefined): boolean | number | string[] {
  if (v === undefined || /^(false|off|no|0)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((a) => a.trim()).filter(Boolean);
}

/** The demo's (and a developer's) opinion webhook secret, documented in README; never used outside demo mode. */
export const DEMO_OPINION_WEBHOOK_SECRET = 'anxiao-demo-opinion-webhook-secret';

export class ConfigError extends Error {}

/** Reads the environment; a bad variable is named in the error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    // A secret is named, never printed.
    // A database URL may carry its password.
    const shown = (k: string) => (k === 'AUDIT_KEY' || k.startsWith('CARE_KEY') || k === 'ANXIAO_OPINION_WEBHOOK_SECRET' || k === 'S3_SECRET_ACCESS_KEY' || k.endsWith('_URL') ? '(hidden)' : JSON.stringify(picked[k]));
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${shown(String(i.path[0]))}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL ?? null;
  const fileStore = fileStoreOf(e, databaseUrl);
  // The embedded database has no replica: a read URL without a primary is a mistake, not a fallback.
  if (e.DATABASE_READ_URL && !databaseUrl) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_READ_URL is set without DATABASE_URL: a read replica needs the primary PostgreSQL server in DATABASE_URL (the embedded database has no replica)');
  }
  const demo = e.ANXIAO_DEMO ?? databaseUrl === null;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl,
    // Demo on by default for the embedded database, off for a PostgreSQL server.
    demo,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    publicRatePerMinute: e.PUBLIC_RATE_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    importConcurrency: e.IMPORT_CONCURRENCY,
    importQueueLimit: e.IMPORT_QUEUE_LIMIT,
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    // Several instances sit behind a load balancer only on a PostgreSQL server: give it time to see /readyz fail.
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS ?? (databaseUrl ? 5_000 : 0),
    database: {
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DATABASE_IDLE_TX_TIMEOUT_MS,
      poolSize: e.DATABASE_POOL_SIZE,
      readUrl: e.DATABASE_READ_URL ?? null,
      readAfterWriteMs: e.DATABASE_READ_AFTER_WRITE_MS,
    },
    cookieSecure: e.COOKIE_SECURE,
    logLevel: e.LOG_LEVEL,
    auditKey: e.AUDIT_KEY ?? null,
    careKey: e.CARE_KEY ?? null,
    careKeysPrevious: e.CARE_KEYS_PREVIOUS ?? null,
    fileStore,
    pgliteSharedBuffers: e.PGLITE_SHARED_BUFFERS,
    labelFont: e.LABEL_FONT ?? null,
    iotOfflineHours: e.IOT_OFFLINE_HOURS,
    iotRatePerMinute: e.IOT_RATE_PER_MINUTE,
    iotGatewayRatePerMinute: e.IOT_GATEWAY_RATE_PER_MINUTE,
    iotDeviceCacheSeconds: e.IOT_DEVICE_CACHE_SECONDS,
    messagesRetentionDays: e.MESSAGES_RETENTION_DAYS,
    opinionWebhookSecret: e.ANXIAO_OPINION_WEBHOOK_SECRET ?? (demo ? DEMO_OPINION_WEBHOOK_SECRET : null),
    publicUrl: e.ANXIAO_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
  };
}

/** The file store: FILE_STORE, else the database with DATABASE_URL and the local directory without. */
function fileStoreOf(e: z.infer<typeof envSchema>, databaseUrl: string | null): FileStoreConfig {
  const kind: FileStoreKind = e.FILE_STORE ?? (databaseUrl ? 'database' : 'local');
  const s3Named = { S3_BUCKET: e.S3_BUCKET, S3_ACCESS_KEY_ID: e.S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: e.S3_SECRET_ACCESS_KEY };
  const missing = Object.entries(s3Named).filter(([, v]) => v === undefined).map(([k]) => k);
  if (kind === 's3' && missing.length) {
    throw new ConfigError(`Invalid configuration:\n${missing.map((k) => `  ${k}: required when FILE_STORE=s3`).join('\n')}`);
  }
  const s3 = missing.length
    ? null
    : {
        endpoint: e.S3_ENDPOINT ?? null,
        region: e.S3_REGION,
        bucket: e.S3_BUCKET!,
        accessKeyId: e.S3_ACCESS_KEY_ID!,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
      };
  return { kind, s3, orphanGraceMs: e.FILE_ORPHAN_GRACE_HOURS * 3_600_000 };
}
