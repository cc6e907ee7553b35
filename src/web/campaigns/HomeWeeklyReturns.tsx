// The department officer's home: this week's return of each running campaign and any week
// still unsent (UX.md, department home; 002 周报机制).
import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Typography } from 'antd';
import { Link } from 'react-router';
import { CAMPAIGNS_KEY, campaignsApi, type Campaign, type WeeklyReturn } from './campaignsApi.js';
import { ReturnTag } from './tags.js';

const weekText = (r: WeeklyReturn) => `${r.weekStart.slice(5).replace('-', '/')}–${r.weekEnd.slice(5).replace('-', '/')}`;

export function HomeWeeklyReturns() {
  const active = useQuery({ queryKey: [...CAMPAIGNS_KEY, 'list', { status: 'active' }], queryFn: () => campaignsApi.list({ status: 'active' }), meta: { silent: true } });
  const campaigns = active.data?.items ?? [];
  const returns = useQueries({
    queries: campaigns.map((c) => ({
      queryKey: [...CAMPAIGNS_KEY, 'weekly', c.id],
      queryFn: () => campaignsApi.weeklyReturns(c.id),
      meta: { silent: true },
    })),
  });
  // The newest week of each campaign, and every earlier week not yet submitted.
  const rows: Array<{ campaign: Campaign; r: WeeklyReturn }> = [];
  campaigns.forEach((c, i) => {
    const items = returns[i]?.data?.items ?? [];
    items.forEach((r, k) => {
      if (k === 0 || r.status !== 'submitted') rows.push({ campaign: c, r });
    });
  });
  const loading = active.isPending || returns.some((q) => q.isPending);

  return (
    <Card title="专项整治周报" size="small" data-testid="home-weekly-returns">
      <List
        size="small"
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本周没有需要报送的周报" /> }}
        renderItem={({ campaign, r }) => (
          <List.Item
            actions={[
              <Link key="open" to={`/campaigns/${campaign.id}?tab=weekly&week=${r.weekStart}`}>
                {r.status === 'submitted' ? '查看' : '填报'}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={campaign.name}
              description={
                <Typography.Text type="secondary">
                  {weekText(r)} · {r.departmentName}
                </Typography.Text>
              }
            />
            <ReturnTag status={r.status} />
          </List.Item>
        )}
      />
    </Card>
  );
}
