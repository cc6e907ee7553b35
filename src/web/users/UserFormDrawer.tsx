import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { phoneSchema } from '../../contracts/common.js';
import { roleKeys, roleLabels, unitKindLabels, type RoleKey } from '../../contracts/enums.js';
import { usernameSchema, type User } from '../../contracts/users.js';
import { effectiveAccess, grantRefusal, type RoleTable } from '../../domain/roles.js';
import { ApiError, api, type UnitTreeItem, type UserWithPassword } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { applyServerErrors, zodRule } from '../forms.js';
import { UnitTreeSelect, useUnitTree } from '../units/tree.js';

export type UserFormTarget = { mode: 'create'; unitId?: number } | { mode: 'edit'; user: User };

interface Values {
  username?: string;
  displayName?: string;
  phone?: string;
  unitId?: number;
  roles?: RoleKey[];
}

const FIELDS = ['username', 'displayName', 'phone', 'unitId', 'roles'] as const;

const activeUnit = (item: UnitTreeItem) => item.status === 'active';

/** The role table, for people allowed to read it; used to offer only roles that fit and may be granted. */
function useRoleTable(): RoleTable | null {
  const can = useCan();
  const roles = useQuery({ queryKey: ['roles'], queryFn: api.roles, enabled: can('role.read'), staleTime: 10 * 60_000, meta: { silent: true } });
  return useMemo(() => (roles.data ? new Map(roles.data.items.map((r) => [r.key, r])) : null), [roles.data]);
}

export function UserFormDrawer({
  target,
  onClose,
  onCreated,
}: {
  target: UserFormTarget | null;
  onClose: () => void;
  onCreated: (result: UserWithPassword) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const tree = useUnitTree();
  const roleTable = useRoleTable();
  const editing = target?.mode === 'edit' ? target.user : null;
  const isSelf = editing?.id === me.user.id;

  const unitId = Form.useWatch('unitId', form);
  const unit = useMemo(() => tree.data?.items.find((i) => i.id === unitId), [tree.data, unitId]);

  const roleOptions = useMemo(() => {
    const granter = roleTable ? effectiveAccess(roleTable, me.roles) : null;
    return roleKeys.map((key) => {
      let reason: string | null = null;
      if (roleTable && granter && unit) reason = grantRefusal(roleTable, granter, key, unit.kind);
      const note = reason && unit ? (reason.includes('不适用') ? `不适用于${unitKindLabels[unit.kind]}` : '无权授予') : null;
      return { value: key, label: roleLabels[key], disabled: reason !== null, note };
    });
  }, [roleTable, me.roles, unit]);

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const u = target.user;
      form.setFieldsValue({ displayName: u.displayName, phone: u.phone ?? undefined, unitId: u.unit.id, roles: u.roles });
    } else {
      form.setFieldsValue({ unitId: target.unitId });
    }
  }, [target, form]);

  const save = useMutation({
    mutationFn: async (v: Values): Promise<{ user: User; temporaryPassword?: string }> => {
      const phone = v.phone?.trim() ? v.phone.trim() : null;
      if (editing) {
        const body = isSelf
          ? { displayName: v.displayName!.trim(), phone, version: editing.version }
          : { displayName: v.displayName!.trim(), phone, unitId: v.unitId!, roles: v.roles!, version: editing.version };
        return { user: await api.updateUser(editing.id, body) };
      }
      return api.createUser({ username: v.username!.trim(), displayName: v.displayName!.trim(), phone, unitId: v.unitId!, roles: v.roles! });
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
      if (editing) {
        message.success(`已保存“${result.user.displayName}”`);
        if (isSelf) void queryClient.invalidateQueries({ queryKey: ['me'] });
      } else if (result.temporaryPassword) {
        onCreated({ user: result.user, temporaryPassword: result.temporaryPassword });
      }
      onClose();
    },
    onError: (err) => {
      applyServerErrors(form, err, FIELDS);
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        void queryClient.invalidateQueries({ queryKey: ['users'] });
        onClose();
      }
    },
  });

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={editing ? `编辑人员：${editing.displayName}` : '新建人员'}
      size={560}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="user-submit">
            {editing ? '保存' : '新建'}
          </Button>
        </Space>
      }
    >
      {!editing && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="新建后系统生成一次性初始密码"
          description="密码只显示一次，请告知本人；本人首次登录时须修改密码。"
        />
      )}
      {isSelf && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="不能修改本人的所属单位和角色，如需调整请由其他管理员操作。" />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        {editing ? (
          <Form.Item label="用户名">
            <Typography.Text strong>{editing.username}</Typography.Text>
            <Typography.Text type="secondary">（用户名创建后不能修改）</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item
            name="username"
            label="用户名"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }, zodRule(usernameSchema)]}
            extra="登录时使用，以字母开头，可含字母、数字、点、下划线和短横线，如 zhang.san"
          >
            <Input placeholder="如 zhang.san" maxLength={64} autoComplete="off" data-testid="user-username" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 30, message: '姓名最多 30 个字' }]}>
          <Input placeholder="真实姓名" maxLength={30} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[zodRule(phoneSchema)]}>
          <Input placeholder="选填，手机号或带区号的固定电话" maxLength={20} data-testid="user-phone" />
        </Form.Item>
        <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <UnitTreeSelect selectable={activeUnit} disabled={isSelf} data-testid="user-unit" />
        </Form.Item>
        <Form.Item
          name="roles"
          label="角色"
          rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个角色' }]}
          extra={unit ? `所选单位类型：${unitKindLabels[unit.kind]}` : '请先选择所属单位，再选择适用的角色'}
        >
          <Select
            mode="multiple"
            placeholder="请选择（可多选）"
            options={roleOptions}
            disabled={isSelf}
            optionFilterProp="label"
            optionRender={(option) => (
              <span>
                {option.data.label}
                {option.data.note && <Typography.Text type="secondary">（{option.data.note}）</Typography.Text>}
              </span>
            )}
            data-testid="user-roles"
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
