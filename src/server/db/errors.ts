import { fieldLabels } from '../../contracts/common.js';
import { AppError } from '../errors.js';

/** The fields a database error carries, on either driver (node-postgres and PGlite share pg-protocol's DatabaseError). */
export interface DriverError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  message?: string;
  cause?: unknown;
}

/**
 * The driver's error under whatever wraps it: drizzle's DrizzleQueryError (and a transaction that
 * rethrows it) keeps the driver's error as `cause`. The first error in the chain with a code wins.
 */
export function driverErrorOf(err: unknown): DriverError | null {
  let e = err as DriverError | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 5; i++) {
    if (typeof e.code === 'string') return e;
    e = e.cause as DriverError | undefined;
  }
  return null;
}

/** True when a database error is a unique-constraint violation (SQLSTATE 23505), on either driver. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = driverErrorOf(err);
  if (e?.code !== '23505') return false;
  return !constraint || e.constraint === constraint || String(e.message ?? '').includes(constraint);
}

// Socket errors and the driver's own messages when the server went away or could not be reached.
const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const connectionMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
  /Client was closed and is not queryable/i,
  /PGlite is closed/i,
];

/**
 * True when the database is unavailable rather than the request wrong: the server restarting or
 * shutting down (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now), a broken
 * connection (class 08), too many connections (53300), a refused or reset socket, a pool that
 * cannot connect in time, or a closed PGlite.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e = err as DriverError | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 5; i++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (connectionCodes.has(code) || /^(57P0[123]|08...|53300)$/.test(code)) return true;
    if (connectionMessages.some((m) => m.test(String(e!.message ?? '')))) return true;
    // AggregateError (a host with several addresses, each refused) carries its errors in `errors`.
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.some((x) => isDatabaseUnavailable(x))) return true;
    e = e.cause as DriverError | undefined;
  }
  return false;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * The field a constraint is about, from the error's detail ("Key (district_id, policy_no)=(1, X) already
 * exists.", "Key (unit_id)=(9) is not present in table …"): the last key column with a label. The scope
 * columns in front of it (district, school) are the same for every row the person can see.
 */
function fieldOf(e: DriverError): { field: string; label: string } | null {
  const m = /Key \(([^)]*)\)/.exec(e.detail ?? '');
  const columns = m ? m[1].split(',').map((c) => c.trim().replace(/^"|"$/g, '')) : e.column ? [e.column] : [];
  for (const column of [...columns].reverse()) {
    // An expression index (lower(name)) names its column inside the call.
    const bare = /\(([a-z_]+)\)/.exec(column)?.[1] ?? column;
    const field = camel(bare);
    if (field !== 'districtId' && fieldLabels[field]) return { field, label: fieldLabels[field] };
  }
  return null;
}

const invalidValue: Record<string, string> = {
  '22001': '内容过长',
  '22003': '数值超出允许范围',
  '22007': '日期或时间格式不正确',
  '22008': '日期或时间超出允许范围',
  '22021': '包含无法保存的字符',
  '22P02': '格式不正确',
  '22P05': '包含无法保存的字符',
  '22012': '数值计算有误（除以零）',
  '2201E': '数值超出允许范围',
};

export const DATABASE_UNAVAILABLE_MESSAGE = '数据库暂时不可用，请稍后重试';
/** Seconds a client waits before trying again when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The answer for an error the database raised, by SQLSTATE class, or null when it is not a
 * database error: a request the database refuses is the request's fault (4xx), a database that is
 * away is 503. Services still say more where they know more (a taken unit name); this is what every
 * other path gets, e.g. a unique index firing between a service's check and its insert.
 */
export function httpErrorForDatabase(err: unknown): AppError | null {
  if (isDatabaseUnavailable(err)) return new AppError(503, 'DATABASE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
  const e = driverErrorOf(err);
  const code = e?.code;
  // SQLSTATEs are five characters; a socket error code (EINVAL …) is not a database answer.
  if (!e || !code || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const f = fieldOf(e);
  const details = f ? [{ field: f.field, label: f.label }] : undefined;
  if (code === '23505') {
    const message = f ? `已存在相同${f.label}的记录，请勿重复提交` : '已存在相同的记录，请勿重复提交';
    return new AppError(409, 'DUPLICATE', message, details && [{ ...details[0], message }]);
  }
  if (code === '23503') {
    // Deleting or changing a row others still point to, or pointing to a row that is not there.
    if (/still referenced/i.test(e.detail ?? '')) return new AppError(409, 'IN_USE', '该记录仍被其他记录引用，不能删除或修改');
    const message = f ? `${f.label}不存在` : '引用的记录不存在';
    return new AppError(400, 'REFERENCE_NOT_FOUND', message, details && [{ ...details[0], message }]);
  }
  if (code === '23502') return new AppError(400, 'VALIDATION_FAILED', f ? `${f.label}：不能为空` : '缺少必填内容', details);
  if (code === '23514' || code === '23P01') return new AppError(400, 'VALIDATION_FAILED', '提交的内容不符合要求，请检查后重试');
  if (code.startsWith('22')) {
    const what = invalidValue[code] ?? '取值不正确';
    return new AppError(400, 'INVALID_VALUE', f ? `${f.label}：${what}` : `提交的内容${what}，请检查后重试`, details);
  }
  if (code === '40001' || code === '40P01') {
    return new AppError(409, 'CONCURRENT_UPDATE', '有其他操作同时修改了相同的数据，请稍后重试');
  }
  // Statement cancelled (a timeout), out of memory, disk full, too many connections: the server, not the request.
  if (code === '57014' || code.startsWith('53')) return new AppError(503, 'DATABASE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
  return null;
}
