// 二维码标签 from a ledger's page (special equipment, buildings): opens the label page on that kind
// (and the school filtered, if any), where the A4 sheet is downloaded.
import { QrcodeOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link } from 'react-router';
import type { LabelKind } from '../../contracts/labels.js';

export function LabelsButton({ kind, schoolId, testId }: { kind?: LabelKind; schoolId?: number; testId?: string }) {
  const q = new URLSearchParams();
  if (schoolId) q.set('schoolId', String(schoolId));
  if (kind) q.set('kind', kind);
  return (
    <Link to={`/labels${q.size ? `?${q}` : ''}`}>
      <Button icon={<QrcodeOutlined />} data-testid={testId}>
        二维码标签
      </Button>
    </Link>
  );
}
