// The outbox in the header (issue 17): "3 项待同步" while writes wait, and a drawer listing each with
// its state; a conflict shows the person's version beside the server's (an inspection's marks, or a
// hazard's rectification beside the steps signed meanwhile), with the two choices.
import { CloudSyncOutlined, WifiOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Descriptions, Drawer, Empty, Popconfirm, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { hazardActionLabels, hazardStatusLabels, itemResultLabels, type HazardAction, type ItemResult } from '../../contracts/enums.js';
import { useMe } from '../auth.js';
import { formatDateTime } from '../format.js';
import { discard, drain, listOutbox, retryOnTheirs, subscribe } from './outbox.js';
import { mayResendMine } from './outbox-rules.js';
import type { MarksEntry, OutboxEntry, RectifyEntry, SubmitEntry, TheirStep } from './store.js';

const stateTags: Record<OutboxEntry['state'], { color: string; label: string }> = {
  pending: { color: 'blue', label: '待同步' },
  conflict: { color: 'red', label: '冲突' },
  failed: { color: 'orange', label: '未通过' },
};

type Result = { itemKey: string; result: ItemResult | null; note?: string | null; fileIds?: number[] };
const describe = (r: Result | undefined) =>
  r?.result ? `${itemResultLabels[r.result]}${r.note?.trim() ? `：${r.note.trim()}` : ''}${r.fileIds?.length ? `（照片 ${r.fileIds.length} 张）` : ''}` : '未检查';

function InspectionConflict({ entry }: { entry: MarksEntry | SubmitEntry }) {
  const theirs = entry.theirs!;
  const mine: Result[] = entry.kind === 'marks' ? entry.results : [];
  const byKey = new Map(theirs.results.map((r) => [r.itemKey, r]));
  return (
    <div data-testid="outbox-conflict">
      <Alert
        type="warning"
        showIcon
        message={theirs.status === 'submitted' ? '这份检查表已由其他人提交签字，您的修改无法再写入。' : '您离线期间，其他人修改了这份检查表。请对照后选择。'}
      />
      {mine.length > 0 && (
        <Descriptions size="small" column={1} bordered style={{ marginTop: 8 }}>
          {mine.map((r) => (
            <Descriptions.Item key={r.itemKey} label={entry.itemLabels[r.itemKey] ?? r.itemKey}>
              <div>我的：{describe(r)}</div>
              <div>服务器上：{describe(byKey.get(r.itemKey))}</div>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </div>
  );
}

const stepLabel = (action: TheirStep['action']) => (action in hazardActionLabels ? hazardActionLabels[action as HazardAction] : action === 'report' ? '上报' : '处理');

/** A rectification in conflict: the person's feedback beside the hazard as it is now, with the steps signed meanwhile. */
function RectifyConflict({ entry }: { entry: RectifyEntry }) {
  const theirs = entry.theirs!;
  return (
    <div data-testid="outbox-conflict">
      <Alert
        type="warning"
        showIcon
        message={
          mayResendMine(entry)
            ? '您离线期间，其他人处理了这条隐患。请对照后选择。'
            : `这条隐患已不在整改中（现为“${hazardStatusLabels[theirs.status]}”），您的整改反馈无法再提交。`
        }
      />
      <Descriptions size="small" column={1} bordered style={{ marginTop: 8 }}>
        <Descriptions.Item label="我的">
          整改情况：{entry.evidence}（照片 {entry.fileIds.length} 张）{entry.comment ? `；备注：${entry.comment}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="服务器上">
          <div>状态：{hazardStatusLabels[theirs.status]}</div>
          {theirs.steps.map((s, i) => (
            <div key={i}>
              {stepLabel(s.action)} · {s.actorName}（{s.actorUnitName}）{formatDateTime(s.at)}
              {s.text ? `：${s.text}` : ''}
            </div>
          ))}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

function Conflict({ entry }: { entry: OutboxEntry }) {
  return entry.kind === 'rectify' ? <RectifyConflict entry={entry} /> : <InspectionConflict entry={entry} />;
}

const whatOf = (e: OutboxEntry) =>
  e.kind === 'rectify' ? `整改反馈（照片 ${e.fileIds.length} 张）` : e.kind === 'submit' ? '提交并签字' : `检查结果 ${e.results.length} 项`;

/** How often waiting work is tried again while online. */
const RETRY_MS = 3000;

export function OutboxButton() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [open, setOpen] = useState(false);
  const [online, setOnline] = useState(navigator.onLine);

  const refresh = useCallback(() => {
    void listOutbox(me.user.id).then(setEntries, () => setEntries([]));
  }, [me.user.id]);

  const sync = useCallback(async () => {
    await drain(me.user.id);
    // What was sent changed forms and registered hazards: lists read again.
    void queryClient.invalidateQueries({ queryKey: ['inspections'] });
    void queryClient.invalidateQueries({ queryKey: ['hazards'] });
  }, [me.user.id, queryClient]);

  useEffect(() => {
    refresh();
    const off = subscribe(refresh);
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    if (navigator.onLine) void sync();
    return () => {
      off();
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [refresh, sync]);

  const waiting = entries.length;
  const pending = entries.some((e) => e.state === 'pending');
  // The 'online' event can come before requests get through (and a try then ends quietly, the work
  // kept): while work waits and the browser says it is online, try again every few seconds.
  useEffect(() => {
    if (!pending || !online) return;
    const timer = window.setInterval(() => {
      if (navigator.onLine) void sync();
    }, RETRY_MS);
    return () => window.clearInterval(timer);
  }, [pending, online, sync]);

  if (!waiting && online) return null;
  return (
    <>
      <Button type="text" onClick={() => setOpen(true)} data-testid="outbox-button" icon={online ? <CloudSyncOutlined /> : <WifiOutlined style={{ color: '#fa541c' }} />}>
        <Badge status={entries.some((e) => e.state !== 'pending') ? 'error' : online ? 'processing' : 'warning'} />
        {waiting ? `${waiting} 项待同步` : '离线'}
      </Button>
      <Drawer title="待同步" open={open} onClose={() => setOpen(false)} size={420} data-testid="outbox-drawer">
        <Space direction="vertical" style={{ width: '100%' }}>
          {online ? (
            <Button type="primary" block icon={<CloudSyncOutlined />} onClick={() => void sync()} disabled={!waiting} data-testid="outbox-sync">
              立即同步
            </Button>
          ) : (
            <Alert type="info" showIcon message="当前没有网络。离线填写的内容和照片已保存在手机上，网络恢复后自动按顺序同步。" />
          )}
          {!waiting && <Empty description="没有待同步的内容" />}
          {entries.map((e) => (
            <Card key={e.id} size="small" data-testid="outbox-entry">
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text strong>{e.title}</Typography.Text>
                <Tag color={stateTags[e.state].color}>{stateTags[e.state].label}</Tag>
              </Space>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {whatOf(e)} · {formatDateTime(e.createdAt)}
              </Typography.Text>
              {e.error && e.state === 'failed' && <Alert type="error" showIcon message={e.error} style={{ marginTop: 8 }} />}
              {e.state === 'conflict' && e.theirs && <Conflict entry={e} />}
              {e.state !== 'pending' && (
                <Space style={{ marginTop: 8 }} wrap>
                  {mayResendMine(e) && (
                    <Button type="primary" onClick={() => void retryOnTheirs(me.user.id, e.id!)} data-testid="outbox-mine">
                      用我的版本重新提交
                    </Button>
                  )}
                  <Popconfirm title="放弃后，这项离线填写的内容将从手机上删除" okText="放弃" cancelText="取消" onConfirm={() => void discard(e.id!)}>
                    <Button danger data-testid="outbox-discard">
                      放弃我的
                    </Button>
                  </Popconfirm>
                </Space>
              )}
            </Card>
          ))}
        </Space>
      </Drawer>
    </>
  );
}
