// The state of a dispute or petition in the status colours used everywhere (UX.md): overdue red,
// due soon orange, open blue, concluded green.
import { Tag } from 'antd';
import { disputeStateLabels, type DisputeState } from '../../contracts/disputes.js';

const colour: Record<DisputeState, string> = { overdue: 'red', due_soon: 'orange', open: 'blue', concluded: 'green' };

export function DisputeStateTag({ state }: { state: DisputeState }) {
  return <Tag color={colour[state]}>{disputeStateLabels[state]}</Tag>;
}
