// Reminders in the header: assigned to you, due in 3 days, overdue, sent back, extension decided …
// A bell with the unread count; the list opens below it, a click goes to the hazard and marks it read.
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { notificationKindLabels, type NotificationKind } from '../../contracts/enums.js';
import { showError } from '../feedback.js';
import { formatDateTime } from '../format.js';
import { hazardsApi, NOTIFICATIONS_KEY, type Notification } from '../hazards/hazardsApi.js';
import '../hazards/hazards.css';

const kindColors: Partial<Record<NotificationKind, string>> = {
  assigned: 'blue',
  due_soon: 'orange',
  overdue: 'red',
  returned: 'red',
  extension_decided: 'green',
  acceptance_waiting: 'blue',
  weekly_return_missing: 'orange',
  false_fix: 'volcano',
};

export function NotificationBell() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  const list = useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: hazardsApi.notifications,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    meta: { silent: true },
  });

  const readOne = useMutation({
    mutationFn: (id: number) => hazardsApi.readNotification(id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
  const readAll = useMutation({
    mutationFn: hazardsApi.readAllNotifications,
    onError: showError,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });

  const unread = list.data?.unread ?? 0;

  function openItem(n: Notification) {
    if (!n.readAt) readOne.mutate(n.id);
    setOpen(false);
    if (n.link) navigate(n.link);
  }

  const content = (
    <div className="notification-panel" data-testid="notifications-panel">
      <div className="notification-panel-head">
        <Typography.Text strong>我的提醒</Typography.Text>
        <Button type="link" size="small" disabled={!unread} loading={readAll.isPending} onClick={() => readAll.mutate()} data-testid="notifications-read-all">
          全部已读
        </Button>
      </div>
      {list.isPending ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : list.data?.items.length ? (
        <List<Notification>
          className="notification-list"
          dataSource={list.data.items}
          renderItem={(n) => (
            <List.Item
              className={n.readAt ? 'notification-item' : 'notification-item notification-unread'}
              onClick={() => openItem(n)}
              data-testid="notification-item"
            >
              <div style={{ width: '100%' }}>
                <Space size={6} align="start">
                  {!n.readAt && <Badge status="processing" />}
                  <span className="notification-title">{n.title}</span>
                </Space>
                <div className="notification-meta">
                  <Tag color={kindColors[n.kind as NotificationKind]} style={{ marginInlineEnd: 6 }}>
                    {notificationKindLabels[n.kind as NotificationKind] ?? '提醒'}
                  </Tag>
                  {formatDateTime(n.createdAt)}
                </div>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isError ? '提醒加载失败，请稍后重试' : '暂无提醒'} />
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} arrow={false}>
      <Button type="text" aria-label={unread ? `提醒（${unread} 条未读）` : '提醒'} data-testid="notifications-bell" className="notification-bell">
        <Badge count={unread} size="small" overflowCount={99} data-testid="notifications-unread">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
