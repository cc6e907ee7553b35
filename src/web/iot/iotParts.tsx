// Pieces of the IoT page (issue 17): the state tags, an event in words, the events table, clearing
// an alert with a required note, and an alert's drawer (the page a reminder's link opens).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Descriptions, Drawer, Empty, Form, Grid, Input, Modal, Radio, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import {
  iotAlertCauseLabels,
  iotAlertOutcomeLabels,
  iotAlertStateLabels,
  iotClearOutcomeLabels,
  iotClearOutcomes,
  iotDeviceKindLabels,
  iotDeviceStateLabels,
  iotEventKindLabels,
  type IotAlertView,
  type IotClearOutcome,
  type IotDeviceState,
  type IotEventView,
} from '../../contracts/iot.js';
import { CLEAR_WITHIN_MINUTES } from '../../domain/iot.js';
import { ApiError } from '../api.js';
import { showError } from '../feedback.js';
import { beijing, formatDateTime } from '../format.js';
import { IOT_KEY, iotApi } from './iotApi.js';

// UX.md colours: red for what is wrong now, orange for what waits on someone, green for done, grey for not applicable.
const deviceStateColors: Record<IotDeviceState, string> = { online: 'green', offline: 'red', alerting: 'red', never: 'default', retired: 'default' };

export function DeviceStateTag({ state }: { state: IotDeviceState }) {
  return (
    <Tag color={deviceStateColors[state]} data-testid="iot-device-state" data-state={state}>
      {iotDeviceStateLabels[state]}
    </Tag>
  );
}

/** Open past its due time: the escalation job is about to make it a hazard, so it shows red. */
export const alertOverdue = (a: IotAlertView) => a.state === 'open' && !a.canClear && new Date(a.dueAt).getTime() <= Date.now();

export function AlertStateTag({ alert: a }: { alert: IotAlertView }) {
  const color = a.state === 'cleared' ? 'green' : a.state === 'escalated' || alertOverdue(a) ? 'red' : 'orange';
  return (
    <Tag color={color} data-testid="iot-alert-state" data-state={a.state}>
      {alertOverdue(a) ? '已超时' : iotAlertStateLabels[a.state]}
    </Tag>
  );
}

/** What waits on the school, or how it ended. */
export function AlertDue({ alert: a }: { alert: IotAlertView }) {
  if (a.state === 'escalated')
    return a.hazardId ? (
      <Link to={`/hazards/${a.hazardId}`}>已转隐患 {a.hazardCode}</Link>
    ) : (
      <Typography.Text type="danger">已转隐患</Typography.Text>
    );
  if (a.state === 'cleared')
    return (
      <Typography.Text type="secondary">
        {a.outcome ? iotAlertOutcomeLabels[a.outcome] : '已解除'} · {a.clearedByName} · {beijing(a.clearedAt!).format('MM-DD HH:mm')}
      </Typography.Text>
    );
  if (alertOverdue(a)) return <Typography.Text type="danger">已超过解除时限，将转为隐患</Typography.Text>;
  return <Typography.Text type="warning">须在 {beijing(a.dueAt).format('MM-DD HH:mm')} 前处置解除</Typography.Text>;
}

/** An event as a person reads it: the reading, the test result, the days of video kept. */
export function eventText(e: IotEventView) {
  const parts: string[] = [iotEventKindLabels[e.kind]];
  if (e.value !== null) parts.push(`${e.value} ℃`);
  if (e.ok !== null) parts.push(e.ok ? '通过' : '未通过');
  if (e.retentionDays !== null) parts.push(`录像保存 ${e.retentionDays} 天`);
  return parts.join(' · ');
}

export function EventsTable({ events, testId, empty }: { events: IotEventView[]; testId: string; empty: string }) {
  const columns: TableColumnsType<IotEventView> = [
    { title: '发生时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    { title: '事件', key: 'what', render: (_, e) => <span className={e.alertId ? 'iot-event-alarm' : undefined}>{eventText(e)}</span> },
    { title: '事件编号', dataIndex: 'eventId', width: 150, ellipsis: true },
  ];
  return (
    <Table<IotEventView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={events}
      pagination={events.length > 10 ? { pageSize: 10, size: 'small', showTotal: (n) => `共 ${n} 条` } : false}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
    />
  );
}

/** 解除报警: handled or a false alarm, with what was done (required, 500 字). */
export function ClearAlertModal({ alert, onClose }: { alert: IotAlertView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ outcome: IotClearOutcome; note: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (v: { outcome: IotClearOutcome; note: string }) => iotApi.clear(alert!.id, { version: alert!.version, outcome: v.outcome, note: v.note.trim() }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: IOT_KEY });
      message.success('报警已解除');
      onClose();
    },
    onError: (err) => {
      void queryClient.invalidateQueries({ queryKey: IOT_KEY });
      if (err instanceof ApiError && err.status === 409) {
        // Stale, already cleared, or turned into a hazard meanwhile: the reloaded list shows which.
        message.warning({ content: `${err.message}。列表已重新加载，请核对`, duration: 6 });
        onClose();
      } else showError(err);
    },
  });
  return (
    <Modal
      open={!!alert}
      title="解除报警"
      onCancel={onClose}
      okText="解除"
      okButtonProps={{ loading: run.isPending, ...({ 'data-testid': 'iot-clear-submit' } as object) }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {alert && (
        <Typography.Paragraph type="secondary">
          {alert.schoolName} · {iotDeviceKindLabels[alert.deviceKind]}“{alert.deviceName}”（{alert.place}）{iotAlertCauseLabels[alert.cause]}，{formatDateTime(alert.openedAt)} 起共 {alert.eventCount} 次。
          须在 {beijing(alert.dueAt).format('HH:mm')} 前解除（{CLEAR_WITHIN_MINUTES[alert.cause]} 分钟内），否则转为隐患台账中的隐患。
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ outcome: 'handled' }} onFinish={(v) => run.mutate(v)}>
        <Form.Item name="outcome" label="处置结果" rules={[{ required: true, message: '请选择处置结果' }]}>
          <Radio.Group optionType="button" options={iotClearOutcomes.map((o) => ({ value: o, label: iotClearOutcomeLabels[o] }))} />
        </Form.Item>
        <Form.Item name="note" label="处置说明" rules={[{ required: true, whitespace: true, message: '请填写处置说明' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：到场查看为厨房油烟，已通风并复位探测器" data-testid="iot-clear-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One alert with the events that raised it; 解除 while it may still be cleared. */
export function AlertDrawer({ alertId, onClose, onClear }: { alertId: number | null; onClose: () => void; onClear: (a: IotAlertView) => void }) {
  const screens = Grid.useBreakpoint();
  const detail = useQuery({ queryKey: [...IOT_KEY, 'alert', alertId], queryFn: () => iotApi.alert(alertId!), enabled: alertId !== null, meta: { silent: true } });
  const a = detail.data?.alert;
  return (
    <Drawer open={alertId !== null} onClose={onClose} title="报警详情" size={screens.md ? 640 : '100%'} data-testid="iot-alert-drawer">
      {detail.isError ? (
        <Alert
          type="error"
          showIcon
          title={detail.error instanceof ApiError && detail.error.status === 404 ? '该报警不存在，或不在您的查看范围内' : '加载失败，请稍后重试'}
        />
      ) : (
        a && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="报警">
                <Space wrap>
                  <AlertStateTag alert={a} />
                  <Typography.Text strong>{iotAlertCauseLabels[a.cause]}</Typography.Text>
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label="设备">
                {iotDeviceKindLabels[a.deviceKind]}“{a.deviceName}”（{a.place}）
              </Descriptions.Item>
              <Descriptions.Item label="学校">{a.schoolName}</Descriptions.Item>
              <Descriptions.Item label="首次 / 最近">
                {formatDateTime(a.openedAt)} / {formatDateTime(a.lastEventAt)}（共 {a.eventCount} 次）
              </Descriptions.Item>
              <Descriptions.Item label="处置">
                <AlertDue alert={a} />
              </Descriptions.Item>
              {a.note && <Descriptions.Item label="处置说明">{a.note}</Descriptions.Item>}
            </Descriptions>
            {a.canClear && (
              <Button type="primary" size="large" block onClick={() => onClear(a)} data-testid="iot-alert-clear">
                解除报警
              </Button>
            )}
            <Typography.Title level={5} style={{ margin: 0 }}>
              触发事件（最近 100 条）
            </Typography.Title>
            <EventsTable events={detail.data!.events} testId="iot-alert-events" empty={a.cause === 'offline' ? '设备离线报警由平台判定，没有触发事件' : '没有事件记录'} />
          </Space>
        )
      )}
    </Drawer>
  );
}
