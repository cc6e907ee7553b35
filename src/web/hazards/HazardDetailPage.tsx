// One hazard: everything about it, its photos, the timeline of signed steps, and the steps the
// person may take now. Works on a phone: the school rectifies and submits photos from here, also
// with no network once the hazard was opened (issue 17): the signed rectification waits in the outbox.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Grid, Row, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { hazardActionLabels, hazardSourceLabels, safetyAreaLabels, summaryClassLabels } from '../../contracts/enums.js';
import { FileList } from '../components/FileList.js';
import { detailFallback } from '../components/DetailFallback.js';
import { PageHeader } from '../components/PageHeader.js';
import { positiveInt } from '../components/useSearchState.js';
import { formatDateTime, orDash, withUnit } from '../format.js';
import { useMe } from '../auth.js';
import { listOutbox, subscribe } from '../offline/outbox.js';
import { hazardRecord, recordOf } from '../offline/outbox-rules.js';
import type { OutboxEntry } from '../offline/store.js';
import { HazardActionButtons, HazardStepModal, type StepTarget } from './HazardStepModal.js';
import { hazardsApi } from './hazardsApi.js';
import { HazardTimeline } from './HazardTimeline.js';
import { DeadlineText, GradeTag, HazardStateTags } from './tags.js';
import './hazards.css';

export default function HazardDetailPage() {
  const params = useParams();
  const id = positiveInt(params.id);
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [step, setStep] = useState<StepTarget | null>(null);
  const me = useMe();
  /** This person's rectification of this hazard still waiting in the outbox. */
  const [queued, setQueued] = useState<OutboxEntry | undefined>();

  const detail = useQuery({
    queryKey: ['hazards', 'detail', id],
    queryFn: () => hazardsApi.get(id!),
    enabled: id !== undefined,
    meta: { silent: true },
    // With no signal the query still runs and answers from the phone's copy.
    networkMode: 'always',
  });

  useEffect(() => {
    if (id === undefined) return;
    const look = () => void listOutbox(me.user.id).then((all) => setQueued(all.find((e) => recordOf(e) === hazardRecord(id))), () => setQueued(undefined));
    look();
    return subscribe(look);
  }, [id, me.user.id]);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/hazards'))}>
      返回
    </Button>
  );

  const fallback = detailFallback(detail, id !== undefined, { name: '隐患', back: '/hazards', backLabel: '返回隐患台账' });
  if (fallback || !detail.data) return fallback;
  const h = detail.data;
  // Signed already and waiting to be sent: not signed a second time.
  const actions = queued ? h.actions.filter((a) => a !== 'submit') : h.actions;

  const info = (
    <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, xl: 2 }} className="hazard-descriptions" data-testid="hazard-info">
      <Descriptions.Item label="隐患编号">
        <Typography.Text copyable={{ text: h.code, tooltips: ['复制', '已复制'] }}>{h.code}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="学校">
        {h.schoolName}
        {h.townName && <Typography.Text type="secondary">（{h.townName}）</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label="排查领域">{safetyAreaLabels[h.area]}</Descriptions.Item>
      <Descriptions.Item label="隐患位置">{h.location}</Descriptions.Item>
      <Descriptions.Item label="隐患描述" span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{h.description}</span>
      </Descriptions.Item>
      <Descriptions.Item label="隐患等级">
        <GradeTag grade={h.grade} />
        {h.grade === 'major' && <Typography.Text type="secondary">挂牌督办</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label="状态">
        <HazardStateTags hazard={h} />
      </Descriptions.Item>
      <Descriptions.Item label="来源">
        <Space size={4} wrap>
          {hazardSourceLabels[h.source]}
          {h.inspectionId && <Link to={`/inspections/${h.inspectionId}`}>{h.inspectionCode ?? `检查 #${h.inspectionId}`}</Link>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label="专项整治">{h.campaignId ? <Link to={`/campaigns/${h.campaignId}`}>{h.campaignName ?? `#${h.campaignId}`}</Link> : '—'}</Descriptions.Item>
      <Descriptions.Item label="发现日期">{h.foundOn}</Descriptions.Item>
      <Descriptions.Item label="发现人">{h.foundByName}</Descriptions.Item>
      <Descriptions.Item label="责任单位">{h.schoolName}</Descriptions.Item>
      <Descriptions.Item label="整改责任人">{h.responsibleUserName ?? <Typography.Text type="secondary">未指定（学校校长、安全员负责）</Typography.Text>}</Descriptions.Item>
      <Descriptions.Item label="责任部门">{orDash(h.responsibleDepartmentName)}</Descriptions.Item>
      <Descriptions.Item label="整改时限">
        <Space size={4} wrap>
          <DeadlineText hazard={h} />
          {h.pendingDeadline && <Typography.Text type="secondary">（申请延至 {h.pendingDeadline}，待审批）</Typography.Text>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label="整改措施" span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{h.measures ?? <Typography.Text type="secondary">待确认交办时填写</Typography.Text>}</span>
      </Descriptions.Item>
      <Descriptions.Item label="临时管控措施" span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{orDash(h.interimControls)}</span>
      </Descriptions.Item>
      <Descriptions.Item label="整改资金">{h.funds === null ? '—' : withUnit(h.funds, '元')}</Descriptions.Item>
      <Descriptions.Item label="销号时间">{formatDateTime(h.closedAt)}</Descriptions.Item>
      {h.summaryClass && (
        <Descriptions.Item label="总结分类" span={2}>
          {summaryClassLabels[h.summaryClass]}
          {h.committedOn && `，承诺 ${h.committedOn} 前完成`}
        </Descriptions.Item>
      )}
    </Descriptions>
  );

  return (
    <>
      <PageHeader
        title={`隐患 ${h.code}`}
        subTitle={
          <Space size={4} wrap>
            <GradeTag grade={h.grade} />
            <HazardStateTags hazard={h} />
            <span>{h.schoolName}</span>
          </Space>
        }
        extra={!phone && back}
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {h.overdue && <Alert type="error" showIcon title={`已逾期：整改时限 ${h.deadline}，至今未销号`} />}
        {queued && (
          <Alert
            type={queued.state === 'pending' ? 'info' : 'warning'}
            showIcon
            data-testid="hazard-queued"
            title={
              queued.state === 'pending'
                ? '整改反馈已签字，连同照片保存在手机上，网络恢复后自动同步。'
                : '整改反馈同步时未通过，请点右上角“待同步”查看并处理。'
            }
          />
        )}
        {actions.length > 0 && (
          <Card size="small" title="待您签字" className="hazard-actions-card" data-testid="hazard-actions">
            <div className={phone ? 'hazard-actions-phone' : undefined}>
              <Space size={8} wrap style={{ width: '100%' }} orientation={phone ? 'vertical' : 'horizontal'}>
                <HazardActionButtons hazard={{ ...h, actions }} onAction={setStep} size={phone ? 'large' : 'middle'} block={phone} />
              </Space>
            </div>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
              您可以执行：{actions.map((a) => hazardActionLabels[a]).join('、')}。每一步签字都记入下方签字记录，不可修改。
            </Typography.Text>
          </Card>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card size="small" title="隐患信息">
                {info}
              </Card>
              <Card size="small" title="现场照片">
                <FileList files={h.files} size={phone ? 96 : 112} empty="上报时未附照片" />
              </Card>
            </Space>
          </Col>
          <Col xs={24} xl={9}>
            <Card size="small" title={`签字记录（${h.steps.length}）`}>
              <HazardTimeline hazard={h} />
            </Card>
          </Col>
        </Row>
        {phone && back}
      </Space>
      <HazardStepModal target={step} onClose={() => setStep(null)} />
    </>
  );
}
