// Tags of incidents: level (red for 较大 and above), status, and the discipline flags with their evidence.
import { Tag, Tooltip } from 'antd';
import { disciplineFlagLabels, incidentLevelLabels, incidentStatusLabels, type FlagView, type IncidentLevel, type IncidentStatus } from '../../contracts/incidents.js';

const levelColor: Record<IncidentLevel, string> = { especially_major: 'red', major: 'red', larger: 'volcano', general: 'default' };

export function LevelTag({ level }: { level: IncidentLevel }) {
  return <Tag color={levelColor[level]}>{incidentLevelLabels[level]}</Tag>;
}

export function StatusTag({ status }: { status: IncidentStatus }) {
  return <Tag color={status === 'open' ? 'orange' : 'green'}>{incidentStatusLabels[status]}</Tag>;
}

export function FlagTags({ flags }: { flags: FlagView[] }) {
  if (!flags.length) return <span style={{ color: 'rgba(0,0,0,0.45)' }}>—</span>;
  return (
    <>
      {flags.map((f) => (
        <Tooltip key={f.flag} title={f.evidence}>
          <Tag color="red" data-testid="incident-flag" data-flag={f.flag}>
            {disciplineFlagLabels[f.flag]}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}
