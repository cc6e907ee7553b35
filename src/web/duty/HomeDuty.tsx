// 我的值班 on the home page: the person's duty from a week back to a month ahead and what they have
// still to confirm; the person on duty confirms their own day here (签字压责, 000 item 4, 003).
import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { dutyRoleLabels } from '../../contracts/rules.js';
import { useCan } from '../auth.js';
import { showError } from '../feedback.js';
import { todayBeijing } from '../dates.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { DUTY_KEY, dutyApi } from './dutyApi.js';

export default function HomeDuty() {
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const mine = useQuery({ queryKey: [...DUTY_KEY, 'mine'], queryFn: dutyApi.mine, enabled: can('ledger.read'), meta: { silent: true } });
  const confirm = useMutation({
    mutationFn: (e: { rosterId: number; id: number; version: number }) => dutyApi.confirmEntry(e.rosterId, e.id, e.version),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: DUTY_KEY });
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
      message.success('已确认值班');
    },
    onError: (err) => {
      void queryClient.invalidateQueries({ queryKey: [...DUTY_KEY, 'mine'] });
      showError(err);
    },
  });
  const items = mine.data?.items ?? [];
  if (!items.length) return null;
  const today = todayBeijing();
  const pending = items.filter((e) => e.canConfirm).length;
  return (
    <Card size="small" title="我的值班" extra={pending ? <Tag color="orange">{pending} 天待确认</Tag> : undefined} data-testid="home-duty">
      <List
        size="small"
        dataSource={items}
        renderItem={(e) => (
          <List.Item
            data-testid="home-duty-item"
            actions={[
              e.canConfirm ? (
                <Button key="c" size="small" type="primary" icon={<CheckOutlined />} loading={confirm.isPending && confirm.variables?.id === e.id} onClick={() => confirm.mutate(e)} data-testid="home-duty-confirm">
                  确认值班
                </Button>
              ) : e.confirmedAt ? (
                <Tag key="c" color="green">
                  已确认
                </Tag>
              ) : (
                <Typography.Text key="c" type="secondary">
                  {e.dutyOn > today ? '未到值班日' : '待确认'}
                </Typography.Text>
              ),
            ]}
          >
            <Space wrap>
              <Typography.Text strong>{e.dutyOn}</Typography.Text>
              <Tag color={e.role === 'leader' ? 'volcano' : 'blue'}>{dutyRoleLabels[e.role]}</Tag>
              <span>{e.hours} 小时</span>
              <Link to={`/duty-rosters/${e.rosterId}`}>{e.rosterTitle}</Link>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
