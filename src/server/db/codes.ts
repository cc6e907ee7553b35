import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';

/**
 * The next number for a readable code (YH-2026-000123, JC-2026-000007): per district, prefix and
 * year, in the caller's transaction. The upsert takes the counter row's lock, so two writers get
 * two numbers and a rolled-back write gives its number back.
 */
export async function nextCodeNumber(tx: Executor, districtId: number, prefix: string, year: number): Promise<number> {
  const { rows } = (await tx.execute(sql`
    insert into code_counters (district_id, prefix, year, last) values (${districtId}, ${prefix}, ${year}, 1)
    on conflict (district_id, prefix, year) do update set last = code_counters.last + 1
    returning last`)) as unknown as { rows: Array<{ last: number }> };
  return Number(rows[0]!.last);
}
