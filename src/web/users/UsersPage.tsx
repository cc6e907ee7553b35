import { EnumFilter } from '../components/EnumFilter.js';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Empty, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { roleKeys, roleLabels, userStatusLabels, userStatuses } from '../../contracts/enums.js';
import type { User } from '../../contracts/users.js';
import { ApiError, api, type UserQuery } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { OneTimePasswordModal, type OneTimePassword } from '../components/OneTimePasswordModal.js';
import { PageHeader } from '../components/PageHeader.js';
import { LockedTag, StatusTag } from '../components/StatusTag.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { formatDateTime } from '../format.js';
import { UnitTreeSelect } from '../units/tree.js';
import { UserFormDrawer, type UserFormTarget } from './UserFormDrawer.js';
import { ResetButton } from '../components/ResetButton.js';

type UserAction = 'disable' | 'enable' | 'resetPassword';

export default function UsersPage() {
  const can = useCan();
  const me = useMe();
  const s = useSearchState();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [formTarget, setFormTarget] = useState<UserFormTarget | null>(null);
  const [otp, setOtp] = useState<OneTimePassword | null>(null);

  // One unit picker: "含下级单位" (default) lists everyone at or below it, otherwise only that unit.
  const unitId = positiveInt(s.get('unitId'));
  const under = positiveInt(s.get('under'));
  const pickedUnit = under ?? unitId;
  const query: UserQuery = {
    q: s.get('q'),
    unitId,
    under,
    role: pick(s.get('role'), roleKeys),
    status: pick(s.get('status'), userStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const [q, setQ] = useState(query.q ?? '');
  useEffect(() => setQ(query.q ?? ''), [query.q]);

  const list = useQuery({ queryKey: ['users', 'list', query], queryFn: () => api.users(query), placeholderData: keepPreviousData });
  const filtered = Object.entries(query).some(([k, v]) => !['page', 'pageSize'].includes(k) && v !== undefined && v !== '');
  const canCreate = can('user.manage');

  const act = useMutation({
    mutationFn: async ({ user, action }: { user: User; action: UserAction }) => {
      if (action === 'resetPassword') return api.resetPassword(user.id, user.version);
      return { user: await api.setUserStatus(user.id, action, user.version) };
    },
    onSuccess: (result, { action }) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
      if (action === 'resetPassword' && 'temporaryPassword' in result) {
        setOtp({
          title: '密码已重置',
          username: result.user.username,
          displayName: result.user.displayName,
          password: result.temporaryPassword,
        });
      } else {
        message.success(action === 'disable' ? `已停用“${result.user.displayName}”的账号` : `已启用“${result.user.displayName}”的账号`);
      }
    },
    onError: (err) => {
      showError(err);
      if (err instanceof ApiError && err.code === 'STALE_VERSION') void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });

  const run = (user: User, action: UserAction) => act.mutateAsync({ user, action }).catch(() => undefined);

  const columns: TableColumnsType<User> = [
    { title: '用户名', dataIndex: 'username', width: 150, render: (v: string) => <Typography.Text copyable={{ text: v, tooltips: ['复制', '已复制'] }}>{v}</Typography.Text> },
    { title: '姓名', dataIndex: 'displayName', width: 110 },
    { title: '所属单位', key: 'unit', render: (_, u) => u.unit.name },
    {
      title: '角色',
      dataIndex: 'roles',
      render: (roles: User['roles']) => (
        <Space size={[0, 4]} wrap>
          {roles.map((r) => (
            <Tag key={r} color="blue">
              {roleLabels[r]}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 130,
      render: (v: User['status'], u) => (
        <Space size={0}>
          <StatusTag status={v} />
          {u.mustChangePassword && v === 'active' && (
            <Tooltip title="首次登录或密码重置后尚未修改密码">
              <Tag color="orange">待改密</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: '锁定', dataIndex: 'locked', width: 80, render: (v: boolean) => <LockedTag locked={v} /> },
    { title: '最近登录', dataIndex: 'lastLoginAt', width: 170, render: (v: string | null) => (v ? formatDateTime(v) : '从未登录') },
    {
      title: '操作',
      key: 'actions',
      width: 200,
      fixed: 'right',
      render: (_, u) => {
        const pending = act.isPending && act.variables?.user.id === u.id;
        if (!u.actions.length) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Space size={0} wrap>
            {u.actions.includes('update') && (
              <Button type="link" size="small" onClick={() => setFormTarget({ mode: 'edit', user: u })} data-testid="user-edit">
                编辑
              </Button>
            )}
            {u.actions.includes('resetPassword') && (
              <Popconfirm
                title={`重置“${u.displayName}”的密码？`}
                description="将生成新的一次性密码并解除锁定，原密码立即失效。"
                okText="重置"
                cancelText="取消"
                onConfirm={() => run(u, 'resetPassword')}
              >
                <Button type="link" size="small" loading={pending && act.variables?.action === 'resetPassword'} data-testid="user-reset-password">
                  重置密码
                </Button>
              </Popconfirm>
            )}
            {u.actions.includes('disable') && (
              <Popconfirm
                title={`停用“${u.displayName}”的账号？`}
                description="停用后该账号不能登录，已登录的会话立即失效。"
                okText="停用"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => run(u, 'disable')}
              >
                <Button type="link" size="small" danger loading={pending && act.variables?.action === 'disable'} data-testid="user-disable">
                  停用
                </Button>
              </Popconfirm>
            )}
            {u.actions.includes('enable') && (
              <Popconfirm title={`启用“${u.displayName}”的账号？`} okText="启用" cancelText="取消" onConfirm={() => run(u, 'enable')}>
                <Button type="link" size="small" loading={pending && act.variables?.action === 'enable'} data-testid="user-enable">
                  启用
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  const emptyText = filtered ? '没有符合条件的人员，请调整筛选条件' : canCreate ? '暂无人员，点击“新建人员”添加' : '暂无人员';

  return (
    <>
      <PageHeader
        title="人员账号"
        subTitle="本单位及下级单位人员的登录账号与角色"
        extra={
          <Space>
            {canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', unitId: pickedUnit ?? (me.unit.kind === 'school' ? me.unit.id : undefined) })} data-testid="user-create">
                新建人员
              </Button>
            )}
            <ExportButton path="/users/export" query={query} testId="user-export" />
          </Space>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Input.Search
            allowClear
            placeholder="用户名、姓名或电话"
            style={{ width: 220 }}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => s.set({ q: v.trim() })}
            data-testid="user-search"
          />
          <UnitTreeSelect
            allowClear
            placeholder="所属单位"
            style={{ width: 240 }}
            value={pickedUnit}
            onChange={(v) => (unitId && !under ? s.set({ unitId: v, under: undefined }) : s.set({ under: v, unitId: undefined }))}
          />
          <Checkbox
            checked={!(unitId && !under)}
            disabled={!pickedUnit}
            onChange={(e) => s.set(e.target.checked ? { under: pickedUnit, unitId: undefined } : { unitId: pickedUnit, under: undefined })}
          >
            含下级单位
          </Checkbox>
          <EnumFilter placeholder="角色" labels={roleLabels} value={query.role} onChange={(v) => s.set({ role: v })} minWidth={140} />
          <EnumFilter placeholder="状态" labels={userStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={100} />
          <ResetButton shown={filtered} onClick={() => s.reset()} />
        </div>
        <div data-testid="users-table">
          <Table<User>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 1150 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isError ? '加载失败，请稍后重试' : emptyText} /> }}
            pagination={s.pagination(list.data?.total, '人')}
          />
        </div>
      </Card>

      <UserFormDrawer
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onCreated={({ user, temporaryPassword }) =>
          setOtp({ title: `已新建人员“${user.displayName}”`, username: user.username, displayName: user.displayName, password: temporaryPassword })
        }
      />
      <OneTimePasswordModal value={otp} onClose={() => setOtp(null)} />
    </>
  );
}
