// The bureau's (and a town's) home: published notices whose named units have not replied by the
// deadline (issue 13), each opening the notice; nothing shown when every reply is in on time.
import { FileExclamationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useCan, useMe } from '../auth.js';
import { ACCOUNTABILITY_KEY, accountabilityApi } from './accountabilityApi.js';

export default function HomeNoticeReplies() {
  const can = useCan();
  const me = useMe();
  const enabled = can('accountability.read') && me.unit.kind !== 'school';
  const q = useQuery({
    queryKey: [...ACCOUNTABILITY_KEY, 'notices', 'home-overdue'],
    queryFn: () => accountabilityApi.notices({ overdue: 'true', pageSize: 5 }),
    enabled,
    meta: { silent: true },
  });
  if (!enabled || !q.data?.total) return null;
  return (
    <Card
      title={
        <span>
          <FileExclamationOutlined /> 通报逾期未回复
        </span>
      }
      extra={<Link to="/accountability?overdue=true">全部 {q.data.total} 份</Link>}
      style={{ marginBottom: 16 }}
      data-testid="home-notice-overdue"
    >
      <List
        size="small"
        dataSource={q.data.items}
        renderItem={(n) => (
          <List.Item extra={<Tag color="red">{n.replies.overdue} 个单位逾期</Tag>}>
            <Link to={`/accountability/notices/${n.id}`}>
              {n.code} {n.title}
            </Link>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              应于 {n.replyDueOn} 前回复
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
