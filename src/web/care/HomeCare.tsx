// 我包靠的学生 on a carer's home page (issue 16): the students they carry, masked, nearest follow-up
// first; a click opens the record, which asks for the purpose of the read before showing anything.
import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { concernKindLabels, type CareRecordRow } from '../../contracts/care.js';
import { CARE_KEY, careApi } from './careApi.js';
import { useCareMe } from './useCareMenu.js';

export default function HomeCare() {
  const navigate = useNavigate();
  const me = useCareMe();
  const enabled = (me.data?.carerOf ?? 0) > 0;
  const list = useQuery({
    queryKey: [...CARE_KEY, 'home', 'mine'],
    queryFn: () => careApi.records({ carer: 'me', status: 'open', page: 1, pageSize: 10 }),
    enabled,
    meta: { silent: true },
  });
  if (!enabled) return null;
  const total = list.data?.total ?? 0;
  return (
    <Card title="我包靠的学生" size="small" extra={<Link to="/care/records">学生关爱台账</Link>} data-testid="home-care">
      <List<CareRecordRow>
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有包靠的学生" /> }}
        renderItem={(r) => (
          <List.Item className="home-todo-item" onClick={() => navigate(`/care/records/${r.id}`)} extra={<RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />} data-testid="home-care-item">
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  {r.overdueDays > 0 ? <Tag color="red">随访逾期 {r.overdueDays} 天</Tag> : <Tag color="blue">下次随访 {r.nextDueOn}</Tag>}
                  <Typography.Text>{r.maskedName}</Typography.Text>
                  <Typography.Text type="secondary">{r.className}</Typography.Text>
                </Space>
              }
              description={
                <Space size={[12, 0]} wrap style={{ fontSize: 13 }}>
                  <span>{r.concernKinds.map((k) => concernKindLabels[k]).join('、')}</span>
                  <span>上次随访 {r.lastFollowUpOn ?? '尚无'}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {total > (list.data?.items.length ?? 0) && (
        <div style={{ textAlign: 'right', marginTop: 8 }}>
          <Link to="/care/records">查看全部 {total} 名</Link>
        </div>
      )}
    </Card>
  );
}
