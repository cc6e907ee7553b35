// What the device's school does with a device, from its row or its detail: 修改, 更换密钥 (the new
// key shown once, the old one dead at once), 停用 and 恢复使用, each with the device's version (a
// stale one reloads the list and says so).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space } from 'antd';
import type { IotDeviceView } from '../../contracts/iot.js';
import { ApiError } from '../api.js';
import { showError } from '../feedback.js';
import { IOT_KEY, iotApi, type DeviceWithKey } from './iotApi.js';

export function DeviceActions({ device: d, onEdit, onKey, size = 'small' }: { device: IotDeviceView; onEdit: (d: IotDeviceView) => void; onKey: (k: DeviceWithKey) => void; size?: 'small' | 'middle' }) {
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const failed = (err: unknown) => {
    void queryClient.invalidateQueries({ queryKey: IOT_KEY });
    if (err instanceof ApiError && err.code === 'STALE_VERSION') message.warning({ content: '该设备已被他人修改，列表已重新加载为最新内容，请核对后再操作', duration: 6 });
    else showError(err);
  };
  const done = () => void queryClient.invalidateQueries({ queryKey: IOT_KEY });
  const rotate = useMutation({ mutationFn: () => iotApi.rotateKey(d.id, d.version), onSuccess: (k) => (done(), onKey(k)), onError: failed });
  const setStatus = useMutation({
    mutationFn: (status: IotDeviceView['status']) => iotApi.update(d.id, { version: d.version, name: d.name, place: d.place, tempLimitC: d.tempLimitC, status }),
    onSuccess: (after) => (done(), message.success(after.status === 'retired' ? `已停用“${after.name}”` : `“${after.name}”已恢复使用`)),
    onError: failed,
  });
  if (!d.canManage) return null;
  const type = size === 'small' ? 'link' : 'default';
  return (
    <Space size={4} wrap onClick={(e) => e.stopPropagation()}>
      {d.status === 'active' ? (
        <>
          <Button size={size} type={type} onClick={() => onEdit(d)} data-testid="iot-device-edit">
            修改
          </Button>
          <Button
            size={size}
            type={type}
            loading={rotate.isPending}
            data-testid="iot-device-rotate"
            onClick={() =>
              modal.confirm({
                title: `更换“${d.name}”的密钥？`,
                content: '旧密钥立即失效，设备在配置新密钥之前上报的数据都将被拒收。新密钥只显示一次。',
                okText: '更换密钥',
                onOk: () => rotate.mutateAsync().catch(() => undefined),
              })
            }
          >
            更换密钥
          </Button>
          <Button
            size={size}
            type={type}
            danger
            data-testid="iot-device-retire"
            onClick={() =>
              modal.confirm({
                title: `停用“${d.name}”？`,
                content: '停用后平台拒收该设备上报的数据，也不再判定离线；已有的报警和隐患不受影响。可随时恢复使用。',
                okText: '停用',
                okButtonProps: { danger: true },
                onOk: () => setStatus.mutateAsync('retired').catch(() => undefined),
              })
            }
          >
            停用
          </Button>
        </>
      ) : (
        <Button size={size} type={type} loading={setStatus.isPending} onClick={() => setStatus.mutate('active')} data-testid="iot-device-restore">
          恢复使用
        </Button>
      )}
    </Space>
  );
}
