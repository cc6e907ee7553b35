// 专项整治: the campaigns the person can see (a school or town sees those that include it), with
// their period, the phase today falls in, scope, self-checks and hazards; 新建专项整治 for the bureau.
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Grid, List, Progress, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import { campaignStatusLabels, campaignStatuses } from '../../contracts/enums.js';
import { useCan } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { PAGE_SIZES, pick, useSearchState } from '../components/useSearchState.js';
import { withUnit } from '../format.js';
import { CampaignFormDrawer } from './CampaignFormDrawer.js';
import { CAMPAIGNS_KEY, campaignsApi, type Campaign } from './campaignsApi.js';
import { CampaignStatusTag } from './tags.js';
import './campaigns.css';

/** Self-checks submitted of the schools in scope, against the deadline. */
function SelfCheckCell({ campaign: c }: { campaign: Campaign }) {
  if (c.selfCheckDue === null) return <Typography.Text type="secondary">未设自查</Typography.Text>;
  return (
    <Tooltip title={`自查截止 ${c.selfCheckDue}：按时 ${c.selfChecksOnTime} 所，已提交 ${c.selfChecksDone} / ${c.schoolCount} 所`}>
      <Progress
        percent={c.schoolCount ? Math.round((c.selfChecksDone / c.schoolCount) * 100) : 0}
        size="small"
        format={() => `${c.selfChecksDone}/${c.schoolCount}`}
        style={{ minWidth: 110, margin: 0 }}
        data-testid="campaign-self-checks"
      />
    </Tooltip>
  );
}

const period = (c: Campaign) => `${c.startsOn} 至 ${c.endsOn}`;
const scope = (c: Campaign) => (c.allSchools ? `全区 ${withUnit(c.schoolCount, '所')}` : `指定 ${withUnit(c.schoolCount, '所')}`);

function HazardCounts({ c }: { c: Campaign }) {
  const closed = c.hazardCount - c.openCount;
  return (
    <Link to={`/hazards?campaignId=${c.id}`} onClick={(e) => e.stopPropagation()} title="在隐患台账中查看">
      <span data-testid="campaign-hazard-counts">
        <Typography.Text type={c.openCount ? 'warning' : undefined}>未销号 {c.openCount}</Typography.Text>
        <Typography.Text type="secondary"> / </Typography.Text>
        <Typography.Text type="success">已销号 {closed}</Typography.Text>
      </span>
    </Link>
  );
}

export default function CampaignsPage() {
  const can = useCan();
  const navigate = useNavigate();
  const s = useSearchState();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [creating, setCreating] = useState(false);
  const status = pick(s.get('status'), campaignStatuses);

  const list = useQuery({ queryKey: [...CAMPAIGNS_KEY, 'list', { status }], queryFn: () => campaignsApi.list({ status }), placeholderData: keepPreviousData });
  const manage = can('campaign.manage');

  const columns: TableColumnsType<Campaign> = [
    {
      title: '专项整治',
      dataIndex: 'name',
      ellipsis: true,
      render: (v: string, c) => (
        <Link to={`/campaigns/${c.id}`} data-testid="campaign-link">
          {v}
        </Link>
      ),
    },
    { title: '整治期间', key: 'period', width: 210, render: (_, c) => period(c) },
    {
      title: '当前阶段',
      dataIndex: 'currentPhaseName',
      width: 120,
      render: (v: string | null, c) => (v ? <span data-testid="campaign-current-phase">{v}</span> : <Typography.Text type="secondary">{c.status === 'finished' ? '—' : '不在阶段内'}</Typography.Text>),
    },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: Campaign['status']) => <CampaignStatusTag status={v} /> },
    { title: '范围', key: 'scope', width: 110, render: (_, c) => scope(c) },
    { title: '学校自查', key: 'selfChecks', width: 150, render: (_, c) => <SelfCheckCell campaign={c} /> },
    { title: '隐患', key: 'hazards', width: 170, render: (_, c) => <HazardCounts c={c} /> },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_, c) => (
        <Button type="link" size="small" onClick={() => navigate(`/campaigns/${c.id}`)}>
          查看
        </Button>
      ),
    },
  ];

  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        list.isError
          ? '加载失败，请稍后重试'
          : status
            ? '没有该状态的专项整治'
            : manage
              ? '还没有专项整治。点击“新建专项整治”，可按 002 闵行方案或 004 三年行动开始'
              : '暂无专项整治。区教育局发起后，与本单位有关的专项整治会显示在这里'
      }
    />
  );

  return (
    <>
      <PageHeader
        title="专项整治"
        subTitle="分阶段排查整治：学校自查、部门督促整改、每周报送进展、总结评估分三类"
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
              新建专项整治
            </Button>
          )
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <EnumFilter placeholder="状态" labels={campaignStatusLabels} value={status} onChange={(v) => s.set({ status: v })} minWidth={110} />
        </div>
        {phone ? (
          <List<Campaign>
            dataSource={list.data?.items}
            loading={list.isFetching}
            locale={{ emptyText: empty }}
            data-testid="campaigns-table"
            renderItem={(c) => (
              <List.Item className="campaign-card" data-testid="campaign-row" data-campaign-id={c.id} onClick={() => navigate(`/campaigns/${c.id}`)}>
                <div style={{ width: '100%' }}>
                  <div className="campaign-card-head">
                    <Typography.Text strong>{c.name}</Typography.Text>
                    <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
                  </div>
                  <Space size={4} wrap style={{ margin: '6px 0' }}>
                    <CampaignStatusTag status={c.status} />
                    {c.currentPhaseName && <span className="campaign-card-phase">{c.currentPhaseName}</span>}
                  </Space>
                  <div className="campaign-card-meta">
                    {period(c)} · {scope(c)}
                  </div>
                  <div className="campaign-card-meta">
                    <HazardCounts c={c} />
                  </div>
                </div>
              </List.Item>
            )}
          />
        ) : (
          <div data-testid="campaigns-table">
            <Table<Campaign>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={list.data?.items}
              loading={list.isFetching}
              scroll={{ x: 'max-content' }}
              onRow={(c) => ({ 'data-testid': 'campaign-row', 'data-campaign-id': c.id }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: empty }}
              pagination={{ pageSizeOptions: PAGE_SIZES, defaultPageSize: PAGE_SIZES[0], showSizeChanger: true, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 项` }}
            />
          </div>
        )}
      </Card>
      {manage && <CampaignFormDrawer open={creating} onClose={() => setCreating(false)} onSaved={(c) => navigate(`/campaigns/${c.id}`)} />}
    </>
  );
}
