// The signed history of a hazard (签字压责): who signed, for which unit, when, which step, what they
// wrote and what the step changed. Append-only on the server; shown oldest first.
import { Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { hazardActionLabels, hazardGradeLabels, hazardStatusLabels, summaryClassLabels, type HazardGrade, type SummaryClass } from '../../contracts/enums.js';
import type { HazardStep } from '../../contracts/hazards.js';
import { FileList } from '../components/FileList.js';
import { formatDateTime, withUnit } from '../format.js';
import type { HazardDetail } from './hazardsApi.js';

const stepLabel = (a: HazardStep['action']) => (a === 'report' ? '上报隐患' : a === 'classify' ? '总结分类' : a === 'system_close' ? '系统销号' : hazardActionLabels[a]);

const stepColor: Record<HazardStep['action'], string> = {
  report: 'blue',
  confirm: 'blue',
  start: 'orange',
  submit: 'blue',
  accept: 'green',
  return: 'red',
  close: 'green',
  request_extension: 'orange',
  approve_extension: 'green',
  refuse_extension: 'red',
  reopen: 'red',
  classify: 'purple',
  system_close: 'green',
};

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

/** What a step recorded besides its comment, as label and value; ids are named where the hazard knows them. */
function stepData(step: HazardStep, hazard: HazardDetail): Array<[string, string]> {
  const d = step.data ?? {};
  const rows: Array<[string, string]> = [];
  const has = (k: string) => Object.prototype.hasOwnProperty.call(d, k);
  if (has('grade')) rows.push(['隐患等级', hazardGradeLabels[d.grade as HazardGrade] ?? String(d.grade)]);
  if (has('measures')) rows.push(['整改措施', text(d.measures) ?? '—']);
  if (has('deadline')) rows.push([step.action === 'approve_extension' ? '新的整改时限' : '整改时限', text(d.deadline) ?? '—']);
  if (has('interimControls')) rows.push(['临时管控措施', text(d.interimControls) ?? '—']);
  if (has('responsibleUserId')) {
    const id = d.responsibleUserId;
    rows.push(['整改责任人', id === null ? '未指定（学校校长、安全员负责）' : id === hazard.responsibleUserId && hazard.responsibleUserName ? hazard.responsibleUserName : `人员编号 ${text(id)}`]);
  }
  if (has('responsibleDepartmentId')) {
    const id = d.responsibleDepartmentId;
    rows.push(['责任部门', id === null ? '未指定' : id === hazard.responsibleDepartmentId && hazard.responsibleDepartmentName ? hazard.responsibleDepartmentName : `单位编号 ${text(id)}`]);
  }
  if (has('funds')) rows.push(['整改资金', d.funds === null ? '—' : withUnit(Number(d.funds), '元')]);
  if (has('evidence')) rows.push(['整改情况', text(d.evidence) ?? '—']);
  if (has('summaryClass')) rows.push(['总结分类', summaryClassLabels[d.summaryClass as SummaryClass] ?? String(d.summaryClass)]);
  if (has('committedOn') && d.committedOn) rows.push(['承诺完成日期', text(d.committedOn) ?? '—']);
  if (has('coordinationDepartmentName') && d.coordinationDepartmentName) rows.push(['牵头协调部门', text(d.coordinationDepartmentName) ?? '—']);
  if (has('requestedDeadline') && d.requestedDeadline) rows.push([step.action === 'approve_extension' ? '同意延至' : '申请延至', text(d.requestedDeadline) ?? '—']);
  return rows;
}

export function HazardTimeline({ hazard }: { hazard: HazardDetail }) {
  if (!hazard.steps.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无签字记录" />;
  return (
    <div data-testid="hazard-timeline">
      <Timeline
        items={hazard.steps.map((step) => {
          const data = stepData(step, hazard);
          return {
            key: step.id,
            color: stepColor[step.action],
            content: (
              <div className="hazard-step" data-testid="hazard-step" data-action={step.action}>
                <Space size={[8, 2]} wrap>
                  <Typography.Text strong>{stepLabel(step.action)}</Typography.Text>
                  {step.fromStatus !== step.toStatus && <Tag>{hazardStatusLabels[step.toStatus]}</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(step.at)}
                  </Typography.Text>
                </Space>
                <div className="hazard-step-signer">
                  签字人：<Typography.Text strong>{step.actorName}</Typography.Text>（{step.actorUnitName}）
                </div>
                {step.comment && <div className="hazard-step-comment">{step.comment}</div>}
                {data.length > 0 && (
                  <Descriptions size="small" column={1} className="hazard-step-data">
                    {data.map(([label, value]) => (
                      <Descriptions.Item key={label} label={label}>
                        <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span>
                      </Descriptions.Item>
                    ))}
                  </Descriptions>
                )}
                {step.files.length > 0 && (
                  <div style={{ marginTop: 6 }}>
                    <FileList files={step.files} size={56} />
                  </div>
                )}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
