// The hot ledger readers read their rows as columns: one result row whose fields are JSON arrays
// (`coalesce(json_agg(x), '[]') as xs`, one per field), parsed by one JSON.parse per field instead of
// the drivers' per-row objects, drizzle's row mapping and the text parsing of `array_agg` columns
// (most of a year of ledgers' reading time; BENCHMARKS.md, issue 15). The aggregates of one query
// without ORDER BY see the same rows in the same order, so the i-th item of each array is one row.
import { sql, type SQL } from 'drizzle-orm';
import { addDays } from '../../domain/dates.js';
import type { Executor } from './client.js';

/** `coalesce(json_agg(expr), '[]')`: the values of a column as one JSON array (a select field of a query builder). */
export const jsonArray = <T>(expr: SQL | unknown) => sql<T[]>`coalesce(json_agg(${expr}), '[]'::json)`;

/** `coalesce(json_agg(expr), '[]') as name`: one column of a columnar read. */
export const column = (expr: SQL | unknown, name: string): SQL => sql`${jsonArray(expr)} as ${sql.identifier(name)}`;

/** A JSON array column as the driver gave it: PGlite and node-postgres parse json, a driver handing back text is parsed here. */
export const arrayOf = <T>(v: unknown): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : ((v ?? []) as T[]));

/**
 * `dayColumn(expr, name)`: a column of days sent as whole days since 2000-01-01, and read back
 * (readColumns with the name in `days`) as the same 'YYYY-MM-DD' strings, one string per distinct
 * day. A year of 1.5 million trainings has some 365 days: the JSON is a third smaller, and the
 * records share 365 strings instead of holding 1.5 million (the garbage collector's time).
 */
export const dayColumn = (expr: SQL | unknown, name: string): SQL => column(sql`(${expr} - ${DAY_ZERO}::date)`, name);

/**
 * `dayArray(expr, order)`: the days of a group as one array of day numbers in the given order (an
 * aggregate of a grouped subquery, read back through a `days` column of readColumns).
 */
export const dayArray = (expr: SQL | unknown, order: SQL): SQL => sql`array_agg((${expr} - ${DAY_ZERO}::date) order by ${order})`;

/** Day number 0 of dayColumn. */
const DAY_ZERO = '2000-01-01';
/** Day number → string, shared by every read (bounded: days of years 0000–9999 at most). */
const dayStrings = new Map<number, string>();
function dayString(n: number): string {
  let d = dayStrings.get(n);
  if (d === undefined) dayStrings.set(n, (d = addDays(DAY_ZERO, n)));
  return d;
}

/**
 * Runs a columnar query (one row of JSON arrays) and returns that row, parsed; the `days` columns
 * come from dayColumn, or hold one array of day numbers per row (dayArray).
 */
export async function readColumns<T extends Record<string, unknown[]>>(db: Executor, query: SQL, days: ReadonlyArray<keyof T & string> = []): Promise<T> {
  const res = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  const row = res.rows[0] ?? {};
  const out: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(row)) out[k] = arrayOf(v);
  for (const k of days) {
    const list = out[k] as Array<number | number[] | null>;
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      // A field of arrays of days (`array_agg` of a day per group) is converted item by item.
      if (Array.isArray(v)) for (let j = 0; j < v.length; j++) (v as unknown[])[j] = dayString(v[j]);
      else (list as unknown[])[i] = v === null ? null : dayString(v);
    }
  }
  return out as T;
}
