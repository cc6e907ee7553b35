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
import { Column, SQL, Subquery, getTableName, is, sql } from 'drizzle-orm';
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

// Statements of a fixed shape, built once per database handle (WeakMap: a handle that goes, a test's
// database or a transaction, takes its statements with it).
const builtOnce = new WeakMap<object, Map<string, PreparedInternals<unknown>>>();

/**
 * A statement of one fixed shape that every request runs (the session lookup): drizzle builds it
 * once per database handle with `sql.placeholder(name)` where the values go, and each call only
 * fills them in. `prepared()` builds the query on every call, which is what a shape that depends on
 * the filters needs. `key` names the statement in this module's cache (unique per call site).
 */
export function preparedOnce<T>(db: object, key: string, build: () => Preparable<T>, values: Record<string, unknown>): Promise<T> {
  let statements = builtOnce.get(db);
  if (!statements) builtOnce.set(db, (statements = new Map()));
  let statement = statements.get(key) as PreparedInternals<T> | undefined;
  if (!statement) statements.set(key, (statement = named(build()) as PreparedInternals<unknown> as PreparedInternals<T>));
  return statement.execute(values);
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
