// Responses are written by a serialiser compiled from each route's zod response schema (issue 19):
// the schema is turned into JSON Schema once, when the route is registered, and fast-json-stringify
// (Fastify's own default serialiser) builds a function for it. Before, every response went through
// zod (fastify-type-provider-zod's serializerCompiler: safeEncode, then JSON.stringify), an
// interpreted walk of every row of every response.
//
// What must hold, and how it does:
// - No field leaks. A zod object drops the keys its shape does not name; fast-json-stringify writes
//   only an object's `properties` when it has no `additionalProperties`, which this module never
//   emits for an object (a record is the only place it appears, and there zod keeps every key too).
//   A service that returns more than the contract names (a student's name, a password hash) is cut
//   down to the contract, at every depth: nested objects, array items, nullable objects, union
//   branches.
// - The bytes are the same. Keys in the shape's order, strings escaped as JSON.stringify does, numbers
//   written by Number's toString as JSON.stringify does. `ANXIAO_SERIALISER_CHECK=1` (set for the API
//   tests) writes every response both ways and throws if they differ.
// - What zod would change on the way out cannot be represented: a transform, a pipe, an overwrite check
//   (`.trim()`, `.toLowerCase()`), a lazy or recursive schema, an object with a catch-all; nor an object
//   with an optional key before a required one (fast-json-stringify writes required keys first). A
//   route whose response schema has one keeps the zod serialiser (`zodSerialised` lists them).
// - Refinements (`.min()`, `.regex()`, `.superRefine()`) only reject; they are not checked on the way
//   out any more. A required property that is missing still throws (fast-json-stringify does), so a
//   service that forgets a field is a 500, as before, not a response without it. A value of the wrong
//   type is not refused any more: fast-json-stringify writes null where a string is due as "", a
//   number as a string; the API tests' check (above) is what keeps services honest there.
//
// The walk below reads zod's definitions itself rather than z.toJSONSchema's output: that writes a
// transform as {} (which fast-json-stringify hands to JSON.stringify whole: every key, a leak) and an
// object with `additionalProperties: false`, which makes a union refuse a branch whose value carries
// one key more than its contract (the service's extra key would turn into a 500).
import type { FastifySerializerCompiler } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

type AnyZod = z.core.$ZodType;
type JsonSchema = Record<string, unknown>;

const defOf = (s: AnyZod) => (s as unknown as { _zod: { def: Record<string, any> } })._zod.def;
const internals = (s: AnyZod) => (s as unknown as { _zod: { optin?: string; optout?: string; values?: Set<unknown> } })._zod;

class Unrepresentable extends Error {}

/** Checks that change the value on the way out (`.trim()` and its kin); any other check only rejects. */
function hasOverwrite(s: AnyZod): boolean {
  const checks: Array<{ _zod: { def: { check: string } } }> = defOf(s).checks ?? [];
  return checks.some((c) => c._zod.def.check === 'overwrite');
}

function typeOfValues(values: unknown[], where: string): string {
  const types = new Set(values.map((v) => (v === null ? 'null' : typeof v)));
  if (types.size !== 1) throw new Unrepresentable(`${where}: values of more than one type`);
  const [t] = types;
  if (t !== 'string' && t !== 'number' && t !== 'boolean' && t !== 'null') throw new Unrepresentable(`${where}: ${t} values`);
  return t;
}

/**
 * The JSON Schema fast-json-stringify writes a value of this zod schema with, as zod's encode would
 * write it; throws Unrepresentable where it cannot. `where` names the place for the report.
 */
function toJson(s: AnyZod, where: string, open: Set<AnyZod>): JsonSchema {
  if (open.has(s)) throw new Unrepresentable(`${where}: a recursive schema`);
  const def = defOf(s);
  if (hasOverwrite(s)) throw new Unrepresentable(`${where}: an overwrite check (.trim(), .toLowerCase() …) changes the value`);
  open.add(s);
  try {
    switch (def.type) {
      case 'string':
        return { type: 'string' };
      case 'number':
        // Never 'integer': fast-json-stringify would truncate a fraction zod refuses; 'number' writes it
        // with Number's toString, as JSON.stringify does.
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'null':
        return { type: 'null' };
      case 'any':
      case 'unknown':
        // zod passes the value through untouched and JSON.stringify writes it: so does an empty schema.
        return {};
      case 'literal':
      case 'enum': {
        const values = def.type === 'literal' ? [...def.values] : Object.values(def.entries);
        const type = typeOfValues(values, where);
        if (type === 'null') return { type: 'null' };
        // enum, not const: fast-json-stringify writes a const without reading the value; the enum is
        // only read by a union's branch choice.
        return { type, enum: values };
      }
      case 'date':
        // zod's value is the Date; JSON.stringify writes toISOString(), as fast-json-stringify does for date-time.
        return { type: 'string', format: 'date-time' };
      case 'object': {
        if (def.catchall && defOf(def.catchall).type !== 'never') throw new Unrepresentable(`${where}: an object that keeps unknown keys`);
        // A strict object (catch-all never) refused unknown keys; here they are dropped like any object's.
        const properties: Record<string, JsonSchema> = {};
        const required: string[] = [];
        for (const [key, value] of Object.entries(def.shape as Record<string, AnyZod>)) {
          properties[key] = toJson(value, `${where}.${key}`, open);
          // As zod's encode: an absent key is an error unless its schema is optional on the way out
          // (a .default() is not: on the way out it is its inner schema).
          if (internals(value).optout !== 'optional') required.push(key);
        }
        // fast-json-stringify writes the required keys first: the shape's order (zod's) only survives
        // when no optional key comes before a required one.
        const firstOptional = Object.keys(properties).findIndex((key) => !required.includes(key));
        if (firstOptional >= 0 && required.some((key) => Object.keys(properties).indexOf(key) > firstOptional)) {
          throw new Unrepresentable(`${where}: an optional key before a required one (the keys would change order)`);
        }
        // No additionalProperties: fast-json-stringify writes the named properties only.
        return required.length ? { type: 'object', properties, required } : { type: 'object', properties };
      }
      case 'record': {
        if (def.mode === 'loose') throw new Unrepresentable(`${where}: a record that keeps unknown keys`);
        const keys = internals(def.keyType).values;
        if (keys) {
          // A partial record writes the keys present in the value's own order, which properties cannot say.
          if (def.partial) throw new Unrepresentable(`${where}: a partial record`);
          // An enum's keys: zod writes each of them, in the enum's order, and refuses any other.
          typeOfValues([...keys], `${where} (keys)`);
          const properties: Record<string, JsonSchema> = {};
          for (const key of keys) properties[String(key)] = toJson(def.valueType, `${where}.${String(key)}`, open);
          const optional = internals(def.valueType).optout === 'optional';
          return optional ? { type: 'object', properties } : { type: 'object', properties, required: Object.keys(properties) };
        }
        // Any string key: zod writes every key in the value's order, as additionalProperties does.
        if (defOf(def.keyType).type !== 'string' || hasOverwrite(def.keyType)) throw new Unrepresentable(`${where}: a record whose keys are not plain strings`);
        return { type: 'object', additionalProperties: toJson(def.valueType, `${where}[*]`, open) };
      }
      case 'array':
        return { type: 'array', items: toJson(def.element, `${where}[]`, open) };
      case 'tuple': {
        if (def.rest) throw new Unrepresentable(`${where}: a tuple with a rest`);
        const items = (def.items as AnyZod[]).map((item, i) => toJson(item, `${where}[${i}]`, open));
        return { type: 'array', items, minItems: items.length, maxItems: items.length };
      }
      case 'union': {
        // zod's union takes the first option that accepts the value, and the serialiser takes the first
        // branch its validator accepts. A branch's own values (a discriminator's literal) tell them apart;
        // refinements do not, so a union of branches that differ only by one is not representable.
        const options = (def.options as AnyZod[]).map((o, i) => toJson(o, `${where}|${i}`, open));
        return { anyOf: options };
      }
      case 'nullable':
        return nullable(toJson(def.innerType, where, open), where);
      case 'optional':
      case 'exact_optional':
      case 'nonoptional':
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
        // On the way out (zod's backward direction) each of these is its inner schema; whether the key
        // may be absent is the object's business above.
        return toJson(def.innerType, where, open);
      default:
        // transform, pipe, lazy, custom, promise, map, set, bigint, template literal, …
        throw new Unrepresentable(`${where}: ${def.type}`);
    }
  } finally {
    open.delete(s);
  }
}

function nullable(inner: JsonSchema, where: string): JsonSchema {
  if (Object.keys(inner).length === 0) return inner;
  if (inner.type === 'null') return inner;
  if (inner.anyOf) return { anyOf: [...(inner.anyOf as JsonSchema[]), { type: 'null' }] };
  // `nullable` writes null and reads null as a match in a union's branch choice (ajv knows it with a type).
  if (typeof inner.type !== 'string') throw new Unrepresentable(`${where}: nullable without a type`);
  const out: JsonSchema = { ...inner, nullable: true };
  if (inner.enum) out.enum = [...(inner.enum as unknown[]), null];
  return out;
}

export type ResponseSchemaJson = { json: JsonSchema } | { unrepresentable: string };

/** The response schema as fast-json-stringify's JSON Schema, or why it cannot be. */
export function responseSchemaJson(schema: AnyZod): ResponseSchemaJson {
  try {
    return { json: toJson(schema, '$', new Set()) };
  } catch (err) {
    if (err instanceof Unrepresentable) return { unrepresentable: err.message };
    throw err;
  }
}

type SerializerInput = Parameters<FastifySerializerCompiler<AnyZod>>[0];

export interface SerializerOptions {
  /** Write each response through zod as well and throw when the two differ (the API tests). */
  check?: boolean;
}

export interface ResponseSerialisers {
  compiler: FastifySerializerCompiler<AnyZod>;
  /** The responses written through zod instead, with the reason: filled as routes are registered. */
  zodSerialised: Array<{ method: string; url: string; status: string; reason: string }>;
  /** Builds every serialiser not built yet (a test's proof that each response schema compiles); how many. */
  buildAll(): number;
}

/** One app's serialiser compiler (one per app: what it records lives as long as the app). */
export function responseSerialisers(options: SerializerOptions = { check: process.env.ANXIAO_SERIALISER_CHECK === '1' }): ResponseSerialisers {
  const zodSerialised: ResponseSerialisers['zodSerialised'] = [];
  const unbuilt: Array<() => unknown> = [];
  const compiler = (route: SerializerInput) => {
    const zodWrite = zodSerializerCompiler(route as never) as (data: unknown) => string;
    const converted = responseSchemaJson(route.schema);
    if ('unrepresentable' in converted) {
      zodSerialised.push({ method: route.method, url: route.url, status: String(route.httpStatus), reason: converted.unrepresentable });
      return zodWrite;
    }
    // Built on the first response rather than at registration: about 800 routes and HEADs, most of
    // which a process never answers, cost 1.1 s of code generation at every start (a test file's app too).
    let compiled: ((data: unknown) => string) | null = null;
    const build = () => (compiled ??= fastJsonStringify(converted.json as never) as (data: unknown) => string);
    unbuilt.push(build);
    const write = (data: unknown): string => {
      const run = compiled ?? build();
      try {
        return run(data);
      } catch (cause) {
        // As zod's ResponseSerializationError before it: the error handler answers 500 and logs it.
        throw new Error(`response of ${route.method} ${route.url} does not match its schema: ${(cause as Error).message}`, { cause });
      }
    };
    if (!options.check) return write;
    return (data: unknown) => {
      const expected = zodWrite(data);
      const actual = write(data);
      if (actual !== expected) {
        throw new Error(`compiled serialiser differs from zod for ${route.method} ${route.url} ${route.httpStatus}:\n zod: ${expected.slice(0, 2000)}\n fjs: ${actual.slice(0, 2000)}`);
      }
      return actual;
    };
  };
  return {
    compiler,
    zodSerialised,
    buildAll: () => {
      const n = unbuilt.length;
      for (const build of unbuilt.splice(0)) build();
      return n;
    },
  };
}
