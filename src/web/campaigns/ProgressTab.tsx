// 进度: the figures a leading group reads, which schools submitted their self-check by the deadline,
// the campaign's hazards by area / department / town / status, and what is overdue.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Input, Row, Segmented, Skeleton, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { safetyAreaLabels } from '../../contracts/enums.js';
import type { CampaignProgress } from '../../contracts/campaigns.js';
import { selfCheckStatusLabels, selfCheckStatuses, type SelfCheckStatus } from '../../domain/campaigns.js';
import { HazardStatusTag, GradeTag } from '../hazards/tags.js';
import { CAMPAIGNS_KEY, campaignsApi, type CampaignDetail } from './campaignsApi.js';
import { SelfCheckTag } from './tags.js';

const ProgressCharts = lazy(() => import('./ProgressCharts.js'));

type SelfCheckRow = CampaignProgress['selfChecks'][number];
type OverdueRow = CampaignProgress['overdue'][number];

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

export function ProgressTab({ campaign }: { campaign: CampaignDetail }) {
  const progress = useQuery({ queryKey: [...CAMPAIGNS_KEY, 'progress', campaign.id], queryFn: () => campaignsApi.progress(campaign.id), staleTime: 30_000 });
  const [filter, setFilter] = useState<SelfCheckStatus | 'all'>('all');
  const [q, setQ] = useState('');

  const schools = useMemo(() => {
    const rows = progress.data?.selfChecks ?? [];
    const needle = q.trim();
    return rows.filter((r) => (filter === 'all' || r.status === filter) && (!needle || r.schoolName.includes(needle) || (r.townName ?? '').includes(needle)));
  }, [progress.data, filter, q]);

  if (progress.isPending) return <Skeleton active />;
  if (progress.isError || !progress.data) return <Alert type="error" showIcon title="进度加载失败" action={<Button onClick={() => void progress.refetch()}>重试</Button>} />;
  const p = progress.data;
  const f = p.figures;
  const register = `/hazards?campaignId=${campaign.id}`;

  const schoolColumns: TableColumnsType<SelfCheckRow> = [
    { title: '学校', dataIndex: 'schoolName', ellipsis: true },
    { title: '镇街', dataIndex: 'townName', width: 130, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: '自查状态', dataIndex: 'status', width: 110, render: (v: SelfCheckStatus) => <SelfCheckTag status={v} /> },
    { title: '提交日期', dataIndex: 'submittedOn', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: '发现隐患',
      dataIndex: 'hazardCount',
      width: 90,
      render: (v: number, r) => (v ? <Link to={`/hazards?campaignId=${campaign.id}&schoolId=${r.schoolId}`}>{v} 条</Link> : '0'),
    },
    { title: '自查记录', key: 'inspection', width: 90, render: (_, r) => (r.inspectionId ? <Link to={`/inspections/${r.inspectionId}`}>查看</Link> : '—') },
  ];

  const overdueColumns: TableColumnsType<OverdueRow> = [
    { title: '隐患编号', dataIndex: 'code', width: 140, render: (v: string, r) => <Link to={`/hazards/${r.id}`} data-testid="campaign-overdue-link">{v}</Link> },
    { title: '学校', dataIndex: 'schoolName', ellipsis: true },
    { title: '领域', dataIndex: 'area', width: 130, ellipsis: true, render: (v: OverdueRow['area']) => safetyAreaLabels[v] },
    { title: '等级', dataIndex: 'grade', width: 70, render: (v: OverdueRow['grade']) => <GradeTag grade={v} /> },
    { title: '状态', dataIndex: 'status', width: 100, render: (v: OverdueRow['status']) => <HazardStatusTag status={v} /> },
    { title: '整改时限', dataIndex: 'deadline', width: 110, render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
    { title: '责任部门', dataIndex: 'responsibleDepartmentName', width: 130, ellipsis: true, render: (v: string | null) => v ?? '—' },
  ];

  const figure = (title: string, value: number | string, opts: { suffix?: string; danger?: boolean; link?: string; testId?: string } = {}) => (
    <Col xs={12} sm={8} lg={6} xl={4}>
      <Card size="small" data-testid={opts.testId}>
        <Statistic
          title={opts.link ? <Link to={opts.link}>{title}</Link> : title}
          value={value}
          suffix={opts.suffix}
          styles={{ content: opts.danger && value ? { color: '#cf1322' } : undefined }}
        />
      </Card>
    </Col>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="campaign-progress">
      <Row gutter={[12, 12]} className="campaign-figures" data-testid="campaign-figures">
        {figure('覆盖学校', f.schools, { suffix: '所', testId: 'figure-schools' })}
        {figure('已提交自查', f.selfChecksDone, { suffix: `/ ${f.schools} 所`, testId: 'figure-self-checks' })}
        {figure('按时提交自查', f.selfChecksOnTime, { suffix: '所' })}
        {figure('排查隐患', f.hazards, { suffix: '条', link: register, testId: 'figure-hazards' })}
        {figure('重大隐患', f.major, { suffix: '条', danger: true, link: `${register}&grade=major` })}
        {figure('已整改', f.rectified, { suffix: '条' })}
        {figure('已销号', f.closed, { suffix: '条', link: `${register}&status=closed` })}
        {figure('整改率', pct(f.rectificationRate))}
        {figure('逾期未销号', f.overdue, { suffix: '条', danger: true, link: `${register}&view=overdue` })}
        {figure('整改不实', f.falseFixes, { suffix: '条', danger: true })}
      </Row>

      <Card
        size="small"
        title={p.selfCheckDue ? `学校自查（截止 ${p.selfCheckDue}）` : '学校自查'}
>
        <div style={{ marginBottom: 12 }}>
          <Link to={register} data-testid="campaign-register-link">
            在隐患台账中查看本专项整治的全部隐患 →
          </Link>
        </div>
        {!p.selfCheckDue && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="本专项整治未设学校自查截止日期，学校自查不计按时与否。" />}
        <div className="filter-bar">
          <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
            <Segmented<SelfCheckStatus | 'all'>
              value={filter}
              onChange={setFilter}
              data-testid="self-check-filter"
              options={[
                { value: 'all', label: `全部 ${p.selfChecks.length}` },
                ...selfCheckStatuses.map((s) => ({ value: s, label: `${selfCheckStatusLabels[s]} ${p.selfCheckCounts[s]}` })),
              ]}
            />
          </div>
          <Input.Search allowClear placeholder="学校或镇街" style={{ width: 200 }} value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <Table<SelfCheckRow>
          rowKey="schoolId"
          size="small"
          columns={schoolColumns}
          dataSource={schools}
          scroll={{ x: 'max-content' }}
          data-testid="self-check-table"
          pagination={{ defaultPageSize: 20, pageSizeOptions: [20, 50, 100], showSizeChanger: true, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 所` }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filter === 'all' ? '本专项整治没有学校' : '没有该状态的学校'} /> }}
        />
      </Card>

      <Suspense fallback={<Skeleton active />}>
        <ProgressCharts campaignId={campaign.id} byArea={p.byArea} byTown={p.byTown} byDepartment={p.byDepartment} byStatus={p.byStatus} />
      </Suspense>

      <Card
        size="small"
        title={`逾期未销号隐患（${p.overdueTotal} 条）`}
        extra={p.overdueTotal > p.overdue.length && <Link to={`${register}&view=overdue`}>查看全部 {p.overdueTotal} 条</Link>}
      >
        <Table<OverdueRow>
          rowKey="id"
          size="small"
          columns={overdueColumns}
          dataSource={p.overdue}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          data-testid="campaign-overdue"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有逾期隐患" /> }}
        />
      </Card>
    </Space>
  );
}
