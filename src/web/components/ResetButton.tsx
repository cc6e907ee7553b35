import { ReloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';

/** 重置 beside a list's filters, shown only while a filter is set. */
export function ResetButton({ shown, onClick }: { shown: boolean; onClick: () => void }) {
  if (!shown) return null;
  return (
    <Button icon={<ReloadOutlined />} onClick={onClick}>
      重置
    </Button>
  );
}
