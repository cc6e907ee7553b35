// What the clients of the school ledgers share: the compliance query key, the query shape of a
// ledger list, the body of a void, and reading every page of a list.
import { type Page, type Query } from '../api.js';

/** The compliance rollup reads every ledger, so a write to any of them invalidates this key. */
export const COMPLIANCE_KEY = ['compliance'] as const;

export type QueryOf<T> = Query & { [K in keyof T]?: T[K] };

export const voidBody = (version: number, voidReason: string) => ({ version, voidReason });

/** Every page of a list (at most `cap` rows), for a summary computed from the list itself. */
export async function allPages<T>(fetch: (page: number, pageSize: number) => Promise<Page<T>>, cap = 1000): Promise<{ items: T[]; total: number; complete: boolean }> {
  const items: T[] = [];
  let total = 0;
  for (let page = 1; items.length < cap; page++) {
    const p = await fetch(page, 200);
    total = p.total;
    items.push(...p.items);
    if (items.length >= p.total || p.items.length === 0) break;
  }
  return { items, total, complete: items.length >= total };
}
