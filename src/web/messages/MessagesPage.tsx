import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Empty, Form, Grid, Input, Select, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { notificationKindLabels, notificationKinds } from '../../contracts/enums.js';
import {
  channelKindLabels,
  channelKinds,
  channelStatusLabels,
  messageKindLabels,
  type Attempt,
  type Channel,
  type ChannelKind,
  type ChannelStatus,
  type TestResult,
} from '../../contracts/messages.js';
import { http, type Page } from '../api.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, useSearchState } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { applyServerErrors } from '../forms.js';
import { DASH, formatDateTime } from '../format.js';
import { UnitTreeSelect } from '../units/tree.js';

// Messages out (issue 17): the channels that carry reminders to WeCom, DingTalk, Feishu, a webhook
// or SMS, with a test send, and the log of every send. Secrets are written here, never shown back.

const CHANNELS_KEY = ['message-channels'];
const ATTEMPTS_KEY = ['message-attempts'];
const statusColor: Record<ChannelStatus, string> = { active: 'success', failing: 'error', disabled: 'default' };
const okLabels = { true: '成功', false: '失败' } as const;

/** Where each kind's address comes from, said under the field. */
const urlHelp: Record<ChannelKind, string> = {
  wecom: '群聊 → 添加群机器人 → 复制 Webhook 地址（含 key）',
  dingtalk: '群设置 → 智能群助手 → 添加自定义机器人，安全设置选“加签”，复制 Webhook 地址（含 access_token）',
  feishu: '群设置 → 群机器人 → 添加自定义机器人，复制 Webhook 地址；如开启“签名校验”，填写下方签名密钥',
  webhook: '接收方的地址：每条消息以 JSON POST，请求头 X-Anxiao-Timestamp 与 X-Anxiao-Signature（HMAC-SHA256(密钥, 时间戳.正文) 的十六进制）供接收方校验',
  sms: '短信服务商接口地址：以 JSON POST { to: [手机号], text }，密钥以 Bearer 方式放在 Authorization 请求头',
};

interface Values {
  unitId?: number;
  kind?: ChannelKind;
  name?: string;
  kinds?: string[];
  includeBelow?: boolean;
  url?: string;
  secret?: string;
  key?: string;
}
const FIELDS = ['unitId', 'kind', 'name', 'kinds', 'includeBelow', 'url', 'secret', 'key'] as const;

function ChannelDrawer({ open, channel, onClose }: { open: boolean; channel: Channel | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const kind = Form.useWatch('kind', form) ?? channel?.kind;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (channel) form.setFieldsValue({ name: channel.name, kinds: channel.kinds, includeBelow: channel.includeBelow });
    else form.setFieldsValue({ includeBelow: false, kinds: ['assigned', 'due_soon', 'overdue', 'returned', 'incident_major'] });
  }, [open, channel, form]);
  const save = useMutation({
    mutationFn: (v: Values) => {
      // A secret left empty keeps the one stored.
      const secrets = { url: v.url || undefined, secret: v.secret || undefined, key: v.key || undefined };
      const common = { name: v.name, kinds: v.kinds, includeBelow: v.includeBelow ?? false, ...secrets };
      return channel ? http.patch<Channel>(`/messages/channels/${channel.id}`, { version: channel.version, ...common }) : http.post<Channel>('/messages/channels', { unitId: v.unitId, kind: v.kind, ...common });
    },
    onSuccess: () => {
      message.success(channel ? '已保存' : '已新建渠道，可发送测试消息确认配置');
      void qc.invalidateQueries({ queryKey: CHANNELS_KEY });
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });
  const kept = channel ? '已设置，留空则保持不变' : undefined;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.sm ? 560 : '100%'}
      title={channel ? `编辑渠道 · ${channel.name}` : '新建消息推送渠道'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="channel-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {!channel && (
          <>
            <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]} extra="发给该单位人员的提醒由此渠道推送">
              <UnitTreeSelect placeholder="请选择单位（可输入名称搜索）" selectable={(u) => u.status === 'active'} data-testid="channel-unit" />
            </Form.Item>
            <Form.Item name="kind" label="渠道类型" rules={[{ required: true, message: '请选择渠道类型' }]}>
              <Select placeholder="请选择" options={channelKinds.map((k) => ({ value: k, label: channelKindLabels[k] }))} data-testid="channel-kind" />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label="渠道名称" rules={[{ required: true, whitespace: true, message: '请填写渠道名称' }, { max: 100, message: '最多 100 字' }]}>
          <Input placeholder="如：一中安全工作群" data-testid="channel-name" />
        </Form.Item>
        <Form.Item name="kinds" label="推送的提醒类型" rules={[{ required: true, message: '至少选择一种提醒类型' }]}>
          <Select mode="multiple" placeholder="请选择" options={notificationKinds.map((k) => ({ value: k, label: notificationKindLabels[k] }))} />
        </Form.Item>
        <Form.Item name="includeBelow" label="含下级单位" valuePropName="checked" extra="开启后，发给下级单位人员的提醒也由此渠道推送（如局级渠道覆盖全区）">
          <Switch />
        </Form.Item>
        {kind && (
          <>
            <Form.Item name="url" label="接收地址" rules={channel ? [] : [{ required: true, message: '请填写接收地址' }]} extra={urlHelp[kind]}>
              <Input.Password placeholder={kept ?? 'https://…'} autoComplete="off" visibilityToggle={!channel} data-testid="channel-url" />
            </Form.Item>
            {kind !== 'wecom' && kind !== 'sms' && (
              <Form.Item
                name="secret"
                label="签名密钥"
                rules={channel || kind === 'feishu' ? [] : [{ required: true, message: kind === 'dingtalk' ? '请填写钉钉机器人的加签密钥' : '请填写签名密钥' }]}
                extra={kind === 'feishu' ? '未开启签名校验可不填' : undefined}
              >
                <Input.Password placeholder={kept ?? (kind === 'dingtalk' ? 'SEC 开头的加签密钥' : '')} autoComplete="off" visibilityToggle={!channel} data-testid="channel-secret" />
              </Form.Item>
            )}
            {kind === 'sms' && (
              <Form.Item name="key" label="短信接口密钥" rules={channel ? [] : [{ required: true, message: '请填写短信接口密钥' }]} extra="短信发往收件人在人员账号中登记的手机号">
                <Input.Password placeholder={kept} autoComplete="off" visibilityToggle={!channel} />
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </Drawer>
  );
}

export default function MessagesPage() {
  const s = useSearchState();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const channels = useQuery({ queryKey: CHANNELS_KEY, queryFn: () => http.get<{ items: Channel[] }>('/messages/channels'), refetchInterval: 30_000 });
  const items = channels.data?.items ?? [];
  const channelId = pick(s.get('channel'), items.map((c) => String(c.id)));
  const ok = pick(s.get('ok'), ['true', 'false'] as const);
  const query = { channelId: channelId ? Number(channelId) : undefined, ok, page: s.page, pageSize: s.pageSize };
  const attempts = useQuery({
    queryKey: [...ATTEMPTS_KEY, query],
    queryFn: () => http.get<Page<Attempt>>('/messages/attempts', query),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: CHANNELS_KEY });
    void qc.invalidateQueries({ queryKey: ATTEMPTS_KEY });
  };
  const test = useMutation({
    mutationFn: (c: Channel) => http.post<TestResult>(`/messages/channels/${c.id}/test`),
    onSuccess: (r) => {
      if (r.ok) void message.success(r.channel.status === 'active' ? '测试消息已发出，请在群内或手机上确认收到' : '测试消息已发出');
      else void modal.error({ title: '测试消息发送失败', content: `${r.error ?? '未知原因'}。请核对接收地址和密钥后重试。` });
      refresh();
    },
    onError: showError,
  });
  const toggle = useMutation({
    mutationFn: (c: Channel) => http.patch<Channel>(`/messages/channels/${c.id}`, { version: c.version, enabled: c.status !== 'active' }),
    onSuccess: (c) => {
      void message.success(c.status === 'disabled' ? '已停用' : '已启用，暂停期间积压的消息将继续发送');
      refresh();
    },
    onError: showError,
  });

  const channelColumns: TableColumnsType<Channel> = [
    { title: '渠道名称', dataIndex: 'name' },
    { title: '类型', dataIndex: 'kind', width: 140, render: (k: ChannelKind) => channelKindLabels[k] },
    { title: '所属单位', dataIndex: 'unitName', render: (v: string, c) => (c.includeBelow ? `${v}（含下级）` : v) },
    {
      title: '推送的提醒',
      dataIndex: 'kinds',
      render: (ks: string[]) => (
        <Tooltip title={ks.map((k) => messageKindLabels[k] ?? k).join('、')}>
          <span>{ks.length} 类</span>
        </Tooltip>
      ),
    },
    {
      title: '接收地址与密钥',
      dataIndex: 'urlHint',
      render: (v: string, c) => (
        <Typography.Text type="secondary">
          {v}
          {c.secretSet ? ' · 签名密钥已设置' : ''}
          {c.keySet ? ' · 接口密钥已设置' : ''}
        </Typography.Text>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 160,
      render: (st: ChannelStatus, c) => (
        <Tooltip title={c.lastError ? `最近错误：${c.lastError}` : undefined}>
          <Tag color={statusColor[st]}>{channelStatusLabels[st]}</Tag>
          {c.consecutiveFailures > 0 && st !== 'failing' && <Typography.Text type="warning">连续失败 {c.consecutiveFailures} 次</Typography.Text>}
        </Tooltip>
      ),
    },
    { title: '待发送', dataIndex: 'pending', width: 80, render: (n: number) => `${n} 条` },
    { title: '最近成功', dataIndex: 'lastOkAt', width: 170, render: (v: string | null) => (v ? formatDateTime(v) : DASH) },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_, c) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(c)}>
            编辑
          </Button>
          <Button type="link" size="small" loading={test.isPending && test.variables?.id === c.id} onClick={() => test.mutate(c)} data-testid="channel-test">
            发送测试
          </Button>
          <Button type="link" size="small" danger={c.status === 'active'} onClick={() => toggle.mutate(c)}>
            {c.status === 'active' ? '停用' : '启用'}
          </Button>
        </Space>
      ),
    },
  ];
  const attemptColumns: TableColumnsType<Attempt> = [
    { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    { title: '消息类型', dataIndex: 'kindLabel', width: 140 },
    { title: '渠道', dataIndex: 'channelName' },
    { title: '内容', dataIndex: 'title', ellipsis: true, render: (v: string | null) => v ?? DASH },
    { title: '第几次', dataIndex: 'attempt', width: 80, render: (n: number) => `第 ${n} 次` },
    {
      title: '结果',
      dataIndex: 'ok',
      width: 90,
      render: (v: boolean) => <Tag color={v ? 'success' : 'error'}>{v ? '成功' : '失败'}</Tag>,
    },
    { title: 'HTTP 状态', dataIndex: 'httpStatus', width: 100, render: (v: number | null) => v ?? DASH },
    { title: '错误', dataIndex: 'error', render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : DASH) },
    { title: '耗时', dataIndex: 'durationMs', width: 100, render: (ms: number) => (ms < 1000 ? `${ms} 毫秒` : `${(ms / 1000).toFixed(1)} 秒`) },
  ];
  const channelLabels = Object.fromEntries(items.map((c) => [String(c.id), c.name]));
  const filtered = Boolean(channelId || ok);

  return (
    <>
      <PageHeader
        title="消息推送"
        subTitle="把待办和预警提醒推送到企业微信、钉钉、飞书群、Webhook 或短信；连续失败的渠道会暂停并提醒管理员"
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="channel-new">
            新建渠道
          </Button>
        }
      />
      <Card size="small" title="推送渠道" style={{ marginBottom: 16 }}>
        <Table<Channel>
          rowKey="id"
          size="middle"
          columns={channelColumns}
          dataSource={items}
          loading={channels.isFetching}
          pagination={false}
          scroll={{ x: 1200 }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={channels.isError ? '加载失败，请稍后重试' : '还没有推送渠道：点击右上角“新建渠道”，填写群机器人的 Webhook 地址'} />
            ),
          }}
        />
      </Card>
      <Card size="small" title="发送记录">
        <div className="filter-bar">
          <EnumFilter placeholder="渠道" labels={channelLabels} value={channelId} onChange={(v) => s.set({ channel: v })} minWidth={160} />
          <EnumFilter placeholder="结果" labels={okLabels} value={ok} onChange={(v) => s.set({ ok: v })} minWidth={90} />
          <ResetButton shown={filtered} onClick={() => s.reset()} />
        </div>
        <Table<Attempt>
          data-testid="message-attempts"
          rowKey="id"
          size="middle"
          columns={attemptColumns}
          dataSource={attempts.data?.items}
          loading={attempts.isFetching}
          scroll={{ x: 1200 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={attempts.isError ? '加载失败，请稍后重试' : filtered ? '没有符合条件的发送记录，请调整筛选条件' : '暂无发送记录：发送测试消息或有提醒推送后显示在这里'}
              />
            ),
          }}
          pagination={s.pagination(attempts.data?.total, '条')}
        />
      </Card>
      <ChannelDrawer open={editing !== null} channel={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
    </>
  );
}
