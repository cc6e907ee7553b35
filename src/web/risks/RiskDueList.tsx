// 复核日历: "review these risks before <day>" for each school — the risks whose review falls due
// within a month or is overdue, by the colour's cadence or before a season (001 item 12 flood and
// drowning, winter fire, heat, exams), a holiday of the school calendar or a key period (003).
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { RISK_KEY, risksApi } from './risksApi.js';
import { ReviewStateTag, RiskLevelTag } from './tags.js';

export function RiskDueList({ schoolId, townId, onOpen, compact = false }: { schoolId?: number; townId?: number; onOpen: (id: number) => void; compact?: boolean }) {
  const q = useQuery({ queryKey: [...RISK_KEY, 'due', schoolId ?? null, townId ?? null], queryFn: () => risksApi.due({ schoolId, townId }) });
  const schools = q.data?.schools ?? [];
  if (!q.isPending && !schools.length) {
    return compact ? null : <Empty description="一个月内没有需要复核的风险" />;
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="risk-due">
      {schools.map((s) => (
        <Card
          key={s.schoolId}
          size="small"
          title={
            <span data-testid="risk-due-title">
              {compact ? '' : `${s.schoolName}：`}请于 {s.reviewBy} 前复核这些风险
            </span>
          }
          extra={s.overdue ? <Tag color="red">{s.overdue} 项逾期</Tag> : null}
        >
          <List
            size="small"
            dataSource={s.items}
            renderItem={(i) => (
              <List.Item actions={[<a key="o" onClick={() => onOpen(i.id)}>查看</a>]} data-testid="risk-due-item">
                <Space wrap>
                  <RiskLevelTag level={i.level} />
                  <Typography.Text>{i.riskName}</Typography.Text>
                  <Typography.Text type="secondary">
                    {i.dueOn} 前 · {i.reason}
                  </Typography.Text>
                  <ReviewStateTag state={i.state} />
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Space>
  );
}
