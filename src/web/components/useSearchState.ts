import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZES = [20, 50, 100];

/**
 * Table filters and paging kept in the address bar, so that reloading, going back or sharing a
 * link shows the same list.
 */
export function useSearchState() {
  const [params, setParams] = useSearchParams();

  const get = useCallback((key: string): string | undefined => params.get(key) ?? undefined, [params]);

  const set = useCallback(
    (patch: Record<string, string | number | undefined | null>, opts: { keepPage?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (!opts.keepPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const reset = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);

  const paging = useMemo(() => {
    const page = Math.max(1, Number(params.get('page')) || 1);
    const size = Number(params.get('pageSize'));
    const pageSize = PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0];
    return { page, pageSize };
  }, [params]);

  /** A new page, or back to the first page when the page size changed. */
  const setPage = useCallback(
    (page: number, pageSize: number) => {
      const sizeChanged = pageSize !== paging.pageSize;
      set(
        { page: !sizeChanged && page > 1 ? page : undefined, pageSize: pageSize === PAGE_SIZES[0] ? undefined : pageSize },
        { keepPage: true },
      );
    },
    [set, paging.pageSize],
  );

  /** The table's pagination bound to the address: `unit` counts the rows (条, 人, 个单位 …). */
  const pagination = useCallback(
    (total: number | undefined, unit: string) => ({
      current: paging.page,
      pageSize: paging.pageSize,
      total: total ?? 0,
      pageSizeOptions: PAGE_SIZES,
      showSizeChanger: true,
      showTotal: (n: number) => `共 ${n} ${unit}`,
      onChange: setPage,
    }),
    [paging, setPage],
  );

  return { params, get, set, reset, setPage, pagination, ...paging };
}

/** Only the values that belong to the enum, so a hand-edited address cannot break a request. */
export function pick<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
