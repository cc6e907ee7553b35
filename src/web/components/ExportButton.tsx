import { DownloadOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { apiUrl, type Query } from '../api.js';

/** A link to an Excel export with the same filters as the table (the server sends the file). */
export function ExportButton({ path, query, testId }: { path: string; query: Query; testId?: string }) {
  const { page: _p, pageSize: _s, ...filters } = query;
  return (
    <Tooltip title="按当前筛选条件导出全部记录">
      <Button icon={<DownloadOutlined />} href={apiUrl(path, filters)} data-testid={testId}>
        导出 Excel
      </Button>
    </Tooltip>
  );
}
