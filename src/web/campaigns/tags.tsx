import { Tag, Tooltip } from 'antd';
import { campaignStatusLabels, phaseKindLabels, weeklyReturnStatusLabels, type CampaignStatus, type PhaseKind, type WeeklyReturnStatus } from '../../contracts/enums.js';
import { selfCheckStatusLabels, type SelfCheckStatus } from '../../domain/campaigns.js';

// Colours as in UX.md: in progress blue, finished green, not yet / not applicable grey, late and missing red.

const campaignColors: Record<CampaignStatus, string> = { draft: 'default', active: 'processing', finished: 'green' };

export function CampaignStatusTag({ status }: { status: CampaignStatus }) {
  return (
    <Tag color={campaignColors[status]} data-testid="campaign-status" data-status={status}>
      {campaignStatusLabels[status]}
    </Tag>
  );
}

export function PhaseTag({ phase }: { phase: { kind: PhaseKind; name: string; startsOn: string; endsOn: string } | null }) {
  if (!phase) return <Tag>不在阶段内</Tag>;
  return (
    <Tooltip title={`${phaseKindLabels[phase.kind]}：${phase.startsOn} 至 ${phase.endsOn}`}>
      <Tag color="geekblue" data-testid="campaign-phase">
        {phase.name}
      </Tag>
    </Tooltip>
  );
}

const selfCheckColors: Record<SelfCheckStatus, string> = { on_time: 'green', late: 'orange', pending: 'default', missing: 'red' };

export function SelfCheckTag({ status }: { status: SelfCheckStatus }) {
  return (
    <Tag color={selfCheckColors[status]} data-testid="self-check-status" data-status={status}>
      {selfCheckStatusLabels[status]}
    </Tag>
  );
}

/** A department's return for a week: submitted green, draft blue, missing red (flagged to the safety centre), not yet due grey. */
export function ReturnTag({ status }: { status: WeeklyReturnStatus | 'missing' | 'due' | 'not_due' }) {
  if (status === 'missing') return <Tag color="red">未报</Tag>;
  if (status === 'due') return <Tag color="orange">待报送</Tag>;
  if (status === 'not_due') return <Tag>未到期</Tag>;
  return <Tag color={status === 'submitted' ? 'green' : 'blue'}>{weeklyReturnStatusLabels[status]}</Tag>;
}
