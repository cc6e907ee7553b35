// Hot statements as named prepared statements (issue 19): the one way a query on a hot path is
// written. A seven-table join planned afresh on every request cost more than running it (10 ms of
// planning against 0.4 ms of execution on the register page), so what every request or page sends
// goes through `prepared(query)`.
//
// node-postgres: a query config with a name is parsed once per connection and then only bound and
// executed; PostgreSQL keeps the statement (and, once it has seen that a generic plan is as good
// as the custom ones, its plan) for the life of the connection. The name is a hash of the SQL
// text, so queries whose shape depends on the filters (the register) get one statement per shape
// and the same text always gets the same name on every connection, with nothing to register.
// PGlite: its driver sends every query as an unnamed statement and offers no named ones, so there
// this is the plain query (a no-op): one session in the process, parsed and planned per call.
//
// PostgreSQL plans a prepared statement for its values five times and then keeps a generic plan
// only if it costs no more than those: a LIMIT or OFFSET given as a parameter makes the generic
// plan look dear (it guesses 10% of the rows), so such a statement is planned afresh on every call
// even when prepared (a 7-table join: 18 ms planning, 0.2 ms running). A page of a wide join is
// therefore read in two prepared statements: the ids of the page from the one table the filters
// are on (cheap to plan every time), then the decorated rows by `anyOf(id, ids)`, generic plan.
import { createHash } from 'node:crypto';
import { Column, Param, Placeholder, SQL, Subquery, getTableName, is, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** What a Drizzle query builder (select, insert, update, delete) offers for preparing. */
interface Preparable<T> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<T> };
}

/**
 * Drizzle's prepared query as built (drizzle-orm 0.45, pinned): its SQL text, and on node-postgres
 * the two query configs it hands the driver, whose `name` makes the statement a named one.
 */
interface PreparedInternals<T> {
  queryString: string;
  rawQueryConfig?: { name?: string };
  queryConfig?: { name?: string };
  /** The selected fields in the order of the statement's columns (absent: no selection to map). */
  fields?: SelectedField[];
  /** Joined tables whose columns are never all null (a left join's may be). */
  joinsNotNullableMap?: Record<string, boolean>;
  /** When set, the driver hands it the rows (arrays, one value a column) instead of mapping them itself. */
  customResultMapper?: (rows: unknown[][]) => unknown;
  execute(values?: Record<string, unknown>): Promise<T>;
}

/** One selected field as drizzle lists it: where it goes in the row object, and what it is. */
interface SelectedField {
  path: string[];
  field: unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

interface Encoder {
  mapToDriverValue(value: unknown): unknown;
}

// SQL text → statement name. The texts are the code's query shapes, a bounded set; the bound
// only guards against a shape built from data by mistake.
const names = new Map<string, string>();
const MAX_NAMES = 5_000;

/** The statement name of a SQL text: stable across processes and connections. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `ax_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a query as a named prepared statement (node-postgres) or as usual (PGlite). Its values stay
 * parameters, so one statement serves every person, filter value and page.
 */
export function prepared<T>(query: Preparable<T>): Promise<T> {
  return named(query).execute();
}

/** The query prepared by drizzle and named by the hash of its text. */
function named<T>(query: Preparable<T>): PreparedInternals<T> {
  // The name is the hash of the text, which drizzle only has once it has built the query; building
  // it for `toSQL()` and again for `prepare(name)` was a third of the node CPU of a register page
  // (issue 19's profile). So prepare once, unnamed, and name the configs it will send.
  const statement = query.prepare('') as unknown as PreparedInternals<T>;
  // Two shapes under one name would answer one with the other's plan: refuse rather than guess.
  if (typeof statement.queryString !== 'string') throw new Error('prepared(): drizzle no longer exposes the query text (db/prepared.ts)');
  const name = statementName(statement.queryString);
  if (statement.rawQueryConfig && 'name' in statement.rawQueryConfig) statement.rawQueryConfig.name = name;
  if (statement.queryConfig && 'name' in statement.queryConfig) statement.queryConfig.name = name;
  if (statement.fields && !statement.customResultMapper) statement.customResultMapper = rowMapper(statement.fields, statement.joinsNotNullableMap);
  return statement;
}

/**
 * The rows of a statement (arrays in column order, as both drivers return them) as drizzle's
 * objects, with what drizzle's `mapResultRow` decides per column per row decided once per
 * statement: each column's decoder (drizzle finds it with `is()` checks up the prototype chain, a
 * third of the node CPU of a register page in issue 19's profile) and which joined objects become
 * null. The result is the same object `mapResultRow` builds (drizzle-orm 0.45, pinned): a value
 * null in the database stays null, every other goes through its column's `mapFromDriverValue`, and
 * a joined table's object is null when its first column is null, its columns all come from that
 * table and the join may leave it empty (`joinsNotNullableMap`).
 */
function rowMapper(fields: SelectedField[], joinsNotNullableMap: Record<string, boolean> | undefined): (rows: unknown[][]) => unknown[] {
  // An SQL's decoder is internal to drizzle (its `.mapWith()`), read as mapResultRow reads it.
  const decoderOf = (s: SQL) => (s as unknown as { decoder: Decoder }).decoder;
  const decoders: Decoder[] = fields.map(({ field }) => {
    if (is(field, Column)) return field;
    if (is(field, SQL)) return decoderOf(field);
    if (is(field, Subquery)) return decoderOf((field as unknown as { _: { sql: SQL } })._.sql);
    return decoderOf((field as { sql: SQL }).sql);
  });
  const paths = fields.map((f) => f.path);
  // The objects a left join may leave empty: keyed by the first of their columns (drizzle's rule).
  const nullable: Array<{ key: string; first: string }> = [];
  if (joinsNotNullableMap) {
    const tables = new Map<string, { first: string; table: string | false }>();
    for (const { path, field } of fields) {
      if (path.length !== 2 || !is(field, Column)) continue;
      const table = getTableName(field.table);
      const seen = tables.get(path[0]);
      if (!seen) tables.set(path[0], { first: path[1], table });
      else if (seen.table !== table) seen.table = false;
    }
    for (const [key, { first, table }] of tables) if (table !== false && !joinsNotNullableMap[table]) nullable.push({ key, first });
  }
  const n = fields.length;
  const mapRow = (row: unknown[]) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const raw = row[i];
      const value = raw === null ? null : decoders[i].mapFromDriverValue(raw);
      const path = paths[i];
      let node = out;
      for (let j = 0; j < path.length - 1; j++) {
        if (!(path[j] in node)) node[path[j]] = {};
        node = node[path[j]] as Record<string, unknown>;
      }
      node[path[path.length - 1]] = value;
    }
    for (const { key, first } of nullable) if ((out[key] as Record<string, unknown>)[first] === null) out[key] = null;
    return out;
  };
  return (rows) => rows.map(mapRow);
}

// Statements of a fixed shape, built once per process: the SQL text, its parameters (placeholders
// where the values go) and how its rows are mapped. Both drivers speak PostgreSQL's dialect, so the
// text is the same for every database handle; each call asks the handle's session (the pool's, or a
// transaction's client) for a prepared query of that text. Built per handle before, a statement run
// inside a transaction was built again in every transaction (issue 19: drizzle's building was a
// quarter of the node CPU of a signed step).
interface BuiltOnce {
  query: { sql: string; params: unknown[] };
  name: string;
  fields: SelectedField[] | undefined;
  joinsNotNullableMap: Record<string, boolean> | undefined;
  arrayMode: boolean;
  mapper: ((rows: unknown[][]) => unknown) | undefined;
  /** The column encoders of the placeholders that stand for a column's value (insert values, update set). */
  encoders: Map<string, Encoder>;
}
const builtOnce = new Map<string, BuiltOnce>();
// Per session (a transaction's goes with it): the statement objects made from what was built once.
const bySession = new WeakMap<object, Map<string, PreparedInternals<unknown> & { joinsNotNullableMap?: Record<string, boolean> }>>();

/** What a drizzle database handle or transaction offers for running a built statement. */
interface SessionOf {
  session?: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: SelectedField[] | undefined,
      name: string | undefined,
      arrayMode: boolean,
      customResultMapper?: (rows: unknown[][]) => unknown,
    ): PreparedInternals<unknown> & { joinsNotNullableMap?: Record<string, boolean> };
  };
}

/**
 * A statement of one fixed shape (the session lookup, a signed step's writes): drizzle builds it
 * once per process with `sql.placeholder(name)` where the values go, and each call only fills them
 * in, on whatever handle it is given. `prepared()` builds the query on every call, which is what a
 * shape that depends on the filters needs. `key` names the shape and must differ whenever the shape
 * does (a call site whose shape has variants puts the variant in its key).
 */
export async function preparedOnce<T>(db: object, key: string, build: () => Preparable<T>, values: Record<string, unknown>): Promise<T> {
  let built = builtOnce.get(key);
  if (!built) {
    const s = named(build()) as PreparedInternals<T> & { params: unknown[]; _isResponseInArrayMode: boolean };
    if (!Array.isArray(s.params)) throw new Error('preparedOnce(): drizzle no longer exposes the query parameters (db/prepared.ts)');
    // A placeholder given as a column's value is wrapped with the column's encoder, which drizzle
    // then calls on null too (a timestamp's encoder fails on it, a json one stores 'null'): the
    // encoders are kept here and applied to the values that are not null, as a built query does.
    const encoders: BuiltOnce['encoders'] = new Map();
    const params = s.params.map((p) => {
      if (!is(p, Param) || !is(p.value, Placeholder)) return p;
      const name = (p.value as Placeholder).name;
      const encoder = p.encoder as Encoder;
      if (encoders.has(name) && encoders.get(name) !== encoder) throw new Error(`preparedOnce(): placeholder "${name}" stands for two columns (db/prepared.ts)`);
      encoders.set(name, encoder);
      return p.value;
    });
    built = {
      query: { sql: s.queryString, params },
      name: statementName(s.queryString),
      fields: s.fields,
      joinsNotNullableMap: s.joinsNotNullableMap,
      arrayMode: s._isResponseInArrayMode,
      mapper: s.customResultMapper,
      encoders,
    };
    builtOnce.set(key, built);
  }
  const { session } = db as SessionOf;
  if (!session?.prepareQuery) throw new Error('preparedOnce(): drizzle no longer exposes session.prepareQuery (db/prepared.ts)');
  // The prepared query object kept per session too: the pool's lives as long as the app, so what
  // every request runs (the session lookup) makes no new query config per call.
  let ofSession = bySession.get(session);
  if (!ofSession) bySession.set(session, (ofSession = new Map()));
  let statement = ofSession.get(key);
  if (!statement) {
    statement = session.prepareQuery(built.query, built.fields, built.name, built.arrayMode, built.mapper);
    statement.joinsNotNullableMap = built.joinsNotNullableMap;
    ofSession.set(key, statement);
  }
  let filled = values;
  if (built.encoders.size) {
    filled = { ...values };
    for (const [name, encoder] of built.encoders) {
      const v = values[name];
      if (v === undefined) throw new Error(`No value for placeholder "${name}" was provided`);
      filled[name] = v === null ? null : encoder.mapToDriverValue(v);
    }
  }
  return (await statement.execute(filled)) as T;
}

/**
 * `column = any($1)` with the ids as one array parameter: one statement for any number of ids,
 * where `inArray` writes one placeholder per id and so one statement per count.
 */
export function anyOf(column: AnyPgColumn, ids: readonly number[]): SQL {
  return sql`${column} = any(${sql.param([...ids])}::int[])`;
}

/** `column = any($ids)` with the ids filled in at each call: `anyOf` for a statement built once (`preparedOnce`). */
export function anyOfPlaceholder(column: AnyPgColumn, name: string): SQL {
  return sql`${column} = any(${sql.placeholder(name)}::int[])`;
}

/**
 * A statement written in SQL (one drizzle's builders cannot express: data-modifying CTEs over
 * `unnest` arrays) run as a named prepared statement like `prepared()`: drizzle's `execute()`
 * sends it unnamed, so this asks the session for the same prepared query with the text's name.
 * Returns the driver's rows (numeric and timestamptz as text).
 */
export async function preparedSql<R extends Record<string, unknown>>(db: object, query: SQL): Promise<R[]> {
  const { session, dialect } = db as unknown as {
    session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string | undefined, arrayMode: boolean): { execute(): Promise<{ rows: R[] }> } };
    dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
  };
  if (!session?.prepareQuery || !dialect?.sqlToQuery) throw new Error('preparedSql(): drizzle no longer exposes session.prepareQuery (db/prepared.ts)');
  const built = dialect.sqlToQuery(query);
  return (await session.prepareQuery(built, undefined, statementName(built.sql), false).execute()).rows;
}

/**
 * An insert's row with a placeholder for each of its keys, named after the key: the row itself is
 * then the values of `preparedOnce` (`values(placeholdersOf(row))`, built once, filled per call).
 */
export function placeholdersOf<R extends Record<string, unknown>>(row: R): { [K in keyof R]: Placeholder<K & string> } {
  return Object.fromEntries(Object.keys(row).map((k) => [k, sql.placeholder(k)])) as { [K in keyof R]: Placeholder<K & string> };
}
