// A device's page (issue 17): what it last reported, its alerts (open ones cleared here), and its
// hundred most recent events.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Empty, Grid, List, Space, Typography } from 'antd';
import { iotAlertCauseLabels, iotDeviceKindLabels, type IotAlertView, type IotDeviceView } from '../../contracts/iot.js';
import { MIN_RETENTION_DAYS } from '../../domain/iot.js';
import { ApiError } from '../api.js';
import { formatDateTime } from '../format.js';
import { DeviceActions } from './DeviceActions.js';
import { IOT_KEY, iotApi, type DeviceWithKey } from './iotApi.js';
import { AlertDue, AlertStateTag, DeviceStateTag, EventsTable } from './iotParts.js';

function Facts({ d, offlineHours }: { d: IotDeviceView; offlineHours: number | undefined }) {
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
      <Descriptions.Item label="类型">{iotDeviceKindLabels[d.kind]}</Descriptions.Item>
      <Descriptions.Item label="状态">
        <DeviceStateTag state={d.state} />
        {d.state === 'offline' && offlineHours !== undefined && <Typography.Text type="danger">超过 {offlineHours} 小时无心跳</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label="学校">{d.schoolName}</Descriptions.Item>
      <Descriptions.Item label="安装位置">{d.place}</Descriptions.Item>
      <Descriptions.Item label="设备编号">
        <Typography.Text code copyable>
          {d.uid}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="密钥更换">{formatDateTime(d.keyRotatedAt)}</Descriptions.Item>
      <Descriptions.Item label="最近上报">{formatDateTime(d.lastEventAt)}</Descriptions.Item>
      <Descriptions.Item label="最近心跳">{formatDateTime(d.lastHeartbeatAt)}</Descriptions.Item>
      {d.kind === 'temperature' && (
        <Descriptions.Item label="温度">
          {d.lastTemperatureC === null ? '尚无读数' : `${d.lastTemperatureC} ℃`}（上限 {d.tempLimitC} ℃）
        </Descriptions.Item>
      )}
      {(d.kind === 'alarm_button' || d.kind === 'smoke' || d.kind === 'perimeter') && (
        <Descriptions.Item label="最近测试">
          {d.lastTestAt ? (
            <>
              {formatDateTime(d.lastTestAt)}{' '}
              {d.lastTestOk ? <Typography.Text type="success">通过</Typography.Text> : <Typography.Text type="danger">未通过</Typography.Text>}
            </>
          ) : (
            '尚无测试'
          )}
        </Descriptions.Item>
      )}
      {d.kind === 'camera' && (
        <Descriptions.Item label="录像保存">
          {d.retentionDays === null ? (
            '设备未报告'
          ) : (
            <Typography.Text type={d.retentionDays < MIN_RETENTION_DAYS ? 'danger' : undefined}>
              {d.retentionDays} 天（要求不少于 {MIN_RETENTION_DAYS} 天）
            </Typography.Text>
          )}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

export function DeviceDetailDrawer({
  deviceId,
  offlineHours,
  onClose,
  onEdit,
  onKey,
  onAlert,
}: {
  deviceId: number | null;
  /** The server's IOT_OFFLINE_HOURS, as the list answers it. */
  offlineHours: number | undefined;
  onClose: () => void;
  onEdit: (d: IotDeviceView) => void;
  onKey: (k: DeviceWithKey) => void;
  onAlert: (a: IotAlertView) => void;
}) {
  const screens = Grid.useBreakpoint();
  const detail = useQuery({ queryKey: [...IOT_KEY, 'device', deviceId], queryFn: () => iotApi.device(deviceId!), enabled: deviceId !== null, meta: { silent: true } });
  const data = detail.data;
  return (
    <Drawer
      open={deviceId !== null}
      onClose={onClose}
      title={data ? `${data.device.name}` : '设备详情'}
      size={screens.md ? 760 : '100%'}
      extra={data && <DeviceActions device={data.device} onEdit={onEdit} onKey={onKey} size="middle" />}
      data-testid="iot-device-drawer"
    >
      {detail.isError ? (
        <Alert type="error" showIcon title={detail.error instanceof ApiError && detail.error.status === 404 ? '该设备不存在，或不在您的查看范围内' : '加载失败，请稍后重试'} />
      ) : (
        data && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Facts d={data.device} offlineHours={offlineHours} />
            <Typography.Title level={5} style={{ margin: 0 }}>
              报警（{data.alerts.length} 条）
            </Typography.Title>
            <List<IotAlertView>
              size="small"
              bordered
              dataSource={data.alerts}
              data-testid="iot-device-alerts"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有报警" /> }}
              renderItem={(a) => (
                <List.Item
                  data-testid="iot-device-alert"
                  actions={[
                    <Button key="open" type="link" size="small" onClick={() => onAlert(a)}>
                      {a.canClear ? '处置' : '查看'}
                    </Button>,
                  ]}
                >
                  <Space orientation="vertical" size={0}>
                    <Space wrap size={4}>
                      <AlertStateTag alert={a} />
                      <Typography.Text strong>{iotAlertCauseLabels[a.cause]}</Typography.Text>
                      <Typography.Text type="secondary">
                        {formatDateTime(a.openedAt)} 起 {a.eventCount} 次
                      </Typography.Text>
                    </Space>
                    <AlertDue alert={a} />
                  </Space>
                </List.Item>
              )}
            />
            <Typography.Title level={5} style={{ margin: 0 }}>
              最近事件（最多 100 条）
            </Typography.Title>
            <EventsTable events={data.events} testId="iot-device-events" empty="设备尚未上报事件。请按设备编号和密钥配置设备或厂商网关" />
          </Space>
        )
      )}
    </Drawer>
  );
}
