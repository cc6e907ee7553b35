// db/columns.ts (issue 15's evaluation speed): a columnar read gives the rows' values in the same
// order in every column, days sent as numbers come back as the same 'YYYY-MM-DD' strings, nulls
// stay null, and an empty read is empty arrays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDatabase } from '../test/harness.js';
import type { Database } from './client.js';
import { column, dayColumn, readColumns } from './columns.js';

describe('columnar reads', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.close());

  const rows = sql`(values (1, date '2026-12-05', '张三'), (2, date '1999-12-31', null), (3, null, '李四'), (4, date '2026-12-05', 'x'), (5, date '2000-01-01', 'y'), (6, date '2024-02-29', 'z')) as r(id, day, name)`;

  it('reads rows as columns, days as the days stored', async () => {
    const c = await readColumns<{ ids: number[]; days: (string | null)[]; names: (string | null)[] }>(
      database.db,
      sql`select ${column(sql`r.id`, 'ids')}, ${dayColumn(sql`r.day`, 'days')}, ${column(sql`r.name`, 'names')} from ${rows}`,
      ['days'],
    );
    const order = c.ids.map((_, i) => i).sort((a, b) => c.ids[a] - c.ids[b]);
    expect(order.map((i) => [c.ids[i], c.days[i], c.names[i]])).toEqual([
      [1, '2026-12-05', '张三'],
      [2, '1999-12-31', null],
      [3, null, '李四'],
      [4, '2026-12-05', 'x'],
      [5, '2000-01-01', 'y'],
      [6, '2024-02-29', 'z'],
    ]);
  });

  it('an empty read is empty columns', async () => {
    const c = await readColumns<{ ids: number[]; days: string[] }>(database.db, sql`select ${column(sql`r.id`, 'ids')}, ${dayColumn(sql`r.day`, 'days')} from ${rows} where false`, ['days']);
    expect(c).toEqual({ ids: [], days: [] });
  });
});
