import { Tag } from 'antd';
import {
  inspectionKindLabels,
  inspectionStatusLabels,
  itemResultLabels,
  type InspectionKind,
  type InspectionStatus,
  type ItemResult,
} from '../../contracts/enums.js';

// Not started grey, under way blue, submitted green (UX.md colours); results green / red / grey.
const statusColors: Record<InspectionStatus, string> = { planned: 'default', in_progress: 'processing', submitted: 'green' };
const kindColors: Partial<Record<InspectionKind, string>> = { unannounced: 'magenta', follow_up: 'volcano', cross: 'purple', self_check: 'cyan' };
export const resultColors: Record<ItemResult, string> = { pass: 'green', fail: 'red', na: 'default' };

export function InspectionStatusTag({ status }: { status: InspectionStatus }) {
  return (
    <Tag color={statusColors[status]} data-testid="inspection-status" data-status={status}>
      {inspectionStatusLabels[status]}
    </Tag>
  );
}

export function InspectionKindTag({ kind }: { kind: InspectionKind }) {
  return <Tag color={kindColors[kind] ?? 'blue'}>{inspectionKindLabels[kind]}</Tag>;
}

export function ResultTag({ result }: { result: ItemResult | null | undefined }) {
  if (!result) return <Tag>未检查</Tag>;
  return <Tag color={resultColors[result]}>{itemResultLabels[result]}</Tag>;
}
