// 物联网监测 (安全生产物联网监控, issue 17; 004 (四)3): the school registers its smoke and temperature
// sensors, one-key alarms, cameras and perimeter alarms (the key shown once), sees each one's state
// and events, and clears its alerts with a note before they become hazards; a town and the bureau
// see their schools' devices and alerts (the server decides the scope). A reminder's link
// (/iot?alert=N) opens the alert. On a phone both lists are cards.
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Grid, List, Pagination, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import {
  iotAlertCauseLabels,
  iotAlertStateLabels,
  iotAlertStates,
  iotDeviceKindLabels,
  iotDeviceKinds,
  iotDeviceStateLabels,
  iotDeviceStates,
  type IotAlertView,
  type IotDeviceView,
} from '../../contracts/iot.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { formatDateTime } from '../format.js';
import { PlaceFilters } from '../ledger/ledgerParts.js';
import { DeviceActions } from './DeviceActions.js';
import { DeviceDetailDrawer } from './DeviceDetailDrawer.js';
import { DeviceDrawer } from './DeviceDrawer.js';
import { DeviceKeyModal } from './DeviceKeyModal.js';
import { IOT_KEY, iotApi, type DeviceWithKey, type IotAlertQuery, type IotDeviceQuery } from './iotApi.js';
import { AlertDrawer, AlertDue, AlertStateTag, ClearAlertModal, DeviceStateTag } from './iotParts.js';
import './iot.css';

const SUBTITLE = '烟感、温度、一键报警、摄像头、周界报警接入平台：报警须在时限内处置解除，逾期自动转为隐患（来源：物联网监测）；一键报警测试和录像保存天数可作为技防登记的佐证（004 第（四）3条，002 第9项）';

/** A list as a table on a desk and as cards on a phone, paged in the address. */
function ListFrame<T extends { id: number }>({
  testId,
  list,
  columns,
  card,
  empty,
  unit,
}: {
  testId: string;
  list: UseQueryResult<{ items: T[]; total: number }>;
  columns: TableColumnsType<T>;
  card: (r: T) => ReactNode;
  empty: string;
  unit: string;
}) {
  const s = useSearchState();
  const phone = Grid.useBreakpoint().md === false;
  const emptyNode = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isError ? '加载失败，请稍后重试' : empty} />;
  if (phone)
    return (
      <div data-testid={`${testId}-table`}>
        <List<T> dataSource={list.data?.items} loading={list.isFetching} locale={{ emptyText: emptyNode }} renderItem={card} />
        <Pagination style={{ marginTop: 12, textAlign: 'center' }} simple current={s.page} pageSize={s.pageSize} total={list.data?.total ?? 0} onChange={(p, size) => s.setPage(p, size)} />
      </div>
    );
  return (
    <div data-testid={`${testId}-table`}>
      <Table<T>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': `${testId}-row`, 'data-id': r.id }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: emptyNode }}
        pagination={s.pagination(list.data?.total, unit)}
      />
    </div>
  );
}

export default function IotPage() {
  const me = useMe();
  const can = useCan();
  const s = useSearchState();
  const isSchool = me.unit.kind === 'school';
  // Only the device's own school registers and clears (iot.service.ts canManage).
  const canRegister = isSchool && can('iot.manage');
  const tab = s.get('tab') === 'alerts' ? 'alerts' : 'devices';
  const [editing, setEditing] = useState<IotDeviceView | null>(null);
  const [creating, setCreating] = useState(false);
  const [key, setKey] = useState<{ value: DeviceWithKey; rotated: boolean } | null>(null);
  const [clearing, setClearing] = useState<IotAlertView | null>(null);
  const deviceId = positiveInt(s.get('device')) ?? null;
  const alertId = positiveInt(s.get('alert')) ?? null;

  const place = { schoolId: positiveInt(s.get('schoolId')), townId: positiveInt(s.get('townId')) };
  const deviceQuery: IotDeviceQuery = { ...place, kind: pick(s.get('kind'), iotDeviceKinds), state: pick(s.get('state'), iotDeviceStates), page: s.page, pageSize: s.pageSize };
  const alertQuery: IotAlertQuery = { ...place, state: pick(s.get('alertState'), iotAlertStates), page: s.page, pageSize: s.pageSize };
  const devices = useQuery({ queryKey: [...IOT_KEY, 'devices', deviceQuery], queryFn: () => iotApi.devices(deviceQuery), placeholderData: keepPreviousData, enabled: tab === 'devices' });
  const alerts = useQuery({ queryKey: [...IOT_KEY, 'alerts', alertQuery], queryFn: () => iotApi.alerts(alertQuery), placeholderData: keepPreviousData, enabled: tab === 'alerts' });
  const openAlerts = useQuery({ queryKey: [...IOT_KEY, 'alerts', 'open-count', place], queryFn: () => iotApi.alerts({ ...place, state: 'open', pageSize: 1 }) }).data?.total;
  const offlineHours = useQuery({ queryKey: [...IOT_KEY, 'devices', { pageSize: 1 }], queryFn: () => iotApi.devices({ pageSize: 1 }), enabled: deviceId !== null && !devices.data }).data?.offlineHours ?? devices.data?.offlineHours;

  const filterKeys = tab === 'devices' ? (['schoolId', 'townId', 'kind', 'state'] as const) : (['schoolId', 'townId', 'alertState'] as const);
  const filtered = filterKeys.some((k) => s.get(k) !== undefined);
  const openDevice = (d: IotDeviceView) => s.set({ device: d.id }, { keepPage: true });
  const openAlert = (a: IotAlertView) => s.set({ alert: a.id }, { keepPage: true });
  const showKey = (value: DeviceWithKey, rotated: boolean) => setKey({ value, rotated });

  const schoolCol = <T extends { schoolName: string }>(): TableColumnsType<T> => (isSchool ? [] : [{ title: '学校', dataIndex: 'schoolName', width: 180, ellipsis: true }]);
  const deviceColumns: TableColumnsType<IotDeviceView> = [
    ...schoolCol<IotDeviceView>(),
    {
      title: '设备',
      dataIndex: 'name',
      width: 200,
      render: (v: string, d) => (
        <Typography.Link onClick={() => openDevice(d)} data-testid="iot-device-open">
          {v}
          <div className="iot-sub">{iotDeviceKindLabels[d.kind]}</div>
        </Typography.Link>
      ),
    },
    { title: '安装位置', dataIndex: 'place', width: 160, ellipsis: true },
    { title: '状态', dataIndex: 'state', width: 90, render: (_, d) => <DeviceStateTag state={d.state} /> },
    { title: '最近上报', dataIndex: 'lastEventAt', width: 170, render: (v: string | null) => formatDateTime(v) },
    {
      title: '待处置报警',
      dataIndex: 'openAlerts',
      width: 100,
      align: 'right',
      render: (n: number) => (n ? <Typography.Text type="danger">{n} 条</Typography.Text> : '—'),
    },
    ...(canRegister
      ? [{ title: '操作', key: 'actions', width: 200, fixed: 'right' as const, render: (_: unknown, d: IotDeviceView) => <DeviceActions device={d} onEdit={setEditing} onKey={(k) => showKey(k, true)} /> }]
      : []),
  ];
  const deviceCard = (d: IotDeviceView) => (
    <List.Item className="iot-card" data-testid="iot-device-row" data-id={d.id} onClick={() => openDevice(d)}>
      <div style={{ width: '100%' }}>
        <div className="iot-card-head">
          <Space size={4} wrap>
            <DeviceStateTag state={d.state} />
            <Typography.Text strong>{d.name}</Typography.Text>
          </Space>
          <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
        </div>
        <div className="iot-sub">
          {iotDeviceKindLabels[d.kind]} · {d.place}
          {isSchool ? '' : ` · ${d.schoolName}`}
        </div>
        <div className="iot-sub">
          最近上报 {formatDateTime(d.lastEventAt)}
          {d.openAlerts > 0 && <Typography.Text type="danger">，待处置报警 {d.openAlerts} 条</Typography.Text>}
        </div>
      </div>
    </List.Item>
  );

  const alertColumns: TableColumnsType<IotAlertView> = [
    {
      title: '报警',
      key: 'cause',
      width: 190,
      render: (_, a) => (
        <Space size={4} wrap>
          <AlertStateTag alert={a} />
          <Typography.Link onClick={() => openAlert(a)} data-testid="iot-alert-open">
            {iotAlertCauseLabels[a.cause]}
          </Typography.Link>
        </Space>
      ),
    },
    ...schoolCol<IotAlertView>(),
    {
      title: '设备',
      key: 'device',
      width: 200,
      render: (_, a) => (
        <span>
          {a.deviceName}
          <div className="iot-sub">
            {iotDeviceKindLabels[a.deviceKind]} · {a.place}
          </div>
        </span>
      ),
    },
    { title: '首次报警', dataIndex: 'openedAt', width: 170, render: (v: string, a) => <span>{formatDateTime(v)}<div className="iot-sub">共 {a.eventCount} 次</div></span> },
    { title: '处置', key: 'due', width: 240, render: (_, a) => <AlertDue alert={a} /> },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, a) =>
        a.canClear ? (
          <Button size="small" type="link" onClick={() => setClearing(a)} data-testid="iot-alert-clear-row">
            解除
          </Button>
        ) : (
          <Button size="small" type="link" onClick={() => openAlert(a)}>
            查看
          </Button>
        ),
    },
  ];
  const alertCard = (a: IotAlertView) => (
    <List.Item className="iot-card" data-testid="iot-alert-row" data-id={a.id} onClick={() => openAlert(a)}>
      <div style={{ width: '100%' }}>
        <div className="iot-card-head">
          <Space size={4} wrap>
            <AlertStateTag alert={a} />
            <Typography.Text strong>{iotAlertCauseLabels[a.cause]}</Typography.Text>
          </Space>
          <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
        </div>
        <div className="iot-sub">
          {a.deviceName}（{a.place}）{isSchool ? '' : ` · ${a.schoolName}`}
        </div>
        <div className="iot-sub">
          {formatDateTime(a.openedAt)} 起 {a.eventCount} 次
        </div>
        <AlertDue alert={a} />
        {a.canClear && (
          <div style={{ marginTop: 8 }}>
            <Button type="primary" onClick={(e) => (e.stopPropagation(), setClearing(a))}>
              解除报警
            </Button>
          </div>
        )}
      </div>
    </List.Item>
  );

  return (
    <>
      <PageHeader
        title="物联网监测"
        subTitle={SUBTITLE}
        extra={
          canRegister && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="iot-device-create">
              登记设备
            </Button>
          )
        }
      />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => s.set({ tab: k === 'alerts' ? 'alerts' : undefined, alert: undefined, device: undefined })}
          items={[
            { key: 'devices', label: '设备' },
            {
              key: 'alerts',
              label: (
                <Space size={6}>
                  报警
                  {!!openAlerts && <Badge count={openAlerts} title={`待处置 ${openAlerts} 条`} data-testid="iot-open-alerts" />}
                </Space>
              ),
            },
          ]}
        />
        <div className="filter-bar">
          <PlaceFilters townId={place.townId} schoolId={place.schoolId} testId="iot-filter-school" />
          {tab === 'devices' ? (
            <>
              <EnumFilter placeholder="设备类型" labels={iotDeviceKindLabels} value={deviceQuery.kind} onChange={(v) => s.set({ kind: v })} />
              <EnumFilter placeholder="状态" labels={iotDeviceStateLabels} value={deviceQuery.state} onChange={(v) => s.set({ state: v })} minWidth={110} />
            </>
          ) : (
            <EnumFilter placeholder="处置状态" labels={iotAlertStateLabels} value={alertQuery.state} onChange={(v) => s.set({ alertState: v })} minWidth={120} />
          )}
          <ResetButton shown={filtered} onClick={() => s.set(Object.fromEntries(filterKeys.map((k) => [k, undefined])))} />
        </div>
        {tab === 'devices' ? (
          <ListFrame<IotDeviceView>
            testId="iot-device"
            list={devices}
            columns={deviceColumns}
            card={deviceCard}
            unit="台"
            empty={filtered ? '没有符合条件的设备，请调整筛选条件' : canRegister ? '暂无设备。点击“登记设备”登记烟感、温度传感器、一键报警、摄像头或周界报警，再把设备编号和密钥配置到设备或厂商网关' : '范围内学校尚未登记物联网设备'}
          />
        ) : (
          <ListFrame<IotAlertView>
            testId="iot-alert"
            list={alerts}
            columns={alertColumns}
            card={alertCard}
            unit="条"
            empty={filtered ? '没有符合条件的报警，请调整筛选条件' : '暂无报警'}
          />
        )}
      </Card>
      <DeviceDrawer open={creating || !!editing} device={editing} onClose={() => (setCreating(false), setEditing(null))} onCreated={(k) => showKey(k, false)} />
      <DeviceKeyModal value={key?.value ?? null} rotated={key?.rotated ?? false} onClose={() => setKey(null)} />
      <DeviceDetailDrawer
        deviceId={deviceId}
        offlineHours={offlineHours}
        onClose={() => s.set({ device: undefined }, { keepPage: true })}
        onEdit={setEditing}
        onKey={(k) => showKey(k, true)}
        onAlert={openAlert}
      />
      <AlertDrawer alertId={alertId} onClose={() => s.set({ alert: undefined }, { keepPage: true })} onClear={setClearing} />
      <ClearAlertModal alert={clearing} onClose={() => setClearing(null)} />
    </>
  );
}
