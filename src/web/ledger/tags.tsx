import { Tag } from 'antd';
import { findingStatusLabels, type FindingStatus } from '../../contracts/rules.js';

// UX.md colours: met green, due soon orange, missed red, not applicable grey.
export const findingColors: Record<FindingStatus, string> = { met: 'green', due_soon: 'orange', missed: 'red', not_applicable: 'default' };
export const findingHex: Record<FindingStatus, string> = { met: '#52c41a', due_soon: '#fa8c16', missed: '#f5222d', not_applicable: '#bfbfbf' };

export function FindingTag({ status }: { status: FindingStatus }) {
  return (
    <Tag color={findingColors[status]} data-testid="finding-status" data-status={status}>
      {findingStatusLabels[status]}
    </Tag>
  );
}
