// 我的检查任务 on the home page of whoever inspects (UX: the inspector's home is "my inspections
// today, each opening the phone form"; issue 17: it listed none of them).
import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { Inspection } from '../../contracts/inspections.js';
import { useCan } from '../auth.js';
import { todayBeijing } from '../dates.js';
import { INSPECTIONS_KEY, inspectionsApi } from './inspectionsApi.js';
import { InspectionKindTag, InspectionStatusTag } from './tags.js';

export default function HomeInspections() {
  const can = useCan();
  const navigate = useNavigate();
  const enabled = can('inspection.perform');
  const query = (status: 'in_progress' | 'planned') =>
    ({ queryKey: [...INSPECTIONS_KEY, 'home', status], queryFn: () => inspectionsApi.list({ mine: 'true', status, page: 1, pageSize: 10 }), enabled, meta: { silent: true } }) as const;
  const started = useQuery(query('in_progress'));
  const planned = useQuery(query('planned'));
  if (!enabled) return null;
  // Started ones first (work under way), then planned by day.
  const items = [...(started.data?.items ?? []), ...[...(planned.data?.items ?? [])].sort((a, b) => a.plannedOn.localeCompare(b.plannedOn))];
  const total = (started.data?.total ?? 0) + (planned.data?.total ?? 0);
  const today = todayBeijing();
  return (
    <Card title="我的检查任务" size="small" extra={<Link to="/inspections?mine=true">全部检查任务</Link>} data-testid="home-inspections">
      <List<Inspection>
        loading={started.isPending || planned.isPending}
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待完成的检查任务" /> }}
        renderItem={(i) => (
          <List.Item className="home-todo-item" onClick={() => navigate(`/inspections/${i.id}`)} extra={<RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />} data-testid="home-inspection-item">
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  <InspectionStatusTag status={i.status} />
                  <InspectionKindTag kind={i.kind} />
                  <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                    {i.title}
                  </Typography.Text>
                </Space>
              }
              description={
                <Space size={[12, 0]} wrap style={{ fontSize: 13 }}>
                  <span>{i.code}</span>
                  <span>
                    检查日期 {i.plannedOn}
                    {i.plannedOn === today ? '（今天）' : i.plannedOn < today && i.status === 'planned' ? '（已过计划日期）' : ''}
                  </span>
                  <span>{i.organizerUnitName}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {total > items.length && (
        <div style={{ textAlign: 'right', marginTop: 8 }}>
          <Link to="/inspections?mine=true">查看全部 {total} 项</Link>
        </div>
      )}
    </Card>
  );
}
