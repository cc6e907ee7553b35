import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api.js';
import { PageSpin } from './FullPageSpin.js';

/**
 * What a detail page shows instead of its record: 404 when the id is bad, missing or outside the
 * person's scope (the API answers the same for both), the error with 重试, or a spinner while it
 * loads. null once the record is there.
 */
export function detailFallback(
  detail: UseQueryResult<unknown>,
  idValid: boolean,
  what: { name: string; back: string; backLabel: string },
): ReactNode | null {
  if (!idValid || (detail.isError && detail.error instanceof ApiError && detail.error.status === 404)) {
    return (
      <Result
        status="404"
        title={`${what.name}不存在`}
        subTitle={`该${what.name}不存在，或不在您的查看范围内。`}
        extra={
          <Link to={what.back}>
            <Button type="primary">{what.backLabel}</Button>
          </Link>
        }
      />
    );
  }
  if (detail.isError) {
    return (
      <Result
        status="error"
        title={`${what.name}加载失败`}
        subTitle={detail.error instanceof ApiError ? detail.error.message : '请检查网络后重试'}
        extra={<Button onClick={() => void detail.refetch()}>重试</Button>}
      />
    );
  }
  if (!detail.data) return <PageSpin />;
  return null;
}
