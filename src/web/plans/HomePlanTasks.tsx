// The home page's work plan card (issue 14): my unit's tasks of this quarter (and earlier ones not
// done, overdue in red) with a report button; the tasks my unit leads with its co-units' counts;
// the summaries my unit owes; and for a leader or department its patch of schools (分片包靠, 001 item 2).
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, List, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCan } from '../auth.js';
import { quarterLabel } from './format.js';
import { PLANS_KEY, plansApi, type TaskUnitView } from './plansApi.js';
import { ReportDrawer } from './ReportDrawer.js';
import { ProgressTag } from './tags.js';

export default function HomePlanTasks() {
  const can = useCan();
  const mine = useQuery({ queryKey: [...PLANS_KEY, 'mine'], queryFn: plansApi.mine, enabled: can('plan.read'), meta: { silent: true } });
  const patches = useQuery({ queryKey: [...PLANS_KEY, 'patches', 'mine'], queryFn: plansApi.myPatches, enabled: can('patch.visit'), meta: { silent: true } });
  const [reporting, setReporting] = useState<TaskUnitView | null>(null);
  if (!can('plan.read')) return null;
  const data = mine.data;
  const hasPlan = !!data?.planId;
  const patch = patches.data?.items[0];
  if (!hasPlan && !patch && !mine.isPending) return null;

  return (
    <>
      {hasPlan && (
        <Card
          size="small"
          title={`本单位工作任务（${data!.year}年${quarterLabel(data!.quarter)}）`}
          extra={<Link to="/plans">任务分解表</Link>}
          data-testid="home-plan-tasks"
          loading={mine.isPending}
        >
          <List
            size="small"
            dataSource={data!.items}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本季度没有分配给本单位的任务" /> }}
            renderItem={(t) => (
              <List.Item
                data-testid={`home-plan-task-${t.seq}`}
                actions={
                  t.canReport
                    ? [
                        <Button key="report" size="small" type={t.status === 'done' ? 'default' : 'primary'} onClick={() => setReporting(t)} data-testid={`home-plan-report-${t.seq}`}>
                          {t.status === 'done' ? '修改' : '填报'}
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <Typography.Text>{t.text}</Typography.Text>
                      {t.lead && <Tag color="blue">牵头</Tag>}
                    </Space>
                  }
                  description={`${quarterLabel(t.quarter)} · 截止 ${t.dueOn}${t.files.length ? ` · 资料 ${t.files.length} 份` : ''}`}
                />
                <ProgressTag status={t.status} overdue={t.overdue} />
              </List.Item>
            )}
          />
          {data!.leading.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 12 }}>
                本单位牵头的任务
              </Typography.Title>
              <Table
                size="small"
                rowKey="taskId"
                pagination={false}
                dataSource={data!.leading}
                columns={[
                  { title: '序号', dataIndex: 'seq', width: 60 },
                  { title: '任务', dataIndex: 'text', render: (v: string, r) => <Link to={`/plans?tab=tasks&task=${r.taskId}`}>{v}</Link> },
                  { title: '完成', width: 160, render: (_: unknown, r) => <Progress size="small" percent={r.units ? Math.round((r.done * 100) / r.units) : 0} format={() => `${r.done}/${r.units}`} /> },
                  { title: '逾期', dataIndex: 'overdue', width: 60, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
                ]}
              />
            </>
          )}
          {data!.summaries.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 12 }}>
                待报送的工作总结
              </Typography.Title>
              <List
                size="small"
                dataSource={data!.summaries}
                renderItem={(s) => (
                  <List.Item actions={[<Link key="open" to={`/plans?tab=summaries&summary=${s.id}`}>{s.status === 'submitted' ? '查看' : '报送'}</Link>]}>
                    <List.Item.Meta title={s.title} description={`截止 ${s.dueOn}`} />
                    {s.status === 'submitted' ? <Tag color="green">已报送</Tag> : s.late ? <Tag color="red">逾期未报</Tag> : <Tag>待报送</Tag>}
                  </List.Item>
                )}
              />
            </>
          )}
        </Card>
      )}
      {patch && (
        <Card size="small" title={`我的包靠学校（${patch.year}年，${patch.holderName}）`} extra={<Link to="/plans?tab=patches">走访记录</Link>} data-testid="home-patch">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={patch.schools}
            columns={[
              { title: '学校', dataIndex: 'name' },
              { title: '未销号隐患', dataIndex: 'openHazards', width: 100, render: (v: number) => <Link to={`/hazards`}>{v}</Link> },
              { title: '逾期隐患', dataIndex: 'overdueHazards', width: 90, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
              { title: '未达标规则', dataIndex: 'missedRules', width: 100, render: (v: number) => (v ? <Tag color="orange">{v}</Tag> : 0) },
              { title: '走访', dataIndex: 'visits', width: 60 },
              { title: '最近走访', dataIndex: 'lastVisitOn', width: 110, render: (v: string | null) => v ?? '未走访' },
            ]}
          />
        </Card>
      )}
      <ReportDrawer row={reporting} onClose={() => setReporting(null)} />
    </>
  );
}
