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
  ANXIAO_DEMO: flag.optional(),
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'must be a number of minutes' }).int().min(1).max(1440).default(30),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  IMPORT_CONCURRENCY: z.coerce.number({ message: 'must be a number of imports' }).int().min(1).max(16).default(2),
  IMPORT_QUEUE_LIMIT: z.coerce.number({ message: 'must be a number of imports' }).int().min(0).max(1000).default(10),
  TRUST_PROXY: flag.default(false),
  COOKIE_SECURE: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The key of the audit chain's HMAC, kept outside the database (issue 11 item 5).
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  // The key sealing students-of-concern records (issue 16), and earlier keys still opening them.
  CARE_KEY: z.string().min(32, 'must be 32 bytes as 64 hex characters or base64 (e.g. openssl rand -hex 32)').optional(),
  CARE_KEYS_PREVIOUS: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demo: boolean;
  sessionIdleMinutes: number;
  loginRatePerMinute: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Imports read and written at once by this process; more wait in line (issue 11 item 2). */
  importConcurrency: number;
  /** Imports that may wait in line; past that an upload is refused. */
  importQueueLimit: number;
  trustProxy: boolean;
  cookieSecure: boolean;
  logLevel: string;
  /** null: the key is kept in DATA_DIR/audit.key, made at first start. */
  auditKey: string | null;
  /** null: none from the environment (care/key.ts decides: a file in DATA_DIR in demo mode, else none). */
  careKey?: string | null;
  /** Earlier care keys, comma-separated: they open, never seal. */
  careKeysPrevious?: string | null;
}

export class ConfigError extends Error {}

/** Reads the environment; a bad variable is named in the error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    // A secret is named, never printed.
    const shown = (k: string) => (k === 'AUDIT_KEY' || k.startsWith('CARE_KEY') ? '(hidden)' : JSON.stringify(picked[k]));
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${shown(String(i.path[0]))}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL ?? null;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl,
    // Demo on by default for the embedded database, off for a PostgreSQL server.
    demo: e.ANXIAO_DEMO ?? databaseUrl === null,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    importConcurrency: e.IMPORT_CONCURRENCY,
    importQueueLimit: e.IMPORT_QUEUE_LIMIT,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE,
    logLevel: e.LOG_LEVEL,
    auditKey: e.AUDIT_KEY ?? null,
    careKey: e.CARE_KEY ?? null,
    careKeysPrevious: e.CARE_KEYS_PREVIOUS ?? null,
  };
}
