import { LockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Form, Input, Row, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { roleLabels, unitKindLabels } from '../../contracts/enums.js';
import { api } from '../api.js';
import { ME_KEY, fetchMe, useMe } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { applyServerErrors, passwordChangePolicyText, passwordPolicyRule } from '../forms.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

export default function AccountPage() {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mustChange = me.user.mustChangePassword;

  const change = useMutation({
    mutationFn: (v: Values) => api.changePassword(v.currentPassword, v.newPassword),
    onSuccess: async () => {
      form.resetFields();
      message.success('密码已修改，下次登录请使用新密码');
      const fresh = await fetchMe().catch(() => null);
      if (fresh) queryClient.setQueryData(ME_KEY, fresh);
      else void queryClient.invalidateQueries({ queryKey: ME_KEY });
      if (mustChange) navigate('/', { replace: true });
    },
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });

  return (
    <>
      <PageHeader title="我的账号" subTitle="个人信息与登录密码" />
      {mustChange && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="请先修改密码"
          description="您正在使用初始密码或管理员重置的密码。为保障账号安全，修改密码后才能使用系统的其他功能。"
          data-testid="must-change-password"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="个人信息" size="small">
            <Descriptions column={1} size="small" styles={{ label: { width: 100 } }}>
              <Descriptions.Item label="姓名">{me.user.displayName}</Descriptions.Item>
              <Descriptions.Item label="用户名">{me.user.username}</Descriptions.Item>
              <Descriptions.Item label="所在单位">
                <Space orientation="vertical" size={0}>
                  <span>
                    {me.unit.name}（{unitKindLabels[me.unit.kind]}）
                  </span>
                  <Breadcrumb items={me.unitPath.map((u) => ({ title: <Typography.Text type="secondary">{u.name}</Typography.Text> }))} />
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label="角色">
                <Space size={[4, 4]} wrap>
                  {me.roles.map((r) => (
                    <Tag color="blue" key={r}>
                      {roleLabels[r]}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label="会话超时">超过 {me.idleTimeoutMinutes} 分钟无操作将自动退出登录</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              姓名、电话、单位和角色由本单位管理员维护，如需修改请联系管理员。
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="修改密码" size="small">
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title="密码要求" description={passwordChangePolicyText} />
            <Form<Values> form={form} layout="vertical" onFinish={(v) => change.mutate(v)} requiredMark={false} style={{ maxWidth: 420 }}>
              <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label="新密码"
                dependencies={['currentPassword']}
                rules={[
                  { required: true, message: '请输入新密码' },
                  { max: 128, message: '密码最多 128 个字符' },
                  passwordPolicyRule(me.user.username),
                  ({ getFieldValue }) => ({
                    validator: async (_r, v: string | undefined) => {
                      if (v && v === getFieldValue('currentPassword')) throw new Error('新密码不能与当前密码相同');
                    },
                  }),
                ]}
                hasFeedback
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="new-password" />
              </Form.Item>
              <Form.Item
                name="confirmPassword"
                label="确认新密码"
                dependencies={['newPassword']}
                hasFeedback
                rules={[
                  { required: true, message: '请再次输入新密码' },
                  ({ getFieldValue }) => ({
                    validator: async (_r, v: string | undefined) => {
                      if (v && v !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
                    },
                  }),
                ]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="confirm-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
                修改密码
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
