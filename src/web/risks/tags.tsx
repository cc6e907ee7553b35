// The four colours (红 重大 / 橙 较大 / 黄 一般 / 蓝 低) and the review states as tags, the same everywhere.
import { Tag } from 'antd';
import { reviewStateLabels, riskLevelLabels, type ReviewState, type RiskLevel } from '../../contracts/risks.js';

export const LEVEL_COLOURS: Record<RiskLevel, string> = { red: '#f5222d', orange: '#fa8c16', yellow: '#fadb14', blue: '#1677ff' };
const TAG_COLOURS: Record<RiskLevel, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };

export function RiskLevelTag({ level }: { level: RiskLevel }) {
  return (
    <Tag color={TAG_COLOURS[level]} data-testid="risk-level">
      {riskLevelLabels[level]}
    </Tag>
  );
}

// UX.md: overdue red; due soon orange; on schedule green; retired grey.
const STATE_COLOURS: Record<ReviewState, string> = { overdue: 'red', due_soon: 'orange', scheduled: 'green', retired: 'default' };

export function ReviewStateTag({ state }: { state: ReviewState }) {
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="risk-review-state">
      {reviewStateLabels[state]}
    </Tag>
  );
}
