// Server field errors under nested form fields: 'phases.1.startsOn' goes under the second phase's
// start date, not just somewhere near "phases".
import type { FormInstance } from 'antd';
import { ApiError } from '../api.js';
import { showError } from '../feedback.js';

/** A dotted path as a form name path: 'areas.2.area' → ['areas', 2, 'area']. */
export const namePath = (field: string): Array<string | number> => field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/**
 * Shows the error, then puts each field error under its field when the head of its path is one of
 * `fields`. Returns true when at least one field got a message.
 */
export function applyNestedServerErrors(form: FormInstance, err: unknown, fields: readonly string[]): boolean {
  showError(err);
  if (!(err instanceof ApiError)) return false;
  const byField = new Map<string, string[]>();
  for (const fe of err.fieldErrors) {
    if (!fields.includes(fe.field.split('.')[0])) continue;
    byField.set(fe.field, [...(byField.get(fe.field) ?? []), fe.message]);
  }
  if (byField.size) form.setFields([...byField].map(([field, errors]) => ({ name: namePath(field), errors: [...new Set(errors)] })));
  return byField.size > 0;
}
