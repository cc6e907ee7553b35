// One campaign: its header (period, today's phase, status) and four tabs — 进度, 阶段与分工, 周报,
// 总结评估. Edit and finish for the bureau; the tab is kept in the address bar.
import { ArrowLeftOutlined, EditOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMe } from '../auth.js';
import { showError } from '../feedback.js';
import { detailFallback } from '../components/DetailFallback.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { CampaignFormDrawer } from './CampaignFormDrawer.js';
import { CAMPAIGNS_KEY, campaignsApi } from './campaignsApi.js';
import { PhasesTab } from './PhasesTab.js';
import { ProgressTab } from './ProgressTab.js';
import { SummaryTab } from './SummaryTab.js';
import { CampaignStatusTag } from './tags.js';
import { WeeklyTab } from './WeeklyTab.js';
import './campaigns.css';

const tabKeys = ['progress', 'phases', 'weekly', 'summary'] as const;
type TabKey = (typeof tabKeys)[number];

export default function CampaignDetailPage() {
  const params = useParams();
  const id = positiveInt(params.id);
  const navigate = useNavigate();
  const s = useSearchState();
  const me = useMe();
  // Weekly returns are the departments' and the bureau's; a town or school has none to file or read.
  const weekly = me.scope !== 'unit';
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const picked = pick(s.get('tab'), tabKeys);
  const tab: TabKey = picked === 'weekly' && !weekly ? 'progress' : (picked ?? 'progress');

  const detail = useQuery({ queryKey: [...CAMPAIGNS_KEY, 'detail', id], queryFn: () => campaignsApi.get(id!), enabled: id !== undefined, meta: { silent: true } });

  const finish = useMutation({
    mutationFn: () => campaignsApi.finish(id!, detail.data!.version),
    onSuccess: () => {
      message.success('专项整治已结束');
      void queryClient.invalidateQueries({ queryKey: CAMPAIGNS_KEY });
    },
    onError: (err) => {
      showError(err);
      void detail.refetch();
    },
  });

  const fallback = detailFallback(detail, id !== undefined, { name: '专项整治', back: '/campaigns', backLabel: '返回专项整治' });
  if (fallback || !detail.data) return fallback;
  const c = detail.data;

  const confirmFinish = () =>
    modal.confirm({
      title: `结束专项整治“${c.name}”？`,
      icon: <WarningOutlined />,
      content: '结束后不能再填报周报、分类或抽查，所有数据保留可查、可导出。',
      okText: '结束',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => finish.mutateAsync(),
    });

  return (
    <>
      <PageHeader
        title={c.name}
        subTitle={
          <Space size={6} wrap data-testid="campaign-header">
            <CampaignStatusTag status={c.status} />
            {c.currentPhase ? (
              <Tag color="geekblue" data-testid="campaign-current-phase">
                当前阶段：{c.currentPhase.name}（{c.currentPhase.startsOn} 至 {c.currentPhase.endsOn}）
              </Tag>
            ) : (
              c.status !== 'finished' && <Tag>今天不在任何阶段内</Tag>
            )}
            <span>
              {c.startsOn} 至 {c.endsOn}
            </span>
            {c.createdByName && <Typography.Text type="secondary">· {c.createdByName} 创建</Typography.Text>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/campaigns')}>
              返回
            </Button>
            <Link to={`/hazards?campaignId=${c.id}`}>
              <Button data-testid="campaign-hazards">隐患台账</Button>
            </Link>
            {c.actions.includes('edit') && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="campaign-edit">
                编辑
              </Button>
            )}
            {c.actions.includes('finish') && (
              <Button danger icon={<StopOutlined />} loading={finish.isPending} onClick={confirmFinish} data-testid="campaign-finish">
                结束
              </Button>
            )}
          </Space>
        }
      />
      <Tabs
        className="campaign-tabs"
        activeKey={tab}
        onChange={(k) => s.set({ tab: k === 'progress' ? undefined : k })}
        destroyOnHidden
        data-testid="campaign-tabs"
        items={[
          { key: 'progress', label: '进度', children: <ProgressTab campaign={c} /> },
          { key: 'phases', label: '阶段与分工', children: <PhasesTab campaign={c} /> },
          ...(weekly ? [{ key: 'weekly', label: '周报', children: <WeeklyTab campaign={c} /> }] : []),
          { key: 'summary', label: '总结评估', children: <SummaryTab campaign={c} /> },
        ]}
      />
      {c.actions.includes('edit') && (
        <CampaignFormDrawer
          open={editing}
          campaign={c}
          onClose={() => setEditing(false)}
          onSaved={(saved) => queryClient.setQueryData([...CAMPAIGNS_KEY, 'detail', id], saved)}
        />
      )}
    </>
  );
}
