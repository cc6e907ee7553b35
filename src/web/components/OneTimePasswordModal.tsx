import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';

export interface OneTimePassword {
  title: string;
  username: string;
  displayName: string;
  password: string;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a hidden textarea.
    const el = document.createElement('textarea');
    el.value = text;
    el.setAttribute('readonly', '');
    el.style.position = 'fixed';
    el.style.opacity = '0';
    document.body.appendChild(el);
    el.select();
    const ok = document.execCommand('copy');
    document.body.removeChild(el);
    return ok;
  }
}

/** Shows a one-time password once, with a copy button; it cannot be shown again. */
export function OneTimePasswordModal({ value, onClose }: { value: OneTimePassword | null; onClose: () => void }) {
  const { message } = App.useApp();
  return (
    <Modal
      open={value !== null}
      title={value?.title}
      onCancel={onClose}
      mask={{ closable: false }}
      // A secret shown once leaves the page with its window: antd keeps a closed dialog's content in the DOM.
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="otp-close">
          我已记下，关闭
        </Button>
      }
    >
      {value && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text>
            账号：<Typography.Text strong>{value.username}</Typography.Text>（{value.displayName}）
          </Typography.Text>
          <div className="one-time-password" data-testid="otp-value">
            {value.password}
          </div>
          <Button
            block
            icon={<CopyOutlined />}
            onClick={async () => {
              const ok = await copyText(value.password);
              if (ok) message.success('已复制到剪贴板');
              else message.warning('复制失败，请手动选中密码复制');
            }}
          >
            复制密码
          </Button>
          <Alert
            type="warning"
            showIcon
            title="此密码只显示这一次"
            description="请通过安全方式告知本人。本人首次登录时必须修改密码；关闭此窗口后将无法再次查看，如遗失只能重新重置密码。"
          />
        </Space>
      )}
    </Modal>
  );
}
