// The warning's level in its own colour (蓝/黄/橙/红) and a school's receipt state in the status colours.
import { Tag } from 'antd';
import { receiptStateLabels, warningLevelColors, warningLevelLabels, warningStatusLabels, type ReceiptState, type WarningLevel, type WarningStatus } from '../../contracts/warnings.js';

export function LevelTag({ level }: { level: WarningLevel }) {
  // Yellow needs dark text to be read.
  return (
    <Tag color={warningLevelColors[level]} style={level === 'yellow' ? { color: '#614700' } : undefined} data-testid="warning-level">
      {warningLevelLabels[level]}
    </Tag>
  );
}

const stateColors: Record<ReceiptState, string> = { missing: 'red', signed: 'blue', reported: 'green' };
export function ReceiptTag({ state, overdue }: { state: ReceiptState; overdue?: boolean }) {
  return (
    <>
      <Tag color={stateColors[state]}>{receiptStateLabels[state]}</Tag>
      {overdue && state === 'missing' && <Tag color="red">超时未签收</Tag>}
    </>
  );
}

export function WarningStatusTag({ status }: { status: WarningStatus }) {
  return <Tag color={status === 'open' ? 'orange' : 'default'}>{warningStatusLabels[status]}</Tag>;
}
