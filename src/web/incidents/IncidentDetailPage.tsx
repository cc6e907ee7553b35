// One incident: what happened, the discipline flags with their evidence, the timeline of its reports
// (each with who signed for it above: 签收), the bureau's signed determinations, and what the person
// may do now (报告 the next kind, 签收, 认定). Works on a phone.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Grid, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { determinationFindings, disciplineFlagLabels, incidentCategoryLabels, incidentLevelLabels, incidentSubtypeLabels, reportChannelLabels, reportKindLabels, type IncidentView } from '../../contracts/incidents.js';
import { detailFallback } from '../components/DetailFallback.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { positiveInt } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { formatDateTime } from '../format.js';
import { DeterminationModal, ReportModal } from './IncidentModals.js';
import { INCIDENTS_KEY, incidentsApi } from './incidentsApi.js';
import { FlagTags, LevelTag, StatusTag } from './tags.js';

const facts = (f: { severity: keyof typeof incidentLevelLabels; dead: number; injured: number; missingPersons: number }) =>
  `${incidentLevelLabels[f.severity]}，死亡 ${f.dead} 人、受伤 ${f.injured} 人、失踪 ${f.missingPersons} 人`;

function Reports({ incident }: { incident: IncidentView }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const receive = useMutation({
    mutationFn: (reportId: number) => incidentsApi.receive(incident.id, reportId),
    onSuccess: (i) => {
      queryClient.setQueryData([...INCIDENTS_KEY, 'detail', i.id], i);
      void queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY, predicate: (q) => q.queryKey[1] !== 'detail' });
      message.success('已签收');
    },
    onError: showError,
  });
  if (!incident.reports.length) {
    return <Alert type="warning" showIcon message={`${incident.unitName}尚未报告`} description="该事件由上级单位或其他渠道获知；事发单位逾首报时限未报告即为漏报。" />;
  }
  return (
    <Timeline
      data-testid="incident-timeline"
      items={incident.reports.map((r) => ({
        key: r.id,
        color: r.kind === 'final' ? 'green' : 'blue',
        content: (
          <div data-testid="incident-report" data-kind={r.kind}>
            <Space size={[8, 2]} wrap>
              <Typography.Text strong>{reportKindLabels[r.kind]}</Typography.Text>
              <Tag>{reportChannelLabels[r.channel]}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(r.reportedAt)}
              </Typography.Text>
            </Space>
            <div>
              {r.channel === 'phone' ? (
                <>
                  报告人：{r.callerName}；接报人：<Typography.Text strong>{r.actorName}</Typography.Text>（{r.actorUnitName}）
                </>
              ) : (
                <>
                  报告人：<Typography.Text strong>{r.actorName}</Typography.Text>（{r.actorUnitName}）
                </>
              )}
            </div>
            <div style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{r.content}</div>
            <Typography.Text type="secondary">{facts(r)}</Typography.Text>
            {r.files.length > 0 && <FileList files={r.files} size={48} />}
            <div style={{ marginTop: 4 }}>
              {r.receipts.map((x) => (
                <Tag key={x.id} color="green" data-testid="incident-receipt">
                  {x.unitName} {x.userName} 签收于 {formatDateTime(x.receivedAt)}
                </Tag>
              ))}
              {r.awaitingUnits.map((u) => (
                <Tag key={u.id} color="orange">
                  待{u.name}签收
                </Tag>
              ))}
              {r.canReceive && (
                <Button size="small" type="primary" loading={receive.isPending} onClick={() => receive.mutate(r.id)} data-testid="incident-receive">
                  签收
                </Button>
              )}
            </div>
          </div>
        ),
      }))}
    />
  );
}

export default function IncidentDetailPage() {
  const params = useParams();
  const id = positiveInt(params.id);
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [reporting, setReporting] = useState(false);
  const [determining, setDetermining] = useState(false);
  const detail = useQuery({ queryKey: [...INCIDENTS_KEY, 'detail', id], queryFn: () => incidentsApi.get(id!), enabled: id !== undefined, meta: { silent: true } });
  const fallback = detailFallback(detail, id !== undefined, { name: '突发事件', back: '/incidents', backLabel: '返回突发事件' });
  if (fallback || !detail.data) return fallback;
  const i = detail.data;

  return (
    <>
      <PageHeader
        title={i.headline}
        subTitle={
          <Space wrap>
            {i.code}
            <LevelTag level={i.severity} />
            <StatusTag status={i.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/incidents'))}>
              返回
            </Button>
            {i.actions.includes('report') && (
              <Button type="primary" size="large" onClick={() => setReporting(true)} data-testid="incident-add-report">
                {i.nextReportKinds.includes('first') ? '首报' : '续报 / 终报'}
              </Button>
            )}
            {i.actions.includes('determine') && (
              <Button danger onClick={() => setDetermining(true)} data-testid="incident-determine">
                认定
              </Button>
            )}
          </Space>
        }
      />
      {i.flags.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="incident-flags"
          message={
            <Space wrap>
              报告纪律：
              <FlagTags flags={i.flags} />
            </Space>
          }
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {i.flags.map((f) => (
                <li key={f.flag} data-testid="incident-flag-evidence">
                  {f.evidence}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions bordered size="small" column={screens.md ? 2 : 1} data-testid="incident-info">
          <Descriptions.Item label="事发单位">{i.unitName}</Descriptions.Item>
          <Descriptions.Item label="登记单位">
            {i.enteredByUnitName}
            {i.source === 'higher' && <Tag style={{ marginLeft: 8 }}>上级或其他渠道获知</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="发生时间">{formatDateTime(i.occurredAt)}</Descriptions.Item>
          <Descriptions.Item label="知悉时间">{formatDateTime(i.knownAt)}</Descriptions.Item>
          <Descriptions.Item label="发生地点">{i.place}</Descriptions.Item>
          <Descriptions.Item label="类型">
            {incidentCategoryLabels[i.category]} · {incidentSubtypeLabels[i.subtype]}
          </Descriptions.Item>
          <Descriptions.Item label="伤亡">{`死亡 ${i.dead} 人、受伤 ${i.injured} 人、失踪 ${i.missingPersons} 人`}</Descriptions.Item>
          <Descriptions.Item label="报告时限">
            首报 {formatDateTime(i.firstDueAt)} 前；书面报告 {formatDateTime(i.writtenDueAt)} 前
          </Descriptions.Item>
          <Descriptions.Item label="已采取的措施" span={screens.md ? 2 : 1}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{i.actionsTaken}</span>
          </Descriptions.Item>
          {i.files.length > 0 && (
            <Descriptions.Item label="照片与材料" span={screens.md ? 2 : 1}>
              <FileList files={i.files} />
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title="报告与签收" style={{ marginBottom: 16 }}>
        <Reports incident={i} />
      </Card>
      {i.determinations.length > 0 && (
        <Card title="局认定" data-testid="incident-determinations">
          <Timeline
            items={i.determinations.map((d) => ({
              key: d.id,
              color: 'red',
              content: (
                <div>
                  <Space wrap>
                    {d.findings.map((f) => (
                      <Tag key={f} color="red">
                        {disciplineFlagLabels[f]}
                      </Tag>
                    ))}
                    <Typography.Text type="secondary">{formatDateTime(d.createdAt)}</Typography.Text>
                  </Space>
                  <div>
                    签字人：<Typography.Text strong>{d.actorName}</Typography.Text>（{d.actorUnitName}）
                  </div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{d.reasons}</div>
                  {d.facts && <Typography.Text type="secondary">认定事实：{facts(d.facts)}</Typography.Text>}
                </div>
              ),
            }))}
          />
        </Card>
      )}
      <ReportModal incident={i} open={reporting} onClose={() => setReporting(false)} />
      <DeterminationModal incident={i} open={determining} onClose={() => setDetermining(false)} findings={determinationFindings} />
    </>
  );
}
