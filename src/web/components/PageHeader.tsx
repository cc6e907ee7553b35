import { Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';

/** Sets the browser tab title: 安校 · 组织机构. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · 安校`;
    return () => {
      document.title = '安校 · 校园安全管理平台';
    };
  }, [title]);
}

/** A page title on the left, actions (create, export) on the right. */
export function PageHeader({ title, subTitle, extra }: { title: string; subTitle?: ReactNode; extra?: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <div>
        <Typography.Title level={4}>{title}</Typography.Title>
        {subTitle && <div className="page-header-sub">{subTitle}</div>}
      </div>
      {extra && <div>{extra}</div>}
    </div>
  );
}
