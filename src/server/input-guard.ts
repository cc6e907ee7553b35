// The bounds every request input keeps, whatever its contract says or forgets to say (issue 11
// item 6): checked in the validator compiler, so every body, query string and path parameter of
// every route passes through it.
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { fieldLabels } from '../contracts/common.js';
import { AppError } from './errors.js';

/** A text without a limit of its own in its contract is at most this long. */
export const TEXT_MAX_LENGTH = 10_000;
/** A number without bounds of its own fits PostgreSQL's integer (int4), the type of every id and count column. */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;

// C0 control characters but tab, line feed and carriage return: PostgreSQL refuses NUL in text
// (22021 / 22P05 in jsonb), and none of them is typed by a person.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// A high surrogate not followed by a low one, or a low one not after a high one.
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a text's characters, or null: NUL and other control characters, lone UTF-16 surrogates (not encodable as UTF-8). */
export function textCharacterProblem(s: string): string | null {
  if (CONTROL.test(s)) return '不能包含控制字符（如 \\u0000）';
  if (LONE_SURROGATE.test(s)) return '包含无效字符（不成对的代理项），请重新输入';
  return null;
}

type Path = Array<string | number>;
interface Problem {
  path: Path;
  message: string;
}

// ---- the contract's own bounds at a path -------------------------------------------------------

type AnyZod = z.core.$ZodType;
const defOf = (s: AnyZod) => (s as unknown as { _zod: { def: Record<string, any> } })._zod.def;

/** The schemas a value at this point may have been checked by, wrappers taken off. */
function unwrap(schemas: AnyZod[]): AnyZod[] {
  const out: AnyZod[] = [];
  const seen = new Set<AnyZod>();
  const stack = [...schemas];
  while (stack.length) {
    const s = stack.pop()!;
    if (!s || seen.has(s)) continue;
    seen.add(s);
    const def = defOf(s);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        stack.push(def.innerType);
        break;
      case 'lazy':
        stack.push(def.getter());
        break;
      case 'pipe':
        stack.push(def.in, def.out);
        break;
      case 'union':
        stack.push(...def.options);
        break;
      case 'intersection':
        stack.push(def.left, def.right);
        break;
      default:
        out.push(s);
    }
  }
  return out;
}

function childSchemas(schemas: AnyZod[], key: string | number): AnyZod[] {
  const out: AnyZod[] = [];
  for (const s of schemas) {
    const def = defOf(s);
    if (def.type === 'object') {
      const shape = def.shape as Record<string, AnyZod>;
      if (typeof key === 'string' && Object.hasOwn(shape, key)) out.push(shape[key]);
      else if (def.catchall) out.push(def.catchall);
    } else if (def.type === 'record' || def.type === 'map') out.push(def.valueType);
    else if (def.type === 'array' || def.type === 'set') out.push(def.element ?? def.valueType);
    else if (def.type === 'tuple' && typeof key === 'number') out.push(def.items[key] ?? def.rest);
  }
  return unwrap(out.filter(Boolean));
}

/** The widest bound the contract sets for a value with this check (undefined: the contract sets none). */
function declared(schemas: AnyZod[], type: string, check: string, pick: (c: Record<string, any>) => number): number | undefined {
  let bound: number | undefined;
  for (const s of schemas) {
    const def = defOf(s);
    if (def.type !== type) continue;
    for (const c of (def.checks ?? []) as AnyZod[]) {
      const cd = defOf(c);
      if (cd.check === check) bound = bound === undefined ? pick(cd) : Math.max(bound, pick(cd));
    }
  }
  return bound;
}

// A parsed JSON object, or a query string's (fast-querystring's has a prototype of its own); not a Date or a Buffer.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

// ---- the walk --------------------------------------------------------------------------------

/** Before the contract: characters no text (or object key) may hold, anywhere in the input. */
function characterProblems(value: unknown, path: Path, out: Problem[]) {
  if (out.length >= 5) return;
  if (typeof value === 'string') {
    const p = textCharacterProblem(value);
    if (p) out.push({ path, message: p });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => characterProblems(v, [...path, i], out));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = textCharacterProblem(k);
      if (p) out.push({ path: [...path, k], message: `字段名${p}` });
      else characterProblems(v, [...path, k], out);
    }
  }
}

/** After the contract: lengths and numbers the contract did not bound itself. */
function boundProblems(value: unknown, schemas: AnyZod[], path: Path, out: Problem[]) {
  if (out.length >= 5) return;
  if (typeof value === 'string') {
    const max = declared(schemas, 'string', 'max_length', (c) => c.maximum) ?? TEXT_MAX_LENGTH;
    if (value.length > max) out.push({ path, message: `最多 ${max} 个字符` });
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      out.push({ path, message: '须为有效的数字' });
      return;
    }
    const max = declared(schemas, 'number', 'less_than', (c) => c.value) ?? INT4_MAX;
    const min = declared(schemas, 'number', 'greater_than', (c) => -c.value);
    if (value > max) out.push({ path, message: `不能超过 ${max}` });
    else if (value < (min === undefined ? INT4_MIN : -min)) out.push({ path, message: `不能小于 ${min === undefined ? INT4_MIN : -min}` });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => boundProblems(v, childSchemas(schemas, i), [...path, i], out));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) boundProblems(v, childSchemas(schemas, k), [...path, k], out);
  }
}

function refusal(problems: Problem[]) {
  const details = problems.map((p) => {
    const field = p.path.join('.');
    const head = String(p.path[0] ?? '');
    return { field, label: fieldLabels[head] ?? head, message: p.message };
  });
  const first = details[0];
  const message = first.field ? `${first.label}：${first.message}` : first.message;
  return new AppError(400, 'VALIDATION_FAILED', message, details);
}

/** Checks an input (body, query string, path parameters) against the bounds above and a zod schema's own ones. */
export function inputProblems(schema: AnyZod, value: unknown, stage: 'characters' | 'bounds'): AppError | null {
  const out: Problem[] = [];
  if (stage === 'characters') characterProblems(value, [], out);
  else boundProblems(value, unwrap([schema]), [], out);
  return out.length ? refusal(out) : null;
}

/**
 * fastify-type-provider-zod's validator compiler with the bounds around it: characters are refused
 * before the contract runs (a NUL never reaches a transform or the database); lengths and numbers
 * are checked on the contract's output (after coercion: '2147483648' in a path is a number there).
 */
export const guardedValidatorCompiler: FastifySchemaCompiler<FastifySchema> = (routeSchema) => {
  const validate = validatorCompiler(routeSchema as never) as (data: unknown) => { value?: unknown; error?: Error };
  const schema = routeSchema.schema as unknown as AnyZod;
  return (data: unknown) => {
    const before = inputProblems(schema, data, 'characters');
    if (before) return { error: before };
    const result = validate(data);
    if (result.error) return result;
    const after = inputProblems(schema, result.value, 'bounds');
    return after ? { error: after } : result;
  };
};
