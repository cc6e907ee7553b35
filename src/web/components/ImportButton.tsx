import { UploadOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useNavigate } from 'react-router';
import { ledgerImportPermission, type LedgerImportKind } from '../../contracts/imports.js';
import { useCan } from '../auth.js';

/** Beside a ledger's export: opens 数据导入 on this ledger (for those who may record it). */
export function ImportButton({ kind, testId, label = '导入 Excel' }: { kind: LedgerImportKind; testId?: string; label?: string }) {
  const can = useCan();
  const navigate = useNavigate();
  const own = ledgerImportPermission[kind];
  if (!can('ledger.write') || (own && !can(own))) return null;
  return (
    <Tooltip title="下载模板填写后批量导入；也可导入本台账导出并修改过的 Excel">
      <Button icon={<UploadOutlined />} onClick={() => navigate(`/imports?kind=${kind}`)} data-testid={testId}>
        {label}
      </Button>
    </Tooltip>
  );
}
