import { Space, Tag, Tooltip, Typography } from 'antd';
import { hazardGradeLabels, hazardStatusLabels, type HazardGrade, type HazardStatus } from '../../contracts/enums.js';
import type { Hazard } from '../../contracts/hazards.js';
import { daysUntil } from '../dates.js';

// Colours as in UX.md: overdue red, major red tag, rectifying orange, waiting for acceptance blue,
// closed green; the steps before and between get their own quiet colours.
const statusColors: Record<HazardStatus, string> = {
  reported: 'purple',
  assigned: 'gold',
  rectifying: 'orange',
  submitted: 'blue',
  accepted: 'cyan',
  closed: 'green',
};

export function HazardStatusTag({ status }: { status: HazardStatus }) {
  return (
    <Tag color={statusColors[status]} data-testid="hazard-status" data-status={status}>
      {hazardStatusLabels[status]}
    </Tag>
  );
}

export function GradeTag({ grade }: { grade: HazardGrade }) {
  return grade === 'major' ? (
    <Tooltip title="重大隐患由区教育局挂牌督办">
      <Tag color="red">{hazardGradeLabels.major}</Tag>
    </Tooltip>
  ) : (
    <Tag>{hazardGradeLabels.general}</Tag>
  );
}

export function OverdueTag() {
  return (
    <Tag color="red" variant="solid" data-testid="hazard-overdue">
      逾期
    </Tag>
  );
}

/** Status, plus 逾期 when past the deadline, plus 延期待批 / 回头看未通过 where they apply. */
export function HazardStateTags({
  hazard,
}: {
  hazard: { status: HazardStatus; overdue: boolean; pendingDeadline: string | null; falseFix: boolean };
}) {
  return (
    <Space size={[0, 4]} wrap>
      <HazardStatusTag status={hazard.status} />
      {hazard.overdue && <OverdueTag />}
      {hazard.pendingDeadline && (
        <Tooltip title={`申请延期至 ${hazard.pendingDeadline}，待审批`}>
          <Tag color="geekblue">延期待批</Tag>
        </Tooltip>
      )}
      {hazard.falseFix && (
        <Tooltip title="回头看发现整改不实，已重新整改">
          <Tag color="volcano">回头看未通过</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** The deadline, red when overdue, orange when due within 3 days. */
export function DeadlineText({ hazard }: { hazard: Pick<Hazard, 'deadline' | 'overdue' | 'status'> }) {
  if (!hazard.deadline) return <Typography.Text type="secondary">未定</Typography.Text>;
  if (hazard.overdue) return <Typography.Text type="danger">{hazard.deadline}</Typography.Text>;
  const days = hazard.status === 'closed' ? null : daysUntil(hazard.deadline);
  if (days !== null && days <= 3) {
    return (
      <span>
        {hazard.deadline} <Typography.Text style={{ color: '#d46b08', fontSize: 12 }}>{days === 0 ? '今天到期' : `${days} 天后到期`}</Typography.Text>
      </span>
    );
  }
  return <span>{hazard.deadline}</span>;
}

export function responsibleText(h: Hazard): string {
  const parts = [h.responsibleUserName, h.responsibleDepartmentName].filter(Boolean);
  return parts.length ? parts.join(' / ') : '—';
}
