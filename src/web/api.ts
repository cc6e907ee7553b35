// Typed client for the Anxiao API (/api/v1). Sends JSON with the session cookie, adds the CSRF
// token to every write, and turns error bodies into ApiError with the server's Chinese message.
import type { z } from 'zod';
import type { AuditEvent } from '../contracts/audit.js';
import type { Me, metaBody } from '../contracts/auth.js';
import type { ImportJob } from '../contracts/imports.js';
import type { AuditAction, AuditObjectType, Ownership, RoleKey, SchoolStage, UnitKind, UnitStatus, UserStatus } from '../contracts/enums.js';
import type { roleBody } from '../contracts/roles.js';
import type { CreateUnit, Unit, UpdateUnit, unitDetailBody, unitTreeNode } from '../contracts/units.js';
import type { CreateUser, UpdateUser, User, userWithPasswordBody } from '../contracts/users.js';

export const API_BASE = '/api/v1';

export interface FieldError {
  field: string;
  label?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level problems sent with a validation error, if any. */
  get fieldErrors(): FieldError[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldError => typeof d === 'object' && d !== null && typeof (d as FieldError).field === 'string' && typeof (d as FieldError).message === 'string',
    );
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export interface AuthEvents {
  /** A request came back 401 (no session or the session timed out). */
  onUnauthorized?: (err: ApiError) => void;
  /** The server requires the password to be changed before anything else. */
  onPasswordChangeRequired?: (err: ApiError) => void;
}
const authEvents: AuthEvents = {};
export function setAuthEvents(events: AuthEvents) {
  Object.assign(authEvents, events);
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** A query string from the non-empty values, e.g. `?q=小学&page=2`. */
export function queryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** An absolute URL under the API, for links (export, templates). */
export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${queryString(query)}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  form?: FormData;
  /** Do not redirect on 401 (the login form handles its own errors). */
  noAuthRedirect?: boolean;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const err = new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? (res.status >= 500 ? '服务器暂时无法处理请求，请稍后重试' : `请求失败（${res.status}）`),
      e?.details,
    );
    if (res.status === 401 && !opts.noAuthRedirect) authEvents.onUnauthorized?.(err);
    if (res.status === 403 && err.code === 'PASSWORD_CHANGE_REQUIRED') authEvents.onPasswordChangeRequired?.(err);
    throw err;
  }
  return data as T;
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
};

// ---- Response shapes ----------------------------------------------------------------------

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Meta = z.infer<typeof metaBody>;
export type UnitDetail = z.infer<typeof unitDetailBody>;
export type UnitTreeItem = z.infer<typeof unitTreeNode>;
export type Role = z.infer<typeof roleBody>;
export type UserWithPassword = z.infer<typeof userWithPasswordBody>;

export interface UnitQuery extends Query {
  q?: string;
  kind?: UnitKind;
  stage?: SchoolStage;
  under?: number;
  ownership?: Ownership;
  boarding?: 'true' | 'false';
  schoolBus?: 'true' | 'false';
  rural?: 'true' | 'false';
  status?: UnitStatus;
  page?: number;
  pageSize?: number;
}

export interface UserQuery extends Query {
  q?: string;
  unitId?: number;
  under?: number;
  role?: RoleKey;
  status?: UserStatus;
  page?: number;
  pageSize?: number;
}

export interface AuditQuery extends Query {
  action?: AuditAction;
  objectType?: AuditObjectType;
  result?: 'success' | 'failure';
  q?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

// ---- Endpoints ----------------------------------------------------------------------------

export const api = {
  meta: () => http.get<Meta>('/meta'),
  me: () => http.get<Me>('/auth/me'),
  login: (username: string, password: string) =>
    request<Me>('POST', '/auth/login', { body: { username, password }, noAuthRedirect: true }),
  logout: () => http.post<{ ok: true }>('/auth/logout', {}, { noAuthRedirect: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<{ ok: true }>('/auth/password', { currentPassword, newPassword }),

  unitTree: () => http.get<{ items: UnitTreeItem[] }>('/units/tree'),
  units: (q: UnitQuery) => http.get<Page<Unit>>('/units', q),
  unit: (id: number) => http.get<UnitDetail>(`/units/${id}`),
  createUnit: (body: CreateUnit) => http.post<Unit>('/units', body),
  updateUnit: (id: number, body: UpdateUnit) => http.patch<Unit>(`/units/${id}`, body),
  setUnitStatus: (id: number, action: 'disable' | 'enable', version: number) => http.post<Unit>(`/units/${id}/${action}`, { version }),

  users: (q: UserQuery) => http.get<Page<User>>('/users', q),
  createUser: (body: CreateUser) => http.post<UserWithPassword>('/users', body),
  updateUser: (id: number, body: UpdateUser) => http.patch<User>(`/users/${id}`, body),
  setUserStatus: (id: number, action: 'disable' | 'enable', version: number) => http.post<User>(`/users/${id}/${action}`, { version }),
  resetPassword: (id: number, version: number) => http.post<UserWithPassword>(`/users/${id}/reset-password`, { version }),

  roles: () => http.get<{ items: Role[] }>('/roles'),

  auditEvents: (q: AuditQuery) => http.get<Page<AuditEvent>>('/audit-events', q),

  importJobs: () => http.get<{ items: ImportJob[] }>('/imports'),
  importJob: (id: ImportJob['id']) => http.get<{ job: ImportJob }>(`/imports/${id}`),
  startImport: (form: FormData) => http.upload<{ job: ImportJob }>('/imports', form),
};
