// A device's key, shown once: when the device is registered and when its key is changed. The server
// keeps it sealed and never answers it again (iot-keys.ts), so the page says so plainly and offers
// copying both what the device sends as X-Anxiao-Device and the key it signs with.
import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Space, Typography } from 'antd';
import { iotDeviceKindLabels } from '../../contracts/iot.js';
import { copyText } from '../components/OneTimePasswordModal.js';
import type { DeviceWithKey } from './iotApi.js';

export function DeviceKeyModal({ value, rotated, onClose }: { value: DeviceWithKey | null; rotated: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const copy = async (text: string, what: string) => {
    if (await copyText(text)) message.success(`${what}已复制到剪贴板`);
    else message.warning(`复制失败，请手动选中${what}复制`);
  };
  return (
    <Modal
      open={value !== null}
      title={rotated ? '新的设备密钥' : '设备已登记：请记下设备密钥'}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      // A secret shown once leaves the page with its window: antd keeps a closed dialog's content in the DOM.
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="iot-key-close">
          我已记下，关闭
        </Button>
      }
    >
      {value && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="iot-key-modal">
          <Alert
            type="warning"
            showIcon
            title="密钥只显示这一次"
            description={`关闭此窗口后平台不会再显示该密钥，也无法找回。请立即复制并配置到设备或厂商网关中，不要通过聊天群或邮件明文传送。遗失时只能“更换密钥”，旧密钥随即失效。${rotated ? '旧密钥已经失效，设备在配置新密钥前上报的数据将被拒收。' : ''}`}
          />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="设备">
              {iotDeviceKindLabels[value.device.kind]} · {value.device.name}（{value.device.place}）
            </Descriptions.Item>
            <Descriptions.Item label="设备编号">
              <Space wrap>
                <Typography.Text code data-testid="iot-key-uid">
                  {value.device.uid}
                </Typography.Text>
                <Button size="small" icon={<CopyOutlined />} onClick={() => copy(value.device.uid, '设备编号')}>
                  复制
                </Button>
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <div className="one-time-password" style={{ fontSize: 15, letterSpacing: 0, wordBreak: 'break-all' }} data-testid="iot-key-value">
            {value.key}
          </div>
          <Button block size="large" icon={<CopyOutlined />} onClick={() => copy(value.key, '密钥')} data-testid="iot-key-copy">
            复制密钥
          </Button>
          <Typography.Text type="secondary">设备上报时在请求头 X-Anxiao-Device 中带设备编号，并用该密钥签名（接入说明见 README“物联网设备接入”）。</Typography.Text>
        </Space>
      )}
    </Modal>
  );
}
