import { Tag } from 'antd';
import { matrixStatusLabels, type matrixStatusFilter } from '../../contracts/plans.js';

type CellStatus = (typeof matrixStatusFilter)[number];

// UX.md colours: done green, in progress orange, overdue red, not started grey.
export const cellColours: Record<CellStatus, string> = { done: '#52c41a', in_progress: '#fa8c16', overdue: '#f5222d', not_started: '#d9d9d9' };
const tagColours: Record<CellStatus, string> = { done: 'green', in_progress: 'orange', overdue: 'red', not_started: 'default' };

export function ProgressTag({ status, overdue }: { status: CellStatus; overdue?: boolean }) {
  return (
    <span>
      <Tag color={tagColours[status]}>{matrixStatusLabels[status]}</Tag>
      {overdue && status !== 'overdue' && <Tag color="red">已逾期</Tag>}
    </span>
  );
}
