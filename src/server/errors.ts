// Errors in the shape of ARCHITECTURE.md: { error: { code, message (Chinese), details } }.
import { fieldLabels } from '../contracts/common.js';

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const unauthorized = (message = '请先登录') => new AppError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = '您的角色没有此项权限') => new AppError(403, 'FORBIDDEN', message);
// Outside the caller's scope looks exactly like not there at all.
export const notFound = (what = '记录') => new AppError(404, 'NOT_FOUND', `${what}不存在或无权访问`);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const staleVersion = () =>
  new AppError(409, 'STALE_VERSION', '该记录已被他人修改，请刷新后重试');

/** A 400 naming one field in Chinese (its label from fieldLabels unless given), with the field in details. */
export const fieldError = (field: string, message: string, label = fieldLabels[field] ?? field, extra: Record<string, unknown> = {}) =>
  badRequest('VALIDATION_FAILED', `${label}：${message}`, [{ field, label, message, ...extra }]);
