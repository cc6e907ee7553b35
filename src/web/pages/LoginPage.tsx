import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { LOCK_MINUTES, MAX_FAILED_LOGINS } from '../../domain/lockout.js';
import { ApiError, api, setCsrfToken } from '../api.js';
import { ME_KEY, type LoginState } from '../auth.js';
import { usePageTitle } from '../components/PageHeader.js';
import { errorMessage } from '../feedback.js';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  usePageTitle('登录');
  const [form] = Form.useForm<LoginForm>();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const state = (location.state ?? {}) as LoginState;
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const meta = useQuery({ queryKey: ['meta'], queryFn: api.meta, staleTime: Infinity, meta: { silent: true } });

  async function onFinish(values: LoginForm) {
    setError(null);
    setSubmitting(true);
    try {
      const me = await api.login(values.username.trim(), values.password);
      setCsrfToken(me.csrfToken);
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, me);
      if (me.user.mustChangePassword) {
        message.warning({ content: '首次登录或密码已被重置，请先修改密码后再使用系统', duration: 6 });
        navigate('/account', { replace: true, state: { mustChange: true } });
      } else {
        message.success(`欢迎，${me.user.displayName}`);
        const from = state.from && state.from !== '/login' ? state.from : '/';
        navigate(from, { replace: true });
      }
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.code === 'LOGIN_FAILED') {
        form.setFieldValue('password', '');
      }
    } finally {
      setSubmitting(false);
    }
  }

  const demoAccounts = meta.data?.demo ? meta.data.demoAccounts : [];

  return (
    <div className="login-page">
      <div className="login-brand">
        <SafetyCertificateOutlined style={{ fontSize: 48 }} />
        <h1>安校</h1>
        <p>
          校园安全管理平台
          <br />
          隐患排查治理 · 安全台账 · 监管考核
          <br />
          服务区教育局、镇街与各级各类学校
        </p>
      </div>

      <Card className="login-card" title="账号登录">
        {state.reason === 'SESSION_EXPIRED' && !error && (
          <Alert type="warning" showIcon title="登录已超时，请重新登录" style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<LoginForm> form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              { required: true, whitespace: true, message: '请输入用户名' },
              { max: 64, message: '用户名最多 64 个字符' },
            ]}
          >
            <Input prefix={<UserOutlined />} placeholder="请输入用户名" autoComplete="username" data-testid="login-username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label="密码"
            rules={[
              { required: true, message: '请输入密码' },
              { max: 128, message: '密码最多 128 个字符' },
            ]}
          >
            <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              登录
            </Button>
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            连续 {MAX_FAILED_LOGINS} 次输错密码账号将被锁定 {LOCK_MINUTES} 分钟。忘记密码请联系本单位管理员重置。
          </Typography.Text>
        </Form>
      </Card>

      {demoAccounts.length > 0 && (
        <Card className="demo-card" size="small" title={<span>演示账号（点击填入）</span>} data-testid="demo-accounts">
          <div className="demo-accounts">
            {demoAccounts.map((a) => (
              <button
                type="button"
                key={a.username}
                className="demo-account"
                onClick={() => {
                  form.setFieldsValue({ username: a.username, password: a.password });
                  setError(null);
                }}
                data-testid={`demo-account-${a.username}`}
              >
                <Tag color="blue">{a.username}</Tag>
                <span className="demo-account-desc">{a.description}</span>
              </button>
            ))}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            演示数据仅供体验，密码均为 {demoAccounts[0]?.password}。
          </Typography.Text>
        </Card>
      )}
    </div>
  );
}
