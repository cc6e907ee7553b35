// The hot ledger readers read their rows as columns: one result row whose fields are JSON arrays
// (`coalesce(json_agg(x), '[]') as xs`, one per field), parsed by one JSON.parse per field instead of
// the drivers' per-row objects, drizzle's row mapping and the text parsing of `array_agg` columns
// (most of a year of ledgers' reading time; BENCHMARKS.md, issue 15). The aggregates of one query
// without ORDER BY see the same rows in the same order, so the i-th item of each array is one row.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './client.js';

/** `coalesce(json_agg(expr), '[]') as name`: one column of a columnar read. */
export const column = (expr: SQL | unknown, name: string): SQL => sql`coalesce(json_agg(${expr}), '[]'::json) as ${sql.identifier(name)}`;

/** Runs a columnar query (one row of JSON arrays) and returns that row, parsed. */
export async function readColumns<T extends Record<string, unknown[]>>(db: Executor, query: SQL): Promise<T> {
  const res = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  const row = res.rows[0] ?? {};
  const out: Record<string, unknown[]> = {};
  // PGlite and node-postgres parse json columns; a driver handing back text is parsed here.
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' ? (JSON.parse(v) as unknown[]) : ((v ?? []) as unknown[]);
  return out as T;
}
