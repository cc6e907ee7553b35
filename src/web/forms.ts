// Form helpers: the shared zod schemas as antd rules, and server errors under the fields.
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { config, type ZodType } from 'zod';
import { zodChinese } from '../contracts/zod-zh.js';
import { PASSWORD_HISTORY, PASSWORD_MIN_LENGTH, passwordProblems } from '../domain/password.js';
import { ApiError } from './api.js';
import { showError } from './feedback.js';

// Generic zod messages (limits without a custom message) in Chinese without zod's English type names, as on the server.
config(zodChinese());

/** An antd rule that checks a value with a shared zod schema; empty values pass unless `required`. */
export function zodRule(schema: ZodType, opts: { required?: boolean } = {}): Rule {
  return {
    validator: async (_rule, value) => {
      if (!opts.required && (value === undefined || value === null || value === '')) return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '格式不正确');
    },
  };
}

/**
 * Bounds of a number field as a rule, with the message under the field. Form inputs carry no
 * min/max of their own: antd's InputNumber clamps an out-of-range entry on blur without a word
 * (issue 17: a negative 参加人数 became 1, 疏散用时 and 整改资金 0), so the person never learns it
 * was refused. scripts/web-forms.test.ts keeps it that way.
 */
export function numberRule(min: number, max: number, opts: { integer?: boolean; unit?: string } = {}): Rule {
  const unit = opts.unit ?? '';
  return {
    validator: async (_rule, value) => {
      if (value === undefined || value === null || value === '') return;
      if (typeof value !== 'number' || Number.isNaN(value)) throw new Error('请填写数字');
      if (opts.integer && !Number.isInteger(value)) throw new Error('须为整数');
      if (value < min) throw new Error(min === 0 ? '不能为负数' : `不能小于 ${min}${unit}`);
      if (value > max) throw new Error(`不能超过 ${max}${unit}`);
    },
  };
}

/**
 * Puts field errors from the server under the matching form fields and shows the message.
 * Returns true when at least one field got a message.
 */
export function applyServerErrors(form: FormInstance, err: unknown, fields: readonly string[]): boolean {
  showError(err);
  if (!(err instanceof ApiError)) return false;
  const byField = new Map<string, string[]>();
  for (const fe of err.fieldErrors) {
    const head = fe.field.split('.')[0];
    if (!fields.includes(head)) continue;
    byField.set(head, [...(byField.get(head) ?? []), fe.message]);
  }
  if (byField.size) {
    form.setFields([...byField].map(([name, errors]) => ({ name, errors: [...new Set(errors)] })));
  }
  return byField.size > 0;
}

export const passwordPolicyText = `密码至少 ${PASSWORD_MIN_LENGTH} 位，须包含大写字母、小写字母、数字、符号中的至少三类，不能与用户名相同，也不能是常见密码（如 Password1、Admin@123）。`;
export const passwordChangePolicyText = `${passwordPolicyText.slice(0, -1)}，且不能与最近 ${PASSWORD_HISTORY} 次用过的密码相同。`;

export function passwordPolicyRule(username?: string): Rule {
  return {
    validator: async (_rule, value: string | undefined) => {
      if (!value) return;
      const problems = passwordProblems(value, username ?? '');
      if (problems.length) throw new Error(problems.join('；'));
    },
  };
}
