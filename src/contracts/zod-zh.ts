// zod's messages in Chinese without its English words (issue 11 item 7): zod's zh-CN locale says
// "期望 string，实际接收 number" and "数值过大：期望 number <=5"; a person reads 文本, 数字, 日期.
import { z } from 'zod';

const zhCN = z.locales.zhCN().localeError;

/** The kinds of value zod names, as a person says them. */
export const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（是/否）',
  array: '列表',
  object: '对象',
  date: '日期',
  set: '集合',
  map: '映射',
  record: '对象',
  tuple: '列表',
  file: '文件',
  nan: '非数字（NaN）',
  null: '空值',
  undefined: '空',
  symbol: '符号',
  function: '函数',
  literal: '指定值',
  enum: '选项',
  template_literal: '文本',
  unknown: '值',
  any: '值',
  never: '无',
  void: '空',
  promise: '值',
};
const typeName = (t: unknown) => typeNames[String(t)] ?? '值';

/** The kind of a received value in the words above. */
function receivedType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (input instanceof Date) return 'date';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

const sizeUnit: Record<string, string> = { string: '个字符', array: '项', set: '项', map: '项', file: '字节' };

/** A zod error map: Chinese for the issues a form or a request meets, zh-CN's words for the rest. */
export const zhErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type': {
      // A value left out: "必填" says it better than "期望 文本，实际接收 空".
      if (iss.input === undefined) return '必填';
      return `须为${typeName(iss.expected)}，实际为${typeName(receivedType(iss.input))}`;
    }
    case 'too_big': {
      // zod's own bound of an integer (a safe integer) is no number a person means.
      if (typeof iss.maximum === 'number' && iss.maximum >= Number.MAX_SAFE_INTEGER) return '数值过大';
      const unit = sizeUnit[iss.origin];
      const max = iss.origin === 'date' ? new Date(Number(iss.maximum)).toISOString().slice(0, 10) : String(iss.maximum);
      if (unit) return `最多 ${max} ${unit}`;
      if (iss.origin === 'date') return `不能晚于 ${max}`;
      return iss.inclusive ? `不能超过 ${max}` : `须小于 ${max}`;
    }
    case 'too_small': {
      if (typeof iss.minimum === 'number' && iss.minimum <= Number.MIN_SAFE_INTEGER) return '数值过小';
      const unit = sizeUnit[iss.origin];
      const min = iss.origin === 'date' ? new Date(Number(iss.minimum)).toISOString().slice(0, 10) : String(iss.minimum);
      if (unit) return Number(iss.minimum) === 1 && iss.origin === 'string' ? '不能为空' : `至少 ${min} ${unit}`;
      if (iss.origin === 'date') return `不能早于 ${min}`;
      return iss.inclusive ? `不能小于 ${min}` : `须大于 ${min}`;
    }
    case 'invalid_key':
      return '包含无效的字段名';
    case 'invalid_element':
      return '包含无效的项';
    case 'unrecognized_keys':
      return `包含未知的字段：${iss.keys.join('、')}`;
    case 'invalid_format':
      if (iss.format === 'regex') return '格式不正确';
      if (iss.format === 'date') return '须为日期（如 2026-03-01）';
      if (iss.format === 'datetime') return '须为日期时间';
      return zhCN(iss) ?? '格式不正确';
    default:
      return zhCN(iss) ?? '无效输入';
  }
};

/** The locale to give z.config: once on the server, once in the web app. */
export const zodChinese = () => ({ localeError: zhErrorMap });
